"""HTTP transport to URSSAF: timeouts, bounded retries, replay safety, typed errors.

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
* A non-2xx answer becomes the typed error of :mod:`urssaf_api.errors`.
* Logging goes to ``logging.getLogger("urssaf_api")``: method, path, status, duration, error codes.
  Never a body, a secret, a token or a full IBAN (see :func:`redact`).
"""

from __future__ import annotations

import logging
import math
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

import requests
import urllib3

from . import contract
from .errors import (
    ErrorItem,
    UrssafBusinessError,
    UrssafConfigurationError,
    UrssafError,
    UrssafTemporaryError,
)
from .redaction import redact
from .results import errors_of
from .texts import Text, _lt

logger = logging.getLogger("urssaf_api")

#: Statuses retried for idempotent calls (token, E2, E4).
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
#: Statuses retried for E1 and E3: URSSAF certainly did not process the request (rate limit,
#: maintenance). After a 500, 502 or 504 it may have.
NON_IDEMPOTENT_RETRY_STATUSES = frozenset({429, 503})

_RETRYABLE_EXCEPTIONS = (
    requests.ConnectionError,
    requests.Timeout,
    requests.exceptions.ChunkedEncodingError,
    requests.exceptions.ContentDecodingError,
)


def certainly_not_sent(exc: BaseException) -> bool:
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


# --------------------------------------------------------------------------------------------
# Replay safety
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Replay:
    """What to tell the user when a non-idempotent call may have been processed by URSSAF: a
    template whose ``%(cause)s`` says why the answer is missing."""

    template: str


REGISTRATION_REPLAY = Replay(
    _lt(
        "URSSAF may have received and recorded this registration, but its answer did not arrive "
        "(%(cause)s). Do not send the registration again straight away: first check whether it "
        "went through (refresh the client's URSSAF status if you know their URSSAF id; otherwise "
        "ask the client whether they received URSSAF's activation e-mail or link request, or ask "
        "URSSAF support). If it went through, sending it again would be refused with "
        "ERR_LIEN_TIERS_PRESTATION_PARTICULIER_EXISTE."
    )
)
PAYMENT_REPLAY = Replay(
    _lt(
        "URSSAF may have received and recorded these payment requests, but its answer did not "
        "arrive (%(cause)s). Do not send them again as they are: first search for them by invoice "
        "number, then send again only those URSSAF does not know (the others would be refused "
        "with ERR_FACTURE_DOUBLON)."
    )
)


def uncertain(
    replay: Replay,
    cause: Text,
    *,
    status: int | None = None,
    errors: list[ErrorItem] | None = None,
) -> UrssafTemporaryError:
    """The error of a non-idempotent call that URSSAF may have processed."""
    return UrssafTemporaryError(
        Text(replay.template, cause=cause), status=status, errors=errors, uncertain=True
    )


def _lost_answer_cause(exc: BaseException) -> Text:
    if isinstance(exc, requests.exceptions.ReadTimeout):
        return Text(_lt("URSSAF did not answer in time"))
    if isinstance(exc, requests.ConnectionError):
        return Text(_lt("the connection was cut before the answer"))
    return Text(_lt("broken or unreadable answer"))


# --------------------------------------------------------------------------------------------
# Errors
# --------------------------------------------------------------------------------------------


def malformed(status: int | None, why: Text, replay: Replay | None = None) -> UrssafTemporaryError:
    """The error of an answer the client cannot use (``uncertain`` for E1/E3)."""
    if replay is not None:
        return uncertain(
            replay,
            Text(_lt("unexpected answer (HTTP %(status)s): %(why)s"), status=status, why=why),
            status=status,
        )
    return UrssafTemporaryError(
        Text(
            _lt(
                "Unexpected answer from URSSAF (%(why)s): try again later; if it persists, "
                "contact support."
            ),
            why=why,
        ),
        status=status,
    )


def access_denied(status: int, detail: str) -> UrssafConfigurationError:
    """The error when the provider's access to the API is not granted."""
    return UrssafConfigurationError(
        Text(
            _lt(
                "URSSAF denies access to the API Tiers de prestation%(detail)s: your "
                "organisation's authorisation is not granted (yet) for this environment. Check "
                "your DataPass request or write to habilitation-api@urssaf.fr."
            ),
            detail=detail,
        ),
        status=status,
        reason="access_denied",
    )


