"""Counts of a test suite for scripts/test's summary: "<passed> <failed> [note]".

Two readers, one rule: a suite counts only what it proves. Its exit code is part of the proof:
a run cut short (pytest.exit, an internal error, a crash), a run of zero tests, a report that
cannot be read, or a non-zero exit with no failure in the report each add one failure with a
note saying why. A skipped test is never counted as passed.

    python suite_counts.py junit  <junit.xml> <exit code>
    python suite_counts.py odoo   <odoo log>  <exit code> <module>

Printed on one line: passed, failed, then an optional note (free text).
"""

import re
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass

# pytest's exit codes (pytest.ExitCode): 1 = some tests failed; anything else but 0 means the
# run itself went wrong (2 interrupted, 3 internal error, 4 usage error, 5 no tests collected).
PYTEST_EXIT_NOTES = {
    2: "run interrupted (pytest.exit or Ctrl-C): only what ran is counted",
    3: "pytest internal error",
    4: "pytest usage error",
    5: "no test collected",
}


@dataclass
class Counts:
    passed: int
    failed: int
    note: str = ""

    def line(self):
        return f"{self.passed} {self.failed} {self.note}".rstrip()


def _exit_code(returncode):
    try:
        return int(returncode)
    except (TypeError, ValueError):
        return None


def junit_counts(path, returncode):
    """Counts of a pytest run from its JUnit XML file and its exit code."""
    code = _exit_code(returncode)
    if code is None:
        return Counts(0, 1, f"unknown exit code {returncode!r}")
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as exc:
        return Counts(0, 1, f"no readable JUnit report ({exc.__class__.__name__}), exit {code}")
    if root.tag not in ("testsuite", "testsuites"):
        return Counts(0, 1, f"not a JUnit report (root <{root.tag}>), exit {code}")
    suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
    try:
        total = sum(int(s.get("tests", 0)) for s in suites)
        bad = sum(int(s.get("failures", 0)) + int(s.get("errors", 0)) for s in suites)
        skipped = sum(int(s.get("skipped", 0)) for s in suites)
    except ValueError:
        return Counts(0, 1, f"unreadable counts in the JUnit report, exit {code}")
    passed = max(total - bad - skipped, 0)
    notes = []
    extra = 0
    if total == 0:
        extra, notes = 1, ["no test ran"]
    if code not in (0, 1):
        extra = 1
        notes.append(PYTEST_EXIT_NOTES.get(code, f"exit code {code}"))
    elif code == 1 and bad == 0:
        extra = 1
        notes.append("exit code 1 with no failure in the report")
    elif code == 0 and bad:
        notes.append("exit code 0 despite failures in the report")
    return Counts(passed, bad + extra, "; ".join(dict.fromkeys(notes)))


# Odoo's closing line for each test run: "0 failed, 0 error(s) of N tests when loading database"
ODOO_SUMMARY_RE = re.compile(r"(\d+) failed, (\d+) error\(s\) of (\d+) tests")
ODOO_SKIPPED_RE = re.compile(r"^\S+ \S+ \d+ INFO \S+ \S+: skipped ", re.MULTILINE)


def odoo_counts(log_path, returncode, module):
    """Counts of an Odoo test run (odoo-bin --test-enable) from its log file and exit code."""
    code = _exit_code(returncode)
    if code is None:
        return Counts(0, 1, f"unknown exit code {returncode!r}")
    try:
        with open(log_path, encoding="utf-8", errors="replace") as handle:
            text = handle.read()
    except OSError as exc:
        return Counts(0, 1, f"no Odoo log ({exc.__class__.__name__}), exit {code}")
    summaries = ODOO_SUMMARY_RE.findall(text)
    if not summaries:
        return Counts(
            0, 1, f"no test summary in the Odoo log (install error or crash), exit {code}"
        )
    if not re.search(rf"odoo\.addons\.{re.escape(module)}\.tests", text):
        return Counts(0, 1, f"no test of {module} ran, exit {code}")
    failed = sum(int(f) + int(e) for f, e, _ in summaries)
    total = sum(int(t) for _, _, t in summaries)
    # Odoo counts skipped tests in "of N tests": a skipped test is not a passed one.
    skipped = len(ODOO_SKIPPED_RE.findall(text))
    note = ""
    extra = 0
    if code != 0 and failed == 0:
        extra, note = 1, f"Odoo exited with {code} and no failed test"
    return Counts(max(total - failed - skipped, 0), failed + extra, note)


def main(argv):
    try:
        kind = argv[1]
        if kind == "junit":
            counts = junit_counts(argv[2], argv[3])
        elif kind == "odoo":
            counts = odoo_counts(argv[2], argv[3], argv[4])
        else:
            counts = Counts(0, 1, f"unknown report kind {kind!r}")
    except IndexError:
        counts = Counts(0, 1, "usage: suite_counts.py junit|odoo FILE EXIT_CODE [MODULE]")
    sys.stdout.write(counts.line() + "\n")


if __name__ == "__main__":
    main(sys.argv)
