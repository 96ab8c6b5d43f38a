"""E1 (registration) rules and E2 (client status) with the scenario triggers."""

from datetime import UTC, datetime, timedelta

import pytest
from sandbox_payloads import DELETE, codes, mutate, person, registration

ABROAD = {"codePaysNaissance": "99109"}
LONG = "a" * 81


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"nomUsage": DELETE},
        {"civilite": "1", "prenoms": "Jean-Pierre Marie", "nomNaissance": "N'Diaye"},
        {"nomNaissance": "Élise Lefèvre-O'Brien", "prenoms": "Zoé"},
        {"nomNaissance": "X", "prenoms": "É"},
        {"nomNaissance": "M" * 80, "prenoms": "J" * 80},
        {"dateNaissance": "1980-03-29T00:00:00Z"},
        {"lieuNaissance": ABROAD},
        {
            "lieuNaissance.departementNaissance": "974",
            "lieuNaissance.communeNaissance.codeCommune": "011",
        },
        {
            "lieuNaissance.departementNaissance": "02A",
            "lieuNaissance.communeNaissance.codeCommune": "004",
        },
        {"lieuNaissance.communeNaissance.libelleCommune": "L'Haÿ-les-Roses"},
        {"lieuNaissance.communeNaissance.libelleCommune": "L’Haÿ-les-Roses"},
        {"lieuNaissance.communeNaissance.libelleCommune": "Lyon 1er Arrondissement"},
        {"numeroTelephonePortable": "+33712345678"},
        {"adresseMail": "jean_pierre-2.dupont@mail.example-domaine.fr"},
        {"adressePostale.numeroVoie": DELETE, "adressePostale.lettreVoie": DELETE},
        {"adressePostale.codeTypeVoie": DELETE, "adressePostale.libelleVoie": DELETE},
        {
            "adressePostale.codeTypeVoie": DELETE,
            "adressePostale.libelleVoie": DELETE,
            "adressePostale.complement": DELETE,
            "adressePostale.lieuDit": "Le Beyssat",
        },
        {"adressePostale.complement": DELETE},
        {"adressePostale.codeCommune": "2A004", "adressePostale.codePostal": "20000"},
        {"adressePostale.libelleVoie": "x" * 28, "adressePostale.complement": "y" * 38},
        {"coordonneeBancaire.bic": "BNAPFRPP"},
        {"coordonneeBancaire.iban": "DE89370400440532013000"},
        {"coordonneeBancaire.titulaire": "t" * 100},
    ],
)
def test_valid_registration_is_accepted(api, changes):
    answer = api.register(mutate(registration(), changes))
    assert answer.status_code == 200, answer.text
    assert set(answer.json()) == {"idClient"}
    assert len(answer.json()["idClient"]) == 36  # a UUID


