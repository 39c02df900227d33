"""Walk plain YAML data alongside its pydantic model and replace every free-text string.

Used by the hostile-string tests (and the property tests) to prove a claim over every
string field of the schema rather than over one sample. "Free text" is a `str` field
without a validated format: ids, emails, colours, currencies, time zones, hours and
urls are checked by the schema (a hostile value is rejected, tested in the corpus), and
`Literal` choices are not free text at all.
"""

from __future__ import annotations

import html.parser
import types
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

from pydantic import AfterValidator, BaseModel

HOSTILE = (
    "<script>alert(1)</script> [x](http://e) **b** {{ 7*7 }} {% raw %}{%{% endraw %} "
    "--8<-- | # &amp; `c` _i_ \\ <b>t</b> ![i](http://e/i.png) end"
)


def hostile(marker: str) -> str:
    """The hostile text carrying a unique marker in front."""
    return f"{marker} {HOSTILE}"


@dataclass
class Walk:
    """What a walk poisoned and what it skipped, by 'Model.field'."""

    poisoned: dict[str, list[str]] = field(default_factory=dict)  # field -> values written
    skipped: dict[str, str] = field(default_factory=dict)  # field -> why
    counter: int = 0
    prefix: str = "MK"

    def next_marker(self) -> str:
        self.counter += 1
        return f"{self.prefix}{self.counter}X"


def unwrap(ann: Any) -> tuple[Any, list[Any], bool]:
    """Strip Annotated and Optional; return (type, metadata, optional)."""
    meta: list[Any] = []
    optional = False
    while True:
        origin = typing.get_origin(ann)
        if origin is typing.Annotated:
            args = typing.get_args(ann)
            ann, meta = args[0], meta + list(args[1:])
            continue
        if origin in (typing.Union, types.UnionType):
            members = [a for a in typing.get_args(ann) if a is not type(None)]
            optional = optional or len(members) < len(typing.get_args(ann))
            ann = members[0]
            continue
        return ann, meta, optional


def _pattern(meta: list[Any]) -> str | None:
    for m in meta:
        p = getattr(m, "pattern", None)
        if p:
            return str(p)
    return None


def kind_of(ann: Any, extra_meta: list[Any]) -> tuple[str, Any, bool]:
    """Classify a field type: ('model', cls) | ('list', inner) | ('text', suffix) | ('skip', why)."""
    tp, meta, optional = unwrap(ann)
    meta = meta + extra_meta
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return "model", tp, optional
    if typing.get_origin(tp) is list:
        return "list", typing.get_args(tp)[0], optional
    if typing.get_origin(tp) is Literal:
        return "skip", "a fixed choice (Literal), not free text", optional
    if tp is str:
        pattern = _pattern(meta)
        if pattern == r"\?$":
            return "text", "?", optional  # free text that must end with a question mark
        if pattern:
            return "skip", f"validated format (pattern {pattern})", optional
        if any(isinstance(m, AfterValidator) for m in meta):
            return "skip", "validated format (checked by a validator)", optional
        return "text", "", optional
    return "skip", f"not text ({getattr(tp, '__name__', tp)})", optional


def poison(
    cls: type[BaseModel],
    data: Any,
    walk: Walk,
    *,
    special: Mapping[str, str] | None = None,
    fill_optional: bool = True,
    text_for: Callable[[str, str], str] | None = None,
) -> Any:
    """Return data with every free-text string of cls replaced by a hostile value with a unique marker.

    `special` maps 'Model.field' to a reason: those fields are left as they are (they
    name something, such as a page or a file, that must exist). Absent optional text
    fields are filled in too when fill_optional, so no field escapes the proof.
    """
    special = special or {}
    make = text_for or (lambda key, marker: hostile(marker))
    if not isinstance(data, dict):
        return data
    out = dict(data)
    for name, info in cls.model_fields.items():
        key = f"{cls.__name__}.{name}"
        if key in special:
            walk.skipped[key] = special[key]
            continue
        kind, arg, optional = kind_of(info.annotation, list(info.metadata))
        present = name in out and out[name] is not None
        if kind == "model":
            if present:
                out[name] = poison(
                    arg, out[name], walk, special=special, fill_optional=fill_optional, text_for=text_for
                )
        elif kind == "list":
            inner_kind, inner_arg, _ = kind_of(arg, [])
            if inner_kind == "text" and not out.get(name) and fill_optional:
                out[name] = [None]  # an empty list of text gets one value, so the field is proven too
            elif not present:
                continue
            if inner_kind == "model":
                out[name] = [
                    poison(inner_arg, x, walk, special=special, fill_optional=fill_optional, text_for=text_for)
                    for x in out[name]
                ]
            elif inner_kind == "text":
                values = []
                for _ in out[name]:
                    v = make(key, walk.next_marker()) + inner_arg
                    walk.poisoned.setdefault(key, []).append(v)
                    values.append(v)
                out[name] = values
            else:
                walk.skipped[key] = f"list of {inner_arg}"
        elif kind == "text":
            if present or (optional and fill_optional):
                v = make(key, walk.next_marker()) + arg
                walk.poisoned.setdefault(key, []).append(v)
                out[name] = v
        else:
            walk.skipped[key] = arg
    return out


def text_fields(cls: type[BaseModel], seen: set[str] | None = None) -> set[str]:
    """Every 'Model.field' of free text reachable from cls."""
    seen = set() if seen is None else seen
    out: set[str] = set()
    if cls.__name__ in seen:
        return out
    seen.add(cls.__name__)
    for name, info in cls.model_fields.items():
        kind, arg, _ = kind_of(info.annotation, list(info.metadata))
        if kind == "model":
            out |= text_fields(arg, seen)
        elif kind == "list":
            inner_kind, inner_arg, _ = kind_of(arg, [])
            if inner_kind == "model":
                out |= text_fields(inner_arg, seen)
            elif inner_kind == "text":
                out.add(f"{cls.__name__}.{name}")
        elif kind == "text":
            out.add(f"{cls.__name__}.{name}")
    return out


class Page(html.parser.HTMLParser):
    """Text content (outside script and style) and every element with its text, of one HTML document."""

    VOID: ClassVar[set[str]] = {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    }

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.elements: list[tuple[str, dict[str, str | None], list[str]]] = []
        self._stack: list[tuple[str, list[str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        buf: list[str] = []
        self.elements.append((tag, dict(attrs), buf))
        if tag not in self.VOID:
            self._stack.append((tag, buf))

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self._stack) - 1, -1, -1):
            if self._stack[i][0] == tag:
                del self._stack[i:]
                break

    def handle_data(self, data: str) -> None:
        for _, buf in self._stack:
            buf.append(data)
        if not any(tag in ("script", "style") for tag, _ in self._stack):
            self.text.append(data)


def parse_html(text: str) -> Page:
    """Parse an HTML document into its text and elements."""
    page = Page()
    page.feed(text)
    page.close()
    return page
