"""scripts/test's Odoo passes: the tests that need ``sale`` run in their own pass, only there."""

import subprocess
import sys
from pathlib import Path

import pytest
from test_passes import odoo_passes

SCRIPT = Path(__file__).resolve().parent.parent / "lib" / "test_passes.py"
MODULE = "l10n_fr_urssaf_avance_immediate"


def test_without_tags_the_sale_tests_run_in_their_pass_only():
    assert odoo_passes(MODULE) == (f"/{MODULE},-urssaf_sale", f"urssaf_sale/{MODULE}")
    assert odoo_passes(MODULE, " ") == odoo_passes(MODULE)


@pytest.mark.parametrize(
    "tags",
    [f"/{MODULE}", f"/{MODULE}:TestMonthRun", f"/{MODULE}:TestMonthRun,/{MODULE}:TestScreens"],
)
def test_tags_that_do_not_name_it_do_not_run_the_sale_pass(tags):
    assert odoo_passes(MODULE, tags) == (f"{tags},-urssaf_sale", "")


@pytest.mark.parametrize("tags", [f"/{MODULE}:TestMonthRunSale", f"urssaf_sale/{MODULE}"])
def test_tags_naming_only_the_sale_tests_run_the_sale_pass_only(tags):
    assert odoo_passes(MODULE, tags) == ("", tags)


def test_mixed_tags_are_split_and_exclusions_kept_in_both():
    tags = f"/{MODULE}:TestMonthRun,/{MODULE}:TestMonthRunSale,-/{MODULE}:TestScreens"
    assert odoo_passes(MODULE, tags) == (
        f"/{MODULE}:TestMonthRun,-/{MODULE}:TestScreens,-urssaf_sale",
        f"/{MODULE}:TestMonthRunSale,-/{MODULE}:TestScreens",
    )


def test_an_exclusion_of_the_sale_tests_does_not_run_their_pass():
    tags = f"/{MODULE},-urssaf_sale"
    assert odoo_passes(MODULE, tags) == (f"{tags},-urssaf_sale", "")


def test_the_command_line_prints_two_lines():
    out = subprocess.run(
        [sys.executable, str(SCRIPT), MODULE, f"/{MODULE}:TestMonthRunSale"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert out == f"\n/{MODULE}:TestMonthRunSale\n"
