"""Bilingual catalogue of every URSSAF code of the contract.

Each entry holds a French and an English text, so the catalogue works without Odoo; the Odoo layer
picks the language of the user. French texts tell the user what to do.

Lookups never raise: an unknown code gives an entry that shows the code exactly as it came
(``known=False`` in :class:`Explanation`).

The tables live in the modules named after them: :mod:`.errors`, :mod:`.payments` (statuses and
reject reasons), :mod:`.clients`, :mod:`.natures`; this module holds the lookups.
"""

from __future__ import annotations

from ..redaction import redact
from .clients import CLIENT_STATUSES
from .entries import E, Entry, Explanation, Nature
from .errors import ERRORS
from .natures import NATURE_CODES
from .payments import PAYMENT_STATUSES, REJECT_REASONS

__all__ = [
    "CLIENT_STATUSES",
    "ERRORS",
    "NATURE_CODES",
    "PAYMENT_STATUSES",
    "REJECT_REASONS",
    "E",
    "Entry",
    "Explanation",
    "Nature",
    "client_status",
    "error_entry",
    "explain_error",
    "nature",
    "payment_status",
    "reject_reason",
]

# --------------------------------------------------------------------------------------------
# Lookups (never raise)
# --------------------------------------------------------------------------------------------


def _clean_code(code: object) -> str:
    if code is None:
        return ""
    return (code if isinstance(code, str) else str(code)).strip()


def _unknown(code: str, kind_fr: str, kind_en: str) -> Entry:
    shown = code or "(vide)"
    shown_en = code or "(empty)"
    return Entry(
        label_fr=f"{kind_fr} inconnu : {shown}",
        label_en=f"Unknown {kind_en}: {shown_en}",
        action_fr="Ce code n'est pas encore répertorié ; s'il bloque, contactez l'assistance "
        "URSSAF en le citant.",
        action_en="This code is not listed yet; if it blocks you, contact URSSAF support and "
        "quote it.",
        known=False,
    )


def _lookup(table: dict[str, Entry], code: object, kind_fr: str, kind_en: str) -> Entry:
    key = _clean_code(code)
    entry = table.get(key) or table.get(key.upper())
    return entry if entry is not None else _unknown(key, kind_fr, kind_en)


def error_entry(code: object) -> Entry:
    return _lookup(ERRORS, code, "Code d'erreur", "error code")


def payment_status(code: object) -> Entry:
    return _lookup(PAYMENT_STATUSES, code, "Statut", "status")


def reject_reason(code: object) -> Entry:
    return _lookup(REJECT_REASONS, code, "Motif de rejet", "reject reason")


def client_status(code: object) -> Entry:
    return _lookup(CLIENT_STATUSES, code, "Statut client", "client status")


def nature(code: object) -> Nature:
    key = _clean_code(code)
    found = NATURE_CODES.get(key)
    if found is not None:
        return found
    return Nature(
        f"Nature inconnue : {key or '(vide)'}",
        f"Unknown nature: {key or '(empty)'}",
        None,
        False,
        known=False,
    )


def explain_error(code: object, message: object = "", description: object = "") -> Explanation:
    """Explain one URSSAF error in French and English.

    Known code: label, what to do, then URSSAF's own message/description if any. Unknown code:
    the code and URSSAF's text as they came, with a generic advice. URSSAF's text (and an unknown
    code) goes through :func:`~urssaf_api.redaction.redact` first: it may echo the data sent, and
    the explanation is shown to users and kept in the chatter, so IBANs are masked and tokens or
    secrets hidden. ``Explanation.code`` stays the code exactly as it came.
    """
    key = _clean_code(code)
    details = [redact(d) for d in (_clean_code(message), _clean_code(description)) if d]
    # Avoid repeating the same text twice.
    detail = " – ".join(dict.fromkeys(details))
    entry = ERRORS.get(key)
    if entry is not None:
        fr = f"{entry.label_fr} ({key}). {entry.action_fr}"
        en = f"{entry.label_en} ({key}). {entry.action_en}"
        if detail:
            fr += f" Détail URSSAF : {detail}"
            en += f" URSSAF details: {detail}"
        return Explanation(key, fr, en, True)
    shown = redact(key) if key else "(sans code)"
    shown_en = redact(key) if key else "(no code)"
    fr = f"Erreur URSSAF non répertoriée {shown}"
    en = f"Unlisted URSSAF error {shown_en}"
    if detail:
        fr += f" : {detail}"
        en += f": {detail}"
    fr += ". Vérifiez les informations envoyées ; si le problème persiste, contactez l'assistance "
    fr += "URSSAF en citant ce code."
    en += ". Check the data sent; if the problem persists, contact URSSAF support and quote this "
    en += "code."
    return Explanation(key, fr, en, False)
