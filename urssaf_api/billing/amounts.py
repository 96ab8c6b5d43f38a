"""Amounts of a payment request, in :class:`~decimal.Decimal`, as URSSAF checks them.

URSSAF's rules (contract §4): per line ``quantite × mntUnitaireTTC = mntPrestationTTC`` and
``mntPrestationHT + mntPrestationTVA = mntPrestationTTC``; the lines add up to ``mntFactureTTC``
and ``mntFactureHT``; at most 2 decimals (3 for the unit price); nothing negative.

How an invoice's amounts become the request's (whatever the ERP's tax settings: prices typed
tax-excluded or tax-included, taxes rounded per line or globally, VAT-exempt provider):

1. Each line keeps the ERP's amounts, rounded to the cent (half-up): HT, TTC, and VAT = TTC − HT.
2. The invoice totals are never changed. When the rounded lines do not add up to them (taxes
   rounded globally: the tax of the invoice is not the sum of the lines' taxes, and each line's
   HT and TTC are rounded apart), the difference, at most one cent per line, is **placed on one
   line**: the line with
   the largest amount including VAT (the first of them in invoice order) whose unit price can
   still express it; its TTC and VAT (or HT) move by those cents. A larger difference is not
   rounding: it is reported as a problem.
3. The unit price including VAT is the typed one when ``quantity × price`` rounded to the cent
   gives the line amount; otherwise the amount divided by the quantity, with 2 decimals, or with
   3 where 2 cannot give the amount to the cent (as CAERP does). A product that falls exactly on
   a half cent counts only if half-up and half-even rounding agree, so that URSSAF's rounding
   rule does not matter.
4. When no unit price with 3 decimals gives the amount (only possible above 10 units: 35 h typed
   tax-excluded, say), the line is **sent as two items** of the same nature and unit: the
   quantity less one unit at a 2-decimal price near the average, then one unit carrying the rest
   of the amount. Quantities, amounts, HT (in proportion) and VAT still add up to the line's.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal, InvalidOperation

from ..texts import Text, _lt
from .data import PaymentLine
from .problems import Reporter

CENT = Decimal("0.01")
MILLI = Decimal("0.001")


def to_decimal(value: object, digits: object = None) -> Decimal | None:
    """An exact Decimal from ``Decimal``, ``int``, ``str`` (``,`` or ``.``) or ``float`` (from its
    shortest text, so ``0.1`` is ``Decimal("0.1")``); ``None`` for anything else or NaN/∞.

    With ``digits`` (a number of decimals, or anything with ``decimal_places``, e.g. a currency),
    the ERP's value as the Decimal it stands for: empty (``None``, ``False``) is zero, and the
    value is rounded half-up to ``digits`` decimals (``to_decimal(12.5, 2) == Decimal("12.50")``)
    — the one conversion of the addon's floats to Decimal."""
    if digits is not None:
        places = int(getattr(digits, "decimal_places", digits))
        exact = to_decimal(value or 0) or Decimal(0)
        return exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if value is None or isinstance(value, bool):
        return None
    try:
        if isinstance(value, Decimal):
            result = value
        elif isinstance(value, int):
            result = Decimal(value)
        elif isinstance(value, float):
            result = Decimal(repr(value))
        elif isinstance(value, str) and value.strip():
            result = Decimal(value.strip().replace(",", ".").replace(" ", ""))
        else:
            return None
    except (InvalidOperation, ValueError):
        return None
    return result if result.is_finite() else None


def decimals(value: Decimal) -> int:
    """Number of significant decimals: ``Decimal("12.50")`` → 1."""
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 99


