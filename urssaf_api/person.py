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
from .texts import Text, _lt
from .validation import ProblemCollector, get_field


def check_civility(c: ProblemCollector, data: object) -> str | None:
    value = c.text(data, "civility")
    if value is None:
        c.add("civility", Text(_lt("Title: choose Mr (Monsieur) or Mrs (Madame).")))
        return None
    code = normalize_civility(value)
    if code is None:
        c.add("civility", Text(_lt("Title: unknown value; choose Mr (1) or Mrs (2).")))
    return code


def check_name(c: ProblemCollector, data: object, name: str, required: bool) -> str | None:
    """A birth or usage name as sent."""
    value = c.text(data, name)
    label = c.label(name)
    if value is None:
        if required:
            c.required(name)
        return None
    value = clean_name(value)
    if len(value) > contract.NAME_MAX_LENGTH:
        c.add(
            name,
            Text(
                _lt("%(label)s: at most %(max)s characters (%(length)s entered)."),
                label=label,
                max=contract.NAME_MAX_LENGTH,
                length=len(value),
            ),
        )
        return None
    if not contract.is_valid_name(value):
        if any(ch.isdigit() for ch in value):
            why = Text(_lt("must not contain digits"))
        else:
            why = Text(
                _lt(
                    "only letters (accents allowed), apostrophes, hyphens and spaces, starting "
                    "and ending with a letter"
                )
            )
        c.add(name, Text(_lt("%(label)s: %(why)s."), label=label, why=why))
        return None
    return value


def check_first_names(c: ProblemCollector, data: object) -> str | None:
    """The first names as sent; when they are longer than the contract allows, the leading whole
    first names that fit, with a warning (the contract asks for the usual first names)."""
    value = c.text(data, "first_names")
    if value is None:
        c.add(
            "first_names",
            Text(
                _lt(
                    "First names: required (the first names the tax office knows, separated by "
                    "spaces)."
                )
            ),
        )
        return None
    value = normalize_first_names(value)
    if not contract.is_valid_first_names(value, max_length=len(value)):  # the shape only
        c.add(
            "first_names",
            Text(
                _lt(
                    "First names: letters only, separated by single spaces; apostrophes and "
                    'hyphens only inside a name (e.g. "Jean-Pierre Marie"), no digits.'
                )
            ),
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
            Text(
                _lt(
                    "First names: at most %(max)s characters (%(length)s entered); keep the "
                    "usual first names."
                ),
                max=limit,
                length=len(value),
            ),
        )
        return None
    c.warn(
        "first_names",
        Text(
            _lt(
                "First names: %(length)s characters, more than the %(max)s URSSAF accepts; only "
                'the leading whole first names that fit will be sent: "%(kept)s". To send other '
                "first names (the client's usual ones), edit the first names in the contact's "
                "URSSAF tab."
            ),
            length=len(value),
            max=limit,
            kept=kept,
        ),
    )
    return kept


def check_birth_date(c: ProblemCollector, data: object, today: date) -> str | None:
    raw = get_field(data, "birth_date")
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        c.add("birth_date", Text(_lt("Date of birth: required.")))
        return None
    value = to_date(raw)
    if value is None:
        c.add("birth_date", Text(_lt("Date of birth: invalid date (expected format DD/MM/YYYY).")))
        return None
    if value > today:
        c.add("birth_date", Text(_lt("Date of birth: it is in the future; correct it.")))
        return None
    if value.year < 1900:
        c.add("birth_date", Text(_lt("Date of birth: year before 1900; check it.")))
        return None
    return value.strftime(contract.BIRTH_DATE_FORMAT)


def check_mobile(c: ProblemCollector, data: object) -> str | None:
    raw = get_field(data, "mobile")
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        c.add("mobile", Text(_lt("Mobile phone: required for the registration.")))
        return None
    value = normalize_mobile(raw)
    if value is not None:
        return value
    value = contract_mobile(raw)
    if value is None:
        c.add(
            "mobile",
            Text(
                _lt(
                    "Mobile phone: enter a valid French mobile number (06 or 07, e.g. 06 12 34 "
                    "56 78 or +33 6 12 34 56 78); landlines are not accepted."
                )
            ),
        )
        return None
    c.warn(
        "mobile",
        Text(
            _lt(
                "Mobile phone: %(number)s has the form of a French mobile number but is not "
                "among the allocated numbers this software knows (its list may lag behind new "
                "allocations); check this number with the client."
            ),
            number=value,
        ),
    )
    return value


def check_email(c: ProblemCollector, data: object) -> str | None:
    value = c.text(data, "email")
    if value is None:
        c.add("email", Text(_lt("E-mail address: required.")))
        return None
    if contract.EMAIL_RE.fullmatch(value):
        return value
    if "+" in value.split("@")[0]:
        c.add(
            "email",
            Text(
                _lt(
                    "E-mail address: URSSAF does not accept a + before the @; use the address "
                    'without the "+…" part.'
                )
            ),
        )
    else:
        c.add(
            "email",
            Text(
                _lt(
                    "E-mail address: invalid format (e.g. jeanne.martin@example.com; unaccented "
                    "letters, digits, dots, hyphens and _ only)."
                )
            ),
        )
    return None
