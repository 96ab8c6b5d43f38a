"""The 2026 financial guarantee rule (décret 2024-1161): since 1 January 2026 a provider that
takes deposits must hold a financial guarantee from the first euro, and any provider whose
services to persons (SAP) exceed 200,000 € including VAT a year.

The addon knows the guarantee the user types in the settings (reference, guarantor, dates), the
deposits declared on invoices and the turnover it invoiced; it cannot know whether URSSAF holds
the certificate, so it warns and never blocks: URSSAF decides (``ERR_ACOMPTE_BLOQUE``,
``ERREUR_GARANTIE_FINANCIERE_NON_CONFORME``).

The turnover of SAP services over the last 12 months: the lines with an eligible URSSAF nature
of the company's posted customer invoices dated from the same day a year ago (excluded) to
today, including VAT, credit notes deducted, whoever the client (the threshold is the
provider's SAP activity, not only what goes through the immediate advance); one grouped query.
"""

import logging
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL
from odoo.tools.misc import format_amount, format_date

from ..urssaf_api.catalogue.natures import ELIGIBLE_NATURE_CODES

_logger = logging.getLogger(__name__)

#: the rule applies to what happens from this day on
GUARANTEE_RULE_START = date(2026, 1, 1)
#: turnover of SAP services including VAT over a year above which a guarantee is required
GUARANTEE_THRESHOLD = 200_000
#: the activity is created this many days before the guarantee ends
GUARANTEE_REMINDER_DAYS = 30
GUARANTEE_ACTIVITY_XMLID = "l10n_fr_urssaf_avance_immediate.mail_activity_type_urssaf_guarantee"


