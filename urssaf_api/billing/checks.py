"""Every rule of a payment request that is not an amount (amounts: :mod:`.amounts`).

Dates (contract §4 and §7): the service period lies in one calendar month, start ≤ end, nothing
in the future, not before the client's activation (same day allowed); the invoice date is on or
after the last day of service (services are billed once done) and not in the future; a line's
dates lie inside the period. The client's link must be active. Natures: known and eligible
(270 "other" is not). Unit: hour or flat rate. Deposit: at most 50 % of the invoice, paid on or
before the invoice date. EUR only; no credit note.
"""

from __future__ import annotations

import unicodedata
from datetime import date, datetime

from .. import catalogue, contract
from .amounts import decimals, to_decimal
from .data import PaymentLine, PaymentRequestData
from .problems import Reporter

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