def round_cent(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def line_total_matches(quantity: Decimal, unit_price: Decimal, ttc: Decimal) -> bool:
    """``quantity × unit_price`` rounded to the cent is ``ttc``, half-up and half-even alike."""
    product = quantity * unit_price
    return all(
        product.quantize(CENT, rounding=mode) == ttc for mode in (ROUND_HALF_UP, ROUND_HALF_EVEN)
    )


def unit_price_for(quantity: Decimal, ttc: Decimal, typed: Decimal | None = None) -> Decimal | None:
    """The unit price including VAT to send for ``quantity`` and the line amount ``ttc``: the
    typed one when it works, else 2 decimals, else 3; ``None`` when none works."""
    if (
        typed is not None
        and typed > 0
        and decimals(typed) <= 3
        and line_total_matches(quantity, typed, ttc)
    ):
        return typed
    if quantity <= 0 or ttc <= 0:
        return None
    exact = ttc / quantity
    for step in (CENT, MILLI):
        base = exact.quantize(step, rounding=ROUND_HALF_UP)
        for candidate in (base, base - step, base + step):
            if candidate > 0 and line_total_matches(quantity, candidate, ttc):
                return candidate
    return None


@dataclass(frozen=True)
class PreparedLine:
    """One ``inputPrestations`` item; ``source`` is the index of the invoice line it comes from
    (an invoice line split in two gives two items with the same ``source``).

    ``typed_unit_price_ttc``: the invoice line's unit price including VAT as typed
    (:attr:`PaymentLine.unit_price_ttc`), ``None`` when it was not typed tax-included. The
    ``unit_price_ttc`` sent differs from it when ``quantity × typed`` does not give the line's
    amount to the cent under both half-up and half-even rounding (a half cent), when the line
    took the invoice's rounding cents (:attr:`PreparedAmounts.adjustment`), or when the line is
    sent as two items (:attr:`PreparedAmounts.split`)."""

    source: int
    quantity: Decimal
    unit_price_ttc: Decimal
    ttc: Decimal
    ht: Decimal
    vat: Decimal
    typed_unit_price_ttc: Decimal | None = None


@dataclass(frozen=True)
class Adjustment:
    """Rounding cents placed on the line ``index`` so that the lines add up to the totals."""

    index: int
    ht: Decimal
    ttc: Decimal

    @property
    def vat(self) -> Decimal:
        return self.ttc - self.ht


@dataclass(frozen=True)
class PreparedAmounts:
    lines: list[PreparedLine]
    total_ht: Decimal
    total_ttc: Decimal
    adjustment: Adjustment | None = None
    split: tuple[int, ...] = ()  # indexes of the invoice lines sent as two items


@dataclass
class _Draft:
    quantity: Decimal
    ht: Decimal
    ttc: Decimal
    typed: Decimal | None
    #: the typed unit price, kept when ``typed`` is dropped (the line took the rounding cents)
    as_typed: Decimal | None = None


def _total(report: Reporter, value: object, name: str) -> Decimal | None:
    amount = to_decimal(value)
    if amount is None:
        report.field(name, Text(_lt("required.")))
        return None
    if amount <= 0:
        report.field(
            name,
            Text(
                _lt(
                    "the total must be positive; a credit note cannot go through the immediate "
                    "advance."
                )
            ),
        )
        return None
    if decimals(amount) > 2:
        report.field(name, Text(_lt("at most 2 decimals.")))
        return None
    return amount


def _line(report: Reporter, index: int, line: PaymentLine) -> _Draft | None:
    quantity = to_decimal(getattr(line, "quantity", None))
    ht = to_decimal(getattr(line, "amount_ht", None))
    ttc = to_decimal(getattr(line, "amount_ttc", None))
    ok = True
    if quantity is None:
        report.line(index, line, "quantity", Text(_lt("required.")))
        ok = False
    elif quantity < 0:
        report.line(
            index,
            line,
            "quantity",
            Text(
                _lt(
                    "a negative quantity cannot be sent: correct the line, or make a credit note "
                    "outside the immediate advance."
                )
            ),
        )
        return None
    elif quantity == 0:
        report.line(
            index,
            line,
            "quantity",
            Text(_lt("a line with a zero quantity cannot be sent: remove it.")),
        )
        return None
    elif decimals(quantity) > 2:
        report.line(
            index,
            line,
            "quantity",
            Text(
                _lt(
                    "at most 2 decimals (%(quantity)s entered); for example 1.75 h for 1 h 45 min."
                ),
                quantity=quantity,
            ),
        )
        ok = False
    if ht is None or ttc is None:
        report.line(index, line, "amount_ttc", Text(_lt("amount missing.")))
        return None
    if ttc < 0 or ht < 0:
        report.line(
            index,
            line,
            "amount_ttc",
            Text(
                _lt(
                    "a negative line (discount, refund) cannot be sent: apply the discount to the "
                    "price of the line it concerns (discount % column) and remove the negative "
                    "line."
                )
            ),
        )
        return None
    ht, ttc = round_cent(ht), round_cent(ttc)
    if ttc == 0:
        report.line(
            index,
            line,
            "amount_ttc",
            Text(_lt("a line with a zero amount cannot be sent: remove it or give it a price.")),
        )
        return None
    if ht == 0 or ht > ttc:
        report.line(
            index,
            line,
            "amount_ht",
            Text(
                _lt(
                    "amount excluding VAT %(ht)s inconsistent with %(ttc)s including VAT: check "
                    "the line's taxes."
                ),
                ht=ht,
                ttc=ttc,
            ),
        )
        return None
    typed = to_decimal(getattr(line, "unit_price_ttc", None))
    return _Draft(quantity, ht, ttc, typed, typed) if ok else None


def express(
    quantity: Decimal, ttc: Decimal, typed: Decimal | None = None
) -> list[tuple[Decimal, Decimal, Decimal]] | None:
    """How to send ``quantity`` for ``ttc``: ``[(quantity, unit price, amount)]``, or two parts
    when no unit price with 3 decimals gives the amount (possible only above 10 units): the
    quantity less one unit at a 2-decimal price near the average, then one unit carrying the
    rest. Quantities and amounts add up to the line's. ``None`` when impossible."""
    price = unit_price_for(quantity, ttc, typed)
    if price is not None:
        return [(quantity, price, ttc)]
    rest_quantity = quantity - 1
    if rest_quantity <= 0:
        return None
    base = (ttc / quantity).quantize(CENT, rounding=ROUND_HALF_UP)
    for candidate in (base, base - CENT, base + CENT):
        amount = round_cent(rest_quantity * candidate)
        if candidate <= 0 or not line_total_matches(rest_quantity, candidate, amount):
            continue
        remainder = ttc - amount
        if remainder > 0 and decimals(remainder) <= 2:
            return [(rest_quantity, candidate, amount), (Decimal(1), remainder, remainder)]
    return None


def _no_unit_price(report: Reporter, index: int, line: PaymentLine, draft: _Draft) -> None:
    report.line(
        index,
        line,
        "unit_price_ttc",
        Text(
            _lt(
                "no unit price including VAT gives %(ttc)s € for a quantity of %(quantity)s "
                "(URSSAF checks quantity × unit price including VAT to the cent): check the line's "
                "quantity and amount."
            ),
            ttc=draft.ttc,
            quantity=draft.quantity,
        ),
    )


def prepare_amounts(
    lines: list[PaymentLine],
    total_ht: object,
    total_ttc: object,
    report: Reporter,
) -> PreparedAmounts | None:
    """The request's amounts (see the module's docstring), or ``None`` with the problems in
    ``report``. Never raises."""
    totals = (_total(report, total_ht, "total_ht"), _total(report, total_ttc, "total_ttc"))
    drafts = [_line(report, index, line) for index, line in enumerate(lines)]
    if not drafts or None in drafts or None in totals:
        return None
    total_ht, total_ttc = totals
    if total_ht > total_ttc:
        report.field(
            "total_ht",
            Text(
                _lt("%(ht)s € is more than the total including VAT %(ttc)s €: check the taxes."),
                ht=total_ht,
                ttc=total_ttc,
            ),
        )
        return None
    delta_ht = total_ht - sum(d.ht for d in drafts)
    delta_ttc = total_ttc - sum(d.ttc for d in drafts)
    bound = CENT * len(drafts)
    if abs(delta_ht) > bound or abs(delta_ttc) > bound:
        report.field(
            "total_ttc",
            Text(
                _lt(
                    "the lines add up to %(lines_ttc)s € incl. VAT and %(lines_ht)s € excl. VAT, "
                    "the invoice to %(ttc)s € and %(ht)s €: more than a rounding difference; "
                    "every amount billed must be on a service line."
                ),
                lines_ttc=total_ttc - delta_ttc,
                lines_ht=total_ht - delta_ht,
                ttc=total_ttc,
                ht=total_ht,
            ),
        )
        return None
    adjustment = None
    if delta_ht or delta_ttc:
        adjustment = _place_rounding(drafts, delta_ht, delta_ttc)
        if adjustment is None:
            report.field(
                "total_ttc",
                Text(
                    _lt(
                        "the rounding difference (%(ttc)s € incl. VAT, %(ht)s € excl. VAT) fits "
                        "on no line: round taxes per line."
                    ),
                    ttc=delta_ttc,
                    ht=delta_ht,
                ),
            )
            return None
        draft = drafts[adjustment.index]
        draft.ht += adjustment.ht
        draft.ttc += adjustment.ttc
        draft.typed = None
    prepared: list[PreparedLine] = []
    split = []
    for index, draft in enumerate(drafts):
        parts = express(draft.quantity, draft.ttc, draft.typed)
        if parts is None:
            _no_unit_price(report, index, lines[index], draft)
            continue
        items = _with_vat(index, draft, parts)
        if any(item.ht <= 0 or item.vat < 0 for item in items):
            _no_unit_price(report, index, lines[index], draft)
            continue
        if len(items) > 1:
            split.append(index)
        prepared.extend(items)
    if report.problems:
        return None
    return PreparedAmounts(prepared, total_ht, total_ttc, adjustment, tuple(split))


def _with_vat(index: int, draft: _Draft, parts: list) -> list[PreparedLine]:
    """The parts of a line with their HT in proportion (the last part takes the rest)."""
    result = []
    ht_left = draft.ht
    for number, (quantity, price, ttc) in enumerate(parts):
        last = number == len(parts) - 1
        ht = ht_left if last else min(round_cent(draft.ht * ttc / draft.ttc), ttc)
        ht_left -= ht
        result.append(PreparedLine(index, quantity, price, ttc, ht, ttc - ht, draft.as_typed))
    return result


def _place_rounding(drafts: list[_Draft], delta_ht: Decimal, delta_ttc: Decimal):
    """The line that takes the rounding cents: the largest (TTC) whose amount can still be
    sent as one item, else the largest that can be sent at all."""
    order = sorted(range(len(drafts)), key=lambda i: (-drafts[i].ttc, i))
    for single in (True, False):
        for index in order:
            draft = drafts[index]
            ht, ttc = draft.ht + delta_ht, draft.ttc + delta_ttc
            if ht <= 0 or ttc <= 0 or ht > ttc:
                continue
            parts = express(draft.quantity, ttc)
            if parts is not None and (len(parts) == 1 or not single):
                return Adjustment(index, delta_ht, delta_ttc)
    return None
