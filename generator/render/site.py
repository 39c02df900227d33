"""Render the knowledge base into Markdown pages (pure: model in, strings out).

Each page is a Jinja template under templates/site/ plus the data it shows. Every
value is Markdown-escaped by the environment's finalize hook; templates mark only
links and HTML they build themselves as safe.
"""

from __future__ import annotations

import datetime as dt
import json
import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from generator.errors import BuildError
from generator.jinja_cache import bytecode_cache
from generator.model import KnowledgeBase
from generator.render import escape

GENERATED = "<!-- generated from {sources} by paralegal-kb; do not edit: edit those files instead -->"


PAGE_TITLES = {
    "home": "Home",
    "start-here": "Start here",
    "roles": "Roles compared",
    "practice-areas": "Practice areas",
    "boundaries": "What paralegals can and cannot do",
    "supervision": "Supervision and ethics",
    "hiring": "Hiring a paralegal",
    "provider-evaluation": "Evaluating a paralegal service",
    "working-together": "Working together",
    "working-together/communication": "Communication",
    "working-together/delivery": "Delivery of work product",
    "working-together/security": "Confidentiality and security",
    "working-together/billing": "Time tracking and billing",
    "support-models": "Task-based and strategy-based support",
    "costs": "Costs",
    "faq": "Frequently asked questions",
    "ethics-checklist": "Paralegal ethics checklist",
    "glossary": "Glossary",
    "sources": "Sources and authorities",
}


@dataclass(frozen=True)
class Page:
    """One generated page: where it goes, its navigation title, and its Markdown."""

    id: str
    path: str
    title: str
    text: str


def page_path(page_id: str) -> str:
    """Return the docs-relative Markdown path of a page id."""
    if page_id == "home":
        return "index.md"
    if page_id in ("practice-areas", "working-together"):
        return f"{page_id}/index.md"
    return f"{page_id}.md"


def _dir_url(page_id: str) -> str:
    return "" if page_id == "home" else page_id


@lru_cache(maxsize=4096)
def _relpath(path: str, start: str) -> str:
    # Pages link to the same few dozen targets thousands of times; relpath is slow (it resolves abspaths).
    return posixpath.relpath(path, start)


class Linker:
    """Builds relative Markdown links from one page to others."""

    def __init__(self, here: str) -> None:
        self.here = here
        self.dir = posixpath.dirname(page_path(here))

    def url(self, page_id: str, anchor: str | None = None) -> Markup:
        """Relative link target of page_id (and an anchor on it)."""
        target = _relpath(page_path(page_id), self.dir or ".")
        return Markup(target + (f"#{anchor}" if anchor else ""))

    def html_url(self, page_id: str, anchor: str | None = None) -> Markup:
        """Relative URL of a built page, for raw HTML (MkDocs does not rewrite links there)."""
        here = _dir_url(self.here)
        target = _dir_url(page_id)
        rel = _relpath(target or ".", here or ".")
        rel = "" if rel == "." else rel + "/"
        return Markup(escape.h(rel + (f"#{anchor}" if anchor else "")) or "./")

    def link(self, text: Any, page_id: str, anchor: str | None = None) -> Markup:
        """A Markdown link with escaped text."""
        return Markup(f"[{escape.md(text)}]({self.url(page_id, anchor)})")


_UNITS = {"usd-per-year": " a year", "usd-per-month": " a month", "usd-per-hour": " an hour", "percent": ""}


def format_figure(fig: Any) -> str:
    """Format a cost figure as '$8 to $20 an hour' or '60 to 75%'."""

    def one(v: float) -> str:
        text = f"{v:,.2f}".removesuffix(".00")
        return f"{text}%" if fig.unit == "percent" else f"${text}"

    value = one(fig.low) if fig.low == fig.high else f"{one(fig.low)} to {one(fig.high)}"
    return value + _UNITS[fig.unit]


def _template_error(e: jinja2.TemplateError) -> str:
    """Name the template and line of a Jinja error, never the whole context."""
    import traceback

    frames = [f for f in traceback.extract_tb(e.__traceback__) if "templates" in f.filename]
    where = f" (at {Path(frames[-1].filename).name}:{frames[-1].lineno})" if frames else ""
    return f"{e.message or type(e).__name__}{where}"


