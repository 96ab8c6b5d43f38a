"""Issuing a year's tax certificates for every client of a company in one action.

A run lists the clients who paid something for home services in the year, then issues their
certificates by batches: in the request when the year is small, otherwise in the background
(the scheduled action processes a batch, commits it and triggers itself again until nothing
remains; the run's form shows the progress). Each batch costs the same queries whatever the
number of invoices: two grouped queries for the figures, one wkhtmltopdf run for the PDFs.

A client whose certificate is already issued with the same figures is left as it is; changed
figures give a new version, the earlier one is kept (superseded).
"""

import logging

from odoo import api, fields, models
from odoo.exceptions import UserError

from .l10n_fr_urssaf_synced_mixin import MANAGER_GROUP_XMLID, end_batch, form_action

_logger = logging.getLogger(__name__)

CRON_XMLID = "l10n_fr_urssaf_avance_immediate.ir_cron_l10n_fr_urssaf_tax_certificates"
#: Clients per batch (one wkhtmltopdf run each).
BATCH_SIZE = 100
#: Up to this many clients, the certificates are issued in the request.
SYNC_LIMIT = 100
#: Batches per run of the scheduled action (it triggers itself again for the rest).
MAX_BATCHES = 10


def _default_year(self):
    return fields.Date.context_today(self).year - 1


