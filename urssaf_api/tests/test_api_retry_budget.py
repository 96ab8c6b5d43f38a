"""The retry budget: the longest a call to URSSAF can last, from the transport's parameters (the
in-flight timeout of the addon is derived from it)."""

from __future__ import annotations

import time
from datetime import timedelta

from urssaf_api_stub import Reply

from urssaf_api import transport
from urssaf_api.environments import TOKEN_PATH

E2 = "/particulier"
ACTIVE = {
    "idClient": "c-1",
    "statut": {"code": "APPAREILLAGE_VALIDE", "description": "01/02/2024", "etat": "OK"},
}


def test_send_budget_counts_every_attempt_and_the_longest_waits():
    # 3 attempts of (1 s connect + 2 s read), two waits at the Retry-After cap (30 s > backoff)
    assert transport.send_budget((1.0, 2.0), max_retries=2, backoff=0.5, retry_after_cap=30) == 69
    # a single number is both the connect and the read timeout, as in requests
    assert transport.send_budget(15.0, max_retries=2) == 3 * 30 + 30 + 30
    # a backoff longer than the cap counts as it is
    assert transport.send_budget(1.0, max_retries=3, backoff=20, retry_after_cap=1) == (
        4 * 2 + 20 + 40 + 80
    )
    assert transport.send_budget(1.0, max_retries=0) == 2


def test_call_budget_has_the_token_and_one_renewal():
    assert transport.call_budget(15.0, max_retries=2) == 4 * 150


def test_in_flight_timeout_of_the_addon_client_covers_its_worst_case():
    # the addon's client: 15 s timeouts, 2 retries; a sending makes E3 then one E4 search
    timeout = transport.in_flight_timeout(2, 15.0, max_retries=2)
    assert timeout == timedelta(seconds=2 * 600 + 60)
    # far above the 105 s the issue measured for one call without the token, and the old 2 min
    assert timeout > timedelta(minutes=2)
    # the defaults of the transport give their own budget
    assert transport.in_flight_timeout(1) == timedelta(seconds=4 * (4 * 35 + 30 * 3) + 60)


def test_a_call_at_its_worst_stays_within_the_budget(stub, make_client):
    """Token requests that time out, 429s with Retry-After above the cap, a 401 that renews the
    token, more timeouts and 503s: the measured call stays within its computed budget."""
    params = {"timeout": (1.0, 0.2), "max_retries": 2, "backoff": 0.01, "retry_after_cap": 0.05}
    slow = Reply(200, {}, delay=0.5)  # longer than the read timeout: the client gives up
    busy = Reply(429, None, headers={"Retry-After": "5"})  # capped at 0.05 s
    stub.script("POST", TOKEN_PATH, slow, slow)  # then a token
    stub.script("GET", E2, busy, busy, Reply(401, None))  # then renewal
    client = make_client(**params)
    started = time.monotonic()
    client.fetch_token()
    stub.script("POST", TOKEN_PATH, slow, slow)
    stub.script("GET", E2, Reply(503, None), Reply(503, None), Reply(200, ACTIVE))
    assert client.get_client_status("c-1").active
    elapsed = time.monotonic() - started
    # every part of the worst case happened: 4 read timeouts, 2 renewals, 6 waits
    assert stub.token_requests == 6
    assert len(stub.calls(E2)) == 6
    assert elapsed >= 4 * 0.2
    assert elapsed <= transport.call_budget(**params)
