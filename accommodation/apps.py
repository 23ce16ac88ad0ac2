from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccommodationConfig(AppConfig):
    name = "accommodation"
    verbose_name = _("Accommodation")

    def ready(self) -> None:
        from accommodation import rules  # noqa: F401  (registers the permissions)
