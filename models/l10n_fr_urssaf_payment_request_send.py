"""Sending invoices to URSSAF (E3), never twice, and settling what a lost answer left open (E4).

* Valid invoices go in calls of at most 10; each outcome is recorded on its own invoice (in a
  savepoint of its own); one invoice's problem, or lock held by someone else, never blocks the
  others.
* Never twice: each invoice is locked on its own (the shared lock of the mixin, without waiting)
  and the state guard read again and the payload built under the lock of its own chunk; the
  request records are created and marked "call in flight" and committed before URSSAF is
  called (``l10n_fr_urssaf.synced.mixin``); a unique index allows one request that URSSAF
  holds per invoice number and company.
* ``ERR_FACTURE_DOUBLON``: searched at URSSAF by invoice number (E4) and adopted when client and
  amount match.
* A lost answer: the requests become "uncertain" (held) and are settled by an E4 search by
  invoice number, right away when URSSAF answers, then at each synchronisation; not found
  within ``sync.LOST_AFTER`` of the sending, they become "not received" (sent again only then).
* ``ERR_FACTURE_DOUBLON`` for another bill: what URSSAF holds under the number is recorded on the
  request and the advice never bills the client twice.
"""

import logging
from decimal import Decimal

from psycopg2.errors import UniqueViolation

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import mute_logger

from ..urssaf_api import (
    UrssafBusinessError,
    UrssafConfigurationError,
    UrssafTemporaryError,
    billing,
    contract,
    outcomes,
    redact,
    states,
    sync,
)
from ..urssaf_api.billing.mention import euros
from .account_move import to_decimal as float_to_decimal
from .l10n_fr_urssaf_synced_mixin import CALL_TIMEOUT
from .res_company import explain_urssaf_error

_logger = logging.getLogger(__name__)

BATCH = contract.MAX_PAYMENT_REQUESTS_PER_CALL
DUPLICATE = "ERR_FACTURE_DOUBLON"


def chunks(items, size):
    for start in range(0, len(items), size):
        yield items[start : start + size]


