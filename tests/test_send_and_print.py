"""Send to URSSAF from Odoo's Send & Print dialog (the Send button of a posted invoice): the
checkbox, the alerts, one invoice, a background batch, a second click."""

from datetime import timedelta

from odoo.exceptions import UserError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools.misc import format_amount

from odoo.addons.l10n_fr_urssaf_avance_immediate.models.account_move_send import EDI_KEY

from .payment_common import UrssafPaymentCommon


@tagged("post_install", "-at_install")
class TestSendAndPrint(UrssafPaymentCommon):
    def _dialog(self, moves, user=None):
        """Odoo's Send & Print dialog as the Send button opens it (one invoice or a batch)."""
        user = user or self.user
        moves = moves.with_user(user).with_context(lang=user.lang)
        action = moves.action_send_and_print()
        model = moves.env[action["res_model"]].with_context(**action["context"])
        return Form(model).save()

    def _urssaf_alerts(self, dialog):
        return {k: v for k, v in (dialog.alerts or {}).items() if k.startswith("l10n_fr_urssaf")}

    def _faulty_invoices(self):
        """Three invoices URSSAF would refuse: a nature without the advance, a period over two
        months, no service period."""
        return (
            self._invoice(lines=[(self.cleaning, 2, 25.0), (self.other, 1, 10.0)])
            | self._invoice(
                l10n_fr_urssaf_service_start=self.today.replace(day=1) - timedelta(days=1)
            )
            | self._invoice(l10n_fr_urssaf_service_start=False, l10n_fr_urssaf_service_end=False)
        )

    # ---------------------------------------------------------------- the checkbox

    def test_ticked_by_default_for_an_active_client_only(self):
        move = self._invoice()
        dialog = self._dialog(move)
        self.assertEqual(dialog.extra_edi_checkboxes[EDI_KEY]["checked"], True)
        self.assertEqual(dialog.extra_edi_checkboxes[EDI_KEY]["label"], "Send to URSSAF")
        self.assertIn(EDI_KEY, dialog.extra_edis)
        self.assertFalse(self._urssaf_alerts(dialog))
        # a contact that is not an URSSAF client: no URSSAF option
        stranger = self.env["res.partner"].create({"name": "Paul Durand", "email": "p@ex.fr"})
        dialog = self._dialog(self._invoice(partner=stranger))
        self.assertNotIn(EDI_KEY, dialog.extra_edi_checkboxes or {})
        # a user without URSSAF rights: no URSSAF option either
        accountant = new_test_user(
            self.env,
            login="urssaf_plain_accountant",
            groups="base.group_user,account.group_account_invoice",
            company_id=self.company.id,
            company_ids=[(6, 0, self.company.ids)],
        )
        dialog = self._dialog(move, accountant)
        self.assertNotIn(EDI_KEY, dialog.extra_edi_checkboxes or {})
        # once URSSAF holds it: no option
        self._send(move)
        self.assertEqual(move.l10n_fr_urssaf_state, "integrated")
        dialog = self._dialog(move)
        self.assertNotIn(EDI_KEY, dialog.extra_edi_checkboxes or {})

    def test_without_urssaf_rights_the_background_sends_no_request(self):
        # the background sending runs as Odoo's bot (an URSSAF manager): the author decides
        accountant = new_test_user(
            self.env,
            login="urssaf_batch_accountant",
            groups="base.group_user,account.group_account_invoice",
            company_id=self.company.id,
            company_ids=[(6, 0, self.company.ids)],
        )
        moves = self._invoice() | self._invoice()
        dialog = self._dialog(moves, accountant)
        self.assertNotIn(EDI_KEY, dialog.summary_data)
        dialog.action_send_and_print()
        self.env["account.move"]._cron_account_move_send(job_count=20)
        self.assertFalse(moves.filtered("sending_data"))
        self.assertTrue(all(moves.mapped("is_move_sent")))
        self.assertEqual(self._e3_calls(), 0)
        self.assertFalse(moves.l10n_fr_urssaf_payment_request_id)

    # ---------------------------------------------------------------- one invoice

    def test_one_invoice_is_sent_from_the_dialog(self):
        move = self._invoice()
        dialog = self._dialog(move)
        self.assertIn("email", dialog.sending_methods)
        dialog.action_send_and_print()
        self.assertEqual(self._e3_calls(), 1)
        request = move.l10n_fr_urssaf_payment_request_id
        self.assertEqual(request.state, "integrated")
        self.assertEqual(request.sent_by_id, self.user)
        self.assertEqual(len(self._sandbox_requests()), 1)
        # sent before the PDF was made: the PDF carries the URSSAF block
        self.assertTrue(move.invoice_pdf_report_id)
        self.assertIn(b"l10n_fr_urssaf_mention", move.invoice_pdf_report_id.raw)
        self.assertIn(request.urssaf_id.encode(), move.invoice_pdf_report_id.raw)
        # the story told once on the invoice, as the sending path tells it
        self.assertEqual(len(self._invoice_notes(move)), 1)
        self.assertTrue(move.is_move_sent)

    def test_the_email_says_what_urssaf_advances_and_asks_for_no_transfer(self):
        move = self._invoice()
        self.assertEqual(move.amount_total, 305.0)
        self.assertEqual(
            (move.l10n_fr_urssaf_advance_amount, move.l10n_fr_urssaf_client_share), (152.5, 152.5)
        )
        template = self.env.ref("l10n_fr_urssaf_avance_immediate.mail_template_urssaf_invoice")
        dialog = self._dialog(move)
        self.assertEqual(dialog.mail_template_id, template)
        body = str(dialog.mail_body)
        share = format_amount(self.env(context={"lang": dialog.mail_lang}), 152.5, move.currency_id)
        self.assertEqual(
            body.count(share.replace("\xa0", "&nbsp;")), 2, body
        )  # URSSAF's advance and the client's share
        self.assertIn("particulier.urssaf.fr", body)
        self.assertIn("aucun virement", body)
        self.assertNotIn("communication", body.lower())
        self.assertIn(move.name, dialog.mail_subject)
        dialog.action_send_and_print()
        self.assertEqual(move.l10n_fr_urssaf_state, "integrated")
        mail = move.message_ids.filtered(lambda m: m.subject == dialog.mail_subject)
        self.assertEqual(len(mail), 1)
        self.assertIn("aucun virement", str(mail.body))
        # the odd cent goes to the client's share
        odd = self._invoice(lines=[(self.meals, 1, 25.01)])
        self.assertEqual(
            (odd.l10n_fr_urssaf_advance_amount, odd.l10n_fr_urssaf_client_share), (12.5, 12.51)
        )
        # an invoice URSSAF has nothing to do with keeps Odoo's e-mail
        stranger = self.env["res.partner"].create({"name": "Paul Durand", "email": "p@ex.fr"})
        dialog = self._dialog(self._invoice(partner=stranger))
        self.assertEqual(
            dialog.mail_template_id, self.env.ref("account.email_template_edi_invoice")
        )

    def test_a_faulty_invoice_is_blocked_with_every_problem(self):
        move = self._invoice(
            lines=[(self.cleaning, 2, 25.0), (self.other, 1, 10.0)],
            l10n_fr_urssaf_service_start=self.today.replace(day=1) - timedelta(days=1),
        )
        dialog = self._dialog(move)
        alerts = self._urssaf_alerts(dialog)
        self.assertEqual(list(alerts), [f"l10n_fr_urssaf_{move.id}"])
        alert = alerts[f"l10n_fr_urssaf_{move.id}"]
        self.assertEqual(alert["level"], "danger")
        message = alert["message"]
        # the invoice, each problem with its field and its fix, and the way out
        self.assertIn(move.name, message)
        self.assertIn("Line 2 (Autre service)", message)
        self.assertNotIn(f"Invoice {move.name}:", message)  # named once, at the top
        self.assertIn("270", message)
        self.assertIn("one calendar month", message)
        self.assertIn("untick Send to URSSAF", message)
        self.assertEqual(message.count("\n• "), 2, message)
        self.assertEqual(alert["action"]["res_id"], move.id)
        with self.assertRaises(UserError) as caught:
            dialog.action_send_and_print()
        self.assertIn("one calendar month", str(caught.exception))
        self.assertEqual(self._e3_calls(), 0)
        self.assertFalse(move.l10n_fr_urssaf_payment_request_id)
        # unticked: no alert, the invoice is sent by e-mail without URSSAF
        dialog = self._dialog(move)
        dialog.extra_edi_checkboxes = {EDI_KEY: {"checked": False}}
        self.assertFalse(self._urssaf_alerts(dialog))
        dialog.action_send_and_print()
        self.assertTrue(move.is_move_sent)
        self.assertEqual(self._e3_calls(), 0)
        self.assertFalse(move.l10n_fr_urssaf_payment_request_id)

    def test_a_warning_does_not_block_and_a_refusal_is_the_invoices_error(self):
        # a deposit URSSAF has not authorised: a warning; URSSAF then refuses the request
        move = self._invoice(l10n_fr_urssaf_deposit_amount=50.0)
        move.l10n_fr_urssaf_deposit_date = self.period_start
        dialog = self._dialog(move)
        alert = self._urssaf_alerts(dialog)[f"l10n_fr_urssaf_{move.id}"]
        self.assertEqual(alert["level"], "warning")
        self.assertIn(move.name, alert["message"])
        self.assertIn("ERR_ACOMPTE_BLOQUE", alert["message"])
        with self.assertRaises(UserError) as caught:
            dialog.action_send_and_print()
        self.assertIn(f"URSSAF refused {move.name}", str(caught.exception))
        self.assertIn("ERR_ACOMPTE_BLOQUE", str(caught.exception))
        self.assertEqual(self._e3_calls(), 1)
        # in the background: the refusal is the invoice's error, told once in its chatter (by
        # the request's story), the other invoice is sent and e-mailed
        good = self._invoice()
        refused = self._invoice(l10n_fr_urssaf_deposit_amount=50.0)
        refused.l10n_fr_urssaf_deposit_date = self.period_start
        self._dialog(good | refused).action_send_and_print()
        self.env["account.move"]._cron_account_move_send(job_count=20)
        self.assertEqual(self._e3_calls(), 2)
        self.assertEqual(good.l10n_fr_urssaf_state, "integrated")
        self.assertTrue(good.is_move_sent)
        self.assertEqual(refused.l10n_fr_urssaf_state, "rejected")
        self.assertFalse(refused.is_move_sent)
        self.assertFalse(refused.sending_data)
        notes = self._invoice_notes(refused)
        self.assertEqual(len(notes), 1)
        self.assertIn("ERR_ACOMPTE_BLOQUE", notes[0])
        title = f"URSSAF refused {refused.name}:"
        self.assertFalse(refused.message_ids.filtered(lambda m: title in m.body))
        # the dialog's title (see above) is the one a second message would carry
        self.assertIn(f"URSSAF refused {move.name}:", str(caught.exception))
        self.assertNotIn("- - ", str(caught.exception))

    def test_a_second_click_sends_nothing_twice(self):
        move = self._invoice()
        first = self._dialog(move)
        second = self._dialog(move)  # opened before the first was sent
        self.assertIn(EDI_KEY, second.extra_edis)
        first.action_send_and_print()
        second.action_send_and_print()
        self.assertEqual(self._e3_calls(), 1)
        self.assertEqual(len(self._requests(move)), 1)
        self.assertEqual(len(self._sandbox_requests()), 1)
        self.assertEqual(len(self._invoice_notes(move)), 1)
        # a script that insists: the sending path refuses, nothing sent
        data = {move: {}}
        self.env["account.move.send"]._l10n_fr_urssaf_send([move], self.user.id, data)
        self.assertIn("already sent", data[move]["error"]["errors"][0])
        self.assertEqual(self._e3_calls(), 1)

    # ---------------------------------------------------------------- a batch

    def test_a_batch_of_25_with_3_faulty_invoices_in_the_background(self):
        good = self.env["account.move"].union(*(self._invoice() for _n in range(22)))
        faulty = self._faulty_invoices()
        moves = good | faulty
        dialog = self._dialog(moves)
        self.assertEqual(dialog._name, "account.move.send.batch.wizard")
        self.assertEqual(dialog.summary_data[EDI_KEY]["count"], 25)
        alerts = self._urssaf_alerts(dialog)
        self.assertEqual(set(alerts), {f"l10n_fr_urssaf_{move.id}" for move in faulty})
        # a warning, not a blocking alert: the others are sent
        self.assertEqual({alert["level"] for alert in alerts.values()}, {"warning"})
        for move in faulty:
            self.assertIn(move.name, alerts[f"l10n_fr_urssaf_{move.id}"]["message"])
        dialog.action_send_and_print()
        self.assertEqual(self._e3_calls(), 0)  # in the background
        self.assertTrue(all(moves.mapped("sending_data")))
        # Odoo's background sending (the scheduled action), as many runs as it takes
        for _run in range(5):
            if not moves.filtered("sending_data"):
                break
            self.env["account.move"]._cron_account_move_send(job_count=20)
        self.assertFalse(moves.filtered("sending_data"))
        # 22 sent in 3 calls (the sandbox refuses a call of more than 10)
        self.assertEqual(self._e3_calls(), 3)
        self.assertEqual(len(self._sandbox_requests()), 22)
        self.assertEqual(set(good.mapped("l10n_fr_urssaf_state")), {"integrated"})
        self.assertEqual(good.l10n_fr_urssaf_payment_request_id.sent_by_id, self.user)
        self.assertTrue(all(good.mapped("is_move_sent")))
        for move in good:
            self.assertEqual(len(self._invoice_notes(move)), 1)
        # the 3 faulty ones: not sent, each reported in error with its problems
        self.assertFalse(faulty.l10n_fr_urssaf_payment_request_id)
        self.assertFalse(any(faulty.mapped("is_move_sent")))
        expected = {
            faulty[0]: "270",
            faulty[1]: "one calendar month",
            faulty[2]: "service",
        }
        for move, problem in expected.items():
            errors = move.message_ids.filtered(lambda m, move=move: "not sent to URSSAF" in m.body)
            self.assertEqual(len(errors), 1, move.message_ids.mapped("body"))
            self.assertIn(move.name, errors.body)
            self.assertIn(problem, errors.body)
        # sent again: nothing twice
        dialog = self._dialog(moves)
        self.assertEqual(dialog.summary_data.get(EDI_KEY, {}).get("count"), 3)
        dialog.action_send_and_print()
        for _run in range(5):
            if not moves.filtered("sending_data"):
                break
            self.env["account.move"]._cron_account_move_send(job_count=20)
        self.assertEqual(self._e3_calls(), 3)
        self.assertEqual(len(self._sandbox_requests()), 22)
