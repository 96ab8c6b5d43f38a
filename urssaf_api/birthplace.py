"""The client's place of birth (``lieuNaissance``): the checks and the overseas/Corsica rules.

* **Birthplace in France**: ``birth_commune_code`` is the 5-character INSEE code (a 4-digit code
  gets its leading 0 back); the department may be left empty (it is derived from the commune
  code) or typed loosely (``77`` → ``077``, ``2a`` → ``02A``); both must agree. The payload's
  ``codeCommune`` is the last 3 characters, or for overseas codes (``97411``) ``0`` + the last 2
  (``011``, URSSAF support's workaround quoted by CAERP). The commune label is required
  (``ERR_LIEU_NAISSANCE_OBLIGATOIRE``); the contract's "alphanumeric, no ;" is read strictly
  (``ERREUR_LIEU_NAISSANCE_INVALIDE``): letters, digits, spaces, ``'`` and ``-`` only, typographic
  apostrophes and hyphens normalised, so "St. Denis" or "Paris (75)" are refused with a hint.
* **Saint-Pierre-et-Miquelon, Saint-Barthélemy, Saint-Martin** (975, 977, 978: overseas
  collectivities with INSEE codes of the same shape as the DOM's, in INSEE's commune list) are
  sent like the DOM (``97701`` → ``977`` + ``001``): inferred, the contract documents 971–976 only
  (975 was a DOM from 1976 to 1985). A birth in Saint-Barthélemy or Saint-Martin before
  15 July 2007, when they were communes of Guadeloupe, is sent with the code they had then
  (``97123`` → ``971`` + ``023``, ``97127`` → ``971`` + ``027``): the code valid at the birth.
* **Births the contract does not document** are refused with an explanation: the other overseas
  collectivities (984–989: the Pacific, the French Southern Lands; the user must ask URSSAF how
  to encode them) and Corsica's pre-1976 codes (department ``20``, communes ``20xxx``: the
  current 2A/2B codes are required; the addon's commune list finds them from the former code).
  :func:`normalize_department` still normalises these codes; the refusal is a validation rule.
* **Birthplace abroad**: only ``codePaysNaissance`` is sent; a department or a commune code is a
  problem (URSSAF would answer ``ERREUR_LIEU_NAISSANCE_PAYS``); a commune label is kept in the
  record but not sent (the schema needs a code to send a label).
"""

from __future__ import annotations

from datetime import date

from . import contract
from .address import check_country
from .normalize import (
    clean_name,
    department_of_commune,
    normalize_department,
    normalize_insee_commune,
    to_date,
)
from .texts import Text, _lt, join
from .validation import ProblemCollector, get_field

#: Overseas collectivities whose births are sent like the overseas departments' (inferred).
SENT_LIKE_OVERSEAS_DEPARTMENTS = frozenset({"975", "977", "978"})
#: Overseas collectivities whose births are refused: nothing says how URSSAF encodes them.
REFUSED_COLLECTIVITY_DEPARTMENTS = (
    contract.OVERSEAS_COLLECTIVITY_DEPARTMENTS - SENT_LIKE_OVERSEAS_DEPARTMENTS
)
#: Saint-Barthélemy and Saint-Martin became collectivities on 15 July 2007; before, they were
#: communes of Guadeloupe with these codes.
GUADELOUPE_CODES_BEFORE_2007 = {"97701": "97123", "97801": "97127"}
COLLECTIVITIES_SINCE = date(2007, 7, 15)


def code_at_birth(commune_code: str, birth_date: date | None) -> str:
    """The INSEE code the birthplace had at the birth, when it changed since and the registration
    must send the old one: Saint-Barthélemy (97701) and Saint-Martin (97801) before 15 July
    2007 were 97123 and 97127 (Guadeloupe)."""
    if birth_date is not None and birth_date < COLLECTIVITIES_SINCE:
        return GUADELOUPE_CODES_BEFORE_2007.get(commune_code, commune_code)
    return commune_code


