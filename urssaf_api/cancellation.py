"""Asking URSSAF to cancel a payment request (pure rules, tested without Odoo).

URSSAF has no endpoint to cancel a request (contract §2, "Not available"): the provider writes
to URSSAF's immediate-advance address. One open implementation does it from the software and
marks the request "cancellation requested" until URSSAF's status shows 110-113 (domain research
B4). The address below is the one that implementation uses, which FESP also gives for the
guarantee certificates; URSSAF publishes no other for this purpose: it is a default, editable per
company.

The reasons the user chooses from are said in French in the e-mail to URSSAF whatever the user's
language (the English label is the wizard's, translated by the addon); each one names the
``ANNUL_*`` reason URSSAF is likely to record (``infoRejet.code`` of status 110).
"""

from __future__ import annotations

from dataclasses import dataclass

from . import states

#: URSSAF's immediate-advance address (best-sourced; editable per company).
DEFAULT_ADDRESS = "avance-immediate@urssaf.fr"


@dataclass(frozen=True)
class CancellationReason:
    value: str
    #: the wizard's label (English; the addon translates it)
    label: str
    #: what the e-mail to URSSAF says (always French: URSSAF reads French)
    french: str
    #: the ANNUL_* reason URSSAF is likely to record for it
    urssaf_code: str
    #: the user must explain it in a free text
    needs_details: bool = False


REASONS = (
    CancellationReason(
        "invoice_error",
        "Invoicing error (amount, quantity or service)",
        "Erreur de facturation (montant, quantité ou prestation)",
        "ANNUL_ERR_MNT",
    ),
    CancellationReason(
        "duplicate",
        "Duplicate of another payment request",
        "Doublon d'une autre demande de paiement",
        "ANNUL_DBL",
    ),
    CancellationReason(
        "not_performed",
        "Service not performed",
        "Prestation non réalisée",
        "ANNUL_AUTRE",
    ),
    CancellationReason(
        "client_request",
        "The client asks for it",
        "Demande du client",
        "ANNUL_AUTRE",
    ),
    CancellationReason(
        "technical",
        "Technical error in the sending",
        "Erreur technique lors de la transmission",
        "ANNUL_ERR_TECH",
    ),
    CancellationReason(
        "other",
        "Other reason (explain it)",
        "Autre motif",
        "ANNUL_AUTRE",
        needs_details=True,
    ),
)
_BY_VALUE = {reason.value: reason for reason in REASONS}
#: Before ":" in French: a narrow no-break space.
_NNBSP = "\u202f"


def selection() -> list[tuple[str, str]]:
    """The ``fields.Selection`` list of the reasons."""
    return [(reason.value, reason.label) for reason in REASONS]


def reason(value: str | None) -> CancellationReason | None:
    return _BY_VALUE.get(value or "")


def missing_details(value: str | None, details: str | None) -> bool:
    """Whether the reason needs a free text that was not given."""
    found = reason(value)
    return bool(found and found.needs_details and not (details or "").strip())


def reason_fr(value: str | None, details: str | None = None) -> str:
    """The reason as the e-mail to URSSAF says it: its French label, then the user's text."""
    found = reason(value)
    label = found.french if found else ""
    text = (details or "").strip()
    if label and text:
        return f"{label}{_NNBSP}: {text}"
    return label or text


def can_ask(state: str | None, transferred: bool) -> bool:
    """Whether the provider may ask URSSAF to cancel a request in ``state``: URSSAF holds it, it
    made no transfer (nor announced an amount) and no exit ended it (10, 15, 20, 30, 50)."""
    return state in states.PAYMENT_REQUEST_CANCELLABLE and not transferred
