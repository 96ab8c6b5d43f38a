"""The states of the records that URSSAF updates, declared once, and the mapping from URSSAF's
codes to them (pure functions, tested without Odoo).

Each state has its label (English; the addon translates it), its colour (the decoration of the
list, kanban and badge views: ``success``, ``info``, ``warning``, ``danger``, ``muted``) and its
group (the search filters), and says whether a follow-up activity is due when a record enters it.
Views read the colour and the group from computed fields; they never repeat lists of states.
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
    #: the scheduled action reads this state at URSSAF again
    refreshed: bool = False
    #: a (new) registration may be sent from this state
    registrable: bool = False


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
        State("draft", "Not registered", "muted", GROUP_NOT_REGISTERED, registrable=True),
        State(
            "pending",
            "Awaiting activation or link acceptance",
            "info",
            GROUP_WAITING,
            refreshed=True,
        ),
        State("pending_activation", "Awaiting activation", "info", GROUP_WAITING, refreshed=True),
        State("pending_link", "Awaiting link acceptance", "info", GROUP_WAITING, refreshed=True),
        State(
            "activation_expired",
            "Activation link expired",
            "warning",
            GROUP_ATTENTION,
            follow_up=True,
            refreshed=True,
        ),
        State("active", "Active", "success", GROUP_ACTIVE, refreshed=True),
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
            "blocked", "Account blocked", "danger", GROUP_ATTENTION, follow_up=True, refreshed=True
        ),
        State(
            "mandate_expired",
            "SEPA mandate expired",
            "warning",
            GROUP_ATTENTION,
            follow_up=True,
            refreshed=True,
        ),
        # not registered: the data must be corrected and the client registered again
        State("rejected", "Rejected by URSSAF", "danger", GROUP_NOT_REGISTERED, registrable=True),
    )
)

#: Waiting for the client (activation or link acceptance).
PENDING_STATES = ("pending", "pending_activation", "pending_link")
#: Waiting for the activation e-mail's link, which is valid 7 days.
EXPIRING_STATES = ("pending", "pending_activation")
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

PAYMENT_REQUEST = StateCatalogue(
    (
        # before and around the E3 call
        State("sending", "Being sent", "info", GROUP_WAITING),
        State(
            "uncertain", "Answer lost: being checked", "warning", GROUP_ATTENTION, refreshed=True
        ),
        State("rejected", "Refused by URSSAF", "danger", GROUP_ATTENTION),
        # the answer was lost and URSSAF has no request under the number: it may be sent again
        State("lost", "Not received by URSSAF", "muted", GROUP_ATTENTION),
        # URSSAF's statuses (E4 statut.code)
        State("integrated", "Received by URSSAF", "info", GROUP_WAITING, refreshed=True),
        State(
            "awaiting_client",
            "Awaiting the client's validation",
            "info",
            GROUP_WAITING,
            refreshed=True,
        ),
        State("validated", "Validated", "info", GROUP_WAITING, refreshed=True),
        State(
            "contested",
            "Refused by the client",
            "danger",
            GROUP_ATTENTION,
            follow_up=True,
            refreshed=True,
        ),
        State("debited", "Client debited", "info", GROUP_WAITING, refreshed=True),
        State(
            "debit_refused",
            "Debit refused",
            "danger",
            GROUP_ATTENTION,
            follow_up=True,
            refreshed=True,
        ),
        State("paid", "Paid", "success", GROUP_SETTLED, refreshed=True),
        State("cancelled", "Cancelled", "warning", GROUP_ATTENTION, follow_up=True),
        State("recovered", "Recovered", "warning", GROUP_SETTLED, follow_up=True, refreshed=True),
        # a code the contract does not document well: shown as it came, still read
        State("other", "Other URSSAF status", "warning", GROUP_ATTENTION, refreshed=True),
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
PAYMENT_REQUEST_HELD = tuple(
    state.value for state in PAYMENT_REQUEST.states if state.value not in ("rejected", "lost")
)


def payment_state_from_status(code: str | None) -> str:
    """The payment request's state for E4's ``statut.code`` (E3 answers "10")."""
    return PAYMENT_STATUS_STATES.get((code or "").strip(), "other")


#: Requests whose amount counts in the client's year total sent through URSSAF (the warning of the
#: tax credit's yearly ceiling): those URSSAF holds, except the ones the client will not pay
#: through it (refused by the client, cancelled, recovered by URSSAF).
PAYMENT_REQUEST_COUNTED = tuple(
    state for state in PAYMENT_REQUEST_HELD if state not in ("contested", "cancelled", "recovered")
)
