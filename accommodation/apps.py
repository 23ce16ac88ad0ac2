from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccommodationConfig(AppConfig):
    name = "accommodation"
    verbose_name = _("Accommodation")

    def ready(self) -> None:
        from accommodation import rules  # noqa: F401  (registers the permissions)
        from accommodation.risk import accommodation_risk_for_governorate
        from inspections.questions import accommodation_risk

        # the accommodation input of the inspection risk score (ADR 0018: the higher app answers)
        accommodation_risk.answer_with(accommodation_risk_for_governorate)
