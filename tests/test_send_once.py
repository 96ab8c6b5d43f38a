"""Nothing is sent to URSSAF twice by Odoo itself: two users at once, a request replayed by Odoo
after a database serialization failure, a click while the scheduled action works."""

from datetime import timedelta
from unittest.mock import patch

from psycopg2.errors import SerializationFailure

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from ..models import l10n_fr_urssaf_synced_mixin as synced_mixin
from ..models.l10n_fr_urssaf_synced_mixin import CALL_TIMEOUT
from .common import E1_PATH
from .common_committed import CommittedDataCase


@tagged("post_install", "-at_install")
class TestSendOnce(CommittedDataCase):
    def _e1_calls(self):
        return self.sandbox.stats()["api_calls"].get(E1_PATH, 0)

    def test_two_users_registering_at_once_send_once(self):
        partner_id = self._committed_partner("jeanne")
        before = self._e1_calls()
        with self._connection() as first, self._connection() as second:
            # the first user's request is sending: it holds the contact, and created its link
            first_partner = first["res.partner"].browse(partner_id)
            first["l10n_fr_urssaf.client"]._l10n_fr_urssaf_lock(first_partner)
            first["l10n_fr_urssaf.client"]._create_link(first_partner, first.company)
            partner = second["res.partner"].browse(partner_id)
            data = partner._l10n_fr_urssaf_registration_data()
            Client = second["l10n_fr_urssaf.client"]
            with self.assertRaises(UserError) as caught:
                Client._register_partner(partner, second.company, data)
            self.assertIn("by someone else", str(caught.exception))
            self.assertEqual(self._e1_calls(), before)
            # the first request ends: the second user may send
            first.cr.rollback()
            link, outcome, message = Client._register_partner(partner, second.company, data)
            self.assertEqual(outcome, "success", message)
            self.assertEqual(self._e1_calls(), before + 1)
            self.assertFalse(link.call_started_at)

    def test_a_replayed_request_does_not_send_again(self):
        """URSSAF answered, then the transaction failed (a serialization failure, which makes Odoo
        replay the whole request): the marker committed before the call stops the replay."""
        partner_id = self._committed_partner("jeanne")
        before = self._e1_calls()
        Registration = type(self.env["l10n_fr_urssaf.client"])
        self.patch(synced_mixin, "can_commit", lambda: True)
        with self._connection() as first:
            partner = first["res.partner"].browse(partner_id)
            data = partner._l10n_fr_urssaf_registration_data()

            def fail_after_answer(*_args, **_kwargs):
                raise SerializationFailure("could not serialize access due to concurrent update")

            with patch.object(Registration, "_record_registration", fail_after_answer):
                with self.assertRaises(SerializationFailure):
                    first["l10n_fr_urssaf.client"]._register_partner(partner, first.company, data)
            first.cr.rollback()
        self.assertEqual(self._e1_calls(), before + 1)
        # the replay, at once: the committed marker says a call is in flight; nothing sent
        with self._connection() as replay:
            partner = replay["res.partner"].browse(partner_id)
            link = replay["l10n_fr_urssaf.client"]._find_link(partner, replay.company)
            self.assertTrue(link.call_started_at)
            with self.assertRaises(UserError) as caught:
                replay["l10n_fr_urssaf.client"]._register_partner(
                    partner, replay.company, partner._l10n_fr_urssaf_registration_data()
                )
            self.assertIn("since", str(caught.exception))
        self.assertEqual(self._e1_calls(), before + 1)

    def test_a_call_in_flight_is_seen_by_the_next_attempt(self):
        """A registration whose outcome was never recorded (Odoo replayed the request after a
        serialization failure, or the worker died): its marker was committed before URSSAF was
        called; the next attempt does not send blind."""
        partner = self._partner("jeanne")
        link = self.env["l10n_fr_urssaf.client"]._create_link(partner, self.company)
        now = fields.Datetime.now()
        link._sync_write({"call_started_at": now - timedelta(seconds=20)})
        before = self._e1_calls()
        # moments later (the replay): someone's call may still be running
        with self.assertRaises(UserError) as caught:
            self._register(partner)
        self.assertIn("since", str(caught.exception))
        self.assertEqual(self._e1_calls(), before)
        self.assertTrue(link.call_started_at)
        # later: the outcome was never recorded; said once, nothing sent
        link._sync_write({"call_started_at": now - CALL_TIMEOUT - timedelta(minutes=1)})
        wizard = self._register(partner)
        self.assertEqual(wizard.result, "uncertain")
        self.assertIn("never recorded", wizard.result_message)
        self.assertIn("e-mail or an SMS from URSSAF", wizard.result_message)
        self.assertEqual(self._e1_calls(), before)
        # the marker stays, with the date of the lost answer: nothing is sent blind later
        self.assertTrue(link.call_started_at)
        self.assertEqual(link.registration_lost_at, link.call_started_at)
        self.assertIn("the answer was lost", self._notes(partner)[0])
        wizard.action_send()
        self.assertEqual(wizard.result, "uncertain")
        self.assertEqual(self._e1_calls(), before)
        # the user, having checked with the client that nothing arrived, sends again
        wizard.resend_lost = True
        wizard.action_send()
        self.assertEqual(wizard.result, "success", wizard.result_message)
        self.assertEqual(self._e1_calls(), before + 1)
        self.assertEqual(link.state, "pending")
        self.assertFalse(link.call_started_at)
        self.assertFalse(link.registration_lost_at)

    def test_a_status_read_settles_a_lost_registration(self):
        partner = self._partner("jeanne")
        self._register(partner)
        link = self._link(partner)
        link._sync_write(
            {"call_started_at": fields.Datetime.now() - CALL_TIMEOUT - timedelta(minutes=1)}
        )
        link.action_refresh_status()
        self.assertFalse(link.call_started_at)

    def test_the_scheduled_action_skips_what_a_user_is_refreshing(self):
        first_id, second_id = self._committed_registered_links("jeanne", "paul")
        self.sandbox.advance(days=1, minutes=1)
        tomorrow = fields.Datetime.now() + timedelta(days=1)
        with self._connection() as user, self._connection() as cron:
            # a user's refresh holds the first client
            user["l10n_fr_urssaf.client"].browse(first_id)._l10n_fr_urssaf_lock()
            Client = cron["l10n_fr_urssaf.client"]
            self.assertEqual(Client._cron_refresh_status(now=tomorrow), (1, 1))
            self.assertEqual(Client.browse(second_id).state, "active")
            self.assertEqual(Client.browse(first_id).state, "pending")
            user.cr.rollback()
        with self._connection() as user, self._connection() as cron:
            # the other way round: the scheduled action holds the first client; the user's
            # click is told to wait, and the scheduled action goes on
            Client = cron["l10n_fr_urssaf.client"]
            self.assertEqual(Client.browse(first_id)._cron_lock_free().id, first_id)
            with self.assertRaises(UserError) as caught:
                user["l10n_fr_urssaf.client"].browse(first_id).action_refresh_status()
            self.assertIn("scheduled update", str(caught.exception))
            self.assertEqual(Client._cron_refresh_status(now=tomorrow), (2, 0))
            self.assertEqual(Client.browse(first_id).state, "active")


@tagged("post_install", "-at_install")
class TestCronProgress(CommittedDataCase):
    def test_progress_is_notified_before_each_commit(self):
        """Odoo 18 counts a run that crashed after some commits as failed unless it notified
        its progress: the notification goes with each commit."""
        for local_part in ("jeanne", "paul", "lucie"):
            self._register(self._partner(local_part))
        self.sandbox.advance(days=1, minutes=1)
        calls = []
        Client = self.env["l10n_fr_urssaf.client"]
        self.patch(
            type(self.env["ir.cron"]),
            "_notify_progress",
            lambda _cron, done, remaining, deactivate=False: calls.append((done, remaining)),
        )
        self.patch(type(Client), "_l10n_fr_urssaf_commit", lambda _rec: calls.append("commit"))
        tomorrow = fields.Datetime.now() + timedelta(days=1)
        self.assertEqual(Client._cron_refresh_status(now=tomorrow), (3, 0))
        self.assertEqual(calls, [(1, 2), "commit", (2, 1), "commit", (3, 0), "commit", (3, 0)])
