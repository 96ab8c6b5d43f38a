"""Asking URSSAF to cancel a payment request: the new state, the statuses that keep it or move it
on, who may ask, the reasons said in French."""

import pytest

from urssaf_api import cancellation, states, sync
from urssaf_api.states import CANCEL_REQUESTED, PAYMENT_REQUEST, payment_state_from_status


def test_the_state_is_in_the_catalogue_read_at_every_run_and_held():
    state = PAYMENT_REQUEST[CANCEL_REQUESTED]
    assert state.label == "Cancellation requested"
    assert (CANCEL_REQUESTED, "Cancellation requested") in PAYMENT_REQUEST.selection()
    assert state.followed and state.held and state.refreshable and not state.final
    assert CANCEL_REQUESTED in sync.FOLLOWED
    assert CANCEL_REQUESTED in states.PAYMENT_REQUEST_HELD
    assert sync.sync_rank(CANCEL_REQUESTED) == 1
    # waiting for URSSAF, not an exit: URSSAF may still pay it
    assert state.group == states.GROUP_WAITING
    assert not state.exited and not state.take_back and not state.unpaid
    assert not state.follow_up and not state.cancellable
    assert CANCEL_REQUESTED in states.PAYMENT_REQUEST_COUNTED


def test_the_states_from_which_a_cancellation_can_be_asked():
    assert states.PAYMENT_REQUEST_CANCELLABLE == (
        "integrated",
        "awaiting_client",
        "validated",
        "debited",
    )
    for value in states.PAYMENT_REQUEST_CANCELLABLE:
        flags = PAYMENT_REQUEST[value]
        assert flags.held and not flags.exited and flags.followed


@pytest.mark.parametrize("code", ["10", "15", "20", "30", "50", " 20 "])
def test_a_status_before_any_transfer_keeps_the_cancellation_requested(code):
    assert payment_state_from_status(code, CANCEL_REQUESTED) == CANCEL_REQUESTED
    # without the cancellation asked, the same code gives its own state
    assert payment_state_from_status(code) != CANCEL_REQUESTED
    assert payment_state_from_status(code, "integrated") == payment_state_from_status(code)


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("110", "cancelled"),
        ("111", "cancelled"),
        ("112", "cancelled"),
        ("113", "cancelled"),
        ("70", "paid"),  # URSSAF did not cancel in time
        ("40", "contested"),
        ("60", "debit_refused"),
        ("120", "recovered"),
        ("90", "other"),
        ("999", "other"),
        (None, "other"),
    ],
)
def test_any_other_status_moves_the_request_on(code, expected):
    assert payment_state_from_status(code, CANCEL_REQUESTED) == expected


@pytest.mark.parametrize(
    ("state", "transferred", "expected"),
    [
        ("integrated", False, True),
        ("awaiting_client", False, True),
        ("validated", False, True),
        ("debited", False, True),
        ("debited", True, False),  # an amount announced: the money left
        ("paid", False, False),
        ("paid", True, False),
        (CANCEL_REQUESTED, False, False),  # asked already
        ("cancelled", False, False),
        ("contested", False, False),
        ("debit_refused", False, False),
        ("recovered", False, False),
        ("sending", False, False),
        ("uncertain", False, False),
        ("rejected", False, False),
        ("lost", False, False),
        ("other", False, False),
        (None, False, False),
    ],
)
def test_who_may_be_asked_to_cancel(state, transferred, expected):
    assert cancellation.can_ask(state, transferred) is expected


def test_the_reasons_are_said_in_french_with_urssafs_codes():
    values = [value for value, _label in cancellation.selection()]
    assert values == [
        "invoice_error",
        "duplicate",
        "not_performed",
        "client_request",
        "technical",
        "other",
    ]
    assert cancellation.reason_fr("duplicate") == "Doublon d'une autre demande de paiement"
    assert cancellation.reason("duplicate").urssaf_code == "ANNUL_DBL"
    assert cancellation.reason("invoice_error").urssaf_code == "ANNUL_ERR_MNT"
    assert cancellation.reason("technical").urssaf_code == "ANNUL_ERR_TECH"
    # the user's text follows the label, after a narrow no-break space and a colon
    assert (
        cancellation.reason_fr("other", "  facture refaite  ")
        == "Autre motif\u202f: facture refaite"
    )
    assert cancellation.reason_fr(None, "texte seul") == "texte seul"
    assert cancellation.reason_fr("unknown") == ""
    assert cancellation.reason(None) is None


def test_only_the_other_reason_needs_details():
    assert cancellation.missing_details("other", "")
    assert cancellation.missing_details("other", "   ")
    assert not cancellation.missing_details("other", "doublon manuel")
    for value, _label in cancellation.selection():
        if value != "other":
            assert not cancellation.missing_details(value, None)


def test_the_default_address():
    assert cancellation.DEFAULT_ADDRESS == "avance-immediate@urssaf.fr"
