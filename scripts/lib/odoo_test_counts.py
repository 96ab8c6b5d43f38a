"""Reads an Odoo test log and prints "<passed> <failed>" for scripts/test.

Odoo's own closing line ("0 failed, 0 error(s) of N tests when loading database") is parsed;
an install error, a crash or a run of zero tests of the module counts as a failure, never as a
pass, and a skipped test is not counted as passed.
"""

import re
import sys


def main(log_path, returncode, module):
    try:
        with open(log_path, encoding="utf-8", errors="replace") as handle:
            text = handle.read()
    except OSError:
        print("0 1")
        return
    summaries = re.findall(r"(\d+) failed, (\d+) error\(s\) of (\d+) tests", text)
    module_ran = re.search(rf"odoo\.addons\.{module}\.tests", text) is not None
    if not summaries or not module_ran:
        print("0 1")
        return
    failed = sum(int(f) + int(e) for f, e, _ in summaries)
    total = sum(int(t) for _, _, t in summaries)
    # Odoo counts skipped tests in "of N tests": a skipped test is not a passed one
    skipped = len(re.findall(r"^\S+ \S+ \d+ INFO \S+ \S+: skipped ", text, re.MULTILINE))
    extra = 1 if (int(returncode) != 0 and failed == 0) else 0
    print(max(total - failed - skipped, 0), failed + extra)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3])
