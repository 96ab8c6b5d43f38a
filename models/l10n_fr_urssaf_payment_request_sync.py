"""Following every payment request to the money: the scheduled synchronisation (E4), the
statuses and their follow-ups, URSSAF's transfers booked on the invoices.

* The scheduled action reads, per company, 10 requests per E4 call (the shared loop of
  ``l10n_fr_urssaf.synced.mixin``: one token per run, a commit per call, skip-locked, outage
  strikes, re-triggered while work remains; a chunk's search made in a thread while the previous
  chunk is recorded). The requests whose answer was lost come first and are settled by invoice
  number; the followed ones are read at every run, the paid and exits once a day for a while
  (``urssaf_api.sync``).
* A status change is told once (a poll that changed nothing says nothing); a new URSSAF code in
  the same state (15 after 10, 111 after 110) is told too.
* URSSAF's transfer: a payment in the company's URSSAF journal, at the transfer date, for the
  transferred amount, referencing URSSAF's request id, reconciled with the invoice. Booked once:
  the fact ("booked", the payment) is written in the same transaction as the payment, and a
  unique index on the payment's request is the last guard. Take-backs and cancellations after
  a booking book nothing: an activity for the accountant gives the figures.
"""

import functools
import logging
import threading
from collections import defaultdict

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from ..urssaf_api import states, sync
from ..urssaf_api.billing import to_decimal
from ..urssaf_api.billing.mention import euros
from .account_payment import POSTED_PAYMENT_STATES, TransferBooking
from .l10n_fr_urssaf_payment_request import L10nFrUrssafPaymentRequest
from .l10n_fr_urssaf_synced_mixin import CALL_TIMEOUT, CRON_OK, can_commit

_logger = logging.getLogger(__name__)

SYNC_CRON_XMLID = "l10n_fr_urssaf_avance_immediate.ir_cron_l10n_fr_urssaf_sync_payment_requests"
ACCOUNTING_ACTIVITY_XMLID = "l10n_fr_urssaf_avance_immediate.mail_activity_type_urssaf_accounting"
#: Requests read per run of the scheduled action (100 E4 calls); it runs again while some remain.
CRON_BATCH_SIZE = 1000
SEARCH_CHUNK = 10
#: What an E4 item may change without anything to tell or book (URSSAF's wording).
QUIET_FIELDS = frozenset({"status_label", "reject_code", "reject_comment"})
#: What the last synchronisation run of this thread did (told to who ran it by hand).
_LAST_RUN = threading.local()


