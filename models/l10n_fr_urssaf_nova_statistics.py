"""NOVA activity statistics: per company, month, URSSAF nature and client, the hours billed and
the turnover before tax of the home services (SAP), read from posted customer invoices.

NOVA (the State's portal of declared SAP organisations) asks each quarter, per month, the number
of clients, the hours billed and the SAP turnover before tax (EMA), and a yearly summary
(TSA-Bilan). The rows of this SQL view are per company, month, nature, eligibility and client, so
that the number of *distinct* clients of any group (a month, a quarter, a year, all natures) is
exact: the ``clients`` measure is aggregated as ``COUNT(DISTINCT client)`` (see
``_read_group_select``), never summed.

What is counted:

- posted customer invoices and credit notes (``out_invoice``, ``out_refund``); drafts and
  cancelled invoices are ignored; the month is the invoice date's;
- their product lines that carry an URSSAF nature (lines without a nature are not home services);
  lines of a nature that is not eligible (270) are kept apart with ``eligible`` unset;
- hours: the quantity of the lines whose URSSAF unit is the hour; turnover: the untaxed amount in
  the company's currency; both deducted for credit notes;
- a client is counted in a month and nature when an invoice (not only a credit note) of that
  month bills them a line of that nature.
"""

from datetime import date

from odoo import api, fields, models
from odoo.tools import SQL, drop_view_if_exists

from ..urssaf_api.catalogue.natures import NOT_ELIGIBLE_NATURE_CODES
from .product_template import nature_selection

QUARTERS = [("1", "Q1"), ("2", "Q2"), ("3", "Q3"), ("4", "Q4")]


def period_bounds(year, quarter=None):
    """The first day of the period and the first day after it (a year, or one of its quarters)."""
    year = int(year)
    if not quarter:
        return date(year, 1, 1), date(year + 1, 1, 1)
    first_month = (int(quarter) - 1) * 3 + 1
    start = date(year, first_month, 1)
    end = date(year + 1, 1, 1) if first_month == 10 else date(year, first_month + 3, 1)
    return start, end


