"""The texts a provider reads in French: typography (a no-break space before ":", ";", "?", "!")
in i18n/fr.po and in the texts the code builds, each explanation said once, URSSAF's status shown
from 10 on, counts that read naturally, no invoice name repeated under its own header, the
message of a line without product, notes that keep their line breaks, one chatter message per
event, the OCA labels this module carries."""

import os

import polib

from odoo.tests import TransactionCase, tagged
from odoo.tools import html2plaintext

from odoo.addons.l10n_fr_urssaf_avance_immediate.urssaf_api.texts_fr import FRENCH

from . import french_typography as typography
from .common import ACTIVITY_XMLID
from .sync_common import UrssafSyncCommon

MODULE = "l10n_fr_urssaf_avance_immediate"
ROOT = os.path.dirname(os.path.dirname(__file__))


#: any space before the sign: the pure package's French (converted elsewhere) uses ordinary ones
ANY_SPACE = (" ", typography.NBSP, typography.NNBSP, "\n")


def _faults(text, accepted=typography.ACCEPTED):
    return [typography.describe(text, index) for index in typography.faults(text, accepted)]


@tagged("post_install", "-at_install")
class TestFrenchTypography(TransactionCase):
    def test_the_check_finds_a_missing_space_and_the_fixer_adds_it(self):
        self.assertEqual(_faults("10 Intégrée: reçue"), ["10 Intégrée: reçue"])
        self.assertTrue(_faults("Continuer ? Oui ; non !"))  # ordinary spaces
        self.assertEqual(typography.fix("10 Intégrée: reçue"), "10 Intégrée\u00a0: reçue")
        self.assertEqual(
            typography.fix("Continuer ? Oui; non!"), "Continuer\u202f? Oui\u202f; non\u202f!"
        )
        # what is not French prose is left alone
        for text in (
            "https://portailapi.urssaf.fr/atp",
            "à 10:30",
            "%(move)s\u00a0: %(error)s",
            "{amount:.2f}",
            "<p style='white-space: pre-line'>x</p>",
            "a::b",
            "x != y",
            "&nbsp;",
        ):
            self.assertFalse(_faults(text), text)
            self.assertEqual(typography.fix(text), text)

    def test_every_french_translation_has_its_no_break_spaces(self):
        """Run scripts/i18n_typography.py on i18n/fr.po to fix what this test finds."""
        faults = [
            fault
            for entry in polib.pofile(os.path.join(ROOT, "i18n", "fr.po"))
            for text in (entry.msgstr, *entry.msgstr_plural.values())
            for fault in _faults(text)
        ]
        self.assertFalse(
            faults,
            "%d French translations lack the no-break space before : ; ? ! (run python "
            "scripts/i18n_typography.py i18n/fr.po):\n%s" % (len(faults), "\n".join(faults[:40])),
        )

    def test_the_pure_packages_french_texts_have_a_space_before_the_signs(self):
        """The pure package's French table (its French without Odoo, kept equal to fr.po by the
        pure suite): statuses, reasons, errors, natures, problems."""
        self.assertTrue(FRENCH)
        faults = [fault for text in FRENCH.values() for fault in _faults(text)]
        self.assertFalse(faults, "\n".join(faults[:40]))


