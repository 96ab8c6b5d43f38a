"""URSSAF's take-backs after its transfer, booked in one click by the accountant.

* After an unpaid debit (60 after 70), a recovery (120) or a cancellation (110–113) after a
  transfer, the accountant's activity points to *Prepare the entry* on the request: a **draft**
  journal entry in the company's URSSAF transfers journal, built from the figures
  (``urssaf_api.take_back``): debit the client's receivable (what URSSAF takes back, re-opened
  for the provider to collect from the client), credit the journal's outstanding payments
  account (the money that leaves the bank, matched with URSSAF's debit on the statement). The
  accountant reviews it, changes it, posts it: nothing is booked without them.
* One entry per request (``take_back_move_id``), written by the module only: a second click
  opens it; two clicks at once are one (the request's row is locked). Its deletion (a draft) is
  told on the invoice and the link is cleared; its posting is told on the invoice.
* Only accountants (Accounting: Bookkeeper or Administrator) who can open the request prepare
  it, in the request's company.
"""

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.osv import expression

from ..urssaf_api import sync
from ..urssaf_api import take_back as take_back_rules
from ..urssaf_api.billing import to_decimal
from ..urssaf_api.billing.mention import euros
from .account_bank_statement_line import ACCOUNTANT_GROUPS

URSSAF_USER_GROUP = "l10n_fr_urssaf_avance_immediate.group_urssaf_user"


