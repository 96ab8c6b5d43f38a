import base64
import gzip
import io

from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools.misc import file_open

from odoo.addons.l10n_fr_urssaf_avance_immediate.models.l10n_fr_urssaf_commune import (
    SHIPPED_FILE,
)
from odoo.addons.l10n_fr_urssaf_avance_immediate.urssaf_api import communes as communes_lib


def shipped_communes():
    with file_open(SHIPPED_FILE, "rb", filter_ext=(".gz",)) as stream:
        return communes_lib.read_compact(stream.read())


def compact_file(communes, source="test list"):
    text = io.StringIO()
    communes_lib.write_compact(communes, text, source=source)
    return gzip.compress(text.getvalue().encode())


@tagged("post_install", "-at_install")
class TestCommuneList(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Commune = cls.env["l10n_fr_urssaf.commune"]
        cls.source, cls.communes = shipped_communes()

    def _get(self, code, kind="commune"):
        commune = self.Commune.with_context(active_test=False).search(
            [("code", "=", code), ("kind", "=", kind)]
        )
        self.assertEqual(len(commune), 1, f"{code} ({kind})")
        return commune

    def test_every_entry_of_the_file_is_in_the_database(self):
        self.assertIn("@etalab/decoupage-administratif", self.source)
        self.assertEqual(self.Commune._source(), self.source)
        self.env.cr.execute(
            """
            SELECT c.code, c.kind, c.name, c.department_code, p.code,
                   coalesce(c.postal_codes, ''), coalesce(c.former_codes, '')
              FROM l10n_fr_urssaf_commune c
              LEFT JOIN l10n_fr_urssaf_commune p ON p.id = c.parent_id
             WHERE c.active
            """
        )
        in_database = set(self.env.cr.fetchall())
        in_file = {
            (
                c.code,
                c.kind,
                c.name,
                c.department,
                c.parent,
                " ".join(c.postal_codes),
                " ".join(c.former_codes),
            )
            for c in self.communes
        }
        self.assertEqual(len(in_file), len(self.communes))
        self.assertEqual(in_database, in_file)
        # the version shipped holds what INSEE's list holds
        if "6.0.0" in self.source:
            self.assertEqual(len(in_database), 37590)

    def test_well_known_communes(self):
        paris_14 = self._get("75114", "arrondissement")
        self.assertEqual(paris_14.name, "Paris 14e Arrondissement")
        self.assertEqual(paris_14.parent_id, self._get("75056"))
        self.assertEqual(paris_14.postal_codes, "75014")
        self.assertEqual(paris_14.department_code, "75")

        ajaccio = self._get("2A004")
        self.assertEqual((ajaccio.name, ajaccio.department_code), ("Ajaccio", "2A"))
        self.assertEqual(ajaccio.former_codes, "20004")

        saint_denis = self._get("97411")
        self.assertEqual((saint_denis.name, saint_denis.department_code), ("Saint-Denis", "974"))
        self.assertEqual(saint_denis.display_name, "Saint-Denis (974)")
        self.assertIn("97400", saint_denis.postal_codes.split())

        # Saint-Bois merged into Arboys en Bugey (2016) and is one of its delegated communes;
        # Arbignieu, the seat of the merger, shares the new commune's code
        saint_bois = self._get("01340", "delegated")
        arboys = self._get("01015")
        self.assertEqual(saint_bois.name, "Saint-Bois")
        self.assertEqual(saint_bois.parent_id, arboys)
        self.assertIn("01340", arboys.former_codes.split())
        self.assertEqual(self._get("01015", "delegated").name, "Arbignieu")
        self.assertIn("Arboys en Bugey", saint_bois.display_name)

    def test_name_search_ignores_accents_case_and_finds_codes(self):
        def found(text, **kwargs):
            return {name for _id, name in self.Commune.name_search(text, limit=50, **kwargs)}

        self.assertIn("Saint-Étienne (42)", found("saint etienne"))
        self.assertIn("Saint-Étienne (42)", found("ST-ETIENNE"))
        self.assertIn("L'Haÿ-les-Roses (94)", found("lhay les roses") | found("l hay les roses"))
        self.assertEqual(
            found("Saint-Denis", args=[("department_code", "=", "974")]), {"Saint-Denis (974)"}
        )
        # by INSEE code, current or former (Corsica before 1976)
        self.assertEqual(found("2a004"), {"Ajaccio (2A)"})
        self.assertIn("Ajaccio (2A)", found("20004"))

    def test_reload_keeps_links_and_archives_what_is_gone(self):
        manager = new_test_user(
            self.env,
            login="urssaf_commune_manager",
            groups="base.group_user,l10n_fr_urssaf_avance_immediate.group_urssaf_manager",
        )
        ajaccio = self._get("2A004")
        paris_14 = self._get("75114", "arrondissement")
        paris = paris_14.parent_id
        count = self.Commune.search_count([])
        client = self.env["res.partner"].create(
            {
                "name": "Marie CURIE",
                "l10n_fr_urssaf_commune_id": paris_14.id,
                "l10n_fr_urssaf_birth_commune_id": ajaccio.id,
            }
        )
        newer = [c for c in self.communes if c.code != "75114"]
        renamed = next(i for i, c in enumerate(newer) if c.code == "2A004")
        newer[renamed] = communes_lib.Commune(
            "2A004", "commune", "Ajaccio-Renamed", "2A", None, ("20000",), ("20004",)
        )
        newer.append(communes_lib.Commune("2A999", "commune", "Nouvelle Commune", "2A"))
        wizard = (
            self.env["l10n_fr_urssaf.commune.reload"]
            .with_user(manager)
            .create({"file": base64.b64encode(compact_file(newer, "newer list"))})
        )
        action = wizard.action_reload()
        self.assertIn("1 new", action["params"]["message"])
        self.assertIn("1 archived", action["params"]["message"])
        self.assertEqual(self.Commune._source(), "newer list")
        # same records: whatever links to them keeps its link
        self.assertEqual(self._get("2A004"), ajaccio)
        self.assertEqual(ajaccio.name, "Ajaccio-Renamed")
        self.assertEqual(ajaccio.postal_codes, "20000")
        self.assertFalse(paris_14.active)
        self.assertEqual(paris_14.parent_id, paris)
        self.assertEqual(self.Commune.search_count([]), count)
        self.assertTrue(self._get("2A999").active)
        # the contact keeps its towns, the archived one included
        client.invalidate_recordset()
        self.assertEqual(client.l10n_fr_urssaf_commune_id, paris_14)
        self.assertEqual(client.l10n_fr_urssaf_birth_commune_id.name, "Ajaccio-Renamed")

        # the shipped list again: the arrondissement comes back, the same record
        counts = self.Commune.with_user(manager)._load_communes()
        self.assertEqual(counts["total"], len(self.communes))
        self.assertTrue(paris_14.active)
        self.assertEqual(self._get("75114", "arrondissement"), paris_14)
        self.assertEqual(ajaccio.name, "Ajaccio")
        self.assertFalse(self._get("2A999").active)
        # nothing changed: nothing rewritten
        counts = self.Commune._load_communes()
        self.assertEqual((counts["created"], counts["updated"], counts["archived"]), (0, 0, 0))

    def test_only_managers_reload_and_bad_files_are_explained(self):
        user = new_test_user(self.env, login="urssaf_commune_reader", groups="base.group_user")
        # internal users read the list
        self.assertTrue(self.Commune.with_user(user).search([("code", "=", "97411")]))
        with self.assertRaises(AccessError):
            self.Commune.with_user(user)._load_communes()
        with self.assertRaises(AccessError):
            self.env["l10n_fr_urssaf.commune.reload"].with_user(user).create({})
        ajaccio = self._get("2A004")
        for content in (b"not a list", gzip.compress(b"code,kind\n2A004,commune\n")):
            with self.assertRaises(UserError) as caught:
                self.Commune._load_communes(content)
            self.assertIn("scripts/build_communes.py", str(caught.exception))
        self.assertEqual(ajaccio.name, "Ajaccio")

    def test_address_lookup_by_postal_code_and_town(self):
        def find(zip_code, town):
            return self.Commune._find_for_address(zip_code, town).code or None

        # Paris, Lyon and Marseille: the arrondissement of the postal code
        self.assertEqual(find("75014", "Paris"), "75114")
        self.assertEqual(find("75116", "PARIS"), "75116")
        self.assertEqual(find("69003", "Lyon 3e"), "69383")
        self.assertEqual(find("13008", "Marseille"), "13208")
        # one commune for the postal code: found, with or without the town
        self.assertEqual(find("77300", "fontainebleau"), "77186")
        self.assertEqual(find("77300", ""), "77186")
        # several communes share 01300: the town decides, accents and case ignored
        self.assertEqual(len(self.Commune._address_candidates("01300")), 22)
        self.assertIsNone(find("01300", ""))
        self.assertEqual(find("01300", "belley"), "01034")
        self.assertEqual(find("01300", "GROSLEE ST BENOIT"), "01338")
        # a former commune's name gives the commune it merged into
        self.assertEqual(find("01300", "Saint-Bois"), "01015")
        # Saint-Denis de La Réunion, not the other Saint-Denis
        self.assertEqual(find("97400", "Saint Denis"), "97411")
        # a town that is not served by the postal code, or a postal code that does not exist
        self.assertIsNone(find("77300", "Avon"))
        self.assertIsNone(find("00000", "Paris"))
        self.assertIsNone(find("7501", "Paris"))
