"""Render the editors' reference pages: the schema reference, the changelog, the JSON Schema files.

Pure functions: models and the knowledge base in, Markdown and JSON strings out.
The schema reference walks the pydantic models themselves (every field of every
data-file model and of the firm profile, nested models included), so it cannot
fall behind the code; the changelog groups the data files by their review dates.
"""

from __future__ import annotations

import datetime as dt
import json
import posixpath
import re
import types
import typing
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

from markupsafe import Markup
from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from generator.errors import BuildError
from generator.firm import FirmProfile
from generator.jsonschema import data_schemas, firm_schema
from generator.model import COLLECTIONS, FILES, KnowledgeBase
from generator.render import escape
from generator.render.site import PAGE_TITLES, Linker, Page, page_path

Link = Callable[[type[BaseModel]], Markup]  # model -> a link to its section

SCHEMA_PAGE = "guides/schema"
CHANGELOG_PAGE = "guides/changelog"
SCHEMA_DIR = "schema"
ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"

# Data file -> the site page that shows it. Templates have no page: they go into packets.
FILE_PAGES: dict[str, str] = {
    "sources.yml": "sources",
    "authorities.yml": "supervision",
    "roles.yml": "roles",
    "boundaries.yml": "boundaries",
    "hiring.yml": "hiring",
    "provider_evaluation.yml": "provider-evaluation",
    "communication.yml": "working-together/communication",
    "delivery.yml": "working-together/delivery",
    "security.yml": "working-together/security",
    "billing.yml": "working-together/billing",
    "costs.yml": "costs",
    "support_models.yml": "support-models",
    "systems.yml": "working-together/security",
    "faq.yml": "faq",
    "ethics_checklist.yml": "ethics-checklist",
    "glossary.yml": "glossary",
}
COLLECTION_PAGES: dict[str, str | None] = {"practice_areas": "practice-areas", "templates": None}


def pages(kb: KnowledgeBase) -> list[Page]:
    """The schema reference and the changelog, as pages for the Reference section."""
    return [schema_page(kb), changelog_page(kb)]


def schema_files() -> dict[str, str]:
    """JSON Schema files published with the site: schema/firm-profile.json and schema/data/<name>.json."""
    files = {f"{SCHEMA_DIR}/firm-profile.json": _json(firm_schema())}
    for name, schema in data_schemas().items():
        files[f"{SCHEMA_DIR}/data/{schema_file_name(name)}"] = _json(schema)
    return files


def schema_file_name(name: str) -> str:
    """'authorities.yml' -> 'authorities.json'; 'practice_areas/*.yml' -> 'practice_areas.json'."""
    return name.removesuffix(".yml").removesuffix("/*") + ".json"


def _file_url(here: str, file: str) -> str:
    """Relative link from a page to a docs file that is not a page (MkDocs rewrites it on build)."""
    return posixpath.relpath(file, posixpath.dirname(page_path(here)) or ".")


def _json(value: Any) -> str:
    return json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _front(title: str, reviewed: dt.date, description: str, sources: str) -> str:
    return (
        f"---\ntitle: {escape.yaml_str(title)}\ndescription: {escape.yaml_str(description)}\n"
        f"reviewed: {reviewed.isoformat()}\n---\n"
        f"<!-- generated from {sources} by paralegal-kb; do not edit: edit those files instead -->\n\n"
    )


# ------------------------------------------------------------------- schema reference


def documented_models() -> list[tuple[str, type[BaseModel]]]:
    """The top-level models the reference documents: each data file and collection, then the firm profile."""
    out: list[tuple[str, type[BaseModel]]] = [(f"data/{name}", cls) for name, cls in FILES.items()]
    out += [(f"data/{folder}/<id>.yml", cls) for folder, cls in COLLECTIONS.items()]
    out.append(("firm profile (FIRM.yml)", FirmProfile))
    return out


