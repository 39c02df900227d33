"""The site tools in a real browser: ethics checklist, provider scorecard, delegation, cost estimate.

Every expected number below is worked out by hand in the test, not by the code under test.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest

READY = "[data-kb-tool][data-kb-ready=done]"


def kb_data(built_site: Path) -> dict[str, Any]:
    """The tool data generated from data/ (assets/kb-data.json)."""
    data: dict[str, Any] = json.loads((built_site / "assets" / "kb-data.json").read_text(encoding="utf-8"))
    return data


def open_page(page: Any, url: str) -> None:
    page.goto(url)
    page.wait_for_selector(READY)


def errors_of(page: Any) -> list[str]:
    """Collect uncaught page errors and console errors from now on."""
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(f"pageerror: {e}"))
    page.on("console", lambda m: errors.append(f"console: {m.text}") if m.type == "error" else None)
    return errors


# ------------------------------------------------------------------ ethics checklist


def checklist_counts(page: Any) -> tuple[int, int]:
    """(general items, California-only items) as the page's markup has them."""
    general = page.locator(".kb-checklist__item:not([data-jurisdictions])").count()
    ca = page.locator(".kb-checklist__item[data-jurisdictions~='CA']").count()
    return general, ca


def visible_boxes(page: Any) -> Any:
    return page.locator(".kb-checklist__item:not([hidden]) input[type=checkbox]")


def progress(page: Any) -> str:
    return str(page.locator(".kb-checklist__progress").inner_text()).strip()


def serve_sitemap_for_test_server(page: Any, site_url: str, built_site: Path) -> None:
    """Make Material's instant navigation engage on the test server's random port.

    Material only intercepts links listed in sitemap.xml, whose URLs come from site_url; it
    rewrites their scheme and host to the current page's but keeps the port, so on a random
    port no link matches. A deployed site (site_url = where it is hosted) has no such gap.
    """
    sitemap = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    home = min(re.findall(r"<loc>\s*(\S+?)\s*</loc>", sitemap), key=len)  # the home page is site_url itself
    rewritten = sitemap.replace(f"<loc>{home}", f"<loc>{site_url}")
    page.route(site_url + "sitemap.xml", lambda route: route.fulfill(body=rewritten, content_type="application/xml"))


def test_checklist_ticks_survive_reload_and_instant_navigation(
    page: Any, site_url: str, built_site: Path, requests_seen: Any
) -> None:
    serve_sitemap_for_test_server(page, site_url, built_site)
    errors = errors_of(page)
    open_page(page, site_url + "ethics-checklist/")
    general, ca = checklist_counts(page)
    assert general > 3 and ca > 0
    assert progress(page) == f"0 of {general} ticked"

    boxes = visible_boxes(page)
    ids = [boxes.nth(i).get_attribute("id") for i in range(3)]
    for i in range(3):
        boxes.nth(i).check()
    assert progress(page) == f"3 of {general} ticked"

    page.reload()
    page.wait_for_selector(READY)
    for ident in ids:
        assert page.locator(f"#{ident}").is_checked()
    assert progress(page) == f"3 of {general} ticked"

    # Away and back through the navigation, with Material's instant navigation (no reload:
    # a marker set on window survives only if the page was never reloaded).
    page.evaluate("window.__kbNoReload = true")
    sidebar = page.locator(".md-sidebar--primary")
    sidebar.get_by_role("link", name="Supervision and ethics", exact=True).click()
    page.wait_for_url(re.compile(r"/supervision/$"))
    page.wait_for_selector("h1:has-text('Supervision and ethics')")
    sidebar.get_by_role("link", name="Paralegal ethics checklist", exact=True).click()
    page.wait_for_url(re.compile(r"/ethics-checklist/$"))
    page.wait_for_selector(READY)
    assert page.evaluate("window.__kbNoReload === true"), "navigation reloaded the page: instant navigation is off"
    for ident in ids:
        assert page.locator(f"#{ident}").is_checked()
    assert progress(page) == f"3 of {general} ticked"

    stored = page.evaluate("Object.keys(localStorage)")
    assert any(re.fullmatch(r"kb-checklist-v\S+", k) for k in stored)
    assert errors == []
    assert requests_seen.foreign() == []


