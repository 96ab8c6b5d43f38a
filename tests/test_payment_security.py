from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .payment_common import UrssafPaymentCommon


@tagged("post_install", "-at_install")
class TestPaymentSecurity(UrssafPaymentCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # an accountant who invoices, without the URSSAF groups
        cls.clerk = new_test_user(
            cls.env,
            login="urssaf_invoicing_clerk",
            groups="base.group_user,account.group_account_invoice",
            company_id=cls.company.id,
            company_ids=[(6, 0, cls.company.ids)],
        )
        cls.company_b = cls.env["res.company"].create(
            {"name": "SAP Services B", "country_id": cls.france.id}
        )
        cls._configure(cls.company_b)
        cls._french_accounting(cls.company_b)
        cls.user_b = cls._company_user("urssaf_payment_user_b", cls.company_b)

    def test_a_user_without_urssaf_rights_cannot_send_nor_read(self):
        move = self._invoice()
        clerk_move = move.with_user(self.clerk)
        self.assertFalse(clerk_move.l10n_fr_urssaf_can_send)
        self.assertFalse(clerk_move.l10n_fr_urssaf_show)
        with self.assertRaises(AccessError):
            self.env["l10n_fr_urssaf.payment.wizard"].with_user(self.clerk).create(
                {"move_ids": [(6, 0, move.ids)]}
            )
        self._send(move)
        with self.assertRaises(AccessError):
            self.env["l10n_fr_urssaf.payment.request"].with_user(self.clerk).search([])
        # the invoice itself stays readable, with its URSSAF status
        self.assertEqual(clerk_move.l10n_fr_urssaf_state, "integrated")
        view = self.env["account.move"].with_user(self.clerk).get_views([(False, "form")])
        self.assertNotIn("action_l10n_fr_urssaf_send", view["views"]["form"]["arch"])
        self.assertIn(
            "action_l10n_fr_urssaf_send",
            self.env["account.move"]
            .with_user(self.user)
            .get_views([(False, "form")])["views"]["form"]["arch"],
        )

    def test_a_user_cannot_write_what_urssaf_said(self):
        move = self._invoice()
        self._send(move)
        request = move.l10n_fr_urssaf_payment_request_id.with_user(self.user)
        for values in ({"state": "paid"}, {"urssaf_id": "1"}, {"transfer_amount": 1.0}):
            with self.assertRaises(AccessError):
                request.write(values)
        with self.assertRaises(AccessError):
            request.unlink()

    def test_each_company_sees_and_sends_only_its_own(self):
        move = self._invoice()
        self._send(move)
        request = move.l10n_fr_urssaf_payment_request_id
        Request = self.env["l10n_fr_urssaf.payment.request"]
        self.assertEqual(Request.with_user(self.user).search([]), request)
        self.assertFalse(Request.with_user(self.user_b).search([]))
        # an invoice of company A sent by a user of company B only: refused, nothing sent
        results = (
            Request.with_user(self.user_b)
            .with_context(allowed_company_ids=self.company_b.ids)
            ._send_invoices(self._invoice().with_user(self.user_b).sudo())
        )
        self.assertEqual(results[0][1], "invalid")
        self.assertIn("your own companies", results[0][2])
        self.assertEqual(self._e3_calls(), 1)

    def test_second_company_with_its_own_client_link(self):
        # the same person, registered by company B: company A's link is not used for B
        partner_b = self._partner("paul", company_id=self.company_b.id)
        move = (
            self.env["account.move"]
            .with_company(self.company_b)
            .create(
                {
                    "move_type": "out_invoice",
                    "partner_id": partner_b.id,
                    "invoice_date": self.today,
                    "invoice_line_ids": [
                        (0, 0, {"name": "Ménage", "quantity": 1, "price_unit": 20})
                    ],
                }
            )
        )
        move.action_post()
        wizard = self._wizard(move, user=self.user_b)
        self.assertEqual(wizard.problem_count, 1)
        self.assertIn("not registered with URSSAF", wizard.check_html)
