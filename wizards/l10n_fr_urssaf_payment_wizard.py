"""Send invoices to URSSAF: every problem of every invoice listed at once, what will be sent shown,
then the outcome of each invoice."""

import json
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools.misc import format_amount, format_date, formatLang

from ..models.l10n_fr_urssaf_synced_mixin import USER_GROUP_XMLID
from ..models.res_company import render_text
from ..urssaf_api import billing, outcomes
from ..urssaf_api.billing.amounts import CENT, decimals

PREVIEW_TEMPLATE = "l10n_fr_urssaf_avance_immediate.payment_wizard_invoice"

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
    guarantee_warning = fields.Text(
        string="Financial guarantee",
        compute="_compute_guarantee_warning",
        help="The 2026 guarantee rule (décret 2024-1161) for the companies of these invoices: "
        "deposits or a turnover above 200,000 € without a valid guarantee. URSSAF decides: "
        "the invoices are still sent.",
    )

    @api.depends("move_ids", "step")
    def _compute_check(self):
        today = fields.Date.context_today(self)
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
                notes = [render_text(self.env, n) for n in prepared.notes] if prepared else []
                if texts:
                    problems += 1
                else:
                    ready += 1
                    if len(wizard.move_ids) == 1:
                        preview = json.dumps(prepared.payload, ensure_ascii=False, indent=2)
                rows.append(wizard._row(move, texts, warnings, notes, None if texts else prepared))
            wizard.check_html = Markup().join(rows) if rows else False
            wizard.ready_count, wizard.problem_count = ready, problems
            wizard.check_summary = wizard._check_summary(ready, problems)
            wizard.payload_preview = preview

    @api.depends("move_ids")
    def _compute_guarantee_warning(self):
        """Said once for the selection, per company (not under each invoice)."""
        for wizard in self:
            moves = wizard.move_ids._origin
            texts = [
                text
                for company in moves.company_id
                for text in company._l10n_fr_urssaf_guarantee_warnings(moves)
            ]
            wizard.guarantee_warning = "\n".join(texts) or False

    def _check_summary(self, ready, problems):
        """What the sending will do, in sentences for one and several: every invoice ready, or
        the invoices to correct and the others (False for no invoice)."""
        _ = self.env._
        if not problems:
            if not ready:
                return False
            if ready == 1:
                return _(
                    "The invoice is ready: it will be sent to URSSAF as a payment request. The "
                    "client then has 48 hours to validate it in their particulier.urssaf.fr space."
                )
            return _(
                "The %(count)s invoices are ready: they will be sent to URSSAF as payment "
                "requests. Each client then has 48 hours to validate theirs in their "
                "particulier.urssaf.fr space.",
                count=ready,
            )
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

    def _row(self, move, problems, warnings, notes, prepared=None):
        """One invoice's block: its header, its problems, warnings and notes, and for an invoice
        ready to send what URSSAF will receive, as the provider reads it."""
        _ = self.env._
        values = {
            "ready": not problems,
            "title": _("Invoice %(number)s", number=move.name or move.display_name),
            "partner": move.partner_id.display_name or "",
            "amount": format_amount(self.env, move.amount_total, move.currency_id)
            if move.currency_id
            else "",
            # without the invoice's number: _l10n_fr_urssaf_problem_texts drops it
            "problems": problems,
            "warnings": warnings,
            "notes": notes,
            "preview": self._l10n_fr_urssaf_preview_values(move, prepared)
            if prepared is not None and prepared.payload
            else None,
        }
        return self.env["ir.qweb"]._render(PREVIEW_TEMPLATE, values)

    # ---------------------------------------------------------------- preview

    @api.model
    def _l10n_fr_urssaf_money(self, value, currency):
        """An amount in the user's format with the currency, with the decimals it has beyond
        the currency's (a unit price of 10.052 €)."""
        digits = max(currency.decimal_places, decimals(value))
        if digits == currency.decimal_places:
            return format_amount(self.env, float(value), currency)
        text = formatLang(self.env, float(value), digits=digits)
        if currency.position == "before":
            return f"{currency.symbol}\u00a0{text}"
        return f"{text}\u00a0{currency.symbol}"

    @api.model
    def _l10n_fr_urssaf_quantity(self, value):
        return formatLang(self.env, float(value), digits=decimals(value))

    @api.model
    def _l10n_fr_urssaf_period(self, start, end):
        if not start or not end:
            return ""
        if start == end:
            return format_date(self.env, start)
        return self.env._(
            "%(start)s to %(end)s",
            start=format_date(self.env, start),
            end=format_date(self.env, end),
        )

    @api.model
    def _l10n_fr_urssaf_preview_values(self, move, prepared):
        """What the request of an invoice ready to send says, formatted for the user: client,
        dates, one row per item sent (nature, unit, quantity, unit price sent, amounts), totals,
        URSSAF's advance and the client's share, and why a unit price sent differs from the
        typed one. Amounts are the request's (``prepared.amounts``), not recomputed."""
        env = self.env
        currency = move.currency_id
        amounts = prepared.amounts
        line_fields = env["account.move.line"]._fields
        natures = dict(line_fields["l10n_fr_urssaf_nature"]._description_selection(env))
        units = dict(line_fields["l10n_fr_urssaf_unit"]._description_selection(env))
        invoice_lines = move._l10n_fr_urssaf_lines()
        items = prepared.payload["inputPrestations"]
        split = set(amounts.split)
        adjusted = amounts.adjustment.index if amounts.adjustment else None
        rows, explanations = [], []
        for item, sent in zip(amounts.lines, items, strict=True):
            line = invoice_lines[item.source]
            label = line.product_id.display_name or (line.name or "").split("\n")[0]
            explanation = None
            if item.source not in split:
                explanation = self._l10n_fr_urssaf_price_explanation(
                    item, label, currency, adjusted == item.source
                )
            if explanation:
                explanations.append(explanation)
            rows.append(
                {
                    "number": item.source + 1,
                    "label": label,
                    "dates": self._l10n_fr_urssaf_period(
                        line.l10n_fr_urssaf_service_start or move.l10n_fr_urssaf_service_start,
                        line.l10n_fr_urssaf_service_end or move.l10n_fr_urssaf_service_end,
                    )
                    if line.l10n_fr_urssaf_service_start or line.l10n_fr_urssaf_service_end
                    else "",
                    "nature": natures.get(sent["codeNature"], sent["codeNature"]),
                    "unit": units.get(sent["unite"], sent["unite"]),
                    "quantity": self._l10n_fr_urssaf_quantity(item.quantity),
                    "unit_price": self._l10n_fr_urssaf_money(item.unit_price_ttc, currency),
                    "differs": bool(explanation),
                    "ht": self._l10n_fr_urssaf_money(item.ht, currency),
                    "vat": self._l10n_fr_urssaf_money(item.vat, currency),
                    "ttc": self._l10n_fr_urssaf_money(item.ttc, currency),
                }
            )
        advance, share = billing.advance_split(amounts.total_ttc)
        deposit = move.l10n_fr_urssaf_deposit_amount if "mntAcompte" in prepared.payload else 0
        return {
            "client": move.partner_id.display_name or "",
            "invoice_date": format_date(env, move.invoice_date),
            "period": self._l10n_fr_urssaf_period(
                move.l10n_fr_urssaf_service_start, move.l10n_fr_urssaf_service_end
            ),
            "lines": rows,
            "explanations": explanations,
            "total_ht": self._l10n_fr_urssaf_money(amounts.total_ht, currency),
            "total_vat": self._l10n_fr_urssaf_money(amounts.total_ttc - amounts.total_ht, currency),
            "total_ttc": self._l10n_fr_urssaf_money(amounts.total_ttc, currency),
            "advance": self._l10n_fr_urssaf_money(advance, currency),
            "share": self._l10n_fr_urssaf_money(share, currency),
            "deposit": format_amount(env, deposit, currency) if deposit else "",
            "deposit_date": format_date(env, move.l10n_fr_urssaf_deposit_date) if deposit else "",
            # the amounts themselves, for whoever reuses the preview (and its tests)
            "amounts": {"total_ttc": amounts.total_ttc, "advance": advance, "share": share},
        }

    @api.model
    def _l10n_fr_urssaf_price_explanation(self, item, label, currency, adjusted):
        """Why the unit price sent for ``item`` (a line sent as one item) is not the typed one,
        or None when it is, or when nothing needs saying."""
        _ = self.env._
        typed, sent = item.typed_unit_price_ttc, item.unit_price_ttc
        money = self._l10n_fr_urssaf_money
        args = {
            "line": item.source + 1,
            "label": label,
            "sent": money(sent, currency),
            "quantity": self._l10n_fr_urssaf_quantity(item.quantity),
            "amount": money(item.ttc, currency),
        }
        if typed is None:
            # typed excluding VAT or with a discount: only a rounded unit price needs a word
            if item.quantity * sent == item.ttc:
                return None
            return _(
                "Line %(line)s (%(label)s): price typed excluding VAT or with a discount; the "
                "unit price including VAT sent, %(sent)s, is the line's %(amount)s divided by "
                "%(quantity)s, rounded so that %(quantity)s × %(sent)s gives %(amount)s to the "
                "cent, as URSSAF checks.",
                **args,
            )
        if typed == sent:
            return None
        product = item.quantity * typed
        args.update(typed=money(typed, currency), product=money(product, currency))
        if adjusted:
            return _(
                "Line %(line)s (%(label)s): unit price sent %(sent)s instead of the %(typed)s "
                "typed: the line carries the invoice's rounding cent, so that %(quantity)s × "
                "%(sent)s gives its %(amount)s and the lines add up to the invoice total.",
                **args,
            )
        down = product.quantize(CENT, rounding=ROUND_HALF_EVEN)
        up = product.quantize(CENT, rounding=ROUND_HALF_UP)
        if down != up:
            return _(
                "Line %(line)s (%(label)s): unit price sent %(sent)s instead of the %(typed)s "
                "typed. %(quantity)s × %(typed)s = %(product)s, a half cent that URSSAF could "
                "round to %(down)s or to %(up)s; %(quantity)s × %(sent)s gives the line's "
                "%(amount)s under any rounding (URSSAF checks quantity × unit price to the "
                "cent).",
                down=money(down, currency),
                up=money(up, currency),
                **args,
            )
        return _(
            "Line %(line)s (%(label)s): unit price sent %(sent)s instead of the %(typed)s typed: "
            "%(quantity)s × %(typed)s = %(product)s, not the line's %(amount)s; %(quantity)s × "
            "%(sent)s gives it to the cent, as URSSAF checks.",
            **args,
        )

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
