"""The mention printed on an invoice paid through the immediate advance, in French (the
client is a French household, whatever the user's language).

The tax credit URSSAF advances is half of the invoice; the client pays the other half (URSSAF
debits it once the client validated the request). Any rounding cent goes to the client's share,
so that the two add up to the invoice. A deposit already paid is part of the client's share
(how URSSAF counts it is not documented: it is shown, not deducted).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from .amounts import CENT


def euros(amount: Decimal) -> str:
    """``Decimal("1234.5")`` → ``"1 234,50 €"`` (French format, narrow no-break spaces)."""
    text = f"{amount.quantize(CENT, rounding=ROUND_HALF_UP):,.2f}"
    return text.replace(",", "\u202f").replace(".", ",") + "\u00a0€"


def advance_split(total_ttc: Decimal) -> tuple[Decimal, Decimal]:
    """``(advanced by URSSAF, paid by the client)``: half each, the cent to the client."""
    advanced = (total_ttc / 2).quantize(CENT, rounding=ROUND_HALF_UP)
    if advanced * 2 > total_ttc:
        advanced -= CENT
    return advanced, total_ttc - advanced


def invoice_mention(
    total_ttc: Decimal, request_id: str | None = None, deposit: Decimal | None = None
) -> list[str]:
    """The lines of the mention."""
    advanced, share = advance_split(total_ttc)
    lines = [
        "Avance immédiate de crédit d'impôt – services à la personne",
        f"Montant de la facture : {euros(total_ttc)}",
        f"Crédit d'impôt avancé par l'URSSAF (50 %) : {euros(advanced)}",
        f"Reste à votre charge : {euros(share)}, prélevé par l'URSSAF après votre validation "
        "de la demande de paiement dans votre espace particulier.urssaf.fr (48 heures).",
    ]
    if deposit:
        lines.append(f"Dont acompte déjà versé : {euros(deposit)}.")
    if request_id:
        lines.append(f"Demande de paiement URSSAF n° {request_id}.")
    return lines
