#!/usr/bin/env python3
"""French typography of the translations: a no-break space (U+00A0) before ":", a narrow no-break
space (U+202F) before ";", "?" and "!" (the rules: tests/french_typography.py).

    python scripts/i18n_typography.py [i18n/fr.po]           # fixes the msgstrs in place
    python scripts/i18n_typography.py --check [i18n/fr.po]   # lists the faults, exit 1 if any

Only the translations (msgstr) are touched, never the msgids. Needs polib (in the venv).
"""

import importlib.util
import os
import sys

import polib


def _typography():
    """tests/french_typography.py, which imports nothing from Odoo, loaded by its path."""
    path = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "tests")
    spec = importlib.util.spec_from_file_location(
        "french_typography", os.path.join(path, "french_typography.py")
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


typography = _typography()


def main(argv):
    check = "--check" in argv
    paths = [arg for arg in argv if not arg.startswith("--")] or ["i18n/fr.po"]
    total = 0
    for path in paths:
        po = polib.pofile(path, wrapwidth=78)
        changed = 0
        for entry in po:
            texts = [entry.msgstr, *entry.msgstr_plural.values()]
            for text in texts:
                for index in typography.faults(text):
                    total += 1
                    if check:
                        print(f"{path}: {typography.describe(text, index)!r}")
            if check:
                continue
            if entry.msgstr and typography.fix(entry.msgstr) != entry.msgstr:
                entry.msgstr = typography.fix(entry.msgstr)
                changed += 1
            for key, value in entry.msgstr_plural.items():
                if typography.fix(value) != value:
                    entry.msgstr_plural[key] = typography.fix(value)
                    changed += 1
        if not check and changed:
            po.save(path)
        if not check:
            print(f"{path}: {changed} translations fixed")
    if check and total:
        print(f"{total} faults of French typography")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
