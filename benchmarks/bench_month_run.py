"""Billing a month for every client: the pre-check, then the posting and sending in the background.

    python benchmarks/bench_month_run.py [--clients 500] [--lines 3] [--keep]
                                         (repository root, project's venv)

Real Odoo, real PostgreSQL (a throwaway database cloned from the test template, as
``bench_payment_requests.py``), the local sandbox over real HTTP. N clients are registered with
the sandbox and activated; each has one draft invoice of the month with M lines. A URSSAF
manager then bills the month (``l10n_fr_urssaf.month.run``): the check, then the confirmation,
done by the scheduled action as in production (batches of 10 invoices, each committed, the
action called again until the run is done).

Targets (OK/MISSED; exit 1 when one is missed), for 500 clients, 500 invoices, 1,500 lines:
- the pre-check takes at most 30 s and finds every client ready;
- the posting and sending takes at most 3 minutes, with exactly one E3 call per 10 invoices
  (50) and every invoice accepted;
- memory: a second month run of 100 more invoices ("Bill what is left"), the peak of Python
  allocations during its last batch is at most 1.5 x the one during its second batch (a batch
  keeps nothing: the memory does not grow with the month).
"""

import argparse
import logging
import os
import sys
import time
import tracemalloc
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_payment_requests import (  # noqa: E402
    MODULE,
    _clone_template,
    _drop,
    _odoo_config,
    french_company,
    hourly_service,
    report,
)

