"""Amounts of a payment request: unit prices, rounding cents, every ERP tax setting."""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from payment_samples import Typed, erp_amounts

from urssaf_api.billing import (
    PaymentLine,
    Reporter,
    line_total_matches,
    prepare_amounts,
    to_decimal,
    unit_price_for,
)
from urssaf_api.texts_fr import typography

D = Decimal


def _prepare(lines, total_ht, total_ttc):
    report = Reporter("FA-1")
    return prepare_amounts(lines, total_ht, total_ttc, report), report.problems


def _assert_adds_up(prepared, total_ht, total_ttc):
    assert prepared.total_ht == total_ht and prepared.total_ttc == total_ttc
    assert sum(line.ttc for line in prepared.lines) == total_ttc
    assert sum(line.ht for line in prepared.lines) == total_ht
    for line in prepared.lines:
        assert line.ht + line.vat == line.ttc
        assert line.ht > 0 and line.vat >= 0 and line.quantity > 0
        for amount in (line.ttc, line.ht, line.vat):
            assert amount == amount.quantize(D("0.01"))
        assert line.unit_price_ttc == line.unit_price_ttc.quantize(D("0.001"))
        product = line.quantity * line.unit_price_ttc
        assert product.quantize(D("0.01"), ROUND_HALF_UP) == line.ttc
        assert product.quantize(D("0.01"), ROUND_HALF_EVEN) == line.ttc


@pytest.mark.parametrize(
    ("value", "expected"),
    [(D("1.5"), D("1.5")), (3, D(3)), ("2,75", D("2.75")), (0.1, D("0.1")), (1.005, D("1.005"))]
    + [(None, None), (True, None), ("", None), ("abc", None), (float("nan"), None)]
    + [("Infinity", None), ([1], None)],
)
def test_to_decimal_is_exact(value, expected):
    assert to_decimal(value) == expected


@pytest.mark.parametrize(
    ("quantity", "ttc", "typed", "expected"),
    [
        ("10", "250", None, "25"),
        ("3", "100", None, "33.333"),  # 2 decimals cannot: 33.33 -> 99.99, 33.34 -> 100.02
        ("3", "100.01", None, "33.337"),
        ("1.75", "42", None, "24"),
        ("1", "30.5", None, "30.5"),
        ("7", "100", None, "14.286"),  # 100.002
        ("10", "250.01", None, "25.001"),
        ("3", "100", "33.333", "33.333"),  # the typed price when it works
        ("3", "100", "33.34", "33.333"),  # else a computed one
        ("2", "45.5", "22.75", "22.75"),
        ("40", "1000.01", None, None),  # 40 x 0.001 = 0.04 steps: no unit price gives it
    ],
)
def test_unit_price_for(quantity, ttc, typed, expected):
    found = unit_price_for(D(quantity), D(ttc), D(typed) if typed else None)
    assert found == (D(expected) if expected else None)
    if found is not None:
        assert line_total_matches(D(quantity), found, D(ttc))


def test_the_typed_price_is_kept_even_when_a_shorter_one_exists():
    # 4 x 12.499 = 49.996 -> 50.00; 12.50 would also work, the typed price is what was billed
    assert unit_price_for(D(4), D(50), D("12.499")) == D("12.499")


@pytest.mark.parametrize("rounding", ["per_line", "globally"])
@pytest.mark.parametrize("included", [False, True])
@pytest.mark.parametrize("rate", [D("0"), D("5.5"), D("10"), D("20")])
def test_every_erp_setting_adds_up(rounding, included, rate):
    typed = [
        Typed(D("3"), D("21.37"), rate, included),
        Typed(D("1.75"), D("19.99"), rate, included, discount=D("10")),
        Typed(D("1"), D("33.33"), rate, included, nature="120", unit="FORFAIT"),
        Typed(D("2.5"), D("17.77"), rate, included),
    ]
    lines, total_ht, total_ttc = erp_amounts(typed, rounding)
    prepared, problems = _prepare(lines, total_ht, total_ttc)
    assert problems == []
    _assert_adds_up(prepared, total_ht, total_ttc)
    if rate == 0:
        assert all(line.ht == line.ttc and line.vat == 0 for line in prepared.lines)


def test_global_rounding_cent_goes_on_the_largest_line():
    # 10.03 HT at 5.5 % on lines of 1, 2 and 1 units: per line VAT 0.55 + 1.10 + 0.55 = 2.20;
    # the invoice's VAT is rounded once: 40.12 x 5.5 % = 2.2066 -> 2.21. One cent to place.
    typed = [Typed(D(q), D("10.03"), D("5.5")) for q in (1, 2, 1)]
    lines, total_ht, total_ttc = erp_amounts(typed, "globally")
    assert (total_ht, total_ttc) == (D("40.12"), D("42.33"))
    assert sum(line.amount_ttc for line in lines) == D("42.32")
    prepared, problems = _prepare(lines, total_ht, total_ttc)
    assert problems == []
    assert prepared.adjustment.index == 1  # the largest line (20.06 HT), not the first
    assert prepared.adjustment.ttc == D("0.01") and prepared.adjustment.ht == 0
    assert prepared.lines[1].ttc == D("21.17") and prepared.lines[1].vat == D("1.11")
    assert prepared.lines[1].unit_price_ttc == D("10.585")
    _assert_adds_up(prepared, total_ht, total_ttc)


