"""The annual tax certificate (*attestation fiscale annuelle*) of a client: what the client paid
in a calendar year for home services, split by the way it was paid.

The year rule: a payment counts in the year it was received (the date of the payment entry
reconciled with the invoice: URSSAF's transfer date for the transfer booked by the
synchronisation, the client's payment date otherwise), whatever the invoice's date. The tax
credit is due on the expenses *paid* in the year (CGI art. 199 sexdecies), and URSSAF reports the
advances it paid in a year to the tax administration for that year: an invoice of December paid
in January counts in January's year. Refunds of credit notes count, negative, in the year they
were paid back; a credit note reconciled with an invoice moves no money and changes nothing by
itself (the invoice's payments are what was paid).

Only the home-service part of an invoice counts: the lines with an eligible URSSAF nature; a
payment of an invoice that also has other lines counts in proportion.

The figures of a batch of clients come from two grouped queries (amounts, services), whatever
the number of invoices: a certificate is frozen once issued (amounts, services, PDF); a later
payment that changes the amounts issues a new version, the earlier one kept as superseded.
"""

from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..urssaf_api.billing import to_decimal
from ..urssaf_api.billing.mention import euros
from ..urssaf_api.catalogue.natures import ELIGIBLE_NATURE_CODES, NATURE_CODES
from .l10n_fr_urssaf_nova_statistics import period_bounds
from .l10n_fr_urssaf_synced_mixin import MANAGER_GROUP_XMLID

#: Marks, in the context, a write made by the issuing code (an object: no RPC context forges it).
_ISSUING = object()
#: The fields that make a certificate's content: a new version when one of them changes.
AMOUNT_FIELDS = (
    "amount_total",
    "amount_advance_total",
    "amount_urssaf_advance",
    "amount_urssaf_share",
    "amount_cesu",
    "amount_direct",
)
MONTHS_FR = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def french_quantity(value):
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return text.replace(",", "\u202f").replace(".", ",")


