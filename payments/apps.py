from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    name = "payments"
    verbose_name = _("Fees and payments")

    def ready(self) -> None:
        # Answers to the questions of the apps below (ADR 0018).
        from payments import answers
        from permits import questions as permits
        from sanad import questions as sanad

        permits.issuance_waits_for_payment.answer_with(answers.issuance_waits_for_payment)
        permits.data_change_waits_for_payment.answer_with(answers.data_change_waits_for_payment)
        permits.data_change_invoice.answer_with(answers.data_change_invoice)
        permits.held_cancel_proposal.answer_with(answers.held_cancel_proposal)
        sanad.counter_fee_recorded.answer_with(answers.counter_fee_recorded)
