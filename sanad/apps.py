from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SanadConfig(AppConfig):
    name = "sanad"
    verbose_name = _("Sanad service centres")

    def ready(self) -> None:
        # Answers to the questions of the apps below (ADR 0018).
        from accounts import questions as accounts
        from sanad.selectors import clerk_has_active_membership

        accounts.holds_centre_membership.answer_with(clerk_has_active_membership)

        # A reply to the consent SMS reaches the provider's one inbound webhook
        # (notifications.webhooks); NO / لا there withdraws the person's open consents.
        from notifications.webhooks import INBOUND_HANDLERS
        from sanad.services import consent_revoke_by_sms

        if consent_revoke_by_sms not in INBOUND_HANDLERS:
            INBOUND_HANDLERS.append(consent_revoke_by_sms)

        # This app's sections of a person's data export (core.personal_data).
        from sanad.personal_data import register_data_classes, register_sections

        register_sections()
        register_data_classes()
