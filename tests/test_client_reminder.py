"""The activation reminder: one e-mail in French before the 7-day link expires, per-company
opt-in, sent once, told in the contact's chatter."""

from datetime import timedelta

from odoo.tests import tagged

from .common import UrssafRegistrationCommon


@tagged("post_install", "-at_install")
class TestClientReminder(UrssafRegistrationCommon):
    def setUp(self):
        super().setUp()
        self.company.l10n_fr_urssaf_activation_reminder = True
        self.partner = self._partner("jeanne")
        self._register(self.partner, has_account="no")
        self.link = self._link(self.partner)
        self.assertEqual(self.link.state, "pending_activation")
        self.Client = self.env["l10n_fr_urssaf.client"]

    def _mails(self):
        return self.env["mail.mail"].search(
            [("model", "=", "l10n_fr_urssaf.client"), ("res_id", "=", self.link.id)]
        )

    def test_sent_once_before_the_link_expires(self):
        registered = self.link.registration_date
        self.assertFalse(
            self.Client._cron_send_activation_reminders(registered + timedelta(days=4))
        )
        self.assertFalse(self._mails())
        sent = self.Client._cron_send_activation_reminders(registered + timedelta(days=5, hours=1))
        self.assertEqual(sent, self.link)
        mail = self._mails()
        self.assertEqual(len(mail), 1)
        self.assertIn("Activez votre compte URSSAF", mail.subject)
        self.assertIn("expire le", mail.body_html)
        self.assertIn(self.partner, mail.recipient_ids)
        self.assertTrue(self.link.activation_reminder_sent_at)
        self.assertTrue(any("activation reminder" in note for note in self._notes(self.partner)))
        # once
        self.assertFalse(
            self.Client._cron_send_activation_reminders(registered + timedelta(days=6))
        )
        self.assertEqual(len(self._mails()), 1)

    def test_not_sent_without_the_company_opt_in_nor_once_expired(self):
        registered = self.link.registration_date
        self.company.l10n_fr_urssaf_activation_reminder = False
        self.assertFalse(
            self.Client._cron_send_activation_reminders(registered + timedelta(days=6))
        )
        self.company.l10n_fr_urssaf_activation_reminder = True
        self.assertFalse(
            self.Client._cron_send_activation_reminders(registered + timedelta(days=7, hours=1))
        )
        self.assertFalse(self._mails())

    def test_not_sent_to_an_active_client(self):
        self.sandbox.advance(days=1, hours=1)
        self.link.with_user(self.user).action_refresh_status()
        self.assertEqual(self.link.state, "active")
        self.assertFalse(
            self.Client._cron_send_activation_reminders(
                self.link.registration_date + timedelta(days=6)
            )
        )