class ResCompany(models.Model):
    _inherit = "res.company"

    l10n_fr_urssaf_guarantee_reference = fields.Char(
        string="Financial guarantee reference",
        help="The number of the financial guarantee certificate (décret 2024-1161), as sent to "
        "URSSAF. Required since 1 January 2026 to declare deposits (from the first euro) and "
        "above 200,000 € including VAT of services to persons a year.",
    )
    l10n_fr_urssaf_guarantor = fields.Char(
        string="Guarantor", help="The insurer, bank or mutual guarantee society."
    )
    l10n_fr_urssaf_guarantee_start = fields.Date(string="Guarantee valid from")
    l10n_fr_urssaf_guarantee_end = fields.Date(
        string="Guarantee valid until",
        help="Last day covered by the guarantee. An activity reminds the URSSAF accountant (or "
        "an URSSAF manager) 30 days before. Empty: no end known.",
    )
    #: the end date a reminder was scheduled for (one activity per expiry date)
    l10n_fr_urssaf_guarantee_reminded_end = fields.Date(
        string="Guarantee end reminded", copy=False, readonly=True
    )

    @api.constrains("l10n_fr_urssaf_guarantee_start", "l10n_fr_urssaf_guarantee_end")
    def _check_l10n_fr_urssaf_guarantee_dates(self):
        for company in self:
            start = company.l10n_fr_urssaf_guarantee_start
            end = company.l10n_fr_urssaf_guarantee_end
            if start and end and end < start:
                raise ValidationError(
                    self.env._(
                        "%(company)s, financial guarantee: it ends on %(end)s, before it starts "
                        "(%(start)s). Correct the dates.",
                        company=company.name,
                        start=format_date(self.env, start),
                        end=format_date(self.env, end),
                    )
                )

    # ---------------------------------------------------------------- the guarantee

    def _l10n_fr_urssaf_guarantee_valid(self, day):
        """Whether the guarantee typed in the settings covers ``day``: a reference, a start on or
        before the day, no end or an end on or after it."""
        self.ensure_one()
        start = self.l10n_fr_urssaf_guarantee_start
        end = self.l10n_fr_urssaf_guarantee_end
        return bool(
            self.l10n_fr_urssaf_guarantee_reference
            and start
            and start <= day
            and (not end or day <= end)
        )

    def _l10n_fr_urssaf_sap_turnover(self, today=None):
        """{company id: turnover of SAP services including VAT over the 12 months to ``today``,
        in the company's currency}, for every company of ``self``, from one grouped query (see
        the module's docstring for what counts). A line in another currency is converted at
        ``today``'s rate."""
        today = today or fields.Date.context_today(self)
        totals = dict.fromkeys(self.ids, 0.0)
        if not self:
            return totals
        Line = self.env["account.move.line"].sudo()
        Line.flush_model(
            [
                "company_id",
                "currency_id",
                "move_id",
                "parent_state",
                "display_type",
                "l10n_fr_urssaf_nature",
                "invoice_date",
                "price_total",
            ]
        )
        self.env["account.move"].flush_model(["move_type"])
        query = Line._search(
            [
                ("company_id", "in", self.ids),
                ("parent_state", "=", "posted"),
                ("move_type", "in", ("out_invoice", "out_refund")),
                ("display_type", "=", "product"),
                ("l10n_fr_urssaf_nature", "in", ELIGIBLE_NATURE_CODES),
                ("invoice_date", ">", today - relativedelta(years=1)),
                ("invoice_date", "<=", today),
            ]
        )
        currency = query.join(query.table, "currency_id", "res_currency", "id", "currency")
        move = query.join(query.table, "move_id", "account_move", "id", "move_id")
        query.groupby = SQL("1, 2, 3")
        query.order = None
        # each line's amount including VAT to the cent of its currency, as on the invoice
        self.env.cr.execute(
            query.select(
                SQL.identifier(query.table, "company_id"),
                SQL.identifier(query.table, "currency_id"),
                SQL.identifier(move, "move_type"),
                SQL(
                    "SUM(ROUND(%s, %s))",
                    SQL.identifier(query.table, "price_total"),
                    SQL.identifier(currency, "decimal_places"),
                ),
            )
        )
        groups = [
            (self.browse(company_id), self.env["res.currency"].browse(currency_id), kind, total)
            for company_id, currency_id, kind, total in self.env.cr.fetchall()
        ]
        for company, currency, move_type, amount in groups:
            company = company.sudo()
            amount = float(amount)
            if currency != company.currency_id:
                amount = currency._convert(amount, company.currency_id, company, today)
            totals[company.id] += -amount if move_type == "out_refund" else amount
        return {
            company.id: company.currency_id.round(totals[company.id]) for company in self.sudo()
        }

    def _l10n_fr_urssaf_guarantee_warnings(self, moves=None, today=None, turnover=None):
        """The warnings of the guarantee rule for this company, as sentences (empty: nothing to
        say). ``moves``: the invoices about to be sent (a deposit on a date no guarantee
        covers); without, the settings' view (deposits declared or authorised without a
        guarantee today, a guarantee that ends soon or ended). ``turnover``: the 12 months'
        turnover when the caller has it already."""
        self.ensure_one()
        _ = self.env._
        company = self.sudo()
        today = today or fields.Date.context_today(self)
        valid_today = company._l10n_fr_urssaf_guarantee_valid(today)
        warnings = []
        codes = "ERR_ACOMPTE_BLOQUE, ERREUR_GARANTIE_FINANCIERE_NON_CONFORME"
        if moves is not None:
            uncovered = moves.sorted("name").filtered(
                lambda m: m.company_id == self
                and m.l10n_fr_urssaf_deposit_amount > 0
                and (m.invoice_date or today) >= GUARANTEE_RULE_START
                and not company._l10n_fr_urssaf_guarantee_valid(m.invoice_date or today)
            )
            if len(uncovered) == 1:
                warnings.append(
                    _(
                        "Financial guarantee: %(invoice)s declares a deposit, and no financial "
                        "guarantee set in the URSSAF settings covers its date. Since 1 January "
                        "2026 (décret 2024-1161), a provider that takes deposits must hold a "
                        "financial guarantee from the first euro: URSSAF may refuse the request "
                        "(%(codes)s).",
                        invoice=uncovered.name or uncovered.display_name,
                        codes=codes,
                    )
                )
            elif uncovered:
                warnings.append(
                    _(
                        "Financial guarantee: %(invoices)s declare a deposit, and no financial "
                        "guarantee set in the URSSAF settings covers their date. Since 1 "
                        "January 2026 (décret 2024-1161), a provider that takes deposits must "
                        "hold a financial guarantee from the first euro: URSSAF may refuse these "
                        "requests (%(codes)s).",
                        invoices=", ".join(m.name or m.display_name for m in uncovered),
                        codes=codes,
                    )
                )
        elif not valid_today and today >= GUARANTEE_RULE_START:
            deposits = company.l10n_fr_urssaf_deposits_authorised or self.env[
                "account.move"
            ].sudo().search_count(
                [
                    ("company_id", "=", self.id),
                    ("state", "=", "posted"),
                    ("move_type", "=", "out_invoice"),
                    ("l10n_fr_urssaf_deposit_amount", ">", 0),
                    ("invoice_date", ">", today - relativedelta(years=1)),
                ],
                limit=1,
            )
            if deposits:
                warnings.append(
                    _(
                        "Financial guarantee: your organisation declares deposits, and no "
                        "financial guarantee valid today is set here. Since 1 January 2026 "
                        "(décret 2024-1161), a provider that takes deposits must hold a "
                        "financial guarantee from the first euro: URSSAF may refuse the "
                        "requests with a deposit (%(codes)s).",
                        codes=codes,
                    )
                )
        if not valid_today and today >= GUARANTEE_RULE_START:
            if turnover is None:
                turnover = company._l10n_fr_urssaf_sap_turnover(today)[self.id]
            if turnover > GUARANTEE_THRESHOLD:
                currency = company.currency_id
                warnings.append(
                    _(
                        "Financial guarantee: your services to persons of the last 12 months "
                        "come to %(turnover)s including VAT, above %(threshold)s, and no "
                        "financial guarantee valid today is set in the URSSAF settings. Since "
                        "1 January 2026 (décret 2024-1161), a provider above this threshold "
                        "must hold one: URSSAF may refuse your requests "
                        "(ERREUR_GARANTIE_FINANCIERE_NON_CONFORME).",
                        turnover=format_amount(self.env, turnover, currency),
                        threshold=format_amount(self.env, GUARANTEE_THRESHOLD, currency),
                    )
                )
        end = company.l10n_fr_urssaf_guarantee_end
        if moves is None and company.l10n_fr_urssaf_guarantee_reference and end:
            if end < today:
                warnings.append(
                    _(
                        "Your financial guarantee %(reference)s ended on %(date)s: send URSSAF "
                        "the renewed certificate and update its dates here.",
                        reference=company.l10n_fr_urssaf_guarantee_reference,
                        date=format_date(self.env, end),
                    )
                )
            elif end - today <= timedelta(days=GUARANTEE_REMINDER_DAYS):
                warnings.append(
                    _(
                        "Your financial guarantee %(reference)s ends on %(date)s: send URSSAF "
                        "the renewed certificate and update its dates here.",
                        reference=company.l10n_fr_urssaf_guarantee_reference,
                        date=format_date(self.env, end),
                    )
                )
        return warnings

    # ---------------------------------------------------------------- the reminder

    def _l10n_fr_urssaf_guarantee_responsible(self):
        """Who is reminded: the company's URSSAF accountant, else its first URSSAF manager; an
        active internal user allowed in the company."""
        self.ensure_one()
        return self._l10n_fr_urssaf_responsible(self.sudo().l10n_fr_urssaf_accountant_id)

    @api.model
    def _cron_l10n_fr_urssaf_guarantee_reminder(self, today=None):
        """Daily: an activity on the company's contact, 30 days before its guarantee ends, once
        per end date (a renewed guarantee, with a new end date, is reminded again)."""
        today = today or fields.Date.context_today(self)
        companies = (
            self.sudo()
            .search([("l10n_fr_urssaf_guarantee_end", "!=", False)])
            .filtered(
                lambda c: c.l10n_fr_urssaf_guarantee_end - timedelta(days=GUARANTEE_REMINDER_DAYS)
                <= today
                and c.l10n_fr_urssaf_guarantee_reminded_end != c.l10n_fr_urssaf_guarantee_end
            )
        )
        for company in companies:
            user = company._l10n_fr_urssaf_guarantee_responsible()
            if not user:
                _logger.warning(
                    "Company %s: nobody to remind that the financial guarantee ends", company.id
                )
                continue
            end = company.l10n_fr_urssaf_guarantee_end
            # in the language of the user who acts on it
            texts = company.with_context(lang=user.lang).env
            company.partner_id.activity_schedule(
                GUARANTEE_ACTIVITY_XMLID,
                date_deadline=end,
                summary=texts._("URSSAF: renew the financial guarantee"),
                note=texts._(
                    "The financial guarantee %(reference)s (%(guarantor)s) of %(company)s ends "
                    "on %(date)s. Since 1 January 2026 (décret 2024-1161), deposits and a "
                    "turnover of services to persons above 200,000 € including VAT a year need "
                    "a valid guarantee: send URSSAF the renewed certificate, then update its "
                    "dates in the URSSAF settings.",
                    reference=company.l10n_fr_urssaf_guarantee_reference or "-",
                    guarantor=company.l10n_fr_urssaf_guarantor or "-",
                    company=company.name,
                    date=format_date(texts, end),
                ),
                user_id=user.id,
            )
            company.l10n_fr_urssaf_guarantee_reminded_end = end


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    l10n_fr_urssaf_guarantee_reference = fields.Char(
        related="company_id.l10n_fr_urssaf_guarantee_reference", readonly=False
    )
    l10n_fr_urssaf_guarantor = fields.Char(
        related="company_id.l10n_fr_urssaf_guarantor", readonly=False
    )
    l10n_fr_urssaf_guarantee_start = fields.Date(
        related="company_id.l10n_fr_urssaf_guarantee_start", readonly=False
    )
    l10n_fr_urssaf_guarantee_end = fields.Date(
        related="company_id.l10n_fr_urssaf_guarantee_end", readonly=False
    )
    l10n_fr_urssaf_sap_turnover = fields.Monetary(
        string="Services to persons, last 12 months (incl. VAT)",
        currency_field="currency_id",
        compute="_compute_l10n_fr_urssaf_guarantee",
        help="Eligible lines (URSSAF nature other than 270) of the posted customer invoices "
        "dated in the last 12 months, including VAT, credit notes deducted, all clients.",
    )
    l10n_fr_urssaf_guarantee_threshold = fields.Monetary(
        string="Guarantee threshold",
        currency_field="currency_id",
        compute="_compute_l10n_fr_urssaf_guarantee",
    )
    l10n_fr_urssaf_guarantee_warning = fields.Text(
        string="Financial guarantee warning", compute="_compute_l10n_fr_urssaf_guarantee"
    )

    @api.depends(
        "company_id",
        "l10n_fr_urssaf_guarantee_reference",
        "l10n_fr_urssaf_guarantee_start",
        "l10n_fr_urssaf_guarantee_end",
        "l10n_fr_urssaf_deposits_authorised",
    )
    def _compute_l10n_fr_urssaf_guarantee(self):
        for settings in self:
            company = settings.company_id
            settings.l10n_fr_urssaf_guarantee_threshold = GUARANTEE_THRESHOLD
            if not company:
                settings.l10n_fr_urssaf_sap_turnover = 0
                settings.l10n_fr_urssaf_guarantee_warning = False
                continue
            turnover = company._l10n_fr_urssaf_sap_turnover()[company.id]
            settings.l10n_fr_urssaf_sap_turnover = turnover
            settings.l10n_fr_urssaf_guarantee_warning = (
                "\n".join(company._l10n_fr_urssaf_guarantee_warnings(turnover=turnover)) or False
            )
