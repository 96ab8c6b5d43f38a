"""The client's form submitted twice at once (a double click, two tabs): each submission holds
the contact until its request ends, one that read the contact before the other committed fails
to serialize (Odoo replays it), and the replay tells nothing twice. Separate database
connections stand for the two requests (committed data, removed afterwards)."""

import psycopg2.errors

from odoo.tests import tagged
from odoo.tools import SQL, mute_logger

from .common_committed import CommittedDataCase


@tagged("post_install", "-at_install")
class TestPortalOnce(CommittedDataCase):
    def _consent_notes(self, env, partner_id):
        partner = env["res.partner"].browse(partner_id)
        return [
            message
            for message in partner.message_ids
            if partner.l10n_fr_urssaf_portal_consent_text
            and partner.l10n_fr_urssaf_portal_consent_text in (message.body or "")
        ]

    def test_a_double_submission_is_recorded_and_told_once(self):
        partner_id = self._committed_partner("jeanne")
        with self._connection() as env:
            form = env["res.partner"].browse(partner_id)._l10n_fr_urssaf_portal_form()
        post = {name: str(value) for name, value in form.items()}
        post["consent"] = "1"
        with self._connection() as first, self._connection() as second:
            # the second request has read the contact (its snapshot) before the first commits
            self.assertFalse(
                second["res.partner"].browse(partner_id).l10n_fr_urssaf_portal_consent_at
            )
            result = first["res.partner"].browse(partner_id)._l10n_fr_urssaf_portal_submit(post)
            self.assertEqual(result.problems, {})
            self.assertTrue(result.confirmed)
            # the first request holds the contact until it ends
            with self._connection() as third, mute_logger("odoo.sql_db"):
                with self.assertRaises(psycopg2.errors.LockNotAvailable):
                    third.cr.execute(
                        SQL(
                            "SELECT id FROM res_partner WHERE id = %s FOR NO KEY UPDATE NOWAIT",
                            partner_id,
                        )
                    )
            first.cr.commit()
            consent_at = first["res.partner"].browse(partner_id).l10n_fr_urssaf_portal_consent_at
            # the second submission cannot record on what it read: Odoo replays the request
            with (
                mute_logger("odoo.sql_db"),
                self.assertRaises(psycopg2.errors.SerializationFailure),
            ):
                second["res.partner"].browse(partner_id)._l10n_fr_urssaf_portal_submit(post)
        # the replay, on what was committed: confirmed again, recorded and told once
        with self._connection(commit=True) as replay:
            result = replay["res.partner"].browse(partner_id)._l10n_fr_urssaf_portal_submit(post)
            self.assertTrue(result.confirmed)
            self.assertEqual(result.saved, [])
        with self._connection() as env:
            partner = env["res.partner"].browse(partner_id)
            self.assertEqual(partner.l10n_fr_urssaf_portal_consent_at, consent_at)
            self.assertEqual(len(self._consent_notes(env, partner_id)), 1)
