"""Payment requests (E3): an invoice as plain data → every problem, or the checked payload.

Modules: :mod:`.data` (the invoice as plain data, field labels), :mod:`.amounts` (Decimal amounts
as URSSAF checks them: unit prices, rounding cents), :mod:`.checks` (dates, client, natures,
units, deposit, hours per day, warned amounts), :mod:`.problems` (bilingual problems naming the
invoice, the field and the fix), :mod:`.payload` (the payload builder), :mod:`.recovery`
(adopting the request URSSAF already holds after ``ERR_FACTURE_DOUBLON`` or a lost answer).

Use::

    prepared = prepare_payment_request(data, today)   # never raises
    prepared.problems   # every problem at once (empty: it can be sent)
    prepared.warnings   # do not block (deposit without authorisation, amount, yearly ceiling)
    prepared.payload    # the InputDemandePaiement dict (None when there are problems)
"""

from .amounts import (
    Adjustment,
    PreparedAmounts,
    PreparedLine,
    line_total_matches,
    prepare_amounts,
    to_decimal,
    unit_price_for,
)
from .checks import normalize_unit
from .data import FIELD_LABELS, PaymentLine, PaymentRequestData
from .mention import advance_split, invoice_mention
from .payload import (
    PreparedRequest,
    check_payment_request,
    json_number,
    payment_request_warnings,
    prepare_payment_request,
)
from .problems import Reporter
from .recovery import FoundRequest, find_same_request, found_facts, is_same_request

__all__ = [
    "FIELD_LABELS",
    "Adjustment",
    "FoundRequest",
    "PaymentLine",
    "PaymentRequestData",
    "PreparedAmounts",
    "PreparedLine",
    "PreparedRequest",
    "Reporter",
    "advance_split",
    "check_payment_request",
    "find_same_request",
    "found_facts",
    "invoice_mention",
    "is_same_request",
    "json_number",
    "line_total_matches",
    "normalize_unit",
    "payment_request_warnings",
    "prepare_amounts",
    "prepare_payment_request",
    "to_decimal",
    "unit_price_for",
]
