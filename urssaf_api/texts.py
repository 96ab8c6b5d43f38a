"""User-facing texts of the package: an English template and its values, translated on display.

Every message the package shows a user (a validation problem, an error, a catalogue label) is a
:class:`Text`: an English ``%(name)s`` template and the values of its placeholders. The package
renders it in English (``str(text)``); the Odoo layer translates the template with the user's
language through the addon's ``i18n/*.po`` files, so that translators fix the French there. The
templates are marked with :func:`_lt`, a no-op that Odoo's term extractor recognises (it scans
every ``.py`` file of the addon, this package included, for ``_()`` and ``_lt()``).

A value may itself be a :class:`Text` (a field label, a nested message), a :class:`Money` or a
:class:`Day` (written the way the language writes amounts and dates), or any plain value (a
number, a code, what the user typed: shown as it is).

The package's own French (:mod:`.texts_fr`) renders French without Odoo (tests, scripts); it is
the seed of the addon's ``fr.po``, where the French shown in Odoo lives.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal


def _lt(source: str) -> str:
    """Marks an English template for Odoo's term extractor; returns it unchanged."""
    return source


def is_french(lang: str | None) -> bool:
    return (lang or "").startswith("fr")


@dataclass(frozen=True)
class Money:
    """An amount in euros: ``1,234.50 €`` in English, ``1 234,50 €`` in French."""

    amount: Decimal

    def format(self, lang: str | None) -> str:
        if is_french(lang):
            from .billing.mention import euros  # noqa: PLC0415  (billing imports this module)

            return euros(Decimal(self.amount))
        amount = Decimal(self.amount).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        return f"{amount:,.2f} €"


@dataclass(frozen=True)
class Day:
    """A date: ``15/03/2024`` in French, ``2024-03-15`` otherwise."""

    day: date

    def format(self, lang: str | None) -> str:
        return self.day.strftime("%d/%m/%Y") if is_french(lang) else self.day.isoformat()


class Text:
    """An English ``%(name)s`` template (marked with :func:`_lt`) and its values.

    Immutable and comparable; ``str()`` is the English text.
    """

    __slots__ = ("params", "template")

    def __init__(self, template: str, /, **params: object) -> None:
        object.__setattr__(self, "template", template)
        object.__setattr__(self, "params", dict(params))

    def __setattr__(self, name, value):
        raise AttributeError("Text is immutable")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Text):
            return NotImplemented
        return (self.template, self.params) == (other.template, other.params)

    def __hash__(self) -> int:
        return hash((self.template, tuple(sorted(self.params))))

    def __repr__(self) -> str:
        return f"Text({self.template!r}, {self.params!r})"

    def __str__(self) -> str:
        return self.en

    def render(
        self, translate: Callable[[str], str] | None = None, lang: str | None = "en_US"
    ) -> str:
        """The text with ``translate`` applied to every template (this one and those of its
        values); ``lang`` says how to write amounts and dates. A translation whose placeholders
        do not fit falls back to the English template."""
        template = translate(self.template) if translate else self.template
        if not self.params:
            return template
        values = {name: render(value, translate, lang) for name, value in self.params.items()}
        try:
            return template % values
        except (KeyError, ValueError, TypeError):
            return self.template % values

    @property
    def en(self) -> str:
        return self.render()

    @property
    def fr(self) -> str:
        from .texts_fr import translate_fr  # noqa: PLC0415  (the table imports this module)

        return self.render(translate_fr, "fr_FR")


def render(
    value: object, translate: Callable[[str], str] | None = None, lang: str | None = "en_US"
) -> str:
    """Any value of a :class:`Text` as shown: texts translated, amounts and dates written for
    ``lang``, anything else as ``str()``."""
    if isinstance(value, Text):
        return value.render(translate, lang)
    if isinstance(value, Money | Day):
        return value.format(lang)
    return "" if value is None else str(value)


def join(texts: Iterable[Text | str]) -> Text | str:
    """Several texts as one, separated the way the language separates items of a list
    (``a; b; c`` in English, ``a ; b ; c`` in French)."""
    result: Text | str = ""
    for index, text in enumerate(texts):
        result = text if index == 0 else Text(_lt("%(first)s; %(next)s"), first=result, next=text)
    return result
