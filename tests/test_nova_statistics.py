"""NOVA statistics: the figures of posted invoices per month, quarter and year, compared with
figures computed by hand, distinct clients never summed, other companies unseen."""

import csv
import io
from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, new_test_user, tagged

USER_GROUPS = "base.group_user,l10n_fr_urssaf_avance_immediate.group_urssaf_user"
JAN, FEB, MAR, APR = (date(2025, m, 1) for m in (1, 2, 3, 4))


@tagged("post_install", "-at_install")
class TestNovaStatistics(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        france = cls.env.ref("base.fr")
        euro = cls.env.ref("base.EUR")
        euro.active = True
        cls.company = cls.env.company
        cls.company.country_id = france
        cls.company_b = cls.env["res.company"].create(
            {"name": "SAP Services B (NOVA)", "country_id": france.id}
        )
        for company in cls.company | cls.company_b:
            if company.currency_id != euro:
                company.currency_id = euro
            if not company.chart_template:
                cls.env["account.chart.template"].try_loading("fr", company, install_demo=False)
        cls.tax_10 = cls._tax("10")
        cls.tax_10_included = cls._tax("10", included=True)
        hour = cls.env.ref("uom.product_uom_hour")
        Product = cls.env["product.product"]
        cls.cleaning = Product.create(
            {
                "name": "Ménage (NOVA)",
                "type": "service",
                "uom_id": hour.id,
                "uom_po_id": hour.id,
                "taxes_id": [(6, 0, cls.tax_10.ids)],
                "l10n_fr_urssaf_nature": "60",
            }
        )
        cls.meals = Product.create(
            {
                "name": "Préparation de repas (NOVA)",
                "type": "service",
                "taxes_id": [(6, 0, cls.tax_10_included.ids)],
                "l10n_fr_urssaf_nature": "120",
            }
        )
        cls.other = Product.create(
            {
                "name": "Autre service (NOVA)",
                "type": "service",
                "taxes_id": [(6, 0, cls.tax_10.ids)],
                "l10n_fr_urssaf_nature": "270",
            }
        )
        cls.travel = Product.create(
            {"name": "Frais de déplacement (NOVA)", "type": "service", "taxes_id": False}
        )
        Partner = cls.env["res.partner"]
        cls.alice, cls.bob, cls.carol = (
            Partner.create({"name": name}) for name in ("Alice NOVA", "Bob NOVA", "Carol NOVA")
        )
        # company A, Q1 2025 and one invoice of Q2
        cls._invoice(cls.alice, "2025-01-10", [(cls.cleaning, 10, 25.0), (cls.meals, 1, 30.0)])
        cls._invoice(cls.bob, "2025-01-20", [(cls.cleaning, 3.5, 24.5), (cls.travel, 1, 15.0)])
        cls._invoice(cls.alice, "2025-02-05", [(cls.cleaning, 4, 25.0), (cls.other, 1, 40.0)])
        cls._invoice(cls.bob, "2025-02-15", [(cls.cleaning, 1.5, 24.5)], move_type="out_refund")
        cls._invoice(cls.carol, "2025-02-20", [(cls.meals, 2, 30.0)])
        cls._invoice(cls.carol, "2025-01-25", [(cls.cleaning, 100, 25.0)], post=False)
        cls._invoice(cls.carol, "2025-04-10", [(cls.cleaning, 2, 25.0)])
        # company B bills Alice too: not A's figures
        cls._invoice(
            cls.alice, "2025-01-12", [(cls.cleaning, 7, 30.0)], company=cls.company_b, taxes=False
        )
        cls.env.flush_all()
        cls.user = new_test_user(
            cls.env,
            login="nova_user_a",
            groups=USER_GROUPS,
            company_id=cls.company.id,
            company_ids=[(6, 0, cls.company.ids)],
        )
        cls.user_b = new_test_user(
            cls.env,
            login="nova_user_b",
            groups=USER_GROUPS,
            company_id=cls.company_b.id,
            company_ids=[(6, 0, cls.company_b.ids)],
        )

    @classmethod
    def _tax(cls, amount, included=False):
        return cls.env["account.tax"].create(
            {
                "name": f"TVA {amount} %{' TTC' if included else ''} (NOVA test)",
                "amount": float(amount),
                "amount_type": "percent",
                "type_tax_use": "sale",
                "company_id": cls.company.id,
                "price_include_override": "tax_included" if included else "tax_excluded",
            }
        )

    @classmethod
    def _invoice(
        cls, partner, day, lines, move_type="out_invoice", post=True, company=None, taxes=True
    ):
        company = company or cls.company
        Move = cls.env["account.move"].with_company(company)
        move = Move.create(
            {
                "move_type": move_type,
                "partner_id": partner.id,
                "invoice_date": day,
                "invoice_line_ids": [
                    (
                        0,
                        0,
                        {
                            "product_id": product.id,
                            "quantity": quantity,
                            "price_unit": price,
                            **({} if taxes else {"tax_ids": [(6, 0, [])]}),
                        },
                    )
                    for product, quantity, price in lines
                ],
            }
        )
        if post:
            move.action_post()
        return move

    def _stats(self, user=None):
        return self.env["l10n_fr_urssaf.nova.statistics"].with_user(user or self.user)

    @staticmethod
    def _f(clients, hours, turnover):
        return {"clients": clients, "hours": hours, "turnover": turnover}

    # ------------------------------------------------------------------ the figures

    def test_quarter_figures_match_the_hand_computed_ones(self):
        figures = self._stats()._l10n_fr_urssaf_nova_figures(self.company, 2025, "1")
        self.assertEqual(figures["months"], [JAN, FEB, MAR])
        self.assertEqual(figures["quarters"], [])
        natures = {nature["code"]: nature for nature in figures["natures"]}
        # 270 is apart; the travel fees (no nature) are no home service
        self.assertEqual(list(natures), ["60", "120"])
        cleaning, meals = natures["60"], natures["120"]
        # January: Alice 10 h x 25 and Bob 3.5 h x 24.50; Alice's 30 € TTC meal is 27.27 HT
        self.assertEqual(cleaning["months"][JAN], self._f(2, 13.5, 335.75))
        self.assertEqual(meals["months"][JAN], self._f(1, 0.0, 27.27))
        # February: Alice 4 h; Bob's credit note of 1.5 h deducted (Bob is no client of the
        # month: he was only credited); Carol's 2 x 30 € TTC meals are 54.55 HT
        self.assertEqual(cleaning["months"][FEB], self._f(1, 2.5, 63.25))
        self.assertEqual(meals["months"][FEB], self._f(1, 0.0, 54.55))
        self.assertEqual(cleaning["months"][MAR], self._f(0, 0.0, 0.0))
        # the quarter: distinct clients, not the sum of the months (Alice is billed twice)
        self.assertEqual(cleaning["total"], self._f(2, 16.0, 399.0))
        self.assertEqual(meals["total"], self._f(2, 0.0, 81.82))
        # all activities: Alice is a client of both natures, counted once
        self.assertEqual(figures["months_total"][JAN], self._f(2, 13.5, 363.02))
        self.assertEqual(figures["months_total"][FEB], self._f(2, 2.5, 117.8))
        self.assertEqual(figures["months_total"][MAR], self._f(0, 0.0, 0.0))
        self.assertEqual(figures["total"], self._f(3, 16.0, 480.82))
        # the not eligible line (270) of Alice's February invoice, apart
        self.assertEqual(figures["not_eligible"], self._f(1, 0.0, 40.0))

    def test_year_figures_per_quarter_and_year(self):
        figures = self._stats()._l10n_fr_urssaf_nova_figures(self.company, 2025)
        self.assertEqual(len(figures["months"]), 12)
        self.assertEqual(figures["quarters"], ["1", "2", "3", "4"])
        cleaning = next(n for n in figures["natures"] if n["code"] == "60")
        self.assertEqual(cleaning["months"][APR], self._f(1, 2.0, 50.0))
        self.assertEqual(cleaning["quarters"]["1"], self._f(2, 16.0, 399.0))
        self.assertEqual(cleaning["quarters"]["2"], self._f(1, 2.0, 50.0))
        self.assertEqual(cleaning["total"], self._f(3, 18.0, 449.0))
        self.assertEqual(figures["quarters_total"]["1"], self._f(3, 16.0, 480.82))
        self.assertEqual(figures["quarters_total"]["2"], self._f(1, 2.0, 50.0))
        self.assertEqual(figures["quarters_total"]["3"], self._f(0, 0.0, 0.0))
        self.assertEqual(figures["total"], self._f(3, 18.0, 530.82))
        # another year: nothing
        empty = self._stats()._l10n_fr_urssaf_nova_figures(self.company, 2024)
        self.assertEqual(empty["natures"], [])
        self.assertEqual(empty["total"], self._f(0, 0.0, 0.0))

    def test_pivot_groups_count_distinct_clients(self):
        """What the pivot and the list read: a group's clients are distinct clients."""
        Stats = self._stats()
        domain = [("eligible", "=", True), ("year", "=", "2025")]
        rows = Stats.search(domain)
        # one row per month, nature and client; the draft and company B are absent
        self.assertEqual(len(rows), 7)
        self.assertEqual(sum(rows.mapped("clients")), 6)  # what a plain sum would say
        groups = Stats.read_group(domain, ["clients", "hours", "turnover_ht"], ["quarter"])
        by_quarter = {g["quarter"]: (g["clients"], g["hours"], g["turnover_ht"]) for g in groups}
        self.assertEqual(by_quarter["1"], (3, 16.0, 480.82))
        self.assertEqual(by_quarter["2"], (1, 2.0, 50.0))
        [year] = Stats.read_group(domain, ["clients", "turnover_ht"], ["year"])
        self.assertEqual((year["clients"], year["turnover_ht"]), (3, 530.82))
        months = Stats.read_group(domain, ["clients"], ["date:month", "nature"], lazy=False)
        self.assertEqual(
            sorted((g["date:month"], g["nature"], g["clients"]) for g in months),
            sorted(
                [
                    ("January 2025", "60", 2),
                    ("January 2025", "120", 1),
                    ("February 2025", "60", 1),
                    ("February 2025", "120", 1),
                    ("April 2025", "60", 1),
                ]
            ),
        )

    def test_the_figures_take_a_constant_number_of_queries(self):
        Stats = self._stats()
        Stats._l10n_fr_urssaf_nova_figures(self.company, 2025)  # warm the caches
        self.env.invalidate_all()
        with self.assertQueryCount(9):
            Stats._l10n_fr_urssaf_nova_figures(self.company, 2025)
        self._invoice(self.carol, "2025-03-03", [(self.cleaning, 1, 25.0), (self.meals, 1, 30.0)])
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(9):
            Stats._l10n_fr_urssaf_nova_figures(self.company, 2025)

    # ------------------------------------------------------------------ security

    def test_each_company_sees_only_its_own_figures(self):
        rows_b = self._stats(self.user_b).search([])
        self.assertTrue(rows_b)
        self.assertEqual(rows_b.company_id, self.company_b)
        self.assertEqual(rows_b.partner_id, self.alice)
        figures_b = self._stats(self.user_b)._l10n_fr_urssaf_nova_figures(self.company_b, 2025, "1")
        self.assertEqual(figures_b["total"], self._f(1, 7.0, 210.0))
        # company A's figures read by B's user: the record rule hides them
        hidden = self._stats(self.user_b)._l10n_fr_urssaf_nova_figures(self.company, 2025, "1")
        self.assertEqual(hidden["total"], self._f(0, 0.0, 0.0))
        self.assertEqual(hidden["natures"], [])
        self.assertNotIn(self.company_b, self._stats().search([]).company_id)
        # nor through the export
        wizard = (
            self.env["l10n_fr_urssaf.nova.export"]
            .with_user(self.user_b)
            .create({"company_id": self.company_b.id, "year": 2025, "quarter": "1"})
        )
        wizard.company_id = self.company
        with self.assertRaises(UserError):
            wizard.action_download_csv()

    def test_a_user_without_urssaf_rights_reads_nothing(self):
        clerk = new_test_user(
            self.env,
            login="nova_clerk",
            groups="base.group_user,account.group_account_invoice",
            company_id=self.company.id,
            company_ids=[(6, 0, self.company.ids)],
        )
        with self.assertRaises(AccessError):
            self._stats(clerk).search([])

    # ------------------------------------------------------------------ export

    def _wizard(self, quarter="1"):
        return (
            self.env["l10n_fr_urssaf.nova.export"]
            .with_user(self.user)
            .create({"company_id": self.company.id, "year": 2025, "quarter": quarter})
        )

    def test_csv_export_of_a_quarter(self):
        action = self._wizard().action_download_csv()
        attachment_id = int(action["url"].split("/web/content/")[1].split("?")[0])
        attachment = self.env["ir.attachment"].browse(attachment_id)
        text = attachment.raw.decode("utf-8")
        self.assertTrue(text.startswith("\ufeff"))
        rows = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
        self.assertEqual(
            rows[0],
            [
                "Period type",
                "Period",
                "Nature code",
                "Activity",
                "Clients",
                "Hours billed",
                "Turnover before tax",
            ],
        )
        by_key = {(row[1], row[2], row[3][:3] if row[2] else row[3]): row[4:] for row in rows[1:]}
        self.assertEqual(by_key[("2025-01", "60", "60 ")], ["2", "13.50", "335.75"])
        self.assertEqual(by_key[("2025-02", "", "All activities")], ["2", "2.50", "117.80"])
        self.assertEqual(by_key[("Q1 2025", "60", "60 ")], ["2", "16.00", "399.00"])
        self.assertEqual(by_key[("Q1 2025", "", "All activities")], ["3", "16.00", "480.82"])
        self.assertEqual(
            by_key[("Q1 2025", "", "Not eligible (not included above)")], ["1", "0.00", "40.00"]
        )

    def test_csv_in_french_uses_decimal_commas(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        wizard = self._wizard(quarter=False).with_context(lang="fr_FR")
        rows = wizard._csv_rows(wizard._figures())
        year_total = [row for row in rows if row[1] == "2025" and row[2] == ""][0]
        self.assertEqual(year_total[4:], ["3", "18,00", "530,82"])
        self.assertEqual(len(rows), 1 + 2 * (12 + 4 + 1) + 12 + 4 + 1 + 1)

    def test_the_report_prints_the_quarter(self):
        wizard = self._wizard()
        html = (
            self.env["ir.actions.report"]
            .with_user(self.user)
            ._render_qweb_html(
                "l10n_fr_urssaf_avance_immediate.report_nova_statistics", wizard.ids
            )[0]
            .decode()
        )
        self.assertIn("NOVA quarterly statement (EMA) Q1 2025", html)
        self.assertIn("335.75", html)
        self.assertIn("480.82", html)
        self.assertIn("Not eligible services", html)

    def test_the_default_period_is_the_last_ended_quarter(self):
        Export = self.env["l10n_fr_urssaf.nova.export"]
        with freeze_time(date(2026, 2, 10)):
            self.assertEqual(Export._default_period(), (2025, "4"))
        with freeze_time(date(2026, 7, 1)):
            self.assertEqual(Export._default_period(), (2026, "2"))
        wizard = Export.create({"year": 1999})
        with self.assertRaises(UserError):
            wizard.action_print()

    def test_the_period_filters_select_the_right_months(self):
        from dateutil.relativedelta import relativedelta
        from lxml import etree

        from odoo.tools.safe_eval import safe_eval

        arch = self.env.ref(
            "l10n_fr_urssaf_avance_immediate.l10n_fr_urssaf_nova_statistics_view_search"
        ).arch
        filters = {
            node.get("name"): node.get("domain") for node in etree.fromstring(arch).iter("filter")
        }

        def bounds(name, today):
            domain = safe_eval(
                filters[name], {"context_today": lambda: today, "relativedelta": relativedelta}
            )
            return [(field, operator, value) for field, operator, value in domain]

        today = date(2026, 2, 10)
        self.assertEqual(
            bounds("this_quarter", today),
            [("date", ">=", "2026-01-01"), ("date", "<", "2026-04-01")],
        )
        self.assertEqual(
            bounds("last_quarter", today),
            [("date", ">=", "2025-10-01"), ("date", "<", "2026-01-01")],
        )
        self.assertEqual(
            bounds("this_year", today),
            [("date", ">=", "2026-01-01"), ("date", "<", "2027-01-01")],
        )
        self.assertEqual(
            bounds("last_quarter", date(2026, 12, 31)),
            [("date", ">=", "2026-07-01"), ("date", "<", "2026-10-01")],
        )
