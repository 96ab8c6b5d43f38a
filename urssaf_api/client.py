"""HTTP client of the URSSAF "API Tiers de Prestation" (E1 to E4).

* OAuth2 client credentials (``client_id``/``client_secret`` in the form body); the token is cached
  process-wide (key: token URL + client id; a changed secret is a cache miss) until 60 s before
  ``expires_in``, and renewed once when an API call answers 401.
* Every call has a timeout and bounded retries (``max_retries``) with exponential backoff
  (``backoff * 2**attempt``, or ``Retry-After`` when longer, capped by ``retry_after_cap``); other
  4xx are never retried.

  - Idempotent calls (token, E2 status, E4 search): connection errors, timeouts, broken answers,
    429, 500, 502, 503 and 504 are retried.
  - Non-idempotent calls (E1 registration, E3 payment requests) are retried only when URSSAF
    certainly did not process the request: the connection could not be opened (refused, DNS,
    connect timeout: nothing was sent), 429 (rate limited) and 503 (maintenance). A read timeout,
    a connection cut after sending, a 500/502/504 or an unreadable answer is **not** retried: the
    request may have been processed, and replaying it would register the client twice (URSSAF
    answers ``ERR_LIEN_TIERS_PRESTATION_PARTICULIER_EXISTE``) or re-send invoices
    (``ERR_FACTURE_DOUBLON``). These raise :class:`UrssafTemporaryError` with ``uncertain=True``
    and a message saying what to check first (the client's status; a search by invoice number).
* Errors are typed (:mod:`urssaf_api.errors`). Per-item refusals inside the HTTP 200 of E3 are
  returned in :class:`SubmitResult`, not raised.
* Logging goes to ``logging.getLogger("urssaf_api")``: method, path, status, duration, error codes.
  Never a body, a secret, a token or a full IBAN (see :func:`redact`).
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

import requests
import urllib3

from . import contract
from .environments import API_PATH, SCOPE, TOKEN_PATH
from .errors import (
    ErrorItem,
    UrssafBusinessError,
    UrssafConfigurationError,
    UrssafTemporaryError,
)
from .redaction import redact

logger = logging.getLogger("urssaf_api")

#: Statuses retried for idempotent calls (token, E2, E4).
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
#: Statuses retried for E1 and E3: URSSAF certainly did not process the request (rate limit,
#: maintenance). After a 500, 502 or 504 it may have.
NON_IDEMPOTENT_RETRY_STATUSES = frozenset({429, 503})
#: The token is considered expired this many seconds before ``expires_in``.
TOKEN_EXPIRY_MARGIN = 60.0
#: Lifetime assumed when the token answer has no usable ``expires_in``.
DEFAULT_TOKEN_LIFETIME = 3600.0
#: Far-future period used by :meth:`UrssafClient.test_connection` (expects ERR_RECHERCHE_VIDE).
TEST_CONNECTION_PERIOD = (date(2099, 1, 1), date(2099, 1, 31))

_RETRYABLE_EXCEPTIONS = (
    requests.ConnectionError,
    requests.Timeout,
    requests.exceptions.ChunkedEncodingError,
    requests.exceptions.ContentDecodingError,
)


def _certainly_not_sent(exc: BaseException) -> bool:
    """True when the connection to URSSAF could not even be opened, so the request was not sent.

    That is requests' ``ConnectTimeout``, or a ``ConnectionError`` caused by urllib3's
    ``ConnectTimeoutError`` / ``NewConnectionError`` (refused, unreachable, DNS failure). A read
    timeout, a connection reset or closed after sending (``ProtocolError``), a TLS or proxy error
    or a broken body are not: the request may have reached URSSAF.
    """
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return True
    if not isinstance(exc, requests.ConnectionError):
        return False
    seen: set[int] = set()
    pending: list[object] = [exc]
    while pending:
        error = pending.pop()
        if not isinstance(error, BaseException) or id(error) in seen:
            continue
        seen.add(id(error))
        if isinstance(error, urllib3.exceptions.ConnectTimeoutError):  # NewConnectionError too
            return True
        pending.append(getattr(error, "reason", None))  # urllib3's MaxRetryError
        pending.extend(error.args)
    return False


@dataclass(frozen=True)
class _Replay:
    """What to tell the user when a non-idempotent call may have been processed by URSSAF."""

    fr: str
    en: str


_REGISTRATION_REPLAY = _Replay(
    "L'URSSAF a peut-être reçu et enregistré cette inscription, mais sa réponse n'est pas "
    "parvenue ({cause_fr}). Ne renvoyez pas l'inscription tout de suite : vérifiez d'abord si elle "
    "a abouti (actualisez le statut URSSAF du client si vous connaissez son identifiant URSSAF ; "
    "sinon demandez au client s'il a reçu l'e-mail d'activation ou la demande de mise en relation "
    "de l'URSSAF, ou interrogez l'assistance URSSAF). Si elle a abouti, un nouvel envoi serait "
    "refusé avec ERR_LIEN_TIERS_PRESTATION_PARTICULIER_EXISTE.",
    "URSSAF may have received and recorded this registration, but its answer did not arrive "
    "({cause_en}). Do not send the registration again straight away: first check whether it went "
    "through (refresh the client's URSSAF status if you know their URSSAF id; otherwise ask the "
    "client whether they received URSSAF's activation e-mail or link request, or ask URSSAF "
    "support). If it went through, sending it again would be refused with "
    "ERR_LIEN_TIERS_PRESTATION_PARTICULIER_EXISTE.",
)
_PAYMENT_REPLAY = _Replay(
    "L'URSSAF a peut-être reçu et enregistré ces demandes de paiement, mais sa réponse n'est pas "
    "parvenue ({cause_fr}). Ne les renvoyez pas telles quelles : recherchez-les d'abord par numéro "
    "de facture, puis renvoyez uniquement celles que l'URSSAF ne connaît pas (les autres seraient "
    "refusées avec ERR_FACTURE_DOUBLON).",
    "URSSAF may have received and recorded these payment requests, but its answer did not arrive "
    "({cause_en}). Do not send them again as they are: first search for them by invoice number, "
    "then send again only those URSSAF does not know (the others would be refused with "
    "ERR_FACTURE_DOUBLON).",
)


def _uncertain(
    replay: _Replay,
    cause_fr: str,
    cause_en: str,
    *,
    status: int | None = None,
    errors: list[ErrorItem] | None = None,
) -> UrssafTemporaryError:
    return UrssafTemporaryError(
        replay.fr.format(cause_fr=cause_fr),
        replay.en.format(cause_en=cause_en),
        status=status,
        errors=errors,
        uncertain=True,
    )


# --------------------------------------------------------------------------------------------
# Process-wide token cache
# --------------------------------------------------------------------------------------------


@dataclass
class _CachedToken:
    token: str
    expires_at: float
    secret_fingerprint: str


_TOKEN_CACHE: dict[tuple[str, str], _CachedToken] = {}
_KEY_LOCKS: dict[tuple[str, str], threading.Lock] = {}
_CACHE_LOCK = threading.Lock()


def clear_token_cache() -> None:
    """Forget every cached token (tests, or after changing the credentials)."""
    with _CACHE_LOCK:
        _TOKEN_CACHE.clear()


def _key_lock(key: tuple[str, str]) -> threading.Lock:
    with _CACHE_LOCK:
        lock = _KEY_LOCKS.get(key)
        if lock is None:
            lock = _KEY_LOCKS[key] = threading.Lock()
        return lock


def _fingerprint(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


# --------------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------------


@dataclass
class ClientStatus:
    """E2 answer. ``accepted_on`` is parsed from ``description`` (``dd/mm/yyyy[ hh:mm[:ss]]``)
    only when ``etat`` is ``OK``."""

    id_client: str
    code: str
    description: str
    etat: str
    accepted_on: date | None
    raw: dict = field(default_factory=dict, repr=False)

    @property
    def active(self) -> bool:
        return self.code == "APPAREILLAGE_VALIDE"


@dataclass
class SubmitResult:
    """One item of the E3 answer.

    ``ok`` is True when URSSAF gave an ``idDemandePaiement`` (the request exists at URSSAF, even if
    ``errors`` carries non-blocking remarks); otherwise ``errors`` says why it was refused.
    """

    id_client: str | None
    id_payment_request: str | None
    invoice_number: str | None
    status: str | None
    errors: list[ErrorItem] = field(default_factory=list)
    raw: dict = field(default_factory=dict, repr=False)

    @property
    def ok(self) -> bool:
        return bool(self.id_payment_request)


@dataclass
class PaymentRequestInfo:
    """One item of ``infoDemandePaiements`` (E4)."""

    id_payment_request: str | None
    invoice_number: str | None
    id_client: str | None
    status: str | None
    status_label: str | None
    reject_code: str | None
    reject_comment: str | None
    transfer_amount: Decimal | None
    transfer_date: date | None
    request: dict = field(default_factory=dict, repr=False)
    raw: dict = field(default_factory=dict, repr=False)


@dataclass
class SearchResult:
    """E4 answer. A 400 whose only error is ``ERR_RECHERCHE_VIDE`` gives an empty ``items`` with
    that error in ``errors`` (nothing found is not a failure)."""

    items: list[PaymentRequestInfo]
    errors: list[ErrorItem] = field(default_factory=list)


# --------------------------------------------------------------------------------------------
# Parsing helpers
# --------------------------------------------------------------------------------------------


def _str_or_none(value: object) -> str | None:
    if value is None:
        return None
    text = value if isinstance(value, str) else str(value)
    return text if text != "" else None


def parse_acceptance_date(description: object) -> date | None:
    """Parse E2's ``statut.description`` ``dd/mm/yyyy[ hh:mm[:ss]]`` (also tolerates ISO
    ``yyyy-mm-dd…``); ``None`` when it is not a valid date."""
    if not isinstance(description, str):
        return None
    match = contract.CLIENT_ACCEPTANCE_DATE_RE.fullmatch(description)
    try:
        if match:
            day, month, year = int(match.group(1)), int(match.group(2)), int(match.group(3))
            return date(year, month, day)
        return parse_api_date(description)
    except ValueError:
        return None


_ISO_DATE_RE = re.compile(r"^\s*([0-9]{4})-([0-9]{2})-([0-9]{2})(?:[T ].*)?$", re.ASCII)
_FR_DATE_RE = re.compile(r"^\s*([0-9]{2})/([0-9]{2})/([0-9]{4})(?:[T ].*)?$", re.ASCII)


def parse_api_date(value: object) -> date | None:
    """Calendar date of an URSSAF date(-time): ``2019-12-05T00:00:00Z`` → 2019-12-05 (the date
    part is taken as written), also ``dd/mm/yyyy``. ``None`` when unparseable."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        return None
    try:
        match = _ISO_DATE_RE.fullmatch(value)
        if match:
            return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        match = _FR_DATE_RE.fullmatch(value)
        if match:
            return date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
    except ValueError:
        return None
    return None