def test_equal_lines_the_first_takes_the_cent():
    lines = [PaymentLine("60", "HEURE", D(1), D("10"), D("11")) for _ in range(3)]
    prepared, problems = _prepare(lines, D("30"), D("33.01"))
    assert problems == []
    assert prepared.adjustment.index == 0
    assert [line.ttc for line in prepared.lines] == [D("11.01"), D("11"), D("11")]


def test_the_cent_skips_a_line_whose_unit_price_cannot_carry_it():
    # 40 h: any unit price with 3 decimals moves the amount by 0.04; 1000.01 is out of reach
    lines = [
        PaymentLine("60", "HEURE", D(40), D("909.09"), D("1000")),
        PaymentLine("60", "HEURE", D(2), D("45.45"), D("50")),
    ]
    prepared, problems = _prepare(lines, D("954.54"), D("1050.01"))
    assert problems == []
    assert prepared.adjustment.index == 1
    assert prepared.lines[0].unit_price_ttc == D(25)
    assert prepared.lines[1].ttc == D("50.01") and prepared.lines[1].unit_price_ttc == D("25.005")


def test_more_than_rounding_is_a_problem_not_an_adjustment():
    lines = [PaymentLine("60", "HEURE", D(1), D("10"), D("11"))]
    prepared, problems = _prepare(lines, D("10"), D("11.50"))
    assert prepared is None
    assert [p.field for p in problems] == ["total_ttc"]
    assert "11.50" in problems[0].message_fr and "Facture FA-1" in problems[0].message_fr


def test_unrounded_erp_amounts_are_rounded_to_the_cent():
    lines = [PaymentLine("60", "HEURE", D(3), D("90.9090909"), D("100"))]
    prepared, problems = _prepare(lines, D("90.91"), D("100"))
    assert problems == []
    assert prepared.lines[0].ht == D("90.91") and prepared.lines[0].vat == D("9.09")


@pytest.mark.parametrize(
    ("line", "field", "words"),
    [
        (PaymentLine("60", "HEURE", D(-1), D("-10"), D("-11")), "quantity", "négative"),
        (PaymentLine("60", "HEURE", D(1), D("-10"), D("-11")), "amount_ttc", "remise"),
        (PaymentLine("60", "HEURE", D(0), D("0"), D("0")), "quantity", "nulle"),
        (PaymentLine("60", "HEURE", D(1), D("0"), D("0")), "amount_ttc", "nul"),
        (PaymentLine("60", "HEURE", D("1.255"), D("10"), D("11")), "quantity", "2 décimales"),
        (PaymentLine("60", "HEURE", None, D("10"), D("11")), "quantity", "renseigner"),
        (PaymentLine("60", "HEURE", D(1), None, D("11")), "amount_ttc", "manquant"),
        (PaymentLine("60", "HEURE", D(1), D("12"), D("11")), "amount_ht", "taxes"),
    ],
)
def test_line_problems_name_the_line_field_and_fix(line, field, words):
    good = PaymentLine("60", "HEURE", D(1), D("10"), D("11"), label="Ménage")
    ttc = D("11") + (to_decimal(line.amount_ttc) or 0)
    ht = D("10") + (to_decimal(line.amount_ht) or 0)
    prepared, problems = _prepare([good, line], ht, ttc)
    assert prepared is None
    assert [p.field for p in problems if p.field.startswith("lines")] == [f"lines[1].{field}"]
    problem = next(p for p in problems if p.field == f"lines[1].{field}")
    assert words in problem.message_fr
    assert problem.message_fr.startswith(typography("Facture FA-1 : ligne 2"))
    assert problem.message_en.startswith("Invoice FA-1: line 2")


def test_a_large_quantity_without_a_unit_price_is_sent_as_two_items():
    # 35 h typed 20.01 HT at 10 %: 700.35 HT, 770.39 TTC; 770.39 / 35 = 22.0111...: no unit
    # price with 3 decimals gives 770.39 (35 x 0.001 = 0.035 steps: 770.385 is ambiguous)
    lines, total_ht, total_ttc = erp_amounts([Typed(D(35), D("20.01"), D(10))])
    assert (total_ht, total_ttc) == (D("700.35"), D("770.39"))
    assert unit_price_for(D(35), D("770.39")) is None
    prepared, problems = _prepare(lines, total_ht, total_ttc)
    assert problems == [] and prepared.split == (0,)
    first, second = prepared.lines
    assert (first.source, first.quantity, first.unit_price_ttc) == (0, D(34), D("22.01"))
    assert first.ttc == D("748.34")
    assert (second.source, second.quantity, second.unit_price_ttc) == (0, D(1), D("22.05"))
    assert second.ttc == D("22.05")
    assert first.ht + second.ht == D("700.35")
    _assert_adds_up(prepared, total_ht, total_ttc)


