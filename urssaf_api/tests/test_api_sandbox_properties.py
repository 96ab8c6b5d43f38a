"""Property test across the two halves: any contact data either yields a payload that the local
URSSAF sandbox (which applies the contract's rules on its own) accepts, or a list of problems in
French and English, never an exception. Real HTTP on 127.0.0.1.

The strategies are those of the pure properties (valid data, valid data but for one field), with
their derandomized profile: each property counts how many examples reached the sandbox and
asserts a stated share, so a validator that refused everything would fail them."""

from __future__ import annotations

import dataclasses
from collections import Counter

import pytest
import requests
from hypothesis import given, settings
from hypothesis import strategies as st
from samples import valid_registration
from test_api_registration_properties import (
    ACCEPTED_BIRTHPLACES,
    FIELDS,
    REFUSED_BIRTHPLACES,
    SETTINGS,
    birth_commune_labels,
    birthplace,
    one_field_off,
    valid_registrations,
)

from urssaf_api.client import UrssafClient
from urssaf_api.errors import UrssafBusinessError
from urssaf_api.registration import build_registration_payload, validate_registration
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


#: Fewer examples than the pure properties: each one is an HTTP round trip.
SANDBOX_SETTINGS = settings(SETTINGS, max_examples=100)


def test_valid_data_is_always_accepted_by_the_sandbox(sandbox):
    counts = Counter()

    @SANDBOX_SETTINGS
    @given(valid_registrations())
    def check(data):
        counts["examples"] += 1
        counts["registered"] += _register_or_explain(sandbox, data) is not None

    check()
    assert counts["examples"] >= 75, counts
    assert counts["registered"] == counts["examples"], counts


def test_one_garbage_field_is_explained_or_accepted(sandbox):
    counts = Counter()

    @SANDBOX_SETTINGS
    @given(one_field_off())
    def check(case):
        counts["examples"] += 1
        counts["registered"] += _register_or_explain(sandbox, case[0]) is not None

    check()
    # 74 of the 100 examples are registered (the others are explained); at least 60 % must
    assert counts["examples"] >= 75, counts
    assert counts["registered"] >= 0.6 * counts["examples"], counts


#: Birth commune labels: valid ones (letters, digits, spaces, ' and -), real ones with
#: punctuation, and arbitrary mixes of letters, digits and punctuation.
LABELS = st.one_of(
    birth_commune_labels,
    st.sampled_from(
        ["Saint-Denis", "St. Denis", "Paris (75)", "L’Haÿ-les-Roses", "Bourg/Ain", "Aix, Provence",
         "Lyon 1er", "Saint-Étienne & Loire", "Meaux;", "Château-d'Œx", "75", "O'Hara 2"]
    ),
    st.text(alphabet="aAéÉœÿ1 '’-‐.,;:()[]/&_+*\"!?«»#°ᵉ\u00a0", min_size=1, max_size=55),
)  # fmt: skip


def test_any_birth_commune_label_is_explained_or_accepted(sandbox):
    """Punctuation in the birth commune label: whatever the validator lets through, the sandbox
    (which reads "alphanumeric" strictly) must accept."""
    counts = Counter()

    @settings(SANDBOX_SETTINGS, max_examples=150)
    @given(LABELS)
    def check(label):
        data = valid_registration(birth_commune_label=label)
        counts["examples"] += 1
        counts["registered"] += _register_or_explain(sandbox, data) is not None

    check()
    # 79 of the 150 labels reach the sandbox (the others are explained); at least 40 % must
    assert counts["examples"] >= 100, counts
    assert counts["registered"] >= 0.4 * counts["examples"], counts
    assert counts["registered"] < counts["examples"], counts


@pytest.mark.parametrize(("typed", "_sent"), ACCEPTED_BIRTHPLACES)
def test_sample_birthplaces_that_must_be_accepted_are_registered(sandbox, typed, _sent):
    assert _register_or_explain(sandbox, valid_registration(**birthplace(typed)))


@pytest.mark.parametrize(("typed", "field"), REFUSED_BIRTHPLACES)
def test_sample_birthplaces_that_must_be_refused_are_not_sent(sandbox, typed, field):
    data = valid_registration(**birthplace(typed))
    assert [p.field for p in validate_registration(data)] == [field]
    assert _register_or_explain(sandbox, data) is None  # resets the sandbox, then validates
    calls = requests.get(sandbox.url + "/_sandbox/stats", timeout=5).json()["api_calls"]
    assert not any(path.endswith("/particulier") for path in calls), calls


def test_an_address_abroad_is_not_sent(sandbox):
    assert _register_or_explain(sandbox, valid_registration(country_code="99109")) is None


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
    payload = build_registration_payload(valid_registration())
    node = payload
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    client = UrssafClient(sandbox.url, "demo-client-id", "demo-client-secret", backoff=0.01)
    with pytest.raises(UrssafBusinessError) as caught:
        client.register_client(payload)
    assert caught.value.codes == [code]
    field = "country_code" if path[0] == "adressePostale" else "birth_commune_label"
    problems = validate_registration(dataclasses.replace(valid_registration(), **{field: value}))
    assert [p.field for p in problems] == [field]


def test_the_property_has_teeth(sandbox):
    """A payload the validator would refuse is refused by the sandbox too (so the properties
    above compare two independent judges)."""
    data = valid_registration()
    payload = build_registration_payload(data)
    payload["numeroTelephonePortable"] = "0112345678"
    client = UrssafClient(sandbox.url, "demo-client-id", "demo-client-secret", backoff=0.01)
    with pytest.raises(UrssafBusinessError) as caught:
        client.register_client(payload)
    assert "ERR_CONTACT" in caught.value.codes
