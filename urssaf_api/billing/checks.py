"""Every rule of a payment request that is not an amount (amounts: :mod:`.amounts`).

Dates (contract §4 and §7): the service period lies in one calendar month, start ≤ end, nothing
in the future, not before the client's activation (same day allowed); the invoice date is on or
after the last day of service (services are billed once done) and not in the future; a line's
dates lie inside the period. The client's link must be active. Natures: known and eligible
(270 "other" is not). Unit: hour or flat rate. Deposit: at most 50 % of the invoice, paid on or
before the invoice date. EUR only; no credit note.

Plausible amounts (not URSSAF's rules, which set no maximum: a typo must not become a debit,
since the client's silence validates a request after 48 h): at most 24 hours of service per day
of the period, per invoice and per line with its own dates (refused); an invoice above the
company's warning amount, and a client whose total sent in the year passes the yearly ceiling of
expenses for the tax credit (warned, not blocked).
"""

from __future__ import annotations

import unicodedata
from datetime import date, datetime
from decimal import Decimal

from .. import catalogue, contract
from ..texts import Day, Money, Text, _lt, join
from .amounts import decimals, to_decimal
from .data import PaymentLine, PaymentRequestData
from .problems import Reporter, _clean, line_name

#: Accepted spellings of the unit (``unite``).
UNITS = {
    "HEURE": "HEURE",
    "HOUR": "HEURE",
    "HOURS": "HEURE",
    "H": "HEURE",
    "FORFAIT": "FORFAIT",
    "FLAT": "FORFAIT",
    "FLAT_RATE": "FORFAIT",
}


#: A day has 24 hours: more hours than 24 per calendar day of the service period (first and last
#: day included) is a typo, never a service done.
MAX_HOURS_PER_DAY = Decimal(24)

#: Default of the company's warning amount (``l10n_fr_urssaf_warn_amount``): an invoice above it,
#: including VAT, is warned before it is sent.
DEFAULT_WARN_AMOUNT = Decimal(5000)

#: Yearly ceiling of the expenses that give the tax credit for home services, in the general case:
#: Code général des impôts, article 199 sexdecies, 3 (12,000 €; URSSAF's communication kit, FAQ for
#: clients: 6,000 € of tax credit a year, i.e. 12,000 € of expenses). The addon does not know the
#: household, so it warns at the general ceiling; the same article raises it (the figures below
#: are shown in the warning only):
TAX_CREDIT_CEILING = Decimal(12000)
#: + 1,500 € per dependent child, per member of the household over 65 ...
TAX_CREDIT_CEILING_INCREASE = Decimal(1500)
#: ... up to 15,000 €;
TAX_CREDIT_CEILING_MAX = Decimal(15000)
#: the first year the client uses home services: 15,000 €, raised the same way up to 18,000 €;
TAX_CREDIT_CEILING_FIRST_YEAR = Decimal(15000)
TAX_CREDIT_CEILING_FIRST_YEAR_MAX = Decimal(18000)
#: 20,000 € when a member of the household is disabled (carte d'invalidité, pension of the third
#: category, child entitled to the AEEH's complement).
TAX_CREDIT_CEILING_DISABLED = Decimal(20000)


