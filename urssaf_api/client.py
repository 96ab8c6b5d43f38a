"""HTTP client of the URSSAF "API Tiers de Prestation" (E1 to E4).

* OAuth2 client credentials (``client_id``/``client_secret`` in the form body); the token is cached
  process-wide (:mod:`.tokens`: key token URL + client id; a changed secret is a cache miss) until
  60 s before ``expires_in``, and renewed once when an API call answers 401.
* Timeouts, bounded retries, replay safety of E1/E3 and typed errors: :mod:`.transport`.
* The answers' dataclasses and parsers: :mod:`.results`. Per-item refusals inside the HTTP 200 of
  E3 are returned in :class:`SubmitResult`, not raised.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime
from decimal import Decimal

import requests

from . import contract, tokens
from .environments import API_PATH, SCOPE, TOKEN_PATH
from .errors import UrssafBusinessError, UrssafConfigurationError
from .redaction import redact
from .results import (
    ClientStatus,
    SearchResult,
    SubmitResult,
    decimal_or_none,
    error_items,
    errors_of,
    parse_api_date,
    parse_client_status,
    parse_payment_info,
    parse_submit_results,
)
from .texts import Text, _lt
from .transport import (
    PAYMENT_REPLAY,
    REGISTRATION_REPLAY,
    Replay,
    Transport,
    access_denied,
    json_default,
    logger,
    malformed,
    parse_error_body,
)

#: Far-future period used by :meth:`UrssafClient.test_connection` (expects ERR_RECHERCHE_VIDE).
TEST_CONNECTION_PERIOD = (date(2099, 1, 1), date(2099, 1, 31))


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


def _search_body(ids, date_from, date_to, invoice_numbers) -> dict[str, object]:
    """The E4 body; ``ValueError`` with a clear message for bad criteria."""
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
    return body


def _check_payment_requests(requests_: object) -> list[dict]:
    items = list(requests_) if isinstance(requests_, list | tuple) else None
    if not items:
        raise ValueError("requests must be a non-empty list of payment request dicts")
    if len(items) > contract.MAX_PAYMENT_REQUESTS_PER_CALL:
        raise ValueError(
            f"At most {contract.MAX_PAYMENT_REQUESTS_PER_CALL} payment requests per call, got "
            f"{len(items)}; send them in chunks"
        )
    if not all(isinstance(item, dict) for item in items):
        raise ValueError("every payment request must be a dict")
    return items


class UrssafClient(Transport):
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
        super().__init__(
            timeout=timeout,
            max_retries=max_retries,
            backoff=backoff,
            session=session,
            sleep=sleep,
            retry_after_cap=retry_after_cap,
        )
        self.base_url = base_url.strip().rstrip("/")
        if self.base_url.startswith("http:"):
            # plain http is for this machine only: never through a proxy of the environment
            self.session.trust_env = False
        self.api_url = self.base_url + API_PATH
        self.token_url = self.base_url + TOKEN_PATH
        self.client_id = client_id or ""
        self._client_secret = client_secret or ""
        self._clock = clock

    def __repr__(self) -> str:
        return f"UrssafClient(base_url={self.base_url!r}, client_id={self.client_id!r})"

    # ---------------------------------------------------------------- token

    def fetch_token(self) -> str:
        """Return a valid access token, from the process-wide cache when possible."""
        key = (self.token_url, self.client_id)
        fingerprint = tokens.fingerprint(self._client_secret)
        cached = tokens.cached_token(key, fingerprint, self._clock())
        if cached is not None:
            return cached
        with tokens.key_lock(key):
            cached = tokens.cached_token(key, fingerprint, self._clock())
            if cached is not None:
                return cached
            token, lifetime = self._request_token()
            tokens.store_token(key, token, lifetime, fingerprint, self._clock())
            return token

    def _invalidate_token(self, token: str) -> None:
        tokens.invalidate_token((self.token_url, self.client_id), token)

    def _request_token(self) -> tuple[str, float]:
        if not self.client_id or not self._client_secret:
            raise UrssafConfigurationError(
                Text(
                    _lt(
                        "URSSAF credentials missing: enter the client id and the client secret in "
                        "the settings."
                    )
                ),
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
        if not 200 <= status < 300:
            self._raise_token_error(response)
        data = self._json(response)
        token = data.get("access_token") if isinstance(data, dict) else None
        if not isinstance(token, str) or not token:
            raise malformed(status, Text(_lt("no access token")))
        lifetime = decimal_or_none(data.get("expires_in"))
        if lifetime is None or lifetime <= 0:
            lifetime = Decimal(str(tokens.DEFAULT_TOKEN_LIFETIME))
        logger.debug("URSSAF token obtained, valid %s s", lifetime)
        return token, float(lifetime)

    def _raise_token_error(self, response: requests.Response) -> None:
        status = response.status_code
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
            raise access_denied(status, detail)
        if status in (404, 405, 429) or status >= 500:
            self._raise_for_status(response, "/token")
        if 400 <= status < 500:
            if not detail:
                detail = f" (HTTP {status})"
            raise UrssafConfigurationError(
                Text(
                    _lt(
                        "URSSAF refuses the client id or secret%(detail)s: check them in the "
                        "settings (and that they belong to the chosen environment: production or "
                        "sandbox)."
                    ),
                    detail=detail,
                ),
                status=status,
                reason="credentials",
            )
        raise malformed(status, Text(_lt("unexpected HTTP %(status)s"), status=status))

    # ---------------------------------------------------------------- API calls

    def _call(
        self,
        method: str,
        path: str,
        *,
        json_body: object = None,
        params=None,
        replay: Replay | None = None,
    ):
        """Authenticated API call; renews the token once on 401 (URSSAF did not process the
        request). Returns the final response. ``replay``: see :meth:`_send`."""
        url = self.api_url + path
        body = None
        if json_body is not None:
            body = json.dumps(json_body, default=json_default, ensure_ascii=False).encode("utf-8")
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

    def register_client(self, payload: dict) -> str:
        """E1: register a client; returns URSSAF's ``idClient``.

        ``payload`` is normally built by :func:`urssaf_api.registration.build_registration_payload`.
        Not idempotent: retried only when URSSAF certainly did not process it; otherwise
        :class:`UrssafTemporaryError` with ``uncertain=True`` (check before registering again).
        """
        if not isinstance(payload, dict) or not payload:
            raise ValueError("payload must be a non-empty dict (see build_registration_payload)")
        replay = REGISTRATION_REPLAY
        response = self._call("POST", "/particulier", json_body=payload, replay=replay)
        self._raise_for_status(response, "/particulier", replay)
        data = self._json(response, replay)
        id_client = data.get("idClient") if isinstance(data, dict) else None
        if isinstance(id_client, str | int) and str(id_client).strip():
            return str(id_client).strip()
        errors = errors_of(data)
        if errors:
            raise UrssafBusinessError(errors, status=response.status_code)
        raise malformed(response.status_code, Text(_lt("no idClient")), replay)

    def get_client_status(self, id_client: str) -> ClientStatus:
        """E2: status of the link with a client (``GET /particulier?idClient=…``)."""
        if not isinstance(id_client, str) or not id_client.strip():
            raise ValueError("id_client must be a non-empty string")
        id_client = id_client.strip()
        response = self._call("GET", "/particulier", params={"idClient": id_client})
        self._raise_for_status(response, "/particulier")
        data = self._json(response)
        if not isinstance(data, dict):
            raise malformed(response.status_code, Text(_lt("unexpected answer")))
        return parse_client_status(data, id_client)

    def submit_payment_requests(self, requests: list[dict]) -> list[SubmitResult]:
        """E3: submit 1 to 10 payment requests; one :class:`SubmitResult` per item answered.

        Not idempotent: retried only when URSSAF certainly did not process it; otherwise
        :class:`UrssafTemporaryError` with ``uncertain=True`` (search by invoice number before
        sending again).
        """
        items = _check_payment_requests(requests)
        replay = PAYMENT_REPLAY
        response = self._call("POST", "/demandePaiement", json_body=items, replay=replay)
        self._raise_for_status(response, "/demandePaiement", replay)
        data = self._json(response, replay)
        if isinstance(data, dict):
            if "idDemandePaiement" in data or "numFactureTiers" in data:
                data = [data]
            else:
                errors = errors_of(data)
                if errors:
                    raise UrssafBusinessError(errors, status=response.status_code)
        if not isinstance(data, list):
            raise malformed(response.status_code, Text(_lt("unexpected answer")), replay)
        results = parse_submit_results(data, items)
        refused = [r for r in results if not r.ok]
        if refused:
            logger.info(
                "URSSAF refused %d of %d payment requests: %s",
                len(refused),
                len(results),
                "; ".join(
                    f"{r.invoice_number}: {', '.join(e.code for e in r.errors)}" for r in refused
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
        body = _search_body(ids, date_from, date_to, invoice_numbers)
        response = self._call("POST", "/demandePaiement/rechercher", json_body=body)
        if response.status_code == 400:
            errors = parse_error_body(response)
            if errors and all(e.code == "ERR_RECHERCHE_VIDE" for e in errors):
                logger.debug("URSSAF search: nothing found (ERR_RECHERCHE_VIDE)")
                return SearchResult(items=[], errors=errors)
        self._raise_for_status(response, "/demandePaiement/rechercher")
        data = self._json(response)
        if isinstance(data, list):
            data = {"infoDemandePaiements": data}
        if not isinstance(data, dict):
            raise malformed(response.status_code, Text(_lt("unexpected answer")))
        errors = error_items(data.get("errors") or data.get("Errors") or [])
        raw_items = data.get("infoDemandePaiements") or []
        if not isinstance(raw_items, list):
            raise malformed(response.status_code, Text(_lt("unexpected answer")))
        return SearchResult(items=[parse_payment_info(i) for i in raw_items], errors=errors)

    def test_connection(self) -> None:
        """Token + a harmless search over a far-future period.

        URSSAF answers 400 ``ERR_RECHERCHE_VIDE`` there, which counts as success. Raises the typed
        errors otherwise (configuration, temporary, business).
        """
        self.fetch_token()
        start, end = TEST_CONNECTION_PERIOD
        self.search_payment_requests(date_from=start, date_to=end)
