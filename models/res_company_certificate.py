"""What the annual tax certificate prints about the provider (its SAP declaration), and the
payment methods of prepaid CESU, reported apart on the certificate."""

import re

from odoo import api, fields, models
from odoo.exceptions import ValidationError

#: A NOVA declaration number: SAP and the 9 digits of the SIREN.
SAP_NUMBER_PATTERN = re.compile(r"SAP\d{9}")


class ResCompany(models.Model):
    _inherit = "res.company"

    l10n_fr_urssaf_sap_number = fields.Char(
        string="SAP declaration number",
        copy=False,
        help="The number of the declaration of home services (NOVA), SAP followed by 9 digits, "
        "printed on the annual tax certificates. Empty: the provider identifier sent to URSSAF "
        "when it is a SAP number.",
    )
    l10n_fr_urssaf_sap_date = fields.Date(
        string="SAP declaration date",
        copy=False,
        help="The date of the declaration's registration, printed on the annual tax certificates.",
    )

    @api.constrains("l10n_fr_urssaf_sap_number")
    def _check_l10n_fr_urssaf_sap_number(self):
        for company in self:
            number = company.l10n_fr_urssaf_sap_number
            if number and not SAP_NUMBER_PATTERN.fullmatch(number):
                raise ValidationError(
                    self.env._(
                        "SAP declaration number of %(company)s: '%(value)s' is not valid. Type "
                        "SAP followed by the 9 digits of your NOVA declaration (e.g. "
                        "SAP852330992).",
                        company=company.name,
                        value=number,
                    )
                )

    def _l10n_fr_urssaf_sap_declaration_number(self):
        """The SAP number printed on the certificates: the one typed, or else the provider
        identifier sent to URSSAF when it is a SAP number (not a SIRET)."""
        self.ensure_one()
        if self.l10n_fr_urssaf_sap_number:
            return self.l10n_fr_urssaf_sap_number
        identifier = (self.l10n_fr_urssaf_provider_identifier or "").strip().upper()
        return identifier if SAP_NUMBER_PATTERN.fullmatch(identifier) else False


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    l10n_fr_urssaf_sap_number = fields.Char(
        related="company_id.l10n_fr_urssaf_sap_number", readonly=False
    )
    l10n_fr_urssaf_sap_date = fields.Date(
        related="company_id.l10n_fr_urssaf_sap_date", readonly=False
    )


class AccountPaymentMethodLine(models.Model):
    _inherit = "account.payment.method.line"

    l10n_fr_urssaf_is_cesu = fields.Boolean(
        string="Prepaid CESU",
        help="Payments received with this method are prepaid CESU (titres CESU préfinancés): "
        "the annual tax certificate reports them apart, the client's tax credit does not "
        "include what an employer or a fund prefinanced.",
    )
