"""The invoice's side of the synchronisation: "Refresh URSSAF status" (button and list action)
reads its requests at once, the client's validation deadline and URSSAF's transfer shown."""

from odoo import fields, models
from odoo.exceptions import UserError

from ..urssaf_api import UrssafError, UrssafTemporaryError
from .res_company import explain_urssaf_error


class AccountMove(models.Model):
    _inherit = "account.move"

    l10n_fr_urssaf_validation_deadline = fields.Datetime(
        related="l10n_fr_urssaf_payment_request_id.validation_deadline",
        string="Client's validation deadline",
    )
    l10n_fr_urssaf_transfer_payment_id = fields.Many2one(
        related="l10n_fr_urssaf_payment_request_id.transfer_payment_id",
        string="Payment of URSSAF's transfer",
    )
    l10n_fr_urssaf_transfer_amount = fields.Monetary(
        related="l10n_fr_urssaf_payment_request_id.transfer_amount",
        string="Transferred by URSSAF",
    )
    l10n_fr_urssaf_transfer_date = fields.Date(
        related="l10n_fr_urssaf_payment_request_id.transfer_date",
        string="URSSAF transfer date",
    )

    def action_l10n_fr_urssaf_refresh(self):
        """Read the status of these invoices' current requests at URSSAF now (header button and
        list action): the same reading as the scheduled action, the requests locked meanwhile."""
        now = fields.Datetime.now()
        requests = self.l10n_fr_urssaf_payment_request_id.filtered("refreshable")
        if not requests:
            raise UserError(
                self.env._(
                    "None of these invoices has a payment request that URSSAF may still update."
                )
            )
        # nor read by a run of the scheduled action now (its chunk's call in flight)
        requests._l10n_fr_urssaf_lock(claims=True)
        for company in requests.company_id:
            mine = requests.filtered(lambda r, company=company: r.company_id == company)
            try:
                mine._refresh(company._l10n_fr_urssaf_get_client(), now)
            except UrssafTemporaryError as exc:
                raise UserError(
                    "\n".join(
                        [
                            explain_urssaf_error(self.env, exc),
                            self.env._("Nothing was changed: try again in a few minutes."),
                        ]
                    )
                ) from None
            except UrssafError as exc:
                raise UserError(explain_urssaf_error(self.env, exc)) from None
        failed = requests.filtered("sync_failed")
        if failed:
            # one request's failure did not stop the others: each keeps its own error
            title = self.env._("URSSAF status not updated")
            message = "\n".join(
                self.env._(
                    "%(invoice)s: %(error)s",
                    invoice=request.invoice_number,
                    error=request.last_error,
                )
                for request in failed
            )
            kind = "warning"
        elif len(requests) == 1:
            title = self.env._("URSSAF status: %(state)s", state=requests._state_label())
            message = requests._instructions_text()
            kind = "success" if requests.state_colour in ("success", "info") else "warning"
        else:
            title = self.env._("URSSAF status")
            # one request is told above: here several
            message = self.env._("URSSAF status read for %(count)s invoices.", count=len(requests))
            kind = "info"
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": title,
                "message": message,
                "type": kind,
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }
