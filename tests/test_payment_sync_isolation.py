"""One request's failure in the synchronisation is that request's only; the paid requests are
booked at the next hourly run; a run started by hand tells what it read and skipped."""

from collections import Counter
from datetime import timedelta
from unittest.mock import patch

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .payment_common import E4_PATH
from .sync_common import SYNC_CRON_XMLID, UrssafSyncCommon

MIXIN_LOGGER = "odoo.addons.l10n_fr_urssaf_avance_immediate.models.l10n_fr_urssaf_synced_mixin"
SYNC_LOGGER = (
    "odoo.addons.l10n_fr_urssaf_avance_immediate.models.l10n_fr_urssaf_payment_request_sync"
)


@tagged("post_install", "-at_install")
class TestPaymentSyncIsolation(UrssafSyncCommon):
    def _ten_sent(self):
        moves = self.env["account.move"]
        for _index in range(10):
            moves |= self._invoice()
        self._send(moves)
        requests = moves.l10n_fr_urssaf_payment_request_id
        self.assertEqual(len(requests), 10)
        self.assertEqual(set(requests.mapped("state")), {"integrated"})
        return requests

    def test_one_failing_booking_in_a_chunk_of_ten(self):
        requests = self._ten_sent()
        victim = requests[3]
        Request = type(self.Request)
        book = Request._book_transfer

        def book_then_fail(request):
            # the payment is made, then the database refuses the rest of the work
            book(request)
            if request == victim:
                self.assertEqual(len(self._payments(victim)), 1)
                request.env.cr.execute("SELECT 1 / 0")

        self._advance(days=8, hours=2)
        calls = self._e4_calls()
        with (
            patch.object(Request, "_book_transfer", book_then_fail),
            mute_logger("odoo.sql_db"),
            self.assertLogs(MIXIN_LOGGER, "WARNING") as logs,
        ):
            self.assertEqual(self._sync(), (10, 0))
        # one E4 call for the chunk of ten
        self.assertEqual(self._e4_calls() - calls, 1)
        neighbours = requests - victim
        self.assertEqual(set(neighbours.mapped("state")), {"paid"})
        for request in neighbours:
            self.assertEqual(len(self._payments(request)), 1)
            self.assertEqual(request.move_id.amount_residual, 0.0)
        self.assertFalse(any(neighbours.mapped("sync_failed")))
        self.assertFalse(any(neighbours.mapped("last_error")))
        # the victim: its change and its payment rolled back, its own error, a traceback
        self.assertEqual(victim.state, "integrated")
        self.assertFalse(self._payments(victim))
        self.assertTrue(victim.sync_failed)
        self.assertTrue(victim.last_error)
        self.assertEqual(victim.last_check_date, self.clock)
        failures = [record for record in logs.records if record.exc_info]
        self.assertEqual(len(failures), 1)
        self.assertIn(str(victim.id), failures[0].getMessage())
        # the filters show it: Sync error and Needs attention
        self.assertEqual(self.Request.search([("sync_failed", "=", True)]), victim)
        self.assertIn(victim, self.Request.search([("needs_attention", "=", True)]))
        # and its invoice says so at the top of its URSSAF tab
        self.assertTrue(victim.move_id.l10n_fr_urssaf_sync_failed)
        # the next run (an hour later) reads it alone and books it, once
        calls = self._e4_calls()
        self.assertEqual(self._live(hours=1), (1, 0))
        self.assertEqual(self._e4_calls() - calls, 1)
        self.assertEqual(victim.state, "paid")
        self.assertEqual(len(self._payments(victim)), 1)
        self.assertFalse(victim.sync_failed)
        self.assertFalse(victim.last_error)
        self.assertFalse(victim.move_id.l10n_fr_urssaf_sync_failed)
        for request in requests:
            self.assertEqual(len(self._payments(request)), 1)

    def test_a_request_another_run_is_reading_is_left_to_it(self):
        """Another worker or server is reading one request at URSSAF (its run claimed it
        before its call): this run neither reads it nor records anything on it, a user's
        refresh of it is refused, and the next run reads it, once."""
        requests = self._ten_sent()
        theirs = requests[4]
        reads = Counter()
        search = self.sandbox.state.search

        def counting_search(provider, body):
            status, answer = search(provider, body)
            if status == 200:
                reads.update(info["idDemandePaiement"] for info in answer["infoDemandePaiements"])
            return status, answer

        self.patch(self.sandbox.state, "search", counting_search)
        self._advance(hours=2)
        key = self.Request._cron_claim_key()
        with self.registry.cursor() as other:
            # the other run's claim: a session-level advisory lock of its own connection
            other.execute("SELECT pg_try_advisory_lock(%s, %s)", (key, theirs.id))
            self.assertTrue(other.fetchone()[0])
            try:
                self.assertEqual(self._sync(), (9, 1))
                # the run left no claim behind: the other connection can claim what it read
                others = (requests - theirs).ids
                other.execute(
                    "SELECT bool_and(pg_try_advisory_lock(%s, id)), "
                    "bool_and(pg_advisory_unlock(%s, id)) FROM unnest(%s) AS id",
                    (key, key, others),
                )
                self.assertEqual(other.fetchone(), (True, True))
                with self.assertRaises(UserError):
                    theirs.move_id.action_l10n_fr_urssaf_refresh()
            finally:
                other.execute("SELECT pg_advisory_unlock(%s, %s)", (key, theirs.id))
        self.assertEqual(dict(reads), dict.fromkeys((requests - theirs).mapped("urssaf_id"), 1))
        self.assertEqual(set((requests - theirs).mapped("state")), {"awaiting_client"})
        self.assertEqual(theirs.state, "integrated")
        self.assertNotEqual(theirs.last_check_date, self.clock)
        # released: the next run reads it, once
        self.assertEqual(self._sync(), (1, 0))
        self.assertEqual(theirs.state, "awaiting_client")
        self.assertEqual(set(reads.values()), {1})
        self.assertEqual(len(reads), 10)

    def test_a_failed_call_of_the_chunk_is_on_all_and_retried_next_run(self):
        requests = self._ten_sent()
        self._advance(hours=2)
        self.sandbox.inject_fault("status", status=503, path=E4_PATH, count=3)
        self._sync()
        self.assertEqual(set(requests.mapped("state")), {"integrated"})
        self.assertTrue(all(requests.mapped("sync_failed")))
        self.sandbox.clear_faults()
        self._live(hours=1)
        self.assertEqual(set(requests.mapped("state")), {"awaiting_client"})
        self.assertFalse(any(requests.mapped("sync_failed")))

    def test_a_paid_request_is_booked_at_the_next_hourly_run_once_the_journal_is_set(self):
        self.company.l10n_fr_urssaf_transfer_journal_id = False
        move, request = self._sent()
        self._live(days=8, hours=2)
        self.assertEqual(request.state, "paid")
        self.assertFalse(self._payments(request))
        self.company.l10n_fr_urssaf_transfer_journal_id = self.bank_journal
        # the next hourly run, not a day later
        self._live(hours=1)
        self.assertEqual(len(self._payments(request)), 1)
        self.assertEqual(move.amount_residual, 0.0)
        # booked: read once a day again
        self.assertEqual(self._live(hours=1), (0, 0))

    def test_a_run_by_hand_right_after_a_refresh_says_why_it_read_nothing(self):
        move, request = self._sent()
        move.action_l10n_fr_urssaf_refresh()
        cron = self.env.ref(SYNC_CRON_XMLID)
        action = cron.method_direct_trigger()
        self.assertEqual(action["tag"], "display_notification")
        message = action["params"]["message"]
        self.assertIn("No payment request read", message)
        self.assertIn("1 request not read: read less than 30 minutes ago", message)
        # read an hour ago: the run by hand reads it
        request._sync_write({"last_check_date": fields.Datetime.now() - timedelta(hours=1)})
        action = cron.method_direct_trigger()
        self.assertIn("1 payment request read at URSSAF.", action["params"]["message"])
        self.assertNotIn("not read", action["params"]["message"])
        # another scheduled action run by hand is left as Odoo runs it
        other = self.env.ref(
            "l10n_fr_urssaf_avance_immediate.ir_cron_l10n_fr_urssaf_activation_reminder"
        )
        self.assertIs(other.method_direct_trigger(), True)

    def test_the_refresh_button_tells_a_request_that_failed(self):
        move, request = self._sent()
        Request = type(self.Request)

        def fail(request):
            raise ValueError("the booking failed")

        self.sandbox.advance(days=8, hours=2)
        with (
            patch.object(Request, "_book_transfer", fail),
            self.assertLogs(MIXIN_LOGGER, "WARNING"),
        ):
            action = move.action_l10n_fr_urssaf_refresh()
        self.assertEqual(action["params"]["type"], "warning")
        self.assertIn(move.name, action["params"]["message"])
        self.assertTrue(request.sync_failed)
        self.assertEqual(request.state, "integrated")
        # without the failure, the next refresh books it
        action = move.action_l10n_fr_urssaf_refresh()
        self.assertEqual(request.state, "paid")
        self.assertFalse(request.sync_failed)
        self.assertEqual(len(self._payments(request)), 1)