class L10nFrUrssafTaxCertificate(models.Model):
    _name = "l10n_fr_urssaf.tax.certificate"
    _description = "Annual tax certificate (home services)"
    _order = "year desc, partner_id, version desc"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", string="Certificate")
    company_id = fields.Many2one(
        "res.company", string="Company", required=True, readonly=True, index=True
    )
    partner_id = fields.Many2one(
        "res.partner", string="Client", required=True, readonly=True, index=True
    )
    year = fields.Integer(string="Year", required=True, readonly=True, index=True)
    version = fields.Integer(string="Version", required=True, readonly=True, default=1)
    state = fields.Selection(
        [("draft", "Draft"), ("issued", "Issued"), ("superseded", "Superseded")],
        string="Status",
        required=True,
        readonly=True,
        default="draft",
        index=True,
    )
    currency_id = fields.Many2one(related="company_id.currency_id", string="Currency")
    amount_total = fields.Monetary(
        string="Paid in the year",
        readonly=True,
        help="What the client paid in the year for home services (URSSAF's transfers, the "
        "client's payments, prepaid CESU), refunds deducted.",
    )
    amount_advance_total = fields.Monetary(
        string="Through the immediate advance",
        readonly=True,
        help="Paid through URSSAF's immediate advance: URSSAF's transfers (its advance and the "
        "client's share it debited).",
    )
    amount_urssaf_advance = fields.Monetary(
        string="Advanced by URSSAF",
        readonly=True,
        help="The tax credit URSSAF advanced: already known to the tax administration.",
    )
    amount_urssaf_share = fields.Monetary(string="Client's share debited by URSSAF", readonly=True)
    amount_direct = fields.Monetary(string="Paid by the client directly", readonly=True)
    amount_cesu = fields.Monetary(string="Paid with prepaid CESU", readonly=True)
    line_ids = fields.One2many(
        "l10n_fr_urssaf.tax.certificate.line", "certificate_id", string="Services", readonly=True
    )
    issued_on = fields.Date(string="Issued on", readonly=True)
    issued_by_id = fields.Many2one("res.users", string="Issued by", readonly=True)
    sent_on = fields.Datetime(string="Sent on", readonly=True)
    attachment_id = fields.Many2one("ir.attachment", string="PDF", readonly=True)
    run_id = fields.Many2one(
        "l10n_fr_urssaf.tax.certificate.run", string="Issued by the run", readonly=True
    )

    _sql_constraints = [
        (
            "version_unique",
            "UNIQUE(company_id, partner_id, year, version)",
            "A certificate version exists once per client, year and company.",
        ),
    ]

    @api.depends("year", "partner_id", "version")
    def _compute_name(self):
        for certificate in self:
            certificate.name = self.env._(
                "Tax certificate %(year)s – %(client)s (version %(version)s)",
                year=certificate.year,
                client=certificate.partner_id.name or "",
                version=certificate.version,
            )

    # ---------------------------------------------------------------- frozen once issued

    def write(self, vals):
        if self.env.context.get("l10n_fr_urssaf_issuing") is not _ISSUING:
            raise UserError(
                self.env._(
                    "A tax certificate cannot be changed: issue the year's certificates again, "
                    "a changed amount gives a new version and the earlier one is kept."
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never_issued(self):
        if any(certificate.state != "draft" for certificate in self):
            raise UserError(
                self.env._(
                    "An issued tax certificate cannot be deleted: the client may hold it. Issue "
                    "a new version if its amounts were wrong."
                )
            )

    def _issuing(self):
        return self.with_context(l10n_fr_urssaf_issuing=_ISSUING)

    @api.model
    def _amount_fields(self):
        return AMOUNT_FIELDS

    def _same_content(self, figures, lines):
        """Whether ``figures`` and service ``lines`` are what this certificate says."""
        self.ensure_one()
        currency = self.currency_id
        if any(currency.compare_amounts(self[key], figures[key]) for key in AMOUNT_FIELDS):
            return False
        mine = sorted(
            (line.nature, line.unit, line.months or "", round(line.quantity, 2))
            for line in self.line_ids
        )
        theirs = sorted(
            (line["nature"], line["unit"], line["months"], round(line["quantity"], 2))
            for line in lines
        )
        return mine == theirs

    # ---------------------------------------------------------------- the figures

    @api.model
    def _year_figures(self, company, year, partner_ids=None, clients_only=False):
        """``{partner id: figures}`` of the clients of ``company`` who paid something for home
        services in ``year`` (one grouped query). Figures: the amounts (see the fields) and the
        moves whose payments count. ``clients_only``: the sorted list of those clients' ids."""
        start, end = period_bounds(year)  # the year, and the first day after it
        partner_filter = (
            SQL("AND move.commercial_partner_id = ANY(%s)", list(partner_ids))
            if partner_ids is not None
            else SQL("")
        )
        self.env["account.move"].flush_model()
        self.env["account.move.line"].flush_model()
        self.env["account.partial.reconcile"].flush_model()
        self.env["account.payment"].flush_model()
        self.env["account.payment.method.line"].flush_model(["l10n_fr_urssaf_is_cesu"])
        self.env["l10n_fr_urssaf.payment.request"].flush_model(["amount_total"])
        select = (
            SQL("SELECT DISTINCT paid.partner_id FROM paid ORDER BY paid.partner_id")
            if clients_only
            else SQL(
                """
                SELECT paid.partner_id,
                       COALESCE(SUM(paid.sign * paid.amount), 0),
                       COALESCE(SUM(paid.sign * paid.amount)
                                FILTER (WHERE paid.request_id IS NOT NULL), 0),
                       COALESCE(MAX(advance.amount), 0),
                       COALESCE(SUM(paid.sign * paid.amount)
                                FILTER (WHERE paid.request_id IS NULL AND paid.cesu), 0),
                       ARRAY_AGG(DISTINCT paid.move_id)
                  FROM paid
             LEFT JOIN advance ON advance.partner_id = paid.partner_id
                 GROUP BY paid.partner_id
                """
            )
        )
        query = SQL(
            """
            WITH sap_move AS (
                SELECT move.id, move.commercial_partner_id AS partner_id, move.move_type,
                       move.amount_total,
                       SUM(line.price_total) FILTER (
                           WHERE line.l10n_fr_urssaf_nature = ANY(%(natures)s)
                       ) AS sap_total
                  FROM account_move move
                  JOIN account_move_line line
                    ON line.move_id = move.id AND line.display_type = 'product'
                 WHERE move.company_id = %(company)s
                   AND move.state = 'posted'
                   AND move.move_type IN ('out_invoice', 'out_refund')
                   %(partner_filter)s
                 GROUP BY move.id
            ), paid AS (
                SELECT sap_move.partner_id, sap_move.id AS move_id,
                       CASE WHEN sap_move.move_type = 'out_invoice' THEN 1 ELSE -1 END AS sign,
                       CASE WHEN sap_move.sap_total = sap_move.amount_total THEN partial.amount
                            ELSE ROUND(partial.amount * sap_move.sap_total
                                       / sap_move.amount_total, 2)
                       END AS amount,
                       payment.l10n_fr_urssaf_request_id AS request_id,
                       COALESCE(method.l10n_fr_urssaf_is_cesu, FALSE) AS cesu
                  FROM sap_move
                  JOIN account_move_line own
                    ON own.move_id = sap_move.id AND own.display_type = 'payment_term'
                  JOIN account_partial_reconcile partial
                    ON (sap_move.move_type = 'out_invoice' AND partial.debit_move_id = own.id)
                    OR (sap_move.move_type = 'out_refund' AND partial.credit_move_id = own.id)
                  JOIN account_move_line other
                    ON other.id = CASE WHEN sap_move.move_type = 'out_invoice'
                                       THEN partial.credit_move_id
                                       ELSE partial.debit_move_id END
                  JOIN account_move other_move ON other_move.id = other.move_id
             LEFT JOIN account_payment payment ON payment.id = other_move.origin_payment_id
             LEFT JOIN account_payment_method_line method
                    ON method.id = payment.payment_method_line_id
                 WHERE sap_move.sap_total > 0
                   AND sap_move.amount_total > 0
                   AND other.date >= %(start)s AND other.date < %(end)s
                   AND other_move.state = 'posted'
                   AND (other_move.origin_payment_id IS NOT NULL
                        OR other_move.statement_line_id IS NOT NULL)
            ), per_request AS (
                -- a request's transfer may be reconciled in several parts (an invoice with
                -- instalments): URSSAF's advance is capped once per request, on their sum
                SELECT paid.partner_id, paid.request_id, SUM(paid.sign * paid.amount) AS amount
                  FROM paid
                 WHERE paid.request_id IS NOT NULL
                 GROUP BY paid.partner_id, paid.request_id
            ), advance AS (
                SELECT per_request.partner_id,
                       SUM(LEAST(FLOOR(ROUND(request.amount_total * 100) / 2) / 100,
                                 per_request.amount)) AS amount
                  FROM per_request
                  JOIN l10n_fr_urssaf_payment_request request
                    ON request.id = per_request.request_id
                 GROUP BY per_request.partner_id
            )
            %(select)s
            """,
            natures=list(ELIGIBLE_NATURE_CODES),
            company=company.id,
            partner_filter=partner_filter,
            start=start,
            end=end,
            select=select,
        )
        self.env.cr.execute(query)
        if clients_only:
            return [partner_id for (partner_id,) in self.env.cr.fetchall()]
        figures = {}
        for partner_id, total, advance_total, advance, cesu, move_ids in self.env.cr.fetchall():
            figures[partner_id] = {
                "amount_total": float(total),
                "amount_advance_total": float(advance_total),
                "amount_urssaf_advance": float(advance),
                "amount_urssaf_share": float(advance_total - advance),
                "amount_cesu": float(cesu),
                "amount_direct": float(total - advance_total - cesu),
                "move_ids": move_ids,
            }
        return figures

    @api.model
    def _services(self, move_ids):
        """``{partner id: [line values]}``: the home services of ``move_ids`` per nature and unit,
        with their months and quantities (credit notes deducted), in one grouped query."""
        if not move_ids:
            return {}
        self.env.cr.execute(
            SQL(
                """
                SELECT move.commercial_partner_id, line.l10n_fr_urssaf_nature,
                       COALESCE(line.l10n_fr_urssaf_unit, 'FORFAIT'),
                       ARRAY_AGG(DISTINCT TO_CHAR(COALESCE(line.l10n_fr_urssaf_service_start,
                                                           move.l10n_fr_urssaf_service_start,
                                                           move.invoice_date), 'YYYY-MM')),
                       SUM(CASE WHEN move.move_type = 'out_refund' THEN -1 ELSE 1 END
                           * line.quantity)
                  FROM account_move_line line
                  JOIN account_move move ON move.id = line.move_id
                 WHERE line.move_id = ANY(%(moves)s)
                   AND line.display_type = 'product'
                   AND line.l10n_fr_urssaf_nature = ANY(%(natures)s)
                 GROUP BY 1, 2, 3
                 ORDER BY 1, 2, 3
                """,
                moves=list(move_ids),
                natures=list(ELIGIBLE_NATURE_CODES),
            )
        )
        services = defaultdict(list)
        for partner_id, nature, unit, months, quantity in self.env.cr.fetchall():
            services[partner_id].append(
                {
                    "nature": nature,
                    "unit": unit,
                    "months": ",".join(sorted(m for m in months if m)),
                    "quantity": float(quantity or 0.0),
                }
            )
        return services

    # ---------------------------------------------------------------- the report's content

    def _report_services(self):
        """The services as printed: ``(label, months, quantity)`` in French."""
        self.ensure_one()
        rows = []
        lines = self.line_ids.sorted(
            lambda line: (int(line.nature) if line.nature.isdigit() else 0, line.unit)
        )
        for line in lines:
            nature = NATURE_CODES.get(line.nature)
            label = nature.label.fr if nature else line.nature
            months = []
            for key in (line.months or "").split(","):
                if key:
                    year, month = key.split("-")
                    months.append(f"{MONTHS_FR[int(month) - 1]} {year}")
            unit = "h" if line.unit == "HEURE" else "forfait(s)"
            rows.append((label, ", ".join(months), f"{french_quantity(line.quantity)} {unit}"))
        return rows

    def _report_amount(self, field_name):
        self.ensure_one()
        return euros(to_decimal(self[field_name], self.currency_id))

    def _report_date(self, value):
        return value.strftime("%d/%m/%Y") if value else ""

    # ---------------------------------------------------------------- user actions

    def action_download(self):
        self.ensure_one()
        if not self.attachment_id:
            raise UserError(self.env._("This certificate has no PDF yet."))
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self.attachment_id.id}?download=true",
            "target": "self",
        }

    def action_send(self):
        """E-mail the certificates to their clients (the editable French template)."""
        self._check_manager()
        self._send_mail()
        return True

    def _check_manager(self):
        if not self.env.user.has_group(MANAGER_GROUP_XMLID):
            raise UserError(
                self.env._("Only an URSSAF manager can issue or send tax certificates.")
            )

    def _send_mail(self):
        template = self.env.ref(
            "l10n_fr_urssaf_avance_immediate.mail_template_l10n_fr_urssaf_tax_certificate"
        )
        sendable = self.filtered(
            lambda c: c.state == "issued" and c.attachment_id and c.partner_id.email
        )
        for certificate in sendable:
            template.sudo().send_mail(
                certificate.id,
                email_values={"attachment_ids": [(4, certificate.attachment_id.id)]},
            )
        sendable._issuing().write({"sent_on": fields.Datetime.now()})
        return sendable


