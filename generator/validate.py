"""Validate loaded documents: schema errors with places, then cross-references.

Every problem is collected; nothing stops at the first. Schema errors from pydantic
are mapped to the deepest recorded YAML position and reworded for people who write
YAML by hand.
"""

from __future__ import annotations

import datetime as dt
import difflib
import types
import typing
from collections.abc import Collection, Iterable
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from generator.errors import Problem
from generator.load import Document, Loc

M = TypeVar("M", bound=BaseModel)


def suggest(value: str, choices: Iterable[str], n: int = 3) -> str:
    """Return "; did you mean 'x'?" for the nearest choices, or ''."""
    close = difflib.get_close_matches(value, sorted(set(choices)), n=n, cutoff=0.6)
    if not close:
        return ""
    # Name only the clear winner when one stands out; otherwise the few closest.
    ratio = {c: difflib.SequenceMatcher(None, value, c).ratio() for c in close}
    best = max(ratio.values())
    close = [c for c in close if ratio[c] >= best - 0.05]
    return "; did you mean " + " or ".join(repr(c) for c in close) + "?"


def describe(doc: Document, loc: Loc, value: Any, *, text_expected: bool = False) -> str:
    """Describe a value the way the user wrote it (with the quoting hint when text was expected)."""
    raw = doc.raw.get(tuple(loc))
    quote = "; put it in quotes to keep it as text" if text_expected else ""
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, (int, float)):
        shown = raw if raw is not None else repr(value)
        if raw is not None and str(value) != raw:
            return f"the number {value!r} (YAML reads {raw} as a number){quote}"
        return f"the number {shown}{quote}"
    if isinstance(value, dt.date):
        return f"a date ({value.isoformat()}){quote}"
    if value is None:
        return "nothing (the value is empty)"
    if isinstance(value, dict):
        return "a mapping of keys and values"
    if isinstance(value, list):
        return "a list"
    text = str(value)
    return repr(text if len(text) < 60 else text[:57] + "...")


def _strip_optional(tp: Any) -> Any:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return args[0] if len(args) == 1 else tp
    if origin is typing.Annotated:
        return _strip_optional(typing.get_args(tp)[0])
    return tp


