"""Typed exceptions raised by :class:`urssaf_api.client.UrssafClient`.

* :class:`UrssafTemporaryError`: try again later (network, timeout, 429, 5xx, maintenance, a
  malformed answer). When ``uncertain`` is true, a registration (E1) or a payment-request
  submission (E3) may already have been processed by URSSAF: check before sending it again.
* :class:`UrssafConfigurationError`: fix the configuration (credentials refused, access to the API
  not granted, wrong URL).
* :class:`UrssafBusinessError`: URSSAF refused the content; ``errors`` lists URSSAF's codes.

Every exception carries ``message_fr`` and ``message_en`` (user-facing); ``str()`` is the English
message. None of them ever contains a secret, a token or a full IBAN.
"""

from __future__ import annotations

from dataclasses import dataclass

from .catalogue import explain_error


@dataclass(frozen=True)
class ErrorItem:
    """One URSSAF error ``{code, message, description}``, kept exactly as it came."""

    code: str
    message: str = ""
    description: str = ""

    @property
    def explanation_fr(self) -> str:
        """Catalogue text for the code, or the code + URSSAF's own text when unknown.

        URSSAF's own text is redacted (IBANs masked, tokens and secrets hidden), so the
        explanation can be shown and kept in the chatter; ``message`` and ``description`` stay
        as they came.
        """
        return explain_error(self.code, self.message, self.description).fr

    @property
    def explanation_en(self) -> str:
        return explain_error(self.code, self.message, self.description).en

    @property
    def known(self) -> bool:
        return explain_error(self.code).known

    @classmethod
    def from_json(cls, obj: object) -> ErrorItem:
        """Build from one element of an URSSAF error array; tolerant of odd shapes."""
        if isinstance(obj, dict):
            return cls(
                code=_text(obj.get("code")) or "ERREUR_SANS_CODE",
                message=_text(obj.get("message")),
                description=_text(obj.get("description")),
            )
        return cls(code="ERREUR_SANS_CODE", message=_text(obj))


def _text(value: object) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else str(value)


class UrssafError(Exception):
    """Base class. ``message_fr`` / ``message_en`` are user-facing; ``str()`` is English."""

    def __init__(self, message_fr: str, message_en: str, *, status: int | None = None):
        super().__init__(message_en)
        self.message_fr = message_fr
        self.message_en = message_en
        self.status = status

    def __str__(self) -> str:
        return self.message_en


class UrssafTemporaryError(UrssafError):
    """Try again later: network error, timeout, 429, 5xx, 503 maintenance, malformed answer.

    ``errors`` holds URSSAF's error items when a 5xx came with a body (e.g. ``ERREUR_TECHNIQUE``).

    ``uncertain`` (False unless said otherwise) is True when a non-idempotent call (E1
    registration, E3 payment requests) failed after the request may have reached URSSAF (read
    timeout, connection cut after sending, 500/502/504, unreadable answer): URSSAF may have
    processed it. The message then says what to check before sending it again (the client's
    status for a registration, a search by invoice number for payment requests); blindly
    re-sending would give ``ERR_LIEN_TIERS_PRESTATION_PARTICULIER_EXISTE`` or
    ``ERR_FACTURE_DOUBLON``.
    """

    uncertain: bool = False

    def __init__(
        self,
        message_fr: str,
        message_en: str,
        *,
        status: int | None = None,
        maintenance: bool = False,
        errors: list[ErrorItem] | None = None,
        uncertain: bool = False,
    ):
        super().__init__(message_fr, message_en, status=status)
        self.maintenance = maintenance
        self.errors = list(errors or [])
        self.uncertain = bool(uncertain)


class UrssafConfigurationError(UrssafError):
    """Fix the configuration.

    ``reason``: ``"credentials"`` (client id/secret refused: 401, ``invalid_client``),
    ``"access_denied"`` (authenticated but the API access is not granted: 403, scope refused) or,
    an addition to the design, ``"url"`` (404/405: the base URL does not point to the API).
    """

    def __init__(self, message_fr: str, message_en: str, *, status: int | None = None, reason: str):
        super().__init__(message_fr, message_en, status=status)
        self.reason = reason


class UrssafBusinessError(UrssafError):
    """URSSAF refused the content of the request; ``errors`` lists its error items."""

    def __init__(self, errors: list[ErrorItem], *, status: int | None = None):
        self.errors = list(errors)
        fr = " ; ".join(e.explanation_fr for e in self.errors) or "Refus sans motif."
        en = " ; ".join(e.explanation_en for e in self.errors) or "Refused without a reason."
        super().__init__(
            f"L'URSSAF a refusé la demande : {fr}",
            f"URSSAF refused the request: {en}",
            status=status,
        )

    @property
    def codes(self) -> list[str]:
        return [e.code for e in self.errors]
