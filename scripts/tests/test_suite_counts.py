"""scripts/test's counters: a suite counts only what it proves (issue 6, item 7)."""

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from suite_counts import junit_counts, odoo_counts

SUMMARY_SH = Path(__file__).resolve().parent.parent / "lib" / "summary.sh"
MODULE = "l10n_fr_urssaf_avance_immediate"


def run_pytest(tmp_path, body):
    """Runs a real pytest on a one-file suite; returns (junit path, exit code)."""
    (tmp_path / "test_sample.py").write_text(textwrap.dedent(body))
    junit = tmp_path / "junit.xml"
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:odoo"]
        + ["-p", "no:randomly", f"--junitxml={junit}", str(tmp_path / "test_sample.py")],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    return junit, proc.returncode


def test_a_clean_run_counts_its_passes_and_not_its_skips(tmp_path):
    junit, code = run_pytest(
        tmp_path,
        """
        import pytest
        def test_a(): pass
        def test_b(): pass
        @pytest.mark.skip(reason="not here")
        def test_c(): pass
        """,
    )
    assert code == 0
    counts = junit_counts(junit, code)
    assert (counts.passed, counts.failed) == (2, 0)


def test_failures_are_counted(tmp_path):
    junit, code = run_pytest(tmp_path, "def test_a(): pass\ndef test_b(): assert False\n")
    assert code == 1
    counts = junit_counts(junit, code)
    assert (counts.passed, counts.failed) == (1, 1)


def test_a_run_cut_short_by_pytest_exit_is_a_failure(tmp_path):
    junit, code = run_pytest(
        tmp_path,
        """
        import pytest
        def test_a(): pass
        def test_b(): pytest.exit("stop here")
        def test_c(): pass
        """,
    )
    assert code == 2
    counts = junit_counts(junit, code)
    assert counts.passed == 1
    assert counts.failed == 1
    assert "interrupted" in counts.note


def test_an_internal_error_is_a_failure(tmp_path):
    (tmp_path / "conftest.py").write_text(
        "def pytest_collection_finish(session):\n    raise RuntimeError('boom')\n"
    )
    junit, code = run_pytest(tmp_path, "def test_a(): pass\n")
    assert code == 3
    counts = junit_counts(junit, code)
    assert counts.failed >= 1
    assert counts.passed == 0


def test_no_test_collected_is_a_failure(tmp_path):
    junit, code = run_pytest(tmp_path, "X = 1\n")
    assert code == 5
    counts = junit_counts(junit, code)
    assert (counts.passed, counts.failed) == (0, 1)


def test_a_missing_or_garbled_report_is_a_failure(tmp_path):
    assert (junit_counts(tmp_path / "absent.xml", 0).failed) == 1
    garbled = tmp_path / "garbled.xml"
    garbled.write_text("<testsuites><testsuite tests='3'")
    assert (junit_counts(garbled, 0).passed, junit_counts(garbled, 0).failed) == (0, 1)
    other = tmp_path / "other.xml"
    other.write_text("<html/>")
    assert junit_counts(other, 0).failed == 1


@pytest.mark.parametrize("code", [1, 2, 3, 4, 139, "crashed"])
def test_a_non_zero_exit_with_a_clean_report_is_a_failure(tmp_path, code):
    report = tmp_path / "junit.xml"
    report.write_text(
        '<testsuites><testsuite name="s" tests="4" failures="0" errors="0" skipped="0">'
        "</testsuite></testsuites>"
    )
    counts = junit_counts(report, code)
    assert counts.failed == 1
    assert counts.passed == (4 if isinstance(code, int) else 0)


T = "2026-11-30 00:00:01,000 1 INFO db"
ODOO_LOG_OK = f"""\
{T} odoo.modules.loading: loading {MODULE}
{T} odoo.addons.{MODULE}.tests.test_x: Starting TestX.test_a ...
{T} odoo.addons.{MODULE}.tests.test_x: skipped TestX.test_b
{T} odoo.tests.result: 0 failed, 0 error(s) of 12 tests when loading database 'db'
"""


def test_odoo_counts_a_clean_run_minus_its_skips(tmp_path):
    log = tmp_path / "odoo.log"
    log.write_text(ODOO_LOG_OK)
    counts = odoo_counts(log, 0, MODULE)
    assert (counts.passed, counts.failed) == (11, 0)


def test_odoo_failures_and_exit_code(tmp_path):
    log = tmp_path / "odoo.log"
    log.write_text(ODOO_LOG_OK.replace("0 failed, 0 error(s)", "2 failed, 1 error(s)"))
    assert (odoo_counts(log, 1, MODULE).passed, odoo_counts(log, 1, MODULE).failed) == (8, 3)
    log.write_text(ODOO_LOG_OK)
    counts = odoo_counts(log, 1, MODULE)
    assert (counts.passed, counts.failed) == (11, 1)
    assert "exited with 1" in counts.note


@pytest.mark.parametrize(
    "text",
    [
        "",  # Odoo crashed before logging anything
        ODOO_LOG_OK.replace(f"odoo.addons.{MODULE}.tests", "odoo.addons.other.tests"),
        ODOO_LOG_OK.splitlines()[0] + "\nTraceback (most recent call last):\n",
    ],
)
def test_odoo_a_run_that_proves_nothing_is_a_failure(tmp_path, text):
    log = tmp_path / "odoo.log"
    log.write_text(text)
    counts = odoo_counts(log, 0, MODULE)
    assert (counts.passed, counts.failed) == (0, 1)
    assert counts.note


def test_odoo_missing_log_is_a_failure(tmp_path):
    assert odoo_counts(tmp_path / "absent.log", 0, MODULE).failed == 1


def summary_of(script):
    """Runs bash with summary.sh sourced; returns (exit code, lines printed)."""
    proc = subprocess.run(
        ["bash", "-c", f'source "{SUMMARY_SH}"\n{script}\nprint_summary'],
        capture_output=True,
        text=True,
        check=False,
    )
    return proc.returncode, proc.stdout.strip().splitlines()


def test_summary_ends_with_the_totals_and_fails_on_a_failure():
    code, lines = summary_of('record "a" 3 0\nrecord_counts "b" "2 1 a note"')
    assert lines[-1] == "5 passed, 1 failed"
    assert code == 1
    assert any("a note" in line for line in lines)
    code, lines = summary_of('record "a" 3 0')
    assert (code, lines[-1]) == (0, "3 passed, 0 failed")


@pytest.mark.parametrize("output", ["", "garbage", "1", "x 0", "-1 0", "0 0\nTraceback"])
def test_summary_a_counter_that_cannot_count_is_a_failure(output):
    code, lines = summary_of(f'record "a" 3 0\nrecord_counts "odoo: x" {output!r}')
    assert lines[-1] == "3 passed, 1 failed"
    assert code == 1
    assert any(line.strip().startswith("odoo: x") for line in lines)


def test_summary_says_why_the_odoo_tests_did_not_run():
    code, lines = summary_of('record "a" 1 0\nodoo_not_run "no tree"')
    assert "ODOO TESTS NOT RUN: no tree" in lines
    assert lines[-1] == "1 passed, 0 failed"


def test_an_empty_report_with_a_clean_exit_is_a_failure(tmp_path):
    report = tmp_path / "junit.xml"
    report.write_text('<testsuites><testsuite name="s" tests="0"></testsuite></testsuites>')
    counts = junit_counts(report, 0)
    assert (counts.passed, counts.failed) == (0, 1)
    assert "no test ran" in counts.note
