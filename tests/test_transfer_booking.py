"""The payment of URSSAF's transfer is the booking: undone only by accounting managers (the
request goes back to "not booked", the accountant is told, the next synchronisation books it
again once); *Register payment* on an invoice URSSAF pays warns, and is refused once URSSAF's
transfer is booked."""

from datetime import timedelta

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged

from .common import USER_GROUPS
from .sync_common import UrssafSyncCommon


@tagged("post_install", "-at_install")
class TestTransferBooking(UrssafSyncCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.clerk = new_test_user(
            cls.env,
            login="urssaf_booking_clerk",
            groups="base.group_user,account.group_account_invoice",
            company_id=cls.company.id,
            company_ids=[(6, 0, cls.company.ids)],
        )
        cls.urssaf_manager = cls._company_user(
            "urssaf_booking_urssaf_manager",
            cls.company,
            groups=USER_GROUPS + ",l10n_fr_urssaf_avance_immediate.group_urssaf_manager",
        )
        # an accounting manager without the URSSAF groups
        cls.accountant = new_test_user(
            cls.env,
            login="urssaf_booking_accountant",
            groups="base.group_user,account.group_account_manager",
            company_id=cls.company.id,
            company_ids=[(6, 0, cls.company.ids)],
        )

    def _booked(self):
        move, request = self._sent()
        self._live(days=8, hours=2)
        self.assertEqual(request.state, "paid")
        payment = self._payments(request)
        self.assertEqual(len(payment), 1, request.transfer_problem)
        self.assertEqual(request.transfer_booking, "booked")
        self.assertEqual(request.transfer_payment_id, payment)
        self.assertEqual(move.amount_residual, 0.0)
        return move, request, payment

    def _assert_still_booked(self, move, request, payment):
        self.assertIn(payment.state, ("paid", "in_process"))
        self.assertEqual(payment.move_id.state, "posted")
        self.assertEqual(request.transfer_booking, "booked")
        self.assertEqual(request.transfer_payment_id, payment)
        self.assertEqual(move.amount_residual, 0.0)

    # ---------------------------------------------------------------- undoing the booking

    def test_only_accounting_managers_undo_the_booking(self):
        move, request, payment = self._booked()
        for user in (self.clerk, self.user, self.urssaf_manager):
            with self.subTest(user=user.login):
                mine = payment.with_user(user)
                with self.assertRaisesRegex(UserError, "Only an accounting manager"):
                    mine.action_draft()
                with self.assertRaisesRegex(UserError, request.invoice_number):
                    mine.action_cancel()
                with self.assertRaises(UserError):
                    mine.unlink()
                with self.assertRaises(UserError):
                    mine.write({"state": "draft"})
                # nor through its journal entry
                with self.assertRaises(UserError):
                    payment.move_id.with_user(user).button_draft()
                with self.assertRaises(UserError):
                    payment.move_id.with_user(user).button_cancel()
        # code running as superuser is no accounting manager either
        with self.assertRaises(UserError):
            payment.with_user(self.user).sudo().action_draft()
        self._assert_still_booked(move, request, payment)

    def test_an_accounting_manager_resets_the_payment_and_the_sync_books_again_once(self):
        move, request, payment = self._booked()
        notes = len(self._invoice_notes(move))
        payment.with_user(self.accountant).action_draft()
        self.assertEqual(payment.state, "draft")
        # the request says what the payment says: not booked, the invoice open again
        self.assertFalse(request.transfer_booking)
        self.assertFalse(request.transfer_payment_id)
        self.assertFalse(move.l10n_fr_urssaf_transfer_payment_id)
        self.assertEqual(move.amount_residual, 305.0)
        # the accountant's activity, to a user who can open the request, and a note
        activity = self._accounting_activities(request)
        self.assertEqual(len(activity), 1)
        self.assertTrue(
            activity.user_id.has_group("l10n_fr_urssaf_avance_immediate.group_urssaf_user")
        )
        self.assertEqual(len(self._invoice_notes(move)), notes + 1)
        self.assertIn("reset to draft or cancelled", self._invoice_notes(move)[0])
        self.assertIn(self.accountant.name, self._invoice_notes(move)[0])
        # the paid request is due for the daily watch: the next synchronisation books it again
        due = self.Request._cron_domain(self.clock + timedelta(days=1, minutes=1))
        self.assertIn(request, self.Request.search(due))
        self._live(days=1, minutes=1)
        payments = self._payments(request)
        booked = payments.filtered(lambda p: p.state in ("paid", "in_process"))
        self.assertEqual(len(booked), 1)
        self.assertNotEqual(booked, payment)
        self.assertEqual(request.transfer_booking, "booked")
        self.assertEqual(request.transfer_payment_id, booked)
        self.assertEqual(move.amount_residual, 0.0)
        # and only once
        self._live(days=1, minutes=1)
        self.assertEqual(len(self._payments(request).filtered(lambda p: p.state != "draft")), 1)
        # the old draft cannot be posted again on top of it
        with self.assertRaisesRegex(UserError, "already booked by"):
            payment.with_user(self.accountant).action_post()

    def test_an_accounting_manager_deletes_the_payment(self):
        """Odoo deletes a payment once it is a draft: the reset is the undoing, told once; the
        draft then goes without a word, and the transfer is booked again."""
        move, request, payment = self._booked()
        payment.with_user(self.accountant).action_draft()
        payment.with_user(self.accountant).unlink()
        self.assertFalse(payment.exists())
        self.assertFalse(request.transfer_booking)
        self.assertEqual(move.amount_residual, 305.0)
        self.assertEqual(len(self._accounting_activities(request)), 1)
        self._live(days=1, minutes=1)
        self.assertEqual(request.transfer_booking, "booked")
        self.assertEqual(len(self._payments(request)), 1)
        self.assertEqual(move.amount_residual, 0.0)

    def test_an_accounting_manager_cancels_the_journal_entry(self):
        move, request, payment = self._booked()
        payment.move_id.with_user(self.accountant).button_cancel()
        self.assertFalse(request.transfer_booking)
        self.assertEqual(len(self._accounting_activities(request)), 1)
        self._live(days=1, minutes=1)
        self.assertEqual(request.transfer_booking, "booked")
        self.assertEqual(move.amount_residual, 0.0)

    def test_an_accounting_manager_resets_the_journal_entry(self):
        move, request, payment = self._booked()
        payment.move_id.with_user(self.accountant).button_draft()
        self.assertEqual(payment.state, "draft")
        self.assertFalse(request.transfer_booking)
        self.assertEqual(len(self._accounting_activities(request)), 1)
        self._live(days=1, minutes=1)
        self.assertEqual(request.transfer_booking, "booked")
        self.assertNotEqual(request.transfer_payment_id, payment)
        self.assertEqual(move.amount_residual, 0.0)

    def test_nobody_writes_the_booking_by_hand(self):
        _move, request, payment = self._booked()
        for values in (
            {"transfer_booking": False},
            {"transfer_payment_id": False},
            {"transfer_left_to_accountant": True},
        ):
            with self.subTest(values=values), self.assertRaises(AccessError):
                request.with_user(self.urssaf_manager).write(values)
        with self.assertRaisesRegex(AccessError, "only when URSSAF's transfer is booked"):
            payment.with_user(self.accountant).write({"l10n_fr_urssaf_request_id": False})
        self.assertEqual(request.transfer_payment_id, payment)

    # ---------------------------------------------------------------- Register payment

    def _register_form(self, move, user):
        action = move.with_user(user).action_register_payment()
        model = self.env[action["res_model"]].with_user(user)
        return Form(model.with_context(**action["context"]))

    def test_register_payment_warns_that_urssaf_pays(self):
        move, request = self._sent()
        form = self._register_form(move, self.clerk)
        self.assertIn("URSSAF pays this invoice", form.l10n_fr_urssaf_warning)
        self.assertIn(move.name, form.l10n_fr_urssaf_warning)
        wizard = form.save()
        with self.assertRaisesRegex(UserError, "Register this payment anyway"):
            wizard.action_create_payments()
        self.assertEqual(move.amount_residual, 305.0)
        # ticked: the money really came from elsewhere
        wizard.l10n_fr_urssaf_acknowledged = True
        wizard.action_create_payments()
        self.assertEqual(move.amount_residual, 0.0)
        # an invoice URSSAF does not hold shows no warning
        other = self._invoice()
        self.assertFalse(self._register_form(other, self.clerk).l10n_fr_urssaf_warning)

    def test_a_dialog_confirmed_after_the_booking_makes_no_second_payment(self):
        move, request = self._sent()
        wizard = self._register_form(move, self.accountant).save()
        wizard.l10n_fr_urssaf_acknowledged = True
        # meanwhile the synchronisation books URSSAF's transfer
        self._live(days=8, hours=2)
        self.assertEqual(request.transfer_booking, "booked")
        with self.assertRaisesRegex(UserError, "already booked"):
            wizard.action_create_payments()
        self.assertEqual(
            len(self.env["account.payment"].search([("partner_id", "=", move.partner_id.id)])), 1
        )
        self.assertEqual(move.amount_residual, 0.0)
