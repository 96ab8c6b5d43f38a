"""One truth for states: every list the addon uses is derived from the catalogue's flags, and
equals the list that was written out by hand before (or differs where it was wrong)."""

import dataclasses

import pytest

from urssaf_api import states, sync
from urssaf_api.states import CLIENT_LINK, PAYMENT_REQUEST

FLAGS = (
    "follow_up",
    "registrable",
    "expiring",
    "settling",
    "followed",
    "watched",
    "held",
    "advanced",
    "take_back",
    "unpaid",
    "milestone",
    "cancellable",
)
DERIVED = ("refreshed", "final", "refreshable", "needs_attention")


def test_every_state_has_every_flag_as_a_boolean():
    declared = {f.name for f in dataclasses.fields(states.State)}
    assert set(FLAGS) <= declared
    for catalogue in (CLIENT_LINK, PAYMENT_REQUEST):
        for state in catalogue.states:
            for name in (*FLAGS, *DERIVED):
                assert isinstance(getattr(state, name), bool), (state.value, name)


def test_the_refreshed_flag_is_derived_not_declared():
    with pytest.raises(TypeError):
        states.State("x", "X", "info", states.GROUP_WAITING, refreshed=True)


# ------------------------------------------------------------------ payment requests


def test_payment_request_lists_equal_the_former_hand_written_ones():
    # former urssaf_api/sync.py, in catalogue order (SETTLING was ("uncertain", "sending"))
    assert sync.SETTLING == ("sending", "uncertain")
    # (and the cancellation asked by e-mail, read until URSSAF acts on it)
    assert sync.FOLLOWED == (
        "uncertain",
        "integrated",
        "awaiting_client",
        "validated",
        "debited",
        "cancel_requested",
    )
    assert sync.WATCHED == ("contested", "debit_refused", "paid", "recovered", "other")
    assert sync.FINAL == ("rejected", "lost", "cancelled")
    assert sync.TAKE_BACK == ("debit_refused", "cancelled", "recovered")
    # former models/account_move.py ADVANCED_STATES (the PDF mention)
    assert PAYMENT_REQUEST.values(advanced=True) == (
        "integrated",
        "awaiting_client",
        "validated",
        "debited",
        "paid",
    )
    # former PAYMENT_REQUEST_HELD: everything but refused by URSSAF and not received
    assert states.PAYMENT_REQUEST_HELD == (
        "sending",
        "uncertain",
        "integrated",
        "awaiting_client",
        "validated",
        "contested",
        "debited",
        "debit_refused",
        "paid",
        "cancel_requested",
        "cancelled",
        "recovered",
        "other",
    )
    # URSSAF's exits; what URSSAF pays is held and not exited (the Register payment warning,
    # the client's year total)
    assert PAYMENT_REQUEST.values(exited=True) == (
        "contested",
        "debit_refused",
        "cancelled",
        "recovered",
    )
    assert states.PAYMENT_REQUEST_PAID_BY_URSSAF == (
        "sending",
        "uncertain",
        "integrated",
        "awaiting_client",
        "validated",
        "debited",
        "paid",
        "cancel_requested",
        "other",
    )
    assert states.PAYMENT_REQUEST_COUNTED == states.PAYMENT_REQUEST_PAID_BY_URSSAF
    # former views/l10n_fr_urssaf_sync_views.xml "Unpaid" filters
    assert PAYMENT_REQUEST.values(unpaid=True) == ("debit_refused", "recovered")
    # the follow-up activities did not change
    assert PAYMENT_REQUEST.values(follow_up=True) == (
        "contested",
        "debit_refused",
        "cancelled",
        "recovered",
    )


def test_needs_attention_includes_the_request_not_received():
    # the invoices' filter listed ('uncertain', 'rejected', 'contested', 'debit_refused',
    # 'cancelled', 'other') and forgot "lost"; the requests' filter (group) had it
    assert PAYMENT_REQUEST.values(needs_attention=True) == (
        "uncertain",
        "rejected",
        "lost",
        "contested",
        "debit_refused",
        "cancelled",
        "other",
    )
    assert PAYMENT_REQUEST.values(needs_attention=True) == PAYMENT_REQUEST.values(
        group=states.GROUP_ATTENTION
    )


