from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobseekersConfig(AppConfig):
    name = "jobseekers"
    verbose_name = _("Jobseekers and vacancies")

    def ready(self) -> None:
        # Answers to the questions of the apps below (ADR 0018).
        from employment import questions as employment
        from jobseekers.selectors.profiles import contract_initial_for_hire
        from jobseekers.selectors.vacancies import labour_market_test
        from permits import questions as permits

        employment.contract_initial_for_hire.answer_with(contract_initial_for_hire)
        from employers import questions as employers
        from jobseekers.services.vacancies import vacancies_close_for_establishments

        employers.open_vacancies_close.answer_with(vacancies_close_for_establishments)
        # the vacancy search's trigram threshold on every database connection
        from django.db.backends.signals import connection_created

        from jobseekers.selectors.vacancies import set_word_similarity_threshold

        connection_created.connect(set_word_similarity_threshold, dispatch_uid="jobseekers-trgm")
        permits.labour_market_test.answer_with(labour_market_test)

        # This app's sections of a person's data export (core.personal_data).
        from jobseekers.personal_data import register_sections

        register_sections()
