"""Validation rules of the payment requests (E3, contract §4) and of the search (E4).

Pure functions on top of the readers of :mod:`.rules` (same conventions). The stateful checks
(client link, activation date, duplicates, deposit authorisation) are in :mod:`.state`.

Where the contract is silent the sandbox is strict, never lenient:

- ``mntPrestationTTC`` must be ``quantite × mntUnitaireTTC`` rounded to the cent, whichever way a
  half cent is rounded (half-up and half-even must both give it): no other tolerance;
- amounts, quantities and unit prices must be strictly positive (a zero line is refused,
  ``ERR_FORMAT_VALEUR``); only ``mntPrestationTVA`` may be 0 (VAT-exempt provider);
- ``dateFacture`` must not be before ``dateFinEmploi`` (services are billed once done; no code in
  the contract: ``ERREUR_VALIDATION``);
- a line's dates must lie in the request's calendar month (``ERR_PERIODE_EMPLOI_MOIS_NON_UNIQUE``)
  and inside the request's period ``dateDebutEmploi``–``dateFinEmploi`` (``ERREUR_VALIDATION``);
- ``mntAcompte`` and ``dateVersementAcompte`` go together, and the deposit is paid on or before
  the invoice date (``ERREUR_VALIDATION``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal

from .rules import (
    _check,
    _Errors,
    _has_text,
    _string,
    _unknown_fields,
    decimals,
    is_number,
    parse_iso_z,
)

# codeNature accepted for a payment request; 270 ("other, not eligible") is refused.
NATURE_CODES = frozenset(str(n) for n in range(10, 261, 10))
INELIGIBLE_NATURE_CODES = frozenset({"270"})
UNITS = frozenset({"HEURE", "FORFAIT"})
MAX_PAYMENT_REQUESTS = 10
MAX_SEARCH_CRITERIA = 10
CENT = Decimal("0.01")

_INTERVENANT_PREFIXES = (("SAP", 9), ("SIR", 14))

_DP_FIELDS = frozenset(
    {
        "idTiersFacturation",
        "idClient",
        "dateNaissanceClient",
        "numFactureTiers",
        "dateFacture",
        "dateDebutEmploi",
        "dateFinEmploi",
        "mntAcompte",
        "dateVersementAcompte",
        "mntFactureTTC",
        "mntFactureHT",
        "inputPrestations",
    }
)
_LINE_FIELDS = frozenset(
    {
        "codeActivite",
        "codeNature",
        "quantite",
        "unite",
        "mntUnitaireTTC",
        "mntPrestationTTC",
        "mntPrestationHT",
        "mntPrestationTVA",
        "dateDebutEmploi",
        "dateFinEmploi",
        "complement1",
        "complement2",
    }
)


@dataclass
class PaymentFacts:
    """What the stateful checks need from a payment request (None when invalid)."""

    id_client: str | None = None
    birth_date: date | None = None
    invoice_number: str | None = None
    invoice_date: date | None = None
    amount_ttc: Decimal | None = None
    has_deposit: bool = False
    start_dates: list[date] = field(default_factory=list)


def is_intervenant(value: str) -> bool:
    """``complement2``: ``SAP`` + 9 digits (NOVA) or ``SIR`` + 14 digits (SIRET)."""
    for prefix, digits in _INTERVENANT_PREFIXES:
        rest = value[len(prefix) :]
        if value.startswith(prefix) and len(rest) == digits and rest.isascii() and rest.isdigit():
            return True
    return False


def line_total_matches(quantity: Decimal, unit_price: Decimal, ttc: Decimal) -> bool:
    """``quantite × mntUnitaireTTC`` rounded to the cent is ``mntPrestationTTC``, with no more
    tolerance than the rounding (a product exactly on a half cent must round to the same cent
    half-up and half-even, so that the rounding rule URSSAF uses does not matter)."""
    product = quantity * unit_price
    return all(
        product.quantize(CENT, rounding=mode) == ttc for mode in (ROUND_HALF_UP, ROUND_HALF_EVEN)
    )


def _amount(
    errors: _Errors,
    obj: dict,
    key: str,
    where: str,
    *,
    required: bool = True,
    places: int = 2,
    zero_allowed: bool = False,
) -> Decimal | None:
    name = where + key
    if key not in obj:
        if required:
            errors.add("ERREUR_VALIDATION", f"Le champ {name} est obligatoire")
        return None
    value = obj[key]
    if not is_number(value):
        errors.add("ERR_FORMAT_VALEUR", f"{name} doit être un nombre JSON")
        return None
    value = Decimal(value)
    if value < 0:
        errors.add("ERR_VALEUR_NEGATIVE", f"{name} est négatif")
        return None
    if decimals(value) > places:
        errors.add("ERR_FORMAT_VALEUR", f"{name} : {places} décimales maximum")
        return None
    if value == 0 and not zero_allowed:
        errors.add("ERR_FORMAT_VALEUR", f"{name} : une valeur nulle est interdite")
        return None
    return value


def _date(
    errors: _Errors, obj: dict, key: str, where: str, today: date, *, required: bool = True
) -> date | None:
    value = _string(errors, obj, key, where, required=required, code="ERREUR_VALIDATION")
    if value is None:
        return None
    parsed = parse_iso_z(value)
    if parsed is None:
        errors.add("ERREUR_VALIDATION", f"{where}{key} : date ISO 8601 UTC attendue (…Z)")
        return None
    if parsed > today:
        errors.add("ERR_DATE_FUTUR", f"{where}{key} est dans le futur")
    return parsed


def validate_payment_request(item, today: date) -> tuple[list[dict], PaymentFacts]:
    """Stateless checks of one E3 item; returns (errors, facts for the stateful checks)."""
    errors = _Errors()
    facts = PaymentFacts()
    if not isinstance(item, dict):
        errors.add("ERREUR_VALIDATION", "Chaque demande de paiement doit être un objet JSON")
        return list(errors), facts
    _unknown_fields(errors, item, _DP_FIELDS, "")
    _string(errors, item, "idTiersFacturation", "", required=True, code="ERREUR_VALIDATION")
    facts.id_client = _string(errors, item, "idClient", "", required=True, code="ERREUR_VALIDATION")
    birth = _string(
        errors, item, "dateNaissanceClient", "", required=True, code="ERREUR_VALIDATION"
    )
    if birth is not None:
        facts.birth_date = parse_iso_z(birth, midnight=True)
        _check(
            errors,
            facts.birth_date is not None,
            "ERREUR_VALIDATION",
            "dateNaissanceClient : date ISO 8601 UTC à minuit attendue "
            "(AAAA-MM-JJT00:00:00[.000]Z)",
        )
    facts.invoice_number = _string(
        errors, item, "numFactureTiers", "", required=True, code="ERREUR_VALIDATION"
    )
    facts.invoice_date = _date(errors, item, "dateFacture", "", today)
    start = _date(errors, item, "dateDebutEmploi", "", today)
    end = _date(errors, item, "dateFinEmploi", "", today)
    period = None
    if start is not None:
        facts.start_dates.append(start)
    if start is not None and end is not None:
        if end < start:
            errors.add("ERR_DATE_FIN_AVANT_DATE_DEB", "dateFinEmploi < dateDebutEmploi")
        elif (start.year, start.month) != (end.year, end.month):
            errors.add(
                "ERR_PERIODE_EMPLOI_MOIS_NON_UNIQUE",
                "dateDebutEmploi et dateFinEmploi doivent être dans le même mois civil",
            )
        else:
            period = (start, end)
    if end is not None and facts.invoice_date is not None and facts.invoice_date < end:
        errors.add(
            "ERREUR_VALIDATION",
            "dateFacture est antérieure à dateFinEmploi : une prestation se facture une fois "
            "réalisée",
        )

    total_ttc = _amount(errors, item, "mntFactureTTC", "")
    total_ht = _amount(errors, item, "mntFactureHT", "")
    facts.amount_ttc = total_ttc
    _validate_deposit(errors, item, today, facts, total_ttc)

    lines = item.get("inputPrestations")
    if "inputPrestations" not in item:
        errors.add("ERREUR_VALIDATION", "Le champ inputPrestations est obligatoire")
        return list(errors), facts
    if not isinstance(lines, list) or not lines:
        errors.add("ERREUR_VALIDATION", "inputPrestations : tableau d'au moins une prestation")
        return list(errors), facts
    sums: dict[str, Decimal | None] = {"ttc": Decimal(0), "ht": Decimal(0)}
    for index, line in enumerate(lines):
        line_ttc, line_ht = _validate_line(
            errors, line, f"inputPrestations[{index}].", today, facts, period
        )
        for key, value in (("ttc", line_ttc), ("ht", line_ht)):
            sums[key] = None if value is None or sums[key] is None else sums[key] + value
    if total_ttc is not None and sums["ttc"] is not None and sums["ttc"] != total_ttc:
        errors.add(
            "ERR_TOTAL_PRESTATIONS",
            f"Somme des mntPrestationTTC ({sums['ttc']}) ≠ mntFactureTTC ({total_ttc})",
        )
    if total_ht is not None and sums["ht"] is not None and sums["ht"] != total_ht:
        errors.add(
            "ERR_TOTAL_PRESTATIONS",
            f"Somme des mntPrestationHT ({sums['ht']}) ≠ mntFactureHT ({total_ht})",
        )
    return list(errors), facts


def _validate_deposit(
    errors: _Errors, item: dict, today: date, facts: PaymentFacts, total_ttc: Decimal | None
) -> None:
    deposit = _amount(errors, item, "mntAcompte", "", required=False)
    paid_on = _date(errors, item, "dateVersementAcompte", "", today, required=False)
    facts.has_deposit = "mntAcompte" in item
    if ("mntAcompte" in item) != ("dateVersementAcompte" in item):
        errors.add("ERREUR_VALIDATION", "mntAcompte et dateVersementAcompte vont ensemble")
    if deposit is not None and total_ttc is not None and deposit * 2 > total_ttc:
        errors.add("ERR_MONTANT_ACOMPTE", "mntAcompte dépasse 50 % de mntFactureTTC")
    if paid_on is not None and facts.invoice_date is not None and paid_on > facts.invoice_date:
        errors.add("ERREUR_VALIDATION", "dateVersementAcompte est postérieure à dateFacture")


def _validate_line(
    errors: _Errors,
    line,
    w: str,
    today: date,
    facts: PaymentFacts,
    period: tuple[date, date] | None,
) -> tuple[Decimal | None, Decimal | None]:
    if not isinstance(line, dict):
        errors.add("ERREUR_VALIDATION", f"{w[:-1]} doit être un objet JSON")
        return None, None
    _unknown_fields(errors, line, _LINE_FIELDS, w)
    nature = _string(errors, line, "codeNature", w, required=True, code="ERR_CODE_NATURE")
    if nature is not None:
        _check(
            errors,
            nature in NATURE_CODES,
            "ERR_CODE_NATURE",
            f"{w}codeNature {nature!r} inconnu ou non éligible",
        )
    if "codeActivite" in line:
        errors.add("ERR_CODE_ACTIVITE", f"{w}codeActivite : référentiel inconnu, ne pas envoyer")
    unit = _string(errors, line, "unite", w, required=True, code="ERREUR_VALIDATION")
    if unit is not None:
        _check(errors, unit in UNITS, "ERREUR_VALIDATION", f"{w}unite : HEURE ou FORFAIT")
    quantity = _amount(errors, line, "quantite", w)
    unit_price = _amount(errors, line, "mntUnitaireTTC", w, places=3)
    ttc = _amount(errors, line, "mntPrestationTTC", w)
    ht = _amount(errors, line, "mntPrestationHT", w)
    vat = _amount(errors, line, "mntPrestationTVA", w, zero_allowed=True)
    if None not in (quantity, unit_price, ttc) and not line_total_matches(
        quantity, unit_price, ttc
    ):
        errors.add(
            "ERR_MNT_PREST_TTC",
            f"{w}mntPrestationTTC ({ttc}) ≠ quantite × mntUnitaireTTC ({quantity * unit_price}) "
            "arrondi au centime",
        )
    if None not in (ht, vat, ttc) and ht + vat != ttc:
        errors.add("ERR_MNT_PREST_HT_TVA", f"{w}mntPrestationHT + mntPrestationTVA ≠ TTC")
    start = _date(errors, line, "dateDebutEmploi", w, today, required=False)
    end = _date(errors, line, "dateFinEmploi", w, today, required=False)
    if start is not None:
        facts.start_dates.append(start)
    if start is not None and end is not None and end < start:
        errors.add("ERR_DATE_FIN_AVANT_DATE_DEB", f"{w}dateFinEmploi < dateDebutEmploi")
    if period is not None:
        for key, day in (("dateDebutEmploi", start), ("dateFinEmploi", end)):
            if day is None:
                continue
            if (day.year, day.month) != (period[0].year, period[0].month):
                errors.add(
                    "ERR_PERIODE_EMPLOI_MOIS_NON_UNIQUE",
                    f"{w}{key} n'est pas dans le mois de la demande",
                )
            elif not period[0] <= day <= period[1]:
                errors.add(
                    "ERREUR_VALIDATION",
                    f"{w}{key} est hors de la période dateDebutEmploi – dateFinEmploi",
                )
    if "complement1" in line and not isinstance(line["complement1"], str):
        errors.add("ERREUR_VALIDATION", f"{w}complement1 doit être une chaîne de caractères")
    worker = _string(
        errors,
        line,
        "complement2",
        w,
        required=True,
        code="ERR_FORMAT_NUMINTERVENANT",
        missing_code="ERR_NUMINTERVENANT_MANQUANT",
    )
    if worker is not None:
        _check(
            errors,
            is_intervenant(worker),
            "ERR_FORMAT_NUMINTERVENANT",
            f"{w}complement2 : SAP + 9 chiffres (NOVA) ou SIR + 14 chiffres (SIRET)",
        )
    return ttc, ht


# ---------------------------------------------------------------------------------------------
# E4 search criteria


@dataclass
class SearchCriteria:
    ids: list[str] = field(default_factory=list)
    invoice_numbers: list[str] = field(default_factory=list)
    date_from: date | None = None
    date_to: date | None = None

    @property
    def mode(self) -> str:
        """Which criterion counts: ids take precedence, then invoice numbers, then the period."""
        if self.ids:
            return "ids"
        if self.invoice_numbers:
            return "numbers"
        return "period"


_SEARCH_FIELDS = frozenset({"idDemandePaiements", "numFactureTiers", "dateDebut", "dateFin"})


def _string_list(errors: _Errors, body: dict, key: str) -> list[str]:
    if key not in body:
        return []
    value = body[key]
    if not isinstance(value, list) or not all(_has_text(item) for item in value):
        errors.add("ERREUR_VALIDATION", f"{key} : tableau de chaînes non vides attendu")
        return []
    if len(value) > MAX_SEARCH_CRITERIA:
        errors.add("ERR_NBRE_MAX_RESULTAT", f"{key} : {MAX_SEARCH_CRITERIA} valeurs maximum")
        return []
    return list(dict.fromkeys(value))


def validate_search(body) -> tuple[list[dict], SearchCriteria]:
    errors = _Errors()
    criteria = SearchCriteria()
    if not isinstance(body, dict):
        errors.add("ERREUR_VALIDATION", "Le corps de la requête doit être un objet JSON")
        return list(errors), criteria
    _unknown_fields(errors, body, _SEARCH_FIELDS, "")
    criteria.ids = _string_list(errors, body, "idDemandePaiements")
    criteria.invoice_numbers = _string_list(errors, body, "numFactureTiers")
    period = {}
    for key in ("dateDebut", "dateFin"):
        if key in body:
            period[key] = parse_iso_z(body[key])
            if period[key] is None:
                errors.add("ERREUR_VALIDATION", f"{key} : date ISO 8601 UTC attendue (…Z)")
    if len(period) == 1:
        errors.add("ERREUR_VALIDATION", "dateDebut et dateFin vont ensemble")
    elif period and None not in period.values():
        criteria.date_from, criteria.date_to = period["dateDebut"], period["dateFin"]
        if criteria.date_to < criteria.date_from:
            errors.add("ERR_DATE_FIN_AVANT_DATE_DEB", "dateFin < dateDebut")
    if not errors and not (criteria.ids or criteria.invoice_numbers or criteria.date_from):
        errors.add(
            "ERR_CRITERE_RECHERCHE_VIDE",
            "Renseigner idDemandePaiements, numFactureTiers ou dateDebut + dateFin",
        )
    return list(errors), criteria
