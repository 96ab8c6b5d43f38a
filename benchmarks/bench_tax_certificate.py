"""Issuing a year's tax certificates: wall time with the PDFs, SQL queries per certificate.

    python benchmarks/bench_tax_certificate.py [--clients 200] [--invoices 12] [--keep]
                                               (repository root, project's venv)

Real Odoo, real PostgreSQL (a throwaway database cloned from the test template, as
``bench_payment_requests.py``), and Odoo's HTTP server on 127.0.0.1, from which wkhtmltopdf
loads the report's style sheets as in production. N clients with M invoices each (12 a year:
one a month) are invoiced and paid (one payment per invoice, one in six in prepaid CESU); then
the year's run issues their certificates (``l10n_fr_urssaf.tax.certificate.run``), the way the
scheduled action does: batches of 100, each committed.

Targets (OK/MISSED; exit 1 when one is missed):
- the whole run, PDFs included, extrapolated to 2,000 clients and 24,000 invoices, takes at most
  2 minutes (measured at --clients; run with --clients 2000 for the real size); the run without
  its PDFs is measured too;
- every certificate has its PDF attached, of one page naming its own client (the batch's PDF is
  split page by page with Debian's wkhtmltopdf: models/l10n_fr_urssaf_tax_certificate_pdf.py);
- the SQL queries per certificate are the same at M/2 and M invoices per client;
- memory: the run issued again by batches of 10, the peak of Python allocations during its last
  batch is at most 1.5 x the one during its second batch (a batch keeps nothing: the memory of
  a year does not grow with its clients; the run's batches are of 100).
"""

import argparse
import io
import logging
import os
import sys
import time
import tracemalloc
from datetime import date
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

TARGET_SECONDS = 120.0
FULL_CLIENTS = 2000
MEMORY_RATIO = 1.5


class Data:
    """A French company with its SAP declaration, a product of home services, a CESU method."""

    def __init__(self, env):
        self.env = env
        company = self.company = french_company(env)
        company.write(
            {
                "street": "3 rue du Marché",
                "zip": "77300",
                "city": "Fontainebleau",
                "l10n_fr_urssaf_sap_number": "SAP852330992",
                "l10n_fr_urssaf_sap_date": date(2019, 5, 14),
            }
        )
        _tax, self.product = hourly_service(env)
        self.journal = env["account.journal"].search(
            [("type", "=", "bank"), ("company_id", "=", company.id)], limit=1
        )
        self.cesu = env["account.payment.method.line"].create(
            {
                "name": "CESU préfinancé",
                "payment_method_id": env.ref("account.account_payment_method_manual_in").id,
                "journal_id": self.journal.id,
                "l10n_fr_urssaf_is_cesu": True,
            }
        )

    def clients(self, count, invoices, year, tag):
        """``count`` clients with ``invoices`` paid invoices each in ``year``."""
        env = self.env
        france = env.ref("base.fr")
        partners = env["res.partner"].create(
            [
                {
                    "name": f"Client {tag} {n:05d}",
                    "street": f"{n} rue des Lilas",
                    "zip": "77300",
                    "city": "Fontainebleau",
                    "country_id": france.id,
                }
                for n in range(count)
            ]
        )
        env.cr.commit()
        for start in range(0, count, 50):
            chunk = partners[start : start + 50]
            vals = []
            for partner in chunk:
                for n in range(invoices):
                    month = 1 + n % 12
                    day = date(year, month, 5)
                    vals.append(
                        {
                            "move_type": "out_invoice",
                            "partner_id": partner.id,
                            "invoice_date": day,
                            "l10n_fr_urssaf_service_start": day.replace(day=1),
                            "l10n_fr_urssaf_service_end": day,
                            "invoice_line_ids": [
                                (
                                    0,
                                    0,
                                    {
                                        "product_id": self.product.id,
                                        "quantity": 2 + n % 3,
                                        "price_unit": 25.0,
                                    },
                                )
                            ],
                        }
                    )
            moves = env["account.move"].create(vals)
            moves.action_post()
            for month in range(1, 13):
                of_month = moves.filtered(lambda m, month=month: m.invoice_date.month == month)
                for method, selected in (
                    (self.cesu, of_month.filtered(lambda m: m.id % 6 == 0)),
                    (None, of_month.filtered(lambda m: m.id % 6 != 0)),
                ):
                    if not selected:
                        continue
                    values = {
                        "journal_id": self.journal.id,
                        "group_payment": False,
                        "payment_date": date(year, month, 20),
                    }
                    if method:
                        values["payment_method_line_id"] = method.id
                    env["account.payment.register"].with_context(
                        active_model="account.move", active_ids=selected.ids
                    ).create(values)._create_payments()
            env.cr.commit()
            env.invalidate_all()
        return partners


