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
from .amounts import decimals, to_decimal
from .data import PaymentLine, PaymentRequestData
from .mention import euros
from .problems import Reporter, _clean

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


def euros_en(amount: Decimal) -> str:
    """``Decimal("12000")`` → ``"12,000.00 €"``."""
    return f"{amount.quantize(Decimal('0.01')):,.2f} €"


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


def _fr(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def normalize_unit(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    return UNITS.get(value.strip().upper().replace(" ", "_"))


def check_header(data: PaymentRequestData, today: date, report: Reporter) -> dict:
    """Invoice, client and provider fields; returns the clean values (``None`` when invalid)."""
    clean: dict = {}
    number = getattr(data, "invoice_number", None)
    if not isinstance(number, str) or not number.strip():
        report.field("invoice_number", "à renseigner (validez la facture).", "required (post it).")
    elif any(unicodedata.category(c)[0] == "C" for c in number) or number != number.strip():
        report.field(
            "invoice_number",
            "caractères invisibles ou espaces en bord : corrigez la séquence de numérotation.",
            "invisible characters or edge spaces: correct the numbering sequence.",
        )
    else:
        clean["invoice_number"] = number
    currency = getattr(data, "currency", None)
    if not isinstance(currency, str) or currency.strip().upper() != "EUR":
        report.field(
            "currency",
            f"l'avance immédiate ne se déclare qu'en euros ({currency or 'aucune'}) : facturez "
            "en EUR.",
            f"the immediate advance is declared in euros only ({currency or 'none'}): invoice in "
            "EUR.",
        )
    id_client = getattr(data, "id_client", None)
    active_since = as_date(getattr(data, "client_active_since", None))
    if not isinstance(id_client, str) or not id_client.strip():
        report.field(
            "id_client",
            "le client n'est pas inscrit à l'URSSAF : inscrivez-le depuis sa fiche contact.",
            "the client is not registered with URSSAF: register them from their contact.",
        )
    elif getattr(data, "client_active", False) is not True or active_since is None:
        report.field(
            "client_active",
            "le lien du client avec l'URSSAF n'est pas actif : il doit activer son compte ; "
            "actualisez son statut URSSAF.",
            "the client's URSSAF link is not active: they must activate their account; refresh "
            "their URSSAF status.",
        )
    else:
        clean["id_client"] = id_client.strip()
        clean["active_since"] = active_since
    birth = as_date(getattr(data, "client_birth_date", None))
    if birth is None:
        report.field(
            "client_birth_date",
            "à renseigner sur l'onglet URSSAF du client (celle de l'inscription).",
            "fill it on the client's URSSAF tab (the registered one).",
        )
    elif birth >= today:
        report.field(
            "client_birth_date",
            f"le {birth:%d/%m/%Y} n'est pas passé : corrigez-la sur l'onglet URSSAF du client "
            "(celle de l'inscription).",
            f"{birth:%d/%m/%Y} is not in the past: correct it on the client's URSSAF tab (the "
            "registered one).",
        )
        birth = None
    clean["birth_date"] = birth
    provider = getattr(data, "provider_id", None)
    if not isinstance(provider, str) or not contract.COMPLEMENT2_RE.fullmatch(provider.strip()):
        report.field(
            "provider_id",
            "SAP suivi des 9 chiffres du NOVA, ou SIR suivi des 14 chiffres du SIRET : "
            "renseignez-le dans les paramètres URSSAF.",
            "SAP followed by the 9-digit NOVA number, or SIR followed by the 14-digit SIRET: set "
            "it in the URSSAF settings.",
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
            report.field(name, "à renseigner.", "required.")
            ok = False
    if start and end and end < start:
        report.field(
            "end_date",
            f"le {_fr(end)} est avant le premier jour ({_fr(start)}) : corrigez la période.",
            f"{end} is before the first day ({start}): correct the period.",
        )
        ok = False
    elif start and end and (start.year, start.month) != (end.year, end.month):
        report.field(
            "end_date",
            f"la période ({_fr(start)} – {_fr(end)}) doit tenir dans un seul mois civil : "
            "faites une facture par mois.",
            f"the period ({start} – {end}) must lie within one calendar month: make one invoice "
            "per month.",
        )
        ok = False
    for name, value in (("start_date", start), ("end_date", end)):
        if value and value > today:
            report.field(
                name,
                f"le {_fr(value)} est dans le futur : on ne facture que des prestations réalisées.",
                f"{value} is in the future: only services already done can be billed.",
            )
            ok = False
    if start and since and start < since:
        report.field(
            "start_date",
            f"le {_fr(start)} est avant l'activation du client ({_fr(since)}) : les prestations "
            "antérieures se facturent hors avance immédiate.",
            f"{start} is before the client's activation ({since}): earlier services are billed "
            "outside the immediate advance.",
        )
        ok = False
    if invoice_date and invoice_date > today:
        report.field(
            "invoice_date",
            f"le {_fr(invoice_date)} est dans le futur.",
            f"{invoice_date} is in the future.",
        )
        ok = False
    if invoice_date and end and invoice_date < end:
        report.field(
            "invoice_date",
            f"le {_fr(invoice_date)} est avant le dernier jour de prestation ({_fr(end)}) : une "
            "prestation se facture une fois réalisée ; corrigez la date ou la période.",
            f"{invoice_date} is before the last day of service ({end}): services are billed once "
            "done; correct the date or the period.",
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
            "à choisir sur le produit (nature de service à la personne URSSAF).",
            "choose it on the product (URSSAF home-service nature).",
        )
        code = None
    elif not nature.known:
        report.line(
            index,
            line,
            "nature_code",
            f"code {code} inconnu : choisissez une nature de la liste URSSAF sur le produit.",
            f"unknown code {code}: choose a nature from URSSAF's list on the product.",
        )
        code = None
    elif not nature.eligible:
        report.line(
            index,
            line,
            "nature_code",
            f"« {nature.label_fr} » ({code}) n'ouvre pas droit à l'avance immédiate : facturez "
            "cette prestation sur une autre facture, hors avance immédiate.",
            f'"{nature.label_en}" ({code}) is not eligible for the immediate advance: bill this '
            "service on another invoice, outside the immediate advance.",
        )
        code = None
    unit = normalize_unit(getattr(line, "unit", None))
    if unit is None:
        report.line(
            index,
            line,
            "unit",
            "heure ou forfait, à choisir sur le produit.",
            "hour or flat rate, to choose on the product.",
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
                f"le {_fr(value)} est hors de la période de la facture ({_fr(period[0])} – "
                f"{_fr(period[1])}) : corrigez la ligne ou la période.",
                f"{value} is outside the invoice's period ({period[0]} – {period[1]}): correct "
                "the line or the period.",
            )
    if start and end and end < start:
        report.line(
            index, line, "line_end_date", "avant le début de la prestation.", "before its start."
        )
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
                "une date de versement sans montant : indiquez l'acompte ou retirez la date.",
                "a payment date without an amount: give the deposit or remove the date.",
            )
        return
    if amount is None or amount < 0 or decimals(amount) > 2:
        report.field(
            "deposit_amount",
            "montant positif à 2 décimales au plus attendu.",
            "a positive amount with at most 2 decimals is expected.",
        )
        return
    total = to_decimal(getattr(data, "total_ttc", None))
    if total is not None and amount * 2 > total:
        report.field(
            "deposit_amount",
            f"{amount} € dépasse 50 % de la facture ({total} €) : l'URSSAF le refuserait.",
            f"{amount} € is more than 50 % of the invoice ({total} €): URSSAF would refuse it.",
        )
        return
    invoice_date = as_date(getattr(data, "invoice_date", None))
    if paid_on is None:
        report.field("deposit_date", "à renseigner avec l'acompte.", "required with a deposit.")
        return
    if invoice_date is not None and paid_on > invoice_date:
        report.field(
            "deposit_date",
            f"le {_fr(paid_on)} est après la date de facture : un acompte est versé avant.",
            f"{paid_on} is after the invoice date: a deposit is paid before.",
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
    where_fr, where_en = [], []
    for index, (line, (_code, unit, line_start, line_end)) in enumerate(
        zip(lines, described, strict=True)
    ):
        quantity = to_decimal(getattr(line, "quantity", None))
        if unit != "HEURE" or quantity is None or quantity <= 0:
            continue
        total += quantity
        label = _clean(getattr(line, "label", None))
        where_fr.append(
            f"ligne {index + 1}" + (f" ({label})" if label else "") + f" : {_hours(quantity)} h"
        )
        where_en.append(
            f"line {index + 1}" + (f" ({label})" if label else "") + f": {_hours(quantity)} h"
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
                f"{_hours(quantity)} h du {_fr(first)} au {_fr(last)} ({days} jour(s)) : plus de "
                f"24 heures par jour ({_hours(maximum)} h au plus) ; corrigez la quantité "
                "(en heures) ou les dates de la ligne.",
                f"{_hours(quantity)} h from {first} to {last} ({days} day(s)): more than 24 hours "
                f"a day ({_hours(maximum)} h at most); correct the quantity (in hours) or the "
                "line's dates.",
            )
    days = _days(start, end)
    maximum = MAX_HOURS_PER_DAY * days
    if total > maximum:
        report.field(
            "lines",
            f"{_hours(total)} heures facturées ({' ; '.join(where_fr)}) pour {days} jour(s) de "
            f"prestation (du {_fr(start)} au {_fr(end)}) : plus de 24 heures par jour "
            f"({_hours(maximum)} h au plus) ; corrigez les quantités (en heures) ou la période "
            "de prestation.",
            f"{_hours(total)} hours billed ({'; '.join(where_en)}) for {days} day(s) of service "
            f"({start} to {end}): more than 24 hours a day ({_hours(maximum)} h at most); correct "
            "the quantities (in hours) or the service period.",
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
            f"{euros(total)} dépasse le montant d'alerte de votre société ({euros(threshold)}) "
            ": vérifiez les quantités et les prix avant d'envoyer ; sans réponse du client sous "
            "48 heures, la demande est validée et le client prélevé.",
            f"{euros_en(total)} is above your company's warning amount ({euros_en(threshold)}): "
            "check the quantities and prices before sending; without the client's answer within "
            "48 hours, the request is validated and the client debited.",
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
            f"avec cette facture, les prestations de ce client envoyées à l'URSSAF par votre "
            f"société pour "
            f"{start.year} atteignent {euros(year_total)}, au-delà du plafond annuel de dépenses "
            f"du crédit d'impôt ({euros(ceiling)} dans le cas général, article 199 sexdecies du "
            f"CGI). Son plafond peut être plus haut (+ {euros(TAX_CREDIT_CEILING_INCREASE)} par "
            f"enfant à charge ou membre du foyer de plus de 65 ans, jusqu'à "
            f"{euros(TAX_CREDIT_CEILING_MAX)} ; {euros(TAX_CREDIT_CEILING_FIRST_YEAR_MAX)} au "
            f"plus la première année ; {euros(TAX_CREDIT_CEILING_DISABLED)} avec une personne "
            "invalide au foyer). Au-delà de son plafond, la dépense n'ouvre pas droit au crédit "
            "d'impôt : l'avance versée par l'URSSAF sur cette part lui sera reprise avec son "
            "impôt. Vérifiez sa situation avec lui avant d'envoyer.",
            f"with this invoice, this client's services sent to URSSAF by your company for "
            f"{start.year} reach "
            f"{euros_en(year_total)}, above the yearly ceiling of expenses for the tax credit "
            f"({euros_en(ceiling)} in the general case, article 199 sexdecies of the French tax "
            "code). Their ceiling may be higher (+ "
            f"{euros_en(TAX_CREDIT_CEILING_INCREASE)} per dependent child or member of the "
            f"household over 65, up to {euros_en(TAX_CREDIT_CEILING_MAX)}; "
            f"{euros_en(TAX_CREDIT_CEILING_FIRST_YEAR_MAX)} at most the first year; "
            f"{euros_en(TAX_CREDIT_CEILING_DISABLED)} with a disabled member of the household). "
            "Above their ceiling, the expense gives no tax credit: the advance URSSAF paid on "
            "that part is taken back from the client with their income tax. Check their "
            "situation with them before sending.",
            warning=True,
        )
