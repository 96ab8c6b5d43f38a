"""Settling what the sending left open, from an E4 search by invoice number.

* ``ERR_FACTURE_DOUBLON``: the number is already known to URSSAF. The existing request is adopted
  (its id and status recorded on the invoice) only when it is the same bill: same client and same
  amount including VAT (the idempotent pattern of contract §7). Otherwise the number was used
  for something else: nothing is adopted and the user is told.
* A lost answer (the call may or may not have reached URSSAF): the request found under the
  invoice number is adopted on the same conditions; when nothing is found, the request was not
  recorded and may be sent again.
"""

from __future__ import annotations

from decimal import Decimal

from ..results import PaymentRequestInfo
from .amounts import to_decimal


def is_same_request(info: PaymentRequestInfo, id_client: str, total_ttc: Decimal) -> bool:
    """Whether the request URSSAF holds is this invoice's: same client, same amount incl. VAT."""
    if not info.id_payment_request or info.id_client != id_client:
        return False
    raw = info.request.get("mntFactureTTC") if isinstance(info.request, dict) else None
    amount = to_decimal(raw)
    return amount is not None and amount == to_decimal(total_ttc)


def find_same_request(
    items: list[PaymentRequestInfo], invoice_number: str, id_client: str, total_ttc: Decimal
) -> tuple[PaymentRequestInfo | None, list[PaymentRequestInfo]]:
    """``(the request to adopt or None, the other requests found under this number)``."""
    found = [info for info in items if info.invoice_number == invoice_number]
    for info in found:
        if is_same_request(info, id_client, total_ttc):
            return info, [other for other in found if other is not info]
    return None, found
