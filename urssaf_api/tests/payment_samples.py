"""Sample invoices for the payment-request tests, and an emulation of how an ERP (Odoo) computes
an invoice's amounts: prices typed tax-excluded or tax-included, taxes rounded per line or
globally, VAT-exempt lines. The emulation feeds the pure layer the amounts Odoo would store:
each line's HT and TTC rounded to the cent, and the invoice totals (with global rounding, the tax
of each rate is rounded once on the sum of that rate's lines)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from urssaf_api.billing import PaymentLine, PaymentRequestData, prepare_payment_request

TODAY = date(2024, 3, 20)
ACTIVE_SINCE = date(2024, 2, 11)
BIRTH = date(1980, 3, 29)
CENT = Decimal("0.01")


def r(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass
class Typed:
    """A line as the user types it in the ERP."""

    quantity: Decimal
    price: Decimal  # unit price as typed (HT, or TTC when ``included``)
    rate: Decimal = Decimal("10")  # VAT %, 0 for a VAT-exempt provider
    included: bool = False  # "tax included in price"
    discount: Decimal = Decimal("0")  # %
    nature: str = "60"
    unit: str = "HEURE"


def erp_amounts(
    typed: list[Typed], rounding: str = "per_line"
) -> tuple[list[PaymentLine], Decimal, Decimal]:
    """(lines, total_ht, total_ttc) as the ERP stores them. ``rounding``: per_line / globally."""
    lines = []
    raw_tax_by_rate: dict[Decimal, Decimal] = {}
    tax_per_line = Decimal(0)
    for t in typed:
        gross = t.quantity * t.price * (1 - t.discount / 100)
        factor = 1 + t.rate / 100
        if t.included:
            raw_ttc = gross
            raw_ht = gross / factor
        else:
            raw_ht = gross
            raw_ttc = gross * factor
        if rounding == "per_line":
            if t.included:
                ttc = r(raw_ttc)
                ht = r(ttc / factor)
            else:
                ht = r(raw_ht)
                ttc = ht + r(ht * t.rate / 100)
            tax_per_line += ttc - ht
        else:
            ht, ttc = r(raw_ht), r(raw_ttc)
            raw_tax_by_rate[t.rate] = raw_tax_by_rate.get(t.rate, Decimal(0)) + raw_ttc - raw_ht
        unit_price = r(t.price * (1 - t.discount / 100)) if t.included else None
        lines.append(
            PaymentLine(
                nature_code=t.nature,
                unit=t.unit,
                quantity=t.quantity,
                amount_ht=ht,
                amount_ttc=ttc,
                unit_price_ttc=unit_price,
                label=f"{t.quantity} x {t.price}",
            )
        )
    total_ht = sum((line.amount_ht for line in lines), Decimal(0))
    if rounding == "per_line":
        total_tax = tax_per_line
    else:
        total_tax = sum((r(tax) for tax in raw_tax_by_rate.values()), Decimal(0))
    return lines, total_ht, total_ht + total_tax


def valid_data(**changes) -> PaymentRequestData:
    """FA2024-0001: 10 h of cleaning at 25 € TTC and a 30 € meal package, 280 € TTC."""
    data = PaymentRequestData(
        invoice_number="FA2024-0001",
        invoice_date=date(2024, 3, 16),
        id_client="c0ffee00-0000-4000-8000-000000000001",
        client_birth_date=BIRTH,
        client_active=True,
        client_active_since=ACTIVE_SINCE,
        provider_id="SAP123456789",
        start_date=date(2024, 3, 5),
        end_date=date(2024, 3, 15),
        lines=[
            PaymentLine("60", "HEURE", Decimal(10), Decimal("227.27"), Decimal(250)),
            PaymentLine("120", "FORFAIT", Decimal(1), Decimal("27.27"), Decimal(30)),
        ],
        total_ht=Decimal("254.54"),
        total_ttc=Decimal(280),
    )
    return dataclasses.replace(data, **changes)


def build_payment_request(data: PaymentRequestData, today: date | None = None) -> dict:
    """The E3 payload of data that must be valid (the tests' builder; the addon reads
    ``prepare_payment_request``'s payload and problems)."""
    prepared = prepare_payment_request(data, today or TODAY)
    assert prepared.payload is not None, prepared.problems
    return prepared.payload
