"""The shared problem collector (registration today, payment requests next)."""

from __future__ import annotations

import pytest

from urssaf_api.texts import Text
from urssaf_api.validation import InvalidData, Problem, ProblemCollector, get_field

# Labels without French: the French messages keep them in English.
LABELS = {"amount": Text("Amount"), "number": Text("Number")}


class Broken:
    @property
    def amount(self):
        raise RuntimeError("broken property")


def test_problems_and_warnings_are_kept_apart():
    c = ProblemCollector(LABELS)
    c.add("amount", Text("too big"))
    c.warn("number", Text("to check"))
    c.required("amount")
    assert c.problems == [
        Problem("amount", Text("too big")),
        Problem("amount", Text("%(label)s: required.", label=Text("Amount"))),
    ]
    assert c.warnings == [Problem("number", Text("to check"), blocking=False)]
    assert c.problems[1].message_en == "Amount: required."
    assert c.problems[1].message_fr == "Amount\u00a0: à renseigner."


@pytest.mark.parametrize(
    ("value", "text"),
    [(None, None), ("  a \n  b ", "a b"), (12, "12"), ("   ", None), ("e\u0301", "é")],
)
def test_text_is_clean_or_none(value, text):
    c = ProblemCollector(LABELS)
    assert c.text({"amount": value}, "amount") == text
    assert c.problems == []


@pytest.mark.parametrize("value", [True, 1.5, b"x", ["a"]])
def test_text_of_a_value_that_is_not_text_is_a_problem(value):
    c = ProblemCollector(LABELS)
    assert c.text({"amount": value}, "amount") is None
    assert [(p.field, p.message_en) for p in c.problems] == [
        ("amount", "Amount: invalid value, text expected.")
    ]


def test_free_text_checks_length_invisible_characters_and_required():
    c = ProblemCollector(LABELS)
    assert c.free_text({"amount": "abc"}, "amount", 3, required=True) == "abc"
    assert c.free_text({"amount": "abcd"}, "amount", 3, required=True) is None
    assert c.free_text({"amount": "a\u200bb"}, "amount", 10, required=True) is None
    assert c.free_text({}, "amount", 3, required=True) is None
    assert c.free_text({}, "number", 3, required=False) is None
    assert [p.message_en for p in c.problems] == [
        "Amount: at most 3 characters (4 entered); shorten it.",
        "Amount: remove the invisible or control characters.",
        "Amount: required.",
    ]


def test_unknown_label_falls_back_to_the_field_name():
    assert ProblemCollector(LABELS).label("other").en == "other"


def test_get_field_reads_mappings_and_objects_and_never_raises():
    assert get_field({"amount": 3}, "amount") == 3
    assert get_field(Broken(), "amount") is None
    assert get_field(object(), "amount") is None


def test_invalid_data_lists_every_problem():
    problems = [Problem("amount", Text("too big")), Problem("number", Text("missing"))]
    error = InvalidData(problems, what="payment request")
    assert error.problems == problems
    assert str(error) == "2 problem(s) in the payment request: amount: too big; number: missing"
    assert "registration data" in str(InvalidData(problems))