def _configuration_error(status: int, errors: list[ErrorItem]) -> UrssafError | None:
    if status == 401:
        return UrssafConfigurationError(
            Text(
                _lt(
                    "URSSAF refuses the authentication even with a new token: check the client "
                    "id and the client secret in the settings."
                )
            ),
            status=status,
            reason="credentials",
        )
    if status == 403:
        return access_denied(status, "")
    if status in (404, 405) and not errors:
        return UrssafConfigurationError(
            Text(
                _lt(
                    "The URSSAF service was not found at this address (HTTP %(status)s): check "
                    "the configured environment and URL."
                ),
                status=status,
            ),
            status=status,
            reason="url",
        )
    return None


def _temporary_error(
    status: int, errors: list[ErrorItem], replay: Replay | None
) -> UrssafError | None:
    if status == 429:
        return UrssafTemporaryError(
            Text(_lt("URSSAF is rate limiting the calls: try again in a few minutes.")),
            status=status,
            errors=errors,
        )
    if status == 503:
        return UrssafTemporaryError(
            Text(_lt("The URSSAF service is under maintenance or unavailable: try again later.")),
            status=status,
            maintenance=True,
            errors=errors,
        )
    if status >= 500 and replay is not None:
        return uncertain(
            replay,
            Text(_lt("technical error HTTP %(status)s"), status=status),
            status=status,
            errors=errors,
        )
    if status >= 500:
        return UrssafTemporaryError(
            Text(
                _lt("The URSSAF service had a technical error (HTTP %(status)s): try again later."),
                status=status,
            ),
            status=status,
            errors=errors,
        )
    return None


def status_error(
    response: requests.Response, errors: list[ErrorItem], replay: Replay | None = None
) -> UrssafError:
    """The typed error of a non-2xx answer whose error items are ``errors``."""
    status = response.status_code
    error = _configuration_error(status, errors) or _temporary_error(status, errors, replay)
    if error is not None:
        return error
    if 400 <= status < 500:
        if not errors:
            errors = [ErrorItem("EMPTY_400", description=body_excerpt(response))]
        return UrssafBusinessError(errors, status=status)
    return malformed(status, Text(_lt("unexpected HTTP %(status)s"), status=status), replay)


def parse_error_body(response: requests.Response) -> list[ErrorItem]:
    """The error items of an answer's JSON body (none when it is empty or not JSON)."""
    if not response.content or not response.content.strip():
        return []
    try:
        return errors_of(response.json())
    except ValueError:
        return []


def body_excerpt(response: requests.Response) -> str:
    """The first 200 characters of an answer's body, redacted."""
    if not response.content or not response.content.strip():
        return ""
    try:
        text = response.content.decode("utf-8", errors="replace")
    except Exception:  # pragma: no cover - defensive
        return ""
    return redact(" ".join(text.split())[:200])


