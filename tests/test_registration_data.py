from datetime import date

from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import IBAN, UrssafRegistrationCommon


@tagged("post_install", "-at_install")
class TestRegistrationData(UrssafRegistrationCommon):
    def test_prefill_from_contact_fills_empty_fields_only(self):
        partner = self._partner(l10n_fr_urssaf_first_names="Jeanne Marie")
        partner.with_user(self.user).action_l10n_fr_urssaf_prefill()
        self.assertEqual(partner.l10n_fr_urssaf_civility, "2")
        self.assertEqual(partner.l10n_fr_urssaf_birth_name, "MARTIN")
        # typed before: kept
        self.assertEqual(partner.l10n_fr_urssaf_first_names, "Jeanne Marie")
        self.assertEqual(
            (
                partner.l10n_fr_urssaf_street_number,
                partner.l10n_fr_urssaf_street_letter,
                partner.l10n_fr_urssaf_street_type,
                partner.l10n_fr_urssaf_street_label,
            ),
            ("12", "B", "AV", "des Lilas"),
        )
        self.assertEqual(partner.l10n_fr_urssaf_zip, "77300")
        self.assertEqual(partner.l10n_fr_urssaf_commune_label, "Fontainebleau")
        self.assertEqual(partner.l10n_fr_urssaf_country_id, self.france)
        self.assertRegex(partner.l10n_fr_urssaf_mobile, r"^06[0-9]{8}$")
        self.assertEqual(partner.l10n_fr_urssaf_email, partner.email)
        self.assertEqual(partner.l10n_fr_urssaf_bank_account_id, partner.bank_ids)
        self.assertEqual(partner.l10n_fr_urssaf_iban, IBAN)
        self.assertEqual(partner.l10n_fr_urssaf_bic, "AGRIFRPPXXX")
        self.assertEqual(partner.l10n_fr_urssaf_account_holder, "Mme Jeanne Martin")
        # a second prefill after the contact changed keeps what is recorded
        partner.write({"street": "3 rue de la Paix", "l10n_fr_urssaf_street_label": "des Roses"})
        partner.action_l10n_fr_urssaf_prefill()
        self.assertEqual(partner.l10n_fr_urssaf_street_label, "des Roses")

    def test_prefill_without_bank_account_builds_the_holder(self):
        partner = self._partner(bank_ids=[], name="Paul Durand", street="Lieu-dit Les Granges")
        partner.title = self.env.ref("base.res_partner_title_mister")
        partner.action_l10n_fr_urssaf_prefill()
        self.assertEqual(partner.l10n_fr_urssaf_civility, "1")
        self.assertEqual(
            (partner.l10n_fr_urssaf_first_names, partner.l10n_fr_urssaf_birth_name),
            ("Paul", "Durand"),
        )
        self.assertEqual(partner.l10n_fr_urssaf_account_holder, "M. Paul Durand")
        # a lieu-dit goes to the lieu-dit
        self.assertFalse(partner.l10n_fr_urssaf_street_type)
        self.assertEqual(partner.l10n_fr_urssaf_lieu_dit, "Les Granges")
        self.assertFalse(partner.l10n_fr_urssaf_address_complement)
        self.assertFalse(partner.l10n_fr_urssaf_iban)
        # any other street that is not "number + type + name" goes to the complement
        other = self._partner(street="5 quai Voltaire")
        other.action_l10n_fr_urssaf_prefill()
        self.assertFalse(other.l10n_fr_urssaf_street_type)
        self.assertFalse(other.l10n_fr_urssaf_lieu_dit)
        self.assertEqual(other.l10n_fr_urssaf_address_complement, "5 quai Voltaire")

    def test_a_typed_iban_is_not_mixed_with_another_account(self):
        partner = self._partner(l10n_fr_urssaf_iban="FR76 1010 7001 0112 3456 7890 129")
        partner.action_l10n_fr_urssaf_prefill()
        self.assertEqual(partner.l10n_fr_urssaf_iban, "FR76 1010 7001 0112 3456 7890 129")
        self.assertFalse(partner.l10n_fr_urssaf_bank_account_id)
        self.assertFalse(partner.l10n_fr_urssaf_bic)
        self.assertEqual(partner.l10n_fr_urssaf_account_holder, "Mme Jeanne MARTIN")
        self.assertEqual(partner._l10n_fr_urssaf_registration_data().bic, "BREDFRPP")

    def test_registration_data_uses_the_contact_where_the_tab_is_empty(self):
        partner = self._partner(l10n_fr_urssaf_birth_name="MARTIN-DUBOIS")
        data = partner._l10n_fr_urssaf_registration_data()
        self.assertEqual(data.birth_name, "MARTIN-DUBOIS")
        self.assertEqual(data.first_names, "Jeanne")
        self.assertEqual(data.birth_country_code, "99100")
        self.assertEqual(data.birth_department, "77")
        self.assertEqual(data.birth_commune_code, "77186")
        self.assertEqual(data.country_code, "99100")
        self.assertEqual(data.bic, "AGRIFRPPXXX")
        self.assertFalse(partner._l10n_fr_urssaf_registration_problems(data))
        # the data were not written: nothing recorded until the user asks
        self.assertFalse(partner.l10n_fr_urssaf_first_names)

    def test_birth_abroad_sends_the_insee_country_code(self):
        partner = self._partner()
        with Form(partner.with_user(self.user)) as form:
            form.l10n_fr_urssaf_birth_country_id = self.env.ref("base.ma")
            self.assertFalse(form.l10n_fr_urssaf_birth_department_id)
            self.assertFalse(form.l10n_fr_urssaf_birth_commune_code)
            self.assertEqual(form.l10n_fr_urssaf_birth_country_code, "99350")
        data = partner._l10n_fr_urssaf_registration_data()
        self.assertEqual(data.birth_country_code, "99350")
        self.assertFalse(partner._l10n_fr_urssaf_registration_problems(data))

    def test_overseas_birth_is_a_french_birth(self):
        reunion = self.env["res.country.department"].search([("code", "=", "974")])
        partner = self._partner(
            l10n_fr_urssaf_birth_country_id=self.env.ref("base.re").id,
            l10n_fr_urssaf_birth_department_id=reunion.id,
            l10n_fr_urssaf_birth_commune_code="97411",
            l10n_fr_urssaf_birth_commune_label="Saint-Denis",
        )
        data = partner._l10n_fr_urssaf_registration_data()
        self.assertEqual((data.birth_country_code, data.birth_department), ("99100", "974"))
        self.assertFalse(partner._l10n_fr_urssaf_registration_problems(data))

    def test_country_without_insee_code_is_a_problem(self):
        partner = self._partner(
            l10n_fr_urssaf_birth_country_id=self.env.ref("base.aq").id,
            l10n_fr_urssaf_birth_department_id=False,
            l10n_fr_urssaf_birth_commune_code=False,
        )
        problems = partner._l10n_fr_urssaf_registration_problems()
        self.assertEqual([field for field, _text in problems], ["birth_country_code"])
        self.assertIn("no INSEE code", problems[0][1])

    def test_bank_account_choice_fills_iban_bic_and_holder(self):
        partner = self._partner(bank_ids=[])
        bank = self.env["res.partner.bank"].create(
            {
                "partner_id": partner.id,
                "acc_number": "FR76 1010 7001 0112 3456 7890 129",
                "acc_holder_name": "M. Paul Martin",
            }
        )
        with Form(partner.with_user(self.user)) as form:
            form.l10n_fr_urssaf_bank_account_id = bank
            self.assertEqual(form.l10n_fr_urssaf_iban, "FR7610107001011234567890129")
            self.assertEqual(form.l10n_fr_urssaf_bic, "BREDFRPP")
            self.assertEqual(form.l10n_fr_urssaf_account_holder, "M. Paul Martin")
            form.l10n_fr_urssaf_iban = IBAN
            self.assertEqual(form.l10n_fr_urssaf_bic, "AGRIFRPPXXX")

    def test_wizard_lists_every_problem_and_refuses_to_send(self):
        partner = self._partner(
            mobile="01 23 45 67 89",
            email="jeanne+urssaf@exemple.fr",
            bank_ids=[],
            l10n_fr_urssaf_birth_date=False,
            l10n_fr_urssaf_commune_code="77300",
            l10n_fr_urssaf_street_label="de la très longue avenue des Lilas en fleurs",
            l10n_fr_urssaf_iban="FR7630006000011234567890188",
        )
        before = self.sandbox.stats()["api_calls"]
        form = self._open_wizard(partner)
        fields = {field for field, _text in partner._l10n_fr_urssaf_registration_problems()}
        self.assertGreaterEqual(fields, {"mobile", "email", "birth_date", "street_label", "iban"})
        self.assertEqual(form.problem_count, len(partner._l10n_fr_urssaf_registration_problems()))
        for text in ("Mobile phone", "E-mail address", "Date of birth", "Street name", "IBAN"):
            self.assertIn(text, form.problems_html)
        wizard = form.save()
        with self.assertRaises(UserError) as caught:
            wizard.action_send()
        self.assertIn("Nothing was sent", str(caught.exception))
        self.assertIn("Mobile phone", str(caught.exception))
        self.assertEqual(self.sandbox.stats()["api_calls"], before)
        self.assertFalse(self._link(partner))

    def test_problems_are_in_french_for_a_french_user(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.user.lang = "fr_FR"
        partner = self._partner(mobile="01 23 45 67 89", l10n_fr_urssaf_birth_date=False)
        form = self._open_wizard(partner)
        self.assertIn("Téléphone portable", form.problems_html)
        self.assertIn("Date de naissance", form.problems_html)
        self.assertNotIn("Mobile phone", form.problems_html)

    def test_wizard_shows_the_data_with_the_iban_masked(self):
        partner = self._partner()
        form = self._open_wizard(partner)
        self.assertEqual(form.problem_count, 0)
        self.assertIn("FR76 **** **** 0189", form.summary_html)
        self.assertNotIn(IBAN, form.summary_html)
        self.assertNotIn("3000 6000", form.summary_html)
        self.assertIn("Fontainebleau", form.summary_html)
        self.assertIn("99100", form.summary_html)

    def test_one_client_per_request(self):
        partners = self._partner() | self._partner()
        with self.assertRaises(UserError) as caught:
            partners.with_user(self.user).action_l10n_fr_urssaf_register()
        self.assertIn("client par client", str(caught.exception))
        action = self.env.ref(
            "l10n_fr_urssaf_avance_immediate.action_l10n_fr_urssaf_register_partner"
        )
        with self.assertRaises(UserError) as caught:
            action.with_user(self.user).with_context(
                active_model="res.partner", active_ids=partners.ids, active_id=partners[0].id
            ).run()
        self.assertIn("one client per request", str(caught.exception))
        # the server action on one contact opens the wizard
        result = (
            action.with_user(self.user)
            .with_context(
                active_model="res.partner", active_ids=partners[0].ids, active_id=partners[0].id
            )
            .run()
        )
        self.assertEqual(result["res_model"], "l10n_fr_urssaf.registration.wizard")

    def test_a_company_cannot_be_registered(self):
        company = self.env["res.partner"].create({"name": "Ménage SARL", "is_company": True})
        with self.assertRaises(UserError) as caught:
            company.with_user(self.user).action_l10n_fr_urssaf_register()
        self.assertIn("is a company", str(caught.exception))
        wizard = self.env["l10n_fr_urssaf.registration.wizard"].create({"partner_id": company.id})
        self.assertTrue(wizard.problem_count)
        with self.assertRaises(UserError):
            wizard.action_send()
        self.assertFalse(self._link(company))

    def test_contact_form_shows_the_urssaf_tab(self):
        partner = self._partner()
        with Form(partner.with_user(self.user)) as form:
            self.assertEqual(form.l10n_fr_urssaf_state, "draft")
            form.l10n_fr_urssaf_usage_name = "DUPONT"
        self.assertEqual(partner.l10n_fr_urssaf_usage_name, "DUPONT")
        self.assertEqual(partner.l10n_fr_urssaf_birth_date, date(1980, 3, 29))

    def test_a_problem_with_a_value_from_the_contact_says_where_it_comes_from(self):
        partner = self._partner(mobile="01 23 45 67 89")
        problems = dict(partner._l10n_fr_urssaf_registration_problems())
        self.assertIn("taken from the contact", problems["mobile"])
        # once typed in the URSSAF tab, the problem is the tab's own
        partner.l10n_fr_urssaf_mobile = "01 23 45 67 88"
        problems = dict(partner._l10n_fr_urssaf_registration_problems())
        self.assertNotIn("taken from the contact", problems["mobile"])
