"""URSSAF's take-backs booked in one click: *Prepare the entry* makes a draft entry in the URSSAF
transfers journal from the figures (compared to the cent), once per request; the accountant
reviews and posts it; only accountants who are URSSAF users prepare it; the link is written by
the module only and never lost silently."""

import contextlib
import io
import os
from datetime import UTC, datetime, timedelta
from unittest.mock import patch

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.modules.module import get_module_path
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.l10n_fr_urssaf_avance_immediate.urssaf_api.billing import to_decimal
from odoo.addons.l10n_fr_urssaf_avance_immediate.urssaf_api.billing.mention import advance_split
from odoo.addons.l10n_fr_urssaf_avance_immediate.urssaf_api.results import PaymentRequestInfo

from . import test_rpc_doors
from .common import USER_GROUPS, JsonRpcDoors
from .payment_common import UrssafPaymentCommon
from .sync_common import UrssafSyncCommon

REQUEST = "l10n_fr_urssaf.payment.request"


@tagged("post_install", "-at_install")
class TestTakeBackEntries(UrssafSyncCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.accountant = cls._company_user(
            "urssaf_take_back_accountant",
            cls.company,
            groups=USER_GROUPS + ",account.group_account_manager",
        )
        cls.clerk = cls._company_user(
            "urssaf_take_back_clerk",
            cls.company,
            groups=USER_GROUPS + ",account.group_account_invoice",
        )
        cls.outsider = new_test_user(
            cls.env,
            login="urssaf_take_back_outsider",
            groups="base.group_user,account.group_account_manager",
            company_id=cls.company.id,
            company_ids=[(6, 0, cls.company.ids)],
        )

    def _unpaid(self, prefix="IMPAYE"):
        """A request paid by URSSAF (the transfer booked), then its client's debit refused."""
        move, request = self._sent(prefix)
        self._live(days=8, hours=2)
        self.assertEqual(request.transfer_booking, "booked")
        self._live(days=5)
        self.assertEqual(request.state, "debit_refused")
        return move, request

    def _lines(self, entry):
        return sorted(
            (line.account_id.account_type, line.partner_id, line.debit, line.credit)
            for line in entry.line_ids
        )

    def _client_receivable(self, move):
        lines = self.env["account.move.line"].search(
            [
                ("partner_id", "=", move.commercial_partner_id.id),
                ("account_id.account_type", "=", "asset_receivable"),
                ("parent_state", "=", "posted"),
            ]
        )
        return round(sum(lines.mapped("amount_residual")), 2)

    def test_an_unpaid_debit_is_booked_in_one_click_once(self):
        move, request = self._unpaid()
        self.assertTrue(request.take_back_due)
        self.assertEqual(request.take_back_amount, 152.5)
        activity = self._accounting_activities(request)
        self.assertEqual(len(activity), 1)
        self.assertIn("Prepare the entry", activity.note)
        self.assertIn("152,50", activity.note)
        # nothing is booked before the accountant's click
        self.assertFalse(request.take_back_move_id)
        self.assertEqual(self._client_receivable(move), 0.0)

        action = request.with_user(self.accountant).action_prepare_take_back()
        entry = request.take_back_move_id
        self.assertTrue(entry)
        self.assertEqual((action["res_model"], action["res_id"]), ("account.move", entry.id))
        self.assertEqual(entry.state, "draft")
        self.assertEqual(entry.move_type, "entry")
        self.assertEqual(entry.journal_id, self.bank_journal)
        self.assertEqual(entry.company_id, self.company)
        self.assertIn(request.urssaf_id, entry.ref)
        self.assertIn(move.name, entry.ref)
        # the client's share re-opened as the client's receivable, out of the bank's
        # outstanding payments account, to the cent
        receivable = move.line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable"
        ).account_id
        client = move.commercial_partner_id
        self.assertEqual(
            self._lines(entry),
            sorted(
                [
                    ("asset_current", client, 0.0, 152.5),
                    ("asset_receivable", client, 152.5, 0.0),
                ]
            ),
        )
        self.assertEqual(entry.line_ids.filtered("debit").account_id, receivable)
        outstanding = entry.line_ids.filtered("credit").account_id
        self.assertTrue(outstanding.reconcile)
        self.assertEqual(entry.amount_total, 152.5)
        self.assertFalse(request.take_back_due)
        self.assertIn(entry.display_name, self._invoice_notes(move)[0])

        # a second click opens the same entry; nothing more is created
        again = request.with_user(self.accountant).action_prepare_take_back()
        self.assertEqual(again["res_id"], entry.id)
        self.assertEqual(
            self.env["account.move"].search_count([("ref", "=", entry.ref)]),
            1,
        )
        # the accountant posts it: booked, told on the invoice, the client owes their share
        entry.with_user(self.accountant).action_post()
        self.assertEqual(entry.state, "posted")
        self.assertIn("take-back booked", self._invoice_notes(move)[0])
        self.assertEqual(self._client_receivable(move), 152.5)
        # URSSAF's transfer stays booked, the invoice paid by it
        self.assertEqual(request.transfer_booking, "booked")
        self.assertEqual(move.amount_residual, 0.0)
        self.assertEqual(
            request.with_user(self.accountant).action_prepare_take_back()["res_id"], entry.id
        )

    def test_the_filter_finds_the_take_backs_to_book(self):
        _move, request = self._unpaid()
        _other_move, other = self._sent()
        due = self.Request.search([("take_back_due", "=", True)])
        self.assertIn(request, due)
        self.assertNotIn(other, due)
        self.assertIn(other, self.Request.search([("take_back_due", "=", False)]))
        request.with_user(self.accountant).action_prepare_take_back()
        self.assertNotIn(request, self.Request.search([("take_back_due", "=", True)]))
        self.assertIn(request, self.Request.search([("take_back_due", "!=", True)]))

    def test_the_statuses_after_the_unpaid_book_nothing_more(self):
        move, request = self._unpaid("ANNULRECOUVRE")
        request.with_user(self.accountant).action_prepare_take_back()
        entry = request.take_back_move_id
        # 120 ten days later: the same take-back, its draft waiting for the accountant
        self._live(days=10, minutes=1)
        self.assertEqual((request.state, request.status_code), ("recovered", "120"))
        waiting = self._accounting_activities(request).sorted("id")[-1]
        self.assertIn("is waiting for you", waiting.note)
        self.assertIn("152,50", waiting.note)
        entry.with_user(self.accountant).action_post()
        # then 112: the same take-back, already booked
        self._live(days=2, minutes=1)
        self.assertEqual((request.state, request.status_code), ("cancelled", "112"))
        self.assertEqual(request.take_back_amount, 152.5)
        self.assertFalse(request.take_back_due)
        last = self._accounting_activities(request).sorted("id")[-1]
        self.assertIn("already books", last.note)
        self.assertIn(entry.display_name, last.note)
        request.with_user(self.accountant).action_prepare_take_back()
        self.assertEqual(request.take_back_move_id, entry)
        self.assertEqual(
            self.env["account.move"].search_count([("ref", "=", entry.ref)]),
            1,
        )
        self.assertEqual(self._client_receivable(move), 152.5)

    def test_a_recovery_without_the_60_seen_takes_back_the_share(self):
        move, request = self._sent("RECOUVRE")
        self._live(days=8, hours=2)
        # the 60 and the 120 both happened between two runs
        self._live(days=16)
        self.assertEqual((request.state, request.status_code), ("recovered", "120"))
        self.assertEqual(request.take_back_amount, 152.5)
        request.with_user(self.accountant).action_prepare_take_back()
        self.assertEqual(request.take_back_move_id.amount_total, 152.5)

    def test_a_cancellation_after_the_transfer_takes_back_what_was_transferred(self):
        move, request = self._sent()
        self._live(days=8, hours=2)
        self.assertEqual(request.transfer_booking, "booked")
        info = PaymentRequestInfo(
            id_payment_request=request.urssaf_id,
            invoice_number=request.invoice_number,
            id_client=None,
            status="110",
            status_label="Annulée",
            reject_code="ANNUL_ERR_MNT",
            reject_comment="Montant erroné.",
            transfer_amount=305.0,
            transfer_date=request.transfer_date,
        )
        request._apply_status(info, fields.Datetime.now())
        self.assertEqual(request.state, "cancelled")
        self.assertEqual(request.take_back_amount, 305.0)
        self.assertIn("305,00", self._accounting_activities(request).note)
        request.with_user(self.accountant).action_prepare_take_back()
        entry = request.take_back_move_id
        client = move.commercial_partner_id
        self.assertEqual(
            self._lines(entry),
            sorted(
                [
                    ("asset_current", client, 0.0, 305.0),
                    ("asset_receivable", client, 305.0, 0.0),
                ]
            ),
        )

    def test_nothing_to_prepare_before_a_take_back(self):
        _move, request = self._sent()
        self._live(days=8, hours=2)
        self.assertEqual(request.state, "paid")
        self.assertFalse(request.take_back_due)
        with self.assertRaisesRegex(UserError, "takes nothing back"):
            request.with_user(self.accountant).action_prepare_take_back()
        self.assertFalse(request.take_back_move_id)
        # 60 before any transfer: nothing was paid, nothing to take back
        _move, unpaid = self._sent("IMPAYE")
        unpaid_info = PaymentRequestInfo(
            id_payment_request=unpaid.urssaf_id,
            invoice_number=unpaid.invoice_number,
            id_client=None,
            status="60",
            status_label="En refus de prélèvement",
            reject_code=None,
            reject_comment=None,
            transfer_amount=None,
            transfer_date=None,
        )
        unpaid._apply_status(unpaid_info, fields.Datetime.now())
        self.assertEqual(unpaid.state, "debit_refused")
        self.assertFalse(unpaid.take_back_due)

    def test_only_accountants_who_are_urssaf_users_prepare_it(self):
        _move, request = self._unpaid()
        with self.assertRaisesRegex(AccessError, "Only an accountant"):
            request.with_user(self.clerk).action_prepare_take_back()
        with self.assertRaisesRegex(AccessError, "Only an accountant"):
            request.with_user(self.user).action_prepare_take_back()
        with self.assertRaises(AccessError):
            request.with_user(self.outsider).action_prepare_take_back()
        self.assertFalse(request.take_back_move_id)
        self.assertTrue(request.take_back_due)

    def test_the_button_is_shown_to_accountants_only(self):
        form = "l10n_fr_urssaf_avance_immediate.l10n_fr_urssaf_payment_request_view_form"
        view = self.env.ref(form)

        def arch(user):
            views = self.env[REQUEST].with_user(user).get_views([(view.id, "form")])
            return views["views"]["form"]["arch"]

        self.assertIn("action_prepare_take_back", arch(self.accountant))
        self.assertNotIn("action_prepare_take_back", arch(self.user))

    def test_without_journal_the_accountant_is_told(self):
        _move, request = self._unpaid()
        self.company.l10n_fr_urssaf_transfer_journal_id = False
        with self.assertRaisesRegex(UserError, "No journal is set"):
            request.with_user(self.accountant).action_prepare_take_back()
        self.assertFalse(request.take_back_move_id)

    def test_the_link_is_the_modules_and_never_lost_silently(self):
        move, request = self._unpaid()
        other = self._invoice()
        with self.assertRaisesRegex(AccessError, "Prepare the entry only"):
            request.with_user(self.accountant).write({"take_back_move_id": other.id})
        with self.assertRaises(AccessError):
            request.sudo().write({"take_back_move_id": other.id})
        request.with_user(self.accountant).action_prepare_take_back()
        entry = request.take_back_move_id
        name = entry.display_name
        with self.assertRaises(AccessError):
            request.with_user(self.accountant).write({"take_back_move_id": False})
        # the accountant deletes the draft: told on the invoice, a new one can be prepared
        entry.with_user(self.accountant).unlink()
        self.assertFalse(request.take_back_move_id)
        self.assertTrue(request.take_back_due)
        note = self._invoice_notes(move)[0]
        self.assertIn("was deleted by", note)
        self.assertIn(self.accountant.name, note)
        self.assertIn(name, note)
        request.with_user(self.accountant).action_prepare_take_back()
        self.assertTrue(request.take_back_move_id)
        self.assertNotEqual(request.take_back_move_id, entry)
        # a posted entry cannot be deleted: the link stays
        posted = request.take_back_move_id
        posted.with_user(self.accountant).action_post()
        with self.assertRaises(UserError):
            posted.with_user(self.accountant).unlink()
        self.assertEqual(request.take_back_move_id, posted)


