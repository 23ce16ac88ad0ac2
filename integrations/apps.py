from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntegrationsConfig(AppConfig):
    name = "integrations"
    verbose_name = _("Integrations")

    def ready(self) -> None:
        # Answers to the questions of the apps below (ADR 0018).
        from accounts import questions as accounts
        from integrations import answers
        from integrations.selectors import medical_fitness_latest
        from permits import questions as permits

        accounts.civil_registry_person.answer_with(answers.civil_registry_person)
        from employers import questions as employers
        from integrations.services import commerce_registry_lookup

        employers.commerce_registry_lookup.answer_with(commerce_registry_lookup)
        permits.medical_fitness.answer_with(medical_fitness_latest)

        # The class of personal data this app keeps for a time (core.retention).
        from integrations.retention import register_data_classes

        register_data_classes()
