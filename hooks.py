"""Install on a provider's database: the addon's stored computed fields on the big tables
(``account_move``, ``account_move_line``, ``product_template``) are created and filled in SQL
before Odoo loads them.

Odoo computes a stored computed field in Python, record by record, on every existing row when it
creates its column (``BaseModel._auto_init``); when the column already exists it leaves it alone.
So the ``pre_init_hook`` creates each column and gives it the value the field's compute method
would give on the database as it is at install:

- the invoice's service period comes from its lines' service dates (or, on a draft, from Odoo's
  delivery date), and its payment request and URSSAF status from the payment requests: the
  lines' dates are new columns and the requests a new table, empty at install, so the period is
  left empty as the compute would leave it, except on a draft with a delivery date, and so are
  the request and the status (``_fill_service_periods`` computes the period in SQL from
  whatever the lines and the delivery date hold);
- an invoice line's URSSAF nature and unit come from its product (``_fill_line_natures``), a
  product's unit from its unit of measure (``_fill_product_units``): filled in SQL with the
  rules of ``_compute_l10n_fr_urssaf_nature`` and ``_compute_l10n_fr_urssaf_unit``.

A fill runs only where the hook created the column (an existing column keeps its values).
``tests/test_install_hook.py`` compares each fill with the ORM's compute on the same rows, and
``benchmarks/bench_install.py`` checks that Odoo computes none of these fields at install.
"""

import logging

from odoo.tools import SQL
from odoo.tools.sql import column_exists, create_column

_logger = logging.getLogger(__name__)

HOUR_UOM_XMLID = "uom.product_uom_hour"  # product_template.HOUR_UOM_XMLID (not imported: the
# hook runs before the addon's models are loaded)
INVOICE_LINE_TYPES = ("product", "line_section", "line_note")  # account.move's invoice_line_ids
SENDABLE_TYPES = ("out_invoice", "out_refund")  # account_move.SENDABLE_TYPES (not imported)

#: (table, column, SQL type, label) of every stored column the hook creates: the computed ones,
#: and the plain ones their fills read (the lines' service dates, the product's nature).
COLUMNS = (
    ("product_template", "l10n_fr_urssaf_nature", "varchar", "URSSAF service nature"),
    ("product_template", "l10n_fr_urssaf_unit", "varchar", "URSSAF unit"),
    ("account_move_line", "l10n_fr_urssaf_nature", "varchar", "URSSAF nature"),
    ("account_move_line", "l10n_fr_urssaf_unit", "varchar", "URSSAF unit"),
    ("account_move_line", "l10n_fr_urssaf_service_start", "date", "Service start"),
    ("account_move_line", "l10n_fr_urssaf_service_end", "date", "Service end"),
    ("account_move", "l10n_fr_urssaf_service_start", "date", "First day of service"),
    ("account_move", "l10n_fr_urssaf_service_end", "date", "Last day of service"),
    # the latest payment request of the invoice and its status: the requests' table is the
    # addon's own, created after this hook, so every invoice has none
    ("account_move", "l10n_fr_urssaf_payment_request_id", "int4", "URSSAF payment request"),
    ("account_move", "l10n_fr_urssaf_state", "varchar", "URSSAF status"),
)


def pre_init_hook(env):
    cr = env.cr
    created = set()
    for table, column, column_type, label in COLUMNS:
        if not column_exists(cr, table, column):
            create_column(cr, table, column, column_type, label)
            created.add((table, column))
    for column, fill in FILLS:
        if column in created:
            fill(env)


def _hour_id(env):
    hour = env.ref(HOUR_UOM_XMLID, raise_if_not_found=False)
    return hour.id if hour else None


def _fill_product_units(env):
    """``product.template._compute_l10n_fr_urssaf_unit``: hour for the unit of measure "Hours",
    flat rate otherwise."""
    env.cr.execute(
        SQL(
            """
            UPDATE product_template
               SET l10n_fr_urssaf_unit = CASE WHEN uom_id = %(hour)s THEN 'HEURE' ELSE 'FORFAIT' END
             WHERE l10n_fr_urssaf_unit IS DISTINCT FROM
                   CASE WHEN uom_id = %(hour)s THEN 'HEURE' ELSE 'FORFAIT' END
            """,
            hour=_hour_id(env),
        )
    )
    _logger.info("URSSAF unit set on %s products in SQL", env.cr.rowcount)


