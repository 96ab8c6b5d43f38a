"""Base class of the registration tests: a French company configured for the local URSSAF
sandbox, started in-process and reached over real HTTP."""

import json
from datetime import date

from odoo import fields, modules
from odoo.tests import Form, TransactionCase, get_db_name, new_test_user
from odoo.tools import html2plaintext

from odoo.addons.l10n_fr_urssaf_avance_immediate.models.res_partner_portal import _PORTAL
from odoo.addons.l10n_fr_urssaf_avance_immediate.urssaf_api import clear_token_cache
from odoo.addons.l10n_fr_urssaf_avance_immediate.urssaf_sandbox import SandboxServer

E1_PATH = "/atp/v1/tiersPrestations/particulier"
IBAN = "FR7630006000011234567890189"
CRON_XMLID = "l10n_fr_urssaf_avance_immediate.ir_cron_l10n_fr_urssaf_refresh_clients"
ACTIVITY_XMLID = "l10n_fr_urssaf_avance_immediate.mail_activity_type_urssaf_follow_up"
# The URSSAF user group alone must be enough to fill a contact's URSSAF tab and register it.
USER_GROUPS = "base.group_user,l10n_fr_urssaf_avance_immediate.group_urssaf_user"


class JsonRpcDoors:
    """The two JSON-RPC doors of a running Odoo, for an ``HttpCase``: the external API
    (``/jsonrpc``, ``execute_kw`` with a login and a password, as scripts call it) and the web
    client's (``/web/dataset/call_kw``, with the session of ``authenticate``)."""

    def _json_post(self, url, params):
        response = self.url_open(
            url,
            data=json.dumps({"jsonrpc": "2.0", "method": "call", "id": 1, "params": params}),
            headers={"Content-Type": "application/json"},
            timeout=60,
        )
        self.assertEqual(response.status_code, 200)
        return response.json()

    def _execute_kw(self, user, password, model, method, *args, **kwargs):
        """One ``execute_kw`` call; returns the JSON-RPC answer."""
        db = get_db_name()
        call = [db, user.id, password, model, method, list(args), kwargs]
        return self._json_post(
            "/jsonrpc", {"service": "object", "method": "execute_kw", "args": call}
        )

    def _call_kw(self, model, method, *args, **kwargs):
        """One call as the web client makes it, in the current session; the JSON-RPC answer."""
        params = {"model": model, "method": method, "args": list(args), "kwargs": kwargs}
        return self._json_post("/web/dataset/call_kw", params)


