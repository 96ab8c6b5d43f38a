"""The client's postal address (``adressePostale``): street parsing, lieu-dit, and the checks.

* **Street type**: only the safe common subset :data:`STREET_TYPES` is accepted (a common word
  such as ``avenue`` is also understood). Otherwise leave type and label empty and write the
  street in the address complement (:func:`parse_street` does this split).
* **Country codes** must be INSEE codes (``99xxx``), stricter than the contract's 5 digits, to
  catch postal codes typed in the wrong field. The postal address must be in France (``99100``):
  the address carries the INSEE code of a French commune and URSSAF's scheme is for French
  households (CAERP only supports French addresses; the local sandbox refuses others with
  ``ERR_CONTACT``).
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

from . import contract
from .normalize import normalize_insee_commune, normalize_zip_code, strip_accents
from .texts import Text, _lt
from .validation import ProblemCollector


class StreetParts(NamedTuple):
    number: str | None
    letter: str | None
    type_code: str | None
    label: str | None


#: Street types accepted in ``codeTypeVoie`` (the contract's safe common subset).
STREET_TYPES: dict[str, str] = {
    "ALL": "Allée",
    "AV": "Avenue",
    "BD": "Boulevard",
    "CHE": "Chemin",
    "CHS": "Chaussée",
    "FG": "Faubourg",
    "HAM": "Hameau",
    "IMP": "Impasse",
    "LOT": "Lotissement",
    "MTE": "Montée",
    "PAS": "Passage",
    "PL": "Place",
    "R": "Rue",
    "RES": "Résidence",
    "RTE": "Route",
    "SEN": "Sentier",
    "SQ": "Square",
}
assert set(STREET_TYPES) == contract.STREET_TYPE_CODES_SAFE

# --------------------------------------------------------------------------------------------
# Street parsing
# --------------------------------------------------------------------------------------------

_STREET_WORDS: dict[str, str] = {}
for _code, _words in {
    "R": "rue r",
    "AV": "avenue av ave aven",
    "BD": "boulevard bd bld blvd boul bvd",
    "CHE": "chemin ch chem",
    "IMP": "impasse imp",
    "PL": "place pl",
    "ALL": "allee allees all",
    "RTE": "route rte",
    "SQ": "square sq",
    "FG": "faubourg fg fbg faub",
    "LOT": "lotissement lot lotiss",
    "RES": "residence res resid",
    "HAM": "hameau",
    "MTE": "montee mte",
    "PAS": "passage pass",
    "SEN": "sentier sent",
    "CHS": "chaussee chs",
}.items():
    for _word in _words.split():
        _STREET_WORDS[_word] = _code

_LETTER_WORDS = {"BIS": "B", "TER": "T", "QUATER": "Q", "QUINQUIES": "C"}
_STREET_NUMBER_RE = re.compile(
    r"^(?P<number>[0-9]+)\s*(?P<letter>bis|ter|quater|quinquies|[btqc])?(?:\s*,\s*|\s+)"
    r"(?P<rest>\S.*)$",
    re.IGNORECASE,
)
_NUMBER_WITH_LETTER_RE = re.compile(
    r"^(?P<number>[0-9]+)\s*(?P<letter>bis|ter|quater|quinquies|[btqc])$", re.IGNORECASE
)


def _street_word(token: str) -> str:
    return strip_accents(token).lower().rstrip(".")


def street_type_code(value: object) -> str | None:
    """``STREET_TYPES`` code for a code or a common word (``"avenue"``, ``"Bd"``, ``"allée"``)."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    if text.upper() in STREET_TYPES:
        return text.upper()
    return _STREET_WORDS.get(_street_word(text))


def parse_street(street: object) -> StreetParts:
    """Split a one-line street into (number, letter, type code, label).

    ``"12 bis avenue des Lilas"`` → ``("12", "B", "AV", "des Lilas")``;
    ``"3 rue de la Paix"`` → ``("3", None, "R", "de la Paix")``. When the text cannot be split
    into a known street type and a name (``"Lieu-dit Les Granges"``, ``"12 Grande Rue"``,
    ``"5 quai Voltaire"``), the result is ``(None, None, None, whole text)``: put it in the
    address complement (or the lieu-dit). Empty input gives four ``None``.
    """
    if not isinstance(street, str):
        return StreetParts(None, None, None, None)
    text = " ".join(unicodedata.normalize("NFC", street).split())
    if not text:
        return StreetParts(None, None, None, None)
    number = letter = None
    rest = text
    match = _STREET_NUMBER_RE.match(text)
    if match:
        number = match.group("number")
        suffix = match.group("letter")
        if suffix:
            letter = _LETTER_WORDS.get(suffix.upper(), suffix.upper())
        rest = match.group("rest")
    parts = rest.split(" ", 1)
    code = _STREET_WORDS.get(_street_word(parts[0]))
    if code is None or len(parts) < 2 or not parts[1].strip(" ,"):
        return StreetParts(None, None, None, text)
    return StreetParts(number, letter, code, parts[1].strip(" ,"))


_LIEU_DIT_RE = re.compile(
    r"^(?:lieu[\s-]*dit|l\.?\s?d\.?)\s*[:,-]?\s+(?P<name>\S.*)$", re.IGNORECASE
)


def parse_lieu_dit(text: object) -> str | None:
    """The place name of a street line that is a lieu-dit (``"Lieu-dit Les Granges"``,
    ``"lieudit La Forge"``, ``"LD Les Granges"`` → ``"Les Granges"``), else ``None``."""
    if not isinstance(text, str):
        return None
    match = _LIEU_DIT_RE.match(" ".join(text.split()))
    return match.group("name").strip(" ,") or None if match else None


# --------------------------------------------------------------------------------------------
# Checks
# --------------------------------------------------------------------------------------------


def check_country(c: ProblemCollector, data: object, name: str, default: str | None) -> str | None:
    """An INSEE country code (``99xxx``); ``default`` when empty (a problem when no default)."""
    value = c.text(data, name)
    label = c.label(name)
    if value is None:
        if default is not None:
            return default
        c.add(
            name,
            Text(_lt("%(label)s: required (INSEE country code, 99100 for France)."), label=label),
        )
        return None
    value = value.replace(" ", "")
    if not contract.INSEE_COUNTRY_CODE_RE.fullmatch(value):
        c.add(
            name,
            Text(
                _lt(
                    "%(label)s: INSEE country code expected, 5 digits starting with 99 (99100 "
                    "for France, 99109 for Germany…)."
                ),
                label=label,
            ),
        )
        return None
    return value


def _check_street_number(c: ProblemCollector, data: object) -> tuple[str | None, str | None]:
    """(number, letter) as sent; a suffix typed with the number (``12 bis``) is split off."""
    number = c.text(data, "street_number")
    letter = c.text(data, "street_letter")
    if number is not None:
        number = number.replace(" ", "")
        split = _NUMBER_WITH_LETTER_RE.fullmatch(number)
        if split and letter is None:
            number = split.group("number")
            suffix = split.group("letter").upper()
            letter = _LETTER_WORDS.get(suffix, suffix)
        if number == "0" or not contract.STREET_NUMBER_RE.fullmatch(number):
            c.add(
                "street_number",
                Text(
                    _lt(
                        "Street number: digits only, at most 20, not 0; put bis, ter… in the "
                        "suffix field."
                    )
                ),
            )
    if letter is not None:
        letter = _check_street_letter(c, letter, number)
    return number, letter


def _check_street_letter(c: ProblemCollector, letter: str, number: str | None) -> str:
    code = _LETTER_WORDS.get(letter.upper().rstrip("."), letter.upper())
    if code not in contract.STREET_LETTERS:
        c.add(
            "street_letter",
            Text(
                _lt(
                    "Street number suffix: only B (bis), T (ter), Q (quater) and C (quinquies) are "
                    "accepted; for another letter (e.g. 12 A), write the address in the "
                    "complement."
                )
            ),
        )
    elif number is None:
        c.add(
            "street_letter",
            Text(
                _lt(
                    "Street number suffix: it goes with a street number; enter the number or clear "
                    "the suffix."
                )
            ),
        )
    return code