def nested_models(model: type[BaseModel]) -> Iterator[type[BaseModel]]:
    """Models used by model's fields, depth first, each once, model itself first."""
    seen: set[type[BaseModel]] = set()

    def walk(m: type[BaseModel]) -> Iterator[type[BaseModel]]:
        if m in seen:
            return
        seen.add(m)
        yield m
        for info in m.model_fields.values():
            for inner in _models_in(info.annotation):
                yield from walk(inner)

    yield from walk(model)


def _models_in(tp: Any) -> Iterator[type[BaseModel]]:
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        yield tp
        return
    for arg in typing.get_args(tp):
        yield from _models_in(arg)


def _anchor(model: type[BaseModel]) -> str:
    return "model-" + re.sub(r"(?<!^)(?=[A-Z])", "-", model.__name__).lower()


def _code(value: Any) -> Markup:
    return Markup(f"<code>{escape.md(value)}</code>")


def _constraints(metadata: list[Any]) -> tuple[dict[str, Any], str | None]:
    """Numeric and length limits, and a pattern, from pydantic field metadata."""
    limits: dict[str, Any] = {}
    pattern: str | None = None
    for m in metadata:
        if isinstance(m, FieldInfo):  # an Annotated Field(...) carries a description, not limits
            continue
        for key in ("ge", "gt", "le", "lt", "min_length", "max_length"):
            value = getattr(m, key, None)
            if value is not None:
                limits[key] = value
        pattern = getattr(m, "pattern", None) or pattern
    return limits, pattern


def _split_annotated(tp: Any) -> tuple[Any, list[Any]]:
    if typing.get_origin(tp) is typing.Annotated:
        base, *meta = typing.get_args(tp)
        return base, meta
    return tp, []


def describe_type(tp: Any, metadata: list[Any], link: Link) -> Markup:
    """A reader's name for a field type: 'text (1 to 400 characters)', 'list of id', a model link ..."""
    tp, more = _split_annotated(tp)
    metadata = [*metadata, *more]
    limits, pattern = _constraints(metadata)
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(tp) if a is not type(None)]
        return Markup(" or ").join(describe_type(a, metadata, link) for a in options)
    if origin is typing.Literal:
        return Markup("one of ") + Markup(", ").join(_code(v) for v in typing.get_args(tp))
    if origin is list:
        (item,) = typing.get_args(tp)
        text = Markup("list of ") + describe_type(item, [], link)
        if limits.get("min_length"):
            n = int(limits["min_length"])
            text += Markup(f", at least {'one' if n == 1 else n}")
        return text
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return link(tp)
    if tp is str:
        if pattern == ID_PATTERN:
            return Markup("id")
        text = Markup("text")
        high = limits.get("max_length")
        if high:
            text += Markup(f" (up to {high} characters)")
        if pattern:
            text += Markup(" matching ") + _code(pattern)
        return text
    names = {int: "whole number", float: "number", bool: "true or false", dt.date: "date (YYYY-MM-DD)"}
    text = Markup(escape.md(names.get(tp, getattr(tp, "__name__", str(tp)))))
    bounds = [
        f"{word} {limits[key]:g}"
        for key, word in (("ge", "at least"), ("gt", "more than"), ("le", "at most"), ("lt", "less than"))
        if key in limits
    ]
    if bounds:
        text += Markup(f" ({escape.md(', '.join(bounds))})")
    return text


def describe_default(info: FieldInfo, link: Link) -> Markup:
    """'required', 'none', the default value, or what the default factory makes."""
    if info.is_required():
        return Markup("**required**")
    if info.default_factory is not None:
        value = info.default_factory()  # type: ignore[call-arg]
    else:
        value = info.default
    if value is None or value is PydanticUndefined:
        return Markup("none")
    if isinstance(value, BaseModel):
        return Markup("its fields' defaults (") + link(type(value)) + Markup(")")
    if isinstance(value, list) and not value:
        return Markup("empty list")
    return _code(json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value)


