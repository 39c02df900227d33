"""HTML validity: the Nu HTML Checker (npm vnu-jar, run with the machine's Java) over the built site.

Zero errors, except the short allow-list below: markup that Material for MkDocs itself
writes into every page, which our templates cannot change without copying the theme's
partials (which breaks on theme upgrades). Each entry matches the message *and* the
offending markup, so the same message from our own markup still fails.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

VNU = Path(__file__).resolve().parent / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


@dataclass(frozen=True)
class Allowed:
    """One kind of error in the theme's own markup that we accept, and why."""

    message: str  # regex on vnu's message
    extract: str  # regex on the markup vnu quotes
    why: str


ALLOWED = [
    Allowed(
        message=r"^Attribute “autocomplete” is only allowed when the input type is",
        extract=r'<input class="md-toggle" data-md-toggle="(drawer|search)" type="checkbox" id="__(drawer|search)" '
        r'autocomplete="off">',
        why="Material's base.html puts autocomplete=off on its hidden drawer/search toggle checkboxes so that "
        "Firefox does not restore their checked state on reload; the attribute is inert on checkboxes.",
    ),
    Allowed(
        message=r"^Bad value “” for attribute “tabindex” on element “label”",
        extract=r'<label class="md-nav__link[^"]*" for="__nav_\d+(_\d+)*" id="__nav_\d+(_\d+)*_label" tabindex="">',
        why='Material\'s nav-item.html renders tabindex="{{ tabindex }}" and leaves it empty for section labels '
        "(navigation.sections); browsers treat the empty value as absent.",
    ),
    Allowed(
        message=r"^The value of the “for” attribute of the “label” element must be the ID of a non-hidden form control",
        extract=r'<label class="md-nav__title" for="__toc">',
        why="Material's toc.html labels its table of contents with for=\"__toc\"; on a section's index page "
        "(navigation.indexes) the theme renders no __toc toggle, so the label points nowhere. It only "
        "serves the mobile drawer's back button.",
    ),
]


def _allowed(msg: dict[str, object]) -> Allowed | None:
    for entry in ALLOWED:
        if re.search(entry.message, str(msg.get("message", ""))) and re.search(
            entry.extract, str(msg.get("extract", ""))
        ):
            return entry
    return None


@pytest.fixture(scope="module")
def vnu_messages(built_site: Path) -> list[dict[str, object]]:
    """vnu's errors for every HTML file in the built site."""
    java = shutil.which("java")
    if java is None:
        pytest.fail("java is not installed: run the README's test command (it installs default-jre-headless)")
    if not VNU.is_file():
        pytest.fail(f"{VNU} is missing: run `npm ci` in tests/ (the README's test command does)")
    proc = subprocess.run(
        [java, "-jar", str(VNU), "--skip-non-html", "--errors-only", "--format", "json", "--stdout", str(built_site)],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    try:
        report = json.loads(proc.stdout)
    except json.JSONDecodeError:
        pytest.fail(f"vnu did not report JSON (exit {proc.returncode}):\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}")
    messages: list[dict[str, object]] = report["messages"]
    # vnu's non-document messages ("non-document-error": I/O problems) must not pass silently either.
    return messages


@pytest.mark.slow
def test_site_has_no_html_errors(vnu_messages: list[dict[str, object]], built_site: Path) -> None:
    errors = [m for m in vnu_messages if m.get("type") in ("error", "non-document-error") and _allowed(m) is None]
    lines = [
        f"{str(m.get('url', '')).split(built_site.name + '/', 1)[-1]}:{m.get('lastLine', '?')}: {m.get('message')}\n"
        f"    {str(m.get('extract', '')).strip()}"
        for m in errors
    ]
    assert not errors, f"{len(errors)} HTML errors:\n" + "\n".join(lines[:40])


@pytest.mark.slow
def test_every_allow_list_entry_is_still_needed(vnu_messages: list[dict[str, object]]) -> None:
    """An entry the theme no longer needs must go; this also proves vnu read the pages at all."""
    unused = [e.message for e in ALLOWED if not any(_allowed(m) is e for m in vnu_messages)]
    assert not unused, f"allow-list entries that match nothing any more (remove them): {unused}"


def test_allow_list_is_short_and_explained() -> None:
    assert len(ALLOWED) <= 5
    for entry in ALLOWED:
        assert len(entry.why) > 40
        re.compile(entry.message)
        re.compile(entry.extract)
