"""The doors scripts use: Odoo's external JSON-RPC API (``/jsonrpc``, ``execute_kw`` with a login
and a password), served by the real HTTP server of the test, as a plain invoicing user, an URSSAF
user, an accounting manager and the administrator. What URSSAF has is refused with Odoo's own
error (a ``UserError``/``AccessError`` with its message), never a server error, and nothing
changes."""

from odoo.tests import HttpCase, new_test_user, tagged

from .common import USER_GROUPS, JsonRpcDoors
from .sync_common import UrssafSyncCommon

CLEAR_REFUSALS = ("odoo.exceptions.UserError", "odoo.exceptions.AccessError")


@tagged("post_install", "-at_install")
class TestRpcDoors(JsonRpcDoors, UrssafSyncCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.clerk = new_test_user(
            cls.env,
            login="urssaf_rpc_clerk",
            groups="base.group_user,account.group_account_invoice",
            company_id=cls.company.id,
            company_ids=[(6, 0, cls.company.ids)],
        )
        cls.bookkeeper = cls._company_user(
            "urssaf_rpc_bookkeeper",
            cls.company,
            groups=USER_GROUPS + ",account.group_account_manager",
        )
        cls.admin = cls.env.ref("base.user_admin")

    def _rpc(self, user, password, model, method, *args, **kwargs):
        """One ``execute_kw`` call over HTTP; returns the JSON-RPC answer."""
        return self._execute_kw(user, password, model, method, *args, **kwargs)

    def _refused(self, answer, *fragments):
        """The call was refused with Odoo's own error whose message holds ``fragments``."""
        self.assertIn("error", answer, f"accepted: {answer}")
        data = answer["error"]["data"]
        self.assertIn(data["name"], CLEAR_REFUSALS, data.get("debug", "")[-2000:])
        for fragment in fragments:
            self.assertIn(fragment, data["message"])

    def test_what_urssaf_holds_is_refused_through_json_rpc(self):
        move, request = self._sent()
        number, pointer = move.name, move.l10n_fr_urssaf_payment_request_id
        other = self._invoice()
        clerk = (self.clerk, "urssaf_rpc_clerk")
        urssaf_user = (self.user, "urssaf_registration_user")
        admin = (self.admin, "admin")
        # the plain invoicing user drops the invoice's request, then resets it to draft
        answer = self._rpc(
            *clerk, "account.move", "write", move.ids, {"l10n_fr_urssaf_payment_request_id": False}
        )
        self._refused(answer, number)
        self._refused(self._rpc(*clerk, "account.move", "button_draft", move.ids), number)
        # the URSSAF user moves the request to another invoice, or changes its amount
        for values in ({"move_id": other.id}, {"amount_total": 580.0}):
            with self.subTest(values=values):
                answer = self._rpc(
                    *urssaf_user, "l10n_fr_urssaf.payment.request", "write", request.ids, values
                )
                self._refused(answer, request.invoice_number)
        # the administrator renames the invoice, deletes the request, deletes the invoice
        self._refused(self._rpc(*admin, "account.move", "write", move.ids, {"name": "X/1"}))
        # (no group may delete requests at all; the module's guard stands behind the access rule)
        self._refused(self._rpc(*admin, "l10n_fr_urssaf.payment.request", "unlink", request.ids))
        self._refused(self._rpc(*admin, "account.move", "unlink", move.ids))
        # nothing changed
        self.env.invalidate_all()
        self.assertEqual(move.name, number)
        self.assertEqual(move.state, "posted")
        self.assertEqual(move.l10n_fr_urssaf_payment_request_id, pointer)
        self.assertEqual((request.move_id, request.amount_total), (move, 305.0))

    def test_the_transfer_payment_is_kept_unless_an_accounting_manager_undoes_it(self):
        move, request = self._sent()
        self._live(days=8, hours=2)
        self.assertEqual(request.state, "paid")
        payment = self._payments(request)
        self.assertEqual(len(payment), 1)
        self.assertEqual(request.transfer_booking, "booked")
        # an URSSAF user (not an accounting manager) cannot undo the booking
        answer = self._rpc(
            self.user, "urssaf_registration_user", "account.payment", "action_draft", payment.ids
        )
        self._refused(answer, request.urssaf_id)
        self.env.invalidate_all()
        self.assertNotEqual(payment.state, "draft")
        self.assertEqual(request.transfer_booking, "booked")
        self.assertEqual(move.amount_residual, 0.0)
        # an accounting manager can: the request is no longer booked, and says so
        answer = self._rpc(
            self.bookkeeper, "urssaf_rpc_bookkeeper", "account.payment", "action_draft", payment.ids
        )
        self.assertNotIn("error", answer, answer)
        self.env.invalidate_all()
        self.assertEqual(payment.state, "draft")
        self.assertFalse(request.transfer_booking)
        self.assertEqual(move.amount_residual, 305.0)
