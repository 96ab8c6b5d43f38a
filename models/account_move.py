"""The customer invoice as a payment request: service period, deposit, URSSAF section, sending.

The checks and the payload are the pure package's (``urssaf_api.billing``); this model only maps
the invoice to its plain data and shows the outcome. The sending is on the payment request model
(``l10n_fr_urssaf_payment_request_send.py``).
"""

import json
import re

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..urssaf_api import billing, states, sync
from ..urssaf_api.billing import to_decimal
from ..urssaf_api.billing.problems import INVOICE_PREFIXES
from ..urssaf_api.texts import Text
from .l10n_fr_urssaf_payment_request import flag_domain
from .l10n_fr_urssaf_synced_mixin import _SYNC, USER_GROUP_XMLID
from .res_company import render_text

URSSAF_GROUP = USER_GROUP_XMLID
HELD_STATES = states.PAYMENT_REQUEST_HELD
SENDABLE_TYPES = ("out_invoice", "out_refund")
#: The invoice goes through the immediate advance: its PDF says so.
ADVANCED_STATES = states.PAYMENT_REQUEST.values(advanced=True)
#: A line's field in the pure checks' problems: ``lines[<index>].<name>``.
LINE_FIELD = re.compile(r"^lines\[(\d+)\]\.(\w+)$")


#: What URSSAF received with a payment request: fixed once the request is held.
SENT_FIELDS = frozenset(
    {
        "l10n_fr_urssaf_service_start",
        "l10n_fr_urssaf_service_end",
        "l10n_fr_urssaf_deposit_amount",
        "l10n_fr_urssaf_deposit_date",
    }
)


