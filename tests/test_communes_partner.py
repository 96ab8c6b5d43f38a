"""The commune list where INSEE codes were typed: the client's town from the postal code and
the town's name, the birthplace chosen by name, through the contact form."""

from datetime import date

from odoo.tests import Form, tagged
from odoo.tools.safe_eval import safe_eval

from odoo.addons.l10n_fr_urssaf_avance_immediate.urssaf_api import build_registration_payload

from .common import UrssafRegistrationCommon


@tagged("post_install", "-at_install")
class TestCommunesOnContacts(UrssafRegistrationCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Commune = cls.env["l10n_fr_urssaf.commune"]
        cls.Commune = Commune
        cls.paris_14 = Commune.search([("code", "=", "75114")])
        cls.ajaccio = Commune.search([("code", "=", "2A004")])
        cls.belley = Commune.search([("code", "=", "01034")])
        cls.department_974 = cls.env["res.country.department"].search([("code", "=", "974")])
        cls.department_2a = cls.env["res.country.department"].search([("code", "=", "2A")])

    def _form(self, partner=None):
        partner = partner or self.env["res.partner"]
        return Form(partner.with_user(self.user).with_context(lang=self.user.lang))

    def _autocomplete(self, form, field_name, text):
        """What the field's autocomplete offers for ``text``: the field's domain in the contact
        form, evaluated on the form's values, then the commune's name search."""
        arch = form._view["tree"]
        node = arch.xpath(f"//field[@name='{field_name}']")[0]
        values = {
            "l10n_fr_urssaf_zip": form.l10n_fr_urssaf_zip,
            "l10n_fr_urssaf_birth_department_code": form.l10n_fr_urssaf_birth_department_code,
        }
        domain = safe_eval(node.get("domain"), values)
        return [
            (self.Commune.browse(commune_id), name)
            for commune_id, name in self.Commune.with_user(self.user).name_search(
                text, args=domain, limit=8
            )
        ]

    def test_town_found_from_postal_code_and_name(self):
        form = self._form()
        form.name = "Marie CURIE"
        form.l10n_fr_urssaf_zip = "75014"
        form.l10n_fr_urssaf_commune_label = "paris"
        self.assertEqual(form.l10n_fr_urssaf_commune_id, self.paris_14)
        self.assertEqual(form.l10n_fr_urssaf_commune_code, "75114")
        self.assertEqual(form.l10n_fr_urssaf_commune_label, "Paris 14e Arrondissement")

        # 22 towns share 01300: none is chosen until the town's name says which
        form.l10n_fr_urssaf_zip = "01300"
        self.assertFalse(form.l10n_fr_urssaf_commune_id)
        self.assertFalse(form.l10n_fr_urssaf_commune_code)
        offered = self._autocomplete(form, "l10n_fr_urssaf_commune_id", "")
        self.assertEqual(len(offered), 8)  # the first 8 of the postal code's towns
        self.assertTrue(all("01300" in c._postal_codes() for c, _name in offered))
        self.assertEqual(
            [c for c, _name in self._autocomplete(form, "l10n_fr_urssaf_commune_id", "bel")],
            [self.belley],
        )
        form.l10n_fr_urssaf_commune_id = self.belley
        self.assertEqual(form.l10n_fr_urssaf_commune_code, "01034")
        self.assertEqual(form.l10n_fr_urssaf_commune_label, "Belley")
        form.l10n_fr_urssaf_commune_label = "GROSLEE ST BENOIT"
        self.assertEqual(form.l10n_fr_urssaf_commune_code, "01338")
        partner = form.save()
        self.assertEqual(partner.l10n_fr_urssaf_commune_label, "Groslée-Saint-Benoit")

    def test_prefill_finds_the_town(self):
        partner = self._partner(
            zip="69003", city="LYON", l10n_fr_urssaf_commune_code=False, street="3 rue Paul Bert"
        )
        partner.with_user(self.user).action_l10n_fr_urssaf_prefill()
        self.assertEqual(partner.l10n_fr_urssaf_commune_code, "69383")
        self.assertEqual(partner.l10n_fr_urssaf_commune_label, "Lyon 3e Arrondissement")
        self.assertEqual(partner.l10n_fr_urssaf_commune_id.code, "69383")
        # without pressing Prefill, the registration data find it too
        other = self._partner(zip="13008", city="Marseille", l10n_fr_urssaf_commune_code=False)
        self.assertEqual(other._l10n_fr_urssaf_registration_data().commune_code, "13208")

    def test_birthplace_chosen_by_name(self):
        form = self._form()
        form.name = "Jean HOARAU"
        form.l10n_fr_urssaf_birth_country_id = self.france
        form.l10n_fr_urssaf_birth_department_id = self.department_974
        offered = self._autocomplete(form, "l10n_fr_urssaf_birth_commune_id", "SAINT DENIS")
        self.assertEqual([name for _c, name in offered], ["Saint-Denis (974)"])
        form.l10n_fr_urssaf_birth_commune_id = offered[0][0]
        self.assertEqual(form.l10n_fr_urssaf_birth_commune_code, "97411")
        self.assertEqual(form.l10n_fr_urssaf_birth_commune_label, "Saint-Denis")
        self.assertEqual(form.l10n_fr_urssaf_birth_department_id, self.department_974)

        # without a department, every Saint-Denis; choosing one fills the department
        form.l10n_fr_urssaf_birth_department_id = self.env["res.country.department"]
        offered = self._autocomplete(form, "l10n_fr_urssaf_birth_commune_id", "saint-denis")
        names = [name for _c, name in offered]
        self.assertIn("Saint-Denis (93)", names)
        self.assertIn("Saint-Denis (974)", names)
        # Paris, Lyon and Marseille: births are recorded by arrondissement
        names = [
            n for _c, n in self._autocomplete(form, "l10n_fr_urssaf_birth_commune_id", "paris")
        ]
        self.assertNotIn("Paris (75)", names)
        self.assertIn("Paris 14e Arrondissement (75)", names)
        ajaccio = self._autocomplete(form, "l10n_fr_urssaf_birth_commune_id", "ajaccio")[0][0]
        form.l10n_fr_urssaf_birth_commune_id = ajaccio
        self.assertEqual(form.l10n_fr_urssaf_birth_department_id, self.department_2a)
        self.assertEqual(form.l10n_fr_urssaf_birth_commune_code, "2A004")

    def test_birthplace_since_merged_or_with_a_former_code(self):
        form = self._form()
        form.name = "Paul BERNARD"
        form.l10n_fr_urssaf_birth_country_id = self.france
        # born in Saint-Bois, merged into Arboys en Bugey in 2016: found under its own name
        offered = self._autocomplete(form, "l10n_fr_urssaf_birth_commune_id", "st bois")
        self.assertIn("Saint-Bois (01, now Arboys en Bugey)", [name for _c, name in offered])
        saint_bois = next(c for c, name in offered if name.startswith("Saint-Bois (01"))
        form.l10n_fr_urssaf_birth_commune_id = saint_bois
        self.assertEqual(form.l10n_fr_urssaf_birth_commune_code, "01340")
        self.assertEqual(form.l10n_fr_urssaf_birth_commune_label, "Saint-Bois")
        self.assertEqual(form.l10n_fr_urssaf_birth_department_id.code, "01")
        # a Corsican code from before 1976 typed by hand: the current code
        form.l10n_fr_urssaf_birth_commune_code = "20004"
        self.assertEqual(form.l10n_fr_urssaf_birth_commune_id, self.ajaccio)
        self.assertEqual(form.l10n_fr_urssaf_birth_commune_code, "2A004")
        self.assertEqual(form.l10n_fr_urssaf_birth_department_id, self.department_2a)
        # a code the list does not know stays as typed, with its label (manual entry)
        form.l10n_fr_urssaf_birth_commune_code = "77999"
        form.l10n_fr_urssaf_birth_commune_label = "Ville Inconnue"
        self.assertFalse(form.l10n_fr_urssaf_birth_commune_id)
        partner = form.save()
        self.assertEqual(partner.l10n_fr_urssaf_birth_commune_code, "77999")
        self.assertEqual(partner.l10n_fr_urssaf_birth_commune_label, "Ville Inconnue")

    def test_payload_by_names_equals_payload_by_codes(self):
        common = {
            "name": "Marie CURIE",
            "street": "5 rue Daguerre",
            "mobile": "06 11 22 33 44",
            "email": "marie.curie@exemple.fr",
            "l10n_fr_urssaf_birth_date": date(1967, 11, 7),
        }
        # by names: the contact's postal code and town, the birthplace chosen by name
        form = self._form()
        for name, value in common.items():
            form[name] = value
        form.zip = "75014"
        form.city = "Paris"
        form.country_id = self.france
        form.l10n_fr_urssaf_birth_country_id = self.france
        offered = self._autocomplete(form, "l10n_fr_urssaf_birth_commune_id", "AJACCIO")
        form.l10n_fr_urssaf_birth_commune_id = offered[0][0]
        by_names = form.save()
        by_names.title = self.env.ref("base.res_partner_title_madam")
        by_names.bank_ids = [(0, 0, {"acc_number": "FR7630006000011234567890189"})]
        # by codes: every INSEE code typed in the URSSAF tab
        by_codes = self._partner(
            **common,
            zip="75014",
            city="Paris",
            l10n_fr_urssaf_commune_code="75114",
            l10n_fr_urssaf_commune_label="Paris 14e Arrondissement",
            l10n_fr_urssaf_birth_department_id=self.department_2a.id,
            l10n_fr_urssaf_birth_commune_code="2A004",
            l10n_fr_urssaf_birth_commune_label="Ajaccio",
            bank_ids=[(0, 0, {"acc_number": "FR7630006000011234567890189"})],
        )
        self.assertFalse(by_names._l10n_fr_urssaf_registration_problems())
        payload = build_registration_payload(by_names._l10n_fr_urssaf_registration_data())
        self.assertEqual(
            payload, build_registration_payload(by_codes._l10n_fr_urssaf_registration_data())
        )
        self.assertEqual(
            payload["lieuNaissance"],
            {
                "codePaysNaissance": "99100",
                "departementNaissance": "02A",
                "communeNaissance": {"codeCommune": "004", "libelleCommune": "Ajaccio"},
            },
        )
        self.assertEqual(payload["adressePostale"]["codeCommune"], "75114")
        self.assertEqual(payload["adressePostale"]["libelleCommune"], "Paris 14e Arrondissement")

    def test_birth_in_saint_martin_is_no_longer_refused(self):
        form = self._form()
        form.name = "Léa FLEMING"
        form.l10n_fr_urssaf_birth_country_id = self.france
        offered = self._autocomplete(form, "l10n_fr_urssaf_birth_commune_id", "saint martin")
        saint_martin = next(c for c, name in offered if name == "Saint-Martin (978)")
        form.l10n_fr_urssaf_birth_commune_id = saint_martin
        # no department record for the collectivity: the department comes from the code
        self.assertFalse(form.l10n_fr_urssaf_birth_department_id)
        self.assertEqual(form.l10n_fr_urssaf_birth_commune_code, "97801")
        partner = form.save()
        for birth_date, sent in (
            (date(2010, 1, 2), ("978", "001")),
            (date(1990, 1, 2), ("971", "027")),
        ):
            partner.write(
                {
                    "l10n_fr_urssaf_birth_date": birth_date,
                    "street": "3 rue de la Paix",
                    "zip": "77300",
                    "city": "Fontainebleau",
                    "country_id": self.france.id,
                    "mobile": "06 11 22 33 55",
                    "email": "lea.fleming@exemple.fr",
                    "title": self.env.ref("base.res_partner_title_madam").id,
                    "bank_ids": [(0, 0, {"acc_number": "FR7630006000011234567890189"})]
                    if not partner.bank_ids
                    else [],
                }
            )
            self.assertFalse(partner._l10n_fr_urssaf_registration_problems())
            payload = build_registration_payload(partner._l10n_fr_urssaf_registration_data())
            place = payload["lieuNaissance"]
            self.assertEqual(
                (place["departementNaissance"], place["communeNaissance"]["codeCommune"]), sent
            )
            self.assertEqual(place["communeNaissance"]["libelleCommune"], "Saint-Martin")
