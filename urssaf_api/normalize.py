"""Normalisation of what users type: names, first names, civility, dates, mobile numbers,
department and INSEE commune codes, postal codes.

Each function returns the normalised value, or ``None`` when the input cannot be one; none raises.
The public ones are also used by the Odoo layer (prefill and on-change helpers).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime

import phonenumbers

from . import contract

# --------------------------------------------------------------------------------------------
# Text
# --------------------------------------------------------------------------------------------

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'"})
_HYPHENS = str.maketrans({"‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-"})
_TRANSLIT = str.maketrans(
    {
        "ß": "ss",
        "Æ": "AE",
        "æ": "ae",
        "Œ": "OE",
        "œ": "oe",
        "Ø": "O",
        "ø": "o",
        "Đ": "D",
        "đ": "d",
        "Ł": "L",
        "ł": "l",
        "Þ": "Th",
        "þ": "th",
        "Ð": "D",
        "ð": "d",
        "ı": "i",
    }
)


def strip_accents(value: str) -> str:
    """Latin transliteration: remove diacritics and expand ligatures (``Hélène`` → ``Helene``)."""
    decomposed = unicodedata.normalize("NFKD", value.translate(_TRANSLIT))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", stripped)


def clean_name(value: str) -> str:
    """Typographic apostrophes and hyphens made plain (``’`` → ``'``, ``–`` → ``-``), whitespace
    collapsed."""
    return " ".join(value.translate(_APOSTROPHES).translate(_HYPHENS).split())


def normalize_first_names(value: str) -> str:
    """First names as sent: transliterated to ASCII when possible, commas become spaces, no space
    around ``-`` or ``'`` (``Zoé, Jean - Pierre`` → ``Zoe Jean-Pierre``)."""
    value = strip_accents(clean_name(value).replace(",", " "))
    return re.sub(r"\s*([-'])\s*", r"\1", " ".join(value.split()))


def leading_first_names(value: str, max_length: int) -> str | None:
    """The leading whole first names of ``value`` (space-separated) that fit in ``max_length``
    characters, or ``None`` when even the first one does not fit."""
    kept: list[str] = []
    for name in value.split(" "):
        if len(" ".join([*kept, name])) > max_length:
            break
        kept.append(name)
    return " ".join(kept) or None


def name_words(value: str) -> list[str]:
    """The words of a name for comparisons: accents, case and punctuation ignored
    (``Le Gall-Müller`` → ``["le", "gall", "muller"]``)."""
    return re.findall(r"[^\W\d_]+", strip_accents(value).casefold())


# --------------------------------------------------------------------------------------------
# Civility and dates
# --------------------------------------------------------------------------------------------

_CIVILITIES = {
    "1": "1",
    "M": "1",
    "M.": "1",
    "MR": "1",
    "MR.": "1",
    "MONSIEUR": "1",
    "2": "2",
    "MME": "2",
    "MME.": "2",
    "MRS": "2",
    "MS": "2",
    "MADAME": "2",
}


def identity_key(birth_date: object, birth_name: object, first_names: object) -> tuple | None:
    """What tells one person from another for URSSAF: birth date, birth name and first names,
    accents, case and punctuation ignored; ``None`` when one of them is missing."""
    if not birth_date or not isinstance(birth_name, str) or not isinstance(first_names, str):
        return None
    name, first = name_words(birth_name), name_words(first_names)
    if not name or not first:
        return None
    return (birth_date, tuple(name), tuple(first))


def normalize_civility(value: str) -> str | None:
    """``"1"`` (Monsieur) or ``"2"`` (Madame) for a code or a common word, else ``None``."""
    return _CIVILITIES.get(value.strip().upper())


def to_date(value: object) -> date | None:
    """A ``date`` from a date, a datetime, ``YYYY-MM-DD`` or ``DD/MM/YYYY``; else ``None``."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        text = value.strip()
        for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
            try:
                return datetime.strptime(text, pattern).date()
            except ValueError:
                continue
    return None


# --------------------------------------------------------------------------------------------
# Mobile numbers
# --------------------------------------------------------------------------------------------

_DOM_REGIONS = ("RE", "YT", "GP", "MQ", "GF", "BL", "MF")
#: Country calling codes of France and of its overseas departments (La Réunion and Mayotte,
#: Guadeloupe, French Guiana, Martinique).
_FRENCH_CALLING_CODES = (33, 262, 590, 594, 596)
_MOBILE_TYPES = (
    phonenumbers.PhoneNumberType.MOBILE,
    phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
)
_PHONE_CHARS_RE = re.compile(r"[0-9+()./\- ]+")


def _parse_phone(value: object) -> phonenumbers.PhoneNumber | None:
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return None
    raw = " ".join(value.replace("\u00a0", " ").split())
    if not raw or len(raw) > 30 or not _PHONE_CHARS_RE.fullmatch(raw):
        return None
    try:
        return phonenumbers.parse(raw, "FR")
    except phonenumbers.NumberParseException:
        return None


def _national_mobile(number: phonenumbers.PhoneNumber) -> str | None:
    if not phonenumbers.is_valid_number(number):
        return None
    if phonenumbers.number_type(number) not in _MOBILE_TYPES:
        return None
    if phonenumbers.region_code_for_number(number) not in ("FR", *_DOM_REGIONS):
        return None
    national = "0" + phonenumbers.national_significant_number(number)
    return national if contract.MOBILE_RE.fullmatch(national) else None


def normalize_mobile(value: object) -> str | None:
    """A French mobile number as ``0XXXXXXXXX`` (matches the contract regex), or ``None``.

    Accepts ``06 12 34 56 78``, ``+33 6 12 34 56 78``, ``0033612345678``, ``+33 (0)6…``, dots or
    dashes; the number must be a valid mobile (phonenumbers' allocation ranges) of metropolitan
    France (06/07) or of an overseas department (``0692…``, ``0690…``…).
    """
    number = _parse_phone(value)
    if number is None:
        return None
    result = _national_mobile(number)
    if result is None and number.country_code == 33:
        # Overseas mobiles share the +33-style national numbering ("0692…", "+33 692…").
        national = "0" + phonenumbers.national_significant_number(number)
        for region in _DOM_REGIONS:
            try:
                result = _national_mobile(phonenumbers.parse(national, region))
            except phonenumbers.NumberParseException:  # pragma: no cover - defensive
                result = None
            if result is not None:
                break
    return result


def contract_mobile(value: object) -> str | None:
    """A French number written like a mobile (``06``/``07`` and 8 digits, the contract's pattern)
    as ``0XXXXXXXXX``, whether or not phonenumbers knows it as allocated; else ``None``.

    Landlines (``01``…``05``, ``09``), wrong lengths and foreign numbers give ``None``. For
    numbers that phonenumbers does not know as allocated yet: its data lag behind new
    allocations, and URSSAF checks the pattern only.
    """
    number = _parse_phone(value)
    if number is None or number.country_code not in _FRENCH_CALLING_CODES:
        return None
    national = "0" + phonenumbers.national_significant_number(number)
    if number.country_code != 33 and not national.startswith("06"):
        return None  # overseas departments: their mobiles are 06…
    return national if contract.MOBILE_RE.fullmatch(national) else None


# --------------------------------------------------------------------------------------------
# Codes: departments, INSEE communes, postal codes
# --------------------------------------------------------------------------------------------


def _compact_code(value: object) -> str | None:
    """A typed code without whitespace, in upper case (an integer is read as its digits)."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return None
    return "".join(value.split()).upper()


def normalize_department(value: object) -> str | None:
    """``77`` → ``077``, ``2a`` → ``02A``, ``974`` → ``974``; ``None`` when not a department code.

    Accepted: 001–095 (``020``, Corsica before 1976, included), 02A, 02B, 971–978, 984–989.
    """
    code = _compact_code(value)
    if code is None:
        return None
    if re.fullmatch(r"[0-9]", code):
        code = "00" + code
    elif re.fullmatch(r"[0-9]{2}|2[AB]", code):
        code = "0" + code
    if not contract.BIRTH_DEPARTMENT_RE.fullmatch(code):
        return None
    if code in ("02A", "02B"):
        return code
    if not code.isdigit():
        return None
    number = int(code)
    if 1 <= number <= 95 or 971 <= number <= 978 or 984 <= number <= 989:
        return code
    return None


def normalize_insee_commune(value: object) -> str | None:
    """A 5-character INSEE commune code in upper case (``2a004`` → ``2A004``, ``1053`` →
    ``01053``), or ``None``."""
    code = _compact_code(value)
    if code is None:
        return None
    if re.fullmatch(r"[0-9]{4}", code):
        code = "0" + code
    return code if contract.INSEE_COMMUNE_CODE_RE.fullmatch(code) else None


def department_of_commune(commune_code: str) -> str:
    """Department of a normalised INSEE commune code: ``77288`` → ``077``, ``2A004`` → ``02A``,
    ``97411`` → ``974``."""
    if commune_code[:2] in ("97", "98"):
        return commune_code[:3]
    return "0" + commune_code[:2]


def normalize_zip_code(value: str) -> str:
    """Spaces removed, a 4-digit code gets its leading 0 back (``1000`` → ``01000``)."""
    code = value.replace(" ", "")
    return "0" + code if re.fullmatch(r"[0-9]{4}", code) else code
