from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Platform")

    def ready(self) -> None:
        # The audit trail grows without end: one partition a month (core.partitions).
        from core import partitions

        partitions.register("core_auditevent", "occurred_at")