class L10nFrUrssafNovaStatistics(models.Model):
    _name = "l10n_fr_urssaf.nova.statistics"
    _description = "NOVA statistics of home services"
    _auto = False
    _rec_name = "date"
    _order = "date desc, nature"

    date = fields.Date(string="Month", readonly=True)
    year = fields.Char(readonly=True)
    quarter = fields.Selection(QUARTERS, readonly=True)
    company_id = fields.Many2one("res.company", string="Company", readonly=True)
    currency_id = fields.Many2one("res.currency", string="Currency", readonly=True)
    nature = fields.Selection(
        selection=lambda self: nature_selection(self.env), string="URSSAF nature", readonly=True
    )
    eligible = fields.Boolean(
        readonly=True,
        help="Set for the natures that the immediate advance pays for; NOVA's figures are "
        "those of eligible services.",
    )
    partner_id = fields.Many2one("res.partner", string="Client", readonly=True)
    clients = fields.Integer(
        readonly=True,
        aggregator="sum",  # read as a count of distinct clients: see _read_group_select
        help="Number of distinct clients billed (an invoice, not only a credit note), counted "
        "once per group whatever the months or natures grouped.",
    )
    hours = fields.Float(
        string="Hours billed",
        readonly=True,
        digits=(16, 2),
        help="Quantities of the lines billed by the hour, credit notes deducted.",
    )
    turnover_ht = fields.Monetary(
        string="Turnover before tax",
        readonly=True,
        currency_field="currency_id",
        help="Untaxed amount in the company's currency, credit notes deducted.",
    )

    _depends = {
        "account.move": [
            "state",
            "move_type",
            "invoice_date",
            "company_id",
            "commercial_partner_id",
        ],
        "account.move.line": [
            "move_id",
            "display_type",
            "quantity",
            "balance",
            "l10n_fr_urssaf_nature",
            "l10n_fr_urssaf_unit",
        ],
        "res.company": ["currency_id"],
    }

    def init(self):
        drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE VIEW %(view)s AS (
                    SELECT MIN(line.id) AS id,
                           move.company_id AS company_id,
                           company.currency_id AS currency_id,
                           date_trunc('month', move.invoice_date)::date AS date,
                           EXTRACT(YEAR FROM move.invoice_date)::int::varchar AS year,
                           EXTRACT(QUARTER FROM move.invoice_date)::int::varchar AS quarter,
                           line.l10n_fr_urssaf_nature AS nature,
                           line.l10n_fr_urssaf_nature NOT IN %(not_eligible)s AS eligible,
                           move.commercial_partner_id AS partner_id,
                           MAX(CASE WHEN move.move_type = 'out_invoice' THEN 1 ELSE 0 END)
                               AS clients,
                           SUM(CASE WHEN line.l10n_fr_urssaf_unit != 'HEURE' THEN 0
                                    WHEN move.move_type = 'out_refund' THEN -line.quantity
                                    ELSE line.quantity END) AS hours,
                           SUM(-line.balance) AS turnover_ht
                      FROM account_move_line line
                      JOIN account_move move ON move.id = line.move_id
                      JOIN res_company company ON company.id = move.company_id
                     WHERE move.state = 'posted'
                       AND move.move_type IN ('out_invoice', 'out_refund')
                       AND move.invoice_date IS NOT NULL
                       AND line.display_type = 'product'
                       AND line.l10n_fr_urssaf_nature IS NOT NULL
                  GROUP BY move.company_id, company.currency_id,
                           date_trunc('month', move.invoice_date),
                           EXTRACT(YEAR FROM move.invoice_date),
                           EXTRACT(QUARTER FROM move.invoice_date),
                           line.l10n_fr_urssaf_nature, move.commercial_partner_id
                )
                """,
                view=SQL.identifier(self._table),
                not_eligible=NOT_ELIGIBLE_NATURE_CODES or ("",),
            )
        )

    @api.model
    def _read_group_select(self, aggregate_spec, query):
        # the clients of a group are the distinct clients of its rows, never a sum of per-row
        # counts (a client billed in two months or two natures is one client of the quarter)
        if aggregate_spec in ("clients:sum", "clients:count_distinct"):
            return SQL(
                "COUNT(DISTINCT CASE WHEN %s = 1 THEN %s END)",
                self._field_to_sql(self._table, "clients", query),
                self._field_to_sql(self._table, "partner_id", query),
            )
        return super()._read_group_select(aggregate_spec, query)

    # ------------------------------------------------------------------ NOVA figures

    @api.model
    def _l10n_fr_urssaf_nova_figures(self, company, year, quarter=None):
        """The figures of a quarter (EMA) or of a year (TSA-Bilan) of ``company``, from a constant
        number of grouped queries (record rules applied):

        ``{"start", "end", "months": [date], "quarters": [str], "natures": [{"code", "label",
        "months": {date: figures}, "quarters": {str: figures}, "total": figures}],
        "months_total": {date: figures}, "quarters_total": {str: figures}, "total": figures,
        "not_eligible": figures}`` where ``figures`` is ``{"clients", "hours", "turnover"}``;
        clients are distinct clients of the group (a month, a quarter, the period; one nature
        or all eligible natures).
        """
        start, end = period_bounds(year, quarter)
        base = [
            ("company_id", "=", company.id),
            ("date", ">=", start),
            ("date", "<", end),
        ]
        eligible = [*base, ("eligible", "=", True)]
        aggregates = ["clients:sum", "hours:sum", "turnover_ht:sum"]

        def figures(clients, hours, turnover):
            return {
                "clients": clients or 0,
                "hours": round(hours or 0.0, 2),
                "turnover": company.currency_id.round(turnover or 0.0),
            }

        def empty():
            return figures(0, 0.0, 0.0)

        months = []
        month = start
        while month < end:
            months.append(month)
            month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
        quarters = [] if quarter else [str(q) for q in range(1, 5)]
        labels = dict(self._fields["nature"]._description_selection(self.env))

        natures = {}

        def nature_entry(code):
            if code not in natures:
                natures[code] = {
                    "code": code,
                    "label": labels.get(code, code),
                    "months": {m: empty() for m in months},
                    "quarters": {q: empty() for q in quarters},
                    "total": empty(),
                }
            return natures[code]

        for month_start, code, *values in self._read_group(
            eligible, ["date:month", "nature"], aggregates
        ):
            nature_entry(code)["months"][month_start] = figures(*values)
        for code, *values in self._read_group(eligible, ["nature"], aggregates):
            nature_entry(code)["total"] = figures(*values)
        months_total = {m: empty() for m in months}
        for month_start, *values in self._read_group(eligible, ["date:month"], aggregates):
            months_total[month_start] = figures(*values)
        quarters_total = {q: empty() for q in quarters}
        if quarters:
            for code, quarter_code, *values in self._read_group(
                eligible, ["nature", "quarter"], aggregates
            ):
                nature_entry(code)["quarters"][quarter_code] = figures(*values)
            for quarter_code, *values in self._read_group(eligible, ["quarter"], aggregates):
                quarters_total[quarter_code] = figures(*values)
        [total] = self._read_group(eligible, [], aggregates)
        [not_eligible] = self._read_group([*base, ("eligible", "=", False)], [], aggregates)
        return {
            "start": start,
            "end": end,
            "months": months,
            "quarters": quarters,
            "natures": [natures[code] for code in sorted(natures, key=int)],
            "months_total": months_total,
            "quarters_total": quarters_total,
            "total": figures(*total),
            "not_eligible": figures(*not_eligible),
        }
