"""Two Odoo server processes run the status synchronisation at the same time on one database.

    python benchmarks/bench_scaleout.py [--requests 2000] [--paid 200] [--keep]
                                        (repository root, project's venv)

The deployment of a provider with several workers or servers: the scheduled action may run in
two processes at once. A throwaway database is cloned from the test template (as
``bench_sync.py``), N open payment requests are put in it and in the local sandbox (served by this
process over real HTTP), ``--paid`` of them already paid by URSSAF on invoices of their own. Then
two separate Odoo processes (``python -c`` with the Odoo library, ``--workers=0``-like: one
thread, one database connection each) load the registry, wait for a common start signal and
run ``_cron_sync_status`` with a batch of N at the same moment.

Targets (OK/MISSED; exit 1 when one is missed):
- every request is read at URSSAF exactly once (the ids the sandbox answered for, counted here);
- every paid request has exactly one payment, its invoice paid; no other payment;
- no error: both processes exit 0, nothing logged at ERROR or with a traceback, no request
  marked as failed, nothing left due;
- both processes did part of the work (they really ran at the same time).
"""

import argparse
import json
import logging
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_payment_requests import (  # noqa: E402
    MODULE,
    ROOT,
    Setup,
    _clone_template,
    _drop,
    _odoo_config,
    report,
)
from bench_sync import _put_requests  # noqa: E402

#: What each Odoo process runs: load the registry, say it is ready, wait for the start signal,
#: run the synchronisation, print its figures.
WORKER = """
import json, sys, time
sys.path.insert(0, {benchmarks!r})
from bench_payment_requests import _odoo_config
odoo = _odoo_config({db!r})
from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry
registry = Registry({db!r})
print("ready", flush=True)
sys.stdin.readline()
with registry.cursor() as cr:
    env = api.Environment(cr, SUPERUSER_ID, {{}})
    start = time.perf_counter()
    done, remaining = env["l10n_fr_urssaf.payment.request"]._cron_sync_status(batch_size={n})
    cr.commit()
    print(json.dumps({{"done": done, "remaining": remaining,
                      "seconds": time.perf_counter() - start}}), flush=True)
"""


def _put_paid(env, setup, count):
    """``count`` requests that URSSAF paid 9 days ago, each on an invoice of its own (the transfer
    is the invoice's total)."""
    from odoo.addons.l10n_fr_urssaf_avance_immediate.urssaf_sandbox.payments import (
        PaymentRequest,
    )

    link = env["l10n_fr_urssaf.client"].search([("partner_id", "=", setup.partner.id)], limit=1)
    moves = setup.invoices(count, 1)
    state = setup.sandbox.state
    paid_at = state.clock.now() - timedelta(days=9)
    old = datetime.now() - timedelta(days=1)
    values = []
    with state.lock:
        for index, move in enumerate(moves):
            number = f"PAID-{index:06d}"
            urssaf_id = f"8{index:012d}"
            total = Decimal(str(move.amount_total))
            state.payment_requests[urssaf_id] = PaymentRequest(
                id=urssaf_id,
                provider="demo-client-id",
                id_client=link.urssaf_id,
                invoice_number=number,
                invoice_date=setup.today,
                amount_ttc=total,
                created_at=paid_at,
                payload={"numFactureTiers": number, "mntFactureTTC": total},
            )
            values.append(
                {
                    "move_id": move.id,
                    "company_id": setup.company.id,
                    "client_link_id": link.id,
                    "invoice_number": number,
                    "amount_total": move.amount_total,
                    "amount_untaxed": move.amount_untaxed,
                    "urssaf_id": urssaf_id,
                    "status_code": "10",
                    "state": "integrated",
                    "sent_at": old,
                    "last_check_date": old,
                    "state_changed_at": old,
                }
            )
    requests = env["l10n_fr_urssaf.payment.request"]._sync_create(values)
    env.cr.commit()
    return requests


def _count_reads(sandbox):
    """Count, per request id, the E4 answers the sandbox gives (this process serves it)."""
    state = sandbox.state
    search = state.search
    reads = Counter()

    def counting_search(provider, body):
        status, answer = search(provider, body)
        if status == 200:
            reads.update(info["idDemandePaiement"] for info in answer["infoDemandePaiements"])
        return status, answer

    state.search = counting_search
    return reads