def field_description(info: FieldInfo) -> str:
    """The field's description, or the one its type carries (Id, Email ...)."""
    if info.description:
        return info.description
    for meta in _annotation_metadata(info.annotation):
        if isinstance(meta, FieldInfo) and meta.description:
            return meta.description
    return ""


def _annotation_metadata(tp: Any) -> Iterator[Any]:
    base, meta = _split_annotated(tp)
    yield from meta
    for arg in typing.get_args(base):
        yield from _annotation_metadata(arg)


def field_rows(model: type[BaseModel], link: Link) -> list[tuple[str, Markup, Markup, str]]:
    """(name, type, default, description) for every field of model, in declaration order."""
    return [
        (
            name,
            describe_type(info.annotation, list(info.metadata), link),
            describe_default(info, link),
            field_description(info),
        )
        for name, info in model.model_fields.items()
    ]


def _field_name(name: str) -> Markup:
    # Let long names wrap at their underscores rather than mid-word in narrow columns.
    return Markup("<code>" + "\\_<wbr>".join(escape.md(part) for part in name.split("_")) + "</code>")


def _model_section(model: type[BaseModel], level: str, title: str, link: Link, used_in: list[str]) -> list[str]:
    doc = " ".join((model.__doc__ or "").split())
    lines = [f"{level} {escape.md(title)} {{ #{_anchor(model)} }}", ""]
    if doc:
        lines += [str(escape.md(doc)), ""]
    if used_in:
        lines += ["Used in: " + ", ".join(escape.md(u) for u in used_in) + ".", ""]
    lines += ["| Field | Type | Default | Description |", "|---|---|---|---|"]
    for name, type_text, default, description in field_rows(model, link):
        lines.append(f"| {_field_name(name)} | {type_text} | {default} | {escape.md(description)} |")
    return lines + [""]


def schema_page(kb: KnowledgeBase) -> Page:
    """Every field of every data-file model and of the firm profile, with type, default and description."""
    tops = documented_models()
    owners: dict[type[BaseModel], list[str]] = {}
    for title, top in tops:
        for m in nested_models(top):
            if m is not top and title not in owners.setdefault(m, []):
                owners[m].append(title)

    classes = {*owners, *(top for _, top in tops)}
    clashes = sorted(name for name, n in Counter(m.__name__ for m in classes).items() if n > 1)
    if clashes:  # sections are anchored by class name
        raise BuildError(f"schema reference: two models share the name {', '.join(clashes)}; rename one")

    def link(model: type[BaseModel]) -> Markup:
        return Markup(f"[{escape.md(model.__name__)}](#{_anchor(model)})")

    body = [
        "# Schema reference",
        "",
        (
            "Every file in `data/` and every firm profile is checked against the models below when you run "
            "`paralegal-kb validate`, `paralegal-kb build` or `paralegal-kb packet`. This page is generated from "
            "those models, so it always matches what the checker accepts."
        ),
        "",
        "How to read the tables:",
        "",
        (
            "- **Type**: *text* is any string (the limit is the most it may hold); *id* is a stable kebab-case "
            "name such as `family-law` (lower-case letters, digits and single hyphens), which other files use "
            "to point at an item; *one of* lists the only values allowed; a linked name is a nested block "
            "described further down."
        ),
        "- **Default**: *required* fields must be written; the others may be left out and take the default shown.",
        "- Unknown field names are rejected, so a misspelt field is reported rather than ignored.",
        "",
        "## JSON Schema files",
        "",
        (
            "The same rules as JSON Schema, for editors that check YAML as you type (for example VS Code with "
            "the YAML extension). Add a first line such as "
            "`# yaml-language-server: $schema=https://YOUR-SITE/schema/firm-profile.json` to a file, "
            "using your site's address."
        ),
        "",
        f"- Firm profile: [firm-profile.json]({_file_url(SCHEMA_PAGE, f'{SCHEMA_DIR}/firm-profile.json')})",
    ]
    for name in data_schemas():
        file = f"{SCHEMA_DIR}/data/{schema_file_name(name)}"
        body.append(f"- `data/{name}`: [{schema_file_name(name)}]({_file_url(SCHEMA_PAGE, file)})")
    body += ["", "## Data files", ""]
    done = {top for _, top in tops}  # a top-level model gets its own section, never a nested one
    for title, top in tops:
        if top is FirmProfile:
            intro = (
                "The YAML file a firm writes to get its onboarding packet "
                "(`paralegal-kb new-firm` writes a commented starter)."
            )
            body += ["## Firm profile", "", intro, ""]
        body += _model_section(top, "###", title.replace("firm profile (FIRM.yml)", "FIRM.yml"), link, [])
        for m in nested_models(top):
            if m in done:
                continue
            done.add(m)
            body += _model_section(m, "####", m.__name__, link, owners.get(m, []) if len(owners.get(m, [])) > 1 else [])
    description = "Every field of every data file and of the firm profile: type, default and description."
    text = _front("Schema reference", kb.last_reviewed, description, "generator/schema.py and generator/firm.py")
    return Page(id=SCHEMA_PAGE, path=f"{SCHEMA_PAGE}.md", title="Schema reference", text=text + "\n".join(body) + "\n")


