"""Faults in the middle of a synchronisation: no status lost, the next run finishes the work,
nothing booked twice (repeated polls, two runs, a crash between booking and commit)."""

import psycopg2

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.l10n_fr_urssaf_avance_immediate.models import res_company
from odoo.addons.l10n_fr_urssaf_avance_immediate.models.account_payment import TransferBooking
from odoo.addons.l10n_fr_urssaf_avance_immediate.models.l10n_fr_urssaf_synced_mixin import (
    CALL_TIMEOUT,
)

from .payment_common import E4_PATH
from .sync_common import UrssafSyncCommon


@tagged("post_install", "-at_install")
class TestPaymentSyncFaults(UrssafSyncCommon):
    def _open_requests(self, count=23):
        moves = self.env["account.move"]
        for _index in range(count):
            moves |= self._invoice()
        self._send(moves)
        requests = moves.l10n_fr_urssaf_payment_request_id
        self.assertEqual(set(requests.mapped("state")), {"integrated"})
        return requests

    def _assert_a_fault_then_the_next_run_finishes(self, **fault):
        requests = self._open_requests()
        self._advance(hours=2)
        # the second search call of the run fails (with every retry of it)
        self.sandbox.inject_fault(path=E4_PATH, after=1, **fault)
        self._sync()
        states = requests.mapped("state")
        self.assertEqual(states.count("awaiting_client"), 13, states)
        self.assertEqual(states.count("integrated"), 10)
        failed = requests.filtered(lambda r: r.state == "integrated")
        self.assertTrue(all(failed.mapped("last_error")))
        self.sandbox.clear_faults()
        # the next run (an hour later) reads what was left
        self._advance(hours=1)
        self._sync()
        self.assertEqual(set(requests.mapped("state")), {"awaiting_client"})
        self.assertFalse(any(requests.mapped("last_error")))

    def test_429_in_the_middle(self):
        self._assert_a_fault_then_the_next_run_finishes(kind="status", status=429, count=3)

    def test_503_in_the_middle(self):
        self._assert_a_fault_then_the_next_run_finishes(kind="status", status=503, count=3)

    def test_malformed_json_in_the_middle(self):
        # an unreadable answer is not read again within the call: the next call goes on
        self._assert_a_fault_then_the_next_run_finishes(kind="malformed_json", count=1)

    def test_a_timeout_in_the_middle_is_retried(self):
        # Odoo's test runner raises any shorter HTTP timeout to 10 s: the answer comes after it
        self.patch(res_company, "HTTP_TIMEOUT", 1.0)
        requests = self._open_requests()
        self._advance(hours=2)
        self.sandbox.inject_fault("latency", latency=10.5, path=E4_PATH, after=1)
        calls = self._e4_calls()
        self._sync()
        self.assertEqual(self._e4_calls() - calls, 4)
        self.assertEqual(set(requests.mapped("state")), {"awaiting_client"})

    def test_token_expired_mid_run_is_renewed_once(self):
        requests = self._open_requests()
        self._advance(hours=2)
        self.sandbox.inject_fault("expire_token", path=E4_PATH, after=1)
        before = self.sandbox.stats()["token_requests"]
        self._sync()
        states = requests.mapped("state")
        self.assertEqual(set(states), {"awaiting_client"}, states)
        # the run's token, then one renewal
        self.assertEqual(self.sandbox.stats()["token_requests"] - before, 2)

    def test_an_outage_stops_the_run_without_looping(self):
        requests = self._open_requests(count=50)
        self._advance(hours=2)
        self.sandbox.inject_fault("status", status=503, path=E4_PATH, count=1000)
        calls = self._e4_calls()
        done, remaining = self._sync()
        # three calls in a row failed (each retried twice): the company waits for the next run
        self.assertEqual(self._e4_calls() - calls, 3 * 3)
        self.assertEqual(set(requests.mapped("state")), {"integrated"})
        self.assertEqual((done, remaining), (30, 0))
        self.sandbox.clear_faults()
        self._advance(hours=1)
        self._sync()
        self.assertEqual(set(requests.mapped("state")), {"awaiting_client"})

    def _paid(self):
        move, request = self._sent()
        self._advance(days=8, hours=2)
        api_client = self.company._l10n_fr_urssaf_get_client()
        return move, request, api_client

    def test_repeated_polls_and_two_runs_book_once(self):
        move, request, api_client = self._paid()
        self._sync()
        self._sync()  # a second run at the same moment: nothing due
        for _poll in range(3):
            request._refresh(api_client, self.clock)  # the button, again and again
        self.assertEqual(len(self._payments(request)), 1)
        self.assertEqual(move.amount_residual, 0.0)
        self.assertEqual(request.transfer_booking, "booked")

    def test_a_crash_between_booking_and_commit_books_once(self):
        move, request, api_client = self._paid()
        with self.assertRaises(RuntimeError), self.env.cr.savepoint():
            request._refresh(api_client, self.clock)
            self.assertEqual(len(self._payments(request)), 1)
            raise RuntimeError("the worker died before the commit")
        self.env.invalidate_all()
        # the payment and the fact that it was booked went together
        self.assertFalse(self._payments(request))
        self.assertFalse(request.transfer_booking)
        self.assertEqual(request.state, "integrated")
        self._sync()
        self.assertEqual(len(self._payments(request)), 1)
        self.assertEqual(move.amount_residual, 0.0)

    def test_the_database_refuses_a_second_payment_of_a_request(self):
        _move, request, _api_client = self._paid()
        self._sync()
        payment = self._payments(request)
        # a copy of the payment is a draft: it books nothing; posted, the database refuses it
        booking = TransferBooking(request.id, request.urssaf_id)
        second = payment.with_context(l10n_fr_urssaf_transfer=booking).copy(
            {"l10n_fr_urssaf_request_id": request.id}
        )
        self.assertEqual(second.state, "draft")
        self.assertEqual(request.transfer_payment_id, payment)
        with self.assertRaisesRegex(UserError, "already booked by"):
            second.action_post()
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(psycopg2.IntegrityError),
            self.env.cr.savepoint(),
        ):
            self.env.cr.execute(
                "UPDATE account_payment SET state = 'paid' WHERE id = %s", [second.id]
            )

    def test_a_user_cannot_link_a_payment_to_a_request(self):
        _move, request, _api_client = self._paid()
        other_move = self._invoice()
        payment = self.env["account.payment"].create(
            {
                "payment_type": "inbound",
                "partner_type": "customer",
                "partner_id": other_move.partner_id.id,
                "amount": 10.0,
                "journal_id": self.bank_journal.id,
            }
        )
        with self.assertRaisesRegex(AccessError, "only when URSSAF's transfer is booked"):
            payment.with_user(self.user).write({"l10n_fr_urssaf_request_id": request.id})
        # the real transfer is still booked
        self._sync()
        self.assertEqual(len(self._payments(request)), 1)

    def test_a_lost_answer_urssaf_cannot_look_up_does_not_loop_the_run(self):
        """A request stuck in sending whose search by number keeps failing: the run asks once,
        counts the outage, and leaves it (and only it) for a later run."""
        move = self._invoice()
        request = self.env["l10n_fr_urssaf.payment.request"]._sync_create(
            move._l10n_fr_urssaf_request_values(move._l10n_fr_urssaf_prepare(), self.clock)
            | {"call_started_at": self.clock}
        )
        self.assertEqual(request.state, "sending")
        self._advance(minutes=CALL_TIMEOUT.total_seconds() / 60 + 1)
        self.sandbox.inject_fault("status", path=E4_PATH, status=503, count=1000)
        before = self._e4_calls()
        done, remaining = self._sync()
        # one search (with its retries), not one per page or per callback
        self.assertEqual((done, remaining), (1, 0))
        self.assertLessEqual(self._e4_calls() - before, 3)
        self.assertEqual(request.state, "sending")
        self.assertIn("maintenance", request.last_error)
        # within the follow-up interval it is not asked again
        self._advance(minutes=5)
        self.assertEqual(self._sync(), (0, 0))
        # URSSAF is back: a later run settles it
        self.sandbox.clear_faults()
        self._advance(hours=1)
        self._sync()
        # not found: searched again for a while (held), not taken as not received at once
        self.assertEqual(request.state, "uncertain")
        self.assertFalse(request.last_error)

    def test_a_transfer_above_the_residual_is_left_to_the_accountant(self):
        move, request = self._sent()
        # the client paid part of the invoice directly meanwhile
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=move.ids
        ).create({"amount": 100.0, "journal_id": self.bank_journal.id})._create_payments()
        self._live(days=9)
        self.assertEqual(request.state, "paid")
        self.assertFalse(self._payments(request))
        self.assertEqual(request.transfer_booking, "accountant")
        activity = self._accounting_activities(request)
        self.assertEqual(len(activity), 1)
        self.assertIn("more than the invoice's residual", self._invoice_notes(move)[0])
