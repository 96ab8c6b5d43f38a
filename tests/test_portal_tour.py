"""The client's form in a real browser (Odoo's tour, headless Chromium): a client fills their
URSSAF data as they would, choosing the town of birth by its name and having an IBAN refused."""

from datetime import date

from odoo.tests import HttpCase, tagged

from .common import IBAN, UrssafRegistrationCommon


@tagged("post_install", "-at_install")
class TestPortalTour(UrssafRegistrationCommon, HttpCase):
    def test_a_client_fills_the_form_in_the_browser(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(
            ["l10n_fr_urssaf_avance_immediate"], ["fr_FR"], overwrite=True
        )
        partner = self.env["res.partner"].create(
            {
                "name": "Jeanne MARTIN",
                "email": "jeanne.visite@exemple.fr",
                "street": "12 rue Victor Hugo",
                "zip": "77000",
                "city": "Melun",
                "country_id": self.france.id,
                "lang": "fr_FR",
                "user_id": self.user.id,
            }
        )
        self._portal_user(partner, "portal_tour")
        self._invited(partner)
        self.start_tour("/my/urssaf", "l10n_fr_urssaf_portal_tour", login="portal_tour")
        partner.invalidate_recordset()
        self.assertEqual(partner.l10n_fr_urssaf_first_names, "Jeanne Marie Louise")
        self.assertEqual(partner.l10n_fr_urssaf_birth_date, date(1950, 3, 14))
        self.assertEqual(partner.l10n_fr_urssaf_birth_commune_code, "74011")
        self.assertEqual(partner.l10n_fr_urssaf_iban, IBAN)
        self.assertEqual(partner.l10n_fr_urssaf_mobile, "0612345678")
        self.assertTrue(partner.l10n_fr_urssaf_portal_consent_at)
        self.assertEqual(partner._l10n_fr_urssaf_registration_problems(), [])
