from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OmanizationConfig(AppConfig):
    name = "omanization"
    verbose_name = _("Omanization")