class L10nFrUrssafTaxCertificateLine(models.Model):
    _name = "l10n_fr_urssaf.tax.certificate.line"
    _description = "Services of an annual tax certificate"
    _order = "certificate_id, nature, unit"

    certificate_id = fields.Many2one(
        "l10n_fr_urssaf.tax.certificate",
        string="Certificate",
        required=True,
        ondelete="cascade",
        index=True,
    )
    company_id = fields.Many2one(related="certificate_id.company_id", store=True)
    nature = fields.Char(string="URSSAF nature code", required=True)
    nature_label = fields.Char(string="URSSAF nature", compute="_compute_nature_label")
    unit = fields.Selection(
        [("HEURE", "Hour"), ("FORFAIT", "Flat rate")], string="URSSAF unit", required=True
    )
    months = fields.Char(
        string="Months", help="The months of the services (YYYY-MM, comma-separated)."
    )
    quantity = fields.Float(string="Quantity", digits=(16, 2))

    @api.depends("nature")
    @api.depends_context("lang")
    def _compute_nature_label(self):
        """The nature as the invoice lines show it ("60 – Ménage et repassage")."""
        field = self.env["account.move.line"]._fields["l10n_fr_urssaf_nature"]
        labels = dict(field._description_selection(self.env))
        for line in self:
            line.nature_label = labels.get(line.nature, line.nature)

    def write(self, vals):
        if self.env.context.get("l10n_fr_urssaf_issuing") is not _ISSUING:
            raise UserError(self.env._("The services of a tax certificate cannot be changed."))
        return super().write(vals)
