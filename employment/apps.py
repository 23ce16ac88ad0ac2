from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmploymentConfig(AppConfig):
    name = "employment"
    verbose_name = _("Employment lifecycle")

    def ready(self) -> None:
        # Answers to the questions of the apps below (ADR 0018).
        from employment import answers
        from employment.selectors.cases import termination_open_for_worker
        from permits import questions as permits

        permits.transfer_clearance.answer_with(answers.transfer_clearance)
        permits.termination_open_for_worker.answer_with(termination_open_for_worker)

        from employment.segments import broadcast_population
        from notifications import questions as notifications

        notifications.broadcast_population.answer_with(broadcast_population)

        # This app's sections of a person's data export (core.personal_data).
        from employment.personal_data import register_sections

        register_sections()
