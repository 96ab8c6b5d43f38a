"""Warnings: data URSSAF takes as it is but the user should check with the client (issue 9).

A warning never blocks: :func:`validate_registration` does not return it, the payload is built,
and :func:`check_registration` returns it apart, bilingual, naming the field and what to do.
"""

from __future__ import annotations

from datetime import date

import pytest
from samples import valid_registration as person

from urssaf_api import contract
from urssaf_api.normalize import contract_mobile, leading_first_names, normalize_mobile
from urssaf_api.registration import (
    build_registration_payload,
    check_registration,
    validate_registration,
)
from urssaf_api.texts_fr import typography

TODAY = date(2024, 6, 15)


def warnings_of(data) -> dict[str, str]:
    """{field: French message} of the warnings; asserts there is no blocking problem."""
    problems, warnings = check_registration(data, today=TODAY)
    assert problems == [], problems
    assert validate_registration(data, today=TODAY) == []
    found = {}
    for warning in warnings:
        assert warning.blocking is False
        assert warning.message_fr.strip() and warning.message_en.strip()
        assert warning.message_fr != warning.message_en
        assert warning.field not in found, warnings
        found[warning.field] = warning.message_fr
    return found


def test_valid_client_has_no_warning():
    assert warnings_of(person()) == {}


def test_problems_and_warnings_are_apart():
    problems, warnings = check_registration(person(email="x", mobile="07 00 12 34 56"), today=TODAY)
    assert [(p.field, p.blocking) for p in problems] == [("email", True)]
    assert [(w.field, w.blocking) for w in warnings] == [("mobile", False)]


# ------------------------------------------------------------------------------ mobile


@pytest.mark.parametrize(
    ("typed", "sent"),
    [
        ("07 00 12 34 56", "0700123456"),  # 070: not allocated in phonenumbers' data
        ("+33 7 12 34 56 78", "0712345678"),
        ("0033 7 00 12 34 56", "0700123456"),
        ("0639 12 34 56", "0639123456"),  # Mayotte's new mobile range
        ("+262 639 12 34 56", "0639123456"),
    ],
)
def test_mobile_with_the_contract_pattern_but_unknown_allocation_is_a_warning(typed, sent):
    assert normalize_mobile(typed) is None  # phonenumbers does not know it as a mobile
    assert contract_mobile(typed) == sent
    data = person(mobile=typed)
    message = warnings_of(data)["mobile"]
    assert sent in message and "vérifiez ce numéro avec le client" in message
    assert build_registration_payload(data, today=TODAY)["numeroTelephonePortable"] == sent


@pytest.mark.parametrize("typed", ["06 12 34 56 78", "+33 7 56 12 34 56", "0692 12 34 56"])
def test_known_mobile_has_no_warning(typed):
    assert warnings_of(person(mobile=typed)) == {}


@pytest.mark.parametrize(
    "typed",
    [
        "01 23 45 67 89",  # landline
        "09 12 34 56 78",  # VoIP
        "05 12 34 56 78",
        "07 00 12 34 5",  # wrong length
        "07 00 12 34 56 7",
        "+44 7911 123456",  # UK mobile
        "+262 700 12 34 56",  # an overseas code with a metropolitan-looking number
        "+32 470 12 34 56",  # Belgian mobile
    ],
)
def test_landline_wrong_length_or_foreign_number_stays_refused(typed):
    assert contract_mobile(typed) is None
    problems, warnings = check_registration(person(mobile=typed), today=TODAY)
    assert [p.field for p in problems] == ["mobile"]
    assert warnings == []


# ------------------------------------------------------------------------------ first names

SIX_NAMES = "Marie-Christine Jeanne Antoinette Bernadette Genevieve Francoise Josephine Eulalie"


def test_leading_first_names_keeps_whole_names_that_fit():
    assert leading_first_names("Jean Pierre Marie", 11) == "Jean Pierre"
    assert leading_first_names("Jean Pierre Marie", 17) == "Jean Pierre Marie"
    assert leading_first_names("Jean Pierre Marie", 10) == "Jean"
    assert leading_first_names("Jeanne", 3) is None


