"""The shapes of the catalogue's entries."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Entry:
    """A catalogue entry. ``field`` is the ``RegistrationData`` attribute concerned, if any."""

    label_fr: str
    label_en: str
    action_fr: str
    action_en: str
    field: str | None = None
    known: bool = True


@dataclass(frozen=True)
class Explanation:
    code: str
    fr: str
    en: str
    known: bool


@dataclass(frozen=True)
class Nature:
    """A ``codeNature``. ``vat_rate`` is a percentage (``Decimal("5.5")``); it is ``None`` only for
    the placeholder returned for an unknown code. The VAT grouping is the contract's default and
    depends on the provider's situation."""

    label_fr: str
    label_en: str
    vat_rate: Decimal | None
    eligible: bool
    known: bool = True


E = Entry
