# shellcheck shell=bash
# The summary of scripts/test: one line per suite, then "N passed, N failed" as the last line.
# Sourced, not run. A suite whose counts cannot be read is a failure, never a silent omission.

PASSED=0
FAILED=0
SUMMARY=()
ODOO_NOT_RUN=""

record() { # name passed failed [note]
    local name="$1" passed="$2" failed="$3" note="${4:-}"
    if ! [[ "$passed" =~ ^[0-9]+$ && "$failed" =~ ^[0-9]+$ ]]; then
        note="the counts could not be read (got '$passed' '$failed')${note:+; $note}"
        passed=0 failed=1
    fi
    PASSED=$((PASSED + passed))
    FAILED=$((FAILED + failed))
    SUMMARY+=("$(printf '%-28s %5s passed, %s failed%s' "$name" "$passed" "$failed" "${note:+  ($note)}")")
}

# record_counts NAME "<passed> <failed> [note]" (a counter's output; empty or garbled = failure)
record_counts() {
    local name="$1" output="$2"
    if [[ "$output" =~ ^([0-9]+)\ ([0-9]+)( (.*))?$ ]]; then
        record "$name" "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}" "${BASH_REMATCH[4]}"
    else
        record "$name" 0 1 "the counter could not count: '${output:0:120}'"
    fi
}

odoo_not_run() { ODOO_NOT_RUN="$*"; } # why the Odoo tests did not run

# Prints the summary; returns 0 only when nothing failed. Its last line is "N passed, N failed".
print_summary() {
    echo
    echo "Summary"
    if [ "${#SUMMARY[@]}" -gt 0 ]; then printf '  %s\n' "${SUMMARY[@]}"; fi
    if [ -n "$ODOO_NOT_RUN" ]; then echo "ODOO TESTS NOT RUN: $ODOO_NOT_RUN"; fi
    echo "$PASSED passed, $FAILED failed"
    [ "$FAILED" = 0 ]
}
