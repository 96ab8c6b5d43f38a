"""Speed of loading the list of French communes (the bulk load run at install and by a reload).

    python benchmarks/bench_communes.py -d DATABASE     (from the repository root, project venv)

DATABASE is an Odoo 18 database where the addon is installed (e.g. the demo's ``urssaf_demo``).
Everything happens in one transaction that is rolled back: the database is left as it was. The
connection comes from PGHOST/PGPORT (default 127.0.0.1:5432) and ODOO_DB_USER (default ``odoo``,
password the same, as the project's scripts set it up); Odoo from ODOO_SRC (/opt/odoo-18.0).

Measured, with the number of rows:
- the load into an empty table, as at install (target: under 10 s for the 37,590 entries;
  37,590 ORM creates one by one take minutes);
- a reload of the same file, as on each module update (target: under 5 s, nothing rewritten);
- a reload where every name changed (every row updated in place).
Prints OK/MISSED per target and exits 1 on a miss.
"""

import argparse
import dataclasses
import io
import os
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MODULE = "l10n_fr_urssaf_avance_immediate"
TARGETS = {"fresh load": 10.0, "reload, unchanged": 5.0}


def odoo_env(database):
    odoo_src = os.environ.get("ODOO_SRC", "/opt/odoo-18.0")
    sys.path.insert(0, odoo_src)
    import odoo  # noqa: PLC0415 (Odoo is found at run time)

    links = tempfile.mkdtemp(prefix="bench-communes-")
    os.symlink(REPO, os.path.join(links, MODULE))
    addons = [links, os.path.join(odoo_src, "odoo", "addons")]
    if os.path.isdir(os.path.join(odoo_src, "addons")):
        addons.insert(1, os.path.join(odoo_src, "addons"))
    user = os.environ.get("ODOO_DB_USER", "odoo")
    odoo.tools.config.parse_config(
        [
            f"--addons-path={','.join(addons)}",
            f"--db_host={os.environ.get('PGHOST', '127.0.0.1')}",
            f"--db_port={os.environ.get('PGPORT', '5432')}",
            f"--db_user={user}",
            f"--db_password={user}",
            "--log-level=warn",
        ]
    )
    registry = odoo.modules.registry.Registry(database)
    return odoo, registry


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-d", "--database", required=True)
    args = parser.parse_args()
    odoo, registry = odoo_env(args.database)
    from odoo.addons.l10n_fr_urssaf_avance_immediate.models.l10n_fr_urssaf_commune import (  # noqa: PLC0415
        SHIPPED_FILE,
    )
    from odoo.addons.l10n_fr_urssaf_avance_immediate.urssaf_api import (  # noqa: PLC0415
        communes as communes_lib,
    )

    results = []
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        Commune = env["l10n_fr_urssaf.commune"]
        try:
            # empty table, as at install (links to contacts are set to NULL, rolled back below)
            cr.execute(f"DELETE FROM {Commune._table}")
            env.invalidate_all()
            start = time.perf_counter()
            counts = Commune._load_communes()
            results.append(("fresh load", time.perf_counter() - start, counts))
            start = time.perf_counter()
            counts = Commune._load_communes()
            results.append(("reload, unchanged", time.perf_counter() - start, counts))
            with odoo.tools.misc.file_open(SHIPPED_FILE, "rb", filter_ext=(".gz",)) as stream:
                source, communes = communes_lib.read_compact(stream.read())
            renamed = [dataclasses.replace(c, name=c.name + " X") for c in communes]
            text = io.StringIO()
            communes_lib.write_compact(renamed, text, source=source)
            start = time.perf_counter()
            counts = Commune._load_communes(text.getvalue().encode())
            results.append(("reload, every name changed", time.perf_counter() - start, counts))
        finally:
            cr.rollback()

    missed = False
    for name, seconds, counts in results:
        target = TARGETS.get(name)
        verdict = ""
        if target is not None:
            ok = seconds < target
            missed |= not ok
            verdict = f"  target < {target:.0f} s: {'OK' if ok else 'MISSED'}"
        print(
            f"{name:28s} {seconds:6.2f} s  rows {counts['total']:6d}"
            f"  created {counts['created']:6d}  updated {counts['updated']:6d}"
            f"  archived {counts['archived']:4d}{verdict}"
        )
    sys.exit(1 if missed else 0)


if __name__ == "__main__":
    main()
