"""Registration data: every rule of contract §3, payload building, street parsing, phone, IBAN."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime

import pytest
from samples import IBAN_FR
from samples import valid_registration as person

from urssaf_api import contract
from urssaf_api.address import (
    STREET_TYPES,
    StreetParts,
    parse_lieu_dit,
    parse_street,
    street_type_code,
)
from urssaf_api.bank import derive_bic
from urssaf_api.birthplace import birth_commune_payload_code
from urssaf_api.normalize import normalize_department, normalize_mobile
from urssaf_api.registration import (
    RegistrationData,
    build_registration_payload,
    validate_registration,
)
from urssaf_api.texts_fr import typography
from urssaf_api.validation import InvalidData, Problem

TODAY = date(2024, 6, 15)


def iban_with_check_digits(country: str, bban: str) -> str:
    """ISO 13616 check digits, to build IBANs with a chosen BBAN."""
    digits = "".join(str(int(c, 36)) for c in bban + country + "00")
    return f"{country}{98 - int(digits) % 97:02d}{bban}"


def problems_of(data) -> dict[str, list[Problem]]:
    found: dict[str, list[Problem]] = {}
    for problem in validate_registration(data, today=TODAY):
        found.setdefault(problem.field, []).append(problem)
    return found


def assert_only_problem(data, field: str, fr_fragment: str = "") -> Problem:
    found = problems_of(data)
    assert list(found) == [field], found
    (problem,) = found[field]
    assert fr_fragment in problem.message_fr, problem.message_fr
    assert problem.message_en and problem.message_fr != problem.message_en
    return problem


def payload(data) -> dict:
    return build_registration_payload(data, today=TODAY)


# ------------------------------------------------------------------------------ whole payload


def test_french_born_client_payload():
    assert payload(person()) == {
        "civilite": "2",
        "nomNaissance": "Martin",
        "prenoms": "Jeanne Marie",
        "dateNaissance": "1980-03-29T00:00:00.000Z",
        "lieuNaissance": {
            "codePaysNaissance": "99100",
            "departementNaissance": "077",
            "communeNaissance": {"codeCommune": "288", "libelleCommune": "Melun"},
        },
        "numeroTelephonePortable": "0612345678",
        "adresseMail": "jeanne.martin@example.fr",
        "adressePostale": {
            "numeroVoie": "12",
            "codeTypeVoie": "R",
            "libelleVoie": "de la Paix",
            "libelleCommune": "Melun",
            "codeCommune": "77288",
            "codePostal": "77000",
            "codePays": "99100",
        },
        "coordonneeBancaire": {
            "bic": "AGRIFRPPXXX",
            "iban": IBAN_FR,
            "titulaire": "Mme Jeanne Martin",
        },
    }


def test_foreign_born_client_sends_only_the_country():
    data = person(
        birth_country_code="99350",
        birth_department=None,
        birth_commune_code=None,
        birth_commune_label="Casablanca",  # kept in the record, not sent
    )
    assert payload(data)["lieuNaissance"] == {"codePaysNaissance": "99350"}


def test_foreign_born_client_with_department_or_commune_is_refused():
    found = problems_of(person(birth_country_code="99109"))
    assert set(found) == {"birth_department", "birth_commune_code"}
    assert "étranger" in found["birth_department"][0].message_fr
    assert "abroad" in found["birth_commune_code"][0].message_en


@pytest.mark.parametrize(
    ("department", "commune", "sent_department", "sent_commune"),
    [
        ("02A", "2A004", "02A", "004"),  # Corsica (Ajaccio)
        ("2a", "2a004", "02A", "004"),
        (None, "2B033", "02B", "033"),  # department derived from the commune code
        ("974", "97411", "974", "011"),  # DOM: 97411 -> 974 + "011"
        (None, "97209", "972", "009"),
        ("77", "77288", "077", "288"),
        ("1", "1053", "001", "053"),  # leading zeros lost by a spreadsheet
        (None, "97123", "971", "023"),  # Saint-Barthélemy before 2007: a Guadeloupe commune
        ("976", "97611", "976", "011"),  # Mayotte
    ],
)
def test_birthplace_in_france(department, commune, sent_department, sent_commune):
    place = payload(person(birth_department=department, birth_commune_code=commune))
    assert place["lieuNaissance"]["departementNaissance"] == sent_department
    assert place["lieuNaissance"]["communeNaissance"]["codeCommune"] == sent_commune
    assert contract.BIRTH_DEPARTMENT_RE.fullmatch(sent_department)
    assert contract.BIRTH_COMMUNE_CODE_RE.fullmatch(sent_commune)


@pytest.mark.parametrize(
    ("department", "commune"),
    [("077", "75056"), ("974", "97209"), ("02A", "2B033"), ("075", "97411")],
)
def test_commune_must_be_in_the_department(department, commune):
    problem = assert_only_problem(
        person(birth_department=department, birth_commune_code=commune), "birth_commune_code"
    )
    assert department in problem.message_fr and commune in problem.message_fr


@pytest.mark.parametrize(
    ("department", "commune", "field"),
    [
        (None, "20004", "birth_commune_code"),
        ("2A", "20004", "birth_commune_code"),
        ("020", "2A004", "birth_department"),
        ("20", "2B033", "birth_department"),
    ],
)
def test_corsica_before_1976_asks_for_the_2a_2b_codes(department, commune, field):
    problem = assert_only_problem(
        person(birth_department=department, birth_commune_code=commune), field, "2A"
    )
    assert "avant 1976" in problem.message_fr and "2B" in problem.message_fr
    assert "before 1976" in problem.message_en


def test_old_corsican_department_without_commune():
    found = problems_of(person(birth_department="20", birth_commune_code=None))
    assert set(found) == {"birth_department", "birth_commune_code"}
    (department,) = found["birth_department"]  # once, not also "required"
    assert "2A" in department.message_fr


def test_old_corsican_department_and_commune_are_both_explained():
    found = problems_of(person(birth_department="020", birth_commune_code="20004"))
    assert set(found) == {"birth_department", "birth_commune_code"}
    assert all("Corse" in p.message_fr for problems in found.values() for p in problems)


@pytest.mark.parametrize(
    ("department", "commune", "field", "shown"),
    [
        (None, "98818", "birth_commune_code", "98818"),  # Nouméa
        (None, "98735", "birth_commune_code", "98735"),  # Papeete
        (None, "98613", "birth_commune_code", "98613"),  # Wallis-et-Futuna
        ("988", None, "birth_department", "988"),
        ("984", "98412", "birth_department", "984"),
        ("987", "98735", "birth_department", "987"),
    ],
)
def test_overseas_collectivities_are_refused_until_urssaf_says_how(
    department, commune, field, shown
):
    problem = assert_only_problem(
        person(birth_department=department, birth_commune_code=commune), field, shown
    )
    assert "collectivité d'outre-mer" in problem.message_fr
    assert "demandez à l'URSSAF" in problem.message_fr
    assert "overseas collectivity" in problem.message_en and "ask URSSAF" in problem.message_en


@pytest.mark.parametrize(
    ("department", "commune", "birth_date", "sent"),
    [
        (None, "97502", date(1980, 3, 29), ("975", "002")),  # Saint-Pierre
        ("975", "97501", date(1960, 1, 2), ("975", "001")),  # Miquelon-Langlade
        ("977", "97701", date(2010, 5, 6), ("977", "001")),  # Saint-Barthélemy since 2007
        (None, "97801", date(2007, 7, 15), ("978", "001")),  # Saint-Martin, from the first day
        # before 15 July 2007 both were communes of Guadeloupe: the code they had then
        ("977", "97701", date(2007, 7, 14), ("971", "023")),
        (None, "97801", date(1975, 12, 31), ("971", "027")),
        (None, "97127", date(1975, 12, 31), ("971", "027")),  # the Guadeloupe code typed
    ],
)
def test_saint_pierre_saint_barthelemy_saint_martin_are_sent_like_the_dom(
    department, commune, birth_date, sent
):
    data = person(
        birth_department=department,
        birth_commune_code=commune,
        birth_commune_label="Saint-Martin",
        birth_date=birth_date,
    )
    place = build_registration_payload(data, today=TODAY)["lieuNaissance"]
    assert (place["departementNaissance"], place["communeNaissance"]["codeCommune"]) == sent
    assert place["communeNaissance"]["libelleCommune"] == "Saint-Martin"


@pytest.mark.parametrize("department", ["99", "096", "000", "970", "990", "A", "2C", "0777"])
def test_unknown_department(department):
    assert_only_problem(person(birth_department=department), "birth_department", "inconnu")


@pytest.mark.parametrize("commune", ["288", "7728800", "2C004", "77-288"])
def test_birth_commune_code_must_be_the_5_character_insee_code(commune):
    assert_only_problem(person(birth_commune_code=commune), "birth_commune_code", "5 caractères")


def test_birth_commune_code_required_in_france():
    found = problems_of(person(birth_commune_code=None))
    assert list(found) == ["birth_commune_code"]
    found = problems_of(person(birth_commune_code=None, birth_department=None))
    assert set(found) == {"birth_commune_code", "birth_department"}


@pytest.mark.parametrize(
    ("label", "fragment"),
    [
        (None, "à renseigner"),
        ("Saint;Denis", "«\u00a0;\u00a0»"),
        ("St. Denis", typography("« . »")),
        ("Paris (75)", typography("« ( » ; « ) »")),
        ("Bourg-en-Bresse/Ain", typography("« / »")),
        ("Aix, Provence", typography("« , »")),
        ("Saint-Étienne & Loire", typography("« & »")),
        ("75", "en lettres"),
        ("- '", "en lettres"),
        ("A" * 51, "50"),
    ],
)
def test_birth_commune_label_rules(label, fragment):
    problem = assert_only_problem(
        person(birth_commune_label=label), "birth_commune_label", fragment
    )
    if label is not None and "«" in fragment:
        assert "Saint-Denis" in problem.message_fr and "sans point ni parenthèses" in (
            problem.message_fr
        )
        assert "without dots or brackets" in problem.message_en


@pytest.mark.parametrize(
    ("typed", "sent"),
    [
        ("Saint-Denis", "Saint-Denis"),
        ("L’Haÿ-les-Roses", "L'Haÿ-les-Roses"),  # typographic apostrophe normalised
        ("Saint‑Denis", "Saint-Denis"),  # non-breaking hyphen
        ("  Lyon  1er Arrondissement ", "Lyon 1er Arrondissement"),
        ("Évry-Courcouronnes", "Évry-Courcouronnes"),
    ],
)
def test_birth_commune_label_sent(typed, sent):
    place = payload(person(birth_commune_label=typed))["lieuNaissance"]
    assert place["communeNaissance"]["libelleCommune"] == sent


def test_birth_commune_label_of_50_characters_is_accepted():
    assert payload(person(birth_commune_label="A" * 50))


@pytest.mark.parametrize("country", [None, "", "75001", "9910", "FR", "99 100x"])
def test_birth_country_must_be_an_insee_country_code(country):
    found = problems_of(person(birth_country_code=country))
    assert "birth_country_code" in found


def test_birth_country_with_spaces_is_accepted():
    assert payload(person(birth_country_code="99 100"))["lieuNaissance"]["codePaysNaissance"] == (
        "99100"
    )


# ------------------------------------------------------------------------------ identity


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("1", "1"),
        ("2", "2"),
        (1, "1"),
        ("M", "1"),
        ("Monsieur", "1"),
        ("mme", "2"),
        ("MADAME", "2"),
    ],
)
def test_civility(value, code):
    assert payload(person(civility=value))["civilite"] == code


@pytest.mark.parametrize("value", [None, "", "3", "Mx", True, 2.0])
def test_bad_civility(value):
    assert "civility" in problems_of(person(civility=value))


@pytest.mark.parametrize(
    ("typed", "sent"),
    [
        ("Martin", "Martin"),
        ("  Le   Gall ", "Le Gall"),
        ("O’Brien", "O'Brien"),
        ("Saint‑Exupéry", "Saint-Exupéry"),  # non-breaking hyphen
        ("Müller-Lüdenscheidt", "Müller-Lüdenscheidt"),  # accents kept in names
    ],
)
def test_birth_name_normalisation(typed, sent):
    assert payload(person(birth_name=typed))["nomNaissance"] == sent


@pytest.mark.parametrize(
    ("name", "fragment"),
    [
        (None, "à renseigner"),
        ("   ", "à renseigner"),
        ("Martin2", "chiffres"),
        ("-Martin", "en commençant et en finissant"),
        ("Martin'", "en commençant et en finissant"),
        ("Mar_tin", "uniquement des lettres"),
        ("A" * 81, "80 caractères"),
    ],
)
def test_birth_name_rules(name, fragment):
    assert_only_problem(person(birth_name=name), "birth_name", fragment)


def test_usage_name_is_optional_checked_and_omitted_when_equal():
    assert payload(person(usage_name="Dupont"))["nomUsage"] == "Dupont"
    assert "nomUsage" not in payload(person(usage_name="MARTIN"))
    assert "nomUsage" not in payload(person(usage_name=""))
    assert_only_problem(person(usage_name="Dupont 2"), "usage_name", "chiffres")


@pytest.mark.parametrize(
    ("typed", "sent"),
    [
        ("Hélène", "Helene"),
        ("Jean - Pierre  Loïc", "Jean-Pierre Loic"),
        ("Zoé, Maëlle", "Zoe Maelle"),
        ("Cœur Ægir", "Coeur AEgir"),
        ("Derc’hen", "Derc'hen"),
    ],
)
def test_first_names_are_transliterated_to_ascii(typed, sent):
    assert payload(person(first_names=typed))["prenoms"] == sent


@pytest.mark.parametrize("first_names", [None, "Jean2", "Jean-", "Jean_Paul", "A" * 81])
def test_first_names_rules(first_names):
    assert_only_problem(person(first_names=first_names), "first_names")


@pytest.mark.parametrize(
    ("birth_date", "sent"),
    [
        (date(1980, 3, 29), "1980-03-29T00:00:00.000Z"),
        (datetime(1980, 3, 29, 23, 59), "1980-03-29T00:00:00.000Z"),
        ("1980-03-29", "1980-03-29T00:00:00.000Z"),
        ("29/03/1980", "1980-03-29T00:00:00.000Z"),
        (TODAY, "2024-06-15T00:00:00.000Z"),
    ],
)
def test_birth_date_format(birth_date, sent):
    assert payload(person(birth_date=birth_date))["dateNaissance"] == sent


@pytest.mark.parametrize(
    ("birth_date", "fragment"),
    [
        (None, "à renseigner"),
        (date(2024, 6, 16), "futur"),
        (date(1899, 12, 31), "1900"),
        ("30/02/1980", "invalide"),
        ("hier", "invalide"),
        (19800329, "invalide"),
    ],
)
def test_birth_date_rules(birth_date, fragment):
    assert_only_problem(person(birth_date=birth_date), "birth_date", fragment)


# ------------------------------------------------------------------------------ contact


@pytest.mark.parametrize(
    "typed",
    [
        "06 12 34 56 78",
        "+33 6 12 34 56 78",
        "0033612345678",
        "0033 6 12 34 56 78",
        "+33 (0)6 12 34 56 78",
        "06.12.34.56.78",
        "06-12-34-56-78",
        "0612345678",
        612345678,
    ],
)
def test_mobile_accepted_formats(typed):
    assert normalize_mobile(typed) == "0612345678"
    assert contract.MOBILE_RE.fullmatch(normalize_mobile(typed))


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("07 56 12 34 56", "0756123456"),
        ("+33 7 81 23 45 67", "0781234567"),
        ("0692 12 34 56", "0692123456"),  # La Réunion, national form
        ("+262 692 12 34 56", "0692123456"),
        ("+33 692 12 34 56", "0692123456"),
        ("0690 12 34 56", "0690123456"),  # Guadeloupe
    ],
)
def test_mobile_07_and_overseas(typed, expected):
    assert normalize_mobile(typed) == expected


@pytest.mark.parametrize(
    "typed",
    [
        "01 23 45 67 89",  # landline
        "09 12 34 56 78",  # VoIP
        "08 00 12 34 56",
        "06 12 34 56 7",
        "06 12 34 56 78 9",
        "+44 7911 123456",  # UK mobile
        "06 CALL ME",
        "",
        None,
        ["0612345678"],
        True,
    ],
)
def test_mobile_refused(typed):
    assert normalize_mobile(typed) is None


def test_mobile_problem_message():
    assert_only_problem(person(mobile="01 23 45 67 89"), "mobile", "portable")
    assert_only_problem(person(mobile=None), "mobile", "à renseigner")


@pytest.mark.parametrize(
    ("email", "fragment"),
    [
        (None, "à renseigner"),
        ("jeanne+sap@example.fr", "signe +"),
        ("jeanne@example", "format invalide"),
        ("jéanne@example.fr", "format invalide"),
        ("jeanne@@example.fr", "format invalide"),
    ],
)
def test_email_rules(email, fragment):
    assert_only_problem(person(email=email), "email", fragment)


def test_email_is_trimmed():
    assert payload(person(email=" a.b-c_d@mail.example.org "))["adresseMail"] == (
        "a.b-c_d@mail.example.org"
    )


# ------------------------------------------------------------------------------ address


def address_of(**changes) -> dict:
    return payload(person(**changes))["adressePostale"]


def test_street_letter_words_and_letters():
    for typed, sent in (
        ("bis", "B"),
        ("TER", "T"),
        ("quater", "Q"),
        ("Quinquies", "C"),
        ("b", "B"),
    ):
        assert address_of(street_letter=typed)["lettreVoie"] == sent


def test_street_number_with_suffix_is_split():
    address = address_of(street_number="12 bis")
    assert (address["numeroVoie"], address["lettreVoie"]) == ("12", "B")


@pytest.mark.parametrize("number", ["0", "12a", "1" * 21, "-3", "3.5"])
def test_street_number_rules(number):
    assert_only_problem(person(street_number=number), "street_number", "chiffres")


def test_street_number_of_20_digits_is_accepted():
    assert address_of(street_number="1" * 20)["numeroVoie"] == "1" * 20


@pytest.mark.parametrize("letter", ["A", "D", "bis2"])
def test_street_letter_rules(letter):
    assert_only_problem(person(street_letter=letter), "street_letter", "B (bis)")


def test_street_letter_needs_a_number():
    assert_only_problem(person(street_number=None, street_letter="B"), "street_letter", "numéro")


@pytest.mark.parametrize(
    ("typed", "code"),
    [("R", "R"), ("av", "AV"), ("Avenue", "AV"), ("bd", "BD"), ("Allée", "ALL"), ("chs", "CHS")],
)
def test_street_type_code_accepts_codes_and_words(typed, code):
    assert address_of(street_type_code=typed)["codeTypeVoie"] == code


@pytest.mark.parametrize("typed", ["QUAI", "Q", "XYZ", "Rond-point", "BAT"])
def test_street_type_outside_the_safe_subset_is_refused(typed):
    assert_only_problem(person(street_type_code=typed), "street_type_code", "complément")


def test_street_type_and_label_go_together():
    assert_only_problem(person(street_label=None), "street_label", "type de voie")
    assert_only_problem(person(street_type_code=None), "street_type_code", "nom de voie")


def test_street_label_length():
    assert address_of(street_label="A" * 28)["libelleVoie"] == "A" * 28
    assert_only_problem(person(street_label="A" * 29), "street_label", "28 caractères")


@pytest.mark.parametrize(("field", "limit"), [("address_complement", 38), ("lieu_dit", 38)])
def test_complement_and_lieu_dit_lengths(field, limit):
    assert payload(person(**{field: "B" * limit}))
    assert_only_problem(person(**{field: "B" * (limit + 1)}), field, f"{limit} caractères")


def test_address_needs_street_or_complement_or_lieu_dit():
    bare = {"street_number": None, "street_type_code": None, "street_label": None}
    assert_only_problem(person(**bare), "street_label", "lieu-dit")
    assert address_of(**bare, lieu_dit="Les Granges") == {
        "lieuDit": "Les Granges",
        "libelleCommune": "Melun",
        "codeCommune": "77288",
        "codePostal": "77000",
        "codePays": "99100",
    }
    assert address_of(**bare, address_complement="Bâtiment A")["complement"] == "Bâtiment A"


def test_free_text_refuses_control_characters():
    assert_only_problem(person(address_complement="Bât\x00A"), "address_complement", "invisibles")


@pytest.mark.parametrize(
    ("code", "sent"), [("69101", "69101"), ("2a004", "2A004"), ("1053", "01053")]
)
def test_address_commune_code(code, sent):
    assert address_of(commune_code=code)["codeCommune"] == sent


@pytest.mark.parametrize("code", [None, "2C004", "690011", "LYON"])
def test_address_commune_code_rules(code):
    assert_only_problem(person(commune_code=code), "commune_code", "code postal")


def test_commune_label_zip_and_country():
    assert_only_problem(person(commune_label=None), "commune_label", "à renseigner")
    assert_only_problem(person(commune_label="A" * 51), "commune_label", "50")
    assert address_of(zip_code="1000")["codePostal"] == "01000"
    assert address_of(zip_code="77 000")["codePostal"] == "77000"
    assert_only_problem(person(zip_code="770000"), "zip_code", "5 chiffres")
    assert_only_problem(person(zip_code=None), "zip_code", "à renseigner")
    assert address_of(country_code=None)["codePays"] == "99100"
    assert address_of(country_code="99 100")["codePays"] == "99100"
    assert_only_problem(person(country_code="77000"), "country_code", "99")


@pytest.mark.parametrize("country", ["99109", "99131", "99350"])
def test_postal_address_must_be_in_france(country):
    problem = assert_only_problem(person(country_code=country), "country_code", "France")
    assert "99100" in problem.message_fr and "code INSEE de la commune" in problem.message_fr
    assert "only takes a postal address in France" in problem.message_en


# ------------------------------------------------------------------------------ bank


def bank_of(**changes) -> dict:
    return payload(person(**changes))["coordonneeBancaire"]


def test_iban_is_sent_compact_and_uppercase_with_derived_bic():
    bank = bank_of(iban="fr76-3000-6000-0112-3456-7890-189")
    assert bank == {"bic": "AGRIFRPPXXX", "iban": IBAN_FR, "titulaire": "Mme Jeanne Martin"}
    assert derive_bic(IBAN_FR) == "AGRIFRPPXXX"
    assert derive_bic("DE89 3704 0044 0532 0130 00") == "COBADEFFXXX"


def test_typed_bic_wins_and_is_normalised():
    assert bank_of(bic=" bnpa frpp ")["bic"] == "BNPAFRPP"


@pytest.mark.parametrize("bic", ["BNPAFRP", "BNPAXXPP", "BNPAFRPPXX", "12345678"])
def test_bic_rules(bic):
    assert_only_problem(person(bic=bic), "bic", "8 ou 11 caractères")


def test_bic_required_when_it_cannot_be_derived():
    unknown_bank = iban_with_check_digits("FR", "99999" + "00000" + "12345678901" + "67")
    assert derive_bic(unknown_bank) is None
    assert_only_problem(person(iban=unknown_bank), "bic", "déduire")
    assert bank_of(iban=unknown_bank, bic="ZZZZFRPP") == {
        "bic": "ZZZZFRPP",
        "iban": unknown_bank,
        "titulaire": "Mme Jeanne Martin",
    }


@pytest.mark.parametrize(
    ("iban", "fragment"),
    [
        (None, "à renseigner"),
        ("FR7630006000011234567890188", "clé de contrôle"),
        ("FR763000600001123456789018", "longueur"),
        ("XX7630006000011234567890189", "code pays"),
        ("FR76 3000 6000 0112 3456 7890 18*", "lettres et chiffres"),
        ("BE68539007547034", "18 à 31 caractères"),  # valid, but too short for URSSAF
        ("LC55HEMM000100010012001200023015", "18 à 31 caractères"),  # valid, 32 characters
        ("SA0380000000608010167519", "zone SEPA"),
    ],
)
def test_iban_rules(iban, fragment):
    problem = assert_only_problem(person(iban=iban), "iban", fragment)
    if iban:  # the message never repeats the full IBAN
        assert iban.replace(" ", "") not in problem.message_fr + problem.message_en


def test_wrong_french_rib_key_is_caught():
    bad_key = iban_with_check_digits("FR", "30006" + "00001" + "12345678901" + "88")
    assert_only_problem(person(iban=bad_key), "iban", "clé RIB")


def test_no_bic_problem_when_the_iban_is_already_wrong():
    assert list(problems_of(person(iban="FR7630006000011234567890188"))) == ["iban"]


def test_account_holder_rules():
    assert_only_problem(person(account_holder=None), "account_holder", "à renseigner")
    assert_only_problem(person(account_holder="A" * 101), "account_holder", "100")
    assert bank_of(account_holder="A" * 100)["titulaire"] == "A" * 100


# ------------------------------------------------------------------------------ all at once


def test_all_problems_are_returned_at_once():
    data = person(
        civility="9",
        birth_name="M4rtin",
        first_names="",
        birth_date=date(2030, 1, 1),
        mobile="0123456789",
        email="a+b@c.fr",
        street_letter="Z",
        zip_code="1",
        iban="FR00",
        account_holder=None,
    )
    assert set(problems_of(data)) == {
        "civility",
        "birth_name",
        "first_names",
        "birth_date",
        "mobile",
        "email",
        "street_letter",
        "zip_code",
        "iban",
        "account_holder",
    }
    with pytest.raises(InvalidData) as exc:
        payload(data)
    assert len(exc.value.problems) == 10
    assert "10 problem(s)" in str(exc.value)


def test_validation_accepts_a_mapping_and_garbage():
    assert validate_registration(dataclasses.asdict(person()), today=TODAY) == []
    for garbage in (None, 42, "text", object(), [], {}):
        problems = validate_registration(garbage)
        assert problems and all(p.message_fr and p.message_en for p in problems)


def test_non_text_values_are_problems_not_crashes():
    found = problems_of(person(birth_name=["Martin"], street_label=3.5, iban=b"FR76"))
    assert {"birth_name", "street_label", "iban"} <= set(found)
    assert "texte" in found["birth_name"][0].message_fr


def test_problem_fields_are_registration_attributes():
    attributes = {f.name for f in dataclasses.fields(RegistrationData)}
    everything_wrong = RegistrationData(**dict.fromkeys(attributes, "%%%"))
    problems = validate_registration(everything_wrong, today=TODAY)
    assert {p.field for p in problems} <= attributes
    assert {"civility", "birth_name", "email", "street_letter", "iban", "zip_code"} <= {
        p.field for p in problems
    }


def test_default_today_is_used():
    assert validate_registration(person(birth_date=date(9999, 1, 1)))[0].field == "birth_date"


# ------------------------------------------------------------------------------ helpers


@pytest.mark.parametrize(
    ("street", "parts"),
    [
        ("12 bis avenue des Lilas", ("12", "B", "AV", "des Lilas")),
        ("3 rue de la Paix", ("3", None, "R", "de la Paix")),
        ("7ter av. Foch", ("7", "T", "AV", "Foch")),
        ("8 quater Bd Voltaire", ("8", "Q", "BD", "Voltaire")),
        ("9 quinquies chemin des Vignes", ("9", "C", "CHE", "des Vignes")),
        ("12, boulevard Haussmann", ("12", None, "BD", "Haussmann")),
        ("12B rue Nationale", ("12", "B", "R", "Nationale")),
        ("1 impasse du Moulin", ("1", None, "IMP", "du Moulin")),
        ("2 place de la Mairie", ("2", None, "PL", "de la Mairie")),
        ("4 allée des Roses", ("4", None, "ALL", "des Roses")),
        ("5 Route de Paris", ("5", None, "RTE", "de Paris")),
        ("6 square Louvois", ("6", None, "SQ", "Louvois")),
        ("10 faubourg Saint-Antoine", ("10", None, "FG", "Saint-Antoine")),
        ("lotissement Les Chênes", (None, None, "LOT", "Les Chênes")),
        ("Résidence du Parc", (None, None, "RES", "du Parc")),
        ("hameau de Brocéliande", (None, None, "HAM", "de Brocéliande")),
        ("14 montée du Château", ("14", None, "MTE", "du Château")),
        ("15 passage Choiseul", ("15", None, "PAS", "Choiseul")),
        ("sentier des Douaniers", (None, None, "SEN", "des Douaniers")),
        ("16 chaussée de la Muette", ("16", None, "CHS", "de la Muette")),
        ("  3   rue   de la   Paix ", ("3", None, "R", "de la Paix")),
    ],
)
def test_parse_street(street, parts):
    result = parse_street(street)
    assert isinstance(result, StreetParts)
    assert result == parts
    assert result.type_code in STREET_TYPES


@pytest.mark.parametrize(
    "street",
    [
        "Lieu-dit Les Granges",
        "12 Grande Rue",
        "5 quai Voltaire",
        "12-14 rue des Lilas",
        "12 A rue des Lilas",
        "rue",
        "12 bis",
        "BP 42",
    ],
)
def test_parse_street_unparseable_gives_the_whole_text(street):
    assert parse_street(street) == (None, None, None, " ".join(street.split()))


@pytest.mark.parametrize("street", [None, "", "   ", 12])
def test_parse_street_empty(street):
    assert parse_street(street) == (None, None, None, None)


def test_parsed_street_builds_a_valid_address():
    number, letter, type_code, label = parse_street("12 bis avenue des Lilas")
    address = address_of(
        street_number=number, street_letter=letter, street_type_code=type_code, street_label=label
    )
    assert address["numeroVoie"] == "12" and address["lettreVoie"] == "B"
    assert (address["codeTypeVoie"], address["libelleVoie"]) == ("AV", "des Lilas")


def test_street_types_are_the_safe_subset():
    assert set(STREET_TYPES) == contract.STREET_TYPE_CODES_SAFE
    assert street_type_code("Boulevard") == "BD" and street_type_code("quai") is None


@pytest.mark.parametrize(
    ("typed", "code"),
    [("77", "077"), ("077", "077"), ("2a", "02A"), ("2B", "02B"), ("974", "974"), ("1", "001")],
)
def test_normalize_department(typed, code):
    assert normalize_department(typed) == code


def test_dom_commune_code_rule():
    assert birth_commune_payload_code("97411") == "011"
    assert birth_commune_payload_code("77288") == "288"
    assert birth_commune_payload_code("2A004") == "004"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Lieu-dit Les Granges", "Les Granges"),
        ("lieudit La Forge", "La Forge"),
        ("LIEU DIT : Le Moulin", "Le Moulin"),
        ("LD Les Granges", "Les Granges"),
        ("l.d. Les Granges", "Les Granges"),
        ("Les Granges", None),
        ("12 Grande Rue", None),
        ("Lieu-dit", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_lieu_dit(text, name):
    assert parse_lieu_dit(text) == name
