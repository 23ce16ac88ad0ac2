from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        # This app's sections of a person's data export (core.personal_data).
        from notifications.personal_data import register_sections

        register_sections()

        # The class of data this app keeps for a time (core.retention).
        from notifications.retention import register_data_classes

        register_data_classes()

        # The ledger and its status history grow without end: one partition a month.
        from core import partitions

        partitions.register("notifications_smsmessage", "created_at")
        partitions.register("notifications_smsstatusevent", "occurred_at")

        # The filter of broadcast segments this app answers itself (the worker's language).
        from notifications.segments import register_own_filters

        register_own_filters()
