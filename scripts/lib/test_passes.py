"""The Odoo test passes of scripts/test and the test tags of each: "<main tags>\\n<sale tags>".

The tests tagged ``urssaf_sale`` need the ``sale`` app, which the addon does not depend on: they
run in a pass of their own, on a database where ``sale`` is installed with the addon, and never
in the main pass (left out by tag, not skipped). An empty line: that pass does not run.

    python test_passes.py <module> [<URSSAF_AI_TEST_TAGS>]

Without tags: every test of the module in the main pass, the ``urssaf_sale`` ones in the sale
pass. With tags (Odoo's --test-tags syntax, comma-separated): the sale pass runs only the specs
that name it (the tag ``urssaf_sale`` or a class of ``SALE_CLASSES``), with the exclusions; the
main pass runs the other specs, when there are any.
"""

import sys

SALE_TAG = "urssaf_sale"
SALE_CLASSES = ("TestMonthRunSale",)


def _names_sale(spec):
    return not spec.startswith("-") and (
        SALE_TAG in spec or any(name in spec for name in SALE_CLASSES)
    )


def odoo_passes(module, tags=""):
    """``(main pass tags, sale pass tags)``; an empty string: the pass does not run."""
    specs = [spec.strip() for spec in (tags or "").split(",") if spec.strip()]
    if not specs:
        return f"/{module},-{SALE_TAG}", f"{SALE_TAG}/{module}"
    sale = [spec for spec in specs if _names_sale(spec)]
    others = [spec for spec in specs if spec not in sale]
    main = ",".join([*others, f"-{SALE_TAG}"]) if others else ""
    exclusions = [spec for spec in others if spec.startswith("-")]
    return main, ",".join(sale + exclusions) if sale else ""


if __name__ == "__main__":
    main_tags, sale_tags = odoo_passes(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "")
    sys.stdout.write(f"{main_tags}\n{sale_tags}\n")
