"""Masking of what must never be shown or logged: IBANs, bearer tokens, secrets.

Shared by the client (logs, error excerpts) and the catalogue (URSSAF's own error texts, which may
echo the data sent, are shown to users and written in the chatter). Standard library only.
"""

from __future__ import annotations

import re

_IBAN_LIKE_RE = re.compile(
    r"(?i)\b[A-Z]{2}[0-9]{2}(?:[A-Z0-9]{11,30}|(?:[ -][A-Z0-9]{4}){2,7}(?:[ -][A-Z0-9]{1,3})?)\b"
)
_BEARER_RE = re.compile(r"(?i)\b(bearer)\s+[A-Za-z0-9\-._~+/]+=*")
_SECRET_FIELD_RE = re.compile(
    r"(?i)\b(access_token|refresh_token|id_token|client_secret|password|secret)"
    r"([\"']?\s*[:=]\s*[\"']?)([^\"'&\s,;}]+)"
)


def mask_iban(iban: str | None) -> str:
    """``FR76 **** **** 0189``: the country, the check digits and the last 4 characters only,
    whatever was typed (for screens, logs and the chatter)."""
    compact = re.sub(r"[\s-]", "", iban or "").upper()
    if len(compact) < 8:
        return "****" if compact else ""
    return f"{compact[:4]} **** **** {compact[-4:]}"


def _mask_iban(match: re.Match) -> str:
    text = match.group(0)
    if sum(c.isdigit() for c in text) < 8:
        return text  # not an IBAN (too few digits)
    return mask_iban(text)


def redact(value: object) -> str:
    """Return ``str(value)`` with IBANs masked (``FR76 **** **** 0189``: country, check digits and
    last 4 kept), bearer tokens and ``access_token``/``client_secret``/… values replaced by ``***``.
    """
    text = value if isinstance(value, str) else str(value)
    text = _BEARER_RE.sub(r"\1 ***", text)
    text = _SECRET_FIELD_RE.sub(r"\1\2***", text)
    return _IBAN_LIKE_RE.sub(_mask_iban, text)
