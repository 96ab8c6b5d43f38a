"""What URSSAF takes back after a transfer, the entry's lines to the cent, and how a bank
statement line's label names a request."""

from decimal import Decimal

import pytest

from urssaf_api import states, sync, take_back

D = Decimal


def _lines(result):
    return [(line.role, line.debit, line.credit) for line in result.lines]


@pytest.mark.parametrize("code", ["60", "120", "111", "112"])
def test_an_unpaid_debit_and_what_closes_it_take_back_the_clients_share(code):
    state = states.payment_state_from_status(code)
    result = take_back.take_back(state, code, D("305.00"), D("305.00"))
    assert result.basis == take_back.CLIENT_SHARE
    assert result.amount == D("152.50")
    assert _lines(result) == [
        (take_back.CLIENT_RECEIVABLE, D("152.50"), D("0.00")),
        (take_back.URSSAF_OUTSTANDING, D("0.00"), D("152.50")),
    ]
    assert result.balanced


def test_the_odd_cent_of_the_share_goes_to_the_client():
    # 305.01: URSSAF advances 152.50, the client's share is 152.51
    result = take_back.take_back("debit_refused", "60", D("305.01"), D("305.01"))
    assert result.amount == D("152.51")


@pytest.mark.parametrize("code", ["110", "113"])
def test_a_cancellation_without_unpaid_takes_back_the_whole_transfer(code):
    result = take_back.take_back("cancelled", code, D("305.00"), D("300.00"))
    assert result.basis == take_back.TRANSFERRED
    assert result.amount == D("300.00")
    assert _lines(result)[0] == (take_back.CLIENT_RECEIVABLE, D("300.00"), D("0.00"))
    assert result.balanced


def test_the_share_is_never_more_than_the_transfer():
    result = take_back.take_back("debit_refused", "60", D("305.00"), D("100.00"))
    assert result.amount == D("100.00")


def test_an_unknown_code_is_read_by_its_state():
    assert take_back.take_back("cancelled", "114", D("305.00"), D("305.00")).amount == D("305.00")
    assert take_back.take_back("recovered", "121", D("305.00"), D("305.00")).amount == D("152.50")


@pytest.mark.parametrize(
    ("state", "code", "transferred"),
    [
        ("debit_refused", "60", None),  # 60 before any transfer: nothing to take back
        ("cancelled", "110", D("0")),
        ("paid", "70", D("305.00")),
        ("rejected", "40", D("305.00")),
        (None, None, D("305.00")),
    ],
)
def test_nothing_is_taken_back(state, code, transferred):
    assert take_back.take_back(state, code, D("305.00"), transferred) is None


def test_every_take_back_state_of_the_catalogue_has_a_rule():
    for state in sync.TAKE_BACK:
        assert take_back.TAKEN_BACK_BY_STATE[state]
    for code in take_back.TAKEN_BACK_BY_CODE:
        assert states.payment_state_from_status(code) in sync.TAKE_BACK


def test_the_reference_names_the_request_and_the_invoice():
    assert take_back.entry_reference("1000000000042", "FAC/2026/00007") == (
        "URSSAF 1000000000042 FAC/2026/00007"
    )
    assert take_back.entry_reference(None, "FAC/1") == "URSSAF - FAC/1"


@pytest.mark.parametrize(
    ("label", "reference", "expected"),
    [
        ("VIR URSSAF 1000000000042", "1000000000042", True),
        ("PRLV SEPA URSSAF:1000000000042.", "1000000000042", True),
        ("virement urssaf fac/2026/00007 (avance)", "FAC/2026/00007", True),
        ("VIR URSSAF/1000000000042/AI", "1000000000042", True),
        ("URSSAF FAC/2026/000071", "FAC/2026/00007", False),
        ("URSSAF X/FAC/2026/00007", "FAC/2026/00007", False),
        ("URSSAF 11000000000042", "1000000000042", False),
        ("URSSAF", "", False),
        (None, "FAC/2026/00007", False),
    ],
)
def test_a_label_names_a_reference_as_a_whole_word(label, reference, expected):
    assert take_back.mentions(label, reference) is expected


def test_amounts_match_to_the_cent():
    assert take_back.same_cents(D("152.5"), D("152.50"))
    assert not take_back.same_cents(D("152.50"), D("152.51"))
