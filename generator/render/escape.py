"""Escaping of data for the outputs it is written into: Markdown, HTML, YAML front matter.

Data is never markup: every string from data/ or a firm profile passes through one of
these before it reaches a page. Markdown escaping backslash-escapes every ASCII
punctuation character, which pymdownx.escapeall turns back into the literal
character (and `<`, `&` into entities), so no value can open a link, an emphasis, a
list, an HTML tag, an attribute list, a snippet or a template expression.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import string
from typing import Any

from markupsafe import Markup

_PUNCT = str.maketrans({c: "\\" + c for c in string.punctuation})  # a backslash before each mark
_SPACE = re.compile(r"\s+")


def md(value: Any) -> Markup:
    """Escape a value for inline Markdown: one line, every punctuation mark literal."""
    if isinstance(value, Markup):
        return value
    text = _SPACE.sub(" ", _plain(value)).strip()
    return Markup(text.translate(_PUNCT))  # str.translate: several times faster than re.sub with a template


def md_paragraphs(value: Any) -> Markup:
    """Escape multi-paragraph text: blank lines separate paragraphs, nothing else is structure."""
    paragraphs = re.split(r"\n\s*\n", _plain(value).strip())
    return Markup("\n\n".join(md(p) for p in paragraphs if p.strip()))


def h(value: Any) -> Markup:
    """Escape a value for HTML text or a quoted attribute."""
    if isinstance(value, Markup):
        return value
    return Markup(html.escape(_plain(value), quote=True))


_ENTITY_START = re.compile(r"&(?=#?[A-Za-z0-9]+;)")


def theme_text(value: Any) -> str:
    """Escape a title the theme prints raw in text but escapes again in attributes (nav, page titles).

    Only what could open markup is escaped: `<`, `>`, and an `&` that would start a
    character reference. A plain "A & B" stays as it is, so the attribute copy the
    theme escapes itself (aria-label) still matches the visible text.
    """
    text = _SPACE.sub(" ", _plain(value)).strip()
    return _ENTITY_START.sub("&amp;", text).replace("<", "&lt;").replace(">", "&gt;")


def yaml_str(value: Any) -> Markup:
    """Quote a title for YAML front matter (JSON strings are YAML), escaped for the theme."""
    return Markup(json.dumps(theme_text(value)))


def _plain(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".") if value != int(value) else f"{int(value):,}"
    return str(value)


def finalize(value: Any) -> Any:
    """Jinja finalize hook: anything not already marked safe is Markdown-escaped."""
    if isinstance(value, Markup):
        return value
    if value is None:
        return ""
    return md(value)