def _decimal_or_none(value: object) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        if isinstance(value, float):
            return Decimal(repr(value))
        if isinstance(value, int | Decimal):
            return Decimal(value)
        if isinstance(value, str) and value.strip():
            return Decimal(value.strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        return None
    return None


def _error_items(value: object) -> list[ErrorItem]:
    if isinstance(value, list):
        return [ErrorItem.from_json(v) for v in value]
    if isinstance(value, dict):
        return [ErrorItem.from_json(value)]
    return []


def _errors_of(data: object) -> list[ErrorItem]:
    """Error items of an error body: an array, ``{errors|Errors: [...]}`` or one ``{code, …}``."""
    if isinstance(data, list):
        return _error_items(data)
    if isinstance(data, dict):
        for key in ("errors", "Errors", "erreurs"):
            if data.get(key):
                return _error_items(data[key])
        if "code" in data:
            return [ErrorItem.from_json(data)]
    return []


def _format_search_date(value: object, name: str) -> tuple[date, str]:
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC)
        day = value.date()
    elif isinstance(value, date):
        day = value
    elif isinstance(value, str) and parse_api_date(value) is not None:
        day = parse_api_date(value)
    else:
        raise ValueError(f"{name} must be a date (datetime.date or 'YYYY-MM-DD'), got {value!r}")
    return day, day.strftime(contract.API_DATE_FORMAT)


