"""Two users sending the same invoice at once: one request reaches URSSAF. Committed data read
and locked through separate database connections (see common_committed.py)."""

from datetime import UTC, datetime, timedelta
from unittest.mock import patch

from odoo import SUPERUSER_ID, api, fields
from odoo.tests import tagged
from odoo.tools import mute_logger

from ..models import l10n_fr_urssaf_synced_mixin as synced_mixin
from .common_committed import CommittedDataCase
from .payment_common import E3_PATH


@tagged("post_install", "-at_install")
class TestPaymentSendOnce(CommittedDataCase):
    def setUp(self):
        super().setUp()
        with self._connection(commit=True) as env:
            euro = env.ref("base.EUR")
            euro.active = True
            env.company.currency_id = euro
            env["account.chart.template"].try_loading("fr", env.company, install_demo=False)
        # an active client (activated 9 days ago), committed
        self.sandbox.set_now(datetime.now(UTC) - timedelta(days=10))
        (link_id,) = self._committed_registered_links("jeanne")
        self.sandbox.set_now(datetime.now(UTC))
        with self._connection(commit=True) as env:
            link = env["l10n_fr_urssaf.client"].browse(link_id)
            link._refresh_status()
            self.assertEqual(link.state, "active")
            today = fields.Date.context_today(link)
            product = env["product.product"].create(
                {"name": "Ménage", "type": "service", "l10n_fr_urssaf_nature": "60"}
            )
            move = env["account.move"].create(
                {
                    "move_type": "out_invoice",
                    "partner_id": link.partner_id.id,
                    "invoice_date": today,
                    "l10n_fr_urssaf_service_start": max(link.activation_date, today.replace(day=1)),
                    "l10n_fr_urssaf_service_end": today,
                    "invoice_line_ids": [
                        (0, 0, {"product_id": product.id, "quantity": 3, "price_unit": 24.0})
                    ],
                }
            )
            move.action_post()
            self.move_id, self.product_id = move.id, product.id
        self.addCleanup(self._remove_invoice)

    def _remove_invoice(self):
        with self._connection(commit=True) as env:
            move = env["account.move"].browse(self.move_id)
            env["l10n_fr_urssaf.payment.request"].search(
                [("move_id", "=", move.id)]
            ).sudo()._sync_unlink()
            move.button_draft()
            move.unlink()
            env["product.product"].browse(self.product_id).unlink()

    def _remove_committed(self):
        # the company keeps its chart of accounts: it is archived, not deleted (expected); its
        # name is freed for the next committed company (company names are unique)
        with mute_logger("odoo.sql_db"):
            result = super()._remove_committed()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"active_test": False})
            company = env["res.company"].browse(self.committed_company_id).exists()
            if company:
                company.name = f"{company.name} #{company.id}"
                # and the aliases of its journals, which the next committed company would take
                env["account.journal"].search([("company_id", "=", company.id)]).write(
                    {"alias_name": False}
                )
        return result

    def _e3_calls(self):
        return self.sandbox.stats()["api_calls"].get(E3_PATH, 0)

    def _committed_invoices(self, count):
        """``count`` more posted invoices like the first one, committed; their ids."""
        with self._connection(commit=True) as env:
            first = env["account.move"].browse(self.move_id)
            moves = env["account.move"]
            for _index in range(count):
                moves |= first.copy(
                    {
                        "invoice_date": first.invoice_date,
                        "l10n_fr_urssaf_service_start": first.l10n_fr_urssaf_service_start,
                        "l10n_fr_urssaf_service_end": first.l10n_fr_urssaf_service_end,
                    }
                )
            moves.action_post()
            ids = moves.ids
        self.addCleanup(self._remove_moves, ids)
        return ids

    def _remove_moves(self, ids):
        with self._connection(commit=True) as env:
            moves = env["account.move"].browse(ids)
            env["l10n_fr_urssaf.payment.request"].search(
                [("move_id", "in", moves.ids)]
            ).sudo()._sync_unlink()
            moves.button_draft()
            moves.unlink()

    def test_a_locked_invoice_in_a_batch_of_ten_leaves_the_nine_others_sent(self):
        ids = [self.move_id, *self._committed_invoices(9)]
        before = self._e3_calls()
        with self._connection() as other, self._connection() as sender:
            # another user's request holds the fourth invoice
            other["account.move"].browse(ids[3])._l10n_fr_urssaf_lock()
            moves = sender["account.move"].browse(ids)
            results = sender["l10n_fr_urssaf.payment.request"]._send_invoices(moves)
            outcome = {move.id: (result, message) for move, result, message in results}
            self.assertEqual(len(outcome), 10)
            self.assertEqual(outcome[ids[3]][0], "retry")
            self.assertIn("by someone else", outcome[ids[3]][1])
            sent = [move_id for move_id in ids if outcome[move_id][0] == "success"]
            self.assertEqual(sent, ids[:3] + ids[4:])
            self.assertEqual(self._e3_calls(), before + 1)
            self.assertFalse(moves.browse(ids[3]).l10n_fr_urssaf_payment_request_id)
            self.assertEqual(len(self.sandbox.snapshot()["payment_requests"]), 9)

    def test_each_chunk_sends_its_invoices_as_they_are_under_its_own_lock(self):
        """Eleven invoices: two calls. Between them (after the first chunk's commit) another
        user changes the eleventh: the second chunk checks and builds it as it is then."""
        ids = [self.move_id, *self._committed_invoices(10)]
        self.patch(synced_mixin, "can_commit", lambda: True)
        Request = type(self.env["l10n_fr_urssaf.payment.request"])
        end_call = Request._l10n_fr_urssaf_end_call
        changed = []

        def end_call_then_change_the_eleventh(records):
            end_call(records)
            if not changed:
                with self._connection(commit=True) as env:
                    move = env["account.move"].browse(ids[10])
                    link = env["l10n_fr_urssaf.client"].search(
                        [("partner_id", "=", move.partner_id.id)]
                    )
                    # a service day before the client's activation: URSSAF would refuse it
                    move.l10n_fr_urssaf_service_start = link.activation_date - timedelta(days=1)
                changed.append(ids[10])

        before = self._e3_calls()
        with patch.object(Request, "_l10n_fr_urssaf_end_call", end_call_then_change_the_eleventh):
            with self._connection(commit=True) as sender:
                moves = sender["account.move"].browse(ids)
                results = sender["l10n_fr_urssaf.payment.request"]._send_invoices(moves)
        self.assertEqual(changed, [ids[10]])
        outcome = {move.id: (result, message) for move, result, message in results}
        self.assertEqual([outcome[move_id][0] for move_id in ids[:10]], ["success"] * 10)
        # the change made after the first chunk's commit was seen: not sent as it was before
        self.assertEqual(outcome[ids[10]][0], "invalid", outcome[ids[10]][1])
        self.assertEqual(self._e3_calls(), before + 1)
        self.assertEqual(len(self.sandbox.snapshot()["payment_requests"]), 10)

    def test_two_users_sending_at_once_send_once(self):
        before = self._e3_calls()
        with self._connection() as first, self._connection() as second:
            # the first user's request is sending this invoice: it holds it
            first["account.move"].browse(self.move_id)._l10n_fr_urssaf_lock()
            move = second["account.move"].browse(self.move_id)
            Request = second["l10n_fr_urssaf.payment.request"]
            ((_move, outcome, message),) = Request._send_invoices(move)
            self.assertEqual(outcome, "retry")
            self.assertIn("by someone else", message)
            self.assertEqual(self._e3_calls(), before)
            self.assertFalse(Request.search([("move_id", "=", self.move_id)]))
            # the first request ends: the second user sends, once
            first.cr.rollback()
            ((_move, outcome, message),) = Request._send_invoices(move)
            self.assertEqual(outcome, "success", message)
            self.assertEqual(self._e3_calls(), before + 1)
            request = move.l10n_fr_urssaf_payment_request_id
            self.assertEqual(request.state, "integrated")
            self.assertFalse(request.call_started_at)
            # a second click: the state guard
            ((_move, outcome, message),) = Request._send_invoices(move)
            self.assertEqual(outcome, "invalid")
            self.assertIn("already sent", message)
            self.assertEqual(self._e3_calls(), before + 1)
