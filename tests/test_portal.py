"""The client's own space in the portal (``/my/urssaf``), through its routes on the real HTTP
server: the invitation, the page, the form posted with good and bad data, the follow-up, the
downloads, and the security (two portal clients, a public visitor, guessed ids, CSRF, fields the
client must not write, JSON-RPC)."""

import json
import re
from datetime import date

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import html2plaintext, mute_logger

from odoo.addons.l10n_fr_urssaf_avance_immediate.models.res_partner_portal import _PORTAL

from ..urssaf_api import derive_bic
from .common import E1_PATH, IBAN, USER_GROUPS, JsonRpcDoors
from .sync_common import UrssafSyncCommon

PORTAL_ACTIVITY = "l10n_fr_urssaf_avance_immediate.mail_activity_type_urssaf_portal"
BAD_IBAN = "FR7630006000011234567890188"  # wrong check digits
OTHER_IBAN = "FR7610107001011234567890129"


@tagged("post_install", "-at_install")
class TestPortal(JsonRpcDoors, UrssafSyncCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.env["ir.module.module"]._load_module_terms(
            ["l10n_fr_urssaf_avance_immediate"], ["fr_FR"], overwrite=True
        )
        # what a provider types from a phone call: name, e-mail, address, nothing of the birth
        cls.client_a = cls.env["res.partner"].create(
            {
                "name": "Jeanne MARTIN",
                "email": "jeanne.portail@exemple.fr",
                "street": "12 rue Victor Hugo",
                "zip": "77000",
                "city": "Melun",
                "country_id": cls.france.id,
                "lang": "fr_FR",
                "user_id": cls.user.id,
            }
        )
        cls.portal_a = cls._portal_user(cls.client_a, "portal_jeanne")
        cls._invited(cls.client_a)
        cls.portal_b = None  # the other client: setUp (the common's complete contact)

    def setUp(self):
        super().setUp()
        # the common's client, registered and active with URSSAF
        self.client_b = self.client_partner
        self.client_b.lang = "fr_FR"
        self.portal_b = self._portal_user(self.client_b, "portal_registered")

    # ---------------------------------------------------------------- helpers

    def _login(self, user):
        self.authenticate(user.login, user.login)

    def _page(self):
        response = self.url_open("/my/urssaf")
        self.assertEqual(response.status_code, 200, response.text[:500])
        return response

    def _csrf(self, html):
        return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)

    def _form(self, **values):
        """A complete, valid form as the client submits it (``None`` leaves a field out)."""
        # Annecy-le-Vieux, merged into Annecy in 2017: the town at the date of birth
        born_in = self._commune("74011", "delegated")
        melun = self._commune("77288", "commune")
        form = {
            "civility": "2",
            "birth_name": "MARTIN",
            "usage_name": "",
            "first_names": "Jeanne Marie",
            "birth_date": "1950-03-14",
            "birth_country_id": str(self.france.id),
            "birth_commune_id": str(born_in.id),
            "birth_commune_name": born_in.display_name,
            "street_number": "12",
            "street_letter": "",
            "street_type": "R",
            "street_label": "Victor Hugo",
            "address_complement": "",
            "lieu_dit": "",
            "zip": "77000",
            "commune_id": str(melun.id),
            "commune_name": melun.name,
            "mobile": "06 12 34 56 78",
            "email": "jeanne.portail@exemple.fr",
            "iban": IBAN,
            "bic": "",
            "account_holder": "Mme Jeanne Martin",
        }
        form.update(values)
        return {name: value for name, value in form.items() if value is not None}

    def _post(self, data, csrf=True, expect=200):
        page = self._page()
        if csrf:
            data = {**data, "csrf_token": self._csrf(page.text)}
        response = self.url_open("/my/urssaf", data=data, allow_redirects=False)
        self.assertEqual(
            response.status_code, expect, self._problems(response) or response.text[:1000]
        )
        return response

    def _problems(self, response):
        """The text of the problems' summary at the top of the page ("" when there is none)."""
        found = re.search(r'id="o_urssaf_problems".*?</div>', response.text, re.S)
        return html2plaintext(found.group(0)) if found else ""

    def _text(self, response):
        return html2plaintext(response.text)

    def _portal_activities(self, partner):
        return partner.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref(PORTAL_ACTIVITY)
        )

    def _e1_calls(self):
        return self.sandbox.stats()["api_calls"].get(E1_PATH, 0)

    def _fresh(self, partner):
        partner.invalidate_recordset()
        return partner

    # ---------------------------------------------------------------- invitation

    def test_invitation_gives_a_portal_access_and_sends_the_link_in_french(self):
        partner = self.env["res.partner"].create(
            {"name": "Lucie BERNARD", "email": "lucie.bernard@exemple.fr", "lang": "fr_FR"}
        )
        action = partner.with_user(self.user).action_l10n_fr_urssaf_portal_invite()
        self.assertEqual(action["params"]["type"], "success")
        user = partner.with_context(active_test=False).user_ids
        self.assertEqual(len(user), 1)
        self.assertTrue(user.share and user.active)
        self.assertTrue(user.has_group("base.group_portal"))
        self.assertEqual(user.login, "lucie.bernard@exemple.fr")
        mail = self.env["mail.mail"].search(
            [("recipient_ids", "in", partner.ids)], order="id desc", limit=1
        )
        self.assertIn("Avance immédiate de crédit d'impôt", mail.subject)
        self.assertIn(self.company.name, mail.subject)
        body = mail.body_html
        self.assertIn("tels qu'ils figurent sur", body)
        # in the client's language from the first page: Odoo's portal takes it from the address
        self.assertIn("/fr/web/signup?", body)
        self.assertIn("redirect=%2Ffr%2Fmy%2Furssaf", body)
        self.assertEqual(partner.l10n_fr_urssaf_portal_invited_by_id, self.user)
        self.assertEqual(partner.l10n_fr_urssaf_portal_company_id, self.company)
        self.assertTrue(partner.l10n_fr_urssaf_portal_invited_at)
        self.assertIn("lucie.bernard@exemple.fr", self._notes(partner)[0])

    def test_a_client_who_already_logged_in_gets_the_login_link(self):
        self.portal_a.sudo().login_date = fields.Datetime.now()
        self.client_a.with_user(self.user).action_l10n_fr_urssaf_portal_invite()
        mail = self.env["mail.mail"].search(
            [("recipient_ids", "in", self.client_a.ids)], order="id desc", limit=1
        )
        self.assertIn("/web/login?redirect=/fr/my/urssaf", mail.body_html)
        self.assertNotIn("/web/signup", mail.body_html)
        self.assertEqual(len(self.client_a.user_ids), 1)

    def test_invitation_refusals_name_the_fix(self):
        company = self.env["res.partner"].create(
            {"name": "SARL Services", "is_company": True, "email": "sarl@exemple.fr"}
        )
        no_email = self.env["res.partner"].create({"name": "Marc SANS"})
        internal = self.env["res.partner"].browse(self.salesperson.partner_id.id)
        taken = new_test_user(self.env, login="deja.client@exemple.fr", groups="base.group_portal")
        other = self.env["res.partner"].create({"name": "Homonyme", "email": taken.login})
        cases = (
            (company, "company"),
            (no_email, "E-mail"),
            (internal, "user of this database"),
            (other, "already logs in"),
        )
        for partner, fragment in cases:
            with self.subTest(partner=partner.name), self.assertRaises(UserError) as caught:
                partner.with_user(self.user).action_l10n_fr_urssaf_portal_invite()
            self.assertIn(fragment, str(caught.exception))
            self.assertFalse(partner.sudo().l10n_fr_urssaf_portal_invited_at)

    def test_only_urssaf_users_invite_even_over_json_rpc(self):
        partner = self.env["res.partner"].create(
            {"name": "Paul DURAND", "email": "paul.durand@exemple.fr", "lang": "fr_FR"}
        )

        def invite(login):
            self.authenticate(login, login)
            return self._call_kw("res.partner", "action_l10n_fr_urssaf_portal_invite", [partner.id])

        answer = invite(self.plain_salesperson.login)
        self.assertIn("error", answer)
        self.assertIn("URSSAF", answer["error"]["data"]["message"])
        self.assertFalse(partner.with_context(active_test=False).user_ids)
        answer = invite(self.user.login)
        self.assertNotIn("error", answer, answer)
        self.assertEqual(answer["result"]["params"]["type"], "success")
        self.assertTrue(
            partner.with_context(active_test=False).user_ids.has_group("base.group_portal")
        )

    def test_what_the_portal_records_cannot_be_written_by_hand(self):
        for values in (
            {"l10n_fr_urssaf_portal_consent_at": fields.Datetime.now()},
            {"l10n_fr_urssaf_portal_consent_text": "J'accepte"},
            {"l10n_fr_urssaf_portal_invited_by_id": self.user.id},
        ):
            with self.subTest(values=values), self.assertRaises(UserError):
                self.client_a.with_user(self.user).write(values)
        with self.assertRaises(UserError):
            self.env["res.partner"].create(
                {"name": "X", "l10n_fr_urssaf_portal_consent_at": fields.Datetime.now()}
            )
        self.assertFalse(self.client_a.l10n_fr_urssaf_portal_consent_at)

    # ---------------------------------------------------------------- the page and the form

    def test_page_shows_the_prefill_and_nothing_of_another_client(self):
        self._login(self.portal_a)
        html = self._page().text
        self.assertIn('value="MARTIN"', html)  # birth name from the contact's name
        self.assertIn('value="Jeanne"', html)
        self.assertIn('value="Victor Hugo"', html)
        self.assertIn('value="jeanne.portail@exemple.fr"', html)
        self.assertIn("Avance immédiate", html)
        self.assertIn("tous, séparés par des espaces", html)  # the first names' hint, in French
        for foreign in (self.client_b.email, "Fontainebleau", "Lilas"):
            self.assertNotIn(foreign, html)
        # a visitor's language cookie wins over the user's language in Odoo's portal: the
        # invitation's links carry the client's language in the address
        self.opener.cookies.set("frontend_lang", "en_US")
        self.assertIn("As on your tax notice", self.url_open("/my/urssaf").text)
        self.assertIn("tous, séparés par des espaces", self.url_open("/fr/my/urssaf").text)
        # the home page's entry
        home = self.url_open("/my/home").text
        self.assertIn('href="/my/urssaf"', home)
        self.assertEqual(self._home_counter(), 1)

    def test_every_problem_at_once_and_nothing_recorded_lost(self):
        self.client_a.write(
            {
                "l10n_fr_urssaf_iban": OTHER_IBAN,
                "l10n_fr_urssaf_first_names": "Jeanne",
                "l10n_fr_urssaf_mobile": "0611111111",
            }
        )
        self._login(self.portal_a)
        response = self._post(
            self._form(
                iban=BAD_IBAN,
                first_names="",
                birth_date="14/03/1950x",
                birth_commune_id="",
                birth_commune_name="Saint-Denis",
                mobile="06 22 33 44 55",
                consent="1",
            )
        )
        problems = self._problems(response)
        for fragment in ("IBAN", "Prénoms", "Date de naissance", "Saint-Denis"):
            self.assertIn(fragment, problems)
        self.assertIn("plusieurs communes", problems)  # five Saint-Denis: choose one
        self.assertIn("consentement", problems)
        # said once each, under its input too
        self.assertEqual(problems.count("Date de naissance"), 1, problems)
        self.assertIn('id="o_urssaf_problem_first_names"', response.text)
        self.assertIn('id="o_urssaf_problem_birth_date"', response.text)
        self.assertNotIn('id="o_urssaf_problem_mobile"', response.text)
        partner = self._fresh(self.client_a)
        # the values with a problem keep what was recorded; the others are saved
        self.assertEqual(partner.l10n_fr_urssaf_iban, OTHER_IBAN)
        self.assertEqual(partner.l10n_fr_urssaf_first_names, "Jeanne")
        self.assertFalse(partner.l10n_fr_urssaf_birth_date)
        self.assertFalse(partner.l10n_fr_urssaf_birth_commune_code)
        self.assertEqual(partner.l10n_fr_urssaf_mobile, "0622334455")
        self.assertEqual(partner.l10n_fr_urssaf_usage_name, False)
        self.assertFalse(partner.l10n_fr_urssaf_portal_consent_at)
        self.assertFalse(self._portal_activities(partner))
        # the recorded IBAN is never shown in full
        self.assertNotIn(OTHER_IBAN, response.text)

    def test_good_data_and_consent_are_recorded_and_the_provider_is_told(self):
        self.client_a.sudo().with_context(l10n_fr_urssaf_portal=_PORTAL).write(
            {"l10n_fr_urssaf_portal_invited_by_id": self.user.id}
        )
        e1_calls = self._e1_calls()
        self._login(self.portal_a)
        response = self._post(self._form(consent="1"), expect=303)
        self.assertTrue(response.headers["Location"].endswith("/my/urssaf?confirmed=1"))
        partner = self._fresh(self.client_a)
        self.assertEqual(partner.l10n_fr_urssaf_civility, "2")
        self.assertEqual(partner.l10n_fr_urssaf_first_names, "Jeanne Marie")
        self.assertEqual(partner.l10n_fr_urssaf_birth_date, date(1950, 3, 14))
        # Annecy-le-Vieux, merged into Annecy in 2017: the town at the date of birth
        self.assertEqual(partner.l10n_fr_urssaf_birth_commune_code, "74011")
        self.assertEqual(partner.l10n_fr_urssaf_birth_department_id.code, "74")
        self.assertEqual(partner.l10n_fr_urssaf_commune_code, "77288")
        self.assertEqual(partner.l10n_fr_urssaf_iban, IBAN)
        self.assertEqual(partner.l10n_fr_urssaf_bic, "AGRIFRPPXXX")  # from the IBAN (30006)
        self.assertTrue(partner.l10n_fr_urssaf_portal_consent_at)
        self.assertIn("URSSAF", partner.l10n_fr_urssaf_portal_consent_text)
        self.assertIn(self.company.name, partner.l10n_fr_urssaf_portal_consent_text)
        activity = self._portal_activities(partner)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.user)
        consent_notes = [
            note
            for note in self._notes(partner)
            if partner.l10n_fr_urssaf_portal_consent_text in note
        ]
        self.assertEqual(len(consent_notes), 1)
        self.assertNotIn(IBAN, " ".join(self._notes(partner)))
        # the data are complete for the wizard: the provider registers as today
        self.assertEqual(partner._l10n_fr_urssaf_registration_problems(), [])
        page = self.url_open(response.headers["Location"])
        self.assertIn("o_urssaf_confirmed", page.text)
        self.assertNotIn(IBAN, page.text)
        self.assertIn("0189", page.text)
        # nothing went to URSSAF
        self.assertEqual(self._e1_calls(), e1_calls)
        self.user.invalidate_recordset()
        wizard = self._register(partner)
        self.assertEqual(wizard.result, "success", wizard.result_message)

    def test_a_town_typed_without_choosing_is_found_when_only_one_has_the_name(self):
        self._login(self.portal_a)
        self._post(
            self._form(
                birth_commune_id="",
                birth_commune_name="fontainebleau",
                commune_id="",
                commune_name="MELUN",
            ),
            expect=303,
        )
        partner = self._fresh(self.client_a)
        self.assertEqual(partner.l10n_fr_urssaf_birth_commune_code, "77186")
        self.assertEqual(partner.l10n_fr_urssaf_commune_code, "77288")
        self.assertFalse(partner.l10n_fr_urssaf_portal_consent_at)  # saved, not consented

    def test_born_abroad_needs_no_town(self):
        self._login(self.portal_a)
        morocco = self.env.ref("base.ma")
        self._post(
            self._form(
                birth_country_id=str(morocco.id),
                birth_commune_id="",
                birth_commune_name="",
                # typed the French way, where the browser has no date picker
                birth_date="02/06/1948",
            ),
            expect=303,
        )
        partner = self._fresh(self.client_a)
        self.assertEqual(partner.l10n_fr_urssaf_birth_date, date(1948, 6, 2))
        self.assertEqual(partner.l10n_fr_urssaf_birth_country_id, morocco)
        self.assertFalse(partner.l10n_fr_urssaf_birth_commune_code)
        self.assertEqual(partner._l10n_fr_urssaf_registration_problems(), [])

    def test_fields_the_client_must_not_write_are_ignored(self):
        self._login(self.portal_a)
        name = self.client_a.name
        self._post(
            self._form(
                name="Pirate",
                l10n_fr_urssaf_birth_name="PIRATE",
                l10n_fr_urssaf_portal_consent_at="2020-01-01 00:00:00",
                urssaf_id="11000000000000",
                company_id=str(self.company.id),
                partner_id=str(self.client_b.id),
                user_id="1",
            ),
            expect=303,
        )
        partner = self._fresh(self.client_a)
        self.assertEqual(partner.name, name)
        self.assertEqual(partner.l10n_fr_urssaf_birth_name, "MARTIN")
        self.assertFalse(partner.l10n_fr_urssaf_portal_consent_at)
        self.assertFalse(partner.l10n_fr_urssaf_client_ids)
        self.assertEqual(partner.user_id, self.user)
        self.assertNotEqual(self._fresh(self.client_b).l10n_fr_urssaf_first_names, "Jeanne Marie")

    def test_a_form_without_csrf_token_is_refused(self):
        self._login(self.portal_a)
        with mute_logger("odoo.http"):
            response = self._post(self._form(first_names="Sans Jeton"), csrf=False, expect=400)
        self.assertNotIn("Sans Jeton", response.text)
        self.assertFalse(self._fresh(self.client_a).l10n_fr_urssaf_first_names)

    def test_after_registration_the_identity_is_fixed_and_changes_are_told(self):
        link = self._link(self.client_b)
        self.assertEqual(link.state, "active")
        e1_calls = self._e1_calls()
        self._login(self.portal_b)
        html = self._page().text
        self.assertIn("<fieldset", html)
        self.assertRegex(html, r"<fieldset[^>]*disabled")
        self.assertNotIn('name="consent"', html)
        text = self._text(self._page())
        self.assertIn("est active depuis", text)  # the link's state, in plain words
        self.assertNotIn(link.urssaf_id, html)  # no provider-side id shown
        self._post(
            self._form(
                birth_name="AUTRE",
                first_names="Autre Prénom",
                birth_date="1990-01-01",
                mobile="07 11 22 33 44",
                iban=OTHER_IBAN,
                account_holder="Mme Jeanne Martin",
                street_label="Des Lilas",
                street_type="AV",
                street_number="12",
                street_letter="B",
                zip="77300",
                commune_id=str(self._commune("77186", "commune").id),
                commune_name="Fontainebleau",
            ),
            expect=303,
        )
        partner = self._fresh(self.client_b)
        self.assertEqual(partner.l10n_fr_urssaf_birth_date, date(1980, 3, 29))
        self.assertNotEqual(partner.l10n_fr_urssaf_birth_name, "AUTRE")
        self.assertEqual(partner.l10n_fr_urssaf_mobile, "0711223344")
        self.assertEqual(partner.l10n_fr_urssaf_iban, OTHER_IBAN)
        # the note names what changed, in the client's language (the portal's), IBAN masked
        notes = [note for note in self._notes(partner) if "IBAN" in note]
        self.assertEqual(len(notes), 1, self._notes(partner))
        note = notes[0]
        self.assertIn("rien n'a été envoyé à l'URSSAF", note)
        self.assertNotIn(OTHER_IBAN, note)
        self.assertIn(OTHER_IBAN[-4:], note)
        activity = self._portal_activities(partner)
        self.assertEqual(len(activity), 1)
        self.assertEqual(self._e1_calls(), e1_calls)
        self.assertEqual(self._link(self.client_b).state, "active")
        # a save with a problem: the browser does not post the disabled identity, which the
        # page still shows as recorded
        identity = ("civility", "birth_name", "usage_name", "first_names", "birth_date")
        birthplace = ("birth_country_id", "birth_commune_id", "birth_commune_name")
        response = self._post(
            self._form(iban=BAD_IBAN, **dict.fromkeys(identity + birthplace)),
        )
        self.assertIn("IBAN", self._problems(response))
        self.assertIn(f'value="{partner.l10n_fr_urssaf_birth_name}"', response.text)
        self.assertIn('value="1980-03-29"', response.text)

    def test_a_client_registered_by_two_companies_tells_both(self):
        company_b = self.env["res.company"].create(
            {"name": "SAP Services B", "country_id": self.france.id}
        )
        manager_b = self._company_user(
            "urssaf_portal_manager_b",
            company_b,
            groups=USER_GROUPS + ",l10n_fr_urssaf_avance_immediate.group_urssaf_manager",
        )
        Link = self.env["l10n_fr_urssaf.client"]
        Link._create_link(self.client_b, company_b)._sync_write({"state": "active"})
        self._login(self.portal_b)
        self._post(self._form(mobile="06 98 76 54 32"), expect=303)
        activities = self._portal_activities(self._fresh(self.client_b))
        self.assertEqual(len(activities), 2)
        self.assertIn(manager_b, activities.user_id)
        # one for company A's side, by whom acts on its URSSAF records
        other = activities.filtered(lambda activity: activity.user_id != manager_b)
        self.assertTrue(self.company._l10n_fr_urssaf_can_act(other.user_id))

    # ---------------------------------------------------------------- the follow-up

    def test_follow_up_shows_the_requests_amounts_and_what_to_do(self):
        partner = self.client_b
        move, request = self._sent(partner=partner)
        rejected = self._invoice(partner=partner)
        self._live(hours=1)  # awaiting the client's validation
        self.assertEqual(request.state, "awaiting_client")
        self._login(self.portal_b)
        response = self._page()
        text = self._text(response)
        self.assertIn(move.name, text)
        self.assertNotIn(rejected.name, text)  # never sent: not the client's business
        share = move.l10n_fr_urssaf_client_share
        self.assertEqual(
            move.currency_id.compare_amounts(
                move.l10n_fr_urssaf_advance_amount + share, move.amount_total
            ),
            0,
        )
        for amount in (move.amount_total, move.l10n_fr_urssaf_advance_amount, share):
            self.assertIn(f"{amount:.2f}".replace(".", ","), text)
        self.assertIn("particulier.urssaf.fr", text)
        self.assertIn("À valider avant", text)
        self.assertIn("validez-la ou contestez-la", text)
        self.assertNotIn(request.urssaf_id, response.text)
        self.assertNotIn(f"statut {request.status_code}", text)
        # the invoice's PDF, from the page's link
        pdf = self.url_open(f"/my/urssaf/invoice/{move.id}")
        self.assertEqual(pdf.status_code, 200)
        self.assertIn("attachment", pdf.headers["Content-Disposition"])
        self.assertEqual(pdf.headers["Content-Type"], "application/pdf")
        # Odoo renders reports as HTML in test mode: the document is the invoice's
        self.assertIn(move.name.encode(), pdf.content)
        # validated by the client's silence: nothing left to validate, no deadline shown
        self._live(hours=49)
        self.assertNotEqual(request.state, "awaiting_client")
        text = self._text(self._page())
        self.assertNotIn("À valider avant", text)
        self.assertIn(move.name, text)

    def test_every_link_state_is_told_in_plain_french_words(self):
        Link = self.env["l10n_fr_urssaf.client"].with_context(lang="fr_FR", tz="Europe/Paris")
        states = [key for key, _label in Link._fields["state"].selection]
        texts = {}
        for state in states:
            link = Link.new(
                {
                    "state": state,
                    "company_id": self.company.id,
                    "partner_id": self.client_b.id,
                    "registration_date": fields.Datetime.now(),
                    "activation_date": date(2026, 11, 2),
                }
            )
            text = link._portal_text()
            with self.subTest(state=state):
                self.assertNotIn("%(", text)
                self.assertNotEqual(text, link._state_label())  # words, not the status
                texts[state] = text
        self.assertIn("est active depuis le 02/11/2026", texts["active"])
        self.assertIn("7 jours", texts["pending"])
        # the two ways in, said once each: activate a new account, or accept the link
        self.assertEqual(texts["pending"].count("particulier.urssaf.fr"), 2, texts["pending"])
        self.assertIn("rattachement", texts["pending"])
        self.assertIn("nouvel e-mail d'activation", texts["activation_expired"])
        for state in ("blocked", "link_refused"):
            self.assertIn("en totalité", texts[state])

    def test_guessed_ids_are_not_found(self):
        move, _request = self._sent(partner=self.client_b)
        certificate = self._certificate(self.client_b)
        self._login(self.portal_a)
        for url in (
            f"/my/urssaf/invoice/{move.id}",
            f"/my/urssaf/certificate/{certificate.id}",
            "/my/urssaf/invoice/999999999",
            "/my/urssaf/certificate/999999999",
        ):
            with self.subTest(url=url):
                self.assertEqual(self.url_open(url).status_code, 404)
        self.assertNotIn(move.name, self._page().text)
        # the owner gets them
        self._login(self.portal_b)
        self.assertEqual(self.url_open(f"/my/urssaf/invoice/{move.id}").status_code, 200)
        response = self.url_open(f"/my/urssaf/certificate/{certificate.id}")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, b"%PDF-1.4 certificate")
        self.assertIn(f"/my/urssaf/certificate/{certificate.id}", self._page().text)

    def _certificate(self, partner):
        attachment = self.env["ir.attachment"].create(
            {
                "name": "attestation-2025.pdf",
                "raw": b"%PDF-1.4 certificate",
                "mimetype": "application/pdf",
            }
        )
        return (
            self.env["l10n_fr_urssaf.tax.certificate"]
            .sudo()
            .create(
                {
                    "company_id": self.company.id,
                    "partner_id": partner.id,
                    "year": 2025,
                    "state": "issued",
                    "attachment_id": attachment.id,
                }
            )
        )

    def test_a_public_visitor_is_sent_to_the_login(self):
        for url in ("/my/urssaf", "/my/urssaf/invoice/1", "/my/urssaf/certificate/1"):
            with self.subTest(url=url):
                response = self.url_open(url, allow_redirects=False)
                self.assertIn(response.status_code, (302, 303))
                self.assertIn("/web/login", response.headers["Location"])
        response = self.url_open(
            "/my/urssaf/communes",
            data=json.dumps({"jsonrpc": "2.0", "params": {"term": "evry"}}),
            headers={"Content-Type": "application/json"},
        )
        self.assertIn("error", response.json())

    def test_a_portal_user_the_provider_did_not_invite_has_no_page(self):
        # a supplier's contact, a visitor who signed up: no consent or activity to send
        stranger = self.env["res.partner"].create(
            {"name": "Marc INCONNU", "email": "marc.inconnu@exemple.fr", "lang": "fr_FR"}
        )
        self._portal_user(stranger, "portal_stranger")
        self.authenticate("portal_stranger", "portal_stranger")
        response = self.url_open("/fr/my/urssaf", allow_redirects=False)
        self.assertIn(response.status_code, (302, 303))
        self.assertNotIn("/my/urssaf", response.headers["Location"])
        response = self.url_open(
            "/fr/my/urssaf",
            data={"csrf_token": self._csrf(self.url_open("/fr/my/account").text), "consent": "1"},
            allow_redirects=False,
        )
        self.assertIn(response.status_code, (302, 303))
        self.assertNotIn("/my/urssaf", response.headers["Location"])
        self.assertFalse(stranger.activity_ids)
        self.assertEqual(self._home_counter(), 0)  # the home page's entry stays hidden
        self.assertEqual(self._call_kw_communes(), [])

    def _home_counter(self):
        """The count the portal's home page asks for its URSSAF entry (shown when not 0)."""
        answer = self._json_post("/my/counters", {"counters": ["l10n_fr_urssaf_count"]})
        return answer["result"]["l10n_fr_urssaf_count"]

    def _call_kw_communes(self):
        response = self.url_open(
            "/my/urssaf/communes",
            data=json.dumps({"jsonrpc": "2.0", "params": {"term": "annecy", "zip_code": 74}}),
            headers={"Content-Type": "application/json"},
        )
        return response.json()["result"]

    def test_a_new_iban_takes_its_own_bank_s_bic_not_the_one_shown(self):
        self.client_a.write({"l10n_fr_urssaf_iban": IBAN})  # BIC shown: AGRIFRPPXXX (30006)
        self._login(self.portal_a)
        old_bic = derive_bic(IBAN)
        self.assertIn(f'value="{old_bic}"', self._page().text)
        # the browser posts the BIC shown with the new IBAN
        self._post(self._form(iban=OTHER_IBAN, bic=old_bic), expect=303)
        partner = self._fresh(self.client_a)
        self.assertEqual(partner.l10n_fr_urssaf_iban, OTHER_IBAN)
        self.assertEqual(partner.l10n_fr_urssaf_bic, derive_bic(OTHER_IBAN))
        self.assertNotEqual(partner.l10n_fr_urssaf_bic, old_bic)

    def test_an_iban_not_saved_for_its_bic_stays_on_the_page(self):
        self.client_a.write({"l10n_fr_urssaf_iban": IBAN})
        self._login(self.portal_a)
        response = self._post(self._form(iban=OTHER_IBAN, bic="PASUNBIC"))
        self.assertIn("BIC", self._problems(response))
        # the IBAN typed was not saved (the bank account is saved whole): it is still in its input
        self.assertEqual(self._fresh(self.client_a).l10n_fr_urssaf_iban, IBAN)
        self.assertIn(f'value="{OTHER_IBAN}"', response.text)

    def test_a_town_of_birth_the_provider_typed_by_its_code_is_kept(self):
        # Courcouronnes (91182), merged in 2019 without a delegated commune: not in the list
        self.client_a.write(
            {
                "l10n_fr_urssaf_birth_country_id": self.france.id,
                "l10n_fr_urssaf_birth_commune_code": "91182",
                "l10n_fr_urssaf_birth_commune_label": "Courcouronnes",
                "l10n_fr_urssaf_birth_department_id": self.env["res.country.department"]
                .search([("code", "=", "91")])
                .id,
            }
        )
        self._login(self.portal_a)
        html = self._page().text
        self.assertIn('value="Courcouronnes"', html)
        self._post(
            self._form(birth_commune_id="", birth_commune_name="Courcouronnes", consent="1"),
            expect=303,
        )
        partner = self._fresh(self.client_a)
        self.assertEqual(partner.l10n_fr_urssaf_birth_commune_code, "91182")
        self.assertEqual(partner.l10n_fr_urssaf_birth_commune_label, "Courcouronnes")
        self.assertTrue(partner.l10n_fr_urssaf_portal_consent_at)

    def test_the_provider_s_activity_shows_the_client_s_name_as_text(self):
        self.client_a.name = 'Jeanne <a href="https://piege.example">MARTIN</a>'
        self._login(self.portal_a)
        self._post(self._form(consent="1"), expect=303)
        activity = self._portal_activities(self._fresh(self.client_a))
        self.assertEqual(len(activity), 1)
        self.assertNotIn("<a href", activity.note)
        self.assertIn("&lt;a href", activity.note)

    def test_an_internal_user_has_no_client_page(self):
        self.authenticate("urssaf_registration_user", "urssaf_registration_user")
        response = self.url_open("/my/urssaf", allow_redirects=False)
        self.assertIn(response.status_code, (302, 303))

    def test_json_rpc_refuses_the_client_the_provider_side_fields(self):
        self._login(self.portal_a)
        for method, args in (
            ("write", [[self.client_a.id], {"l10n_fr_urssaf_iban": OTHER_IBAN}]),
            ("read", [[self.client_a.id], ["l10n_fr_urssaf_iban"]]),
            ("read", [[self.client_b.id], ["l10n_fr_urssaf_birth_date"]]),
        ):
            with self.subTest(method=method, args=args):
                answer = self._call_kw("res.partner", method, *args)
                self.assertIn("error", answer, answer)
        self.assertFalse(self._fresh(self.client_a).l10n_fr_urssaf_iban)

    # ---------------------------------------------------------------- the town search

    def test_the_town_search_finds_former_towns_without_accents(self):
        self._login(self.portal_a)

        def search(**params):
            response = self.url_open(
                "/my/urssaf/communes",
                data=json.dumps({"jsonrpc": "2.0", "params": params}),
                headers={"Content-Type": "application/json"},
            )
            return response.json()["result"]

        labels = [row["label"] for row in search(term="annecy le", kind="birth")]
        self.assertTrue(any(label.startswith("Annecy-le-Vieux (74") for label in labels), labels)
        labels = [row["label"] for row in search(term="evry", kind="birth")]
        self.assertIn("Évry (89)", labels)
        self.assertTrue(any("Évry-Courcouronnes" in label for label in labels), labels)
        # an address: the current towns of the postal code
        rows = search(term="77", kind="address", zip_code="77000")
        self.assertIn("Melun", [row["name"] for row in rows])
        self.assertEqual(search(term="e", kind="birth"), [])
