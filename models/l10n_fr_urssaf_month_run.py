"""Billing a month through URSSAF for every client of a company in one action.

A run gathers what is billable for a calendar month (URSSAF takes one calendar month per
request): the draft customer invoices of the clients whose URSSAF link is active, with their
service period in the month, and the posted invoices of the month URSSAF does not hold. It
shows one pre-check per client before anything is posted or sent:

* ready: every invoice passes the send path's checks (``_check_move`` of the payment request,
  the same function Send to URSSAF calls; a draft is checked as it will be once posted: its
  number and, when empty, its date are the only data posting gives it);
* to fix: every problem of every invoice, naming the invoice, the field and the fix;
* not active: the invoices of a client whose link is not active, with the link's state and what
  to do;
* nothing to bill, or already sent (URSSAF holds every invoice of the month).

On confirmation, the ready clients' drafts are posted and every ready invoice goes through the
one send path (``l10n_fr_urssaf.payment.request._send_invoices``: calls of 10, locks,
in-flight markers, never twice), batch by batch of 10 invoices: in the request for a small
month, otherwise in the background (the scheduled action processes batches, commits each and
triggers itself again; the run's form shows the progress). The run then keeps the outcome of
every client (accepted, refused with URSSAF's reasons, answer lost, not sent, to fix).

A run can be made again for the same month: only what is still a draft, or posted and not
held by URSSAF, is gathered.
"""

import dataclasses
import logging
from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools.misc import format_amount, format_date

from ..urssaf_api import billing, outcomes
from .l10n_fr_urssaf_synced_mixin import MANAGER_GROUP_XMLID, end_batch, form_action

_logger = logging.getLogger(__name__)

CRON_XMLID = "l10n_fr_urssaf_avance_immediate.ir_cron_l10n_fr_urssaf_month_run"
#: Invoices per batch: one E3 call (URSSAF takes at most 10 requests per call).
BATCH_SIZE = 10
#: Up to this many invoices to send, the run is done in the request.
SYNC_LIMIT = 50
#: Batches per run of the scheduled action (it triggers itself again for the rest).
MAX_BATCHES = 20
#: The number a draft is checked with: posting gives it its own (the checks only require one).
DRAFT_NUMBER = "DRAFT"
#: Whatever the code writes; a user (or an RPC call) writes only these.
EDITABLE_FIELDS = frozenset({"year", "month", "company_id"})
_CODE = object()

MONTHS = [
    ("1", "January"),
    ("2", "February"),
    ("3", "March"),
    ("4", "April"),
    ("5", "May"),
    ("6", "June"),
    ("7", "July"),
    ("8", "August"),
    ("9", "September"),
    ("10", "October"),
    ("11", "November"),
    ("12", "December"),
]
STATUSES = [
    ("ready", "Ready to bill"),
    ("to_fix", "To fix"),
    ("inactive", "Not active"),
    ("sent", "Already sent"),
    ("nothing", "Nothing to bill"),
    ("to_invoice", "Sale orders to invoice"),
]
OUTCOMES = [
    ("accepted", "Accepted"),
    ("refused", "Refused by URSSAF"),
    ("uncertain", "Answer lost"),
    ("not_sent", "Not sent"),
    ("to_fix", "To fix"),
]
#: The outcome of a client from those of its invoices: the first found in this order.
OUTCOME_ORDER = (
    ("to_fix", outcomes.INVALID),
    ("refused", outcomes.REJECTED),
    ("uncertain", outcomes.UNCERTAIN),
    ("not_sent", outcomes.RETRY),
)


def _default_year(self):
    return fields.Date.context_today(self).year


def _default_month(self):
    return str(fields.Date.context_today(self).month)


