"""Send invoices to URSSAF: every problem of every invoice listed at once, what will be sent shown,
then the outcome of each invoice."""

import json

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..models.l10n_fr_urssaf_synced_mixin import USER_GROUP_XMLID
from ..models.res_company import is_french
from ..urssaf_api import outcomes

OUTCOMES = [
    (outcomes.SUCCESS, "Accepted"),
    (outcomes.REJECTED, "Refused by URSSAF"),
    (outcomes.UNCERTAIN, "Answer lost"),
    (outcomes.RETRY, "Not sent"),
    (outcomes.INVALID, "To correct"),
]


class L10nFrUrssafPaymentWizard(models.TransientModel):
    _name = "l10n_fr_urssaf.payment.wizard"
    _description = "Send invoices to URSSAF"

    move_ids = fields.Many2many("account.move", string="Invoices", readonly=True)
    step = fields.Selection(
        [("check", "Check"), ("done", "Done")], default="check", required=True, readonly=True
    )
    check_html = fields.Html(
        string="Check", compute="_compute_check", sanitize=False, readonly=True
    )
    ready_count = fields.Integer(string="Ready to send", compute="_compute_check")
    problem_count = fields.Integer(string="Invoices to correct", compute="_compute_check")
    check_summary = fields.Char(
        string="What will be sent",
        compute="_compute_check",
        help="How many invoices must be corrected first and how many will be sent, in words.",
    )
    payload_preview = fields.Text(
        string="Request to URSSAF", compute="_compute_check", readonly=True
    )
    summary_html = fields.Html(string="Outcome", sanitize=False, readonly=True)
    #: only for the translated labels of the outcomes
    outcome = fields.Selection(OUTCOMES, string="Outcome of an invoice", readonly=True)
    sent_count = fields.Integer(string="Accepted", readonly=True)

    @api.depends("move_ids", "step")
    def _compute_check(self):
        today = fields.Date.context_today(self)
        french = is_french(self.env)
        for wizard in self:
            rows, ready, problems, preview = [], 0, 0, False
            # the yearly ceiling counts the invoices sent together too
            selection = [
                move._origin.id
                for move in wizard.move_ids
                if not move._l10n_fr_urssaf_send_refusal()
            ]
            for move in wizard.move_ids.with_context(l10n_fr_urssaf_selection=selection):
                refusal = move._l10n_fr_urssaf_send_refusal()
                prepared = None if refusal else move._l10n_fr_urssaf_prepare(today)
                texts = (
                    [refusal] if refusal else move._l10n_fr_urssaf_problem_texts(prepared.problems)
                )
                warnings = move._l10n_fr_urssaf_problem_texts(prepared.warnings) if prepared else []
                notes = [fr if french else en for fr, en in prepared.notes] if prepared else []
                if texts:
                    problems += 1
                else:
                    ready += 1
                    if len(wizard.move_ids) == 1:
                        preview = json.dumps(prepared.payload, ensure_ascii=False, indent=2)
                rows.append(wizard._row(move, texts, warnings, notes))
            wizard.check_html = Markup().join(rows) if rows else False
            wizard.ready_count, wizard.problem_count = ready, problems
            wizard.check_summary = wizard._check_summary(ready, problems)
            wizard.payload_preview = preview

    def _check_summary(self, ready, problems):
        """The invoices to correct and the others, in sentences for one and several (False
        when every invoice is ready)."""
        _ = self.env._
        if not problems:
            return False
        if not ready:
            if problems == 1:
                return _("The invoice must be corrected first: it will not be sent.")
            return _(
                "The %(count)s invoices must be corrected first: none of them will be sent.",
                count=problems,
            )
        if problems == 1:
            head = _("1 invoice must be corrected first: it will not be sent.")
        else:
            head = _(
                "%(count)s invoices must be corrected first: they will not be sent.",
                count=problems,
            )
        if ready == 1:
            tail = _("The other one will be sent.")
        else:
            tail = _("The %(count)s others will be sent.", count=ready)
        return f"{head} {tail}"

    def _outcome_summary(self, sent, total):
        """How many invoices URSSAF accepted, in a sentence for none, one, several and all."""
        _ = self.env._
        if not total:
            return _("No invoice was sent.")
        if total == 1:
            if sent:
                return _("The invoice was accepted by URSSAF.")
            return _("The invoice was not accepted by URSSAF.")
        if sent == total:
            return _("The %(total)s invoices were accepted by URSSAF.", total=total)
        if not sent:
            return _("None of the %(total)s invoices was accepted by URSSAF.", total=total)
        if sent == 1:
            return _("1 of the %(total)s invoices was accepted by URSSAF.", total=total)
        return _(
            "%(sent)s of the %(total)s invoices were accepted by URSSAF.", sent=sent, total=total
        )

    def _row(self, move, problems, warnings, notes):
        amount = move.currency_id.format(move.amount_total) if move.currency_id else ""
        head = Markup("<strong>%s</strong> – %s – %s") % (
            move.name or move.display_name,
            move.partner_id.display_name or "",
            amount,
        )
        if problems:
            status = Markup("<span class='badge text-bg-danger'>%s</span>") % self.env._(
                "To correct"
            )
        else:
            status = Markup("<span class='badge text-bg-success'>%s</span>") % self.env._("Ready")
        parts = [Markup("<p class='mb-1'>%s %s</p>") % (status, head)]
        for items, css in ((problems, "text-danger"), (warnings, "text-warning"), (notes, "")):
            if items:
                parts.append(
                    Markup("<ul class='%s'>%s</ul>")
                    % (css, Markup().join(Markup("<li>%s</li>") % text for text in items))
                )
        return Markup("<div class='mb-3 o_l10n_fr_urssaf_invoice'>%s</div>") % Markup().join(parts)

    def _sent_warnings(self, move):
        """The warnings about the amounts of an invoice URSSAF accepted (the deposit's is moot
        then): its total above the warning amount, its client above the yearly ceiling."""
        prepared = move._l10n_fr_urssaf_prepare(fields.Date.context_today(self))
        warnings = [w for w in prepared.warnings if w.field == "total_ttc"]
        return move._l10n_fr_urssaf_problem_texts(warnings)

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Send to URSSAF"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    def action_send(self):
        """Send the invoices without problems (the others are listed with their problems)."""
        self.ensure_one()
        if not self.env.user.has_group(USER_GROUP_XMLID):
            raise AccessError(self.env._("Only URSSAF users can send invoices to URSSAF."))
        if self.step != "check":
            raise UserError(self.env._("These invoices were already sent from this window."))
        results = self.env["l10n_fr_urssaf.payment.request"]._send_invoices(self.move_ids)
        labels = dict(self._fields["outcome"]._description_selection(self.env))
        css = {
            outcomes.SUCCESS: "success",
            outcomes.REJECTED: "danger",
            outcomes.UNCERTAIN: "warning",
            outcomes.RETRY: "warning",
            outcomes.INVALID: "secondary",
        }
        rows = []
        for move, outcome, message in results:
            if outcome == outcomes.SUCCESS:
                # what to check with the client now that it is sent (amount, yearly ceiling)
                message = "\n".join(filter(None, [message, *self._sent_warnings(move)]))
            rows.append(
                Markup(
                    "<tr><td><span class='badge text-bg-%s'>%s</span></td><td>%s</td>"
                    "<td style='white-space: pre-line'>%s</td></tr>"
                )
                % (
                    css[outcome],
                    labels[outcome],
                    move.name or move.display_name,
                    message or "",
                )
            )
        sent = sum(1 for _move, outcome, _message in results if outcome == outcomes.SUCCESS)
        head = self._outcome_summary(sent, len(results))
        self.write(
            {
                "step": "done",
                "sent_count": sent,
                "summary_html": Markup(
                    "<p><strong>%s</strong></p><table class='table table-sm'>" "%s</table>"
                )
                % (head, Markup().join(rows)),
            }
        )
        return self._reopen()