class L10nFrUrssafPaymentRequestTakeBack(models.Model):
    _inherit = "l10n_fr_urssaf.payment.request"

    take_back_move_id = fields.Many2one(
        "account.move",
        string="Take-back entry",
        copy=False,
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
        help="The journal entry of what URSSAF takes back after its transfer (prepared as a "
        "draft by Prepare the entry, reviewed and posted by the accountant).",
    )
    take_back_amount = fields.Monetary(
        string="Taken back by URSSAF",
        compute="_compute_take_back",
        help="What URSSAF takes back from you after its transfer in this status: the client's "
        "share after an unpaid debit (60, 120, 111, 112), what it transferred after another "
        "cancellation (110, 113). The client owes it to you.",
    )
    take_back_due = fields.Boolean(
        string="Take-back to book",
        compute="_compute_take_back",
        search="_search_take_back_due",
        help="URSSAF takes money back after a booked transfer and no entry books it yet.",
    )

    @api.depends(
        "state",
        "status_code",
        "amount_total",
        "transfer_amount",
        "transfer_booking",
        "take_back_move_id",
    )
    def _compute_take_back(self):
        for request in self:
            result = request._take_back()
            request.take_back_amount = float(result.amount) if result else 0.0
            request.take_back_due = bool(result) and not request.take_back_move_id

    def _search_take_back_due(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on Take-back to book."))
        # every take-back state has its rule (urssaf_api.take_back, tested): a booked transfer
        # of an amount is what makes a take-back
        due = [
            ("state", "in", sync.TAKE_BACK),
            ("transfer_booking", "!=", False),
            ("transfer_amount", ">", 0),
            ("take_back_move_id", "=", False),
        ]
        return due if (operator == "=") == value else ["!", *expression.AND([due])]

    def _take_back(self):
        """What URSSAF takes back now (``urssaf_api.take_back.TakeBack``), or None: only after
        a transfer that was booked (by the module or the accountant)."""
        if self.state not in sync.TAKE_BACK or not self.transfer_booking:
            return None
        currency = self.currency_id
        return take_back_rules.take_back(
            self.state,
            self.status_code,
            to_decimal(self.amount_total or 0.0, currency),
            to_decimal(self.transfer_amount, currency) if self.transfer_amount else None,
        )

    # ---------------------------------------------------------------- the link, module-only

    @api.model_create_multi
    def create(self, vals_list):
        if not self._is_sync_write() and any(vals.get("take_back_move_id") for vals in vals_list):
            raise self._take_back_link_error()
        return super().create(vals_list)

    def write(self, vals):
        if (
            "take_back_move_id" in vals
            and not self._is_sync_write()
            and self._changed_fields(vals, {"take_back_move_id"})
        ):
            raise self._take_back_link_error()
        return super().write(vals)

    def _take_back_link_error(self):
        return AccessError(
            self.env._(
                "The take-back entry of an URSSAF payment request is linked by Prepare the entry "
                "only: it cannot be written by hand."
            )
        )

    # ---------------------------------------------------------------- texts

    def _take_back_entry_text(self):
        _ = self.env._
        result = self._take_back()
        entry = self.take_back_move_id
        if not result:
            return super()._take_back_entry_text()
        amount = euros(result.amount)
        if not entry:
            return _(
                "Nothing is booked yet: Prepare the entry, on the payment request, makes a "
                "draft entry in the URSSAF transfers journal: URSSAF takes back %(amount)s, "
                "re-opened as %(client)s's receivable. Review it (the date of URSSAF's debit "
                "on your bank statement), then post it.",
                amount=amount,
                client=self.partner_id.display_name,
            )
        booked = to_decimal(entry.amount_total, entry.currency_id)
        if entry.state == "draft" and take_back_rules.same_cents(booked, result.amount):
            return _(
                "The draft take-back entry %(entry)s (%(amount)s) is waiting for you: review it, "
                "then post it (Prepare the entry opens it).",
                entry=entry.display_name,
                amount=amount,
            )
        if take_back_rules.same_cents(booked, result.amount):
            return _(
                "The take-back entry %(entry)s already books %(amount)s: nothing more to book "
                "(Prepare the entry opens it).",
                entry=entry.display_name,
                amount=amount,
            )
        return _(
            "The take-back entry %(entry)s books %(booked)s, but in this status URSSAF takes "
            "back %(amount)s: change the entry if it is still a draft, or book the difference "
            "by hand.",
            entry=entry.display_name,
            booked=euros(booked),
            amount=amount,
        )

    # ---------------------------------------------------------------- Prepare the entry

    def _check_take_back_rights(self):
        user = self.env.user
        if not user.has_group(URSSAF_USER_GROUP) or not any(
            user.has_group(group) for group in ACCOUNTANT_GROUPS
        ):
            raise AccessError(
                self.env._(
                    "Only an accountant (Accounting: Bookkeeper or Administrator) who is also "
                    "an URSSAF user can prepare the entry of URSSAF's take-back."
                )
            )
        if self.company_id not in user.company_ids:
            raise AccessError(
                self.env._(
                    "%(request)s belongs to %(company)s, which you cannot work in.",
                    request=self.display_name,
                    company=self.company_id.display_name,
                )
            )

    def action_prepare_take_back(self):
        """*Prepare the entry*: the draft entry of URSSAF's take-back (once), opened."""
        self.ensure_one()
        self.check_access("read")
        self._check_take_back_rights()
        if not self.take_back_move_id:
            # two clicks at once make one entry: the second waits for nothing, it is told
            self._l10n_fr_urssaf_lock()
            self.invalidate_recordset(["take_back_move_id"])
        if not self.take_back_move_id:
            self._create_take_back_move()
        return self._take_back_action()

    def action_open_take_back(self):
        self.ensure_one()
        if not self.take_back_move_id:
            raise UserError(self.env._("No take-back entry was prepared for this request."))
        return self._take_back_action()

    def _take_back_action(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Take-back entry"),
            "res_model": "account.move",
            "res_id": self.take_back_move_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "context": {"default_move_type": "entry", "allowed_company_ids": self.company_id.ids},
            "target": "current",
        }

    def _create_take_back_move(self):
        _ = self.env._
        result = self._take_back()
        if not result:
            raise UserError(
                _(
                    "URSSAF takes nothing back on %(request)s (status %(state)s): there is no "
                    "entry to prepare. An entry is prepared after a booked transfer, when URSSAF "
                    "refuses the client's debit (60), recovers it (120) or cancels the request "
                    "(110 to 113).",
                    request=self.display_name,
                    state=self._status_text() or self._state_label(),
                )
            )
        company = self.company_id
        journal = company.sudo().l10n_fr_urssaf_transfer_journal_id
        if not journal:
            raise UserError(
                _(
                    "No journal is set for URSSAF's transfers (Settings > Invoicing > URSSAF, "
                    "URSSAF transfers journal) of %(company)s: set it, then prepare the entry.",
                    company=company.display_name,
                )
            )
        values = self._take_back_move_values(result, journal)
        move = self.env["account.move"].with_company(company).create(values)
        self.sudo()._sync_write({"take_back_move_id": move.id})
        self._story_record().sudo().message_post(
            body=Markup("<p>%s</p>")
            % _(
                "Draft entry %(entry)s of URSSAF's take-back prepared by %(user)s: %(amount)s "
                "(URSSAF request %(id)s). It books nothing until it is posted.",
                entry=move.display_name,
                user=self.env.user.name,
                amount=euros(result.amount),
                id=self.urssaf_id or "-",
            ),
            subtype_xmlid="mail.mt_note",
        )
        return move

    def _take_back_accounts(self, journal):
        """(the client's receivable account, the journal's outstanding payments account)."""
        invoice = self.move_id.sudo()
        receivable = (
            invoice.line_ids.filtered(
                lambda line: line.account_id.account_type == "asset_receivable"
            )[:1].account_id
            or invoice.commercial_partner_id.with_company(
                self.company_id
            ).property_account_receivable_id
        )
        outstanding = journal.outbound_payment_method_line_ids.filtered("payment_account_id")[
            :1
        ].payment_account_id
        if not outstanding:
            # the account Odoo gives an outgoing payment of this journal
            payment = (
                self.env["account.payment"]
                .with_company(self.company_id)
                .new({"journal_id": journal.id, "payment_type": "outbound"})
            )
            outstanding = payment._get_outstanding_account("outbound")
        return receivable, outstanding

    def _take_back_move_values(self, result, journal):
        _ = self.env._
        receivable, outstanding = self._take_back_accounts(journal)
        accounts = {
            take_back_rules.CLIENT_RECEIVABLE: receivable,
            take_back_rules.URSSAF_OUTSTANDING: outstanding,
        }
        if result.basis == take_back_rules.CLIENT_SHARE:
            receivable_label = _(
                "%(invoice)s: client's share taken back by URSSAF (status %(code)s), to collect "
                "from the client",
                invoice=self.invoice_number,
                code=self.status_code or "-",
            )
        else:
            receivable_label = _(
                "%(invoice)s: cancelled by URSSAF after its transfer (status %(code)s), to "
                "collect from the client",
                invoice=self.invoice_number,
                code=self.status_code or "-",
            )
        labels = {
            take_back_rules.CLIENT_RECEIVABLE: receivable_label,
            take_back_rules.URSSAF_OUTSTANDING: _(
                "URSSAF takes back %(amount)s (request %(id)s, %(invoice)s)",
                amount=euros(result.amount),
                id=self.urssaf_id or "-",
                invoice=self.invoice_number,
            ),
        }
        partner = self.move_id.sudo().commercial_partner_id
        reference = take_back_rules.entry_reference(self.urssaf_id, self.invoice_number)
        return {
            "move_type": "entry",
            "journal_id": journal.id,
            "company_id": self.company_id.id,
            "date": fields.Date.context_today(self),
            "ref": _("%(reference)s take-back", reference=reference),
            "line_ids": [
                fields.Command.create(
                    {
                        "account_id": accounts[line.role].id,
                        "partner_id": partner.id,
                        "name": labels[line.role],
                        "debit": float(line.debit),
                        "credit": float(line.credit),
                    }
                )
                for line in result.lines
            ],
        }

    def _take_back_posted(self, move):
        self._story_record().sudo().message_post(
            body=Markup("<p>%s</p>")
            % self.env._(
                "URSSAF's take-back booked: %(entry)s posted by %(user)s, %(amount)s.",
                entry=move.display_name,
                user=self.env.user.name,
                amount=euros(to_decimal(move.amount_total, move.currency_id)),
            ),
            subtype_xmlid="mail.mt_note",
        )

    def _take_back_deleted(self, name):
        self._story_record().sudo().message_post(
            body=Markup("<p>%s</p>")
            % self.env._(
                "The draft entry %(entry)s of URSSAF's take-back was deleted by %(user)s: "
                "nothing is booked for it. Prepare the entry, on the payment request, makes a "
                "new one.",
                entry=name,
                user=self.env.user.name,
            ),
            subtype_xmlid="mail.mt_note",
        )


class AccountMove(models.Model):
    _inherit = "account.move"

    def _l10n_fr_urssaf_take_back_requests(self):
        if not self.ids:
            return self.env["l10n_fr_urssaf.payment.request"]
        return (
            self.env["l10n_fr_urssaf.payment.request"]
            .sudo()
            .search([("take_back_move_id", "in", self.ids)])
        )

    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        for request in posted._l10n_fr_urssaf_take_back_requests():
            request._take_back_posted(request.take_back_move_id)
        return posted

    def unlink(self):
        # the link goes with the entry (set null): told on the invoice, never silently
        told = [
            (request, request.take_back_move_id.display_name)
            for request in self._l10n_fr_urssaf_take_back_requests()
        ]
        result = super().unlink()
        for request, name in told:
            request._take_back_deleted(name)
        return result