def as_date(value: object) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def normalize_unit(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    return UNITS.get(value.strip().upper().replace(" ", "_"))


def check_header(data: PaymentRequestData, today: date, report: Reporter) -> dict:
    """Invoice, client and provider fields; returns the clean values (``None`` when invalid)."""
    clean: dict = {}
    number = getattr(data, "invoice_number", None)
    if not isinstance(number, str) or not number.strip():
        report.field("invoice_number", Text(_lt("required (post it).")))
    elif any(unicodedata.category(c)[0] == "C" for c in number) or number != number.strip():
        report.field(
            "invoice_number",
            Text(_lt("invisible characters or edge spaces: correct the numbering sequence.")),
        )
    else:
        clean["invoice_number"] = number
    currency = getattr(data, "currency", None)
    if not isinstance(currency, str) or currency.strip().upper() != "EUR":
        report.field(
            "currency",
            Text(
                _lt(
                    "the immediate advance is declared in euros only (%(currency)s): invoice in "
                    "EUR."
                ),
                currency=currency or Text(_lt("none")),
            ),
        )
    id_client = getattr(data, "id_client", None)
    active_since = as_date(getattr(data, "client_active_since", None))
    if not isinstance(id_client, str) or not id_client.strip():
        report.field(
            "id_client",
            Text(
                _lt("the client is not registered with URSSAF: register them from their contact.")
            ),
        )
    elif getattr(data, "client_active", False) is not True or active_since is None:
        report.field(
            "client_active",
            Text(
                _lt(
                    "the client's URSSAF link is not active: they must activate their account; "
                    "refresh their URSSAF status."
                )
            ),
        )
    else:
        clean["id_client"] = id_client.strip()
        clean["active_since"] = active_since
    birth = as_date(getattr(data, "client_birth_date", None))
    if birth is None:
        report.field(
            "client_birth_date",
            Text(_lt("fill it on the client's URSSAF tab (the registered one).")),
        )
    elif birth >= today:
        report.field(
            "client_birth_date",
            Text(
                _lt(
                    "%(date)s is not in the past: correct it on the client's URSSAF tab (the "
                    "registered one)."
                ),
                date=Day(birth),
            ),
        )
        birth = None
    clean["birth_date"] = birth
    provider = getattr(data, "provider_id", None)
    if not isinstance(provider, str) or not contract.COMPLEMENT2_RE.fullmatch(provider.strip()):
        report.field(
            "provider_id",
            Text(
                _lt(
                    "SAP followed by the 9-digit NOVA number, or SIR followed by the 14-digit "
                    "SIRET: set it in the URSSAF settings."
                )
            ),
        )
    else:
        clean["provider_id"] = provider.strip()
    return clean


def check_dates(data: PaymentRequestData, today: date, clean: dict, report: Reporter) -> None:
    """Service period and invoice date; sets ``clean["start"]``, ``clean["end"]`` and
    ``clean["invoice_date"]`` when they are all valid."""
    start = as_date(getattr(data, "start_date", None))
    end = as_date(getattr(data, "end_date", None))
    invoice_date = as_date(getattr(data, "invoice_date", None))
    since = clean.get("active_since")
    ok = True
    for name, value in (("start_date", start), ("end_date", end), ("invoice_date", invoice_date)):
        if value is None:
            report.field(name, Text(_lt("required.")))
            ok = False
    if start and end and end < start:
        report.field(
            "end_date",
            Text(
                _lt("%(end)s is before the first day (%(start)s): correct the period."),
                end=Day(end),
                start=Day(start),
            ),
        )
        ok = False
    elif start and end and (start.year, start.month) != (end.year, end.month):
        report.field(
            "end_date",
            Text(
                _lt(
                    "the period (%(start)s – %(end)s) must lie within one calendar month: make one "
                    "invoice per month."
                ),
                start=Day(start),
                end=Day(end),
            ),
        )
        ok = False
    for name, value in (("start_date", start), ("end_date", end)):
        if value and value > today:
            report.field(
                name,
                Text(
                    _lt("%(date)s is in the future: only services already done can be billed."),
                    date=Day(value),
                ),
            )
            ok = False
    if start and since and start < since:
        report.field(
            "start_date",
            Text(
                _lt(
                    "%(start)s is before the client's activation (%(since)s): earlier services are "
                    "billed outside the immediate advance."
                ),
                start=Day(start),
                since=Day(since),
            ),
        )
        ok = False
    if invoice_date and invoice_date > today:
        report.field(
            "invoice_date",
            Text(
                _lt("%(date)s is in the future."),
                date=Day(invoice_date),
            ),
        )
        ok = False
    if invoice_date and end and invoice_date < end:
        report.field(
            "invoice_date",
            Text(
                _lt(
                    "%(date)s is before the last day of service (%(end)s): services are billed "
                    "once done; correct the date or the period."
                ),
                date=Day(invoice_date),
                end=Day(end),
            ),
        )
        ok = False
    if ok:
        clean.update(start=start, end=end, invoice_date=invoice_date)


def check_line(
    index: int, line: PaymentLine, clean: dict, report: Reporter
) -> tuple[str | None, str | None, date | None, date | None]:
    """Nature, unit and dates of one line; returns (nature, unit, start, end)."""
    raw = getattr(line, "nature_code", None)
    code = raw.strip() if isinstance(raw, str) else None
    nature = catalogue.nature(code) if code else None
    if not code:
        report.line(
            index,
            line,
            "nature_code",
            Text(_lt("choose it on the product (URSSAF home-service nature).")),
        )
        code = None
    elif not nature.known:
        report.line(
            index,
            line,
            "nature_code",
            Text(
                _lt("unknown code %(code)s: choose a nature from URSSAF's list on the product."),
                code=code,
            ),
        )
        code = None
    elif not nature.eligible:
        report.line(
            index,
            line,
            "nature_code",
            Text(
                _lt(
                    '"%(nature)s" (%(code)s) is not eligible for the immediate advance: bill this '
                    "service on another invoice, outside the immediate advance."
                ),
                nature=nature.label,
                code=code,
            ),
        )
        code = None
    unit = normalize_unit(getattr(line, "unit", None))
    if unit is None:
        report.line(
            index,
            line,
            "unit",
            Text(_lt("hour or flat rate, to choose on the product.")),
        )
    start = as_date(getattr(line, "start_date", None))
    end = as_date(getattr(line, "end_date", None))
    period = (clean.get("start"), clean.get("end"))
    for name, value in (("line_start_date", start), ("line_end_date", end)):
        if value is None or None in period:
            continue
        if not period[0] <= value <= period[1]:
            report.line(
                index,
                line,
                name,
                Text(
                    _lt(
                        "%(date)s is outside the invoice's period (%(start)s – %(end)s): correct "
                        "the line or the period."
                    ),
                    date=Day(value),
                    start=Day(period[0]),
                    end=Day(period[1]),
                ),
            )
    if start and end and end < start:
        report.line(index, line, "line_end_date", Text(_lt("before its start.")))
    return code, unit, start, end


def check_deposit(data: PaymentRequestData, clean: dict, report: Reporter) -> None:
    """``mntAcompte`` / ``dateVersementAcompte``; sets ``clean["deposit"]`` when there is one."""
    raw_amount = getattr(data, "deposit_amount", None)
    amount = to_decimal(raw_amount)
    paid_on = as_date(getattr(data, "deposit_date", None))
    if raw_amount is None or amount == 0:
        if paid_on is not None:
            report.field(
                "deposit_amount",
                Text(_lt("a payment date without an amount: give the deposit or remove the date.")),
            )
        return
    if amount is None or amount < 0 or decimals(amount) > 2:
        report.field(
            "deposit_amount",
            Text(_lt("a positive amount with at most 2 decimals is expected.")),
        )
        return
    total = to_decimal(getattr(data, "total_ttc", None))
    if total is not None and amount * 2 > total:
        report.field(
            "deposit_amount",
            Text(
                _lt(
                    "%(amount)s € is more than 50 %% of the invoice (%(total)s €): URSSAF would "
                    "refuse it."
                ),
                amount=amount,
                total=total,
            ),
        )
        return
    invoice_date = as_date(getattr(data, "invoice_date", None))
    if paid_on is None:
        report.field("deposit_date", Text(_lt("required with a deposit.")))
        return
    if invoice_date is not None and paid_on > invoice_date:
        report.field(
            "deposit_date",
            Text(
                _lt("%(date)s is after the invoice date: a deposit is paid before."),
                date=Day(paid_on),
            ),
        )
        return
    clean["deposit"] = (amount, paid_on)


def _days(start: date, end: date) -> int:
    """Calendar days from ``start`` to ``end``, both included."""
    return (end - start).days + 1


def _hours(value: Decimal) -> str:
    return f"{value.normalize():f}"


def check_hours(data: PaymentRequestData, lines: list, described: list, report: Reporter) -> None:
    """At most :data:`MAX_HOURS_PER_DAY` hours per day of service: the hours of the invoice
    (lines whose unit is the hour) against the days of its period, and each line that has its own
    service dates against its own days. Not checked without a period (start ≤ end)."""
    start = as_date(getattr(data, "start_date", None))
    end = as_date(getattr(data, "end_date", None))
    if start is None or end is None or end < start:
        return
    total = Decimal(0)
    where = []
    for index, (line, (_code, unit, line_start, line_end)) in enumerate(
        zip(lines, described, strict=True)
    ):
        quantity = to_decimal(getattr(line, "quantity", None))
        if unit != "HEURE" or quantity is None or quantity <= 0:
            continue
        total += quantity
        label = _clean(getattr(line, "label", None))
        where.append(
            Text(
                _lt("%(line)s: %(hours)s h"),
                line=line_name(index, label),
                hours=_hours(quantity),
            )
        )
        if line_start is None and line_end is None:
            continue
        first, last = line_start or start, line_end or end
        if last < first:
            continue  # reported by check_line
        days = _days(first, last)
        if quantity > MAX_HOURS_PER_DAY * days:
            maximum = MAX_HOURS_PER_DAY * days
            report.line(
                index,
                line,
                "quantity",
                Text(
                    _lt(
                        "%(hours)s h from %(first)s to %(last)s (%(days)s day(s)): more than 24 "
                        "hours a day (%(max)s h at most); correct the quantity (in hours) or the "
                        "line's dates."
                    ),
                    hours=_hours(quantity),
                    first=Day(first),
                    last=Day(last),
                    days=days,
                    max=_hours(maximum),
                ),
            )
    days = _days(start, end)
    maximum = MAX_HOURS_PER_DAY * days
    if total > maximum:
        report.field(
            "lines",
            Text(
                _lt(
                    "%(hours)s hours billed (%(lines)s) for %(days)s day(s) of service (%(start)s "
                    "to %(end)s): more than 24 hours a day (%(max)s h at most); correct the "
                    "quantities (in hours) or the service period."
                ),
                hours=_hours(total),
                lines=join(where),
                days=days,
                start=Day(start),
                end=Day(end),
                max=_hours(maximum),
            ),
        )


def warn_amounts(data: PaymentRequestData, report: Reporter) -> None:
    """Warnings (they never block): the invoice above the company's warning amount
    (``warn_amount``, ``None`` or 0: none), and the client's year total sent through URSSAF
    (``client_year_total``, this invoice not included; ``None``: unknown) with this invoice above
    :data:`TAX_CREDIT_CEILING`."""
    total = to_decimal(getattr(data, "total_ttc", None))
    if total is None or total <= 0:
        return
    threshold = to_decimal(getattr(data, "warn_amount", None))
    if threshold is not None and threshold > 0 and total > threshold:
        report.field(
            "total_ttc",
            Text(
                _lt(
                    "%(total)s is above your company's warning amount (%(threshold)s): check the "
                    "quantities and prices before sending; without the client's answer within 48 "
                    "hours, the request is validated and the client debited."
                ),
                total=Money(total),
                threshold=Money(threshold),
            ),
            warning=True,
        )
    before = to_decimal(getattr(data, "client_year_total", None))
    start = as_date(getattr(data, "start_date", None))
    if before is None or start is None:
        return
    year_total = before + total
    if year_total > TAX_CREDIT_CEILING:
        ceiling = TAX_CREDIT_CEILING
        report.field(
            "total_ttc",
            Text(
                _lt(
                    "with this invoice, this client's services sent to URSSAF by your company for "
                    "%(year)s reach %(year_total)s, above the yearly ceiling of expenses for the "
                    "tax credit (%(ceiling)s in the general case, article 199 sexdecies of the "
                    "French tax code). Their ceiling may be higher (+ %(increase)s per dependent "
                    "child or member of the household over 65, up to %(max)s; %(first_year_max)s "
                    "at most the first year; %(disabled)s with a disabled member of the "
                    "household). Above their ceiling, the expense gives no tax credit: the advance "
                    "URSSAF paid on that part is taken back from the client with their income tax. "
                    "Check their situation with them before sending."
                ),
                year=start.year,
                year_total=Money(year_total),
                ceiling=Money(ceiling),
                increase=Money(TAX_CREDIT_CEILING_INCREASE),
                max=Money(TAX_CREDIT_CEILING_MAX),
                first_year_max=Money(TAX_CREDIT_CEILING_FIRST_YEAR_MAX),
                disabled=Money(TAX_CREDIT_CEILING_DISABLED),
            ),
            warning=True,
        )