def _check_id_list(values: object, name: str) -> list[str] | None:
    if values is None:
        return None
    if isinstance(values, str | bytes) or not isinstance(values, Iterable):
        raise ValueError(f"{name} must be a list of strings, got {type(values).__name__}")
    items = list(values)
    if not items:
        return None
    if len(items) > contract.MAX_SEARCH_IDS:
        raise ValueError(
            f"{name}: at most {contract.MAX_SEARCH_IDS} values per search, got {len(items)}; "
            "split the search in chunks of 10"
        )
    for item in items:
        if not isinstance(item, str) or not item.strip():
            raise ValueError(f"{name} must contain non-empty strings, got {item!r}")
    return [item.strip() for item in items]


def _json_default(value: object) -> object:
    if isinstance(value, Decimal):
        # float() keeps the digits of a 2- or 3-decimal amount (shortest repr round-trip).
        return float(value)
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC)
        return value.strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, date):
        return value.strftime(contract.API_DATE_FORMAT)
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


# --------------------------------------------------------------------------------------------
# Client
# --------------------------------------------------------------------------------------------


class UrssafClient:
    """Client of the URSSAF API for one provider (``client_id``)."""

    def __init__(
        self,
        base_url: str,
        client_id: str,
        client_secret: str,
        *,
        timeout: float | tuple[float, float] = (5.0, 30.0),
        max_retries: int = 3,
        backoff: float = 0.5,
        session: requests.Session | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        retry_after_cap: float = 30.0,
    ):
        if not isinstance(base_url, str) or not base_url.strip():
            raise ValueError("base_url is required (see environments.base_url)")
        self.base_url = base_url.strip().rstrip("/")
        self.api_url = self.base_url + API_PATH
        self.token_url = self.base_url + TOKEN_PATH
        self.client_id = client_id or ""
        self._client_secret = client_secret or ""
        self.timeout = timeout
        self.max_retries = max(0, int(max_retries))
        self.backoff = max(0.0, float(backoff))
        self.retry_after_cap = max(0.0, float(retry_after_cap))
        self.session = session if session is not None else requests.Session()
        self._clock = clock
        self._sleep = sleep

    def __repr__(self) -> str:
        return f"UrssafClient(base_url={self.base_url!r}, client_id={self.client_id!r})"

    # ---------------------------------------------------------------- transport

    def _retry_delay(self, attempt: int, retry_after: str | None) -> float:
        delay = self.backoff * (2**attempt)
        wanted = _parse_retry_after(retry_after)
        if wanted is not None:
            delay = max(delay, min(wanted, self.retry_after_cap))
        return delay

    def _send(
        self, method: str, url: str, *, replay: _Replay | None = None, **kwargs
    ) -> requests.Response:
        """Send with timeout and bounded retries; returns the last response (any status).

        ``replay`` is None for idempotent calls (every transient failure is retried). For E1/E3
        it is the advice given when the request may have been processed: only failures where
        URSSAF certainly did not process it are retried (connection not opened, 429, 503); the
        others raise :class:`UrssafTemporaryError` with ``uncertain=True``.
        """
        path = urlsplit(url).path
        attempts = self.max_retries + 1
        retry_statuses = RETRY_STATUSES if replay is None else NON_IDEMPOTENT_RETRY_STATUSES
        for attempt in range(attempts):
            started = time.perf_counter()
            try:
                response = self.session.request(method, url, timeout=self.timeout, **kwargs)
            except _RETRYABLE_EXCEPTIONS as exc:
                elapsed = (time.perf_counter() - started) * 1000
                timed_out = isinstance(exc, requests.Timeout) or "timed out" in str(exc).lower()
                if replay is not None and not _certainly_not_sent(exc):
                    logger.warning(
                        "URSSAF %s %s failed after %.0f ms: %s; not retried: URSSAF may have "
                        "processed it",
                        method,
                        path,
                        elapsed,
                        type(exc).__name__,
                    )
                    if isinstance(exc, requests.exceptions.ReadTimeout):
                        cause = (
                            "l'URSSAF n'a pas répondu à temps",
                            "URSSAF did not answer in time",
                        )
                    elif isinstance(exc, requests.ConnectionError):
                        cause = (
                            "la connexion a été coupée avant la réponse",
                            "the connection was cut before the answer",
                        )
                    else:
                        cause = ("réponse interrompue ou illisible", "broken or unreadable answer")
                    raise _uncertain(replay, *cause) from None
                logger.warning(
                    "URSSAF %s %s failed after %.0f ms: %s (attempt %d/%d)",
                    method,
                    path,
                    elapsed,
                    type(exc).__name__,
                    attempt + 1,
                    attempts,
                )
                if attempt + 1 < attempts:
                    self._sleep(self._retry_delay(attempt, None))
                    continue
                if timed_out:
                    raise UrssafTemporaryError(
                        "L'URSSAF n'a pas répondu à temps : réessayez plus tard.",
                        "URSSAF did not answer in time: try again later.",
                    ) from None
                raise UrssafTemporaryError(
                    "Impossible de joindre l'URSSAF (problème de réseau) : vérifiez la connexion "
                    "Internet du serveur, puis réessayez plus tard.",
                    "Cannot reach URSSAF (network problem): check the server's Internet "
                    "connection, then try again later.",
                ) from None
            except requests.RequestException as exc:
                raise UrssafConfigurationError(
                    "L'adresse du service URSSAF est invalide : vérifiez l'environnement choisi.",
                    "The URSSAF service URL is invalid: check the chosen environment.",
                    reason="url",
                ) from exc
            elapsed = (time.perf_counter() - started) * 1000
            logger.debug(
                "URSSAF %s %s -> %s in %.0f ms (attempt %d/%d)",
                method,
                path,
                response.status_code,
                elapsed,
                attempt + 1,
                attempts,
            )
            if response.status_code in retry_statuses and attempt + 1 < attempts:
                delay = self._retry_delay(attempt, response.headers.get("Retry-After"))
                logger.info(
                    "URSSAF %s %s answered %s, retrying in %.2f s (attempt %d/%d)",
                    method,
                    path,
                    response.status_code,
                    delay,
                    attempt + 1,
                    attempts,
                )
                response.close()
                self._sleep(delay)
                continue
            return response
        raise AssertionError("unreachable")  # pragma: no cover

    # ---------------------------------------------------------------- token

    def fetch_token(self) -> str:
        """Return a valid access token, from the process-wide cache when possible."""
        key = (self.token_url, self.client_id)
        fingerprint = _fingerprint(self._client_secret)
        cached = self._cached_token(key, fingerprint)
        if cached is not None:
            return cached
        with _key_lock(key):
            cached = self._cached_token(key, fingerprint)
            if cached is not None:
                return cached
            token, lifetime = self._request_token()
            if lifetime > 2 * TOKEN_EXPIRY_MARGIN:
                usable = lifetime - TOKEN_EXPIRY_MARGIN
            else:
                usable = lifetime / 2
            with _CACHE_LOCK:
                _TOKEN_CACHE[key] = _CachedToken(token, self._clock() + usable, fingerprint)
            return token

    def _cached_token(self, key: tuple[str, str], fingerprint: str) -> str | None:
        with _CACHE_LOCK:
            entry = _TOKEN_CACHE.get(key)
        if (
            entry is not None
            and entry.secret_fingerprint == fingerprint
            and self._clock() < entry.expires_at
        ):
            return entry.token
        return None

    def _invalidate_token(self, token: str) -> None:
        key = (self.token_url, self.client_id)
        with _CACHE_LOCK:
            entry = _TOKEN_CACHE.get(key)
            if entry is not None and entry.token == token:
                del _TOKEN_CACHE[key]

    def _request_token(self) -> tuple[str, float]:
        if not self.client_id or not self._client_secret:
            raise UrssafConfigurationError(
                "Identifiants URSSAF manquants : renseignez l'identifiant client et le secret dans "
                "la configuration.",
                "URSSAF credentials missing: enter the client id and the client secret in the "
                "settings.",
                reason="credentials",
            )
        response = self._send(
            "POST",
            self.token_url,
            data={
                "grant_type": "client_credentials",
                "scope": SCOPE,
                "client_id": self.client_id,
                "client_secret": self._client_secret,
            },
            headers={"Accept": "application/json"},
        )
        status = response.status_code
        if 200 <= status < 300:
            data = self._json(response)
            token = data.get("access_token") if isinstance(data, dict) else None
            if not isinstance(token, str) or not token:
                raise _malformed(status, "jeton absent", "no access token")
            lifetime = _decimal_or_none(data.get("expires_in"))
            if lifetime is None or lifetime <= 0:
                lifetime = Decimal(str(DEFAULT_TOKEN_LIFETIME))
            logger.debug("URSSAF token obtained, valid %s s", lifetime)
            return token, float(lifetime)
        oauth_error = ""
        try:
            body = response.json()
            if isinstance(body, dict):
                oauth_error = str(body.get("error") or "")
        except ValueError:
            pass
        logger.warning(
            "URSSAF token request failed: HTTP %s %s", status, redact(oauth_error) or "(no code)"
        )
        detail = f" ({oauth_error})" if oauth_error else ""
        if oauth_error in ("unauthorized_client", "invalid_scope", "access_denied") or (
            status == 403
        ):
            raise _access_denied(status, detail)
        if status in (404, 405, 429) or status >= 500:
            self._raise_for_status(response, "/token")
        if 400 <= status < 500:
            if not detail:
                detail = f" (HTTP {status})"
            raise UrssafConfigurationError(
                f"L'URSSAF refuse l'identifiant client ou le secret{detail} : vérifiez-les dans la "
                "configuration (et qu'ils correspondent à l'environnement choisi : production ou "
                "bac à sable).",
                f"URSSAF refuses the client id or secret{detail}: check them in the settings (and "
                "that they belong to the chosen environment: production or sandbox).",
                status=status,
                reason="credentials",
            )
        raise _malformed(status, f"statut HTTP {status} inattendu", f"unexpected HTTP {status}")

    # ---------------------------------------------------------------- API calls

    def _call(
        self,
        method: str,
        path: str,
        *,
        json_body: object = None,
        params=None,
        replay: _Replay | None = None,
    ):
        """Authenticated API call; renews the token once on 401 (URSSAF did not process the
        request). Returns the final response. ``replay``: see :meth:`_send`."""
        url = self.api_url + path
        body = None
        if json_body is not None:
            body = json.dumps(json_body, default=_json_default, ensure_ascii=False).encode("utf-8")
        renewed = False
        while True:
            token = self.fetch_token()
            headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
            if body is not None:
                headers["Content-Type"] = "application/json; charset=utf-8"
            response = self._send(
                method, url, params=params, data=body, headers=headers, replay=replay
            )
            if response.status_code == 401 and not renewed:
                logger.info("URSSAF %s %s answered 401: renewing the token once", method, path)
                self._invalidate_token(token)
                renewed = True
                continue
            return response

    @staticmethod
    def _json(response: requests.Response, replay: _Replay | None = None) -> object:
        text = response.content.strip() if response.content else b""
        if not text:
            raise _malformed(response.status_code, "réponse vide", "empty answer", replay)
        try:
            return response.json()
        except ValueError:
            raise _malformed(
                response.status_code,
                "réponse illisible (JSON invalide)",
                "unreadable (bad JSON)",
                replay,
            ) from None

    def _raise_for_status(
        self, response: requests.Response, path: str, replay: _Replay | None = None
    ) -> None:
        """Raise the typed error of a non-2xx answer. With ``replay`` (E1/E3), a 5xx other than
        503 or an unexpected status raises an ``uncertain`` temporary error."""
        status = response.status_code
        if 200 <= status < 300:
            return
        errors = _parse_error_body(response)
        if errors:
            logger.info(
                "URSSAF %s answered %s with codes %s",
                path,
                status,
                ", ".join(redact(e.code) for e in errors),
            )
        if status == 401:
            raise UrssafConfigurationError(
                "L'URSSAF refuse l'authentification même avec un nouveau jeton : vérifiez "
                "l'identifiant client et le secret dans la configuration.",
                "URSSAF refuses the authentication even with a new token: check the client id and "
                "the client secret in the settings.",
                status=status,
                reason="credentials",
            )
        if status == 403:
            raise _access_denied(status, "")
        if status in (404, 405) and not errors:
            raise UrssafConfigurationError(
                f"Le service URSSAF est introuvable à cette adresse (HTTP {status}) : vérifiez "
                "l'environnement et l'adresse configurés.",
                f"The URSSAF service was not found at this address (HTTP {status}): check the "
                "configured environment and URL.",
                status=status,
                reason="url",
            )
        if status == 429:
            raise UrssafTemporaryError(
                "L'URSSAF limite le nombre d'appels : réessayez dans quelques minutes.",
                "URSSAF is rate limiting the calls: try again in a few minutes.",
                status=status,
                errors=errors,
            )
        if status == 503:
            raise UrssafTemporaryError(
                "Le service de l'URSSAF est en maintenance ou indisponible : réessayez plus tard.",
                "The URSSAF service is under maintenance or unavailable: try again later.",
                status=status,
                maintenance=True,
                errors=errors,
            )
        if status >= 500 and replay is not None:
            raise _uncertain(
                replay,
                f"erreur technique HTTP {status}",
                f"technical error HTTP {status}",
                status=status,
                errors=errors,
            )
        if status >= 500:
            raise UrssafTemporaryError(
                f"Le service de l'URSSAF a rencontré une erreur technique (HTTP {status}) : "
                "réessayez plus tard.",
                f"The URSSAF service had a technical error (HTTP {status}): try again later.",
                status=status,
                errors=errors,
            )
        if 400 <= status < 500:
            if not errors:
                errors = [ErrorItem("EMPTY_400", description=_body_excerpt(response))]
            raise UrssafBusinessError(errors, status=status)
        raise _malformed(
            status, f"statut HTTP {status} inattendu", f"unexpected HTTP {status}", replay
        )

    def register_client(self, payload: dict) -> str:
        """E1: register a client; returns URSSAF's ``idClient``.

        ``payload`` is normally built by :func:`urssaf_api.registration.build_registration_payload`.
        Not idempotent: retried only when URSSAF certainly did not process it; otherwise
        :class:`UrssafTemporaryError` with ``uncertain=True`` (check before registering again).
        """
        if not isinstance(payload, dict) or not payload:
            raise ValueError("payload must be a non-empty dict (see build_registration_payload)")
        replay = _REGISTRATION_REPLAY
        response = self._call("POST", "/particulier", json_body=payload, replay=replay)
        self._raise_for_status(response, "/particulier", replay)
        data = self._json(response, replay)
        id_client = data.get("idClient") if isinstance(data, dict) else None
        if isinstance(id_client, str | int) and str(id_client).strip():
            return str(id_client).strip()
        errors = _errors_of(data)
        if errors:
            raise UrssafBusinessError(errors, status=response.status_code)
        raise _malformed(response.status_code, "idClient absent", "no idClient", replay)

    def get_client_status(self, id_client: str) -> ClientStatus:
        """E2: status of the link with a client (``GET /particulier?idClient=…``)."""
        if not isinstance(id_client, str) or not id_client.strip():
            raise ValueError("id_client must be a non-empty string")
        id_client = id_client.strip()
        response = self._call("GET", "/particulier", params={"idClient": id_client})
        self._raise_for_status(response, "/particulier")
        data = self._json(response)
        if not isinstance(data, dict):
            raise _malformed(response.status_code, "réponse inattendue", "unexpected answer")
        statut = data.get("statut")
        if not isinstance(statut, dict):
            statut = {"code": statut} if statut is not None else {}
        code = _str_or_none(statut.get("code")) or ""
        description = _str_or_none(statut.get("description")) or ""
        etat = (_str_or_none(statut.get("etat")) or "").strip().upper()
        accepted_on = parse_acceptance_date(description) if etat == "OK" else None
        return ClientStatus(
            id_client=_str_or_none(data.get("idClient")) or id_client,
            code=code.strip(),
            description=description,
            etat=etat,
            accepted_on=accepted_on,
            raw=data,
        )

    def submit_payment_requests(self, requests: list[dict]) -> list[SubmitResult]:
        """E3: submit 1 to 10 payment requests; one :class:`SubmitResult` per item answered.

        Not idempotent: retried only when URSSAF certainly did not process it; otherwise
        :class:`UrssafTemporaryError` with ``uncertain=True`` (search by invoice number before
        sending again).
        """
        items = list(requests) if isinstance(requests, list | tuple) else None
        if not items:
            raise ValueError("requests must be a non-empty list of payment request dicts")
        if len(items) > contract.MAX_PAYMENT_REQUESTS_PER_CALL:
            raise ValueError(
                f"At most {contract.MAX_PAYMENT_REQUESTS_PER_CALL} payment requests per call, got "
                f"{len(items)}; send them in chunks"
            )
        if not all(isinstance(item, dict) for item in items):
            raise ValueError("every payment request must be a dict")
        replay = _PAYMENT_REPLAY
        response = self._call("POST", "/demandePaiement", json_body=items, replay=replay)
        self._raise_for_status(response, "/demandePaiement", replay)
        data = self._json(response, replay)
        if isinstance(data, dict):
            if "idDemandePaiement" in data or "numFactureTiers" in data:
                data = [data]
            else:
                errors = _errors_of(data)
                if errors:
                    raise UrssafBusinessError(errors, status=response.status_code)
        if not isinstance(data, list):
            raise _malformed(
                response.status_code, "réponse inattendue", "unexpected answer", replay
            )
        results = []
        for index, raw in enumerate(data):
            raw = raw if isinstance(raw, dict) else {}
            sent = items[index] if len(data) == len(items) else {}
            status = raw.get("statut")
            if isinstance(status, dict):
                status = status.get("code")
            results.append(
                SubmitResult(
                    id_client=_str_or_none(raw.get("idClient"))
                    or _str_or_none(sent.get("idClient")),
                    id_payment_request=_str_or_none(raw.get("idDemandePaiement")),
                    invoice_number=_str_or_none(raw.get("numFactureTiers"))
                    or _str_or_none(sent.get("numFactureTiers")),
                    status=_str_or_none(status),
                    errors=_error_items(raw.get("errors") or raw.get("Errors") or []),
                    raw=raw,
                )
            )
        refused = [r.invoice_number for r in results if not r.ok]
        if refused:
            logger.info(
                "URSSAF refused %d of %d payment requests: %s",
                len(refused),
                len(results),
                "; ".join(
                    f"{r.invoice_number}: {', '.join(e.code for e in r.errors)}"
                    for r in results
                    if not r.ok
                ),
            )
        return results

    def search_payment_requests(
        self,
        *,
        ids: list[str] | None = None,
        date_from: date | None = None,
        date_to: date | None = None,
        invoice_numbers: list[str] | None = None,
    ) -> SearchResult:
        """E4: search by ≤10 request ids, ≤10 invoice numbers and/or an invoice-date range.

        The criteria are checked before anything is sent (``ValueError`` with a clear message).
        Dates are calendar dates, sent as ``YYYY-MM-DDT00:00:00Z``; both bounds are required
        together and inclusive. URSSAF only uses the ids when ids and a period are both given.
        """
        ids = _check_id_list(ids, "ids")
        invoice_numbers = _check_id_list(invoice_numbers, "invoice_numbers")
        body: dict[str, object] = {}
        if ids:
            body["idDemandePaiements"] = ids
        if invoice_numbers:
            body["numFactureTiers"] = invoice_numbers
        if (date_from is None) != (date_to is None):
            raise ValueError("date_from and date_to must be given together")
        if date_from is not None:
            start, start_text = _format_search_date(date_from, "date_from")
            end, end_text = _format_search_date(date_to, "date_to")
            if start > end:
                raise ValueError(f"date_from ({start}) is after date_to ({end})")
            body["dateDebut"] = start_text
            body["dateFin"] = end_text
        if not body:
            raise ValueError(
                "Give at least one search criterion: ids, invoice_numbers or date_from+date_to"
            )
        response = self._call("POST", "/demandePaiement/rechercher", json_body=body)
        if response.status_code == 400:
            errors = _parse_error_body(response)
            if errors and all(e.code == "ERR_RECHERCHE_VIDE" for e in errors):
                logger.debug("URSSAF search: nothing found (ERR_RECHERCHE_VIDE)")
                return SearchResult(items=[], errors=errors)
        self._raise_for_status(response, "/demandePaiement/rechercher")
        data = self._json(response)
        if isinstance(data, list):
            data = {"infoDemandePaiements": data}
        if not isinstance(data, dict):
            raise _malformed(response.status_code, "réponse inattendue", "unexpected answer")
        errors = _error_items(data.get("errors") or data.get("Errors") or [])
        raw_items = data.get("infoDemandePaiements") or []
        if not isinstance(raw_items, list):
            raise _malformed(response.status_code, "réponse inattendue", "unexpected answer")
        return SearchResult(items=[_payment_info(i) for i in raw_items], errors=errors)

    def test_connection(self) -> None:
        """Token + a harmless search over a far-future period.

        URSSAF answers 400 ``ERR_RECHERCHE_VIDE`` there, which counts as success. Raises the typed
        errors otherwise (configuration, temporary, business).
        """
        self.fetch_token()
        start, end = TEST_CONNECTION_PERIOD
        self.search_payment_requests(date_from=start, date_to=end)


