"""Accessibility: axe-core (npm, injected into each page) on every page, WCAG 2.1 A and AA.

Every rule axe tags wcag2a, wcag2aa, wcag21a or wcag21aa runs; none is left out. Pages
are checked as a desktop reader meets them in light and dark palettes, and at phone
width (where wide tables scroll and the drawer replaces the sidebars). Material's search
dialog is checked open, with results.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

import pytest

AXE = Path(__file__).resolve().parents[1] / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
DISABLED_RULES: dict[str, str] = {}  # rule id -> why it is left out (none are)
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}
NO_TRANSITIONS = "*, *::before, *::after { transition: none !important; animation: none !important; }"


def site_pages(site: Path) -> list[str]:
    """Every page as a path under the site root: '' for home, 'faq/', ..., '404.html'."""
    pages = sorted(
        "" if p.parent == site else p.parent.relative_to(site).as_posix() + "/" for p in site.rglob("index.html")
    )
    return pages + (["404.html"] if (site / "404.html").is_file() else [])


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run `npm ci` in tests/ (the README's test command does)")
    return AXE.read_text(encoding="utf-8")


def settle(page: Any) -> None:
    """Let the page's own scripts finish: the site tools mark themselves ready when built."""
    # A tool that never gets ready is test_tools.py's to report; here, check what is there.
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_function(
            "() => [...document.querySelectorAll('[data-kb-tool]')].every(el => el.hasAttribute('data-kb-ready'))",
            timeout=5000,
        )


def run_axe(page: Any, axe_source: str) -> list[dict[str, Any]]:
    """axe's violations on the page as it is now."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=axe_source)
    options = {
        "runOnly": {"type": "tag", "values": TAGS},
        "rules": {rule: {"enabled": False} for rule in DISABLED_RULES},
        "resultTypes": ["violations"],
    }
    violations: list[dict[str, Any]] = page.evaluate(
        """async options => (await axe.run(document, options)).violations.map(v => ({
              id: v.id, impact: v.impact, help: v.help,
              nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html.slice(0, 160),
                                        summary: (n.failureSummary || '').replace(/\\s+/g, ' ').slice(0, 240)}))}))""",
        options,
    )
    return violations


def report(found: dict[str, list[dict[str, Any]]]) -> str:
    lines = []
    for where, violations in found.items():
        for v in violations:
            lines.append(f"{where}: {v['id']} ({v['impact']}): {v['help']} [{len(v['nodes'])} elements]")
            for n in v["nodes"][:3]:
                lines.append(f"    {n['target']}: {n['html']}\n      {n['summary']}")
    return "\n".join(lines)


def test_every_page_meets_wcag_21_aa(page: Any, site_url: str, built_site: Path, axe_source: str) -> None:
    """Each page once, checked three ways: desktop light, desktop dark, phone."""
    found: dict[str, list[dict[str, Any]]] = {}
    pages = site_pages(built_site)
    for rel in pages:
        name = rel or "(home)"
        page.set_viewport_size(DESKTOP)
        page.goto(site_url + rel)
        settle(page)
        # Material fades colours over 250ms; switch palettes and widths without fading so
        # that axe measures the colours a reader settles on, not a frame mid-transition.
        page.add_style_tag(content=NO_TRANSITIONS)
        if violations := run_axe(page, axe_source):
            found[f"light {name}"] = violations

        # The dark palette, switched the way Material's toggle switches it (a body attribute),
        # to spare a reload; test_search_dialog below loads a page in dark mode for real.
        page.evaluate("document.body.setAttribute('data-md-color-scheme', 'slate')")
        if violations := run_axe(page, axe_source):
            found[f"dark {name}"] = violations

        page.evaluate("document.body.setAttribute('data-md-color-scheme', 'default')")
        page.set_viewport_size(PHONE)
        page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        if violations := run_axe(page, axe_source):
            found[f"phone {name}"] = violations
    assert len(pages) > 20
    assert not found, f"axe: WCAG 2.1 A/AA violations ({len(found)} page views):\n" + report(found)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_search_dialog_with_results_meets_wcag_21_aa(page: Any, site_url: str, axe_source: str, scheme: str) -> None:
    page.emulate_media(color_scheme=scheme)  # Material picks its palette from prefers-color-scheme
    page.goto(site_url)
    expected = "slate" if scheme == "dark" else "default"
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == expected
    box = page.get_by_role("textbox", name="Search")
    box.click()
    page.wait_for_function("() => /type to start/i.test(document.querySelector('.md-search-result__meta').textContent)")
    box.press_sequentially("paralegal")
    page.locator("li.md-search-result__item").first.wait_for()
    violations = run_axe(page, axe_source)
    assert not violations, report({f"search dialog ({scheme})": violations})


def test_no_rule_is_left_out_without_a_reason() -> None:
    for rule, why in DISABLED_RULES.items():
        assert len(why) > 30, f"{rule}: say why it is left out"
