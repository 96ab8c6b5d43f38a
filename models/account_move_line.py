"""The URSSAF nature, unit and service dates of an invoice line (defaulted from the product)."""

from odoo import api, fields, models

from .product_template import UNITS, nature_selection, unit_for_uom


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    l10n_fr_urssaf_nature = fields.Selection(
        selection=lambda self: nature_selection(self.env),
        string="URSSAF nature",
        compute="_compute_l10n_fr_urssaf_nature",
        store=True,
        readonly=False,
        copy=True,
        help="The URSSAF nature of the service (from the product).",
    )
    l10n_fr_urssaf_unit = fields.Selection(
        UNITS,
        string="URSSAF unit",
        compute="_compute_l10n_fr_urssaf_nature",
        store=True,
        readonly=False,
        copy=True,
    )
    l10n_fr_urssaf_service_start = fields.Date(
        string="Service start",
        copy=False,
        help="First day of this service, when it differs from the invoice's service period.",
    )
    l10n_fr_urssaf_service_end = fields.Date(string="Service end", copy=False)

    @api.depends("product_id", "product_uom_id")
    def _compute_l10n_fr_urssaf_nature(self):
        for line in self:
            template = line.product_id.product_tmpl_id
            line.l10n_fr_urssaf_nature = template.l10n_fr_urssaf_nature or False
            if template.l10n_fr_urssaf_unit and line.product_uom_id == template.uom_id:
                line.l10n_fr_urssaf_unit = template.l10n_fr_urssaf_unit
            elif line.product_uom_id or template:
                line.l10n_fr_urssaf_unit = unit_for_uom(self.env, line.product_uom_id)
            else:
                line.l10n_fr_urssaf_unit = False
