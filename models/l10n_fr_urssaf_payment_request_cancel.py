"""Asking URSSAF to cancel a payment request: URSSAF has no endpoint for it, so an URSSAF manager
writes to URSSAF's immediate-advance address (the company's, in the settings) from the request.

* Offered on a request that URSSAF holds with no transfer and no exit (the catalogue's
  ``cancellable`` states: 10, 15, 20, 30, 50), to URSSAF managers only; refused in Python for any
  other caller or state, and a second time (what was sent is told).
* The e-mail is the company's template (French, editable in the wizard), rendered on the request
  with the reason; it is logged in the request's chatter (the e-mail itself) and the invoice's
  (the story note, with a copy).
* The request becomes "cancellation requested": the synchronisation keeps reading it, URSSAF's
  statuses before any transfer keep it there and any other moves it on
  (``states.payment_state_from_status``).
"""

from markupsafe import Markup

from odoo import fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import email_normalize, html2plaintext

from ..urssaf_api import cancellation, states
from ..urssaf_api.billing import to_decimal
from ..urssaf_api.billing.mention import euros
from .l10n_fr_urssaf_synced_mixin import MANAGER_GROUP_XMLID

WIZARD_MODEL = "l10n_fr_urssaf.cancellation.wizard"


class L10nFrUrssafPaymentRequestCancel(models.Model):
    _inherit = "l10n_fr_urssaf.payment.request"

    # ---------------------------------------------------------------- checks

    def _l10n_fr_urssaf_check_cancel_manager(self):
        if not self.env.user.has_group(MANAGER_GROUP_XMLID):
            raise AccessError(
                self.env._(
                    "Only an URSSAF manager can ask URSSAF to cancel a payment request (Settings "
                    "> Users: URSSAF manager)."
                )
            )

    def _l10n_fr_urssaf_check_cancellable(self):
        """Refuse, with what to do, a request whose cancellation cannot be asked: asked already
        (what was sent is told), paid, closed, or never held by URSSAF."""
        self.ensure_one()
        _ = self.env._
        if self.state == states.CANCEL_REQUESTED or self.cancel_requested_at:
            raise UserError(
                _(
                    "%(request)s: its cancellation was already asked from URSSAF on %(date)s by "
                    "%(user)s, by e-mail to %(address)s (reason: %(reason)s). The e-mail is in "
                    "the request's chatter; URSSAF's answer shows at the next synchronisations. "
                    "To add something, reply to URSSAF from your mailbox.",
                    request=self.display_name,
                    date=self._format_datetime(self.cancel_requested_at)
                    if self.cancel_requested_at
                    else "-",
                    user=self.cancel_requested_by_id.name or "-",
                    address=self.cancel_email_to or "-",
                    reason=self._cancel_reason_label() or "-",
                )
            )
        if self.transfer_amount or self.transfer_booking:
            raise UserError(
                _(
                    "%(request)s: URSSAF already transferred the amount (%(state)s): a "
                    "cancellation cannot be asked from Odoo any more. Contact URSSAF; it will "
                    "take the money back if it cancels the request.",
                    request=self.display_name,
                    state=self._state_label(),
                )
            )
        if not self.can_ask_cancel:
            raise UserError(
                _(
                    "%(request)s: a cancellation can only be asked while URSSAF holds the "
                    "request with no transfer and no refusal (received, awaiting the client's "
                    "validation, validated or client debited); it is %(state)s.",
                    request=self.display_name,
                    state=self._state_label(),
                )
            )

    # ---------------------------------------------------------------- user actions

    def action_l10n_fr_urssaf_ask_cancel(self):
        """Button of the request (and its invoice): the e-mail to URSSAF, to review and send."""
        self.ensure_one()
        self._l10n_fr_urssaf_check_cancel_manager()
        self._l10n_fr_urssaf_check_cancellable()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Ask URSSAF to cancel"),
            "res_model": WIZARD_MODEL,
            "view_mode": "form",
            "target": "new",
            "context": {"default_request_id": self.id},
        }

    # ---------------------------------------------------------------- the e-mail

    def _l10n_fr_urssaf_cancel_render(self, reason, details):
        """The company's template rendered on this request: ``(subject, body)``. The reason and
        what URSSAF needs that the request does not hold as such come in French."""
        self.ensure_one()
        template = self.company_id._l10n_fr_urssaf_cancel_template()
        if not template:
            raise UserError(
                self.env._(
                    "No e-mail template is set to ask URSSAF for a cancellation: choose one in "
                    "Settings > Invoicing > URSSAF (Cancellation of a payment request)."
                )
            )
        # the variables of the template (besides object, the request), all in French
        invoice_date = self.move_id.invoice_date
        values = {
            "reason": cancellation.reason_fr(reason, details),
            "amount": euros(to_decimal(self.amount_total, self.currency_id)),
            "invoice_date": invoice_date.strftime("%d/%m/%Y") if invoice_date else "",
            "sent_on": self.sent_at.strftime("%d/%m/%Y") if self.sent_at else "",
            "provider_identifier": self.company_id.l10n_fr_urssaf_provider_identifier or "",
        }
        # as superuser: an URSSAF manager need not be a template editor (the template is the
        # company's, chosen by an administrator)
        template = template.sudo()
        subject = template._render_field("subject", self.ids, add_context=values)[self.id]
        body = template._render_field("body_html", self.ids, add_context=values)[self.id]
        return subject, body

    def _l10n_fr_urssaf_send_cancel_mail(self, email_to, subject, body, reason, details):
        """Send the e-mail asking URSSAF to cancel this request, then record it: the request
        becomes "cancellation requested", the invoice's chatter tells it with a copy."""
        self.ensure_one()
        _ = self.env._
        self._l10n_fr_urssaf_check_cancel_manager()
        address = email_normalize(email_to or "")
        if not address:
            raise UserError(
                _(
                    "To: '%(value)s' is not an e-mail address. Type URSSAF's address (by default "
                    "%(default)s, set per company in Settings > Invoicing > URSSAF).",
                    value=email_to or "",
                    default=cancellation.DEFAULT_ADDRESS,
                )
            )
        if not html2plaintext(body or "").strip() or not (subject or "").strip():
            raise UserError(
                _("The e-mail to URSSAF needs a subject and a text: fill them, then send.")
            )
        if cancellation.missing_details(reason, details):
            raise UserError(
                _(
                    "Details of the reason: required for the reason 'Other reason': explain "
                    "why the request must be cancelled."
                )
            )
        user = self.env.user
        sender = user.email_formatted or self.company_id.email_formatted
        if not email_normalize(sender or ""):
            raise UserError(
                _(
                    "Your user has no e-mail address and neither has the company %(company)s: "
                    "URSSAF could not answer. Set one in your preferences, then send.",
                    company=self.company_id.name,
                )
            )
        # one at a time: a second manager (or a second click) waits, then is told it was asked
        self._l10n_fr_urssaf_lock(wait=True)
        self.invalidate_recordset()
        self._l10n_fr_urssaf_check_cancellable()
        mail = (
            self.env["mail.mail"]
            .sudo()
            .create(
                {
                    "model": self._name,
                    "res_id": self.id,
                    "record_name": self.display_name,
                    "subject": subject,
                    "body_html": body,
                    "body": body,
                    "email_from": sender,
                    "reply_to": sender,
                    "email_to": email_to.strip(),
                    "author_id": user.partner_id.id,
                    "message_type": "email_outgoing",
                    "auto_delete": False,
                }
            )
        )
        now = fields.Datetime.now()
        values = {
            "cancel_reason": reason,
            "cancel_reason_details": (details or "").strip() or False,
            "cancel_requested_at": now,
            "cancel_requested_by_id": user.id,
            "cancel_email_to": email_to.strip(),
            "cancel_message_id": mail.mail_message_id.id,
        }
        copy = Markup("%s<br/>%s<br/>%s") % (
            _(
                "E-mail sent by %(user)s to %(address)s:",
                user=user.name,
                address=email_to.strip(),
            ),
            _("Subject: %(subject)s", subject=subject),
            Markup(body),
        )
        self._set_state(states.CANCEL_REQUESTED, values, details=copy)
        mail.send_after_commit()
        return mail


class AccountMove(models.Model):
    _inherit = "account.move"

    l10n_fr_urssaf_can_ask_cancel = fields.Boolean(
        related="l10n_fr_urssaf_payment_request_id.can_ask_cancel",
        string="URSSAF cancellation can be asked",
    )

    def action_l10n_fr_urssaf_ask_cancel(self):
        """Button of the invoice: ask URSSAF to cancel its current payment request."""
        self.ensure_one()
        request = self.sudo().l10n_fr_urssaf_payment_request_id
        if not request:
            raise UserError(
                self.env._(
                    "%(invoice)s was not sent to URSSAF: there is no payment request to cancel.",
                    invoice=self.display_name,
                )
            )
        return request.with_env(self.env).action_l10n_fr_urssaf_ask_cancel()
