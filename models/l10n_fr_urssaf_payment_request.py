"""One payment request (demande de paiement) per submission of an invoice to URSSAF.

The pattern of ``l10n_es_edi_verifactu`` / ``l10n_it_edi``: a document per submission. The
invoice shows its current request; earlier ones (refused by URSSAF, or never received) stay
visible. Everything URSSAF tells (id, status, rejection, transfer) is written only through the
synced mixin (``_sync_write`` / ``_set_state``); the story goes to the invoice's chatter, once per
change. The sending is in ``l10n_fr_urssaf_payment_request_send.py``.
"""

import json

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from ..urssaf_api import cancellation, catalogue, states, sync
from .l10n_fr_urssaf_synced_mixin import ACTIVITY_XMLID, MANAGER_GROUP_XMLID
from .res_company import render_text

STATES = states.PAYMENT_REQUEST
#: States in which URSSAF holds (or may hold) the invoice's request: it is never sent again.
HELD_STATES = states.PAYMENT_REQUEST_HELD
#: What the request sent to URSSAF (or what URSSAF acts on): written once, by the module, when
#: the request is made; never changed afterwards, by anybody (the related client and currency
#: would write through to the invoice).
SENT_FIELDS = frozenset(
    {
        "move_id",
        "partner_id",
        "currency_id",
        "company_id",
        "client_link_id",
        "invoice_number",
        "amount_total",
        "amount_untaxed",
        "deposit_amount",
        "service_start",
        "service_end",
        "payload",
        "sent_at",
        "sent_by_id",
    }
)


def flag_domain(model, operator, value, field, values):
    """The search domain of a boolean derived from the catalogue (``needs_attention``,
    ``held``…): ``field`` in ``values`` for true, otherwise empty or not in ``values``."""
    if operator not in ("=", "!=") or not isinstance(value, bool):
        raise UserError(model.env._("This URSSAF filter only compares with true or false."))
    if (operator == "=") == value:
        return [(field, "in", values)]
    return ["|", (field, "=", False), (field, "not in", values)]


