"""Unit tests of the rule helpers (no HTTP)."""

from datetime import date
from decimal import Decimal

import pytest

from urssaf_sandbox import payment_rules, rules


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("Martin", True),
        ("N'Diaye", True),
        ("Lefèvre-Élise", True),
        ("De La Tour", True),
        ("Ørsted", True),
        ("X", True),
        ("", False),
        ("'Martin", False),
        ("Martin-", False),
        ("Mart1n", False),
        ("Martin.", False),
        ("Marie\u2019", False),
    ],
)
def test_is_name(value, ok):
    assert rules.is_name(value) is ok


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("Jeanne", True),
        ("Jeanne Marie", True),
        ("Eric-Antoine Derc'hen Jean alain", True),  # the swagger's own example
        ("Jean--Pierre", True),  # ['\-]* allows repeats
        ("Jeanne  Marie", False),
        ("Jeanne Marie ", False),
        ("Jeanne -Marie", False),
        ("Jeanne'", False),
        ("Jeanne2", False),
    ],
)
def test_is_first_names(value, ok):
    assert rules.is_first_names(value) is ok


def test_first_names_check_is_linear_time():
    assert rules.is_first_names("a" * 5000 + "1") is False  # no catastrophic backtracking


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1980-03-29T00:00:00Z", date(1980, 3, 29)),
        ("1980-03-29T00:00:00.000Z", date(1980, 3, 29)),
        ("2024-02-29T23:59:59Z", date(2024, 2, 29)),
        ("2024-02-29T23:59:59.9Z", date(2024, 2, 29)),
        ("2024-02-29T23:59:59.99Z", date(2024, 2, 29)),
        ("1980-03-29T00:00:00.1234Z", None),  # urssaf_api.contract.API_DATETIME_RE: 1 to 3
        ("1980-03-29T00:00:00.000000Z", None),
        ("1980-03-29T00:00:00.Z", None),
        ("2023-02-29T00:00:00Z", None),
        ("1980-03-29", None),
        ("1980-03-29T00:00:00z", None),
        ("1980-03-29 00:00:00Z", None),
        ("١٩٨٠-03-29T00:00:00Z", None),  # non-ASCII digits
        (19800329, None),
    ],
)
def test_parse_iso_z(value, expected):
    assert rules.parse_iso_z(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1980-03-29T00:00:00Z", date(1980, 3, 29)),
        ("1980-03-29T00:00:00.000Z", date(1980, 3, 29)),
        ("1980-03-29T00:00:00.001Z", None),
        ("1980-03-29T12:00:00Z", None),
        ("1980-03-28T23:00:00.000Z", None),
        ("1980-02-30T00:00:00Z", None),
        ("1980-03-29", None),
    ],
)
def test_birth_dates_are_at_midnight(value, expected):
    assert rules.parse_iso_z(value, midnight=True) == expected


@pytest.mark.parametrize(
    ("iban", "ok"),
    [
        ("FR7630006000011234567890189", True),
        ("fr7630006000011234567890189", True),
        ("DE89370400440532013000", True),
        ("GB82WEST12345698765432", True),
        ("FR7630006000011234567890188", False),
        ("DE89370400440532013001", False),
    ],
)
def test_iban_checksum(iban, ok):
    assert rules.iban_checksum_ok(iban) is ok


@pytest.mark.parametrize(
    ("value", "places"),
    [(Decimal("1"), 0), (Decimal("1.50"), 1), (Decimal("1.25"), 2), (Decimal("1E+2"), 0)]
    + [(Decimal("0.001"), 3), (Decimal("12.500"), 1)],
)
def test_decimals(value, places):
    assert rules.decimals(value) == places


def test_validators_never_raise_on_garbage():
    today = date(2024, 3, 20)
    for garbage in (None, 1, "x", [], [None], {"inputPrestations": [None, 1, "x"]}):
        assert rules.validate_registration(garbage, today)
        assert payment_rules.validate_payment_request(garbage, today)[0]
        assert payment_rules.validate_search(garbage)[0]


def test_nature_codes():
    assert "10" in payment_rules.NATURE_CODES and "260" in payment_rules.NATURE_CODES
    assert "270" not in payment_rules.NATURE_CODES and "ENF" not in payment_rules.NATURE_CODES
    assert len(payment_rules.NATURE_CODES) == 26


@pytest.mark.parametrize(
    ("quantity", "unit_price", "ttc", "ok"),
    [
        ("10", "25", "250", True),
        ("3", "33.333", "100", True),  # 99.999 rounds to 100.00
        ("3", "33.337", "100.01", True),  # 100.011
        ("3", "33.337", "100", False),  # 100.011: one cent off, no tolerance
        ("3", "33.33", "100", False),  # 99.99
        ("1.5", "10.01", "15.02", True),  # 15.015: half-up and half-even both give 15.02
        ("1.5", "10.03", "15.04", False),  # 15.045: half-up 15.05, half-even 15.04
        ("1.5", "10.03", "15.05", False),
        ("1.75", "24", "42", True),
    ],
)
def test_line_total_matches_without_tolerance(quantity, unit_price, ttc, ok):
    assert (
        payment_rules.line_total_matches(Decimal(quantity), Decimal(unit_price), Decimal(ttc)) is ok
    )


@pytest.mark.parametrize(
    ("value", "ok"),
    [("SAP123456789", True), ("SIR12345678901234", True), ("SAP12345678", False)]
    + [("SAP１２３４５６７８９", False), ("sap123456789", False), ("SIR123456789", False)],
)
def test_intervenant(value, ok):
    assert payment_rules.is_intervenant(value) is ok
