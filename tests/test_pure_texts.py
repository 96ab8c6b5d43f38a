"""The texts of the pure package (urssaf_api) shown through Odoo: translated by the addon's .po."""

from datetime import date
from unittest.mock import patch

from odoo.tests import TransactionCase, tagged
from odoo.tools.translate import code_translations

from ..models.res_company import explain_urssaf_error, render_text
from ..urssaf_api import ErrorItem, UrssafBusinessError, validate_registration

MODULE = "l10n_fr_urssaf_avance_immediate"


@tagged("post_install", "-at_install")
class TestPureTexts(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.problem = next(
            p for p in validate_registration({}, today=date(2024, 3, 15)) if p.field == "birth_name"
        )

    def test_english_is_the_package_english(self):
        english = self.env(context={"lang": "en_US"})
        self.assertEqual(render_text(english, self.problem.text), "Birth name: required.")
        self.assertEqual(render_text(english, 12), "12")

    def test_templates_are_translated_through_the_addons_code_translations(self):
        """Independent of i18n/fr.po: the addon's code translations for French are replaced by
        two terms, which the rendering must use (and only for this addon's terms)."""
        french = self.env(context={"lang": "fr_FR"})
        terms = {
            "%(label)s: required.": "%(label)s\u00a0: champ obligatoire.",
            "Birth name": "Nom à la naissance",
        }
        with patch.dict(code_translations.python_translations, {(MODULE, "fr_FR"): terms}):
            self.assertEqual(
                render_text(french, self.problem.text),
                "Nom à la naissance\u00a0: champ obligatoire.",
            )
            # a term without translation stays English
            item = ErrorItem("X_NEW", "Boom")
            text = explain_urssaf_error(french, UrssafBusinessError([item]))
            self.assertIn("Unlisted URSSAF error X_NEW: Boom.", text)

    def test_french_comes_from_fr_po(self):
        """Needs the French of the package's templates in i18n/fr.po (seeded from
        urssaf_api/texts_fr.py): what a translator fixes there is what the user reads."""
        french = self.env(context={"lang": "fr_FR"})
        self.assertEqual(
            render_text(french, self.problem.text), "Nom de naissance\u00a0: à renseigner."
        )
        error = UrssafBusinessError([ErrorItem("ERR_FACTURE_DOUBLON")])
        self.assertIn("Facture déjà transmise", explain_urssaf_error(french, error))