class L10nFrUrssafTaxCertificateRun(models.Model):
    _name = "l10n_fr_urssaf.tax.certificate.run"
    _description = "Issuing of a year's tax certificates"
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", string="Run")
    company_id = fields.Many2one(
        "res.company",
        string="Company",
        required=True,
        default=lambda self: self.env.company,
    )
    year = fields.Integer(string="Year", required=True, default=_default_year)
    send_email = fields.Boolean(
        string="E-mail the certificates",
        help="E-mail each new certificate to its client with the template "
        "'Attestation fiscale annuelle' (editable in Settings > Technical > Email Templates).",
    )
    state = fields.Selection(
        [("draft", "To issue"), ("running", "In progress"), ("done", "Done")],
        string="Status",
        default="draft",
        required=True,
        readonly=True,
    )
    partner_ids = fields.Many2many(
        "res.partner",
        "l10n_fr_urssaf_tax_certificate_run_partner_rel",
        string="Clients",
        readonly=True,
    )
    todo_partner_ids = fields.Many2many(
        "res.partner",
        "l10n_fr_urssaf_tax_certificate_run_todo_rel",
        string="Clients left",
        readonly=True,
    )
    certificate_ids = fields.One2many(
        "l10n_fr_urssaf.tax.certificate", "run_id", string="Certificates issued", readonly=True
    )
    issued_count = fields.Integer(string="Issued now", readonly=True)
    unchanged_count = fields.Integer(string="Already issued, unchanged", readonly=True)
    nothing_count = fields.Integer(string="Nothing to certify", readonly=True)
    problem_count = fields.Integer(string="Problems", readonly=True)
    sent_count = fields.Integer(string="E-mailed", readonly=True)
    problems = fields.Text(string="Problems found", readonly=True)
    progress = fields.Float(string="Progress", compute="_compute_progress")

    @api.depends("year", "company_id")
    def _compute_name(self):
        for run in self:
            run.name = self.env._(
                "Tax certificates %(year)s – %(company)s",
                year=run.year,
                company=run.company_id.name or "",
            )

    @api.depends("partner_ids", "todo_partner_ids", "state")
    def _compute_progress(self):
        for run in self:
            total = len(run.partner_ids)
            if run.state == "done":
                run.progress = 100.0
            else:
                run.progress = 100.0 * (total - len(run.todo_partner_ids)) / total if total else 0.0

    # ---------------------------------------------------------------- the action

    def action_issue(self):
        self.ensure_one()
        if not self.env.user.has_group(MANAGER_GROUP_XMLID):
            raise UserError(self.env._("Only an URSSAF manager can issue tax certificates."))
        if self.state != "draft":
            raise UserError(self.env._("This run was already started."))
        self._check_provider()
        Certificate = self.env["l10n_fr_urssaf.tax.certificate"].sudo()
        partners = self.env["res.partner"].browse(
            Certificate._year_figures(self.company_id, self.year, clients_only=True)
        )
        self.write(
            {
                "partner_ids": [(6, 0, partners.ids)],
                "todo_partner_ids": [(6, 0, partners.ids)],
                "state": "running",
            }
        )
        if len(partners) <= SYNC_LIMIT:
            while self.todo_partner_ids:
                self._process_batch()
            self.state = "done"  # also when nobody paid anything in the year
        else:
            self.env.ref(CRON_XMLID).sudo()._trigger()
        return self._reopen()

    def action_refresh(self):
        return self._reopen()

    def _reopen(self):
        return form_action(self)

    def action_open_certificates(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Tax certificates"),
            "res_model": "l10n_fr_urssaf.tax.certificate",
            "view_mode": "list,form",
            "domain": [("run_id", "=", self.id)],
        }

    def _check_provider(self):
        """The provider's mentions the regulation requires: refused before anything is issued."""
        company = self.company_id
        missing = []
        if not company._l10n_fr_urssaf_sap_declaration_number():
            missing.append(self.env._("the SAP declaration number"))
        if not company.l10n_fr_urssaf_sap_date:
            missing.append(self.env._("the SAP declaration date"))
        if not (company.street and company.zip and company.city):
            missing.append(self.env._("the company's address"))
        if missing:
            raise UserError(
                self.env._(
                    "The tax certificates of %(company)s must print %(missing)s: fill them in "
                    "Settings > Invoicing > URSSAF (and the company's address), then issue again.",
                    company=company.name,
                    missing=", ".join(missing),
                )
            )

    # ---------------------------------------------------------------- one batch

    def _process_batch(self, batch_size=BATCH_SIZE):
        """Issue the certificates of the next ``batch_size`` clients of the run."""
        self.ensure_one()
        partners = self.todo_partner_ids.sorted("id")[:batch_size]
        if not partners:
            self.state = "done"
            return
        Certificate = self.env["l10n_fr_urssaf.tax.certificate"].sudo()
        company, year = self.company_id, self.year
        figures = Certificate._year_figures(company, year, partners.ids)
        move_ids = [move_id for f in figures.values() for move_id in f["move_ids"]]
        services = Certificate._services(move_ids)
        current, versions = {}, {}
        for certificate in Certificate.search(
            [
                ("company_id", "=", company.id),
                ("year", "=", year),
                ("partner_id", "in", partners.ids),
            ]
        ):
            partner_id = certificate.partner_id.id
            versions[partner_id] = max(versions.get(partner_id, 0), certificate.version)
            if certificate.state == "issued":
                current[partner_id] = certificate
        currency = company.currency_id
        new_values, superseded, problems = [], Certificate, []
        unchanged = nothing = 0
        for partner in partners:
            found = figures.get(partner.id)
            if not found or currency.is_zero(found["amount_total"]):
                nothing += 1
                continue
            if currency.compare_amounts(found["amount_total"], 0.0) < 0:
                problems.append(
                    self.env._(
                        "%(client)s: more was refunded than paid in %(year)s; nothing issued.",
                        client=partner.display_name,
                        year=year,
                    )
                )
                continue
            if not (partner.street and partner.zip and partner.city):
                problems.append(
                    self.env._(
                        "%(client)s: the address is incomplete (street, zip, city); the "
                        "certificate must print it. Complete the contact and issue again.",
                        client=partner.display_name,
                    )
                )
                continue
            lines = services.get(partner.id, [])
            previous = current.get(partner.id)
            if previous and previous._same_content(found, lines):
                unchanged += 1
                continue
            if previous:
                superseded |= previous
            values = {key: found[key] for key in Certificate._amount_fields()}
            values.update(
                {
                    "company_id": company.id,
                    "partner_id": partner.id,
                    "year": year,
                    "version": versions.get(partner.id, 0) + 1,
                    "state": "issued",
                    "issued_on": fields.Date.context_today(self),
                    "issued_by_id": self.create_uid.id or self.env.uid,
                    "run_id": self.id,
                    "line_ids": [(0, 0, line) for line in lines],
                }
            )
            new_values.append(values)
        superseded._issuing().write({"state": "superseded"})
        certificates = Certificate.create(new_values)
        certificates._render_pdfs()
        sent = certificates._send_mail() if self.send_email else Certificate
        remaining = self.todo_partner_ids - partners
        self.write(
            {
                "todo_partner_ids": [(6, 0, remaining.ids)],
                "issued_count": self.issued_count + len(certificates),
                "unchanged_count": self.unchanged_count + unchanged,
                "nothing_count": self.nothing_count + nothing,
                "problem_count": self.problem_count + len(problems),
                "sent_count": self.sent_count + len(sent),
                "problems": "\n".join(filter(None, [self.problems or "", *problems])) or False,
                "state": "running" if remaining else "done",
            }
        )

    # ---------------------------------------------------------------- scheduled action

    @api.model
    def _cron_issue(self, batch_size=BATCH_SIZE, max_batches=MAX_BATCHES):
        """Process the runs in progress, a batch at a time, each committed; triggers itself
        again while clients remain after ``max_batches``."""
        cron = self.env.ref(CRON_XMLID)
        batches = 0
        for run in self.search([("state", "=", "running")], order="id"):
            while run.todo_partner_ids and batches < max_batches:
                run._process_batch(batch_size)
                batches += 1
                remaining = len(run.todo_partner_ids)
                cron._notify_progress(done=len(run.partner_ids) - remaining, remaining=remaining)
                end_batch(self.env)
            if not run.todo_partner_ids:
                run.state = "done"
        if self.search_count([("state", "=", "running")], limit=1):
            cron._trigger()
        return True
