"""Bilingual catalogue of every URSSAF code of the contract.

Each entry holds texts (:class:`~urssaf_api.texts.Text`, English, translated on display: French in
:mod:`urssaf_api.texts_fr` and the addon's ``fr.po``) that tell the user what to do.

Lookups never raise: an unknown code gives an entry that shows the code exactly as it came
(``known=False`` in :class:`Explanation`).

The tables live in the modules named after them: :mod:`.errors`, :mod:`.payments` (statuses and
reject reasons), :mod:`.clients`, :mod:`.natures`; this module holds the lookups.
"""

from __future__ import annotations

from ..redaction import redact
from ..texts import Text, _lt
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


def _unknown(code: str, kind: Text) -> Entry:
    return Entry(
        label=Text(_lt("Unknown %(kind)s: %(code)s"), kind=kind, code=code or Text(_lt("(empty)"))),
        action=Text(
            _lt(
                "This code is not listed yet; if it blocks you, contact URSSAF support and quote "
                "it."
            )
        ),
        known=False,
    )


def _lookup(table: dict[str, Entry], code: object, kind: Text) -> Entry:
    key = _clean_code(code)
    entry = table.get(key) or table.get(key.upper())
    return entry if entry is not None else _unknown(key, kind)


def error_entry(code: object) -> Entry:
    return _lookup(ERRORS, code, Text(_lt("error code")))


def payment_status(code: object) -> Entry:
    return _lookup(PAYMENT_STATUSES, code, Text(_lt("status")))


def reject_reason(code: object) -> Entry:
    return _lookup(REJECT_REASONS, code, Text(_lt("reject reason")))


def client_status(code: object) -> Entry:
    return _lookup(CLIENT_STATUSES, code, Text(_lt("client status")))


def nature(code: object) -> Nature:
    key = _clean_code(code)
    found = NATURE_CODES.get(key)
    if found is not None:
        return found
    return Nature(
        Text(_lt("Unknown nature: %(code)s"), code=key or Text(_lt("(empty)"))),
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
        text = Text(
            _lt("%(label)s (%(code)s). %(action)s"),
            label=entry.label,
            code=key,
            action=entry.action,
        )
        if detail:
            text = Text(
                _lt("%(explanation)s URSSAF details: %(detail)s"), explanation=text, detail=detail
            )
        return Explanation(key, text, True)
    shown = redact(key) if key else Text(_lt("(no code)"))
    if detail:
        text = Text(
            _lt(
                "Unlisted URSSAF error %(code)s: %(detail)s. Check the data sent; if the problem "
                "persists, contact URSSAF support and quote this code."
            ),
            code=shown,
            detail=detail,
        )
    else:
        text = Text(
            _lt(
                "Unlisted URSSAF error %(code)s. Check the data sent; if the problem persists, "
                "contact URSSAF support and quote this code."
            ),
            code=shown,
        )
    return Explanation(key, text, False)