@tagged("post_install", "-at_install")
class TestFrenchTexts(UrssafSyncCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.env["ir.module.module"]._load_module_terms([MODULE], ["fr_FR"], overwrite=True)

    def _messages(self, record):
        return self.env["mail.message"].search(
            [("model", "=", record._name), ("res_id", "=", record.id)]
        )

    # ---------------------------------------------------------------- typography of built texts

    def test_the_status_text_has_its_no_break_space_in_french(self):
        _move, request = self._sent()
        text = request.with_context(lang="fr_FR")._status_text()
        self.assertTrue(text.startswith("10 Intégrée\u00a0: "), text)
        self.assertFalse(_faults(text, ANY_SPACE), text)
        self.assertTrue(request.with_context(lang="en_US")._status_text().startswith("10 "))

    def test_a_french_sending_reads_with_its_spaces(self):
        self.user.lang = "fr_FR"
        move = self._invoice()
        wizard = self._send(move)
        summary = html2plaintext(wizard.summary_html)
        self.assertIn("La facture a été acceptée par l'URSSAF.", summary)
        self.assertFalse(_faults(summary, ANY_SPACE), summary)
        request = move.l10n_fr_urssaf_payment_request_id.with_context(lang="fr_FR")
        self.assertFalse(_faults(request._figures_html(), ANY_SPACE))

    # ---------------------------------------------------------------- said once, status shown

    def test_after_sending_the_explanation_is_said_once(self):
        move = self._invoice()
        wizard = self._send(move)
        request = move.l10n_fr_urssaf_payment_request_id
        self.assertEqual(request.state, "integrated")
        told = "the client will be asked to validate it"
        self.assertEqual(request.instructions.count(told), 1, request.instructions)
        self.assertEqual(move.l10n_fr_urssaf_instructions.count(told), 1)
        self.assertEqual(html2plaintext(wizard.summary_html).count(told), 1)
        (note,) = self._invoice_notes(move)
        self.assertEqual(html2plaintext(note).count(told), 1, note)
        # a status no state stands for still tells what URSSAF's documentation says of it
        request._sync_write({"state": "other", "status_code": "80"})
        self.assertIn("80 Awaiting exchanges: ", request.instructions)

    def test_urssafs_status_is_shown_from_10_on(self):
        move, request = self._sent()
        self.assertEqual(move.l10n_fr_urssaf_request_status_label, "10 Integrated")
        self.assertEqual(
            move.with_context(lang="fr_FR").l10n_fr_urssaf_request_status_label, "10 Intégrée"
        )
        # URSSAF's own label once read
        self._live(hours=1, minutes=1)
        self.assertEqual(request.state, "awaiting_client")
        self.assertEqual(move.l10n_fr_urssaf_request_status_label, "20 En attente de validation")
        # a request URSSAF refused has error codes, not a status
        request._sync_write({"state": "rejected", "status_code": "ERR_X", "status_label": False})
        self.assertFalse(move.l10n_fr_urssaf_request_status_label)

    # ---------------------------------------------------------------- counts

    def test_counts_read_naturally(self):
        Wizard = self.env["l10n_fr_urssaf.payment.wizard"]
        Request = self.env["l10n_fr_urssaf.payment.request"]
        now = self.clock
        for lang in ("en_US", "fr_FR"):
            wizard, requests = Wizard.with_context(lang=lang), Request.with_context(lang=lang)
            texts = [
                wizard._check_summary(ready, problems)
                for ready, problems in (
                    (1, 0),
                    (3, 0),
                    (0, 1),
                    (0, 3),
                    (1, 1),
                    (2, 1),
                    (1, 2),
                    (3, 2),
                )
            ] + [
                wizard._outcome_summary(sent, total)
                for sent, total in ((0, 0), (0, 1), (1, 1), (0, 3), (1, 3), (2, 3), (3, 3))
            ]
            for stats in (
                {"done": 0, "recent": 1},
                {"done": 1, "errors": 1, "watched": 1, "locked": 1, "remaining": 1},
                {"done": 2, "errors": 1, "watched": 2, "locked": 2, "remaining": 2},
                {"done": 3, "errors": 2, "recent": 2},
                {"done": 1},
            ):
                texts.append(requests._cron_summary(stats, now))
            for text in texts:
                self.assertNotIn("(s)", text)
                self.assertNotRegex(text, r"(^|\D)0 ", text)
        self.assertEqual(
            Wizard._check_summary(0, 1), "The invoice must be corrected first: it will not be sent."
        )
        self.assertTrue(Wizard._check_summary(1, 0).startswith("The invoice is ready: it will"))
        self.assertTrue(Wizard._check_summary(3, 0).startswith("The 3 invoices are ready: they"))
        self.assertFalse(Wizard._check_summary(0, 0))
        self.assertEqual(
            Wizard._check_summary(1, 2),
            "2 invoices must be corrected first: they will not be sent. The other one will be "
            "sent.",
        )
        self.assertEqual(
            Wizard.with_context(lang="fr_FR")._check_summary(3, 1),
            "1 facture doit d'abord être corrigée\u00a0: elle ne sera pas envoyée. Les 3 autres "
            "seront envoyées.",
        )
        self.assertEqual(
            Wizard._outcome_summary(1, 3), "1 of the 3 invoices was accepted by URSSAF."
        )
        self.assertEqual(
            Request._cron_summary({"done": 0, "recent": 1}, now).split(". ")[0],
            "No payment request read at URSSAF",
        )
        # the wizard says it for a real selection
        faulty = self._invoice(l10n_fr_urssaf_service_start=False, l10n_fr_urssaf_service_end=False)
        wizard = self._wizard(faulty | self._invoice())
        self.assertEqual(
            wizard.check_summary,
            "1 invoice must be corrected first: it will not be sent. The other one will be sent.",
        )

    # ---------------------------------------------------------------- under the invoice's name

    def test_no_invoice_name_before_each_problem_under_its_own_name(self):
        move = self._invoice(l10n_fr_urssaf_service_start=False, l10n_fr_urssaf_service_end=False)
        for lang, prefix in (("en_US", f"Invoice {move.name}:"), ("fr_FR", f"Facture {move.name}")):
            self.user.lang = lang
            wizard = self._wizard(move)
            # the invoice's block names it once, in its header; its problems do not repeat it
            self.assertEqual(wizard.check_html.count(move.name), 1, wizard.check_html)
            problems = wizard.check_html.split("o_l10n_fr_urssaf_problems", 1)[1]
            self.assertIn("</li>", problems)
            self.assertNotIn(prefix, problems)
            texts = move.with_context(lang=lang)._l10n_fr_urssaf_problem_texts(
                move._l10n_fr_urssaf_prepare().problems
            )
            self.assertTrue(texts)
            self.assertFalse([text for text in texts if prefix in text], texts)
            alert = (
                self.env["account.move.send"]
                .with_context(lang=lang)
                ._l10n_fr_urssaf_alert(move.with_context(lang=lang), batch=False)
            )
            self.assertEqual(alert["message"].count(move.name), 1, alert["message"])

    # ---------------------------------------------------------------- a line without product

    def test_a_discount_line_without_product_is_told_to_get_its_nature_on_the_line(self):
        move = self._invoice(post=False)
        move.invoice_line_ids = [
            (0, 0, {"name": "Remise fidélité", "quantity": 1, "price_unit": -5.0}),
        ]
        move.action_post()
        line = move.invoice_line_ids.filtered(lambda line: not line.product_id)
        self.assertFalse(line.l10n_fr_urssaf_nature)
        texts = move._l10n_fr_urssaf_problem_texts(move._l10n_fr_urssaf_prepare().problems)
        about_the_line = [text for text in texts if "line 3 (Remise fidélité)" in text]
        self.assertTrue(about_the_line, texts)
        self.assertFalse([text for text in about_the_line if "on the product" in text], texts)
        self.assertIn(
            "line 3 (Remise fidélité) has no product, hence no URSSAF nature: choose the nature "
            "in the line's URSSAF nature column",
            "\n".join(texts),
        )
        # its nature set on the line: that problem is gone (a product line keeps its message)
        line.l10n_fr_urssaf_nature = "60"
        texts = move._l10n_fr_urssaf_problem_texts(move._l10n_fr_urssaf_prepare().problems)
        self.assertFalse([text for text in texts if "URSSAF nature" in text], texts)
        self.cleaning.l10n_fr_urssaf_nature = False
        product_move = self._invoice()
        texts = product_move._l10n_fr_urssaf_problem_texts(
            product_move._l10n_fr_urssaf_prepare().problems
        )
        self.assertIn("on the product", "\n".join(texts))

    # ---------------------------------------------------------------- notes keep line breaks

    def test_the_activity_of_a_contested_request_keeps_its_line_breaks(self):
        move, request = self._sent("REFUS", invoice_user_id=self.user.id)
        self._live(hours=1, minutes=1)
        self._live(hours=24)
        self.assertEqual(request.state, "contested")
        activity = request.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref(ACTIVITY_XMLID)
        )
        self.assertEqual(len(activity), 1)
        lines = [line for line in html2plaintext(activity.note).splitlines() if line.strip()]
        self.assertGreaterEqual(len(lines), 2, activity.note)
        self.assertIn("credit note", lines[0])
        self.assertTrue(lines[-1].startswith("CONTEST_ERR_FACT"), lines)
        self.assertIn("<br", str(activity.note))
        # the same in the invoice's chatter
        note = html2plaintext(self._invoice_notes(move)[0])
        self.assertRegex(note, r"credit note.*\n+CONTEST_ERR_FACT")

    # ---------------------------------------------------------------- one message per event

    def test_one_chatter_message_per_sending_and_per_status_change(self):
        move = self._invoice()
        before = len(self._messages(move))
        self._send(move)
        request = move.l10n_fr_urssaf_payment_request_id
        self.assertEqual(request.state, "integrated")
        self.assertEqual(len(self._messages(move)), before + 1)
        self.assertEqual(len(self._messages(request)), 1)
        self._live(hours=1, minutes=1)
        self.assertEqual(request.state, "awaiting_client")
        self.assertEqual(len(self._messages(move)), before + 2)
        self.assertEqual(len(self._messages(request)), 2)
        # what the invoice's message says: the new state and what to do
        self.assertIn("Awaiting the client", self._invoice_notes(move)[0])

    # ---------------------------------------------------------------- OCA labels

    def test_the_oca_department_labels_read_in_french(self):
        Partner = self.env["res.partner"].with_context(lang="fr_FR")
        for view_type, view in (
            ("list", "l10n_fr_department.view_partner_tree"),
            ("search", "l10n_fr_department.view_res_partner_filter"),
        ):
            arch = Partner.get_view(self.env.ref(view).inherit_id.id, view_type)["arch"]
            self.assertIn('string="Département"', arch, view_type)
            self.assertNotIn('string="Department"', arch, view_type)
        # the contact form (the field is shown in debug mode only)
        label = self.env.ref(f"{MODULE}.view_partner_form_l10n_fr_department_label")
        self.assertEqual(label.inherit_id, self.env.ref("l10n_fr_department.view_partner_form"))
        self.assertIn(
            '<attribute name="string">Département</attribute>',
            label.with_context(lang="fr_FR").arch_db,
        )
        # the department of birth's list is opened under the model's name
        model = self.env["ir.model"]._get("res.country.department")
        self.assertEqual(model.with_context(lang="fr_FR").name, "Département")
