from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PermitsConfig(AppConfig):
    name = "permits"
    verbose_name = _("Work permits")

    def ready(self) -> None:
        # Answers to the questions of the apps below (ADR 0018).
        from omanization import questions as omanization
        from permits.selectors import pending_hires_for_establishment

        omanization.pending_hires.answer_with(pending_hires_for_establishment)

        # This app's sections of a person's data export (core.personal_data).
        from permits.personal_data import register_sections

        register_sections()
