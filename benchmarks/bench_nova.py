"""NOVA statistics: the figures of a year (per month, quarter, nature; distinct clients) from
grouped queries, for a year of invoices.

    python benchmarks/bench_nova.py [--invoices 24000] [--clients 2000] [--keep]
                                    (repository root, project's venv)

Real Odoo, real PostgreSQL. A throwaway database is cloned from the test template database
(``scripts/test`` builds it), the addon installed from this checkout, and dropped at the end
(``--keep`` keeps it; ``--db`` uses an existing database where the addon is installed).
Environment as ``bench_payment_requests.py``.

The invoices are made fast: two posted documents (an invoice with an hourly and a flat-rate
line, a credit note) are made by the ORM, then copied in SQL over the year and the clients (one
credit note every 20 documents). What is measured is the reading, not the making.

Targets (printed as OK/MISSED; the script exits 1 when one is missed):
- the year's figures (12 months, 4 quarters, every nature, distinct clients) in under 5 s;
- the same number of SQL queries for a tenth of the invoices and for all of them;
- the figures agree with a direct count over the invoice lines (distinct clients of the year,
  turnover before tax to the cent).
"""

import argparse
import logging
import os
import sys
import time

from bench_payment_requests import (
    MODULE,
    _clone_template,
    _drop,
    _odoo_config,
    french_company,
    hourly_service,
    report,
)

TARGET_SECONDS = 5.0
YEAR = 2025


def _setup(env, clients):
    company = french_company(env)
    tax, cleaning = hourly_service(env, "TVA 10 % (bench NOVA)")
    meals = env["product.product"].create(
        {
            "name": "Repas",
            "type": "service",
            "taxes_id": [(6, 0, tax.ids)],
            "l10n_fr_urssaf_nature": "120",
        }
    )
    partners = env["res.partner"].create([{"name": f"Client NOVA {n}"} for n in range(clients)])
    documents = env["account.move"]
    for move_type in ("out_invoice", "out_refund"):
        documents |= env["account.move"].create(
            {
                "move_type": move_type,
                "partner_id": partners[0].id,
                "invoice_date": f"{YEAR}-01-01",
                "invoice_line_ids": [
                    (0, 0, {"product_id": cleaning.id, "quantity": 2.5, "price_unit": 24.0}),
                    (0, 0, {"product_id": meals.id, "quantity": 1, "price_unit": 12.5}),
                ],
            }
        )
    documents.action_post()
    env.flush_all()
    return company, partners, documents


def _columns(cr, table):
    cr.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = %s "
        "AND column_name != 'id' ORDER BY ordinal_position",
        (table,),
    )
    return [row[0] for row in cr.fetchall()]


def _copy(env, partners, documents, count, start):
    """``count`` copies of the two documents, numbered from ``start``, spread over the year."""
    cr = env.cr
    invoice, refund = documents
    partner_ids = partners.ids
    move_columns = _columns(cr, "account_move")
    changed = {
        "name": "'NOVA/' || g",
        "invoice_date": f"date '{YEAR}-01-01' + (g %% 365)",
        "date": f"date '{YEAR}-01-01' + (g %% 365)",
        "partner_id": "(%(partners)s)[1 + (g * 7) %% %(count)s]",
        "commercial_partner_id": "(%(partners)s)[1 + (g * 7) %% %(count)s]",
        "payment_reference": "'NOVA/' || g",
    }
    select = ", ".join(changed.get(c, f't."{c}"') for c in move_columns)
    cr.execute(
        f"""INSERT INTO account_move ({", ".join(f'"{c}"' for c in move_columns)})
            SELECT {select}
              FROM generate_series(%(start)s, %(end)s) g
              JOIN account_move t
                ON t.id = CASE WHEN g %% 20 = 0 THEN %(refund)s ELSE %(invoice)s END""",
        {
            "start": start,
            "end": start + count - 1,
            "refund": refund.id,
            "invoice": invoice.id,
            "partners": partner_ids,
            "count": len(partner_ids),
        },
    )
    line_columns = _columns(cr, "account_move_line")
    changed = {
        "move_id": "m.id",
        "partner_id": "m.partner_id",
        "date": "m.date",
        "invoice_date": "m.invoice_date",
        "move_name": "m.name",
    }
    select = ", ".join(changed.get(c, f'l."{c}"') for c in line_columns)
    cr.execute(
        f"""INSERT INTO account_move_line ({", ".join(f'"{c}"' for c in line_columns)})
            SELECT {select}
              FROM account_move m
              JOIN account_move_line l
                ON l.move_id = CASE WHEN m.move_type = 'out_refund' THEN %(refund)s
                                    ELSE %(invoice)s END
             WHERE m.name LIKE 'NOVA/%%'
               AND substring(m.name from 6)::int BETWEEN %(start)s AND %(end)s""",
        {"start": start, "end": start + count - 1, "refund": refund.id, "invoice": invoice.id},
    )
    cr.execute("ANALYZE account_move; ANALYZE account_move_line")
    env.invalidate_all()


