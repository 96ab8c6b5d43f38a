"""Property tests: validation never raises; a payload built without problem meets the contract."""

from __future__ import annotations

import dataclasses
from datetime import date

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from urssaf_api import contract
from urssaf_api.address import STREET_TYPES
from urssaf_api.registration import (
    RegistrationData,
    build_registration_payload,
    validate_registration,
)
from urssaf_api.validation import InvalidData, Problem

TODAY = date(2024, 6, 15)
FIELDS = [f.name for f in dataclasses.fields(RegistrationData)]
SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

anything = st.one_of(
    st.none(),
    st.text(max_size=40),
    st.text(alphabet="0123456789 +-ABab'", max_size=12),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.dates(),
    st.binary(max_size=8),
    st.floats(allow_nan=True),
    st.lists(st.text(max_size=3), max_size=2),
)


@SETTINGS
@given(st.fixed_dictionaries(dict.fromkeys(FIELDS, anything)), st.booleans())
def test_validation_never_raises_and_explains_every_problem(values, as_mapping):
    data = values if as_mapping else RegistrationData(**values)
    problems = validate_registration(data, today=TODAY)
    assert isinstance(problems, list)
    for problem in problems:
        assert isinstance(problem, Problem)
        assert problem.field in FIELDS  # never the "data" fallback: no internal error happened
        assert problem.message_fr.strip() and problem.message_en.strip()
    try:
        built = build_registration_payload(data, today=TODAY)
    except InvalidData as exc:
        assert exc.problems == problems and problems
    else:
        assert problems == []
        assert_meets_contract(built)


# --------------------------------------------------------------------------------------------
# Mostly valid data with a few fields replaced by arbitrary values


BIRTHPLACES = [
    {"birth_country_code": "99100", "birth_department": "077", "birth_commune_code": "77288",
     "birth_commune_label": "Melun"},
    {"birth_country_code": "99100", "birth_department": "2A", "birth_commune_code": "2A004",
     "birth_commune_label": "Ajaccio"},
    {"birth_country_code": "99100", "birth_department": None, "birth_commune_code": "97411",
     "birth_commune_label": "Saint-Denis"},
    {"birth_country_code": "99350", "birth_department": None, "birth_commune_code": None,
     "birth_commune_label": None},
    {"birth_country_code": "99109", "birth_department": None, "birth_commune_code": None,
     "birth_commune_label": "Berlin"},
    # labels with punctuation: URSSAF's "alphanumeric" refuses dots, brackets, commas, slashes…
    {"birth_country_code": "99100", "birth_department": "093", "birth_commune_code": "93066",
     "birth_commune_label": "St. Denis"},
    {"birth_country_code": "99100", "birth_department": None, "birth_commune_code": "75056",
     "birth_commune_label": "Paris (75)"},
    {"birth_country_code": "99100", "birth_department": "94", "birth_commune_code": "94038",
     "birth_commune_label": "L’Haÿ-les-Roses"},
    {"birth_country_code": "99100", "birth_department": None, "birth_commune_code": "69381",
     "birth_commune_label": "Lyon 1er, Rhône"},
    # places the contract does not document (overseas collectivities, Corsica before 1976)
    {"birth_country_code": "99100", "birth_department": None, "birth_commune_code": "98818",
     "birth_commune_label": "Nouméa"},
    {"birth_country_code": "99100", "birth_department": "975", "birth_commune_code": "97502",
     "birth_commune_label": "Saint-Pierre"},
    {"birth_country_code": "99100", "birth_department": None, "birth_commune_code": "20004",
     "birth_commune_label": "Ajaccio"},
]  # fmt: skip
#: Birth commune labels: real ones and arbitrary mixes of letters, digits and punctuation.
LABELS = st.one_of(
    st.sampled_from(
        ["Saint-Denis", "St. Denis", "Paris (75)", "L’Haÿ-les-Roses", "Bourg/Ain", "Aix, Provence",
         "Lyon 1er", "Saint-Étienne & Loire", "Meaux;", "Château-d'Œx", "75", "O'Hara 2"]
    ),
    st.text(alphabet="aAéÉœÿ1 '’-‐.,;:()[]/&_+*\"!?«»#°ᵉ\u00a0", min_size=1, max_size=55),
)  # fmt: skip
ADDRESSES = [
    {"street_number": "12", "street_letter": "bis", "street_type_code": "AV",
     "street_label": "des Lilas", "address_complement": None, "lieu_dit": None},
    {"street_number": None, "street_letter": None, "street_type_code": None,
     "street_label": None, "address_complement": "Bâtiment A", "lieu_dit": "Les Granges"},
    {"street_number": "3", "street_letter": None, "street_type_code": "rue",
     "street_label": "de la Paix", "address_complement": "Appartement 4", "lieu_dit": None},
]  # fmt: skip
BANKS = [
    {"iban": "FR76 3000 6000 0112 3456 7890 189", "bic": None},
    {"iban": "DE89370400440532013000", "bic": "cobadeffxxx"},
    {"iban": "FR1420041010050500013M02606", "bic": None},
]
SIMPLE = {
    "civility": ["1", "2", "Madame", "m"],
    "birth_name": ["Martin", "Le Gall", "O’Brien", "Müller-Lüdenscheidt"],
    "usage_name": [None, "Dupont", "MARTIN"],
    "first_names": ["Jeanne", "Jean - Pierre Loïc", "Zoé, Maëlle"],
    "birth_date": [date(1980, 3, 29), date(1900, 1, 1), TODAY, "29/03/1980"],
    "mobile": ["06 12 34 56 78", "+33 7 56 12 34 56", "0692 12 34 56"],
    "email": ["jeanne.martin@example.fr", "a_b-c@mail.example.org"],
    "commune_code": ["77288", "2a004", "69101"],
    "commune_label": ["Melun", "Lyon 1er Arrondissement"],
    "zip_code": ["77000", "1000"],
    "country_code": ["99100", None, "99109"],
    "account_holder": ["Mme Jeanne Martin"],
}


