from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import UrssafSandboxCase
from .migration_loader import load_migration


@tagged("post_install", "-at_install")
class TestUrssafSettings(UrssafSandboxCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_a = cls.env.company
        cls.company_b = cls.env["res.company"].create({"name": "SAP Services B"})
        cls.admin = new_test_user(
            cls.env,
            login="urssaf_settings_admin",
            groups="base.group_system,account.group_account_manager",
            company_ids=[(6, 0, (cls.company_a | cls.company_b).ids)],
        )
        cls.urssaf_manager = new_test_user(
            cls.env,
            login="urssaf_settings_manager",
            groups="base.group_user,l10n_fr_urssaf_avance_immediate.group_urssaf_manager",
        )

    def _settings(self, company, **values):
        return (
            self.env["res.config.settings"]
            .with_user(self.admin)
            .with_company(company)
            .create(values)
        )

    def _configure_local(self, company, client_id="demo-client-id", secret="demo-client-secret"):
        return self._settings(
            company,
            l10n_fr_urssaf_environment="local",
            l10n_fr_urssaf_local_url=self.sandbox.url,
            l10n_fr_urssaf_api_client_id=client_id,
            l10n_fr_urssaf_api_client_secret=secret,
            l10n_fr_urssaf_provider_identifier="SAP123456789",
        )

    def test_settings_are_stored_per_company(self):
        self._settings(
            self.company_a,
            l10n_fr_urssaf_environment="production",
            l10n_fr_urssaf_api_client_id="id-a",
            l10n_fr_urssaf_api_client_secret="secret-a",
            l10n_fr_urssaf_provider_identifier="SAP111111111",
        ).execute()
        self._settings(
            self.company_b,
            l10n_fr_urssaf_environment="local",
            l10n_fr_urssaf_local_url="http://127.0.0.1:9999",
            l10n_fr_urssaf_api_client_id="id-b",
            l10n_fr_urssaf_api_client_secret="secret-b",
            l10n_fr_urssaf_provider_identifier="SIR12345678900012",
        ).execute()
        a, b = self.company_a.sudo(), self.company_b.sudo()
        self.assertEqual(
            (a.l10n_fr_urssaf_environment, a.l10n_fr_urssaf_api_client_id),
            ("production", "id-a"),
        )
        self.assertEqual(a.l10n_fr_urssaf_api_client_secret, "secret-a")
        self.assertEqual(a.l10n_fr_urssaf_provider_identifier, "SAP111111111")
        self.assertEqual(
            (b.l10n_fr_urssaf_environment, b.l10n_fr_urssaf_api_client_id),
            ("local", "id-b"),
        )
        self.assertEqual(b.l10n_fr_urssaf_api_client_secret, "secret-b")
        self.assertEqual(b.l10n_fr_urssaf_provider_identifier, "SIR12345678900012")
        self.assertEqual(a._l10n_fr_urssaf_get_client().base_url, "https://api.urssaf.fr")
        self.assertEqual(b._l10n_fr_urssaf_get_client().base_url, "http://127.0.0.1:9999")
        # a settings screen opened in company B shows company B's values
        self.assertEqual(self._settings(self.company_b).l10n_fr_urssaf_api_client_id, "id-b")

    def test_non_administrator_cannot_read_the_secret(self):
        self.company_a.sudo().l10n_fr_urssaf_api_client_secret = "very-secret"
        company_as_manager = self.company_a.with_user(self.urssaf_manager)
        with self.assertRaises(AccessError):
            company_as_manager.read(["l10n_fr_urssaf_api_client_secret"])
        with self.assertRaises(AccessError):
            company_as_manager.write({"l10n_fr_urssaf_api_client_secret": "changed"})
        self.assertEqual(self.company_a.sudo().l10n_fr_urssaf_api_client_secret, "very-secret")
        # the administrator can
        self.assertEqual(
            self.company_a.with_user(self.admin).l10n_fr_urssaf_api_client_secret, "very-secret"
        )

    def test_provider_identifier_is_validated(self):
        for good in ("SAP852330992", "SIR12345678900012"):
            self.company_a.l10n_fr_urssaf_provider_identifier = good
        for bad in ("852330992", "SAP12345678", "SIR1234", "sap852330992", "SAP 852330992"):
            with self.assertRaises(ValidationError) as caught:
                self.company_a.l10n_fr_urssaf_provider_identifier = bad
            self.assertIn("SAP", str(caught.exception))
            self.assertIn(bad, str(caught.exception))

    def test_connection_succeeds_against_the_local_sandbox(self):
        before = self.sandbox.stats()["token_requests"]
        action = self._configure_local(self.company_a).action_l10n_fr_urssaf_test_connection()
        params = action["params"]
        self.assertEqual(params["type"], "success", params["message"])
        self.assertIn(self.sandbox.url, params["message"])
        self.assertEqual(self.sandbox.stats()["token_requests"], before + 1)

    def test_connection_with_wrong_credentials_says_so(self):
        action = self._configure_local(
            self.company_a, client_id="wrong-id", secret="wrong-secret"
        ).action_l10n_fr_urssaf_test_connection()
        params = action["params"]
        self.assertEqual(params["type"], "danger")
        self.assertIn("credentials are refused", params["message"])
        self.assertNotIn("wrong-secret", params["message"])

    def test_connection_without_access_says_access_not_granted(self):
        action = self._configure_local(
            self.company_a, client_id="noaccess-client-id", secret="noaccess-client-secret"
        ).action_l10n_fr_urssaf_test_connection()
        params = action["params"]
        self.assertEqual(params["type"], "danger")
        self.assertIn("Access is not granted", params["message"])

    def test_connection_during_maintenance_says_try_later(self):
        settings = self._configure_local(self.company_a)
        self.sandbox.inject_fault(path="*", kind="status", status=503, count=10)
        params = settings.action_l10n_fr_urssaf_test_connection()["params"]
        self.assertEqual(params["type"], "danger")
        self.assertIn("maintenance", params["message"])

    def test_connection_to_nothing_says_unreachable(self):
        settings = self._configure_local(self.company_a)
        settings.l10n_fr_urssaf_local_url = "http://127.0.0.1:9"
        params = settings.action_l10n_fr_urssaf_test_connection()["params"]
        self.assertEqual(params["type"], "danger")
        self.assertIn("could not be reached", params["message"])

    def test_connection_with_missing_fields_names_them(self):
        params = self._settings(
            self.company_a,
            l10n_fr_urssaf_environment="local",
            l10n_fr_urssaf_api_client_id=False,
            l10n_fr_urssaf_api_client_secret=False,
        ).action_l10n_fr_urssaf_test_connection()["params"]
        self.assertEqual(params["type"], "danger")
        self.assertIn("API client id", params["message"])
        self.assertIn("API client secret", params["message"])

    def test_a_malformed_local_url_is_refused_with_the_field_named(self):
        settings = self._configure_local(self.company_a)
        with self.assertRaises(ValidationError) as caught:
            settings.l10n_fr_urssaf_local_url = "127.0.0.1 port 8765"
        self.assertIn("Local sandbox URL", str(caught.exception))
        self.assertIn("http://127.0.0.1:8765", str(caught.exception))

    def test_connection_messages_are_in_the_users_language(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(
            ["l10n_fr_urssaf_avance_immediate"], ["fr_FR"], overwrite=True
        )
        settings = self._configure_local(
            self.company_a, client_id="wrong-id", secret="wrong-secret"
        ).with_context(lang="fr_FR")
        params = settings.action_l10n_fr_urssaf_test_connection()["params"]
        self.assertEqual(params["type"], "danger")
        self.assertIn("Les identifiants sont refusés", params["message"])
        self.assertEqual(params["title"], "Connexion URSSAF")

    def test_plain_http_only_on_the_loopback(self):
        """A misconfigured company can never send a client's identity and IBAN in clear."""
        settings = self._configure_local(self.company_a)
        for url in ("http://192.168.1.20:8765", "http://sandbox.example.org"):
            with self.assertRaises(ValidationError) as caught:
                settings.l10n_fr_urssaf_local_url = url
            self.assertIn("plain http is allowed only on this machine", str(caught.exception))
        settings.l10n_fr_urssaf_local_url = "https://sandbox.example.org"
        self.assertEqual(self.company_a.l10n_fr_urssaf_local_url, "https://sandbox.example.org")
        settings.l10n_fr_urssaf_local_url = "http://localhost:8765"
        self.assertEqual(self.company_a.l10n_fr_urssaf_local_url, "http://localhost:8765")
        # nor can settings holding such an address be saved
        with self.assertRaises(ValidationError):
            self._settings(
                self.company_a,
                l10n_fr_urssaf_environment="local",
                l10n_fr_urssaf_local_url="http://10.1.2.3:8765",
            )

    def test_settings_block_shows_for_french_companies_only(self):
        view = self.env.ref("l10n_fr_urssaf_avance_immediate.res_config_settings_view_form")
        self.assertIn("invisible=\"country_code != 'FR'\"", view.arch_db)
        # the fiscal country decides, as for l10n_it_edi
        self.company_b.account_fiscal_country_id = self.env.ref("base.be")
        self.assertEqual(self._settings(self.company_b).country_code, "BE")
        self.company_a.account_fiscal_country_id = self.env.ref("base.fr")
        self.assertEqual(self._settings(self.company_a).country_code, "FR")

    def test_migration_renames_the_credentials_and_keeps_them(self):
        """18.0.1.1.0's pre-migration: a database of 18.0.1.0.0 keeps its credentials."""
        migration = load_migration("18.0.1.1.0", "pre-migrate.py")
        cr = self.env.cr
        self.env.flush_all()
        for old, new in migration.RENAMES:
            cr.execute(f'ALTER TABLE res_company RENAME COLUMN "{new}" TO "{old}"')
        cr.execute(
            "UPDATE res_company SET l10n_fr_urssaf_client_id = 'old-id', "
            "l10n_fr_urssaf_client_secret = 'old-secret' WHERE id = %s",
            [self.company_b.id],
        )
        migration.migrate(cr, "18.0.1.0.0")
        self.env.invalidate_all()
        company = self.company_b.sudo()
        self.assertEqual(company.l10n_fr_urssaf_api_client_id, "old-id")
        self.assertEqual(company.l10n_fr_urssaf_api_client_secret, "old-secret")
        # run again (or on a new database): nothing to do, nothing broken
        migration.migrate(cr, "18.0.1.1.0")
        self.assertEqual(company.l10n_fr_urssaf_api_client_id, "old-id")
