"""The shapes of the catalogue's entries."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..texts import Text


@dataclass(frozen=True)
class Entry:
    """A catalogue entry. ``field`` is the ``RegistrationData`` attribute concerned, if any."""

    label: Text
    action: Text
    field: str | None = None
    known: bool = True

    @property
    def label_fr(self) -> str:
        return self.label.fr

    @property
    def label_en(self) -> str:
        return self.label.en

    @property
    def action_fr(self) -> str:
        return self.action.fr

    @property
    def action_en(self) -> str:
        return self.action.en


@dataclass(frozen=True)
class Explanation:
    code: str
    text: Text
    known: bool

    @property
    def fr(self) -> str:
        return self.text.fr

    @property
    def en(self) -> str:
        return self.text.en


@dataclass(frozen=True)
class Nature:
    """A ``codeNature``. ``vat_rate`` is a percentage (``Decimal("5.5")``); it is ``None`` only for
    the placeholder returned for an unknown code. The VAT grouping is the contract's default and
    depends on the provider's situation."""

    label: Text
    vat_rate: Decimal | None
    eligible: bool
    known: bool = True

    @property
    def label_fr(self) -> str:
        return self.label.fr

    @property
    def label_en(self) -> str:
        return self.label.en


E = Entry
