"""Settling what the sending left open, from an E4 search by invoice number.

* ``ERR_FACTURE_DOUBLON``: the number is already known to URSSAF. The existing request is adopted
  (its id and status recorded on the invoice) only when it is the same bill: same client and same
  amount including VAT (the idempotent pattern of contract §7). Otherwise the number was used
  for something else: nothing is adopted and the user is told.
* A lost answer (the call may or may not have reached URSSAF): the request found under the
  invoice number is adopted on the same conditions; when nothing is found, it is searched again
  for a while (``urssaf_api.sync.LOST_AFTER``) before it is taken as not received.
* What URSSAF holds under the number for another bill (:func:`found_facts`) is recorded and shown:
  that request stands (URSSAF follows and pays it) until URSSAF cancels it.
"""

from __future__ import annotations

from dataclasses import dataclass
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


@dataclass(frozen=True)
class FoundRequest:
    """What an E4 search found under an invoice number (for another client or amount)."""

    id_payment_request: str | None
    id_client: str | None
    total_ttc: Decimal | None
    status: str | None


def found_facts(items: list[PaymentRequestInfo]) -> FoundRequest | None:
    """The request URSSAF holds under the number, as recorded on the refused request (the last
    one URSSAF lists when it lists several); None when it lists none."""
    if not items:
        return None
    info = items[-1]
    raw = info.request.get("mntFactureTTC") if isinstance(info.request, dict) else None
    return FoundRequest(info.id_payment_request, info.id_client, to_decimal(raw), info.status)
