from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import Form, tagged
from odoo.tools import format_date

from odoo.addons.l10n_fr_urssaf_avance_immediate.urssaf_api import ClientStatus

from .common import E1_PATH, IBAN, UrssafRegistrationCommon


@tagged("post_install", "-at_install")
class TestRegistrationFlow(UrssafRegistrationCommon):
    def _sandbox_today(self):
        return self.sandbox.state.clock.today()

    def test_new_client_awaits_activation_then_becomes_active(self):
        partner = self._partner("jeanne")
        before = fields.Datetime.now()
        wizard = self._register(partner, has_account="no")
        self.assertEqual(wizard.result, "success", wizard.result_message)
        link = self._link(partner)
        self.assertEqual(link.state, "pending_activation")
        self.assertTrue(link.urssaf_id)
        self.assertEqual(link.registered_by_id, self.user)
        self.assertGreaterEqual(link.registration_date, before.replace(microsecond=0))
        self.assertEqual(link.link_expiry_date, link.registration_date + timedelta(days=7))
        self.assertEqual(partner.l10n_fr_urssaf_state, "pending_activation")
        self.assertEqual(partner.l10n_fr_urssaf_client_urssaf_id, link.urssaf_id)
        self.assertIn("7 days", wizard.result_message)
        # the values taken from the contact are now recorded, as sent
        self.assertEqual(partner.l10n_fr_urssaf_birth_name, "MARTIN")
        self.assertEqual(partner.l10n_fr_urssaf_iban, IBAN)
        notes = self._notes(partner)
        self.assertIn("Awaiting activation", notes[0])
        self.assertIn(link.urssaf_id, notes[0])
        self.assertIn("FR76 **** **** 0189", notes[0])
        self.assertFalse(any(IBAN in note for note in notes))

        # still pending at URSSAF: the status is read, nothing is told
        partner.with_user(self.user).action_l10n_fr_urssaf_refresh()
        self.assertEqual(link.state, "pending_activation")
        self.assertEqual(link.status_code, "APPAREILLAGE_EC")
        self.assertEqual(len(self._notes(partner)), len(notes))

        self.sandbox.advance(days=1, minutes=1)
        action = partner.with_user(self.user).action_l10n_fr_urssaf_refresh()
        self.assertEqual(action["params"]["type"], "success")
        self.assertEqual(link.state, "active")
        self.assertEqual(partner.l10n_fr_urssaf_state, "active")
        self.assertEqual(link.activation_date, self._sandbox_today())
        self.assertIn("Active since", self._notes(partner)[0])
        self.assertIn(format_date(self.env, link.activation_date), self._notes(partner)[0])
        self.assertFalse(self._follow_ups(link))
        # active clients cannot be registered twice
        form = self._open_wizard(partner)
        self.assertEqual(form.problem_count, 1)
        self.assertIn("already registered", form.problems_html)
        with self.assertRaises(UserError):
            form.save().action_send()

    def test_unknown_account_state_shows_both_instructions(self):
        partner = self._partner("paul")
        wizard = self._register(partner)
        link = self._link(partner)
        self.assertEqual(link.state, "pending")
        self.assertIn("new to URSSAF", wizard.result_message)
        self.assertIn("link request", wizard.result_message)
        # the client says they already had an account: awaiting the link acceptance
        with Form(link.with_user(self.user)) as form:
            form.has_urssaf_account = "yes"
        self.assertEqual(link.state, "pending_link")
        self.assertIn("Awaiting link acceptance", self._notes(partner)[0])

    def test_existing_account_awaits_link_acceptance(self):
        partner = self._partner("existant")
        self._register(partner, has_account="yes")
        link = self._link(partner)
        self.assertEqual(link.state, "pending_link")
        self.assertIn("accept the link request", link.instructions)
        # a link request does not expire like an activation e-mail
        link._refresh_status(now=fields.Datetime.now() + timedelta(days=8))
        self.assertEqual(link.state, "pending_link")
        self.sandbox.advance(days=1, minutes=1)
        link.with_user(self.user).action_refresh_status()
        self.assertEqual(link.state, "active")
        self.assertEqual(link.activation_date, self._sandbox_today())

    def test_identity_unknown_is_rejected_and_can_be_corrected(self):
        partner = self._partner("inconnu")
        wizard = self._register(partner)
        self.assertEqual(wizard.result, "rejected")
        self.assertIn("tax office", wizard.result_message)
        self.assertIn("birth name", wizard.result_message)
        link = self._link(partner)
        self.assertEqual(link.state, "rejected")
        self.assertFalse(link.urssaf_id)
        self.assertIn("ERR_DGFIP_R2P_INCONNU", link.status_code)
        self.assertIn("tax office", link.last_error)
        self.assertIn("Rejected by URSSAF", self._notes(partner)[0])
        # the data are kept for the correction
        self.assertEqual(partner.l10n_fr_urssaf_birth_name, "MARTIN")
        self.assertEqual(partner.l10n_fr_urssaf_birth_commune_code, "77186")
        # corrected (here: the sandbox scenario is in the e-mail), registered again
        partner.l10n_fr_urssaf_email = "jeanne.corrigee@exemple.fr"
        wizard = self._register(partner)
        self.assertEqual(wizard.result, "success", wizard.result_message)
        self.assertEqual(link.state, "pending")
        self.assertTrue(link.urssaf_id)
        self.assertFalse(link.last_error)

    def test_already_linked_client_is_explained(self):
        partner = self._partner("compteexiste")
        wizard = self._register(partner)
        self.assertEqual(wizard.result, "rejected")
        self.assertIn("already registered with you", wizard.result_message)
        self.assertEqual(self._link(partner).state, "rejected")

    def test_activation_link_expires_after_seven_days(self):
        partner = self._partner("jamais", user_id=self.salesperson.id)
        self._register(partner)
        link = self._link(partner)
        self.sandbox.advance(days=6)
        self.env["l10n_fr_urssaf.client"]._cron_refresh_status(
            now=link.registration_date + timedelta(days=6)
        )
        self.assertEqual(link.state, "pending")
        self.sandbox.advance(days=2)
        self.env["l10n_fr_urssaf.client"]._cron_refresh_status(
            now=link.registration_date + timedelta(days=8)
        )
        self.assertEqual(link.state, "activation_expired")
        note = self._notes(partner)[0]
        self.assertIn("Activation link expired", note)
        self.assertIn("particulier.urssaf.fr", note)
        # told in the responsible user's time zone (Paris by default)
        in_paris = link.with_context(tz=self.salesperson.tz or "Europe/Paris")
        self.assertIn(in_paris._format_datetime(link.link_expiry_date), note)
        activity = self._follow_ups(link)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.salesperson)
        self.assertIn("new activation e-mail", activity.note)
        # the next day: still expired, nothing new in the chatter, one activity
        count = len(self._notes(partner))
        self.sandbox.advance(days=1)
        self.env["l10n_fr_urssaf.client"]._cron_refresh_status(
            now=link.registration_date + timedelta(days=9)
        )
        self.assertEqual(link.state, "activation_expired")
        self.assertEqual(len(self._notes(partner)), count)
        self.assertEqual(len(self._follow_ups(link)), 1)

    def test_link_refused(self):
        partner = self._partner("refus")
        self._register(partner)
        link = self._link(partner)
        self.sandbox.advance(days=1, minutes=1)
        link.with_user(self.user).action_refresh_status()
        self.assertEqual(link.state, "link_refused")
        self.assertEqual(link.status_code, "APPAREILLAGE_NF")
        self.assertIn("refused the link", self._notes(partner)[0])
        # no salesperson: the activity goes to the user who registered
        self.assertEqual(self._follow_ups(link).user_id, self.user)
        # a new registration is allowed
        self.assertIn(partner.l10n_fr_urssaf_state, ("link_refused",))
        self.assertEqual(self._open_wizard(partner).problem_count, 0)

    def test_link_broken(self):
        partner = self._partner("rompu")
        self._register(partner)
        link = self._link(partner)
        self.sandbox.advance(days=1, minutes=1)
        link.action_refresh_status()
        self.assertEqual(link.state, "active")
        self.sandbox.advance(days=2)
        link.action_refresh_status()
        self.assertEqual(link.state, "link_broken")
        self.assertEqual(link.status_code, "ERR_RECHERCHE_PARTICULIER")
        self.assertIn("broke the association", self._notes(partner)[0])
        self.assertEqual(len(self._follow_ups(link)), 1)

    def test_account_blocked_then_unblocked_cancels_the_activity(self):
        partner = self._partner("bloque")
        self._register(partner)
        link = self._link(partner)
        self.sandbox.advance(days=1, minutes=1)
        link.action_refresh_status()
        self.assertEqual(link.state, "active")
        self.sandbox.advance(days=1)
        link.action_refresh_status()
        self.assertEqual(link.state, "blocked")
        self.assertIn("blocked the client's account", self._notes(partner)[0])
        self.assertEqual(len(self._follow_ups(link)), 1)
        # URSSAF unblocks the account: the follow-up is no longer needed
        activation_date = link.activation_date
        status = ClientStatus(link.urssaf_id, "APPAREILLAGE_VALIDE", "", "OK", None)
        link._apply_status(status, fields.Datetime.now())
        self.assertEqual(link.state, "active")
        self.assertEqual(link.activation_date, activation_date)
        self.assertFalse(self._follow_ups(link))

    def test_sepa_mandate_expired(self):
        partner = self._partner("mandat")
        self._register(partner)
        link = self._link(partner)
        self.sandbox.advance(days=3, minutes=1)
        link.action_refresh_status()
        self.assertEqual(link.state, "mandate_expired")
        self.assertIn("mandate has expired", self._notes(partner)[0])
        self.assertEqual(len(self._follow_ups(link)), 1)

    def test_temporary_errors_keep_the_state(self):
        partner = self._partner("jeanne")
        self.sandbox.inject_fault("status", path=E1_PATH, status=503, count=10)
        wizard = self._register(partner)
        self.assertEqual(wizard.result, "retry")
        self.assertIn("try again", wizard.result_message)
        self.assertFalse(self._link(partner))
        self.assertEqual(partner.l10n_fr_urssaf_state, "draft")
        # "Try again" once URSSAF is back
        self.sandbox.clear_faults()
        wizard.action_send()
        self.assertEqual(wizard.result, "success", wizard.result_message)
        link = self._link(partner)
        self.assertEqual(link.state, "pending")
        # a refresh during an outage changes nothing and says to retry
        self.sandbox.inject_fault("status", path=E1_PATH, status=500, count=10)
        with self.assertRaises(UserError) as caught:
            link.with_user(self.user).action_refresh_status()
        self.assertIn("try again", str(caught.exception))
        self.assertEqual(link.state, "pending")

    def test_known_urssaf_id_can_be_typed_and_refreshed(self):
        partner = self._partner("jeanne")
        self._register(partner)
        urssaf_id = self._link(partner).urssaf_id
        # the same client, recorded for another contact by hand (e.g. after a reset)
        other = self._partner("autre")
        # (a registered link is deleted only once reset to not registered)
        self._link(partner).action_reset_to_draft()
        self._link(partner).unlink()
        with Form(self.env["l10n_fr_urssaf.client"].with_user(self.user)) as form:
            form.partner_id = other
            form.urssaf_id = urssaf_id
        link = form.record
        self.assertEqual(link.state, "draft")
        self.sandbox.advance(days=1, minutes=1)
        link.action_refresh_status()
        self.assertEqual(link.state, "active")
        with Form(link.with_user(self.user)) as form:
            self.assertTrue(form._get_modifier("urssaf_id", "readonly"))

    def test_follow_up_goes_to_someone_who_can_open_it(self):
        partner = self._partner("refus", user_id=self.plain_salesperson.id)
        self._register(partner)
        link = self._link(partner)
        self.assertEqual(link.user_id, self.plain_salesperson)  # shown as responsible
        self.sandbox.advance(days=1, minutes=1)
        link.with_user(self.user).action_refresh_status()
        self.assertEqual(link.state, "link_refused")
        # but cannot open URSSAF links: the activity goes to the user who registered the client
        activity = self._follow_ups(link)
        self.assertEqual(activity.user_id, self.user)
        # the user it is assigned to can open it
        self.assertEqual(activity.with_user(self.user).res_id, link.id)
        link.with_user(self.user).check_access("read")

    def test_chatter_tells_a_link_request_to_an_existing_account(self):
        partner = self._partner("existant")
        self._register(partner, has_account="yes")
        note = self._notes(partner)[0]
        self.assertIn("link request", note)
        self.assertNotIn("sends its e-mail", note)

    def test_a_lost_answer_is_settled_by_the_id_urssaf_support_gives(self):
        partner = self._partner("jeanne")
        self.sandbox.inject_fault("drop_response", path=E1_PATH, count=1)
        wizard = self._register(partner)
        self.assertEqual(wizard.result, "uncertain")
        link = self._link(partner)
        sent_on = link.registration_lost_at
        self.assertIn("Nothing was sent again", link.instructions)
        # known to URSSAF maybe: its contact and company stay fixed
        self.assertTrue(link._is_known_to_urssaf())
        # the client received URSSAF's e-mail: the user types the id URSSAF support gives
        (registered,) = self.sandbox.snapshot()["clients"]
        link.with_user(self.user).write({"urssaf_id": registered["idClient"]})
        self.assertEqual(link.state, "pending")
        self.assertEqual(link.urssaf_id, registered["idClient"])
        self.assertEqual(link.registration_date, sent_on)
        self.assertFalse(link.registration_lost_at)
        self.assertFalse(link.call_started_at)
        self.assertIn("the registration went through", self._notes(partner)[0])
        # from now on its status is read at URSSAF
        link.with_user(self.user).action_refresh_status()
        self.assertEqual(link.last_check_date.date(), fields.Date.today())
        self.assertIn(link.state, ("pending", "pending_activation", "pending_link", "active"))

    def test_a_lost_answer_is_not_replayed_and_says_urssaf_may_have_it(self):
        partner = self._partner("jeanne")
        before = self.sandbox.stats()["api_calls"].get(E1_PATH, 0)
        self.sandbox.inject_fault("drop_response", path=E1_PATH, count=1)
        wizard = self._register(partner)
        # sent once, never replayed: URSSAF did register the client
        self.assertEqual(self.sandbox.stats()["api_calls"].get(E1_PATH, 0) - before, 1)
        self.assertEqual(wizard.result, "uncertain")
        self.assertIn("e-mail or an SMS from URSSAF", wizard.result_message)
        # the link is kept with its marker and the date of the lost answer
        link = self._link(partner)
        self.assertTrue(link.call_started_at)
        self.assertTrue(link.registration_lost_at)
        self.assertEqual(wizard.registration_lost_at, link.registration_lost_at)
        # every user of the contact is told
        self.assertIn("the answer was lost", self._notes(partner)[0])
        # a new attempt does not send blind: it says so, nothing is sent
        wizard.action_send()
        self.assertEqual(wizard.result, "uncertain")
        self.assertIn("Nothing was sent again", wizard.result_message)
        self.assertEqual(self.sandbox.stats()["api_calls"].get(E1_PATH, 0) - before, 1)
        self.assertTrue(link.registration_lost_at)
        # the user, having checked with the client, confirms: URSSAF says the client is already
        # linked; the link records it and explains how to go on (not "correct the data")
        wizard.resend_lost = True
        wizard.action_send()
        self.assertEqual(self.sandbox.stats()["api_calls"].get(E1_PATH, 0) - before, 2)
        self.assertEqual(wizard.result, "rejected", wizard.result_message)
        link = self._link(partner)
        self.assertEqual(link.state, "rejected")
        self.assertIn("ERR_LIEN_TIERS_PRESTATION_PARTICULIER_EXISTE", link.status_code)
        self.assertIn("already registered with you", link._instructions_text())
        self.assertNotIn("Correct the URSSAF tab", link._instructions_text())
