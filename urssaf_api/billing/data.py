"""An invoice as plain data, as the ERP holds it, before it becomes a payment request (E3).

Amounts are :class:`~decimal.Decimal` (``int``, ``str`` and ``float`` are accepted and converted
exactly from their text); dates are :class:`datetime.date`. Every field has a default so that
partial data can be checked: whatever is missing or wrong is reported as a problem, never raised.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from ..texts import Text, _lt


@dataclass
class PaymentLine:
    """One invoice line, with the amounts the ERP computed for it.

    ``amount_ht`` / ``amount_ttc``: the line's amounts excluding / including VAT (Odoo's
    ``price_subtotal`` / ``price_total``), discount included; they may carry more than 2 decimals
    when the ERP rounds taxes globally (they are rounded to the cent, and the invoice totals
    decide). ``unit_price_ttc``: the unit price including VAT as typed, when the price was typed
    tax-included; used when it gives the line amount, otherwise one is computed.
    """

    nature_code: str | None = None
    unit: str | None = None  # "HEURE" / "FORFAIT" (also "hour", "flat")
    quantity: Decimal | None = None
    amount_ht: Decimal | None = None
    amount_ttc: Decimal | None = None
    unit_price_ttc: Decimal | None = None
    start_date: date | None = None
    end_date: date | None = None
    label: str | None = None  # shown in the messages only ("line 2 (Cleaning)")


@dataclass
class PaymentRequestData:
    """A customer invoice and what the request needs about its client and provider.

    ``client_active`` / ``client_active_since``: the URSSAF link of the client (E2
    ``APPAREILLAGE_VALIDE`` and its date). ``provider_id``: the provider's ``complement2``
    (``SAP`` + NOVA or ``SIR`` + SIRET). ``total_ht`` / ``total_ttc``: the invoice's totals, which
    the request never changes. ``deposit_amount`` / ``deposit_date``: a deposit already paid by the
    client (``mntAcompte``); ``deposits_authorised``: the provider says URSSAF authorised them.
    ``warn_amount``: the company's warning amount including VAT (``None`` or 0: no warning);
    ``client_year_total``: what was already sent to URSSAF for this client in the calendar year of
    ``start_date`` (this invoice not included; ``None``: unknown, no warning). Both only warn.
    """

    invoice_number: str | None = None
    invoice_date: date | None = None
    is_credit_note: bool = False
    currency: str | None = "EUR"
    id_client: str | None = None
    client_birth_date: date | None = None
    client_active: bool = False
    client_active_since: date | None = None
    provider_id: str | None = None
    start_date: date | None = None
    end_date: date | None = None
    lines: list[PaymentLine] = field(default_factory=list)
    total_ht: Decimal | None = None
    total_ttc: Decimal | None = None
    deposit_amount: Decimal | None = None
    deposit_date: date | None = None
    deposits_authorised: bool = False
    warn_amount: Decimal | None = None
    client_year_total: Decimal | None = None


#: Field labels for the messages and for the Odoo layer. Line fields are
#: reported as ``lines[<index>].<name>``.
FIELD_LABELS: dict[str, Text] = {
    "invoice_number": Text(_lt("Invoice number")),
    "invoice_date": Text(_lt("Invoice date")),
    "is_credit_note": Text(_lt("Invoice type")),
    "currency": Text(_lt("Currency")),
    "id_client": Text(_lt("URSSAF client")),
    "client_birth_date": Text(_lt("Client's date of birth")),
    "client_active": Text(_lt("Client's URSSAF link")),
    "provider_id": Text(_lt("Provider's NOVA / SIRET id")),
    "start_date": Text(_lt("First day of service")),
    "end_date": Text(_lt("Last day of service")),
    "lines": Text(_lt("Invoice lines")),
    "total_ht": Text(_lt("Total excluding VAT")),
    "total_ttc": Text(_lt("Total including VAT")),
    "deposit_amount": Text(_lt("Deposit paid")),
    "deposit_date": Text(_lt("Deposit payment date")),
    "nature_code": Text(_lt("URSSAF service nature")),
    "unit": Text(_lt("URSSAF unit")),
    "quantity": Text(_lt("Quantity")),
    "amount_ht": Text(_lt("Amount excluding VAT")),
    "amount_ttc": Text(_lt("Amount including VAT")),
    "unit_price_ttc": Text(_lt("Unit price including VAT")),
    "line_start_date": Text(_lt("Service start")),
    "line_end_date": Text(_lt("Service end")),
}
