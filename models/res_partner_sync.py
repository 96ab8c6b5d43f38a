"""On the contact: a smart button with the client's URSSAF payment requests and their totals."""

from odoo import api, fields, models

from ..urssaf_api import states
from .l10n_fr_urssaf_synced_mixin import USER_GROUP_XMLID


class ResPartner(models.Model):
    _inherit = "res.partner"

    l10n_fr_urssaf_request_count = fields.Integer(
        string="URSSAF payment requests",
        compute="_compute_l10n_fr_urssaf_requests",
        groups=USER_GROUP_XMLID,
    )
    l10n_fr_urssaf_request_total = fields.Monetary(
        string="Billed through URSSAF",
        compute="_compute_l10n_fr_urssaf_requests",
        currency_field="l10n_fr_urssaf_currency_id",
        groups=USER_GROUP_XMLID,
    )
    l10n_fr_urssaf_transferred_total = fields.Monetary(
        string="Transferred by URSSAF",
        compute="_compute_l10n_fr_urssaf_requests",
        currency_field="l10n_fr_urssaf_currency_id",
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

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_l10n_fr_urssaf_requests(self):
        Request = self.env["l10n_fr_urssaf.payment.request"]
        for partner in self:
            partner.l10n_fr_urssaf_currency_id = self.env.company.currency_id
            if not partner.id:
                partner.l10n_fr_urssaf_request_count = 0
                partner.l10n_fr_urssaf_request_total = 0.0
                partner.l10n_fr_urssaf_transferred_total = 0.0
                continue
            # a cancelled request is not billed (its invoice is cancelled or sent again)
            groups = Request._read_group(
                partner._l10n_fr_urssaf_request_domain() + [("state", "!=", "cancelled")],
                aggregates=["__count", "amount_total:sum", "transfer_amount:sum"],
            )
            count, total, transferred = groups[0] if groups else (0, 0.0, 0.0)
            partner.l10n_fr_urssaf_request_count = count
            partner.l10n_fr_urssaf_request_total = total or 0.0
            partner.l10n_fr_urssaf_transferred_total = transferred or 0.0

    def action_l10n_fr_urssaf_open_requests(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "l10n_fr_urssaf_avance_immediate.action_l10n_fr_urssaf_payment_request"
        )
        action["domain"] = self._l10n_fr_urssaf_request_domain()
        action["context"] = {"search_default_group_state": 1}
        return action