def _direct(env, company):
    """The year's distinct clients and turnover straight from the invoice lines."""
    env.cr.execute(
        """SELECT COUNT(DISTINCT m.commercial_partner_id)
                      FILTER (WHERE m.move_type = 'out_invoice'),
                  SUM(-l.balance)
             FROM account_move_line l JOIN account_move m ON m.id = l.move_id
            WHERE m.state = 'posted' AND m.company_id = %s
              AND m.move_type IN ('out_invoice', 'out_refund')
              AND l.display_type = 'product' AND l.l10n_fr_urssaf_nature IS NOT NULL
              AND m.invoice_date BETWEEN %s AND %s""",
        (company.id, f"{YEAR}-01-01", f"{YEAR}-12-31"),
    )
    clients, turnover = env.cr.fetchone()
    return clients, company.currency_id.round(turnover or 0.0)


def _measure(env, company):
    Stats = env["l10n_fr_urssaf.nova.statistics"]
    env.invalidate_all()
    before = env.cr.sql_log_count
    start = time.perf_counter()
    figures = Stats._l10n_fr_urssaf_nova_figures(company, YEAR)
    seconds = time.perf_counter() - start
    return figures, seconds, env.cr.sql_log_count - before


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--invoices", type=int, default=24000)
    parser.add_argument("--clients", type=int, default=2000)
    parser.add_argument("--db", help="an existing database where the addon is installed")
    parser.add_argument("--keep", action="store_true", help="keep the throwaway database")
    args = parser.parse_args()
    db = args.db or f"{MODULE}_bench_nova_{os.getpid()}"
    odoo = _odoo_config(db)
    from odoo import SUPERUSER_ID, api
    from odoo.modules.registry import Registry
    from odoo.tools import config

    if not args.db:
        _clone_template(db)
        config["init"] = {MODULE: 1}
    logging.getLogger("odoo").setLevel(logging.WARNING)
    try:
        registry = Registry.new(db, update_module=not args.db)
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"lang": "en_US", "tz": "Europe/Paris"})
            company, partners, documents = _setup(env, args.clients)
            small = args.invoices // 10
            _copy(env, partners, documents, small, 1)
            _measure(env, company)  # warm the caches
            _figures, small_seconds, small_queries = _measure(env, company)
            made = time.perf_counter()
            _copy(env, partners, documents, args.invoices - small, small + 1)
            made = time.perf_counter() - made
            figures, seconds, queries = _measure(env, company)
            direct = _direct(env, company)
            cr.commit()
    finally:
        odoo.sql_db.close_all()
        if not args.db and not args.keep:
            _drop(db)
    total = figures["total"]
    checks = [
        (
            f"year's figures for {args.invoices + 2} documents ({args.clients} clients, "
            f"{2 * (args.invoices + 2)} service lines): {seconds:.2f} s "
            f"(target < {TARGET_SECONDS:.0f} s; "
            f"{small_seconds:.2f} s for {small + 2}; copies made in {made:.1f} s)",
            seconds < TARGET_SECONDS,
        ),
        (
            f"SQL queries: {small_queries} for {small + 2} documents, {queries} for "
            f"{args.invoices + 2} (target: the same)",
            queries == small_queries,
        ),
        (
            f"figures agree with the invoice lines: {total['clients']} clients, "
            f"{total['turnover']:.2f} € before tax (direct count {direct[0]}, {direct[1]:.2f} €); "
            f"{total['hours']:.2f} h",
            (total["clients"], total["turnover"]) == direct,
        ),
    ]
    return report(checks)


if __name__ == "__main__":
    sys.exit(main())
