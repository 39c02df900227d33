"""The site as a reader moves through it: navigation, privacy, phone width, print.

Every page of the built site (each index.html, and 404.html) is visited: no page may load
anything from a host other than 127.0.0.1, scroll sideways at 375x812, or print with the
navigation chrome.
"""

from __future__ import annotations

import contextlib
import re
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
PHONE = {"width": 375, "height": 812}
# What must not print: header (with search and palette toggle), tabs, both sidebars,
# the previous/next footer and the back-to-top button.
CHROME = [".md-header", ".md-tabs", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer", ".md-top"]


def site_pages(site: Path) -> list[str]:
    """Every page as a path under the site root: '' for home, 'faq/', ..., '404.html'."""
    pages = sorted(
        "" if p.parent == site else p.parent.relative_to(site).as_posix() + "/" for p in site.rglob("index.html")
    )
    return pages + (["404.html"] if (site / "404.html").is_file() else [])


def practice_areas() -> list[tuple[str, str]]:
    """(id, name) of every practice area in data/, the list the navigation must offer."""
    areas = []
    for path in sorted((ROOT / "data" / "practice_areas").glob("*.yml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        areas.append((str(doc.get("id", path.stem)), str(doc["name"])))
    return areas


def settle(page: Any) -> None:
    """Let the page's own scripts finish: the site tools mark themselves ready when built."""
    # A tool that never gets ready is test_tools.py's to report; here, check what is there.
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_function(
            "() => [...document.querySelectorAll('[data-kb-tool]')].every(el => el.hasAttribute('data-kb-ready'))",
            timeout=5000,
        )


def heading(page: Any) -> str:
    return str(page.locator("article h1").first.inner_text()).replace("¶", "").strip()


# ------------------------------------------------------------------ navigation


def test_every_practice_area_is_reachable_through_the_navigation(page: Any, site_url: str) -> None:
    areas = practice_areas()
    assert len(areas) >= 12
    page.goto(site_url)
    page.locator(".md-tabs").get_by_role("link", name="Practice areas", exact=True).click()
    page.wait_for_url(re.compile(r"/practice-areas/$"))
    sidebar = page.locator(".md-sidebar--primary")
    for area_id, name in areas:
        sidebar.get_by_role("link", name=name, exact=True).click()
        page.wait_for_url(re.compile(rf"/practice-areas/{re.escape(area_id)}/$"))
        assert heading(page) == name


def test_every_practice_area_is_reachable_from_the_phone_menu(page: Any, site_url: str) -> None:
    page.set_viewport_size(PHONE)
    menu = page.locator("label.md-header__button[for='__drawer']")
    drawer = page.locator("nav.md-nav--primary")
    page.goto(site_url)
    menu.click()
    # The drawer opens on the current section (Home); its title is the way back to the top.
    drawer.locator(".md-nav__item--active > .md-nav > label.md-nav__title").first.click()
    drawer.get_by_role("link", name="Practice areas", exact=True).click()
    page.wait_for_url(re.compile(r"/practice-areas/$"))
    for area_id, name in practice_areas():
        menu.click()  # now opens on the Practice areas section
        drawer.get_by_role("link", name=name, exact=True).click()
        page.wait_for_url(re.compile(rf"/practice-areas/{re.escape(area_id)}/$"))
        assert heading(page) == name


# ------------------------------------------------------------------ every page


def test_no_page_requests_anything_but_127_0_0_1(
    page: Any, site_url: str, built_site: Path, requests_seen: Any
) -> None:
    offenders: dict[str, list[str]] = {}
    for rel in site_pages(built_site):
        before = len(requests_seen.urls)
        page.goto(site_url + rel, wait_until="networkidle")
        settle(page)
        seen = requests_seen.urls[before:]
        assert seen and seen[0].startswith(site_url), f"{rel or 'home'}: the page itself was not requested"
        foreign = [u for u in requests_seen.foreign() if u in seen]
        if foreign:
            offenders[rel or "(home)"] = sorted(set(foreign))
    assert not offenders, "pages that load from other hosts:\n" + "\n".join(f"  {p}: {u}" for p, u in offenders.items())
    assert requests_seen.foreign() == []


def test_no_page_scrolls_sideways_on_a_phone(page: Any, site_url: str, built_site: Path) -> None:
    page.set_viewport_size(PHONE)
    wide: dict[str, tuple[int, str]] = {}
    for rel in site_pages(built_site):
        page.goto(site_url + rel)
        settle(page)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            culprit = page.evaluate(
                """w => { const el = [...document.querySelectorAll('body *')].reverse()
                            .find(e => e.getBoundingClientRect().right > w + 1);
                          return el ? el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).trim().split(/\\s+/).join('.') : '') : '?'; }""",
                PHONE["width"],
            )
            wide[rel or "(home)"] = (width, culprit)
    assert not wide, "pages wider than 375px (scrollWidth, an element past the edge):\n" + "\n".join(
        f"  {p}: {w}" for p, w in wide.items()
    )


def test_print_hides_navigation_chrome(page: Any, site_url: str, built_site: Path) -> None:
    page.emulate_media(media="print")
    problems: list[str] = []
    for rel in site_pages(built_site):
        page.goto(site_url + rel)
        for selector in CHROME:
            shown = page.locator(selector).evaluate_all(
                "els => els.filter(e => getComputedStyle(e).display !== 'none' && e.getClientRects().length > 0).length"
            )
            if shown:
                problems.append(f"{rel or '(home)'}: {selector} prints")
        if not page.locator("article h1").first.is_visible():
            problems.append(f"{rel or '(home)'}: the page's heading does not print")
        if rel != "404.html" and not page.locator(".kb-status").first.is_visible():
            problems.append(f"{rel or '(home)'}: the 'not legal advice' notice does not print")
    assert not problems, "\n".join(problems)
