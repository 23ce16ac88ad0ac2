from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LaborPortalConfig(AppConfig):
    name = "labor_portal"
    verbose_name = _("Labour services portal")

    def ready(self) -> None:
        # Broadcast segments by worker status code (notifications.segments).
        from labor_portal.segments import register_segment_filters

        register_segment_filters()
