"""Problems found in data before it is sent to URSSAF, and the collector that gathers them.

Shared by every validator of the package (the registration's today, the payment requests' next):
a validator never raises on bad input, it adds a :class:`Problem` naming the field and the fix (a
:class:`~urssaf_api.texts.Text`, translated on display), and goes on, so that the user sees every
problem at once.

A problem is *blocking* (nothing is sent until it is fixed) unless it is a *warning*
(``blocking=False``): something the user should check with the client, which does not prevent
sending.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from .texts import Text, _lt


@dataclass(frozen=True)
class Problem:
    """One problem; ``field`` is the attribute of the validated data to fix or check.

    ``blocking`` is False for a warning: the data can be sent as it is, but the user should check
    what the message says.
    """

    field: str
    text: Text
    blocking: bool = True

    @property
    def message_en(self) -> str:
        return self.text.en

    @property
    def message_fr(self) -> str:
        return self.text.fr


class InvalidData(ValueError):
    """Raised by the payload builders; ``problems`` lists every blocking problem; ``what`` names
    the data in the exception's text."""

    def __init__(self, problems: list[Problem], what: str = "registration data"):
        self.problems = list(problems)
        details = "; ".join(f"{p.field}: {p.message_en}" for p in self.problems)
        super().__init__(f"{len(self.problems)} problem(s) in the {what}: {details}")


def get_field(data: object, name: str) -> object:
    """``data[name]`` for a mapping, ``data.name`` otherwise; ``None`` when absent or when reading
    it fails (a broken property must not make validation raise)."""
    if isinstance(data, Mapping):
        return data.get(name)
    try:
        return getattr(data, name, None)
    except Exception:
        return None


def has_invisible(value: str) -> bool:
    """True when ``value`` holds a control, format or other invisible character (Unicode ``C*``)."""
    return any(unicodedata.category(c)[0] == "C" for c in value)


class ProblemCollector:
    """Gathers the problems and warnings of one validation run.

    ``labels`` maps each field name to its label (a :class:`~urssaf_api.texts.Text`), used in the
    messages.
    """

    def __init__(self, labels: Mapping[str, Text]) -> None:
        self.labels = labels
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []

    def label(self, name: str) -> Text:
        """The label of a field (its name when it has none)."""
        return self.labels.get(name) or Text("%(name)s", name=name)

    def add(self, field_name: str, text: Text) -> None:
        """A blocking problem."""
        self.problems.append(Problem(field_name, text))

    def warn(self, field_name: str, text: Text) -> None:
        """A warning: the data can be sent, the user should check it."""
        self.warnings.append(Problem(field_name, text, blocking=False))

    def field(self, name: str, text: Text, warning: bool = False) -> None:
        """A problem (or a ``warning``) of a field: ``<label>: <text>``."""
        message = Text(_lt("%(label)s: %(problem)s"), label=self.label(name), problem=text)
        (self.warn if warning else self.add)(name, message)

    def required(self, name: str) -> None:
        """The generic "required" problem of a field."""
        self.add(name, Text(_lt("%(label)s: required."), label=self.label(name)))

    def text(self, data: object, name: str) -> str | None:
        """The field as clean text (NFC, trimmed, single spaces) or None; a problem when the
        value is not text."""
        value = get_field(data, name)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, str | int):
            self.add(
                name,
                Text(_lt("%(label)s: invalid value, text expected."), label=self.label(name)),
            )
            return None
        text = unicodedata.normalize("NFC", str(value))
        text = " ".join(text.split())
        return text or None

    def free_text(self, data: object, name: str, max_length: int, required: bool) -> str | None:
        """:meth:`text` then :meth:`check_free`."""
        return self.check_free(name, self.text(data, name), max_length, required)

    def check_free(
        self, name: str, value: str | None, max_length: int, required: bool
    ) -> str | None:
        """Length and invisible-character checks of an already cleaned text."""
        label = self.label(name)
        if value is None:
            if required:
                self.required(name)
            return None
        if has_invisible(value):
            self.add(
                name,
                Text(_lt("%(label)s: remove the invisible or control characters."), label=label),
            )
            return None
        if len(value) > max_length:
            self.add(
                name,
                Text(
                    _lt("%(label)s: at most %(max)s characters (%(length)s entered); shorten it."),
                    label=label,
                    max=max_length,
                    length=len(value),
                ),
            )
            return None
        return value
