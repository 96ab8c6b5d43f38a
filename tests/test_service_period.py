"""A new invoice's service period is prefilled from what Odoo knows (the lines' service dates, or
the delivery date) when it lies in one calendar month; never invented, never over what the user
typed."""

from datetime import timedelta

from odoo.tests import Form, tagged

from .payment_common import UrssafPaymentCommon


@tagged("post_install", "-at_install")
class TestServicePeriod(UrssafPaymentCommon):
    def setUp(self):
        super().setUp()
        self.first = self.today.replace(day=1)
        self.previous_month = self.first - timedelta(days=1)

    def _draft(self, **values):
        """A draft invoice of the active client with nothing typed in its period."""
        values.setdefault("l10n_fr_urssaf_service_start", False)
        values.setdefault("l10n_fr_urssaf_service_end", False)
        return self._invoice(post=False, **values)

    def _period(self, move):
        return move.l10n_fr_urssaf_service_start, move.l10n_fr_urssaf_service_end

    def _form(self, move=None):
        Move = self.env["account.move"].with_user(self.user)
        if move:
            return Form(move.with_user(self.user))
        return Form(Move.with_context(default_move_type="out_invoice"))

    # ---------------------------------------------------------------- one month

    def test_lines_dates_in_one_month_prefill_the_period(self):
        move = self._draft()
        first, second = move.invoice_line_ids
        first.l10n_fr_urssaf_service_start = self.first
        second.l10n_fr_urssaf_service_start = self.first + timedelta(days=5)
        second.l10n_fr_urssaf_service_end = self.first + timedelta(days=9)
        self.assertEqual(self._period(move), (self.first, self.first + timedelta(days=9)))

    def test_the_delivery_date_prefills_a_new_invoice_in_the_form(self):
        form = self._form()
        form.partner_id = self.client_partner
        form.invoice_date = self.today
        with form.invoice_line_ids.new() as line:
            line.product_id = self.cleaning
            line.quantity = 2
        self.assertFalse(form.l10n_fr_urssaf_service_start)
        form.delivery_date = self.period_start
        self.assertEqual(form.l10n_fr_urssaf_service_start, self.period_start)
        self.assertEqual(form.l10n_fr_urssaf_service_end, self.period_start)
        move = form.save()
        self.assertEqual(self._period(move), (self.period_start, self.period_start))

    # ---------------------------------------------------------------- two months

    def test_lines_dates_over_two_months_leave_the_period_empty(self):
        move = self._draft()
        first, second = move.invoice_line_ids
        first.l10n_fr_urssaf_service_start = self.previous_month
        second.l10n_fr_urssaf_service_start = self.first
        self.assertEqual(self._period(move), (False, False))
        # brought back into one month: prefilled
        first.l10n_fr_urssaf_service_start = self.first + timedelta(days=1)
        self.assertEqual(self._period(move), (self.first, self.first + timedelta(days=1)))

    # ---------------------------------------------------------------- nothing known

    def test_nothing_known_leaves_the_period_empty_even_once_posted(self):
        # a French fiscal country: l10n_fr_account shows and fills the delivery date (a line
        # without the test's taxes, which are of the test company's first fiscal country)
        self.company.account_fiscal_country_id = self.france
        move = self._draft(
            invoice_line_ids=[(0, 0, {"name": "Ménage", "quantity": 2, "price_unit": 25.0})]
        )
        self.assertEqual(move.country_code, "FR")
        self.assertFalse(move.invoice_line_ids.tax_ids)
        self.assertFalse(move.delivery_date)
        self.assertFalse(any(move.invoice_line_ids.mapped("l10n_fr_urssaf_service_start")))
        self.assertEqual(self._period(move), (False, False))
        # posting a French invoice copies the invoice date into the delivery date
        # (l10n_fr_account): no service date, so no period
        move.action_post()
        self.assertEqual(move.delivery_date, move.invoice_date)
        self.assertEqual(self._period(move), (False, False))
        # nor after a reset to draft
        move.button_draft()
        self.assertEqual(self._period(move), (False, False))

    def test_a_vendor_bills_delivery_date_is_no_service_period(self):
        bill = self._draft(move_type="in_invoice")
        bill.delivery_date = self.period_start
        self.assertEqual(self._period(bill), (False, False))

    # ---------------------------------------------------------------- typed kept

    def test_a_typed_period_is_kept(self):
        end = self.today
        move = self._draft(l10n_fr_urssaf_service_start=self.first, l10n_fr_urssaf_service_end=end)
        # a delivery date does not replace it
        move.delivery_date = self.period_start
        self.assertEqual(self._period(move), (self.first, end))
        # nor does a line date within it, or one in another month
        first, second = move.invoice_line_ids
        first.l10n_fr_urssaf_service_start = self.today
        self.assertEqual(self._period(move), (self.first, end))
        second.l10n_fr_urssaf_service_start = self.previous_month
        self.assertEqual(self._period(move), (self.first, end))
        # typed in the form, then a delivery date: kept
        form = self._form()
        form.partner_id = self.client_partner
        form.invoice_date = self.today
        with form.invoice_line_ids.new() as line:
            line.product_id = self.cleaning
        form.l10n_fr_urssaf_service_start = self.first
        form.l10n_fr_urssaf_service_end = self.first + timedelta(days=2)
        form.delivery_date = self.today
        moved = form.save()
        self.assertEqual(self._period(moved), (self.first, self.first + timedelta(days=2)))
