"""Asking URSSAF to cancel a payment request, by e-mail (URSSAF has no endpoint): who may, when,
what is sent and to whom, and how the synchronisation follows the request afterwards (URSSAF
cancels it, or moves it on when the e-mail came too late)."""

from datetime import UTC, datetime, timedelta

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, HttpCase, new_test_user, tagged
from odoo.tools import SQL, html2plaintext

from ..urssaf_api import cancellation
from .common import JsonRpcDoors
from .sync_common import UrssafSyncCommon

MANAGER_GROUPS = "base.group_user,l10n_fr_urssaf_avance_immediate.group_urssaf_manager"
WIZARD = "l10n_fr_urssaf.cancellation.wizard"
ACTIVITY_XMLID = "l10n_fr_urssaf_avance_immediate.mail_activity_type_urssaf_follow_up"


@tagged("post_install", "-at_install")
class TestCancellationRequest(UrssafSyncCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env,
            login="urssaf_cancel_manager",
            name="Marie Dupont",
            email="marie.dupont@sap-services.example",
            groups=MANAGER_GROUPS,
            company_id=cls.company.id,
            company_ids=[(6, 0, cls.company.ids)],
        )
        cls.company.l10n_fr_urssaf_cancel_email = "annulations@urssaf.example"

    # ---------------------------------------------------------------- helpers

    def _cancel_form(self, request, reason="invoice_error", details=None, user=None):
        user = user or self.manager
        action = request.with_user(user).action_l10n_fr_urssaf_ask_cancel()
        self.assertEqual(action["res_model"], WIZARD)
        form = Form(self.env[WIZARD].with_user(user).with_context(**action["context"]))
        form.reason = reason
        if details:
            form.reason_details = details
        return form

    def _ask(self, request, **kwargs):
        wizard = self._cancel_form(request, **kwargs).save()
        wizard.action_send()
        return wizard

    def _cancel_mails(self, request):
        return self.env["mail.mail"].search(
            [("model", "=", request._name), ("res_id", "=", request.id)]
        )

    def _follow_ups(self, request):
        return request.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref(ACTIVITY_XMLID)
        )

    # ---------------------------------------------------------------- the whole story

    def test_asked_then_urssaf_cancels_and_the_synchronisation_closes_it(self):
        move, request = self._sent("ANNUL")
        self.assertTrue(request.can_ask_cancel)
        self.assertTrue(move.l10n_fr_urssaf_invoice_mention)
        self.assertTrue(move.l10n_fr_urssaf_can_ask_cancel)
        form = self._cancel_form(request)
        # the company's address, and the e-mail in French with what URSSAF needs
        self.assertEqual(form.email_to, "annulations@urssaf.example")
        self.assertIn(request.urssaf_id, form.subject)
        text = html2plaintext(form.body)
        for expected in (
            "SAP123456789",
            request.urssaf_id,
            move.name,
            "Jeanne MARTIN",
            "305,00\u00a0€",
            "Erreur de facturation (montant, quantité ou prestation)",
        ):
            self.assertIn(expected, text)
        # another reason writes the e-mail again, with the user's text
        form.reason = "other"
        form.reason_details = "Facture émise deux fois par erreur"
        self.assertIn("Autre motif\u202f: Facture émise deux fois par erreur", form.body)
        form.body = form.body.replace("Bonjour,", "Bonjour Madame,")
        form.save().action_send()

        self.assertEqual(request.state, "cancel_requested")
        self.assertEqual(move.l10n_fr_urssaf_state, "cancel_requested")
        self.assertFalse(request.can_ask_cancel)
        # the invoice's PDF no longer says URSSAF advances half of it
        self.assertFalse(move.l10n_fr_urssaf_invoice_mention)
        self.assertEqual(request.cancel_reason, "other")
        self.assertEqual(request.cancel_requested_by_id, self.manager)
        self.assertEqual(request.cancel_email_to, "annulations@urssaf.example")
        # the e-mail, as edited, went to the configured address; it is in the request's chatter
        mail = self._cancel_mails(request)
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.email_to, "annulations@urssaf.example")
        self.assertIn("Bonjour Madame,", mail.body_html)
        self.assertIn(request.urssaf_id, mail.body_html)
        self.assertIn("marie.dupont@sap-services.example", mail.email_from)
        self.assertEqual(request.cancel_message_id, mail.mail_message_id)
        self.assertIn(mail.mail_message_id, request.message_ids)
        # the invoice tells it once, with a copy of the e-mail
        notes = self._invoice_notes(move)
        self.assertIn("Cancellation requested", notes[0])
        self.assertIn("annulations@urssaf.example", notes[0])
        self.assertIn("Bonjour Madame,", notes[0])
        # the banner says it
        banner = move.with_user(self.manager)._l10n_fr_urssaf_banner()
        self.assertEqual(banner[0], "warning")
        self.assertIn("URSSAF: Cancellation requested", banner[1])
        self.assertIn("Facture émise deux fois par erreur", banner[1])
        # a second request is refused, telling what was sent
        with self.assertRaisesRegex(UserError, "already asked .* annulations@urssaf.example"):
            request.with_user(self.manager).action_l10n_fr_urssaf_ask_cancel()

        # the synchronisation keeps reading it: URSSAF asks the client meanwhile (20)
        e4_before = self._e4_calls()
        self._live(hours=1, minutes=5)
        self.assertGreater(self._e4_calls(), e4_before)
        self.assertEqual(request.last_check_date, self.clock)
        self.assertEqual(request.status_code, "20")
        self.assertEqual(request.state, "cancel_requested")
        self.assertIn("URSSAF status 10 → 20", self._invoice_notes(move)[0])
        # a reading that changes nothing tells nothing
        count = len(self._invoice_notes(move))
        self._live(hours=1)
        self.assertEqual(request.state, "cancel_requested")
        self.assertEqual(len(self._invoice_notes(move)), count)

        # URSSAF cancels it (110): closed as any cancellation, never read again
        self._live(hours=24)
        self.assertEqual(request.state, "cancelled")
        self.assertEqual(request.status_code, "110")
        self.assertEqual(request.reject_code, "ANNUL_ERR_MNT")
        self.assertTrue(self._follow_ups(request))
        self.assertEqual(self._follow_ups(request).user_id, self.manager)
        self.assertNotIn("did not cancel", self._invoice_notes(move)[0])
        e4_before = self._e4_calls()
        self._live(hours=2)
        self.assertEqual(self._e4_calls(), e4_before)

    def test_a_specific_cancellation_113_closes_it_too(self):
        _move, request = self._sent("ANNULTECH")
        self._live(hours=1, minutes=5)
        self.assertEqual(request.state, "awaiting_client")
        self._ask(request, reason="technical")
        self.assertEqual(request.state, "cancel_requested")
        self._live(hours=24)
        self.assertEqual(request.state, "cancelled")
        self.assertEqual(request.status_code, "113")

    def test_urssaf_pays_when_the_email_came_too_late(self):
        move, request = self._sent()
        self._ask(request, reason="client_request")
        # 20, 30, 50: still waiting for URSSAF's answer
        for delta in ({"hours": 1, "minutes": 5}, {"hours": 48}, {"days": 2}):
            self._live(**delta)
            self.assertEqual(request.state, "cancel_requested", request.status_code)
        self.assertEqual(request.status_code, "50")
        # 70: paid; booked as usual, and who asked is told to check with URSSAF
        self.assertFalse(move.l10n_fr_urssaf_invoice_mention)
        self._live(days=4)
        self.assertEqual(request.state, "paid")
        self.assertEqual(request.transfer_booking, "booked")
        self.assertIn(request.urssaf_id, move.l10n_fr_urssaf_invoice_mention)
        self.assertEqual(len(self._payments(request)), 1)
        self.assertTrue(any("URSSAF did not cancel" in note for note in self._invoice_notes(move)))
        follow_up = self._follow_ups(request)
        self.assertEqual(follow_up.user_id, self.manager)
        self.assertEqual(follow_up.summary, f"URSSAF did not cancel {move.name}")
        self.assertIn("70 Payée", html2plaintext(follow_up.note))
        # paid: no cancellation from Odoo any more
        self.assertFalse(request.can_ask_cancel)
        with self.assertRaisesRegex(UserError, "already asked"):
            request.with_user(self.manager).action_l10n_fr_urssaf_ask_cancel()

    def test_the_client_refuses_meanwhile(self):
        _move, request = self._sent("REFUS")
        self._ask(request, reason="duplicate")
        self._live(hours=1, minutes=5)
        self.assertEqual(request.state, "cancel_requested")
        self._live(hours=24)
        self.assertEqual(request.state, "contested")
        self.assertEqual(request.status_code, "40")

    # ---------------------------------------------------------------- who and when

    def test_refused_to_a_plain_urssaf_user_for_every_door(self):
        move, request = self._sent()
        as_user = request.with_user(self.user)
        with self.assertRaises(AccessError):
            as_user.action_l10n_fr_urssaf_ask_cancel()
        with self.assertRaises(AccessError):
            move.with_user(self.user).action_l10n_fr_urssaf_ask_cancel()
        # nor the wizard, nor the sending method itself (refused in Python, whoever calls)
        with self.assertRaises(AccessError):
            self.env[WIZARD].with_user(self.user).create(
                {"request_id": request.id, "reason": "duplicate"}
            )
        with self.assertRaises(AccessError):
            as_user._l10n_fr_urssaf_send_cancel_mail(
                "avance-immediate@urssaf.fr", "Objet", "<p>Texte</p>", "duplicate", None
            )
        # nor can anybody write the state or what was asked by hand
        with self.assertRaises(AccessError):
            request.with_user(self.manager).write({"state": "cancel_requested"})
        with self.assertRaises(AccessError):
            request.with_user(self.manager).write({"cancel_requested_at": self.clock})
        self.assertEqual(request.state, "integrated")
        self.assertFalse(self._cancel_mails(request))

    def test_refused_after_the_transfer(self):
        _move, request = self._sent()
        self._live(hours=1, minutes=5)
        self._live(hours=48)
        self._live(days=2)
        self.assertEqual(request.state, "debited")
        self.assertTrue(request.can_ask_cancel)
        self._live(days=4)
        self.assertEqual(request.state, "paid")
        self.assertFalse(request.can_ask_cancel)
        with self.assertRaisesRegex(UserError, "already transferred"):
            request.with_user(self.manager).action_l10n_fr_urssaf_ask_cancel()
        with self.assertRaisesRegex(UserError, "already transferred"):
            request.with_user(self.manager)._l10n_fr_urssaf_send_cancel_mail(
                "avance-immediate@urssaf.fr", "Objet", "<p>Texte</p>", "duplicate", None
            )
        self.assertFalse(self._cancel_mails(request))

    def test_refused_on_a_closed_request(self):
        _move, request = self._sent("ANNUL")
        self._live(hours=1, minutes=5)
        self._live(hours=24)
        self.assertEqual(request.state, "cancelled")
        self.assertFalse(request.can_ask_cancel)
        with self.assertRaisesRegex(UserError, "can only be asked while URSSAF holds"):
            request.with_user(self.manager).action_l10n_fr_urssaf_ask_cancel()

    def test_bad_input_is_refused_with_the_field_named(self):
        _move, request = self._sent()
        form = self._cancel_form(request, reason="other")
        form.reason_details = "x"
        wizard = form.save()
        wizard.reason_details = False
        with self.assertRaisesRegex(UserError, "Details of the reason"):
            wizard.action_send()
        wizard.reason_details = "Prestation facturée deux fois"
        wizard.email_to = "pas une adresse"
        with self.assertRaisesRegex(UserError, "To: 'pas une adresse' is not an e-mail address"):
            wizard.action_send()
        self.assertEqual(request.state, "integrated")
        self.assertFalse(self._cancel_mails(request))
        # corrected, it goes
        wizard.email_to = "avance-immediate@urssaf.fr"
        wizard.action_send()
        self.assertEqual(request.state, "cancel_requested")
        self.assertEqual(self._cancel_mails(request).email_to, "avance-immediate@urssaf.fr")

    def test_the_held_number_index_of_an_older_database_is_made_again(self):
        """The database's last guard (one held request per invoice number) lists the held
        states: made before "cancellation requested" existed, it is made again at the update."""
        index = "l10n_fr_urssaf_payment_request_held_number_uniq"
        cr = self.env.cr
        cr.execute(SQL("DROP INDEX %s", SQL.identifier(index)))
        cr.execute(
            SQL(
                "CREATE UNIQUE INDEX %s ON l10n_fr_urssaf_payment_request "
                "(company_id, invoice_number) WHERE state IN ('sending', 'integrated', 'paid')",
                SQL.identifier(index),
            )
        )
        self.env["l10n_fr_urssaf.payment.request"].init()
        cr.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s", [index])
        definition = cr.fetchone()[0]
        for state in ("cancel_requested", "uncertain", "cancelled"):
            self.assertIn(f"'{state}'", definition)
        # and left alone when up to date
        self.env["l10n_fr_urssaf.payment.request"].init()
        cr.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s", [index])
        self.assertEqual(cr.fetchone()[0], definition)

    # ---------------------------------------------------------------- settings

    def test_settings_address_and_template(self):
        settings = self.env["res.config.settings"].create({})
        self.assertEqual(settings.l10n_fr_urssaf_cancel_email, "annulations@urssaf.example")
        with self.assertRaisesRegex(ValidationError, "not an e-mail address"):
            self.company.l10n_fr_urssaf_cancel_email = "avance-immediate"
        # a new company gets the default address
        other = self.env["res.company"].create({"name": "Autre SAP"})
        self.assertEqual(other.l10n_fr_urssaf_cancel_email, cancellation.DEFAULT_ADDRESS)
        # the company's own template is used
        template = self.env["mail.template"].create(
            {
                "name": "Annulation maison",
                "model_id": self.env["ir.model"]._get_id("l10n_fr_urssaf.payment.request"),
                "subject": "Annulation {{ object.invoice_number }}",
                "body_html": "<p>Annulez <t t-out='object.urssaf_id'/> : <t t-out='reason'/></p>",
            }
        )
        self.company.l10n_fr_urssaf_cancel_template_id = template
        move, request = self._sent()
        form = self._cancel_form(request, reason="duplicate")
        self.assertEqual(form.subject, f"Annulation {move.name}")
        self.assertIn(request.urssaf_id, form.body)
        self.assertIn("Doublon d'une autre demande de paiement", form.body)

    def test_each_company_writes_to_its_own_address(self):
        company_b = self.env["res.company"].create(
            {"name": "SAP Services B", "country_id": self.france.id}
        )
        self._configure(company_b)
        self._french_accounting(company_b)
        company_b.l10n_fr_urssaf_cancel_email = "urssaf-b@urssaf.example"
        user_b = self._company_user("urssaf_cancel_user_b", company_b)
        manager_b = new_test_user(
            self.env,
            login="urssaf_cancel_manager_b",
            email="manager.b@sap-b.example",
            groups=MANAGER_GROUPS,
            company_id=company_b.id,
            company_ids=[(6, 0, company_b.ids)],
        )
        # an active client of B, an invoice of B sent to URSSAF
        self.sandbox.set_now(datetime.now(UTC) - timedelta(days=10))
        partner = self._partner("paul", company_id=company_b.id)
        self._register(partner, user=user_b, has_account="no")
        self.sandbox.set_now(datetime.now(UTC))
        link = self._link(partner, company_b)
        link.with_user(user_b).action_refresh_status()
        self.assertEqual(link.state, "active")
        move = (
            self.env["account.move"]
            .with_company(company_b)
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
                        (
                            0,
                            0,
                            {
                                "name": "Ménage",
                                "quantity": 2,
                                "price_unit": 20.0,
                                "l10n_fr_urssaf_nature": "60",
                                "l10n_fr_urssaf_unit": "HEURE",
                                "tax_ids": [(5, 0, 0)],
                            },
                        )
                    ],
                }
            )
        )
        move.action_post()
        self._send(move, user=user_b)
        request_b = move.l10n_fr_urssaf_payment_request_id
        self.assertEqual(request_b.state, "integrated", request_b.last_error)
        _move_a, request_a = self._sent()
        # A's manager cannot reach B's request; B's manager writes to B's address
        with self.assertRaises(AccessError):
            request_b.with_user(self.manager).action_l10n_fr_urssaf_ask_cancel()
        self._ask(request_b, user=manager_b)
        self._ask(request_a)
        self.assertEqual(self._cancel_mails(request_b).email_to, "urssaf-b@urssaf.example")
        self.assertIn("SAP Services B", self._cancel_mails(request_b).body_html)
        self.assertEqual(self._cancel_mails(request_a).email_to, "annulations@urssaf.example")
        self.assertEqual(request_b.state, "cancel_requested")


