from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts and roles")

    def ready(self) -> None:
        # This app's sections of a person's data export (core.personal_data).
        from accounts.personal_data import (
            register_correctable_fields,
            register_data_classes,
            register_sections,
        )

        register_sections()
        register_data_classes()
        register_correctable_fields()
