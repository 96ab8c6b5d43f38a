"""On the contact: a smart button with the client's URSSAF payment requests and their totals."""

from odoo import api, fields, models
from odoo.tools import format_amount

from ..urssaf_api import states
from .l10n_fr_urssaf_synced_mixin import USER_GROUP_XMLID


class ResPartner(models.Model):
    _inherit = "res.partner"

    l10n_fr_urssaf_request_count = fields.Integer(
        string="URSSAF payment requests",
        compute="_compute_l10n_fr_urssaf_requests",
        groups=USER_GROUP_XMLID,
        help="The requests URSSAF pays or is about to pay (refused and cancelled ones apart).",
    )
    l10n_fr_urssaf_request_total = fields.Monetary(
        string="Sent through URSSAF",
        compute="_compute_l10n_fr_urssaf_requests",
        currency_field="l10n_fr_urssaf_currency_id",
        groups=USER_GROUP_XMLID,
    )
    l10n_fr_urssaf_transferred_total = fields.Monetary(
        string="Paid by URSSAF",
        compute="_compute_l10n_fr_urssaf_requests",
        currency_field="l10n_fr_urssaf_currency_id",
        groups=USER_GROUP_XMLID,
        help="What URSSAF transferred for the requests sent (refused and cancelled ones apart).",
    )
    l10n_fr_urssaf_exited_count = fields.Integer(
        string="URSSAF requests refused or cancelled",
        compute="_compute_l10n_fr_urssaf_requests",
        groups=USER_GROUP_XMLID,
        help="Requests the client refused or URSSAF cancelled, or whose debit was refused: "
        "URSSAF does not pay them (or took the money back).",
    )
    l10n_fr_urssaf_request_summary = fields.Char(
        string="URSSAF requests sent",
        compute="_compute_l10n_fr_urssaf_requests",
        groups=USER_GROUP_XMLID,
    )
    l10n_fr_urssaf_request_detail = fields.Char(
        string="URSSAF requests paid",
        compute="_compute_l10n_fr_urssaf_requests",
        groups=USER_GROUP_XMLID,
    )
    l10n_fr_urssaf_currency_id = fields.Many2one(
        "res.currency",
        string="URSSAF totals currency",
        compute="_compute_l10n_fr_urssaf_requests",
        groups=USER_GROUP_XMLID,
    )

    def _l10n_fr_urssaf_request_domain(self):
        # the current company's requests (one currency), current ones only (an earlier attempt
        # refused by URSSAF or never received is not billed)
        return [
            ("partner_id", "child_of", self.commercial_partner_id.ids),
            ("company_id", "=", self.env.company.id),
            ("state", "in", states.PAYMENT_REQUEST_HELD),
        ]

    @api.depends_context("uid", "allowed_company_ids", "lang")
    def _compute_l10n_fr_urssaf_requests(self):
        Request = self.env["l10n_fr_urssaf.payment.request"]
        currency = self.env.company.currency_id
        for partner in self:
            partner.l10n_fr_urssaf_currency_id = currency
            sent = exited = (0, 0.0, 0.0)
            if partner.id:
                # sent: what URSSAF pays or is about to pay; its exits (refused by the client,
                # cancelled, debit refused, recovered) are counted apart, never in the amounts
                for state, count, total, transferred in Request._read_group(
                    partner._l10n_fr_urssaf_request_domain(),
                    groupby=["state"],
                    aggregates=["__count", "amount_total:sum", "transfer_amount:sum"],
                ):
                    row = (count, total or 0.0, transferred or 0.0)
                    if state in states.PAYMENT_REQUEST_PAID_BY_URSSAF:
                        sent = tuple(a + b for a, b in zip(sent, row, strict=True))
                    else:
                        exited = tuple(a + b for a, b in zip(exited, row, strict=True))
            count, total, transferred = sent
            partner.l10n_fr_urssaf_request_count = count
            partner.l10n_fr_urssaf_request_total = total
            partner.l10n_fr_urssaf_transferred_total = transferred
            partner.l10n_fr_urssaf_exited_count = exited[0]
            summary, detail = partner._l10n_fr_urssaf_requests_text(
                count, total, transferred, exited[0], currency
            )
            partner.l10n_fr_urssaf_request_summary = summary
            partner.l10n_fr_urssaf_request_detail = detail

    def _l10n_fr_urssaf_requests_text(self, count, total, transferred, exited, currency):
        """The smart button's two lines, e.g. ("375,00 € sent", "of which 275,00 € paid"), in
        the user's language and the company currency's format."""
        _ = self.env._
        if exited == 1:
            exits = _("1 request refused or cancelled")
        elif exited:
            exits = _("%(count)s requests refused or cancelled", count=exited)
        else:
            exits = ""
        if not count:
            return exits, ""
        summary = _("%(amount)s sent", amount=format_amount(self.env, total, currency))
        if currency.is_zero(transferred):
            detail = _("of which none paid yet")
        else:
            detail = _(
                "of which %(amount)s paid", amount=format_amount(self.env, transferred, currency)
            )
        if exits:
            detail = _("%(paid)s; %(exits)s", paid=detail, exits=exits)
        return summary, detail

    def action_l10n_fr_urssaf_open_requests(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "l10n_fr_urssaf_avance_immediate.action_l10n_fr_urssaf_payment_request"
        )
        action["domain"] = self._l10n_fr_urssaf_request_domain()
        action["context"] = {"search_default_group_state": 1}
        return action
