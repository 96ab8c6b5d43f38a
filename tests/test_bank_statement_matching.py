"""URSSAF's money on the bank statement matched in one action: a statement line whose label
carries URSSAF's request id or the invoice number is reconciled with the booked payment of the
transfer (money in) or the posted take-back entry (money out), amounts equal to the cent;
otherwise it is left as it is, with a message per line."""

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import USER_GROUPS
from .sync_common import UrssafSyncCommon


@tagged("post_install", "-at_install")
class TestBankStatementMatching(UrssafSyncCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.accountant = cls._company_user(
            "urssaf_matching_accountant",
            cls.company,
            groups=USER_GROUPS + ",account.group_account_manager",
        )
        cls.clerk = cls._company_user(
            "urssaf_matching_clerk",
            cls.company,
            groups=USER_GROUPS + ",account.group_account_invoice",
        )

    def _statement_line(self, amount, label, date=None):
        return self.env["account.bank.statement.line"].create(
            {
                "journal_id": self.bank_journal.id,
                "date": date or self.today,
                "amount": amount,
                "payment_ref": label,
            }
        )

    def _match(self, lines):
        result = lines.with_user(self.accountant).action_l10n_fr_urssaf_match()
        self.assertEqual(result["tag"], "display_notification")
        return str(result["params"]["message"])

    def _paid(self, prefix=""):
        move, request = self._sent(prefix)
        self._live(days=8, hours=2)
        self.assertEqual(request.transfer_booking, "booked")
        return move, request

    def test_urssafs_transfers_are_matched_by_request_id_or_invoice_number(self):
        move, request = self._paid()
        other_move, other = self._sent()
        self._live(minutes=1)
        self._live(days=8, hours=2)
        self.assertEqual(other.transfer_booking, "booked")
        by_id = self._statement_line(305.0, f"VIR SEPA URSSAF {request.urssaf_id} AVANCE IMMEDIATE")
        by_number = self._statement_line(305.0, f"URSSAF AI {other_move.name.lower()}")
        message = self._match(by_id + by_number)
        self.assertIn("2 bank statement lines matched", message)
        self.assertNotIn("Not matched", message)
        for line, req in ((by_id, request), (by_number, other)):
            with self.subTest(line=line.payment_ref):
                self.assertTrue(line.is_reconciled)
                payment = req.transfer_payment_id
                self.assertEqual(payment.state, "paid")
                outstanding = payment.move_id.line_ids.filtered(
                    lambda item, p=payment: item.account_id == p.outstanding_account_id
                )
                self.assertTrue(outstanding.reconciled)
                self.assertEqual(
                    outstanding.matched_debit_ids.debit_move_id
                    | outstanding.matched_credit_ids.credit_move_id,
                    line.move_id.line_ids.filtered(
                        lambda item, o=outstanding: item.account_id == o.account_id
                    ),
                )
        self.assertEqual(move.payment_state, "paid")
        # matched once: a second run leaves the lines as they are
        message = self._match(by_id)
        self.assertIn("already reconciled", message)
        self.assertTrue(by_id.is_reconciled)

    def test_a_take_back_debit_is_matched_with_the_posted_entry(self):
        move, request = self._paid("IMPAYE")
        self._live(days=5)
        self.assertEqual(request.state, "debit_refused")
        line = self._statement_line(-152.5, f"PRLV URSSAF REGULARISATION {move.name}")
        # prepared but still a draft: nothing to match yet, said so
        request.with_user(self.accountant).action_prepare_take_back()
        entry = request.take_back_move_id
        message = self._match(line)
        self.assertIn("no posted take-back entry", message)
        self.assertFalse(line.is_reconciled)
        entry.with_user(self.accountant).action_post()
        message = self._match(line)
        self.assertIn("1 bank statement line matched", message)
        self.assertTrue(line.is_reconciled)
        outstanding = entry.line_ids.filtered("credit")
        self.assertTrue(outstanding.reconciled)
        self.assertEqual(line.move_id.line_ids.filtered("debit").account_id, outstanding.account_id)
        # the client's share stays open on the client: to collect
        receivable = entry.line_ids.filtered("debit")
        self.assertEqual(receivable.amount_residual, 152.5)

    def test_lines_that_do_not_fit_are_left_with_a_reason(self):
        move, request = self._paid()
        other_amount = self._statement_line(300.0, f"URSSAF {request.urssaf_id}")
        unknown = self._statement_line(305.0, "VIR URSSAF 99999999999999")
        near = self._statement_line(305.0, f"URSSAF {move.name}1")
        wrong_sign = self._statement_line(-305.0, f"URSSAF {request.urssaf_id}")
        lines = other_amount + unknown + near + wrong_sign
        message = self._match(lines)
        self.assertIn("0 bank statement lines matched", message)
        self.assertIn("the amount differs", message)
        self.assertIn("305,00", message)
        self.assertIn("names no URSSAF request id", message)
        self.assertIn("no posted take-back entry", message)
        self.assertFalse(any(lines.mapped("is_reconciled")))
        outstanding = request.transfer_payment_id.move_id.line_ids.filtered(
            lambda item: item.account_id == request.transfer_payment_id.outstanding_account_id
        )
        self.assertFalse(outstanding.reconciled)
        # the right line afterwards is matched with it
        right = self._statement_line(305.0, f"URSSAF {request.urssaf_id}")
        self.assertIn("1 bank statement line matched", self._match(right))
        self.assertTrue(outstanding.reconciled)

    def test_only_accountants_match(self):
        _move, request = self._paid()
        line = self._statement_line(305.0, f"URSSAF {request.urssaf_id}")
        with self.assertRaises(AccessError):
            line.with_user(self.clerk).action_l10n_fr_urssaf_match()
        self.assertFalse(line.is_reconciled)

    def test_the_screens_offer_it_to_accountants(self):
        action = self.env.ref(
            "l10n_fr_urssaf_avance_immediate.action_l10n_fr_urssaf_statement_lines"
        )
        lines = self.env["account.bank.statement.line"].with_user(self.accountant)
        views = lines.get_views([(action.view_id.id, "list"), (action.search_view_id.id, "search")])
        self.assertIn("action_l10n_fr_urssaf_match", views["views"]["list"]["arch"])
        # a bank line typed in the list (by a user of the full accounting features, who may
        # create statement lines in Community) is matched like the others
        _move, request = self._paid()
        line = self.env["account.bank.statement.line"].create(
            {
                "journal_id": self.bank_journal.id,
                "date": self.today,
                "amount": 305.0,
                "payment_ref": f"URSSAF {request.urssaf_id}",
            }
        )
        self.assertIn("1 bank statement line matched", self._match(line))

        def offered(user):
            bindings = (
                self.env["ir.actions.actions"]
                .with_user(user)
                .get_bindings("account.bank.statement.line")
            )
            return [action["name"] for action in bindings.get("action", [])]

        self.assertIn("Match URSSAF transfers", offered(self.accountant))
        self.assertNotIn("Match URSSAF transfers", offered(self.clerk))
