"""The month run and the sale orders, when the ``sale`` app is installed (no dependency on it).

At the check, the run lists per client the confirmed sale orders with home services delivered and
not yet invoiced: order lines with a quantity to invoice whose product has an URSSAF nature, of
the clients (invoice addresses) whose URSSAF link is active in the run's company. sale_timesheet
fills the delivered quantity of a service invoiced on timesheets from the timesheets, so the
quantity to invoice covers both.

"Invoice the sale orders" then makes the month's draft invoice of each client with Odoo's own
``sale.order._create_invoices()`` (one per client), keeps on it only the lines of URSSAF services
(the other lines stay to invoice on the order, billed the usual way), sets its service period to
the month (up to today for the current month) and checks the month again: the drafts go through
the same pre-check and sending as the other drafts. Only what is delivered and not yet invoiced
is taken (a draft invoice counts as invoiced for Odoo): a rerun takes what is left.
"""

from datetime import datetime, time

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools.misc import formatLang

QUANTITY_DIGITS = "Product Unit of Measure"


class L10nFrUrssafMonthRun(models.Model):
    _inherit = "l10n_fr_urssaf.month.run"

    sale_order_count = fields.Integer(
        string="Sale orders to invoice",
        compute="_compute_sale_order_count",
        help="Confirmed sale orders of the clients whose URSSAF link is active with home "
        "services delivered and not yet invoiced, found at the check.",
    )

    @api.depends("line_ids.sale_order_count")
    def _compute_sale_order_count(self):
        for run in self:
            run.sale_order_count = sum(run.line_ids.mapped("sale_order_count"))

    def _summary_text(self):
        text = super()._summary_text()
        if text and self.state == "checked" and self.sale_order_count:
            text += "\n" + self.env._(
                "Sale orders with services delivered and not yet invoiced: %(count)s. Invoice "
                "them (Invoice the sale orders): their draft invoices are then checked with the "
                "others.",
                count=self.sale_order_count,
            )
        return text

    # ---------------------------------------------------------------- gathering

    def _sale_order_lines(self):
        """The order lines to invoice in the month: confirmed orders of the run's company whose
        invoice address has an active URSSAF link, delivered and not yet invoiced quantity, a
        product with an URSSAF nature. Empty when ``sale`` is not installed."""
        self.ensure_one()
        if "sale.order.line" not in self.env:
            return None
        clients = (
            self.env["l10n_fr_urssaf.client"]
            .sudo()
            .search([("company_id", "=", self.company_id.id), ("state", "=", "active")])
            .partner_id
        )
        # read as the run: its manager may have no sales rights (the run bills for them)
        return (
            self.env["sale.order.line"]
            .sudo()
            .search(
                [
                    ("company_id", "=", self.company_id.id),
                    ("state", "=", "sale"),
                    ("order_id.partner_invoice_id", "in", clients.ids),
                    ("order_id.date_order", "<=", datetime.combine(self.date_to, time.max)),
                    ("display_type", "=", False),
                    ("is_downpayment", "=", False),
                    ("qty_to_invoice", ">", 0),
                    ("product_id.l10n_fr_urssaf_nature", "!=", False),
                ],
                order="order_id, sequence, id",
            )
        )

    def _gather_sale_orders(self):
        """``{client id: its order lines to invoice}``; nothing when ``sale`` is not installed."""
        lines = self._sale_order_lines()
        by_client = {}
        for line in lines or ():
            client = line.order_id.partner_invoice_id.id
            by_client[client] = by_client.get(client, line.browse()) | line
        return by_client

    def _gather_and_check(self):
        values, ready_moves = super()._gather_and_check()
        by_client = self._gather_sale_orders()
        for line in values:
            mine = by_client.get(line["partner_id"])
            if not mine:
                continue
            line["sale_order_count"] = len(mine.order_id)
            line["sale_orders"] = "\n".join(
                self._sale_order_text(order, mine & order.order_line) for order in mine.order_id
            )
            if line["status"] in ("nothing", "sent"):
                line["status"] = "to_invoice"
        return values, ready_moves

    def _sale_order_text(self, order, lines):
        """``S00012: 3.00 Hours of Cleaning, ...``: what is left to invoice of an order."""
        return self.env._(
            "%(order)s: %(services)s",
            order=order.name,
            services=", ".join(
                self.env._(
                    "%(quantity)s %(unit)s of %(product)s",
                    quantity=formatLang(self.env, line.qty_to_invoice, dp=QUANTITY_DIGITS),
                    unit=line.product_uom.name,
                    product=line.product_id.display_name,
                )
                for line in lines
            ),
        )

    # ---------------------------------------------------------------- invoicing

    def action_invoice_sale_orders(self):
        """The month's draft invoice of each client from its sale orders, then the check again."""
        self.ensure_one()
        self._check_manager()
        if self.state != "checked":
            raise UserError(
                self.env._("Check the month first; the sale orders are invoiced before sending.")
            )
        self._invoice_sale_orders()
        return self.action_check()

    def _invoice_sale_orders(self):
        """Draft invoices of the sale orders found, one per client (Odoo's own invoicing of the
        orders), with the month as service period; returns them."""
        Move = self.env["account.move"]
        lines = self._sale_order_lines()
        if not lines:
            return Move
        orders = lines.order_id.with_company(self.company_id)
        moves = orders.with_context(raise_if_nothing_to_invoice=False)._create_invoices()
        # only URSSAF services on the URSSAF invoice: the rest stays to invoice on the order
        moves.invoice_line_ids.filtered(
            lambda line: line.display_type == "product"
            and not line.product_id.l10n_fr_urssaf_nature
        ).unlink()
        today = fields.Date.context_today(self)
        moves.write(
            {
                "l10n_fr_urssaf_service_start": self.date_from,
                "l10n_fr_urssaf_service_end": min(self.date_to, today),
            }
        )
        return moves.with_env(self.env)


class L10nFrUrssafMonthRunLine(models.Model):
    _inherit = "l10n_fr_urssaf.month.run.line"

    sale_order_count = fields.Integer(string="Sale orders to invoice")
    sale_orders = fields.Text(
        string="Services to invoice",
        help="The client's confirmed sale orders with home services delivered and not yet "
        "invoiced, with the quantities to invoice.",
    )
