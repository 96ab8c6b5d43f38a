"""Client registration (E1): user data → checked ``InputParticulierDTO`` payload.

:func:`validate_registration` returns every problem at once (never raises, whatever the input);
:func:`build_registration_payload` returns the payload or raises :class:`InvalidData`. Both run the
same code, so a payload is only ever built from data that passed every check.

Decisions (contract §3 and its uncertainties):

* **Names** (``nomNaissance``, ``nomUsage``) are sent as typed, accents included: the contract
  accepts any Unicode letter (``\\pL``) and the tax-office match is presumably accent-insensitive.
  Typographic apostrophes (’ ‘ ʼ `) become ``'`` and whitespace is collapsed. The stricter v1.30.3
  limit (80 characters) is applied. ``nomUsage`` is omitted when it equals the birth name.
* **First names** (``prenoms``) are transliterated to ASCII when possible (é→e, ç→c, œ→oe, ß→ss,
  letters without a Latin equivalent are kept), like CAERP does and as Sinao advises (the tax
  office is said to match them without accents); commas become spaces and spaces around ``-`` or
  ``'`` are removed (``Jean - Pierre`` → ``Jean-Pierre``). 80 characters at most.
* **Mobile**: output ``0XXXXXXXXX`` (national format): it matches the contract regex, it is what
  French users read, and it is the only correct way to write overseas mobiles (``0692…`` for La
  Réunion), which the contract regex accepts as ``0`` + 6/7 but which ``+33`` would mangle.
  Overseas mobiles (RE, YT, GP, MQ, GF, BL, MF) are therefore accepted in national form.
* **Birthplace in France**: ``birth_commune_code`` is the 5-character INSEE code (a 4-digit code
  gets its leading 0 back); the department may be left empty (it is derived from the commune
  code) or typed loosely (``77`` → ``077``, ``2a`` → ``02A``); both must agree. The payload's
  ``codeCommune`` is the last 3 characters, or for overseas codes (``97411``) ``0`` + the last 2
  (``011``, URSSAF support's workaround quoted by CAERP). The commune label is required
  (``ERR_LIEU_NAISSANCE_OBLIGATOIRE``); the contract's "alphanumeric, no ;" is read strictly
  (``ERREUR_LIEU_NAISSANCE_INVALIDE``): letters, digits, spaces, ``'`` and ``-`` only, typographic
  apostrophes and hyphens normalised, so "St. Denis" or "Paris (75)" are refused with a hint.
* **Births the contract does not document** are refused with an explanation: the overseas
  collectivities (departments 975, 977, 978, 984–989: only the DOM rule 971–976 is documented;
  the user must ask URSSAF how to encode them) and Corsica's pre-1976 codes (department ``20``,
  communes ``20xxx``: the current 2A/2B codes are required). :func:`normalize_department` still
  normalises these codes; the refusal is a validation rule.
* **Birthplace abroad**: only ``codePaysNaissance`` is sent; a department or a commune code is a
  problem (URSSAF would answer ``ERREUR_LIEU_NAISSANCE_PAYS``); a commune label is kept in the
  record but not sent (the schema needs a code to send a label).
* **Country codes** must be INSEE codes (``99xxx``), stricter than the contract's 5 digits, to
  catch postal codes typed in the wrong field. The postal address must be in France (``99100``):
  the address carries the INSEE code of a French commune and URSSAF's scheme is for French
  households (CAERP only supports French addresses; the local sandbox refuses others with
  ``ERR_CONTACT``).
* **Street type**: only the safe common subset :data:`STREET_TYPES` is accepted (a common word
  such as ``avenue`` is also understood). Otherwise leave type and label empty and write the
  street in the address complement (:func:`parse_street` does this split).
* **IBAN**: checked with schwifty (checksum, country format, national key), then against the
  contract regex (18 to 31 characters: Belgian or Norwegian IBANs are refused by URSSAF) and it
  must belong to the SEPA zone (the client signs a SEPA mandate; inference). Sent compact and
  uppercase. **BIC**: the one typed (checked against the contract regex and ISO country codes),
  otherwise derived from the IBAN with schwifty; required when it cannot be derived.
* Free-text fields must not contain control or invisible characters.
"""

from __future__ import annotations

import re
import unicodedata
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import NamedTuple

import phonenumbers
from schwifty import BIC, IBAN
from schwifty import exceptions as schwifty_exceptions

from . import contract

# --------------------------------------------------------------------------------------------
# Public data types
# --------------------------------------------------------------------------------------------


