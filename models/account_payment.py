"""The payment of URSSAF's transfer knows its payment request: one payment per request, the
database refuses a second one (the last guard of "booked exactly once")."""

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL


class AccountPayment(models.Model):
    _inherit = "account.payment"

    l10n_fr_urssaf_request_id = fields.Many2one(
        "l10n_fr_urssaf.payment.request",
        string="URSSAF payment request",
        copy=False,
        readonly=True,
        index="btree_not_null",
        ondelete="restrict",
        help="The URSSAF payment request whose transfer this payment books.",
    )

    def _l10n_fr_urssaf_check_link(self, vals_list):
        """Only the module's own booking links a payment to a request (a payment linked by hand
        would stop the real transfer from being booked)."""
        if self.env.su or isinstance(
            self.env.context.get("l10n_fr_urssaf_transfer"), TransferBooking
        ):
            return
        if any(vals.get("l10n_fr_urssaf_request_id") for vals in vals_list):
            raise AccessError(
                self.env._(
                    "A payment is linked to an URSSAF payment request only when URSSAF's "
                    "transfer is booked by the synchronisation."
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        self._l10n_fr_urssaf_check_link(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        if "l10n_fr_urssaf_request_id" in vals:
            self._l10n_fr_urssaf_check_link([vals])
        return super().write(vals)

    def init(self):
        result = super().init()
        self.env.cr.execute(
            SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS %s ON %s (l10n_fr_urssaf_request_id) "
                "WHERE l10n_fr_urssaf_request_id IS NOT NULL",
                SQL.identifier("account_payment_l10n_fr_urssaf_request_uniq"),
                SQL.identifier(self._table),
            )
        )
        return result


class TransferBooking:
    """Marks the module's own booking of URSSAF's transfer in the context (an object: no RPC
    context forges it)."""

    def __init__(self, request_id, reference):
        self.request_id = request_id
        self.reference = reference


class AccountPaymentRegister(models.TransientModel):
    _inherit = "account.payment.register"

    def _create_payment_vals_from_wizard(self, batch_result):
        vals = super()._create_payment_vals_from_wizard(batch_result)
        booking = self.env.context.get("l10n_fr_urssaf_transfer")
        if isinstance(booking, TransferBooking):
            vals["l10n_fr_urssaf_request_id"] = booking.request_id
            vals["payment_reference"] = booking.reference
        return vals
