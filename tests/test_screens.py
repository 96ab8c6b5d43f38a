"""The screens of the payment requests, the contact and the URSSAF clients: the kanban shows the
whole pipeline, the graph's series keep the catalogue's colours, no two filters read the same,
the contact's smart button says what its amounts are, and the clients list has no dead-end New.
The demo: its contested invoice keeps its own numbering, and a restart tells its story once."""

import contextlib
import io
import itertools
import os
import re
from datetime import date, timedelta
from unittest.mock import patch

from lxml import etree

from odoo import fields
from odoo.exceptions import AccessError
from odoo.modules.module import get_module_path
from odoo.tests import tagged

from odoo.addons.l10n_fr_urssaf_avance_immediate.models.l10n_fr_urssaf_payment_request_screens import (  # noqa: E501
    OUTCOME_PALETTE,
    OUTCOMES,
    PIPELINE_STATES,
)
from odoo.addons.l10n_fr_urssaf_avance_immediate.urssaf_api import states

from .payment_common import UrssafPaymentCommon

REQUEST = "l10n_fr_urssaf.payment.request"
NBSP = "\N{NO-BREAK SPACE}"


@tagged("post_install", "-at_install")
class TestScreens(UrssafPaymentCommon):
    def setUp(self):
        super().setUp()
        self.Request = self.env[REQUEST].with_user(self.user)
        self.move = self._invoice()
        self._numbers = 0

    def _request(self, state, amount, transferred=0.0, **values):
        """A request of the client's invoice in ``state`` (made as the module makes them)."""
        self._numbers += 1
        request = self.env[REQUEST]._sync_create(
            {
                "move_id": self.move.id,
                "company_id": self.company.id,
                "invoice_number": f"ECRAN/{self._numbers:05d}",
                "amount_total": amount,
                "amount_untaxed": amount,
                "state": state,
                "transfer_amount": transferred,
                **values,
            }
        )
        # without the module's marker that _sync_create puts in the record's context
        return self.env[REQUEST].browse(request.id)

    def _arch(self, model, view_type):
        views = self.env[model].with_user(self.user).get_views([(False, view_type)])
        return etree.fromstring(views["views"][view_type]["arch"])

    # ---------------------------------------------------------------- kanban

    def test_the_kanban_shows_every_state_of_the_pipeline_even_empty(self):
        self.assertFalse(self.Request.search_count([]))
        groups = self.Request.web_read_group([], ["amount_total:sum"], ["state"], lazy=True)[
            "groups"
        ]
        catalogue = [value for value, _label in states.PAYMENT_REQUEST.selection()]
        self.assertEqual([group["state"] for group in groups], catalogue)
        self.assertEqual({group["state_count"] for group in groups}, {0})
        # the pipeline is open; the states off it are folded while empty
        open_columns = [group["state"] for group in groups if not group["__fold"]]
        self.assertEqual(
            open_columns, ["integrated", "awaiting_client", "validated", "debited", "paid"]
        )
        self.assertEqual(tuple(open_columns), PIPELINE_STATES)
        # a request refused by the client opens its column, which keeps its place
        self._request("contested", 50.0)
        self._request("paid", 100.0, transferred=100.0)
        groups = self.Request.web_read_group([], ["amount_total:sum"], ["state"])["groups"]
        self.assertEqual([group["state"] for group in groups], catalogue)
        by_state = {group["state"]: group for group in groups}
        self.assertFalse(by_state["contested"]["__fold"])
        self.assertEqual(by_state["contested"]["amount_total"], 50.0)
        self.assertTrue(by_state["cancelled"]["__fold"])
        self.assertEqual(by_state["paid"]["state_count"], 1)
        # the kanban groups by state and each card shows its amount with the currency
        kanban = self._arch(REQUEST, "kanban")
        self.assertEqual(kanban.get("default_group_by"), "state")
        [amount] = kanban.xpath("//templates//field[@name='amount_total']")
        self.assertEqual(amount.get("widget"), "monetary")

    # ---------------------------------------------------------------- graph

    def test_the_graph_series_keep_the_catalogue_colours(self):
        # Odoo's palette of up to six series, in its order (web's COLORS_SM): the outcomes'
        # order gives each its colour there
        colors_js = os.path.join(get_module_path("web"), "static/src/core/colors/colors.js")
        with open(colors_js, encoding="utf-8") as file:
            source = file.read()
        palette = re.search(r"const COLORS_SM = \[(.*?)\];", source, re.S).group(1)
        names = [name.lower() for name in re.findall(r"//\s*(\w+)", palette)]
        self.assertEqual(tuple(names[: len(OUTCOMES)]), OUTCOME_PALETTE)
        colour_of_outcome = {
            value: OUTCOME_PALETTE[rank] for rank, (_c, value, _l) in enumerate(OUTCOMES)
        }
        # each state is drawn in the colour of its catalogue's colour
        expected = {
            "success": "teal",  # Odoo's green
            "danger": "red",
            "info": "blue",
            "warning": "orange",
            "muted": "purple",
        }
        Request = self.env[REQUEST]
        for state in states.PAYMENT_REQUEST.states:
            outcome = Request.new({"state": state.value}).outcome
            self.assertEqual(colour_of_outcome[outcome], expected[state.colour], state.value)
        self.assertEqual(colour_of_outcome[Request.new({"state": "paid"}).outcome], "teal")
        for refused in ("rejected", "contested", "debit_refused"):
            self.assertEqual(colour_of_outcome[Request.new({"state": refused}).outcome], "red")

        # the graph stacks by outcome; every bar gets every outcome, in order, so that the
        # series (and their colours) never shift with the data
        graph = self._arch(REQUEST, "graph")
        self.assertEqual(
            [node.get("name") for node in graph.xpath("//field[not(@type)]")],
            ["sent_at", "outcome"],
        )
        now = self.env.cr.now()
        paid = self._request("paid", 275.04, transferred=275.04, sent_at=now)
        self._request("awaiting_client", 100.01, sent_at=now)
        groups = self.Request.web_read_group(
            [], ["amount_total:sum"], ["sent_at:month", "outcome"], lazy=False
        )["groups"]
        self.assertEqual(
            [group["outcome"] for group in groups], [value for _c, value, _l in OUTCOMES]
        )
        sums = {group["outcome"]: group["amount_total"] for group in groups}
        self.assertEqual(
            sums,
            {
                "in_progress": 100.01,
                "refused": 0,
                "paid": 275.04,
                "to_check": 0,
                "not_received": 0,
            },
        )
        counts = {group["outcome"]: group["__count"] for group in groups}
        self.assertEqual(counts["refused"], 0)
        # each bar opens what it counts
        by_outcome = {group["outcome"]: group for group in groups}
        self.assertEqual(self.Request.search(by_outcome["paid"]["__domain"]), paid)
        self.assertFalse(self.Request.search(by_outcome["refused"]["__domain"]))
        # the outcome is URSSAF's, like the state: nobody writes it
        with self.assertRaises(AccessError):
            paid.with_user(self.user).write({"outcome": "refused"})

    # ---------------------------------------------------------------- filters

    def test_no_two_filters_read_the_same(self):
        search = self._arch(REQUEST, "search")
        filters = search.xpath("//filter[@domain]")
        labels = [node.get("string") for node in filters]
        # the domains as written (one holds the date of today: not a literal)
        domains = [re.sub(r"\s+", "", node.get("domain")) for node in filters]
        self.assertGreater(len(filters), 8)
        self.assertEqual(len(set(labels)), len(labels), labels)
        self.assertEqual(len(set(domains)), len(domains), domains)
        # no label is the beginning of another ("Waiting" and "Waiting for the client")
        for first, second in itertools.permutations(labels, 2):
            self.assertFalse(
                second.lower().startswith(first.lower()), f"{first!r} reads like {second!r}"
            )
        by_name = {node.get("name"): node.get("string") for node in filters}
        self.assertEqual(by_name["waiting"], "In progress at URSSAF")
        self.assertEqual(by_name["awaiting_client"], "To be validated by the client")

    # ---------------------------------------------------------------- smart button

    def test_the_contacts_smart_button_says_what_its_amounts_are(self):
        partner = self.client_partner.with_user(self.user)
        self.assertFalse(partner.l10n_fr_urssaf_request_count)
        self.assertFalse(partner.l10n_fr_urssaf_request_summary)
        self._request("paid", 275.04, transferred=275.04)
        self._request("awaiting_client", 100.01)
        partner.invalidate_recordset()
        self.assertEqual(partner.l10n_fr_urssaf_request_count, 2)
        self.assertEqual(partner.l10n_fr_urssaf_request_summary, f"375.05{NBSP}€ sent")
        self.assertEqual(partner.l10n_fr_urssaf_request_detail, f"of which 275.04{NBSP}€ paid")
        # refused by the client and cancelled: not in the amounts, told apart
        self._request("contested", 50.0)
        self._request("cancelled", 30.0)
        # refused by URSSAF at the sending: never held, not the client's
        self._request("rejected", 20.0)
        partner.invalidate_recordset()
        self.assertEqual(partner.l10n_fr_urssaf_request_count, 2)
        self.assertEqual(partner.l10n_fr_urssaf_exited_count, 2)
        self.assertEqual(partner.l10n_fr_urssaf_request_total, 375.05)
        self.assertEqual(partner.l10n_fr_urssaf_transferred_total, 275.04)
        self.assertEqual(partner.l10n_fr_urssaf_request_summary, f"375.05{NBSP}€ sent")
        self.assertEqual(
            partner.l10n_fr_urssaf_request_detail,
            f"of which 275.04{NBSP}€ paid; 2 requests refused or cancelled",
        )
        # in French, the company currency's French format
        self.env["res.lang"]._activate_lang("fr_FR")
        french = partner.with_context(lang="fr_FR")
        self.assertIn(f"375,05{NBSP}€", french.l10n_fr_urssaf_request_summary)
        self.assertIn(f"275,04{NBSP}€", french.l10n_fr_urssaf_request_detail)
        # the button opens every request it tells of
        action = partner.action_l10n_fr_urssaf_open_requests()
        self.assertEqual(self.Request.search_count(action["domain"]), 4)

    def test_the_smart_button_of_a_client_with_nothing_paid_yet(self):
        partner = self.client_partner.with_user(self.user)
        self._request("contested", 50.0)
        partner.invalidate_recordset()
        # nothing URSSAF pays: the button tells the refusal only
        self.assertEqual(partner.l10n_fr_urssaf_request_count, 0)
        self.assertEqual(partner.l10n_fr_urssaf_exited_count, 1)
        self.assertEqual(partner.l10n_fr_urssaf_request_summary, "1 request refused or cancelled")
        self.assertFalse(partner.l10n_fr_urssaf_request_detail)
        [button] = self._arch("res.partner", "form").xpath(
            "//button[@name='action_l10n_fr_urssaf_open_requests']"
        )
        self.assertEqual(
            button.get("invisible"),
            "not l10n_fr_urssaf_request_count and not l10n_fr_urssaf_exited_count",
        )
        self._request("validated", 99.99)
        partner.invalidate_recordset()
        self.assertEqual(partner.l10n_fr_urssaf_request_summary, f"99.99{NBSP}€ sent")
        self.assertEqual(
            partner.l10n_fr_urssaf_request_detail,
            "of which none paid yet; 1 request refused or cancelled",
        )

    # ---------------------------------------------------------------- URSSAF clients

    def test_the_clients_list_offers_no_new_client(self):
        # a client is registered from its contact: the list, the kanban and the form offer no
        # New that would open a form without a way to register
        for view_type in ("list", "kanban", "form"):
            arch = self._arch("l10n_fr_urssaf.client", view_type)
            self.assertIn(arch.get("create"), ("0", "false"), view_type)
        # the contact's registration still makes the link
        partner = self._partner("paul")
        wizard = self._register(partner)
        self.assertEqual(wizard.result, "success", wizard.result_message)
        self.assertEqual(self._link(partner).state, "pending")


