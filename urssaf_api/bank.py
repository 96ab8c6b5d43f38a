"""The client's bank account (``coordonneeBancaire``): IBAN, BIC and account holder.

* **IBAN**: checked with schwifty (checksum, country format, national key), then against the
  contract regex (18 to 31 characters: Belgian or Norwegian IBANs are refused by URSSAF) and it
  must belong to the SEPA zone (the client signs a SEPA mandate; inference). Sent compact and
  uppercase. **BIC**: the one typed (checked against the contract regex and ISO country codes),
  otherwise derived from the IBAN with schwifty; required when it cannot be derived.
* **Account holder**: a holder who does not bear the client's birth or usage name gets a warning,
  not a problem: services paid by a third party are not eligible (FAQ), but a joint account or an
  account in another of the client's names is legitimate.
* No message ever contains the IBAN (only its country and length).
"""

from __future__ import annotations

import re
import warnings

from schwifty import BIC, IBAN
from schwifty import exceptions as schwifty_exceptions

from . import contract
from .normalize import name_words
from .texts import Text, _lt
from .validation import ProblemCollector


def compact_iban(value: str) -> str:
    """Spaces, dots and dashes removed, upper case."""
    return re.sub(r"[\s.\-]", "", value).upper()


def derive_bic(iban: object) -> str | None:
    """The BIC of the IBAN's bank according to schwifty's registry, or ``None``."""
    if not isinstance(iban, str):
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            bic = IBAN(compact_iban(iban)).bic
    except Exception:
        return None
    text = str(bic) if bic else ""
    return text if contract.BIC_RE.fullmatch(text) else None


_IBAN_ERRORS = (
    (
        schwifty_exceptions.InvalidChecksumDigits,
        Text(_lt("the check digits do not match: check every character on the bank details")),
    ),
    (
        schwifty_exceptions.InvalidBBANChecksum,
        Text(
            _lt("the national check key does not match: check every character on the bank details")
        ),
    ),
    (
        schwifty_exceptions.InvalidCountryCode,
        Text(_lt("the country code (first 2 letters) is unknown")),
    ),
    (
        schwifty_exceptions.InvalidLength,
        Text(_lt("the length does not match the IBAN's country; a character is missing or extra")),
    ),
)


def check_bank(c: ProblemCollector, data: object) -> dict | None:
    """The ``coordonneeBancaire`` payload, or ``None`` when the bank details have a problem (each
    one added to ``c``)."""
    start = len(c.problems)
    iban = _check_iban(c, data)
    bic = _check_bic(c, data, iban)
    holder = c.free_text(data, "account_holder", contract.ACCOUNT_HOLDER_MAX_LENGTH, required=True)
    if len(c.problems) > start or not (iban and bic and holder):
        return None
    return {"bic": bic, "iban": iban, "titulaire": holder}


def _check_iban(c: ProblemCollector, data: object) -> str | None:
    iban_raw = c.text(data, "iban")
    if iban_raw is None:
        c.add("iban", Text(_lt("IBAN: required.")))
        return None
    iban = compact_iban(iban_raw)
    problem = iban_problem(iban)
    if problem is not None:
        c.add("iban", Text(_lt("IBAN: %(problem)s."), problem=problem))
        return None
    return iban


def _check_bic(c: ProblemCollector, data: object, iban: str | None) -> str | None:
    """The BIC typed, or derived from a valid IBAN when none is typed."""
    bic_raw = c.text(data, "bic")
    if bic_raw is None:
        if iban is None:
            return None
        bic = derive_bic(iban)
        if bic is None:
            c.add(
                "bic",
                Text(
                    _lt(
                        "BIC: cannot be derived from the IBAN; copy it from the client's bank "
                        "details."
                    )
                ),
            )
        return bic
    bic = re.sub(r"\s", "", bic_raw).upper()
    valid = contract.BIC_RE.fullmatch(bic) is not None
    if valid:
        try:
            BIC(bic)
        except Exception:
            valid = False
    if not valid:
        c.add(
            "bic",
            Text(
                _lt(
                    "BIC: 8 or 11 characters (e.g. BNPAFRPP or BNPAFRPPXXX) with a valid country "
                    "code; copy it from the bank details."
                )
            ),
        )
        return None
    return bic


def iban_problem(iban: str) -> Text | None:
    """The reason why a compact IBAN cannot be sent to URSSAF, or ``None``."""
    if not re.fullmatch(r"[A-Z0-9]+", iban):
        return Text(_lt("letters and digits only (spaces are removed automatically)"))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            parsed = IBAN(iban, validate_bban=True)
    except Exception as exc:  # never show the exception text: it contains the IBAN
        for kind, text in _IBAN_ERRORS:
            if isinstance(exc, kind):
                return text
        return Text(_lt("invalid format; copy it from the client's bank details"))
    if not (
        contract.IBAN_MIN_LENGTH <= len(iban) <= contract.IBAN_MAX_LENGTH
        and contract.IBAN_RE.fullmatch(iban)
    ):
        return Text(
            _lt(
                "this IBAN (%(country)s, %(length)s characters) has a format URSSAF does not "
                "accept (18 to 31 characters, 4 characters then 7 digits after the check digits); "
                "ask the client for a French account"
            ),
            country=iban[:2],
            length=len(iban),
        )
    return _sepa_problem(parsed)


def _sepa_problem(parsed: IBAN) -> Text | None:
    try:
        in_sepa = bool(parsed.in_sepa_zone)
    except Exception:  # pragma: no cover - registry problem: do not block
        in_sepa = True
    if not in_sepa:
        return Text(
            _lt(
                "the account must be in the SEPA zone (SEPA direct debit); ask the client for a "
                "French account"
            )
        )
    return None


def _bears_name(holder_words: list[str], name: str | None) -> bool:
    words = name_words(name or "")
    if not words:
        return False
    size = len(words)
    return any(holder_words[i : i + size] == words for i in range(len(holder_words) - size + 1))


def check_holder_is_client(
    c: ProblemCollector, holder: str | None, birth_name: str | None, usage_name: str | None
) -> None:
    """A warning when the account holder bears neither the client's birth name nor usage name
    (accents, case and punctuation ignored; a joint account holding the name is fine)."""
    if not holder or not birth_name:
        return
    words = name_words(holder)
    if _bears_name(words, birth_name) or _bears_name(words, usage_name):
        return
    names = " / ".join(n for n in (birth_name, usage_name) if n)
    c.warn(
        "account_holder",
        Text(
            _lt(
                'Account holder: "%(holder)s" does not bear the client\'s name (%(names)s). '
                "Services paid by a third party (a child for a parent, for example) are not "
                "eligible for the immediate advance: the account must be the client's. A joint "
                "account or an account in another of the client's names (birth name, usage name) "
                "is fine: check with the client, then send, or correct the holder or the usage "
                "name."
            ),
            holder=holder,
            names=names,
        ),
    )