def test_each_item_keeps_the_typed_unit_price_beside_the_one_sent():
    # 2.5 x 10.05 = 25.125: half-up 25.13 (the invoice), half-even 25.12; 10.052 gives 25.13
    lines = [
        PaymentLine("60", "HEURE", D(10), D("250"), D("275")),  # typed excluding VAT
        PaymentLine("120", "FORFAIT", D("2.5"), D("22.84"), D("25.13"), D("10.05")),
        PaymentLine("120", "FORFAIT", D(1), D("27.27"), D("30"), D("30")),
    ]
    prepared, problems = _prepare(lines, D("300.11"), D("330.13"))
    assert problems == [] and prepared.adjustment is None
    sent = [(line.typed_unit_price_ttc, line.unit_price_ttc) for line in prepared.lines]
    assert sent == [(None, D("27.5")), (D("10.05"), D("10.052")), (D(30), D(30))]
    _assert_adds_up(prepared, D("300.11"), D("330.13"))


def test_the_line_taking_the_rounding_cent_keeps_its_typed_unit_price():
    lines = [PaymentLine("60", "HEURE", D(1), D("10"), D("11"), D("11")) for _ in range(3)]
    prepared, problems = _prepare(lines, D("30"), D("33.01"))
    assert problems == [] and prepared.adjustment.index == 0
    first, *others = prepared.lines
    assert (first.typed_unit_price_ttc, first.unit_price_ttc) == (D(11), D("11.01"))
    assert all(line.typed_unit_price_ttc == line.unit_price_ttc == D(11) for line in others)


def test_both_items_of_a_split_line_keep_its_typed_unit_price():
    lines = [PaymentLine("60", "HEURE", D(35), D("700.35"), D("770.39"), D("22.011"))]
    prepared, problems = _prepare(lines, D("700.35"), D("770.39"))
    assert problems == [] and prepared.split == (0,)
    assert [line.typed_unit_price_ttc for line in prepared.lines] == [D("22.011")] * 2
    assert [line.unit_price_ttc for line in prepared.lines] == [D("22.01"), D("22.05")]


@pytest.mark.parametrize(
    ("total_ht", "total_ttc", "field"),
    [
        (None, D(11), "total_ht"),
        (D(10), D("-11"), "total_ttc"),
        (D(10), D("11.001"), "total_ttc"),
        (D(12), D(11), "total_ht"),
        (D(10), "abc", "total_ttc"),
    ],
)
def test_totals_are_never_changed_only_checked(total_ht, total_ttc, field):
    prepared, problems = _prepare(
        [PaymentLine("60", "HEURE", D(1), D("10"), D("11"))], total_ht, total_ttc
    )
    assert prepared is None
    assert [p.field for p in problems] == [field]


QUANTITIES = st.one_of(
    st.integers(1, 12).map(D),
    st.integers(1, 48).map(lambda n: D(n) / 4),
    st.integers(1, 4000).map(lambda n: D(n) / 100),
)
PRICES = st.integers(100, 12000).map(lambda n: D(n) / 100)
TYPED = st.builds(
    Typed,
    quantity=QUANTITIES,
    price=PRICES,
    rate=st.sampled_from([D(0), D("5.5"), D(10), D(20)]),
    included=st.booleans(),
    discount=st.sampled_from([D(0), D(0), D(5), D("12.5")]),
)


@settings(
    max_examples=600, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck)
)
@given(st.lists(TYPED, min_size=1, max_size=8), st.sampled_from(["per_line", "globally"]))
def test_any_erp_invoice_adds_up_or_says_which_line(typed, rounding):
    """Whatever the ERP's settings: the lines add up to the unchanged totals, every item passes
    URSSAF's checks, at most one line carries the rounding cents (at most one per line), a line
    is split only above 10 units and its items add up to it."""
    lines, total_ht, total_ttc = erp_amounts(typed, rounding)
    prepared, problems = _prepare(lines, total_ht, total_ttc)
    assert problems == [] and prepared is not None
    _assert_adds_up(prepared, total_ht, total_ttc)
    assert [item.source for item in prepared.lines] == sorted(
        item.source for item in prepared.lines
    )
    for index, line in enumerate(lines):
        items = [item for item in prepared.lines if item.source == index]
        assert len(items) == (2 if index in prepared.split else 1)
        assert sum(item.quantity for item in items) == line.quantity
        if index in prepared.split:
            assert line.quantity > 10 and items[1].quantity == 1
        adjusted = prepared.adjustment is not None and prepared.adjustment.index == index
        if not adjusted:
            assert sum(item.ttc for item in items) == line.amount_ttc
            assert sum(item.ht for item in items) == line.amount_ht
    if prepared.adjustment is not None:
        assert abs(prepared.adjustment.ttc) <= D("0.01") * len(lines)
        assert rounding == "globally" or prepared.adjustment.ttc == 0