@tagged("post_install", "-at_install")
class TestDemo(UrssafPaymentCommon):
    """scripts/demo loads scripts/lib/demo_*.py into Odoo's shell at each start, each start with
    a new sandbox: run here in the test's transaction, against the test's sandbox."""

    DEMO_SCRIPTS = ("demo_data.py", "demo_billing.py", "demo_sync.py")

    def _start_demo(self):
        """One start of the demo: a new sandbox (it keeps nothing), then the three scripts."""
        self.sandbox.reset()
        lib = os.path.join(get_module_path("l10n_fr_urssaf_avance_immediate"), "scripts", "lib")
        with (
            patch.dict(os.environ, {"SANDBOX_URL": self.sandbox.url}),
            patch.object(self.env.cr, "commit", lambda: None),
            contextlib.redirect_stdout(io.StringIO()),
        ):
            with open(os.path.join(lib, "demo_story.py"), encoding="utf-8") as file:
                prelude = file.read()
            for name in self.DEMO_SCRIPTS:
                path = os.path.join(lib, name)
                with open(path, encoding="utf-8") as file:
                    # as scripts/demo feeds them: billing and sync after the shared prelude
                    text = file.read() if name == "demo_data.py" else prelude + file.read()
                code = compile(text, path, "exec")
                exec(code, {"env": self.env, "__name__": "__main__"})  # noqa: S102
        self.env.invalidate_all()

    def _messages(self, record):
        return self.env["mail.message"].search_count(
            [("model", "=", record._name), ("res_id", "=", record.id)]
        )

    def _demo(self, name):
        return self.env.ref(f"__urssaf_demo__.{name}")

    def test_a_restart_tells_the_demo_story_once_and_invoices_keep_their_numbering(self):
        # the demo speaks French (activated here without loading every module's terms)
        self.env["res.lang"]._activate_lang("fr_FR")
        self._start_demo()
        claire = self._demo("client_dubois")
        contested = self._demo("sync_invoice_contested")
        self.assertEqual(self._link(claire).state, "active")
        self.assertEqual(contested.l10n_fr_urssaf_state, "contested")
        self.assertTrue(contested.name.startswith("REFUS/"), contested.name)
        told = (self._messages(claire), self._messages(contested))
        self.assertTrue(all(told), told)
        # the user sends the demo's valid invoice: their story stays, told once
        billed = self._demo("billing_invoice_ok")
        self._send(billed)
        self.assertEqual(billed.l10n_fr_urssaf_state, "integrated")
        billed_told = self._messages(billed)

        self._start_demo()
        self.assertEqual(self._demo("client_dubois"), claire)
        self.assertEqual(self._demo("sync_invoice_contested"), contested)
        self.assertEqual(self._link(claire).state, "active")
        self.assertEqual(contested.l10n_fr_urssaf_state, "contested")
        # the registration and the contested request are told again to the new sandbox, and
        # shown once
        self.assertEqual((self._messages(claire), self._messages(contested)), told)
        self.assertEqual(self._messages(billed), billed_told)
        self.assertFalse(billed.l10n_fr_urssaf_payment_request_id)
        self._start_demo()
        self.assertEqual((self._messages(claire), self._messages(contested)), told)

        # a new invoice in the default sales journal is numbered as that journal numbers
        invoice = self._invoice(partner=claire)
        journal = invoice.journal_id
        self.assertNotEqual(journal, contested.journal_id)
        self.assertNotEqual(journal.code, "REFUS")
        self.assertTrue(invoice.name.startswith(f"{journal.code}/"), invoice.name)


