"""Two companies with their own credentials and clients; users see only their companies'; the
follow-up screens, the refresh button and the list action."""

from datetime import UTC, datetime, timedelta

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .payment_common import E4_PATH
from .sync_common import UrssafSyncCommon


@tagged("post_install", "-at_install")
class TestPaymentSyncCompanies(UrssafSyncCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.env["res.company"].create(
            {"name": "SAP Services B", "country_id": cls.france.id}
        )
        cls._configure(cls.company_b)
        cls._french_accounting(cls.company_b)
        cls.user_b = cls._company_user("urssaf_sync_user_b", cls.company_b)
        cls.company_b.l10n_fr_urssaf_transfer_journal_id = cls.env["account.journal"].search(
            [("type", "=", "bank"), ("company_id", "=", cls.company_b.id)], limit=1
        )
        cls.clerk = new_test_user(
            cls.env,
            login="urssaf_sync_clerk",
            groups="base.group_user,account.group_account_invoice",
            company_id=cls.company.id,
            company_ids=[(6, 0, cls.company.ids)],
        )

    def _client_of_b(self):
        """An active client of company B (registered 10 days ago on the sandbox clock)."""
        self.sandbox.set_now(datetime.now(UTC) - timedelta(days=10))
        partner = self._partner("paul", company_id=self.company_b.id)
        self._register(partner, user=self.user_b, has_account="no")
        self.sandbox.set_now(datetime.now(UTC))
        link = self._link(partner, self.company_b)
        link.with_user(self.user_b).action_refresh_status()
        self.assertEqual(link.state, "active")
        return partner, link

    def _invoice_of_b(self, partner, link):
        move = (
            self.env["account.move"]
            .with_company(self.company_b)
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
        self._send(move, user=self.user_b)
        request = move.l10n_fr_urssaf_payment_request_id
        self.assertEqual(request.state, "integrated", request.last_error)
        return move, request

    def test_two_companies_each_with_its_credentials(self):
        move_a, request_a = self._sent()
        partner_b, link_b = self._client_of_b()
        move_b, request_b = self._invoice_of_b(partner_b, link_b)
        # company B's access is refused: A is read, B waits, and nothing of B is lost
        self.company_b.sudo().write(
            {
                "l10n_fr_urssaf_api_client_id": "noaccess-client-id",
                "l10n_fr_urssaf_api_client_secret": "noaccess-client-secret",
            }
        )
        self._live(hours=2)
        self.assertEqual(request_a.state, "awaiting_client")
        self.assertEqual(request_b.state, "integrated")
        self.assertTrue(request_b.last_error)
        # fixed: read at the next run, then both paid in their own journals
        self._configure(self.company_b)
        self._live(days=8)
        self.assertEqual((request_a.state, request_b.state), ("paid", "paid"))
        payment_a, payment_b = self._payments(request_a), self._payments(request_b)
        self.assertEqual(payment_a.company_id, self.company)
        self.assertEqual(payment_b.company_id, self.company_b)
        self.assertEqual(payment_b.journal_id, self.company_b.l10n_fr_urssaf_transfer_journal_id)
        self.assertEqual((move_a.amount_residual, move_b.amount_residual), (0.0, 0.0))

    def test_users_see_only_their_companies_requests(self):
        _move_a, request_a = self._sent()
        partner_b, link_b = self._client_of_b()
        _move_b, request_b = self._invoice_of_b(partner_b, link_b)
        Request = self.env["l10n_fr_urssaf.payment.request"]
        self.assertEqual(Request.with_user(self.user).search([]), request_a)
        self.assertEqual(Request.with_user(self.user_b).search([]), request_b)
        with self.assertRaises(AccessError):
            request_b.with_user(self.user).read(["state"])
        # without the URSSAF group: nothing at all
        with self.assertRaises(AccessError):
            Request.with_user(self.clerk).search([])
        # the contact's smart button counts only what the user may see
        partner_a = self.client_partner.with_user(self.user)
        self.assertEqual(partner_a.l10n_fr_urssaf_request_count, 1)
        self.assertEqual(partner_a.l10n_fr_urssaf_request_total, 305.0)
        action = partner_a.action_l10n_fr_urssaf_open_requests()
        self.assertEqual(Request.with_user(self.user).search(action["domain"]), request_a)

    def test_refresh_button_and_list_action(self):
        move, request = self._sent()
        other, other_request = self._sent()
        self.sandbox.advance(hours=2)
        action = (move | other).with_user(self.user).action_l10n_fr_urssaf_refresh()
        self.assertEqual(action["params"]["type"], "info")
        self.assertEqual({request.state, other_request.state}, {"awaiting_client"})
        self.assertTrue(move.l10n_fr_urssaf_validation_deadline)
        # URSSAF down: the user is told, nothing changes
        self.sandbox.advance(days=3)
        self.sandbox.inject_fault("status", status=503, path=E4_PATH, count=10)
        with self.assertRaisesRegex(UserError, "try again"):
            move.with_user(self.user).action_l10n_fr_urssaf_refresh()
        self.assertEqual(request.state, "awaiting_client")
        # the list action is bound to the invoices
        server_action = self.env.ref(
            "l10n_fr_urssaf_avance_immediate.action_l10n_fr_urssaf_refresh_invoices"
        )
        self.assertEqual(server_action.binding_model_id.model, "account.move")

    def test_an_urssaf_user_refreshing_a_paid_invoice_books_the_transfer(self):
        move, request = self._sent()
        self.sandbox.advance(days=8, hours=2)
        action = move.with_user(self.user).action_l10n_fr_urssaf_refresh()
        self.assertEqual(action["params"]["type"], "success")
        self.assertEqual(request.state, "paid")
        payment = self._payments(request)
        self.assertEqual(len(payment), 1)
        self.assertEqual(move.amount_residual, 0.0)
        # the URSSAF user reads the payment's link on the invoice
        self.assertEqual(move.with_user(self.user).l10n_fr_urssaf_transfer_payment_id, payment)
        # again: nothing more
        move.with_user(self.user).action_l10n_fr_urssaf_refresh()
        self.assertEqual(len(self._payments(request)), 1)

    def test_follow_up_screens_load(self):
        self._sent()
        Request = self.env["l10n_fr_urssaf.payment.request"].with_user(self.user)
        views = Request.get_views(
            [
                (False, "list"),
                (False, "kanban"),
                (False, "pivot"),
                (False, "graph"),
                (False, "search"),
            ],
            {"load_filters": True},
        )
        self.assertEqual(set(views["views"]), {"list", "kanban", "pivot", "graph", "search"})
        for name in ("awaiting_client", "contested", "unpaid", "paid_this_month", "uncertain"):
            self.assertIn(f'name="{name}"', views["views"]["search"]["arch"])
        # the pivot's measures per month and state
        groups = Request.read_group(
            [], ["amount_total:sum"], ["sent_at:month", "state"], lazy=False
        )
        self.assertEqual(sum(group["amount_total"] for group in groups), 305.0)
        menu = self.env.ref("l10n_fr_urssaf_avance_immediate.menu_l10n_fr_urssaf_payment_request")
        self.assertEqual(menu.parent_id.name, "URSSAF")
        self.assertEqual(menu.parent_id.parent_id, self.env.ref("account.menu_finance"))
