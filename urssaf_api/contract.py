"""The URSSAF "API Tiers de Prestation" contract as named constants.

Every regex and limit here comes from the contract notes (docs ``urssaf-api.md``), which quote the
official swagger v1.29.1 and the v1.30.3 schema copied by CAERP. Where the two versions differ the
stricter value is kept (names and first names: 80 characters instead of 100/256).

Conventions:

* Every ``*_RE`` is compiled with ``re.ASCII`` and is meant to be used with ``fullmatch`` (the
  patterns keep URSSAF's ``^``/``$`` anchors for readability, but Python's ``$`` also matches before
  a trailing newline, which ``fullmatch`` does not).
* Names use Java's ``\\pL`` (any Unicode letter), which Python's ``re`` does not support. The exact
  swagger patterns are kept as strings (``NAME_PATTERN_JAVA`` …) and the check is done by
  :func:`is_valid_name` / :func:`is_valid_first_names`, which classify every character with
  :mod:`unicodedata` (category ``L*``) and then apply an ASCII "shape" regex. This is exactly
  ``\\pL``, without the approximations of ``[^\\W\\d_]`` (which also accepts ``²`` or ``Ⅷ``).

This module imports nothing but the standard library. The local sandbox does **not** use it: it
re-declares its own rules (``urssaf_sandbox/rules.py``) on purpose, so that it stays an
independent judge of the payloads built from these constants (the property tests compare the
two).
"""

from __future__ import annotations

import re
import unicodedata

# --------------------------------------------------------------------------------------------
# Generic formats
# --------------------------------------------------------------------------------------------

#: INSEE country code of France.
FRANCE_COUNTRY_CODE = "99100"

#: Civility codes (``civilite``).
CIVILITIES = {"1": "Monsieur", "2": "Madame"}

#: Date-time format of ``dateNaissance`` (the swagger example, with milliseconds and ``Z``).
BIRTH_DATE_FORMAT = "%Y-%m-%dT00:00:00.000Z"

#: Date-time format used for the payment-request and search dates (swagger examples).
API_DATE_FORMAT = "%Y-%m-%dT00:00:00Z"

#: Any UTC date-time URSSAF accepts: ``YYYY-MM-DDTHH:MM:SS[.mmm]Z`` (the ``Z`` is mandatory).
API_DATETIME_RE = re.compile(
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,3})?Z$", re.ASCII
)

# --------------------------------------------------------------------------------------------
# Registration (E1, ``InputParticulierDTO``)
# --------------------------------------------------------------------------------------------

#: Maximum length of ``nomNaissance`` / ``nomUsage`` (v1.30.3; v1.29.1 allowed 100).
NAME_MAX_LENGTH = 80
#: Maximum length of ``prenoms`` (v1.30.3; v1.29.1 allowed 256).
FIRST_NAMES_MAX_LENGTH = 80

#: Swagger pattern of ``nomNaissance`` / ``nomUsage`` (Java syntax, reference only).
NAME_PATTERN_JAVA = r"^[\pL]+(([\pL'\- ])*)+([\pL])|(^[\pL])$"
#: Swagger pattern of ``prenoms`` (Java syntax, reference only).
FIRST_NAMES_PATTERN_JAVA = r"^[\pL]+(['\-]*[\pL]+)*((\ ){1}[\pL]+(['\-]*[\pL]+)*)*$"

#: Characters allowed in names besides letters.
NAME_SPECIAL_CHARACTERS = "'- "

#: Shape regexes, applied to :func:`letter_shape` (every letter replaced by ``L``).
#: Name: starts and ends with a letter; letters, apostrophes, hyphens and spaces in between.
NAME_SHAPE_RE = re.compile(r"^L(?:[L'\- ]*L)?$", re.ASCII)
#: First names: words of letters (with inner apostrophes/hyphens) separated by single spaces.
#: ``L+(['-]+L+)*`` is the unambiguous (no catastrophic backtracking) form of ``L+(['-]*L+)*``.
FIRST_NAMES_SHAPE_RE = re.compile(r"^L+(?:['\-]+L+)*(?: L+(?:['\-]+L+)*)*$", re.ASCII)

#: ``numeroTelephonePortable``: 06/07 or +336/+337 and 8 more digits, no spaces.
MOBILE_RE = re.compile(r"^(0|\+33)[6-7]([0-9]{2}){4}$", re.ASCII)

#: ``adresseMail`` (no ``+`` in the local part).
EMAIL_RE = re.compile(
    r"^[-A-Za-z0-9_]+(\.[-A-Za-z0-9_]+)*@[A-Za-z0-9]+((-|\.)[A-Za-z0-9]+)*\.[A-Za-z]+$", re.ASCII
)