class AccountMove(models.Model):
    _inherit = "account.move"

    l10n_fr_urssaf_service_start = fields.Date(
        string="First day of service",
        compute="_compute_l10n_fr_urssaf_service_period",
        store=True,
        readonly=False,
        copy=False,
        help="First day of the services billed (sent to URSSAF as dateDebutEmploi). Prefilled "
        "from the lines' service dates, or else from the delivery date of a draft, when they "
        "lie in one calendar month; the period must lie within one calendar month.",
    )
    l10n_fr_urssaf_service_end = fields.Date(
        string="Last day of service",
        compute="_compute_l10n_fr_urssaf_service_period",
        store=True,
        readonly=False,
        copy=False,
        help="Last day of the services billed (dateFinEmploi): services are billed once done, "
        "so the invoice date is on or after it.",
    )
    l10n_fr_urssaf_deposit_amount = fields.Monetary(
        string="Deposit already paid",
        copy=False,
        help="A deposit the client already paid you for this invoice (mntAcompte): at most 50 % "
        "of the invoice; URSSAF must have authorised your organisation to declare deposits.",
    )
    l10n_fr_urssaf_deposit_date = fields.Date(string="Deposit paid on", copy=False)
    l10n_fr_urssaf_payment_request_ids = fields.One2many(
        "l10n_fr_urssaf.payment.request",
        "move_id",
        string="URSSAF payment requests",
        groups=URSSAF_GROUP,
        copy=False,
    )
    l10n_fr_urssaf_payment_request_id = fields.Many2one(
        "l10n_fr_urssaf.payment.request",
        string="URSSAF payment request",
        compute="_compute_l10n_fr_urssaf_payment_request_id",
        compute_sudo=True,
        store=True,
        index="btree_not_null",
        copy=False,
        help="The invoice's latest payment request; earlier ones are listed in the URSSAF tab.",
    )
    l10n_fr_urssaf_state = fields.Selection(
        related="l10n_fr_urssaf_payment_request_id.state",
        string="URSSAF status",
        store=True,
        index=True,
        # the request tells each change once in the invoice's chatter (its story): no tracking
        # message beside it
        tracking=False,
    )
    l10n_fr_urssaf_state_colour = fields.Char(
        related="l10n_fr_urssaf_payment_request_id.state_colour", string="URSSAF status colour"
    )
    l10n_fr_urssaf_request_urssaf_id = fields.Char(
        related="l10n_fr_urssaf_payment_request_id.urssaf_id", string="URSSAF request id"
    )
    l10n_fr_urssaf_request_sent_at = fields.Datetime(
        related="l10n_fr_urssaf_payment_request_id.sent_at", string="Sent to URSSAF on"
    )
    l10n_fr_urssaf_request_status_label = fields.Char(
        string="URSSAF's status",
        compute="_compute_l10n_fr_urssaf_request_status_label",
        help="The status code and label URSSAF gave, from its acceptance (10) on.",
    )
    l10n_fr_urssaf_request_last_error = fields.Text(
        related="l10n_fr_urssaf_payment_request_id.last_error", string="URSSAF's answer"
    )
    l10n_fr_urssaf_sync_failed = fields.Boolean(
        related="l10n_fr_urssaf_payment_request_id.sync_failed", string="URSSAF: sync error"
    )
    l10n_fr_urssaf_found_urssaf_id = fields.Char(
        related="l10n_fr_urssaf_payment_request_id.found_urssaf_id",
        string="Request URSSAF holds under this number",
    )
    l10n_fr_urssaf_found_client_id = fields.Char(
        related="l10n_fr_urssaf_payment_request_id.found_client_id", string="Its URSSAF client id"
    )
    l10n_fr_urssaf_found_amount = fields.Monetary(
        related="l10n_fr_urssaf_payment_request_id.found_amount", string="Its total incl. VAT"
    )
    l10n_fr_urssaf_found_status_code = fields.Char(
        related="l10n_fr_urssaf_payment_request_id.found_status_code",
        string="Its URSSAF status code",
    )
    l10n_fr_urssaf_instructions = fields.Text(
        related="l10n_fr_urssaf_payment_request_id.instructions", string="URSSAF: what to do"
    )
    l10n_fr_urssaf_invoice_mention = fields.Text(
        string="Immediate advance mention",
        compute="_compute_l10n_fr_urssaf_invoice_mention",
        help="Printed on the invoice (in French) once URSSAF accepted its payment request: the "
        "tax credit URSSAF advances and the share the client pays.",
    )
    l10n_fr_urssaf_advance_amount = fields.Monetary(
        string="Advanced by URSSAF",
        compute="_compute_l10n_fr_urssaf_advance_split",
        help="Half of the invoice: the tax credit URSSAF advances when the invoice is paid "
        "through the immediate advance.",
    )
    l10n_fr_urssaf_client_share = fields.Monetary(
        string="Client's share",
        compute="_compute_l10n_fr_urssaf_advance_split",
        help="What the client pays when the invoice is paid through the immediate advance "
        "(URSSAF debits it after the client's validation): the other half, with the odd cent.",
    )
    l10n_fr_urssaf_client_state = fields.Char(
        string="Client's URSSAF status", compute="_compute_l10n_fr_urssaf_client_state"
    )
    l10n_fr_urssaf_show = fields.Boolean(
        string="Show the URSSAF section", compute="_compute_l10n_fr_urssaf_client_state"
    )
    l10n_fr_urssaf_can_send = fields.Boolean(
        string="Can be sent to URSSAF", compute="_compute_l10n_fr_urssaf_client_state"
    )
    # the catalogue's flags of the current request (urssaf_api.states), for views and filters
    l10n_fr_urssaf_held = fields.Boolean(
        string="Held by URSSAF",
        compute="_compute_l10n_fr_urssaf_flags",
        search="_search_l10n_fr_urssaf_held",
        help="URSSAF holds (or may hold) the invoice's payment request: it is not sent again and "
        "what URSSAF received cannot change.",
    )
    l10n_fr_urssaf_needs_attention = fields.Boolean(
        string="URSSAF: needs attention",
        compute="_compute_l10n_fr_urssaf_flags",
        search="_search_l10n_fr_urssaf_needs_attention",
    )
    l10n_fr_urssaf_refreshable = fields.Boolean(
        string="URSSAF status can be read now", compute="_compute_l10n_fr_urssaf_flags"
    )
    l10n_fr_urssaf_unpaid = fields.Boolean(
        string="URSSAF: unpaid",
        compute="_compute_l10n_fr_urssaf_flags",
        search="_search_l10n_fr_urssaf_unpaid",
    )

    # ---------------------------------------------------------------- computes

    @api.depends(
        "invoice_line_ids.l10n_fr_urssaf_service_start",
        "invoice_line_ids.l10n_fr_urssaf_service_end",
        "delivery_date",
        "move_type",
    )
    def _compute_l10n_fr_urssaf_service_period(self):
        for move in self:
            start, end = move._l10n_fr_urssaf_known_period()
            move.l10n_fr_urssaf_service_start = start
            move.l10n_fr_urssaf_service_end = end

    def _l10n_fr_urssaf_known_period(self):
        """The service period prefilled from what Odoo knows, never invented, never narrowed:

        * the lines' service dates (first start, last end or start), added to the period
          already there (typed or prefilled), when the result lies in one calendar month;
        * otherwise, on a draft customer invoice whose lines have none, Odoo's delivery date
          (typed, or set by ``sale_stock`` from the delivered order) fills an empty period;
          ``l10n_fr_account`` copies the invoice date into it at posting, which is no service
          date (the state is read, not a dependency: a reset to draft does not prefill either).

        Anything else keeps the period as it is (empty when Odoo knows nothing)."""
        self.ensure_one()
        start, end = self.l10n_fr_urssaf_service_start, self.l10n_fr_urssaf_service_end
        lines = self.invoice_line_ids
        line_starts = [d for d in lines.mapped("l10n_fr_urssaf_service_start") if d]
        line_ends = [d for d in lines.mapped("l10n_fr_urssaf_service_end") if d] or line_starts
        if line_starts or line_ends:
            new_start = min(filter(None, (start, *line_starts)), default=False)
            new_end = max(filter(None, (end, *line_ends)), default=False)
            months = {(d.year, d.month) for d in (new_start, new_end) if d}
            return (new_start, new_end) if len(months) == 1 else (start, end)
        delivery = self.delivery_date
        if (
            delivery
            and not (start or end)
            and self.state == "draft"
            and self.move_type in SENDABLE_TYPES
        ):
            return delivery, delivery
        return start, end

    @api.depends("l10n_fr_urssaf_payment_request_ids")
    def _compute_l10n_fr_urssaf_payment_request_id(self):
        for move in self:
            requests = move.l10n_fr_urssaf_payment_request_ids
            move.l10n_fr_urssaf_payment_request_id = (
                requests.sorted("id")[-1:] if requests else False
            )

    @api.depends(
        "l10n_fr_urssaf_state",
        "l10n_fr_urssaf_payment_request_id.needs_attention",
        "l10n_fr_urssaf_payment_request_id.refreshable",
    )
    def _compute_l10n_fr_urssaf_flags(self):
        for move in self:
            request = move.sudo().l10n_fr_urssaf_payment_request_id
            flags = (
                states.PAYMENT_REQUEST[move.l10n_fr_urssaf_state]
                if move.l10n_fr_urssaf_state in states.PAYMENT_REQUEST
                else None
            )
            move.l10n_fr_urssaf_held = bool(flags and flags.held)
            move.l10n_fr_urssaf_unpaid = bool(flags and flags.unpaid)
            move.l10n_fr_urssaf_needs_attention = request.needs_attention
            move.l10n_fr_urssaf_refreshable = request.refreshable

    def _search_l10n_fr_urssaf_held(self, operator, value):
        held = states.PAYMENT_REQUEST.values(held=True)
        return flag_domain(self, operator, value, "l10n_fr_urssaf_state", held)

    def _search_l10n_fr_urssaf_unpaid(self, operator, value):
        unpaid = states.PAYMENT_REQUEST.values(unpaid=True)
        return flag_domain(self, operator, value, "l10n_fr_urssaf_state", unpaid)

    def _search_l10n_fr_urssaf_needs_attention(self, operator, value):
        # the request's stored flag (its state, or a synchronisation error): one definition
        Request = self.env["l10n_fr_urssaf.payment.request"].sudo()
        requests = Request._search([("needs_attention", "=", True)])
        return flag_domain(self, operator, value, "l10n_fr_urssaf_payment_request_id", requests)

    @api.depends(
        "l10n_fr_urssaf_payment_request_id.status_code",
        "l10n_fr_urssaf_payment_request_id.status_label",
        "l10n_fr_urssaf_payment_request_id.state",
    )
    @api.depends_context("lang")
    def _compute_l10n_fr_urssaf_request_status_label(self):
        for move in self:
            request = move.sudo().l10n_fr_urssaf_payment_request_id.with_env(self.env)
            move.l10n_fr_urssaf_request_status_label = request._status_label_text() or False

    @api.depends("l10n_fr_urssaf_state", "amount_total", "l10n_fr_urssaf_deposit_amount")
    def _compute_l10n_fr_urssaf_invoice_mention(self):
        for move in self:
            if move.l10n_fr_urssaf_state not in ADVANCED_STATES:
                move.l10n_fr_urssaf_invoice_mention = False
                continue
            digits = move.currency_id.decimal_places
            deposit = move.l10n_fr_urssaf_deposit_amount
            move.l10n_fr_urssaf_invoice_mention = "\n".join(
                billing.invoice_mention(
                    to_decimal(move.amount_total, digits),
                    move.sudo().l10n_fr_urssaf_payment_request_id.urssaf_id,
                    to_decimal(deposit, digits) if deposit else None,
                )
            )

    @api.depends("amount_total", "currency_id", "move_type")
    def _compute_l10n_fr_urssaf_advance_split(self):
        """The split the invoice mention prints (``billing.advance_split``), for a customer
        invoice; zero otherwise."""
        for move in self:
            if move.move_type != "out_invoice" or not move.currency_id:
                move.l10n_fr_urssaf_advance_amount = move.l10n_fr_urssaf_client_share = 0.0
                continue
            total = to_decimal(move.amount_total, move.currency_id.decimal_places)
            advance, share = billing.advance_split(total)
            move.l10n_fr_urssaf_advance_amount = float(advance)
            move.l10n_fr_urssaf_client_share = float(share)

    @api.depends("partner_id", "company_id", "move_type", "state", "l10n_fr_urssaf_state")
    @api.depends_context("uid")
    def _compute_l10n_fr_urssaf_client_state(self):
        is_user = self.env.user.has_group(URSSAF_GROUP)
        for move in self:
            link = move._l10n_fr_urssaf_link() if is_user else self.env["l10n_fr_urssaf.client"]
            held = move.l10n_fr_urssaf_state in HELD_STATES
            move.l10n_fr_urssaf_client_state = link._state_label() if link else False
            move.l10n_fr_urssaf_show = bool(
                is_user
                and move.move_type in SENDABLE_TYPES
                and (link or move.l10n_fr_urssaf_payment_request_id)
            )
            move.l10n_fr_urssaf_can_send = bool(
                move.l10n_fr_urssaf_show
                and move.move_type == "out_invoice"
                and move.state == "posted"
                and link.state == "active"
                and not held
            )

    # ---------------------------------------------------------------- plain data

    def _l10n_fr_urssaf_link(self):
        self.ensure_one()
        return (
            self.env["l10n_fr_urssaf.client"]
            .sudo()
            .search(
                [("partner_id", "=", self.partner_id.id), ("company_id", "=", self.company_id.id)],
                limit=1,
            )
            .with_env(self.env)
        )

    def _l10n_fr_urssaf_lines(self):
        return self.invoice_line_ids.filtered(lambda line: line.display_type == "product")

    def _l10n_fr_urssaf_payment_line(self, line, digits):
        precision = self.env["decimal.precision"].precision_get
        typed = None
        taxes = line.tax_ids
        if not line.discount and all(tax.price_include for tax in taxes):
            # typed tax-included (or without tax): the unit price is the one to send if it works
            typed = to_decimal(line.price_unit, precision("Product Price"))
        return billing.PaymentLine(
            nature_code=line.l10n_fr_urssaf_nature or None,
            unit=line.l10n_fr_urssaf_unit or None,
            quantity=to_decimal(line.quantity, precision("Product Unit of Measure")).normalize(),
            amount_ht=to_decimal(line.price_subtotal, digits),
            amount_ttc=to_decimal(line.price_total, digits),
            unit_price_ttc=typed,
            start_date=line.l10n_fr_urssaf_service_start or None,
            end_date=line.l10n_fr_urssaf_service_end or None,
            label=line.product_id.display_name or (line.name or "").split("\n")[0],
        )

    def _l10n_fr_urssaf_payment_data(self):
        """The invoice as the pure package's ``PaymentRequestData``."""
        self.ensure_one()
        link = self._l10n_fr_urssaf_link().sudo()
        company = self.company_id.sudo()
        digits = self.currency_id.decimal_places
        deposit = self.l10n_fr_urssaf_deposit_amount
        return billing.PaymentRequestData(
            invoice_number=self.name if self.name and self.name != "/" else None,
            invoice_date=self.invoice_date or None,
            is_credit_note=self.move_type == "out_refund",
            currency=self.currency_id.name,
            id_client=link.urssaf_id or None,
            client_birth_date=self.partner_id.sudo().l10n_fr_urssaf_birth_date or None,
            client_active=link.state == "active",
            client_active_since=link.activation_date or None,
            provider_id=company.l10n_fr_urssaf_provider_identifier or None,
            start_date=self.l10n_fr_urssaf_service_start or None,
            end_date=self.l10n_fr_urssaf_service_end or None,
            lines=[
                self._l10n_fr_urssaf_payment_line(line, digits)
                for line in self._l10n_fr_urssaf_lines()
            ],
            total_ht=to_decimal(self.amount_untaxed, digits),
            total_ttc=to_decimal(self.amount_total, digits),
            deposit_amount=to_decimal(deposit, digits) if deposit else None,
            # the date is shown with the amount only: without an amount it is not sent
            deposit_date=(self.l10n_fr_urssaf_deposit_date or None) if deposit else None,
            deposits_authorised=company.l10n_fr_urssaf_deposits_authorised,
            warn_amount=to_decimal(company.l10n_fr_urssaf_warn_amount, digits),
            client_year_total=self._l10n_fr_urssaf_client_year_total(),
        )

    def _l10n_fr_urssaf_client_year_total(self):
        """What the invoice's company already sent to URSSAF for its client in the calendar year
        of its service period (requests in ``states.PAYMENT_REQUEST_COUNTED``, by their first
        day of service), this invoice's own requests not included; None without a period.
        With the context key ``l10n_fr_urssaf_selection`` (the ids of the invoices sent
        together that may be sent), the other ones for the same client, company and year are
        added."""
        self.ensure_one()
        start = self.l10n_fr_urssaf_service_start
        if not start or not self.partner_id:
            return None
        selected = self.browse(self.env.context.get("l10n_fr_urssaf_selection") or [])
        together = sum(
            (selected - self._origin)
            .filtered(
                lambda move: move.partner_id == self.partner_id
                and move.company_id == self.company_id
                and move.l10n_fr_urssaf_service_start
                and move.l10n_fr_urssaf_service_start.year == start.year
            )
            .mapped("amount_total")
        )
        ((total,),) = (
            self.env["l10n_fr_urssaf.payment.request"]
            .sudo()
            ._read_group(
                [
                    ("company_id", "=", self.company_id.id),
                    ("partner_id", "=", self.partner_id.id),
                    ("state", "in", states.PAYMENT_REQUEST_COUNTED),
                    ("service_start", ">=", start.replace(month=1, day=1)),
                    ("service_start", "<=", start.replace(month=12, day=31)),
                    ("move_id", "!=", self._origin.id or 0),
                ],
                aggregates=["amount_total:sum"],
            )
        )
        return to_decimal((total or 0.0) + together, self.currency_id.decimal_places)

    def _l10n_fr_urssaf_prepare(self, today=None):
        """Every problem of the invoice as a payment request, or the payload (never raises)."""
        self.ensure_one()
        today = today or fields.Date.context_today(self)
        return billing.prepare_payment_request(self._l10n_fr_urssaf_payment_data(), today)

    def _l10n_fr_urssaf_problem_texts(self, problems):
        """The texts of the pure checks' ``problems`` in the user's language, for a list shown
        under the invoice's own name (alerts, wizard, outcome of a sending): without the
        checks' "Invoice <number>: " prefix. A line without product is told to get its nature
        and unit on the line (the checks say "on the product")."""
        self.ensure_one()
        lines = self._l10n_fr_urssaf_lines()
        texts = []
        for problem in problems:
            special = self._l10n_fr_urssaf_line_without_product_text(problem, lines)
            if special:
                texts.append(special)
                continue
            text = problem.text
            if isinstance(text, Text) and text.template in INVOICE_PREFIXES:
                text = text.params["problem"]
            shown = render_text(self.env, text)
            texts.append(shown[:1].upper() + shown[1:])
        return texts

    def _l10n_fr_urssaf_line_without_product_text(self, problem, lines):
        """The text of a missing nature or unit on a line without product, or None."""
        found = LINE_FIELD.match(problem.field or "")
        if not found or found[2] not in ("nature_code", "unit"):
            return None
        index = int(found[1])
        line = lines[index] if index < len(lines) else None
        if line is None or line.product_id:
            return None
        _ = self.env._
        label = " ".join((line.name or "").split("\n")[0].split())[:60]
        where = (
            _("line %(number)s (%(label)s)", number=index + 1, label=label)
            if label
            else _("line %(number)s", number=index + 1)
        )
        if found[2] == "nature_code":
            if line.l10n_fr_urssaf_nature:
                return None
            return _(
                "%(line)s has no product, hence no URSSAF nature: choose the nature in the "
                "line's URSSAF nature column (among the optional columns of the lines), or bill "
                "a product that has one.",
                line=where,
            )
        if line.l10n_fr_urssaf_unit:
            return None
        return _(
            "%(line)s has no product, hence no URSSAF unit: choose hour or flat rate in the "
            "line's URSSAF unit column (among the optional columns of the lines), or bill a "
            "product.",
            line=where,
        )

    # ---------------------------------------------------------------- guards

    def _l10n_fr_urssaf_held_request(self):
        """The request URSSAF holds (or may hold) for this invoice, or for its number (a number
        is never reused, even by another invoice of another journal)."""
        self.ensure_one()
        return (
            self.env["l10n_fr_urssaf.payment.request"]
            .sudo()
            .search(
                [
                    ("state", "in", HELD_STATES),
                    "|",
                    # a new (unsaved) invoice has no request of its own yet
                    ("move_id", "=", self._origin.id or 0),
                    "&",
                    ("company_id", "=", self.company_id.id),
                    ("invoice_number", "=", self.name),
                ],
                order="id desc",
                limit=1,
            )
        )

    def _l10n_fr_urssaf_send_refusal(self):
        """Why this invoice cannot be sent now (not a customer invoice, not posted, already
        sent), or None. Its data problems are the pure checks' (see _l10n_fr_urssaf_prepare)."""
        self.ensure_one()
        _ = self.env._
        if self.move_type not in SENDABLE_TYPES:
            return _("%(move)s is not a customer invoice.", move=self.display_name)
        if self.state != "posted":
            return _(
                "%(move)s is not posted: confirm it, then send it to URSSAF.",
                move=self.display_name,
            )
        held = self._l10n_fr_urssaf_held_request()
        if not held:
            return None
        # ids: ``self`` may be a wizard's in-memory copy of the invoice (a NewId record)
        if held.move_id.id != self._origin.id:
            return _(
                "The number %(number)s was already sent to URSSAF with %(other)s: URSSAF never "
                "takes a number twice. Give this invoice another number (another journal "
                "sequence).",
                number=self.name,
                other=held.move_id.display_name,
            )
        if held.state == "sending":
            return _(
                "%(move)s is being sent to URSSAF right now: wait a moment, then look at its "
                "status.",
                move=self.display_name,
            )
        if held.state == "uncertain":
            return _(
                "%(move)s was sent but URSSAF's answer was lost: it is looked up at URSSAF by its "
                "number at each synchronisation until %(date)s and is not sent again meanwhile "
                "(URSSAF may still record it). Try again later (Refresh URSSAF status).",
                move=self.display_name,
                date=held._format_datetime(sync.searched_until(held.sent_at) or held.sent_at)
                if held.sent_at
                else "-",
            )
        return _(
            "%(move)s was already sent to URSSAF (request %(id)s, status: %(state)s): an invoice "
            "is sent only once.",
            move=self.display_name,
            id=held.urssaf_id or "-",
            state=held._state_label(),
        )

    def _l10n_fr_urssaf_open_requests(self, now):
        """The current requests of these invoices whose answer was lost, or whose call was
        interrupted (in flight for longer than any call lasts)."""
        requests = self.sudo().l10n_fr_urssaf_payment_request_id.with_env(self.env)
        return requests._to_settle(now)

    def _l10n_fr_urssaf_lock(self):
        """Lock these invoices for this transaction, or tell that someone else sends them (the
        shared lock of the records URSSAF updates)."""
        self.env["l10n_fr_urssaf.payment.request"].browse()._l10n_fr_urssaf_lock(self)

    def _l10n_fr_urssaf_request_values(self, prepared, now):
        self.ensure_one()
        return {
            "move_id": self.id,
            "company_id": self.company_id.id,
            "client_link_id": self._l10n_fr_urssaf_link().id,
            "invoice_number": self.name,
            "amount_total": self.amount_total,
            "amount_untaxed": self.amount_untaxed,
            "deposit_amount": self.l10n_fr_urssaf_deposit_amount,
            "service_start": self.l10n_fr_urssaf_service_start,
            "service_end": self.l10n_fr_urssaf_service_end,
            "payload": json.dumps(prepared.payload, ensure_ascii=False, indent=1),
            "sent_at": now,
            "sent_by_id": self.env.user.id,
            "state": "sending",
        }

    def _l10n_fr_urssaf_held_requests(self):
        """The requests URSSAF holds (or may hold) for these invoices, read from the requests
        themselves (not from the invoice's stored pointer to its latest request)."""
        # a record being edited in a form is its origin (a new one has none yet)
        ids = [move_id for move_id in self._origin.ids if isinstance(move_id, int)]
        if not ids:
            return self.env["l10n_fr_urssaf.payment.request"]
        return (
            self.env["l10n_fr_urssaf.payment.request"]
            .sudo()
            .search([("move_id", "in", ids), ("state", "in", HELD_STATES)], order="id desc")
        )

    def _l10n_fr_urssaf_held_by_move(self):
        held = self._l10n_fr_urssaf_held_requests()
        return {request.move_id.id: request for request in held[::-1]}

    @api.depends("l10n_fr_urssaf_payment_request_id.state")
    def _compute_show_reset_to_draft_button(self):
        # an invoice URSSAF holds is not reset to draft (button_draft refuses it): no button
        res = super()._compute_show_reset_to_draft_button()
        held = self._l10n_fr_urssaf_held_by_move()
        for move in self:
            if move._origin.id in held:
                move.show_reset_to_draft_button = False
        return res

    def _l10n_fr_urssaf_held_error(self, held, text):
        return UserError(
            text
            % {
                "move": held.move_id.display_name,
                "number": held.invoice_number,
                "state": held._state_label(),
                "id": held.urssaf_id or "-",
            }
        )

    def _l10n_fr_urssaf_check_pointer_write(self, names):
        """The invoice's current request follows its requests: nobody points it elsewhere."""
        if self.env.context.get("l10n_fr_urssaf_sync") is not _SYNC:
            raise AccessError(
                self.env._(
                    "%(moves)s: the URSSAF payment request of an invoice is set by Send to URSSAF "
                    "only; it cannot be written by hand or through the API.",
                    moves=", ".join(names) or self.env._("New invoice"),
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        if any(vals.get("l10n_fr_urssaf_payment_request_id") for vals in vals_list):
            self._l10n_fr_urssaf_check_pointer_write([])
        return super().create(vals_list)

    def write(self, vals):
        _ = self.env._
        if "l10n_fr_urssaf_payment_request_id" in vals:
            self._l10n_fr_urssaf_check_pointer_write(self.mapped("display_name"))
        sent_fields = SENT_FIELDS.intersection(vals)
        held_by_move = self._l10n_fr_urssaf_held_by_move() if sent_fields or "name" in vals else {}
        for move in self.filtered(lambda m: m.id in held_by_move):
            held = held_by_move[move.id]
            if "name" in vals and vals["name"] != move.name:
                raise self._l10n_fr_urssaf_held_error(
                    held,
                    _(
                        "%(move)s was sent to URSSAF under the number %(number)s (request "
                        "%(id)s, status: %(state)s): URSSAF shows this number to the client, so "
                        "the invoice cannot be renamed or resequenced. Leave it out of the "
                        "resequencing."
                    ),
                )
            changed = any(
                move._fields[name].convert_to_cache(vals[name], move)
                != move._fields[name].convert_to_cache(move[name], move)
                for name in sent_fields
            )
            if changed:
                raise self._l10n_fr_urssaf_held_error(
                    held,
                    _(
                        "%(move)s was sent to URSSAF (status: %(state)s): its service period "
                        "and deposit are those URSSAF received and cannot be changed. Cancel "
                        "it with a credit note and make a new invoice."
                    ),
                )
        return super().write(vals)

    def _l10n_fr_urssaf_check_not_held(self, text):
        held_by_move = self._l10n_fr_urssaf_held_by_move()
        for move in self:
            if move.id in held_by_move:
                raise self._l10n_fr_urssaf_held_error(held_by_move[move.id], text)

    def button_draft(self):
        self._l10n_fr_urssaf_check_not_held(
            self.env._(
                "%(move)s was sent to URSSAF (status: %(state)s): it cannot be reset to "
                "draft, URSSAF keeps the request as sent. Cancel it with a credit note "
                "and make a new invoice."
            )
        )
        return super().button_draft()

    def button_cancel(self):
        self._l10n_fr_urssaf_check_not_held(
            self.env._(
                "%(move)s was sent to URSSAF (request %(id)s, status: %(state)s): it cannot be "
                "cancelled while URSSAF holds its request, which URSSAF may still pay. Make a "
                "credit note instead."
            )
        )
        return super().button_cancel()

    @api.ondelete(at_uninstall=False)
    def _unlink_except_l10n_fr_urssaf_sent(self):
        requests = (
            self.env["l10n_fr_urssaf.payment.request"].sudo().search([("move_id", "in", self.ids)])
        )
        if requests:
            values = {
                "moves": ", ".join(requests.move_id.mapped("display_name")),
                "requests": ", ".join(f"{r.invoice_number} ({r._state_label()})" for r in requests),
            }
            if len(requests.move_id) == 1:
                raise UserError(
                    self.env._(
                        "%(moves)s was sent to URSSAF (payment requests %(requests)s); an "
                        "invoice whose payment request URSSAF received or refused is kept with "
                        "its history: cancel it instead of deleting it.",
                        **values,
                    )
                )
            raise UserError(
                self.env._(
                    "%(moves)s were sent to URSSAF (payment requests %(requests)s); an invoice "
                    "whose payment request URSSAF received or refused is kept with its "
                    "history: cancel them instead of deleting them.",
                    **values,
                )
            )

    # ---------------------------------------------------------------- actions

    def action_l10n_fr_urssaf_send(self):
        """Open the sending wizard for these invoices (header button and list action)."""
        moves = self.filtered(lambda m: m.move_type in SENDABLE_TYPES)
        if not moves:
            raise UserError(self.env._("Select customer invoices to send to URSSAF."))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Send to URSSAF"),
            "res_model": "l10n_fr_urssaf.payment.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_move_ids": [(6, 0, moves.ids)]},
        }
