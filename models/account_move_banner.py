"""Where Odoo users look: the banner above the invoice sheet (as ``l10n_it_edi`` shows its
state) and the invoice list's *To send to URSSAF* filter.

The banner says the URSSAF state in plain words, the client's validation deadline while the
client must validate, and what to do; its level (the alert's colour) comes from the state
catalogue (``urssaf_api.states``), never from lists of states in the views. An invoice of an
active client that URSSAF does not hold yet gets a discreet hint that it is to be sent.
"""

from odoo import api, fields, models
from odoo.osv import expression
from odoo.tools import format_date

from ..urssaf_api import states
from .account_move import SENDABLE_TYPES
from .l10n_fr_urssaf_payment_request import flag_domain
from .l10n_fr_urssaf_synced_mixin import USER_GROUP_XMLID

STATES = states.PAYMENT_REQUEST
#: The alert classes of the banner (Bootstrap's ``alert-*``).
BANNER_LEVELS = [
    ("info", "Information"),
    ("success", "Success"),
    ("warning", "Warning"),
    ("danger", "Danger"),
]


def banner_level(state, sync_failed=False):
    """The banner's level for a request in ``state``: the catalogue's colour; a state that needs
    the user is at least a warning, a grey one otherwise information; the failure of the last
    reading at URSSAF is at least a warning."""
    if state not in STATES:
        return "warning"
    flags = STATES[state]
    level = flags.colour
    if level in ("muted", "info", "success"):
        if flags.needs_attention or sync_failed:
            level = "warning"
        elif level == "muted":
            level = "info"
    return level


class AccountMove(models.Model):
    _inherit = "account.move"

    l10n_fr_urssaf_banner_text = fields.Text(
        string="URSSAF banner", compute="_compute_l10n_fr_urssaf_banner"
    )
    l10n_fr_urssaf_banner_level = fields.Selection(
        BANNER_LEVELS, string="URSSAF banner level", compute="_compute_l10n_fr_urssaf_banner"
    )
    # the "To send to URSSAF" filter searches the same definition as the Send button and the
    # Send & Print checkbox
    l10n_fr_urssaf_can_send = fields.Boolean(search="_search_l10n_fr_urssaf_can_send")

    @api.depends(
        "l10n_fr_urssaf_can_send",
        "l10n_fr_urssaf_payment_request_id.state",
        "l10n_fr_urssaf_payment_request_id.state_changed_at",
        "l10n_fr_urssaf_payment_request_id.sync_failed",
        "l10n_fr_urssaf_payment_request_id.reject_code",
        "l10n_fr_urssaf_payment_request_id.reject_comment",
        "l10n_fr_urssaf_payment_request_id.transfer_date",
        "l10n_fr_urssaf_payment_request_id.transfer_amount",
        "l10n_fr_urssaf_payment_request_id.found_urssaf_id",
        "invoice_line_ids",
        "amount_total",
        "l10n_fr_urssaf_service_start",
        "l10n_fr_urssaf_service_end",
        "l10n_fr_urssaf_deposit_amount",
        "l10n_fr_urssaf_deposit_date",
    )
    @api.depends_context("uid", "lang", "tz")
    def _compute_l10n_fr_urssaf_banner(self):
        is_user = self.env.user.has_group(USER_GROUP_XMLID)
        for move in self:
            level, text = move._l10n_fr_urssaf_banner() if is_user else (False, False)
            move.l10n_fr_urssaf_banner_level = level
            move.l10n_fr_urssaf_banner_text = text

    def _l10n_fr_urssaf_banner(self):
        """(level, text) of the banner above the invoice sheet, or (False, False) for an
        invoice that has nothing to do with URSSAF (or nothing to tell)."""
        self.ensure_one()
        request = self.sudo().l10n_fr_urssaf_payment_request_id
        if self.move_type not in SENDABLE_TYPES:
            return False, False
        if request:
            return request._l10n_fr_urssaf_banner()
        if self.l10n_fr_urssaf_can_send:
            return "info", self._l10n_fr_urssaf_to_send_text()
        return False, False

    def _l10n_fr_urssaf_to_send_text(self):
        _ = self.env._
        lines = [_("To send to URSSAF: use Send, with Send to URSSAF ticked.")]
        count = len(self._l10n_fr_urssaf_prepare().problems)
        if count == 1:
            lines.append(_("1 problem to fix before sending: Send lists it."))
        elif count > 1:
            lines.append(
                _("%(count)s problems to fix before sending: Send lists them.", count=count)
            )
        return "\n".join(lines)

    def _search_l10n_fr_urssaf_can_send(self, operator, value):
        """Posted customer invoices of clients whose URSSAF link with the invoice's company is
        active, that URSSAF does not hold (the rules of ``_compute_l10n_fr_urssaf_client_state``,
        the URSSAF users only)."""
        sendable = expression.FALSE_DOMAIN
        if self.env.user.has_group(USER_GROUP_XMLID):
            groups = (
                self.env["l10n_fr_urssaf.client"]
                .sudo()
                ._read_group([("state", "=", "active")], ["company_id"], ["partner_id:array_agg"])
            )
            clients = expression.OR(
                [
                    [("company_id", "=", company.id), ("partner_id", "in", partner_ids)]
                    for company, partner_ids in groups
                ]
            )
            not_held = self._search_l10n_fr_urssaf_held("=", False)
            sendable = expression.AND(
                [
                    [("move_type", "=", "out_invoice"), ("state", "=", "posted")],
                    not_held,
                    clients,
                ]
            )
        return flag_domain(self, operator, value, "id", self._search(sendable))


class L10nFrUrssafPaymentRequest(models.Model):
    _inherit = "l10n_fr_urssaf.payment.request"

    def _l10n_fr_urssaf_banner(self):
        """(level, text) of the invoice's banner for this request: its state, the client's
        deadline while the client must validate, what the state means and what to do, the
        reason URSSAF or the client gave, and a failed last reading."""
        self.ensure_one()
        _ = self.env._
        lines = [_("URSSAF: %(state)s", state=self._state_label())]
        if self.validation_deadline:
            lines.append(
                _(
                    "The client has until %(deadline)s to validate or contest the request in "
                    "their particulier.urssaf.fr space; without an answer by then, it is "
                    "validated.",
                    deadline=self._format_deadline(self.validation_deadline),
                )
            )
        else:
            lines.append(self._state_instructions_text())
        lines.append(self._reject_text())
        if self.sync_failed:
            lines.append(
                _(
                    "The last reading of this request at URSSAF failed: the status shown may be "
                    "out of date (the error is in the URSSAF tab). It is read again at the next "
                    "synchronisation."
                )
            )
        return banner_level(self.state, self.sync_failed), "\n".join(filter(None, lines))

    def _format_deadline(self, value):
        """A moment in the user's date format (their language's) and time zone, to the minute."""
        local = fields.Datetime.context_timestamp(self, value)
        return f"{format_date(self.env, local.date())} {local.strftime('%H:%M')}"