@dataclass
class RegistrationData:
    """Everything as the user typed it (``str | None``), the birth date as ``datetime.date``.

    Every field has a default so that partial data can be validated; missing required fields are
    reported as problems.
    """

    civility: str | None = None  # "1" Monsieur / "2" Madame
    birth_name: str | None = None
    usage_name: str | None = None
    first_names: str | None = None
    birth_date: date | None = None
    birth_country_code: str | None = None  # INSEE 5 digits, "99100" France
    birth_department: str | None = None  # "077", "02A", "974" (also "77", "2A")
    birth_commune_code: str | None = None  # 5-character INSEE code "77288", "2A004", "97411"
    birth_commune_label: str | None = None
    mobile: str | None = None
    email: str | None = None
    street_number: str | None = None
    street_letter: str | None = None
    street_type_code: str | None = None
    street_label: str | None = None
    address_complement: str | None = None
    lieu_dit: str | None = None
    commune_code: str | None = None
    commune_label: str | None = None
    zip_code: str | None = None
    country_code: str | None = contract.FRANCE_COUNTRY_CODE
    iban: str | None = None
    bic: str | None = None
    account_holder: str | None = None


@dataclass(frozen=True)
class Problem:
    """One problem; ``field`` is the :class:`RegistrationData` attribute to fix."""

    field: str
    message_fr: str
    message_en: str


