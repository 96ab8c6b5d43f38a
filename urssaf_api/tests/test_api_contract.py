"""Environments and the contract constants (regexes written once, shared with the sandbox)."""

from __future__ import annotations

import pytest

from urssaf_api import contract
from urssaf_api.environments import (
    API_PATH,
    PRODUCTION_URL,
    SCOPE,
    TOKEN_PATH,
    URSSAF_SANDBOX_URL,
    base_url,
)


def test_environment_constants():
    assert PRODUCTION_URL == "https://api.urssaf.fr"
    assert URSSAF_SANDBOX_URL == "https://api-edi.urssaf.fr"
    assert API_PATH == "/atp/v1/tiersPrestations"
    assert TOKEN_PATH == "/api/oauth/v1/token"
    assert SCOPE == "homeplus.tiersprestations"


def test_base_url():
    assert base_url("production", "http://ignored") == PRODUCTION_URL
    assert base_url("urssaf_sandbox", None) == URSSAF_SANDBOX_URL
    assert base_url("local", " http://127.0.0.1:8765/ ") == "http://127.0.0.1:8765"
    assert base_url("local", "https://sandbox.example.org/prefix") == (
        "https://sandbox.example.org/prefix"
    )


@pytest.mark.parametrize(
    ("environment", "url"),
    [
        ("local", None),
        ("local", ""),
        ("local", "127.0.0.1:8765"),
        ("local", "ftp://127.0.0.1"),
        ("local", "http://127.0.0.1:8765/?x=1"),
        ("staging", "http://127.0.0.1"),
    ],
)
def test_base_url_rejects_bad_input(environment, url):
    with pytest.raises(ValueError):
        base_url(environment, url)


@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1:8765", "http://127.8.9.10", "http://[::1]:8765", "http://localhost:8765"],
)
def test_plain_http_allowed_on_loopback(url):
    assert base_url("local", url) == url


@pytest.mark.parametrize(
    "url",
    [
        "http://192.168.1.10:8765",
        "http://10.0.0.2",
        "http://sandbox.example.org",
        "http://localhost.example.org",
        "http://sandbox.localhost",
        "http://0.0.0.0:8765",
        "http://[::2]:8765",
    ],
)
def test_plain_http_refused_off_loopback(url):
    """A client's identity and IBAN never travel in clear over a network."""
    with pytest.raises(ValueError, match="plain http"):
        base_url("local", url)
    assert base_url("local", "https" + url[4:]) == "https" + url[4:]


@pytest.mark.parametrize(
    ("regex", "good", "bad"),
    [
        (
            contract.MOBILE_RE,
            ["0612345678", "0712345678", "+33612345678", "+33799999999"],
            ["0512345678", "06 12 34 56 78", "061234567", "+3361234567", "0612345678\n"],
        ),
        (
            contract.EMAIL_RE,
            ["jeanne.durand@contact.fr", "a_b-c@sub-domain.example.org", "x@y.fr"],
            ["jeanne+sap@contact.fr", "jeanne@contact", "jé@contact.fr", ".a@b.fr", "a@b.fr\n"],
        ),
        (contract.BIRTH_DEPARTMENT_RE, ["077", "02A", "02b", "974"], ["77", "2A", "177", "0777"]),
        (contract.BIRTH_COMMUNE_CODE_RE, ["288", "004", "011"], ["2A4", "1234", "28"]),
        (contract.INSEE_COMMUNE_CODE_RE, ["77288", "2A004", "2b033", "97411"], ["2C004", "7728"]),
        (contract.STREET_NUMBER_RE, ["", "12", "00", "1" * 20], ["0", "12b", "1" * 21]),
        (contract.STREET_TYPE_CODE_RE, ["", "R", "AV", "CHE1"], ["AVENU", "R-"]),
        (contract.ZIP_CODE_RE, ["77000", "01000"], ["7700", "770000", "77 000"]),
        (contract.BIC_RE, ["BNPAFRPP", "BNPAFRPPXXX", "agrifrpp882"], ["BNPAFRP", "BNPAFRPPXX"]),
        (
            contract.IBAN_RE,
            ["FR7630006000011234567890189", "DE89370400440532013000"],
            ["FR76 3000 6000 0112 3456 7890 189", "FR76ABCDEFGH", "1234"],
        ),
        (contract.COMPLEMENT2_RE, ["SAP852330992", "SIR12345678901234"], ["SAP85233099", "852"]),
        (
            contract.API_DATETIME_RE,
            ["1980-03-29T00:00:00.000Z", "2024-04-30T00:00:00Z"],
            ["2024-04-30", "2024-04-30T00:00:00", "2024-04-30T00:00:00+02:00"],
        ),
    ],
)
def test_contract_regexes(regex, good, bad):
    for value in good:
        assert regex.fullmatch(value), value
    for value in bad:
        assert not regex.fullmatch(value), value


@pytest.mark.parametrize(
    "name",
    ["Durand", "O'Brien", "Le Gall", "Saint-Exupéry", "Ñúñez", "Éloïse", "D", "Jean--Pierre"],
)
def test_valid_names(name):
    assert contract.is_valid_name(name)


@pytest.mark.parametrize(
    "name",
    ["", " Durand", "Durand ", "-Durand", "Durand'", "Dur4nd", "Du_rand", "Dupont.", "Ⅷ", "x²"],
)
def test_invalid_names(name):
    assert not contract.is_valid_name(name)


def test_name_length_limit_is_the_stricter_one():
    assert contract.NAME_MAX_LENGTH == 80 and contract.FIRST_NAMES_MAX_LENGTH == 80
    assert contract.is_valid_name("A" * 80) and not contract.is_valid_name("A" * 81)


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("Eric-Antoine Derc'hen Jean alain", True),
        ("Jean", True),
        ("Marie-Claire", True),
        ("Jean  Pierre", False),
        ("Jean -Pierre", False),
        ("Jean-", False),
        ("'Jean", False),
        ("Jean Pierre ", False),
        ("Jean2", False),
    ],
)
def test_first_names_rule(value, valid):
    assert contract.is_valid_first_names(value) is valid


def test_name_checks_are_linear_on_long_hostile_input():
    hostile = "a" * 5000 + "!"
    assert not contract.is_valid_first_names(hostile, max_length=10_000)
    assert not contract.is_valid_name(hostile, max_length=10_000)


def test_safe_street_types_are_in_the_longer_list():
    assert contract.STREET_TYPE_CODES_SAFE <= contract.STREET_TYPE_CODES_PDF_1_1_1
    assert all(
        contract.STREET_TYPE_CODE_RE.fullmatch(c) for c in contract.STREET_TYPE_CODES_PDF_1_1_1
    )


def test_plain_http_never_goes_through_a_proxy():
    """A proxy of the environment would carry the loopback traffic in clear over a network."""
    from urssaf_api.client import UrssafClient

    assert UrssafClient("http://127.0.0.1:8765", "id", "secret").session.trust_env is False
    assert UrssafClient("https://api.urssaf.fr", "id", "secret").session.trust_env is True
