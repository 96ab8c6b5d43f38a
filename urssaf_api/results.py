"""What URSSAF answers, as dataclasses, and the tolerant parsers that build them.

The parsers never raise on odd JSON: a missing or oddly typed value becomes ``None`` (the raw
answer stays in ``raw``); only the client decides when an answer is unusable. ``raw_json`` is that
raw answer as text with IBANs, tokens and secrets masked: what the addon keeps and shows.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from . import contract
from .errors import ErrorItem
from .redaction import redact


def redacted_json(raw: object) -> str | None:
    """URSSAF's raw answer as indented JSON (keys sorted), with IBANs masked and tokens and
    secrets replaced (:func:`~.redaction.redact`); ``None`` for an empty answer."""
    if not raw:
        return None
    return redact(json.dumps(raw, ensure_ascii=False, indent=2, sort_keys=True, default=str))


@dataclass
class ClientStatus:
    """E2 answer. ``accepted_on`` is parsed from ``description`` (``dd/mm/yyyy[ hh:mm[:ss]]``)
    only when ``etat`` is ``OK``."""

    id_client: str
    code: str
    description: str
    etat: str
    accepted_on: date | None
    raw: dict = field(default_factory=dict, repr=False)

    @property
    def active(self) -> bool:
        return self.code == "APPAREILLAGE_VALIDE"


@dataclass
class SubmitResult:
    """One item of the E3 answer.

    ``ok`` is True when URSSAF gave an ``idDemandePaiement`` (the request exists at URSSAF, even if
    ``errors`` carries non-blocking remarks); otherwise ``errors`` says why it was refused.
    """

    id_client: str | None
    id_payment_request: str | None
    invoice_number: str | None
    status: str | None
    errors: list[ErrorItem] = field(default_factory=list)
    raw: dict = field(default_factory=dict, repr=False)

    @property
    def ok(self) -> bool:
        return bool(self.id_payment_request)

    @property
    def raw_json(self) -> str | None:
        """The item as URSSAF sent it, redacted (see :func:`redacted_json`)."""
        return redacted_json(self.raw)


@dataclass
class PaymentRequestInfo:
    """One item of ``infoDemandePaiements`` (E4)."""

    id_payment_request: str | None
    invoice_number: str | None
    id_client: str | None
    status: str | None
    status_label: str | None
    reject_code: str | None
    reject_comment: str | None
    transfer_amount: Decimal | None
    transfer_date: date | None
    request: dict = field(default_factory=dict, repr=False)
    raw: dict = field(default_factory=dict, repr=False)

    @property
    def raw_json(self) -> str | None:
        """The item as URSSAF sent it, redacted (see :func:`redacted_json`)."""
        return redacted_json(self.raw)


@dataclass
class SearchResult:
    """E4 answer. A 400 whose only error is ``ERR_RECHERCHE_VIDE`` gives an empty ``items`` with
    that error in ``errors`` (nothing found is not a failure)."""

    items: list[PaymentRequestInfo]
    errors: list[ErrorItem] = field(default_factory=list)


# --------------------------------------------------------------------------------------------
# Values
# --------------------------------------------------------------------------------------------


def str_or_none(value: object) -> str | None:
    """``str(value)``, or ``None`` for ``None`` and the empty string."""
    if value is None:
        return None
    text = value if isinstance(value, str) else str(value)
    return text if text != "" else None


def parse_acceptance_date(description: object) -> date | None:
    """Parse E2's ``statut.description`` ``dd/mm/yyyy[ hh:mm[:ss]]`` (also tolerates ISO
    ``yyyy-mm-dd…``); ``None`` when it is not a valid date."""
    if not isinstance(description, str):
        return None
    match = contract.CLIENT_ACCEPTANCE_DATE_RE.fullmatch(description)
    try:
        if match:
            day, month, year = int(match.group(1)), int(match.group(2)), int(match.group(3))
            return date(year, month, day)
        return parse_api_date(description)
    except ValueError:
        return None


_ISO_DATE_RE = re.compile(r"^\s*([0-9]{4})-([0-9]{2})-([0-9]{2})(?:[T ].*)?$", re.ASCII)
_FR_DATE_RE = re.compile(r"^\s*([0-9]{2})/([0-9]{2})/([0-9]{4})(?:[T ].*)?$", re.ASCII)


def parse_api_date(value: object) -> date | None:
    """Calendar date of an URSSAF date(-time): ``2019-12-05T00:00:00Z`` → 2019-12-05 (the date
    part is taken as written), also ``dd/mm/yyyy``. ``None`` when unparseable."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        return None
    try:
        match = _ISO_DATE_RE.fullmatch(value)
        if match:
            return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        match = _FR_DATE_RE.fullmatch(value)
        if match:
            return date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
    except ValueError:
        return None
    return None


