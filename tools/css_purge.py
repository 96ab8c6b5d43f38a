"""Keep, of a style sheet, the rules that can apply to a given HTML document.

wkhtmltopdf matches every rule of a style sheet against every element of a document: with Odoo's
report style sheets (about 440 KB: Bootstrap, the layouts, icons) and their web fonts, a page of
a tax certificate costs 0.2 to 0.3 s; with the rules it uses and the system's fonts, about
0.015 s (measured on 100 certificates: 30 s against 1.5 s). Rules are kept
conservatively: a rule goes only when one of the classes or ids its selectors require is
nowhere in the document (a class inside ``:not()`` requires nothing). At-rules that hold rules
(``@media``, ``@supports``) are purged inside; ``@keyframes`` go (a PDF does not move), and so
do the web fonts (``@font-face``; ``@import`` too): wkhtmltopdf's WebKit draws the text of a web
font as shapes, glyph by glyph (0.2 s a page, and a PDF whose text cannot be searched nor
copied), where a font of the system is embedded as a font (0.015 s a page). The document names
its fonts with system fallbacks (Lato when the server has it, else Liberation or DejaVu Sans).
"""

import re

_CLASS_OR_ID = re.compile(r"([.#])(-?[_a-zA-Z][\w-]*)")
_NOT = re.compile(r":not\([^()]*\)")
_CONTAINERS = ("@media", "@supports", "@document", "@layer")


def document_names(html):
    """The classes and the ids used in ``html``: ``({class}, {id})``."""
    classes, ids = set(), set()
    for value in re.findall(r'\sclass\s*=\s*"([^"]*)"', html):
        classes.update(value.split())
    for value in re.findall(r"\sclass\s*=\s*'([^']*)'", html):
        classes.update(value.split())
    ids.update(re.findall(r'\sid\s*=\s*"([^"]*)"', html))
    return classes, ids


def _selector_may_match(selector, classes, ids):
    selector = _NOT.sub("", selector)
    selector = re.sub(r"\[[^\]]*\]", "", selector)  # attribute values may hold dots
    for kind, name in _CLASS_OR_ID.findall(selector):
        if kind == "." and name not in classes:
            return False
        if kind == "#" and name not in ids:
            return False
    return True


def _blocks(css):
    """``(prelude, body)`` of each top-level block of ``css`` (a rule or an at-rule); a body of
    ``None`` for an at-rule ended by ``;`` (``@import``, ``@charset``)."""
    index, size = 0, len(css)
    while index < size:
        brace = css.find("{", index)
        semicolon = css.find(";", index)
        if brace == -1:
            return
        if css.startswith("@", index) and semicolon != -1 and semicolon < brace:
            yield css[index : semicolon + 1].strip(), None
            index = semicolon + 1
            continue
        depth, cursor, quote = 0, brace, None
        while cursor < size:
            char = css[cursor]
            if quote:
                if char == "\\":
                    cursor += 1
                elif char == quote:
                    quote = None
            elif char in "\"'":
                quote = char
            elif char == "{":
                depth += 1
            elif char == "}":
                depth -= 1
                if depth == 0:
                    break
            cursor += 1
        yield css[index:brace].strip(), css[brace + 1 : cursor]
        index = cursor + 1


def purge_css(css, classes, ids):
    """The rules of ``css`` that may apply to a document using ``classes`` and ``ids``, without
    its fonts (see the module's docstring)."""
    return "\n".join(_purge_rules(re.sub(r"/\*.*?\*/", "", css, flags=re.S), classes, ids))


def _purge_rules(css, classes, ids):
    kept = []
    for prelude, body in _blocks(css):
        if body is None:
            if not prelude.lower().startswith("@import"):
                kept.append(prelude)
        elif prelude.startswith("@"):
            keyword = prelude.split(None, 1)[0].split("(", 1)[0].lower()
            if keyword.endswith("keyframes") or keyword == "@font-face":
                continue
            if keyword in _CONTAINERS:
                inner = _purge_rules(body, classes, ids)
                if inner:
                    kept.append(f"{prelude}{{{chr(10).join(inner)}}}")
            else:
                kept.append(f"{prelude}{{{body}}}")
        else:
            selectors = [s for s in prelude.split(",") if _selector_may_match(s, classes, ids)]
            if selectors:
                kept.append(f"{','.join(selectors)}{{{body}}}")
    return kept