def _run_workers(db, n):
    env = dict(os.environ)
    code = WORKER.format(benchmarks=str(ROOT / "benchmarks"), db=db, n=n)
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", code],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            cwd=str(ROOT),
        )
        for _index in range(2)
    ]
    for worker in workers:
        line = worker.stdout.readline()
        if line.strip() != "ready":
            sys.exit(f"a worker did not start: {line}{worker.stderr.read()}")
    start = time.perf_counter()
    for worker in workers:
        worker.stdin.write("go\n")
        worker.stdin.flush()
    results = []
    for worker in workers:
        out, err = worker.communicate(timeout=1800)
        figures = json.loads(out.strip().splitlines()[-1]) if worker.returncode == 0 else {}
        log = Path(tempfile.gettempdir()) / f"bench_scaleout_{os.getpid()}_{len(results)}.log"
        log.write_text(err)
        results.append({"rc": worker.returncode, "stderr": err, "log": str(log), **figures})
    return results, time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--paid", type=int, default=200)
    parser.add_argument("--keep", action="store_true", help="keep the throwaway database")
    args = parser.parse_args()
    db = f"{MODULE}_bench_scaleout_{os.getpid()}"
    odoo = _odoo_config(db)
    from odoo import SUPERUSER_ID, api
    from odoo.modules.registry import Registry
    from odoo.tools import config

    from odoo.addons.l10n_fr_urssaf_avance_immediate.urssaf_sandbox import SandboxServer

    logging.getLogger("urssaf_sandbox").setLevel(logging.WARNING)
    logging.getLogger("urssaf_api").setLevel(logging.WARNING)
    _clone_template(db)
    config["init"] = {MODULE: 1}
    try:
        registry = Registry.new(db, update_module=True)
        with SandboxServer() as sandbox, registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"lang": "en_US", "tz": "Europe/Paris"})
            setup = Setup(env, sandbox)
            sandbox.set_now(datetime.now(UTC))
            setup.company.l10n_fr_urssaf_transfer_journal_id = env["account.journal"].search(
                [("type", "=", "bank"), ("company_id", "=", setup.company.id)], limit=1
            )
            paid = _put_paid(env, setup, args.paid)
            open_requests = _put_requests(env, setup, args.requests - args.paid, 7)
            requests = paid | open_requests
            env.cr.commit()
            reads = _count_reads(sandbox)
            results, wall = _run_workers(db, args.requests)
            env.invalidate_all()
            Payment = env["account.payment"]
            payments = Payment.search([("l10n_fr_urssaf_request_id", "in", requests.ids)])
            per_request = Counter(payments.mapped("l10n_fr_urssaf_request_id").ids)
            booked_twice = [rid for rid, count in per_request.items() if count > 1]
            unpaid = paid.filtered(lambda r: r.id not in per_request)
            residual = sum(paid.move_id.mapped("amount_residual"))
            failed = requests.filtered("sync_failed")
            due = env["l10n_fr_urssaf.payment.request"].search_count(
                env["l10n_fr_urssaf.payment.request"]._cron_domain(datetime.now())
                + [("id", "in", requests.ids)]
            )
            states = Counter(requests.mapped("state"))
            urssaf_ids = set(requests.mapped("urssaf_id"))
    finally:
        odoo.sql_db.close_all()
        if not args.keep:
            _drop(db)
    n = args.requests
    read_once = sum(1 for i in urssaf_ids if reads[i] == 1)
    read_twice = sum(1 for i in urssaf_ids if reads[i] > 1)
    not_read = sum(1 for i in urssaf_ids if reads[i] == 0)
    logs = [result["stderr"] for result in results]
    errors = [
        line
        for log in logs
        for line in log.splitlines()
        if " ERROR " in line or " CRITICAL " in line or line.startswith("Traceback")
    ]
    done = [result.get("done", 0) for result in results]
    seconds = [result.get("seconds", 0.0) for result in results]
    checks = [
        (
            f"{n} open requests, two Odoo processes at once: read once {read_once}, twice or "
            f"more {read_twice}, not read {not_read} (target: all {n} once); the processes read "
            f"{done[0]} and {done[1]} in {seconds[0]:.1f} s and {seconds[1]:.1f} s ({wall:.1f} s "
            "in all)",
            read_once == n and sum(done) == n,
        ),
        (
            f"{args.paid} paid requests: {len(per_request)} with a payment, {len(booked_twice)} "
            f"booked twice, {len(unpaid)} without, {len(payments)} payments in all, invoices' "
            f"residual {residual:.2f} (target: one each, residual 0)",
            len(per_request) == args.paid
            and not booked_twice
            and not unpaid
            and len(payments) == args.paid
            and abs(residual) < 0.005,
        ),
        (
            f"no error: exit codes {[result['rc'] for result in results]}, {len(errors)} error "
            f"lines in the logs, {len(failed)} requests marked failed, {due} still due; states "
            f"{dict(states)}"
            + (f"; logs: {', '.join(result['log'] for result in results)}" if errors else ""),
            all(result["rc"] == 0 for result in results) and not errors and not failed and not due,
        ),
        (
            f"both processes worked at the same time: {done[0]} and {done[1]} requests",
            min(done) > 0,
        ),
    ]
    return report(checks)


if __name__ == "__main__":
    sys.exit(main())