# One mutation of the valid payload per contract rule -> the code URSSAF answers.
RULES = [
    # required fields / JSON types
    ("civilite absent", {"civilite": DELETE}, "ERREUR_VALIDATION"),
    ("civilite 3", {"civilite": "3"}, "ERREUR_VALIDATION"),
    ("civilite M", {"civilite": "M"}, "ERREUR_VALIDATION"),
    ("civilite number", {"civilite": 1}, "ERREUR_VALIDATION"),
    ("nomNaissance absent", {"nomNaissance": DELETE}, "ERREUR_VALIDATION"),
    ("nomNaissance null", {"nomNaissance": None}, "ERREUR_VALIDATION"),
    ("nomNaissance digit", {"nomNaissance": "Martin2"}, "ERREUR_VALIDATION"),
    ("nomNaissance starts special", {"nomNaissance": "-Martin"}, "ERREUR_VALIDATION"),
    ("nomNaissance ends special", {"nomNaissance": "Martin'"}, "ERREUR_VALIDATION"),
    ("nomNaissance ends space", {"nomNaissance": "Martin "}, "ERREUR_VALIDATION"),
    ("nomNaissance other char", {"nomNaissance": "Mar_tin"}, "ERREUR_VALIDATION"),
    ("nomNaissance typographic apostrophe", {"nomNaissance": "N’Diaye"}, "ERREUR_VALIDATION"),
    ("nomNaissance 81 chars", {"nomNaissance": "M" * 81}, "ERREUR_VALIDATION"),
    ("nomUsage empty", {"nomUsage": ""}, "ERREUR_VALIDATION"),
    ("nomUsage null", {"nomUsage": None}, "ERREUR_VALIDATION"),
    ("nomUsage dot", {"nomUsage": "Dupont."}, "ERREUR_VALIDATION"),
    ("nomUsage 81 chars", {"nomUsage": "D" * 81}, "ERREUR_VALIDATION"),
    ("prenoms absent", {"prenoms": DELETE}, "ERREUR_VALIDATION"),
    ("prenoms double space", {"prenoms": "Jeanne  Marie"}, "ERR_CONTACT"),
    ("prenoms trailing hyphen", {"prenoms": "Jeanne-"}, "ERR_CONTACT"),
    ("prenoms leading space", {"prenoms": " Jeanne"}, "ERR_CONTACT"),
    ("prenoms digit", {"prenoms": "Jeanne3"}, "ERR_CONTACT"),
    ("prenoms comma", {"prenoms": "Jeanne,Marie"}, "ERR_CONTACT"),
    ("prenoms 81 chars", {"prenoms": "J" * 81}, "ERR_CONTACT"),
    ("prenoms empty", {"prenoms": ""}, "ERR_CONTACT"),
    # birth date
    ("dateNaissance absent", {"dateNaissance": DELETE}, "ERREUR_VALIDATION"),
    ("dateNaissance date only", {"dateNaissance": "1980-03-29"}, "ERREUR_VALIDATION"),
    ("dateNaissance no Z", {"dateNaissance": "1980-03-29T00:00:00"}, "ERREUR_VALIDATION"),
    ("dateNaissance offset", {"dateNaissance": "1980-03-29T00:00:00+01:00"}, "ERREUR_VALIDATION"),
    ("dateNaissance french", {"dateNaissance": "29/03/1980"}, "ERREUR_VALIDATION"),
    ("dateNaissance 30 Feb", {"dateNaissance": "1980-02-30T00:00:00Z"}, "ERREUR_VALIDATION"),
    ("dateNaissance newline", {"dateNaissance": "1980-03-29T00:00:00Z\n"}, "ERREUR_VALIDATION"),
    ("dateNaissance future", {"dateNaissance": "2999-01-01T00:00:00Z"}, "ERR_DATE_NAISSANCE_FUTUR"),
    ("dateNaissance noon", {"dateNaissance": "1980-03-29T12:00:00.000Z"}, "ERREUR_VALIDATION"),
    ("dateNaissance 23:00", {"dateNaissance": "1980-03-28T23:00:00Z"}, "ERREUR_VALIDATION"),
    ("dateNaissance 1 ms", {"dateNaissance": "1980-03-29T00:00:00.001Z"}, "ERREUR_VALIDATION"),
    (
        "dateNaissance microseconds",
        {"dateNaissance": "1980-03-29T00:00:00.000000Z"},
        "ERREUR_VALIDATION",
    ),
    # birth place
    ("lieuNaissance absent", {"lieuNaissance": DELETE}, "ERREUR_LIEU_NAISSANCE_OBLIGATOIRE"),
    ("lieuNaissance string", {"lieuNaissance": "Meaux"}, "ERREUR_VALIDATION"),
    (
        "codePaysNaissance absent",
        {"lieuNaissance.codePaysNaissance": DELETE},
        "ERREUR_LIEU_NAISSANCE_OBLIGATOIRE",
    ),
    (
        "codePaysNaissance 4",
        {"lieuNaissance.codePaysNaissance": "9910"},
        "ERREUR_LIEU_NAISSANCE_PAYS",
    ),
    (
        "codePaysNaissance FR",
        {"lieuNaissance.codePaysNaissance": "FR"},
        "ERREUR_LIEU_NAISSANCE_PAYS",
    ),
    (
        "codePaysNaissance 00100",
        {"lieuNaissance.codePaysNaissance": "00100"},
        "ERREUR_LIEU_NAISSANCE_PAYS",
    ),
    (
        "abroad with department",
        {"lieuNaissance": {**ABROAD, "departementNaissance": "077"}},
        "ERREUR_LIEU_NAISSANCE_PAYS",
    ),
    (
        "abroad with commune",
        {"lieuNaissance": {**ABROAD, "communeNaissance": {"codeCommune": "288"}}},
        "ERREUR_LIEU_NAISSANCE_PAYS",
    ),
    (
        "France without department",
        {"lieuNaissance.departementNaissance": DELETE},
        "ERREUR_LIEU_NAISSANCE_DEPT",
    ),
    (
        "department 77",
        {"lieuNaissance.departementNaissance": "77"},
        "ERREUR_LIEU_NAISSANCE_DEPT_FORMAT",
    ),
    (
        "department 2A",
        {"lieuNaissance.departementNaissance": "2A"},
        "ERREUR_LIEU_NAISSANCE_DEPT_FORMAT",
    ),
    (
        "department 177",
        {"lieuNaissance.departementNaissance": "177"},
        "ERREUR_LIEU_NAISSANCE_DEPT_FORMAT",
    ),
    (
        "department 02C",
        {"lieuNaissance.departementNaissance": "02C"},
        "ERREUR_LIEU_NAISSANCE_DEPT_FORMAT",
    ),
    (
        "France without commune",
        {"lieuNaissance.communeNaissance": DELETE},
        "ERR_LIEU_NAISSANCE_COMN",
    ),
    (
        "commune code absent",
        {"lieuNaissance.communeNaissance.codeCommune": DELETE},
        "ERR_LIEU_NAISSANCE_COMN",
    ),
    (
        "commune code 5 chars",
        {"lieuNaissance.communeNaissance.codeCommune": "77288"},
        "ERR_LIEU_NAISSANCE_COMN",
    ),
    (
        "commune code 2A4",
        {"lieuNaissance.communeNaissance.codeCommune": "2A4"},
        "ERR_LIEU_NAISSANCE_COMN",
    ),
    (
        "commune label absent",
        {"lieuNaissance.communeNaissance.libelleCommune": DELETE},
        "ERR_LIEU_NAISSANCE_OBLIGATOIRE",
    ),
    (
        "commune label semicolon",
        {"lieuNaissance.communeNaissance.libelleCommune": "Meaux;"},
        "ERREUR_LIEU_NAISSANCE_INVALIDE",
    ),
    (
        "commune label with a dot",
        {"lieuNaissance.communeNaissance.libelleCommune": "St. Denis"},
        "ERREUR_LIEU_NAISSANCE_INVALIDE",
    ),
    (
        "commune label with brackets",
        {"lieuNaissance.communeNaissance.libelleCommune": "Paris (75)"},
        "ERREUR_LIEU_NAISSANCE_INVALIDE",
    ),
    (
        "commune label with a slash",
        {"lieuNaissance.communeNaissance.libelleCommune": "Meaux/Seine-et-Marne"},
        "ERREUR_LIEU_NAISSANCE_INVALIDE",
    ),
    (
        "commune label 51 chars",
        {"lieuNaissance.communeNaissance.libelleCommune": "M" * 51},
        "ERREUR_LIEU_NAISSANCE_INVALIDE",
    ),
    # phone and e-mail
    ("phone absent", {"numeroTelephonePortable": DELETE}, "ERREUR_VALIDATION"),
    ("phone spaces", {"numeroTelephonePortable": "06 12 34 56 78"}, "ERR_CONTACT"),
    ("phone landline", {"numeroTelephonePortable": "0112345678"}, "ERR_CONTACT"),
    ("phone +335", {"numeroTelephonePortable": "+33512345678"}, "ERR_CONTACT"),
    ("phone 9 digits", {"numeroTelephonePortable": "061234567"}, "ERR_CONTACT"),
    ("phone +3306", {"numeroTelephonePortable": "+330612345678"}, "ERR_CONTACT"),
    ("email absent", {"adresseMail": DELETE}, "ERREUR_VALIDATION"),
    ("email plus", {"adresseMail": "jeanne+ai@example.fr"}, "ERR_CONTACT"),
    ("email no tld", {"adresseMail": "jeanne@example"}, "ERR_CONTACT"),
    ("email dot before @", {"adresseMail": "jeanne.@example.fr"}, "ERR_CONTACT"),
    ("email no @", {"adresseMail": "jeanne.example.fr"}, "ERR_CONTACT"),
    ("email accent", {"adresseMail": "hélène@example.fr"}, "ERR_CONTACT"),
    # postal address
    ("address absent", {"adressePostale": DELETE}, "ERREUR_VALIDATION"),
    ("numeroVoie 0", {"adressePostale.numeroVoie": "0"}, "ERR_CONTACT"),
    ("numeroVoie 12a", {"adressePostale.numeroVoie": "12a"}, "ERR_CONTACT"),
    ("numeroVoie 21 digits", {"adressePostale.numeroVoie": "1" * 21}, "ERR_CONTACT"),
    ("numeroVoie empty", {"adressePostale.numeroVoie": ""}, "ERR_CONTACT"),
    ("numeroVoie number", {"adressePostale.numeroVoie": 12}, "ERREUR_VALIDATION"),
    ("lettreVoie X", {"adressePostale.lettreVoie": "X"}, "ERR_CONTACT_ADRESSE_LETTRE_VOIE"),
    ("lettreVoie b", {"adressePostale.lettreVoie": "b"}, "ERR_CONTACT_ADRESSE_LETTRE_VOIE"),
    ("lettreVoie BIS", {"adressePostale.lettreVoie": "BIS"}, "ERR_CONTACT_ADRESSE_LETTRE_VOIE"),
    (
        "lettreVoie without numeroVoie",
        {"adressePostale.numeroVoie": DELETE},
        "ERR_CONTACT_ADRESSE_LETTRE_VOIE",
    ),
    ("codeTypeVoie RUE", {"adressePostale.codeTypeVoie": "RUE"}, "ERR_CONTACT_ADRESSE_TYPE_VOIE"),
    ("codeTypeVoie BAT", {"adressePostale.codeTypeVoie": "BAT"}, "ERR_CONTACT_ADRESSE_TYPE_VOIE"),
    ("codeTypeVoie av", {"adressePostale.codeTypeVoie": "av"}, "ERR_CONTACT_ADRESSE_TYPE_VOIE"),
    (
        "codeTypeVoie AVENU",
        {"adressePostale.codeTypeVoie": "AVENU"},
        "ERR_CONTACT_ADRESSE_TYPE_VOIE",
    ),
    (
        "codeTypeVoie without libelleVoie",
        {"adressePostale.libelleVoie": DELETE},
        "ERR_CONTACT_ADRESSE_LIBELLEVOIE",
    ),
    (
        "libelleVoie without codeTypeVoie",
        {"adressePostale.codeTypeVoie": DELETE},
        "ERR_CONTACT_ADRESSE_TYPEVOIE",
    ),
    ("libelleVoie 29", {"adressePostale.libelleVoie": "x" * 29}, "ERR_CONTACT_ADRESSE_LIBELLEVOIE"),
    ("complement 39", {"adressePostale.complement": "x" * 39}, "ERR_CONTACT"),
    ("lieuDit 39", {"adressePostale.lieuDit": "x" * 39}, "ERR_CONTACT"),
    (
        "no street, complement or lieu-dit",
        {
            "adressePostale.codeTypeVoie": DELETE,
            "adressePostale.libelleVoie": DELETE,
            "adressePostale.complement": DELETE,
        },
        "ERR_CONTACT_ADRESSE_INFORMATION_SUPPLEMENTAIRE",
    ),
    (
        "address libelleCommune absent",
        {"adressePostale.libelleCommune": DELETE},
        "ERREUR_VALIDATION",
    ),
    (
        "address libelleCommune 51",
        {"adressePostale.libelleCommune": "M" * 51},
        "ERR_CONTACT_ADRESSE_COMMUNE",
    ),
    ("address codeCommune absent", {"adressePostale.codeCommune": DELETE}, "ERREUR_VALIDATION"),
    (
        "address codeCommune 4",
        {"adressePostale.codeCommune": "7728"},
        "ERR_CONTACT_ADRESSE_COMMUNE",
    ),
    (
        "address codeCommune 77C84",
        {"adressePostale.codeCommune": "77C84"},
        "ERR_CONTACT_ADRESSE_COMMUNE",
    ),
    (
        "address codeCommune AB123",
        {"adressePostale.codeCommune": "AB123"},
        "ERR_CONTACT_ADRESSE_COMMUNE",
    ),
    ("codePostal absent", {"adressePostale.codePostal": DELETE}, "ERREUR_VALIDATION"),
    ("codePostal 4", {"adressePostale.codePostal": "7710"}, "ERR_CONTACT"),
    ("codePostal letter", {"adressePostale.codePostal": "7710A"}, "ERR_CONTACT"),
    ("codePays absent", {"adressePostale.codePays": DELETE}, "ERREUR_VALIDATION"),
    ("codePays FRA", {"adressePostale.codePays": "FRA"}, "ERR_CONTACT"),
    ("codePays Germany", {"adressePostale.codePays": "99109"}, "ERR_CONTACT"),
    ("codePays Belgium", {"adressePostale.codePays": "99131"}, "ERR_CONTACT"),
    # bank details
    ("bank absent", {"coordonneeBancaire": DELETE}, "ERREUR_VALIDATION"),
    ("bic absent", {"coordonneeBancaire.bic": DELETE}, "ERREUR_VALIDATION"),
    ("bic 7", {"coordonneeBancaire.bic": "BNAPFRP"}, "ERR_COORDONNEES_BANCAIRES"),
    ("bic 10", {"coordonneeBancaire.bic": "BNAPFRPPXX"}, "ERR_COORDONNEES_BANCAIRES"),
    (
        "bic digit in bank code",
        {"coordonneeBancaire.bic": "BN4PFRPPXXX"},
        "ERR_COORDONNEES_BANCAIRES",
    ),
    ("iban absent", {"coordonneeBancaire.iban": DELETE}, "ERREUR_VALIDATION"),
    (
        "iban checksum",
        {"coordonneeBancaire.iban": "FR7630006000011234567890188"},
        "ERR_COORDONNEES_BANCAIRES",
    ),
    (
        "iban spaces",
        {"coordonneeBancaire.iban": "FR76 3000 6000 0112 3456 7890 189"},
        "ERR_COORDONNEES_BANCAIRES",
    ),
    ("iban short", {"coordonneeBancaire.iban": "FR763000600001"}, "ERR_COORDONNEES_BANCAIRES"),
    ("iban 39", {"coordonneeBancaire.iban": "FR76" + "1" * 35}, "ERR_COORDONNEES_BANCAIRES"),
    ("titulaire absent", {"coordonneeBancaire.titulaire": DELETE}, "ERREUR_VALIDATION"),
    ("titulaire empty", {"coordonneeBancaire.titulaire": ""}, "ERR_COORDONNEES_BANCAIRES"),
    ("titulaire 101", {"coordonneeBancaire.titulaire": "t" * 101}, "ERR_COORDONNEES_BANCAIRES"),
    # unknown fields (a misspelt optional field would be silently lost)
    ("unknown top-level field", {"nomUsuel": "Dupont"}, "ERREUR_VALIDATION"),
    ("unknown address field", {"adressePostale.rue": "des Lilas"}, "ERREUR_VALIDATION"),
]


@pytest.mark.parametrize(
    ("changes", "expected"), [rule[1:] for rule in RULES], ids=[rule[0] for rule in RULES]
)
def test_registration_rule(api, changes, expected):
    answer = api.register(mutate(registration(), changes))
    assert answer.status_code == 400, answer.text
    assert codes(answer) == [expected]
    item = answer.json()[0]
    assert set(item) == {"code", "message", "description"}
    assert item["message"] and item["description"]


def test_registration_collects_every_error(api):
    payload = mutate(
        registration(),
        {
            "civilite": "3",
            "numeroTelephonePortable": "12",
            "adressePostale.codeCommune": "1",
            "coordonneeBancaire.iban": "FR7630006000011234567890188",
        },
    )
    answer = api.register(payload)
    assert answer.status_code == 400
    assert sorted(codes(answer)) == [
        "ERREUR_VALIDATION",
        "ERR_CONTACT",
        "ERR_CONTACT_ADRESSE_COMMUNE",
        "ERR_COORDONNEES_BANCAIRES",
    ]


@pytest.mark.parametrize("raw", [b"[]", b'"x"', b"3", b"null"])
def test_registration_body_must_be_an_object(api, raw):
    answer = api.call(
        "POST", "/particulier", data=raw, headers={"Content-Type": "application/json"}
    )
    assert answer.status_code == 400
    assert codes(answer) == ["ERREUR_VALIDATION"]


