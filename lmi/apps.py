from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LmiConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "lmi"
    verbose_name = _("Labour market information")