def decimal_or_none(value: object) -> Decimal | None:
    """A ``Decimal`` from a number or a numeric string (``"12,50"`` too), else ``None``."""
    if value is None or isinstance(value, bool):
        return None
    try:
        if isinstance(value, float):
            return Decimal(repr(value))
        if isinstance(value, int | Decimal):
            return Decimal(value)
        if isinstance(value, str) and value.strip():
            return Decimal(value.strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        return None
    return None


def error_items(value: object) -> list[ErrorItem]:
    """The error items of a JSON array of errors (or of one error object)."""
    if isinstance(value, list):
        return [ErrorItem.from_json(v) for v in value]
    if isinstance(value, dict):
        return [ErrorItem.from_json(value)]
    return []


def errors_of(data: object) -> list[ErrorItem]:
    """Error items of an error body: an array, ``{errors|Errors: [...]}`` or one ``{code, …}``."""
    if isinstance(data, list):
        return error_items(data)
    if isinstance(data, dict):
        for key in ("errors", "Errors", "erreurs"):
            if data.get(key):
                return error_items(data[key])
        if "code" in data:
            return [ErrorItem.from_json(data)]
    return []


def _status_dict(value: object) -> dict:
    """``statut`` as a dict: ``{"code": value}`` when URSSAF gave a bare code."""
    if isinstance(value, dict):
        return value
    return {"code": value} if value is not None else {}


# --------------------------------------------------------------------------------------------
# Answers
# --------------------------------------------------------------------------------------------


def parse_client_status(data: dict, id_client: str) -> ClientStatus:
    """The :class:`ClientStatus` of an E2 answer (``id_client``: the one asked for)."""
    statut = _status_dict(data.get("statut"))
    code = str_or_none(statut.get("code")) or ""
    description = str_or_none(statut.get("description")) or ""
    etat = (str_or_none(statut.get("etat")) or "").strip().upper()
    accepted_on = parse_acceptance_date(description) if etat == "OK" else None
    return ClientStatus(
        id_client=str_or_none(data.get("idClient")) or id_client,
        code=code.strip(),
        description=description,
        etat=etat,
        accepted_on=accepted_on,
        raw=data,
    )


def parse_submit_results(data: list, sent: list[dict]) -> list[SubmitResult]:
    """One :class:`SubmitResult` per item of an E3 answer; the client id and invoice number
    missing from an item are taken from the request sent at the same position (only when the
    answer has as many items as were sent)."""
    results = []
    for index, raw in enumerate(data):
        raw = raw if isinstance(raw, dict) else {}
        request = sent[index] if len(data) == len(sent) else {}
        status = raw.get("statut")
        if isinstance(status, dict):
            status = status.get("code")
        results.append(
            SubmitResult(
                id_client=str_or_none(raw.get("idClient")) or str_or_none(request.get("idClient")),
                id_payment_request=str_or_none(raw.get("idDemandePaiement")),
                invoice_number=str_or_none(raw.get("numFactureTiers"))
                or str_or_none(request.get("numFactureTiers")),
                status=str_or_none(status),
                errors=error_items(raw.get("errors") or raw.get("Errors") or []),
                raw=raw,
            )
        )
    return results


def parse_payment_info(raw: object) -> PaymentRequestInfo:
    """One item of ``infoDemandePaiements`` (E4)."""
    raw = raw if isinstance(raw, dict) else {}
    request = raw.get("demandePaiement") if isinstance(raw.get("demandePaiement"), dict) else {}
    statut = _status_dict(raw.get("statut"))
    rejet = raw.get("infoRejet") if isinstance(raw.get("infoRejet"), dict) else {}
    virement = raw.get("infoVirement") if isinstance(raw.get("infoVirement"), dict) else {}
    return PaymentRequestInfo(
        id_payment_request=str_or_none(raw.get("idDemandePaiement")),
        invoice_number=str_or_none(request.get("numFactureTiers"))
        or str_or_none(raw.get("numFactureTiers")),
        id_client=str_or_none(request.get("idClient")) or str_or_none(raw.get("idClient")),
        status=str_or_none(statut.get("code")),
        status_label=str_or_none(statut.get("libelle")),
        reject_code=str_or_none(rejet.get("code")),
        reject_comment=str_or_none(rejet.get("commentaire")),
        transfer_amount=decimal_or_none(virement.get("mntVirement")),
        transfer_date=parse_api_date(virement.get("dateVirement")),
        request=request,
        raw=raw,
    )