class L10nFrUrssafPaymentRequestSync(models.Model):
    _inherit = "l10n_fr_urssaf.payment.request"
    _l10n_fr_urssaf_cron_xmlid = SYNC_CRON_XMLID
    _l10n_fr_urssaf_cron_isolates = True
    # E4 reads only: a chunk lost with its booking is read and booked again, once
    _l10n_fr_urssaf_cron_async_commit = True
    # a chunk's search is made in a thread while the previous chunk's answers are recorded
    _l10n_fr_urssaf_cron_pipelined = True
    _l10n_fr_urssaf_synced_fields = L10nFrUrssafPaymentRequest._l10n_fr_urssaf_synced_fields | {
        "state_changed_at",
        "transfer_booking",
        "transfer_payment_id",
        "transfer_booked_amount",
        "transfer_left_to_accountant",
        "transfer_problem",
        "sync_failed",
    }

    state_changed_at = fields.Datetime(string="Status since", copy=False, readonly=True)
    sync_rank = fields.Integer(
        string="Synchronisation order", compute="_compute_sync_rank", store=True, index=True
    )
    validation_deadline = fields.Datetime(
        string="Client's validation deadline",
        compute="_compute_validation_deadline",
        help="48 hours after URSSAF asked the client to validate (as seen by the last "
        "synchronisation): without an answer by then, the request is validated.",
    )
    # the payment that carries the request is the booking: "booked" is derived from it
    transfer_payment_ids = fields.One2many(
        "account.payment", "l10n_fr_urssaf_request_id", string="Payments of the transfer"
    )
    transfer_left_to_accountant = fields.Boolean(
        string="Transfer left to the accountant", copy=False, readonly=True
    )
    transfer_booking = fields.Selection(
        [("booked", "Payment booked"), ("accountant", "Left to the accountant")],
        string="Transfer accounting",
        compute="_compute_transfer_booking",
        store=True,
        copy=False,
        readonly=True,
    )
    transfer_payment_id = fields.Many2one(
        "account.payment",
        string="Payment of the transfer",
        compute="_compute_transfer_booking",
        store=True,
        copy=False,
        readonly=True,
    )
    transfer_booked_amount = fields.Monetary(string="Amount booked", copy=False, readonly=True)
    transfer_problem = fields.Text(
        string="Why the transfer is not booked", copy=False, readonly=True
    )
    sync_failed = fields.Boolean(
        string="Sync error",
        copy=False,
        readonly=True,
        help="The last synchronisation of this request failed (see Last error): it is read "
        "again at the next run.",
    )

    def init(self):
        res = super().init()
        # databases from before the payment was the booking: a transfer left to the accountant
        # was told by transfer_booking alone (idempotent, so no migration step is needed)
        self.env.cr.execute(
            SQL(
                "UPDATE %s SET transfer_left_to_accountant = TRUE WHERE transfer_booking = "
                "'accountant' AND transfer_left_to_accountant IS NOT TRUE",
                SQL.identifier(self._table),
            )
        )
        return res

    @api.depends(
        "transfer_payment_ids.state",
        "transfer_payment_ids.move_id.state",
        "transfer_left_to_accountant",
    )
    def _compute_transfer_booking(self):
        for request in self:
            posted = request.transfer_payment_ids.filtered(
                lambda payment: payment.state in POSTED_PAYMENT_STATES
                and (not payment.move_id or payment.move_id.state == "posted")
            )
            request.transfer_payment_id = posted[:1]
            if posted:
                request.transfer_booking = "booked"
            elif request.transfer_left_to_accountant:
                request.transfer_booking = "accountant"
            else:
                request.transfer_booking = False

    @api.depends("state")
    def _compute_sync_rank(self):
        for request in self:
            request.sync_rank = sync.sync_rank(request.state)

    @api.depends("state", "state_changed_at")
    def _compute_validation_deadline(self):
        for request in self:
            request.validation_deadline = sync.validation_deadline(
                request.state, request.state_changed_at
            )

    # ---------------------------------------------------------------- states

    def _status_values(self, info):
        return dict(super()._status_values(info), sync_failed=False)

    def _cron_error_values(self, message, now):
        return dict(super()._cron_error_values(message, now), sync_failed=True)

    def _set_state(self, state, values=None, details=None):
        if state != self.state:
            values = dict(values or {})
            values["state_changed_at"] = values.get("last_check_date") or fields.Datetime.now()
        return super()._set_state(state, values, details)

    def _apply_status(self, info, now, details=None):
        """Record an E4 item, then follow the money (booking, accountant's activities)."""
        self.ensure_one()
        _ = self.env._
        previous_state, previous_code = self.state, self.status_code
        previous_amount = self.transfer_amount
        code = (info.status or "").strip() or False
        if (
            details is None
            and previous_code
            and code != previous_code
            and states.payment_state_from_status(code) == previous_state
        ):
            details = _("URSSAF status %(old)s → %(new)s.", old=previous_code, new=code or "-")
        result = super()._apply_status(info, now, details=details)
        self._follow_money(previous_state, previous_amount)
        return result

    # ---------------------------------------------------------------- money

    def _money(self, value):
        return to_decimal(value, self.currency_id) if value else None

    def _follow_money(self, previous_state, previous_amount):
        booked = self._money(self.transfer_booked_amount) if self.transfer_booking else None
        if self.transfer_booking == "accountant":
            booked = self._money(self.transfer_booked_amount) or self._money(previous_amount)
        decision = sync.transfer_decision(
            self.state, self._money(self.transfer_amount), self.transfer_date, booked
        )
        if decision == sync.BOOK:
            self._book_transfer()
        elif decision == sync.CHANGED and self.transfer_amount != previous_amount:
            self._accountant_activity(
                self.env._(
                    "URSSAF now tells another transferred amount than the one booked: nothing "
                    "was booked again. Compare with your bank statement and correct the payment "
                    "if needed."
                )
            )
        if (
            self.state != previous_state
            and self.state in sync.TAKE_BACK
            and (self.transfer_booking or self.transfer_amount)
        ):
            self._accountant_activity(self._take_back_text())

    def _take_back_text(self):
        """What URSSAF's exit after a transfer means for the money, then what is booked (the
        take-back entry, :meth:`_take_back_entry_text`)."""
        _ = self.env._
        texts = {
            "debit_refused": _(
                "The client's debit was refused (60) after URSSAF paid you: URSSAF takes the "
                "client's share back from your bank account (the régularisation account), and "
                "the client owes it to you."
            ),
            "recovered": _(
                "URSSAF says the unpaid amount was recovered (120). The contract notes do not "
                "say which entry follows: it is taken as the take-back of the client's share "
                "after the unpaid debit (booked once, with the 60's if any). Compare with your "
                "bank statement."
            ),
            "cancelled": _(
                "URSSAF cancelled the request (%(code)s) after a transfer: URSSAF takes back "
                "what it transferred (after an unpaid debit, 111 or 112: the client's share "
                "only), and the client owes it to you. Cancel the invoice with a credit note if "
                "the services are not due.",
                code=self.status_code or "-",
            ),
        }
        text = texts.get(self.state, "")
        return f"{text} {self._take_back_entry_text()}".strip() if text else text

    def _take_back_entry_text(self):
        return ""

    def _figures_html(self):
        currency = self.currency_id
        figures = sync.take_back_figures(
            self._money(self.amount_total) or to_decimal(0, currency),
            self._money(self.transfer_amount),
            self.transfer_date,
            self._money(self.transfer_booked_amount) if self.transfer_booking == "booked" else None,
            to_decimal(self.move_id.amount_residual, currency),
        )
        _ = self.env._

        def money(value):
            return euros(value) if value is not None else "-"

        rows = [
            (_("Invoice"), self.invoice_number),
            (_("URSSAF request"), self.urssaf_id or "-"),
            (_("URSSAF status"), self._status_text() or "-"),
            (_("Invoice total"), money(figures.invoice_total)),
            (_("Tax credit advanced by URSSAF (50 %)"), money(figures.advanced)),
            (_("Client's share"), money(figures.client_share)),
            (_("Transferred by URSSAF"), money(figures.transferred)),
            (
                _("Transfer date"),
                self._format_date(figures.transfer_date) if figures.transfer_date else "-",
            ),
            (
                _("Payment booked"),
                f"{money(figures.booked)} ({self.transfer_payment_id.name})"
                if figures.booked is not None
                else "-",
            ),
            (_("Invoice residual now"), money(figures.residual)),
        ]
        items = Markup("").join(
            Markup("<li>%s</li>") % _("%(label)s: %(value)s", label=label, value=value)
            for label, value in rows
        )
        return Markup("<ul>%s</ul>") % items

    def _accountant(self):
        """The company's URSSAF accountant when they can open the request, else the user who
        follows it up (an activity nobody can open helps nobody)."""
        user = self.company_id.sudo().l10n_fr_urssaf_accountant_id
        if self._can_follow_up(user):
            return user
        return self._follow_up_user()

    def _transfer_unbooked(self, payments, action):
        """An accounting manager undid the payment of URSSAF's transfer: the request goes back to
        "transfer not booked" (the next synchronisation books it again, once), the accountant
        is told."""
        self.ensure_one()
        request = self.sudo()
        request._sync_write({"transfer_booked_amount": False, "transfer_problem": False})
        request._accountant_activity(
            self.env._(
                "The payment of URSSAF's transfer (%(payments)s) was %(action)s by %(user)s: "
                "the transfer is not booked any more. The next synchronisation books it again "
                "(once) if the invoice is still open; otherwise it is left to you.",
                payments=", ".join(payments.mapped("name")) or "-",
                action=action,
                user=self.env.user.name,
            )
        )

    def _accountant_activity(self, text):
        """An activity for the accountant with the figures, and the same in the chatter."""
        body = Markup("<p>%s</p>") % text + self._figures_html()
        self._story_record().sudo().message_post(body=body, subtype_xmlid="mail.mt_note")
        user = self._accountant()
        if not user:
            _logger.warning("URSSAF request %s: nobody to tell the accountant's figures", self.id)
            return
        self.activity_schedule(
            ACCOUNTING_ACTIVITY_XMLID,
            summary=self.env._(
                "URSSAF: check the entries of %(invoice)s", invoice=self.invoice_number
            ),
            note=body,
            user_id=user.id,
        )

    def _book_transfer(self):
        """Register URSSAF's transfer as a payment on the invoice (once)."""
        _ = self.env._
        company = self.company_id.sudo()
        journal = company.l10n_fr_urssaf_transfer_journal_id
        move = self.move_id.sudo()
        amount = self.transfer_amount
        if not journal:
            self._tell_booking_problem(
                _(
                    "URSSAF transferred %(amount)s on %(date)s, but no journal is set for "
                    "URSSAF's transfers (Settings > Invoicing > URSSAF): nothing was booked. "
                    "Set it; the payment is booked at the next synchronisation.",
                    amount=euros(self._money(amount)),
                    date=self._format_date(self.transfer_date),
                )
            )
            return
        if move.state != "posted" or move.currency_id.is_zero(move.amount_residual):
            self._sync_write(
                {"transfer_left_to_accountant": True, "transfer_booked_amount": amount}
            )
            self._accountant_activity(
                _(
                    "URSSAF transferred the amount, but the invoice is not open any more "
                    "(already paid or cancelled): nothing was booked. Book the transfer by hand "
                    "where it belongs."
                )
            )
            return
        if move.currency_id.compare_amounts(float(amount), move.amount_residual) > 0:
            # part of the invoice was paid or credited otherwise: a full payment would leave an
            # unexplained credit on the client; the accountant decides
            self._sync_write(
                {"transfer_left_to_accountant": True, "transfer_booked_amount": amount}
            )
            self._accountant_activity(
                _(
                    "URSSAF transferred %(amount)s, more than the invoice's residual "
                    "%(residual)s (part of it was paid or credited otherwise): nothing was "
                    "booked. Book the transfer by hand and settle the difference with the client.",
                    amount=euros(self._money(amount)),
                    residual=euros(to_decimal(move.amount_residual, move.currency_id)),
                )
            )
            return
        try:
            with self.env.cr.savepoint():
                payment = self._create_transfer_payment(journal, amount)
        except (UserError, ValidationError) as exc:
            self._tell_booking_problem(
                _("URSSAF's transfer could not be booked: %(error)s", error=exc.args[0])
            )
            return
        # "booked" is the posted payment itself (transfer_booking, transfer_payment_id)
        self._sync_write({"transfer_booked_amount": amount, "transfer_problem": False})
        _logger.info(
            "URSSAF transfer of request %s booked as payment %s on move %s",
            self.urssaf_id,
            payment.id,
            move.id,
        )
        self._story_record().sudo().message_post(
            body=Markup("<p>%s</p>")
            % _(
                "URSSAF's transfer booked: %(payment)s, %(amount)s on %(date)s (URSSAF request "
                "%(id)s). Residual of the invoice: %(residual)s.",
                payment=payment.name,
                amount=euros(self._money(amount)),
                date=self._format_date(self.transfer_date),
                id=self.urssaf_id,
                residual=euros(to_decimal(move.amount_residual, move.currency_id)),
            ),
            subtype_xmlid="mail.mt_note",
        )

    def _tell_booking_problem(self, text):
        """Say it once (a repeated poll meeting the same problem says nothing new)."""
        if self.transfer_problem == text:
            return
        self._sync_write({"transfer_problem": text})
        self._story_record().sudo().message_post(
            body=Markup("<p>%s</p>") % text, subtype_xmlid="mail.mt_note"
        )

    def _create_transfer_payment(self, journal, amount):
        move = self.move_id.sudo().with_company(self.company_id)
        wizard = (
            self.env["account.payment.register"]
            .sudo()
            .with_company(self.company_id)
            .with_context(
                active_model="account.move",
                active_ids=move.ids,
                l10n_fr_urssaf_transfer=TransferBooking(self.id, self.urssaf_id),
            )
            .create(
                {
                    "journal_id": journal.id,
                    "payment_date": self.transfer_date,
                    "amount": amount,
                    "currency_id": move.currency_id.id,
                    "communication": f"URSSAF {self.urssaf_id} {self.invoice_number}",
                    "payment_difference_handling": "open",
                }
            )
        )
        payment = wizard._create_payments()
        payment.ensure_one()
        if self.transfer_payment_id != payment:
            # "booked" is this posted payment: a payment left in draft would book nothing
            raise UserError(
                self.env._("The payment %(payment)s was not posted.", payment=payment.name)
            )
        return payment

    # ---------------------------------------------------------------- reading at URSSAF

    def _refresh(self, api_client, now):
        """Read the requests at URSSAF now: the answer-lost ones by invoice number first, the
        others by id, 10 per E4 call. A request whose status did not change is only marked read,
        all of them in one write (a poll that changed nothing writes and tells nothing else).
        Each change is applied in its own savepoint: a request whose update fails (its booking
        refused by the database, a lock, a bug) keeps its error (``sync_failed``) and is read
        again at the next run; the others are applied. Returns the requests read by id."""
        open_requests = self._to_settle(now)
        if open_requests:
            open_requests._settle_uncertain(api_client, now)
        known = (self - open_requests).filtered("urssaf_id")
        unchanged = self.browse()
        # changes of URSSAF's wording only (same state, code and money): nothing to tell nor
        # book, written in one UPDATE per distinct wording
        quiet = defaultdict(lambda: self.browse())
        for start in range(0, len(known), SEARCH_CHUNK):
            part = known[start : start + SEARCH_CHUNK]
            result = api_client.search_payment_requests(ids=part.mapped("urssaf_id"))
            by_id = {info.id_payment_request: info for info in result.items}
            for request in part:
                info = by_id.get(request.urssaf_id)
                changes = request._changes(info) if info is not None else {}
                if not changes:
                    unchanged |= request
                elif changes.keys() <= QUIET_FIELDS:
                    quiet[tuple(sorted(changes.items()))] |= request
                else:
                    request._cron_isolated(functools.partial(request._apply_status, info, now), now)
        unchanged._mark_read(now)
        read = unchanged
        for changes, requests in quiet.items():
            requests.with_context(tracking_disable=True)._sync_write(
                dict(changes, last_check_date=now, last_error=False, sync_failed=False)
            )
            read |= requests
        # a transfer left unbooked (no journal then) is booked once the journal is set
        for request in read.filtered(lambda r: r.state == "paid" and not r.transfer_booking):
            request._cron_isolated(
                functools.partial(request._follow_money, request.state, request.transfer_amount),
                now,
            )
        # all of them were marked read (or carry their error)
        return known

    def _mark_read(self, now):
        """What URSSAF told nothing new about: marked read, its earlier error cleared; one
        UPDATE for all, in SQL (no field is tracked or stored from these)."""
        if not self:
            return
        names = ["last_check_date", "last_error", "sync_failed", "write_date", "write_uid"]
        self.flush_recordset(names)
        # what depends on the error (needs_attention, the invoice's related fields) changes only
        # for the requests that had one: the others recompute nothing
        errors = ["last_error", "sync_failed"]
        failed = self.filtered(lambda request: request.last_error or request.sync_failed)
        self.env.cr.execute(
            SQL(
                "UPDATE %s SET last_check_date = %s, last_error = NULL, sync_failed = FALSE, "
                "write_date = %s, write_uid = %s WHERE id IN %s",
                SQL.identifier(self._table),
                now,
                fields.Datetime.now(),
                self.env.uid,
                tuple(self.ids),
            )
        )
        # the cache says what the database now holds (the run reads it again, e.g. whether a
        # request was marked read)
        self.invalidate_recordset(["write_date", "write_uid"])
        read = {"last_check_date": now, "last_error": False, "sync_failed": False}
        for name, value in read.items():
            field = self._fields[name]
            self.env.cache.update(self, field, [field.convert_to_cache(value, self)] * len(self))
        self.modified([name for name in names if name not in errors])
        failed.modified(errors)

    def _changes(self, info):
        """What an E4 item changes on this request: ``{field: new value}`` (with ``state`` when
        its state changes); empty when it says exactly what the request records."""
        # not the answer itself: the same answer told again is kept as it was
        values = self._status_told(info)
        changes = {}
        for name, value in values.items():
            field = self._fields[name]
            if field.type == "monetary":
                # euros to the cent (no need to read the invoice's currency for it)
                if round(float(value or 0.0), 2) != round(self[name] or 0.0, 2):
                    changes[name] = value
            elif field.convert_to_cache(value, self) != field.convert_to_cache(self[name], self):
                changes[name] = value
        state = states.payment_state_from_status(info.status, self.state)
        if state != self.state:
            changes["state"] = state
        return changes

    def _tells_nothing_new(self, info):
        """Whether an E4 item says exactly what this request already records."""
        return not self._changes(info)

    def action_refresh_status(self):
        """Button of the request's form: the invoice's refresh (of this request, the invoice's
        current one; an earlier or final request has nothing more to read at URSSAF)."""
        self.ensure_one()
        if not self.refreshable or self != self.move_id.l10n_fr_urssaf_payment_request_id:
            raise UserError(
                self.env._(
                    "URSSAF will not change the payment request %(request)s any more (%(state)s): "
                    "there is nothing to read at URSSAF. Open its invoice for the current one.",
                    request=self.display_name,
                    state=self._state_label(),
                )
            )
        return self.move_id.action_l10n_fr_urssaf_refresh()

    # ---------------------------------------------------------------- scheduled action

    def _cron_domain(self, now):
        """Due: the followed requests (and a lost answer's) read more than FOLLOW_INTERVAL
        ago; so are a paid request whose transfer is not booked yet (no journal then, its amount
        still to come: booked at the first run after) and a request whose last synchronisation
        failed; the watched ones read more than WATCH_INTERVAL ago, for WATCH_PERIOD."""
        followed_before = now - sync.FOLLOW_INTERVAL
        watched_before = now - sync.WATCH_INTERVAL
        return [
            "|",
            "|",
            "&",
            "&",
            ("state", "=", "sending"),
            ("call_started_at", "<", now - CALL_TIMEOUT),
            "|",
            ("last_check_date", "=", False),
            ("last_check_date", "<", followed_before),
            "&",
            "|",
            "|",
            ("state", "in", sync.FOLLOWED),
            "&",
            ("state", "=", "paid"),
            ("transfer_booking", "=", False),
            "&",
            ("sync_failed", "=", True),
            ("state", "not in", sync.FINAL),
            "|",
            ("last_check_date", "=", False),
            ("last_check_date", "<", followed_before),
            "&",
            "&",
            ("state", "in", sync.WATCHED),
            ("state_changed_at", ">=", now - sync.WATCH_PERIOD),
            "|",
            ("last_check_date", "=", False),
            ("last_check_date", "<", watched_before),
        ]

    def _cron_context(self):
        """The follow-up user's language, found once per company and run (not per call)."""
        cache = self.env.context.get("l10n_fr_urssaf_cron_contexts")
        if cache is None:
            return super()._cron_context()
        key = self.company_id.id
        if key not in cache:
            records = super()._cron_context()
            cache[key] = {name: records.env.context[name] for name in ("lang", "tz")}
        return self.with_context(**cache[key])

    def _cron_order(self):
        return "sync_rank, last_check_date asc nulls first, id"

    def _cron_call(self, now):
        """A chunk of requests known at URSSAF is one search by ids (read ahead); one with a
        request to settle by number is processed with its calls inline."""
        if self._to_settle(now) or len(self) > SEARCH_CHUNK:
            return None
        ids = self.filtered("urssaf_id").mapped("urssaf_id")
        return ("search_payment_requests", ids) if ids else None

    def _cron_process(self, api_client, now):
        read = self._refresh(api_client, now)
        # a request URSSAF did not tell about is still marked read: a run never loops on it
        (self - read).filtered(lambda r: r.last_check_date != now)._sync_write(
            {"last_check_date": now}
        )
        if not can_commit():
            # what the run read stays out of the cache: the memory of a run does not grow with
            # it (each commit clears the cache otherwise)
            self.env.invalidate_all()
        return CRON_OK

    @api.model
    def _cron_sync_status(self, batch_size=CRON_BATCH_SIZE, now=None):
        """Read at URSSAF the status of the requests that can still change, 10 per call (see
        ``_cron_run``), then log what the run read, what it skipped and why. Returns
        ``(done, remaining)``."""
        now = now or fields.Datetime.now()
        # what this run leaves, and why, counted before it
        stats = self._cron_not_due(now)
        run = self.with_context(
            l10n_fr_urssaf_cron_contexts={},
            l10n_fr_urssaf_cron_run=True,
            l10n_fr_urssaf_cron_stats=stats,
        )
        done, remaining = run._cron_run(batch_size=batch_size, chunk_size=SEARCH_CHUNK, now=now)
        _logger.info(
            "URSSAF synchronisation: %s", self.with_context(lang="en_US")._cron_summary(stats, now)
        )
        _LAST_RUN.stats = (stats, now)
        return done, remaining

    @api.model
    def _cron_not_due(self, now):
        """The requests that a run at ``now`` does not read because they were read recently:
        ``{"recent": followed ones read less than FOLLOW_INTERVAL ago, "watched": paid or
        closed ones read less than a day ago}``."""
        not_due = ["!", *self._cron_domain(now)]
        return {
            "recent": self.search_count(
                not_due
                + [
                    ("state", "in", sync.FOLLOWED),
                    ("last_check_date", ">=", now - sync.FOLLOW_INTERVAL),
                ]
            ),
            "watched": self.search_count(
                not_due
                + [
                    ("state", "in", sync.WATCHED),
                    ("state_changed_at", ">=", now - sync.WATCH_PERIOD),
                    ("last_check_date", ">=", now - sync.WATCH_INTERVAL),
                ]
            ),
        }

    @api.model
    def _cron_summary(self, stats, now):
        """What a run read, what it skipped and why (in the user's language), each count in a
        sentence of its own for none, one and several."""
        _ = self.env._
        recently_read, watched = stats.get("recent"), stats.get("watched")
        done, errors = stats.get("done", 0), stats.get("errors", 0)
        see = _("see the Sync error filter of the payment requests")
        if not done:
            read = _("No payment request read at URSSAF.")
        elif done == 1:
            read = (
                _("1 payment request read at URSSAF, with an error (%(see)s).", see=see)
                if errors
                else _("1 payment request read at URSSAF.")
            )
        elif not errors:
            read = _("%(done)s payment requests read at URSSAF.", done=done)
        elif errors == 1:
            read = _(
                "%(done)s payment requests read at URSSAF, one of them with an error (%(see)s).",
                done=done,
                see=see,
            )
        else:
            read = _(
                "%(done)s payment requests read at URSSAF, %(errors)s of them with an error "
                "(%(see)s).",
                done=done,
                errors=errors,
                see=see,
            )
        texts = [read]
        locked = stats.get("locked")
        if locked:
            why = _(
                "being processed by someone else (another worker or server running this "
                "action, a user's refresh) or read by them meanwhile"
            )
            texts.append(
                _("1 request skipped: %(why)s.", why=why)
                if locked == 1
                else _("%(count)s requests skipped: %(why)s.", count=locked, why=why)
            )
        if recently_read:
            minutes = int(sync.FOLLOW_INTERVAL.total_seconds() // 60)
            why = _(
                "read less than %(minutes)s minutes ago (a request URSSAF may still change is "
                "read every %(minutes)s minutes)",
                minutes=minutes,
            )
            texts.append(
                _("1 request not read: %(why)s.", why=why)
                if recently_read == 1
                else _("%(count)s requests not read: %(why)s.", count=recently_read, why=why)
            )
        if watched:
            why = _(
                "read less than a day ago (read once a day while URSSAF may still take money back)"
            )
            texts.append(
                _("1 paid or closed request not read: %(why)s.", why=why)
                if watched == 1
                else _(
                    "%(count)s paid or closed requests not read: %(why)s.", count=watched, why=why
                )
            )
        if stats.get("failed_companies"):
            texts.append(
                _(
                    "Left for the next run: the requests of %(companies)s (URSSAF unavailable "
                    "or the configuration refused: see their errors).",
                    companies=", ".join(stats["failed_companies"]),
                )
            )
        remaining = stats.get("remaining")
        if remaining:
            texts.append(
                _("1 request left for the next run (it is started again shortly).")
                if remaining == 1
                else _(
                    "%(count)s requests left for the next run (it is started again shortly).",
                    count=remaining,
                )
            )
        return " ".join(texts)


class IrCron(models.Model):
    _inherit = "ir.cron"

    def method_direct_trigger(self):
        """Run manually (Settings > Technical > Scheduled actions): the synchronisation of the
        payment requests tells what it read and what it skipped, and why."""
        sync_cron = self.env.ref(SYNC_CRON_XMLID, raise_if_not_found=False)
        if not sync_cron or self != sync_cron:
            return super().method_direct_trigger()
        _LAST_RUN.stats = None
        result = super().method_direct_trigger()
        run, _LAST_RUN.stats = _LAST_RUN.stats, None
        if not run:
            return result
        # in the language of the user who clicked (the action ran as the action's user)
        summary = self.env["l10n_fr_urssaf.payment.request"].sudo()._cron_summary(*run)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("URSSAF synchronisation"),
                "message": summary,
                "type": "info",
                "sticky": True,
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }
