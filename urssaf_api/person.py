"""The client's identity and contact details: civility, names, first names, birth date, mobile,
e-mail.

* **Names** (``nomNaissance``, ``nomUsage``) are sent as typed, accents included: the contract
  accepts any Unicode letter (``\\pL``) and the tax-office match is presumably accent-insensitive.
  Typographic apostrophes (’ ‘ ʼ `) become ``'`` and whitespace is collapsed. The stricter v1.30.3
  limit (80 characters) is applied. ``nomUsage`` is omitted when it equals the birth name.
* **First names** (``prenoms``) are transliterated to ASCII when possible (é→e, ç→c, œ→oe, ß→ss,
  letters without a Latin equivalent are kept), like CAERP does and as Sinao advises (the tax
  office is said to match them without accents); commas become spaces and spaces around ``-`` or
  ``'`` are removed (``Jean - Pierre`` → ``Jean-Pierre``). 80 characters at most: longer first
  names are cut after the last whole first name that fits, with a warning (the contract asks for
  the usual first names; the user may type others).
* **Mobile**: output ``0XXXXXXXXX`` (national format): it matches the contract regex, it is what
  French users read, and it is the only correct way to write overseas mobiles (``0692…`` for La
  Réunion), which the contract regex accepts as ``0`` + 6/7 but which ``+33`` would mangle.
  Overseas mobiles (RE, YT, GP, MQ, GF, BL, MF) are therefore accepted in national form. A number
  with the contract's pattern (06/07 and 8 digits) that phonenumbers does not know as allocated
  is sent with a warning: its data lag behind new allocations and URSSAF checks the pattern.
"""

from __future__ import annotations

from datetime import date

from . import contract
from .normalize import (
    clean_name,
    contract_mobile,
    leading_first_names,
    normalize_civility,
    normalize_first_names,
    normalize_mobile,
    to_date,
)
from .validation import ProblemCollector, get_field


def check_civility(c: ProblemCollector, data: object) -> str | None:
    value = c.text(data, "civility")
    if value is None:
        c.add(
            "civility",
            "Civilité : choisissez Monsieur ou Madame.",
            "Title: choose Mr (Monsieur) or Mrs (Madame).",
        )
        return None
    code = normalize_civility(value)
    if code is None:
        c.add(
            "civility",
            "Civilité : valeur inconnue ; choisissez Monsieur (1) ou Madame (2).",
            "Title: unknown value; choose Mr (1) or Mrs (2).",
        )
    return code


def check_name(c: ProblemCollector, data: object, name: str, required: bool) -> str | None:
    """A birth or usage name as sent."""
    value = c.text(data, name)
    label_fr, label_en = c.label(name)
    if value is None:
        if required:
            c.required(name)
        return None
    value = clean_name(value)
    if len(value) > contract.NAME_MAX_LENGTH:
        c.add(
            name,
            f"{label_fr} : {contract.NAME_MAX_LENGTH} caractères au plus ({len(value)} saisis).",
            f"{label_en}: at most {contract.NAME_MAX_LENGTH} characters ({len(value)} entered).",
        )
        return None
    if not contract.is_valid_name(value):
        if any(ch.isdigit() for ch in value):
            why_fr, why_en = "ne doit pas contenir de chiffres", "must not contain digits"
        else:
            why_fr = (
                "uniquement des lettres (accents admis), des apostrophes, des tirets et des "
                "espaces, en commençant et en finissant par une lettre"
            )
            why_en = (
                "only letters (accents allowed), apostrophes, hyphens and spaces, starting and "
                "ending with a letter"
            )
        c.add(name, f"{label_fr} : {why_fr}.", f"{label_en}: {why_en}.")
        return None
    return value


def check_first_names(c: ProblemCollector, data: object) -> str | None:
    """The first names as sent; when they are longer than the contract allows, the leading whole
    first names that fit, with a warning (the contract asks for the usual first names)."""
    value = c.text(data, "first_names")
    if value is None:
        c.add(
            "first_names",
            "Prénoms : à renseigner (les prénoms connus des impôts, séparés par des espaces).",
            "First names: required (the first names the tax office knows, separated by spaces).",
        )
        return None
    value = normalize_first_names(value)
    if not contract.is_valid_first_names(value, max_length=len(value)):  # the shape only
        c.add(
            "first_names",
            "Prénoms : uniquement des lettres, séparées par des espaces simples ; apostrophes et "
            "tirets admis à l'intérieur d'un prénom (ex. « Jean-Pierre Marie »), pas de chiffres.",
            "First names: letters only, separated by single spaces; apostrophes and hyphens only "
            'inside a name (e.g. "Jean-Pierre Marie"), no digits.',
        )
        return None
    if len(value) <= contract.FIRST_NAMES_MAX_LENGTH:
        return value
    return _shorten_first_names(c, value)


