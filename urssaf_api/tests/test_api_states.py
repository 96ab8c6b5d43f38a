"""The states of the records URSSAF updates, and the mapping of URSSAF's codes to them."""

from datetime import datetime, timedelta

import pytest

from urssaf_api import states
from urssaf_api.states import CLIENT_LINK, link_state_after_account_answer, link_state_from_status

REGISTERED = datetime(2026, 11, 2, 9, 30)
SECOND = timedelta(seconds=1)


def test_every_state_has_a_known_colour_and_group():
    groups = {value for value, _label in states.GROUPS}
    for state in CLIENT_LINK.states:
        assert state.colour in states.COLOURS
        assert state.group in groups
    assert [value for value, _label in CLIENT_LINK.selection()][0] == "draft"


def test_groups_and_flags():
    assert CLIENT_LINK.values(group=states.GROUP_WAITING) == states.PENDING_STATES
    assert CLIENT_LINK.values(registrable=True) == (
        "draft",
        "link_refused",
        "link_broken",
        "rejected",
    )
    assert "draft" not in CLIENT_LINK.values(refreshed=True)
    assert "active" in CLIENT_LINK.values(refreshed=True)
    assert CLIENT_LINK.colour("active") == "success"
    assert CLIENT_LINK.colour("no-such-state") == "muted"
    assert CLIENT_LINK.group(None) is None


def test_a_catalogue_refuses_an_unknown_colour():
    with pytest.raises(ValueError, match="colour"):
        states.StateCatalogue((states.State("x", "X", "purple", states.GROUP_ACTIVE),))


@pytest.mark.parametrize("state", ["pending", "pending_activation"])
def test_the_activation_link_expires_exactly_seven_days_after_registration(state):
    expiry = REGISTERED + timedelta(days=7)
    assert states.activation_link_expiry(REGISTERED) == expiry
    assert link_state_from_status("APPAREILLAGE_EC", state, REGISTERED, expiry - SECOND) == state
    assert (
        link_state_from_status("APPAREILLAGE_EC", state, REGISTERED, expiry) == "activation_expired"
    )
    assert (
        link_state_from_status("APPAREILLAGE_EC", state, REGISTERED, expiry + SECOND)
        == "activation_expired"
    )


def test_a_link_request_does_not_expire():
    late = REGISTERED + timedelta(days=30)
    assert link_state_from_status("APPAREILLAGE_EC", "pending_link", REGISTERED, late) == (
        "pending_link"
    )


@pytest.mark.parametrize(
    ("code", "state"),
    [
        ("APPAREILLAGE_VALIDE", "active"),
        ("APPAREILLAGE_NF", "link_refused"),
        ("PARTICULIER_BLOQUE", "blocked"),
        ("MANDAT_ECHU", "mandate_expired"),
        ("SOMETHING_NEW", None),
        (None, None),
    ],
)
def test_status_codes(code, state):
    now = REGISTERED + timedelta(days=1)
    assert link_state_from_status(code, "pending", REGISTERED, now) == state


def test_a_pending_code_on_an_active_link_means_pending_again():
    now = REGISTERED + timedelta(days=1)
    assert link_state_from_status("APPAREILLAGE_EC", "active", REGISTERED, now) == "pending"
    assert link_state_from_status("APPAREILLAGE_EC", "activation_expired", REGISTERED, now) == (
        "activation_expired"
    )


@pytest.mark.parametrize(
    ("current", "answer", "expected"),
    [
        ("pending", "no", "pending_activation"),
        ("pending", "yes", "pending_link"),
        ("pending_link", "unknown", "pending"),
        ("activation_expired", "yes", "pending_link"),
        ("activation_expired", "no", None),
        ("active", "yes", None),
        ("draft", "no", None),
    ],
)
def test_the_users_answer_about_the_account(current, answer, expected):
    assert link_state_after_account_answer(current, answer) == expected


def test_state_after_registration():
    assert states.state_after_registration("no") == "pending_activation"
    assert states.state_after_registration("yes") == "pending_link"
    assert states.state_after_registration(None) == "pending"
