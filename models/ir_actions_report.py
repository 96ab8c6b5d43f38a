"""The tax certificates' PDFs printed with only the style rules they use.

Odoo links each report to its whole style sheets (``web.report_assets_common`` and
``web.report_assets_pdf``), which wkhtmltopdf loads from the server and applies to every element
of every page. For the addon's certificates, the links are replaced by the rules that can apply
to the document, inline (``tools/css_purge.py``): a year of certificates prints twenty times
faster, the PDFs' text is real text, and wkhtmltopdf needs no HTTP access to Odoo for them.
"""

import re

from odoo import models

from ..tools.css_purge import document_names, purge_css

#: The reports printed with their own rules only.
LIGHT_REPORTS = ("l10n_fr_urssaf_avance_immediate.report_l10n_fr_urssaf_tax_certificate",)
_STYLESHEET = re.compile(r"<link\b[^>]*\brel=\"stylesheet\"[^>]*>", re.I)
_HREF = re.compile(r"\bhref=\"([^\"]+)\"")


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _prepare_html(self, html, report_model=False):
        prepared = super()._prepare_html(html, report_model=report_model)
        if self.report_name not in LIGHT_REPORTS or not prepared:
            return prepared
        bodies, res_ids, header, footer, paper = prepared
        documents = [*bodies, header or "", footer or ""]
        classes, ids = set(), set()
        for document in documents:
            found_classes, found_ids = document_names(document)
            classes |= found_classes
            ids |= found_ids
        cache = {}

        def inline(document):
            if not document:
                return document
            return _STYLESHEET.sub(
                lambda link: self._l10n_fr_urssaf_style(link.group(0), classes, ids, cache),
                document,
            )

        return [inline(body) for body in bodies], res_ids, inline(header), inline(footer), paper

    def _l10n_fr_urssaf_style(self, link, classes, ids, cache):
        """The ``<style>`` that replaces a stylesheet ``link`` (one of Odoo's asset bundles):
        its rules that may apply to a document of ``classes`` and ``ids``."""
        href = _HREF.search(link)
        name = href.group(1).rsplit("/", 1)[-1] if href else ""
        bundle = re.sub(r"(\.rtl)?(\.min)?\.css$", "", name)
        if bundle not in cache:
            css = ""
            if bundle:
                attachments = (
                    self.env["ir.qweb"].sudo()._get_asset_bundle(bundle, css=True, js=False).css()
                )
                css = "\n".join(a.raw.decode() for a in attachments if a.raw)
            cache[bundle] = purge_css(css, classes, ids)
        return f"<style>{cache[bundle]}</style>"