# --------------------------------------------------------------------------- changelog


def changelog_entries(kb: KnowledgeBase) -> list[tuple[dt.date, list[tuple[str, str | None, str]]]]:
    """(date, [(data file, page id or None, label)]) newest first; files sorted within a date."""
    by_date: dict[dt.date, list[tuple[str, str | None, str]]] = {}
    names: dict[str, tuple[str | None, str]] = {
        f"practice_areas/{a.id}.yml": (f"practice-areas/{a.id}", a.name) for a in kb.practice_areas
    }
    names.update({f"templates/{t.id}.yml": (None, f"Template: {t.title}") for t in kb.templates})
    for file, date in kb.reviewed.items():
        if file in FILE_PAGES:
            page: str | None = FILE_PAGES[file]
            label = PAGE_TITLES[FILE_PAGES[file]]
        else:
            page, label = names.get(file, (None, file))
        by_date.setdefault(date, []).append((file, page, label))
    return [(date, sorted(by_date[date])) for date in sorted(by_date, reverse=True)]


def changelog_page(kb: KnowledgeBase) -> Page:
    """What was reviewed when, newest first, built from every data file's `reviewed` date."""
    linker = Linker(CHANGELOG_PAGE)
    entries = changelog_entries(kb)
    body = [
        "# Changelog",
        "",
        (
            "Every data file records the date an editor last reviewed it (its `reviewed` field). This page "
            "groups the files by that date, newest first, so you can see what was checked recently and what "
            "is due another look. The line-by-line history of each change is in the repository's history."
        ),
        "",
        (
            f"The ethics checklist is at version {kb.ethics_checklist.version}. Editors raise the version when "
            "its items change; the site keeps the ticks saved in a browser separately for each version."
        ),
        "",
    ]
    for date, files in entries:
        body += [f"## {date.isoformat()}", ""]
        for file, page, label in files:
            target = linker.link(label, page) if page else escape.md(label)
            note = "" if page else " (used in onboarding packets)" if file.startswith("templates/") else ""
            body.append(f"- {target}{escape.md(note) if note else ''}: `data/{file}`")
        body.append("")
    description = "What was reviewed when: the data files grouped by review date, newest first."
    sources = "the reviewed dates in data/"
    text = _front("Changelog", kb.last_reviewed, description, sources)
    return Page(id=CHANGELOG_PAGE, path=f"{CHANGELOG_PAGE}.md", title="Changelog", text=text + "\n".join(body) + "\n")
