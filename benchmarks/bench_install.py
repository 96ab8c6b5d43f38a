"""Installing the addon on a provider's database: wall time and peak memory against an empty one.

    python benchmarks/bench_install.py [--invoices 20000] [--lines 5] [--repeat 1]
                                       [--rebuild] [--drop-cache]
                                       (repository root, project's venv)

Real Odoo, real PostgreSQL. A database with N posted customer invoices of L lines each (20,000
and 5: 100,000 lines) is built from the test template database (``scripts/test`` builds it)
BEFORE the addon is installed: 40 invoices made and posted through the ORM (partners, products
by the hour and flat rate, the sales tax), then copied in SQL (``INSERT ... SELECT`` over
``generate_series``) with their own numbers, dates spread over five years and their lines. That
database is kept as a template named ``<module>_benchinst_<template key>_<N>x<L>`` for the next
runs (``--rebuild`` builds it again, ``--drop-cache`` drops it and exits).

Then ``odoo-bin -i`` installs the addon from this checkout, in a subprocess, on a clone of it and
on a clone of the test template (the empty database); for each: the wall time, the peak resident
memory of the process (``wait4``'s rusage), and the stored computed fields Odoo had to compute
on existing records (its "Prepare computation of" log lines).

Targets (OK/MISSED; exit 1 when one is missed):
- the install on the big database takes at most 1.5 x the time of the install on the empty one;
- its peak memory is at most 200 MB above the empty one's;
- Odoo computes none of the addon's stored fields on the existing invoices and lines (the
  ``pre_init_hook`` created and filled them in SQL).
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_payment_requests import MODULE, _drop, _odoo_config, report  # noqa: E402

TIME_RATIO = 1.5
MEMORY_MARGIN_MB = 200
MODELS = 40
#: Odoo logs this for every stored computed field it must compute on existing records.
COMPUTE_LOG = re.compile(r"Prepare computation of (\S+)")


# ---------------------------------------------------------------- databases


def _connect(dbname="postgres"):
    import psycopg2

    user = os.environ.get("ODOO_DB_USER", "odoo")
    conn = psycopg2.connect(
        dbname=dbname,
        user=user,
        password=user,
        host=os.environ.get("PGHOST", "127.0.0.1"),
        port=os.environ.get("PGPORT", "5432"),
    )
    conn.autocommit = True
    return conn


def _test_template():
    conn = _connect()
    with conn.cursor() as cr:
        cr.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE %s AND datname NOT LIKE %s "
            "ORDER BY oid DESC LIMIT 1",
            (f"{MODULE}\\_tmpl\\_%", "%\\_building"),
        )
        row = cr.fetchone()
    conn.close()
    if not row:
        sys.exit("no template database: run scripts/test --odoo-only once first")
    return row[0]


def _exists(db):
    conn = _connect()
    with conn.cursor() as cr:
        cr.execute("SELECT 1 FROM pg_database WHERE datname = %s", (db,))
        found = bool(cr.fetchone())
    conn.close()
    return found


def _clone(source, target):
    conn = _connect()
    with conn.cursor() as cr:
        cr.execute(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)')
        cr.execute(f'CREATE DATABASE "{target}" TEMPLATE "{source}"')
    conn.close()


def _rename(source, target):
    conn = _connect()
    with conn.cursor() as cr:
        cr.execute(f'ALTER DATABASE "{source}" RENAME TO "{target}"')
    conn.close()


def _big_name(template, invoices, lines):
    key = template.rsplit("_", 1)[-1]
    return f"{MODULE}_benchinst_{key}_{invoices}x{lines}"


# ---------------------------------------------------------------- the big database


def _model_invoices(env, lines):
    """40 posted invoices through the ORM, each of ``lines`` lines (product lines, one tax line,
    the receivable line), over 40 clients and four products (two by the hour)."""
    company = env.company
    company.country_id = env.ref("base.fr")
    hour = env.ref("uom.product_uom_hour")
    unit = env.ref("uom.product_uom_unit")
    tax = company.account_sale_tax_id or env["account.tax"].search(
        [("type_tax_use", "=", "sale"), ("company_id", "=", company.id)], limit=1
    )
    products = env["product.product"].create(
        [
            {
                "name": name,
                "type": "service",
                "uom_id": uom.id,
                "uom_po_id": uom.id,
                "list_price": price,
                "taxes_id": [(6, 0, tax.ids)],
            }
            for name, uom, price in (
                ("Ménage", hour, 25.0),
                ("Repassage", hour, 24.0),
                ("Préparation de repas", unit, 30.0),
                ("Jardinage (forfait)", unit, 60.0),
            )
        ]
    )
    partners = env["res.partner"].create(
        [{"name": f"Client {n:03d}", "country_id": company.country_id.id} for n in range(MODELS)]
    )
    product_lines = max(1, lines - 2)
    moves = env["account.move"].create(
        [
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "invoice_date": "2025-06-30",
                "invoice_line_ids": [
                    (
                        0,
                        0,
                        {
                            "product_id": products[(n + k) % len(products)].id,
                            "quantity": 1 + (n + k) % 4,
                            "price_unit": 20.0 + n + k,
                            "tax_ids": [(6, 0, tax.ids)],
                        },
                    )
                    for k in range(product_lines)
                ],
            }
            for n, partner in enumerate(partners)
        ]
    )
    moves.action_post()
    env.flush_all()
    return moves


def _columns(cr, table):
    cr.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = %s "
        "AND column_name <> 'id' ORDER BY ordinal_position",
        (table,),
    )
    return [row[0] for row in cr.fetchall()]


def _copy_in_sql(cr, model_ids, count):
    """``count`` copies of the model invoices: new ids, numbers and dates, their lines."""
    cr.execute(
        """
        CREATE TEMP TABLE bench_map AS
        SELECT nextval('account_move_id_seq') AS new_id, src AS old_id, row_number() OVER () AS n
          FROM (SELECT g, src FROM generate_series(1, %s) g, unnest(%s::int[]) src
                 ORDER BY g, src LIMIT %s) copies
        """,
        (count // len(model_ids) + 1, list(model_ids), count),
    )
    shift = "(m.n % 1800)::int"
    move_override = {
        "name": "'INV/BENCH/' || lpad(m.n::text, 6, '0')",
        "sequence_prefix": "'INV/BENCH/'",
        "sequence_number": "m.n",
        "payment_reference": "'INV/BENCH/' || lpad(m.n::text, 6, '0')",
        "date": f"s.date - {shift}",
        "invoice_date": f"s.invoice_date - {shift}",
        "invoice_date_due": f"s.invoice_date_due - {shift}",
        "inalterable_hash": "NULL",
        "secure_sequence_number": "NULL",
    }
    columns = _columns(cr, "account_move")
    cr.execute(
        f"INSERT INTO account_move (id, {', '.join(columns)}) "
        f"SELECT m.new_id, {', '.join(move_override.get(c, f's.{c}') for c in columns)} "
        "FROM bench_map m JOIN account_move s ON s.id = m.old_id"
    )
    line_override = {
        "move_id": "m.new_id",
        "move_name": "'INV/BENCH/' || lpad(m.n::text, 6, '0')",
        "date": f"s.date - {shift}",
        "invoice_date": f"s.invoice_date - {shift}",
        "date_maturity": f"s.date_maturity - {shift}",
        "full_reconcile_id": "NULL",
        "matching_number": "NULL",
    }
    columns = _columns(cr, "account_move_line")
    cr.execute(
        f"INSERT INTO account_move_line ({', '.join(columns)}) "
        f"SELECT {', '.join(line_override.get(c, f's.{c}') for c in columns)} "
        "FROM bench_map m JOIN account_move_line s ON s.move_id = m.old_id"
    )
    cr.execute("DROP TABLE bench_map")


def _build_big(template, big, invoices, lines):
    building = f"{big}_building"
    print(f"building {big}: {invoices} posted invoices of {lines} lines (once) ...", flush=True)
    start = time.perf_counter()
    _clone(template, building)
    import odoo
    from odoo import SUPERUSER_ID, api
    from odoo.modules.registry import Registry

    try:
        registry = Registry.new(building)
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"lang": "en_US"})
            models = _model_invoices(env, lines)
            counts = {len(move.line_ids) for move in models}
            if counts != {lines}:
                sys.exit(f"the model invoices have {sorted(counts)} lines, not {lines}")
            _copy_in_sql(cr, models.ids, invoices - len(models))
            cr.commit()
        conn = _connect(building)
        with conn.cursor() as cr:
            cr.execute("ANALYZE")
        conn.close()
    finally:
        odoo.sql_db.close_all()
    _drop(big)
    _rename(building, big)
    print(f"built in {time.perf_counter() - start:.0f} s", flush=True)


def _counts(db):
    conn = _connect(db)
    with conn.cursor() as cr:
        cr.execute(
            "SELECT count(*) FROM account_move WHERE state = 'posted' AND move_type = 'out_invoice'"
        )
        moves = cr.fetchone()[0]
        cr.execute("SELECT count(*) FROM account_move_line")
        move_lines = cr.fetchone()[0]
    conn.close()
    return moves, move_lines


# ---------------------------------------------------------------- the install


def _odoo_argv(db, logfile):
    from odoo.tools import config

    src = Path(os.environ.get("ODOO_SRC", "/opt/odoo-18.0"))
    odoo_bin = src / "odoo-bin"
    if not odoo_bin.exists():
        odoo_bin = src / "setup" / "odoo"
    user = os.environ.get("ODOO_DB_USER", "odoo")
    return [
        sys.executable,
        str(odoo_bin),
        "-d",
        db,
        "-i",
        MODULE,
        "--stop-after-init",
        "--without-demo=all",
        f"--addons-path={config['addons_path']}",
        f"--data-dir={config['data_dir']}",
        f"--db_host={os.environ.get('PGHOST', '127.0.0.1')}",
        f"--db_port={os.environ.get('PGPORT', '5432')}",
        f"--db_user={user}",
        f"--db_password={user}",
        "--log-level=warn",
        "--log-handler=odoo.models:INFO",
        f"--logfile={logfile}",
    ]


def _install(source, label):
    """Install the addon on a clone of ``source``: (seconds, peak RSS in MB, fields computed)."""
    db = f"{MODULE}_benchinst_{os.getpid()}"
    _clone(source, db)
    with tempfile.NamedTemporaryFile("r", suffix=".log", prefix="bench_install_") as log:
        try:
            start = time.perf_counter()
            process = subprocess.Popen(_odoo_argv(db, log.name), stdin=subprocess.DEVNULL)
            _pid, status, usage = os.wait4(process.pid, 0)
            seconds = time.perf_counter() - start
            process.returncode = os.waitstatus_to_exitcode(status)
        finally:
            _drop(db)
        text = log.read()
    if process.returncode:
        print(text[-4000:])
        sys.exit(f"the install on the {label} database failed ({process.returncode})")
    computed = sorted(set(COMPUTE_LOG.findall(text)))
    peak = usage.ru_maxrss / 1024  # kB on Linux
    print(f"  {label}: {seconds:.1f} s, peak RSS {peak:.0f} MB", flush=True)
    return seconds, peak, computed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--invoices", type=int, default=20000)
    parser.add_argument("--lines", type=int, default=5, help="lines per invoice (at least 3)")
    parser.add_argument("--repeat", type=int, default=1, help="installs per database (best kept)")
    parser.add_argument("--rebuild", action="store_true", help="build the big database again")
    parser.add_argument(
        "--drop-cache", action="store_true", help="drop the cached big database and exit"
    )
    args = parser.parse_args()
    if args.lines < 3 or args.invoices < MODELS:
        sys.exit(f"at least 3 lines and {MODELS} invoices")
    template = _test_template()
    _odoo_config(template)  # the addons path and data directory of the scripts
    big = _big_name(template, args.invoices, args.lines)
    if args.drop_cache:
        _drop(big)
        print(f"dropped {big}")
        return 0
    if args.rebuild or not _exists(big):
        _build_big(template, big, args.invoices, args.lines)
    moves, move_lines = _counts(big)
    print(f"big database {big}: {moves} posted invoices, {move_lines} journal items")
    runs = {"empty": [], "big": []}
    for _n in range(args.repeat):
        runs["empty"].append(_install(template, "empty"))
        runs["big"].append(_install(big, "big"))
    empty_s = min(run[0] for run in runs["empty"])
    empty_mb = min(run[1] for run in runs["empty"])
    big_s = min(run[0] for run in runs["big"])
    big_mb = min(run[1] for run in runs["big"])
    computed = sorted({f for run in runs["big"] for f in run[2]})
    ours = [f for f in computed if ".l10n_fr_urssaf_" in f]
    big_tables = [
        f for f in ours if f.startswith(("account.move.", "account.move.line.", "product."))
    ]
    checks = [
        (
            f"install on {moves} invoices / {move_lines} lines: {big_s:.1f} s, empty database "
            f"{empty_s:.1f} s, ratio {big_s / empty_s:.2f} (target <= {TIME_RATIO})",
            big_s <= TIME_RATIO * empty_s,
        ),
        (
            f"peak memory: {big_mb:.0f} MB, empty database {empty_mb:.0f} MB, "
            f"+{big_mb - empty_mb:.0f} MB (target <= +{MEMORY_MARGIN_MB} MB)",
            big_mb - empty_mb <= MEMORY_MARGIN_MB,
        ),
        (
            "stored fields Odoo computed on existing records at install: "
            f"{', '.join(big_tables) or 'none'} (target: none)",
            not big_tables,
        ),
    ]
    return report(checks)


if __name__ == "__main__":
    sys.exit(main())
