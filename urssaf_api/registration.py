"""Client registration (E1): user data → checked ``InputParticulierDTO`` payload.

:func:`validate_registration` returns every problem at once (never raises, whatever the input);
:func:`check_registration` also returns the warnings (non-blocking: to check with the client);
:func:`build_registration_payload` returns the payload or raises :class:`InvalidData`. Both run the
same code, so a payload is only ever built from data that passed every check.

The checks live with their concern, each module stating its decisions on the contract (§3 and its
uncertainties): :mod:`.person` (civility, names, first names, birth date, mobile, e-mail),
:mod:`.birthplace` (place of birth, overseas and Corsica rules), :mod:`.address` (postal address,
street parsing), :mod:`.bank` (IBAN, BIC, holder); :mod:`.normalize` holds the normalisers and
:mod:`.validation` the problem collector. Free-text fields must not contain control or invisible
characters.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, datetime

from . import contract
from .address import check_address
from .bank import check_bank, check_holder_is_client
from .birthplace import check_birthplace
from .person import (
    check_birth_date,
    check_civility,
    check_email,
    check_first_names,
    check_mobile,
    check_name,
)
from .texts import Text, _lt
from .validation import InvalidData, Problem, ProblemCollector


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


#: The registration fields, in the order of :class:`RegistrationData` (the single list).
REGISTRATION_FIELDS = tuple(f.name for f in fields(RegistrationData))

#: Field labels, for messages and for the Odoo layer.
FIELD_LABELS: dict[str, Text] = {
    "civility": Text(_lt("Title")),
    "birth_name": Text(_lt("Birth name")),
    "usage_name": Text(_lt("Usage name")),
    "first_names": Text(_lt("First names")),
    "birth_date": Text(_lt("Date of birth")),
    "birth_country_code": Text(_lt("Country of birth")),
    "birth_department": Text(_lt("Department of birth")),
    "birth_commune_code": Text(_lt("INSEE code of birth town")),
    "birth_commune_label": Text(_lt("Town of birth")),
    "mobile": Text(_lt("Mobile phone")),
    "email": Text(_lt("E-mail address")),
    "street_number": Text(_lt("Street number")),
    "street_letter": Text(_lt("Street number suffix (bis, ter…)")),
    "street_type_code": Text(_lt("Street type")),
    "street_label": Text(_lt("Street name")),
    "address_complement": Text(_lt("Address complement")),
    "lieu_dit": Text(_lt("Locality (lieu-dit)")),
    "commune_code": Text(_lt("INSEE code of the town")),
    "commune_label": Text(_lt("Town")),
    "zip_code": Text(_lt("Postal code")),
    "country_code": Text(_lt("Country")),
    "iban": Text(_lt("IBAN")),
    "bic": Text(_lt("BIC")),
    "account_holder": Text(_lt("Account holder")),
}
assert set(FIELD_LABELS) == set(REGISTRATION_FIELDS)


def _prepare(data: object, today: date | None) -> tuple[dict | None, ProblemCollector]:
    c = ProblemCollector(FIELD_LABELS)
    if today is None or not isinstance(today, date):
        today = date.today()
    elif isinstance(today, datetime):
        today = today.date()
    civility = check_civility(c, data)
    birth_name = check_name(c, data, "birth_name", required=True)
    usage_name = check_name(c, data, "usage_name", required=False)
    first_names = check_first_names(c, data)
    birth_date = check_birth_date(c, data, today)
    birthplace = check_birthplace(c, data)
    mobile = check_mobile(c, data)
    email = check_email(c, data)
    address = check_address(c, data)
    bank = check_bank(c, data)
    check_holder_is_client(c, c.text(data, "account_holder"), birth_name, usage_name)
    if c.problems:
        return None, c
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
    return payload, c


def check_registration(
    data: object, *, today: date | None = None
) -> tuple[list[Problem], list[Problem]]:
    """``(problems, warnings)`` of ``data`` (a :class:`RegistrationData` or a mapping with the
    same keys). Problems block the registration; warnings (``blocking=False``) do not: the data
    can be sent as they are, but the user should check what they say with the client. Never
    raises."""
    try:
        collector = _prepare(data, today)[1]
    except Exception as exc:  # pragma: no cover - last resort, validation must never raise
        problem = Problem(
            "data",
            Text(
                _lt("Unreadable data (%(error)s): check the client's record."),
                error=type(exc).__name__,
            ),
        )
        return [problem], []
    return collector.problems, collector.warnings


def validate_registration(data: object, *, today: date | None = None) -> list[Problem]:
    """Every blocking problem of ``data`` (see :func:`check_registration`); an empty list means
    :func:`build_registration_payload` will succeed. Never raises."""
    return check_registration(data, today=today)[0]


def build_registration_payload(data: object, *, today: date | None = None) -> dict:
    """The ``InputParticulierDTO`` payload for E1; raises :class:`InvalidData` listing every
    problem. Optional empty fields are omitted. Warnings do not prevent building it."""
    payload, collector = _prepare(data, today)
    if collector.problems or payload is None:
        raise InvalidData(collector.problems)
    return payload
