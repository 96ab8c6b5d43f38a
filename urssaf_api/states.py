"""The states of the records that URSSAF updates, declared once, and the mapping from URSSAF's
codes to them (pure functions, tested without Odoo).

Each state has its label (English; the addon translates it), its colour (the decoration of the
list, kanban and badge views: ``success``, ``info``, ``warning``, ``danger``, ``muted``), its
group (the search filters) and its flags (:class:`State`): whether a follow-up activity is due
when a record enters it, how the synchronisation reads it, whether URSSAF holds it, whether it
needs attention… Every list of states the addon uses is derived here from these flags
(``CATALOGUE.values(flag=True)``); views read computed fields (colour, group, ``needs_attention``,
``held``, ``refreshable``) and never repeat lists of states.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

#: The colours of Odoo's ``decoration-*`` attributes that a state may take.
COLOURS = ("success", "info", "warning", "danger", "muted")

#: Groups of states, as the search filters show them.
GROUP_NOT_REGISTERED = "not_registered"
GROUP_WAITING = "waiting"
GROUP_ACTIVE = "active"
GROUP_ATTENTION = "attention"
GROUPS = (
    (GROUP_NOT_REGISTERED, "Not registered"),
    (GROUP_WAITING, "Waiting for the client"),
    (GROUP_ACTIVE, "Active"),
    (GROUP_ATTENTION, "Needs attention"),
)


@dataclass(frozen=True)
class State:
    value: str
    label: str
    colour: str
    group: str
    #: an activity is scheduled for the responsible user when a record enters this state
    follow_up: bool = False
    #: a (new) registration may be sent from this state (client links)
    registrable: bool = False
    #: the activation e-mail's 7-day link may expire in this state (client links)
    expiring: bool = False
    #: the synchronisation settles it first: a call in flight or an answer lost, looked up by
    #: invoice number (payment requests)
    settling: bool = False
    #: the scheduled action reads it at URSSAF at every run
    followed: bool = False
    #: the scheduled action reads it once a day for a while (money can still be taken back)
    watched: bool = False
    #: URSSAF holds (or may hold) the request: the invoice is never sent again, its data fixed
    held: bool = False
    #: URSSAF accepted the request: the invoice's PDF carries the immediate advance mention
    advanced: bool = False
    #: after a transfer, URSSAF takes money back or cancels: the accountant gets the figures
    take_back: bool = False
    #: the client has not paid its share (the "Unpaid" filters)
    unpaid: bool = False
    #: URSSAF's exit: the client or URSSAF ended the request, URSSAF does not pay the invoice
    #: (or takes the money back)
    exited: bool = False
    #: a step of the normal life, always shown on the form's status bar
    milestone: bool = False
    #: URSSAF holds the request and has made no transfer nor exit: the provider may ask URSSAF
    #: to cancel it (by e-mail, no endpoint); while the cancellation is asked, URSSAF's statuses
    #: of these states keep the request "cancellation requested" (payment requests)
    cancellable: bool = False

    @property
    def refreshed(self) -> bool:
        """The scheduled action reads this state at URSSAF again (at every run or daily)."""
        return self.followed or self.watched

    @property
    def final(self) -> bool:
        """Nothing reads this state at URSSAF again: URSSAF's word is final."""
        return not (self.settling or self.followed or self.watched)

    @property
    def refreshable(self) -> bool:
        """A user may ask URSSAF for it now (the Refresh buttons): any state not final."""
        return not self.final

    @property
    def needs_attention(self) -> bool:
        """The "needs attention" filters: the group says it (a record's error adds to it in
        the addon: see the ``needs_attention`` fields)."""
        return self.group == GROUP_ATTENTION


class StateCatalogue:
    """An ordered catalogue of states with the lookups the addon needs."""

    def __init__(self, states: tuple[State, ...]):
        self.states = states
        self._by_value = {state.value: state for state in states}
        for state in states:
            if state.colour not in COLOURS:
                raise ValueError(f"state {state.value}: unknown colour {state.colour}")

    def __getitem__(self, value: str) -> State:
        return self._by_value[value]

    def __contains__(self, value: object) -> bool:
        return value in self._by_value

    def selection(self) -> list[tuple[str, str]]:
        """The ``fields.Selection`` list."""
        return [(state.value, state.label) for state in self.states]

    def colour(self, value: str | None) -> str:
        state = self._by_value.get(value or "")
        return state.colour if state else "muted"

    def group(self, value: str | None) -> str | None:
        state = self._by_value.get(value or "")
        return state.group if state else None

    def values(self, **flags: object) -> tuple[str, ...]:
        """The values of the states whose attributes equal ``flags``, e.g.
        ``values(group=GROUP_WAITING)`` or ``values(follow_up=True)``."""
        return tuple(
            state.value
            for state in self.states
            if all(getattr(state, name) == wanted for name, wanted in flags.items())
        )


# ------------------------------------------------------------------------------ client links

