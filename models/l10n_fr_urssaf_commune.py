import io
import logging
import re
import time

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.osv import expression
from odoo.tools.misc import file_open

from ..urssaf_api import communes as communes_lib

_logger = logging.getLogger(__name__)

SHIPPED_FILE = "l10n_fr_urssaf_avance_immediate/data/l10n_fr_urssaf_communes.csv.gz"
SOURCE_PARAMETER = "l10n_fr_urssaf_avance_immediate.commune_source"
MANAGER_GROUP = "l10n_fr_urssaf_avance_immediate.group_urssaf_manager"
POSTAL_CODE_RE = re.compile(r"^[0-9]{5}$")

# The bulk load (see _bulk_upsert). An entry is identified by (INSEE code, kind).
_SQL_CREATE_STAGING = """
    DROP TABLE IF EXISTS l10n_fr_urssaf_commune_staging;
    CREATE TEMPORARY TABLE l10n_fr_urssaf_commune_staging (
        code varchar, kind varchar, name varchar, search_name varchar, department_code varchar,
        parent_code varchar, postal_codes varchar, former_codes varchar
    ) ON COMMIT DROP
"""
# the columns in the order of communes_lib.iter_compact_rows()
_SQL_COPY_STAGING = """
    COPY l10n_fr_urssaf_commune_staging (code, kind, name, search_name, department_code,
                                         parent_code, postal_codes, former_codes) FROM STDIN
"""
# entries that changed (or come back): updated in place, so links to them are kept
_SQL_UPDATE = """
    WITH changed AS (
        UPDATE l10n_fr_urssaf_commune t
           SET name = s.name, search_name = s.search_name, department_code = s.department_code,
               postal_codes = NULLIF(s.postal_codes, ''), former_codes = NULLIF(s.former_codes, ''),
               active = TRUE, write_uid = %(uid)s, write_date = now() AT TIME ZONE 'UTC'
          FROM l10n_fr_urssaf_commune_staging s
         WHERE t.code = s.code AND t.kind = s.kind
           AND (t.name IS DISTINCT FROM s.name
                OR t.search_name IS DISTINCT FROM s.search_name
                OR t.department_code IS DISTINCT FROM s.department_code
                OR t.postal_codes IS DISTINCT FROM NULLIF(s.postal_codes, '')
                OR t.former_codes IS DISTINCT FROM NULLIF(s.former_codes, '')
                OR NOT t.active)
     RETURNING t.id
    ) SELECT count(*) FROM changed
"""
_SQL_INSERT = """
    INSERT INTO l10n_fr_urssaf_commune (code, kind, name, search_name, department_code,
                                        postal_codes, former_codes, active,
                                        create_uid, create_date, write_uid, write_date)
    SELECT s.code, s.kind, s.name, s.search_name, s.department_code,
           NULLIF(s.postal_codes, ''), NULLIF(s.former_codes, ''), TRUE,
           %(uid)s, now() AT TIME ZONE 'UTC', %(uid)s, now() AT TIME ZONE 'UTC'
      FROM l10n_fr_urssaf_commune_staging s
     WHERE NOT EXISTS (SELECT 1 FROM l10n_fr_urssaf_commune t
                        WHERE t.code = s.code AND t.kind = s.kind)
"""
# the parent is the current commune of the parent code
_SQL_PARENTS = """
    UPDATE l10n_fr_urssaf_commune t SET parent_id = p.id
      FROM l10n_fr_urssaf_commune_staging s
      LEFT JOIN l10n_fr_urssaf_commune p ON p.code = s.parent_code AND p.kind = 'commune'
     WHERE t.code = s.code AND t.kind = s.kind AND t.parent_id IS DISTINCT FROM p.id
"""
# gone from the list: archived, never deleted
_SQL_ARCHIVE = """
    UPDATE l10n_fr_urssaf_commune t
       SET active = FALSE, write_uid = %(uid)s, write_date = now() AT TIME ZONE 'UTC'
     WHERE t.active AND NOT EXISTS (SELECT 1 FROM l10n_fr_urssaf_commune_staging s
                                     WHERE s.code = t.code AND s.kind = t.kind)
"""


def _copy_escape(value):
    return (
        value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    )


