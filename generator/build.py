"""Build the site: load data/, render pages, write build/docs, run MkDocs, swap site/ in.

MkDocs only ever sees Markdown, a config file and overrides/: generation is our own
step, not a plugin or hook, so the same generated docs build with any tool that
reads mkdocs.yml.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.errors import InputError, Problem
from generator.load import parse
from generator.mkdocs_run import MkDocsChild, run_mkdocs
from generator.model import KnowledgeBase, load_knowledge_base
from generator.render import reference
from generator.render.escape import theme_text
from generator.render.site import PAGE_TITLES, SiteRenderer, page_path
from generator.write import atomic_write, recover_dir, swap_dir, sync_tree

FRONT_MATTER = re.compile(r"\A---\n(.*?\n)---\n", re.DOTALL)


@dataclass(frozen=True)
class Project:
    """Where a project's inputs and outputs live."""

    root: Path

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def build(self) -> Path:
        return self.root / "build"

    @property
    def docs(self) -> Path:
        return self.build / "docs"

    @property
    def config(self) -> Path:
        return self.build / "mkdocs.yml"

    @property
    def site(self) -> Path:
        return self.root / "site"


@dataclass
class Generated:
    """The docs tree MkDocs will read, as relative path -> content."""

    files: dict[str, bytes | str] = field(default_factory=dict)
    nav: list[Any] = field(default_factory=list)
    reviewed: dt.date | None = None