@tagged("post_install", "-at_install")
class TestTakeBackDemo(UrssafPaymentCommon):
    """The demo shows a take-back to book: an invoice URSSAF paid whose client's debit was then
    refused; the user books it in one click; a restart (a new sandbox) shows it again, once."""

    def _start_demo(self):
        self.sandbox.reset()
        lib = os.path.join(get_module_path("l10n_fr_urssaf_avance_immediate"), "scripts", "lib")
        with (
            patch.dict(os.environ, {"SANDBOX_URL": self.sandbox.url}),
            patch.object(self.env.cr, "commit", lambda: None),
            contextlib.redirect_stdout(io.StringIO()),
        ):
            with open(os.path.join(lib, "demo_story.py"), encoding="utf-8") as file:
                prelude = file.read()
            for name in ("demo_data.py", "demo_billing.py", "demo_sync.py"):
                path = os.path.join(lib, name)
                with open(path, encoding="utf-8") as file:
                    text = file.read() if name == "demo_data.py" else prelude + file.read()
                exec(compile(text, path, "exec"), {"env": self.env, "__name__": "__main__"})  # noqa: S102
        self.env.invalidate_all()

    def _unpaid_request(self):
        invoice = self.env.ref("__urssaf_demo__.sync_invoice_unpaid")
        requests = self._requests(invoice)
        self.assertEqual(len(requests), 1)
        return invoice, requests

    def test_the_demo_books_a_take_back_in_one_click(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self._start_demo()
        invoice, request = self._unpaid_request()
        self.assertTrue(invoice.name.startswith("IMPAYE/"), invoice.name)
        self.assertEqual((request.state, request.status_code), ("debit_refused", "60"))
        self.assertEqual(request.transfer_booking, "booked")
        self.assertEqual(invoice.amount_residual, 0.0)
        self.assertTrue(request.take_back_due)
        self.assertTrue(request.activity_ids)
        _advanced, share = advance_split(to_decimal(invoice.amount_total, invoice.currency_id))
        self.assertEqual(request.take_back_amount, float(share))
        admin = self.env.ref("base.user_admin")
        request.with_user(admin).action_prepare_take_back()
        entry = request.take_back_move_id
        self.assertEqual(entry.amount_total, float(share))
        entry.with_user(admin).action_post()

        # a restart: the earlier request, its payment and its entry go; the story again, once
        self._start_demo()
        self.assertFalse(entry.exists())
        again, request = self._unpaid_request()
        self.assertEqual(again, invoice)
        self.assertEqual((request.state, request.transfer_booking), ("debit_refused", "booked"))
        self.assertTrue(request.take_back_due)
        self.assertEqual(
            self.env["account.payment"].search_count(
                [("l10n_fr_urssaf_request_id.move_id", "=", invoice.id)]
            ),
            1,
        )
        self.assertEqual(invoice.amount_residual, 0.0)


@tagged("post_install", "-at_install")
class TestTakeBackCompanies(UrssafSyncCommon):
    """The entry of a request of company B is made in B's URSSAF journal with B's accounts, by
    an accountant of both companies working in A; an accountant of A only cannot prepare it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.env["res.company"].create(
            {"name": "SAP Services B (take-backs)", "country_id": cls.france.id}
        )
        cls._configure(cls.company_b)
        cls._french_accounting(cls.company_b)
        cls.user_b = cls._company_user("urssaf_take_back_user_b", cls.company_b)
        cls.journal_b = cls.env["account.journal"].search(
            [("type", "=", "bank"), ("company_id", "=", cls.company_b.id)], limit=1
        )
        cls.company_b.l10n_fr_urssaf_transfer_journal_id = cls.journal_b
        groups = USER_GROUPS + ",account.group_account_manager"
        cls.accountant_ab = new_test_user(
            cls.env,
            login="urssaf_take_back_accountant_ab",
            groups=groups,
            company_id=cls.company.id,
            company_ids=[(6, 0, (cls.company | cls.company_b).ids)],
        )
        cls.accountant_a = cls._company_user(
            "urssaf_take_back_accountant_a", cls.company, groups=groups
        )

    def _unpaid_of_b(self):
        self.sandbox.set_now(datetime.now(UTC) - timedelta(days=10))
        partner = self._partner("paul", company_id=self.company_b.id)
        self._register(partner, user=self.user_b, has_account="no")
        self.sandbox.set_now(datetime.now(UTC))
        link = self._link(partner, self.company_b)
        link.with_user(self.user_b).action_refresh_status()
        move = (
            self.env["account.move"]
            .with_company(self.company_b)
            .create(
                {
                    "move_type": "out_invoice",
                    "name": f"B/{self.today.year}/00001",
                    "partner_id": partner.id,
                    "invoice_date": self.today,
                    "l10n_fr_urssaf_service_start": max(
                        link.activation_date, self.today.replace(day=1)
                    ),
                    "l10n_fr_urssaf_service_end": self.today,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "name": "Ménage",
                                "quantity": 2,
                                "price_unit": 20.01,
                                "l10n_fr_urssaf_nature": "60",
                                "l10n_fr_urssaf_unit": "HEURE",
                                "tax_ids": [Command.clear()],
                            }
                        )
                    ],
                }
            )
        )
        move.action_post()
        self._send(move, user=self.user_b)
        request = move.l10n_fr_urssaf_payment_request_id
        self._live(days=8, hours=2)
        self.assertEqual(request.transfer_booking, "booked")
        info = PaymentRequestInfo(
            id_payment_request=request.urssaf_id,
            invoice_number=request.invoice_number,
            id_client=None,
            status="60",
            status_label="En refus de prélèvement",
            reject_code=None,
            reject_comment=None,
            transfer_amount=request.transfer_amount,
            transfer_date=request.transfer_date,
        )
        request._apply_status(info, fields.Datetime.now())
        self.assertEqual(request.state, "debit_refused")
        return move, request

    def test_the_entry_is_made_in_the_requests_company(self):
        move, request = self._unpaid_of_b()
        # 40.02 €: URSSAF advances 20.01 €, the client's share is 20.01 €
        self.assertEqual(request.take_back_amount, 20.01)
        with self.assertRaises(AccessError):
            request.with_user(self.accountant_a).action_prepare_take_back()
        self.assertFalse(request.take_back_move_id)
        # working in A, the accountant of both companies prepares B's entry
        mine = request.with_user(self.accountant_ab).with_context(
            allowed_company_ids=(self.company | self.company_b).ids
        )
        action = mine.action_prepare_take_back()
        entry = request.take_back_move_id
        self.assertEqual(action["context"]["allowed_company_ids"], self.company_b.ids)
        self.assertEqual(entry.company_id, self.company_b)
        self.assertEqual(entry.journal_id, self.journal_b)
        self.assertEqual(entry.line_ids.account_id.company_ids, self.company_b)
        self.assertEqual(
            entry.line_ids.filtered("debit").account_id,
            move.line_ids.filtered(
                lambda line: line.account_id.account_type == "asset_receivable"
            ).account_id,
        )
        self.assertEqual(entry.amount_total, 20.01)


@tagged("post_install", "-at_install")
class TestTakeBackRpc(JsonRpcDoors, UrssafSyncCommon, HttpCase):
    """Through Odoo's external JSON-RPC API: only an accountant who is an URSSAF user prepares the
    entry; nobody writes the link; refusals are Odoo's own errors and nothing changes."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.bookkeeper = cls._company_user(
            "urssaf_take_back_rpc_bookkeeper",
            cls.company,
            groups=USER_GROUPS + ",account.group_account_manager",
        )

    _rpc = test_rpc_doors.TestRpcDoors._rpc
    _refused = test_rpc_doors.TestRpcDoors._refused

    def test_only_an_accountant_prepares_it_through_json_rpc(self):
        move, request = self._sent("IMPAYE")
        self._live(days=8, hours=2)
        self._live(days=5)
        self.assertEqual(request.state, "debit_refused")
        self.env.cr.flush()
        user = self.user
        answer = self._rpc(user, user.login, REQUEST, "action_prepare_take_back", request.ids)
        self._refused(answer, "Only an accountant")
        answer = self._rpc(
            self.bookkeeper,
            self.bookkeeper.login,
            REQUEST,
            "write",
            request.ids,
            {"take_back_move_id": move.id},
        )
        self._refused(answer, "Prepare the entry only")
        self.env.invalidate_all()
        self.assertFalse(request.take_back_move_id)
        answer = self._rpc(
            self.bookkeeper,
            self.bookkeeper.login,
            REQUEST,
            "action_prepare_take_back",
            request.ids,
        )
        self.assertNotIn("error", answer, answer)
        self.env.invalidate_all()
        entry = request.take_back_move_id
        self.assertEqual(answer["result"]["res_id"], entry.id)
        self.assertEqual(entry.amount_total, 152.5)