class L10nFrUrssafCommune(models.Model):
    """A French commune of INSEE's official geographic code, as shipped by Etalab's
    ``@etalab/decoupage-administratif``: current communes, delegated and associated communes
    (former communes merged into another one) and the arrondissements of Paris, Lyon and
    Marseille. Loaded in bulk from the addon's data file (:meth:`_load_communes`); entries gone
    from a newer file are archived, never deleted, so contacts keep their links."""

    _name = "l10n_fr_urssaf.commune"
    _description = "French commune (INSEE)"
    _order = "search_name, department_code, kind"
    _rec_names_search = ["search_name", "code", "former_codes"]

    code = fields.Char(string="INSEE code", required=True, index=True, readonly=True)
    name = fields.Char(required=True, readonly=True)
    search_name = fields.Char(
        string="Name without accents",
        required=True,
        index="trigram",
        readonly=True,
        help="The name in lower case, without accents or punctuation, as searched.",
    )
    department_code = fields.Char(
        string="Department", required=True, index=True, readonly=True, help="e.g. 77, 2A, 974"
    )
    kind = fields.Selection(
        [
            ("commune", "Commune"),
            ("delegated", "Delegated commune"),
            ("associated", "Associated commune"),
            ("arrondissement", "Municipal arrondissement"),
        ],
        required=True,
        readonly=True,
        help="Delegated and associated communes are former communes merged into another one; "
        "Paris, Lyon and Marseille are divided into municipal arrondissements.",
    )
    parent_id = fields.Many2one(
        "l10n_fr_urssaf.commune",
        string="Part of",
        index="btree_not_null",
        readonly=True,
        ondelete="set null",
        help="The current commune a delegated or associated commune or an arrondissement "
        "belongs to.",
    )
    postal_codes = fields.Char(
        readonly=True, help="The postal codes of the commune, separated by spaces."
    )
    former_codes = fields.Char(
        string="Former INSEE codes",
        readonly=True,
        help="The codes the commune had before (e.g. 20004 for Ajaccio before Corsica was "
        "split in 1976), separated by spaces.",
    )
    active = fields.Boolean(default=True, readonly=True)

    _sql_constraints = [
        (
            "code_kind_unique",
            "unique(code, kind)",
            "A commune of this kind with this INSEE code already exists.",
        )
    ]

    # ---------------------------------------------------------------- names and search

    @api.depends("name", "department_code", "kind", "parent_id.name")
    def _compute_display_name(self):
        for commune in self:
            if commune.kind in ("delegated", "associated") and commune.parent_id:
                commune.display_name = self.env._(
                    "%(name)s (%(department)s, now %(parent)s)",
                    name=commune.name,
                    department=commune.department_code,
                    parent=commune.parent_id.name,
                )
            else:
                commune.display_name = f"{commune.name} ({commune.department_code})"

    @api.model
    def _search_display_name(self, operator, value):
        """Accents, case and punctuation ignored (``saint etienne`` finds *Saint-Étienne*); an
        INSEE code, current or former, finds its commune."""
        if operator not in ("ilike", "=ilike", "like", "=like", "=") or not isinstance(value, str):
            return super()._search_display_name(operator, value)
        text = value.strip()
        if not text:
            return super()._search_display_name(operator, value)
        key = communes_lib.search_key(text)
        domains = [[("code", "=ilike", text)], [("former_codes", "ilike", text)]]
        if key:
            name_operator = "=" if operator in ("=", "=ilike", "=like") else "ilike"
            domains.append([("search_name", name_operator, key)])
        return ["|"] * (len(domains) - 1) + [leaf for domain in domains for leaf in domain]

    @api.model
    @api.readonly
    def name_search(self, name="", args=None, operator="ilike", limit=100):
        """The autocomplete: the names equal to the text first (``saint denis`` gives the five
        Saint-Denis before Saint-Denis-de-Pile), then those starting with it, then the others."""
        key = communes_lib.search_key(name)
        if operator != "ilike" or not key:
            return super().name_search(name, args=args, operator=operator, limit=limit)
        found = []
        for domain in (
            [("search_name", "=", key)],
            [("search_name", "=like", f"{key}%")],
            [("display_name", "ilike", name)],
        ):
            if limit and len(found) >= limit:
                break
            ids = [record_id for record_id, _name in found]
            records = self.search_fetch(
                expression.AND([domain, [("id", "not in", ids)], args or []]),
                ["display_name"],
                limit=limit and limit - len(found),
            )
            found += [(record.id, record.display_name) for record in records.sudo()]
        return found

    # ---------------------------------------------------------------- lookups

    @api.model
    def _address_domain(self, zip_code=None):
        """The entries a postal address can name: current communes, and for Paris, Lyon and
        Marseille their arrondissements; with a postal code, those it serves."""
        domain = [
            ("kind", "in", communes_lib.ADDRESS_KINDS),
            ("code", "not in", sorted(communes_lib.COMMUNES_WITH_ARRONDISSEMENTS)),
        ]
        if zip_code:
            domain.append(("postal_codes", "ilike", zip_code.strip()))
        return domain

    @api.model
    def _address_candidates(self, zip_code):
        """The current communes (arrondissements in Paris, Lyon, Marseille) of a postal code."""
        zip_code = (zip_code or "").strip()
        if not POSTAL_CODE_RE.fullmatch(zip_code):
            return self.browse()
        found = self.search(self._address_domain(zip_code))
        return found.filtered(lambda c: zip_code in (c.postal_codes or "").split())

    @api.model
    def _find_for_address(self, zip_code, town):
        """The commune of an address from its postal code and town name: the one whose name
        matches (accents, case and punctuation ignored; a former commune's name gives the
        commune it merged into; "Paris" gives the arrondissement of the postal code), or the
        only commune of the postal code when no town is given. Empty when the user must choose
        among several communes or nothing matches."""
        candidates = self._address_candidates(zip_code)
        key = communes_lib.search_key(town)
        if not key:
            return candidates if len(candidates) == 1 else self.browse()
        found = candidates.filtered(lambda c: c.search_name == key)
        if not found:
            # a delegated or associated commune: the address is in the commune it belongs to
            former = self.search(
                [
                    ("search_name", "=", key),
                    ("kind", "in", ("delegated", "associated")),
                    ("parent_id", "in", candidates.ids),
                ]
            )
            found = former.parent_id
        if not found:
            # "Paris", "Lyon 3e", "MARSEILLE": the arrondissement of the postal code
            found = candidates.filtered(
                lambda c: c.kind == "arrondissement"
                and key.split()[0] == c.parent_id.search_name
                and (len(key.split()) == 1 or c.search_name.startswith(key))
            )
        return found if len(found) == 1 else self.browse()

    def _postal_codes(self):
        self.ensure_one()
        return (self.postal_codes or "").split()

    @api.model
    def _find_by_code(self, code):
        """The entry of an INSEE code: the one with this code (the current commune when its
        delegated commune shares it), else the current commune that had it as a former code
        (``20004`` → Ajaccio, ``2A004``). Archived entries are found too (a town that no longer
        exists is still a birthplace)."""
        code = (code or "").strip().upper()
        if len(code) == 4 and code.isdigit():
            code = "0" + code  # a code typed as a number lost its leading zero
        if not communes_lib.CODE_RE.fullmatch(code):
            return self.browse()
        Commune = self.with_context(active_test=False)
        found = Commune.search([("code", "=", code)], order="active desc")
        if not found:
            found = Commune.search([("former_codes", "ilike", code)], order="active desc")
            found = found.filtered(lambda c: code in c.former_codes.split())
        kinds = ("commune", "arrondissement", "delegated", "associated")
        return found.sorted(lambda c: (not c.active, kinds.index(c.kind)))[:1]

    # ---------------------------------------------------------------- bulk load

    @api.model
    def _load_communes(self, content=None):
        """Load a commune list (the bytes of a compact file, gzipped or not; the shipped file by
        default) in bulk: upsert on (INSEE code, kind), archive what the file no longer has.
        Returns the counts ``{"total", "created", "updated", "archived", "seconds"}``."""
        if not (self.env.su or self.env.user.has_group(MANAGER_GROUP)):
            raise AccessError(
                self.env._("Only URSSAF managers can reload the list of French communes.")
            )
        start = time.perf_counter()
        if content is None:
            with file_open(SHIPPED_FILE, "rb", filter_ext=(".gz",)) as stream:
                content = stream.read()
        try:
            source, communes = communes_lib.read_compact(content)
        except communes_lib.CommuneFileError as exc:
            raise UserError(
                self.env._(
                    "Commune list: this file cannot be loaded (%(reason)s). Use the file built by "
                    "scripts/build_communes.py (see the README).",
                    reason=exc,
                )
            ) from exc
        counts = self._bulk_upsert(communes)
        self.env["ir.config_parameter"].sudo().set_param(SOURCE_PARAMETER, source)
        counts["seconds"] = round(time.perf_counter() - start, 3)
        _logger.info("Commune list %s loaded: %s", source, counts)
        return counts

    def _bulk_upsert(self, communes):
        """COPY the entries into a staging table, then update, insert and archive with one
        statement each (the SQL is in the module's constants: fixed names, values as parameters)."""
        self.env.flush_all()
        cr = self.env.cr
        buffer = io.StringIO()
        for row in communes_lib.iter_compact_rows(communes):
            # COPY's text format: tab-separated, backslash escaped
            buffer.write("\t".join(_copy_escape(value) for value in row) + "\n")
        buffer.seek(0)
        cr.execute(_SQL_CREATE_STAGING)
        cr.copy_expert(_SQL_COPY_STAGING, buffer)
        params = {"uid": self.env.uid}
        cr.execute(_SQL_UPDATE, params)
        updated = cr.fetchone()[0]
        cr.execute(_SQL_INSERT, params)
        created = cr.rowcount
        cr.execute(_SQL_PARENTS)
        cr.execute(_SQL_ARCHIVE, params)
        archived = cr.rowcount
        cr.execute("DROP TABLE l10n_fr_urssaf_commune_staging")
        self.env.invalidate_all()
        return {
            "total": len(communes),
            "created": created,
            "updated": updated,
            "archived": archived,
        }

    @api.model
    def _source(self):
        """The source and version of the list loaded, as its file names it."""
        return self.env["ir.config_parameter"].sudo().get_param(SOURCE_PARAMETER, "")