def _payment_info(raw: object) -> PaymentRequestInfo:
    raw = raw if isinstance(raw, dict) else {}
    request = raw.get("demandePaiement") if isinstance(raw.get("demandePaiement"), dict) else {}
    statut = raw.get("statut")
    if not isinstance(statut, dict):
        statut = {"code": statut} if statut is not None else {}
    rejet = raw.get("infoRejet") if isinstance(raw.get("infoRejet"), dict) else {}
    virement = raw.get("infoVirement") if isinstance(raw.get("infoVirement"), dict) else {}
    return PaymentRequestInfo(
        id_payment_request=_str_or_none(raw.get("idDemandePaiement")),
        invoice_number=_str_or_none(request.get("numFactureTiers"))
        or _str_or_none(raw.get("numFactureTiers")),
        id_client=_str_or_none(request.get("idClient")) or _str_or_none(raw.get("idClient")),
        status=_str_or_none(statut.get("code")),
        status_label=_str_or_none(statut.get("libelle")),
        reject_code=_str_or_none(rejet.get("code")),
        reject_comment=_str_or_none(rejet.get("commentaire")),
        transfer_amount=_decimal_or_none(virement.get("mntVirement")),
        transfer_date=parse_api_date(virement.get("dateVirement")),
        request=request,
        raw=raw,
    )


