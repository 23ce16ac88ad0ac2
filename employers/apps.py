from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmployersConfig(AppConfig):
    name = "employers"
    verbose_name = _("Employers")

    def ready(self) -> None:
        # Answers to the questions of the apps below (ADR 0018).
        from accounts import questions as accounts
        from employers.selectors import (
            establishment_list_with_headcount_for_member,
            user_has_active_membership,
        )

        accounts.holds_establishment_membership.answer_with(user_has_active_membership)
        accounts.represented_establishments.answer_with(
            establishment_list_with_headcount_for_member
        )

        # This app's sections of a person's data export (core.personal_data).
        from employers.personal_data import (
            register_correctable_fields,
            register_data_classes,
            register_sections,
        )

        register_sections()
        register_data_classes()
        register_correctable_fields()

        # The segment filters of broadcasts this app knows (notifications.segments).
        from employers.segments import register_segment_filters

        register_segment_filters()
