from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntegrationsConfig(AppConfig):
    name = "integrations"
    verbose_name = _("Integrations")

    def ready(self) -> None:
        # The scope of the integrations' G2G endpoints, known to the key issuer (accounts owns
        # SCOPES; registering it here keeps the scope next to the endpoints that need it).
        from accounts.api_keys import SCOPES
        from integrations.api import SCOPE, SCOPE_DESCRIPTION

        SCOPES.setdefault(SCOPE, SCOPE_DESCRIPTION)
