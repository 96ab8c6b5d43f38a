"""Following payment requests to the money: which are read, the 48 h deadline, when a transfer
is booked, the figures for the accountant, the activation reminder's window."""

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest

from urssaf_api import states, sync

NOW = datetime(2026, 11, 20, 10, 0)
D = Decimal


def test_every_payment_state_is_classified_once():
    sync.check_catalogue()
    groups = [sync.SETTLING, sync.FOLLOWED, sync.WATCHED, sync.FINAL]
    seen = [state for group in groups for state in group]
    # "uncertain" is settled first and followed; nothing else twice
    assert [s for s in set(seen) if seen.count(s) > 1] == ["uncertain"]
    # what the catalogue reads again is followed or watched, and the other way round
    refreshed = set(states.PAYMENT_REQUEST.values(refreshed=True))
    assert refreshed == set(sync.FOLLOWED) | set(sync.WATCHED)


def test_an_unclassified_state_is_refused(monkeypatch):
    monkeypatch.setattr(sync, "FINAL", ("rejected", "lost"))
    with pytest.raises(ValueError, match="cancelled"):
        sync.check_catalogue()


@pytest.mark.parametrize(
    ("state", "rank"),
    [("uncertain", 0), ("sending", 0), ("integrated", 1), ("other", 2), ("paid", 2)],
)
def test_answers_lost_are_read_first(state, rank):
    assert sync.sync_rank(state) == rank


def test_validation_deadline_only_while_the_client_must_validate():
    assert sync.validation_deadline("awaiting_client", NOW) == NOW + timedelta(hours=48)
    assert sync.validation_deadline("validated", NOW) is None
    assert sync.validation_deadline("awaiting_client", None) is None


@pytest.mark.parametrize(
    ("state", "amount", "day", "booked", "expected"),
    [
        ("paid", D("305.00"), date(2026, 11, 28), None, sync.BOOK),
        # the date alone: the transfer is only scheduled
        ("paid", None, date(2026, 11, 28), None, sync.SCHEDULED),
        ("debited", None, date(2026, 11, 28), None, sync.NOTHING),
        ("paid", D("305.00"), None, None, sync.SCHEDULED),
        ("paid", D("0"), date(2026, 11, 28), None, sync.SCHEDULED),
        ("paid", None, None, None, sync.NOTHING),
        # once booked: never again, whatever comes
        ("paid", D("305.00"), date(2026, 11, 28), D("305.00"), sync.NOTHING),
        ("debit_refused", D("305.00"), date(2026, 11, 28), D("305.00"), sync.NOTHING),
        ("paid", D("300.00"), date(2026, 11, 28), D("305.00"), sync.CHANGED),
        # an exit never books
        ("recovered", D("305.00"), date(2026, 11, 28), None, sync.NOTHING),
        ("cancelled", D("305.00"), date(2026, 11, 28), None, sync.NOTHING),
    ],
)
def test_transfer_decision(state, amount, day, booked, expected):
    assert sync.transfer_decision(state, amount, day, booked) == expected


def test_take_back_figures_add_up_to_the_cent():
    figures = sync.take_back_figures(
        D("305.01"), D("305.01"), date(2026, 11, 28), D("305.01"), D(0)
    )
    assert figures.advanced + figures.client_share == D("305.01")
    assert (figures.advanced, figures.client_share) == (D("152.50"), D("152.51"))
    assert figures.residual == D(0)


def test_activation_reminder_window():
    registered = NOW
    expiry = registered + states.ACTIVATION_LINK_VALIDITY
    assert not sync.activation_reminder_due(registered, registered + timedelta(days=4))
    assert sync.activation_reminder_due(registered, expiry - sync.REMINDER_BEFORE)
    assert sync.activation_reminder_due(registered, expiry - timedelta(seconds=1))
    assert not sync.activation_reminder_due(registered, expiry)
    assert not sync.activation_reminder_due(None, NOW)


# ------------------------------------------------------------------------------ answer lost


def test_a_lost_answer_not_found_is_searched_for_seven_days_from_its_sending():
    sent = NOW - timedelta(days=2)
    assert sync.LOST_AFTER == timedelta(days=7)
    assert sync.searched_until(sent) == sent + timedelta(days=7)
    assert not sync.lost_for_good(sent, NOW)
    assert not sync.lost_for_good(sent, sent + sync.LOST_AFTER - timedelta(seconds=1))
    assert sync.lost_for_good(sent, sent + sync.LOST_AFTER)
    # while searched, the request is followed (read at every run) and held (never sent again)
    assert "uncertain" in sync.FOLLOWED
    assert "uncertain" in states.PAYMENT_REQUEST_HELD
    assert "lost" not in states.PAYMENT_REQUEST_HELD
    # no sending date: nothing says when it left, it is not kept waiting
    assert sync.lost_for_good(None, NOW)
    assert sync.searched_until(None) is None