def _check_street(c: ProblemCollector, data: object) -> tuple[str | None, str | None, bool]:
    """(type code, street name, whether anything was typed in them)."""
    type_raw = c.text(data, "street_type_code")
    type_code = None
    if type_raw is not None:
        type_code = street_type_code(type_raw)
        if type_code is None:
            c.add(
                "street_type_code",
                Text(
                    _lt(
                        "Street type: not recognised; choose one from the list (rue, avenue, "
                        "boulevard, chemin…) or clear the street type and name and write the "
                        "address in the complement."
                    )
                ),
            )
    label_raw = c.text(data, "street_label")
    label = c.check_free("street_label", label_raw, contract.STREET_LABEL_MAX_LENGTH, False)
    if type_raw is not None and label_raw is None:
        c.add(
            "street_label",
            Text(_lt("Street name: required when a street type is chosen.")),
        )
    if type_raw is None and label_raw is not None:
        c.add(
            "street_type_code",
            Text(
                _lt(
                    "Street type: required when a street name is entered (or write the address in "
                    "the complement)."
                )
            ),
        )
    return type_code, label, type_raw is not None or label_raw is not None


def _check_other_lines(
    c: ProblemCollector, data: object, has_street: bool
) -> tuple[str | None, str | None]:
    """(address complement, lieu-dit); at least one of them when there is no street."""
    complement_raw = c.text(data, "address_complement")
    complement = c.check_free(
        "address_complement", complement_raw, contract.ADDRESS_COMPLEMENT_MAX_LENGTH, False
    )
    lieu_dit_raw = c.text(data, "lieu_dit")
    lieu_dit = c.check_free("lieu_dit", lieu_dit_raw, contract.LIEU_DIT_MAX_LENGTH, False)
    if not has_street and complement_raw is None and lieu_dit_raw is None:
        c.add(
            "street_label",
            Text(
                _lt(
                    "Address: enter at least the street type and name, an address complement or a "
                    "locality (lieu-dit)."
                )
            ),
        )
    return complement, lieu_dit


def _check_commune_code(c: ProblemCollector, data: object) -> str | None:
    commune_raw = c.text(data, "commune_code")
    if commune_raw is None:
        c.add(
            "commune_code",
            Text(
                _lt(
                    "INSEE code of the town: required (5 characters, e.g. 69101 for Lyon 1st "
                    "district; it is not the postal code)."
                )
            ),
        )
        return None
    commune_code = normalize_insee_commune(commune_raw)
    if commune_code is None:
        c.add(
            "commune_code",
            Text(
                _lt(
                    "INSEE code of the town: 5 characters expected (e.g. 69101, 2A004); it is not "
                    "the postal code."
                )
            ),
        )
    return commune_code


def _check_zip_code(c: ProblemCollector, data: object) -> str | None:
    zip_code = c.text(data, "zip_code")
    if zip_code is None:
        c.add("zip_code", Text(_lt("Postal code: required.")))
        return None
    zip_code = normalize_zip_code(zip_code)
    if not contract.ZIP_CODE_RE.fullmatch(zip_code):
        c.add("zip_code", Text(_lt("Postal code: 5 digits expected.")))
    return zip_code


def _check_address_country(c: ProblemCollector, data: object) -> str | None:
    country = check_country(c, data, "country_code", contract.FRANCE_COUNTRY_CODE)
    if country is not None and country != contract.FRANCE_COUNTRY_CODE:
        c.add(
            "country_code",
            Text(
                _lt(
                    "Country: URSSAF's Avance immédiate only takes a postal address in France "
                    "(country code 99100, overseas departments included), with the INSEE code of "
                    "the town; enter the client's address in France."
                )
            ),
        )
    return country


def check_address(c: ProblemCollector, data: object) -> dict | None:
    """The ``adressePostale`` payload, or ``None`` when the address has a problem (each one added
    to ``c``). Optional empty parts are omitted."""
    start = len(c.problems)
    number, letter = _check_street_number(c, data)
    type_code, label, has_street = _check_street(c, data)
    complement, lieu_dit = _check_other_lines(c, data, has_street)
    commune_code = _check_commune_code(c, data)
    commune_label = c.free_text(
        data, "commune_label", contract.COMMUNE_LABEL_MAX_LENGTH, required=True
    )
    zip_code = _check_zip_code(c, data)
    country = _check_address_country(c, data)
    if len(c.problems) > start:
        return None
    address: dict[str, str] = {}
    if number:
        address["numeroVoie"] = number
    if letter:
        address["lettreVoie"] = letter
    if type_code and label:
        address["codeTypeVoie"] = type_code
        address["libelleVoie"] = label
    if complement:
        address["complement"] = complement
    if lieu_dit:
        address["lieuDit"] = lieu_dit
    address["libelleCommune"] = commune_label
    address["codeCommune"] = commune_code
    address["codePostal"] = zip_code
    address["codePays"] = country
    return address