class InvalidData(ValueError):
    """Raised by :func:`build_registration_payload`; ``problems`` lists every problem."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        details = "; ".join(f"{p.field}: {p.message_en}" for p in self.problems)
        super().__init__(f"{len(self.problems)} problem(s) in the registration data: {details}")


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

#: Field labels, for messages and for the Odoo layer.
FIELD_LABELS: dict[str, tuple[str, str]] = {
    "civility": ("Civilité", "Title"),
    "birth_name": ("Nom de naissance", "Birth name"),
    "usage_name": ("Nom d'usage", "Usage name"),
    "first_names": ("Prénoms", "First names"),
    "birth_date": ("Date de naissance", "Date of birth"),
    "birth_country_code": ("Pays de naissance", "Country of birth"),
    "birth_department": ("Département de naissance", "Department of birth"),
    "birth_commune_code": ("Code INSEE de la commune de naissance", "INSEE code of birth town"),
    "birth_commune_label": ("Commune de naissance", "Town of birth"),
    "mobile": ("Téléphone portable", "Mobile phone"),
    "email": ("Adresse e-mail", "E-mail address"),
    "street_number": ("Numéro de voie", "Street number"),
    "street_letter": ("Indice de répétition (bis, ter…)", "Street number suffix (bis, ter…)"),
    "street_type_code": ("Type de voie", "Street type"),
    "street_label": ("Nom de la voie", "Street name"),
    "address_complement": ("Complément d'adresse", "Address complement"),
    "lieu_dit": ("Lieu-dit", "Locality (lieu-dit)"),
    "commune_code": ("Code INSEE de la commune", "INSEE code of the town"),
    "commune_label": ("Commune", "Town"),
    "zip_code": ("Code postal", "Postal code"),
    "country_code": ("Pays", "Country"),
    "iban": ("IBAN", "IBAN"),
    "bic": ("BIC", "BIC"),
    "account_holder": ("Titulaire du compte", "Account holder"),
}

# --------------------------------------------------------------------------------------------
# Text helpers
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


def _has_invisible(value: str) -> bool:
    return any(unicodedata.category(c)[0] == "C" for c in value)


def strip_accents(value: str) -> str:
    """Latin transliteration: remove diacritics and expand ligatures (``Hélène`` → ``Helene``)."""
    decomposed = unicodedata.normalize("NFKD", value.translate(_TRANSLIT))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", stripped)


class _Collector:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, field_name: str, fr: str, en: str) -> None:
        self.problems.append(Problem(field_name, fr, en))

    def text(self, data: object, name: str) -> str | None:
        """The field as clean text (NFC, trimmed, single spaces) or None; a problem when the
        value is not text."""
        value = _get(data, name)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, str | int):
            label_fr, label_en = FIELD_LABELS[name]
            self.add(
                name,
                f"{label_fr} : valeur invalide, du texte est attendu.",
                f"{label_en}: invalid value, text expected.",
            )
            return None
        text = unicodedata.normalize("NFC", str(value))
        text = " ".join(text.split())
        return text or None

    def free_text(self, data: object, name: str, max_length: int, required: bool) -> str | None:
        return self.check_free(name, self.text(data, name), max_length, required)

    def check_free(
        self, name: str, value: str | None, max_length: int, required: bool
    ) -> str | None:
        """Length and invisible-character checks of an already cleaned text."""
        label_fr, label_en = FIELD_LABELS[name]
        if value is None:
            if required:
                self.add(name, f"{label_fr} : à renseigner.", f"{label_en}: required.")
            return None
        if _has_invisible(value):
            self.add(
                name,
                f"{label_fr} : supprimez les caractères invisibles ou de contrôle.",
                f"{label_en}: remove the invisible or control characters.",
            )
            return None
        if len(value) > max_length:
            self.add(
                name,
                f"{label_fr} : {max_length} caractères au plus ({len(value)} saisis) ; abrégez-le.",
                f"{label_en}: at most {max_length} characters ({len(value)} entered); shorten it.",
            )
            return None
        return value


def _get(data: object, name: str) -> object:
    if isinstance(data, Mapping):
        return data.get(name)
    try:
        return getattr(data, name, None)
    except Exception:  # a broken property must not make validation raise
        return None


# --------------------------------------------------------------------------------------------
# Field normalisers (public ones are usable by the Odoo layer for on-change helpers)
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

_DOM_REGIONS = ("RE", "YT", "GP", "MQ", "GF", "BL", "MF")
_MOBILE_TYPES = (
    phonenumbers.PhoneNumberType.MOBILE,
    phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
)
_PHONE_CHARS_RE = re.compile(r"[0-9+()./\- ]+")


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
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return None
    raw = " ".join(value.replace("\u00a0", " ").split())
    if not raw or len(raw) > 30 or not _PHONE_CHARS_RE.fullmatch(raw):
        return None
    try:
        number = phonenumbers.parse(raw, "FR")
    except phonenumbers.NumberParseException:
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


def normalize_department(value: object) -> str | None:
    """``77`` → ``077``, ``2a`` → ``02A``, ``974`` → ``974``; ``None`` when not a department code.

    Accepted: 001–095 (``020``, Corsica before 1976, included), 02A, 02B, 971–978, 984–989.
    """
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return None
    code = "".join(value.split()).upper()
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
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return None
    code = "".join(value.split()).upper()
    if re.fullmatch(r"[0-9]{4}", code):
        code = "0" + code
    return code if contract.INSEE_COMMUNE_CODE_RE.fullmatch(code) else None


def department_of_commune(commune_code: str) -> str:
    """Department of a normalised INSEE commune code: ``77288`` → ``077``, ``2A004`` → ``02A``,
    ``97411`` → ``974``."""
    if commune_code[:2] in ("97", "98"):
        return commune_code[:3]
    return "0" + commune_code[:2]


def birth_commune_payload_code(commune_code: str) -> str:
    """The 3 digits sent as ``communeNaissance.codeCommune``: ``77288`` → ``288``, ``2A004`` →
    ``004``, ``97411`` → ``011`` (overseas: ``0`` + the last 2 digits)."""
    if commune_code[:2] in ("97", "98"):
        return "0" + commune_code[3:]
    return commune_code[2:]


def derive_bic(iban: object) -> str | None:
    """The BIC of the IBAN's bank according to schwifty's registry, or ``None``."""
    if not isinstance(iban, str):
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            bic = IBAN(_compact_iban(iban)).bic
    except Exception:
        return None
    text = str(bic) if bic else ""
    return text if contract.BIC_RE.fullmatch(text) else None


def _compact_iban(value: str) -> str:
    return re.sub(r"[\s.\-]", "", value).upper()


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
# Validation and payload
# --------------------------------------------------------------------------------------------


def _check_civility(c: _Collector, data: object) -> str | None:
    value = c.text(data, "civility")
    if value is None:
        c.add(
            "civility",
            "Civilité : choisissez Monsieur ou Madame.",
            "Title: choose Mr (Monsieur) or Mrs (Madame).",
        )
        return None
    code = _CIVILITIES.get(value.upper())
    if code is None:
        c.add(
            "civility",
            "Civilité : valeur inconnue ; choisissez Monsieur (1) ou Madame (2).",
            "Title: unknown value; choose Mr (1) or Mrs (2).",
        )
    return code


def _clean_name(value: str) -> str:
    return " ".join(value.translate(_APOSTROPHES).translate(_HYPHENS).split())


def _check_name(c: _Collector, data: object, name: str, required: bool) -> str | None:
    value = c.text(data, name)
    label_fr, label_en = FIELD_LABELS[name]
    if value is None:
        if required:
            c.add(name, f"{label_fr} : à renseigner.", f"{label_en}: required.")
        return None
    value = _clean_name(value)
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


def _check_first_names(c: _Collector, data: object) -> str | None:
    value = c.text(data, "first_names")
    if value is None:
        c.add(
            "first_names",
            "Prénoms : à renseigner (les prénoms connus des impôts, séparés par des espaces).",
            "First names: required (the first names the tax office knows, separated by spaces).",
        )
        return None
    value = strip_accents(_clean_name(value).replace(",", " "))
    value = re.sub(r"\s*([-'])\s*", r"\1", " ".join(value.split()))
    if len(value) > contract.FIRST_NAMES_MAX_LENGTH:
        c.add(
            "first_names",
            f"Prénoms : {contract.FIRST_NAMES_MAX_LENGTH} caractères au plus ({len(value)} "
            "saisis) ; gardez les prénoms d'usage.",
            f"First names: at most {contract.FIRST_NAMES_MAX_LENGTH} characters ({len(value)} "
            "entered); keep the usual first names.",
        )
        return None
    if not contract.is_valid_first_names(value):
        c.add(
            "first_names",
            "Prénoms : uniquement des lettres, séparées par des espaces simples ; apostrophes et "
            "tirets admis à l'intérieur d'un prénom (ex. « Jean-Pierre Marie »), pas de chiffres.",
            "First names: letters only, separated by single spaces; apostrophes and hyphens only "
            'inside a name (e.g. "Jean-Pierre Marie"), no digits.',
        )
        return None
    return value


def _to_date(value: object) -> date | None:
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


def _check_birth_date(c: _Collector, data: object, today: date) -> str | None:
    raw = _get(data, "birth_date")
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        c.add("birth_date", "Date de naissance : à renseigner.", "Date of birth: required.")
        return None
    value = _to_date(raw)
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


def _check_country(c: _Collector, data: object, name: str, default: str | None) -> str | None:
    value = c.text(data, name)
    label_fr, label_en = FIELD_LABELS[name]
    if value is None:
        if default is not None:
            return default
        c.add(
            name,
            f"{label_fr} : à renseigner (code INSEE du pays, 99100 pour la France).",
            f"{label_en}: required (INSEE country code, 99100 for France).",
        )
        return None
    value = value.replace(" ", "")
    if not contract.INSEE_COUNTRY_CODE_RE.fullmatch(value):
        c.add(
            name,
            f"{label_fr} : code INSEE du pays attendu, 5 chiffres commençant par 99 (99100 pour la "
            "France, 99109 pour l'Allemagne…).",
            f"{label_en}: INSEE country code expected, 5 digits starting with 99 (99100 for "
            "France, 99109 for Germany…).",
        )
        return None
    return value


def _check_birthplace(c: _Collector, data: object) -> dict | None:
    country = _check_country(c, data, "birth_country_code", None)
    department_raw = c.text(data, "birth_department")
    commune_raw = c.text(data, "birth_commune_code")
    if country is None:
        return None
    if country != contract.FRANCE_COUNTRY_CODE:
        ok = True
        if department_raw is not None:
            c.add(
                "birth_department",
                "Département de naissance : laissez-le vide pour une personne née à l'étranger "
                "(seul le pays est transmis).",
                "Department of birth: leave it empty for a person born abroad (only the country "
                "is sent).",
            )
            ok = False
        if commune_raw is not None:
            c.add(
                "birth_commune_code",
                "Code INSEE de la commune de naissance : laissez-le vide pour une personne née à "
                "l'étranger (seul le pays est transmis).",
                "INSEE code of birth town: leave it empty for a person born abroad (only the "
                "country is sent).",
            )
            ok = False
        return {"codePaysNaissance": country} if ok else None

    label = _check_birth_commune_label(c, data)

    department = None
    if department_raw is not None:
        department = normalize_department(department_raw)
        if department is None:
            c.add(
                "birth_department",
                "Département de naissance : code inconnu ; saisissez le numéro du département "
                "(ex. 077, 02A, 974).",
                "Department of birth: unknown code; enter the department number (e.g. 077, 02A, "
                "974).",
            )
            return None
        if department in contract.OVERSEAS_COLLECTIVITY_DEPARTMENTS:
            _overseas_collectivity_problem(c, "birth_department", department)
            return None
        if department == contract.OLD_CORSICA_DEPARTMENT:
            c.add(
                "birth_department",
                "Département de naissance : 20 est l'ancien code de la Corse (avant 1976) ; "
                "saisissez 2A (Corse-du-Sud) ou 2B (Haute-Corse), ou laissez-le vide : il est "
                "déduit du code INSEE de la commune.",
                "Department of birth: 20 is Corsica's old code (before 1976); enter 2A "
                "(Corse-du-Sud) or 2B (Haute-Corse), or leave it empty: it is derived from the "
                "town's INSEE code.",
            )
            department = None  # derived from the commune code below
    commune = None
    if commune_raw is None:
        c.add(
            "birth_commune_code",
            "Code INSEE de la commune de naissance : à renseigner pour une personne née en "
            "France (5 caractères, ex. 77288, 2A004, 97411 ; ce n'est pas le code postal).",
            "INSEE code of birth town: required for a person born in France (5 characters, "
            "e.g. 77288, 2A004, 97411; it is not the postal code).",
        )
    else:
        commune = normalize_insee_commune(commune_raw)
        if commune is None:
            c.add(
                "birth_commune_code",
                "Code INSEE de la commune de naissance : 5 caractères attendus (ex. 77288, 2A004, "
                "97411).",
                "INSEE code of birth town: 5 characters expected (e.g. 77288, 2A004, 97411).",
            )
    if commune is not None and commune.startswith("20"):
        c.add(
            "birth_commune_code",
            f"Code INSEE de la commune de naissance : {commune} est un ancien code de la Corse "
            "(avant 1976) ; saisissez le code actuel, en 2A (Corse-du-Sud) ou 2B (Haute-Corse), "
            "ex. 2A004 pour Ajaccio, 2B033 pour Bastia.",
            f"INSEE code of birth town: {commune} is an old Corsican code (before 1976); enter "
            "the current code, in 2A (Corse-du-Sud) or 2B (Haute-Corse), e.g. 2A004 for "
            "Ajaccio, 2B033 for Bastia.",
        )
        return None
    if commune is None:
        if department_raw is None:
            c.add(
                "birth_department",
                "Département de naissance : à renseigner pour une personne née en France "
                "(ex. 077, 02A, 974).",
                "Department of birth: required for a person born in France (e.g. 077, 02A, 974).",
            )
        return None
    expected = department_of_commune(commune)
    if expected in contract.OVERSEAS_COLLECTIVITY_DEPARTMENTS:
        _overseas_collectivity_problem(c, "birth_commune_code", commune)
        return None
    if department is None:
        department = expected
    elif department != expected:
        c.add(
            "birth_commune_code",
            f"Code INSEE de la commune de naissance : {commune} n'est pas une commune du "
            f"département {department} ; vérifiez le code de la commune et le département.",
            f"INSEE code of birth town: {commune} is not in department {department}; check the "
            "town code and the department.",
        )
        return None
    if (
        not contract.BIRTH_DEPARTMENT_RE.fullmatch(department)
        or normalize_department(department) != department
    ):
        c.add(
            "birth_commune_code",
            f"Code INSEE de la commune de naissance : {commune} ne correspond à aucun département "
            "connu ; vérifiez-le.",
            f"INSEE code of birth town: {commune} matches no known department; check it.",
        )
        return None
    if label is None:
        return None
    return {
        "codePaysNaissance": country,
        "departementNaissance": department,
        "communeNaissance": {
            "codeCommune": birth_commune_payload_code(commune),
            "libelleCommune": label,
        },
    }


def _overseas_collectivity_problem(c: _Collector, field_name: str, code: str) -> None:
    c.add(
        field_name,
        f"Lieu de naissance : {code} est dans une collectivité d'outre-mer (Saint-Pierre-et-"
        "Miquelon, Saint-Barthélemy, Saint-Martin, Wallis-et-Futuna, Polynésie française, "
        "Nouvelle-Calédonie, Terres australes). La documentation de l'URSSAF ne dit pas comment "
        "coder ces lieux de naissance (seule la règle des départements d'outre-mer, 971 à 976, "
        "est connue) : demandez à l'URSSAF la codification à utiliser avant d'inscrire ce client. "
        "Une personne née à Saint-Barthélemy ou à Saint-Martin avant 2007 a un code de la "
        "Guadeloupe (97123 ou 97127), accepté.",
        f"Place of birth: {code} is in a French overseas collectivity (Saint-Pierre-and-Miquelon, "
        "Saint-Barthélemy, Saint-Martin, Wallis-and-Futuna, French Polynesia, New Caledonia, "
        "French Southern Lands). URSSAF's documentation does not say how to encode these places "
        "of birth (only the rule for the overseas departments, 971 to 976, is known): ask URSSAF "
        "which codes to use before registering this client. A person born in Saint-Barthélemy or "
        "Saint-Martin before 2007 has a Guadeloupe code (97123 or 97127), which is accepted.",
    )


def _check_birth_commune_label(c: _Collector, data: object) -> str | None:
    """The birth commune label as sent: typographic apostrophes and hyphens normalised, then
    only letters, digits 0-9, spaces, ``'`` and ``-`` (what URSSAF's "alphanumeric" accepts)."""
    label = c.free_text(
        data, "birth_commune_label", contract.BIRTH_COMMUNE_LABEL_MAX_LENGTH, required=True
    )
    if label is None:
        return None
    label = _clean_name(label)
    refused = contract.birth_commune_label_refused_characters(label)
    if refused:
        shown_fr = " ".join(f"« {char} »" for char in refused)
        shown_en = " ".join(f'"{char}"' for char in refused)
        c.add(
            "birth_commune_label",
            f"Commune de naissance : caractère(s) refusé(s) par l'URSSAF : {shown_fr}. Seuls les "
            "lettres (accents admis), les chiffres, les espaces, les apostrophes et les tirets "
            "sont acceptés : écrivez le nom complet de la commune, sans point ni parenthèses "
            "(ex. « Saint-Denis » et non « St. Denis », « Paris » et non « Paris (75) »).",
            f"Town of birth: character(s) refused by URSSAF: {shown_en}. Only letters (accents "
            "allowed), digits, spaces, apostrophes and hyphens are accepted: write the town's "
            'full name, without dots or brackets (e.g. "Saint-Denis", not "St. Denis"; "Paris", '
            'not "Paris (75)").',
        )
        return None
    if not any(contract.is_letter(char) for char in label):
        c.add(
            "birth_commune_label",
            "Commune de naissance : saisissez le nom de la commune en lettres (ex. « Melun », "
            "« Saint-Denis »), pas un code.",
            'Town of birth: enter the name of the town in letters (e.g. "Melun", "Saint-Denis"), '
            "not a code.",
        )
        return None
    return label


def _check_mobile(c: _Collector, data: object) -> str | None:
    raw = _get(data, "mobile")
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        c.add(
            "mobile",
            "Téléphone portable : à renseigner (obligatoire pour l'inscription).",
            "Mobile phone: required for the registration.",
        )
        return None
    value = normalize_mobile(raw)
    if value is None:
        c.add(
            "mobile",
            "Téléphone portable : saisissez un numéro de portable français valide (06 ou 07, "
            "ex. 06 12 34 56 78 ou +33 6 12 34 56 78) ; les fixes ne sont pas acceptés.",
            "Mobile phone: enter a valid French mobile number (06 or 07, e.g. 06 12 34 56 78 or "
            "+33 6 12 34 56 78); landlines are not accepted.",
        )
    return value


def _check_email(c: _Collector, data: object) -> str | None:
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


def _check_address(c: _Collector, data: object) -> dict | None:
    start = len(c.problems)
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
                "Numéro de voie : chiffres uniquement, 20 au plus, différent de 0 ; mettez bis, "
                "ter… dans l'indice de répétition.",
                "Street number: digits only, at most 20, not 0; put bis, ter… in the suffix field.",
            )
    if letter is not None:
        code = _LETTER_WORDS.get(letter.upper().rstrip("."), letter.upper())
        if code not in contract.STREET_LETTERS:
            c.add(
                "street_letter",
                "Indice de répétition : seuls B (bis), T (ter), Q (quater) et C (quinquies) sont "
                "acceptés ; pour une autre lettre (ex. 12 A), écrivez l'adresse dans le "
                "complément.",
                "Street number suffix: only B (bis), T (ter), Q (quater) and C (quinquies) are "
                "accepted; for another letter (e.g. 12 A), write the address in the complement.",
            )
        elif number is None:
            c.add(
                "street_letter",
                "Indice de répétition : il accompagne un numéro de voie ; renseignez le numéro ou "
                "videz l'indice.",
                "Street number suffix: it goes with a street number; enter the number or clear "
                "the suffix.",
            )
        letter = code
    type_raw = c.text(data, "street_type_code")
    type_code = None
    if type_raw is not None:
        type_code = street_type_code(type_raw)
        if type_code is None:
            c.add(
                "street_type_code",
                "Type de voie : non reconnu ; choisissez-en un dans la liste (rue, avenue, "
                "boulevard, chemin…) ou videz le type et le nom de voie et écrivez l'adresse "
                "dans le complément.",
                "Street type: not recognised; choose one from the list (rue, avenue, boulevard, "
                "chemin…) or clear the street type and name and write the address in the "
                "complement.",
            )
    label_raw = c.text(data, "street_label")
    label = c.check_free("street_label", label_raw, contract.STREET_LABEL_MAX_LENGTH, False)
    if type_raw is not None and label_raw is None:
        c.add(
            "street_label",
            "Nom de la voie : à renseigner quand un type de voie est choisi.",
            "Street name: required when a street type is chosen.",
        )
    if type_raw is None and label_raw is not None:
        c.add(
            "street_type_code",
            "Type de voie : à choisir quand un nom de voie est saisi (ou écrivez l'adresse dans "
            "le complément).",
            "Street type: required when a street name is entered (or write the address in the "
            "complement).",
        )
    complement_raw = c.text(data, "address_complement")
    complement = c.check_free(
        "address_complement", complement_raw, contract.ADDRESS_COMPLEMENT_MAX_LENGTH, False
    )
    lieu_dit_raw = c.text(data, "lieu_dit")
    lieu_dit = c.check_free("lieu_dit", lieu_dit_raw, contract.LIEU_DIT_MAX_LENGTH, False)
    if type_raw is None and label_raw is None and complement_raw is None and lieu_dit_raw is None:
        c.add(
            "street_label",
            "Adresse : renseignez au moins le type et le nom de la voie, un complément d'adresse "
            "ou un lieu-dit.",
            "Address: enter at least the street type and name, an address complement or a "
            "locality (lieu-dit).",
        )
    commune_code = None
    commune_raw = c.text(data, "commune_code")
    if commune_raw is None:
        c.add(
            "commune_code",
            "Code INSEE de la commune : à renseigner (5 caractères, ex. 69101 pour Lyon 1er ; ce "
            "n'est pas le code postal).",
            "INSEE code of the town: required (5 characters, e.g. 69101 for Lyon 1st district; "
            "it is not the postal code).",
        )
    else:
        commune_code = normalize_insee_commune(commune_raw)
        if commune_code is None:
            c.add(
                "commune_code",
                "Code INSEE de la commune : 5 caractères attendus (ex. 69101, 2A004) ; ce n'est "
                "pas le code postal.",
                "INSEE code of the town: 5 characters expected (e.g. 69101, 2A004); it is not "
                "the postal code.",
            )
    commune_label = c.free_text(
        data, "commune_label", contract.COMMUNE_LABEL_MAX_LENGTH, required=True
    )
    zip_code = c.text(data, "zip_code")
    if zip_code is None:
        c.add("zip_code", "Code postal : à renseigner.", "Postal code: required.")
    else:
        zip_code = zip_code.replace(" ", "")
        if re.fullmatch(r"[0-9]{4}", zip_code):
            zip_code = "0" + zip_code
        if not contract.ZIP_CODE_RE.fullmatch(zip_code):
            c.add(
                "zip_code",
                "Code postal : 5 chiffres attendus.",
                "Postal code: 5 digits expected.",
            )
    country = _check_country(c, data, "country_code", contract.FRANCE_COUNTRY_CODE)
    if country is not None and country != contract.FRANCE_COUNTRY_CODE:
        c.add(
            "country_code",
            "Pays : l'avance immédiate de l'URSSAF n'accepte qu'une adresse postale en France "
            "(code pays 99100, départements d'outre-mer compris), avec le code INSEE de la "
            "commune ; saisissez l'adresse du client en France.",
            "Country: URSSAF's Avance immédiate only takes a postal address in France (country "
            "code 99100, overseas departments included), with the INSEE code of the town; enter "
            "the client's address in France.",
        )
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


_IBAN_ERRORS = (
    (
        schwifty_exceptions.InvalidChecksumDigits,
        "la clé de contrôle ne correspond pas : vérifiez chaque caractère sur le RIB",
        "the check digits do not match: check every character on the bank details",
    ),
    (
        schwifty_exceptions.InvalidBBANChecksum,
        "la clé RIB ne correspond pas : vérifiez chaque caractère sur le RIB",
        "the national check key does not match: check every character on the bank details",
    ),
    (
        schwifty_exceptions.InvalidCountryCode,
        "le code pays (2 premières lettres) est inconnu",
        "the country code (first 2 letters) is unknown",
    ),
    (
        schwifty_exceptions.InvalidLength,
        "la longueur ne correspond pas au pays de l'IBAN ; un caractère manque ou est en trop",
        "the length does not match the IBAN's country; a character is missing or extra",
    ),
)


def _check_bank(c: _Collector, data: object) -> dict | None:
    start = len(c.problems)
    iban_raw = c.text(data, "iban")
    iban = None
    if iban_raw is None:
        c.add("iban", "IBAN : à renseigner (voir le RIB du client).", "IBAN: required.")
    else:
        iban = _compact_iban(iban_raw)
        problem = _iban_problem(iban)
        if problem is not None:
            c.add("iban", f"IBAN : {problem[0]}.", f"IBAN: {problem[1]}.")
            iban = None
    bic_raw = c.text(data, "bic")
    bic = None
    if bic_raw is not None:
        bic = re.sub(r"\s", "", bic_raw).upper()
        valid = contract.BIC_RE.fullmatch(bic) is not None
        if valid:
            try:
                BIC(bic)
            except Exception:
                valid = False
        if not valid:
            c.add(
                "bic",
                "BIC : 8 ou 11 caractères (ex. BNPAFRPP ou BNPAFRPPXXX) avec un code pays valide ; "
                "recopiez-le depuis le RIB.",
                "BIC: 8 or 11 characters (e.g. BNPAFRPP or BNPAFRPPXXX) with a valid country "
                "code; copy it from the bank details.",
            )
            bic = None
    elif iban is not None:
        bic = derive_bic(iban)
        if bic is None:
            c.add(
                "bic",
                "BIC : impossible de le déduire de l'IBAN ; recopiez-le depuis le RIB du client.",
                "BIC: cannot be derived from the IBAN; copy it from the client's bank details.",
            )
    holder = c.free_text(data, "account_holder", contract.ACCOUNT_HOLDER_MAX_LENGTH, required=True)
    if len(c.problems) > start or not (iban and bic and holder):
        return None
    return {"bic": bic, "iban": iban, "titulaire": holder}


def _iban_problem(iban: str) -> tuple[str, str] | None:
    if not re.fullmatch(r"[A-Z0-9]+", iban):
        return (
            "lettres et chiffres uniquement (les espaces sont retirés automatiquement)",
            "letters and digits only (spaces are removed automatically)",
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            parsed = IBAN(iban, validate_bban=True)
    except Exception as exc:  # never show the exception text: it contains the IBAN
        for kind, fr, en in _IBAN_ERRORS:
            if isinstance(exc, kind):
                return fr, en
        return (
            "format invalide ; recopiez-le depuis le RIB du client",
            "invalid format; copy it from the client's bank details",
        )
    if not (
        contract.IBAN_MIN_LENGTH <= len(iban) <= contract.IBAN_MAX_LENGTH
        and contract.IBAN_RE.fullmatch(iban)
    ):
        return (
            f"cet IBAN ({iban[:2]}, {len(iban)} caractères) a un format que l'URSSAF n'accepte pas "
            "(18 à 31 caractères, 4 caractères puis 7 chiffres après la clé) ; demandez au client "
            "un compte français",
            f"this IBAN ({iban[:2]}, {len(iban)} characters) has a format URSSAF does not accept "
            "(18 to 31 characters, 4 characters then 7 digits after the check digits); ask the "
            "client for a French account",
        )
    try:
        in_sepa = bool(parsed.in_sepa_zone)
    except Exception:  # pragma: no cover - registry problem: do not block
        in_sepa = True
    if not in_sepa:
        return (
            "le compte doit être dans la zone SEPA (prélèvement SEPA) ; demandez au client un "
            "compte français",
            "the account must be in the SEPA zone (SEPA direct debit); ask the client for a "
            "French account",
        )
    return None


def _prepare(data: object, today: date | None) -> tuple[dict | None, list[Problem]]:
    c = _Collector()
    if today is None or not isinstance(today, date):
        today = date.today()
    elif isinstance(today, datetime):
        today = today.date()
    civility = _check_civility(c, data)
    birth_name = _check_name(c, data, "birth_name", required=True)
    usage_name = _check_name(c, data, "usage_name", required=False)
    first_names = _check_first_names(c, data)
    birth_date = _check_birth_date(c, data, today)
    birthplace = _check_birthplace(c, data)
    mobile = _check_mobile(c, data)
    email = _check_email(c, data)
    address = _check_address(c, data)
    bank = _check_bank(c, data)
    if c.problems:
        return None, c.problems
    payload: dict[str, object] = {"civilite": civility, "nomNaissance": birth_name}
    if usage_name and usage_name.casefold() != (birth_name or "").casefold():
        payload["nomUsage"] = usage_name
    payload.update(
        {
            "prenoms": first_names,
            "dateNaissance": birth_date,
            "lieuNaissance": birthplace,
            "numeroTelephonePortable": mobile,
            "adresseMail": email,
            "adressePostale": address,
            "coordonneeBancaire": bank,
        }
    )
    return payload, []


def validate_registration(data: object, *, today: date | None = None) -> list[Problem]:
    """Every problem of ``data`` (a :class:`RegistrationData` or a mapping with the same keys);
    an empty list means :func:`build_registration_payload` will succeed. Never raises."""
    try:
        return _prepare(data, today)[1]
    except Exception as exc:  # pragma: no cover - last resort, validation must never raise
        return [
            Problem(
                "data",
                f"Données illisibles ({type(exc).__name__}) : vérifiez la fiche du client.",
                f"Unreadable data ({type(exc).__name__}): check the client's record.",
            )
        ]


def build_registration_payload(data: object, *, today: date | None = None) -> dict:
    """The ``InputParticulierDTO`` payload for E1; raises :class:`InvalidData` listing every
    problem. Optional empty fields are omitted."""
    payload, problems = _prepare(data, today)
    if problems or payload is None:
        raise InvalidData(problems)
    return payload


REGISTRATION_FIELDS = tuple(f.name for f in fields(RegistrationData))