CHECK_SECONDS = 30.0
SEND_SECONDS = 180.0
MEMORY_RATIO = 1.5
E3_PATH = "/atp/v1/tiersPrestations/demandePaiement"
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _letters(n):
    """A name without digits (URSSAF refuses them): AAA, AAB, ..."""
    return "".join(LETTERS[(n // 26**k) % 26] for k in (2, 1, 0))


class Month:
    """A French company on the sandbox, a URSSAF manager, N active clients."""

    def __init__(self, env, sandbox):
        self.env, self.sandbox = env, sandbox
        company = self.company = french_company(env)
        company.write(
            {
                "l10n_fr_urssaf_environment": "local",
                "l10n_fr_urssaf_local_url": sandbox.url,
                "l10n_fr_urssaf_api_client_id": "demo-client-id",
                "l10n_fr_urssaf_api_client_secret": "demo-client-secret",
                "l10n_fr_urssaf_provider_identifier": "SAP123456789",
            }
        )
        _tax, self.product = hourly_service(env)
        self.manager = (
            env["res.users"]
            .with_context(no_reset_password=True)
            .create(
                {
                    "name": "URSSAF manager (bench)",
                    "login": "bench_month_manager",
                    "company_id": company.id,
                    "company_ids": [(6, 0, company.ids)],
                    "groups_id": [
                        (4, env.ref("base.group_user").id),
                        (4, env.ref(f"{MODULE}.group_urssaf_manager").id),
                    ],
                }
            )
        )
        self.today = env["account.move"]._fields["invoice_date"].context_today(env["account.move"])

    def clients(self, count):
        env = self.env
        france = env.ref("base.fr")
        department = env["res.country.department"].search(
            [("code", "=", "77"), ("country_id", "=", france.id)], limit=1
        )
        partners = env["res.partner"].create(
            [
                {
                    "name": f"Jeanne {_letters(n)}",
                    "title": env.ref("base.res_partner_title_madam").id,
                    "street": "12 bis avenue des Lilas",
                    "zip": "77300",
                    "city": "Fontainebleau",
                    "country_id": france.id,
                    "mobile": f"+33 6 12 {n // 10000 % 100:02d} {n // 100 % 100:02d} {n % 100:02d}",
                    "email": f"client.{n}@exemple.fr",
                    "bank_ids": [
                        (
                            0,
                            0,
                            {
                                "acc_number": "FR7630006000011234567890189",
                                "acc_holder_name": f"Mme Jeanne {_letters(n)}",
                            },
                        )
                    ],
                    "l10n_fr_urssaf_birth_date": date(1980, 3, 29),
                    "l10n_fr_urssaf_birth_country_id": france.id,
                    "l10n_fr_urssaf_birth_department_id": department.id,
                    "l10n_fr_urssaf_birth_commune_code": "77186",
                    "l10n_fr_urssaf_birth_commune_label": "Fontainebleau",
                    "l10n_fr_urssaf_commune_code": "77186",
                }
                for n in range(count)
            ]
        )
        Link = env["l10n_fr_urssaf.client"]
        self.sandbox.set_now(datetime.now(UTC) - timedelta(days=10))
        links = Link
        for partner in partners:
            link, outcome, message = Link._register_partner(
                partner, self.company, partner._l10n_fr_urssaf_registration_data(), "no"
            )
            if outcome != "success":
                sys.exit(f"registration failed: {message}")
            links |= link
        self.sandbox.set_now(datetime.now(UTC))
        for link in links:
            link._refresh_status()
        if set(links.mapped("state")) != {"active"}:
            sys.exit(f"clients not active: {set(links.mapped('state'))}")
        self.start = max(max(links.mapped("activation_date")), self.today.replace(day=1))
        env.cr.commit()
        return partners

    def drafts(self, partners, lines):
        moves = self.env["account.move"].create(
            [
                {
                    "move_type": "out_invoice",
                    "partner_id": partner.id,
                    "invoice_date": self.today,
                    "l10n_fr_urssaf_service_start": self.start,
                    "l10n_fr_urssaf_service_end": self.today,
                    "invoice_line_ids": [
                        (
                            0,
                            0,
                            {
                                "product_id": self.product.id,
                                "quantity": 1 + (k % 4) * 0.25,
                                "price_unit": 20.0 + k + n % 7,
                            },
                        )
                        for k in range(lines)
                    ],
                }
                for n, partner in enumerate(partners)
            ]
        )
        self.env.cr.commit()
        return moves


def _bill(env, month, run, memory=False):
    """Confirm ``run`` as its manager, then call the scheduled action until it is done;
    returns ``(seconds, E3 calls, peaks per batch)``."""
    Run = type(env["l10n_fr_urssaf.month.run"])
    peaks = []
    process = Run._process_batch
    if memory:

        def measured(self, *args, **kwargs):
            tracemalloc.reset_peak()
            done = process(self, *args, **kwargs)
            if done:  # a batch was sent (not the last call, which only ends the run)
                peaks.append(tracemalloc.get_traced_memory()[1])
            return done

        Run._process_batch = measured
        tracemalloc.start()
    before = month.sandbox.stats()["api_calls"].get(E3_PATH, 0)
    start = time.perf_counter()
    try:
        run.with_user(month.manager).action_confirm()
        env.cr.commit()
        while True:
            env["l10n_fr_urssaf.month.run"]._cron_send()
            env.cr.commit()
            env.invalidate_all()
            if run.state == "done":
                break
    finally:
        if memory:
            tracemalloc.stop()
            Run._process_batch = process
    seconds = time.perf_counter() - start
    calls = month.sandbox.stats()["api_calls"].get(E3_PATH, 0) - before
    return seconds, calls, peaks


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=500)
    parser.add_argument("--lines", type=int, default=3)
    parser.add_argument("--db", help="an existing database where the addon is installed")
    parser.add_argument("--keep", action="store_true", help="keep the throwaway database")
    args = parser.parse_args()
    db = args.db or f"{MODULE}_bench_{os.getpid()}"
    odoo = _odoo_config(db)
    from odoo import SUPERUSER_ID, api
    from odoo.modules.registry import Registry
    from odoo.tools import config

    from odoo.addons.l10n_fr_urssaf_avance_immediate.urssaf_sandbox import SandboxServer

    logging.getLogger("urssaf_sandbox").setLevel(logging.WARNING)
    if not args.db:
        _clone_template(db)
        config["init"] = {MODULE: 1}
    try:
        registry = Registry.new(db, update_module=not args.db)
        with SandboxServer() as sandbox, registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"lang": "en_US", "tz": "Europe/Paris"})
            month = Month(env, sandbox)
            started = time.perf_counter()
            partners = month.clients(args.clients)
            moves = month.drafts(partners, args.lines)
            setup_seconds = time.perf_counter() - started
            lines = len(moves.invoice_line_ids)
            Run = env["l10n_fr_urssaf.month.run"].with_user(month.manager)
            run = Run.create({"year": month.today.year, "month": str(month.today.month)})
            env.cr.commit()
            env.invalidate_all()
            start = time.perf_counter()
            run.action_check()
            check_seconds = time.perf_counter() - start
            env.cr.commit()
            ready = run.ready_count
            send_seconds, calls, _peaks = _bill(env, month, run)
            env.invalidate_all()
            accepted = run.accepted_count
            states = set(moves.mapped("l10n_fr_urssaf_state"))
            # memory: 100 more invoices, billed by "Bill what is left" with tracemalloc on
            extra = month.drafts(partners[:100], args.lines)
            action = run.with_user(month.manager).action_rerun()
            rerun = Run.browse(action["res_id"])
            env.cr.commit()
            rerun_ready = rerun.ready_invoice_count
            _seconds, rerun_calls, peaks = _bill(env, month, rerun, memory=True)
            env.invalidate_all()
            rerun_accepted = set(extra.mapped("l10n_fr_urssaf_state"))
    finally:
        odoo.sql_db.close_all()
        if not args.db and not args.keep:
            _drop(db)
    count = args.clients
    print(f"set-up (registrations, invoices): {setup_seconds:.1f} s")
    checks = [
        (
            f"pre-check of {count} clients, {len(moves)} invoices, {lines} lines: "
            f"{check_seconds:.1f} s (target <= {CHECK_SECONDS:.0f} s), {ready} ready",
            check_seconds <= CHECK_SECONDS and ready == count,
        ),
        (
            f"posted and sent in the background: {send_seconds:.1f} s (target <= "
            f"{SEND_SECONDS:.0f} s), {calls} E3 calls (target {-(-len(moves) // 10)}), "
            f"{accepted} clients accepted, invoices {sorted(states)}",
            send_seconds <= SEND_SECONDS
            and calls == -(-len(moves) // 10)
            and accepted == count
            and states == {"integrated"},
        ),
    ]
    if len(peaks) >= 3:
        second, last = peaks[1], peaks[-1]
        checks.append(
            (
                f"memory, bill what is left ({rerun_ready} invoices, {rerun_calls} E3 calls, "
                f"{sorted(rerun_accepted)}): peak during batch 2 {second / 1e6:.1f} MB, during "
                f"the last ({len(peaks)}) {last / 1e6:.1f} MB (target <= {MEMORY_RATIO} x)",
                last <= MEMORY_RATIO * second
                and rerun_ready == len(extra)
                and rerun_accepted == {"integrated"},
            )
        )
    else:
        checks.append((f"memory: too few batches ({len(peaks)}) to compare", False))
    return report(checks)


if __name__ == "__main__":
    sys.exit(main())