class UrssafSandboxCase(TransactionCase):
    """The local URSSAF sandbox, started in-process for the class, reached over real HTTP."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sandbox = SandboxServer(host="127.0.0.1", port=0).start()
        cls.addClassCleanup(cls.sandbox.stop)
        cls.addClassCleanup(clear_token_cache)

    def setUp(self):
        super().setUp()
        # the database is rolled back after each test: so is the sandbox, which forgets its
        # tokens (so does the client: no call is refused for a stale token, counts stay exact)
        self.sandbox.reset()
        clear_token_cache()
        # Odoo's runner marks the running test (code then skips its commits); pytest-odoo does so
        # only from Odoo 19 on
        if not modules.module.current_test:
            self.patch(modules.module, "current_test", self)


class UrssafRegistrationCommon(UrssafSandboxCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.france = cls.env.ref("base.fr")
        cls.company = cls.env.company
        cls.company.country_id = cls.france
        cls._configure(cls.company)
        cls.department_77 = cls.env["res.country.department"].search(
            [("code", "=", "77"), ("country_id", "=", cls.france.id)]
        )
        cls.user = cls._company_user("urssaf_registration_user", cls.company)
        cls.salesperson = cls._company_user("urssaf_salesperson", cls.company)
        # a salesperson without the URSSAF groups: cannot open the URSSAF links
        cls.plain_salesperson = new_test_user(
            cls.env, login="urssaf_plain_salesperson", groups="base.group_user"
        )
        cls._partner_count = 0

    @classmethod
    def _portal_user(cls, partner, login):
        """A portal user of ``partner`` (password: the login), in French; the contact keeps its
        own name and e-mail (the helper would otherwise rename it)."""
        return new_test_user(
            cls.env,
            login=login,
            groups="base.group_portal",
            partner_id=partner.id,
            name=partner.name,
            email=partner.email,
            lang="fr_FR",
            tz="Europe/Paris",
        )

    @classmethod
    def _invited(cls, partner):
        """As the portal invitation records it (without its e-mail)."""
        partner.sudo().with_context(l10n_fr_urssaf_portal=_PORTAL).write(
            {
                "l10n_fr_urssaf_portal_invited_at": fields.Datetime.now(),
                "l10n_fr_urssaf_portal_invited_by_id": cls.user.id,
                "l10n_fr_urssaf_portal_company_id": cls.company.id,
            }
        )

    def _commune(self, code, kind="commune"):
        """The commune of the official list with this INSEE code and kind."""
        return (
            self.env["l10n_fr_urssaf.commune"]
            .with_context(active_test=False)
            .search([("code", "=", code), ("kind", "=", kind)])
        )

    @classmethod
    def _company_user(cls, login, company, groups=USER_GROUPS):
        """An internal user of ``company`` only, with ``groups``."""
        return new_test_user(
            cls.env,
            login=login,
            groups=groups,
            company_id=company.id,
            company_ids=[(6, 0, company.ids)],
        )

    @classmethod
    def _configure(cls, company):
        company.sudo().write(
            {
                "l10n_fr_urssaf_environment": "local",
                "l10n_fr_urssaf_local_url": cls.sandbox.url,
                "l10n_fr_urssaf_api_client_id": "demo-client-id",
                "l10n_fr_urssaf_api_client_secret": "demo-client-secret",
                "l10n_fr_urssaf_provider_identifier": "SAP123456789",
            }
        )

    # ---------------------------------------------------------------- helpers

    def _partner(self, local_part="jeanne", **values):
        """A contact whose standard fields and URSSAF tab give a valid registration; the
        sandbox scenario comes from the e-mail's local part."""
        return self.env["res.partner"].create(self._partner_values(local_part, **values))

    def _partner_values(self, local_part="jeanne", **values):
        type(self)._partner_count += 1
        n = type(self)._partner_count
        vals = {
            "name": "Jeanne MARTIN",
            "title": self.env.ref("base.res_partner_title_madam").id,
            "street": "12 bis avenue des Lilas",
            "zip": "77300",
            "city": "Fontainebleau",
            "country_id": self.france.id,
            "mobile": f"+33 6 12 34 {n // 100:02d} {n % 100:02d}",
            "email": f"{local_part}.{n}@exemple.fr",
            "bank_ids": [(0, 0, {"acc_number": IBAN, "acc_holder_name": "Mme Jeanne Martin"})],
            "l10n_fr_urssaf_birth_date": date(1980, 3, 29),
            "l10n_fr_urssaf_birth_country_id": self.france.id,
            "l10n_fr_urssaf_birth_department_id": self.department_77.id,
            "l10n_fr_urssaf_birth_commune_code": "77186",
            "l10n_fr_urssaf_birth_commune_label": "Fontainebleau",
            "l10n_fr_urssaf_commune_code": "77186",
        }
        vals.update(values)
        return vals

    def _open_wizard(self, partner, user=None):
        user = user or self.user
        # as in the web client: the user's language in the context
        partner = partner.with_user(user).with_context(lang=user.lang)
        action = partner.action_l10n_fr_urssaf_register()
        model = partner.env[action["res_model"]]
        return Form(model.with_context(**action["context"]))

    def _register(self, partner, user=None, has_account="unknown"):
        """Register through the wizard as a user would; returns the wizard after sending."""
        form = self._open_wizard(partner, user)
        form.has_urssaf_account = has_account
        wizard = form.save()
        action = wizard.action_send()
        self.assertEqual(action["res_id"], wizard.id)
        return wizard

    def _link(self, partner, company=None):
        return self.env["l10n_fr_urssaf.client"].search(
            [("partner_id", "=", partner.id), ("company_id", "=", (company or self.company).id)]
        )

    def _notes(self, partner):
        """The notes in the contact's chatter, newest first, as plain text."""
        messages = self.env["mail.message"].search(
            [
                ("model", "=", "res.partner"),
                ("res_id", "=", partner.id),
                ("subtype_id", "=", self.env.ref("mail.mt_note").id),
            ],
            order="id desc",
        )
        return [html2plaintext(m.body) for m in messages if m.body]

    def _follow_ups(self, link):
        return link.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref(ACTIVITY_XMLID)
        )