def test_checklist_california_filter_and_reset(page: Any, site_url: str, requests_seen: Any) -> None:
    open_page(page, site_url + "ethics-checklist/")
    general, ca = checklist_counts(page)
    ca_items = page.locator(".kb-checklist__item[data-jurisdictions~='CA']")
    assert all(ca_items.nth(i).is_hidden() for i in range(ca))

    page.get_by_label("Jurisdiction", exact=True).select_option("CA")
    assert all(ca_items.nth(i).is_visible() for i in range(ca))
    assert progress(page) == f"0 of {general + ca} ticked"
    ca_items.first.locator("input").check()
    visible_boxes(page).first.check()
    assert progress(page) == f"2 of {general + ca} ticked"

    page.reload()
    page.wait_for_selector(READY)
    assert page.get_by_label("Jurisdiction", exact=True).input_value() == "CA"
    assert ca_items.first.is_visible()
    assert progress(page) == f"2 of {general + ca} ticked"

    # Back to the general list: the California tick is kept but not counted.
    page.get_by_label("Jurisdiction", exact=True).select_option("")
    assert ca_items.first.is_hidden()
    assert progress(page) == f"1 of {general} ticked"

    page.get_by_role("button", name="Reset ticks").click()
    assert progress(page) == f"0 of {general} ticked"
    assert page.locator(".kb-checklist__item input:checked").count() == 0
    # A mistaken reset can be undone until something else changes.
    page.get_by_role("button", name="Undo reset").click()
    assert progress(page) == f"1 of {general} ticked"
    assert page.locator(".kb-checklist__item input:checked").count() == 2
    page.get_by_role("button", name="Reset ticks").click()
    assert page.locator(".kb-checklist__item input:checked").count() == 0
    page.reload()
    page.wait_for_selector(READY)
    assert page.locator(".kb-checklist__item input:checked").count() == 0
    assert progress(page) == f"0 of {general} ticked"
    assert requests_seen.foreign() == []


def test_checklist_keyboard_only(page: Any, site_url: str, requests_seen: Any) -> None:
    open_page(page, site_url + "ethics-checklist/")
    general, _ = checklist_counts(page)
    page.get_by_label("Jurisdiction", exact=True).focus()
    for _ in range(3):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.type") == "checkbox":
            break
    first = visible_boxes(page).first.get_attribute("id")
    assert page.evaluate("document.activeElement.id") == first
    page.keyboard.press("Space")
    assert page.locator(f"#{first}").is_checked()
    assert progress(page) == f"1 of {general} ticked"
    page.keyboard.press("Space")
    assert not page.locator(f"#{first}").is_checked()

    # The jurisdiction filter and the reset work from the keyboard too.
    page.get_by_label("Jurisdiction", exact=True).focus()
    page.keyboard.press("ArrowDown")
    assert page.locator(".kb-checklist__item[data-jurisdictions~='CA']").first.is_visible()
    visible_boxes(page).first.focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Reset ticks").focus()
    page.keyboard.press("Enter")
    assert page.locator(".kb-checklist__item input:checked").count() == 0
    assert requests_seen.foreign() == []


def test_checklist_every_checkbox_is_labelled(page: Any, site_url: str) -> None:
    open_page(page, site_url + "ethics-checklist/")
    unlabelled = page.evaluate(
        """() => Array.from(document.querySelectorAll('.kb-checklist input, .kb-checklist select'))
             .filter(el => !el.labels || !el.labels.length || !el.labels[0].textContent.trim())
             .map(el => el.id || el.name)"""
    )
    assert unlabelled == []
    # Each item is reachable by its own label text.
    label = page.locator(".kb-checklist__item label").first.inner_text()
    page.get_by_role("checkbox", name=label.strip(), exact=True).check()


