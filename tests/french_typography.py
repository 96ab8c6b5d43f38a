"""French typography: a no-break space (U+00A0) before ":", a narrow no-break space (U+202F)
before ";", "?" and "!". Plain Python (no Odoo): used by tests/test_french_texts.py and by
scripts/i18n_typography.py, which fixes i18n/fr.po.

Left alone: URLs ("https://…", "mailto:…"), times and ratios ("10:30"), "::", format placeholders
("%(x)s", "{x:.2f}", "{{ … }}"), HTML tags and entities, code operators ("!=", "?=").
"""

import re

NBSP = "\u00a0"
NNBSP = "\u202f"
#: what must stand before each sign
SPACE_BEFORE = {":": NBSP, ";": NNBSP, "?": NNBSP, "!": NNBSP}
#: accepted before each sign (either no-break space)
ACCEPTED = (NBSP, NNBSP)
#: spans that are not French prose
_SKIPPED = re.compile(
    r"""
    [a-zA-Z][a-zA-Z0-9+.-]*://[^\s<>"']*      # URLs
    | \b(?:mailto|tel):[^\s<>"']+             # mail and phone links
    | <[^<>]*>                                # HTML / XML tags (attributes, QWeb expressions)
    | &\#?\w+;                                # HTML entities
    | \{\{.*?\}\}                             # inline templates
    | \{[^{}\s]*\}                            # format fields ("{x}", "{x:.2f}")
    | %\([^)]*\)[-\#0 +]*\d*(?:\.\d+)?[a-zA-Z] # %(x)s
    | \d:\d                                   # times, ratios
    | ::                                      # code
    | [!?]=                                   # operators
    """,
    re.VERBOSE | re.DOTALL,
)


def _skipped(text):
    spans = [False] * len(text)
    for match in _SKIPPED.finditer(text):
        for index in range(match.start(), match.end()):
            spans[index] = True
    return spans


def faults(text, accepted=ACCEPTED):
    """The positions of the signs of ``text`` not preceded by one of ``accepted`` (another
    sign or the start of the text is fine: "?!", a text that goes on another one)."""
    skipped = _skipped(text)
    found = []
    for index, char in enumerate(text):
        if char not in SPACE_BEFORE or skipped[index] or index == 0:
            continue
        before = text[index - 1]
        if before in accepted or before in SPACE_BEFORE:
            continue
        found.append(index)
    return found


def fix(text):
    """``text`` with the right no-break space before each sign: an ordinary space (or a no-break
    space of the other kind before ";?!") is replaced, a missing one is added."""
    skipped = _skipped(text)
    out = []
    for index, char in enumerate(text):
        if char in SPACE_BEFORE and not skipped[index] and index:
            wanted = SPACE_BEFORE[char]
            before = out[-1] if out else ""
            if before in (" ", NBSP, NNBSP):
                if not (char == ":" and before == NNBSP):
                    out[-1] = wanted
            elif before not in SPACE_BEFORE:
                out.append(wanted)
        out.append(char)
    return "".join(out)


def describe(text, index, width=30):
    start = max(0, index - width)
    return text[start : index + width].replace("\n", " ")
