"""Invoice data → checked E3 payload (``InputDemandePaiement``).

:func:`prepare_payment_request` runs every check (:mod:`.checks`, :mod:`.amounts`) and builds the
payload only when there is no problem (:func:`check_payment_request`: its problems alone), so a
payload is only ever built from data that passed every check. Nothing here raises on bad data.

The payload is plain JSON data: amounts are JSON numbers (``int`` when whole, else ``float``,
whose shortest text is exactly the Decimal's: ``254.54``), dates ``YYYY-MM-DDT00:00:00Z``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from .. import contract
from ..texts import Text, _lt
from ..validation import Problem
from .amounts import PreparedAmounts, prepare_amounts
from .checks import check_dates, check_deposit, check_header, check_hours, check_line, warn_amounts
from .data import PaymentRequestData
from .problems import Reporter


@dataclass
class PreparedRequest:
    """The outcome of the checks: ``payload`` is ``None`` when ``problems`` is not empty.
    ``warnings`` never block the sending (e.g. a deposit without URSSAF's authorisation);
    ``notes`` say what was done to the amounts (the rounding cent)."""

    payload: dict | None
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    notes: list[Text] = field(default_factory=list)
    amounts: PreparedAmounts | None = None


def json_number(value: Decimal) -> int | float:
    """A Decimal as a JSON number: ``int`` when whole, else ``float`` (exact in its text)."""
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def _day(value: date) -> str:
    return value.strftime(contract.API_DATE_FORMAT)


def prepare_payment_request(data: PaymentRequestData, today: date) -> PreparedRequest:
    """Check everything and build the payload when nothing is wrong. Never raises."""
    report = Reporter(getattr(data, "invoice_number", None))
    if getattr(data, "is_credit_note", False):
        report.field(
            "is_credit_note",
            Text(
                _lt(
                    "a credit note cannot be sent to URSSAF (negative amounts are refused). If the "
                    "invoice was sent, only URSSAF can cancel it (ask from your URSSAF space); "
                    "then invoice again under a new number."
                )
            ),
        )
        return PreparedRequest(None, report.problems)
    clean = check_header(data, today, report)
    check_dates(data, today, clean, report)
    lines = getattr(data, "lines", None)
    lines = list(lines) if isinstance(lines, list | tuple) else []
    if not lines:
        report.field(
            "lines",
            Text(_lt("no service line: add the services billed.")),
        )
    described = [check_line(index, line, clean, report) for index, line in enumerate(lines)]
    check_hours(data, lines, described, report)
    amounts = prepare_amounts(
        lines, getattr(data, "total_ht", None), getattr(data, "total_ttc", None), report
    )
    check_deposit(data, clean, report)
    if amounts is not None:
        _check_exact(amounts, lines, report)
    warnings = _warnings(data, report)
    if report.problems or amounts is None:
        return PreparedRequest(None, report.problems, warnings, amounts=amounts)
    notes = []
    if amounts.adjustment is not None:
        adj = amounts.adjustment
        notes.append(
            Text(
                _lt(
                    "Rounding: %(ttc)s € incl. VAT (%(vat)s € of VAT) placed on line %(line)s so "
                    "that the lines add up to the invoice total."
                ),
                ttc=adj.ttc,
                vat=adj.vat,
                line=adj.index + 1,
            )
        )
    for index in amounts.split:
        notes.append(
            Text(
                _lt(
                    "Line %(line)s is sent as two items (the quantity less one unit, then one "
                    "unit): no unit price including VAT with 3 decimals gives its amount to the "
                    "cent; quantities and amounts are unchanged."
                ),
                line=index + 1,
            )
        )
    payload = _payload(clean, described, amounts)
    return PreparedRequest(payload, [], warnings, notes, amounts)


def _exact(value: Decimal) -> bool:
    """``value`` is exactly the JSON number sent for it (a float carries about 15 significant
    digits: 99,999,999,999,999.99 would be sent as …98)."""
    number = json_number(value)
    return isinstance(number, int) or Decimal(repr(number)) == value


def _check_exact(amounts: PreparedAmounts, lines: list, report: Reporter) -> None:
    """Amounts too large to be written exactly in the request are refused: the request would
    not say what the invoice says (URSSAF sets no maximum; such amounts are typos anyway)."""
    for name, value in (("total_ttc", amounts.total_ttc), ("total_ht", amounts.total_ht)):
        if not _exact(value):
            report.field(
                name,
                Text(
                    _lt(
                        "%(amount)s € cannot be written exactly in the request (too many digits): "
                        "check the quantities and prices."
                    ),
                    amount=value,
                ),
            )
    for item in amounts.lines:
        values = (item.quantity, item.unit_price_ttc, item.ttc, item.ht, item.vat)
        if not all(_exact(value) for value in values):
            report.line(
                item.source,
                lines[item.source],
                "amount_ttc",
                Text(
                    _lt(
                        "%(quantity)s × %(price)s € = %(amount)s € cannot be written exactly in "
                        "the request (too many digits): check the quantity and the price."
                    ),
                    quantity=item.quantity,
                    price=item.unit_price_ttc,
                    amount=item.ttc,
                ),
            )


def _warnings(data: PaymentRequestData, report: Reporter) -> list[Problem]:
    """What does not block the sending (``Problem.blocking`` False): the deposit's
    authorisation, then the plausible amounts (:func:`.checks.warn_amounts`)."""
    deposit = getattr(data, "deposit_amount", None)
    if deposit and not getattr(data, "deposits_authorised", False):
        report.warn(
            "deposit_amount",
            Text(
                _lt(
                    "URSSAF must have authorised your organisation to declare deposits, otherwise "
                    "it refuses the request (ERR_ACOMPTE_BLOQUE). If it has, say so in the URSSAF "
                    "settings."
                )
            ),
        )
    warn_amounts(data, report)
    return report.warnings


def _payload(clean: dict, described: list, amounts: PreparedAmounts) -> dict:
    payload: dict = {
        "idTiersFacturation": contract.ID_TIERS_FACTURATION_PLACEHOLDER,
        "idClient": clean["id_client"],
        "dateNaissanceClient": clean["birth_date"].strftime(contract.BIRTH_DATE_FORMAT),
        "numFactureTiers": clean["invoice_number"],
        "dateFacture": _day(clean["invoice_date"]),
        "dateDebutEmploi": _day(clean["start"]),
        "dateFinEmploi": _day(clean["end"]),
    }
    if "deposit" in clean:
        amount, paid_on = clean["deposit"]
        payload["mntAcompte"] = json_number(amount)
        payload["dateVersementAcompte"] = _day(paid_on)
    payload["mntFactureTTC"] = json_number(amounts.total_ttc)
    payload["mntFactureHT"] = json_number(amounts.total_ht)
    items = []
    for line in amounts.lines:
        nature, unit, start, end = described[line.source]
        item = {
            "codeNature": nature,
            "quantite": json_number(line.quantity),
            "unite": unit,
            "mntUnitaireTTC": json_number(line.unit_price_ttc),
            "mntPrestationTTC": json_number(line.ttc),
            "mntPrestationHT": json_number(line.ht),
            "mntPrestationTVA": json_number(line.vat),
        }
        if start is not None:
            item["dateDebutEmploi"] = _day(start)
        if end is not None:
            item["dateFinEmploi"] = _day(end)
        item["complement2"] = clean["provider_id"]
        items.append(item)
    payload["inputPrestations"] = items
    return payload


def check_payment_request(data: PaymentRequestData, today: date) -> list[Problem]:
    """Every problem of the invoice as a payment request, at once; empty when it can be sent."""
    return prepare_payment_request(data, today).problems


def payment_request_warnings(data: PaymentRequestData) -> list[Problem]:
    """What does not block the sending but should be checked: a deposit URSSAF may refuse, an
    invoice above the warning amount, a client above the tax credit's yearly ceiling."""
    return _warnings(data, Reporter(getattr(data, "invoice_number", None)))
