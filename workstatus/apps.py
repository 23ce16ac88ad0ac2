from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkStatusConfig(AppConfig):
    name = "workstatus"
    verbose_name = _("Worker status codes")

    def ready(self) -> None:
        from accommodation import questions as accommodation
        from core import partitions
        from workstatus import hooks, selectors
        from workstatus.retention import register_data_classes

        # The class of personal data this app keeps for a time (core.retention).
        register_data_classes()
        # The scan log grows without end: one partition a month (core.partitions).
        partitions.register("workstatus_scanlog", "scanned_at")
        hooks.connect()
        accommodation.worker_code.answer_with(selectors.overall_code_for_employee)
