"""The invoice PDF (rendered to HTML): the URSSAF block after the totals in every layout Odoo
ships, and no payment communication nor QR code inviting a transfer of the full amount."""

import re

from odoo.tests import tagged

from .payment_common import UrssafPaymentCommon

LAYOUTS = (
    "web.external_layout_standard",
    "web.external_layout_boxed",
    "web.external_layout_bold",
    "web.external_layout_striped",
)


@tagged("post_install", "-at_install")
class TestReportInvoice(UrssafPaymentCommon):
    def _html(self, move):
        html, _type = self.env["ir.actions.report"]._render_qweb_html(
            "account.report_invoice", move.ids
        )
        return html.decode()

    def test_the_urssaf_block_replaces_the_payment_communication(self):
        move = self._invoice()
        # before URSSAF holds it: Odoo's invoice, with its payment communication
        html = self._html(move)
        self.assertNotIn('id="l10n_fr_urssaf_mention"', html)
        self.assertIn('name="payment_communication"', html)
        self.assertIn("Payment Communication", html)
        self._send(move)
        self.assertEqual(move.l10n_fr_urssaf_state, "integrated")
        request = move.l10n_fr_urssaf_payment_request_id
        for layout in LAYOUTS:
            with self.subTest(layout=layout):
                self.company.external_report_layout_id = self.env.ref(layout)
                html = self._html(move)
                # the layout is the one rendered
                self.assertIn(f"o_report_layout_{layout.rsplit('_', 1)[1]}", html)
                block = re.search(
                    r'<div[^>]*id="l10n_fr_urssaf_mention"[^>]*>(.*?)</div>', html, re.S
                )
                self.assertTrue(block, html)
                text = block.group(1)
                self.assertIn("Avance immédiate", text)
                self.assertIn("152,50", text)  # the client's share of 305 €
                self.assertIn(request.urssaf_id, text)
                # clear of the totals (floated right): after them, clearing the float
                self.assertIn("clear: both", block.group(0))
                self.assertLess(html.index('id="total"'), block.start())
                # no invitation to transfer the full amount
                self.assertNotIn("Payment Communication", html)
                self.assertNotIn('name="payment_communication"', html)
                self.assertNotIn('id="qrcode"', html)
                self.assertIn('id="l10n_fr_urssaf_payment_communication"', html)
                self.assertIn("URSSAF debits your share after you validate", html)
