from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LaborPortalConfig(AppConfig):
    name = "labor_portal"
    verbose_name = _("Labour services portal")

    def ready(self) -> None:
        # Broadcast segments by worker status code (notifications.segments).
        from labor_portal.segments import register_segment_filters

        register_segment_filters()

        # The accommodation input of the inspection risk score: asked by inspections, answered
        # by accommodation's new module (here, so the accommodation app's own files stay as
        # they are; AccommodationConfig.ready() is the usual home of an answer, ADR 0018).
        from accommodation.risk import accommodation_risk_for_governorate
        from inspections.questions import accommodation_risk

        accommodation_risk.answer_with(accommodation_risk_for_governorate)
