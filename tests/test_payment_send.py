import json
from datetime import timedelta
from decimal import Decimal

from psycopg2 import IntegrityError

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .payment_common import E3_PATH, E4_PATH, UrssafPaymentCommon


@tagged("post_install", "-at_install")
class TestPaymentSend(UrssafPaymentCommon):
    def test_an_invoice_is_sent_and_accepted(self):
        move = self._invoice()
        self.assertTrue(move.with_user(self.user).l10n_fr_urssaf_can_send)
        wizard = self._wizard(move)
        self.assertEqual((wizard.ready_count, wizard.problem_count), (1, 0), wizard.check_html)
        preview = json.loads(wizard.payload_preview)
        self.assertEqual(preview["numFactureTiers"], move.name)
        self.assertEqual(preview["mntFactureTTC"], 305)
        wizard.action_send()
        self.assertEqual(wizard.step, "done")
        self.assertEqual(wizard.sent_count, 1)
        self.assertIn("Accepted", wizard.summary_html)
        request = move.l10n_fr_urssaf_payment_request_id
        self.assertEqual(request.state, "integrated")
        self.assertEqual(move.l10n_fr_urssaf_state, "integrated")
        self.assertEqual(len(request.urssaf_id), 14)
        self.assertEqual(request.status_code, "10")
        self.assertFalse(request.call_started_at)
        self.assertEqual(request.sent_by_id, self.user)
        self.assertFalse(move.with_user(self.user).l10n_fr_urssaf_can_send)
        # the request as sent: amounts that add up to the invoice, the client's id, no IBAN
        payload = json.loads(request.payload)
        self.assertEqual(payload, preview)
        items = payload["inputPrestations"]
        total = sum(Decimal(str(item["mntPrestationTTC"])) for item in items)
        self.assertEqual(total, Decimal(str(move.amount_total)))
        self.assertEqual(payload["idClient"], self._link(self.client_partner).urssaf_id)
        self.assertEqual([i["codeNature"] for i in items], ["60", "120"])
        self.assertEqual([i["unite"] for i in items], ["HEURE", "FORFAIT"])
        self.assertEqual(items[0]["mntUnitaireTTC"], 27.5)
        self.assertEqual(items[1]["mntUnitaireTTC"], 30)  # typed tax-included
        self.assertNotIn("iban", request.payload.lower())
        # URSSAF holds it, as sent
        (held,) = self._sandbox_requests()
        self.assertEqual(held["idDemandePaiement"], request.urssaf_id)
        self.assertEqual(held["mntFactureTTC"], 305)
        # the story on the invoice, once
        notes = self._invoice_notes(move)
        self.assertEqual(len(notes), 1)
        self.assertIn(request.urssaf_id, notes[0])

    def test_23_invoices_make_3_calls_and_one_token(self):
        moves = self.env["account.move"].union(*(self._invoice() for _n in range(23)))
        before = self.sandbox.stats()
        wizard = self._send(moves)
        after = self.sandbox.stats()
        self.assertEqual(wizard.sent_count, 23)
        self.assertEqual(after["api_calls"][E3_PATH] - before["api_calls"].get(E3_PATH, 0), 3)
        self.assertEqual(after["token_requests"] - before["token_requests"], 0)  # cached
        self.assertEqual(set(moves.mapped("l10n_fr_urssaf_state")), {"integrated"})
        self.assertEqual(len(set(moves.l10n_fr_urssaf_payment_request_id.mapped("urssaf_id"))), 23)

    def test_a_batch_with_invalid_invoices_sends_the_others(self):
        good = self._invoice() | self._invoice()
        ineligible = self._invoice(lines=[(self.cleaning, 2, 25.0), (self.other, 1, 10.0)])
        two_months = self._invoice(
            l10n_fr_urssaf_service_start=self.today.replace(day=1) - timedelta(days=1)
        )
        moves = good | ineligible | two_months
        wizard = self._wizard(moves)
        self.assertEqual((wizard.ready_count, wizard.problem_count), (2, 2))
        self.assertIn("270", wizard.check_html)
        self.assertIn("line 2 (Autre service)", wizard.check_html)
        self.assertIn("one calendar month", wizard.check_html)
        self.assertFalse(wizard.payload_preview)
        wizard.action_send()
        self.assertEqual(wizard.sent_count, 2)
        self.assertEqual(set(good.mapped("l10n_fr_urssaf_state")), {"integrated"})
        self.assertFalse(ineligible.l10n_fr_urssaf_payment_request_id)
        self.assertFalse(two_months.l10n_fr_urssaf_payment_request_id)
        self.assertEqual(self._e3_calls(), 1)
        self.assertIn("To correct", wizard.summary_html)

    def test_french_user_reads_the_problems_in_french(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.user.lang = "fr_FR"
        move = self._invoice(lines=[(self.other, 1, 10.0)])
        wizard = self._wizard(move)
        self.assertIn("ouvre pas droit à l", wizard.check_html)
        # under the invoice's own name: not repeated before each problem
        self.assertIn(move.name, wizard.check_html)
        self.assertNotIn(f"Facture {move.name}", wizard.check_html)

    def test_never_twice(self):
        move = self._invoice()
        self._send(move)
        # a second click, a second window, a retry: refused by the state guard, nothing sent
        wizard = self._wizard(move)
        self.assertEqual((wizard.ready_count, wizard.problem_count), (0, 1))
        self.assertIn("already sent", wizard.check_html)
        results = self.env["l10n_fr_urssaf.payment.request"]._send_invoices(move)
        self.assertEqual(results[0][1], "invalid")
        self.assertEqual(len(self._requests(move)), 1)
        self.assertEqual(self._e3_calls(), 1)
        self.assertEqual(len(self._sandbox_requests()), 1)
        # the database refuses a second request URSSAF would hold for the same number
        request = move.l10n_fr_urssaf_payment_request_id
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            with self.env.cr.savepoint():
                self.env["l10n_fr_urssaf.payment.request"]._sync_create(
                    {
                        "move_id": move.id,
                        "invoice_number": move.name,
                        "company_id": move.company_id.id,
                        "state": "integrated",
                    }
                )
        # nor can the invoice go back to draft
        with self.assertRaises(UserError):
            move.button_draft()
        self.assertEqual(request.state, "integrated")

    def test_a_call_in_flight_is_not_sent_again(self):
        move = self._invoice()
        request = self.env["l10n_fr_urssaf.payment.request"]._sync_create(
            move._l10n_fr_urssaf_request_values(
                move._l10n_fr_urssaf_prepare(), fields.Datetime.now()
            )
            | {"call_started_at": fields.Datetime.now()}
        )
        wizard = self._wizard(move)
        self.assertIn("being sent to URSSAF right now", wizard.check_html)
        self.assertEqual(request.state, "sending")
        self.assertEqual(self._e3_calls(), 0)

    def test_duplicate_is_recovered_from_urssaf(self):
        move = self._invoice()
        # URSSAF already holds this invoice (sent earlier, its record lost here)
        payload = move._l10n_fr_urssaf_prepare().payload
        api = self.company._l10n_fr_urssaf_get_client()
        (earlier,) = api.submit_payment_requests([payload])
        self.assertTrue(earlier.ok)
        wizard = self._send(move)
        request = move.l10n_fr_urssaf_payment_request_id
        self.assertEqual(request.state, "integrated")
        self.assertEqual(request.urssaf_id, earlier.id_payment_request)
        self.assertIn("adopted", wizard.summary_html)
        self.assertEqual(len(self._sandbox_requests()), 1)

    def test_duplicate_number_of_another_bill_is_refused_with_what_to_do(self):
        move = self._invoice()
        payload = move._l10n_fr_urssaf_prepare().payload
        payload["mntFactureTTC"] = 275
        payload["mntFactureHT"] = 250
        payload["inputPrestations"] = payload["inputPrestations"][:1]
        api = self.company._l10n_fr_urssaf_get_client()
        self.assertTrue(api.submit_payment_requests([payload])[0].ok)
        wizard = self._send(move)
        request = move.l10n_fr_urssaf_payment_request_id
        self.assertEqual(request.state, "rejected")
        self.assertEqual(request.status_code, "ERR_FACTURE_DOUBLON")
        # what URSSAF holds is recorded; no advice to bill the services again meanwhile
        self.assertTrue(request.found_urssaf_id)
        self.assertIn("ask URSSAF to cancel it", request.last_error)
        self.assertIn("Refused by URSSAF", wizard.summary_html)

    def test_lost_answer_is_settled_by_a_search_never_by_sending_blind(self):
        move = self._invoice()
        self.sandbox.inject_fault("drop_response", path=E3_PATH)
        wizard = self._send(move)
        request = move.l10n_fr_urssaf_payment_request_id
        # the answer was lost; the search by invoice number found it at URSSAF
        self.assertEqual(request.state, "integrated")
        self.assertTrue(request.urssaf_id)
        self.assertEqual(self._e3_calls(), 1)
        self.assertEqual(self._e4_calls(), 1)
        self.assertIn("found at URSSAF", wizard.summary_html)

    def test_lost_answer_with_urssaf_unreachable_stays_uncertain_until_looked_up(self):
        move = self._invoice()
        self.sandbox.inject_fault("drop_response", path=E3_PATH)
        self.sandbox.inject_fault("status", path=E4_PATH, status=503, count=5)
        wizard = self._send(move)
        request = move.l10n_fr_urssaf_payment_request_id
        self.assertEqual(request.state, "uncertain")
        self.assertIn("Answer lost", wizard.summary_html)
        self.assertFalse(move.with_user(self.user).l10n_fr_urssaf_can_send)
        self.sandbox.clear_faults()
        # sending again first looks it up, and finds it: nothing sent a second time
        self._send(move)
        self.assertEqual(request.state, "integrated")
        self.assertEqual(self._e3_calls(), 1)
        self.assertEqual(len(self._requests(move)), 1)
        self.assertEqual(len(self._sandbox_requests()), 1)

    def test_an_answer_lost_before_urssaf_recorded_it_is_held_not_sent_again(self):
        move = self._invoice()
        # a 500 from URSSAF: the request may or may not have been recorded (here: not yet)
        self.sandbox.inject_fault("status", path=E3_PATH, status=500)
        wizard = self._send(move)
        first = move.l10n_fr_urssaf_payment_request_id
        # URSSAF has not shown it under its number: it may still record it (see
        # test_payment_lost_answer for the days after)
        self.assertEqual(first.state, "uncertain")
        self.assertIn("Answer lost", wizard.summary_html)
        self.assertFalse(move.with_user(self.user).l10n_fr_urssaf_can_send)
        self._send(move)
        self.assertEqual(move.l10n_fr_urssaf_payment_request_id, first)
        self.assertEqual(self._e3_calls(), 1)
        self.assertFalse(self._sandbox_requests())

    def test_urssaf_down_nothing_recorded(self):
        move = self._invoice()
        self.sandbox.inject_fault("status", path=E3_PATH, status=503, count=10)
        wizard = self._send(move)
        self.assertIn("Not sent", wizard.summary_html)
        self.assertFalse(self._requests(move))
        self.assertTrue(move.with_user(self.user).l10n_fr_urssaf_can_send)

    def test_credit_note_is_refused_with_what_to_do(self):
        move = self._invoice()
        refund = move._reverse_moves()
        refund.action_post()
        wizard = self._wizard(refund)
        self.assertEqual(wizard.problem_count, 1)
        self.assertIn("credit note cannot be sent", wizard.check_html)
        self.assertFalse(refund.with_user(self.user).l10n_fr_urssaf_can_send)

    def test_refused_by_urssaf_is_explained_and_can_be_sent_again(self):
        move = self._invoice(l10n_fr_urssaf_deposit_amount=50.0)
        move.l10n_fr_urssaf_deposit_date = self.period_start
        wizard = self._wizard(move)
        self.assertEqual(wizard.ready_count, 1)
        self.assertIn("ERR_ACOMPTE_BLOQUE", wizard.check_html)  # the warning
        wizard.action_send()
        first = move.l10n_fr_urssaf_payment_request_id
        self.assertEqual(first.state, "rejected")
        self.assertIn("ERR_ACOMPTE_BLOQUE", first.last_error)
        self.assertIn("Refused by URSSAF", wizard.summary_html)
        # fixed (no deposit): sent again, the refused attempt stays visible
        move.l10n_fr_urssaf_deposit_amount = 0
        self._send(move)
        self.assertEqual(move.l10n_fr_urssaf_payment_request_id.state, "integrated")
        self.assertEqual(len(self._requests(move)), 2)

    def test_refresh_reads_the_status_and_tells_only_changes(self):
        move = self._invoice()
        self._send(move)
        request = move.l10n_fr_urssaf_payment_request_id
        notes = len(self._invoice_notes(move))
        move.with_user(self.user).action_l10n_fr_urssaf_refresh()
        self.assertEqual(request.state, "integrated")
        self.assertEqual(len(self._invoice_notes(move)), notes)
        self.sandbox.advance(hours=2)
        move.with_user(self.user).action_l10n_fr_urssaf_refresh()
        self.assertEqual(request.state, "awaiting_client")
        self.assertEqual(request.status_code, "20")
        self.assertEqual(len(self._invoice_notes(move)), notes + 1)

    def test_lines_nature_and_unit_come_from_the_product(self):
        move = self._invoice(post=False)
        cleaning, meals = move.invoice_line_ids
        self.assertEqual(
            (cleaning.l10n_fr_urssaf_nature, cleaning.l10n_fr_urssaf_unit), ("60", "HEURE")
        )
        self.assertEqual(
            (meals.l10n_fr_urssaf_nature, meals.l10n_fr_urssaf_unit), ("120", "FORFAIT")
        )
        self.assertEqual(self.cleaning.l10n_fr_urssaf_unit, "HEURE")
        self.assertEqual(self.meals.l10n_fr_urssaf_unit, "FORFAIT")

    def test_what_urssaf_received_cannot_be_changed_on_the_invoice(self):
        move = self._invoice()
        self._send(move)
        self.assertEqual(move.l10n_fr_urssaf_payment_request_id.state, "integrated")
        with self.assertRaises(UserError) as caught:
            move.with_user(self.user).l10n_fr_urssaf_deposit_amount = 10.0
        self.assertIn("cannot be changed", str(caught.exception))
        with self.assertRaises(UserError):
            move.with_user(self.user).l10n_fr_urssaf_service_start = self.today
        self.assertFalse(move.show_reset_to_draft_button)
        # rewriting the same values is no change
        move.with_user(self.user).write(
            {"l10n_fr_urssaf_service_end": move.l10n_fr_urssaf_service_end}
        )

    def test_a_service_sold_by_the_day_is_not_declared_in_hours(self):
        """A day is a unit of working time, but one day sent as one hour would declare 8 times
        fewer hours than done: only the unit "Hours" gives HEURE."""
        move = self._invoice(post=False)
        line = move.invoice_line_ids[0]
        line.product_uom_id = self.env.ref("uom.product_uom_day")
        self.assertEqual(line.l10n_fr_urssaf_unit, "FORFAIT")
        line.product_uom_id = self.env.ref("uom.product_uom_hour")
        self.assertEqual(line.l10n_fr_urssaf_unit, "HEURE")

    def test_service_period_from_the_lines(self):
        move = self._invoice(
            post=False, l10n_fr_urssaf_service_start=False, l10n_fr_urssaf_service_end=False
        )
        first, second = move.invoice_line_ids
        first.l10n_fr_urssaf_service_start = self.period_start
        second.l10n_fr_urssaf_service_start = self.today
        self.assertEqual(move.l10n_fr_urssaf_service_start, self.period_start)
        self.assertEqual(move.l10n_fr_urssaf_service_end, self.today)

    def test_the_invoice_pdf_tells_the_advance_in_french(self):
        move = self._invoice()
        report = self.env["ir.actions.report"]
        html = report._render_qweb_html("account.report_invoice", move.ids)[0].decode()
        self.assertNotIn("Avance immédiate de crédit d", html)
        self._send(move)
        html = report._render_qweb_html("account.report_invoice", move.ids)[0].decode()
        self.assertIn("Avance immédiate de crédit d", html)
        self.assertIn("avancé par l'URSSAF (50 %) : 152,50", html.replace("&#39;", "'"))
        self.assertIn("Reste à votre charge : 152,50", html)
        self.assertIn(move.l10n_fr_urssaf_payment_request_id.urssaf_id, html)

    def test_the_invoice_list_action_sends_a_selection(self):
        moves = self._invoice() | self._invoice()
        action = self.env.ref(
            "l10n_fr_urssaf_avance_immediate.action_l10n_fr_urssaf_send_invoices"
        ).with_user(self.user)
        result = action.with_context(
            active_model="account.move", active_ids=moves.ids, active_id=moves[0].id
        ).run()
        self.assertEqual(result["res_model"], "l10n_fr_urssaf.payment.wizard")
        wizard = (
            self.env[result["res_model"]].with_user(self.user).with_context(**result["context"])
        ).create({})
        self.assertEqual(wizard.move_ids, moves)
        self.assertEqual(wizard.ready_count, 2)
        # vendor bills are not sent
        with self.assertRaises(UserError):
            self.env["account.move"].new({"move_type": "in_invoice"}).action_l10n_fr_urssaf_send()

    def test_global_tax_rounding_and_vat_exempt_lines_add_up_and_are_accepted(self):
        self.company.tax_calculation_rounding_method = "round_globally"
        tax_55 = self._tax(self.company, "5.5")
        Product = self.env["product.product"]
        garden, exempt = Product.create(
            [
                {
                    "name": "Jardinage",
                    "taxes_id": [(6, 0, tax_55.ids)],
                    "l10n_fr_urssaf_nature": "70",
                },
                {
                    "name": "Ménage (exonéré)",
                    "taxes_id": [(5, 0, 0)],
                    "l10n_fr_urssaf_nature": "60",
                },
            ]
        )
        # per line VAT 0.55 + 1.10 + 0.55 = 2.20; the invoice's VAT, rounded once: 2.21
        rounded = self._invoice(lines=[(garden, 1, 10.03), (garden, 2, 10.03), (garden, 1, 10.03)])
        self.assertEqual(rounded.amount_total, 42.33)
        plain = self._invoice(lines=[(exempt, 7.5, 21.0)])
        wizard = self._wizard(rounded | plain)
        self.assertEqual(wizard.ready_count, 2, wizard.check_html)
        self.assertIn("Rounding", wizard.check_html)
        wizard.action_send()
        self.assertEqual(wizard.sent_count, 2, wizard.summary_html)
        for move in rounded | plain:
            payload = json.loads(move.l10n_fr_urssaf_payment_request_id.payload)
            items = payload["inputPrestations"]
            for key in ("mntPrestationTTC", "mntPrestationHT"):
                total = sum(Decimal(str(item[key])) for item in items)
                expected = move.amount_total if key == "mntPrestationTTC" else move.amount_untaxed
                self.assertEqual(total, Decimal(str(expected)), key)
        exempt_item = json.loads(plain.l10n_fr_urssaf_payment_request_id.payload)
        self.assertEqual(exempt_item["mntFactureHT"], exempt_item["mntFactureTTC"])
        self.assertEqual(exempt_item["inputPrestations"][0]["mntPrestationTVA"], 0)

    def test_a_number_is_never_reused_by_another_invoice(self):
        move = self._invoice()
        self._send(move)
        # another journal whose sequence gives the same number (a mistake the check catches)
        journal = self.env["account.journal"].create(
            {"name": "Ventes bis", "code": "VTB", "type": "sale", "company_id": self.company.id}
        )
        other = self._invoice(journal_id=journal.id)
        other.name = move.name
        wizard = self._wizard(other)
        self.assertEqual(wizard.problem_count, 1)
        self.assertIn("never takes a number twice", wizard.check_html)
        self.assertEqual(self._e3_calls(), 1)