@pytest.mark.parametrize("raw", [b"{", b'{"civilite": NaN}', b"\xff\xfe", b""])
def test_registration_malformed_json(api, raw):
    answer = api.call(
        "POST", "/particulier", data=raw, headers={"Content-Type": "application/json"}
    )
    assert answer.status_code == 400
    assert codes(answer) == ["ERREUR_VALIDATION"]


def test_registration_needs_json_content_type(api):
    answer = api.call("POST", "/particulier", data={"civilite": "1"})
    assert answer.status_code == 415
    assert codes(answer) == ["ERREUR_VALIDATION"]


# -- E2 and the clock ---------------------------------------------------------------------------


def _status(api, id_client):
    answer = api.client_status(id_client)
    assert answer.status_code == 200, answer.text
    return answer.json()["statut"]


def test_new_client_pending_then_active_one_day_later(sandbox, api):
    sandbox.set_now(_paris_noon(2024, 5, 30))
    id_client = api.register(registration()).json()["idClient"]
    answer = api.client_status(id_client)
    assert answer.json() == {
        "idClient": id_client,
        "nomNaissance": "Martin",
        "nomUsage": "Lefèvre-N'Diaye",
        "prenoms": "Jeanne Marie",
        "statut": {"code": "APPAREILLAGE_EC", "description": "En cours", "etat": "KO"},
    }
    sandbox.advance(hours=23, minutes=59)
    assert _status(api, id_client)["code"] == "APPAREILLAGE_EC"
    sandbox.advance(minutes=1)
    assert _status(api, id_client) == {
        "code": "APPAREILLAGE_VALIDE",
        "description": "31/05/2024",
        "etat": "OK",
    }
    sandbox.advance(days=30)  # never expires by itself
    assert _status(api, id_client)["description"] == "31/05/2024"