_ANCHOR = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _anchor(value: str) -> Markup:
    """An id used as an HTML id or attr_list anchor; the schema guarantees kebab-case."""
    if not _ANCHOR.match(value):
        raise ValueError(f"not a safe anchor: {value!r}")
    return Markup(value)


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("generator", "templates/site"),
        autoescape=False,  # Markdown, not HTML: finalize escapes every value for Markdown instead
        finalize=escape.finalize,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(md=escape.md, paras=escape.md_paragraphs, h=escape.h, yaml=escape.yaml_str)
    env.filters["anchor"] = _anchor
    env.filters["clause"] = lambda text: str(text).rstrip().rstrip(".")
    env.filters["add_prefix"] = lambda value, prefix: f"{prefix}{value}"
    env.filters["area_link"] = lambda area: (f"practice-areas/{area.id}", area.name)
    env.filters["figure"] = format_figure
    # Safe inside <script>: no "<" at all, so neither "</script>" nor "<!--" can occur.
    env.filters["json"] = lambda v: Markup(
        json.dumps(v, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    )
    env.bytecode_cache = bytecode_cache(env, "site")
    return env


class SiteRenderer:
    """Renders every generated page of the site from one knowledge base."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.env = _environment()

    @cached_property
    def citations(self) -> dict[str, list[tuple[str, str, str | None]]]:
        """Authority or source id -> [(label, page id, anchor)] of what cites it."""
        kb = self.kb
        out: dict[str, list[tuple[str, str, str | None]]] = {}
        seen: set[tuple[str, str, str, str | None]] = set()  # a list scan per entry grew with the square of citations

        def add(ids: Iterable[str], label: str, page: str, anchor: str | None) -> None:
            for ident in ids:
                entry = (label, page, anchor)
                if (ident, *entry) not in seen:
                    seen.add((ident, *entry))
                    out.setdefault(ident, []).append(entry)

        for b in kb.boundaries.items:
            add([*b.authorities, *b.sources], b.title, "boundaries", b.id)
        for area in kb.practice_areas:
            add([*area.sources, *area.authorities], area.name, f"practice-areas/{area.id}", None)
        for r in kb.roles.items:
            add([*r.authorities, *r.sources], r.name, "roles", r.id)
        for g in kb.provider_evaluation.groups:
            for q in g.questions:
                add([*q.authorities, *q.sources], q.question, "provider-evaluation", q.id)
        for f in kb.faq.items:
            add([*f.authorities, *f.sources], f.question, "faq", f.id)
        for c in kb.ethics_checklist.items:
            add(c.authorities, c.text, "ethics-checklist", c.id)
        for n in kb.ethics_checklist.jurisdiction_notes:
            add(n.authorities, n.title, "ethics-checklist", n.id)
        for ctl in kb.security.controls:
            add([*ctl.authorities, *ctl.sources], ctl.name, "working-together/security", ctl.id)
        for p in kb.communication.practices:
            add([*p.authorities, *p.sources], p.title, "working-together/communication", p.id)
        for m in kb.delivery.methods:
            add(m.sources, m.name, "working-together/delivery", m.id)
        for p in kb.billing.practices:
            add([*p.authorities, *p.sources], p.title, "working-together/billing", p.id)
        for fig in kb.costs.figures:
            add([fig.source], fig.label, "costs", fig.id)
        for a in kb.support_models.approaches:
            add(a.sources, a.name, "support-models", a.id)
        for pm in kb.support_models.providers:
            add(pm.sources, pm.name, "support-models", pm.id)
        add(kb.hiring.sources, "Hiring a paralegal", "hiring", None)
        return out

    def reviewed(self, *files: str) -> dt.date:
        """Latest review date among the named data files (all of data/ when none)."""
        dates = [self.kb.reviewed[f] for f in files] if files else list(self.kb.reviewed.values())
        return max(dates)

    def _render(self, page_id: str, template: str, title: str, sources: list[str], **ctx: Any) -> Page:
        linker = Linker(page_id)
        try:
            text = self._template(template).render(
                kb=self.kb,
                here=page_id,
                url=linker.url,
                html_url=linker.html_url,
                link=linker.link,
                cite=lambda ids: self._cite(linker, ids),
                src=lambda ids: self._src(linker, ids),
                title=title,
                reviewed=self.reviewed(*sources),
                generated=Markup(GENERATED.format(sources=", ".join(f"data/{s}" for s in sources))),
                tool_data=lambda key: {key: self._tool_data[key]},
                **ctx,
            )
        except jinja2.TemplateError as e:
            raise BuildError(f"template {template}: {_template_error(e)}") from e
        return Page(id=page_id, path=page_path(page_id), title=title, text=text)

    def _template(self, name: str) -> jinja2.Template:
        return self.env.get_template(name)

    def _cite(self, linker: Linker, ids: Iterable[str]) -> Markup:
        kb = self.kb
        links = [linker.link(kb.authority(i).cite, "supervision", i) for i in ids]
        return Markup("; ".join(links))

    def _src(self, linker: Linker, ids: Iterable[str]) -> Markup:
        links = [linker.link(self.kb.by_id["source"][i].title, "sources", i) for i in ids]
        return Markup("; ".join(links))

    def pages(self) -> list[Page]:
        """Every generated page, in navigation order."""
        kb = self.kb
        areas = sorted(kb.practice_areas, key=lambda a: a.name.lower())
        tasks_by_boundary: dict[str, list[tuple[Any, Any]]] = {}
        for area in areas:
            for task in area.tasks:
                for b in task.boundaries:
                    tasks_by_boundary.setdefault(b, []).append((area, task))
        pages = [
            self._render("roles", "roles.md", "Roles compared", ["roles.yml"]),
            self._render(
                "practice-areas", "practice_areas.md", "Practice areas",
                [f"practice_areas/{a.id}.yml" for a in areas], areas=areas,
            ),
            *(
                self._render(
                    f"practice-areas/{a.id}", "practice_area.md", a.name,
                    [f"practice_areas/{a.id}.yml", "boundaries.yml"], area=a,
                    related=[kb.area(r) for r in a.related],
                )
                for a in areas
            ),
            self._render(
                "boundaries", "boundaries.md", "What paralegals can and cannot do", ["boundaries.yml"],
                tasks_by_boundary=tasks_by_boundary,
            ),
            self._render("supervision", "supervision.md", "Supervision and ethics", ["authorities.yml"], citations=self.citations),
            self._render("hiring", "hiring.md", "Hiring a paralegal", ["hiring.yml"]),
            self._render("provider-evaluation", "provider_evaluation.md", "Evaluating a paralegal service", ["provider_evaluation.yml"]),
            self._render(
                "working-together", "working_together.md", "Working together",
                ["communication.yml", "delivery.yml", "security.yml", "billing.yml"],
            ),
            self._render("working-together/communication", "communication.md", "Communication", ["communication.yml"]),
            self._render("working-together/delivery", "delivery.md", "Delivery of work product", ["delivery.yml"]),
            self._render("working-together/security", "security.md", "Confidentiality and security", ["security.yml", "systems.yml"]),
            self._render("working-together/billing", "billing.md", "Time tracking and billing", ["billing.yml"]),
            self._render("support-models", "support_models.md", "Task-based and strategy-based support", ["support_models.yml"]),
            self._render("costs", "costs.md", "Costs", ["costs.yml", "sources.yml"]),
            self._render("faq", "faq.md", "Frequently asked questions", ["faq.yml"], page_titles=self.page_titles()),
            self._render(
                "ethics-checklist", "ethics_checklist.md", "Paralegal ethics checklist", ["ethics_checklist.yml"],
                jurisdictions=sorted({j for i in kb.ethics_checklist.items for j in i.jurisdictions}),
            ),
            self._render("glossary", "glossary.md", "Glossary", ["glossary.yml"]),
            self._render("sources", "sources.md", "Sources and authorities", ["sources.yml", "authorities.yml"], citations=self.citations),
        ]  # fmt: skip
        return pages

    @cached_property
    def _tool_data(self) -> dict[str, Any]:
        return self.tool_data()

    def tool_data(self) -> dict[str, Any]:
        """Data the site's interactive tools read (assets/kb-data.json), generated from data/."""
        kb = self.kb
        cite = {a.id: a.cite for a in kb.authorities.items}
        figures = {f.id: f for f in kb.costs.figures}
        calc = kb.costs.calculator

        def figure(ident: str) -> dict[str, Any]:
            f = figures[ident]
            src = kb.by_id["source"][f.source]
            return {
                "id": f.id, "label": f.label, "low": f.low, "high": f.high, "unit": f.unit,
                "source": src.title, "source_id": f.source,
            }

        return {
            "checklist": {"version": kb.ethics_checklist.version, "reviewed": kb.ethics_checklist.reviewed.isoformat()},
            "scorecard": [self._scorecard_group(g) for g in kb.provider_evaluation.groups],
            "delegation": [
                {"id": a.id, "name": a.name, "tasks": [self._delegation_task(t, cite) for t in a.tasks]}
                for a in sorted(kb.practice_areas, key=lambda a: a.name.lower())
            ],
            "costs": {
                "in_house": figure(calc.in_house_hourly),
                "offshore": figure(calc.offshore_hourly),
                "hours_per_week": calc.hours_per_week,
            },
        }

    @staticmethod
    def _scorecard_group(g: Any) -> dict[str, Any]:
        questions = [{"id": q.id, "question": q.question, "red_flags": q.red_flags} for q in g.questions]
        return {"id": g.id, "title": g.title, "weight": g.weight, "questions": questions}

    def _delegation_task(self, t: Any, cite: dict[str, str]) -> dict[str, Any]:
        boundaries = []
        for b in t.boundaries:
            boundary = self.kb.by_id["boundary"][b]
            authorities = [{"id": x, "cite": cite[x]} for x in boundary.authorities]
            boundaries.append({"id": b, "title": boundary.title, "authorities": authorities})
        return {"id": t.id, "task": t.task, "kind": t.kind, "why": t.why, "boundaries": boundaries}

    def page_titles(self) -> dict[str, str]:
        """Navigation title of every page id, generated or hand-written."""
        titles = dict(PAGE_TITLES)
        titles.update({f"practice-areas/{a.id}": a.name for a in self.kb.practice_areas})
        return titles

    def abbreviations(self) -> str:
        """Glossary terms as Markdown abbreviations, appended to every page (hover definitions)."""
        lines = []
        for term in self.kb.glossary.items:
            name = " ".join(term.term.split())
            if any(c in name for c in "[]\\") or not name:
                continue  # cannot be expressed as an abbreviation; the glossary page still lists it
            lines.append(f"*[{name}]: {' '.join(term.definition.split())}")
        return "\n".join(lines) + "\n"
