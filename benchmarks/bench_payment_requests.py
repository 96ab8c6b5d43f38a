"""Sending payment requests from Odoo: calls, token, server time and SQL queries per batch.

    python benchmarks/bench_payment_requests.py [--invoices 100] [--keep]   (repository root,
                                                                             project's venv)

Real Odoo, real PostgreSQL, the local sandbox over real HTTP. A throwaway database is cloned from
the test template database (``scripts/test`` builds it), the addon installed from this checkout,
and dropped at the end (``--keep`` keeps it; ``--db`` uses an existing database where the addon
is installed). Environment: ``ODOO_SRC`` (default /opt/odoo-18.0), ``PGHOST``/``PGPORT``,
``ODOO_DB_USER`` (default odoo), ``URSSAF_AI_HOME``, ``URSSAF_AI_CHECKOUT_KEY``, as the scripts.

Targets (printed as OK/MISSED; the script exits 1 when one is missed):
- sending 100 valid invoices makes exactly 10 E3 calls and 1 token request;
- the addon's own server time per invoice (checks, payload, recording; the HTTP wait excluded)
  is under 40 ms (about 20-25 ms on a shared 2-core machine);
- the SQL queries per batch of 10 do not grow with the number of lines (1 line vs 8 lines).
"""

import argparse
import logging
import os
import sys
import time
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MODULE = "l10n_fr_urssaf_avance_immediate"
TARGET_MS_PER_INVOICE = 40.0


def _odoo_config(db):
    import odoo
    from odoo.tools import config

    home = Path(os.environ.get("URSSAF_AI_HOME", Path.home() / ".local/share" / MODULE))
    key = os.environ.get("URSSAF_AI_CHECKOUT_KEY")
    link_dir = home / (f"addons-{key}" if key else "addons")
    link_dir.mkdir(parents=True, exist_ok=True)
    link = link_dir / MODULE
    if not link.exists():
        link.symlink_to(ROOT)
    src = Path(os.environ.get("ODOO_SRC", "/opt/odoo-18.0"))
    paths = [str(link_dir)] + [str(p) for p in (src / "addons", src / "odoo/addons") if p.is_dir()]
    user = os.environ.get("ODOO_DB_USER", "odoo")
    config.parse_config(
        [
            "-d",
            db,
            f"--addons-path={','.join(paths)}",
            f"--db_host={os.environ.get('PGHOST', '127.0.0.1')}",
            f"--db_port={os.environ.get('PGPORT', '5432')}",
            f"--db_user={user}",
            f"--db_password={user}",
            f"--data-dir={home / 'data'}",
            "--without-demo=all",
            "--log-level=warn",
        ]
    )
    return odoo


def _clone_template(db):
    import psycopg2

    user = os.environ.get("ODOO_DB_USER", "odoo")
    conn = psycopg2.connect(
        dbname="postgres",
        user=user,
        password=user,
        host=os.environ.get("PGHOST", "127.0.0.1"),
        port=os.environ.get("PGPORT", "5432"),
    )
    conn.autocommit = True
    with conn.cursor() as cr:
        cr.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE %s AND datname NOT LIKE %s "
            "ORDER BY oid DESC LIMIT 1",
            (f"{MODULE}\\_tmpl\\_%", "%\\_building"),
        )
        row = cr.fetchone()
        if not row:
            sys.exit("no template database: run scripts/test --odoo-only once first")
        cr.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
        cr.execute(f'CREATE DATABASE "{db}" TEMPLATE "{row[0]}"')
    conn.close()


def _drop(db):
    import psycopg2

    user = os.environ.get("ODOO_DB_USER", "odoo")
    conn = psycopg2.connect(
        dbname="postgres",
        user=user,
        password=user,
        host=os.environ.get("PGHOST", "127.0.0.1"),
        port=os.environ.get("PGPORT", "5432"),
    )
    conn.autocommit = True
    with conn.cursor() as cr:
        cr.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
    conn.close()


def french_company(env):
    """The environment's company in France, in euros, with the French chart of accounts."""
    company = env.company
    euro = env.ref("base.EUR")
    euro.active = True
    company.country_id = env.ref("base.fr")
    if company.currency_id != euro:
        company.currency_id = euro
    if not company.chart_template:
        env["account.chart.template"].try_loading("fr", company, install_demo=False)
    return company


def hourly_service(env, tax_name="TVA 10 % (bench)"):
    """A 10 % VAT tax and an hourly cleaning service (URSSAF nature 60): ``(tax, product)``."""
    tax = env["account.tax"].create({"name": tax_name, "amount": 10.0, "type_tax_use": "sale"})
    hour = env.ref("uom.product_uom_hour")
    product = env["product.product"].create(
        {
            "name": "Ménage",
            "type": "service",
            "uom_id": hour.id,
            "uom_po_id": hour.id,
            "taxes_id": [(6, 0, tax.ids)],
            "l10n_fr_urssaf_nature": "60",
        }
    )
    return tax, product