def birth_commune_payload_code(commune_code: str) -> str:
    """The 3 digits sent as ``communeNaissance.codeCommune``: ``77288`` → ``288``, ``2A004`` →
    ``004``, ``97411`` → ``011`` (overseas: ``0`` + the last 2 digits)."""
    if commune_code[:2] in ("97", "98"):
        return "0" + commune_code[3:]
    return commune_code[2:]


def check_birthplace(c: ProblemCollector, data: object) -> dict | None:
    """The ``lieuNaissance`` payload, or ``None`` when the birthplace has a problem (each one
    added to ``c``)."""
    country = check_country(c, data, "birth_country_code", None)
    department_raw = c.text(data, "birth_department")
    commune_raw = c.text(data, "birth_commune_code")
    if country is None:
        return None
    if country != contract.FRANCE_COUNTRY_CODE:
        return _check_born_abroad(c, country, department_raw, commune_raw)
    label = check_birth_commune_label(c, data)
    ok, department = _check_birth_department(c, department_raw)
    if not ok:
        return None
    ok, commune = _check_birth_commune_code(c, commune_raw)
    if not ok:
        return None
    if commune is None:
        if department_raw is None:
            c.add(
                "birth_department",
                Text(
                    _lt(
                        "Department of birth: required for a person born in France (e.g. 077, 02A, "
                        "974)."
                    )
                ),
            )
        return None
    department = _check_commune_department(c, commune, department)
    if department is None or label is None:
        return None
    sent = code_at_birth(commune, to_date(get_field(data, "birth_date")))
    if sent != commune:
        commune, department = sent, department_of_commune(sent)
    return {
        "codePaysNaissance": country,
        "departementNaissance": department,
        "communeNaissance": {
            "codeCommune": birth_commune_payload_code(commune),
            "libelleCommune": label,
        },
    }


def _check_born_abroad(
    c: ProblemCollector, country: str, department_raw: str | None, commune_raw: str | None
) -> dict | None:
    ok = True
    if department_raw is not None:
        c.add(
            "birth_department",
            Text(
                _lt(
                    "Department of birth: leave it empty for a person born abroad (only the "
                    "country is sent)."
                )
            ),
        )
        ok = False
    if commune_raw is not None:
        c.add(
            "birth_commune_code",
            Text(
                _lt(
                    "INSEE code of birth town: leave it empty for a person born abroad (only the "
                    "country is sent)."
                )
            ),
        )
        ok = False
    return {"codePaysNaissance": country} if ok else None


def _check_birth_department(
    c: ProblemCollector, department_raw: str | None
) -> tuple[bool, str | None]:
    """(go on, department): the typed department normalised; ``None`` when empty or Corsica's
    old code (then derived from the commune code); go on is False after a blocking problem."""
    if department_raw is None:
        return True, None
    department = normalize_department(department_raw)
    if department is None:
        c.add(
            "birth_department",
            Text(
                _lt(
                    "Department of birth: unknown code; enter the department number (e.g. 077, "
                    "02A, 974)."
                )
            ),
        )
        return False, None
    if department in REFUSED_COLLECTIVITY_DEPARTMENTS:
        _overseas_collectivity_problem(c, "birth_department", department)
        return False, None
    if department == contract.OLD_CORSICA_DEPARTMENT:
        c.add(
            "birth_department",
            Text(
                _lt(
                    "Department of birth: 20 is Corsica's old code (before 1976); enter 2A "
                    "(Corse-du-Sud) or 2B (Haute-Corse), or leave it empty: it is derived from the "
                    "town's INSEE code."
                )
            ),
        )
        return True, None
    return True, department


