"""HTTP layer: URSSAF's paths, the OAuth2 token endpoint, the control API, and ``SandboxServer``.

Request flow for an URSSAF path: count it -> apply a pending fault -> bearer token (401) ->
access (403) -> content type / JSON parsing (400) -> the business method of ``SandboxState``.
A ``drop_response`` fault lets all of this happen, then closes the connection instead of
answering. A ``late_record`` fault stops before the business method: the request is kept for
later (recorded at the next move of the clock), and the connection is closed unanswered.
One log line per request (method, path without query string, status, duration): never a
token, a secret or an IBAN.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import json
import logging
import socket
import socketserver
import threading
import time
from datetime import datetime
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote_plus, urlsplit

from .faults import fault_response
from .rules import error
from .state import SCOPE, SandboxState, iso_z

_logger = logging.getLogger("urssaf_sandbox")

TOKEN_PATH = "/api/oauth/v1/token"
API_PATH = "/atp/v1/tiersPrestations"
ROUTES = {
    ("POST", API_PATH + "/particulier"): "register",
    ("GET", API_PATH + "/particulier"): "client_status",
    ("POST", API_PATH + "/demandePaiement"): "submit",
    ("POST", API_PATH + "/demandePaiement/rechercher"): "search",
}
API_PATHS = frozenset(path for _method, path in ROUTES)
#: The calls a ``late_record`` fault delays (the others are answered as usual).
LATE_ACTIONS = frozenset({"register", "submit"})
JSON_TYPE = "application/json;charset=UTF-8"
MAX_BODY = 1_000_000


class _BadJSON(ValueError):
    pass


def _reject_constant(name: str):
    raise _BadJSON(f"{name} is not valid JSON")


def parse_api_json(raw: bytes):
    """URSSAF bodies: exact decimals (to count decimal places), no NaN/Infinity."""
    try:
        return json.loads(raw.decode("utf-8"), parse_float=Decimal, parse_constant=_reject_constant)
    except (UnicodeDecodeError, ValueError) as exc:
        raise _BadJSON(str(exc)) from exc


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "URSSAF-Sandbox/1.0"
    timeout = 120  # idle keep-alive connections are closed after this
    disable_nagle_algorithm = True  # headers and body are two writes: no 40 ms delayed-ACK stall
    server: _HTTPServer
    _status = 0  # the status answered (for the log line)
    _drop = False  # a drop_response fault applies to the current request
    _late = None  # a late_record fault applies to the current request

    # -- plumbing -------------------------------------------------------------------------------

    def setup(self) -> None:
        result = super().setup()
        self.server.track(self.connection, True)
        return result

    def finish(self) -> None:
        try:
            return super().finish()
        finally:
            self.server.track(self.connection, False)

    def log_message(self, format: str, *args) -> None:
        _logger.debug("http: " + format, *args)

    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_POST(self) -> None:
        self._dispatch("POST")

    def do_DELETE(self) -> None:
        self._dispatch("DELETE")

    def do_PUT(self) -> None:
        self._dispatch("PUT")

    def do_PATCH(self) -> None:
        self._dispatch("PATCH")

    @property
    def state(self) -> SandboxState:
        return self.server.state

    def _send(self, status: int, body=None, headers: dict[str, str] | None = None) -> None:
        if self._drop:  # drop_response fault: the work is done, the answer is never sent
            self._status = status
            self.close_connection = True
            return
        if body is None:
            raw = b""
        elif isinstance(body, bytes):
            raw = body
        else:
            raw = json.dumps(body, ensure_ascii=False).encode("utf-8")
        headers = dict(headers or {})
        if body is not None and not isinstance(body, bytes):
            headers.setdefault("Content-Type", JSON_TYPE)
        self._status = status
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(raw)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(raw)

    def _read_body(self) -> bytes:
        length = self.headers.get("Content-Length")
        if not length:
            return b""
        try:
            size = int(length)
        except ValueError:
            size = -1
        if not 0 <= size <= MAX_BODY:
            self.close_connection = True
            raise _BadJSON("bad Content-Length")
        return self.rfile.read(size)

    def _content_type(self) -> str:
        return (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()

    def _dispatch(self, method: str) -> None:
        started = time.monotonic()
        self._status = 0
        self._drop = False
        self._late = None
        path = urlsplit(self.path).path
        try:
            try:
                body = self._read_body()
            except _BadJSON:
                self._send(400, [error("ERREUR_VALIDATION", "Content-Length invalide")])
                return
            if path.startswith("/_sandbox/") or path == "/_sandbox":
                self._control(method, path, body)
            elif path == TOKEN_PATH:
                self._token(method, path, body)
            elif path in API_PATHS:
                self._api(method, path, body)
            else:
                self._send(404, [error("RESSOURCE_INCONNUE", f"Chemin inconnu : {path}")])
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        except Exception:  # pragma: no cover - a bug in the sandbox itself
            _logger.exception("sandbox error on %s %s", method, path)
            if not self._status:
                self._send(500, [error("ERREUR_TECHNIQUE", "Erreur interne du bac à sable")])
        finally:
            elapsed = (time.monotonic() - started) * 1000
            dropped = " (answer dropped)" if self._drop else ""
            _logger.info("%s %s -> %s%s (%.1f ms)", method, path, self._status, dropped, elapsed)

    # -- OAuth2 -----------------------------------------------------------------------------------

    def _oauth_error(self, status: int, code: str, description: str, basic: bool = False) -> None:
        headers = {"Pragma": "no-cache"}
        if status == 401 and basic:
            headers["WWW-Authenticate"] = 'Basic realm="urssaf"'
        self._send(status, {"error": code, "error_description": description}, headers)

    def _token(self, method: str, path: str, body: bytes) -> None:
        if method != "POST":
            self._send(405, {"error": "invalid_request"}, {"Allow": "POST"})
            return
        self.state.count_token_request()
        fault = self.state.faults.take(path, api_call=False)
        if fault is not None and self._apply_fault(fault):
            return
        if self._content_type() != "application/x-www-form-urlencoded":
            self._oauth_error(400, "invalid_request", "application/x-www-form-urlencoded attendu")
            return
        try:
            form = parse_qs(body.decode("ascii"), keep_blank_values=True, strict_parsing=True)
        except (UnicodeDecodeError, ValueError):
            form = {} if not body else None
        if form is None or any(len(values) > 1 for values in form.values()):
            self._oauth_error(400, "invalid_request", "Corps de requête invalide")
            return
        fields = {key: values[0] for key, values in form.items()}
        basic = self._basic_credentials()
        if basic == ("", ""):
            self._oauth_error(401, "invalid_client", "En-tête Basic invalide", basic=True)
            return
        body_credentials = (fields.get("client_id"), fields.get("client_secret"))
        if basic and body_credentials[1] is not None:
            self._oauth_error(400, "invalid_request", "Une seule méthode d'authentification")
            return
        client_id, client_secret = basic or body_credentials
        if not client_id or client_secret is None:
            self._oauth_error(401, "invalid_client", "Identifiants absents", basic=bool(basic))
            return
        if not self.state.authenticate(client_id, client_secret):
            self._oauth_error(401, "invalid_client", "Identifiants invalides", basic=bool(basic))
            return
        grant_type = fields.get("grant_type")
        if grant_type is None:
            self._oauth_error(400, "invalid_request", "grant_type obligatoire")
            return
        if grant_type != "client_credentials":
            self._oauth_error(400, "unsupported_grant_type", "client_credentials uniquement")
            return
        if fields.get("scope") != SCOPE:
            self._oauth_error(400, "invalid_scope", f"scope attendu : {SCOPE}")
            return
        self._send(200, self.state.issue_token(client_id), {"Pragma": "no-cache"})

    def _basic_credentials(self) -> tuple[str, str] | None:
        """None without Basic header; ("", "") when it is unreadable."""
        header = self.headers.get("Authorization") or ""
        scheme, _, value = header.partition(" ")
        if scheme.lower() != "basic":
            return None
        try:
            decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            return "", ""
        client_id, sep, client_secret = decoded.partition(":")
        if not sep:
            return "", ""
        return unquote_plus(client_id), unquote_plus(client_secret)

    # -- URSSAF API -----------------------------------------------------------------------------

    def _apply_fault(self, fault) -> bool:
        """Apply a fault; True when it answered the request."""
        if fault.kind == "latency":
            time.sleep(fault.latency)
            return False
        if fault.kind == "expire_token":
            return False
        if fault.kind == "drop_response":
            self._drop = True
            return False
        if fault.kind == "late_record":
            self._late = fault
            return False
        status, headers, raw = fault_response(fault)
        self._send(status, raw, headers)
        return True

    def _api(self, method: str, path: str, body: bytes) -> None:
        action = ROUTES.get((method, path))
        if action is None:
            allowed = ", ".join(sorted(m for m, p in ROUTES if p == path))
            self._send(
                405, [error("ERREUR_VALIDATION", "Méthode non autorisée")], {"Allow": allowed}
            )
            return
        self.state.count_api_call(method, path)
        fault = self.state.faults.take(path, api_call=True)
        if fault is not None and self._apply_fault(fault):
            return
        scheme, _, token = (self.headers.get("Authorization") or "").partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token:
            self._bearer_error("Jeton d'authentification absent")
            return
        if fault is not None and fault.kind == "expire_token":
            self.state.expire_token(token)
        provider, reason = self.state.check_token(token)
        if provider is None:
            self._bearer_error(reason)
            return
        if not self.state.has_access(provider):
            description = "Ces identifiants n'ont pas accès à l'API Tiers de prestation"
            self._send(403, [error("ACCES_REFUSE", description, "Accès refusé")])
            return
        if action == "client_status":
            query = parse_qs(urlsplit(self.path).query, keep_blank_values=True)
            status, answer = self.state.client_status(provider, query)
            self._send(status, answer)
            return
        if self._content_type() != "application/json":
            self._send(415, [error("ERREUR_VALIDATION", "Content-Type application/json attendu")])
            return
        try:
            payload = parse_api_json(body)
        except _BadJSON as exc:
            self._send(400, [error("ERREUR_VALIDATION", f"JSON invalide : {exc}")])
            return
        if self._late is not None and action in LATE_ACTIONS:
            # a slow processing: recorded later, the client gives up waiting for the answer
            self.state.record_later(action, provider, payload)
            time.sleep(self._late.latency or 0)
            self._drop = True
            self._send(504)
            return
        status, answer = getattr(self.state, action)(provider, payload)
        self._send(status, answer)

    def _bearer_error(self, description: str) -> None:
        headers = {"WWW-Authenticate": 'Bearer error="invalid_token"'}
        self._send(401, {"error": "invalid_token", "error_description": description}, headers)

    # -- control API ----------------------------------------------------------------------------

    def _control(self, method: str, path: str, body: bytes) -> None:
        state = self.state
        try:
            payload = json.loads(body.decode("utf-8")) if body.strip() else {}
        except (UnicodeDecodeError, ValueError):
            self._send(400, {"error": "invalid JSON"})
            return
        if not isinstance(payload, dict):
            self._send(400, {"error": "a JSON object is expected"})
            return
        key = (method, path)
        try:
            if key == ("GET", "/_sandbox/state"):
                self._send(200, state.snapshot())
            elif key == ("GET", "/_sandbox/stats"):
                with state.lock:
                    self._send(200, state.stats.to_dict())
            elif key == ("POST", "/_sandbox/reset"):
                state.reset()
                self._send(200, {"reset": True, "now": iso_z(state.clock.now())})
            elif key == ("GET", "/_sandbox/clock"):
                self._send(200, {"now": iso_z(state.clock.now())})
            elif key == ("POST", "/_sandbox/clock/advance"):
                amounts = {k: payload.get(k, 0) for k in ("days", "hours", "minutes")}
                if set(payload) - set(amounts) or not all(
                    isinstance(v, int | float) and not isinstance(v, bool) for v in amounts.values()
                ):
                    raise ValueError("days, hours, minutes: numbers")
                self._send(200, {"now": iso_z(state.advance_clock(**amounts))})
            elif key == ("POST", "/_sandbox/clock/set"):
                when = payload.get("now")
                if not isinstance(when, str):
                    raise ValueError('{"now": "2024-05-01T10:00:00Z"} expected')
                moment = datetime.fromisoformat(when.replace("Z", "+00:00"))
                self._send(200, {"now": iso_z(state.set_clock(moment))})
            elif key == ("POST", "/_sandbox/late/record"):
                self._send(200, {"recorded": state.record_late()})
            elif key == ("POST", "/_sandbox/config"):
                self._send(200, _configure(state, payload))
            elif key == ("POST", "/_sandbox/faults"):
                self._send(200, state.faults.add(payload).to_dict())
            elif key == ("GET", "/_sandbox/faults"):
                self._send(200, {"faults": state.faults.pending()})
            elif key == ("DELETE", "/_sandbox/faults"):
                state.faults.clear()
                self._send(200, {"faults": []})
            else:
                self._send(404, {"error": f"unknown control call {method} {path}"})
        except ValueError as exc:
            self._send(400, {"error": str(exc)})


def _configure(state: SandboxState, payload: dict) -> dict:
    """``{"expires_in": seconds, "deposits_allowed": bool}``, either or both."""
    unknown = set(payload) - {"expires_in", "deposits_allowed"}
    if unknown or not payload:
        raise ValueError("config: expires_in (integer seconds) and/or deposits_allowed (bool)")
    expires_in = payload.get("expires_in", state.expires_in)
    if isinstance(expires_in, bool) or not isinstance(expires_in, int):
        raise ValueError("expires_in: integer seconds")
    if expires_in < 1:
        raise ValueError("expires_in must be positive")
    deposits = payload.get("deposits_allowed", state.deposits_allowed)
    if not isinstance(deposits, bool):
        raise ValueError("deposits_allowed: true or false")
    with state.lock:
        state.expires_in = expires_in
        state.deposits_allowed = deposits
    return {"expires_in": expires_in, "deposits_allowed": deposits}


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address, state: SandboxState) -> None:
        self.state = state
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        super().__init__(address, _Handler)

    def server_bind(self) -> None:
        # HTTPServer.server_bind would call socket.getfqdn() (a reverse DNS lookup)
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name, self.server_port = host, port

    def track(self, connection: socket.socket, alive: bool) -> None:
        with self._connections_lock:
            if alive:
                self._connections.add(connection)
            else:
                self._connections.discard(connection)

    def close_connections(self) -> None:
        with self._connections_lock:
            connections = list(self._connections)
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)


class SandboxServer:
    """The sandbox in a background thread, for tests::

    with SandboxServer() as srv:            # 127.0.0.1, a free port
        requests.post(srv.url + "/api/oauth/v1/token", ...)
        srv.advance(days=1)
    """

    def __init__(self, host: str = "127.0.0.1", port: int = 0, expires_in: int = 3600) -> None:
        self.host = host
        self.port = port
        self.state = SandboxState(expires_in=expires_in)
        self._httpd: _HTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        if self._httpd is None:
            raise RuntimeError("the sandbox is not started")
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    def start(self) -> SandboxServer:
        if self._httpd is not None:
            return self
        self._httpd = _HTTPServer((self.host, self.port), self.state)
        self.port = self._httpd.server_address[1]
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.1},
            name=f"urssaf-sandbox-{self.port}",
            daemon=True,
        )
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        """Foreground variant for the CLI (stops on KeyboardInterrupt)."""
        self.start()
        try:
            while self._thread.is_alive():
                self._thread.join(0.5)
        finally:
            self.stop()

    def stop(self) -> None:
        if self._httpd is None:
            return
        self._httpd.shutdown()
        self._httpd.close_connections()
        self._httpd.server_close()
        self._thread.join(5)
        self._httpd = None
        self._thread = None

    def __enter__(self) -> SandboxServer:
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()

    # -- helpers for tests (same effect as the control API) ---------------------------------------

    def now(self) -> datetime:
        return self.state.clock.now()

    def advance(self, *, days: float = 0, hours: float = 0, minutes: float = 0) -> datetime:
        """Move the clock (the calls a ``late_record`` fault delayed are recorded then)."""
        return self.state.advance_clock(days=days, hours=hours, minutes=minutes)

    def set_now(self, moment: datetime) -> datetime:
        return self.state.set_clock(moment)

    def record_late(self) -> int:
        """Record now the calls a ``late_record`` fault delayed; returns how many."""
        return self.state.record_late()

    def inject_fault(
        self,
        kind: str,
        *,
        path: str = "*",
        count: int = 1,
        status: int | None = None,
        latency: float | None = None,
        retry_after: int | None = None,
        after: int = 0,
    ) -> dict:
        """Queue a fault, like ``POST /_sandbox/faults``: ``kind`` is one of
        :data:`urssaf_sandbox.faults.KINDS` (``status``, ``empty_400``, ``malformed_json``,
        ``latency``, ``expire_token``, ``drop_response``, ``late_record``)."""
        spec = {"kind": kind, "path": path, "count": count}
        if after:
            spec["after"] = after
        for name, value in (("status", status), ("latency", latency), ("retry_after", retry_after)):
            if value is not None:
                spec[name] = value
        return self.state.faults.add(spec).to_dict()

    def clear_faults(self) -> None:
        self.state.faults.clear()

    def allow_deposits(self, allowed: bool = True) -> None:
        """Authorise this sandbox's providers to declare deposits (``mntAcompte``), like
        ``POST /_sandbox/config {"deposits_allowed": true}``; a reset forbids them again."""
        _configure(self.state, {"deposits_allowed": allowed})

    def stats(self) -> dict:
        with self.state.lock:
            return self.state.stats.to_dict()

    def reset(self) -> None:
        self.state.reset()

    def snapshot(self) -> dict:
        return self.state.snapshot()
