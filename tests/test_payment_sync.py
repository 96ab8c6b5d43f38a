"""The synchronisation over real HTTP: the lifecycle to a paid, reconciled invoice, each exit
with its activity, 10 ids per E4 call, the transfer booked once."""

from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from odoo.addons.l10n_fr_urssaf_avance_immediate.urssaf_api.results import PaymentRequestInfo

from .common import ACTIVITY_XMLID
from .payment_common import E3_PATH, E4_PATH
from .sync_common import UrssafSyncCommon


@tagged("post_install", "-at_install")
class TestPaymentSync(UrssafSyncCommon):
    def test_lifecycle_to_a_paid_reconciled_invoice(self):
        move, request = self._sent()
        notes = len(self._invoice_notes(move))
        # a poll that changes nothing says nothing
        self._live(minutes=40)
        self.assertEqual(request.state, "integrated")
        self.assertEqual(len(self._invoice_notes(move)), notes)
        # the client is asked to validate: the 48 h deadline is shown
        self._live(hours=1)
        self.assertEqual(request.state, "awaiting_client")
        self.assertEqual(move.l10n_fr_urssaf_validation_deadline, self.clock + timedelta(hours=48))
        self.assertEqual(len(self._invoice_notes(move)), notes + 1)
        self._live(hours=48)
        self.assertEqual(request.state, "validated")
        self.assertFalse(move.l10n_fr_urssaf_validation_deadline)
        # debited: the transfer date is known, not its amount: nothing booked
        self._live(days=2)
        self.assertEqual(request.state, "debited")
        self.assertTrue(request.transfer_date)
        self.assertFalse(request.transfer_amount)
        self.assertFalse(self._payments(request))
        self.assertEqual(move.payment_state, "not_paid")
        # paid: the payment of the transfer, at its date, referencing URSSAF's id
        self._live(days=4)
        self.assertEqual(request.state, "paid")
        payment = self._payments(request)
        self.assertEqual(len(payment), 1, request.transfer_problem)
        self.assertEqual(request.transfer_payment_id, payment)
        self.assertEqual(payment.journal_id, self.bank_journal)
        self.assertEqual(payment.date, request.transfer_date)
        self.assertAlmostEqual(payment.amount, 305.0, places=2)
        self.assertEqual(payment.payment_reference, request.urssaf_id)
        self.assertIn(request.urssaf_id, payment.memo)
        self.assertIn(move.payment_state, ("paid", "in_payment"))
        self.assertEqual(move.amount_residual, 0.0)
        self.assertIn(move, payment.reconciled_invoice_ids)
        # the bank line of URSSAF's transfer reconciles with the payment, without the
        # Enterprise widget: the journal items' reconciliation of Odoo Community
        statement_line = self.env["account.bank.statement.line"].create(
            {
                "journal_id": self.bank_journal.id,
                "date": request.transfer_date,
                "amount": 305.0,
                "payment_ref": f"VIR URSSAF {request.urssaf_id}",
            }
        )
        _liquidity, suspense, _other = statement_line._seek_for_lines()
        outstanding = payment.move_id.line_ids.filtered(
            lambda line: line.account_id == payment.outstanding_account_id
        )
        suspense.account_id = outstanding.account_id
        (suspense + outstanding).reconcile()
        self.assertTrue(statement_line.is_reconciled)
        self.assertEqual(payment.state, "paid")
        self.assertEqual(move.payment_state, "paid")
        # watched for a while, never booked twice, nothing told again
        notes = len(self._invoice_notes(move))
        for _day in range(3):
            self._live(days=1, minutes=1)
        self.assertEqual(len(self._payments(request)), 1)
        self.assertEqual(len(self._invoice_notes(move)), notes)

    def test_a_transfer_only_scheduled_books_nothing_until_its_amount(self):
        move, request = self._sent("VIRDIFFERE")
        self._live(days=8, hours=2)
        self.assertEqual(request.state, "paid")
        self.assertTrue(request.transfer_date)
        self.assertFalse(request.transfer_amount)
        self.assertFalse(self._payments(request))
        self._live(days=1, minutes=1)
        self.assertEqual(len(self._payments(request)), 1)
        self.assertEqual(move.amount_residual, 0.0)

    def test_a_paid_request_is_watched_for_a_while_then_left(self):
        _move, request = self._sent()
        self._live(days=8, hours=2)
        self.assertEqual(request.state, "paid")
        domain = self.Request._cron_domain(self.clock + timedelta(days=2))
        self.assertIn(request, self.Request.search(domain))
        domain = self.Request._cron_domain(self.clock + timedelta(days=61))
        self.assertNotIn(request, self.Request.search(domain))

    def test_23_open_requests_make_3_search_calls_and_one_token(self):
        moves = self.env["account.move"]
        for _index in range(23):
            moves |= self._invoice()
        self._send(moves)
        self.assertEqual(len(moves.l10n_fr_urssaf_payment_request_id.filtered("urssaf_id")), 23)
        before = self.sandbox.stats()
        self._live(hours=2)
        after = self.sandbox.stats()
        self.assertEqual(after["api_calls"][E4_PATH] - before["api_calls"].get(E4_PATH, 0), 3)
        self.assertEqual(after["token_requests"] - before["token_requests"], 1)
        self.assertEqual(
            set(moves.l10n_fr_urssaf_payment_request_id.mapped("state")), {"awaiting_client"}
        )
        # read: the next run, a minute later, has nothing to read
        self.assertEqual(self._live(minutes=1), (0, 0))

    def test_a_lost_answer_is_settled_by_the_synchronisation_first(self):
        _known, known_request = self._sent()
        lost = self._invoice()
        self.sandbox.inject_fault("drop_response", path=E3_PATH)
        self.sandbox.inject_fault("status", path=E4_PATH, status=503, count=5)
        self._send(lost)
        lost_request = lost.l10n_fr_urssaf_payment_request_id
        self.assertEqual(lost_request.state, "uncertain")
        self.sandbox.clear_faults()
        due = self.Request.search(
            self.Request._cron_domain(self.clock + timedelta(hours=2)),
            order=self.Request._cron_order(),
        )
        self.assertEqual(due[:1], lost_request)
        self._live(hours=2)
        # found at URSSAF by its number and adopted: never sent again
        self.assertEqual(lost_request.state, "awaiting_client")
        self.assertTrue(lost_request.urssaf_id)
        self.assertEqual(known_request.state, "awaiting_client")
        self.assertEqual(self._e3_calls(), 2)
        self.assertEqual(len(self._sandbox_requests()), 2)

    def test_contested_has_its_activity_with_the_reason(self):
        move, request = self._sent("REFUS", invoice_user_id=self.user.id)
        self._live(hours=1, minutes=1)
        self._live(hours=24)
        self.assertEqual(request.state, "contested")
        self.assertEqual(request.reject_code, "CONTEST_ERR_FACT")
        activity = request.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref(ACTIVITY_XMLID)
        )
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.user)
        self.assertIn("CONTEST_ERR_FACT", activity.note)
        self.assertIn("ne correspond pas", activity.note)  # the client's comment
        self.assertIn("credit note", activity.note)
        self.assertEqual(move.payment_state, "not_paid")
        self.assertFalse(self._payments(request))

    def test_debit_refused_after_payment_tells_the_accountant_the_figures(self):
        move, request = self._sent("IMPAYE")
        self._live(days=8, hours=2)
        self.assertEqual(request.state, "paid")
        self.assertEqual(len(self._payments(request)), 1)
        self._live(days=5)
        self.assertEqual(request.state, "debit_refused")
        follow_up = request.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref(ACTIVITY_XMLID)
        )
        self.assertEqual(len(follow_up), 1)
        accounting = self._accounting_activities(request)
        self.assertEqual(len(accounting), 1)
        for figure in ("305,00", "152,50", request.urssaf_id, "Prepare the entry"):
            self.assertIn(figure, accounting.note)
        # nothing booked without the accountant: one payment, the invoice still paid
        self.assertEqual(len(self._payments(request)), 1)
        self.assertEqual(move.amount_residual, 0.0)

    def test_the_accountants_activity_goes_to_someone_who_can_open_the_request(self):
        # an accountant without the URSSAF groups could not open the request: the follow-up
        # user gets it instead; an URSSAF user set as accountant gets it
        bookkeeper = self._company_user(
            "urssaf_bookkeeper_no_group",
            self.company,
            groups="base.group_user,account.group_account_invoice",
        )
        self.company.l10n_fr_urssaf_accountant_id = bookkeeper
        move, request = self._sent("IMPAYE", invoice_user_id=self.user.id)
        self._live(days=8, hours=2)
        self._live(days=5)
        self.assertEqual(request.state, "debit_refused")
        self.assertEqual(self._accounting_activities(request).user_id, self.user)
        accountant = self._company_user("urssaf_accountant_with_group", self.company)
        self.company.l10n_fr_urssaf_accountant_id = accountant
        _move, other = self._sent("IMPAYE", invoice_user_id=self.user.id)
        self._live(days=8, hours=2)
        self._live(days=5)
        self.assertEqual(other.state, "debit_refused")
        self.assertEqual(self._accounting_activities(other).user_id, accountant)
        # the setting offers only URSSAF users
        field = self.env["res.company"]._fields["l10n_fr_urssaf_accountant_id"]
        offered = self.env["res.users"].search(field.get_domain_list(self.env["res.company"]))
        self.assertIn(accountant, offered)
        self.assertNotIn(bookkeeper, offered)

    def test_each_exit_has_its_activity(self):
        cases = {
            "ANNUL": ("cancelled", "110", 2, False),
            "ANNULTECH": ("cancelled", "113", 2, False),
            "RECOUVRE": ("recovered", "120", 18, True),
            "ANNULIMPAYE": ("cancelled", "111", 18, True),
            "ANNULRECOUVRE": ("cancelled", "112", 20, True),
        }
        sent = {prefix: self._sent(prefix) for prefix in cases}
        for _day in range(26):
            self._live(days=1, minutes=1)
        for prefix, (state, code, _days, paid) in cases.items():
            move, request = sent[prefix]
            with self.subTest(prefix=prefix):
                self.assertEqual((request.state, request.status_code), (state, code))
                follow_up = request.activity_ids.filtered(
                    lambda a: a.activity_type_id == self.env.ref(ACTIVITY_XMLID)
                )
                self.assertEqual(len(follow_up), 1)
                self.assertEqual(len(self._payments(request)), int(paid))
                self.assertEqual(bool(self._accounting_activities(request)), paid)
        # a cancelled request is not read again
        _move, cancelled = sent["ANNUL"]
        self.assertNotIn(cancelled, self.Request.search(self.Request._cron_domain(self.clock)))

    def test_unknown_status_is_shown_as_it_came(self):
        _move, request = self._sent()
        info = PaymentRequestInfo(
            id_payment_request=request.urssaf_id,
            invoice_number=request.invoice_number,
            id_client=None,
            status="999",
            status_label="Nouveau statut",
            reject_code=None,
            reject_comment=None,
            transfer_amount=None,
            transfer_date=None,
        )
        request._apply_status(info, fields.Datetime.now())
        self.assertEqual(request.state, "other")
        self.assertIn("999 Nouveau statut", request.instructions)

    def test_a_transfer_left_unbooked_is_booked_even_after_the_watch_period(self):
        self.company.l10n_fr_urssaf_transfer_journal_id = False
        move, request = self._sent()
        self._live(days=8, hours=2)
        self.assertEqual(request.state, "paid")
        # the journal is set three months later: the transfer is still booked, once
        self._advance(days=90)
        self.company.l10n_fr_urssaf_transfer_journal_id = self.bank_journal
        self._sync()
        self.assertEqual(len(self._payments(request)), 1)
        self.assertEqual(move.amount_residual, 0.0)
        # booked: no longer watched after the period
        self._advance(days=1, minutes=1)
        self.assertEqual(self._sync(), (0, 0))

    def test_no_journal_books_nothing_and_says_so_once(self):
        self.company.l10n_fr_urssaf_transfer_journal_id = False
        move, request = self._sent()
        self._live(days=8, hours=2)
        self.assertEqual(request.state, "paid")
        self.assertFalse(self._payments(request))
        notes = len(self._invoice_notes(move))
        self._live(days=1, minutes=1)
        self.assertEqual(len(self._invoice_notes(move)), notes)
        # set: booked at the next synchronisation
        self.company.l10n_fr_urssaf_transfer_journal_id = self.bank_journal
        self._live(days=1, minutes=1)
        self.assertEqual(len(self._payments(request)), 1)
        self.assertEqual(move.amount_residual, 0.0)

    def test_the_contacts_totals_leave_out_cancelled_requests(self):
        _move, request = self._sent()
        _cancelled_move, cancelled = self._sent("ANNUL")
        self._live(days=1, hours=2)
        self.assertEqual(cancelled.state, "cancelled")
        partner = self.client_partner.with_user(self.user)
        self.assertEqual(partner.l10n_fr_urssaf_request_count, 1)
        self.assertEqual(partner.l10n_fr_urssaf_request_total, request.amount_total)
        # the list behind the button still shows both, with their states
        action = partner.action_l10n_fr_urssaf_open_requests()
        shown = self.env["l10n_fr_urssaf.payment.request"].search(action["domain"])
        self.assertEqual(shown, request | cancelled)