#: ``lieuNaissance.codePaysNaissance`` and ``adressePostale.codePays``: 5 digits.
COUNTRY_CODE_RE = re.compile(r"^[0-9]{5}$", re.ASCII)
#: Stricter: INSEE country codes all start with 99 (used by the validators, not by URSSAF).
INSEE_COUNTRY_CODE_RE = re.compile(r"^99[0-9]{3}$", re.ASCII)
#: ``lieuNaissance.departementNaissance``: ``077``, ``02A``, ``974``.
BIRTH_DEPARTMENT_RE = re.compile(r"^[09][0-9][0-9abAB]$", re.ASCII)
#: ``lieuNaissance.communeNaissance.codeCommune``: the last 3 digits of the INSEE code.
BIRTH_COMMUNE_CODE_RE = re.compile(r"^[0-9]{3}$", re.ASCII)
#: Full 5-character INSEE commune code (``77288``, ``2A004``, ``97411``), also ``codeCommune`` of
#: the address.
INSEE_COMMUNE_CODE_RE = re.compile(r"^[0-9][0-9a-bA-B][0-9]{3}$", re.ASCII)
#: ``lieuNaissance.communeNaissance.libelleCommune``: 1 to 50 characters, "alphanumeric, no
#: ``;``". Read strictly (``ERREUR_LIEU_NAISSANCE_INVALIDE``): letters (``\pL``), the digits 0-9,
#: space, apostrophe and hyphen only; no dot, bracket, comma, slash… ("Saint-Denis", not
#: "St. Denis"; "Paris", not "Paris (75)"). See :func:`birth_commune_label_refused_characters`.
BIRTH_COMMUNE_LABEL_MAX_LENGTH = 50
BIRTH_COMMUNE_LABEL_FORBIDDEN = ";"
#: Characters allowed in the birth commune label besides letters and the digits 0-9.
BIRTH_COMMUNE_LABEL_SPECIAL_CHARACTERS = "'- "

#: Birth departments of the overseas departments (DOM), whose commune code is sent as ``0`` + the
#: last 2 digits (97411 -> 974 + 011, URSSAF support's rule quoted by CAERP).
OVERSEAS_DEPARTMENTS = frozenset({"971", "972", "973", "974", "976"})
#: Overseas collectivities (COM: Saint-Pierre-et-Miquelon 975, Saint-Barthélemy 977, Saint-Martin
#: 978, TAAF 984, Wallis-et-Futuna 986, French Polynesia 987, New Caledonia 988, Clipperton 989;
#: 985 was Mayotte's code before 2011): the contract does not say how URSSAF encodes a birth there.
OVERSEAS_COLLECTIVITY_DEPARTMENTS = frozenset(
    {"975", "977", "978", "984", "985", "986", "987", "988", "989"}
)
#: Corsica's department code before 1976 (communes ``20xxx``), replaced by 2A and 2B.
OLD_CORSICA_DEPARTMENT = "020"

#: ``adressePostale.numeroVoie``: digits, not "0", at most 20.
STREET_NUMBER_RE = re.compile(r"^(?!^0$)([0-9]){0,20}$", re.ASCII)
STREET_NUMBER_MAX_LENGTH = 20
#: ``adressePostale.lettreVoie``: B bis, T ter, Q quater, C quinquies.
STREET_LETTERS = {"B": "bis", "T": "ter", "Q": "quater", "C": "quinquies"}
#: ``adressePostale.codeTypeVoie``: at most 4 alphanumeric characters.
STREET_TYPE_CODE_RE = re.compile(r"^([0-9A-Za-z]){0,4}$", re.ASCII)
#: The street-type codes both public lists agree on (contract §3, "safe common subset").
STREET_TYPE_CODES_SAFE = frozenset(
    {
        "ALL",
        "AV",
        "BD",
        "CHE",
        "CHS",
        "FG",
        "HAM",
        "IMP",
        "LOT",
        "MTE",
        "PAS",
        "PL",
        "R",
        "RES",
        "RTE",
        "SEN",
        "SQ",
    }
)
#: The longer list quoted from PDF v1.1.1 by one source only (uncertain).
STREET_TYPE_CODES_PDF_1_1_1 = STREET_TYPE_CODES_SAFE | frozenset(
    {"BAT", "C", "CAN", "CI", "CL", "COG", "IMB", "MAI", "PAR", "PAV", "POR", "Q", "QU"}
    | {"RAM", "RUL", "VO"}
)
STREET_LABEL_MAX_LENGTH = 28
ADDRESS_COMPLEMENT_MAX_LENGTH = 38
LIEU_DIT_MAX_LENGTH = 38
COMMUNE_LABEL_MAX_LENGTH = 50
#: ``adressePostale.codePostal``: 5 digits.
ZIP_CODE_RE = re.compile(r"^[0-9]{5}$", re.ASCII)

