"""The package's texts: English templates marked for Odoo's extractor, their French, rendering."""

from __future__ import annotations

import ast
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from urssaf_api import catalogue, check_registration
from urssaf_api.errors import ErrorItem, UrssafBusinessError, UrssafTemporaryError
from urssaf_api.texts import Day, Money, Text, join, render
from urssaf_api.texts_fr import FRENCH, translate_fr, typography

PACKAGE = Path(__file__).resolve().parent.parent
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def marked_templates() -> dict[str, str]:
    """Every literal wrapped in ``_lt(...)`` in the package (what Odoo's extractor exports), with
    the file it is in."""
    found = {}
    for path in PACKAGE.rglob("*.py"):
        if "tests" in path.relative_to(PACKAGE).parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "_lt"
            ):
                (argument,) = node.args
                assert isinstance(argument, ast.Constant), f"_lt() of a non-literal in {path}"
                found[argument.value] = path.name
    return found


def test_the_package_marks_its_templates():
    templates = marked_templates()
    assert len(templates) > 300
    assert "%(label)s: required." in templates
    assert "URSSAF refused the request: %(reasons)s" in templates


def test_every_template_has_its_french_with_the_same_placeholders():
    templates = marked_templates()
    missing = sorted(t for t in templates if t not in FRENCH)
    assert not missing, f"{len(missing)} templates without French: {missing[:5]}"
    for english, french in FRENCH.items():
        assert sorted(PLACEHOLDER.findall(french)) == sorted(PLACEHOLDER.findall(english)), (
            english,
            french,
        )
        # a literal % is written %% in a template with placeholders, in both languages
        if PLACEHOLDER.search(english):
            values = {name: "x" for name in PLACEHOLDER.findall(english)}
            assert (english % values) and (french % values)
    orphans = sorted(set(FRENCH) - set(templates))
    assert not orphans, f"French for templates the code no longer has: {orphans[:5]}"


def test_french_typography():
    for french in FRENCH.values():
        assert not re.search(r" [:»]|« |[^\u202f][;?!](\s|$)", french), french
        assert not re.search(r"\w[:;] ", french), french  # never "mot: " in French


def test_typography_puts_the_no_break_spaces():
    assert typography("Prénoms : abrégez ; « Jean » ?") == (
        "Prénoms\u00a0: abrégez\u202f; «\u00a0Jean\u00a0»\u202f?"
    )


def test_text_renders_english_and_french_with_nested_values():
    label = Text("Date of birth")
    text = Text("%(label)s: required.", label=label)
    assert str(text) == text.en == "Date of birth: required."
    assert text.fr == "Date de naissance\u00a0: à renseigner."
    assert text == Text("%(label)s: required.", label=Text("Date of birth"))
    assert hash(text) == hash(Text("%(label)s: required.", label=Text("Date of birth")))
    with pytest.raises(AttributeError):
        text.template = "other"


def test_amounts_and_dates_are_written_for_the_language():
    assert Money(Decimal("12000")).format("en_US") == "12,000.00 €"
    assert Money(Decimal("5000.005")).format("fr_FR") == "5\u202f000,01\u00a0€"
    assert Day(date(2024, 3, 15)).format("en_US") == "2024-03-15"
    assert Day(date(2024, 3, 15)).format("fr_BE") == "15/03/2024"
    assert render(None) == "" and render(3) == "3"


def test_a_translation_that_does_not_fit_falls_back_to_english():
    text = Text("%(count)s items", count=3)
    assert text.render(lambda template: "%(nombre)s articles") == "3 items"
    assert text.render(lambda template: "%(count)s articles") == "3 articles"


def test_join_separates_items_the_way_the_language_does():
    items = [Text("%(n)s", n=n) for n in (1, 2, 3)]
    assert str(join(items)) == "1; 2; 3"
    assert join(items).fr == "1\u202f; 2\u202f; 3"
    assert join([]) == ""


def test_messages_of_every_kind_render_in_both_languages():
    problems, _warnings = check_registration({}, today=date(2024, 3, 15))
    error = UrssafBusinessError([ErrorItem("ERR_FACTURE_DOUBLON"), ErrorItem("X_NEW", "Boom")])
    texts = [p.text for p in problems] + [error.text]
    texts.append(catalogue.nature("270").label)
    for text in texts:
        assert text.en and text.fr and text.en != text.fr, text
        # no English template left untranslated inside a French message
        assert translate_fr(text.template) != text.template or text.template == "%(text)s"
    assert error.message_fr.startswith("L'URSSAF a refusé la demande\u00a0: Facture déjà")
    assert "\u202f; Erreur URSSAF non répertoriée X_NEW\u00a0: Boom." in error.message_fr


def test_an_error_written_in_both_languages_keeps_them():
    error = UrssafTemporaryError("déjà écrit", "already written")
    assert (error.message_fr, error.message_en, str(error)) == (
        "déjà écrit",
        "already written",
        "already written",
    )


def _po_entries(path: Path) -> dict[str, str]:
    """msgid -> msgstr of a .po file (the subset of the format Odoo and polib write)."""
    entries: dict[str, str] = {}
    key = None
    parts: dict[str, list[str]] = {}

    def flush():
        if "msgid" in parts:
            entries["".join(parts["msgid"])] = "".join(parts.get("msgstr", []))

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith(("msgid ", "msgstr ", "msgctxt ")):
            key, _, rest = line.partition(" ")
            if key == "msgid":
                flush()
                parts = {}
            parts[key] = [ast.literal_eval(rest)]
        elif line.startswith('"') and key:
            parts[key].append(ast.literal_eval(line))
    flush()
    return entries


FR_PO = Path(__file__).resolve().parents[2] / "i18n" / "fr.po"


@pytest.mark.skipif(
    not FR_PO.exists(), reason="outside the addon: no i18n/fr.po next to the package"
)
def test_the_package_french_is_the_one_of_fr_po():
    """Odoo shows the French of fr.po; the package's table (French without Odoo) must say the
    same, so a correction made in fr.po is made in urssaf_api/texts_fr.py too."""
    po = _po_entries(FR_PO)
    missing = sorted(t for t in FRENCH if t not in po)
    assert not missing, f"templates missing from fr.po (run scripts/i18n): {missing[:5]}"
    differ = {t: (FRENCH[t], po[t]) for t in FRENCH if po[t] and po[t] != FRENCH[t]}
    assert not differ, f"texts_fr.py and fr.po disagree (table, fr.po): {list(differ.items())[:3]}"
    untranslated = sorted(t for t in FRENCH if not po[t])
    assert not untranslated, f"no French in fr.po for: {untranslated[:5]}"