def _content_pages(project: Project) -> tuple[dict[str, bytes | str], dict[str, dict[str, Any]], list[Problem]]:
    """Hand-written pages and assets under content/, with each page's front matter."""
    files: dict[str, bytes | str] = {}
    meta: dict[str, dict[str, Any]] = {}
    problems: list[Problem] = []
    if not project.content.is_dir():
        return files, meta, [Problem("content", 1, 1, "", "folder is missing")]
    for path in sorted(project.content.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(project.content).as_posix()
        if path.suffix != ".md":
            files[rel] = path.read_bytes()
            continue
        text = path.read_text(encoding="utf-8")
        display = os.path.relpath(path)
        m = FRONT_MATTER.match(text)
        if not m:
            problems.append(Problem(display, 1, 1, "", "needs front matter with title and reviewed (--- ... ---)"))
            continue
        try:
            doc = parse(m.group(1), display)
        except InputError as e:  # positions are relative to the front matter: shift past the '---' line
            problems += [Problem(p.file, p.line + 1, p.column, p.path, p.message) for p in e.problems]
            continue
        fm = doc.data if isinstance(doc.data, dict) else {}
        for key in ("title", "reviewed"):
            if key not in fm:
                problems.append(Problem(display, 2, 1, key, "required front-matter field is missing"))
        if "reviewed" in fm and not isinstance(fm["reviewed"], dt.date):
            line, col = doc.where(("reviewed",))
            problems.append(Problem(display, line + 1, col, "reviewed", "expected a date (YYYY-MM-DD)"))
        files[rel] = text
        meta[rel] = fm
    return files, meta, problems


def _nav(kb: KnowledgeBase, content_meta: dict[str, dict[str, Any]]) -> list[Any]:
    areas = sorted(kb.practice_areas, key=lambda a: a.name.lower())
    p = PAGE_TITLES

    def item(page_id: str) -> dict[str, str]:
        return {p[page_id]: page_path(page_id)}

    guides = sorted(rel for rel in content_meta if rel.startswith("guides/"))
    home = [{"Home": "index.md"}]
    if "start-here.md" in content_meta:
        home.append({"Start here": "start-here.md"})
    return [
        {"Home": [*home, item("roles")]},
        # MkDocs and the theme put nav titles into HTML unescaped: a title from data must be escaped here.
        {"Practice areas": ["practice-areas/index.md", *({theme_text(a.name): page_path(f"practice-areas/{a.id}")} for a in areas)]},
        {"Rules and ethics": [item("boundaries"), item("supervision"), item("ethics-checklist")]},
        {"Hiring": [item("hiring"), item("provider-evaluation")]},
        {
            "Working together": [
                "working-together/index.md",
                *(item(f"working-together/{x}") for x in ("communication", "delivery", "security", "billing")),
                item("support-models"),
                item("costs"),
            ]
        },
        {
            "Reference": [
                item("faq"),
                item("glossary"),
                item("sources"),
                {"Tags": "tags.md"},
                *({theme_text(content_meta[g]["title"]): g} for g in guides),
            ]
        },
    ]


TAGS_PAGE = """---
title: Tags
reviewed: {reviewed}
---
<!-- generated by paralegal-kb; do not edit -->
# Tags

Pages by practice area, role and topic.

<!-- material/tags -->
"""


def generate(project: Project) -> tuple[KnowledgeBase, Generated]:
    """Load and validate everything, then render the docs tree (nothing written yet)."""
    problems: list[Problem] = []
    kb: KnowledgeBase | None = None
    try:
        kb = load_knowledge_base(project.data)
    except InputError as e:
        problems += e.problems
    content, meta, content_problems = _content_pages(project)
    problems += content_problems
    if problems or kb is None:
        raise InputError(problems)
    renderer = SiteRenderer(kb)
    abbreviations = renderer.abbreviations()
    out = Generated(reviewed=kb.last_reviewed)
    for rel, data in content.items():
        out.files[rel] = data + "\n" + abbreviations if rel.endswith(".md") and isinstance(data, str) else data
    reference_pages = reference.pages(kb)  # schema reference and changelog, listed under Reference
    meta.update({p.path: {"title": p.title} for p in reference_pages})
    for page in [*renderer.pages(), *reference_pages]:
        if page.path in out.files:
            raise InputError([Problem(f"content/{page.path}", 1, 1, "", "clashes with a generated page of the same name")])
        out.files[page.path] = page.text + "\n" + abbreviations
    out.files["tags.md"] = TAGS_PAGE.format(reviewed=kb.last_reviewed.isoformat())
    out.files.update(reference.schema_files())
    out.files["assets/kb-data.json"] = json.dumps(renderer.tool_data(), ensure_ascii=False, sort_keys=True, indent=1)
    for required in ("index.md",):
        if required not in out.files:
            raise InputError([Problem(f"content/{required}", 1, 1, "", "the home page is missing")])
    out.nav = _nav(kb, meta)
    return kb, out


def write_docs(project: Project, generated: Generated, *, site_dir: Path | None = None) -> list[str]:
    """Write build/docs and build/mkdocs.yml; return what changed."""
    changed = sync_tree(project.docs, generated.files)
    config = {
        "INHERIT": "../mkdocs.yml",
        "docs_dir": "docs",
        "site_dir": str(site_dir or project.site),
        "theme": {"name": "material", "custom_dir": "../overrides"},
        "nav": generated.nav,
    }
    text = "# generated by paralegal-kb from mkdocs.yml and data/; do not edit\n" + json.dumps(config, indent=1) + "\n"
    if not project.config.is_file() or project.config.read_text(encoding="utf-8") != text:
        atomic_write(project.config, text)
        changed.append("mkdocs.yml")
    return changed


def build_site(
    project: Project, *, out: Path | None = None, mkdocs: MkDocsChild | None = None
) -> tuple[KnowledgeBase, Generated]:
    """Generate, build into a temporary folder, then swap it in as site/ (or `out`).

    `mkdocs` is a child process started earlier (the CLI starts it before importing this
    module); without one, build_site forks its own.
    """
    final = (out or project.site).resolve()
    recover_dir(final)
    with mkdocs or MkDocsChild(run_mkdocs) as child:  # imports MkDocs on another core while we generate
        kb, generated = generate(project)
        final.parent.mkdir(parents=True, exist_ok=True)
        # The pid in the name lets a later build tell a killed build's leftovers from a running one.
        tmp = Path(tempfile.mkdtemp(prefix=f".{final.name}-new-{os.getpid()}-", dir=final.parent))
        try:
            write_docs(project, generated, site_dir=final)
            with source_date_epoch(generated.reviewed):
                child.run(project.config, tmp)
            swap_dir(tmp, final)
        finally:
            if tmp.exists():
                shutil.rmtree(tmp, ignore_errors=True)
    return kb, generated


@contextlib.contextmanager
def source_date_epoch(reviewed: dt.date | None) -> Iterator[None]:
    """Pin MkDocs' build time (sitemap dates, gzip headers) to the data's last review unless SOURCE_DATE_EPOCH is set.

    Set only for the duration of the MkDocs run: a value left in os.environ would pin
    every later build in the same process (serve, tests) to stale review dates.
    """
    if "SOURCE_DATE_EPOCH" in os.environ or reviewed is None:
        yield
        return
    stamp = dt.datetime.combine(reviewed, dt.time(), tzinfo=dt.UTC)
    os.environ["SOURCE_DATE_EPOCH"] = str(int(stamp.timestamp()))
    try:
        yield
    finally:
        os.environ.pop("SOURCE_DATE_EPOCH", None)
