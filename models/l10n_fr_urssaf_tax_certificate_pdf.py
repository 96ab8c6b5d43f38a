"""The PDFs of the tax certificates: a batch of certificates in one wkhtmltopdf run.

A wkhtmltopdf run costs about a second before it prints anything (the process, the report's
style sheets); a year of 2,000 certificates rendered one by one takes more than half an hour.
Odoo renders several records in one run and splits the PDF by its outline, which needs
wkhtmltopdf built on a patched Qt (the build wkhtmltopdf.org publishes and Odoo recommends): with
it, Odoo's own batch is used. The wkhtmltopdf of Debian and Ubuntu is built on a plain Qt, which
refuses several documents in one run and prints no outline. With it, the certificates of a
batch are printed as one document, each starting on a new page; when the PDF has as many pages
as certificates, page N is certificate N. A certificate longer than a page (a client with many
services) breaks that count: the batch is then cut in halves, each rendered the same way, down
to single certificates, so a long one costs a run of its own and the others stay batched.
"""

import io
import logging
import subprocess

from lxml import html as lxml_html

from odoo import models, tools
from odoo.tools.pdf import PdfFileReader, PdfFileWriter

from odoo.addons.base.models.ir_actions_report import _get_wkhtmltopdf_bin

_logger = logging.getLogger(__name__)

REPORT_XMLID = "l10n_fr_urssaf_avance_immediate.action_report_l10n_fr_urssaf_tax_certificate"
ARTICLE_XPATH = "//div[contains(concat(' ', normalize-space(@class), ' '), ' article ')]"

_patched_qt = {}


def wkhtmltopdf_patched():
    """Whether the wkhtmltopdf found is built on a patched Qt (asked once per process)."""
    if "value" not in _patched_qt:
        try:
            version = subprocess.run(
                [_get_wkhtmltopdf_bin(), "--version"],
                capture_output=True,
                text=True,
                timeout=30,
                check=False,
            ).stdout
        except (OSError, subprocess.SubprocessError):
            version = ""
        _patched_qt["value"] = "patched qt" in version.lower()
    return _patched_qt["value"]


def one_document(bodies):
    """The HTML bodies Odoo prepared (one per record) as one document: the first body's page
    with every record's article, each after a page break."""
    root = lxml_html.fromstring(bodies[0])
    first = root.xpath(ARTICLE_XPATH)[0]
    parent = first.getparent()
    for body in bodies[1:]:
        for article in lxml_html.fromstring(body).xpath(ARTICLE_XPATH):
            style = article.get("style", "")
            article.set("style", f"page-break-before: always; {style}".strip())
            parent.append(article)
    return "<!DOCTYPE html>\n" + lxml_html.tostring(root, encoding="unicode")


def split_pages(pdf):
    """The pages of ``pdf`` (bytes), each as a PDF of its own."""
    reader = PdfFileReader(io.BytesIO(pdf))
    pages = []
    for index in range(reader.getNumPages()):
        writer = PdfFileWriter()
        writer.addPage(reader.getPage(index))
        stream = io.BytesIO()
        writer.write(stream)
        pages.append(stream.getvalue())
    return pages


class L10nFrUrssafTaxCertificate(models.Model):
    _inherit = "l10n_fr_urssaf.tax.certificate"

    def _pdf_name(self):
        self.ensure_one()
        return f"Attestation fiscale {self.year} - {self.partner_id.name} - v{self.version}.pdf"

    def _pdf_report(self):
        # French (country names, dates) when French is installed: a French legal document
        french = self.env["res.lang"].search_count([("code", "=", "fr_FR")], limit=1)
        report = self.env.ref(REPORT_XMLID).sudo()
        return report.with_context(lang="fr_FR") if french else report

    def _render_pdfs(self):
        """Render the PDFs of ``self`` and attach each to its client."""
        if not self:
            return
        contents = self._pdf_contents(self._pdf_report())
        attachments = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                [
                    {
                        "name": certificate._pdf_name(),
                        "raw": contents[certificate.id][0],
                        "mimetype": contents[certificate.id][1],
                        "res_model": "res.partner",
                        "res_id": certificate.partner_id.id,
                        "company_id": certificate.company_id.id,
                    }
                    for certificate in self
                ]
            )
        )
        for certificate, attachment in zip(self, attachments, strict=True):
            certificate._issuing().write({"attachment_id": attachment.id})

    def _pdf_contents(self, report):
        """``{certificate id: (content, mimetype)}``."""
        if (tools.config["test_enable"] or tools.config["test_file"]) and not self.env.context.get(
            "force_report_rendering"
        ):
            # Odoo's test mode prints HTML instead of calling wkhtmltopdf
            return {
                certificate.id: (
                    report._render_qweb_html(report.report_name, certificate.ids)[0],
                    "text/html",
                )
                for certificate in self
            }
        if wkhtmltopdf_patched():
            rendered = report._render_qweb_pdf_prepare_streams(report.report_name, {}, self.ids)
            contents = {
                res_id: (data["stream"].getvalue(), "application/pdf")
                for res_id, data in rendered.items()
                if res_id and data.get("stream")
            }
            if set(contents) == set(self.ids):
                return contents
            _logger.warning("Tax certificates: Odoo could not split the PDF, one run per page")
        return self._pdf_by_pages(report)

    def _pdf_by_pages(self, report):
        """One wkhtmltopdf run for ``self`` printed as one document, split page by page when
        each certificate took one page; otherwise the halves the same way."""
        report = report.with_context(debug=False)
        data = {"report_type": "pdf", "debug": False}
        html = report._render_qweb_html(report.report_name, self.ids, data=data)[0]
        bodies, html_ids, header, footer, paper = report._prepare_html(html, self._name)
        if html_ids != self.ids and len(self) > 1:
            # a customised template that does not mark its records: one run each
            return {
                key: value
                for certificate in self
                for key, value in certificate._pdf_by_pages(report).items()
            }
        pdf = report._run_wkhtmltopdf(
            [one_document(bodies)],
            report_ref=report.report_name,
            header=header,
            footer=footer,
            specific_paperformat_args=paper,
        )
        if len(self) == 1:
            return {self.id: (pdf, "application/pdf")}
        pages = split_pages(pdf)
        if len(pages) == len(self):
            return {
                res_id: (page, "application/pdf")
                for res_id, page in zip(self.ids, pages, strict=True)
            }
        half = len(self) // 2
        _logger.info(
            "Tax certificates: %s pages for %s certificates, rendered again in halves",
            len(pages),
            len(self),
        )
        return {**self[:half]._pdf_by_pages(report), **self[half:]._pdf_by_pages(report)}