def _serve_http(env):
    """Odoo's HTTP server in a thread, from which wkhtmltopdf loads the report's style sheets
    (``report.url``), as in production."""
    import socket  # noqa: PLC0415

    from odoo import http  # noqa: PLC0415
    from odoo.service import server  # noqa: PLC0415
    from odoo.tools import config  # noqa: PLC0415

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    config["http_interface"], config["http_port"] = "127.0.0.1", port
    server.ThreadedServer(http.root).http_spawn()
    env["ir.config_parameter"].set_param("report.url", f"http://127.0.0.1:{port}")
    env.cr.commit()
    return port


def _pages(certificates):
    """How many of the certificates' PDFs have one page that names their own client."""
    from odoo.tools.pdf import PdfFileReader  # noqa: PLC0415

    good = 0
    for certificate in certificates:
        raw = certificate.attachment_id.raw
        reader = PdfFileReader(io.BytesIO(raw))
        text = " ".join(reader.pages[0].extract_text().split()) if len(reader.pages) == 1 else ""
        good += certificate.partner_id.name in text
    return good


def _run(env, data, year, pdf=False, memory=False, batch=100):
    """The year's run; returns (seconds, queries, certificates, peaks, run): with ``memory``, the
    peak of Python allocations during each batch (tracemalloc slows Python down: not in the
    timed runs), which grows from batch to batch if a batch leaves anything behind."""
    from odoo.addons.l10n_fr_urssaf_avance_immediate.models import (  # noqa: PLC0415
        l10n_fr_urssaf_tax_certificate_run as run_module,
    )

    run_module.SYNC_LIMIT = 0
    Certificate = type(env["l10n_fr_urssaf.tax.certificate"])
    render = Certificate._render_pdfs
    if not pdf:
        Certificate._render_pdfs = lambda self: None
    try:
        env.invalidate_all()
        run = env["l10n_fr_urssaf.tax.certificate.run"].create(
            {"year": year, "company_id": data.company.id}
        )
        queries = env.cr.sql_log_count
        if os.environ.get("BENCH_SQL"):
            execute = env.cr.execute

            def logged(query, params=None, log_exceptions=True):
                print("SQL", year, str(getattr(query, "code", query))[:110].replace("\n", " "))
                return execute(query, params, log_exceptions)

            env.cr.execute = logged
        peaks = []
        if memory:
            Run = type(env["l10n_fr_urssaf.tax.certificate.run"])
            process = Run._process_batch

            def measured(self, *args, **kwargs):
                tracemalloc.reset_peak()
                result = process(self, *args, **kwargs)
                peaks.append(tracemalloc.get_traced_memory()[1])
                return result

            Run._process_batch = measured
            tracemalloc.start()
        started = time.perf_counter()
        run.action_issue()  # lists the clients (SYNC_LIMIT 0: the scheduled action issues)
        env["l10n_fr_urssaf.tax.certificate.run"]._cron_issue(batch_size=batch, max_batches=10**6)
        run.invalidate_recordset()
        env.flush_all()
        seconds = time.perf_counter() - started
        if memory:
            tracemalloc.stop()
            Run._process_batch = process
        queries = env.cr.sql_log_count - queries
        env.cr.__dict__.pop("execute", None)
        env.cr.commit()
        return seconds, queries, run.issued_count, peaks, run
    finally:
        Certificate._render_pdfs = render


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--invoices", type=int, default=12, help="invoices per client")
    parser.add_argument("--db", help="an existing database where the addon is installed")
    parser.add_argument("--keep", action="store_true", help="keep the throwaway database")
    args = parser.parse_args()
    db = args.db or f"{MODULE}_bench_cert_{os.getpid()}"
    odoo = _odoo_config(db)
    from odoo import SUPERUSER_ID, api
    from odoo.modules.registry import Registry
    from odoo.tools import config

    from odoo.addons.l10n_fr_urssaf_avance_immediate.models.l10n_fr_urssaf_tax_certificate_pdf import (  # noqa: E501
        wkhtmltopdf_patched,
    )

    if not args.db:
        _clone_template(db)
        config["init"] = {MODULE: 1}
    half = max(args.invoices // 2, 1)
    try:
        registry = Registry.new(db, update_module=not args.db)
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"lang": "en_US", "tz": "Europe/Paris"})
            data = Data(env)
            _serve_http(env)
            # each measure on its own year: the runs do not see each other's clients
            started = time.perf_counter()
            data.clients(args.clients, args.invoices, 2021, "full")
            data.clients(args.clients, half, 2022, "half")
            setup_s = time.perf_counter() - started
            # warms the caches (defaults, groups, references) on a year of its own
            data.clients(1, 1, 2019, "warm")
            _run(env, data, 2019)
            full = _run(env, data, 2021)
            halved = _run(env, data, 2022)
            again = _run(env, data, 2021)  # nothing changed: every certificate unchanged
            # memory: the full year issued again from scratch by batches of 10
            cr.execute("DELETE FROM l10n_fr_urssaf_tax_certificate WHERE year = 2021")
            big = _run(env, data, 2021, memory=True, batch=10)
            # the whole run as a user starts it: the figures, the records and the PDFs
            cr.execute("DELETE FROM l10n_fr_urssaf_tax_certificate WHERE year = 2021")
            with_pdfs = _run(env, data, 2021, pdf=True)
            pdfs = env["ir.attachment"].search_count(
                [
                    ("res_model", "=", "res.partner"),
                    ("mimetype", "=", "application/pdf"),
                    ("name", "=like", "Attestation fiscale 2021 - %"),
                ]
            )
            pages = _pages(with_pdfs[4].certificate_ids)
            cr.rollback()
    finally:
        odoo.sql_db.close_all()
        if not args.db and not args.keep:
            _drop(db)
    seconds, queries, count, _peaks, _run_full = full
    peaks = big[3]
    per_cert_s = seconds / max(count, 1)
    extrapolated = per_cert_s * FULL_CLIENTS
    q_full = queries / max(count, 1)
    q_half = halved[1] / max(halved[2], 1)
    print(
        f"setup: {args.clients} clients x {args.invoices} invoices (and the halves) in "
        f"{setup_s:.0f} s"
    )
    print(
        f"run without PDFs: {count} certificates in {seconds:.2f} s "
        f"({per_cert_s * 1000:.1f} ms each); again, unchanged: {again[0]:.2f} s"
    )
    pdf_s, pdf_count = with_pdfs[0], with_pdfs[2]
    full_pdf = pdf_s / max(pdf_count, 1) * FULL_CLIENTS
    print(
        f"run with PDFs: {pdf_count} certificates in {pdf_s:.2f} s "
        f"({pdf_s / max(pdf_count, 1) * 1000:.0f} ms each; wkhtmltopdf "
        f"{'patched' if wkhtmltopdf_patched() else 'plain'} Qt)"
    )
    checks = [
        (
            f"certificates issued: {count} (target {args.clients}, one per client)",
            count == args.clients and halved[2] == args.clients,
        ),
        (
            f"run without PDFs at {FULL_CLIENTS} clients: {extrapolated:.0f} s "
            f"({'measured' if args.clients >= FULL_CLIENTS else 'extrapolated'}; target "
            f"<= {TARGET_SECONDS:.0f} s)",
            extrapolated <= TARGET_SECONDS,
        ),
        (
            f"run with PDFs at {FULL_CLIENTS} clients: {full_pdf:.0f} s "
            f"({'measured' if args.clients >= FULL_CLIENTS else 'extrapolated'}; target "
            f"<= {TARGET_SECONDS:.0f} s)",
            full_pdf <= TARGET_SECONDS,
        ),
        (
            f"PDFs: {pdfs} attached for {pdf_count} certificates, each of one page with its own "
            f"client: {pages}",
            pdfs == pdf_count == pages,
        ),
        (
            f"SQL queries per certificate: {q_half:.2f} with {half} invoices per client, "
            f"{q_full:.2f} with {args.invoices} (target: no growth)",
            q_full <= q_half + 0.05,
        ),
        (
            f"memory: peak of the 2nd batch of 10 {peaks[1] / 1e6:.2f} MB, of the last "
            f"(batch {len(peaks)}) {peaks[-1] / 1e6:.2f} MB (target <= {MEMORY_RATIO} x: nothing "
            "kept from batch to batch)",
            len(peaks) > 2 and peaks[-1] <= MEMORY_RATIO * peaks[1],
        ),
    ]
    return report(checks)


if __name__ == "__main__":
    logging.getLogger("odoo").setLevel(logging.WARNING)
    sys.exit(main())
