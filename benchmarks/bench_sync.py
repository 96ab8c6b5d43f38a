"""The status synchronisation from Odoo: calls, token, SQL per batch, wall time, memory.

    python benchmarks/bench_sync.py [--requests 10000] [--small 1000] [--keep]
                                    (repository root, project's venv)

Real Odoo, real PostgreSQL, the local sandbox over real HTTP (a throwaway database cloned from
the test template, as ``bench_payment_requests.py``). N open payment requests (status 10) are
put in the database and in the sandbox, then one synchronisation runs (``_cron_sync_status``
with a batch of N, as the scheduled action runs it until nothing remains).

Targets (OK/MISSED; exit 1 when one is missed):
- N open requests -> exactly N/10 E4 calls and 1 token request;
- the SQL queries per batch of 10 stay constant (the same at N/10 and N, and along the run);
- the addon's wall time is at most 1.5 x a bare Python loop issuing the same N/10 calls with the
  pure client;
- memory stays flat: the peak of Python allocations during the run at N is at most 1.5 x the
  one at the small N (tracemalloc, a second run with the requests due again).
"""

import argparse
import logging
import os
import statistics
import sys
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_payment_requests import (  # noqa: E402
    MODULE,
    Setup,
    _clone_template,
    _drop,
    _odoo_config,
    report,
)

E4_PATH = "/atp/v1/tiersPrestations/demandePaiement/rechercher"
WALL_RATIO = 1.5
MEMORY_RATIO = 1.5
#: The batch that loads the next page of requests makes the page's queries on top.
PAGE_QUERIES = 2


