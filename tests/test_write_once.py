"""What URSSAF has is written once: the calls a JSON-RPC client makes (``write``, ``unlink``,
button methods) as a plain invoicing user, an URSSAF user, an URSSAF manager and the
administrator are refused on the request, on the invoice URSSAF holds and on the client link
URSSAF knows; the module's own writes and deletions still pass."""

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import USER_GROUPS
from .payment_common import E3_PATH
from .sync_common import UrssafSyncCommon

#: AccessError is a UserError: either is a clear refusal, never a traceback
REFUSED = UserError


@tagged("post_install", "-at_install")
class TestWriteOnce(UrssafSyncCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.clerk = new_test_user(
            cls.env,
            login="urssaf_write_once_clerk",
            groups="base.group_user,account.group_account_invoice",
            company_id=cls.company.id,
            company_ids=[(6, 0, cls.company.ids)],
        )
        cls.manager = cls._company_user(
            "urssaf_write_once_manager",
            cls.company,
            groups=USER_GROUPS
            + ",l10n_fr_urssaf_avance_immediate.group_urssaf_manager"
            + ",account.group_account_manager",
        )
        cls.admin = cls.env.ref("base.user_admin")

    def _users(self):
        return {
            "invoicing user": self.clerk,
            "URSSAF user": self.user,
            "URSSAF manager": self.manager,
            "administrator": self.admin,
        }

    # ---------------------------------------------------------------- the request

    def test_nobody_rewrites_what_the_request_sent(self):
        move, request = self._sent()
        other = self._invoice()
        payload = request.payload
        attempts = {
            "move_id": other.id,
            "invoice_number": "FAC/OTHER",
            "amount_total": 580.0,
            "amount_untaxed": 500.0,
            "deposit_amount": 10.0,
            "service_start": "2020-01-01",
            "service_end": "2020-01-02",
            "client_link_id": False,
            "company_id": self.env["res.company"].create({"name": "Other"}).id,
            "payload": "{}",
            "partner_id": self._partner("paul").id,
        }
        for label, user in self._users().items():
            for name, value in attempts.items():
                with self.subTest(user=label, field=name), self.assertRaises(REFUSED) as caught:
                    request.with_user(user).write({name: value})
                if label != "invoicing user":  # the clerk cannot even read the request
                    message = str(caught.exception)
                    self.assertIn(request.invoice_number, message)
                    self.assertIn("credit note", message)
        # even code running as superuser: only the module's own writes pass
        with self.assertRaises(AccessError):
            request.sudo().write({"amount_total": 1.0})
        self.assertEqual(request.move_id, move)
        self.assertEqual(request.amount_total, 305.0)
        self.assertEqual(request.payload, payload)
        # an import of the same values changes nothing, and is accepted
        request.with_user(self.manager).write({"invoice_number": request.invoice_number})

    def test_requests_are_made_only_by_the_sending(self):
        move = self._invoice()
        values = {
            "move_id": move.id,
            "invoice_number": move.name,
            "company_id": self.company.id,
            "amount_total": move.amount_total,
        }
        for label, user in self._users().items():
            with self.subTest(user=label), self.assertRaises(AccessError):
                self.env["l10n_fr_urssaf.payment.request"].with_user(user).create(values)
        with self.assertRaisesRegex(AccessError, "Send to URSSAF"):
            self.env["l10n_fr_urssaf.payment.request"].sudo().create(values)

    def test_a_held_request_is_not_deleted_a_never_sent_one_is(self):
        _move, request = self._sent()
        for label, user in self._users().items():
            with self.subTest(user=label), self.assertRaises(REFUSED):
                request.with_user(user).unlink()
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            request.sudo().unlink()
        self.assertTrue(request.exists())
        # the module's own cleanup of a request that never reached URSSAF passes
        move = self._invoice()
        never_sent = self.Request._sync_create(
            move._l10n_fr_urssaf_request_values(move._l10n_fr_urssaf_prepare(), self.clock)
        )
        self.assertEqual(never_sent.state, "sending")
        never_sent.sudo()._sync_unlink()
        self.assertFalse(never_sent.exists())

    def test_a_failed_sending_still_drops_its_request(self):
        """``_record_not_sent`` deletes the request it made (nothing reached URSSAF), past the
        deletion guard; the invoice can be sent later."""
        move = self._invoice()
        self.sandbox.inject_fault("status", path=E3_PATH, status=503, count=10)
        wizard = self._send(move)
        self.assertIn("Not sent", wizard.summary_html)
        self.assertFalse(self.Request.search([("move_id", "=", move.id)]))

    # ---------------------------------------------------------------- the invoice

    def test_nobody_unhooks_the_invoice_from_its_request(self):
        move, request = self._sent()
        for label, user in self._users().items():
            with self.subTest(user=label):
                with self.assertRaisesRegex(AccessError, "set by Send to URSSAF only"):
                    move.with_user(user).write({"l10n_fr_urssaf_payment_request_id": False})
                # nor reset to draft, cancelled, deleted or renamed
                with self.assertRaisesRegex(UserError, "cannot be reset to draft"):
                    move.with_user(user).button_draft()
                with self.assertRaisesRegex(UserError, "cannot be cancelled"):
                    move.with_user(user).button_cancel()
                with self.assertRaises(REFUSED):
                    move.with_user(user).unlink()
                with self.assertRaisesRegex(UserError, "cannot be renamed"):
                    move.with_user(user).write({"name": "INV/2099/99999"})
        with self.assertRaises(AccessError):
            move.sudo().write({"l10n_fr_urssaf_payment_request_id": False})
        with self.assertRaises(AccessError):
            self._invoice(post=False, l10n_fr_urssaf_payment_request_id=request.id)
        self.assertEqual(move.l10n_fr_urssaf_payment_request_id, request)
        self.assertEqual(move.state, "posted")
        self.assertEqual(move.name, request.invoice_number)

    def test_the_guards_read_the_requests_not_the_pointer(self):
        """Even were the stored pointer wrong (a database changed by hand), the invoice URSSAF
        holds is not reset to draft, cancelled, deleted nor renamed."""
        move, request = self._sent()
        self.env.cr.execute(
            "UPDATE account_move SET l10n_fr_urssaf_payment_request_id = NULL WHERE id = %s",
            [move.id],
        )
        move.invalidate_recordset()
        self.assertFalse(move.l10n_fr_urssaf_payment_request_id)
        self.assertFalse(move.show_reset_to_draft_button)
        user_move = move.with_user(self.manager)
        with self.assertRaisesRegex(UserError, request.invoice_number):
            user_move.button_draft()
        with self.assertRaises(UserError):
            user_move.button_cancel()
        with self.assertRaises(UserError):
            user_move.write({"name": "INV/2099/99998"})
        with self.assertRaises(UserError):
            user_move.write({"l10n_fr_urssaf_service_end": self.period_start})
        self.assertEqual(move.state, "posted")

    def test_the_resequence_wizard_leaves_a_held_invoice_alone(self):
        move, _request = self._sent()
        other = self._invoice()
        wizard = (
            self.env["account.resequence.wizard"]
            .with_user(self.admin)
            .with_context(active_model="account.move", active_ids=(move | other).ids)
            .create({"first_name": f"INV/{self.today.year}/90001", "ordering": "keep"})
        )
        with self.assertRaisesRegex(UserError, "Leave it out of the resequencing"):
            wizard.resequence()
        self.assertEqual(move.name, _request.invoice_number)

    def test_a_refused_request_lets_the_invoice_be_corrected(self):
        """Not held (refused by URSSAF): reset to draft and a new number are the normal fix;
        the refused request stays, so the invoice is cancelled rather than deleted."""
        move = self._invoice()
        self.Request._sync_create(
            move._l10n_fr_urssaf_request_values(move._l10n_fr_urssaf_prepare(), self.clock)
            | {"state": "rejected"}
        )
        user_move = move.with_user(self.user)
        user_move.button_draft()
        self.assertEqual(move.state, "draft")
        user_move.write({"name": f"INV/{self.today.year}/80001"})
        with self.assertRaisesRegex(UserError, "cancel it instead of deleting it"):
            user_move.unlink()
        user_move.button_cancel()
        self.assertEqual(move.state, "cancel")

    # ---------------------------------------------------------------- the client link

    def test_a_registered_link_is_not_deleted_nor_rewritten(self):
        link = self._link(self.client_partner)
        urssaf_id = link.urssaf_id
        for label, user in self._users().items():
            with self.subTest(user=label):
                with self.assertRaises(REFUSED):
                    link.with_user(user).unlink()
                with self.assertRaises(REFUSED):
                    link.with_user(user).write({"urssaf_id": "another-id"})
        with self.assertRaisesRegex(UserError, "resets the client to not registered first"):
            link.sudo().unlink()
        with self.assertRaises(AccessError):
            link.sudo().write({"urssaf_id": "another-id"})
        self.assertEqual(link.urssaf_id, urssaf_id)
        # the identity URSSAF registered (the birth date goes with every request)
        partner = self.client_partner
        for label, user in self._users().items():
            if label == "invoicing user":
                continue  # cannot read the URSSAF tab at all
            with self.subTest(user=label), self.assertRaisesRegex(UserError, "Date of birth"):
                partner.with_user(user).write({"l10n_fr_urssaf_birth_date": "1970-01-01"})
        with self.assertRaisesRegex(UserError, "First names"):
            partner.sudo().write({"l10n_fr_urssaf_first_names": "Paul"})
        # the address and the e-mail stay editable, the same birth date is accepted
        partner.with_user(self.user).write(
            {
                "street": "4 rue de la Paix",
                "l10n_fr_urssaf_birth_date": partner.sudo().l10n_fr_urssaf_birth_date,
            }
        )
        # a manager resets it (the client id stays in the history), then may delete it
        link.with_user(self.manager).action_reset_to_draft()
        self.assertIn(urssaf_id, self._notes(partner)[0])
        partner.with_user(self.user).write({"l10n_fr_urssaf_birth_date": "1970-01-01"})
        link.with_user(self.manager).unlink()
        self.assertFalse(link.exists())
