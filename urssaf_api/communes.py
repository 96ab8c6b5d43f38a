"""The official list of French communes, as shipped by the addon (no Odoo import).

Source: Etalab's ``@etalab/decoupage-administratif`` npm package (MIT licence, data from INSEE's
Code officiel géographique), file ``data/communes.json``: current communes, delegated and
associated communes (former communes merged into a new one that keep a name and a code), the
municipal arrondissements of Paris, Lyon and Marseille. ``scripts/build_communes.py`` turns it
into the compact file the addon ships (``data/l10n_fr_urssaf_communes.csv.gz``), read back by
:func:`read_compact`.

The INSEE code alone is not a key: a delegated commune that was the seat of a merger keeps the
code of the new commune (01015 is both *Arboys en Bugey* and its delegated commune *Arbignieu*).
An entry is identified by ``(code, kind)``.

Compact format: UTF-8 CSV, optionally gzipped; lines starting with ``#`` are comments (the first
one names the source and its version); then a header and one row per entry::

    code,kind,name,department,parent,postal_codes,former_codes
    75114,arrondissement,Paris 14e Arrondissement,75,75056,75014,
    2A004,commune,Ajaccio,2A,,20000 20090 20167,20004
"""

from __future__ import annotations

import csv
import gzip
import io
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

#: Etalab's ``type`` → the kind stored by the addon.
ETALAB_KINDS = {
    "commune-actuelle": "commune",
    "commune-deleguee": "delegated",
    "commune-associee": "associated",
    "arrondissement-municipal": "arrondissement",
}
KINDS = tuple(ETALAB_KINDS.values())
#: The kinds a postal address can use (URSSAF wants the current commune; Paris, Lyon and
#: Marseille by arrondissement).
ADDRESS_KINDS = ("commune", "arrondissement")
#: The communes divided into municipal arrondissements: an address there takes the
#: arrondissement's code.
COMMUNES_WITH_ARRONDISSEMENTS = frozenset({"75056", "69123", "13055"})

COLUMNS = ("code", "kind", "name", "department", "parent", "postal_codes", "former_codes")
SOURCE_PACKAGE = "@etalab/decoupage-administratif"

#: A 5-character INSEE commune code.
CODE_RE = re.compile(r"^[0-9][0-9AB][0-9]{3}$")
_POSTAL_RE = re.compile(r"^[0-9]{5}$")


@dataclass(frozen=True)
class Commune:
    code: str  # 5-character INSEE code: "77288", "2A004", "97411"
    kind: str  # one of KINDS
    name: str
    department: str  # "77", "2A", "974"
    parent: str | None = None  # current commune of a delegated/associated commune/arrondissement
    postal_codes: tuple[str, ...] = ()
    former_codes: tuple[str, ...] = ()


class CommuneFileError(ValueError):
    """The file is not a commune list in the expected format; ``str()`` says what is wrong."""


# --------------------------------------------------------------------------------------------
# Etalab's JSON → entries


def from_etalab(entries: Iterable[dict]) -> list[Commune]:
    """The entries of Etalab's ``communes.json`` (a list of dicts), in the source's order."""
    communes = []
    for entry in entries:
        kind = ETALAB_KINDS.get(entry.get("type"))
        if kind is None:
            raise CommuneFileError(f"unknown type {entry.get('type')!r} for {entry.get('code')!r}")
        parent = entry.get("commune") if kind == "arrondissement" else entry.get("chefLieu")
        communes.append(
            Commune(
                code=entry["code"],
                kind=kind,
                name=entry["nom"],
                department=entry["departement"],
                parent=parent or None,
                postal_codes=tuple(entry.get("codesPostaux") or ()),
                former_codes=tuple(entry.get("anciensCodes") or ()),
            )
        )
    return communes


# --------------------------------------------------------------------------------------------
# The compact file


def write_compact(communes: Iterable[Commune], stream: io.TextIOBase, *, source: str) -> int:
    """Write ``communes`` in the compact format to a text stream; returns the rows written."""
    stream.write(f"# {source}\n")
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(COLUMNS)
    count = 0
    for c in communes:
        writer.writerow(
            (
                c.code,
                c.kind,
                c.name,
                c.department,
                c.parent or "",
                " ".join(c.postal_codes),
                " ".join(c.former_codes),
            )
        )
        count += 1
    return count