CLIENT_LINK = StateCatalogue(
    (
        State(
            "draft",
            "Not registered",
            "muted",
            GROUP_NOT_REGISTERED,
            registrable=True,
            milestone=True,
        ),
        State(
            "pending",
            "Awaiting activation or link acceptance",
            "info",
            GROUP_WAITING,
            expiring=True,
            followed=True,
        ),
        State(
            "pending_activation",
            "Awaiting activation",
            "info",
            GROUP_WAITING,
            expiring=True,
            followed=True,
        ),
        State("pending_link", "Awaiting link acceptance", "info", GROUP_WAITING, followed=True),
        State(
            "activation_expired",
            "Activation link expired",
            "warning",
            GROUP_ATTENTION,
            follow_up=True,
            followed=True,
        ),
        State("active", "Active", "success", GROUP_ACTIVE, followed=True, milestone=True),
        State(
            "link_refused",
            "Link refused",
            "danger",
            GROUP_ATTENTION,
            follow_up=True,
            registrable=True,
        ),
        State(
            "link_broken",
            "Link broken",
            "danger",
            GROUP_ATTENTION,
            follow_up=True,
            registrable=True,
        ),
        State(
            "blocked", "Account blocked", "danger", GROUP_ATTENTION, follow_up=True, followed=True
        ),
        State(
            "mandate_expired",
            "SEPA mandate expired",
            "warning",
            GROUP_ATTENTION,
            follow_up=True,
            followed=True,
        ),
        # not registered: the data must be corrected and the client registered again
        State("rejected", "Rejected by URSSAF", "danger", GROUP_NOT_REGISTERED, registrable=True),
    )
)

#: Waiting for the client (activation or link acceptance).
PENDING_STATES = CLIENT_LINK.values(group=GROUP_WAITING)
#: Waiting for the activation e-mail's link, which is valid 7 days.
EXPIRING_STATES = CLIENT_LINK.values(expiring=True)
#: Whether the client already has an URSSAF account, as the user says -> state after E1.
STATE_AFTER_REGISTRATION = {
    "unknown": "pending",
    "no": "pending_activation",
    "yes": "pending_link",
}
ACTIVATION_LINK_VALIDITY = timedelta(days=7)
#: E2 ``statut.code`` -> state (``APPAREILLAGE_EC`` depends on the current state).
STATUS_STATES = {
    "APPAREILLAGE_VALIDE": "active",
    "APPAREILLAGE_NF": "link_refused",
    "PARTICULIER_BLOQUE": "blocked",
    "MANDAT_ECHU": "mandate_expired",
}
PENDING_CODE = "APPAREILLAGE_EC"
ACTIVE_CODE = "APPAREILLAGE_VALIDE"
#: E2 answers HTTP 400 with this code when the link no longer exists.
BROKEN_LINK_CODE = "ERR_RECHERCHE_PARTICULIER"
#: E1 refuses a client already linked to this provider with this code (without the idClient).
ALREADY_LINKED_CODE = "ERR_LIEN_TIERS_PRESTATION_PARTICULIER_EXISTE"


def state_after_registration(has_urssaf_account: str | None) -> str:
    """The waiting state after a successful E1, from what the user says of the client's account."""
    return STATE_AFTER_REGISTRATION.get(has_urssaf_account or "unknown", "pending")


def activation_link_expiry(registered_at: datetime | None) -> datetime | None:
    """When the activation e-mail's link expires (URSSAF has no code for it: computed)."""
    return registered_at + ACTIVATION_LINK_VALIDITY if registered_at else None


def activation_link_expired(registered_at: datetime | None, now: datetime) -> bool:
    """Whether the 7 days of the activation link have passed at ``now`` (exactly 7 × 24 h after
    the registration, the link is expired)."""
    expiry = activation_link_expiry(registered_at)
    return expiry is not None and now >= expiry


def link_state_from_status(
    code: str | None, current_state: str, registered_at: datetime | None, now: datetime
) -> str | None:
    """The client link's state after E2 answered ``code``; ``None`` for a code unknown to the
    contract (the caller keeps the state and shows the code)."""
    if code == PENDING_CODE:
        if current_state in EXPIRING_STATES and activation_link_expired(registered_at, now):
            return "activation_expired"
        if current_state in (*PENDING_STATES, "activation_expired"):
            return current_state
        return "pending"
    return STATUS_STATES.get(code or "")


def link_state_after_account_answer(current_state: str, has_urssaf_account: str) -> str | None:
    """The waiting state once the user tells whether the client had an URSSAF account; ``None``
    when the state does not follow that answer. A link request does not expire: an expired
    activation becomes a link request when the client had an account."""
    if current_state not in (*PENDING_STATES, "activation_expired"):
        return None
    state = state_after_registration(has_urssaf_account)
    if current_state == "activation_expired" and state != "pending_link":
        return None
    return state


# ------------------------------------------------------------------------------ payment requests

#: A payment request whose money question is settled (paid, and later statuses of the money).
GROUP_SETTLED = "settled"
GROUPS = (*GROUPS, (GROUP_SETTLED, "Settled"))

#: The state of a request whose cancellation the provider asked URSSAF for (by e-mail).
CANCEL_REQUESTED = "cancel_requested"