@st.composite
def mostly_valid(draw) -> RegistrationData:
    values: dict = {}
    values.update(draw(st.sampled_from(BIRTHPLACES)))
    values.update(draw(st.sampled_from(ADDRESSES)))
    values.update(draw(st.sampled_from(BANKS)))
    for name, choices in SIMPLE.items():
        values[name] = draw(st.sampled_from(choices))
    if draw(st.booleans()):
        values["birth_commune_label"] = draw(LABELS)
    for name in draw(st.sets(st.sampled_from(FIELDS), max_size=3)):
        values[name] = draw(st.one_of(st.none(), st.text(max_size=30), anything))
    return RegistrationData(**values)


@SETTINGS
@example(RegistrationData(**{**BIRTHPLACES[0], **ADDRESSES[0], **BANKS[0],
                             **{k: v[0] for k, v in SIMPLE.items()}}))  # fmt: skip
@given(mostly_valid())
def test_payload_without_problem_matches_every_contract_rule(data):
    problems = validate_registration(data, today=TODAY)
    assert all(p.field in FIELDS and p.message_fr and p.message_en for p in problems)
    if problems:
        return
    assert_meets_contract(build_registration_payload(data, today=TODAY))


def assert_meets_contract(payload: dict) -> None:
    def strings(node):
        if isinstance(node, dict):
            for value in node.values():
                yield from strings(value)
        else:
            yield node

    assert all(isinstance(v, str) and v for v in strings(payload)), payload
    assert payload["civilite"] in contract.CIVILITIES
    assert contract.is_valid_name(payload["nomNaissance"])
    if "nomUsage" in payload:
        assert contract.is_valid_name(payload["nomUsage"])
    assert contract.is_valid_first_names(payload["prenoms"])
    assert contract.API_DATETIME_RE.fullmatch(payload["dateNaissance"])
    assert payload["dateNaissance"].endswith("T00:00:00.000Z")
    assert date.fromisoformat(payload["dateNaissance"][:10]) <= TODAY

    place = payload["lieuNaissance"]
    assert contract.COUNTRY_CODE_RE.fullmatch(place["codePaysNaissance"])
    if place["codePaysNaissance"] == contract.FRANCE_COUNTRY_CODE:
        assert set(place) == {"codePaysNaissance", "departementNaissance", "communeNaissance"}
        assert contract.BIRTH_DEPARTMENT_RE.fullmatch(place["departementNaissance"])
        commune = place["communeNaissance"]
        assert contract.BIRTH_COMMUNE_CODE_RE.fullmatch(commune["codeCommune"])
        label = commune["libelleCommune"]
        assert 1 <= len(label) <= contract.BIRTH_COMMUNE_LABEL_MAX_LENGTH
        # "alphanumeric, no ;": letters, digits 0-9, space, ' and - only (checked here with
        # str.isalpha, independently of the validator's own helper)
        assert all(ch.isalpha() or ch in "0123456789 '-" for ch in label), label
        assert any(ch.isalpha() for ch in label), label
        department = place["departementNaissance"]
        assert department not in {"020", "975", "977", "978"} and not department.startswith("98")
    else:
        assert set(place) == {"codePaysNaissance"}

    assert contract.MOBILE_RE.fullmatch(payload["numeroTelephonePortable"])
    assert contract.EMAIL_RE.fullmatch(payload["adresseMail"])

    address = payload["adressePostale"]
    if "numeroVoie" in address:
        assert contract.STREET_NUMBER_RE.fullmatch(address["numeroVoie"])
    if "lettreVoie" in address:
        assert address["lettreVoie"] in contract.STREET_LETTERS and "numeroVoie" in address
    assert ("codeTypeVoie" in address) == ("libelleVoie" in address)
    if "codeTypeVoie" in address:
        assert address["codeTypeVoie"] in STREET_TYPES
        assert contract.STREET_TYPE_CODE_RE.fullmatch(address["codeTypeVoie"])
        assert len(address["libelleVoie"]) <= contract.STREET_LABEL_MAX_LENGTH
    assert len(address.get("complement", "")) <= contract.ADDRESS_COMPLEMENT_MAX_LENGTH
    assert len(address.get("lieuDit", "")) <= contract.LIEU_DIT_MAX_LENGTH
    assert {"codeTypeVoie", "complement", "lieuDit"} & set(address)
    assert 1 <= len(address["libelleCommune"]) <= contract.COMMUNE_LABEL_MAX_LENGTH
    assert contract.INSEE_COMMUNE_CODE_RE.fullmatch(address["codeCommune"])
    assert contract.ZIP_CODE_RE.fullmatch(address["codePostal"])
    assert address["codePays"] == "99100"  # a postal address in France only

    bank = payload["coordonneeBancaire"]
    assert contract.BIC_RE.fullmatch(bank["bic"])
    assert contract.IBAN_RE.fullmatch(bank["iban"]) and bank["iban"] == bank["iban"].upper()
    assert contract.IBAN_MIN_LENGTH <= len(bank["iban"]) <= contract.IBAN_MAX_LENGTH
    assert 1 <= len(bank["titulaire"]) <= contract.ACCOUNT_HOLDER_MAX_LENGTH
