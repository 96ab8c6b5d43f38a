"""The contact's towns chosen in the official commune list: they fill the INSEE codes and labels
that the registration sends."""

from odoo import api, models

from ..urssaf_api import communes as urssaf_communes
from .res_partner import FRENCH_COUNTRY_CODES


class ResPartnerUrssafCommune(models.Model):
    _inherit = "res.partner"

    @api.onchange("l10n_fr_urssaf_birth_commune_id")
    def _onchange_l10n_fr_urssaf_birth_commune_id(self):
        commune = self.l10n_fr_urssaf_birth_commune_id
        if commune:
            self.update(self._l10n_fr_urssaf_birth_commune_values(commune))

    @api.onchange("l10n_fr_urssaf_birth_commune_code")
    def _onchange_l10n_fr_urssaf_birth_commune_code(self):
        """A code typed by hand: the commune of the list with this code, current or former
        (Corsica before 1976: 20004 gives Ajaccio, 2A004)."""
        code = (self.l10n_fr_urssaf_birth_commune_code or "").strip().upper()
        commune = self.l10n_fr_urssaf_birth_commune_id
        if not code or code == commune.code:
            return
        found = self.env["l10n_fr_urssaf.commune"]._find_by_code(code)
        self.l10n_fr_urssaf_birth_commune_id = found
        if found:
            self.update(self._l10n_fr_urssaf_birth_commune_values(found))

    @api.onchange("l10n_fr_urssaf_commune_id")
    def _onchange_l10n_fr_urssaf_commune_id(self):
        commune = self.l10n_fr_urssaf_commune_id
        if commune:
            self.update(self._l10n_fr_urssaf_commune_values(commune))

    @api.onchange("l10n_fr_urssaf_zip", "l10n_fr_urssaf_commune_label")
    def _onchange_l10n_fr_urssaf_zip_town(self):
        """The town's INSEE code from the postal code and the town's name."""
        found = self.env["l10n_fr_urssaf.commune"]._find_for_address(
            self.l10n_fr_urssaf_zip, self.l10n_fr_urssaf_commune_label
        )
        current = self.l10n_fr_urssaf_commune_id
        if found and (found != current or self.l10n_fr_urssaf_commune_code != found.code):
            self.update(self._l10n_fr_urssaf_commune_values(found))
        elif found:
            # the town as typed ("paris") becomes the official name URSSAF wants
            self.l10n_fr_urssaf_commune_label = urssaf_communes.payload_label(found.name)
        elif not found and current and self.l10n_fr_urssaf_zip not in current._postal_codes():
            # another postal code: the town chosen before is not this one
            self.l10n_fr_urssaf_commune_id = False
            self.l10n_fr_urssaf_commune_code = False

    def _l10n_fr_urssaf_commune_values(self, commune):
        values = {
            "l10n_fr_urssaf_commune_id": commune.id,
            "l10n_fr_urssaf_commune_code": commune.code,
            "l10n_fr_urssaf_commune_label": urssaf_communes.payload_label(commune.name),
        }
        postal_codes = (commune.postal_codes or "").split()
        if len(postal_codes) == 1 and not self.l10n_fr_urssaf_zip:
            values["l10n_fr_urssaf_zip"] = postal_codes[0]
        return values

    def _l10n_fr_urssaf_birth_commune_values(self, commune):
        departments = self.env["res.country.department"].search(
            [
                ("code", "=", commune.department_code),
                ("country_id.code", "in", FRENCH_COUNTRY_CODES),
            ],
            limit=1,
        )
        values = {
            "l10n_fr_urssaf_birth_commune_id": commune.id,
            "l10n_fr_urssaf_birth_commune_code": commune.code,
            "l10n_fr_urssaf_birth_commune_label": urssaf_communes.payload_label(commune.name),
            # the collectivities outside the OCA data (975, 977, 978, 98x) have no department
            # record: the department sent is derived from the INSEE code
            "l10n_fr_urssaf_birth_department_id": departments.id,
        }
        if not self.l10n_fr_urssaf_born_in_france:
            values["l10n_fr_urssaf_birth_country_id"] = self.env.ref("base.fr").id
        return values
