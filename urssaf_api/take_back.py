"""What URSSAF takes back after its transfer, the entry that books it, and how a bank statement
line names it (pure rules, tested without Odoo).

The contract does not say which amount URSSAF takes back after a transfer (contract §5, domain
research A6). The rules decided here, stated in the README:

* **Unpaid debit** (60 after 70) and what closes it (120 recovered, 111 cancelled after the
  unpaid, 112 cancelled after the recovery): URSSAF paid the provider the whole invoice and could
  not debit the client's share; it takes **the client's share** back from the provider's
  "régularisation" account (the help pages quoted in the domain research: "l'Urssaf [...] va
  repréléver les 50 % normalement dû par le particulier"), once: the later codes close the same
  unpaid, they take nothing more. The client then owes that share to the provider.
* **Cancellation after a transfer without an unpaid** (110, 113, or a code of the cancelled
  state the catalogue does not know): the request is void, URSSAF takes back **what it
  transferred**; the client owes it to the provider (who bills outside the scheme).
* The share is never more than what URSSAF transferred; nothing is taken back before a transfer.

The entry (in the URSSAF transfers journal, prepared as a draft the accountant reviews): debit the
client's receivable (the amount re-opened, to collect from the client), credit the journal's
outstanding payments account (the money that leaves the bank; URSSAF's debit on the statement is
matched with it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from .billing.mention import advance_split

CENT = Decimal("0.01")
ZERO = Decimal("0.00")

# what URSSAF takes back
CLIENT_SHARE = "client_share"
TRANSFERRED = "transferred"

#: URSSAF status code → what URSSAF takes back after its transfer.
TAKEN_BACK_BY_CODE = {
    "60": CLIENT_SHARE,
    "120": CLIENT_SHARE,
    "111": CLIENT_SHARE,
    "112": CLIENT_SHARE,
    "110": TRANSFERRED,
    "113": TRANSFERRED,
}
#: A code the table does not know: by the catalogue's state (tolerant of new codes).
TAKEN_BACK_BY_STATE = {
    "debit_refused": CLIENT_SHARE,
    "recovered": CLIENT_SHARE,
    "cancelled": TRANSFERRED,
}

# the roles of the entry's lines (the model gives each its account)
CLIENT_RECEIVABLE = "client_receivable"
URSSAF_OUTSTANDING = "urssaf_outstanding"


@dataclass(frozen=True)
class EntryLine:
    role: str
    debit: Decimal
    credit: Decimal


@dataclass(frozen=True)
class TakeBack:
    """What URSSAF takes back (``basis``: the client's share or the whole transfer), and the
    balanced lines of the entry that books it."""

    basis: str
    amount: Decimal
    lines: tuple[EntryLine, ...]

    @property
    def balanced(self) -> bool:
        return sum(line.debit for line in self.lines) == sum(line.credit for line in self.lines)


def basis_of(state: str | None, code: str | None) -> str | None:
    """What URSSAF takes back in this status (None: nothing)."""
    return TAKEN_BACK_BY_CODE.get((code or "").strip()) or TAKEN_BACK_BY_STATE.get(state or "")


def take_back(
    state: str | None,
    code: str | None,
    invoice_total: Decimal,
    transferred: Decimal | None,
) -> TakeBack | None:
    """The take-back of a request in ``state`` (URSSAF ``code``) after URSSAF transferred
    ``transferred`` for an invoice of ``invoice_total``; None when nothing is taken back (no
    transfer, or a status that takes nothing back)."""
    basis = basis_of(state, code)
    if basis is None or transferred is None or transferred <= 0:
        return None
    transferred = transferred.quantize(CENT)
    if basis == CLIENT_SHARE:
        _advanced, share = advance_split(invoice_total.quantize(CENT))
        amount = min(share, transferred)
    else:
        amount = transferred
    if amount <= 0:
        return None
    lines = (
        EntryLine(CLIENT_RECEIVABLE, amount, ZERO),
        EntryLine(URSSAF_OUTSTANDING, ZERO, amount),
    )
    return TakeBack(basis, amount, lines)


def entry_reference(urssaf_id: str | None, invoice_number: str | None) -> str:
    """The reference of the take-back entry: URSSAF's request id and the invoice number, as the
    memo of the transfer's payment (a bank line carrying either is matched with it)."""
    return f"URSSAF {urssaf_id or '-'} {invoice_number or '-'}"


# ------------------------------------------------------------------------------ bank statement

#: What separates the words of a bank label (an invoice number keeps its / - and .).
_SEPARATORS = re.compile(r"[\s,;:()\[\]{}<>\"'|*+=#]+")


def label_tokens(label: str | None) -> frozenset[str]:
    """The words of a bank statement line's label, upper-case, without a trailing dot or dash,
    and the parts of a word with slashes (a bank writes ``URSSAF/1000000000042``): an URSSAF
    request id or an invoice number is found as a whole word or part, never inside another
    (INV/2026/00012 is not INV/2026/0001)."""
    words = {word.strip(".-/") for word in _SEPARATORS.split((label or "").upper())}
    parts = {part.strip(".-") for word in words if "/" in word for part in word.split("/")}
    return frozenset(word for word in words | parts if word)


def mentions(label: str | None, reference: str | None) -> bool:
    """Whether the label names ``reference`` (an URSSAF request id, an invoice number)."""
    return bool(reference) and reference.strip().upper() in label_tokens(label)


def same_cents(left: Decimal, right: Decimal) -> bool:
    """Amounts equal to the cent (no tolerance)."""
    return left.quantize(CENT) == right.quantize(CENT)
