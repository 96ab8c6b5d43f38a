"""Per-company settings of the payment requests."""

from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    l10n_fr_urssaf_deposits_authorised = fields.Boolean(
        string="URSSAF authorised deposits",
        help="URSSAF authorised your organisation to declare deposits (mntAcompte) in payment "
        "requests. Without it, URSSAF refuses a request with a deposit (ERR_ACOMPTE_BLOQUE): "
        "the sending wizard warns you.",
    )


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    l10n_fr_urssaf_deposits_authorised = fields.Boolean(
        related="company_id.l10n_fr_urssaf_deposits_authorised", readonly=False
    )