PAYMENT_REQUEST = StateCatalogue(
    (
        # before and around the E3 call
        State("sending", "Being sent", "info", GROUP_WAITING, settling=True, held=True),
        State(
            "uncertain",
            "Answer lost: being checked",
            "warning",
            GROUP_ATTENTION,
            settling=True,
            followed=True,
            held=True,
        ),
        State("rejected", "Refused by URSSAF", "danger", GROUP_ATTENTION),
        # the answer was lost and URSSAF has no request under the number: it may be sent again
        State("lost", "Not received by URSSAF", "muted", GROUP_ATTENTION),
        # URSSAF's statuses (E4 statut.code)
        State(
            "integrated",
            "Received by URSSAF",
            "info",
            GROUP_WAITING,
            followed=True,
            held=True,
            advanced=True,
            milestone=True,
            cancellable=True,
        ),
        State(
            "awaiting_client",
            "Awaiting the client's validation",
            "info",
            GROUP_WAITING,
            followed=True,
            held=True,
            advanced=True,
            milestone=True,
            cancellable=True,
        ),
        State(
            "validated",
            "Validated",
            "info",
            GROUP_WAITING,
            followed=True,
            held=True,
            advanced=True,
            milestone=True,
            cancellable=True,
        ),
        State(
            "contested",
            "Refused by the client",
            "danger",
            GROUP_ATTENTION,
            follow_up=True,
            watched=True,
            held=True,
            exited=True,
        ),
        State(
            "debited",
            "Client debited",
            "info",
            GROUP_WAITING,
            followed=True,
            held=True,
            advanced=True,
            cancellable=True,
        ),
        State(
            "debit_refused",
            "Debit refused",
            "danger",
            GROUP_ATTENTION,
            follow_up=True,
            watched=True,
            held=True,
            exited=True,
            take_back=True,
            unpaid=True,
        ),
        State(
            "paid",
            "Paid",
            "success",
            GROUP_SETTLED,
            watched=True,
            held=True,
            advanced=True,
            milestone=True,
        ),
        # the provider asked URSSAF by e-mail to cancel the request (no endpoint): URSSAF's
        # statuses before any transfer keep it here, any other (110-113, 40, 60, 70…) moves it on
        State(
            CANCEL_REQUESTED,
            "Cancellation requested",
            "warning",
            GROUP_WAITING,
            followed=True,
            held=True,
        ),
        # final: URSSAF's statuses 110-113 are never read again
        State(
            "cancelled",
            "Cancelled",
            "warning",
            GROUP_ATTENTION,
            follow_up=True,
            held=True,
            exited=True,
            take_back=True,
        ),
        State(
            "recovered",
            "Recovered",
            "warning",
            GROUP_SETTLED,
            follow_up=True,
            watched=True,
            held=True,
            exited=True,
            take_back=True,
            unpaid=True,
        ),
        # a code the contract does not document well: shown as it came, still read
        State("other", "Other URSSAF status", "warning", GROUP_ATTENTION, watched=True, held=True),
    )
)

#: E4 ``statut.code`` -> payment request state (any other code: "other", shown as it came).
PAYMENT_STATUS_STATES = {
    "10": "integrated",
    "15": "integrated",
    "20": "awaiting_client",
    "30": "validated",
    "40": "contested",
    "50": "debited",
    "60": "debit_refused",
    "70": "paid",
    "110": "cancelled",
    "111": "cancelled",
    "112": "cancelled",
    "113": "cancelled",
    "120": "recovered",
}
#: States in which URSSAF holds the invoice's request (or may hold it): never send it again.
PAYMENT_REQUEST_HELD = PAYMENT_REQUEST.values(held=True)


#: States from which the provider may ask URSSAF to cancel the request (held, no transfer, no
#: exit yet: 10, 15, 20, 30, 50).
PAYMENT_REQUEST_CANCELLABLE = PAYMENT_REQUEST.values(cancellable=True)


def payment_state_from_status(code: str | None, current: str | None = None) -> str:
    """The payment request's state for E4's ``statut.code`` (E3 answers "10"). A request whose
    cancellation was asked (``current``) stays so while URSSAF still tells a status from which it
    could be cancelled (URSSAF has not acted on the e-mail yet); any other status moves it on
    (110-113 cancelled, 70 paid when URSSAF did not cancel in time, 40 refused…)."""
    state = PAYMENT_STATUS_STATES.get((code or "").strip(), "other")
    if current == CANCEL_REQUESTED and state in PAYMENT_REQUEST_CANCELLABLE:
        return CANCEL_REQUESTED
    return state


#: Requests whose invoice URSSAF pays or is about to pay: held, and not ended by an exit.
PAYMENT_REQUEST_PAID_BY_URSSAF = PAYMENT_REQUEST.values(held=True, exited=False)
#: Requests whose amount counts in the client's year total sent through URSSAF (the warning of the
#: tax credit's yearly ceiling): those URSSAF pays or is about to pay.
PAYMENT_REQUEST_COUNTED = PAYMENT_REQUEST_PAID_BY_URSSAF