def _shorten_first_names(c: ProblemCollector, value: str) -> str | None:
    limit = contract.FIRST_NAMES_MAX_LENGTH
    kept = leading_first_names(value, limit)
    if kept is None:
        c.add(
            "first_names",
            f"Prénoms : {limit} caractères au plus ({len(value)} saisis) ; gardez les prénoms "
            "d'usage.",
            f"First names: at most {limit} characters ({len(value)} entered); keep the usual "
            "first names.",
        )
        return None
    c.warn(
        "first_names",
        f"Prénoms : {len(value)} caractères, plus que les {limit} admis par l'URSSAF ; seuls les "
        f"premiers prénoms entiers qui tiennent seront envoyés : « {kept} ». Pour envoyer "
        "d'autres prénoms (ceux d'usage du client), modifiez les prénoms dans l'onglet URSSAF du "
        "contact.",
        f"First names: {len(value)} characters, more than the {limit} URSSAF accepts; only the "
        f'leading whole first names that fit will be sent: "{kept}". To send other first names '
        "(the client's usual ones), edit the first names in the contact's URSSAF tab.",
    )
    return kept


def check_birth_date(c: ProblemCollector, data: object, today: date) -> str | None:
    raw = get_field(data, "birth_date")
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        c.add("birth_date", "Date de naissance : à renseigner.", "Date of birth: required.")
        return None
    value = to_date(raw)
    if value is None:
        c.add(
            "birth_date",
            "Date de naissance : date invalide (format attendu JJ/MM/AAAA).",
            "Date of birth: invalid date (expected format DD/MM/YYYY).",
        )
        return None
    if value > today:
        c.add(
            "birth_date",
            "Date de naissance : elle est dans le futur ; corrigez-la.",
            "Date of birth: it is in the future; correct it.",
        )
        return None
    if value.year < 1900:
        c.add(
            "birth_date",
            "Date de naissance : année antérieure à 1900 ; vérifiez-la.",
            "Date of birth: year before 1900; check it.",
        )
        return None
    return value.strftime(contract.BIRTH_DATE_FORMAT)


def check_mobile(c: ProblemCollector, data: object) -> str | None:
    raw = get_field(data, "mobile")
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        c.add(
            "mobile",
            "Téléphone portable : à renseigner (obligatoire pour l'inscription).",
            "Mobile phone: required for the registration.",
        )
        return None
    value = normalize_mobile(raw)
    if value is not None:
        return value
    value = contract_mobile(raw)
    if value is None:
        c.add(
            "mobile",
            "Téléphone portable : saisissez un numéro de portable français valide (06 ou 07, "
            "ex. 06 12 34 56 78 ou +33 6 12 34 56 78) ; les fixes ne sont pas acceptés.",
            "Mobile phone: enter a valid French mobile number (06 or 07, e.g. 06 12 34 56 78 or "
            "+33 6 12 34 56 78); landlines are not accepted.",
        )
        return None
    c.warn(
        "mobile",
        f"Téléphone portable : {value} a la forme d'un portable français mais ne figure pas parmi "
        "les numéros attribués que connaît ce logiciel (sa liste peut être en retard sur les "
        "nouvelles attributions) ; vérifiez ce numéro avec le client.",
        f"Mobile phone: {value} has the form of a French mobile number but is not among the "
        "allocated numbers this software knows (its list may lag behind new allocations); check "
        "this number with the client.",
    )
    return value


def check_email(c: ProblemCollector, data: object) -> str | None:
    value = c.text(data, "email")
    if value is None:
        c.add("email", "Adresse e-mail : à renseigner.", "E-mail address: required.")
        return None
    if contract.EMAIL_RE.fullmatch(value):
        return value
    if "+" in value.split("@")[0]:
        c.add(
            "email",
            "Adresse e-mail : l'URSSAF n'accepte pas le signe + avant l'@ ; utilisez l'adresse "
            "sans la partie « +… ».",
            "E-mail address: URSSAF does not accept a + before the @; use the address without "
            'the "+…" part.',
        )
    else:
        c.add(
            "email",
            "Adresse e-mail : format invalide (ex. jeanne.martin@exemple.fr ; lettres sans "
            "accents, chiffres, points, tirets et _ uniquement).",
            "E-mail address: invalid format (e.g. jeanne.martin@example.com; unaccented letters, "
            "digits, dots, hyphens and _ only).",
        )
    return None
