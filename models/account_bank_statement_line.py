"""URSSAF's money on the bank statement, matched in one action (Odoo Community has no
reconciliation widget).

*Match URSSAF transfers* (bank statement lines, Action menu and the list's button): for each
selected line not reconciled yet, the URSSAF payment request its label names (URSSAF's request
id, or the invoice number, as a whole word) gives the journal item the line pays off: money in,
the outstanding line of the payment of URSSAF's transfer; money out, the outstanding line of the
posted take-back entry. Amounts equal to the cent: the line's suspense counterpart takes that
item's account and the two are reconciled. Otherwise the line is left as it is, with a message
saying why.
"""

from markupsafe import Markup

from odoo import models
from odoo.exceptions import AccessError
from odoo.osv import expression

from ..urssaf_api import take_back as take_back_rules
from ..urssaf_api.billing import to_decimal
from ..urssaf_api.billing.mention import euros

#: Who books URSSAF's take-backs and matches the bank lines: accountants (Bookkeeper, or
#: Administrator: the Invoicing app's accountant).
ACCOUNTANT_GROUPS = ("account.group_account_user", "account.group_account_manager")


def _escape_like(word):
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class AccountBankStatementLine(models.Model):
    _inherit = "account.bank.statement.line"

    def action_l10n_fr_urssaf_match(self):
        """Match the selected lines with URSSAF's booked transfers and take-backs; tells what
        was matched and, line by line, why the others were not."""
        user = self.env.user
        if not any(user.has_group(group) for group in ACCOUNTANT_GROUPS):
            raise AccessError(
                self.env._(
                    "Only an accountant (Accounting: Bookkeeper or Administrator) can match bank "
                    "statement lines with URSSAF's transfers."
                )
            )
        matched, problems = self.browse(), []
        for line in self:
            problem = line._l10n_fr_urssaf_match()
            if problem:
                problems.append((line, problem))
            else:
                matched |= line
        _ = self.env._
        if not self:
            summary = _("No bank statement line selected.")
        elif len(matched) == 1:
            summary = _("1 bank statement line matched with URSSAF's money.")
        else:
            summary = _(
                "%(count)s bank statement lines matched with URSSAF's money.", count=len(matched)
            )
        items = Markup("").join(
            Markup("<li>%s</li>")
            % _(
                "%(line)s (%(amount)s): %(problem)s",
                line=line.payment_ref or line.display_name,
                amount=euros(to_decimal(line.amount, line.currency_id)),
                problem=problem,
            )
            for line, problem in problems
        )
        message = Markup("<p>%s</p>") % summary
        if problems:
            message += Markup("<p>%s</p><ul>%s</ul>") % (_("Not matched:"), items)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": _("Match URSSAF transfers"),
                "message": message,
                "type": "warning" if problems else "success",
                "sticky": bool(problems),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    # ---------------------------------------------------------------- one line

    def _l10n_fr_urssaf_label(self):
        return " ".join(filter(None, [self.payment_ref, self.move_id.ref]))

    def _l10n_fr_urssaf_requests(self):
        """The URSSAF payment requests of the line's company that its label names."""
        label = self._l10n_fr_urssaf_label()
        words = take_back_rules.label_tokens(label)
        if not words:
            return self.env["l10n_fr_urssaf.payment.request"]
        domain = expression.OR(
            [(name, "=ilike", _escape_like(word))]
            for word in sorted(words)
            for name in ("urssaf_id", "invoice_number")
        )
        requests = (
            self.env["l10n_fr_urssaf.payment.request"]
            .sudo()
            .search(expression.AND([[("company_id", "=", self.company_id.id)], domain]))
        )
        return requests.filtered(
            lambda request: take_back_rules.mentions(label, request.urssaf_id)
            or take_back_rules.mentions(label, request.invoice_number)
        )

    def _l10n_fr_urssaf_candidates(self, requests):
        """The open journal items that a line of this sign pays off: the outstanding line of
        URSSAF's transfer payment (money in) or of the posted take-back entry (money out)."""
        money_in = self.amount > 0
        if money_in:
            moves = requests.transfer_payment_id.move_id
        else:
            moves = requests.take_back_move_id.filtered(lambda move: move.state == "posted")
        return moves.line_ids.filtered(
            lambda item: item.account_id.reconcile
            and item.account_id.account_type not in ("asset_receivable", "liability_payable")
            and not item.reconciled
            and (item.balance > 0 if money_in else item.balance < 0)
        )

    def _l10n_fr_urssaf_match(self):
        """Match this line; returns None when matched, else why not (a sentence)."""
        self.ensure_one()
        _ = self.env._
        if self.is_reconciled:
            return _("already reconciled.")
        if self.foreign_currency_id:
            return _("in a foreign currency: match it by hand.")
        requests = self._l10n_fr_urssaf_requests()
        if not requests:
            return _(
                "its label names no URSSAF request id nor invoice number of a payment request "
                "of %(company)s.",
                company=self.company_id.display_name,
            )
        candidates = self._l10n_fr_urssaf_candidates(requests)
        names = ", ".join(requests.mapped("invoice_number"))
        if not candidates:
            if self.amount > 0:
                return _(
                    "no open payment of URSSAF's transfer for %(invoices)s (not booked yet, or "
                    "already matched).",
                    invoices=names,
                )
            return _(
                "no posted take-back entry left to match for %(invoices)s (Prepare the entry on "
                "the payment request, review it and post it first).",
                invoices=names,
            )
        currency = self.company_id.currency_id
        amount = to_decimal(abs(self.amount), currency)
        same = candidates.filtered(
            lambda item: take_back_rules.same_cents(
                to_decimal(abs(item.amount_residual), currency), amount
            )
        )
        if not same:
            return _(
                "the amount differs from what is booked for %(invoices)s (%(booked)s): nothing "
                "matched, check the line or the entry.",
                invoices=names,
                booked=", ".join(
                    euros(to_decimal(abs(item.amount_residual), currency)) for item in candidates
                ),
            )
        if len(same) > 1:
            return _(
                "several booked items of the same amount fit (%(items)s): match it by hand.",
                items=", ".join(same.move_id.mapped("display_name")),
            )
        _liquidity, suspense, other = self._seek_for_lines()
        if other or len(suspense) != 1:
            return _("partly matched already: finish it by hand.")
        suspense.write({"account_id": same.account_id.id, "partner_id": same.partner_id.id})
        (suspense + same).reconcile()
        if not self.is_reconciled:
            return _("the reconciliation left an open amount: check it by hand.")
        return None
