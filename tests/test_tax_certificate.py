"""The annual tax certificate: a year of invoices of two clients (one paid through the immediate
advance with URSSAF's transfer booked by the synchronisation, direct payments, prepaid CESU, a
December invoice paid in January, a credit note refunded, a line that is no home service), every
total compared to the cent; a new version when a late payment changes the amounts; the rights;
the mentions the regulation requires."""

import io
import shutil
from datetime import date

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools.pdf import PdfFileReader

from odoo.addons.l10n_fr_urssaf_avance_immediate.models import (
    l10n_fr_urssaf_tax_certificate_run as run_module,
)
from odoo.addons.l10n_fr_urssaf_avance_immediate.models.l10n_fr_urssaf_tax_certificate_pdf import (  # noqa: E501
    wkhtmltopdf_patched,
)
from odoo.addons.l10n_fr_urssaf_avance_immediate.urssaf_api.catalogue.natures import (
    ELIGIBLE_NATURE_CODES,
)

from .common import USER_GROUPS
from .sync_common import UrssafSyncCommon

MANAGER_GROUPS = USER_GROUPS + ",l10n_fr_urssaf_avance_immediate.group_urssaf_manager"


@tagged("post_install", "-at_install")
class TestTaxCertificate(UrssafSyncCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {
                "l10n_fr_urssaf_sap_number": "SAP852330992",
                "l10n_fr_urssaf_sap_date": date(2019, 5, 14),
                "street": "3 rue du Marché",
                "zip": "77300",
                "city": "Fontainebleau",
            }
        )
        cls.manager = cls._company_user(
            "urssaf_certificate_manager", cls.company, groups=MANAGER_GROUPS
        )
        cls.cesu_method = cls.env["account.payment.method.line"].create(
            {
                "name": "CESU préfinancé",
                "payment_method_id": cls.env.ref("account.account_payment_method_manual_in").id,
                "journal_id": cls.bank_journal.id,
                "l10n_fr_urssaf_is_cesu": True,
            }
        )
        cls.Certificate = cls.env["l10n_fr_urssaf.tax.certificate"]
        # no home service (nature 270), no tax: 100 € on an invoice
        cls.not_sap = cls.env["product.product"].create(
            {
                "name": "Vente de matériel",
                "type": "service",
                "taxes_id": [(6, 0, [])],
                "l10n_fr_urssaf_nature": "270",
            }
        )

    # ---------------------------------------------------------------- helpers

    def _dated_invoice(self, partner, day, lines, move_type="out_invoice"):
        return self._invoice(
            partner=partner,
            lines=lines,
            move_type=move_type,
            invoice_date=day,
            l10n_fr_urssaf_service_start=day.replace(day=1),
            l10n_fr_urssaf_service_end=day,
        )

    def _pay(self, move, amount, day, method=None):
        values = {"payment_date": day, "amount": amount, "journal_id": self.bank_journal.id}
        if method:
            values["payment_method_line_id"] = method.id
        wizard = (
            self.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=move.ids)
            .create(values)
        )
        return wizard._create_payments()

    def _year_of_invoices(self):
        """The two clients' year; returns the year (that of URSSAF's transfer)."""
        # 1. paid through the immediate advance: 305 €, URSSAF's transfer booked by the sync
        urssaf_move, request = self._sent()
        self._live(days=8, hours=2)
        self.assertEqual(request.transfer_booking, "booked", request.transfer_problem)
        self.assertEqual(urssaf_move.amount_residual, 0.0)
        year = request.transfer_payment_id.date.year
        self.year = year
        jeanne = self.client_partner
        cleaning, meals, other = self.cleaning, self.meals, self.not_sap
        # 2. December of the year before, paid in January: counts in this year (4 h = 110 €)
        december = self._dated_invoice(jeanne, date(year - 1, 12, 15), [(cleaning, 4, 25.0)])
        self._pay(december, 110.0, date(year, 1, 10))
        # 3. paid directly (8 h = 220 €), then a credit note of 1 h (27.50 €) refunded
        february = self._dated_invoice(jeanne, date(year, 2, 1), [(cleaning, 8, 25.0)])
        self._pay(february, 220.0, date(year, 2, 10))
        refund = self._dated_invoice(
            jeanne, date(year, 4, 1), [(cleaning, 1, 25.0)], move_type="out_refund"
        )
        self._pay(refund, 27.50, date(year, 4, 5))
        # 4. 3 h (82.50 €): 50 € in prepaid CESU, the rest directly
        june = self._dated_invoice(jeanne, date(year, 6, 3), [(cleaning, 3, 25.0)])
        self._pay(june, 50.0, date(year, 6, 20), method=self.cesu_method)
        self._pay(june, 32.50, date(year, 6, 25))
        # 5. December of this year paid in January: next year's (2 h = 55 €)
        late = self._dated_invoice(jeanne, date(year, 12, 20), [(cleaning, 2, 25.0)])
        self._pay(late, 55.0, date(year + 1, 1, 8))
        # the second client: meals in CESU (60 €), cleaning and a non-eligible line paid directly
        self.paul = self._partner("paul", name="Paul DURAND", street="8 rue Haute", zip="75004")
        self.paul.city = "Paris"
        meals_move = self._dated_invoice(self.paul, date(year, 5, 5), [(meals, 2, 30.0)])
        self._pay(meals_move, 60.0, date(year, 5, 20), method=self.cesu_method)
        july = self._dated_invoice(
            self.paul, date(year, 7, 1), [(cleaning, 10, 25.0), (other, 1, 100.0)]
        )
        self.assertEqual(july.amount_total, 375.0)
        self._pay(july, 375.0, date(year, 7, 15))
        # a client without address who paid: a problem, nothing issued
        self.nomad = self.env["res.partner"].create({"name": "Sans ADRESSE"})
        nomad_move = self._dated_invoice(self.nomad, date(year, 3, 1), [(cleaning, 1, 25.0)])
        self._pay(nomad_move, 27.50, date(year, 3, 2))
        # a client refunded everything: nothing to certify
        self.refunded = self._partner("rose", name="Rose PETIT")
        paid = self._dated_invoice(self.refunded, date(year, 3, 1), [(cleaning, 2, 25.0)])
        self._pay(paid, 55.0, date(year, 3, 2))
        back = self._dated_invoice(
            self.refunded, date(year, 3, 10), [(cleaning, 2, 25.0)], move_type="out_refund"
        )
        self._pay(back, 55.0, date(year, 3, 12))
        return year

    def _run(self, year, user=None, context=None, **values):
        run = (
            self.env["l10n_fr_urssaf.tax.certificate.run"]
            .with_user(user or self.manager)
            .with_context(**(context or {}))
            .create({"year": year, "company_id": self.company.id, **values})
        )
        run.action_issue()
        return run

    def _current(self, partner, year):
        return self.Certificate.search(
            [("partner_id", "=", partner.id), ("year", "=", year), ("state", "=", "issued")]
        )

    def _html(self, certificate):
        html, _kind = self.env["ir.actions.report"]._render_qweb_html(
            "l10n_fr_urssaf_avance_immediate.action_report_l10n_fr_urssaf_tax_certificate",
            certificate.ids,
        )
        return html.decode()

    # ---------------------------------------------------------------- the amounts

    def test_every_total_to_the_cent(self):
        year = self._year_of_invoices()
        run = self._run(year)
        self.assertEqual(run.state, "done")
        self.assertEqual(run.progress, 100.0)
        self.assertEqual(
            (run.issued_count, run.unchanged_count, run.nothing_count, run.problem_count),
            (2, 0, 1, 1),
            run.problems,
        )
        self.assertIn("Sans ADRESSE", run.problems)
        self.assertIn("address is incomplete", run.problems)
        jeanne = self._current(self.client_partner, year)
        self.assertEqual(len(jeanne), 1)
        self.assertRecordValues(
            jeanne,
            [
                {
                    "version": 1,
                    "amount_total": 690.0,  # 305 + 110 + 220 - 27.50 + 50 + 32.50
                    "amount_advance_total": 305.0,
                    "amount_urssaf_advance": 152.50,
                    "amount_urssaf_share": 152.50,
                    "amount_direct": 335.0,  # 110 + 220 - 27.50 + 32.50
                    "amount_cesu": 50.0,
                    "issued_by_id": self.manager.id,
                }
            ],
        )
        # 10 + 4 + 8 - 1 + 3 hours of cleaning (not the 2 h paid next year), 1 meal package
        services = {(line.nature, line.unit): line for line in jeanne.line_ids}
        self.assertEqual(set(services), {("60", "HEURE"), ("120", "FORFAIT")})
        self.assertEqual(services["60", "HEURE"].quantity, 24.0)
        self.assertEqual(services["120", "FORFAIT"].quantity, 1.0)
        self.assertIn(f"{year - 1}-12", services["60", "HEURE"].months)
        self.assertNotIn(f"{year}-12-20", services["60", "HEURE"].months)
        paul = self._current(self.paul, year)
        self.assertRecordValues(
            paul,
            [
                {
                    "amount_total": 335.0,  # the 100 € of non-eligible service left out
                    "amount_advance_total": 0.0,
                    "amount_urssaf_advance": 0.0,
                    "amount_urssaf_share": 0.0,
                    "amount_direct": 275.0,
                    "amount_cesu": 60.0,
                }
            ],
        )
        self.assertEqual(
            {(line.nature, line.quantity) for line in paul.line_ids}, {("60", 10.0), ("120", 2.0)}
        )
        self.assertFalse(self._current(self.nomad, year))
        self.assertFalse(self._current(self.refunded, year))
        # the January payment of the late invoice belongs to the next year
        next_year = self.Certificate._year_figures(self.company, year + 1)
        self.assertEqual(next_year[self.client_partner.id]["amount_total"], 55.0)
        self.assertEqual(next_year[self.client_partner.id]["amount_direct"], 55.0)
        # the PDF is attached to the contact, downloadable again
        attachment = jeanne.attachment_id
        self.assertEqual(
            (attachment.res_model, attachment.res_id), ("res.partner", jeanne.partner_id.id)
        )
        self.assertIn(str(year), attachment.name)
        action = jeanne.with_user(self.user).action_download()
        self.assertIn(f"/web/content/{attachment.id}", action["url"])

    def test_an_invoice_with_instalments_counts_urssaf_s_advance_once(self):
        """URSSAF's transfer of an invoice with two instalments (30 % now, the rest in 30 days)
        is reconciled in two parts: the advance is half the request, not half of each part."""
        terms = self.env["account.payment.term"].create(
            {
                "name": "30 % à la commande, solde à 30 jours",
                "line_ids": [
                    (0, 0, {"value": "percent", "value_amount": 30.0, "nb_days": 0}),
                    (0, 0, {"value": "percent", "value_amount": 70.0, "nb_days": 30}),
                ],
            }
        )
        move, request = self._sent(invoice_payment_term_id=terms.id)
        receivables = move.line_ids.filtered(lambda line: line.display_type == "payment_term")
        self.assertEqual(len(receivables), 2)
        self._live(days=8, hours=2)
        self.assertEqual(request.transfer_booking, "booked", request.transfer_problem)
        self.assertEqual(move.amount_residual, 0.0)
        self.assertEqual(len(receivables.matched_credit_ids), 2)
        year = request.transfer_payment_id.date.year
        figures = self.Certificate._year_figures(self.company, year)[self.client_partner.id]
        self.assertEqual(figures["amount_total"], 305.0)
        self.assertEqual(figures["amount_advance_total"], 305.0)
        # 152.50 once: 91.50 + 152.50 (each part capped at half the request) would be 244 €
        self.assertEqual(figures["amount_urssaf_advance"], 152.50)
        self.assertEqual(figures["amount_urssaf_share"], 152.50)
        self.assertEqual(figures["amount_direct"], 0.0)
        self.assertEqual(
            figures["amount_urssaf_advance"] + figures["amount_urssaf_share"],
            figures["amount_advance_total"],
        )

    def test_a_year_without_payments_ends_done_with_nothing_issued(self):
        run = self._run(1990)
        self.assertEqual(run.state, "done")
        self.assertEqual(run.progress, 100.0)
        self.assertFalse(run.partner_ids)
        self.assertEqual(
            (run.issued_count, run.unchanged_count, run.nothing_count, run.problem_count),
            (0, 0, 0, 0),
        )

    def test_a_late_payment_issues_a_new_version_and_keeps_the_first(self):
        year = self._year_of_invoices()
        self._run(year)
        first = self._current(self.paul, year)
        jeanne = self._current(self.client_partner, year)
        # nothing changed: nothing issued again
        again = self._run(year)
        self.assertEqual((again.issued_count, again.unchanged_count), (0, 2))
        # a late payment of Paul's
        november = self._dated_invoice(self.paul, date(year, 11, 2), [(self.cleaning, 2, 25.0)])
        self._pay(november, 55.0, date(year, 11, 30))
        run = self._run(year)
        self.assertEqual((run.issued_count, run.unchanged_count), (1, 1))
        second = self._current(self.paul, year)
        self.assertEqual(second.version, 2)
        self.assertEqual(second.amount_total, 390.0)
        self.assertEqual(second.amount_direct, 330.0)
        self.assertEqual(first.state, "superseded")
        self.assertEqual(first.amount_total, 335.0)
        self.assertTrue(first.attachment_id)
        self.assertNotEqual(first.attachment_id, second.attachment_id)
        self.assertEqual(self._current(self.client_partner, year), jeanne)
        # a certificate is frozen
        with self.assertRaises(UserError):
            first.with_user(self.manager).write({"amount_total": 1.0})
        with self.assertRaises(UserError):
            first.unlink()

    def test_the_email_carries_the_pdf(self):
        year = self._year_of_invoices()
        run = self._run(year, send_email=True)
        jeanne = self._current(self.client_partner, year)
        self.assertTrue(jeanne.sent_on)
        self.assertEqual(run.sent_count, 2)
        mail = self.env["mail.mail"].search(
            [("model", "=", jeanne._name), ("res_id", "=", jeanne.id)]
        )
        self.assertEqual(len(mail), 1)
        self.assertIn(jeanne.attachment_id, mail.attachment_ids)
        self.assertIn(f"attestation fiscale {year}", mail.subject)
        self.assertIn(jeanne.partner_id, mail.recipient_ids)

    def test_a_large_year_is_issued_in_the_background_batch_by_batch(self):
        year = self._year_of_invoices()
        self.patch(run_module, "SYNC_LIMIT", 1)
        cron = self.env.ref(run_module.CRON_XMLID)
        triggers = self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)])
        run = self._run(year)
        # 4 clients paid something: the run waits for the scheduled action, which is triggered
        self.assertEqual(run.state, "running")
        self.assertEqual(len(run.partner_ids), 4)
        self.assertEqual(run.progress, 0.0)
        self.assertFalse(run.certificate_ids)
        self.assertGreater(
            self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)]), triggers
        )
        Run = self.env["l10n_fr_urssaf.tax.certificate.run"]
        # one batch of 2 clients per run of the scheduled action: half done, triggered again
        triggers = self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)])
        Run._cron_issue(batch_size=2, max_batches=1)
        self.assertEqual(run.state, "running")
        self.assertEqual(run.progress, 50.0)
        self.assertEqual(
            self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)]), triggers + 1
        )
        Run._cron_issue(batch_size=2, max_batches=1)
        self.assertEqual(run.state, "done")
        self.assertEqual(run.progress, 100.0)
        self.assertEqual(
            (run.issued_count, run.nothing_count, run.problem_count), (2, 1, 1), run.problems
        )
        self.assertEqual(self._current(self.client_partner, year).amount_total, 690.0)

    # ---------------------------------------------------------------- rights

    def test_a_plain_urssaf_user_reads_but_cannot_issue(self):
        year = self._year_of_invoices()
        Run = self.env["l10n_fr_urssaf.tax.certificate.run"].with_user(self.user)
        with self.assertRaises(AccessError):
            Run.create({"year": year, "company_id": self.company.id})
        run = self.env["l10n_fr_urssaf.tax.certificate.run"].create(
            {"year": year, "company_id": self.company.id}
        )
        with self.assertRaisesRegex(UserError, "Only an URSSAF manager"):
            run.with_user(self.user).action_issue()
        self._run(year)
        mine = self.Certificate.with_user(self.user).search([("year", "=", year)])
        self.assertEqual(mine.partner_id, self.client_partner | self.paul)
        with self.assertRaises(AccessError):
            mine[0].with_user(self.user).check_access("write")
        # and the code refuses any change, whoever asks
        with self.assertRaisesRegex(UserError, "cannot be changed"):
            mine[0].with_user(self.manager).write({"sent_on": False})
        with self.assertRaisesRegex(UserError, "Only an URSSAF manager"):
            mine[0].with_user(self.user).action_send()

    def test_another_company_s_certificates_are_not_visible(self):
        other = self.env["res.company"].create({"name": "Autre prestataire"})
        self.Certificate.create(
            {
                "company_id": other.id,
                "partner_id": self.client_partner.id,
                "year": 2025,
                "state": "issued",
                "amount_total": 100.0,
            }
        )
        for user in (self.user, self.manager):
            self.assertFalse(
                self.Certificate.with_user(user).search([("company_id", "=", other.id)])
            )

    def test_the_sap_number_typed_or_taken_from_the_provider_identifier(self):
        company = self.company
        self.assertEqual(company._l10n_fr_urssaf_sap_declaration_number(), "SAP852330992")
        with self.assertRaisesRegex(ValidationError, "SAP followed by the 9 digits"):
            company.l10n_fr_urssaf_sap_number = "SIR12345678901234"
        company.l10n_fr_urssaf_sap_number = False
        # the provider identifier sent to URSSAF, when it is a SAP number
        self.assertEqual(company._l10n_fr_urssaf_sap_declaration_number(), "SAP123456789")
        company.l10n_fr_urssaf_provider_identifier = "SIR12345678901234"
        self.assertFalse(company._l10n_fr_urssaf_sap_declaration_number())
        with self.assertRaisesRegex(UserError, "the SAP declaration number"):
            self._run(2025)

    def test_the_provider_s_mentions_are_required(self):
        self.company.l10n_fr_urssaf_sap_date = False
        with self.assertRaisesRegex(UserError, "SAP declaration date"):
            self._run(2025)

    # ---------------------------------------------------------------- the document

    def test_the_pdf_says_what_the_regulation_requires(self):
        year = self._year_of_invoices()
        self._run(year)
        jeanne = self._current(self.client_partner, year)
        html = self._html(jeanne)
        for mention in (
            self.company.name,
            "3 rue du Marché",
            "SAP852330992",
            "14/05/2019",
            "Jeanne MARTIN",
            "12 bis avenue des Lilas",
            f"Attestation fiscale annuelle {year}",
            "Ménage et repassage",  # nature 60 in French (the catalogue's label)
            "24 h",
            "690,00",
            "305,00",
            "152,50",
            "335,00",
            "50,00",
            "CESU préfinancés",
        ):
            with self.subTest(mention=mention):
                self.assertIn(mention, html)
        self.assertIn("connu de l'administration fiscale", " ".join(html.split()))
        self.assertIn("199 sexdecies", html)
        self.assertIn('id="l10n_fr_urssaf_signature"', html)
        # one client's certificate shows nothing of another's
        self.assertNotIn("Paul DURAND", html)
        self.assertNotIn("8 rue Haute", html)
        # the stored document is the one rendered
        self.assertIn(b"SAP852330992", jeanne.attachment_id.raw)

    def _pdf_pages(self, content):
        """The text of each page of a PDF, its words separated by single spaces."""
        return [
            " ".join(page.extract_text().split())
            for page in PdfFileReader(io.BytesIO(content)).pages
        ]

    def test_the_pdfs_of_a_batch_come_from_one_wkhtmltopdf_run(self):
        """With the wkhtmltopdf found here (Debian's plain Qt, or a patched one), a batch of
        certificates is printed in one run and each client's PDF holds only that client; a
        certificate longer than a page is printed on its own, whole."""
        if not shutil.which("wkhtmltopdf"):
            self.skipTest("wkhtmltopdf is not installed: the PDFs cannot be printed here")
        runs = []
        Report = type(self.env["ir.actions.report"])
        original = Report._run_wkhtmltopdf

        def counted(report, bodies, *args, **kwargs):
            pdf = original(report, bodies, *args, **kwargs)
            runs.append(len(PdfFileReader(io.BytesIO(pdf)).pages))
            return pdf

        self.patch(Report, "_run_wkhtmltopdf", counted)
        year = self._year_of_invoices()
        self._run(year, context={"force_report_rendering": True})
        self.assertEqual(len(runs), 1)
        jeanne, paul = self._current(self.client_partner, year), self._current(self.paul, year)
        for certificate, other in ((jeanne, paul), (paul, jeanne)):
            attachment = certificate.attachment_id
            self.assertEqual(attachment.mimetype, "application/pdf")
            pages = self._pdf_pages(attachment.raw)
            self.assertEqual(len(pages), 1)
            self.assertIn(certificate.partner_id.name, pages[0])
            self.assertIn(f"Attestation fiscale annuelle {year}", pages[0])
            self.assertNotIn(other.partner_id.name, pages[0])
        # a client with every home service each month: a certificate of two pages
        natures = self.env["account.move.line"]._fields["l10n_fr_urssaf_nature"]
        codes = [code for code, _label in natures._description_selection(self.env)]
        products = self.env["product.product"].create(
            [
                {
                    "name": f"Service {code}",
                    "type": "service",
                    "uom_id": self.hour.id,
                    "uom_po_id": self.hour.id,
                    "taxes_id": [(6, 0, [])],
                    "l10n_fr_urssaf_nature": code,
                }
                for code in codes
                if code in ELIGIBLE_NATURE_CODES
            ]
        )
        louise = self._partner("louise", name="Louise BERNARD")
        for month in range(1, 13):
            invoice = self._dated_invoice(
                louise, date(year, month, 3), [(product, 1, 10.0) for product in products]
            )
            self._pay(invoice, invoice.amount_total, date(year, month, 10))
        self._run(year)
        long_one = self._current(louise, year)
        self.assertEqual(len(long_one.line_ids), len(products))
        batch = (jeanne | paul | long_one).sorted("id")
        runs.clear()
        contents = batch.with_context(force_report_rendering=True)._pdf_contents(
            batch._pdf_report()
        )
        self.assertEqual(set(contents), set(batch.ids))
        pages = {certificate: self._pdf_pages(contents[certificate.id][0]) for certificate in batch}
        self.assertEqual(len(pages[jeanne]), 1)
        self.assertEqual(len(pages[paul]), 1)
        self.assertGreaterEqual(len(pages[long_one]), 2)
        for certificate in batch:
            text = " ".join(pages[certificate])
            self.assertIn(certificate.partner_id.name, text)
            for other in batch - certificate:
                self.assertNotIn(other.partner_id.name, text)
        if wkhtmltopdf_patched():
            self.assertEqual(len(runs), 1)  # Odoo's batch, split by the outline
        else:
            # one page too many for three: printed again in halves (Jeanne; Paul and Louise),
            # then Paul and Louise on their own
            long_pages = len(pages[long_one])
            self.assertEqual(runs, [1 + 1 + long_pages, 1, 1 + long_pages, 1, long_pages])

    def test_the_pdf_is_printed_with_the_rules_it_uses_and_the_system_s_fonts(self):
        """The certificate's documents carry, inline, the rules of Odoo's report style sheets
        that can apply to them: no link to the whole sheets, no web font (drawn glyph by glyph
        by wkhtmltopdf), the rules of the classes the certificate uses kept."""
        year = self._year_of_invoices()
        self._run(year)
        jeanne = self._current(self.client_partner, year)
        report = jeanne._pdf_report()
        html = report._render_qweb_html(
            report.report_name, jeanne.ids, data={"report_type": "pdf"}
        )[0]
        self.assertIn(b'rel="stylesheet"', html)  # Odoo's own HTML links the whole sheets
        bodies, res_ids, header, _footer, _paper = report._prepare_html(html, jeanne._name)
        self.assertEqual(res_ids, jeanne.ids)
        for document in (bodies[0], header):
            self.assertNotIn('rel="stylesheet"', document)
            self.assertIn("<style>", document)
            self.assertNotIn("@font-face", document)
        style = "".join(part.split("</style>", 1)[0] for part in bodies[0].split("<style>")[1:])
        self.assertIn(".table", style)  # the services' table
        self.assertIn(".text-end", style)
        self.assertNotIn(".o_kanban", style)  # nothing the certificate does not use
        self.assertNotIn(".btn-primary", style)
        self.assertLess(len(style), 80_000)
        # other reports keep Odoo's links
        invoice_report = self.env.ref("account.account_invoices")
        move = self._invoice()
        html = invoice_report._render_qweb_html(
            invoice_report.report_name, move.ids, data={"report_type": "pdf"}
        )[0]
        bodies = invoice_report._prepare_html(html, "account.move")[0]
        self.assertIn('rel="stylesheet"', bodies[0])
