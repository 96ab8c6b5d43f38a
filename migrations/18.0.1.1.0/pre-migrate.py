"""18.0.1.1.0: the company's URSSAF OAuth credentials are named "API client" (they were named
like the URSSAF client links): l10n_fr_urssaf_client_id/_secret -> l10n_fr_urssaf_api_client_*.
Renamed before the module's fields are loaded, so the values are kept."""

RENAMES = (
    ("l10n_fr_urssaf_client_id", "l10n_fr_urssaf_api_client_id"),
    ("l10n_fr_urssaf_client_secret", "l10n_fr_urssaf_api_client_secret"),
)


def _column_exists(cr, table, column):
    cr.execute(
        "SELECT 1 FROM information_schema.columns WHERE table_name = %s AND column_name = %s",
        (table, column),
    )
    return bool(cr.fetchone())


def rename_credentials(cr):
    for old, new in RENAMES:
        if _column_exists(cr, "res_company", old) and not _column_exists(cr, "res_company", new):
            cr.execute(f'ALTER TABLE res_company RENAME COLUMN "{old}" TO "{new}"')
            # the field's metadata follows, so its translations and access stay attached
            cr.execute(
                "UPDATE ir_model_fields SET name = %s WHERE model = 'res.company' AND name = %s",
                (new, old),
            )
            cr.execute(
                "UPDATE ir_model_data SET name = %s WHERE module = "
                "'l10n_fr_urssaf_avance_immediate' AND model = 'ir.model.fields' AND name = %s",
                (f"field_res_company__{new}", f"field_res_company__{old}"),
            )


def migrate(cr, version):
    if version:
        rename_credentials(cr)
