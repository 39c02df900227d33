"""Build the site: load data/, render pages, write build/docs, run MkDocs, swap site/ in.

MkDocs only ever sees Markdown, a config file and overrides/: generation is our own
step, not a plugin or hook, so the same generated docs build with any tool that
reads mkdocs.yml.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.errors import BuildError, InputError, Problem
from generator.load import parse
from generator.model import KnowledgeBase, load_knowledge_base
from generator.render import reference
from generator.render.site import PAGE_TITLES, SiteRenderer, page_path
from generator.write import recover_dir, swap_dir, sync_tree

FRONT_MATTER = re.compile(r"\A---\n(.*?\n)---\n", re.S)


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
        {"Practice areas": ["practice-areas/index.md", *({a.name: page_path(f"practice-areas/{a.id}")} for a in areas)]},
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
                *({str(content_meta[g]["title"]): g} for g in guides),
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
        project.config.write_text(text, encoding="utf-8")
        changed.append("mkdocs.yml")
    return changed


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def run_mkdocs(config_file: Path, site_dir: Path) -> float:
    """Build with MkDocs in strict mode into site_dir; return seconds taken."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    collect = _Collect()
    log = logging.getLogger("mkdocs")
    log.addHandler(collect)
    start = time.perf_counter()
    try:
        cfg = load_config(config_file=str(config_file), site_dir=str(site_dir), strict=True)
        mkdocs_build(cfg)
    except (Abort, ConfigurationError, SystemExit) as e:
        detail = "\n".join(f"  {m}" for m in collect.messages) or f"  {e}"
        raise BuildError(f"MkDocs build failed (strict mode: warnings are errors):\n{detail}") from None
    except Exception as e:  # a Markdown extension or the theme failed: say which, keep the traceback for --debug
        raise BuildError(f"MkDocs build failed: {type(e).__name__}: {e}") from e
    finally:
        log.removeHandler(collect)
    if collect.messages:
        raise BuildError("MkDocs reported warnings:\n" + "\n".join(f"  {m}" for m in collect.messages))
    return time.perf_counter() - start


def build_site(project: Project, *, out: Path | None = None) -> tuple[KnowledgeBase, Generated]:
    """Generate, build into a temporary folder, then swap it in as site/ (or `out`)."""
    final = (out or project.site).resolve()
    recover_dir(final)
    kb, generated = generate(project)
    if "SOURCE_DATE_EPOCH" not in os.environ and generated.reviewed:
        # Deterministic sitemap dates: the data's last review, not the clock.
        stamp = dt.datetime.combine(generated.reviewed, dt.time(), tzinfo=dt.timezone.utc)
        os.environ["SOURCE_DATE_EPOCH"] = str(int(stamp.timestamp()))
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{final.name}-new-", dir=final.parent))
    try:
        write_docs(project, generated, site_dir=final)
        run_mkdocs(project.config, tmp)
        swap_dir(tmp, final)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return kb, generated