def _model_at(cls: type[BaseModel], loc: Loc) -> type[BaseModel] | None:
    """Return the model class that owns the mapping at loc."""
    current: Any = cls
    for part in loc:
        current = _strip_optional(current)
        if isinstance(part, int):
            if typing.get_origin(current) is list:
                current = typing.get_args(current)[0]
                continue
            return None
        if isinstance(current, type) and issubclass(current, BaseModel) and part in current.model_fields:
            current = current.model_fields[part].annotation
        else:
            return None
    current = _strip_optional(current)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _message(doc: Document, cls: type[BaseModel], err: dict[str, Any]) -> tuple[Loc, str, bool]:
    """Turn one pydantic error into (loc, message, point-at-key)."""
    loc: Loc = tuple(p for p in err["loc"] if isinstance(p, (int, str)))
    kind, value, ctx = err["type"], err.get("input"), err.get("ctx") or {}
    if kind == "missing":
        return loc, "required field is missing", False
    if kind == "extra_forbidden":
        owner = _model_at(cls, loc[:-1])
        hint = suggest(str(loc[-1]), owner.model_fields) if owner else ""
        return loc, f"unknown field {loc[-1]!r}{hint}", True
    expected = {
        "string_type": "text",
        "int_type": "a whole number",
        "float_type": "a number",
        "bool_type": "true or false",
        "date_type": "a date (YYYY-MM-DD)",
        "list_type": "a list",
        "dict_type": "a mapping of keys and values",
        "model_type": "a mapping of keys and values",
        "model_attributes_type": "a mapping of keys and values",
    }
    if kind in expected:
        got = describe(doc, loc, value, text_expected=kind == "string_type")
        return loc, f"expected {expected[kind]}, got {got}", False
    if kind == "literal_error":
        allowed = [a.strip().strip("'") for a in str(ctx.get("expected", "")).replace(" or ", ", ").split(",")]
        hint = suggest(str(value), allowed) if isinstance(value, str) else ""
        return loc, f"expected one of {ctx.get('expected')}, got {describe(doc, loc, value)}{hint}", False
    if kind == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern", ""))
        if "a-z0-9" in pattern:
            return loc, f"{value!r} is not a valid id (lower-case words joined by hyphens, e.g. 'family-law')", False
        if "#" in pattern:
            return loc, f"{value!r} is not a hex colour (write it like \"#1f4e79\", in quotes)", False
        if "@" in pattern:
            return loc, f"{value!r} is not an email address", False
        if pattern.endswith("\\?$"):
            return loc, "a question must end with a question mark", False
        return loc, f"{value!r} does not have the expected form", False
    if kind == "too_short":
        if isinstance(value, str):
            return loc, "must not be empty", False
        return loc, f"needs at least {ctx.get('min_length')} item(s), got {len(value or [])}", False
    if kind == "string_too_short":
        return loc, "must not be empty", False
    if kind == "string_too_long":
        return loc, f"is too long (at most {ctx.get('max_length')} characters)", False
    bounds = {"greater_than_equal": ("ge", "at least"), "less_than_equal": ("le", "at most"),
              "greater_than": ("gt", "more than"), "less_than": ("lt", "less than")}  # fmt: skip
    if kind in bounds:
        key, words = bounds[kind]
        limit = ctx.get(key)
        shown = limit.isoformat() if isinstance(limit, dt.date) else limit
        shown = int(shown) if isinstance(shown, float) and shown.is_integer() else shown
        return loc, f"must be {words} {shown}, got {describe(doc, loc, value)}", False
    if kind == "value_error":
        return loc, str(ctx.get("error", err["msg"])), False
    msg = err["msg"]
    return loc, msg[0].lower() + msg[1:] + f", got {describe(doc, loc, value)}", False


def check_model(doc: Document, cls: type[M], problems: list[Problem]) -> M | None:
    """Validate doc.data against cls; append problems; return the model or None."""
    try:
        return cls.model_validate(doc.data)
    except ValidationError as e:
        for err in e.errors(include_url=False):
            loc, message, at_key = _message(doc, cls, dict(err))
            problems.append(doc.problem(loc, message, key=at_key))
        return None


class Refs:
    """Collects id definitions and references; reports duplicates and unknown ids."""

    def __init__(self) -> None:
        self.defined: dict[str, dict[str, tuple[Document, Loc]]] = {}
        self.problems: list[Problem] = []

    def define(self, kind: str, ident: str, doc: Document, loc: Loc) -> None:
        """Record that doc defines `ident` of `kind` at loc (the id field)."""
        table = self.defined.setdefault(kind, {})
        if ident in table:
            first_doc, first_loc = table[ident]
            line, _ = first_doc.where(first_loc)
            self.problems.append(
                doc.problem(loc, f"duplicate {kind} id {ident!r} (first defined at {first_doc.file}:{line})")
            )
        else:
            table[ident] = (doc, loc)

    def ids(self, kind: str) -> set[str]:
        """Return the ids defined for kind."""
        return set(self.defined.get(kind, {}))

    def check(
        self, kind: str, ident: str, doc: Document, loc: Loc, universe: Iterable[str] | None = None, hint: str = ""
    ) -> bool:
        """Report `ident` at loc unless it is a known id of `kind` (or in universe)."""
        # Sets and the definition table are used as they are: copying them per reference made
        # validation grow with references x ids (seconds for a large knowledge base).
        known: Collection[str]
        if universe is None:
            known = self.defined.get(kind, {}).keys()
        else:
            known = universe if isinstance(universe, (set, frozenset)) else set(universe)
        if ident in known:
            return True
        message = f"unknown {kind} {ident!r}{suggest(ident, known)}" + (f" ({hint})" if hint else "")
        self.problems.append(doc.problem(loc, message))
        return False