def test_refreshable_is_what_urssaf_may_still_change():
    # the Refresh buttons: never on a final state (a cancelled request was offered and refused)
    assert PAYMENT_REQUEST.values(refreshable=True) == (
        "sending",
        "uncertain",
        "integrated",
        "awaiting_client",
        "validated",
        "contested",
        "debited",
        "debit_refused",
        "paid",
        "cancel_requested",
        "recovered",
        "other",
    )
    for value in ("cancelled", "rejected", "lost"):
        assert not PAYMENT_REQUEST[value].refreshable
    assert set(PAYMENT_REQUEST.values(refreshable=True)) == set(PAYMENT_REQUEST.values(final=False))


def test_what_the_scheduled_action_reads_is_followed_or_watched():
    assert PAYMENT_REQUEST.values(refreshed=True) == (
        "uncertain",
        "integrated",
        "awaiting_client",
        "validated",
        "contested",
        "debited",
        "debit_refused",
        "paid",
        "cancel_requested",
        "recovered",
        "other",
    )


def test_the_catalogue_check_refuses_a_state_read_but_not_held(monkeypatch):
    monkeypatch.setattr(states, "PAYMENT_REQUEST_HELD", ("sending",))
    with pytest.raises(ValueError, match="not held"):
        sync.check_catalogue()


def test_the_catalogue_check_refuses_a_state_both_followed_and_watched(monkeypatch):
    monkeypatch.setattr(sync, "WATCHED", (*sync.WATCHED, "integrated"))
    with pytest.raises(ValueError, match="both followed and watched"):
        sync.check_catalogue()


# ------------------------------------------------------------------ client links


def test_client_link_lists_equal_the_former_hand_written_ones():
    assert states.PENDING_STATES == ("pending", "pending_activation", "pending_link")
    assert states.EXPIRING_STATES == ("pending", "pending_activation")
    # former refreshed=True of the client links: what the scheduled action reads
    assert CLIENT_LINK.values(followed=True) == (
        "pending",
        "pending_activation",
        "pending_link",
        "activation_expired",
        "active",
        "blocked",
        "mandate_expired",
    )
    assert CLIENT_LINK.values(refreshed=True) == CLIENT_LINK.values(followed=True)
    assert CLIENT_LINK.values(held=True) == ()


def test_the_status_bars_show_the_former_milestones():
    # former statusbar_visible of the request's and the link's forms
    assert PAYMENT_REQUEST.values(milestone=True) == (
        "integrated",
        "awaiting_client",
        "validated",
        "paid",
    )
    assert CLIENT_LINK.values(milestone=True) == ("draft", "active")


# ------------------------------------------------------------------ the one float -> Decimal


class _Currency:
    decimal_places = 2


@pytest.mark.parametrize(
    ("value", "digits", "expected"),
    [
        (305.0, 2, "305.00"),  # an invoice total (float_repr gave the same)
        (0.1 + 0.2, 2, "0.30"),  # float noise of a residual (the currency rounding gave the same)
        (99.99999999, 2, "100.00"),
        (0.125, 2, "0.13"),  # half-up, as Odoo's currency rounding
        (2.5, 0, "3"),
        (6.012, 3, "6.012"),  # a unit price at the price precision
        (None, 2, "0.00"),  # an empty Odoo value is zero
        (False, 2, "0.00"),
        (12.5, _Currency(), "12.50"),  # a currency gives its decimal places
    ],
)
def test_to_decimal_at_digits(value, digits, expected):
    from decimal import Decimal

    from urssaf_api.billing import to_decimal

    result = to_decimal(value, digits)
    assert result == Decimal(expected)
    assert str(result) == expected
