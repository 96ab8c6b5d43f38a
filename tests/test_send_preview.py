"""The send wizard's preview, as a provider reads it: per invoice the client, the dates in the
user's format, the lines sent (nature, unit, quantity, unit price sent, amounts), the totals,
URSSAF's advance and the client's share, why a unit price sent differs from the typed one; the
JSON only for the URSSAF managers, folded."""

import json
import re
from decimal import Decimal

from lxml import etree, html

from odoo.tests import new_test_user, tagged

from odoo.addons.l10n_fr_urssaf_avance_immediate.urssaf_api import NATURE_CODES

from .common import IBAN
from .payment_common import UrssafPaymentCommon

NBSP = "\u00a0"
MANAGER_GROUPS = "base.group_user,l10n_fr_urssaf_avance_immediate.group_urssaf_manager"
#: what the raw request says and a provider should not have to read
JSON_WORDS = ("idTiersFacturation", "complement2", "numFactureTiers", "mntUnitaireTTC", "T00:00")


@tagged("post_install", "-at_install")
class TestSendPreview(UrssafPaymentCommon):
    # ---------------------------------------------------------------- helpers

    def _blocks(self, wizard):
        """The invoice blocks of the wizard, in order."""
        root = html.fromstring(f"<div>{wizard.check_html}</div>")
        return root.xpath("//div[contains(@class, 'o_l10n_fr_urssaf_invoice')]")

    @staticmethod
    def _squash(text):
        """Spaces and line breaks of the markup squashed (the no-break spaces kept)."""
        return re.sub(r"[ \t\r\n]+", " ", text).strip()

    def _text(self, node, css):
        found = node.xpath(f".//*[contains(@class, '{css}')]")
        return " ".join(self._squash(element.text_content()) for element in found)

    def _rows(self, block):
        """The cells of each line of the preview's table."""
        return [
            [self._squash(cell.text_content()) for cell in row.xpath("./td")]
            for row in block.xpath(
                ".//table[contains(@class, 'o_l10n_fr_urssaf_preview_lines')]/tbody/tr"
            )
        ]

    def _money(self, text):
        """'1 234,50 €' / '1,234.50 €' → Decimal, in the user's format."""
        number = text.replace(NBSP, " ").replace("€", "").strip()
        if "," in number and number.rfind(",") > number.rfind("."):  # French
            number = number.replace(".", "").replace(" ", "").replace("\u202f", "")
            number = number.replace(",", ".")
        else:
            number = number.replace(",", "")
        return Decimal(number)

    def _nature(self, code, french=False):
        nature = NATURE_CODES[code]
        return f"{code} – {nature.label_fr if french else nature.label_en}"

    # ---------------------------------------------------------------- tests

    def test_a_one_line_invoice_reads_as_sent(self):
        move = self._invoice(lines=[(self.cleaning, 10, 25.0)])
        wizard = self._wizard(move)
        self.assertEqual((wizard.ready_count, wizard.problem_count), (1, 0), wizard.check_html)
        (block,) = self._blocks(wizard)
        self.assertIn(f"Invoice {move.name}", block.text_content())
        self.assertEqual(self._text(block, "o_l10n_fr_urssaf_preview_client"), "Jeanne MARTIN")
        # dates in the user's format (English: month/day/year), never ISO
        self.assertEqual(
            self._text(block, "o_l10n_fr_urssaf_preview_date"), self.today.strftime("%m/%d/%Y")
        )
        self.assertEqual(
            self._text(block, "o_l10n_fr_urssaf_preview_period"),
            f"{self.period_start.strftime('%m/%d/%Y')} to {self.today.strftime('%m/%d/%Y')}"
            if self.period_start != self.today
            else self.today.strftime("%m/%d/%Y"),
        )
        # the line as sent: 10 h at 27.50 € incl. VAT (typed 25 € excl. VAT + 10 %)
        self.assertEqual(
            self._rows(block),
            [
                [
                    "1. Ménage",
                    self._nature("60"),
                    "Hour",
                    "10",
                    f"27.50{NBSP}€",
                    f"250.00{NBSP}€",
                    f"25.00{NBSP}€",
                    f"275.00{NBSP}€",
                ]
            ],
        )
        self.assertEqual(self._text(block, "o_l10n_fr_urssaf_preview_total"), f"275.00{NBSP}€")
        self.assertEqual(self._text(block, "o_l10n_fr_urssaf_preview_advance"), f"137.50{NBSP}€")
        self.assertEqual(self._text(block, "o_l10n_fr_urssaf_preview_share"), f"137.50{NBSP}€")
        # nothing to explain: the unit price sent is the one the typed price gives
        self.assertFalse(block.xpath(".//*[contains(@class, 'o_l10n_fr_urssaf_preview_prices')]"))
        # the raw request is not what the provider reads
        for word in JSON_WORDS:
            self.assertNotIn(word, wizard.check_html)
        # and the preview says what the request says
        payload = json.loads(wizard.payload_preview)
        self.assertEqual(payload["inputPrestations"][0]["mntUnitaireTTC"], 27.5)
        self.assertEqual(payload["mntFactureTTC"], 275)

    def test_a_half_cent_unit_price_is_explained(self):
        # 2.5 meals at 10.05 € typed tax-included: 25.125 €, which the invoice rounds to 25.13 €
        # and URSSAF might round to 25.12 €: sent at 10.052 € (2.5 × 10.052 = 25.13 exactly)
        move = self._invoice(lines=[(self.cleaning, 10, 25.0), (self.meals, 2.5, 10.05)])
        meals_line = move.invoice_line_ids.filtered(lambda line: line.product_id == self.meals)
        self.assertAlmostEqual(meals_line.price_total, 25.13, places=2)
        self.assertAlmostEqual(move.amount_total, 300.13, places=2)
        wizard = self._wizard(move)
        self.assertEqual(wizard.ready_count, 1, wizard.check_html)
        (block,) = self._blocks(wizard)
        rows = self._rows(block)
        self.assertEqual(len(rows), 2)
        self.assertEqual(rows[0][1:5], [self._nature("60"), "Hour", "10", f"27.50{NBSP}€"])
        self.assertEqual(
            rows[1],
            [
                "2. Préparation de repas",
                self._nature("120"),
                "Flat rate",
                "2.5",
                f"10.052{NBSP}€",
                f"22.85{NBSP}€",
                f"2.28{NBSP}€",
                f"25.13{NBSP}€",
            ],
        )
        # the unit price that differs is marked, and one line says when and why
        (price_cell,) = block.xpath(".//tbody/tr[2]/td[5]")
        self.assertIn("text-info", price_cell.get("class"))
        explanation = self._text(block, "o_l10n_fr_urssaf_preview_prices")
        self.assertIn("Line 2 (Préparation de repas)", explanation)
        self.assertIn(
            f"unit price sent 10.052{NBSP}€ instead of the 10.05{NBSP}€ typed", explanation
        )
        self.assertIn(f"2.5 × 10.05{NBSP}€ = 25.125{NBSP}€", explanation)
        self.assertIn(f"25.12{NBSP}€ or to 25.13{NBSP}€", explanation)
        self.assertIn(f"2.5 × 10.052{NBSP}€ gives the line's 25.13{NBSP}€", explanation)
        self.assertNotIn("Line 1", explanation)
        # totals, then URSSAF's half and the client's, which add up to the total to the cent
        self.assertEqual(self._text(block, "o_l10n_fr_urssaf_preview_total"), f"300.13{NBSP}€")
        advance = self._money(self._text(block, "o_l10n_fr_urssaf_preview_advance"))
        share = self._money(self._text(block, "o_l10n_fr_urssaf_preview_share"))
        self.assertEqual((advance, share), (Decimal("150.06"), Decimal("150.07")))
        self.assertEqual(advance + share, Decimal("300.13"))
        values = wizard._l10n_fr_urssaf_preview_values(move, move._l10n_fr_urssaf_prepare())
        self.assertEqual(
            values["amounts"]["advance"] + values["amounts"]["share"],
            values["amounts"]["total_ttc"],
        )
        self.assertEqual(values["amounts"]["total_ttc"], Decimal("300.13"))
        # what is shown is what is sent
        items = json.loads(wizard.payload_preview)["inputPrestations"]
        self.assertEqual([item["mntUnitaireTTC"] for item in items], [27.5, 10.052])
        wizard.action_send()
        self.assertEqual(wizard.sent_count, 1, wizard.summary_html)
        sent = json.loads(move.l10n_fr_urssaf_payment_request_id.payload)["inputPrestations"]
        self.assertEqual(sent[1]["mntUnitaireTTC"], 10.052)

    def test_a_unit_price_computed_from_a_discounted_line_is_explained(self):
        # 3 h at 30.30 € excl. VAT, 10 % off, + 10 % VAT: 89.99 €, i.e. 29.9966… € an hour;
        # no 2-decimal price gives 89.99 € for 3 h (29.99 → 89.97, 30.00 → 90.00): 29.997 €
        line = {"product_id": self.cleaning.id, "quantity": 3, "price_unit": 30.30}
        move = self._invoice(
            invoice_line_ids=[
                (0, 0, dict(line, discount=10.0)),
                (0, 0, {"product_id": self.cleaning.id, "quantity": 2, "price_unit": 25.0}),
            ]
        )
        self.assertAlmostEqual(move.invoice_line_ids[0].price_total, 89.99, places=2)
        wizard = self._wizard(move)
        self.assertEqual(wizard.ready_count, 1, wizard.check_html)
        (block,) = self._blocks(wizard)
        rows = self._rows(block)
        self.assertEqual([row[4] for row in rows], [f"29.997{NBSP}€", f"27.50{NBSP}€"])
        self.assertEqual(rows[0][7], f"89.99{NBSP}€")
        explanation = self._text(block, "o_l10n_fr_urssaf_preview_prices")
        self.assertIn("Line 1 (Ménage): price typed excluding VAT or with a discount", explanation)
        self.assertIn(f"3 × 29.997{NBSP}€ gives 89.99{NBSP}€ to the cent", explanation)
        # the second line's unit price, 25 € + 10 % = 27.50 € exactly, needs no word
        self.assertNotIn("Line 2", explanation)
        (plain,) = block.xpath(".//tbody/tr[2]/td[5]")
        self.assertNotIn("text-info", plain.get("class"))

    def test_dates_and_amounts_in_the_users_format(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.user.lang = "fr_FR"
        move = self._invoice(
            lines=[(self.cleaning, 10, 25.0), (self.meals, 2.5, 10.05), (self.meals, 1, 1000.0)],
            l10n_fr_urssaf_deposit_amount=100.0,
            l10n_fr_urssaf_deposit_date=self.period_start,
        )
        wizard = self._wizard(move)
        self.assertEqual(wizard.ready_count, 1, wizard.check_html)
        (block,) = self._blocks(wizard)
        day = self._text(block, "o_l10n_fr_urssaf_preview_date")
        self.assertRegex(day, r"^\d{2}/\d{2}/\d{4}$")
        self.assertEqual(day, self.today.strftime("%d/%m/%Y"))
        period = self._text(block, "o_l10n_fr_urssaf_preview_period")
        self.assertIn(self.period_start.strftime("%d/%m/%Y"), period)
        self.assertIn(self.today.strftime("%d/%m/%Y"), period)
        self.assertNotRegex(block.text_content(), r"\d{4}-\d{2}-\d{2}")
        rows = self._rows(block)
        # French numbers: decimal comma, thousands grouped, the euro after a no-break space
        self.assertEqual(rows[0][1], self._nature("60", french=True))
        self.assertEqual(rows[0][3:5], ["10", f"27,50{NBSP}€"])
        self.assertEqual(rows[1][3:5], ["2,5", f"10,052{NBSP}€"])
        self.assertRegex(rows[2][7], rf"^1\D?000,00{NBSP}€$")
        total = self._text(block, "o_l10n_fr_urssaf_preview_total")
        self.assertRegex(total, rf"^1\D?300,13{NBSP}€$")
        self.assertEqual(self._money(total), Decimal("1300.13"))
        advance = self._money(self._text(block, "o_l10n_fr_urssaf_preview_advance"))
        share = self._money(self._text(block, "o_l10n_fr_urssaf_preview_share"))
        self.assertEqual(advance + share, Decimal("1300.13"))
        self.assertEqual(share - advance, Decimal("0.01"))  # the odd cent is the client's
        # the deposit, part of the client's share, with its date
        self.assertIn(f"100,00{NBSP}€", block.text_content())
        self.assertIn(f"({self.period_start.strftime('%d/%m/%Y')})", block.text_content())

    def test_several_invoices_one_block_each_problems_under_their_header(self):
        ready = self._invoice(lines=[(self.cleaning, 2, 25.0)])
        faulty = self._invoice(lines=[(self.cleaning, 2, 25.0), (self.other, 1, 10.0)])
        wizard = self._wizard(ready | faulty)
        self.assertEqual((wizard.ready_count, wizard.problem_count), (1, 1))
        blocks = {self._text(block, "ms-1"): block for block in self._blocks(wizard)}
        self.assertEqual(set(blocks), {f"Invoice {ready.name}", f"Invoice {faulty.name}"})
        first, second = blocks[f"Invoice {ready.name}"], blocks[f"Invoice {faulty.name}"]
        # the ready one shows its preview, the faulty one its problems and no preview
        self.assertEqual(len(self._rows(first)), 1)
        self.assertFalse(first.xpath(".//*[contains(@class, 'o_l10n_fr_urssaf_problems')]"))
        self.assertFalse(second.xpath(".//*[contains(@class, 'o_l10n_fr_urssaf_preview')]"))
        problems = second.xpath(".//ul[contains(@class, 'o_l10n_fr_urssaf_problems')]/li")
        self.assertTrue(problems)
        texts = [self._squash(item.text_content()) for item in problems]
        self.assertTrue(any("270" in text for text in texts), texts)
        # under the invoice's own header, no message repeats "Invoice <number>:"
        for text in texts:
            self.assertFalse(text.startswith("Invoice "), text)
            self.assertNotIn(f"{faulty.name}:", text)
        self.assertTrue(any(text.startswith("Line 2 (Autre service)") for text in texts), texts)

    def test_the_json_is_for_managers_only_and_folded(self):
        manager = new_test_user(
            self.env,
            login="urssaf_preview_manager",
            groups=MANAGER_GROUPS,
            company_id=self.company.id,
            company_ids=[(6, 0, self.company.ids)],
        )
        wizards = self.env["l10n_fr_urssaf.payment.wizard"]
        # the view element carries the managers' group
        view = self.env.ref(
            "l10n_fr_urssaf_avance_immediate.l10n_fr_urssaf_payment_wizard_view_form"
        )
        (details,) = etree.fromstring(view.arch_db.encode()).xpath(
            "//details[.//field[@name='payload_preview']]"
        )
        self.assertEqual(
            details.get("groups"), "l10n_fr_urssaf_avance_immediate.group_urssaf_manager"
        )
        self.assertIsNone(details.get("open"))  # folded
        # as each user gets it
        user_arch = wizards.with_user(self.user).get_views([(False, "form")])["views"]["form"]
        self.assertNotIn("payload_preview", user_arch["arch"])
        self.assertNotIn("<details", user_arch["arch"])
        manager_arch = wizards.with_user(manager).get_views([(False, "form")])["views"]["form"]
        (shown,) = etree.fromstring(manager_arch["arch"].encode()).xpath("//details")
        self.assertTrue(shown.xpath(".//field[@name='payload_preview']"))
        self.assertTrue(shown.xpath("./summary"))
        # what the managers see there: the request, which holds no IBAN
        move = self._invoice()
        wizard = self._wizard(move, user=manager)
        payload = json.loads(wizard.payload_preview)
        self.assertEqual(payload["numFactureTiers"], move.name)
        self.assertNotIn(IBAN, wizard.payload_preview)
        self.assertNotIn("iban", wizard.payload_preview.lower())
        self.assertIsNone(re.search(r"FR\d{2}[0-9A-Z ]{10,}", wizard.payload_preview))
        for word in JSON_WORDS:
            self.assertNotIn(word, wizard.check_html)
