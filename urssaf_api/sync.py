"""Following payment requests to the money (pure rules, tested without Odoo).

* **Which requests the synchronisation reads** (contract §5 and §7, "Polling"): every request
  whose status can still change (:data:`FOLLOWED`) at each run; a request in an exit or paid
  state (:data:`WATCHED`) once a day for :data:`WATCH_PERIOD` after it entered it, since URSSAF
  may still take money back (60 after 70, 120, 111, 112); the final ones (refused by URSSAF, not
  received, cancelled before any money) never again.
* **What a status means for the money** (:func:`transfer_decision`): a payment is booked once,
  when the request is paid (70) with both the transfer amount and date (the date alone: the
  transfer is only scheduled, CAERP 11/2023); any later status that takes money back or cancels
  is left to the accountant with the figures (:func:`take_back_figures`), because the contract
  notes do not say which amount URSSAF takes back nor when.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from . import states
from .billing.mention import advance_split

_CATALOGUE = states.PAYMENT_REQUEST
#: The lists below are the catalogue's flags (``urssaf_api.states``), kept under their names.
#: States whose status can still change: read at every run (the answer-lost ones first).
SETTLING = _CATALOGUE.values(settling=True)
FOLLOWED = _CATALOGUE.values(followed=True)
#: Exits and paid: read once a day for a while, money can still be taken back; so is a code the
#: contract does not settle (80, 90, 100, 260…): it may be final, it may move on.
WATCHED = _CATALOGUE.values(watched=True)
#: Never read again (refused by URSSAF, not received, cancelled).
FINAL = _CATALOGUE.values(final=True)
WATCH_PERIOD = timedelta(days=60)
WATCH_INTERVAL = timedelta(days=1)
#: A followed request read less than this ago is not read again by the next run.
FOLLOW_INTERVAL = timedelta(minutes=30)
#: The client validates within 48 h of URSSAF's notification (status 20); silence validates.
VALIDATION_DELAY = timedelta(hours=48)
#: States after a paid request in which URSSAF takes money back or cancels (activity for the
#: accountant when a payment was booked).
TAKE_BACK = _CATALOGUE.values(take_back=True)

# transfer_decision() outcomes
BOOK = "book"
NOTHING = "nothing"
SCHEDULED = "scheduled"
CHANGED = "changed"


def sync_rank(state: str | None) -> int:
    """The order of the synchronisation: answers lost first, then the followed, then watched."""
    if state in SETTLING:
        return 0
    if state in FOLLOWED:
        return 1
    return 2


def validation_deadline(state: str | None, notified_at: datetime | None) -> datetime | None:
    """When the client's 48 h end (silence validates), while the client must validate."""
    if state != "awaiting_client" or not notified_at:
        return None
    return notified_at + VALIDATION_DELAY


def transfer_decision(
    state: str | None,
    transfer_amount: Decimal | None,
    transfer_date: date | None,
    booked_amount: Decimal | None,
) -> str:
    """What to do with URSSAF's transfer now: BOOK a payment, NOTHING, SCHEDULED (a date
    without an amount: nothing is booked yet), or CHANGED (already booked and URSSAF now tells
    another amount: the accountant decides, nothing is booked again)."""
    if booked_amount is not None:
        if transfer_amount is not None and transfer_amount != booked_amount:
            return CHANGED
        return NOTHING
    if state != "paid":
        return NOTHING
    if transfer_amount is None or transfer_amount <= 0:
        return SCHEDULED if transfer_date else NOTHING
    if transfer_date is None:
        return SCHEDULED
    return BOOK


@dataclass(frozen=True)
class Figures:
    """What the accountant needs to decide the entries of a take-back or cancellation."""

    invoice_total: Decimal
    advanced: Decimal  # the tax credit URSSAF advances (half)
    client_share: Decimal  # what the client pays (the other half)
    transferred: Decimal | None
    transfer_date: date | None
    booked: Decimal | None
    residual: Decimal


def take_back_figures(
    invoice_total: Decimal,
    transferred: Decimal | None,
    transfer_date: date | None,
    booked: Decimal | None,
    residual: Decimal,
) -> Figures:
    advanced, share = advance_split(invoice_total)
    return Figures(invoice_total, advanced, share, transferred, transfer_date, booked, residual)


def check_catalogue() -> None:
    """Every payment request state is read by one cadence at least or is final, and a followed
    or watched state is held by URSSAF (tested)."""
    everything = set(SETTLING) | set(FOLLOWED) | set(WATCHED) | set(FINAL)
    known = {state.value for state in states.PAYMENT_REQUEST.states}
    if everything != known:
        raise ValueError(f"states not classified: {sorted(known ^ everything)}")
    if set(FOLLOWED) & set(WATCHED):
        raise ValueError(
            f"states both followed and watched: {sorted(set(FOLLOWED) & set(WATCHED))}"
        )
    loose = (set(SETTLING) | set(FOLLOWED) | set(WATCHED)) - set(states.PAYMENT_REQUEST_HELD)
    if loose:
        raise ValueError(f"states read at URSSAF but not held: {sorted(loose)}")


check_catalogue()


# ------------------------------------------------------------------------------ answer lost

#: How long a request whose answer was lost, and that URSSAF's search by invoice number has not
#: found, stays "answer lost" (held: never reset to draft nor sent again) and is searched again at
#: each synchronisation, counted from its sending. Only a search that URSSAF answered "nothing
#: under this number" after this delay makes it "not received" (it may then be sent again): an
#: E3 call that URSSAF's platform records after the client gave up (a slow or queued processing)
#: shows in E4 within minutes or hours; 7 days also cover a weekend or a long URSSAF maintenance
#: during which no search can be made, and match the 7 days during which CAERP keeps re-reading
#: a request (contract notes §7, "Polling"). Sending again earlier could make URSSAF hold two
#: requests for one bill (ERR_FACTURE_DOUBLON if the number is the same, a double billing if the
#: invoice was renumbered).
LOST_AFTER = timedelta(days=7)


def lost_for_good(sent_at: datetime | None, now: datetime) -> bool:
    """Whether a request sent at ``sent_at``, whose answer was lost and that a search by number
    did not find at ``now``, may be taken as not received (see :data:`LOST_AFTER`); without a
    sending date, it may (nothing says when it left)."""
    return sent_at is None or now - sent_at >= LOST_AFTER


def searched_until(sent_at: datetime | None) -> datetime | None:
    """Until when a request whose answer was lost is searched at URSSAF (then "not received")."""
    return sent_at + LOST_AFTER if sent_at else None


# ------------------------------------------------------------------------------ activation reminder

#: The reminder goes this long before URSSAF's 7-day activation link expires.
REMINDER_BEFORE = timedelta(days=2)


def activation_reminder_due(registered_at: datetime | None, now: datetime) -> bool:
    """Whether a client registered at ``registered_at`` and still not activated should be
    reminded now: within the last :data:`REMINDER_BEFORE` of the link's life, not after."""
    expiry = states.activation_link_expiry(registered_at)
    return expiry is not None and expiry - REMINDER_BEFORE <= now < expiry