class Setup:
    """A French company on the local sandbox, an active client, two products."""

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
        self.partner = self._active_client()
        self.today = env["account.move"]._fields["invoice_date"].context_today(env["account.move"])
        self.start = max(self.activation, self.today.replace(day=1))

    def _active_client(self):
        env = self.env
        france = env.ref("base.fr")
        department = env["res.country.department"].search(
            [("code", "=", "77"), ("country_id", "=", france.id)], limit=1
        )
        partner = env["res.partner"].create(
            {
                "name": "Jeanne MARTIN",
                "title": env.ref("base.res_partner_title_madam").id,
                "street": "12 bis avenue des Lilas",
                "zip": "77300",
                "city": "Fontainebleau",
                "country_id": france.id,
                "mobile": "+33 6 12 34 56 78",
                "email": "jeanne.bench@exemple.fr",
                "bank_ids": [
                    (
                        0,
                        0,
                        {
                            "acc_number": "FR7630006000011234567890189",
                            "acc_holder_name": "Mme Jeanne Martin",
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
        )
        self.sandbox.set_now(datetime.now(UTC) - timedelta(days=10))
        data = partner._l10n_fr_urssaf_registration_data()
        link, outcome, message = env["l10n_fr_urssaf.client"]._register_partner(
            partner, self.company, data, "no"
        )
        if outcome != "success":
            sys.exit(f"registration failed: {message}")
        self.sandbox.set_now(datetime.now(UTC))
        link._refresh_status()
        if link.state != "active":
            sys.exit(f"the client is not active: {link.state}")
        self.activation = link.activation_date
        return partner

    def invoices(self, count, lines):
        Move = self.env["account.move"]
        moves = Move.create(
            [
                {
                    "move_type": "out_invoice",
                    "partner_id": self.partner.id,
                    "invoice_date": self.today,
                    "l10n_fr_urssaf_service_start": self.start,
                    "l10n_fr_urssaf_service_end": self.today,
                    "invoice_line_ids": [
                        (
                            0,
                            0,
                            {
                                "product_id": self.product.id,
                                "quantity": 1 + (n % 4) * 0.25,
                                "price_unit": 20.0 + n,
                            },
                        )
                        for n in range(lines)
                    ],
                }
                for _i in range(count)
            ]
        )
        moves.action_post()
        self.env.cr.commit()
        return moves


def _measure(env, setup, count, lines):
    """Send ``count`` invoices of ``lines`` lines; returns the figures."""
    from odoo.addons.l10n_fr_urssaf_avance_immediate.urssaf_api import (
        UrssafClient,
        clear_token_cache,
    )

    Request = env["l10n_fr_urssaf.payment.request"]
    moves = setup.invoices(count, lines)
    env.invalidate_all()
    moves = env["account.move"].browse(moves.ids)
    clear_token_cache()
    setup.sandbox.reset_stats()
    http = {"seconds": 0.0}
    queries = []
    submit = UrssafClient.submit_payment_requests
    send_chunk = type(Request)._send_chunk

    def timed_submit(client, requests):
        start = time.perf_counter()
        try:
            return submit(client, requests)
        finally:
            http["seconds"] += time.perf_counter() - start

    def counted_chunk(self, chunk, api_client, company, now):
        before = self.env.cr.sql_log_count
        try:
            return send_chunk(self, chunk, api_client, company, now)
        finally:
            queries.append(self.env.cr.sql_log_count - before)

    UrssafClient.submit_payment_requests = timed_submit
    type(Request)._send_chunk = counted_chunk
    try:
        start = time.perf_counter()
        results = Request._send_invoices(moves)
        total = time.perf_counter() - start
    finally:
        UrssafClient.submit_payment_requests = submit
        type(Request)._send_chunk = send_chunk
    env.cr.commit()
    stats = setup.sandbox.stats()
    return {
        "outcomes": Counter(outcome for _move, outcome, _message in results),
        "e3_calls": stats["api_calls"].get("/atp/v1/tiersPrestations/demandePaiement", 0),
        "tokens": stats["token_requests"],
        "ms_per_invoice": (total - http["seconds"]) / count * 1000,
        "http_ms": http["seconds"] * 1000,
        "queries_per_batch": queries,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--invoices", type=int, default=100)
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
            sandbox.reset_stats = lambda: sandbox.state.stats.__init__()
            env = api.Environment(cr, SUPERUSER_ID, {"lang": "en_US", "tz": "Europe/Paris"})
            setup = Setup(env, sandbox)
            main_run = _measure(env, setup, args.invoices, 2)
            one_line = _measure(env, setup, 20, 1)
            many_lines = _measure(env, setup, 20, 8)
    finally:
        odoo.sql_db.close_all()
        if not args.db and not args.keep:
            _drop(db)
    checks = [
        (
            f"{args.invoices} invoices: {main_run['e3_calls']} E3 calls (target "
            f"{-(-args.invoices // 10)}), {main_run['tokens']} token request (target 1), "
            f"outcomes {dict(main_run['outcomes'])}",
            main_run["e3_calls"] == -(-args.invoices // 10)
            and main_run["tokens"] == 1
            and main_run["outcomes"]["success"] == args.invoices,
        ),
        (
            f"server time per invoice without the HTTP wait: {main_run['ms_per_invoice']:.1f} ms "
            f"(target < {TARGET_MS_PER_INVOICE:.0f} ms; HTTP {main_run['http_ms']:.0f} ms in all)",
            main_run["ms_per_invoice"] < TARGET_MS_PER_INVOICE,
        ),
        (
            f"SQL queries per batch of 10: {one_line['queries_per_batch']} with 1 line, "
            f"{many_lines['queries_per_batch']} with 8 lines (target: no growth)",
            max(many_lines["queries_per_batch"]) <= max(one_line["queries_per_batch"]),
        ),
    ]
    return report(checks)


def report(checks):
    """Print each ``(text, ok)`` as OK/MISSED; the exit code: 1 when one is missed."""
    missed = 0
    for text, ok in checks:
        print(f"{'OK    ' if ok else 'MISSED'} {text}")
        missed += not ok
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
