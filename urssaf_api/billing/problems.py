"""The problems of a payment request, each naming the invoice, the field and the fix.

The :class:`~urssaf_api.validation.Problem` type and its collector are shared with the
registration: ``field``
is a :class:`~urssaf_api.billing.data.PaymentRequestData` attribute, or ``lines[<i>].<name>``
for a line (``<name>`` a :class:`~urssaf_api.billing.data.PaymentLine` attribute).
"""

from __future__ import annotations

import unicodedata

from ..texts import Text, _lt
from ..validation import ProblemCollector
from .data import FIELD_LABELS, PaymentLine


def _clean(value: object) -> str:
    text = value if isinstance(value, str) else ("" if value is None else str(value))
    text = "".join(c for c in text if unicodedata.category(c)[0] != "C")
    text = " ".join(text.split())
    return text[:60] + "…" if len(text) > 60 else text


#: The templates that put the invoice's number before each problem (a list shown under the
#: invoice's own name shows ``problem`` alone).
INVOICE_PREFIXES = (
    _lt("Invoice %(number)s: %(problem)s"),
    _lt("Invoice without a number: %(problem)s"),
)


class Reporter(ProblemCollector):
    """The shared problem collector, for one invoice: every message starts with the invoice's
    number; line problems name the line."""

    def __init__(self, invoice_number: object) -> None:
        super().__init__(FIELD_LABELS)
        self.number = _clean(invoice_number)

    def _prefixed(self, text: Text) -> Text:
        if self.number:
            return Text(INVOICE_PREFIXES[0], number=self.number, problem=text)
        return Text(INVOICE_PREFIXES[1], problem=text)

    def add(self, field_name: str, text: Text) -> None:
        return super().add(field_name, self._prefixed(text))

    def warn(self, field_name: str, text: Text) -> None:
        return super().warn(field_name, self._prefixed(text))

    def line(self, index: int, line: PaymentLine | None, name: str, text: Text) -> None:
        """A problem on a line field: ``line 2 (Cleaning), <label>: <text>``."""
        label = _clean(getattr(line, "label", None))
        where = line_name(index, label)
        field = f"lines[{index}].{name.removeprefix('line_')}"
        self.add(
            field,
            Text(
                _lt("%(line)s, %(label)s: %(problem)s"),
                line=where,
                label=FIELD_LABELS.get(name, FIELD_LABELS["lines"]),
                problem=text,
            ),
        )


def line_name(index: int, label: str) -> Text:
    """``line 2 (Cleaning)``, or ``line 2`` for a line without a label."""
    if label:
        return Text(_lt("line %(number)s (%(label)s)"), number=index + 1, label=label)
    return Text(_lt("line %(number)s"), number=index + 1)
