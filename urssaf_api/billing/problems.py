"""The problems of a payment request, each naming the invoice, the field and the fix.

The :class:`~urssaf_api.validation.Problem` type and its collector are shared with the
registration: ``field``
is a :class:`~urssaf_api.billing.data.PaymentRequestData` attribute, or ``lines[<i>].<name>``
for a line (``<name>`` a :class:`~urssaf_api.billing.data.PaymentLine` attribute).
"""

from __future__ import annotations

import unicodedata

from ..validation import ProblemCollector
from .data import FIELD_LABELS, PaymentLine


def _clean(value: object) -> str:
    text = value if isinstance(value, str) else ("" if value is None else str(value))
    text = "".join(c for c in text if unicodedata.category(c)[0] != "C")
    text = " ".join(text.split())
    return text[:60] + "…" if len(text) > 60 else text


class Reporter(ProblemCollector):
    """The shared problem collector, for one invoice: every message starts with the invoice's
    number; line problems name the line."""

    def __init__(self, invoice_number: object) -> None:
        super().__init__(FIELD_LABELS)
        number = _clean(invoice_number)
        self.prefix_fr = f"Facture {number} : " if number else "Facture sans numéro : "
        self.prefix_en = f"Invoice {number}: " if number else "Invoice without a number: "

    def add(self, field_name: str, fr: str, en: str) -> None:
        return super().add(field_name, self.prefix_fr + fr, self.prefix_en + en)

    def warn(self, field_name: str, fr: str, en: str) -> None:
        return super().warn(field_name, self.prefix_fr + fr, self.prefix_en + en)

    def field(self, name: str, fr: str, en: str, warning: bool = False) -> None:
        """A problem (or a ``warning``) on an invoice field: ``<label> : <fr>`` /
        ``<label>: <en>``."""
        label_fr, label_en = self.label(name)
        (self.warn if warning else self.add)(name, f"{label_fr} : {fr}", f"{label_en}: {en}")

    def line(self, index: int, line: PaymentLine | None, name: str, fr: str, en: str) -> None:
        """A problem on a line field: ``ligne 2 (Ménage), <label> : <fr>``."""
        label = _clean(getattr(line, "label", None))
        where_fr = f"ligne {index + 1}" + (f" ({label})" if label else "")
        where_en = f"line {index + 1}" + (f" ({label})" if label else "")
        label_fr, label_en = FIELD_LABELS.get(name, FIELD_LABELS["lines"])
        field = f"lines[{index}].{name.removeprefix('line_')}"
        self.add(field, f"{where_fr}, {label_fr} : {fr}", f"{where_en}, {label_en}: {en}")