#: ``coordonneeBancaire.bic``: 8 or 11 characters.
BIC_RE = re.compile(r"^[a-zA-Z]{6}[0-9a-zA-Z]{2}([0-9a-zA-Z]{3})?$", re.ASCII)
#: ``coordonneeBancaire.iban``: no spaces. Note: the pattern allows at most 31 characters and the
#: swagger's ``minLength`` is 18, so 15-17 character IBANs (Belgium, Norway…) and IBANs longer
#: than 31 characters are refused by URSSAF whatever their checksum.
IBAN_RE = re.compile(r"^[a-zA-Z]{2}[0-9]{2}[a-zA-Z0-9]{4}[0-9]{7}([a-zA-Z0-9]?){0,16}$", re.ASCII)
IBAN_MIN_LENGTH = 18
IBAN_MAX_LENGTH = 38
#: ``coordonneeBancaire.titulaire``: 1 to 100 characters.
ACCOUNT_HOLDER_MAX_LENGTH = 100

# --------------------------------------------------------------------------------------------
# Payment requests (E3) and search (E4)
# --------------------------------------------------------------------------------------------

#: At most 10 payment requests per E3 call (``ERR_NBRE_PREST_MAX``).
MAX_PAYMENT_REQUESTS_PER_CALL = 10
#: At most 10 ids (or invoice numbers) per E4 call.
MAX_SEARCH_IDS = 10
#: ``inputPrestations[].unite``.
UNITS = frozenset({"HEURE", "FORFAIT"})
#: Amounts: at most 2 decimals (``ERR_FORMAT_VALEUR``), never negative (``ERR_VALEUR_NEGATIVE``).
AMOUNT_MAX_DECIMALS = 2
#: ``mntUnitaireTTC`` may carry 3 decimals (CAERP) so that quantity x unit price matches.
UNIT_PRICE_MAX_DECIMALS = 3
#: ``inputPrestations[].complement2``: ``SAP`` + NOVA number (9 digits) or ``SIR`` + SIRET (14).
COMPLEMENT2_RE = re.compile(r"^(SAP[0-9]{9}|SIR[0-9]{14})$", re.ASCII)
#: Placeholder for the unused ``idTiersFacturation`` (URSSAF support: "any value").
ID_TIERS_FACTURATION_PLACEHOLDER = "menage.fr"

#: Client link status codes (E2 ``statut.code``) and ``statut.etat`` values.
CLIENT_STATUS_CODES = frozenset(
    {
        "APPAREILLAGE_EC",
        "APPAREILLAGE_VALIDE",
        "APPAREILLAGE_NF",
        "PARTICULIER_BLOQUE",
        "MANDAT_ECHU",
    }
)
CLIENT_STATES = frozenset({"OK", "KO", "INCONNU"})
#: E2 ``statut.description`` when ``etat`` is OK: ``dd/mm/yyyy[ hh:mm[:ss]]``.
CLIENT_ACCEPTANCE_DATE_RE = re.compile(
    r"^\s*([0-9]{2})/([0-9]{2})/([0-9]{4})(?:[ T]+([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?)?\s*$",
    re.ASCII,
)

#: Payment-request status codes (E4 ``statut.code``).
PAYMENT_STATUS_CODES = (
    "10",
    "15",
    "20",
    "30",
    "40",
    "50",
    "60",
    "70",
    "80",
    "90",
    "100",
    "110",
    "111",
    "112",
    "113",
    "120",
    "260",
    "270",
)


# --------------------------------------------------------------------------------------------
# Name helpers (exact ``\pL`` semantics)
# --------------------------------------------------------------------------------------------


def is_letter(char: str) -> bool:
    """True for one Unicode letter (Java ``\\pL``: general category L*)."""
    return len(char) == 1 and unicodedata.category(char).startswith("L")


def letter_shape(value: str) -> str:
    """Map every letter to ``L``, keep ``'``, ``-`` and space, and every other character to ``X``.

    The result is matched against the ASCII ``*_SHAPE_RE`` patterns.
    """
    return "".join(
        "L" if is_letter(c) else (c if c in NAME_SPECIAL_CHARACTERS else "X") for c in value
    )


def is_valid_name(value: object, max_length: int = NAME_MAX_LENGTH) -> bool:
    """``nomNaissance`` / ``nomUsage`` rule (letters, ``'``, ``-``, space; letter at both ends)."""
    if not isinstance(value, str) or not value or len(value) > max_length:
        return False
    return NAME_SHAPE_RE.fullmatch(letter_shape(value)) is not None


def birth_commune_label_refused_characters(value: str) -> list[str]:
    """The distinct characters of a birth commune label that URSSAF refuses, in order of
    appearance: anything but a letter, a digit 0-9, a space, ``'`` or ``-`` (so also ``’``: the
    validator normalises it to ``'`` first)."""
    refused: dict[str, None] = {}
    for char in value:
        if not (
            is_letter(char)
            or char in "0123456789"
            or char in BIRTH_COMMUNE_LABEL_SPECIAL_CHARACTERS
        ):
            refused[char] = None
    return list(refused)


def is_valid_first_names(value: object, max_length: int = FIRST_NAMES_MAX_LENGTH) -> bool:
    """``prenoms`` rule (words of letters with inner ``'``/``-``, separated by single spaces)."""
    if not isinstance(value, str) or not value or len(value) > max_length:
        return False
    return FIRST_NAMES_SHAPE_RE.fullmatch(letter_shape(value)) is not None