def _parse_error_body(response: requests.Response) -> list[ErrorItem]:
    if not response.content or not response.content.strip():
        return []
    try:
        return _errors_of(response.json())
    except ValueError:
        return []


def _body_excerpt(response: requests.Response) -> str:
    if not response.content or not response.content.strip():
        return ""
    try:
        text = response.content.decode("utf-8", errors="replace")
    except Exception:  # pragma: no cover - defensive
        return ""
    return redact(" ".join(text.split())[:200])


def _parse_retry_after(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if re.fullmatch(r"[0-9]+(\.[0-9]+)?", value):
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _malformed(
    status: int | None, why_fr: str, why_en: str, replay: _Replay | None = None
) -> UrssafTemporaryError:
    if replay is not None:
        return _uncertain(
            replay,
            f"réponse inattendue (HTTP {status}) : {why_fr}",
            f"unexpected answer (HTTP {status}): {why_en}",
            status=status,
        )
    return UrssafTemporaryError(
        f"Réponse inattendue de l'URSSAF ({why_fr}) : réessayez plus tard ; si cela persiste, "
        "contactez l'assistance.",
        f"Unexpected answer from URSSAF ({why_en}): try again later; if it persists, contact "
        "support.",
        status=status,
    )


def _access_denied(status: int, detail: str) -> UrssafConfigurationError:
    return UrssafConfigurationError(
        f"L'URSSAF refuse l'accès à l'API Tiers de prestation{detail} : l'habilitation de votre "
        "structure n'est pas (encore) accordée pour cet environnement. Vérifiez votre demande "
        "DataPass ou écrivez à habilitation-api@urssaf.fr.",
        f"URSSAF denies access to the API Tiers de prestation{detail}: your organisation's "
        "authorisation is not granted (yet) for this environment. Check your DataPass request or "
        "write to habilitation-api@urssaf.fr.",
        status=status,
        reason="access_denied",
    )
