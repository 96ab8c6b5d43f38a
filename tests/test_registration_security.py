from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged

from .common import USER_GROUPS, UrssafRegistrationCommon


@tagged("post_install", "-at_install")
class TestRegistrationSecurity(UrssafRegistrationCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.env["res.company"].create(
            {"name": "SAP Services B", "country_id": cls.france.id}
        )
        cls._configure(cls.company_b)
        cls.user_b = cls._company_user("urssaf_registration_user_b", cls.company_b)
        cls.manager = cls._company_user(
            "urssaf_registration_manager",
            cls.company,
            groups=USER_GROUPS + ",l10n_fr_urssaf_avance_immediate.group_urssaf_manager",
        )

    def test_user_registers_without_reading_the_secret(self):
        self.assertFalse(
            self.user.has_group("l10n_fr_urssaf_avance_immediate.group_urssaf_manager")
        )
        self.assertFalse(self.user.has_group("base.group_system"))
        partner = self._partner()
        wizard = self._register(partner, user=self.user)
        self.assertEqual(wizard.result, "success", wizard.result_message)
        link = self._link(partner).with_user(self.user)
        link.action_refresh_status()
        self.assertEqual(link.state, "pending")
        self.env.invalidate_all()
        with self.assertRaises(AccessError):
            self.company.with_user(self.user).read(["l10n_fr_urssaf_api_client_secret"])
        with self.assertRaises(AccessError):
            self.company.with_user(self.user).read(["l10n_fr_urssaf_api_client_id"])
        # only managers reset or delete links
        with self.assertRaises(AccessError):
            link.action_reset_to_draft()
        with self.assertRaises(AccessError):
            link.unlink()
        link.with_user(self.manager).action_reset_to_draft()
        self.assertEqual((link.state, link.urssaf_id), ("draft", False))
        self.assertIn("Reset by", self._notes(partner)[0])
        link.with_user(self.manager).unlink()
        self.assertFalse(self._link(partner))

    def test_user_without_urssaf_group_cannot_register(self):
        clerk = new_test_user(self.env, login="urssaf_clerk", groups="base.group_user")
        partner = self._partner()
        with self.assertRaises(AccessError):
            self.env["l10n_fr_urssaf.registration.wizard"].with_user(clerk).create(
                {"partner_id": partner.id}
            )
        with self.assertRaises(AccessError):
            self.env["l10n_fr_urssaf.client"].with_user(clerk).search([])

    def test_contact_views_show_urssaf_only_to_urssaf_users(self):
        clerk = new_test_user(
            self.env,
            login="urssaf_clerk_views",
            groups="base.group_user,base.group_partner_manager",
        )
        partner = self._partner()
        kinds = [(False, "form"), (False, "list"), (False, "kanban"), (False, "search")]
        for user, shown in ((clerk, False), (self.user, True)):
            views = self.env["res.partner"].with_user(user).get_views(kinds)["views"]
            for kind in ("form", "list", "kanban", "search"):
                self.assertEqual(
                    "l10n_fr_urssaf_state" in views[kind]["arch"], shown, (user.login, kind)
                )
        # a user outside the URSSAF group still edits contacts
        with Form(partner.with_user(clerk)) as form:
            form.function = "Retraitée"
        self.assertEqual(partner.function, "Retraitée")

    def test_each_company_has_its_own_link_and_sees_only_its_own(self):
        partner = self._partner()
        self._register(partner, user=self.user)
        # the companies would have their own URSSAF accounts: the sandbox forgets the first one
        # (the demo credentials are the same for both)
        self.sandbox.reset()
        self._register(partner, user=self.user_b)
        link_a = self._link(partner, self.company)
        link_b = self._link(partner, self.company_b)
        self.assertTrue(link_a and link_b)
        self.assertNotEqual(link_a.urssaf_id, link_b.urssaf_id)
        links = self.env["l10n_fr_urssaf.client"].with_user(self.user_b).search([])
        self.assertEqual(links, link_b)
        with self.assertRaises(AccessError):
            link_a.with_user(self.user_b).read(["state"])
        # the contact shows the link of the current company
        self.assertEqual(
            partner.with_user(self.user_b).l10n_fr_urssaf_client_id, link_b.with_user(self.user_b)
        )
        self.sandbox.advance(days=1, minutes=1)
        link_b.with_user(self.user_b).action_refresh_status()
        self.assertEqual(link_b.state, "active")
        self.assertEqual(link_a.state, "pending")
        self.assertEqual(partner.with_user(self.user).l10n_fr_urssaf_state, "pending")
        self.assertEqual(partner.with_user(self.user_b).l10n_fr_urssaf_state, "active")

    def test_partner_filters_follow_the_current_company(self):
        registered = self._partner()
        other = self._partner()
        self._register(registered)
        Partner = self.env["res.partner"].with_user(self.user)
        ids = (registered | other).ids
        self.assertEqual(
            Partner.search([("id", "in", ids), ("l10n_fr_urssaf_state", "=", "pending")]),
            registered,
        )
        self.assertEqual(
            Partner.search([("id", "in", ids), ("l10n_fr_urssaf_state", "=", "draft")]), other
        )
        self.assertEqual(
            Partner.search(
                [("id", "in", ids), ("l10n_fr_urssaf_state", "not in", ("draft", "rejected"))]
            ),
            registered,
        )
        # in company B, nobody is registered
        self.assertEqual(
            Partner.with_user(self.user_b).search(
                [("id", "in", ids), ("l10n_fr_urssaf_state", "=", "draft")]
            ),
            registered | other,
        )

    def test_a_user_cannot_forge_what_urssaf_says(self):
        partner = self._partner("jeanne")
        self._register(partner)
        link = self._link(partner).with_user(self.user)
        self.assertEqual(link.state, "pending")
        for values in (
            {"state": "active"},
            {"activation_date": "2020-01-01"},
            {"registration_date": "2020-01-01 00:00:00"},
            {"urssaf_id": "another-id"},
        ):
            with self.assertRaises(AccessError):
                link.write(values)
            # a context sent through RPC cannot unlock it
            with self.assertRaises(AccessError):
                link.with_context(l10n_fr_urssaf_sync=True).write(values)
        self.assertEqual(link.state, "pending")
        with self.assertRaises(AccessError):
            self.env["l10n_fr_urssaf.client"].with_user(self.user).create(
                {
                    "partner_id": self._partner("paul").id,
                    "company_id": self.company.id,
                    "state": "active",
                    "activation_date": "2020-01-01",
                }
            )
        # what the user may say is still writable
        link.has_urssaf_account = "no"
        self.assertEqual(link.state, "pending_activation")

    def test_the_wizard_only_registers_for_the_users_companies(self):
        partner = self._partner("jeanne")
        wizard = (
            self.env["l10n_fr_urssaf.registration.wizard"]
            .with_user(self.user)
            .create({"partner_id": partner.id, "company_id": self.company_b.id})
        )
        calls = self.sandbox.stats()["api_calls"].get("/atp/v1/tiersPrestations/particulier", 0)
        with self.assertRaises(UserError):
            wizard.action_send()
        self.assertEqual(
            self.sandbox.stats()["api_calls"].get("/atp/v1/tiersPrestations/particulier", 0),
            calls,
        )
        self.assertFalse(self._link(partner, self.company_b).sudo())
