"""No final state without URSSAF's word: a request whose answer was lost and that URSSAF has not
shown under its number stays "answer lost" (held, searched at each synchronisation) for
``sync.LOST_AFTER`` before it is "not received"; a number URSSAF holds for another bill is
recorded with what URSSAF holds, and the advice never bills the client twice."""

from datetime import timedelta
from unittest.mock import patch

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from odoo.addons.l10n_fr_urssaf_avance_immediate.models import res_company
from odoo.addons.l10n_fr_urssaf_avance_immediate.urssaf_api import sync
from odoo.addons.l10n_fr_urssaf_avance_immediate.urssaf_api.results import PaymentRequestInfo

from .payment_common import E3_PATH
from .sync_common import UrssafSyncCommon


@tagged("post_install", "-at_install")
class TestPaymentLostAnswer(UrssafSyncCommon):
    def _assert_held(self, move):
        """Neither reset to draft nor sent again, whoever asks."""
        e3_calls = self._e3_calls()
        self.assertFalse(move.with_user(self.user).l10n_fr_urssaf_can_send)
        with self.assertRaises(UserError):
            move.button_draft()
        self.assertEqual(move.state, "posted")
        wizard = self._wizard(move)
        self.assertEqual(wizard.ready_count, 0)
        self.assertIn("answer was lost", wizard.check_html)
        self.assertIn("not sent again", wizard.check_html)
        wizard.action_send()
        self.assertEqual(self._e3_calls(), e3_calls)

    def test_an_e3_urssaf_records_after_the_client_gave_up_is_adopted_and_paid(self):
        move = self._invoice()
        # Odoo's test runner raises any shorter HTTP timeout to 10 s: URSSAF answers after it,
        # and records the request only later (at the next move of its clock)
        self.patch(res_company, "HTTP_TIMEOUT", 1.0)
        self.sandbox.inject_fault("late_record", path=E3_PATH, latency=10.5)
        wizard = self._send(move)
        request = move.l10n_fr_urssaf_payment_request_id
        # the immediate search found nothing: URSSAF may still record it
        self.assertEqual(request.state, "uncertain")
        self.assertIn("Answer lost", wizard.summary_html)
        self.assertFalse(self._sandbox_requests())
        self.assertFalse(request.call_started_at)
        self.assertIn("searched at URSSAF at each synchronisation", request.instructions)
        self.assertEqual((self._e3_calls(), self._e4_calls()), (1, 1))
        self._assert_held(move)
        # a run half an hour later (URSSAF's clock not moved: not recorded yet): still held
        self.sandbox.clear_faults()
        self.clock += timedelta(minutes=31)
        self._sync()
        self.assertEqual(request.state, "uncertain")
        self.assertEqual(request.last_check_date, self.clock)
        # URSSAF records it; the next synchronisation finds it by number and adopts it
        self._live(hours=2)
        (recorded,) = self._sandbox_requests()
        self.assertEqual(request.urssaf_id, recorded["idDemandePaiement"])
        self.assertIn(request.state, ("integrated", "awaiting_client"))
        self.assertEqual(self._e3_calls(), 1)
        self.assertIn("Found at URSSAF by its invoice number", "\n".join(self._invoice_notes(move)))
        # then followed to the money: paid and the transfer booked once
        self._live(days=9)
        self.assertEqual(request.state, "paid")
        self.assertEqual(request.transfer_booking, "booked")
        self.assertEqual(len(self._payments(request)), 1)
        self.assertIn(move.payment_state, ("paid", "in_payment"))

    def test_not_found_for_seven_days_it_is_not_received_and_may_be_sent_again(self):
        move = self._invoice()
        # a 500: the request may have been recorded (here: it was not)
        self.sandbox.inject_fault("status", path=E3_PATH, status=500)
        self._send(move)
        first = move.l10n_fr_urssaf_payment_request_id
        self.assertEqual(first.state, "uncertain")
        self._assert_held(move)
        # searched at each synchronisation, still held
        searches = self._e4_calls()
        self._live(days=3)
        self._live(days=3)
        self.assertEqual(first.state, "uncertain")
        self.assertEqual(self._e4_calls(), searches + 2)
        self._assert_held(move)
        # seven days after the sending, URSSAF still has nothing under the number
        self._live(days=1, minutes=1)
        self.assertEqual(first.state, "lost")
        self.assertGreaterEqual(first.state_changed_at - first.sent_at, sync.LOST_AFTER)
        self.assertIn("not received", "\n".join(self._invoice_notes(move)))
        # final: not read again
        searches = self._e4_calls()
        self._live(hours=2)
        self.assertEqual(self._e4_calls(), searches)
        # and the invoice may be sent again (the earlier attempt stays visible)
        self.assertTrue(move.with_user(self.user).l10n_fr_urssaf_can_send)
        self._send(move)
        second = move.l10n_fr_urssaf_payment_request_id
        self.assertNotEqual(first, second)
        self.assertEqual(second.state, "integrated")
        self.assertEqual(first.state, "lost")
        self.assertEqual(len(self._sandbox_requests()), 1)

    def test_an_interrupted_call_not_found_stays_held(self):
        """A call whose worker died (its marker older than the in-flight timeout): the
        synchronisation searches it; not found, it is answer lost, not "not received"."""
        move = self._invoice()
        request = self.Request._sync_create(
            move._l10n_fr_urssaf_request_values(move._l10n_fr_urssaf_prepare(), self.clock)
            | {"call_started_at": self.clock}
        )
        self._live(hours=1)
        self.assertEqual(request.state, "uncertain")
        self.assertFalse(request.call_started_at)
        self._assert_held(move)

    def test_a_number_urssaf_holds_for_another_amount_is_recorded_and_never_billed_twice(self):
        move = self._invoice()
        # URSSAF already holds this number for the same client with another amount (this
        # invoice sent earlier with other figures)
        payload = move._l10n_fr_urssaf_prepare().payload
        payload["mntFactureTTC"] = 275
        payload["mntFactureHT"] = 250
        payload["inputPrestations"] = payload["inputPrestations"][:1]
        api = self.company._l10n_fr_urssaf_get_client()
        (earlier,) = api.submit_payment_requests([payload])
        self.assertTrue(earlier.ok)
        wizard = self._send(move)
        request = move.l10n_fr_urssaf_payment_request_id
        self.assertEqual(request.state, "rejected")
        self.assertIn("Refused by URSSAF", wizard.summary_html)
        # what URSSAF holds, on the request and on the invoice
        self.assertEqual(request.found_urssaf_id, earlier.id_payment_request)
        self.assertEqual(request.found_client_id, payload["idClient"])
        self.assertEqual(request.found_amount, 275.0)
        self.assertEqual(request.found_status_code, "10")
        self.assertEqual(move.l10n_fr_urssaf_found_urssaf_id, earlier.id_payment_request)
        self.assertEqual(move.l10n_fr_urssaf_found_amount, 275.0)
        # the advice: that request stands; never a new invoice for the same services meanwhile
        for text in (request.last_error, request.instructions, move.l10n_fr_urssaf_instructions):
            self.assertIn(earlier.id_payment_request, text)
            self.assertIn("ask URSSAF to cancel it", text)
            self.assertIn("billed twice", text)
            self.assertNotIn("cancel this invoice with a credit note", text)
        # the fields are URSSAF's: nobody writes them by hand
        with self.assertRaises(AccessError) as caught:
            request.with_user(self.user).write({"found_urssaf_id": False})
        self.assertIn("found_urssaf_id", str(caught.exception))
        self.assertEqual(request.found_urssaf_id, earlier.id_payment_request)

    def test_a_number_used_for_another_client_says_so(self):
        move = self._invoice()
        request = self.Request._sync_create(
            move._l10n_fr_urssaf_request_values(move._l10n_fr_urssaf_prepare(), self.clock)
        )
        other = PaymentRequestInfo(
            "9999", move.name, "another-client", "20", None, None, None, None, None,
            {"mntFactureTTC": 120.0},
        )  # fmt: skip
        request._record_number_taken([other], self.clock)
        self.assertEqual(request.state, "rejected")
        self.assertEqual(request.found_client_id, "another-client")
        self.assertIn("another client's bill", request.last_error)
        self.assertIn("nothing was billed to this client at URSSAF", request.last_error)

    def test_an_already_sent_invoice_is_not_told_to_take_another_number(self):
        """The wizard checks in-memory copies of the invoices: the request of this very invoice
        is recognised as its own."""
        sent = self._invoice()
        self._send(sent)
        other = self._invoice()
        moves = (sent | other).with_user(self.user)
        action = moves.action_l10n_fr_urssaf_send()
        form = Form(moves.env[action["res_model"]].with_context(**action["context"]))
        self.assertIn("was already sent to URSSAF", form.check_html)
        self.assertNotIn("another number", form.check_html)
        self.assertEqual(form.ready_count, 1)
        wizard = form.save()
        wizard.action_send()
        self.assertEqual(other.l10n_fr_urssaf_payment_request_id.state, "integrated")
        self.assertEqual(len(sent.l10n_fr_urssaf_payment_request_ids), 1)
        self.assertEqual(self._e3_calls(), 2)

    def test_an_error_recording_one_answer_touches_that_request_only(self):
        moves = self._invoice() | self._invoice() | self._invoice()
        Request = type(self.Request)
        record_accepted = Request._record_accepted
        broken = moves[1].name

        def record_accepted_or_fail(request, answer, now):
            if request.invoice_number == broken:
                raise ValueError("chatter unavailable")
            return record_accepted(request, answer, now)

        logger = "odoo.addons.l10n_fr_urssaf_avance_immediate.models"
        with (
            patch.object(Request, "_record_accepted", record_accepted_or_fail),
            self.assertLogs(f"{logger}.l10n_fr_urssaf_payment_request_send", "ERROR") as logs,
        ):
            wizard = self._send(moves)
        self.assertIn("Traceback", "\n".join(logs.output))
        states = moves.l10n_fr_urssaf_payment_request_id.mapped("state")
        self.assertEqual(states, ["integrated", "uncertain", "integrated"])
        failed = moves[1].l10n_fr_urssaf_payment_request_id
        self.assertIn("could not be recorded", failed.last_error)
        self.assertIn("Answer lost", wizard.summary_html)
        # held meanwhile; the synchronisation finds it by number and adopts it
        self.assertFalse(moves[1].with_user(self.user).l10n_fr_urssaf_can_send)
        self._live(hours=1)
        self.assertTrue(failed.urssaf_id)
        self.assertIn(failed.state, ("integrated", "awaiting_client"))
        self.assertEqual(self._e3_calls(), 1)

    def test_the_lost_period_is_counted_from_the_sending(self):
        move = self._invoice()
        self.sandbox.inject_fault("status", path=E3_PATH, status=500)
        self._send(move)
        request = move.l10n_fr_urssaf_payment_request_id
        self.assertEqual(sync.searched_until(request.sent_at), request.sent_at + timedelta(days=7))
        self.assertIn(
            request._format_datetime(request.sent_at + timedelta(days=7)), request.instructions
        )
