"""Property test across the two halves: any invoice data yields either a payload that the local
URSSAF sandbox (which applies the contract's rules on its own, strictly) accepts and whose
amounts add up to the invoice, or a list of problems in French and English; never an exception.
Real HTTP on 127.0.0.1, through the client."""

from __future__ import annotations

import dataclasses
import itertools
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from payment_samples import ACTIVE_SINCE, BIRTH, TODAY, Typed, erp_amounts, valid_data

from urssaf_api.billing import PaymentRequestData, prepare_payment_request
from urssaf_api.catalogue import NATURE_CODES
from urssaf_api.client import UrssafClient
from urssaf_api.registration import RegistrationData, build_registration_payload
from urssaf_sandbox import SandboxServer

D = Decimal
ELIGIBLE = sorted(code for code, nature in NATURE_CODES.items() if nature.eligible)
NOW = datetime(TODAY.year, TODAY.month, TODAY.day, 10, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def sandbox():
    server = SandboxServer(host="127.0.0.1", port=0).start()
    try:
        server.allow_deposits()
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def client(sandbox):
    return UrssafClient(sandbox.url, "demo-client-id", "demo-client-secret", backoff=0.01)


@pytest.fixture(scope="module")
def id_client(sandbox, client):
    """A client registered the day before ACTIVE_SINCE, hence active since ACTIVE_SINCE."""
    sandbox.set_now(NOW - timedelta(days=(TODAY - ACTIVE_SINCE).days + 1))
    registration = RegistrationData(
        civility="2",
        birth_name="Martin",
        first_names="Jeanne",
        birth_date=BIRTH,
        birth_country_code="99100",
        birth_commune_code="77288",
        birth_commune_label="Melun",
        mobile="0612345678",
        email="jeanne.martin@example.fr",
        street_number="12",
        street_type_code="AV",
        street_label="des Lilas",
        commune_code="77288",
        commune_label="Melun",
        zip_code="77000",
        iban="FR7630006000000000123456723",
        account_holder="Mme Jeanne Martin",
    )
    id_client = client.register_client(build_registration_payload(registration, today=TODAY))
    sandbox.set_now(NOW)
    return id_client


QUANTITIES = st.one_of(
    st.integers(1, 8).map(D),
    st.integers(1, 160).map(lambda n: D(n) / 4),
    st.integers(1, 4000).map(lambda n: D(n) / 100),
)
TYPED = st.builds(
    Typed,
    quantity=QUANTITIES,
    price=st.integers(100, 9000).map(lambda n: D(n) / 100),
    rate=st.sampled_from([D(0), D("5.5"), D(10), D(20)]),
    included=st.booleans(),
    discount=st.sampled_from([D(0), D(0), D(0), D(10)]),
    nature=st.sampled_from(ELIGIBLE),
    unit=st.sampled_from(["HEURE", "FORFAIT"]),
)
GARBAGE = st.sampled_from(
    [None, "", "x", -1, D("-5"), D("1.001"), D(0), "270", date(2024, 4, 2), date(2024, 1, 31)]
)
HEADER_FIELDS = [f.name for f in dataclasses.fields(PaymentRequestData) if f.name != "lines"]
LINE_FIELDS = ["nature_code", "unit", "quantity", "amount_ht", "amount_ttc", "start_date"]


@st.composite
def invoices(draw) -> PaymentRequestData:
    """Mostly valid invoices (every ERP tax setting, deposits, line dates, large quantities),
    some with one field spoilt."""
    typed = draw(st.lists(TYPED, min_size=1, max_size=5))
    lines, total_ht, total_ttc = erp_amounts(typed, draw(st.sampled_from(["per_line", "globally"])))
    month = draw(st.sampled_from([3] * 9 + [2]))
    last = 19 if month == 3 else 29
    start = date(2024, month, draw(st.integers(1, last)))
    end = date(2024, month, draw(st.integers(start.day, last)))
    invoice_date = min(end + timedelta(days=draw(st.integers(0, 5))), TODAY)
    hours = sum(t.quantity for t in typed if t.unit == "HEURE")
    if hours > 24 * ((end - start).days + 1):
        # at most 24 hours a day: a period long enough for these hours
        start = min(start, max(start.replace(day=1), ACTIVE_SINCE))
    for line, t in zip(lines, typed, strict=True):
        if draw(st.integers(0, 4)) == 0:
            line.start_date = date(2024, month, draw(st.integers(start.day, end.day)))
            line.end_date = date(2024, month, draw(st.integers(line.start_date.day, end.day)))
            if t.unit == "HEURE" and t.quantity > 24 * ((line.end_date - line.start_date).days + 1):
                line.start_date, line.end_date = start, end
    data = valid_data(
        invoice_date=invoice_date,
        start_date=start,
        end_date=end,
        lines=lines,
        total_ht=total_ht,
        total_ttc=total_ttc,
        provider_id=draw(st.sampled_from(["SAP123456789", "SIR12345678901234"])),
        deposits_authorised=True,
    )
    if draw(st.integers(0, 4)) == 0:
        data.deposit_amount = (total_ttc * D(draw(st.integers(1, 55))) / 100).quantize(D("0.01"))
        data.deposit_date = start
    spoil = draw(st.integers(0, 9))
    if spoil == 0:
        setattr(data, draw(st.sampled_from(HEADER_FIELDS)), draw(GARBAGE))
    elif spoil == 1:
        line = draw(st.sampled_from(lines))
        setattr(line, draw(st.sampled_from(LINE_FIELDS)), draw(GARBAGE))
    return data


def test_any_invoice_is_accepted_by_the_sandbox_or_explained(sandbox, client, id_client):
    outcomes: Counter = Counter()
    numbers = itertools.count(1)

    @settings(
        max_examples=300,
        deadline=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(invoices())
    def check(data):
        data.id_client = id_client
        if isinstance(data.invoice_number, str) and data.invoice_number.strip():
            data.invoice_number = f"P{next(numbers)}-{data.invoice_number}"  # one per example
        prepared = prepare_payment_request(data, TODAY)
        if prepared.payload is None:
            assert prepared.problems
            for problem in prepared.problems:
                assert problem.message_fr.strip() and problem.message_en.strip()
            outcomes["problems"] += 1
            return
        assert prepared.problems == []
        payload = prepared.payload
        items = payload["inputPrestations"]
        assert D(str(payload["mntFactureTTC"])) == data.total_ttc
        assert D(str(payload["mntFactureHT"])) == data.total_ht
        assert sum(D(str(i["mntPrestationTTC"])) for i in items) == data.total_ttc
        assert sum(D(str(i["mntPrestationHT"])) for i in items) == data.total_ht
        (result,) = client.submit_payment_requests([payload])
        if data.client_birth_date != BIRTH:
            # a past date that is not the registered one: only URSSAF can tell (the addon always
            # sends the registered one)
            assert [error.code for error in result.errors] == ["ERR_PARTICULIER_INCONNU"]
            outcomes["wrong birth date"] += 1
            return
        assert result.ok, f"the sandbox refused a checked payload: {result.errors}\n{payload}"
        assert result.status == "10"
        outcomes["sent"] += 1
        outcomes["split"] += len(items) > len(data.lines)

    check()
    total = outcomes["sent"] + outcomes["problems"]
    assert total >= 300
    assert outcomes["sent"] >= 0.6 * total, outcomes  # most examples reach the sandbox
    assert outcomes["problems"] >= 0.05 * total, outcomes  # and the spoilt ones do not
    assert outcomes["split"] > 0, outcomes


def test_the_property_has_teeth(sandbox, client, id_client):
    """What the checks refuse, the sandbox refuses too (two independent judges)."""
    payload = prepare_payment_request(
        valid_data(id_client=id_client, invoice_number="TEETH-1"), TODAY
    ).payload
    payload["inputPrestations"][0]["mntUnitaireTTC"] = 25.001  # 250.01: one cent off
    (result,) = client.submit_payment_requests([payload])
    assert [e.code for e in result.errors] == ["ERR_MNT_PREST_TTC"]
    payload = prepare_payment_request(
        valid_data(id_client=id_client, invoice_number="TEETH-2"), TODAY
    ).payload
    payload["dateFacture"] = "2024-03-14T00:00:00Z"
    (result,) = client.submit_payment_requests([payload])
    assert [e.code for e in result.errors] == ["ERREUR_VALIDATION"]
    problems = prepare_payment_request(
        valid_data(id_client=id_client, invoice_date=date(2024, 3, 14)), TODAY
    ).problems
    assert [p.field for p in problems] == ["invoice_date"]


def test_a_birth_date_not_in_the_past_is_a_problem():
    from payment_samples import valid_data

    for birth in (TODAY, date(2024, 4, 2)):
        prepared = prepare_payment_request(valid_data(client_birth_date=birth), TODAY)
        assert prepared.payload is None
        assert [p.field for p in prepared.problems] == ["client_birth_date"]
        assert "is not in the past" in prepared.problems[0].message_en
