"""Base class of the payment-request tests: a French company with its chart of accounts, an
active URSSAF client in the local sandbox (activated 9 days ago), products of home services,
and helpers to invoice and send through the wizard as a user would."""

from datetime import UTC, datetime, time, timedelta

from odoo import fields
from odoo.tests import Form

from odoo.addons.l10n_fr_urssaf_avance_immediate.urssaf_api import clear_token_cache

from .common import UrssafRegistrationCommon

E3_PATH = "/atp/v1/tiersPrestations/demandePaiement"
E4_PATH = "/atp/v1/tiersPrestations/demandePaiement/rechercher"


class UrssafPaymentCommon(UrssafRegistrationCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._french_accounting(cls.company)
        cls.tax_10 = cls._tax(cls.company, "10")
        cls.tax_10_included = cls._tax(cls.company, "10", included=True)
        cls.hour = cls.env.ref("uom.product_uom_hour")
        cls.cleaning = cls.env["product.product"].create(
            {
                "name": "Ménage",
                "type": "service",
                "uom_id": cls.hour.id,
                "uom_po_id": cls.hour.id,
                "list_price": 25.0,
                "taxes_id": [(6, 0, cls.tax_10.ids)],
                "l10n_fr_urssaf_nature": "60",
            }
        )
        cls.meals = cls.env["product.product"].create(
            {
                "name": "Préparation de repas",
                "type": "service",
                "list_price": 30.0,
                "taxes_id": [(6, 0, cls.tax_10_included.ids)],
                "l10n_fr_urssaf_nature": "120",
            }
        )
        cls.other = cls.env["product.product"].create(
            {"name": "Autre service", "type": "service", "l10n_fr_urssaf_nature": "270"}
        )

    @classmethod
    def _french_accounting(cls, company):
        """Euros and the French chart of accounts (a fresh test database has neither)."""
        euro = cls.env.ref("base.EUR")
        euro.active = True
        if company.currency_id != euro:
            company.currency_id = euro
        if not company.chart_template:
            cls.env["account.chart.template"].try_loading("fr", company, install_demo=False)

    @classmethod
    def _tax(cls, company, amount, included=False):
        return cls.env["account.tax"].create(
            {
                "name": f"TVA {amount} %{' TTC' if included else ''} (test)",
                "amount": float(amount),
                "amount_type": "percent",
                "type_tax_use": "sale",
                "company_id": company.id,
                "price_include_override": "tax_included" if included else "tax_excluded",
            }
        )

    def setUp(self):
        super().setUp()
        clear_token_cache()
        self.today = fields.Date.context_today(self.env["account.move"])
        # the client is activated 9 days ago (sandbox clock set back, then to now)
        self.sandbox.set_now(datetime.now(UTC) - timedelta(days=10))
        self.client_partner = self._partner("jeanne")
        wizard = self._register(self.client_partner, has_account="no")
        self.assertEqual(wizard.result, "success", wizard.result_message)
        self.sandbox.set_now(datetime.now(UTC))
        self._link(self.client_partner).with_user(self.user).action_refresh_status()
        self.assertEqual(self._link(self.client_partner).state, "active")
        self.activation = self._link(self.client_partner).activation_date
        self.period_start = max(self.activation, self.today.replace(day=1))

    # ---------------------------------------------------------------- invoices

    def _invoice(self, partner=None, lines=None, post=True, **values):
        """A customer invoice of ``partner`` (the active client by default): 10 h of cleaning
        at 25 € HT + 10 % (275 €) and a 30 € tax-included meal package; 305 € in all."""
        lines = lines or [(self.cleaning, 10, 25.0), (self.meals, 1, 30.0)]
        vals = {
            "move_type": "out_invoice",
            "partner_id": (partner or self.client_partner).id,
            "invoice_date": self.today,
            "l10n_fr_urssaf_service_start": self.period_start,
            "l10n_fr_urssaf_service_end": self.today,
            "invoice_line_ids": [
                (0, 0, {"product_id": product.id, "quantity": quantity, "price_unit": price})
                for product, quantity, price in lines
            ],
        }
        vals.update(values)
        move = self.env["account.move"].create(vals)
        if post:
            move.action_post()
        return move

    def _wizard(self, moves, user=None):
        user = user or self.user
        moves = moves.with_user(user).with_context(lang=user.lang)
        action = moves.action_l10n_fr_urssaf_send()
        model = moves.env[action["res_model"]]
        return Form(model.with_context(**action["context"])).save()

    def _send(self, moves, user=None):
        """Send through the wizard; returns the wizard after sending."""
        wizard = self._wizard(moves, user)
        wizard.action_send()
        return wizard

    def _e3_calls(self):
        return self.sandbox.stats()["api_calls"].get(E3_PATH, 0)

    def _e4_calls(self):
        return self.sandbox.stats()["api_calls"].get(E4_PATH, 0)

    def _requests(self, move):
        return self.env["l10n_fr_urssaf.payment.request"].search([("move_id", "=", move.id)])

    def _invoice_notes(self, move):
        messages = self.env["mail.message"].search(
            [
                ("model", "=", "account.move"),
                ("res_id", "=", move.id),
                ("subtype_id", "=", self.env.ref("mail.mt_note").id),
            ],
            order="id desc",
        )
        return [m.body for m in messages if m.body and "URSSAF" in m.body]

    def _sandbox_requests(self):
        return self.sandbox.snapshot()["payment_requests"]

    @staticmethod
    def _midday(day):
        return datetime.combine(day, time(12, 0), tzinfo=UTC)