def test_checklist_print_view_and_screenshots(page: Any, site_url: str, screenshots: Path) -> None:
    open_page(page, site_url + "ethics-checklist/")
    general, _ = checklist_counts(page)
    for i in range(3):
        visible_boxes(page).nth(i).check()
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(screenshots / "checklist-1280.png"), full_page=True)

    page.set_viewport_size({"width": 375, "height": 812})
    page.wait_for_timeout(100)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375, "the checklist overflows a 375 px screen"
    controls = page.locator(".kb-checklist__controls")
    assert controls.is_visible()
    box = controls.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 375
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(screenshots / "checklist-375.png"), full_page=True)

    page.emulate_media(media="print")
    assert controls.is_hidden()
    assert page.locator(".kb-checklist__sign").first.is_visible()
    assert "Date" in page.locator(".kb-checklist__sign").first.inner_text()
    info = page.locator(".kb-checklist__printinfo")
    assert info.is_visible()
    assert f"3 of {general} items ticked" in info.inner_text()
    assert visible_boxes(page).first.is_visible() and visible_boxes(page).first.is_checked()
    page.screenshot(path=str(screenshots / "checklist-print.png"), full_page=True)
    page.emulate_media(media="screen")
    assert page.locator(".kb-checklist__sign").first.is_hidden()


