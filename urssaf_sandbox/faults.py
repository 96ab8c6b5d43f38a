"""Fault injection: make the next N calls on a path fail the way URSSAF's platform does.

Kinds:
- ``status``: answer ``status`` (400-599) with an URSSAF-like body: an error array
  (``ERREUR_TECHNIQUE`` for 500/502/504, ``TROP_DE_REQUETES`` for 429, ...); 503 is the
  maintenance page (HTML, the swagger declares no schema for it). ``retry_after`` adds a header.
- ``empty_400``: HTTP 400 with an empty body (seen by CAERP in production).
- ``malformed_json``: HTTP 200 whose JSON body is cut short.
- ``latency``: wait ``latency`` seconds, then answer normally.
- ``expire_token``: the bearer token of the next API call is expired on the spot (401).
- ``drop_response``: the request is processed normally (a registration or a payment request is
  recorded, a token issued…), then the connection is closed without sending the answer: what
  the client sees after a network cut or a gateway failure once URSSAF has done the work.
- ``late_record``: a slow processing. The request (E1 registration, E3 payment requests) is
  checked but not processed now: the sandbox holds the connection ``latency`` seconds (0 by
  default; more than the client's read timeout makes the client give up), then closes it without
  answering. URSSAF records it only later: at the next move of the sandbox clock (control API
  ``/_sandbox/clock/advance`` or ``/set``) or on ``POST /_sandbox/late/record``. A search made
  meanwhile finds nothing; a later one finds it.

``path`` is a path prefix (``/atp/v1/tiersPrestations/demandePaiement``, ``/api/oauth/v1/token``)
or ``"*"`` for every URSSAF path (never the ``/_sandbox`` control API). ``count`` is the number
of matching calls that get the fault; faults are consumed in the order they were added.
``after`` lets that many matching calls through first: a fault in the middle of a
synchronisation (``{"path": ".../rechercher", "after": 1}`` fails the second search).
"""

from __future__ import annotations

import json
import threading
from dataclasses import asdict, dataclass

from .rules import error

KINDS = (
    "status",
    "empty_400",
    "malformed_json",
    "latency",
    "expire_token",
    "drop_response",
    "late_record",
)
MAX_LATENCY = 60.0

MAINTENANCE_PAGE = (
    "<!DOCTYPE html><html lang='fr'><head><title>Maintenance</title></head><body>"
    "<h1>Service momentanément indisponible</h1><p>Le site est en maintenance. "
    "Merci de réessayer ultérieurement.</p></body></html>"
)
_STATUS_ERRORS = {
    400: ("ERREUR_VALIDATION", "Requête incorrecte"),
    404: ("RESSOURCE_INCONNUE", "Ressource inconnue"),
    409: ("CONFLIT", "Conflit"),
    429: ("TROP_DE_REQUETES", "Trop de requêtes : quota d'appels dépassé, réessayez plus tard"),
}


@dataclass
class Fault:
    id: int
    kind: str
    path: str = "*"
    count: int = 1
    status: int | None = None
    latency: float | None = None
    retry_after: int | None = None
    after: int | None = None

    def matches(self, path: str) -> bool:
        return self.path == "*" or path.startswith(self.path)

    def to_dict(self) -> dict:
        return {key: value for key, value in asdict(self).items() if value is not None}


def _int(spec: dict, key: str, default=None, low: int = 0, high: int = 10**6):
    value = spec.get(key, default)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValueError(f"{key} must be an integer in [{low}, {high}]")
    return value


class FaultRegistry:
    """Thread-safe FIFO of pending faults."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._faults: list[Fault] = []
        self._next_id = 1

    def add(self, spec: dict) -> Fault:
        """Validate a fault specification (the control API's JSON) and queue it."""
        if not isinstance(spec, dict):
            raise ValueError("a fault is a JSON object")
        unknown = set(spec) - {"kind", "path", "count", "status", "latency", "retry_after", "after"}
        if unknown:
            raise ValueError(f"unknown fault fields: {', '.join(sorted(unknown))}")
        kind = spec.get("kind")
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {', '.join(KINDS)}")
        path = spec.get("path", "*")
        if not isinstance(path, str) or not (path == "*" or path.startswith("/")):
            raise ValueError('path must be "*" or a path prefix starting with "/"')
        if path.startswith("/_sandbox"):
            raise ValueError("the control API cannot be faulted")
        count = _int(spec, "count", 1, 1)
        after = _int(spec, "after", None, 0) or None
        status = _int(spec, "status", None, 400, 599)
        retry_after = _int(spec, "retry_after", None, 0, 3600)
        latency = spec.get("latency")
        if kind == "status" and status is None:
            raise ValueError("kind status needs status (400-599)")
        if kind == "latency" or (kind == "late_record" and latency is not None):
            if isinstance(latency, bool) or not isinstance(latency, int | float):
                raise ValueError(f"kind {kind} needs latency (seconds)")
            if not 0 <= latency <= MAX_LATENCY:
                raise ValueError(f"latency must be in [0, {MAX_LATENCY}]")
            latency = float(latency)
        elif latency is not None:
            raise ValueError("latency only goes with kind latency or late_record")
        with self._lock:
            fault = Fault(self._next_id, kind, path, count, status, latency, retry_after, after)
            self._next_id += 1
            self._faults.append(fault)
        return fault

    def take(self, path: str, *, api_call: bool) -> Fault | None:
        """Consume one use of the first fault matching this request, if any."""
        with self._lock:
            for fault in self._faults:
                if not fault.matches(path):
                    continue
                if fault.kind == "expire_token" and not api_call:
                    continue
                if fault.after:
                    fault.after -= 1
                    continue
                fault.count -= 1
                if fault.count <= 0:
                    self._faults.remove(fault)
                return fault
        return None

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()

    def pending(self) -> list[dict]:
        with self._lock:
            return [fault.to_dict() for fault in self._faults]


def fault_response(fault: Fault) -> tuple[int, dict[str, str], bytes]:
    """(status, headers, body) for the faults that replace the answer (``status``,
    ``empty_400``, ``malformed_json``; not ``latency``, ``expire_token``, ``drop_response``,
    ``late_record``)."""
    json_type = "application/json;charset=UTF-8"
    if fault.kind == "empty_400":
        return 400, {"Content-Type": json_type}, b""
    if fault.kind == "malformed_json":
        return 200, {"Content-Type": json_type}, b'[{"idClient": "abc", "statut": "1'
    status = fault.status or 500
    headers = {"Content-Type": json_type}
    if fault.retry_after is not None:
        headers["Retry-After"] = str(fault.retry_after)
    if status == 503:
        headers["Content-Type"] = "text/html;charset=UTF-8"
        return status, headers, MAINTENANCE_PAGE.encode()
    if status == 401:
        body = {"error": "invalid_token", "error_description": "Jeton invalide"}
        return status, headers, json.dumps(body).encode()
    if status == 403:
        items = [error("ACCES_REFUSE", "Accès refusé", "Accès refusé")]
    elif status in _STATUS_ERRORS:
        code, message = _STATUS_ERRORS[status]
        items = [error(code, message, message)]
    else:
        items = [error("ERREUR_TECHNIQUE", "Erreur technique, réessayez plus tard")]
    return status, headers, json.dumps(items, ensure_ascii=False).encode()