def _put_requests(env, setup, count, tag):
    """``count`` requests accepted by URSSAF (status 10), in Odoo and in the sandbox; one
    invoice holds 100 of them (the synchronisation reads requests, not invoices)."""
    from odoo.addons.l10n_fr_urssaf_avance_immediate.urssaf_sandbox.payments import (
        PaymentRequest,
    )

    link = env["l10n_fr_urssaf.client"].search([("partner_id", "=", setup.partner.id)], limit=1)
    moves = setup.invoices(max(1, count // 100), 1)
    state = setup.sandbox.state
    now = state.clock.now()
    old = datetime.now() - timedelta(days=1)
    Request = env["l10n_fr_urssaf.payment.request"]
    for start in range(0, count, 1000):
        values = []
        with state.lock:
            for index in range(start, min(count, start + 1000)):
                number = f"BENCH{tag}-{index:06d}"
                urssaf_id = f"9{tag:03d}{index:09d}"
                move = moves[index % len(moves)]
                state.payment_requests[urssaf_id] = PaymentRequest(
                    id=urssaf_id,
                    provider="demo-client-id",
                    id_client=link.urssaf_id,
                    invoice_number=number,
                    invoice_date=setup.today,
                    amount_ttc=Decimal("22.00"),
                    created_at=now,
                    payload={"numFactureTiers": number, "mntFactureTTC": Decimal("22.00")},
                )
                values.append(
                    {
                        "move_id": move.id,
                        "company_id": setup.company.id,
                        "client_link_id": link.id,
                        "invoice_number": number,
                        "amount_total": 22.0,
                        "amount_untaxed": 20.0,
                        "urssaf_id": urssaf_id,
                        "status_code": "10",
                        "state": "integrated",
                        "sent_at": old,
                        "last_check_date": old,
                        "state_changed_at": old,
                    }
                )
        Request._sync_create(values)
        env.cr.commit()
    return Request.search([("invoice_number", "=like", f"BENCH{tag}-%")])


def _network(setup, latency, calls):
    """Every search answers after ``latency`` seconds (the Internet between Odoo and URSSAF)."""
    setup.sandbox.clear_faults()
    if latency:
        setup.sandbox.inject_fault("latency", latency=latency, path=E4_PATH, count=calls)


def _bare_loop(setup, ids, latency=0.0):
    """The same calls with the pure client alone."""
    from odoo.addons.l10n_fr_urssaf_avance_immediate.models.res_company import make_client
    from odoo.addons.l10n_fr_urssaf_avance_immediate.urssaf_api import clear_token_cache

    company = setup.company
    client = make_client(
        company.l10n_fr_urssaf_environment,
        company.l10n_fr_urssaf_local_url,
        company.l10n_fr_urssaf_api_client_id,
        company.l10n_fr_urssaf_api_client_secret,
    )
    clear_token_cache()
    _network(setup, latency, len(ids) // 10)
    start = time.perf_counter()
    found = 0
    for index in range(0, len(ids), 10):
        found += len(client.search_payment_requests(ids=ids[index : index + 10]).items)
    elapsed = time.perf_counter() - start
    if found != len(ids):
        sys.exit(f"the bare loop found {found} of {len(ids)} requests")
    return elapsed


def _run_sync(env, setup, requests, trace=False, profile=False, latency=0.0):
    """One synchronisation of ``requests`` (all due); returns its figures."""
    from odoo.addons.l10n_fr_urssaf_avance_immediate.urssaf_api import clear_token_cache

    Request = env["l10n_fr_urssaf.payment.request"]
    old = datetime.now() - timedelta(days=1)
    env.cr.execute(
        "UPDATE l10n_fr_urssaf_payment_request SET last_check_date = %s WHERE id IN %s",
        (old, tuple(requests.ids)),
    )
    env.cr.commit()
    env.invalidate_all()
    clear_token_cache()
    setup.sandbox.state.stats.__init__()
    _network(setup, latency, len(requests) // 10)
    marks = []
    cron = env["ir.cron"]
    notify = type(cron)._notify_progress

    def counted_progress(self, *, done, remaining, deactivate=False):
        marks.append((done, env.cr.sql_log_count))
        return notify(self, done=done, remaining=remaining, deactivate=deactivate)

    type(cron)._notify_progress = counted_progress
    if trace:
        tracemalloc.start()
    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    try:
        start = time.perf_counter()
        done, remaining = Request._cron_sync_status(
            batch_size=len(requests), now=datetime.now().replace(microsecond=0)
        )
        elapsed = time.perf_counter() - start
        if profiler:
            import pstats

            profiler.disable()
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)
        peak = tracemalloc.get_traced_memory()[1] if trace else None
    finally:
        if trace:
            tracemalloc.stop()
        type(cron)._notify_progress = notify
    env.cr.commit()
    stats = setup.sandbox.stats()
    # queries between two progress marks (one per batch of 10), the final mark left out
    batches = [
        (b_count - a_count)
        for (_a, a_count), (_b, b_count) in zip(marks, marks[1:-1], strict=False)
    ]
    return {
        "done": done,
        "remaining": remaining,
        "e4_calls": stats["api_calls"].get(E4_PATH, 0),
        "tokens": stats["token_requests"],
        "seconds": elapsed,
        "queries_per_batch": batches,
        "peak_mb": peak / 1e6 if peak is not None else None,
    }


def _measure(env, setup, count, tag, profile=False, latency=0.0):
    requests = _put_requests(env, setup, count, tag)
    bare = _bare_loop(setup, requests.mapped("urssaf_id"))
    run = _run_sync(env, setup, requests)
    if latency:
        run["net_bare_seconds"] = _bare_loop(setup, requests.mapped("urssaf_id"), latency)
        run["net_seconds"] = _run_sync(env, setup, requests, latency=latency)["seconds"]
        setup.sandbox.clear_faults()
    if profile:
        _run_sync(env, setup, requests, profile=True)
    memory = _run_sync(env, setup, requests, trace=True)
    run["bare_seconds"] = bare
    run["peak_mb"] = memory["peak_mb"]
    # out of the next measure's way: these requests are no longer open
    env.cr.execute(
        "UPDATE l10n_fr_urssaf_payment_request SET state = 'lost' WHERE id IN %s",
        (tuple(requests.ids),),
    )
    env.cr.commit()
    env.invalidate_all()
    return run


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=10000)
    parser.add_argument("--small", type=int, default=1000)
    parser.add_argument("--db", help="an existing database where the addon is installed")
    parser.add_argument("--keep", action="store_true", help="keep the throwaway database")
    parser.add_argument("--profile", action="store_true", help="print a profile of the run")
    parser.add_argument(
        "--latency",
        type=float,
        default=0.02,
        help="network time of a search call in the second measure (seconds; 0: none)",
    )
    args = parser.parse_args()
    db = args.db or f"{MODULE}_bench_sync_{os.getpid()}"
    odoo = _odoo_config(db)
    from odoo import SUPERUSER_ID, api
    from odoo.modules.registry import Registry
    from odoo.tools import config

    from odoo.addons.l10n_fr_urssaf_avance_immediate.urssaf_sandbox import SandboxServer

    logging.getLogger("urssaf_sandbox").setLevel(logging.WARNING)
    logging.getLogger("urssaf_api").setLevel(logging.WARNING)
    if not args.db:
        _clone_template(db)
        config["init"] = {MODULE: 1}
    try:
        registry = Registry.new(db, update_module=not args.db)
        with SandboxServer() as sandbox, registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"lang": "en_US", "tz": "Europe/Paris"})
            setup = Setup(env, sandbox)
            sandbox.set_now(datetime.now(UTC))
            small = _measure(env, setup, args.small, 1, latency=args.latency)
            large = _measure(env, setup, args.requests, 2, args.profile, args.latency)
    finally:
        odoo.sql_db.close_all()
        if not args.db and not args.keep:
            _drop(db)
    n = args.requests
    per_batch = large["queries_per_batch"] + small["queries_per_batch"]
    median = statistics.median
    checks = [
        (
            f"{n} open requests: {large['e4_calls']} E4 calls (target {n // 10}), "
            f"{large['tokens']} token request (target 1), {large['done']} read, "
            f"{large['remaining']} left",
            large["e4_calls"] == n // 10
            and large["tokens"] == 1
            and large["done"] == n
            and large["remaining"] == 0,
        ),
        (
            f"SQL queries per batch of 10: median {median(small['queries_per_batch'])} at "
            f"N={args.small}, {median(large['queries_per_batch'])} at N={n}; all values "
            f"{sorted(set(per_batch))} (the batches that load the next page of 200 read it; "
            "target: constant, not growing with N)",
            median(large["queries_per_batch"]) == median(small["queries_per_batch"])
            and max(per_batch) - min(per_batch) <= PAGE_QUERIES,
        ),
        (
            f"wall time at N={n}, sandbox on this machine: addon {large['seconds']:.2f} s, bare "
            f"loop of the pure client {large['bare_seconds']:.2f} s, ratio "
            f"{large['seconds'] / large['bare_seconds']:.2f} (target <= {WALL_RATIO}; "
            f"N={args.small}: {small['seconds']:.2f} s vs {small['bare_seconds']:.2f} s)",
            large["seconds"] <= WALL_RATIO * large["bare_seconds"],
        ),
        (
            f"memory peak of the run: N={args.small} {small['peak_mb']:.1f} MB, N={n} "
            f"{large['peak_mb']:.1f} MB (target <= {MEMORY_RATIO} x)",
            large["peak_mb"] <= MEMORY_RATIO * small["peak_mb"],
        ),
    ]
    if args.latency:
        checks.append(
            (
                f"wall time at N={n}, {args.latency * 1000:.0f} ms of network per call: addon "
                f"{large['net_seconds']:.2f} s, bare loop {large['net_bare_seconds']:.2f} s, "
                f"ratio {large['net_seconds'] / large['net_bare_seconds']:.2f} (target <= "
                f"{WALL_RATIO})",
                large["net_seconds"] <= WALL_RATIO * large["net_bare_seconds"],
            )
        )
    return report(checks)


if __name__ == "__main__":
    sys.exit(main())