class L10nFrUrssafMonthRun(models.Model):
    _name = "l10n_fr_urssaf.month.run"
    _description = "Billing of a month through URSSAF"
    _inherit = ["mail.thread"]
    _order = "year desc, id desc"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", string="Month run")
    company_id = fields.Many2one(
        "res.company",
        string="Company",
        required=True,
        default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(related="company_id.currency_id", string="Currency")
    year = fields.Integer(string="Year", required=True, default=_default_year)
    month = fields.Selection(MONTHS, string="Month", required=True, default=_default_month)
    date_from = fields.Date(string="First day", compute="_compute_dates", store=True)
    date_to = fields.Date(string="Last day", compute="_compute_dates", store=True)
    state = fields.Selection(
        [
            ("draft", "To check"),
            ("checked", "Checked"),
            ("running", "In progress"),
            ("done", "Done"),
        ],
        string="Status",
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
    )
    user_id = fields.Many2one(
        "res.users",
        string="Billed by",
        readonly=True,
        help="The URSSAF manager who confirmed the run: the invoices are posted and sent in "
        "their name.",
    )
    checked_at = fields.Datetime(string="Checked on", readonly=True)
    line_ids = fields.One2many(
        "l10n_fr_urssaf.month.run.line", "run_id", string="Clients", readonly=True
    )
    guarantee_warning = fields.Text(string="Financial guarantee", readonly=True)
    # the pre-check, in clients
    ready_count = fields.Integer(string="Clients ready", compute="_compute_counts")
    to_fix_count = fields.Integer(string="To fix", compute="_compute_counts")
    inactive_count = fields.Integer(string="Not active", compute="_compute_counts")
    sent_before_count = fields.Integer(string="Already sent", compute="_compute_counts")
    nothing_count = fields.Integer(string="Nothing to bill", compute="_compute_counts")
    ready_invoice_count = fields.Integer(string="Invoices to send", compute="_compute_counts")
    amount_total = fields.Monetary(
        string="Total to send",
        compute="_compute_counts",
        help="The total incl. VAT of the invoices of the ready clients.",
    )
    amount_advance = fields.Monetary(
        string="URSSAF's advance",
        compute="_compute_counts",
        help="What URSSAF pays of the invoices of the ready clients (half of each invoice).",
    )
    amount_share = fields.Monetary(
        string="Clients' shares",
        compute="_compute_counts",
        help="What the ready clients pay (URSSAF debits it after their validation).",
    )
    # the outcome, in clients (and invoices sent)
    accepted_count = fields.Integer(string="Clients accepted", compute="_compute_counts")
    refused_count = fields.Integer(string="Clients refused", compute="_compute_counts")
    uncertain_count = fields.Integer(string="Answers lost", compute="_compute_counts")
    not_sent_count = fields.Integer(string="Clients not sent", compute="_compute_counts")
    left_to_fix_count = fields.Integer(
        string="Left to fix",
        compute="_compute_counts",
        help="Clients to fix: found at the check, or when their invoices were sent.",
    )
    sent_invoice_count = fields.Integer(
        string="Invoices sent",
        compute="_compute_counts",
        help="Invoices that reached URSSAF in this run (accepted, refused or answer lost).",
    )
    progress = fields.Float(string="Progress", compute="_compute_counts")
    summary = fields.Text(string="Summary", compute="_compute_counts")

    # ---------------------------------------------------------------- computes

    @api.depends("year", "month")
    def _compute_dates(self):
        for run in self:
            if run.year and run.month and 1900 < run.year < 3000:
                run.date_from = date(run.year, int(run.month), 1)
                run.date_to = run.date_from + relativedelta(months=1, days=-1)
            else:
                run.date_from = run.date_to = False

    @api.depends("date_from", "company_id")
    @api.depends_context("lang")
    def _compute_name(self):
        for run in self:
            month = (
                format_date(self.env, run.date_from, date_format="MMMM y") if run.date_from else ""
            )
            run.name = self.env._(
                "Bill %(month)s – %(company)s", month=month, company=run.company_id.name or ""
            )

    @api.depends("line_ids.status", "line_ids.outcome", "line_ids.todo", "state")
    @api.depends_context("lang")
    def _compute_counts(self):
        Line = self.env["l10n_fr_urssaf.month.run.line"].sudo()
        groups = Line._read_group(
            [("run_id", "in", [run_id for run_id in self.ids if isinstance(run_id, int)])],
            ["run_id", "status", "outcome", "todo"],
            [
                "__count",
                "invoice_count:sum",
                "amount_total:sum",
                "amount_advance:sum",
                "amount_share:sum",
                "sent_invoice_count:sum",
            ],
        )
        figures = {}
        for run, status, outcome, todo, count, invoices, total, advance, share, sent in groups:
            values = figures.setdefault(run.id, {})
            for key, value in (
                (f"status_{status}", count),
                (f"outcome_{outcome or ''}", count),
                ("todo", count if todo else 0),
                ("sent_invoices", sent),
            ):
                values[key] = values.get(key, 0) + value
            if status == "ready":
                for key, value in (
                    ("invoices", invoices),
                    ("total", total),
                    ("advance", advance),
                    ("share", share),
                ):
                    values[key] = values.get(key, 0) + value
        for run in self:
            values = figures.get(run._origin.id, {})
            ready = values.get("status_ready", 0)
            run.ready_count = ready
            run.to_fix_count = values.get("status_to_fix", 0)
            run.inactive_count = values.get("status_inactive", 0)
            run.sent_before_count = values.get("status_sent", 0)
            run.nothing_count = values.get("status_nothing", 0)
            run.ready_invoice_count = values.get("invoices", 0)
            currency = run.currency_id or self.env.company.currency_id
            run.amount_total = currency.round(values.get("total", 0.0))
            run.amount_advance = currency.round(values.get("advance", 0.0))
            run.amount_share = currency.round(values.get("share", 0.0))
            run.accepted_count = values.get("outcome_accepted", 0)
            run.refused_count = values.get("outcome_refused", 0)
            run.uncertain_count = values.get("outcome_uncertain", 0)
            run.not_sent_count = values.get("outcome_not_sent", 0)
            run.left_to_fix_count = run.to_fix_count + values.get("outcome_to_fix", 0)
            run.sent_invoice_count = values.get("sent_invoices", 0)
            todo = values.get("todo", 0)
            if run.state == "done":
                run.progress = 100.0
            elif run.state == "running" and ready:
                run.progress = 100.0 * (ready - todo) / ready
            else:
                run.progress = 0.0
            run.summary = run._summary_text()

    def _summary_text(self):
        """The run in sentences: what the check found, then what the sending did."""
        _ = self.env._
        if self.state == "draft":
            return False
        currency = self.currency_id or self.env.company.currency_id
        lines = [
            _(
                "Clients: ready to bill %(ready)s, to fix %(to_fix)s, not active %(inactive)s, "
                "already sent %(sent)s, nothing to bill %(nothing)s.",
                ready=self.ready_count,
                to_fix=self.to_fix_count,
                inactive=self.inactive_count,
                sent=self.sent_before_count,
                nothing=self.nothing_count,
            ),
            _(
                "To send: invoices %(invoices)s, total %(total)s, of which URSSAF advances "
                "%(advance)s and the clients pay %(share)s.",
                invoices=self.ready_invoice_count,
                total=format_amount(self.env, self.amount_total, currency),
                advance=format_amount(self.env, self.amount_advance, currency),
                share=format_amount(self.env, self.amount_share, currency),
            ),
        ]
        if self.state in ("running", "done"):
            lines.append(
                _(
                    "Outcome: invoices that reached URSSAF %(invoices)s; clients accepted "
                    "%(accepted)s, refused by URSSAF %(refused)s, answer lost %(uncertain)s, not "
                    "sent (try again later) %(not_sent)s, left to fix %(to_fix)s.",
                    invoices=self.sent_invoice_count,
                    accepted=self.accepted_count,
                    refused=self.refused_count,
                    uncertain=self.uncertain_count,
                    not_sent=self.not_sent_count,
                    to_fix=self.left_to_fix_count,
                )
            )
        return "\n".join(lines)

    # ---------------------------------------------------------------- guards

    @api.model_create_multi
    def create(self, vals_list):
        if self.env.context.get("l10n_fr_urssaf_month_run") is not _CODE:
            for vals in vals_list:
                self._check_editable(vals)
        return super().create(vals_list)

    def write(self, vals):
        if self.env.context.get("l10n_fr_urssaf_month_run") is _CODE:
            return super().write(vals)
        self._check_editable(vals)
        if EDITABLE_FIELDS.intersection(vals):
            started = self.filtered(lambda run: run.state in ("running", "done"))
            if started:
                raise UserError(
                    self.env._(
                        "%(runs)s was already confirmed: its month and company cannot change. "
                        "Make a new run (Bill what is left).",
                        runs=", ".join(started.mapped("name")),
                    )
                )
            # another month or company: the check no longer tells anything
            checked = self.filtered(lambda run: run.state == "checked")
            checked.line_ids.sudo().unlink()
            checked._code_write({"state": "draft", "checked_at": False})
        return super().write(vals)

    def _check_editable(self, vals):
        # mail.thread's own bookkeeping fields are Odoo's
        forged = sorted(
            name for name in vals if name not in EDITABLE_FIELDS and not name.startswith("message_")
        )
        if forged:
            raise AccessError(
                self.env._(
                    "The month runs' %(fields)s are set by their actions (Check the month, Post "
                    "and send the ready clients) only; they cannot be written by hand or through "
                    "the API.",
                    fields=", ".join(forged),
                )
            )

    def _code_write(self, vals):
        return self.with_context(l10n_fr_urssaf_month_run=_CODE).write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_started(self):
        started = self.filtered(lambda run: run.state in ("running", "done"))
        if started:
            raise UserError(
                self.env._(
                    "%(runs)s was confirmed: it is kept as the record of what was sent.",
                    runs=", ".join(started.mapped("name")),
                )
            )

    def _check_manager(self):
        if not self.env.user.has_group(MANAGER_GROUP_XMLID):
            raise AccessError(self.env._("Only an URSSAF manager can bill a month."))
        if self.company_id not in self.env.user.company_ids:
            raise AccessError(
                self.env._(
                    "You can bill a month only for your own companies (%(company)s is not one "
                    "of them).",
                    company=self.company_id.name,
                )
            )

    # ---------------------------------------------------------------- check

    def action_check(self):
        """Gather what is billable in the month and check it (again)."""
        self.ensure_one()
        self._check_manager()
        if self.state not in ("draft", "checked"):
            raise UserError(self.env._("This run was already confirmed: it cannot be checked."))
        if not self.date_from:
            raise UserError(self.env._("Choose the month and the year (for instance 2026)."))
        self.line_ids.sudo().unlink()
        values, moves = self._gather_and_check()
        self.env["l10n_fr_urssaf.month.run.line"].sudo().create(values)
        # the guarantee rule reads the invoices by number: the posted ones (a draft's deposit
        # is told when it is sent)
        numbered = moves.filtered(lambda move: move.name and move.name != "/")
        warnings = self.company_id._l10n_fr_urssaf_guarantee_warnings(numbered) if numbered else []
        self._code_write(
            {
                "state": "checked",
                "checked_at": fields.Datetime.now(),
                "guarantee_warning": "\n".join(warnings) or False,
            }
        )
        return True

    def _candidate_moves(self):
        """The month's customer invoices URSSAF does not hold: drafts and posted ones, their
        service period starting in the month (or, without a period, dated in the month)."""
        first, last = self.date_from, self.date_to
        Move = self.env["account.move"]
        return Move.search(
            [
                ("company_id", "=", self.company_id.id),
                ("move_type", "=", "out_invoice"),
                ("state", "in", ("draft", "posted")),
                ("l10n_fr_urssaf_held", "=", False),
                "|",
                "&",
                ("l10n_fr_urssaf_service_start", ">=", first),
                ("l10n_fr_urssaf_service_start", "<=", last),
                "&",
                "&",
                ("l10n_fr_urssaf_service_start", "=", False),
                ("invoice_date", ">=", first),
                ("invoice_date", "<=", last),
            ],
            order="partner_id, id",
        )

    def _gather_and_check(self):
        """The lines of the run (values) and the invoices of the ready clients."""
        company = self.company_id
        first, last = self.date_from, self.date_to
        candidates = self._candidate_moves()
        by_partner = {}
        for move in candidates:
            by_partner.setdefault(move.partner_id.id, []).append(move.id)
        Link = self.env["l10n_fr_urssaf.client"].sudo()
        links = Link.search(
            [
                ("company_id", "=", company.id),
                "|",
                ("state", "=", "active"),
                ("partner_id", "in", list(by_partner)),
            ]
        )
        # clients whose month URSSAF holds already (sent earlier)
        held = self.env["account.move"]._read_group(
            [
                ("company_id", "=", company.id),
                ("move_type", "=", "out_invoice"),
                ("partner_id", "in", links.partner_id.ids),
                ("l10n_fr_urssaf_held", "=", True),
                ("l10n_fr_urssaf_service_start", ">=", first),
                ("l10n_fr_urssaf_service_start", "<=", last),
            ],
            ["partner_id"],
            ["__count"],
        )
        held = {partner.id: count for partner, count in held}
        today = fields.Date.context_today(self)
        Move = self.env["account.move"]
        values, ready_moves = [], Move
        for link in links.sorted(lambda link: (link.partner_id.display_name or "", link.id)):
            moves = Move.browse(by_partner.get(link.partner_id.id, []))
            line = {"run_id": self.id, "partner_id": link.partner_id.id, "link_id": link.id}
            line["move_ids"] = [(6, 0, moves.ids)]
            line.update(self._amounts(moves))
            if not moves:
                line["status"] = "sent" if held.get(link.partner_id.id) else "nothing"
            elif link.state != "active":
                line["status"] = "inactive"
                line["problems"] = self.env._(
                    "URSSAF status: %(state)s. %(what)s",
                    state=link._state_label(),
                    what=link.with_env(self.env)._instructions_text(),
                )
            else:
                problems, warnings = self._check_client(moves, today)
                line["status"] = "to_fix" if problems else "ready"
                line["problems"] = "\n".join(problems) or False
                line["warnings"] = "\n".join(warnings) or False
                if not problems:
                    ready_moves |= moves
            values.append(line)
        return values, ready_moves

    def _amounts(self, moves):
        currency = self.company_id.currency_id
        return {
            "invoice_count": len(moves),
            "amount_total": currency.round(sum(moves.mapped("amount_total"))),
            "amount_advance": currency.round(sum(moves.mapped("l10n_fr_urssaf_advance_amount"))),
            "amount_share": currency.round(sum(moves.mapped("l10n_fr_urssaf_client_share"))),
        }

    def _check_client(self, moves, today):
        """Every problem and warning of a client's invoices, each naming its invoice: the checks
        of the send path (``_check_move``), a draft as it will be once posted."""
        Request = self.env["l10n_fr_urssaf.payment.request"]
        # the yearly ceiling counts the client's other invoices of the month too
        moves = moves.with_context(l10n_fr_urssaf_selection=moves.ids)
        problems, warnings = [], []
        for move in moves:
            name = move.name if move.name and move.name != "/" else self._draft_name(move)
            if move.state == "draft":
                texts, prepared = self._check_draft(move, today)
            else:
                problem, prepared = Request._check_move(move, today)
                texts = problem.split("\n") if problem else []
            problems += [
                self.env._("%(invoice)s: %(problem)s", invoice=name, problem=text)
                for text in texts
                if text
            ]
            if prepared is not None:
                warnings += [
                    self.env._("%(invoice)s: %(problem)s", invoice=name, problem=text)
                    for text in move._l10n_fr_urssaf_problem_texts(prepared.warnings)
                ]
        return problems, warnings

    @api.model
    def _draft_name(self, move):
        """A draft without number, told apart from the client's other drafts."""
        return self.env._(
            "%(invoice)s of %(date)s, %(amount)s",
            invoice=move.display_name,
            date=format_date(self.env, move.invoice_date or move.create_date),
            amount=format_amount(self.env, move.amount_total, move.currency_id),
        )

    @api.model
    def _check_draft(self, move, today):
        """``(problem texts, prepared request or None)`` of a draft as it will be once posted:
        the same checks as the send path with the number posting gives it (and the date, when
        empty, posting sets to today)."""
        data = move._l10n_fr_urssaf_payment_data()
        data = dataclasses.replace(
            data,
            invoice_number=data.invoice_number or DRAFT_NUMBER,
            invoice_date=data.invoice_date or today,
        )
        prepared = billing.prepare_payment_request(data, today)
        if prepared.problems:
            return move._l10n_fr_urssaf_problem_texts(prepared.problems), None
        return [], prepared

    # ---------------------------------------------------------------- confirmation

    def action_confirm(self):
        """Post the ready clients' drafts and send their invoices to URSSAF."""
        self.ensure_one()
        self._check_manager()
        if self.state != "checked":
            raise UserError(self.env._("Check the month first; a run is confirmed only once."))
        other = self.search(
            [
                ("id", "!=", self.id),
                ("company_id", "=", self.company_id.id),
                ("date_from", "=", self.date_from),
                ("state", "=", "running"),
            ],
            limit=1,
        )
        if other:
            raise UserError(
                self.env._(
                    "%(run)s is being sent right now: wait until it is done, then bill what is "
                    "left.",
                    run=other.name,
                )
            )
        ready = self.line_ids.filtered(lambda line: line.status == "ready")
        ready.sudo().write({"todo": True})
        self._code_write({"state": "running", "user_id": self.env.user.id})
        if sum(ready.mapped("invoice_count")) <= SYNC_LIMIT:
            while self._process_batch():
                pass
        else:
            self.env.ref(CRON_XMLID).sudo()._trigger()
        return True

    def action_rerun(self):
        """A new run for the same month and company, checked: only what is left is gathered."""
        self.ensure_one()
        self._check_manager()
        run = self.create(
            {"company_id": self.company_id.id, "year": self.year, "month": self.month}
        )
        run.action_check()
        return run._reopen()

    def action_refresh(self):
        return True

    def _reopen(self):
        return form_action(self)

    def action_open_invoices(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Invoices of %(run)s", run=self.name),
            "res_model": "account.move",
            "view_mode": "list,form",
            "domain": [("id", "in", self.line_ids.move_ids.ids)],
            "context": {"default_move_type": "out_invoice"},
        }

    # ---------------------------------------------------------------- one batch

    def _next_lines(self, size=BATCH_SIZE):
        """The next clients to send: as many as fit in one call of ``size`` invoices (at
        least one client)."""
        Line = self.env["l10n_fr_urssaf.month.run.line"].sudo()
        lines, count = Line, 0
        # a ready client has at least one invoice: ``size`` clients are enough
        todo = Line.search([("run_id", "=", self.id), ("todo", "=", True)], order="id", limit=size)
        for line in todo:
            if lines and count + line.invoice_count > size:
                break
            lines |= line
            count += line.invoice_count
        return lines

    def _process_batch(self, size=BATCH_SIZE):
        """Post and send the next batch of ready clients; False when nothing was left (the run is
        then done)."""
        self.ensure_one()
        lines = self._next_lines(size)
        if not lines:
            self._code_write({"state": "done"})
            return False
        moves = lines.move_ids.with_env(self.env).exists()
        # a draft changed since the check is checked again: never posted if it cannot be sent
        today = fields.Date.context_today(self)
        failures, drafts = {}, moves.browse()
        for move in moves.filtered(lambda move: move.state == "draft"):
            texts, _prepared = self._check_draft(move, today)
            if texts:
                failures[move.id] = "\n".join(texts)
            else:
                drafts |= move
        failures.update(self._post_drafts(drafts))
        to_send = moves.filtered(lambda move: move.state == "posted")
        results = {}
        if to_send:
            Request = self.env["l10n_fr_urssaf.payment.request"]
            for move, outcome, message in Request._send_invoices(to_send):
                results[move.id] = (outcome, message)
        results.update(
            {move_id: (outcomes.INVALID, message) for move_id, message in failures.items()}
        )
        for line in lines:
            line.write(line._outcome_values(results))
        return True

    def _post_drafts(self, drafts):
        """Post the drafts, all at once, else one by one; returns ``{move id: why not}``."""
        if not drafts:
            return {}
        try:
            with self.env.cr.savepoint():
                drafts.action_post()
            return {}
        except (UserError, AccessError) as exc:
            if len(drafts) == 1:
                return {drafts.id: exc.args[0]}
        failures = {}
        for move in drafts:
            failures.update(self._post_drafts(move))
        return failures

    # ---------------------------------------------------------------- scheduled action

    @api.model
    def _cron_send(self, size=BATCH_SIZE, max_batches=MAX_BATCHES):
        """Process the runs in progress a batch at a time, each committed, as the manager who
        confirmed them; triggers itself again while invoices remain after ``max_batches``."""
        cron = self.env.ref(CRON_XMLID).sudo()
        batches = 0
        for run in self.search([("state", "=", "running")], order="id"):
            user = run.user_id or self.env.user
            as_user = run.with_user(user).with_context(
                lang=user.lang, allowed_company_ids=run.company_id.ids
            )
            while batches < max_batches and as_user._process_batch(size):
                batches += 1
                remaining, total = run._remaining()
                cron._notify_progress(done=total - remaining, remaining=remaining)
                end_batch(self.env)
        if self.search_count([("state", "=", "running")], limit=1):
            cron._trigger()
        return True

    def _remaining(self):
        """``(clients left to send, ready clients)``."""
        Line = self.env["l10n_fr_urssaf.month.run.line"].sudo()
        remaining = Line.search_count([("run_id", "=", self.id), ("todo", "=", True)])
        total = Line.search_count([("run_id", "=", self.id), ("status", "=", "ready")])
        return remaining, total


class L10nFrUrssafMonthRunLine(models.Model):
    _name = "l10n_fr_urssaf.month.run.line"
    _description = "Client of a month run"
    _order = "run_id, sequence, id"

    run_id = fields.Many2one(
        "l10n_fr_urssaf.month.run",
        string="Month run",
        required=True,
        ondelete="cascade",
        index=True,
    )
    sequence = fields.Integer(string="Sequence", default=10)
    company_id = fields.Many2one(
        related="run_id.company_id", string="Company", store=True, index=True
    )
    currency_id = fields.Many2one(related="run_id.currency_id", string="Currency")
    partner_id = fields.Many2one("res.partner", string="Client", required=True, index=True)
    link_id = fields.Many2one("l10n_fr_urssaf.client", string="URSSAF link")
    link_state = fields.Selection(related="link_id.state", string="URSSAF status")
    status = fields.Selection(STATUSES, string="Check", required=True, index=True)
    problems = fields.Text(string="To do")
    warnings = fields.Text(string="Warnings")
    move_ids = fields.Many2many(
        "account.move",
        "l10n_fr_urssaf_month_run_line_move_rel",
        "line_id",
        "move_id",
        string="Invoices",
    )
    invoice_count = fields.Integer(string="Number of invoices")
    amount_total = fields.Monetary(string="Total incl. VAT")
    amount_advance = fields.Monetary(string="URSSAF's advance")
    amount_share = fields.Monetary(string="Client's share")
    todo = fields.Boolean(string="To send", index=True)
    outcome = fields.Selection(OUTCOMES, string="Outcome")
    outcome_message = fields.Text(string="URSSAF's answer")
    sent_invoice_count = fields.Integer(string="Invoices sent")

    def _outcome_values(self, results):
        """The values of a sent client from the outcomes of its invoices ``{move id: (outcome,
        message)}``."""
        self.ensure_one()
        mine = [(move, results[move.id]) for move in self.move_ids if move.id in results]
        found = {outcome for _move, (outcome, _message) in mine}
        outcome = next((name for name, code in OUTCOME_ORDER if code in found), "accepted")
        if not mine:
            outcome = "to_fix"
        messages = [
            self.env._(
                "%(invoice)s: %(message)s",
                invoice=move.name or move.display_name,
                message=message or "",
            )
            for move, (code, message) in mine
            if code != outcomes.SUCCESS or len(mine) == 1
        ]
        sent = sum(
            1
            for _move, (code, _message) in mine
            if code in (outcomes.SUCCESS, outcomes.REJECTED, outcomes.UNCERTAIN)
        )
        if not mine:
            messages = [self.env._("Its invoices no longer exist: check the month again.")]
        return {
            "todo": False,
            "outcome": outcome,
            "outcome_message": "\n".join(messages) or False,
            "sent_invoice_count": sent,
        }

    def action_open_invoices(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.partner_id.display_name,
            "res_model": "account.move",
            "view_mode": "list,form",
            "domain": [("id", "in", self.move_ids.ids)],
        }

    def action_open_link(self):
        self.ensure_one()
        return self.link_id._get_records_action(name=self.link_id.display_name)
