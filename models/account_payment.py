"""The payment of URSSAF's transfer is the booking: the request is "booked" while a posted
payment carries it (``l10n_fr_urssaf_request_id``), and nothing else says so.

* Only the module's booking links a payment to a request; the database refuses a second posted
  payment of a request (the last guard of "booked exactly once").
* Resetting that payment (or its journal entry) to draft, cancelling or deleting it is refused,
  except to accounting managers: the request then goes back to "transfer not booked", the
  accountant gets an activity and the invoice a note, and the next synchronisation books the
  transfer again, once.
* *Register payment* on an invoice URSSAF pays warns, and its confirmation is refused once the
  transfer is booked (a dialog opened before the synchronisation booked it).
"""

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from ..urssaf_api import states

ACCOUNT_MANAGER_GROUP = "account.group_account_manager"
#: Payment states of a payment that books money (Odoo 18: posted, waiting or matched).
POSTED_PAYMENT_STATES = ("in_process", "paid")
#: Held requests that URSSAF will not pay (or that it took back): another payment is expected.
NOT_PAID_BY_URSSAF = states.PAYMENT_REQUEST.values(exited=True)
#: Requests whose invoice URSSAF pays (or is about to pay).
PAID_BY_URSSAF = states.PAYMENT_REQUEST_PAID_BY_URSSAF
#: Marks, in the context, an undoing already checked by an outer call (an object: no RPC
#: context forges it).
_UNDOING = object()


def _booked_requests(payments):
    """The URSSAF requests booked by ``payments`` (read as superuser: an accountant without the
    URSSAF groups still may not undo them unnoticed)."""
    return payments.sudo().l10n_fr_urssaf_request_id.filtered(
        lambda request: request.transfer_booking == "booked"
    )


