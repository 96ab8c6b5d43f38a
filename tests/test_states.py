"""One truth for states: the fields derived from the catalogue's flags drive the views and the
actions (Refresh, needs attention, held), URSSAF's raw answers are kept redacted for managers,
and the wording of a scheduled transfer, an undocumented status and a comment."""

import ast
import json
from datetime import timedelta

from lxml import etree

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from odoo.addons.l10n_fr_urssaf_avance_immediate.urssaf_api.results import parse_payment_info

from .sync_common import UrssafSyncCommon

MANAGER_GROUPS = "base.group_user,l10n_fr_urssaf_avance_immediate.group_urssaf_manager"
IBAN = "FR7630006000011234567890189"


@tagged("post_install", "-at_install")
class TestStates(UrssafSyncCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = cls._company_user("urssaf_states_manager", cls.company, MANAGER_GROUPS)

    # ---------------------------------------------------------------- helpers

    def _arch(self, model, view_type, user=None):
        env = self.env(user=user) if user else self.env
        views = env[model].get_views([(False, view_type)])
        return etree.fromstring(views["views"][view_type]["arch"])

    def _filter_domain(self, model, name):
        [node] = self._arch(model, "search").xpath(f"//filter[@name='{name}']")
        return ast.literal_eval(node.get("domain"))

    def _e4_item(self, request, **values):
        raw = {
            "idDemandePaiement": request.urssaf_id,
            "demandePaiement": {"numFactureTiers": request.invoice_number},
            "statut": {"code": "20", "libelle": "En attente de validation"},
        }
        raw.update(values)
        return parse_payment_info(raw)

    # ---------------------------------------------------------------- Refresh

    def test_refresh_is_not_offered_on_a_cancelled_request_and_is_refused_cleanly(self):
        move, request = self._sent("ANNUL")
        self.assertTrue(move.l10n_fr_urssaf_refreshable)
        self.assertTrue(request.refreshable)
        self._live(hours=1, minutes=1)
        self._live(hours=24)
        self.assertEqual(request.state, "cancelled")
        self.assertFalse(request.refreshable)
        self.assertFalse(move.l10n_fr_urssaf_refreshable)
        # both buttons follow the flag, not a list of states
        [button] = self._arch("account.move", "form").xpath(
            "//button[@name='action_l10n_fr_urssaf_refresh']"
        )
        self.assertEqual(button.get("invisible"), "not l10n_fr_urssaf_refreshable")
        [button] = self._arch("l10n_fr_urssaf.payment.request", "form").xpath(
            "//button[@name='action_refresh_status']"
        )
        self.assertEqual(button.get("invisible"), "not refreshable")
        # a call anyway (RPC, an old screen): a clear refusal, nothing asked to URSSAF
        calls = self._e4_calls()
        with self.assertRaisesRegex(UserError, "may still update"):
            move.with_user(self.user).action_l10n_fr_urssaf_refresh()
        with self.assertRaisesRegex(UserError, request.invoice_number):
            request.with_user(self.user).action_refresh_status()
        self.assertEqual(self._e4_calls(), calls)

    def test_refresh_of_a_request_urssaf_may_still_change_reads_it(self):
        move, request = self._sent()
        self.assertTrue(request.refreshable)
        calls = self._e4_calls()
        action = request.with_user(self.user).action_refresh_status()
        self.assertEqual(action["tag"], "display_notification")
        self.assertEqual(self._e4_calls(), calls + 1)
        self.assertTrue(move.l10n_fr_urssaf_refreshable)

    # ---------------------------------------------------------------- needs attention

    def test_needs_attention_includes_the_request_not_received(self):
        lost_move, lost = self._sent()
        lost._set_state("lost", {"urssaf_id": False})
        ok_move, ok = self._sent()
        Move = self.env["account.move"].with_user(self.user)
        domain = self._filter_domain("account.move", "l10n_fr_urssaf_attention")
        self.assertEqual(domain, [("l10n_fr_urssaf_needs_attention", "=", True)])
        found = Move.search(domain)
        self.assertIn(lost_move, found)
        self.assertNotIn(ok_move, found)
        self.assertTrue(lost.needs_attention)
        self.assertFalse(ok.needs_attention)
        # the requests' own filter is the same flag
        domain = self._filter_domain("l10n_fr_urssaf.payment.request", "attention")
        requests = self.env["l10n_fr_urssaf.payment.request"].with_user(self.user).search(domain)
        self.assertIn(lost, requests)
        self.assertNotIn(ok, requests)
        # the other way round: the invoices that need nothing, the unsent ones included
        unsent = self._invoice()
        calm = Move.search([("l10n_fr_urssaf_needs_attention", "=", False)])
        self.assertIn(ok_move, calm)
        self.assertIn(unsent, calm)
        self.assertNotIn(lost_move, calm)

    def test_needs_attention_includes_a_synchronisation_error(self):
        move, request = self._sent()
        self.assertFalse(request.needs_attention)
        request._sync_write({"last_error": "URSSAF did not answer (503)."})
        self.assertTrue(request.needs_attention)
        self.assertTrue(move.l10n_fr_urssaf_needs_attention)
        Move = self.env["account.move"].with_user(self.user)
        self.assertIn(move, Move.search([("l10n_fr_urssaf_needs_attention", "=", True)]))
        # the next reading that succeeds clears it
        self._live(hours=1, minutes=1)
        self.assertFalse(request.last_error)
        self.assertFalse(request.needs_attention)
        self.assertNotIn(move, Move.search([("l10n_fr_urssaf_needs_attention", "=", True)]))
        # the stored flag is URSSAF's, not the user's
        with self.assertRaises(AccessError):
            request.with_user(self.manager).write({"needs_attention": True})

    # ---------------------------------------------------------------- held

    def test_held_drives_the_sent_filter_and_the_fixed_fields(self):
        move, request = self._sent()
        refused_move = self._invoice()
        unsent = self._invoice()
        self.assertTrue(move.l10n_fr_urssaf_held)
        self.assertFalse(unsent.l10n_fr_urssaf_held)
        domain = self._filter_domain("account.move", "l10n_fr_urssaf_sent")
        Move = self.env["account.move"].with_user(self.user)
        sent = Move.search(domain)
        self.assertIn(move, sent)
        self.assertNotIn(unsent, sent)
        self._send(refused_move)
        refused_move.l10n_fr_urssaf_payment_request_id._set_state("rejected", {})
        self.assertFalse(refused_move.l10n_fr_urssaf_held)
        self.assertNotIn(refused_move, Move.search(domain))
        self.assertIn(refused_move, Move.search([("l10n_fr_urssaf_held", "=", False)]))
        arch = self._arch("account.move", "form")
        for name in ("l10n_fr_urssaf_service_start", "l10n_fr_urssaf_deposit_amount"):
            [node] = arch.xpath(f"//page[@name='l10n_fr_urssaf']//field[@name='{name}']")
            self.assertEqual(node.get("readonly"), "l10n_fr_urssaf_held")
        # no view of the addon lists states any more
        for model in ("account.move", "l10n_fr_urssaf.payment.request"):
            for view_type in ("form", "search", "list"):
                text = etree.tostring(self._arch(model, view_type)).decode()
                for value in ("'rejected', 'lost'", "'debit_refused', 'recovered'"):
                    self.assertNotIn(value, text, (model, view_type))

    def test_the_status_bars_show_the_catalogues_milestones(self):
        for model, wanted in (
            ("l10n_fr_urssaf.payment.request", "integrated,awaiting_client,validated,paid"),
            ("l10n_fr_urssaf.client", "draft,active"),
        ):
            [bar] = self._arch(model, "form").xpath("//field[@name='state'][@widget='statusbar']")
            self.assertEqual(bar.get("statusbar_visible"), wanted)

    def test_unpaid_filters_follow_the_flag(self):
        move, request = self._sent("IMPAYE")
        self._live(days=8, hours=2)
        self._live(days=5)
        self.assertEqual(request.state, "debit_refused")
        self.assertTrue(request.unpaid)
        self.assertTrue(move.l10n_fr_urssaf_unpaid)
        domain = self._filter_domain("l10n_fr_urssaf.payment.request", "unpaid")
        self.assertIn(request, self.env["l10n_fr_urssaf.payment.request"].search(domain))
        domain = self._filter_domain("account.move", "l10n_fr_urssaf_unpaid")
        self.assertIn(move, self.env["account.move"].search(domain))

    # ---------------------------------------------------------------- raw answers

    def test_urssaf_raw_answers_are_kept_redacted_for_managers_only(self):
        move, request = self._sent()
        # E3's item, as URSSAF answered it
        kept = json.loads(request.sudo().last_answer)
        self.assertEqual(kept["idDemandePaiement"], request.urssaf_id)
        # an E4 item applied for a plain URSSAF user (the Refresh button) is kept all the same
        info = self._e4_item(request, note=f"IBAN {IBAN}, Bearer abc.def", access_token="s3cr3t")
        request.with_user(self.user)._apply_status(info, fields.Datetime.now())
        self.assertEqual(request.state, "awaiting_client")
        text = request.sudo().last_answer
        self.assertNotIn(IBAN, text)
        self.assertIn("FR76 **** **** 0189", text)
        self.assertNotIn("abc.def", text)
        self.assertNotIn("s3cr3t", text)
        self.assertEqual(json.loads(text)["statut"]["code"], "20")
        # readable by managers only, and nobody writes it by hand
        self.assertEqual(request.with_user(self.manager).last_answer, text)
        with self.assertRaises(AccessError):
            request.with_user(self.user).read(["last_answer"])
        with self.assertRaises(AccessError):
            request.with_user(self.manager).write({"last_answer": "{}"})
        # shown on the form to managers only
        path = "//field[@name='last_answer']"
        self.assertTrue(
            self._arch("l10n_fr_urssaf.payment.request", "form", self.manager).xpath(path)
        )
        self.assertFalse(
            self._arch("l10n_fr_urssaf.payment.request", "form", self.user).xpath(path)
        )
        # the synchronisation keeps the last answer that changed something
        self._live(hours=49, minutes=5)
        self.assertEqual(request.state, "validated")
        self.assertEqual(json.loads(request.sudo().last_answer)["statut"]["code"], "30")
        self.assertTrue(move)

    # ---------------------------------------------------------------- wording

    def test_a_transfer_date_without_an_amount_reads_scheduled(self):
        _move, request = self._sent("VIRDIFFERE")
        self._live(days=8, hours=2)
        self.assertEqual(request.state, "paid")
        self.assertFalse(request.transfer_amount)
        self.assertIn("scheduled the transfer on", request.instructions)
        self.assertNotIn("transferred the amount to you", request.instructions)
        self._live(days=1, minutes=1)
        self.assertTrue(request.transfer_amount)
        self.assertIn("transferred the amount to you", request.instructions)

    def test_a_cancellation_comment_is_urssafs_and_a_refusal_comment_the_clients(self):
        _move, cancelled = self._sent("ANNUL")
        _move, contested = self._sent("REFUS")
        self._live(hours=1, minutes=1)
        self._live(hours=24)
        self.assertEqual(cancelled.state, "cancelled")
        self.assertEqual(contested.state, "contested")
        self.assertIn("URSSAF's comment: Annulation demandée", cancelled.instructions)
        self.assertNotIn("client's comment", cancelled.instructions)
        self.assertIn("client's comment: Le montant facturé", contested.instructions)

    def test_a_status_named_by_urssaf_without_its_meaning_is_told_so(self):
        _move, request = self._sent()
        info = self._e4_item(request, statut={"code": "80", "libelle": "En attente d'échanges"})
        request._apply_status(info, fields.Datetime.now())
        self.assertEqual(request.state, "other")
        self.assertIn("80 En attente d'échanges", request.instructions)
        self.assertIn("documentation names this status", request.instructions)
        self.assertNotIn("does not know", request.instructions)
        # still read once a day
        self.assertIn(
            request,
            self.Request.search(self.Request._cron_domain(self.clock + timedelta(days=2))),
        )
        info = self._e4_item(request, statut={"code": "999", "libelle": "Nouveau"})
        request._apply_status(info, fields.Datetime.now())
        self.assertIn("does not know", request.instructions)
