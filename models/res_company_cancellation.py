"""Per-company settings of the cancellations asked from URSSAF by e-mail: URSSAF's address and
the e-mail's template."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import email_normalize

from ..urssaf_api import cancellation

CANCEL_TEMPLATE_XMLID = "l10n_fr_urssaf_avance_immediate.mail_template_urssaf_cancellation"
REQUEST_MODEL = "l10n_fr_urssaf.payment.request"


class ResCompany(models.Model):
    _inherit = "res.company"

    l10n_fr_urssaf_cancel_email = fields.Char(
        string="URSSAF's address for cancellations",
        default=cancellation.DEFAULT_ADDRESS,
        help="Where Ask URSSAF to cancel writes: URSSAF has no service to cancel a payment "
        "request, the provider asks its immediate-advance department by e-mail. The default, "
        "avance-immediate@urssaf.fr, is the address an open implementation uses and the one "
        "given for the guarantee certificates; URSSAF publishes none for cancellations: use the "
        "one your URSSAF contact gave you if it differs.",
    )
    l10n_fr_urssaf_cancel_template_id = fields.Many2one(
        "mail.template",
        string="Cancellation e-mail template",
        domain=[("model", "=", REQUEST_MODEL)],
        help="The e-mail asking URSSAF to cancel a payment request (in French), rendered on the "
        "request; the user can still edit it before sending. Empty: the module's template.",
    )

    @api.constrains("l10n_fr_urssaf_cancel_email")
    def _check_l10n_fr_urssaf_cancel_email(self):
        for company in self:
            value = company.l10n_fr_urssaf_cancel_email
            if value and not email_normalize(value):
                raise ValidationError(
                    self.env._(
                        "%(company)s, URSSAF's address for cancellations: '%(value)s' is not an "
                        "e-mail address. Type one (by default %(default)s).",
                        company=company.name,
                        value=value,
                        default=cancellation.DEFAULT_ADDRESS,
                    )
                )

    def _l10n_fr_urssaf_cancel_address(self):
        """URSSAF's address for cancellations: the company's, else the default."""
        self.ensure_one()
        return (self.l10n_fr_urssaf_cancel_email or "").strip() or cancellation.DEFAULT_ADDRESS

    def _l10n_fr_urssaf_cancel_template(self):
        """The company's template, else the module's (an empty recordset if deleted)."""
        self.ensure_one()
        template = self.sudo().l10n_fr_urssaf_cancel_template_id
        if not template:
            template = self.env.ref(CANCEL_TEMPLATE_XMLID, raise_if_not_found=False)
        return template or self.env["mail.template"]


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    l10n_fr_urssaf_cancel_email = fields.Char(
        related="company_id.l10n_fr_urssaf_cancel_email", readonly=False
    )
    l10n_fr_urssaf_cancel_template_id = fields.Many2one(
        related="company_id.l10n_fr_urssaf_cancel_template_id", readonly=False
    )