class L10nFrUrssafPaymentRequest(models.Model):
    _name = "l10n_fr_urssaf.payment.request"
    _description = "URSSAF payment request"
    _inherit = ["l10n_fr_urssaf.synced.mixin"]
    _order = "id desc"
    _check_company_auto = True
    _rec_name = "invoice_number"
    _rec_names_search = ["invoice_number", "urssaf_id", "partner_id.name"]
    _l10n_fr_urssaf_states = STATES
    _l10n_fr_urssaf_synced_fields = frozenset(
        {
            "state",
            "state_group",
            "needs_attention",
            "urssaf_id",
            "status_code",
            "status_label",
            "reject_code",
            "reject_comment",
            "transfer_amount",
            "transfer_date",
            "sent_at",
            "sent_by_id",
            "payload",
            "last_check_date",
            "last_error",
            "call_started_at",
            "last_answer",
            "found_urssaf_id",
            "found_client_id",
            "found_amount",
            "found_status_code",
            "cancel_reason",
            "cancel_reason_details",
            "cancel_requested_at",
            "cancel_requested_by_id",
            "cancel_email_to",
            "cancel_message_id",
        }
    )

    move_id = fields.Many2one(
        "account.move",
        string="Invoice",
        required=True,
        readonly=True,
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    partner_id = fields.Many2one(
        related="move_id.partner_id", string="Client", store=True, index=True
    )
    client_link_id = fields.Many2one(
        "l10n_fr_urssaf.client", string="URSSAF link", readonly=True, check_company=True
    )
    invoice_number = fields.Char(
        string="Invoice number",
        required=True,
        readonly=True,
        index=True,
        help="Sent as numFactureTiers: URSSAF refuses a number already used.",
    )
    currency_id = fields.Many2one(related="move_id.currency_id", string="Currency")
    amount_total = fields.Monetary(string="Total incl. VAT", readonly=True)
    amount_untaxed = fields.Monetary(string="Total excl. VAT", readonly=True)
    deposit_amount = fields.Monetary(string="Deposit", readonly=True)
    service_start = fields.Date(string="First day of service", readonly=True)
    service_end = fields.Date(string="Last day of service", readonly=True)
    state = fields.Selection(
        STATES.selection(),
        string="URSSAF status",
        default="sending",
        required=True,
        index=True,
        copy=False,
        tracking=True,
    )
    urssaf_id = fields.Char(
        string="URSSAF request id", copy=False, index=True, readonly=True, tracking=True
    )
    status_code = fields.Char(string="URSSAF status code", copy=False, readonly=True)
    status_label = fields.Char(string="URSSAF status label", copy=False, readonly=True)
    reject_code = fields.Char(string="Reason code", copy=False, readonly=True)
    reject_comment = fields.Text(
        string="Comment",
        copy=False,
        readonly=True,
        help="infoRejet's comment: the client's when they refused the request (40), URSSAF's "
        "when it cancelled it (110-113).",
    )
    transfer_amount = fields.Monetary(string="Amount transferred", copy=False, readonly=True)
    transfer_date = fields.Date(string="Transfer date", copy=False, readonly=True)
    sent_at = fields.Datetime(string="Sent on", copy=False, readonly=True)
    sent_by_id = fields.Many2one("res.users", string="Sent by", copy=False, readonly=True)
    payload = fields.Text(
        string="Request as sent",
        copy=False,
        readonly=True,
        help="The payment request exactly as it was sent to URSSAF (JSON; it holds no bank "
        "details).",
    )
    # what a search by number found at URSSAF under this invoice number for another client or
    # amount (ERR_FACTURE_DOUBLON, or a lost answer settled): that request stands at URSSAF
    found_urssaf_id = fields.Char(
        string="Request URSSAF holds under this number",
        copy=False,
        readonly=True,
        help="The request URSSAF already holds under this invoice number, for another client or "
        "another amount: URSSAF follows and pays it as it stands until it cancels it.",
    )
    found_client_id = fields.Char(string="Its URSSAF client id", copy=False, readonly=True)
    found_amount = fields.Monetary(string="Its total incl. VAT", copy=False, readonly=True)
    found_status_code = fields.Char(string="Its URSSAF status code", copy=False, readonly=True)
    instructions = fields.Text(string="What to do", compute="_compute_instructions")
    last_answer = fields.Text(
        string="URSSAF's last answer",
        copy=False,
        readonly=True,
        groups=MANAGER_GROUP_XMLID,
        help="URSSAF's last answer about this request as it came (the item of the sending's "
        "answer, then of the last status reading that changed something), in JSON; bank "
        "details, tokens and secrets are masked.",
    )
    # the cancellation asked from URSSAF by e-mail (no endpoint): what was asked, when, by whom
    cancel_reason = fields.Selection(
        cancellation.selection(), string="Cancellation reason", copy=False, readonly=True
    )
    cancel_reason_details = fields.Text(
        string="Cancellation reason details", copy=False, readonly=True
    )
    cancel_requested_at = fields.Datetime(string="Cancellation asked on", copy=False, readonly=True)
    cancel_requested_by_id = fields.Many2one(
        "res.users", string="Cancellation asked by", copy=False, readonly=True
    )
    cancel_email_to = fields.Char(
        string="Cancellation asked to",
        copy=False,
        readonly=True,
        help="The address the e-mail asking URSSAF to cancel the request was sent to.",
    )
    cancel_message_id = fields.Many2one(
        "mail.message",
        string="Cancellation e-mail",
        copy=False,
        readonly=True,
        ondelete="set null",
        help="The e-mail sent to URSSAF to ask for the cancellation (in the chatter).",
    )
    can_ask_cancel = fields.Boolean(
        string="Cancellation can be asked",
        compute="_compute_can_ask_cancel",
        help="URSSAF holds the request, has made no transfer and no exit ended it: an URSSAF "
        "manager may ask URSSAF to cancel it by e-mail.",
    )
    unpaid = fields.Boolean(
        string="Unpaid",
        compute="_compute_unpaid",
        search="_search_unpaid",
        help="The client's share was not paid (debit refused, or recovered later).",
    )

    _sql_constraints = [
        (
            "urssaf_id_company_uniq",
            "unique (urssaf_id, company_id)",
            "This URSSAF payment request id is already recorded on another request.",
        ),
    ]

    def init(self):
        # One request that URSSAF holds (or may hold) per invoice number and company: the
        # database refuses a second one, whatever the path (double click, two users, retry).
        index = "l10n_fr_urssaf_payment_request_held_number_uniq"
        self.env.cr.execute(SQL("SELECT indexdef FROM pg_indexes WHERE indexname = %s", index))
        row = self.env.cr.fetchone()
        if row and any(f"'{state}'" not in row[0] for state in HELD_STATES):
            # made before a held state was added (e.g. cancellation requested): made again
            self.env.cr.execute(SQL("DROP INDEX %s", SQL.identifier(index)))
        self.env.cr.execute(
            SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS %s ON %s (company_id, invoice_number) "
                "WHERE state IN %s",
                SQL.identifier(index),
                SQL.identifier(self._table),
                tuple(HELD_STATES),
            )
        )

    # ---------------------------------------------------------------- write once

    @api.model_create_multi
    def create(self, vals_list):
        if not self._is_sync_write():
            raise AccessError(
                self.env._(
                    "URSSAF payment requests are made only by Send to URSSAF on a posted "
                    "invoice: they cannot be created by hand or through the API."
                )
            )
        return super().create(vals_list)

    def write(self, vals):
        if not self._is_sync_write():
            sent = self._changed_fields(vals, SENT_FIELDS)
            if sent:
                labels = sorted(self._fields[name]._description_string(self.env) for name in sent)
                raise AccessError(
                    self.env._(
                        "%(requests)s: %(fields)s were sent to URSSAF with the payment request "
                        "and cannot be changed, by anybody. To bill other figures, cancel the "
                        "invoice with a credit note and make a new invoice.",
                        requests=", ".join(self.mapped("display_name")),
                        fields=", ".join(labels),
                    )
                )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_held(self):
        """A request URSSAF holds or may hold is the only trace of what URSSAF has: it stays
        (the module's own deletion of a request that never reached URSSAF passes)."""
        if self._is_sync_write():
            return
        held = self.filtered(lambda request: request.state in HELD_STATES)
        if held:
            raise UserError(
                self.env._(
                    "%(requests)s: URSSAF holds (or may hold) these payment requests (status: "
                    "%(states)s); they cannot be deleted. Follow them until URSSAF settles them "
                    "(Refresh URSSAF status).",
                    requests=", ".join(held.mapped("display_name")),
                    states=", ".join(sorted({r._state_label() for r in held})),
                )
            )

    @api.depends("invoice_number", "partner_id")
    def _compute_display_name(self):
        for request in self:
            request.display_name = request.invoice_number or ""

    @api.depends("state", "transfer_amount", "transfer_date")
    def _compute_can_ask_cancel(self):
        for request in self:
            request.can_ask_cancel = cancellation.can_ask(
                request.state, bool(request.transfer_amount)
            )

    @api.depends("state")
    def _compute_unpaid(self):
        for request in self:
            request.unpaid = request._state_flag("unpaid")

    def _search_unpaid(self, operator, value):
        return flag_domain(self, operator, value, "state", STATES.values(unpaid=True))

    @api.depends(
        "state",
        "reject_code",
        "reject_comment",
        "status_code",
        "transfer_date",
        "transfer_amount",
        "sent_at",
        "found_urssaf_id",
    )
    def _compute_instructions(self):
        for request in self:
            request.instructions = request._instructions_text()

    # ---------------------------------------------------------------- story

    def _story_record(self):
        return self.move_id

    def _follow_up_candidates(self):
        move = self.move_id
        # who asked URSSAF to cancel it first: they follow what URSSAF answers
        asked = self.cancel_requested_by_id
        return asked | move.invoice_user_id | self.sent_by_id | move.create_uid

    def _status_label(self):
        """URSSAF's own label of the status once read, the catalogue's (in the user's language)
        until then (E3 answers a code only)."""
        return self.status_label or render_text(
            self.env, catalogue.payment_status(self.status_code).label
        )

    def _status_text(self):
        """URSSAF's status as it came (code and label) and what it means, in the user's
        language."""
        if not self.status_code:
            return ""
        meaning = render_text(self.env, catalogue.payment_status(self.status_code).action)
        return self.env._(
            "%(code)s %(label)s: %(meaning)s",
            code=self.status_code,
            label=self._status_label(),
            meaning=meaning,
        )

    def _status_label_text(self):
        """URSSAF's status as it came, code and label ("10 Intégrée")."""
        if not self.status_code or self.state not in HELD_STATES:
            return ""
        return f"{self.status_code} {self._status_label()}"

    def _reject_text(self):
        if not self.reject_code:
            return ""
        entry = catalogue.reject_reason(self.reject_code)
        text = f"{self.reject_code} – {render_text(self.env, entry.label)}"
        if self.reject_comment:
            # who wrote it depends on the state: the client refuses (40), URSSAF cancels (110+)
            _ = self.env._
            if self.state == "contested":
                said = _("client's comment: %(comment)s", comment=self.reject_comment)
            elif self.state == "cancelled":
                said = _("URSSAF's comment: %(comment)s", comment=self.reject_comment)
            else:
                said = _("comment: %(comment)s", comment=self.reject_comment)
            text += " – " + said
        return text

    def _instructions_text(self):
        """What to do in the current state, then URSSAF's status and reason as they came."""
        text = self._state_instructions_text()
        # the state's text already says what a known status means: its meaning is told only
        # for a status no state stands for (said once)
        status = self._status_text() if self.state == "other" else ""
        details = [t for t in (status, self._reject_text()) if t]
        return "\n".join([text, *details]) if details else text

    def _state_instructions_text(self):
        """What the current state means and what to do, in the user's language (the invoice's
        banner shows it; the details of URSSAF's status and reason are the tab's)."""
        _ = self.env._
        texts = {
            "sending": _("The request is being sent to URSSAF."),
            "uncertain": _(
                "The request was sent but URSSAF's answer was lost, and URSSAF has not shown it "
                "under its invoice number yet: URSSAF may still record it. Until %(date)s it is "
                "searched at URSSAF at each synchronisation (Refresh URSSAF status searches now) "
                "and the invoice is held: no reset to draft, no new sending. Found, it is "
                "followed as usual; still not found then, it becomes not received and the "
                "invoice may be sent again.",
                date=self._format_datetime(sync.searched_until(self.sent_at) or self.sent_at)
                if self.sent_at
                else "-",
            ),
            "lost": _(
                "URSSAF showed no request under this invoice number during the %(days)s days "
                "after the sending: it was not received. The invoice can be sent again.",
                days=sync.LOST_AFTER.days,
            ),
            "rejected": _(
                "URSSAF refused the request (see its answer). Correct the invoice or the client's "
                "data, then send again; if the invoice itself must change, cancel it with a "
                "credit note and make a new invoice, which gets a new number."
            ),
            "integrated": _(
                "URSSAF received the request; the client will be asked to validate it within "
                "48 hours (silence validates)."
            ),
            "awaiting_client": _(
                "The client has 48 hours to validate or contest the request in their "
                "particulier.urssaf.fr space; without an answer it is validated."
            ),
            "validated": _("The client validated the request: URSSAF debits the client's share."),
            "contested": _(
                "The client refused or contested the request. Talk with the client; to correct "
                "it, cancel the invoice with a credit note and make a new invoice (new number), "
                "or collect the invoice outside the immediate advance."
            ),
            "debited": _("URSSAF debited the client; it will transfer the amount to you."),
            "debit_refused": _(
                "The client's debit was refused: URSSAF takes the client's share back from you "
                "and the client's account is blocked. Collect that share from the client "
                "directly."
            ),
            "paid": self._paid_text(),
            states.CANCEL_REQUESTED: self._cancel_requested_text(),
            "cancelled": _(
                "URSSAF cancelled the request. Check the reason; bill the services again under a "
                "new invoice number if they are due."
            ),
            "recovered": _(
                "The unpaid amount was recovered. Check the money received with your accountant."
            ),
            "other": self._other_status_text(),
        }
        text = texts.get(self.state, "")
        if self.state == "rejected" and self.found_urssaf_id:
            text = self._number_taken_text()
        return text

    def _cancel_requested_text(self):
        """Cancellation asked by e-mail: URSSAF has not acted on it yet."""
        if self.state != states.CANCEL_REQUESTED:
            return ""
        return self.env._(
            "You asked URSSAF by e-mail on %(date)s to cancel this request (%(reason)s). URSSAF "
            "has no service for it: the request is read at each synchronisation until URSSAF "
            "cancels it (status 110 to 113) or moves it on (it may still be paid if the e-mail "
            "came too late). The e-mail sent is in the request's chatter.",
            date=self._format_datetime(self.cancel_requested_at)
            if self.cancel_requested_at
            else "-",
            reason=self._cancel_reason_label() or "-",
        )

    def _cancel_reason_label(self):
        """The reason chosen (in the user's language) and the user's text."""
        if not self.cancel_reason:
            return ""
        labels = dict(self._fields["cancel_reason"]._description_selection(self.env))
        label = labels.get(self.cancel_reason, self.cancel_reason)
        if self.cancel_reason_details:
            return self.env._(
                "%(reason)s: %(details)s", reason=label, details=self.cancel_reason_details
            )
        return label

    def _paid_text(self):
        """Status 70: paid once URSSAF tells the amount; a date alone is a scheduled transfer."""
        _ = self.env._
        if self.transfer_date and not self.transfer_amount:
            return _(
                "URSSAF scheduled the transfer on %(date)s; it has not told the amount yet. The "
                "payment is booked once URSSAF tells it.",
                date=self._format_date(self.transfer_date),
            )
        return _("URSSAF transferred the amount to you.")

    def _other_status_text(self):
        """A status code that no state stands for: named by URSSAF's documentation (80, 90,
        100…: its meaning is not documented) or not known at all."""
        _ = self.env._
        if self.status_code and catalogue.payment_status(self.status_code).known:
            return _(
                "URSSAF's documentation names this status but does not say what it means for the "
                "money: the request is read again once a day for 60 days. Check it in your "
                "URSSAF space."
            )
        return _(
            "URSSAF gave a status this module does not know; it is shown as it came. Check "
            "the request in your URSSAF space."
        )

    # ---------------------------------------------------------------- what URSSAF said

    def _status_values(self, info):
        """The values of an E4 item (``PaymentRequestInfo``), as this request records them."""
        return dict(self._status_told(info), last_error=False, last_answer=info.raw_json or False)

    def _status_told(self, info):
        """What an E4 item tells of the request (its status, its money), without the answer
        itself (``last_answer``: its redacted JSON costs a serialisation to build)."""
        values = {
            "status_code": info.status or False,
            "status_label": info.status_label or False,
            "reject_code": info.reject_code or False,
            "reject_comment": info.reject_comment or False,
            "transfer_date": info.transfer_date or False,
            "transfer_amount": float(info.transfer_amount) if info.transfer_amount else False,
        }
        if info.id_payment_request:
            values["urssaf_id"] = info.id_payment_request
        return values

    def _apply_status(self, info, now, details=None):
        """Record an E4 item: state from its code, values, story on change. A request whose
        cancellation was asked stays so while URSSAF's status could still lead to it (a new code
        is told); URSSAF's other statuses move it on, told with the cancellation asked when it
        is not a cancellation (a follow-up for who asked it)."""
        self.ensure_one()
        previous, previous_code = self.state, self.status_code
        state = states.payment_state_from_status(info.status, previous)
        values = dict(self._status_values(info), last_check_date=now)
        code = (info.status or "").strip() or False
        if previous == states.CANCEL_REQUESTED and details is None:
            if state == previous and code != previous_code:
                details = self.env._(
                    "URSSAF status %(old)s → %(new)s: the cancellation asked is still awaited.",
                    old=previous_code or "-",
                    new=code or "-",
                )
            elif state not in (previous, "cancelled"):
                details = self.env._(
                    "URSSAF did not cancel the request whose cancellation was asked on "
                    "%(date)s: it now says %(status)s. Check with URSSAF (the e-mail sent is in "
                    "the request's chatter).",
                    date=self._format_datetime(self.cancel_requested_at)
                    if self.cancel_requested_at
                    else "-",
                    status=" ".join(filter(None, (code, info.status_label))) or "-",
                )
        self._set_state(state, values, details=details)
        if (
            previous == states.CANCEL_REQUESTED
            and state not in (previous, "cancelled")
            and not STATES[state].follow_up
        ):
            # who asked is told that URSSAF did not cancel it (a state with its own follow-up
            # already has one)
            user = self._follow_up_user()
            if user:
                self.activity_schedule(
                    ACTIVITY_XMLID,
                    summary=self.env._(
                        "URSSAF did not cancel %(invoice)s", invoice=self.invoice_number
                    ),
                    note=Markup("<p>%s</p>") % details + self._instructions_html(),
                    user_id=user.id,
                )

    def _payload_dict(self):
        try:
            return json.loads(self.payload or "{}")
        except ValueError:
            return {}

    # ---------------------------------------------------------------- actions

    def action_open_invoice(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "res_id": self.move_id.id,
            "view_mode": "form",
        }
