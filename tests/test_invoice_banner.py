"""Where Odoo users look: the banner above the invoice sheet says the URSSAF state, the client's
deadline and what to do, coloured by the state catalogue; the invoice list filters the invoices to
send to URSSAF and shows the URSSAF state in its catalogue colour."""

import ast
from datetime import timedelta

import pytz
from lxml import etree

from odoo import fields
from odoo.tests import Form, tagged
from odoo.tools.safe_eval import safe_eval

from odoo.addons.l10n_fr_urssaf_avance_immediate.models.account_move_banner import banner_level
from odoo.addons.l10n_fr_urssaf_avance_immediate.urssaf_api import states
from odoo.addons.l10n_fr_urssaf_avance_immediate.urssaf_api.results import parse_payment_info

from .sync_common import UrssafSyncCommon
from .test_payment_sync_isolation import E4_PATH


@tagged("post_install", "-at_install")
class TestInvoiceBanner(UrssafSyncCommon):
    # ---------------------------------------------------------------- helpers

    def _banner(self, move, user=None):
        user = user or self.user
        self.env.invalidate_all()
        move = move.with_user(user).with_context(lang=user.lang, tz=user.tz)
        return move.l10n_fr_urssaf_banner_level, move.l10n_fr_urssaf_banner_text

    def _assert_banner(self, move, level, *texts, absent=()):
        got_level, text = self._banner(move)
        state = move.l10n_fr_urssaf_state
        self.assertEqual(got_level, level, (state, text))
        for expected in texts:
            self.assertIn(expected, text or "", state)
        for unexpected in absent:
            self.assertNotIn(unexpected, text or "", state)
        return text

    def _form_arch(self, view_type, user=None):
        Move = self.env["account.move"].with_user(user or self.user)
        views = Move.get_views([(False, view_type)])
        return etree.fromstring(views["views"][view_type]["arch"])

    # ---------------------------------------------------------------- no banner

    def test_no_banner_on_an_invoice_that_has_nothing_to_do_with_urssaf(self):
        stranger = self.env["res.partner"].create({"name": "Client sans URSSAF"})
        self.assertEqual(self._banner(self._invoice(partner=stranger)), (False, False))
        # a draft of an URSSAF client: nothing to do at URSSAF yet
        self.assertEqual(self._banner(self._invoice(post=False)), (False, False))
        # a vendor bill of the same contact
        bill = self._invoice(move_type="in_invoice", post=False)
        self.assertEqual(self._banner(bill), (False, False))
        # a user without URSSAF rights sees no banner, even on a sent invoice
        move, _request = self._sent()
        accountant = self._company_user(
            "urssaf_banner_accountant", self.company, "account.group_account_invoice"
        )
        self.assertEqual(self._banner(move, accountant), (False, False))
        self.assertTrue(self._banner(move)[1])

    # ---------------------------------------------------------------- to send

    def test_an_invoice_to_send_gets_a_discreet_hint_with_its_problem_count(self):
        ready = self._invoice()
        text = self._assert_banner(ready, "info", "To send to URSSAF", absent=["problem"])
        self.assertFalse(text.startswith("URSSAF: "), text)
        one = self._invoice(lines=[(self.other, 1, 10.0)])
        several = self._invoice(
            lines=[(self.other, 1, 10.0)],
            l10n_fr_urssaf_service_start=False,
            l10n_fr_urssaf_service_end=False,
        )
        self.assertEqual(len(one._l10n_fr_urssaf_prepare().problems), 1)
        count = len(several._l10n_fr_urssaf_prepare().problems)
        self.assertGreater(count, 1)
        self._assert_banner(one, "info", "To send to URSSAF", "1 problem to fix before sending")
        self._assert_banner(
            several, "info", "To send to URSSAF", f"{count} problems to fix before sending"
        )
        # sent: the state takes its place
        self._send(ready)
        self._assert_banner(ready, "info", "URSSAF: Received by URSSAF", absent=["To send"])

    # ---------------------------------------------------------------- URSSAF's life

    def test_the_banner_follows_every_state_of_urssafs_pipeline(self):
        normal, normal_request = self._sent()
        contested, _request = self._sent("REFUS")
        cancelled, _request = self._sent("ANNUL")
        unpaid, _request = self._sent("RECOUVRE")
        for move in normal | contested | cancelled | unpaid:
            self._assert_banner(
                move,
                "info",
                "URSSAF: Received by URSSAF",
                "the client will be asked to validate it",
            )
        self._live(hours=1, minutes=1)
        self.assertEqual(normal.l10n_fr_urssaf_state, "awaiting_client")
        deadline = normal_request.validation_deadline
        self.assertEqual(deadline, normal_request.state_changed_at + timedelta(hours=48))
        self._assert_banner(
            normal,
            "info",
            "URSSAF: Awaiting the client's validation",
            f"The client has until {self._short(deadline, self.user)} to validate or contest",
        )
        # in the user's own date format and time zone
        self.env["res.lang"]._activate_lang("fr_FR")
        french = self._company_user("urssaf_banner_french", self.company)
        french.write({"lang": "fr_FR", "tz": "Europe/Paris"})
        _level, text = self._banner(normal, french)
        paris = pytz.utc.localize(deadline).astimezone(pytz.timezone("Europe/Paris"))
        self.assertIn(paris.strftime("%d/%m/%Y %H:%M"), text)

        self._live(hours=24)
        self.assertEqual(contested.l10n_fr_urssaf_state, "contested")
        self._assert_banner(
            contested,
            "danger",
            "URSSAF: Refused by the client",
            "Talk with the client",
            "client's comment: Le montant facturé",
            absent=["has until"],
        )
        self.assertEqual(cancelled.l10n_fr_urssaf_state, "cancelled")
        self._assert_banner(
            cancelled,
            "warning",
            "URSSAF: Cancelled",
            "URSSAF cancelled the request",
            "ANNUL_ERR_MNT",
        )

        self._live(hours=24)
        self.assertEqual(normal.l10n_fr_urssaf_state, "validated")
        self._assert_banner(normal, "info", "URSSAF: Validated", "URSSAF debits the client's share")
        self._live(days=2)
        self.assertEqual(normal.l10n_fr_urssaf_state, "debited")
        self._assert_banner(normal, "info", "URSSAF: Client debited", "transfer the amount")
        self._live(days=4)
        self.assertEqual(normal.l10n_fr_urssaf_state, "paid")
        self._assert_banner(normal, "success", "URSSAF: Paid", "transferred the amount to you")

        self._live(days=5)
        self.assertEqual(unpaid.l10n_fr_urssaf_state, "debit_refused")
        self._assert_banner(
            unpaid,
            "danger",
            "URSSAF: Debit refused",
            "Collect that share from the client directly",
        )
        self._live(days=10)
        self.assertEqual(unpaid.l10n_fr_urssaf_state, "recovered")
        self._assert_banner(unpaid, "warning", "URSSAF: Recovered", "Check the money received")

    def test_refused_by_urssaf_says_what_to_do_and_not_to_send(self):
        move = self._invoice(l10n_fr_urssaf_deposit_amount=50.0)
        move.l10n_fr_urssaf_deposit_date = self.period_start
        self._send(move)
        self.assertEqual(move.l10n_fr_urssaf_state, "rejected")
        self.assertTrue(move.with_user(self.user).l10n_fr_urssaf_can_send)
        self._assert_banner(
            move,
            "danger",
            "URSSAF: Refused by URSSAF",
            "Correct the invoice or the client's data, then send again",
            absent=["To send to URSSAF"],
        )

    def test_the_states_of_the_sending_and_an_unknown_status(self):
        move, request = self._sent()
        request._set_state("sending", {})
        self._assert_banner(move, "info", "URSSAF: Being sent", "being sent to URSSAF")
        request._set_state("uncertain", {})
        self._assert_banner(
            move, "warning", "URSSAF: Answer lost: being checked", "URSSAF's answer was lost"
        )
        request._set_state("lost", {"urssaf_id": False})
        self._assert_banner(
            move, "warning", "URSSAF: Not received by URSSAF", "The invoice can be sent again"
        )
        request._set_state("integrated", {"urssaf_id": "X-1"})
        info = parse_payment_info(
            {
                "idDemandePaiement": "X-1",
                "demandePaiement": {"numFactureTiers": request.invoice_number},
                "statut": {"code": "80", "libelle": "En attente d'échanges"},
            }
        )
        request._apply_status(info, fields.Datetime.now())
        self.assertEqual(request.state, "other")
        self._assert_banner(
            move, "warning", "URSSAF: Other URSSAF status", "Check it in your URSSAF space"
        )

    def test_a_failed_reading_at_urssaf_raises_the_banner_to_a_warning(self):
        move, request = self._sent()
        self._advance(hours=2)
        self.sandbox.inject_fault("status", status=503, path=E4_PATH, count=3)
        self._sync()
        self.assertTrue(request.sync_failed)
        self.assertEqual(request.state, "integrated")
        self._assert_banner(
            move,
            "warning",
            "URSSAF: Received by URSSAF",
            "The last reading of this request at URSSAF failed",
        )
        self.sandbox.clear_faults()
        self._live(hours=1)
        self.assertFalse(request.sync_failed)
        self._assert_banner(move, "info", "Awaiting the client's validation", absent=["reading"])

    def test_the_level_comes_from_the_catalogue(self):
        for state in states.PAYMENT_REQUEST.states:
            level = banner_level(state.value)
            self.assertIn(level, ("info", "success", "warning", "danger"), state.value)
            if state.colour in ("warning", "danger", "success"):
                self.assertEqual(level, state.colour, state.value)
            if state.needs_attention:
                self.assertIn(level, ("warning", "danger"), state.value)
            self.assertIn(banner_level(state.value, sync_failed=True), ("warning", "danger"))

    # ---------------------------------------------------------------- wiring

    def test_the_form_shows_the_banner_above_the_sheet(self):
        arch = self._form_arch("form")
        [sheet] = arch.xpath("/form/sheet")
        banners = arch.xpath("//div[contains(@class, 'o_l10n_fr_urssaf_banner')]")
        self.assertEqual(len(banners), 4)
        for div in banners:
            self.assertIs(div.getparent(), sheet.getparent())
            self.assertLess(div.getparent().index(div), sheet.getparent().index(sheet))
            self.assertIn("alert", div.get("class"))
            self.assertIn("l10n_fr_urssaf_banner_level", div.get("invisible"))
            # no state listed in the view: the level is the model's
            for state in states.PAYMENT_REQUEST.values():
                self.assertNotIn(f"'{state}'", div.get("invisible"))
            self.assertEqual(len(div.xpath("field[@name='l10n_fr_urssaf_banner_text']")), 1)
        self.assertEqual(
            {div.get("class").split()[1] for div in banners},
            {"alert-info", "alert-success", "alert-warning", "alert-danger"},
        )
        # and a user loads it as the web client does
        move, _request = self._sent("REFUS")
        self._live(hours=1, minutes=1)
        self._live(hours=24)
        form = Form(move.with_user(self.user))
        self.assertEqual(form.l10n_fr_urssaf_banner_level, "danger")
        self.assertIn("Refused by the client", form.l10n_fr_urssaf_banner_text)
        # users without URSSAF rights get no banner in their view
        accountant = self._company_user(
            "urssaf_banner_viewer", self.company, "account.group_account_invoice"
        )
        arch = self._form_arch("form", accountant)
        self.assertFalse(arch.xpath("//div[contains(@class, 'o_l10n_fr_urssaf_banner')]"))

    # ---------------------------------------------------------------- invoice list

    def test_the_to_send_filter_finds_exactly_the_invoices_to_send(self):
        to_send = self._invoice()
        draft = self._invoice(post=False)
        stranger = self.env["res.partner"].create({"name": "Client sans URSSAF"})
        not_a_client = self._invoice(partner=stranger)
        sent, _request = self._sent()
        refused = self._invoice(l10n_fr_urssaf_deposit_amount=50.0)
        refused.l10n_fr_urssaf_deposit_date = self.period_start
        self._send(refused)
        self.assertEqual(refused.l10n_fr_urssaf_state, "rejected")
        credit_note = self._invoice(move_type="out_refund")
        # a client whose link is not active (registered, waiting for the activation)
        waiting_partner = self._partner("jeanne")
        self._register(waiting_partner, has_account="no")
        self.assertNotEqual(self._link(waiting_partner).state, "active")
        waiting = self._invoice(partner=waiting_partner)
        [node] = self._form_arch("search").xpath("//filter[@name='l10n_fr_urssaf_to_send']")
        domain = ast.literal_eval(node.get("domain"))
        self.assertEqual(domain, [("l10n_fr_urssaf_can_send", "=", True)])
        Move = self.env["account.move"].with_user(self.user)
        everything = to_send | draft | not_a_client | sent | refused | credit_note | waiting
        found = Move.search(domain + [("id", "in", everything.ids)])
        self.assertEqual(found, to_send | refused)
        # the filter and the computed flag agree, and the negation is the rest
        for move in everything:
            self.assertEqual(
                move.with_user(self.user).l10n_fr_urssaf_can_send, move in found, move.name
            )
        rest = Move.search([("l10n_fr_urssaf_can_send", "=", False), ("id", "in", everything.ids)])
        self.assertEqual(rest, everything - found)
        # without URSSAF rights: nothing to send
        accountant = self._company_user(
            "urssaf_list_accountant", self.company, "account.group_account_invoice"
        )
        self.assertFalse(
            self.env["account.move"]
            .with_user(accountant)
            .search(domain + [("id", "in", everything.ids)])
        )

    def test_the_list_shows_the_urssaf_state_in_its_catalogue_colour(self):
        Move = self.env["account.move"].with_user(self.user)
        list_view = self.env.ref("account.view_out_invoice_tree")
        views = Move.get_views([(list_view.id, "list")])
        arch = etree.fromstring(views["views"]["list"]["arch"])
        [column] = arch.xpath("//field[@name='l10n_fr_urssaf_state']")
        self.assertNotEqual(column.get("optional"), "hide")
        invisible = column.get("column_invisible") or "False"
        for move_type in ("out_invoice", "out_refund", None):
            context = {"default_move_type": move_type} if move_type else {}
            self.assertFalse(safe_eval(invisible, {"context": context}), move_type)
        self.assertEqual(column.get("widget"), "badge")
        for level in ("success", "info", "warning", "danger"):
            self.assertEqual(
                column.get(f"decoration-{level}"), f"l10n_fr_urssaf_state_colour == '{level}'"
            )
        self.assertTrue(arch.xpath("//field[@name='l10n_fr_urssaf_state_colour']"))
        # the colour is the catalogue's
        move, request = self._sent("REFUS")
        self._live(hours=1, minutes=1)
        self._live(hours=24)
        self.assertEqual(move.l10n_fr_urssaf_state_colour, "danger")
        self.assertEqual(request.state_colour, states.PAYMENT_REQUEST.colour("contested"))

    # ---------------------------------------------------------------- helpers

    def _short(self, value, user):
        """The deadline as an English user reads it: the user's date format (en_US's
        %m/%d/%Y), hours and minutes, in the user's time zone."""
        return fields.Datetime.context_timestamp(
            self.env["account.move"].with_context(tz=user.tz), value
        ).strftime("%m/%d/%Y %H:%M")