def test_activation_day_is_a_french_day(sandbox, api):
    sandbox.set_now(_utc(2024, 5, 30, 22, 30))  # 31/05 00:30 in Paris
    id_client = api.register(registration()).json()["idClient"]
    sandbox.advance(days=1)
    assert _status(api, id_client)["description"] == "01/06/2024"


def test_usage_name_is_omitted_when_not_registered(api):
    payload = registration()
    del payload["nomUsage"]
    id_client = api.register(payload).json()["idClient"]
    assert "nomUsage" not in api.client_status(id_client).json()


@pytest.mark.parametrize(
    ("local_part", "timeline"),
    [
        ("existant.dupont", [(0, "APPAREILLAGE_EC"), (1, "APPAREILLAGE_VALIDE")]),
        (
            "bloque",
            [(0, "APPAREILLAGE_EC"), (1, "APPAREILLAGE_VALIDE"), (2, "PARTICULIER_BLOQUE")],
        ),
        ("refus.x", [(0, "APPAREILLAGE_EC"), (1, "APPAREILLAGE_NF")]),
        (
            "mandat",
            [(0, "APPAREILLAGE_EC"), (1, "APPAREILLAGE_VALIDE"), (3, "MANDAT_ECHU")],
        ),
        ("jamais", [(0, "APPAREILLAGE_EC"), (1, "APPAREILLAGE_EC"), (30, "APPAREILLAGE_EC")]),
        ("Bloque.Majuscules", [(1, "APPAREILLAGE_VALIDE"), (2, "PARTICULIER_BLOQUE")]),
    ],
)
def test_scenario_timelines(sandbox, api, local_part, timeline):
    start = sandbox.set_now(_utc(2024, 5, 10, 9, 0))
    id_client = api.register(person(local_part)).json()["idClient"]
    for days, code in timeline:
        sandbox.set_now(start + _days(days) + _minutes(1))
        status = _status(api, id_client)
        assert status["code"] == code
        assert status["etat"] == ("OK" if code == "APPAREILLAGE_VALIDE" else "KO")
        if code == "APPAREILLAGE_VALIDE":
            assert status["description"] == "11/05/2024"


