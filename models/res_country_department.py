"""The French of l10n_fr_department's "Department" (empty in its fr.po), carried by this module:
the department of birth in the URSSAF tab opens its list under the model's name."""

from odoo import models


class ResCountryDepartment(models.Model):
    _inherit = "res.country.department"
    # the same name as l10n_fr_department's, exported in this module's .pot and translated here
    _description = "Department"
