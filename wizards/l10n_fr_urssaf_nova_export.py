"""The NOVA figures of a quarter (EMA) or of a year (TSA-Bilan), printed or downloaded as CSV."""

import csv
import io

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.l10n_fr_urssaf_nova_statistics import QUARTERS

CSV_DELIMITER = ";"  # what a French spreadsheet opens without asking


class L10nFrUrssafNovaExport(models.TransientModel):
    _name = "l10n_fr_urssaf.nova.export"
    _description = "NOVA statistics export"

    company_id = fields.Many2one(
        "res.company",
        required=True,
        default=lambda self: self.env.company,
        domain=lambda self: [("id", "in", self.env.companies.ids)],
    )
    year = fields.Integer(required=True, default=lambda self: self._default_period()[0])
    quarter = fields.Selection(
        QUARTERS,
        default=lambda self: self._default_period()[1],
        help="The quarter of the quarterly statement (EMA); empty for the yearly summary "
        "(TSA-Bilan).",
    )

    @api.model
    def _default_period(self):
        """The quarter that NOVA asks for now: the last one that has ended."""
        today = fields.Date.context_today(self)
        quarter = (today.month - 1) // 3  # the previous quarter, 0 in January-March
        return (today.year, str(quarter)) if quarter else (today.year - 1, "4")

    def _check_period(self):
        self.ensure_one()
        if not 2000 <= self.year <= 2100:
            raise UserError(self.env._("Enter a year between 2000 and 2100."))
        if self.company_id not in self.env.companies:
            raise UserError(self.env._("Select one of the companies you are working in."))

    def _figures(self):
        self._check_period()
        return self.env["l10n_fr_urssaf.nova.statistics"]._l10n_fr_urssaf_nova_figures(
            self.company_id, self.year, self.quarter or None
        )

    def _title(self):
        self.ensure_one()
        if self.quarter:
            return self.env._(
                "NOVA quarterly statement (EMA) Q%(quarter)s %(year)s",
                quarter=self.quarter,
                year=self.year,
            )
        return self.env._("NOVA yearly summary (TSA-Bilan) %(year)s", year=self.year)

    def _quarter_label(self, quarter):
        return self.env._("Q%(quarter)s %(year)s", quarter=quarter, year=self.year)

    def action_print(self):
        self._check_period()
        return self.env.ref(
            "l10n_fr_urssaf_avance_immediate.action_report_l10n_fr_urssaf_nova"
        ).report_action(self)

    # ------------------------------------------------------------------ CSV

    def _csv_rows(self, figures):
        _ = self.env._
        lang = self.env["res.lang"]._lang_get(self.env.lang or "en_US")

        def number(value):
            return f"{value:.2f}".replace(".", lang.decimal_point or ".")

        def row(period_type, period, code, label, values):
            return [
                period_type,
                period,
                code,
                label,
                str(values["clients"]),
                number(values["hours"]),
                number(values["turnover"]),
            ]

        month_label, quarter_label, all_label = _("Month"), _("Quarter"), _("All activities")
        period_label = _("Quarter") if self.quarter else _("Year")
        period_name = self._quarter_label(self.quarter) if self.quarter else str(self.year)
        rows = [
            [
                _("Period type"),
                _("Period"),
                _("Nature code"),
                _("Activity"),
                _("Clients"),
                _("Hours billed"),
                _("Turnover before tax"),
            ]
        ]
        for nature in figures["natures"]:
            for month in figures["months"]:
                rows.append(
                    row(
                        month_label,
                        month.strftime("%Y-%m"),
                        nature["code"],
                        nature["label"],
                        nature["months"][month],
                    )
                )
            for quarter in figures["quarters"]:
                rows.append(
                    row(
                        quarter_label,
                        self._quarter_label(quarter),
                        nature["code"],
                        nature["label"],
                        nature["quarters"][quarter],
                    )
                )
            rows.append(
                row(period_label, period_name, nature["code"], nature["label"], nature["total"])
            )
        for month in figures["months"]:
            rows.append(
                row(
                    month_label,
                    month.strftime("%Y-%m"),
                    "",
                    all_label,
                    figures["months_total"][month],
                )
            )
        for quarter in figures["quarters"]:
            rows.append(
                row(
                    quarter_label,
                    self._quarter_label(quarter),
                    "",
                    all_label,
                    figures["quarters_total"][quarter],
                )
            )
        rows.append(row(period_label, period_name, "", all_label, figures["total"]))
        rows.append(
            row(
                period_label,
                period_name,
                "",
                _("Not eligible (not included above)"),
                figures["not_eligible"],
            )
        )
        return rows

    def action_download_csv(self):
        self._check_period()
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=CSV_DELIMITER, lineterminator="\r\n")
        writer.writerows(self._csv_rows(self._figures()))
        period = f"{self.year}-Q{self.quarter}" if self.quarter else str(self.year)
        attachment = self.env["ir.attachment"].create(
            {
                "name": f"nova-{period}-{self.company_id.id}.csv",
                "raw": ("\ufeff" + buffer.getvalue()).encode("utf-8"),
                "mimetype": "text/csv",
                "res_model": self._name,
                "res_id": self.id,
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "download",
        }
