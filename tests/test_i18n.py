import os

import polib

from odoo.tests import TransactionCase, tagged
from odoo.tools.translate import TranslationModuleReader

MODULE = "l10n_fr_urssaf_avance_immediate"


@tagged("post_install", "-at_install")
class TestFrenchTranslation(TransactionCase):
    def test_every_term_has_its_french_translation(self):
        """Every string the module shows (fields, views, menus, messages in the code) has a
        French translation in i18n/fr.po: run scripts/i18n, then translate the empty ones."""
        terms = {
            source
            for module, _type, _name, _res_id, source, _value, _comments in (
                TranslationModuleReader(self.env.cr, modules=[MODULE])
            )
            if module == MODULE and source.strip()
        }
        self.assertGreater(len(terms), 50, "the module exports almost no term: check the reader")
        po_path = os.path.join(os.path.dirname(os.path.dirname(__file__)), "i18n", "fr.po")
        translated = {entry.msgid for entry in polib.pofile(po_path) if entry.msgstr.strip()}
        missing = sorted(terms - translated)
        self.assertFalse(
            missing,
            "%d terms have no French translation in i18n/fr.po (run scripts/i18n):\n%s"
            % (len(missing), "\n".join(missing[:40])),
        )

    def test_french_translation_is_loaded(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms([MODULE], ["fr_FR"], overwrite=True)
        field = self.env["ir.model.fields"]._get("res.company", "l10n_fr_urssaf_environment")
        self.assertEqual(field.with_context(lang="fr_FR").field_description, "Environnement URSSAF")