def parse_retry_after(value: str | None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (seconds or an HTTP date)."""
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


def json_default(value: object) -> object:
    """JSON encoding of Decimal amounts and of dates (URSSAF's formats)."""
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
# Retry budget
# --------------------------------------------------------------------------------------------

#: The transport's defaults (see :class:`Transport`).
DEFAULT_TIMEOUT = (5.0, 30.0)
DEFAULT_MAX_RETRIES = 3
DEFAULT_BACKOFF = 0.5
DEFAULT_RETRY_AFTER_CAP = 30.0
#: Requests of one authenticated call at worst (:meth:`UrssafClient._call`): the token request,
#: the call, and after a 401 a new token and the call again.
REQUESTS_PER_CALL = 4


def send_budget(
    timeout: float | tuple[float, float] = DEFAULT_TIMEOUT,
    max_retries: int = DEFAULT_MAX_RETRIES,
    backoff: float = DEFAULT_BACKOFF,
    retry_after_cap: float = DEFAULT_RETRY_AFTER_CAP,
) -> float:
    """The longest one request through :meth:`Transport._send` lasts, in seconds: every attempt
    waits its whole connect and read timeouts (a single number is both, as in ``requests``), and
    every retry waits the longest delay (a ``Retry-After`` at the cap, or the backoff)."""
    connect, read = timeout if isinstance(timeout, tuple) else (timeout, timeout)
    attempts = max(0, int(max_retries)) + 1
    waits = sum(max(backoff * 2**attempt, retry_after_cap) for attempt in range(attempts - 1))
    return attempts * (float(connect) + float(read)) + waits


def call_budget(
    timeout: float | tuple[float, float] = DEFAULT_TIMEOUT,
    max_retries: int = DEFAULT_MAX_RETRIES,
    backoff: float = DEFAULT_BACKOFF,
    retry_after_cap: float = DEFAULT_RETRY_AFTER_CAP,
) -> float:
    """The longest one authenticated API call lasts, token requests included, in seconds."""
    return REQUESTS_PER_CALL * send_budget(timeout, max_retries, backoff, retry_after_cap)


def in_flight_timeout(
    calls: int,
    timeout: float | tuple[float, float] = DEFAULT_TIMEOUT,
    max_retries: int = DEFAULT_MAX_RETRIES,
    backoff: float = DEFAULT_BACKOFF,
    retry_after_cap: float = DEFAULT_RETRY_AFTER_CAP,
    margin: float = 60.0,
) -> timedelta:
    """How long a call marked "in flight" may still be running: ``calls`` API calls at their
    worst (:func:`call_budget`) plus ``margin`` seconds for the work around them (locks,
    recording, commit). A marker older than this is a call whose outcome was never recorded."""
    seconds = calls * call_budget(timeout, max_retries, backoff, retry_after_cap) + margin
    return timedelta(seconds=math.ceil(seconds))


# --------------------------------------------------------------------------------------------
# Transport
# --------------------------------------------------------------------------------------------


class Transport:
    """Sends HTTP requests to URSSAF with a timeout and bounded retries; reads the answers."""

    def __init__(
        self,
        *,
        timeout: float | tuple[float, float] = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        backoff: float = DEFAULT_BACKOFF,
        session: requests.Session | None = None,
        sleep: Callable[[float], None] = time.sleep,
        retry_after_cap: float = DEFAULT_RETRY_AFTER_CAP,
    ):
        self.timeout = timeout
        self.max_retries = max(0, int(max_retries))
        self.backoff = max(0.0, float(backoff))
        self.retry_after_cap = max(0.0, float(retry_after_cap))
        self.session = session if session is not None else requests.Session()
        self._sleep = sleep

    def _retry_delay(self, attempt: int, retry_after: str | None) -> float:
        delay = self.backoff * (2**attempt)
        wanted = parse_retry_after(retry_after)
        if wanted is not None:
            delay = max(delay, min(wanted, self.retry_after_cap))
        return delay

    def _send(
        self, method: str, url: str, *, replay: Replay | None = None, **kwargs
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
                self._failed(exc, method, path, elapsed, (attempt, attempts), replay)
                self._sleep(self._retry_delay(attempt, None))
                continue
            except requests.RequestException as exc:
                raise UrssafConfigurationError(
                    Text(_lt("The URSSAF service URL is invalid: check the chosen environment.")),
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
                self._wait_before_retry(response, method, path, attempt, attempts)
                continue
            return response
        raise AssertionError("unreachable")  # pragma: no cover

    def _failed(
        self,
        exc: BaseException,
        method: str,
        path: str,
        elapsed: float,
        attempt_of: tuple[int, int],
        replay: Replay | None,
    ) -> None:
        """A request that failed without an answer: returns when it may be retried, raises the
        typed error otherwise (the caller is inside the ``except`` block)."""
        attempt, attempts = attempt_of
        if replay is not None and not certainly_not_sent(exc):
            logger.warning(
                "URSSAF %s %s failed after %.0f ms: %s; not retried: URSSAF may have processed it",
                method,
                path,
                elapsed,
                type(exc).__name__,
            )
            raise uncertain(replay, _lost_answer_cause(exc)) from None
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
            return
        if isinstance(exc, requests.Timeout) or "timed out" in str(exc).lower():
            raise UrssafTemporaryError(
                Text(_lt("URSSAF did not answer in time: try again later.")),
            ) from None
        raise UrssafTemporaryError(
            Text(
                _lt(
                    "Cannot reach URSSAF (network problem): check the server's Internet "
                    "connection, then try again later."
                )
            ),
        ) from None

    def _wait_before_retry(
        self, response: requests.Response, method: str, path: str, attempt: int, attempts: int
    ) -> None:
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

    @staticmethod
    def _json(response: requests.Response, replay: Replay | None = None) -> object:
        text = response.content.strip() if response.content else b""
        if not text:
            raise malformed(response.status_code, Text(_lt("empty answer")), replay)
        try:
            return response.json()
        except ValueError:
            raise malformed(
                response.status_code, Text(_lt("unreadable (bad JSON)")), replay
            ) from None

    def _raise_for_status(
        self, response: requests.Response, path: str, replay: Replay | None = None
    ) -> None:
        """Raise the typed error of a non-2xx answer. With ``replay`` (E1/E3), a 5xx other than
        503 or an unexpected status raises an ``uncertain`` temporary error."""
        status = response.status_code
        if 200 <= status < 300:
            return
        errors = parse_error_body(response)
        if errors:
            logger.info(
                "URSSAF %s answered %s with codes %s",
                path,
                status,
                ", ".join(redact(e.code) for e in errors),
            )
        raise status_error(response, errors, replay)
