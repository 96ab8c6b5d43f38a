"""The 2026 guarantee rule (décret 2024-1161): the turnover of SAP services over 12 months, the
warnings of the settings, the sending wizard and Send & Print, the reminder before the
guarantee ends, in French too."""

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from odoo.tests import Form, tagged

from odoo.addons.l10n_fr_urssaf_avance_immediate.models.account_move_send import EDI_KEY
from odoo.addons.l10n_fr_urssaf_avance_immediate.models.res_company_guarantee import (
    GUARANTEE_ACTIVITY_XMLID,
)

from . import french_typography as typography
from .payment_common import UrssafPaymentCommon

MODULE = "l10n_fr_urssaf_avance_immediate"
GUARANTEE_KEY = "l10n_fr_urssaf_guarantee_{}"


@tagged("post_install", "-at_install")
class TestGuarantee(UrssafPaymentCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.env["res.company"].create(
            {"name": "SAP Services B", "country_id": cls.france.id}
        )
        cls._french_accounting(cls.company_b)
        # a client who pays without the immediate advance: its services count all the same
        cls.direct_client = cls.env["res.partner"].create({"name": "Client direct"})

    def setUp(self):
        super().setUp()
        self.company.write(
            {
                "l10n_fr_urssaf_guarantee_reference": False,
                "l10n_fr_urssaf_guarantor": False,
                "l10n_fr_urssaf_guarantee_start": False,
                "l10n_fr_urssaf_guarantee_end": False,
                "l10n_fr_urssaf_deposits_authorised": False,
            }
        )

    # ---------------------------------------------------------------- helpers

    def _plain_invoice(self, day, lines, move_type="out_invoice", company=None, post=True):
        """An invoice (or credit note) of the direct client on ``day``, without service period."""
        company = company or self.company
        move = (
            self.env["account.move"]
            .with_company(company)
            .create(
                {
                    "move_type": move_type,
                    "partner_id": self.direct_client.id,
                    "invoice_date": day,
                    "invoice_line_ids": [
                        (0, 0, {"product_id": product.id, "quantity": qty, "price_unit": price})
                        for product, qty, price in lines
                    ],
                }
            )
        )
        if post:
            move.action_post()
        return move

    def _guarantee(self, start, end=None, reference="GF-2026-0042"):
        self.company.write(
            {
                "l10n_fr_urssaf_guarantee_reference": reference,
                "l10n_fr_urssaf_guarantor": "Assurances Mutuelles du Loing",
                "l10n_fr_urssaf_guarantee_start": start,
                "l10n_fr_urssaf_guarantee_end": end,
            }
        )

    def _deposit_invoice(self):
        move = self._invoice(l10n_fr_urssaf_deposit_amount=50.0)
        move.l10n_fr_urssaf_deposit_date = self.period_start
        return move

    def _big_invoice(self, amount):
        """An invoice of ``amount`` including VAT (a tax-included meal package)."""
        return self._plain_invoice(self.today, [(self.meals, 1, amount)])

    def _dialog_alerts(self, moves):
        action = moves.with_user(self.user).action_send_and_print()
        model = moves.with_user(self.user).env[action["res_model"]]
        dialog = Form(model.with_context(**action["context"])).save()
        return dialog.alerts or {}

    def _settings(self):
        return self.env["res.config.settings"].create({})

    # ---------------------------------------------------------------- turnover

    def test_turnover_of_12_months_to_the_cent(self):
        today = self.today
        year_ago = today - relativedelta(years=1)
        # 10 h × 25 € + 10 % = 275.00, meals 30.00 tax included: 305.00; the 270 line apart
        self._plain_invoice(
            today, [(self.cleaning, 10, 25.0), (self.meals, 1, 30.0), (self.other, 1, 10.0)]
        )
        # the first day of the 12 months: 3 h × 33.33 = 99.99 + 10.00 of VAT = 109.99
        self._plain_invoice(year_ago + timedelta(days=1), [(self.cleaning, 3, 33.33)])
        # a credit note: 12.34 tax included deducted
        self._plain_invoice(today, [(self.meals, 1, 12.34)], move_type="out_refund")
        # an URSSAF client's invoice counts too: 305.00
        self._invoice()
        # not counted: a day older than 12 months, a draft, another company, a future date
        self._plain_invoice(year_ago, [(self.meals, 1, 1000.0)])
        self._plain_invoice(today, [(self.meals, 1, 2000.0)], post=False)
        self._plain_invoice(today, [(self.cleaning, 1, 40.0)], company=self.company_b)
        self._plain_invoice(today + timedelta(days=1), [(self.meals, 1, 3000.0)])
        companies = self.company | self.company_b
        turnover = companies._l10n_fr_urssaf_sap_turnover(today)
        self.assertEqual(turnover[self.company.id], 707.65)  # 305 + 109.99 - 12.34 + 305
        self.assertEqual(turnover[self.company_b.id], 48.0)  # 40 € + company B's 20 % VAT
        # tomorrow, the first day of the 12 months has left them, the future invoice is in
        later = self.company._l10n_fr_urssaf_sap_turnover(today + timedelta(days=1))
        self.assertEqual(later[self.company.id], 3597.66)
        # shown in the settings
        self.assertEqual(self._settings().l10n_fr_urssaf_sap_turnover, 707.65)
        self.assertEqual(self._settings().l10n_fr_urssaf_guarantee_threshold, 200000.0)

    # ---------------------------------------------------------------- warnings

    def test_a_deposit_without_guarantee_is_warned_once_without_blocking(self):
        move = self._deposit_invoice()
        other = self._deposit_invoice()
        wizard = self._wizard(move | other | self._invoice())
        self.assertIn("ERREUR_GARANTIE_FINANCIERE_NON_CONFORME", wizard.guarantee_warning)
        self.assertIn(f"{move.name}, {other.name} declare a deposit", wizard.guarantee_warning)
        self.assertEqual(wizard.guarantee_warning.count("Financial guarantee:"), 1)
        self.assertEqual(wizard.ready_count, 3)  # not blocking
        # Send & Print: one alert for the company, a warning
        alerts = self._dialog_alerts(move | other)
        alert = alerts[GUARANTEE_KEY.format(self.company.id)]
        self.assertEqual(alert["level"], "warning")
        self.assertIn(f"{move.name}, {other.name} declare a deposit", alert["message"])
        self.assertEqual(sum(1 for key in alerts if key.startswith("l10n_fr_urssaf_guarantee")), 1)
        alert = self._dialog_alerts(move)[GUARANTEE_KEY.format(self.company.id)]
        self.assertIn(f"{move.name} declares a deposit", alert["message"])
        # unticked: no URSSAF sending, no warning
        action = move.with_user(self.user).action_send_and_print()
        model = move.with_user(self.user).env[action["res_model"]]
        dialog = Form(model.with_context(**action["context"])).save()
        dialog.extra_edi_checkboxes = {EDI_KEY: {"checked": False}}
        self.assertNotIn(GUARANTEE_KEY.format(self.company.id), dialog.alerts or {})
        # the settings: the deposits declared without a guarantee valid today
        warning = self._settings().l10n_fr_urssaf_guarantee_warning
        self.assertIn("your organisation declares deposits", warning)

    def test_deposits_authorised_without_guarantee_are_warned_in_the_settings(self):
        self.assertFalse(self._settings().l10n_fr_urssaf_guarantee_warning)
        self.company.l10n_fr_urssaf_deposits_authorised = True
        self.assertIn("ERR_ACOMPTE_BLOQUE", self._settings().l10n_fr_urssaf_guarantee_warning or "")

    def test_an_expired_guarantee_covers_nothing_after_its_end(self):
        move = self._deposit_invoice()
        self._guarantee(date(2026, 1, 1), self.today - timedelta(days=1))
        self.assertIn(f"{move.name} declares a deposit", self._wizard(move).guarantee_warning)
        warning = self._settings().l10n_fr_urssaf_guarantee_warning
        self.assertIn("your organisation declares deposits", warning)
        self.assertIn("GF-2026-0042 ended on", warning)
        # the guarantee covered the invoice's date: no warning for it
        move.button_draft()
        move.invoice_date = self.today - timedelta(days=1)
        move.action_post()
        self.assertFalse(self._wizard(move).guarantee_warning)
        # a guarantee that starts after the invoice does not cover it either
        self._guarantee(self.today, self.today + timedelta(days=365))
        self.assertIn(f"{move.name} declares a deposit", self._wizard(move).guarantee_warning)

    def test_turnover_above_the_threshold_without_guarantee(self):
        self._big_invoice(200000.0)
        move = self._invoice()  # 305.00: 200,305.00 in all
        wizard = self._wizard(move)
        self.assertIn("200,305.00", wizard.guarantee_warning)
        self.assertIn("above 200,000.00", wizard.guarantee_warning)
        self.assertNotIn("deposit", wizard.guarantee_warning)
        alert = self._dialog_alerts(move)[GUARANTEE_KEY.format(self.company.id)]
        self.assertEqual(alert["level"], "warning")
        self.assertIn("200,305.00", alert["message"])
        self.assertIn("200,305.00", self._settings().l10n_fr_urssaf_guarantee_warning)
        # a guarantee that ended yesterday does not help
        self._guarantee(date(2026, 1, 1), self.today - timedelta(days=1))
        self.assertIn("200,305.00", self._wizard(move).guarantee_warning)

    def test_at_the_threshold_exactly_no_warning(self):
        self._big_invoice(199695.0)
        move = self._invoice()  # 305.00: 200,000.00 in all, not above
        self.assertEqual(self.company._l10n_fr_urssaf_sap_turnover()[self.company.id], 200000.0)
        self.assertFalse(self._wizard(move).guarantee_warning)
        self._big_invoice(0.01)
        self.assertIn("200,000.01", self._wizard(move).guarantee_warning)

    def test_a_valid_guarantee_silences_every_warning(self):
        self._big_invoice(250000.0)
        deposit = self._deposit_invoice()
        self.company.l10n_fr_urssaf_deposits_authorised = True
        self._guarantee(date(2026, 1, 1), self.today + timedelta(days=200))
        wizard = self._wizard(deposit | self._invoice())
        self.assertFalse(wizard.guarantee_warning)
        self.assertNotIn(GUARANTEE_KEY.format(self.company.id), self._dialog_alerts(deposit))
        self.assertFalse(self._settings().l10n_fr_urssaf_guarantee_warning)
        # no end known: valid too
        self._guarantee(date(2026, 1, 1), False)
        self.assertFalse(self._wizard(deposit).guarantee_warning)
        # no reference: no guarantee
        self._guarantee(date(2026, 1, 1), False, reference=False)
        self.assertTrue(self._wizard(deposit).guarantee_warning)

    def test_the_settings_tell_the_guarantee_ends_soon(self):
        self._guarantee(date(2026, 1, 1), self.today + timedelta(days=31))
        self.assertFalse(self._settings().l10n_fr_urssaf_guarantee_warning)
        self._guarantee(date(2026, 1, 1), self.today + timedelta(days=30))
        self.assertIn("GF-2026-0042 ends on", self._settings().l10n_fr_urssaf_guarantee_warning)

    def test_dates_in_the_wrong_order_are_refused(self):
        with self.assertRaisesRegex(Exception, "before it starts"):
            self._guarantee(date(2026, 6, 1), date(2026, 5, 31))

    # ---------------------------------------------------------------- reminder

    def _reminders(self):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "=", self.company.partner_id.id),
                ("activity_type_id", "=", self.env.ref(GUARANTEE_ACTIVITY_XMLID).id),
            ]
        )

    def test_an_activity_once_30_days_before_the_guarantee_ends(self):
        end = date(2027, 3, 31)
        self._guarantee(date(2026, 4, 1), end)
        self.company.l10n_fr_urssaf_accountant_id = self.user
        Company = self.env["res.company"]
        Company._cron_l10n_fr_urssaf_guarantee_reminder(today=end - timedelta(days=31))
        self.assertFalse(self._reminders())
        Company._cron_l10n_fr_urssaf_guarantee_reminder(today=end - timedelta(days=30))
        reminder = self._reminders()
        self.assertEqual(len(reminder), 1)
        self.assertEqual(reminder.user_id, self.user)
        self.assertEqual(reminder.date_deadline, end)
        self.assertIn("GF-2026-0042", str(reminder.note))
        self.assertIn("Assurances Mutuelles du Loing", str(reminder.note))
        # the next days: no second activity, even once the first is done
        Company._cron_l10n_fr_urssaf_guarantee_reminder(today=end - timedelta(days=29))
        self.assertEqual(len(self._reminders()), 1)
        reminder.action_feedback(feedback="Renewed")
        Company._cron_l10n_fr_urssaf_guarantee_reminder(today=end - timedelta(days=1))
        self.assertFalse(self._reminders())
        # renewed: a new end date, a new reminder; without accountant, an URSSAF manager
        self.company.l10n_fr_urssaf_accountant_id = False
        new_end = end + relativedelta(years=1)
        self.company.l10n_fr_urssaf_guarantee_end = new_end
        Company._cron_l10n_fr_urssaf_guarantee_reminder(today=new_end - timedelta(days=30))
        reminder = self._reminders()
        self.assertEqual(reminder.date_deadline, new_end)
        self.assertTrue(reminder.user_id.has_group(f"{MODULE}.group_urssaf_manager"))

    def test_the_cron_exists_and_runs_daily(self):
        cron = self.env.ref(f"{MODULE}.ir_cron_l10n_fr_urssaf_guarantee_reminder")
        self.assertEqual((cron.interval_number, cron.interval_type), (1, "days"))
        self._guarantee(date(2026, 1, 1), self.today + timedelta(days=10))
        cron.method_direct_trigger()
        self.assertEqual(len(self._reminders()), 1)

    # ---------------------------------------------------------------- French

    def test_the_warnings_read_in_french(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms([MODULE], ["fr_FR"], overwrite=True)
        self.user.lang = "fr_FR"
        self._big_invoice(200000.0)
        move = self._deposit_invoice()
        self._guarantee(date(2026, 1, 1), self.today - timedelta(days=1))
        text = self._wizard(move).guarantee_warning
        self.assertIn(f"Garantie financière\u00a0: {move.name} déclare un acompte", text)
        self.assertIn("200\u00a0305,00\u00a0€", text)
        french = self.company.with_context(lang="fr_FR")
        texts = [*french._l10n_fr_urssaf_guarantee_warnings(), text]
        self.assertIn("GF-2026-0042 a pris fin le", texts[-2])
        self.company.l10n_fr_urssaf_accountant_id = self.user
        self.env["res.company"]._cron_l10n_fr_urssaf_guarantee_reminder()
        note = str(self._reminders().note)
        self.assertIn("GF-2026-0042", note)
        self.assertIn("prend fin le", note)
        for text in [*texts, self._reminders().summary, note]:
            self.assertFalse(typography.faults(text), text)
