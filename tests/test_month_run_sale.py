"""The month run with the ``sale`` app: the confirmed sale orders' home services delivered and
not yet invoiced are listed at the check, invoiced per client for the month with Odoo's own
invoicing of the orders, then checked, posted and sent with the other drafts; a rerun takes only
what is left, an undelivered line is never taken.

Runs only with ``sale`` installed: scripts/test runs the tag ``urssaf_sale`` in a pass of its own
(a database with ``sale``) and leaves it out of the main pass."""

from datetime import UTC, datetime, timedelta

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import USER_GROUPS
from .payment_common import UrssafPaymentCommon

MANAGER_GROUPS = USER_GROUPS + ",l10n_fr_urssaf_avance_immediate.group_urssaf_manager"


@tagged("post_install", "-at_install", "urssaf_sale")
class TestMonthRunSale(UrssafPaymentCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if "sale.order" not in cls.env:
            raise RuntimeError(
                "TestMonthRunSale needs the sale app: scripts/test runs it in its pass with sale "
                "(tag urssaf_sale)."
            )
        cls.manager = cls._company_user("urssaf_sale_manager", cls.company, groups=MANAGER_GROUPS)
        cls.Run = cls.env["l10n_fr_urssaf.month.run"]
        # services invoiced on what is delivered (sale_timesheet fills the delivered quantity of
        # a service on timesheets the same way)
        (cls.cleaning | cls.meals).write({"invoice_policy": "delivery"})
        # the database's first pricelist is in the currency the company had before the French
        # chart (US dollars): the orders are in euros
        cls.pricelist = cls.env["product.pricelist"].create(
            {"name": "Euros (test)", "currency_id": cls.env.ref("base.EUR").id}
        )
        cls.travel = cls.env["product.product"].create(
            {
                "name": "Frais de déplacement",
                "type": "service",
                "list_price": 5.0,
                "invoice_policy": "delivery",
            }
        )

    def _client(self, name, local_part="client", days=45):
        """A contact registered with the sandbox ``days`` ago (sandbox time): active since before
        the month began, unless it never activates (``jamais``)."""
        partner = self._partner(local_part, name=name)
        self.sandbox.set_now(datetime.now(UTC) - timedelta(days=days))
        link, outcome, message = self.env["l10n_fr_urssaf.client"]._register_partner(
            partner, self.company, partner._l10n_fr_urssaf_registration_data(), "no"
        )
        self.assertEqual(outcome, "success", message)
        self.sandbox.set_now(datetime.now(UTC))
        link._refresh_status()
        self.assertEqual(link.state == "active", local_part != "jamais", link.state)
        return partner

    def _order(self, partner, lines):
        """A confirmed sale order of ``partner``: ``(product, ordered, delivered)`` per line."""
        order = self.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "pricelist_id": self.pricelist.id,
                "order_line": [
                    (0, 0, {"product_id": product.id, "product_uom_qty": ordered})
                    for product, ordered, _delivered in lines
                ],
            }
        )
        order.action_confirm()
        for line, (_product, _ordered, delivered) in zip(order.order_line, lines, strict=True):
            line.qty_delivered = delivered
        return order

    def _run(self):
        run = self.Run.with_user(self.manager).with_context(lang=self.manager.lang)
        return run.create({"year": self.today.year, "month": str(self.today.month)})

    def _line(self, run, partner):
        (line,) = run.line_ids.filtered(lambda line: line.partner_id == partner)
        return line

    def test_the_month_s_delivered_services_are_invoiced_per_client_then_sent(self):
        paul = self._client("Paul DURAND")
        # two orders: one invoice; the meal is not delivered, the travel costs are no URSSAF
        # service (they stay to invoice on the order)
        first = self._order(paul, [(self.cleaning, 10, 4), (self.meals, 1, 0), (self.travel, 2, 2)])
        second = self._order(paul, [(self.cleaning, 5, 2)])
        marie = self._client("Marie PETIT")
        third = self._order(marie, [(self.cleaning, 3, 3)])
        luc = self._client("Luc ROUX", local_part="jamais")  # never activated: not taken
        inactive = self._order(luc, [(self.cleaning, 3, 3)])
        undelivered = self._order(self.client_partner, [(self.cleaning, 3, 0)])
        calls = self._e3_calls()

        run = self._run()
        with self.assertRaises(UserError):  # the check comes first
            run.action_invoice_sale_orders()
        run.action_check()
        self.assertEqual(run.sale_order_count, 3)
        line = self._line(run, paul)
        self.assertEqual((line.status, line.sale_order_count), ("to_invoice", 2))
        self.assertFalse(line.move_ids)
        self.assertIn(f"{first.name}: 4.00 Hours of Ménage", line.sale_orders)
        self.assertIn(f"{second.name}: 2.00 Hours of Ménage", line.sale_orders)
        self.assertNotIn("repas", line.sale_orders)
        self.assertNotIn("déplacement", line.sale_orders)
        self.assertEqual(self._line(run, marie).sale_order_count, 1)
        self.assertFalse(run.line_ids.filtered(lambda line: line.partner_id == luc))
        jeanne = self._line(run, self.client_partner)  # her order is not delivered
        self.assertEqual((jeanne.status, jeanne.sale_order_count), ("nothing", 0))
        self.assertIn("Sale orders with services delivered and not yet invoiced: 3", run.summary)
        # the check invoices nothing
        self.assertFalse((first | second | third).invoice_ids)

        # an URSSAF user reads the run; only a manager invoices the orders
        with self.assertRaises(AccessError):
            run.with_user(self.user).action_invoice_sale_orders()
        self.assertFalse(first.invoice_ids)
        run.action_invoice_sale_orders()
        self.assertEqual(run.state, "checked")
        invoice = first.invoice_ids
        self.assertEqual(len(invoice), 1)
        self.assertEqual(second.invoice_ids, invoice)  # one invoice per client
        self.assertEqual(invoice.state, "draft")
        self.assertEqual(invoice.partner_id, paul)
        self.assertEqual(invoice.l10n_fr_urssaf_service_start, run.date_from)
        self.assertEqual(invoice.l10n_fr_urssaf_service_end, min(run.date_to, self.today))
        self.assertEqual(invoice.invoice_line_ids.product_id, self.cleaning)
        self.assertEqual(sorted(invoice.invoice_line_ids.mapped("quantity")), [2.0, 4.0])
        self.assertEqual(invoice.amount_total, 165.0)  # 6 h at 25 € + 10 %
        # the travel costs stay to invoice on the order, the meal is still to deliver
        travel_line = first.order_line.filtered(lambda sol: sol.product_id == self.travel)
        self.assertEqual(travel_line.qty_to_invoice, 2.0)
        self.assertEqual(third.invoice_ids.amount_total, 82.5)
        self.assertFalse(inactive.invoice_ids | undelivered.invoice_ids)
        # checked again: the drafts are ready, no order is left
        line = self._line(run, paul)
        self.assertEqual((line.status, line.move_ids), ("ready", invoice), line.problems)
        self.assertFalse(line.sale_orders)
        self.assertEqual(run.sale_order_count, 0)
        self.assertEqual((run.ready_count, run.ready_invoice_count), (2, 2))
        self.assertEqual(run.amount_total, 247.5)
        self.assertEqual(self._e3_calls(), calls)

        run.action_confirm()
        self.assertEqual(run.state, "done")
        self.assertEqual(self._e3_calls(), calls + 1)
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(invoice.l10n_fr_urssaf_state, "integrated")
        self.assertEqual(third.invoice_ids.l10n_fr_urssaf_state, "integrated")
        self.assertEqual(self._line(run, paul).outcome, "accepted")
        self.assertEqual(first.invoice_status, "to invoice")  # the travel costs
        with self.assertRaises(UserError):
            run.action_invoice_sale_orders()

        # a rerun takes nothing more: every delivered service is invoiced
        action = run.with_user(self.manager).action_rerun()
        rerun = self.Run.with_user(self.manager).browse(action["res_id"])
        self.assertEqual(rerun.sale_order_count, 0)
        self.assertEqual(self._line(rerun, paul).status, "sent")
        self.assertEqual(rerun.ready_count, 0)
        rerun.action_invoice_sale_orders()
        self.assertEqual(first.invoice_ids, invoice)
        # the meal delivered afterwards: what is left is listed
        first.order_line.filtered(lambda sol: sol.product_id == self.meals).qty_delivered = 1
        rerun.action_check()
        line = self._line(rerun, paul)
        self.assertEqual((line.status, line.sale_order_count), ("to_invoice", 1))
        self.assertIn(f"{first.name}: 1.00 Units of Préparation de repas", line.sale_orders)
