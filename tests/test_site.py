"""The site: generation from the real data, golden pages, escaping, and the strict build."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.build import Project, generate
from generator.model import load_knowledge_base
from generator.render.escape import md
from generator.render.site import SiteRenderer

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden" / "site"
GOLDEN_PAGES = ["practice-areas/family-law.md", "working-together/billing.md", "roles.md"]


@pytest.fixture(scope="module")
def generated() -> dict[str, bytes | str]:
    return generate(Project(ROOT))[1].files


@pytest.mark.parametrize("rel", GOLDEN_PAGES)
def test_golden_pages(generated: dict[str, bytes | str], rel: str, update_golden: bool) -> None:
    golden = GOLDEN / rel
    text = generated[rel]
    assert isinstance(text, str)
    if update_golden:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert golden.is_file(), f"no golden file {golden}: run pytest --update-golden"
    assert text == golden.read_text(encoding="utf-8"), f"{rel} changed: review, then run pytest --update-golden"


def test_every_section_of_the_site_is_generated(generated: dict[str, bytes | str]) -> None:
    expected = [
        "index.md", "start-here.md", "roles.md", "practice-areas/index.md", "boundaries.md", "supervision.md",
        "hiring.md", "provider-evaluation.md", "working-together/index.md", "working-together/communication.md",
        "working-together/delivery.md", "working-together/security.md", "working-together/billing.md",
        "support-models.md", "costs.md", "faq.md", "ethics-checklist.md", "glossary.md", "sources.md", "tags.md",
    ]  # fmt: skip
    missing = [p for p in expected if p not in generated]
    assert missing == []
    kb = load_knowledge_base(ROOT / "data")
    for area in kb.practice_areas:
        assert f"practice-areas/{area.id}.md" in generated


def test_generated_pages_say_generated_reviewed_and_tagged(generated: dict[str, bytes | str]) -> None:
    for rel, text in generated.items():
        if not rel.endswith(".md") or rel.startswith(("index", "start-here", "guides/")):
            continue
        assert isinstance(text, str)
        assert re.search(r"^reviewed: \d{4}-\d{2}-\d{2}$", text, re.M), rel
        assert "do not edit" in text, rel


def test_markdown_escaping_neutralises_structure() -> None:
    hostile = "<script>alert(1)</script> [x](http://evil) **b** {{ 7*7 }} {: #id } --8<-- x | y"
    escaped = str(md(hostile))
    for needle in ("[x](", "**", "{{", "--8<--", " | "):
        assert needle not in escaped
    import markdown

    html = markdown.markdown(escaped, extensions=["pymdownx.escapeall", "attr_list", "tables"])
    assert "<script" not in html and "<a " not in html and "<strong" not in html
    assert "{{ 7*7 }}" in html and "&lt;script&gt;" in html


def test_glossary_terms_become_abbreviations() -> None:
    kb = load_knowledge_base(ROOT / "data")
    abbr = SiteRenderer(kb).abbreviations()
    assert abbr.count("*[") >= 30
    assert "*[unauthorized practice of law]:" in abbr


@pytest.mark.slow
def test_strict_build_of_the_real_data(built_site: Path) -> None:
    pages = sorted(built_site.rglob("index.html"))
    assert len(pages) >= 30
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "Practice guidance, not legal advice." in html, page
        assert re.search(r"Last reviewed <time datetime=\"\d{4}-\d{2}-\d{2}\">", html), page
        # nothing refers to another host: no absolute http(s) URL in src/href except the issuers' pages and
        # the site's own canonical URL
        for url in re.findall(r'(?:src|href)="(https?://[^"]+)"', html):
            assert not re.search(r"\.(js|css|woff2?|ttf|png|svg|json)(\?|$)", url), f"{page}: loads {url}"
    sitemap = (built_site / "sitemap.xml").read_text()
    assert "<lastmod>" in sitemap