class L10nFrUrssafPaymentRequestSend(models.Model):
    _inherit = "l10n_fr_urssaf.payment.request"

    # ---------------------------------------------------------------- sending

    @api.model
    def _send_invoices(self, moves, now=None):
        """Send ``moves`` (customer invoices) to URSSAF. Returns a list of ``(move, outcome,
        message)``, one per invoice, ``outcome`` among ``urssaf_api.outcomes``."""
        now = now or fields.Datetime.now()
        today = fields.Date.context_today(self)
        results = []
        for company in moves.company_id:
            company_moves = moves.filtered(lambda m, company=company: m.company_id == company)
            if company not in self.env.companies:
                message = self.env._(
                    "You can send invoices to URSSAF only for your own companies (%(company)s is "
                    "not one of them).",
                    company=company.name,
                )
                results += [(move, outcomes.INVALID, message) for move in company_moves]
                continue
            try:
                api_client = company._l10n_fr_urssaf_get_client()
            except UserError as exc:
                results += [(move, outcomes.RETRY, exc.args[0]) for move in company_moves]
                continue
            # what an earlier lost answer left open is settled before anything is sent
            open_requests = company_moves._l10n_fr_urssaf_open_requests(now)
            if open_requests:
                open_requests._settle_uncertain(api_client, now)
            # checked now to tell every problem at once; checked again and prepared under the
            # lock of its own chunk (data changed meanwhile are sent as they are then)
            sendable = []
            for move in company_moves:
                problem, _prepared = self._check_move(move, today)
                if problem:
                    results.append((move, outcomes.INVALID, problem))
                else:
                    sendable.append(move)
            for chunk in chunks(sendable, BATCH):
                results += self._send_chunk(chunk, api_client, company, now, today)
        return results

    @api.model
    def _check_move(self, move, today):
        """``(why it cannot be sent, None)`` or ``(None, its prepared request)``."""
        refusal = move._l10n_fr_urssaf_send_refusal()
        if refusal:
            return refusal, None
        prepared = move._l10n_fr_urssaf_prepare(today)
        if prepared.problems:
            return "\n".join(move._l10n_fr_urssaf_problem_texts(prepared.problems)), None
        return None, prepared

    @api.model
    def _send_chunk(self, chunk, api_client, company, now, today=None):
        """One E3 call for at most 10 checked invoices, each locked on its own: one held by
        someone else is told so and the others are sent; the payloads are built under the
        lock, from the invoices as they are now."""
        today = today or fields.Date.context_today(self)
        results, locked = [], self.env["account.move"]
        for move in chunk:
            try:
                move._l10n_fr_urssaf_lock()
            except UserError as exc:
                results.append((move, outcomes.RETRY, exc.args[0]))
            else:
                locked |= move
        if not locked:
            return results
        # what another chunk's commit or another user changed is read again, under the lock
        locked.invalidate_recordset()
        locked.invoice_line_ids.invalidate_recordset()
        to_send = []
        for move in locked:
            # read again under the lock: someone may have sent or changed it meanwhile
            problem, prepared = self._check_move(move, today)
            if problem:
                results.append((move, outcomes.INVALID, problem))
            else:
                to_send.append((move, prepared))
        if not to_send:
            return results
        try:
            with mute_logger("odoo.sql_db"), self.env.cr.savepoint():
                # no "created" note nor tracking for a record being sent: its story starts with
                # URSSAF's answer (told on the invoice, tracked on the request)
                quiet = self.with_context(mail_create_nolog=True, mail_notrack=True)
                requests = quiet._sync_create(
                    [
                        move._l10n_fr_urssaf_request_values(prepared, now)
                        for move, prepared in to_send
                    ]
                ).with_env(self.env)
        except UniqueViolation:
            # the unique index saw a request created meanwhile by someone else
            message = self.env._(
                "These invoices are being sent to URSSAF by someone else right now: wait a "
                "moment, then look at their status."
            )
            return results + [(move, outcomes.RETRY, message) for move, _prepared in to_send]
        try:
            requests._l10n_fr_urssaf_begin_call(requests.move_id, now=now)
        except UserError as exc:
            # the invoices are held by someone else: nothing was sent, nothing is kept
            moves = requests.move_id
            requests.sudo()._sync_unlink()
            requests._l10n_fr_urssaf_commit()
            return results + [(move, outcomes.RETRY, exc.args[0]) for move in moves]
        payloads = [prepared.payload for _move, prepared in to_send]
        try:
            answers = api_client.submit_payment_requests(payloads)
        except UrssafBusinessError as exc:
            results += requests._record_refusal_of_all(exc, now)
        except UrssafTemporaryError as exc:
            if exc.uncertain:
                results += requests._record_lost_answer(exc, api_client, now)
            else:
                results += requests._record_not_sent(exc)
                return results
        except UrssafConfigurationError as exc:
            results += requests._record_not_sent(exc)
            return results
        else:
            results += requests._record_answers(answers, api_client, now)
        # a request whose outcome could not be recorded keeps its marker (settled by a search)
        requests.filtered(lambda r: r.state != "sending")._l10n_fr_urssaf_end_call()
        return results

    # ---------------------------------------------------------------- outcomes

    def _record_answers(self, answers, api_client, now):
        """Match E3's items to the requests (by invoice number, else by position) and record
        them; duplicates are looked up at URSSAF."""
        by_number = {answer.invoice_number: answer for answer in answers if answer.invoice_number}
        results, duplicates = [], self.browse()
        for index, request in enumerate(self):
            answer = by_number.get(request.invoice_number)
            if answer is None and len(answers) == len(self):
                answer = answers[index]
            if answer is None:
                results += request._record_lost_answer(None, None, now)
            elif answer.ok:
                results.append(request._record_safely(now, request._record_accepted, answer, now))
            elif DUPLICATE in [error.code for error in answer.errors]:
                # URSSAF may hold (and pay) the first request: look it up before anything else
                duplicates |= request
            else:
                results.append(
                    request._record_safely(
                        now, request._record_rejected, answer.errors, now, answer.raw_json
                    )
                )
        if duplicates:
            results += duplicates._recover_duplicates(api_client, now)
        return results

    def _record_safely(self, now, record, *args):
        """Record this request's outcome in a savepoint of its own: an error there touches this
        request only. It then becomes "answer lost" (URSSAF may hold it: the synchronisation
        looks it up by number); if even that cannot be written, it keeps its in-flight marker
        and is looked up once the marker is old."""
        try:
            with self.env.cr.savepoint():
                return record(*args)
        except Exception as exc:  # noqa: BLE001 - one request's error must not touch the others
            _logger.exception(
                "URSSAF payment request %s (invoice %s): URSSAF's answer could not be recorded",
                self.id,
                self.invoice_number,
            )
            text = self.env._(
                "URSSAF answered, but its answer could not be recorded here (%(error)s): the "
                "request is looked up at URSSAF by its invoice number, never sent again blind.",
                error=redact(str(exc))[:200] or type(exc).__name__,
            )
        try:
            with self.env.cr.savepoint():
                self._sync_write(
                    {
                        "state": "uncertain",
                        "state_changed_at": now,
                        "last_check_date": now,
                        "last_error": text,
                    }
                )
        except Exception:  # noqa: BLE001
            _logger.exception("URSSAF payment request %s: left in flight", self.id)
        return self.move_id, outcomes.UNCERTAIN, text

    def _record_accepted(self, answer, now):
        _ = self.env._
        _logger.info(
            "URSSAF accepted payment request %s for invoice %s (move %s)",
            answer.id_payment_request,
            self.invoice_number,
            self.move_id.id,
        )
        self._set_state(
            states.payment_state_from_status(answer.status or "10"),
            {
                "urssaf_id": answer.id_payment_request,
                "status_code": answer.status or "10",
                "status_label": False,
                "last_check_date": now,
                "last_error": False,
                "last_answer": answer.raw_json or False,
            },
            details=_("URSSAF request id: %(id)s.", id=answer.id_payment_request),
        )
        message = _(
            "Accepted by URSSAF (request %(id)s). %(next)s",
            id=answer.id_payment_request,
            next=self._instructions_text(),
        )
        return self.move_id, outcomes.SUCCESS, message

    def _record_rejected(self, errors, now, raw_json=None):
        message = explain_urssaf_error(self.env, UrssafBusinessError(errors))
        self._set_state(
            "rejected",
            {
                "status_code": ", ".join(e.code for e in errors)[:200] or False,
                "last_check_date": now,
                "last_error": message,
                "last_answer": raw_json or False,
            },
            details=message,
        )
        return self.move_id, outcomes.REJECTED, message

    def _record_refusal_of_all(self, exc, now):
        """A whole call refused (HTTP 400): every request of it is refused for these reasons."""
        return [
            request._record_safely(now, request._record_rejected, exc.errors, now)
            for request in self
        ]

    def _record_not_sent(self, exc):
        """Nothing reached URSSAF: the requests are dropped, the invoices can be sent later."""
        message = explain_urssaf_error(self.env, exc)
        advice = self.env._("Nothing was sent: try again later.")
        if isinstance(exc, UrssafConfigurationError):
            advice = self.env._(
                "Nothing was sent: an administrator must check the URSSAF settings (Settings > "
                "Invoicing > URSSAF)."
            )
        moves = self.move_id
        self.sudo()._sync_unlink()
        self._l10n_fr_urssaf_commit()
        return [(move, outcomes.RETRY, f"{message}\n{advice}") for move in moves]

    def _record_lost_answer(self, exc, api_client, now):
        """The call may have reached URSSAF: the requests are uncertain, then looked up at
        URSSAF right away (when it answers); never sent again blind."""
        _ = self.env._
        text = explain_urssaf_error(self.env, exc) if exc else _("URSSAF did not answer for it.")
        _logger.warning(
            "URSSAF payment requests %s: the answer was lost, looking them up by invoice number",
            self.mapped("invoice_number"),
        )
        for request in self:
            request._set_state(
                "uncertain",
                {"last_check_date": now, "last_error": text},
                details=_(
                    "The request was sent but the answer was lost: it is looked up at URSSAF by "
                    "its invoice number before anything is sent again."
                ),
            )
        if api_client is not None:
            self._settle_uncertain(api_client, now)
        results = []
        for request in self:
            if request.state == "uncertain":
                outcome, message = outcomes.UNCERTAIN, f"{text}\n{request._instructions_text()}"
            elif request.state == "lost":
                outcome, message = outcomes.RETRY, request._instructions_text()
            elif request.state == "rejected":
                outcome, message = outcomes.REJECTED, request.last_error
            else:
                outcome = outcomes.SUCCESS
                message = _(
                    "URSSAF's answer was lost, but the request was found at URSSAF (request "
                    "%(id)s). %(next)s",
                    id=request.urssaf_id,
                    next=request._instructions_text(),
                )
            results.append((request.move_id, outcome, message))
        return results

    # ---------------------------------------------------------------- settling through E4

    def _client_urssaf_id(self):
        payload = self._payload_dict()
        return payload.get("idClient") or self.client_link_id.urssaf_id

    def _search_by_number(self, api_client):
        """E4 by invoice number, 10 at a time: ``{number: [PaymentRequestInfo]}``."""
        found = {}
        numbers = list(dict.fromkeys(self.mapped("invoice_number")))
        for part in chunks(numbers, contract.MAX_SEARCH_IDS):
            for info in api_client.search_payment_requests(invoice_numbers=part).items:
                found.setdefault(info.invoice_number, []).append(info)
        return found

    def _adopt(self, found, now, details):
        """Adopt the request URSSAF holds under this number when client and amount match;
        returns False when none matches."""
        items = found.get(self.invoice_number, [])
        amount = Decimal(str(self.currency_id.round(self.amount_total)))
        info, _others = billing.find_same_request(
            items, self.invoice_number, self._client_urssaf_id(), amount
        )
        if info is None:
            return False
        self._apply_status(info, now, details=details)
        return True

    def _recover_duplicates(self, api_client, now):
        """ERR_FACTURE_DOUBLON: adopt the request URSSAF already holds when it is this invoice's;
        otherwise the number was used for another bill: refused, with what URSSAF holds."""
        try:
            found = self._search_by_number(api_client)
        except (UrssafTemporaryError, UrssafConfigurationError, UrssafBusinessError) as exc:
            text = explain_urssaf_error(self.env, exc)
            return self._record_lost_answer(UrssafTemporaryError(text, text), None, now)
        return [
            request._record_safely(now, request._record_duplicate, found, now) for request in self
        ]

    def _record_duplicate(self, found, now):
        _ = self.env._
        details = _(
            "URSSAF already had this invoice (ERR_FACTURE_DOUBLON): the existing request was "
            "adopted (same client, same amount)."
        )
        if self._adopt(found, now, details):
            message = _(
                "Already at URSSAF: request %(id)s adopted. %(next)s",
                id=self.urssaf_id,
                next=self._instructions_text(),
            )
            return self.move_id, outcomes.SUCCESS, message
        self._record_number_taken(found.get(self.invoice_number, []), now)
        return self.move_id, outcomes.REJECTED, self.last_error

    def _record_number_taken(self, items, now):
        """URSSAF holds a request under this number for another client or amount (or refused it
        as a duplicate without showing it): refused, with what URSSAF holds recorded."""
        facts = billing.found_facts(items)
        values = {
            "status_code": DUPLICATE,
            "last_check_date": now,
            "found_urssaf_id": facts.id_payment_request if facts else False,
            "found_client_id": facts.id_client if facts else False,
            "found_amount": float(facts.total_ttc) if facts and facts.total_ttc else False,
            "found_status_code": facts.status if facts else False,
        }
        self._sync_write(values)
        message = self._number_taken_text()
        _logger.warning(
            "URSSAF holds request %s under invoice number %s (move %s) for another client or "
            "amount: not adopted",
            values["found_urssaf_id"],
            self.invoice_number,
            self.move_id.id,
        )
        self._set_state("rejected", {"last_error": message}, details=message)

    def _number_taken_text(self):
        """What URSSAF holds under this invoice number, and what to do without billing twice."""
        _ = self.env._
        if not self.found_urssaf_id:
            return _(
                "URSSAF refused the number %(number)s as already used (ERR_FACTURE_DOUBLON) but "
                "its search does not show the request it holds. Nothing was sent. Ask URSSAF "
                "support which request it holds under this number before billing these services "
                "again: the client must not be billed twice.",
                number=self.invoice_number,
            )
        same_client = self.found_client_id and self.found_client_id == self._client_urssaf_id()
        held = _(
            "URSSAF already holds request %(id)s under the number %(number)s (client %(client)s, "
            "%(amount)s incl. VAT, status %(status)s): this invoice was not sent. That request "
            "stands as URSSAF holds it: URSSAF follows it, asks the client to validate it and "
            "pays it.",
            id=self.found_urssaf_id,
            number=self.invoice_number,
            client=self.found_client_id or "-",
            amount=euros(float_to_decimal(self.found_amount, self.currency_id.decimal_places))
            if self.found_amount
            else "-",
            status=self.found_status_code or "-",
        )
        if same_client:
            advice = _(
                "It is this client's: most likely this invoice sent earlier with other figures. "
                "Do not issue a new invoice for the same services while it stands (the client "
                "would be billed twice). If it is wrong, ask URSSAF to cancel it (your provider "
                "space, or avance-immediate@urssaf.fr); once the cancellation shows (status "
                "110-113), bill the services again under a new invoice number. If it is right, "
                "collect nothing more: URSSAF pays it."
            )
        else:
            advice = _(
                "It is another client's bill: this number was already used (another journal or "
                "software). This invoice cannot go through URSSAF under this number: if its "
                "services are due, cancel it with a credit note and bill them under a new "
                "invoice number; nothing was billed to this client at URSSAF."
            )
        return f"{held}\n{advice}"

    def _to_settle(self, now):
        """The requests of ``self`` to settle by a search by number before anything else: the
        answer was lost, or the call is no longer running (its marker older than any call lasts,
        or gone)."""
        return self.filtered(
            lambda r: r.state == "uncertain"
            or (
                r.state == "sending"
                and (not r.call_started_at or now - r.call_started_at >= CALL_TIMEOUT)
            )
        )

    def _settle_uncertain(self, api_client, now):
        """Look up by invoice number the requests whose answer was lost (or whose call was
        interrupted): adopt what URSSAF holds; else, within ``sync.LOST_AFTER`` of the sending,
        keep them uncertain (held, searched again at each synchronisation), later mark them not
        received (they may be sent again). A temporary error leaves them as they are. Returns
        True when URSSAF answered the search."""
        _ = self.env._
        try:
            found = self._search_by_number(api_client)
        except (UrssafTemporaryError, UrssafConfigurationError, UrssafBusinessError) as exc:
            if self.env.context.get("l10n_fr_urssaf_cron_run"):
                # the scheduled action records the error on its chunk and counts the outage
                raise
            text = explain_urssaf_error(self.env, exc)
            for request in self:
                request._sync_write({"last_check_date": now, "last_error": text})
            return False
        for request in self:
            if request._adopt(
                found, now, _("Found at URSSAF by its invoice number after the lost answer.")
            ):
                continue
            if found.get(request.invoice_number):
                request._record_number_taken(found[request.invoice_number], now)
                continue
            if not sync.lost_for_good(request.sent_at, now):
                # URSSAF may still record it: held, searched again at each synchronisation
                details = None
                if request.state != "uncertain":
                    details = _(
                        "The outcome of the sending was never recorded and URSSAF has no request "
                        "under this invoice number yet: it is searched again at each "
                        "synchronisation."
                    )
                request._set_state(
                    "uncertain", {"last_check_date": now, "last_error": False}, details=details
                )
                continue
            request._set_state(
                "lost",
                {"last_check_date": now, "last_error": False},
                details=_(
                    "URSSAF still has no request under this invoice number %(days)s days after "
                    "the sending: it was not received.",
                    days=sync.LOST_AFTER.days,
                ),
            )
        self.filtered("call_started_at")._sync_write({"call_started_at": False})
        return True
