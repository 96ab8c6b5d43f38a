"""A tiny scriptable URSSAF look-alike for the client tests.

:class:`StubServer` is a real HTTP server (stdlib ``http.server`` in a thread, port 0 on
127.0.0.1) that lets each test script the answers (status, body, delay, headers) and records every
request. The client is exercised over the real wire; nothing in ``requests`` is mocked.
(The module name is unique so that it cannot clash with other test directories.)
"""

from __future__ import annotations

import json
import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from urssaf_api.environments import API_PATH, TOKEN_PATH

CLIENT_ID = "stub-client-id"
CLIENT_SECRET = "stub-SECRET-do-not-log-7f3a9c"
TOKEN_PREFIX = "stub-TOKEN-do-not-log-"


@dataclass
class Reply:
    """A scripted answer. ``body``: dict/list → JSON, str/bytes → sent as is, None → empty.

    ``drop``: read the request, then close the connection without answering (the request was
    received; the client sees the connection cut before the answer).
    """

    status: int = 200
    body: object = None
    delay: float = 0.0
    headers: dict = field(default_factory=dict)
    drop: bool = False


@dataclass
class Recorded:
    method: str
    path: str
    query: dict
    headers: dict
    body: bytes

    def json(self):
        return json.loads(self.body.decode("utf-8"))

    def form(self) -> dict:
        return {k: v[0] for k, v in parse_qs(self.body.decode("utf-8")).items()}


class _StubHandler(BaseHTTPRequestHandler):
    """Records each request and answers it with the stub's reply."""

    stub: StubServer  # set on the subclass made for each server

    def log_message(self, *args):  # keep the test output quiet
        pass

    def _handle(self):
        reply = self.stub._respond(self._recorded())
        if reply.delay:
            time.sleep(reply.delay)
        if reply.drop:
            self.close_connection = True
            return
        self._write(reply)

    def _recorded(self) -> Recorded:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        parts = urlsplit(self.path)
        return Recorded(
            self.command,
            parts.path,
            {k: v[0] for k, v in parse_qs(parts.query).items()},
            dict(self.headers.items()),
            body,
        )

    def _write(self, reply: Reply) -> None:
        if isinstance(reply.body, dict | list):
            payload = json.dumps(reply.body).encode("utf-8")
        elif isinstance(reply.body, str):
            payload = reply.body.encode("utf-8")
        else:
            payload = reply.body or b""
        try:
            self.send_response(reply.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            for key, value in reply.headers.items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timeout test)

    do_GET = do_POST = do_PUT = do_DELETE = _handle


class StubServer:
    """Scriptable URSSAF look-alike.

    Without a script: the token endpoint issues ``TOKEN_PREFIX<n>`` tokens for the right
    credentials (``invalid_client`` otherwise); API paths answer 401 to an unknown bearer token and
    404 otherwise. ``script(method, path, *replies)`` queues answers for one path (``path`` is
    relative to the API path unless it starts with ``/api/``); they are used once each, in order.
    """

    def __init__(self, port: int = 0) -> None:
        self.requests: list[Recorded] = []
        self.token_lifetime: object = 3600
        self._scripts: dict[tuple[str, str], deque] = defaultdict(deque)
        self._valid_tokens: set[str] = set()
        self._token_count = 0
        self._lock = threading.Lock()
        handler = type("Handler", (_StubHandler,), {"stub": self})
        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), handler)
        self.httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )

    # ------------------------------------------------------------------ control
    def start(self) -> StubServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    @staticmethod
    def full_path(path: str) -> str:
        return path if path.startswith("/api/") else API_PATH + path

    def script(self, method: str, path: str, *replies: Reply) -> None:
        with self._lock:
            self._scripts[(method, self.full_path(path))].extend(replies)

    def adopt_tokens(self, other: StubServer) -> None:
        """Accept the tokens ``other`` issued (a restarted URSSAF keeps its tokens)."""
        with self._lock:
            self._valid_tokens |= other._valid_tokens
            self._token_count = max(self._token_count, other._token_count)

    def revoke_tokens(self) -> None:
        with self._lock:
            self._valid_tokens.clear()

    def calls(self, path: str, method: str | None = None) -> list[Recorded]:
        full = self.full_path(path)
        return [r for r in self.requests if r.path == full and (method in (None, r.method))]

    @property
    def token_requests(self) -> int:
        return len(self.calls(TOKEN_PATH))

    # ------------------------------------------------------------------ behaviour
    def _respond(self, req: Recorded) -> Reply:
        with self._lock:
            self.requests.append(req)
            queue = self._scripts.get((req.method, req.path))
            if req.path == TOKEN_PATH:
                if queue:
                    return queue.popleft()
                form = req.form()
                if (
                    form.get("grant_type") == "client_credentials"
                    and form.get("client_id") == CLIENT_ID
                    and form.get("client_secret") == CLIENT_SECRET
                ):
                    self._token_count += 1
                    token = f"{TOKEN_PREFIX}{self._token_count}"
                    self._valid_tokens.add(token)
                    return Reply(
                        200,
                        {
                            "access_token": token,
                            "token_type": "Bearer",
                            "expires_in": self.token_lifetime,
                            "scope": form.get("scope"),
                        },
                    )
                return Reply(401, {"error": "invalid_client"})
            auth = req.headers.get("Authorization", "")
            if not auth.startswith("Bearer ") or auth[7:] not in self._valid_tokens:
                return Reply(401, None)  # checked before a scripted answer is used up
            if queue:
                return queue.popleft()
            return Reply(404, None)