def _check_birth_commune_code(
    c: ProblemCollector, commune_raw: str | None
) -> tuple[bool, str | None]:
    """(go on, commune code): ``None`` when missing or malformed (a problem is added); go on is
    False for Corsica's pre-1976 codes."""
    if commune_raw is None:
        c.add(
            "birth_commune_code",
            Text(
                _lt(
                    "INSEE code of birth town: required for a person born in France (5 characters, "
                    "e.g. 77288, 2A004, 97411; it is not the postal code)."
                )
            ),
        )
        return True, None
    commune = normalize_insee_commune(commune_raw)
    if commune is None:
        c.add(
            "birth_commune_code",
            Text(
                _lt("INSEE code of birth town: 5 characters expected (e.g. 77288, 2A004, 97411).")
            ),
        )
        return True, None
    if commune.startswith("20"):
        c.add(
            "birth_commune_code",
            Text(
                _lt(
                    "INSEE code of birth town: %(code)s is an old Corsican code (before 1976); "
                    "enter the current code, in 2A (Corse-du-Sud) or 2B (Haute-Corse), e.g. 2A004 "
                    "for Ajaccio, 2B033 for Bastia."
                ),
                code=commune,
            ),
        )
        return False, None
    return True, commune


def _check_commune_department(
    c: ProblemCollector, commune: str, department: str | None
) -> str | None:
    """The department sent: the commune's, which the typed one (if any) must match."""
    expected = department_of_commune(commune)
    if expected in REFUSED_COLLECTIVITY_DEPARTMENTS:
        _overseas_collectivity_problem(c, "birth_commune_code", commune)
        return None
    if department is None:
        department = expected
    elif department != expected:
        c.add(
            "birth_commune_code",
            Text(
                _lt(
                    "INSEE code of birth town: %(code)s is not in department %(department)s; "
                    "check the town code and the department."
                ),
                code=commune,
                department=department,
            ),
        )
        return None
    if (
        not contract.BIRTH_DEPARTMENT_RE.fullmatch(department)
        or normalize_department(department) != department
    ):
        c.add(
            "birth_commune_code",
            Text(
                _lt("INSEE code of birth town: %(code)s matches no known department; check it."),
                code=commune,
            ),
        )
        return None
    return department


def _overseas_collectivity_problem(c: ProblemCollector, field_name: str, code: str) -> None:
    c.add(
        field_name,
        Text(
            _lt(
                "Place of birth: %(code)s is in a French overseas collectivity of the Pacific or "
                "in the French Southern Lands (Wallis-and-Futuna, French Polynesia, New "
                "Caledonia, French Southern and Antarctic Lands). URSSAF's documentation does not "
                "say how to encode these places of birth (only the rule for the overseas "
                "departments is known, also applied to Saint-Pierre-and-Miquelon, "
                "Saint-Barthélemy and Saint-Martin): ask URSSAF which codes to use before "
                "registering this client."
            ),
            code=code,
        ),
    )


def check_birth_commune_label(c: ProblemCollector, data: object) -> str | None:
    """The birth commune label as sent: typographic apostrophes and hyphens normalised, then
    only letters, digits 0-9, spaces, ``'`` and ``-`` (what URSSAF's "alphanumeric" accepts)."""
    label = c.free_text(
        data, "birth_commune_label", contract.BIRTH_COMMUNE_LABEL_MAX_LENGTH, required=True
    )
    if label is None:
        return None
    label = clean_name(label)
    refused = contract.birth_commune_label_refused_characters(label)
    if refused:
        shown = join(Text(_lt('"%(character)s"'), character=char) for char in refused)
        c.add(
            "birth_commune_label",
            Text(
                _lt(
                    "Town of birth: character(s) refused by URSSAF: %(characters)s. Only letters "
                    "(accents allowed), digits, spaces, apostrophes and hyphens are accepted: "
                    'write the town\'s full name, without dots or brackets (e.g. "Saint-Denis", '
                    'not "St. Denis"; "Paris", not "Paris (75)").'
                ),
                characters=shown,
            ),
        )
        return None
    if not any(contract.is_letter(char) for char in label):
        c.add(
            "birth_commune_label",
            Text(
                _lt(
                    'Town of birth: enter the name of the town in letters (e.g. "Melun", '
                    '"Saint-Denis"), not a code.'
                )
            ),
        )
        return None
    return label
