"""Base class of the synchronisation tests: invoices sent to the local sandbox, whose clock and
the scheduled action's ``now`` advance together."""

from datetime import timedelta

from odoo import fields

from odoo.addons.l10n_fr_urssaf_avance_immediate.urssaf_api import clear_token_cache

from .payment_common import UrssafPaymentCommon

SYNC_CRON_XMLID = "l10n_fr_urssaf_avance_immediate.ir_cron_l10n_fr_urssaf_sync_payment_requests"
ACCOUNTING_XMLID = "l10n_fr_urssaf_avance_immediate.mail_activity_type_urssaf_accounting"


class UrssafSyncCommon(UrssafPaymentCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.bank_journal = cls.env["account.journal"].search(
            [("type", "=", "bank"), ("company_id", "=", cls.company.id)], limit=1
        )
        cls.company.l10n_fr_urssaf_transfer_journal_id = cls.bank_journal
        cls.Request = cls.env["l10n_fr_urssaf.payment.request"]

    def setUp(self):
        super().setUp()
        self.clock = fields.Datetime.now()
        self._numbers = 0

    def _scenario_invoice(self, prefix="", **values):
        """An invoice whose number starts with the sandbox scenario ``prefix`` (normal life when
        empty)."""
        if prefix:
            self._numbers += 1
            values["name"] = f"{prefix}/{self.today.year}/{self._numbers:05d}"
        return self._invoice(**values)

    def _sent(self, prefix="", **values):
        move = self._scenario_invoice(prefix, **values)
        self._send(move)
        request = move.l10n_fr_urssaf_payment_request_id
        self.assertEqual(request.state, "integrated", request.last_error)
        return move, request

    def _advance(self, **delta):
        """Move the sandbox clock and the scheduled action's clock together."""
        self.sandbox.advance(**delta)
        self.clock += timedelta(**delta)
        # the sandbox's tokens live on its clock: a run later is a run with a new token
        clear_token_cache()

    def _sync(self, batch_size=1000):
        return self.Request._cron_sync_status(batch_size=batch_size, now=self.clock)

    def _live(self, **delta):
        """Advance, then run the synchronisation."""
        self._advance(**delta)
        return self._sync()

    def _accounting_activities(self, request):
        return request.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref(ACCOUNTING_XMLID)
        )

    def _payments(self, request):
        return self.env["account.payment"].search([("l10n_fr_urssaf_request_id", "=", request.id)])