def test_checklist_without_javascript_shows_everything(browser: Any, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        pg = context.new_page()
        pg.goto(site_url + "ethics-checklist/")
        items = pg.locator(".kb-checklist__item")
        assert items.count() > 0
        assert all(items.nth(i).is_visible() for i in range(items.count()))
        assert pg.locator(".kb-checklist__controls").is_hidden()
    finally:
        context.close()


def test_checklist_works_from_files(page: Any, built_site: Path, requests_seen: Any) -> None:
    url = (built_site / "ethics-checklist" / "index.html").as_uri()
    errors = errors_of(page)
    open_page(page, url)
    first = visible_boxes(page).first
    ident = first.get_attribute("id")
    first.check()
    general, _ = checklist_counts(page)
    assert progress(page) == f"1 of {general} ticked"
    page.reload()
    page.wait_for_selector(READY)
    assert page.locator(f"#{ident}").is_checked()
    assert errors == []
    assert requests_seen.foreign() == []
    assert all(u.startswith(("file:", "data:", "blob:")) for u in requests_seen.urls)


# ---------------------------------------------------------------- provider scorecard


def rate(page: Any, question: str, rating: str) -> None:
    page.get_by_role("group", name=question, exact=True).get_by_role("radio", name=rating, exact=True).check()


def test_scorecard_worked_example(page: Any, site_url: str, built_site: Path, requests_seen: Any) -> None:
    groups = {g["id"]: g for g in kb_data(built_site)["scorecard"]}
    security, conflicts, turnaround = groups["security"], groups["conflicts"], groups["turnaround"]
    # The hand calculation below uses these weights and four questions in each group.
    assert (security["weight"], conflicts["weight"]) == (5, 4)
    assert len(security["questions"]) == len(conflicts["questions"]) == len(turnaround["questions"]) == 4

    open_page(page, site_url + "provider-evaluation/")
    page.locator(".kb-scorecard__details > summary").click()
    s, c = security["questions"], conflicts["questions"]
    # Security: meets, meets, partly, n/a -> (1 + 1 + 0.5) / 3 = 5/6 = 83.3 %
    rate(page, s[0]["question"], "Meets")
    rate(page, s[1]["question"], "Meets")
    rate(page, s[2]["question"], "Partly")
    rate(page, s[3]["question"], "Not applicable")
    # Conflicts: does not, partly, meets, meets -> (0 + 0.5 + 1 + 1) / 4 = 5/8 = 62.5 %
    rate(page, c[0]["question"], "Does not")
    rate(page, c[1]["question"], "Partly")
    rate(page, c[2]["question"], "Meets")
    rate(page, c[3]["question"], "Meets")
    # Turnaround: all not applicable -> not scored, left out of the overall score.
    for q in turnaround["questions"]:
        rate(page, q["question"], "Not applicable")
    # Overall = (5 * 5/6 + 4 * 5/8) / (5 + 4) = (25/6 + 15/6) / 9 = 40/54 = 74.07... -> 74.1 %

    def row(group_id: str) -> list[str]:
        cells = page.locator(f".kb-scorecard__table tr[data-group='{group_id}'] > *").all_inner_texts()
        return [c.strip() for c in cells]

    assert row("security") == [security["title"], "5", "3/4", "2.5", "83.3%"]
    assert row("conflicts") == [conflicts["title"], "4", "4/4", "2.5", "62.5%"]
    assert row("turnaround") == [turnaround["title"], "2", "0/4", "–", "–"]
    assert row("billing")[-1] == "–"
    assert page.locator(".kb-scorecard__table tfoot td").inner_text().strip() == "74.1%"
    assert "Overall score: 74.1%" in page.locator(".kb-scorecard__overall").inner_text()
    assert "83.3%" in page.get_by_text(re.compile(r"^Group score: 83\.3%")).inner_text()

    flagged = page.locator(".kb-scorecard__flaglist > li")
    assert flagged.count() == 3
    assert [flagged.nth(i).get_attribute("data-question") for i in range(3)] == [s[2]["id"], c[0]["id"], c[1]["id"]]
    assert flagged.nth(1).locator(".kb-rating").text_content() == "Does not"
    assert c[0]["question"] in flagged.nth(1).inner_text()
    for red_flag in c[0]["red_flags"]:
        assert red_flag in flagged.nth(1).inner_text()

    # Kept in the browser.
    page.reload()
    page.wait_for_selector(READY)
    assert page.locator(".kb-scorecard__details").get_attribute("open") is not None
    assert page.locator(".kb-scorecard__table tfoot td").inner_text().strip() == "74.1%"

    # CSV export, made in the page (a blob: download).
    page.get_by_label("Provider being scored").fill("Acme Paralegals")
    with page.expect_download() as info:
        page.get_by_role("button", name="Export CSV").click()
    download = info.value
    assert download.url.startswith("blob:")
    assert download.suggested_filename.startswith("provider-scorecard-acme-paralegals-")
    text = Path(download.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["Row", "Group", "Group weight", "Question id", "Question", "Rating", "Points", "Score (%)"]
    assert rows[1][:2] == ["Provider", "Acme Paralegals"]
    by_question = {r[3]: r for r in rows if r[0] == "Question"}
    assert by_question[s[2]["id"]][5:7] == ["Partly", "0.5"]
    assert by_question[s[3]["id"]][5:7] == ["Not applicable", ""]
    assert by_question[c[0]["id"]][5:7] == ["Does not", "0"]
    group_rows = {r[1]: r for r in rows if r[0] == "Group score"}
    assert group_rows[security["title"]][6:] == ["2.5", "83.3"]
    assert group_rows[conflicts["title"]][6:] == ["2.5", "62.5"]
    assert group_rows[turnaround["title"]][7] == "not scored"
    assert next(r for r in rows if r[0] == "Overall")[7] == "74.1"

    page.get_by_role("button", name="Clear ratings").click()
    assert page.locator(".kb-scorecard__table tfoot td").inner_text().strip() == "–"
    assert page.locator(".kb-scorecard__flaglist").count() == 0
    page.get_by_role("button", name="Undo clear").click()
    assert page.locator(".kb-scorecard__table tfoot td").inner_text().strip() == "74.1%"
    assert (
        page.get_by_role("group", name=c[0]["question"], exact=True).get_by_role("radio", name="Does not").is_checked()
    )
    page.get_by_role("button", name="Clear ratings").click()
    page.reload()
    page.wait_for_selector(READY)
    assert page.locator(".kb-scorecard__details").get_attribute("open") is None
    assert requests_seen.foreign() == []


def test_scorecard_print_shows_chosen_ratings_only(page: Any, site_url: str, built_site: Path) -> None:
    question = kb_data(built_site)["scorecard"][0]["questions"][0]["question"]
    open_page(page, site_url + "provider-evaluation/")
    page.locator(".kb-scorecard__details > summary").click()
    rate(page, question, "Partly")
    page.evaluate(
        "document.documentElement.classList.add('kb-printing-tool');"
        "document.getElementById('kb-scorecard').classList.add('kb-print-target')"
    )
    page.emulate_media(media="print")
    group = page.get_by_role("group", name=question, exact=True)
    assert group.locator("label", has_text="Partly").is_visible()
    assert group.locator("label", has_text="Meets").is_hidden()
    assert page.get_by_role("button", name="Export CSV").is_hidden()
    # The question texts below the tool are left out of the tool's print.
    assert page.locator(".md-content__inner > h2#security").is_hidden()


# ------------------------------------------------------------------ delegation


def choose(page: Any, area: dict[str, Any], task: dict[str, Any]) -> Any:
    page.get_by_label("Practice area", exact=True).select_option(area["id"])
    page.get_by_label("Task", exact=True).select_option(task["id"])
    return page.locator(".kb-delegate__answer")


def test_delegation_interpretive_task_is_attorney_only(
    page: Any, site_url: str, built_site: Path, requests_seen: Any
) -> None:
    areas = kb_data(built_site)["delegation"]
    area = next(a for a in areas if any(t["kind"] == "interpretive" for t in a["tasks"]))
    task = next(t for t in area["tasks"] if t["kind"] == "interpretive")
    open_page(page, site_url + "practice-areas/")
    answer = choose(page, area, task)
    text = answer.inner_text()
    assert "Interpretive: attorney only" in text
    assert task["why"] in text

    boundary = task["boundaries"][0]
    link = answer.get_by_role("link", name=boundary["title"], exact=True)
    assert re.search(rf"/boundaries/#{re.escape(boundary['id'])}$", link.get_attribute("href") or "")
    authority = boundary["authorities"][0]
    cite = answer.get_by_role("link", name=authority["cite"], exact=True)
    assert re.search(rf"/supervision/#{re.escape(authority['id'])}$", cite.get_attribute("href") or "")

    # The boundary link lands on the boundary.
    link.click()
    page.wait_for_url(re.compile(rf"/boundaries/#{re.escape(boundary['id'])}$"))
    assert page.locator(f"[id='{boundary['id']}']").count() == 1
    assert requests_seen.foreign() == []


def test_delegation_factual_and_procedural_tasks_are_delegable(page: Any, site_url: str, built_site: Path) -> None:
    areas = kb_data(built_site)["delegation"]
    open_page(page, site_url + "practice-areas/")
    for kind in ("factual", "procedural"):
        area = next(a for a in areas if any(t["kind"] == kind for t in a["tasks"]))
        task = next(t for t in area["tasks"] if t["kind"] == kind)
        text = choose(page, area, task).inner_text()
        assert f"{kind.capitalize()}: delegable under supervision" in text
        assert "attorney only" not in text


# --------------------------------------------------------------------- cost estimate


def cost_cells(page: Any) -> dict[str, list[str]]:
    out = {}
    for key in ("inHouse", "offshore", "savings"):
        cells = page.locator(f".kb-cost__table tr[data-row='{key}'] td").all_inner_texts()
        out[key] = [c.strip() for c in cells]
    return out


def set_inputs(page: Any, hours: str, in_low: str, in_high: str, off_low: str, off_high: str) -> None:
    page.get_by_label("Paralegal hours per week").fill(hours)
    inhouse = page.get_by_role("group", name="In-house hourly rate")
    inhouse.get_by_label("Low ($ an hour)").fill(in_low)
    inhouse.get_by_label("High ($ an hour)").fill(in_high)
    offshore = page.get_by_role("group", name="Offshore hourly rate")
    offshore.get_by_label("Low ($ an hour)").fill(off_low)
    offshore.get_by_label("High ($ an hour)").fill(off_high)


def test_cost_estimate_worked_example(page: Any, site_url: str, built_site: Path, requests_seen: Any) -> None:
    costs = kb_data(built_site)["costs"]
    open_page(page, site_url + "costs/")
    # Defaults are the cited figures, shown with their sources.
    assert float(page.get_by_label("Paralegal hours per week").input_value()) == costs["hours_per_week"]
    inhouse = page.get_by_role("group", name="In-house hourly rate")
    assert float(inhouse.get_by_label("Low ($ an hour)").input_value()) == costs["in_house"]["low"]
    assert float(inhouse.get_by_label("High ($ an hour)").input_value()) == costs["in_house"]["high"]
    assert costs["in_house"]["source"] in inhouse.inner_text()
    assert costs["offshore"]["source"] in page.get_by_role("group", name="Offshore hourly rate").inner_text()
    assert "estimates from the cited figures" in page.locator("#kb-cost-estimate").inner_text().lower()

    # 10 hours a week; in-house $30-$40, offshore $10-$15.
    #   month = 10 * 52 / 12 = 43.333 hours, year = 10 * 52 = 520 hours
    #   in-house: 30 * 43.333 = 1,300.00; 40 * 43.333 = 1,733.33 -> $1,733; year 15,600 to 20,800
    #   offshore: 10 * 43.333 = 433.33 -> $433; 15 * 43.333 = 650.00; year 5,200 to 7,800
    #   savings: (30 - 15) = 15 and (40 - 10) = 30 an hour -> 650 to 1,300 a month; 7,800 to 15,600 a year
    set_inputs(page, "10", "30", "40", "10", "15")
    assert cost_cells(page) == {
        "inHouse": ["$1,300 to $1,733", "$15,600 to $20,800"],
        "offshore": ["$433 to $650", "$5,200 to $7,800"],
        "savings": ["$650 to $1,300", "$7,800 to $15,600"],
    }
    assert page.locator(".kb-cost__notes li").count() == 0

    # Overlapping ranges: offshore $25-$35 against in-house $30-$40.
    #   savings low = 30 - 35 = -5 an hour -> clamped to $0 (and said); high = 40 - 25 = 15 an hour
    #   -> 15 * 43.333 = 650 a month, 15 * 520 = 7,800 a year
    set_inputs(page, "10", "30", "40", "25", "35")
    cells = cost_cells(page)
    assert cells["offshore"] == ["$1,083 to $1,517", "$13,000 to $18,200"]  # 25*43.33=1083.33, 35*43.33=1516.67
    assert cells["savings"] == ["$0 to $650", "$0 to $7,800"]
    assert "savings range starts at $0" in page.locator(".kb-cost__notes").inner_text()

    # No saving at all: offshore $45-$50.
    set_inputs(page, "10", "30", "40", "45", "50")
    assert cost_cells(page)["savings"] == ["none", "none"]
    assert "No saving at these rates" in page.locator(".kb-cost__notes").inner_text()

    # Nonsense input is refused, not computed.
    page.get_by_label("Paralegal hours per week").fill("-3")
    assert cost_cells(page)["inHouse"] == ["–", "–"]
    assert page.get_by_label("Paralegal hours per week").get_attribute("aria-invalid") == "true"

    page.get_by_role("button", name="Back to the cited figures").click()
    # Defaults: 20 h; 28.85-36.06 and 8-20 an hour. Month = 20 * 52 / 12 = 86.667 hours, year = 1,040 hours.
    #   in-house 2,500.33 -> $2,500; 3,125.20 -> $3,125; year 30,004 to 37,502.40 -> $37,502
    #   savings (28.85 - 20) = 8.85 -> 767.00 a month, 9,204 a year; (36.06 - 8) = 28.06 -> 2,431.87 -> $2,432, 29,182.40 -> $29,182
    if (
        costs["hours_per_week"],
        costs["in_house"]["low"],
        costs["in_house"]["high"],
        costs["offshore"]["low"],
        costs["offshore"]["high"],
    ) == (20, 28.85, 36.06, 8, 20):
        assert cost_cells(page) == {
            "inHouse": ["$2,500 to $3,125", "$30,004 to $37,502"],
            "offshore": ["$693 to $1,733", "$8,320 to $20,800"],
            "savings": ["$767 to $2,432", "$9,204 to $29,182"],
        }
    assert requests_seen.foreign() == []


# ------------------------------------------------------ data shown as text, never as HTML


HOSTILE = '<img src=x onerror="window.__kbPwned=1">&amp; <b>bold</b>'


@pytest.mark.parametrize("path", ["provider-evaluation/", "practice-areas/"])
def test_data_strings_are_shown_literally(page: Any, site_url: str, path: str) -> None:
    """Hostile strings in the tool data appear as text; no element is made from them."""

    def poison(value: Any) -> Any:
        if isinstance(value, dict):
            return {
                k: (
                    HOSTILE + v
                    if k in ("title", "question", "task", "why", "name", "cite") and isinstance(v, str)
                    else poison(v)
                )
                for k, v in value.items()
            }
        if isinstance(value, list):
            return [poison(v) for v in value]
        return value

    def handle(route: Any) -> None:
        response = route.fetch()
        html = response.text()
        match = re.search(r'(<script type="application/json" id="kb-data">)(.*?)(</script>)', html, re.DOTALL)
        assert match
        data = poison(json.loads(match.group(2)))
        payload = json.dumps(data).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
        route.fulfill(response=response, body=html[: match.start(2)] + payload + html[match.end(2) :])

    page.route(site_url + path, handle)
    open_page(page, site_url + path)
    tool = page.locator("[data-kb-tool]")
    if path.startswith("provider"):
        page.locator(".kb-scorecard__details > summary").click()
        page.locator(".kb-scorecard__question input[value=partly]").first.check()
    else:
        page.get_by_label("Practice area", exact=True).select_option(index=1)
        page.get_by_label("Task", exact=True).select_option(index=1)
    assert HOSTILE in tool.inner_text()
    assert tool.locator("img, b").count() == 0
    assert page.evaluate("window.__kbPwned") is None


# ------------------------------------------------------------------------ accessibility

AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_tools_pass_axe(browser: Any, site_url: str, scheme: str) -> None:
    """axe-core finds no WCAG 2.1 A/AA problem in the tools, filled in, in either colour scheme."""
    if not AXE.is_file():
        pytest.skip("axe-core is not installed: run `npm ci` in tests/")
    context = browser.new_context(viewport={"width": 375, "height": 812}, color_scheme=scheme)
    try:
        pg = context.new_page()
        found = {}
        for path in ("ethics-checklist/", "provider-evaluation/", "practice-areas/", "costs/"):
            open_page(pg, site_url + path)
            if path.startswith("ethics"):
                pg.get_by_label("Jurisdiction", exact=True).select_option("CA")
                pg.locator(".kb-checklist__item input").first.check()
            elif path.startswith("provider"):
                pg.locator(".kb-scorecard__details > summary").click()
                pg.locator(".kb-scorecard__question input[value=partly]").first.check()
                pg.locator(".kb-scorecard__question input[value=does-not]").nth(1).check()
            elif path.startswith("practice"):
                pg.get_by_label("Practice area", exact=True).select_option(index=1)
                pg.get_by_label("Task", exact=True).select_option(index=1)
            else:
                pg.get_by_label("Paralegal hours per week").fill("-1")
            pg.add_script_tag(content=AXE.read_text(encoding="utf-8"))
            violations = pg.evaluate(
                """async () => (await axe.run('[data-kb-tool]', {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}))
                     .violations.map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))"""
            )
            if violations:
                found[path] = violations
        assert found == {}
    finally:
        context.close()
