"""Per-company settings of the payment requests."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..urssaf_api.billing import checks


class ResCompany(models.Model):
    _inherit = "res.company"

    l10n_fr_urssaf_deposits_authorised = fields.Boolean(
        string="URSSAF authorised deposits",
        help="URSSAF authorised your organisation to declare deposits (mntAcompte) in payment "
        "requests. Without it, URSSAF refuses a request with a deposit (ERR_ACOMPTE_BLOQUE): "
        "the sending wizard warns you.",
    )
    l10n_fr_urssaf_warn_amount = fields.Monetary(
        string="Warn above (incl. VAT)",
        currency_field="currency_id",
        default=float(checks.DEFAULT_WARN_AMOUNT),
        help="The sending wizard warns about an invoice whose total including VAT is above this "
        "amount (it is still sent): a typo in a quantity or a price must not become a debit of "
        "the client, which the client's silence validates after 48 hours. 0: no warning.",
    )

    @api.constrains("l10n_fr_urssaf_warn_amount")
    def _check_l10n_fr_urssaf_warn_amount(self):
        for company in self:
            if company.l10n_fr_urssaf_warn_amount < 0:
                raise ValidationError(
                    self.env._(
                        "%(company)s, URSSAF warning amount: %(amount)s is negative. Type a "
                        "positive amount including VAT, or 0 for no warning.",
                        company=company.name,
                        amount=company.l10n_fr_urssaf_warn_amount,
                    )
                )


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    l10n_fr_urssaf_deposits_authorised = fields.Boolean(
        related="company_id.l10n_fr_urssaf_deposits_authorised", readonly=False
    )
    l10n_fr_urssaf_warn_amount = fields.Monetary(
        related="company_id.l10n_fr_urssaf_warn_amount",
        currency_field="currency_id",
        readonly=False,
    )
