"""Command line: run the sandbox and drive a running one through its control API.

    python -m urssaf_sandbox serve   [--host 127.0.0.1] [--port 8765] [--expires-in 3600]
    python -m urssaf_sandbox advance [--url URL] [--days N] [--hours N] [--minutes N]
    python -m urssaf_sandbox set-clock [--url URL] --now 2024-05-01T10:00:00Z
    python -m urssaf_sandbox status  [--url URL] [--json]
    python -m urssaf_sandbox fault   [--url URL] --kind status --status 503 [--count 1] [--path P]
                                     [--latency S] [--retry-after S]
        kinds: status, empty_400, malformed_json, latency, expire_token, drop_response
        (drop_response: the call is processed, then the connection is closed unanswered)
    python -m urssaf_sandbox deposits [--url URL] --allow | --forbid
        (whether URSSAF authorised the provider to declare deposits: mntAcompte)
    python -m urssaf_sandbox reset   [--url URL]

``--url`` defaults to ``$URSSAF_SANDBOX_URL`` or http://127.0.0.1:8765.
"""

# A command-line tool talks to its user on standard output.
# pylint: disable=print-used

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import sys
import urllib.error
import urllib.request

from .faults import KINDS
from .server import SandboxServer

DEFAULT_URL = "http://127.0.0.1:8765"


def _call(url: str, method: str, path: str, payload: dict | None = None) -> dict:
    data = None if payload is None else json.dumps(payload).encode()
    request = urllib.request.Request(
        url.rstrip("/") + path,
        data=data,
        method=method,
        headers={"Content-Type": "application/json"} if data is not None else {},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as exc:
        detail = exc.read().decode("utf-8", "replace")
        raise SystemExit(f"error: {method} {path} -> HTTP {exc.code}: {detail}") from None
    except urllib.error.URLError as exc:
        raise SystemExit(f"error: cannot reach the sandbox at {url}: {exc.reason}") from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m urssaf_sandbox", description="Local URSSAF 'API Tiers de Prestation'."
    )
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="run the sandbox in the foreground")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8765, help="0 picks a free port")
    serve.add_argument("--expires-in", type=int, default=3600, help="token lifetime (s)")
    serve.add_argument("--quiet", action="store_true", help="no request log")

    def with_url(name: str, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text)
        sub.add_argument("--url", default=os.environ.get("URSSAF_SANDBOX_URL", DEFAULT_URL))
        return sub

    advance = with_url("advance", "move the sandbox clock forward")
    advance.add_argument("--days", type=float, default=0)
    advance.add_argument("--hours", type=float, default=0)
    advance.add_argument("--minutes", type=float, default=0)

    set_clock = with_url("set-clock", "set the sandbox clock")
    set_clock.add_argument("--now", required=True, help="ISO date-time, e.g. 2024-05-01T10:00:00Z")

    status = with_url("status", "show clock, clients, payment requests and call counts")
    status.add_argument("--json", action="store_true", help="print the raw state")

    fault = with_url("fault", "make the next call(s) fail")
    fault.add_argument("--kind", choices=KINDS, required=True)
    fault.add_argument("--status", type=int, help="HTTP status for --kind status (e.g. 503)")
    fault.add_argument("--count", type=int, default=1)
    fault.add_argument("--path", default="*", help='path prefix, or "*" (default)')
    fault.add_argument("--latency", type=float, help="seconds, for --kind latency")
    fault.add_argument("--retry-after", type=int, help="Retry-After header, for --kind status")

    deposits = with_url("deposits", "authorise deposits (mntAcompte), or forbid them again")
    choice = deposits.add_mutually_exclusive_group(required=True)
    choice.add_argument("--allow", action="store_true")
    choice.add_argument("--forbid", action="store_true")

    with_url("reset", "forget everything, clock back to real time")
    return parser


def _print_status(state: dict) -> None:
    print(f"now: {state['now']} (today {state['today']}), token lifetime {state['expires_in']} s")
    print(f"deposits (mntAcompte) authorised: {'yes' if state['deposits_allowed'] else 'no'}")
    print(f"clients: {len(state['clients'])}")
    for client in state["clients"]:
        status = client["statut"]
        shown = status if isinstance(status, str) else f"{status['code']} {status['description']}"
        mail, scenario = client["adresseMail"], client["scenario"]
        print(f"  {client['idClient']}  {mail:<32} {scenario:<9} {shown}")
    print(f"payment requests: {len(state['payment_requests'])}")
    for dp in state["payment_requests"]:
        print(
            f"  {dp['idDemandePaiement']}  {dp['numFactureTiers']:<20} {dp['mntFactureTTC']:>10}"
            f"  {dp['statut']['code']} {dp['statut']['libelle']}"
        )
    stats = state["stats"]
    print(f"token requests: {stats['token_requests']}")
    for path, count in sorted(stats["api_calls"].items()):
        print(f"  {path}: {count}")
    if state["faults"]:
        print("pending faults: " + json.dumps(state["faults"]))


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "serve":
        logging.basicConfig(
            level=logging.WARNING if args.quiet else logging.INFO,
            format="%(asctime)s %(name)s %(message)s",
        )
        server = SandboxServer(host=args.host, port=args.port, expires_in=args.expires_in)
        server.start()
        print(f"URSSAF sandbox listening on {server.url}", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            server.serve_forever()
        return 0
    if args.command == "advance":
        answer = _call(
            args.url,
            "POST",
            "/_sandbox/clock/advance",
            {"days": args.days, "hours": args.hours, "minutes": args.minutes},
        )
        print(f"sandbox clock: {answer['now']}")
    elif args.command == "set-clock":
        answer = _call(args.url, "POST", "/_sandbox/clock/set", {"now": args.now})
        print(f"sandbox clock: {answer['now']}")
    elif args.command == "status":
        state = _call(args.url, "GET", "/_sandbox/state")
        if args.json:
            print(json.dumps(state, indent=2, ensure_ascii=False))
        else:
            _print_status(state)
    elif args.command == "fault":
        spec = {"kind": args.kind, "count": args.count, "path": args.path}
        for key in ("status", "latency", "retry_after"):
            if getattr(args, key) is not None:
                spec[key] = getattr(args, key)
        answer = _call(args.url, "POST", "/_sandbox/faults", spec)
        print("fault queued: " + json.dumps(answer))
    elif args.command == "deposits":
        answer = _call(args.url, "POST", "/_sandbox/config", {"deposits_allowed": args.allow})
        print(f"deposits authorised: {'yes' if answer['deposits_allowed'] else 'no'}")
    elif args.command == "reset":
        answer = _call(args.url, "POST", "/_sandbox/reset", {})
        print(f"sandbox reset, clock: {answer['now']}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
