"""Property test across the two halves: any contact data either yields a payload that the local
URSSAF sandbox (which applies the contract's rules on its own) accepts, or a list of problems in
French and English, never an exception. Real HTTP on 127.0.0.1."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_api_registration_properties import BIRTHPLACES, FIELDS, LABELS, anything, mostly_valid

from urssaf_api.client import UrssafClient
from urssaf_api.errors import UrssafBusinessError
from urssaf_api.registration import (
    RegistrationData,
    build_registration_payload,
    validate_registration,
)
from urssaf_api.validation import InvalidData
from urssaf_sandbox import SandboxServer


@pytest.fixture(scope="module")
def sandbox():
    server = SandboxServer(host="127.0.0.1", port=0).start()
    try:
        yield server
    finally:
        server.stop()


def _register_or_explain(sandbox, data):
    requests.post(sandbox.url + "/_sandbox/reset", timeout=5).raise_for_status()
    problems = validate_registration(data)
    for problem in problems:
        assert problem.field in FIELDS
        assert problem.message_fr.strip() and problem.message_en.strip()
    try:
        payload = build_registration_payload(data)
    except InvalidData as exc:
        assert exc.problems == problems and problems
        return None
    assert not problems
    client = UrssafClient(sandbox.url, "demo-client-id", "demo-client-secret", backoff=0.01)
    try:
        return client.register_client(payload)
    except UrssafBusinessError as exc:  # the sandbox is the contract's judge
        pytest.fail(
            f"the sandbox refused a payload the validator accepted: {exc.errors}\n{payload}"
        )


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(mostly_valid())
def test_validated_data_is_accepted_by_the_sandbox(sandbox, data):
    id_client = _register_or_explain(sandbox, data)
    if id_client is not None:
        assert isinstance(id_client, str) and id_client


@settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck))
@given(mostly_valid(), st.sampled_from(FIELDS), anything)
def test_one_garbage_field_is_explained_or_accepted(sandbox, data, field, value):
    data = dataclasses.replace(data, **{field: value})
    _register_or_explain(sandbox, data)


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(LABELS)
def test_any_birth_commune_label_is_explained_or_accepted(sandbox, label):
    """Punctuation in the birth commune label: whatever the validator lets through, the sandbox
    (which reads "alphanumeric" strictly) must accept."""
    _register_or_explain(sandbox, dataclasses.replace(_valid(), birth_commune_label=label))


@pytest.mark.parametrize(
    "place", BIRTHPLACES, ids=lambda p: f"{p['birth_commune_code']}-{p['birth_commune_label']}"
)
@pytest.mark.parametrize("country_code", ["99100", "99109"])
def test_every_sample_birthplace_and_address_country(sandbox, place, country_code):
    _register_or_explain(sandbox, dataclasses.replace(_valid(), country_code=country_code, **place))


def _valid() -> RegistrationData:
    return RegistrationData(
        civility="2",
        birth_name="Martin",
        first_names="Jeanne",
        birth_date=date(1980, 3, 29),
        birth_country_code="99100",
        birth_department="077",
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


LABEL_REFUSED = "ERREUR_LIEU_NAISSANCE_INVALIDE"


@pytest.mark.parametrize(
    ("path", "value", "code"),
    [
        (("lieuNaissance", "communeNaissance", "libelleCommune"), "St. Denis", LABEL_REFUSED),
        (("lieuNaissance", "communeNaissance", "libelleCommune"), "Paris (75)", LABEL_REFUSED),
        (("adressePostale", "codePays"), "99109", "ERR_CONTACT"),
    ],
)
def test_the_sandbox_refuses_what_the_validator_now_refuses(sandbox, path, value, code):
    """The mismatches these properties are meant to catch: the sandbox refuses these values, and
    the validator refuses the same values typed by a user."""
    payload = build_registration_payload(_valid())
    node = payload
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    client = UrssafClient(sandbox.url, "demo-client-id", "demo-client-secret", backoff=0.01)
    with pytest.raises(UrssafBusinessError) as caught:
        client.register_client(payload)
    assert caught.value.codes == [code]
    field = "country_code" if path[0] == "adressePostale" else "birth_commune_label"
    problems = validate_registration(dataclasses.replace(_valid(), **{field: value}))
    assert [p.field for p in problems] == [field]


def test_the_property_has_teeth(sandbox):
    """A payload the validator would refuse is refused by the sandbox too (so the properties
    above compare two independent judges)."""
    data = _valid()
    payload = build_registration_payload(data)
    payload["numeroTelephonePortable"] = "0112345678"
    client = UrssafClient(sandbox.url, "demo-client-id", "demo-client-secret", backoff=0.01)
    with pytest.raises(UrssafBusinessError) as caught:
        client.register_client(payload)
    assert "ERR_CONTACT" in caught.value.codes