def test_broken_link_answers_err_recherche_particulier(sandbox, api):
    start = sandbox.now()
    id_client = api.register(person("rompu")).json()["idClient"]
    sandbox.set_now(start + _days(1) + _minutes(1))
    assert _status(api, id_client)["code"] == "APPAREILLAGE_VALIDE"
    sandbox.set_now(start + _days(3) + _minutes(1))
    answer = api.client_status(id_client)
    assert answer.status_code == 400
    assert codes(answer) == ["ERR_RECHERCHE_PARTICULIER"]


@pytest.mark.parametrize(
    ("local_part", "code"),
    [
        ("inconnu", "ERR_DGFIP_R2P_INCONNU"),
        ("impot.test", "ERR_DGFIP_IMPOTPART_INCONNU"),
        ("compteexiste", "ERR_LIEN_TIERS_PRESTATION_PARTICULIER_EXISTE"),
        ("INCONNU2", "ERR_DGFIP_R2P_INCONNU"),
    ],
)
def test_refusing_scenarios(sandbox, api, local_part, code):
    answer = api.register(person(local_part))
    assert answer.status_code == 400
    assert codes(answer) == [code]
    assert sandbox.snapshot()["clients"] == []


def test_validation_comes_before_the_scenario(api):
    answer = api.register(person("inconnu", civilite="9"))
    assert codes(answer) == ["ERREUR_VALIDATION"]


