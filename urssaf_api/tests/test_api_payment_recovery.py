"""Duplicate and lost-answer recovery (E4 by invoice number) and the payment request states."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from payment_samples import ACTIVE_SINCE, TODAY, build_payment_request, valid_data

from urssaf_api import states
from urssaf_api.billing import find_same_request, found_facts, is_same_request
from urssaf_api.catalogue import PAYMENT_STATUSES
from urssaf_api.client import UrssafClient
from urssaf_api.errors import UrssafTemporaryError
from urssaf_api.registration import RegistrationData, build_registration_payload
from urssaf_api.results import PaymentRequestInfo
from urssaf_sandbox import SandboxServer

NOW = datetime(TODAY.year, TODAY.month, TODAY.day, 10, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def sandbox():
    with SandboxServer() as server:
        yield server


@pytest.fixture(scope="module")
def client(sandbox):
    return UrssafClient(sandbox.url, "demo-client-id", "demo-client-secret", backoff=0.01)


@pytest.fixture(scope="module")
def id_client(sandbox, client):
    sandbox.set_now(NOW - timedelta(days=(TODAY - ACTIVE_SINCE).days + 1))
    data = RegistrationData(
        civility="1",
        birth_name="Petit",
        first_names="Lucas",
        birth_date=valid_data().client_birth_date,
        birth_country_code="99109",
        mobile="0612345679",
        email="lucas.petit@example.fr",
        address_complement="Chez M. Petit",
        commune_code="75056",
        commune_label="Paris",
        zip_code="75001",
        iban="FR7630006000000000123456723",
        account_holder="M Lucas Petit",
    )
    id_client = client.register_client(build_registration_payload(data, today=TODAY))
    sandbox.set_now(NOW)
    return id_client


def _info(**changes):
    values = {
        "id_payment_request": "12345678901234",
        "invoice_number": "FA-1",
        "id_client": "c1",
        "status": "10",
        "status_label": "Intégrée",
        "reject_code": None,
        "reject_comment": None,
        "transfer_amount": None,
        "transfer_date": None,
        "request": {"mntFactureTTC": 280},
    }
    values.update(changes)
    return PaymentRequestInfo(**values)


@pytest.mark.parametrize(
    ("changes", "same"),
    [
        ({}, True),
        ({"request": {"mntFactureTTC": 280.0}}, True),
        ({"id_client": "c2"}, False),
        ({"request": {"mntFactureTTC": 280.01}}, False),
        ({"request": {}}, False),
        ({"id_payment_request": None}, False),
    ],
)
def test_is_same_request(changes, same):
    assert is_same_request(_info(**changes), "c1", Decimal("280.00")) is same


def test_find_same_request_keeps_the_others():
    other = _info(id_client="c2", id_payment_request="2")
    mine = _info()
    assert find_same_request([other, mine], "FA-1", "c1", Decimal(280)) == (mine, [other])
    assert find_same_request([other], "FA-1", "c1", Decimal(280)) == (None, [other])
    assert find_same_request([mine], "FA-2", "c1", Decimal(280)) == (None, [])


def test_duplicate_is_recovered_through_e4(client, id_client):
    payload = build_payment_request(valid_data(id_client=id_client, invoice_number="DBL-1"), TODAY)
    (first,) = client.submit_payment_requests([payload])
    (again,) = client.submit_payment_requests([payload])
    assert [e.code for e in again.errors] == ["ERR_FACTURE_DOUBLON"]
    found = client.search_payment_requests(invoice_numbers=["DBL-1"])
    adopted, others = find_same_request(found.items, "DBL-1", id_client, Decimal(280))
    assert adopted.id_payment_request == first.id_payment_request and others == []
    # the same number for another amount is not adopted
    assert find_same_request(found.items, "DBL-1", id_client, Decimal(281))[0] is None


def test_lost_answer_is_settled_by_a_search_never_by_sending_blind(sandbox, client, id_client):
    payload = build_payment_request(valid_data(id_client=id_client, invoice_number="LOST-1"), TODAY)
    path = "/atp/v1/tiersPrestations/demandePaiement"
    before = sandbox.stats()["api_calls"].get(path, 0)
    sandbox.inject_fault("drop_response", path=path)
    with pytest.raises(UrssafTemporaryError) as raised:
        client.submit_payment_requests([payload])
    assert raised.value.uncertain
    found = client.search_payment_requests(invoice_numbers=["LOST-1"])
    adopted, _others = find_same_request(found.items, "LOST-1", id_client, Decimal(280))
    assert adopted is not None and adopted.status == "10"
    # the client did not retry a call that may have reached URSSAF
    assert sandbox.stats()["api_calls"][path] == before + 1
    # nothing found: the request was never recorded, it may be sent
    empty = client.search_payment_requests(invoice_numbers=["NEVER-SENT"])
    assert (
        empty.items == [] and find_same_request(empty.items, "NEVER-SENT", id_client, 1)[0] is None
    )


@pytest.mark.parametrize(
    ("code", "state"),
    [("10", "integrated"), ("15", "integrated"), ("20", "awaiting_client"), ("30", "validated")]
    + [("40", "contested"), ("50", "debited"), ("60", "debit_refused"), ("70", "paid")]
    + [("110", "cancelled"), ("113", "cancelled"), ("120", "recovered"), ("260", "other")]
    + [("999", "other"), (None, "other"), (" 70 ", "paid")],
)
def test_payment_state_from_status(code, state):
    assert states.payment_state_from_status(code) == state
    assert state in states.PAYMENT_REQUEST


def test_every_contract_status_has_a_state_and_a_catalogue_entry():
    for code in PAYMENT_STATUSES:
        assert states.payment_state_from_status(code) in states.PAYMENT_REQUEST
    assert "rejected" not in states.PAYMENT_REQUEST_HELD
    assert "lost" not in states.PAYMENT_REQUEST_HELD
    assert {"sending", "uncertain", "integrated", "paid"} <= set(states.PAYMENT_REQUEST_HELD)
    follow_up = set(states.PAYMENT_REQUEST.values(follow_up=True))
    assert follow_up == {"contested", "debit_refused", "cancelled", "recovered"}


def test_found_facts_say_what_urssaf_holds_under_the_number():
    assert found_facts([]) is None
    first = PaymentRequestInfo(
        "dp-1", "F-1", "c-other", "110", None, None, None, None, None, {"mntFactureTTC": 305.0}
    )
    second = PaymentRequestInfo(
        "dp-2", "F-1", "c-other", "10", None, None, None, None, None, {"mntFactureTTC": "280.5"}
    )
    facts = found_facts([first, second])
    assert facts.id_payment_request == "dp-2"
    assert facts.id_client == "c-other"
    assert facts.total_ttc == Decimal("280.5")
    assert facts.status == "10"
    # an echo without an amount: the amount is unknown, not zero
    bare = PaymentRequestInfo("dp-3", "F-1", None, None, None, None, None, None, None, {})
    assert found_facts([bare]).total_ttc is None