@tagged("post_install", "-at_install")
class TestDemoDuties(TestDemo):
    """The demo's yearly and quarterly duties and its bank lines: a year of three households
    (scripts/lib/demo_history.py), last year's certificates issued in one action, the last
    quarter's NOVA figures, URSSAF's transfer matched on the bank statement."""

    DEMO_SCRIPTS = (*TestDemo.DEMO_SCRIPTS, "demo_history.py")

    def test_the_demo_issues_last_year_s_certificates_and_shows_the_quarter(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self._start_demo()
        households = self._demo("history_garnier") | self._demo("history_lefevre")
        households |= self._demo("history_moreau")
        invoices = self.env["account.move"].search_count(
            [("partner_id", "in", households.ids), ("move_type", "=", "out_invoice")]
        )
        self.assertGreaterEqual(invoices, 3 * 12)
        # a restart adds nothing
        self._start_demo()
        self.assertEqual(
            self.env["account.move"].search_count(
                [("partner_id", "in", households.ids), ("move_type", "=", "out_invoice")]
            ),
            invoices,
        )
        year = fields.Date.today().year - 1
        company = self.env.ref("base.main_company")
        run = self.env["l10n_fr_urssaf.tax.certificate.run"].create(
            {"year": year, "company_id": company.id}
        )
        run.action_issue()
        self.assertEqual(run.state, "done")
        self.assertEqual(run.problem_count, 0, run.problems)
        certificates = run.certificate_ids
        self.assertEqual(certificates.partner_id, households)
        # Monique Garnier: 10 h at 25 EUR each month, paid 10 days after the month's end: the
        # invoices of January to November of the year (December's is paid in January)
        garnier = certificates.filtered(lambda c: c.partner_id == self._demo("history_garnier"))
        self.assertEqual(garnier.amount_total, 11 * 250.0)
        self.assertEqual(garnier.amount_direct, 11 * 250.0)
        lefevre = certificates.filtered(lambda c: c.partner_id == self._demo("history_lefevre"))
        self.assertEqual(lefevre.amount_cesu + lefevre.amount_direct, lefevre.amount_total)
        self.assertEqual(lefevre.amount_total, 11 * (6 * 25.0 + 3 * 30.0))
        self.assertEqual(lefevre.amount_cesu, lefevre.amount_total / 2)
        # the NOVA screen's default (the quarter that ended last) has the three households
        today = fields.Date.today()
        quarter_start = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
        last_start = (quarter_start - timedelta(days=1)).replace(day=1)
        last_start = last_start.replace(month=3 * ((last_start.month - 1) // 3) + 1)
        figures = self.env["l10n_fr_urssaf.nova.statistics"].search(
            [
                ("company_id", "=", company.id),
                ("date", ">=", last_start),
                ("date", "<", quarter_start),
                ("partner_id", "in", households.ids),
            ]
        )
        self.assertEqual(figures.partner_id, households)
        self.assertEqual(sum(figures.filtered(lambda f: f.nature == "60").mapped("hours")), 60.0)

    def test_the_demo_s_bank_lines_match_urssaf_s_money(self):
        self._start_demo()
        transfer = self._demo("bank_line_urssaf_transfer")
        take_back = self._demo("bank_line_urssaf_take_back")
        unpaid = self._demo("sync_invoice_unpaid")
        request = unpaid.l10n_fr_urssaf_payment_request_id
        self.assertIn(request.urssaf_id, transfer.payment_ref)
        self.assertEqual(transfer.amount, request.transfer_amount)
        self.assertEqual(take_back.amount, -request._take_back().amount)
        (transfer | take_back).action_l10n_fr_urssaf_match()
        self.assertTrue(transfer.is_reconciled)
        self.assertFalse(take_back.is_reconciled)  # the take-back entry is not posted yet
        entry = (
            request.take_back_move_id
            or request.action_prepare_take_back()
            and (request.take_back_move_id)
        )
        entry.action_post()
        take_back.action_l10n_fr_urssaf_match()
        self.assertTrue(take_back.is_reconciled)
        # a restart (a new sandbox) starts the story again, the matched lines too
        self._start_demo()
        transfer = self._demo("bank_line_urssaf_transfer")
        self.assertFalse(transfer.is_reconciled)
        self.assertEqual(transfer.amount, unpaid.l10n_fr_urssaf_payment_request_id.transfer_amount)


@tagged("post_install", "-at_install")
class TestDemoPortal(TestDemo):
    """The demo's client portal (scripts/lib/demo_portal.py): Camille Roux invited, she fills her
    data as the page does, the provider registers her; each start invites her afresh."""

    DEMO_SCRIPTS = (*TestDemo.DEMO_SCRIPTS, "demo_portal.py")

    def test_the_demo_client_fills_her_data_and_the_provider_registers_her(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self._start_demo()
        camille = self._demo("client_portal_roux")
        user = camille.with_context(active_test=False).user_ids
        self.assertEqual(user.login, "camille.roux@example.fr")
        self.assertTrue(user.share and user.active)
        self.assertTrue(camille.l10n_fr_urssaf_portal_invited_at)
        self.assertTrue(camille._l10n_fr_urssaf_registration_problems())  # no birth data yet
        born_in = self._commune("74011", "delegated")
        town = self._commune("77186", "commune")
        post = {
            "civility": "2",
            "birth_name": "ROUX",
            "first_names": "Camille Andrée",
            "birth_date": "1948-06-02",
            "birth_country_id": str(self.env.ref("base.fr").id),
            "birth_commune_id": str(born_in.id),
            "birth_commune_name": born_in.display_name,
            "street_number": "7",
            "street_type": "R",
            "street_label": "des Écoles",
            "zip": "77300",
            "commune_id": str(town.id),
            "commune_name": town.name,
            "mobile": "06 45 67 89 01",
            "email": "camille.roux@example.fr",
            "iban": "FR76 3000 6000 0112 3456 7890 189",
            "account_holder": "Mme Camille Roux",
            "consent": "1",
        }
        result = camille.with_user(user)._l10n_fr_urssaf_portal_submit(post)
        self.assertEqual(result.problems, {})
        self.assertTrue(result.confirmed)
        self.assertTrue(camille.l10n_fr_urssaf_portal_consent_at)
        self.assertEqual(camille._l10n_fr_urssaf_registration_problems(), [])
        wizard = self._register(camille)
        self.assertEqual(wizard.result, "success", wizard.result_message)
        self.assertTrue(camille._l10n_fr_urssaf_portal_locked())
        # a restart (a new sandbox): invited again, nothing filled, no link
        self._start_demo()
        self.assertEqual(self._demo("client_portal_roux"), camille)
        camille.invalidate_recordset()
        self.assertFalse(camille.l10n_fr_urssaf_portal_consent_at)
        self.assertFalse(camille.l10n_fr_urssaf_birth_commune_id)
        self.assertFalse(camille.l10n_fr_urssaf_iban)
        self.assertFalse(camille._l10n_fr_urssaf_portal_locked())
        self.assertTrue(camille.l10n_fr_urssaf_portal_invited_at)
        self.assertEqual(camille.with_context(active_test=False).user_ids, user)
