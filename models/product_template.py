"""What is billed through URSSAF: the nature of the service and its unit, on the product."""

from odoo import api, fields, models

from ..urssaf_api import NATURE_CODES
from .res_company import render_text

UNITS = [("HEURE", "Hour"), ("FORFAIT", "Flat rate")]
HOUR_UOM_XMLID = "uom.product_uom_hour"


def nature_selection(env):
    """The contract's nature codes with their labels in the user's language; 270 is marked not
    eligible (kept so that a product can say it, and a line with it is refused with a reason)."""
    return [
        (code, f"{code} – {render_text(env, nature.label)}")
        for code, nature in NATURE_CODES.items()
    ]


def unit_for_uom(env, uom):
    """Hour for the unit of measure "Hours" only (a quantity in days sent as hours would declare
    8 times fewer hours), flat rate otherwise; the product's URSSAF unit can say otherwise."""
    hour = env.ref(HOUR_UOM_XMLID, raise_if_not_found=False)
    return "HEURE" if uom and hour and uom == hour else "FORFAIT"


class ProductTemplate(models.Model):
    _inherit = "product.template"

    l10n_fr_urssaf_nature = fields.Selection(
        selection=lambda self: nature_selection(self.env),
        string="URSSAF service nature",
        help="The nature of the home service (codeNature) that URSSAF's immediate advance pays "
        "for. Invoice lines of this product are sent with it; 270 (other) is not eligible.",
    )
    l10n_fr_urssaf_unit = fields.Selection(
        UNITS,
        string="URSSAF unit",
        compute="_compute_l10n_fr_urssaf_unit",
        store=True,
        readonly=False,
        help="Hour or flat rate, as URSSAF counts the quantity; by default from the unit of "
        "measure (hours for a unit of working time).",
    )

    @api.depends("uom_id")
    def _compute_l10n_fr_urssaf_unit(self):
        for template in self:
            template.l10n_fr_urssaf_unit = unit_for_uom(self.env, template.uom_id)
