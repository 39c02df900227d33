"""Search as an attorney uses it: type into Material's search box, follow the first result.

The right destination for each query was chosen by reading data/: the entry that answers
it, with its authority. Where two pages answer it (a rule in boundaries.yml and the FAQ
entry that links to it), either may come first; both are listed.
"""

from __future__ import annotations

import re
import time
from typing import Any
from urllib.parse import urlsplit

import pytest

# query -> (why, destinations that count as right: regexes on "path/#anchor" under the site root)
CASES: dict[str, tuple[str, list[str]]] = {
    "runner or capper": (
        "boundaries.yml no-runner-capper (Cal. B&P 6450(b)); faq.yml what-is-a-runner-or-capper answers the same",
        [r"boundaries/#no-runner-capper", r"faq/#what-is-a-runner-or-capper"],
    ),
    "sign a filing": (
        "boundaries.yml no-signing-filings; faq.yml can-a-paralegal-sign-a-filing points at it",
        [r"boundaries/#no-signing-filings", r"faq/#can-a-paralegal-sign-a-filing"],
    ),
    "medical chronology": (
        (
            "a task of the personal-injury and medical-malpractice pages; faq.yml what-is-a-medical-chronology "
            "defines it and points at personal injury"
        ),
        [r"practice-areas/(medical-malpractice|personal-injury)/(#.*)?", r"faq/#what-is-a-medical-chronology"],
    ),
    "flat fee": (
        "billing.yml arrangement 'flat' (working-together/billing); faq.yml how-does-a-flat-fee-work",
        [r"working-together/billing/(#.*)?", r"faq/#how-does-a-flat-fee-work"],
    ),
    "offshore": (
        "the home page is about working with offshore paralegals; roles.yml offshore-paralegal; the FAQ's offshore group",
        [r"", r"#.*", r"roles/#offshore-paralegal", r"faq/#.*offshore.*"],
    ),
    "encrypted": (
        "security.yml encryption; delivery.yml encrypted-email; faq.yml is-encrypted-email-enough",
        [
            r"working-together/security/(#.*)?",
            r"working-together/delivery/#encrypted-email",
            r"faq/#is-encrypted-email-enough",
        ],
    ),
    "conflicts": (
        "boundaries.yml no-conflicts; faq.yml how-do-conflicts-checks-work; provider_evaluation.yml's conflicts group",
        [r"boundaries/#no-conflicts", r"faq/#how-do-conflicts-checks-work", r"provider-evaluation/#conflicts[\w-]*"],
    ),
}


def _rel(href: str, site_url: str) -> str:
    """'boundaries/#no-runner-capper' from an absolute result link (the ?h= highlight dropped)."""
    parts = urlsplit(href)
    path = parts.path[len(urlsplit(site_url).path) :]
    return path + (f"#{parts.fragment}" if parts.fragment else "")


def search(page: Any, site_url: str, query: str) -> list[list[str]]:
    """Type the query into the search box as a person would; return each result's visible links.

    A result is one page: its own link, then the sections that scored best. Material folds
    the weaker sections into a closed "N more on this page"; those are left out here.
    """
    page.goto(site_url)
    box = page.get_by_role("textbox", name="Search")
    box.click()
    meta = page.locator(".md-search-result__meta")
    # Until the index is loaded the box shows "Initializing search"; keys typed then are lost.
    page.wait_for_function("el => /type to start searching/i.test(el.textContent)", arg=meta.element_handle())
    box.press_sequentially(query, delay=15)
    # Results update as you type: wait until the list has stopped changing.
    results = page.locator(".md-search-result__list")
    last, deadline = None, time.monotonic() + 15
    while time.monotonic() < deadline:
        html = results.inner_html()
        if html and html == last and re.search(r"matching", meta.inner_text(), re.IGNORECASE):
            break
        last = html
        page.wait_for_timeout(250)
    groups: list[list[str]] = page.locator("li.md-search-result__item").evaluate_all(
        "items => items.map(li => [...li.querySelectorAll(':scope > a')].map(a => a.href))"
    )
    return [[_rel(h, site_url) for h in g] for g in groups]


def lead(group: list[str]) -> str:
    """Where a result takes you: its best section if it shows one, else the page itself."""
    sections = [link for link in group[1:] if "#" in link]
    return sections[0] if sections else group[0]


@pytest.mark.parametrize("query", list(CASES))
def test_search_leads_to_the_right_page(page: Any, site_url: str, requests_seen: Any, query: str) -> None:
    why, right = CASES[query]
    groups = search(page, site_url, query)
    assert groups, f"no results for {query!r}"
    first = lead(groups[0])
    shown = "\n".join(f"  {i + 1}. {' | '.join(g[:3])}" for i, g in enumerate(groups[:5]))
    assert any(re.fullmatch(r, first) for r in right), (
        f"search {query!r}: first result leads to {first!r}, not to any of {right} ({why}); results:\n{shown}"
    )

    # Follow it, as a reader would: the page opens at the right place.
    links = page.locator("li.md-search-result__item").first.locator(":scope > a")
    links.nth(1 if "#" in first else 0).click()
    path, _, anchor = first.partition("#")
    page.wait_for_url(re.compile(re.escape(site_url + path) + r"(\?[^#]*)?(#.*)?$"))
    assert page.locator("h1").first.is_visible()
    if anchor:
        assert page.locator(f"[id='{anchor}']").count() == 1, f"no #{anchor} on {path}"
    assert requests_seen.foreign() == []


def test_medical_chronology_finds_a_practice_area_page(page: Any, site_url: str) -> None:
    """The practice-area pages that list the task are among the first two results."""
    groups = search(page, site_url, "medical chronology")
    tops = [g[0] for g in groups[:2]]
    assert any(re.fullmatch(r"practice-areas/(medical-malpractice|personal-injury)/", t) for t in tops), tops