def undo_booking(records, requests, operation, action):
    """Run ``operation`` (undo of URSSAF's booked transfer of ``requests`` through ``records``):
    refused except to accounting managers; then the requests whose transfer is no longer booked
    are told (activity, note) and wait for the next synchronisation."""
    env = records.env
    if not requests or env.context.get("l10n_fr_urssaf_undoing") is _UNDOING:
        return operation(records)
    if not env.user.has_group(ACCOUNT_MANAGER_GROUP):
        raise UserError(
            env._(
                "%(payments)s books URSSAF's transfer of %(invoices)s (URSSAF request %(ids)s): "
                "it cannot be %(action)s, the invoice would look unpaid while URSSAF paid it. "
                "Only an accounting manager (Accounting: Administrator) can do it, when the "
                "booking itself is wrong.",
                payments=", ".join(requests.transfer_payment_id.mapped("display_name")),
                invoices=", ".join(requests.mapped("invoice_number")),
                ids=", ".join(requests.mapped(lambda r: r.urssaf_id or "-")),
                action=action,
            )
        )
    payments = requests.transfer_payment_id
    result = operation(records.with_context(l10n_fr_urssaf_undoing=_UNDOING))
    requests.invalidate_recordset(["transfer_booking", "transfer_payment_id"])
    undone = requests.exists().filtered(lambda request: request.transfer_booking != "booked")
    for request in undone:
        request._transfer_unbooked(payments, action)
    return result


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
        would stop the real transfer from being booked; unlinked by hand, it would be booked
        twice). ``sudo()`` alone does not pass."""
        if isinstance(self.env.context.get("l10n_fr_urssaf_transfer"), TransferBooking):
            return
        if any(vals.get("l10n_fr_urssaf_request_id") for vals in vals_list) or (
            self and any("l10n_fr_urssaf_request_id" in vals for vals in vals_list)
        ):
            raise AccessError(
                self.env._(
                    "A payment is linked to an URSSAF payment request only when URSSAF's "
                    "transfer is booked by the synchronisation."
                )
            )

    def _l10n_fr_urssaf_check_post(self):
        """A request has one posted payment: posting again a payment whose transfer was booked
        since by another one is refused (the database would refuse it too)."""
        for payment in self.sudo().filtered("l10n_fr_urssaf_request_id"):
            other = payment.l10n_fr_urssaf_request_id.transfer_payment_id
            if other and other != payment:
                raise UserError(
                    self.env._(
                        "%(payment)s cannot be confirmed: URSSAF's transfer of %(invoice)s is "
                        "already booked by %(other)s. Delete %(payment)s instead.",
                        payment=payment.display_name,
                        invoice=payment.l10n_fr_urssaf_request_id.invoice_number,
                        other=other.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        self._l10n_fr_urssaf_check_link(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        if "l10n_fr_urssaf_request_id" in vals:
            self._l10n_fr_urssaf_check_link([vals])
        if "state" not in vals:
            return super().write(vals)
        if vals["state"] in POSTED_PAYMENT_STATES:
            self._l10n_fr_urssaf_check_post()
            return super().write(vals)
        return undo_booking(
            self,
            _booked_requests(self),
            lambda records: super(AccountPayment, records).write(vals),
            self.env._("reset to draft or cancelled"),
        )

    def unlink(self):
        return undo_booking(
            self,
            _booked_requests(self),
            lambda records: super(AccountPayment, records).unlink(),
            self.env._("deleted"),
        )

    def init(self):
        result = super().init()
        # one posted payment per request; the drafts and cancelled ones stay for the history
        self.env.cr.execute(
            SQL(
                "DROP INDEX IF EXISTS %s",
                SQL.identifier("account_payment_l10n_fr_urssaf_request_uniq"),
            )
        )
        self.env.cr.execute(
            SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS %s ON %s (l10n_fr_urssaf_request_id) "
                "WHERE l10n_fr_urssaf_request_id IS NOT NULL AND state IN %s",
                SQL.identifier("account_payment_l10n_fr_urssaf_request_posted_uniq"),
                SQL.identifier(self._table),
                POSTED_PAYMENT_STATES,
            )
        )
        return result


class AccountMove(models.Model):
    _inherit = "account.move"

    def _l10n_fr_urssaf_undo(self, operation, action):
        payments = self.sudo().origin_payment_id
        return undo_booking(self, _booked_requests(payments), operation, action)

    def button_draft(self):
        def reset(records):
            result = super(AccountMove, records).button_draft()  # noqa: UP008 - not self
            # the entry of URSSAF's transfer payment back to draft: its payment with it (as the
            # payment's own Reset to draft does), so it books nothing any more
            payments = records.sudo().origin_payment_id.filtered(
                lambda payment: payment.l10n_fr_urssaf_request_id
                and payment.state in POSTED_PAYMENT_STATES
            )
            payments.write({"state": "draft"})
            return result

        return self._l10n_fr_urssaf_undo(reset, self.env._("reset to draft"))

    def button_cancel(self):
        return self._l10n_fr_urssaf_undo(
            lambda records: super(AccountMove, records).button_cancel(),
            self.env._("cancelled"),
        )

    def unlink(self):
        return self._l10n_fr_urssaf_undo(
            lambda records: super(AccountMove, records).unlink(),
            self.env._("deleted"),
        )


class TransferBooking:
    """Marks the module's own booking of URSSAF's transfer in the context (an object: no RPC
    context forges it)."""

    def __init__(self, request_id, reference):
        self.request_id = request_id
        self.reference = reference


class AccountPaymentRegister(models.TransientModel):
    _inherit = "account.payment.register"

    l10n_fr_urssaf_warning = fields.Text(
        string="URSSAF pays these invoices", compute="_compute_l10n_fr_urssaf_warning"
    )
    l10n_fr_urssaf_acknowledged = fields.Boolean(
        string="Register this payment anyway",
        help="The client (or someone else) really paid you what URSSAF does not pay.",
    )

    def _l10n_fr_urssaf_situation(self):
        """(booked, paid by URSSAF): the requests of the wizard's invoices whose transfer is
        booked, and those URSSAF pays or is about to pay (not booked yet); read now."""
        moves = self.line_ids.move_id.filtered(lambda move: move.is_invoice(include_receipts=True))
        if not moves.ids:
            empty = self.env["l10n_fr_urssaf.payment.request"]
            return empty, empty
        requests = (
            self.env["l10n_fr_urssaf.payment.request"]
            .sudo()
            .search([("move_id", "in", moves.ids), ("state", "in", PAID_BY_URSSAF)])
        )
        booked = requests.filtered(lambda request: request.transfer_booking == "booked")
        return booked, requests - booked

    @api.depends("line_ids")
    def _compute_l10n_fr_urssaf_warning(self):
        for wizard in self:
            booked, coming = wizard._l10n_fr_urssaf_situation()
            texts = [wizard._l10n_fr_urssaf_booked_text(request) for request in booked]
            texts += [wizard._l10n_fr_urssaf_coming_text(request) for request in coming]
            wizard.l10n_fr_urssaf_warning = "\n".join(texts) or False

    def _l10n_fr_urssaf_booked_text(self, request):
        return self.env._(
            "%(invoice)s: URSSAF's transfer is already booked (%(payment)s): another payment "
            "would count the money twice.",
            invoice=request.invoice_number,
            payment=request.transfer_payment_id.display_name,
        )

    def _l10n_fr_urssaf_coming_text(self, request):
        if request.transfer_booking == "accountant":
            return self.env._(
                "%(invoice)s: URSSAF paid it and its transfer was left to the accountant (see "
                "the activity): register it once.",
                invoice=request.invoice_number,
            )
        return self.env._(
            "%(invoice)s: URSSAF pays this invoice (status: %(state)s); its transfer is booked "
            "by the synchronisation. Register a payment only for money URSSAF does not pay.",
            invoice=request.invoice_number,
            state=request._state_label(),
        )

    def action_create_payments(self):
        # read again now: the dialog may have been opened before the synchronisation booked
        # URSSAF's transfer
        booked, coming = self._l10n_fr_urssaf_situation()
        if booked:
            raise UserError(
                "\n".join(
                    [
                        *(self._l10n_fr_urssaf_booked_text(request) for request in booked),
                        self.env._(
                            "Nothing was registered. Close this dialog. If the client also paid "
                            "you directly, an accountant records that payment from Accounting > "
                            "Payments."
                        ),
                    ]
                )
            )
        if coming and not self.l10n_fr_urssaf_acknowledged:
            raise UserError(
                "\n".join(
                    [
                        *(self._l10n_fr_urssaf_coming_text(request) for request in coming),
                        self.env._(
                            "Nothing was registered. If this money really comes from elsewhere, "
                            "tick Register this payment anyway and confirm again."
                        ),
                    ]
                )
            )
        return super().action_create_payments()

    def _create_payment_vals_from_wizard(self, batch_result):
        vals = super()._create_payment_vals_from_wizard(batch_result)
        booking = self.env.context.get("l10n_fr_urssaf_transfer")
        if isinstance(booking, TransferBooking):
            vals["l10n_fr_urssaf_request_id"] = booking.request_id
            vals["payment_reference"] = booking.reference
        return vals