def read_compact(content: bytes) -> tuple[str, list[Commune]]:
    """``(source, communes)`` from the bytes of a compact file, gzipped or not. Raises
    :class:`CommuneFileError` naming the line at fault; an entry is never half-read."""
    if content[:2] == b"\x1f\x8b":
        try:
            content = gzip.decompress(content)
        except (OSError, EOFError) as exc:
            raise CommuneFileError(f"damaged gzip file ({exc})") from exc
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CommuneFileError("the file is not UTF-8 text") from exc
    source = ""
    lines = text.splitlines()
    start = 0
    while start < len(lines) and lines[start].startswith("#"):
        source = source or lines[start][1:].strip()
        start += 1
    reader = csv.reader(lines[start:])
    header = next(reader, None)
    if tuple(header or ()) != COLUMNS:
        raise CommuneFileError(f"expected the header {','.join(COLUMNS)}, found {header!r}")
    communes = []
    seen = set()
    for number, row in enumerate(reader, start=start + 2):
        communes.append(_parse_row(row, number))
        key = (communes[-1].code, communes[-1].kind)
        if key in seen:
            raise CommuneFileError(f"line {number}: {key[0]} ({key[1]}) appears twice")
        seen.add(key)
    if not communes:
        raise CommuneFileError("the file holds no commune")
    return source, communes


def _parse_row(row: list[str], number: int) -> Commune:
    if len(row) != len(COLUMNS):
        raise CommuneFileError(f"line {number}: {len(COLUMNS)} columns expected, {len(row)} found")
    code, kind, name, department, parent, postal, former = (v.strip() for v in row)
    if not CODE_RE.fullmatch(code):
        raise CommuneFileError(f"line {number}: {code!r} is not an INSEE commune code")
    if kind not in KINDS:
        raise CommuneFileError(f"line {number}: unknown kind {kind!r}")
    if not name or not department:
        raise CommuneFileError(f"line {number}: the name and the department are required")
    if parent and not CODE_RE.fullmatch(parent):
        raise CommuneFileError(f"line {number}: {parent!r} is not an INSEE commune code")
    postal_codes = tuple(postal.split())
    former_codes = tuple(former.split())
    bad = [p for p in postal_codes if not _POSTAL_RE.fullmatch(p)]
    bad += [f for f in former_codes if not CODE_RE.fullmatch(f)]
    if bad:
        raise CommuneFileError(f"line {number}: invalid code(s) {' '.join(bad)}")
    return Commune(code, kind, name, department, parent or None, postal_codes, former_codes)


def iter_compact_rows(communes: Iterable[Commune]) -> Iterator[tuple[str, ...]]:
    """Rows for a bulk load: the compact columns plus the search key of the name."""
    for c in communes:
        yield (
            c.code,
            c.kind,
            c.name,
            search_key(c.name),
            c.department,
            c.parent or "",
            " ".join(c.postal_codes),
            " ".join(c.former_codes),
        )


# --------------------------------------------------------------------------------------------
# Searching by name

_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}
_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def search_key(text: str | None) -> str:
    """A name as searched: no accents, lower case, any punctuation a single space, "St"/"Ste"
    written out (``"Saint-Étienne"``, ``"st etienne"`` and ``"ST ETIENNE"`` → ``"saint etienne"``;
    ``"L'Haÿ-les-Roses"`` → ``"l hay les roses"``)."""
    decomposed = unicodedata.normalize("NFKD", (text or "").replace("œ", "oe").replace("Œ", "OE"))
    ascii_text = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    words = _NON_ALNUM.sub(" ", ascii_text).split()
    return " ".join(_ABBREVIATIONS.get(w, w) for w in words)


def payload_label(name: str) -> str:
    """A commune name as URSSAF's label fields take it (letters, digits, spaces, ``'`` and
    ``-``): the few official names with brackets lose them (``Château-Chinon (Ville)`` →
    ``Château-Chinon Ville``)."""
    return " ".join(re.sub(r"[()]", " ", name).split())
