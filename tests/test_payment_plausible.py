"""Plausible amounts in the send wizard: more than 24 hours per day of service refused; an
invoice above the company's warning amount and a client above the tax credit's yearly ceiling
warned (the invoice is still sent)."""

import html
from datetime import UTC, datetime, timedelta

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from odoo.addons.l10n_fr_urssaf_avance_immediate.urssaf_api import outcomes

from .sync_common import UrssafSyncCommon

WARN = "is above your company's warning amount"
CEILING = "above the yearly ceiling of expenses for the tax credit"


@tagged("post_install", "-at_install")
class TestPaymentPlausible(UrssafSyncCommon):
    def setUp(self):
        super().setUp()
        self.company.l10n_fr_urssaf_warn_amount = 5000.0
        self.days = (self.today - self.period_start).days + 1

    def _meals(self, quantity, partner=None, **values):
        """``quantity`` meal packages at 30 € tax included (flat rate)."""
        return self._invoice(partner, lines=[(self.meals, quantity, 30.0)], **values)

    def _check(self, move):
        wizard = self._wizard(move)
        return wizard, html.unescape(wizard.check_html or "")

    @staticmethod
    def _summary(wizard):
        return html.unescape(wizard.summary_html or "")

    def _named(self, number):
        """A later invoice's number (not following a sandbox scenario's number)."""
        return {"name": f"INV/{self.today.year}/{number:05d}"}

    # ---------------------------------------------------------------- hours per day (refused)

    def test_a_billion_hours_are_refused_with_a_clear_message(self):
        move = self._invoice(lines=[(self.cleaning, 1e9, 25.0)])
        self.assertEqual(move.amount_total, 27_500_000_000.0)
        wizard, text = self._check(move)
        self.assertEqual((wizard.ready_count, wizard.problem_count), (0, 1))
        self.assertIn(
            "Invoice lines: 1000000000 hours billed (line 1 (Ménage): "
            f"1000000000 h) for {self.days} day(s) of service",
            text,
        )
        self.assertIn(f"more than 24 hours a day ({24 * self.days} h at most)", text)
        # the send button is hidden; a call anyway sends nothing
        wizard.action_send()
        self.assertEqual(self._e3_calls(), 0)
        self.assertFalse(self._requests(move))
        self.assertIn("To correct", self._summary(wizard))
        # the same through the sending method a script would call: refused, nothing sent
        ((sent_move, outcome, message),) = (
            self.env["l10n_fr_urssaf.payment.request"].with_user(self.user)._send_invoices(move)
        )
        self.assertEqual((sent_move, outcome), (move, outcomes.INVALID))
        self.assertIn("1000000000 hours billed", message)
        self.assertEqual(self._e3_calls(), 0)

    def test_24_hours_a_day_pass_one_hundredth_more_does_not(self):
        hours = 24 * self.days
        ok = self._invoice(lines=[(self.cleaning, hours, 25.0)])
        over = self._invoice(lines=[(self.cleaning, hours + 0.01, 25.0)])
        self.company.l10n_fr_urssaf_warn_amount = 0.0
        wizard = self._wizard(ok | over)
        self.assertEqual((wizard.ready_count, wizard.problem_count), (1, 1))
        # under each invoice's own name, without the invoice's name again
        self.assertNotIn(f"Invoice {over.name}:", wizard.check_html)
        self.assertEqual(wizard.check_html.count("hours billed"), 1)
        self.assertIn(f"{hours + 0.01:g} hours billed", wizard.check_html)
        wizard.action_send()
        self.assertEqual(ok.l10n_fr_urssaf_payment_request_id.state, "integrated")
        self.assertFalse(self._requests(over))

    # ---------------------------------------------------------------- warning amount (warned)

    def test_the_warning_amount_is_a_company_setting_of_5000_by_default(self):
        company = self.env["res.company"].create({"name": "Another SAP provider"})
        self.assertEqual(company.l10n_fr_urssaf_warn_amount, 5000.0)
        views = self.env["res.config.settings"].get_views([(False, "form")])
        self.assertIn('name="l10n_fr_urssaf_warn_amount"', views["views"]["form"]["arch"])
        self.env["res.config.settings"].create({"l10n_fr_urssaf_warn_amount": 1234.5}).execute()
        self.assertEqual(self.company.l10n_fr_urssaf_warn_amount, 1234.5)
        with self.assertRaisesRegex(ValidationError, "URSSAF warning amount: -1.0 is negative"):
            self.company.l10n_fr_urssaf_warn_amount = -1.0

    def test_an_invoice_above_the_warning_amount_is_warned_and_still_sent(self):
        move = self._invoice()  # 305 €
        self.company.l10n_fr_urssaf_warn_amount = 305.0
        self.assertNotIn(WARN, self._check(move)[1])
        self.company.l10n_fr_urssaf_warn_amount = 0.0  # no warning at all
        self.assertNotIn(WARN, self._check(move)[1])
        self.company.l10n_fr_urssaf_warn_amount = 304.99
        wizard, text = self._check(move)
        self.assertEqual((wizard.ready_count, wizard.problem_count), (1, 0))
        self.assertIn(f"Total including VAT: 305.00 € {WARN} (304.99 €)", text)
        self.assertNotIn(f"Invoice {move.name}:", text)
        self.assertIn("text-warning", text)
        wizard.action_send()
        self.assertEqual(move.l10n_fr_urssaf_payment_request_id.state, "integrated")
        self.assertIn("Accepted by URSSAF", self._summary(wizard))
        self.assertIn(WARN, self._summary(wizard))

    def test_the_warning_amount_is_the_invoice_companys(self):
        move = self._invoice()
        other = self.env["res.company"].create({"name": "Another SAP provider"})
        other.l10n_fr_urssaf_warn_amount = 1.0
        self.assertNotIn(WARN, self._check(move)[1])

    # ---------------------------------------------------------------- yearly ceiling (warned)

    def test_the_ceiling_counts_the_clients_requests_of_the_year_only(self):
        # another client of the same company (activated 9 days ago, as the first)
        self.sandbox.set_now(datetime.now(UTC) - timedelta(days=10))
        paul = self._partner("paul", name="Paul DURAND")
        self._register(paul, has_account="no")
        self.sandbox.set_now(datetime.now(UTC))
        self._link(paul).with_user(self.user).action_refresh_status()
        self.assertEqual(self._link(paul).state, "active")
        self.company.l10n_fr_urssaf_warn_amount = 0.0
        first = self._meals(200)  # 6,000 €
        self.assertNotIn(CEILING, self._check(first)[1])
        self._send(first)
        self.assertEqual(first.l10n_fr_urssaf_payment_request_id.state, "integrated")
        # refused by the client, cancelled: not counted
        _move, refused = self._sent("REFUS", lines=[(self.meals, 200, 30.0)])
        _move, cancelled = self._sent("ANNUL", lines=[(self.meals, 200, 30.0)])
        self._live(days=2)
        self.assertEqual((refused.state, cancelled.state), ("contested", "cancelled"))
        # another client of the same company: not counted
        other_client = self._meals(300, partner=paul, **self._named(91))
        self._send(other_client)
        self.assertEqual(other_client.l10n_fr_urssaf_payment_request_id.state, "integrated")
        # the same client at another company: not counted
        self._other_company_request(self.client_partner, 6000.0)
        # 6,000 + 6,000: the ceiling is reached, not passed
        second = self._meals(200, **self._named(92))
        self.assertEqual(second._l10n_fr_urssaf_client_year_total(), 6000)
        self.assertNotIn(CEILING, self._check(second)[1])
        self._send(second)
        self.assertEqual(second.l10n_fr_urssaf_payment_request_id.state, "integrated")
        # one more meal: 12,030 €, warned, still sent
        third = self._meals(1, **self._named(93))
        wizard, text = self._check(third)
        self.assertEqual((wizard.ready_count, wizard.problem_count), (1, 0))
        year = self.period_start.year
        self.assertIn(
            "Total including VAT: with this invoice, this client's "
            f"services sent to URSSAF by your company for {year} reach 12,030.00 €, {CEILING} "
            "(12,000.00 € in the general case, article 199 sexdecies of the French tax code). "
            "Their ceiling may be higher",
            text,
        )
        wizard.action_send()
        self.assertEqual(third.l10n_fr_urssaf_payment_request_id.state, "integrated")
        self.assertIn(CEILING, self._summary(wizard))

    def _other_company_request(self, partner, amount):
        """A request URSSAF holds for ``partner`` at another company of the database (as the
        sending records it)."""
        company_b = self.env["res.company"].create(
            {"name": "SAP Services B", "country_id": self.france.id}
        )
        self._french_accounting(company_b)
        move = (
            self.env["account.move"]
            .with_company(company_b)
            .create(
                {
                    "move_type": "out_invoice",
                    "partner_id": partner.id,
                    "invoice_date": self.today,
                    "l10n_fr_urssaf_service_start": self.period_start,
                    "l10n_fr_urssaf_service_end": self.today,
                    "invoice_line_ids": [
                        (0, 0, {"name": "Repas", "quantity": 1, "price_unit": amount})
                    ],
                }
            )
        )
        move.action_post()
        self.Request.sudo()._sync_create(
            {
                "move_id": move.id,
                "company_id": company_b.id,
                "invoice_number": move.name,
                "amount_total": amount,
                "amount_untaxed": amount,
                "service_start": self.period_start,
                "service_end": self.today,
                "state": "integrated",
                "urssaf_id": "other-company-request",
            }
        )
        self.assertEqual(move.company_id, company_b)

    def test_the_ceiling_counts_the_invoices_sent_together(self):
        self.company.l10n_fr_urssaf_warn_amount = 0.0
        first, second = self._meals(200), self._meals(200)  # 6,000 € each
        other = self._meals(1, partner=self._partner("paul", name="Paul DURAND"))
        self.assertNotIn(CEILING, self._check(first)[1])
        self.assertNotIn(CEILING, self._wizard(first | second).check_html)
        third = self._meals(1)
        wizard, text = self._check(first | second | third | other)
        # each of the client's three invoices: 12,030 € with the two others; Paul is not counted
        self.assertEqual(text.count("reach 12,030.00 €"), 3)
        # sent already, the first is counted once (as sent), not again as selected
        self._send(first)
        wizard, text = self._check(first | second | third | other)
        self.assertEqual(text.count("reach 12,030.00 €"), 2)
        self.assertNotIn("reach 18,030.00 €", text)
        wizard.action_send()
        self.assertEqual(self._e3_calls(), 2)
        self.assertEqual(wizard.sent_count, 2)  # the first was sent; Paul is not registered
        self.assertEqual(self._summary(wizard).count("reach 12,030.00 €"), 2)

    def test_a_client_past_the_ceiling_alone_is_warned_with_the_figures(self):
        self.company.l10n_fr_urssaf_warn_amount = 0.0
        move = self._meals(401)  # 12,030 €
        self.assertEqual(move._l10n_fr_urssaf_client_year_total(), 0)
        text = self._check(move)[1]
        self.assertIn("reach 12,030.00 €", text)
        self.assertIn("+ 1,500.00 € per dependent child", text)
        self.assertIn("the advance URSSAF paid on that part is taken back", text)

    def test_the_wizard_results_list_the_outcome_even_without_a_warning(self):
        move = self._invoice()
        wizard = self._send(move)
        self.assertEqual(wizard.sent_count, 1)
        self.assertNotIn(WARN, self._summary(wizard))
        self.assertNotIn(CEILING, self._summary(wizard))
        self.assertIn("Accepted by URSSAF", self._summary(wizard))