def _fill_line_natures(env):
    """``account.move.line._compute_l10n_fr_urssaf_nature``: the product's nature; the product's
    unit when the line keeps the product's unit of measure, else hour for "Hours" and flat rate
    for another unit or a product without one; nothing on a line with neither product nor unit
    (tax, receivable, section and note lines). Only the lines whose value changes are written."""
    env.cr.execute(
        SQL(
            """
            UPDATE account_move_line line
               SET l10n_fr_urssaf_nature = src.nature, l10n_fr_urssaf_unit = src.unit
              FROM (SELECT l.id, t.l10n_fr_urssaf_nature AS nature,
                           CASE WHEN t.l10n_fr_urssaf_unit IS NOT NULL
                                     AND l.product_uom_id = t.uom_id THEN t.l10n_fr_urssaf_unit
                                WHEN l.product_uom_id IS NULL AND l.product_id IS NULL THEN NULL
                                WHEN l.product_uom_id = %(hour)s THEN 'HEURE'
                                ELSE 'FORFAIT' END AS unit
                      FROM account_move_line l
                      LEFT JOIN product_product p ON p.id = l.product_id
                      LEFT JOIN product_template t ON t.id = p.product_tmpl_id
                     WHERE l.product_id IS NOT NULL OR l.product_uom_id IS NOT NULL
                        OR l.l10n_fr_urssaf_nature IS NOT NULL OR l.l10n_fr_urssaf_unit IS NOT NULL
                   ) src
             WHERE line.id = src.id
               AND (line.l10n_fr_urssaf_nature IS DISTINCT FROM src.nature
                    OR line.l10n_fr_urssaf_unit IS DISTINCT FROM src.unit)
            """,
            hour=_hour_id(env),
        )
    )
    _logger.info("URSSAF nature and unit set on %s journal items in SQL", env.cr.rowcount)


def _fill_service_periods(env):
    """``account.move._l10n_fr_urssaf_known_period``: the first start and the last end (or
    start) of the invoice lines' service dates, added to the invoice's own period, when the
    result lies in one calendar month; else, on a draft customer invoice whose lines have none,
    the delivery date fills an empty period. Anything else keeps its own (empty in a new
    column)."""
    env.cr.execute(
        SQL(
            """
            UPDATE account_move move
               SET l10n_fr_urssaf_service_start = src.new_start,
                   l10n_fr_urssaf_service_end = src.new_end
              FROM (SELECT m.id,
                           LEAST(m.l10n_fr_urssaf_service_start, l.first_start) AS new_start,
                           GREATEST(m.l10n_fr_urssaf_service_end,
                                    COALESCE(l.last_end, l.last_start)) AS new_end
                      FROM account_move m
                      JOIN (SELECT move_id,
                                   min(l10n_fr_urssaf_service_start) AS first_start,
                                   max(l10n_fr_urssaf_service_start) AS last_start,
                                   max(l10n_fr_urssaf_service_end) AS last_end
                              FROM account_move_line
                             WHERE display_type IN %(types)s
                               AND (l10n_fr_urssaf_service_start IS NOT NULL
                                    OR l10n_fr_urssaf_service_end IS NOT NULL)
                             GROUP BY move_id) l ON l.move_id = m.id) src
             WHERE move.id = src.id
               AND (src.new_start IS NULL OR src.new_end IS NULL
                    OR date_trunc('month', src.new_start) = date_trunc('month', src.new_end))
            """,
            types=INVOICE_LINE_TYPES,
        )
    )
    from_lines = env.cr.rowcount
    env.cr.execute(
        SQL(
            """
            UPDATE account_move move
               SET l10n_fr_urssaf_service_start = move.delivery_date,
                   l10n_fr_urssaf_service_end = move.delivery_date
             WHERE move.state = 'draft'
               AND move.move_type IN %(sendable)s
               AND move.delivery_date IS NOT NULL
               AND move.l10n_fr_urssaf_service_start IS NULL
               AND move.l10n_fr_urssaf_service_end IS NULL
               AND NOT EXISTS (SELECT 1
                                 FROM account_move_line line
                                WHERE line.move_id = move.id
                                  AND line.display_type IN %(types)s
                                  AND (line.l10n_fr_urssaf_service_start IS NOT NULL
                                       OR line.l10n_fr_urssaf_service_end IS NOT NULL))
            """,
            types=INVOICE_LINE_TYPES,
            sendable=SENDABLE_TYPES,
        )
    )
    _logger.info(
        "URSSAF service period set on %s invoices in SQL (%s from the delivery date)",
        from_lines + env.cr.rowcount,
        env.cr.rowcount,
    )


#: Each fill, run when the hook created the column it writes (never over existing values).
FILLS = (
    (("product_template", "l10n_fr_urssaf_unit"), _fill_product_units),
    (("account_move_line", "l10n_fr_urssaf_unit"), _fill_line_natures),
    (("account_move", "l10n_fr_urssaf_service_start"), _fill_service_periods),
)