@tagged("post_install", "-at_install")
class TestCancellationRpc(JsonRpcDoors, UrssafSyncCommon, HttpCase):
    """Through Odoo's external JSON-RPC API: a plain URSSAF user is refused at every door with
    Odoo's own error and nothing changes; a manager's request goes through the same checks."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env,
            login="urssaf_rpc_cancel_manager",
            email="rpc.manager@sap-services.example",
            groups=MANAGER_GROUPS,
            company_id=cls.company.id,
            company_ids=[(6, 0, cls.company.ids)],
        )

    def _rpc(self, user, model, method, *args):
        # the test users' password is their login
        return self._execute_kw(user, user.login, model, method, *args)

    def _refused(self, answer, *fragments):
        self.assertIn("error", answer, f"accepted: {answer}")
        data = answer["error"]["data"]
        self.assertIn(
            data["name"],
            ("odoo.exceptions.UserError", "odoo.exceptions.AccessError"),
            data.get("debug", "")[-2000:],
        )
        for fragment in fragments:
            self.assertIn(fragment, data["message"])

    def test_json_rpc_doors(self):
        move, request = self._sent()
        wizard_values = {
            "request_id": request.id,
            "reason": "duplicate",
            "email_to": "avance-immediate@urssaf.fr",
            "subject": "Annulation",
            "body": "<p>Merci d'annuler la demande.</p>",
        }
        # the plain URSSAF user: the button of the request and of the invoice, the wizard, the
        # state written by hand
        self._refused(
            self._rpc(self.user, request._name, "action_l10n_fr_urssaf_ask_cancel", request.ids),
            "URSSAF manager",
        )
        self._refused(
            self._rpc(self.user, "account.move", "action_l10n_fr_urssaf_ask_cancel", move.ids),
            "URSSAF manager",
        )
        self._refused(self._rpc(self.user, WIZARD, "create", wizard_values))
        self._refused(
            self._rpc(self.user, request._name, "write", request.ids, {"state": "cancel_requested"})
        )
        self.env.invalidate_all()
        self.assertEqual(request.state, "integrated")
        self.assertFalse(request.cancel_requested_at)
        # the manager: the wizard made and sent through the API
        answer = self._rpc(self.manager, WIZARD, "create", wizard_values)
        self.assertNotIn("error", answer, answer)
        answer = self._rpc(self.manager, WIZARD, "action_send", [answer["result"]])
        self.assertNotIn("error", answer, answer)
        self.env.invalidate_all()
        self.assertEqual(request.state, "cancel_requested")
        self.assertEqual(request.cancel_requested_by_id, self.manager)
        # twice: refused, with what was sent
        answer = self._rpc(self.manager, WIZARD, "create", wizard_values)
        self._refused(answer, "already asked", "avance-immediate@urssaf.fr")