def test_too_many_first_names_send_the_leading_ones_with_a_warning():
    assert len(SIX_NAMES) > contract.FIRST_NAMES_MAX_LENGTH
    data = person(first_names=SIX_NAMES)
    message = warnings_of(data)["first_names"]
    sent = build_registration_payload(data, today=TODAY)["prenoms"]
    assert sent == "Marie-Christine Jeanne Antoinette Bernadette Genevieve Francoise Josephine"
    assert len(sent) <= contract.FIRST_NAMES_MAX_LENGTH
    # the longest prefix of whole names: one more name would not fit
    next_name = SIX_NAMES.split()[len(sent.split())]
    assert len(f"{sent} {next_name}") > contract.FIRST_NAMES_MAX_LENGTH
    assert typography(f"« {sent} »") in message and "onglet URSSAF" in message


def test_first_names_are_counted_after_transliteration():
    # 90 characters typed, 80 once ", " became " " and "é" became "e": nothing dropped
    names = ", ".join(["Hélène"] * 11) + " Zoé"
    assert len(names) == 90
    data = person(first_names=names)
    sent = build_registration_payload(data, today=TODAY)["prenoms"]
    assert sent == " ".join(["Helene"] * 11) + " Zoe"
    assert len(sent) == contract.FIRST_NAMES_MAX_LENGTH
    assert warnings_of(data) == {}


def test_exactly_80_characters_is_sent_whole():
    names = " ".join(["Abcdefghi"] * 8)  # 8 * 10 - 1 = 79
    names += "x"  # 80
    assert len(names) == 80
    assert warnings_of(person(first_names=names)) == {}


@pytest.mark.parametrize("first_names", ["A" * 81, "Jean2 " + "Marie " * 20])
def test_one_name_too_long_or_bad_characters_stay_refused(first_names):
    problems, warnings = check_registration(person(first_names=first_names), today=TODAY)
    assert [p.field for p in problems] == ["first_names"]
    assert warnings == []


# ------------------------------------------------------------------------------ account holder


@pytest.mark.parametrize(
    ("holder", "changes"),
    [
        ("Mme Jeanne Martin", {}),
        ("MARTIN JEANNE", {}),
        ("M. ou Mme Paul Martin", {}),  # joint account
        ("Mme Jeanne Dupont", {"usage_name": "Dupont"}),  # usage (married) name
        ("Mme Jeanne Martin", {"usage_name": "Dupont"}),  # birth (maiden) name
        ("Mme Helene Lefevre", {"birth_name": "Lefèvre"}),  # accents ignored
        ("Yann LE GALL", {"birth_name": "Le Gall"}),
        ("Mme Martin-Dupont", {}),
    ],
)
def test_holder_bearing_the_client_name_has_no_warning(holder, changes):
    assert warnings_of(person(account_holder=holder, **changes)) == {}


@pytest.mark.parametrize(
    ("holder", "changes"),
    [
        ("M. Paul Durand", {}),  # a third party
        ("Mme Jeanne Martinez", {}),  # another name, not a word of it
        ("Yann Gall", {"birth_name": "Le Gall"}),
        ("SCI Les Lilas", {"usage_name": "Dupont"}),
    ],
)
def test_holder_not_bearing_the_client_name_is_a_warning_that_does_not_block(holder, changes):
    data = person(account_holder=holder, **changes)
    message = warnings_of(data)["account_holder"]
    assert holder in message and "payés par un tiers" in message and "compte joint" in message
    bank = build_registration_payload(data, today=TODAY)["coordonneeBancaire"]
    assert bank["titulaire"] == holder


def test_holder_warning_waits_for_a_valid_birth_name():
    problems, warnings = check_registration(
        person(birth_name="M4rtin", account_holder="Paul Durand"), today=TODAY
    )
    assert [p.field for p in problems] == ["birth_name"]
    assert warnings == []


def test_every_warning_at_once():
    data = person(mobile="0700123456", first_names=SIX_NAMES, account_holder="Paul Durand")
    assert set(warnings_of(data)) == {"mobile", "first_names", "account_holder"}
