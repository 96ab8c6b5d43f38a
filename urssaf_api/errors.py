"""Typed exceptions raised by :class:`urssaf_api.client.UrssafClient`.

* :class:`UrssafTemporaryError`: try again later (network, timeout, 429, 5xx, maintenance, a
  malformed answer). When ``uncertain`` is true, a registration (E1) or a payment-request
  submission (E3) may already have been processed by URSSAF: check before sending it again.
* :class:`UrssafConfigurationError`: fix the configuration (credentials refused, access to the API
  not granted, wrong URL).
* :class:`UrssafBusinessError`: URSSAF refused the content; ``errors`` lists URSSAF's codes.

Every exception carries ``text`` (user-facing, a :class:`~urssaf_api.texts.Text` translated on
display; ``message_en`` / ``message_fr`` render it); ``str()`` is the English message. None of
them ever contains a secret, a token or a full IBAN.
"""

from __future__ import annotations

from dataclasses import dataclass

from .catalogue import explain_error
from .texts import Text, _lt, join


@dataclass(frozen=True)
class ErrorItem:
    """One URSSAF error ``{code, message, description}``, kept exactly as it came."""

    code: str
    message: str = ""
    description: str = ""

    @property
    def explanation(self) -> Text:
        """Catalogue text for the code, or the code + URSSAF's own text when unknown.

        URSSAF's own text is redacted (IBANs masked, tokens and secrets hidden), so the
        explanation can be shown and kept in the chatter; ``message`` and ``description`` stay
        as they came.
        """
        return explain_error(self.code, self.message, self.description).text

    @property
    def explanation_fr(self) -> str:
        return self.explanation.fr

    @property
    def explanation_en(self) -> str:
        return self.explanation.en

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
    """Base class. ``text`` is user-facing; ``str()`` is English.

    ``text`` may also be given as two texts already written, French then English (``message_en``):
    the message is then shown as it is in any language.
    """

    def __init__(
        self, text: Text | str, message_en: str | None = None, *, status: int | None = None
    ):
        self._written_fr = None
        if not isinstance(text, Text):
            self._written_fr = text
            text = Text("%(text)s", text=text if message_en is None else message_en)
        self.text = text
        super().__init__(text.en)
        self.status = status

    @property
    def message_en(self) -> str:
        return self.text.en

    @property
    def message_fr(self) -> str:
        return self._written_fr if self._written_fr is not None else self.text.fr

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
        text: Text | str,
        message_en: str | None = None,
        *,
        status: int | None = None,
        maintenance: bool = False,
        errors: list[ErrorItem] | None = None,
        uncertain: bool = False,
    ):
        super().__init__(text, message_en, status=status)
        self.maintenance = maintenance
        self.errors = list(errors or [])
        self.uncertain = bool(uncertain)


class UrssafConfigurationError(UrssafError):
    """Fix the configuration.

    ``reason``: ``"credentials"`` (client id/secret refused: 401, ``invalid_client``),
    ``"access_denied"`` (authenticated but the API access is not granted: 403, scope refused) or,
    an addition to the design, ``"url"`` (404/405: the base URL does not point to the API).
    """

    def __init__(
        self,
        text: Text | str,
        message_en: str | None = None,
        *,
        status: int | None = None,
        reason: str,
    ):
        super().__init__(text, message_en, status=status)
        self.reason = reason


class UrssafBusinessError(UrssafError):
    """URSSAF refused the content of the request; ``errors`` lists its error items."""

    def __init__(self, errors: list[ErrorItem], *, status: int | None = None):
        self.errors = list(errors)
        reasons = join(e.explanation for e in self.errors) or Text(_lt("Refused without a reason."))
        super().__init__(
            Text(_lt("URSSAF refused the request: %(reasons)s"), reasons=reasons), status=status
        )

    @property
    def codes(self) -> list[str]:
        return [e.code for e in self.errors]