def test_same_person_twice_for_the_same_provider(api):
    first = api.register(registration())
    assert first.status_code == 200
    again = api.register(registration(adresseMail="JEANNE.MARTIN@example.fr"))
    assert again.status_code == 400
    assert codes(again) == ["ERR_LIEN_TIERS_PRESTATION_PARTICULIER_EXISTE"]
    same_phone_other_format = api.register(registration(numeroTelephonePortable="+33612345678"))
    assert codes(same_phone_other_format) == ["ERR_LIEN_TIERS_PRESTATION_PARTICULIER_EXISTE"]
    other_phone = api.register(registration(numeroTelephonePortable="0698765432"))
    assert other_phone.status_code == 200


def test_same_mail_and_phone_for_another_person(api):
    assert api.register(registration()).status_code == 200
    spouse = registration(civilite="1", nomNaissance="Dupont", prenoms="Paul")
    spouse["dateNaissance"] = "1978-01-02T00:00:00Z"
    answer = api.register(spouse)
    assert codes(answer) == ["ERREUR_REFERENCE_PARTICULIER_EXISTANTE_TYPE"]


def test_registering_again_after_a_refused_link(sandbox, api):
    first = api.register(person("refus")).json()["idClient"]
    assert codes(api.register(person("refus"))) == ["ERR_LIEN_TIERS_PRESTATION_PARTICULIER_EXISTE"]
    sandbox.advance(days=1, minutes=1)
    assert _status(api, first)["code"] == "APPAREILLAGE_NF"
    again = api.register(person("refus"))
    assert again.status_code == 200
    assert again.json()["idClient"] != first


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"idClient": "00000000-0000-0000-0000-000000000000"}, "ERR_RECHERCHE_PARTICULIER"),
        ({}, "ERREUR_VALIDATION"),
        ({"idClient": ""}, "ERREUR_VALIDATION"),
        ({"idClient": ["a", "b"]}, "ERREUR_VALIDATION"),
        ({"idClient": "x", "adresseMail": "a@b.fr"}, "ERREUR_VALIDATION"),
    ],
)
def test_client_status_errors(api, params, code):
    answer = api.call("GET", "/particulier", params=params)
    assert answer.status_code == 400
    assert codes(answer) == [code]


# -- helpers ---------------------------------------------------------------------------------------


def _utc(*args):
    return datetime(*args, tzinfo=UTC)


def _paris_noon(year, month, day):
    return _utc(year, month, day, 10, 0)


def _days(n):
    return timedelta(days=n)


def _minutes(n):
    return timedelta(minutes=n)
