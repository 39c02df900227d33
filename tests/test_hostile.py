"""Hostile strings in every free-text field show literally and inject nothing: site, HTML packet, PDF.

One build with every field poisoned at once, each value carrying its own marker, then
the built HTML is parsed (html.parser) and its text compared with what was written.
Fields with a validated format (ids, emails, colours, time zones, hours, urls,
currency codes) cannot hold such text; the corpus proves they are rejected. The walk
over the pydantic models (tests/fieldwalk.py) makes sure no field is forgotten.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from fieldwalk import HOSTILE, Page, Walk, hostile, parse_html, poison, text_fields

from generator.firm import FirmProfile
from generator.load import load
from generator.model import COLLECTIONS, FILES

ROOT = Path(__file__).resolve().parent.parent

# Free-text fields of data/ that name something which must exist, so cannot take any text.
DATA_SPECIAL = {
    "FaqItem.page": "names a site page ('boundaries', 'practice-areas/family-law'); checked against the pages"
}
# Free-text fields of data/ that no site page shows, and why.
NOT_ON_SITE = {
    "Source.file": "the local copy a source was read from (shared/seeds/...): for editors, not readers",
    "JurisdictionNote.jurisdiction": "the state code selects where the note applies; the note's title names the state",
    "Template.purpose": "templates are packet content; the site does not show them",
    "TemplateSection.heading": "templates are packet content",
    "TemplateSection.paragraphs": "templates are packet content",
    "TemplateSection.table": "templates are packet content",
    "TemplateField.label": "templates are packet content",
    "Template.signatures": "templates are packet content",
}
# Free-text fields of a firm profile that name a file or a person, so cannot take any text.
FIRM_SPECIAL = {
    "Firm.logo": "a path to an image that must exist (the corpus covers a missing or non-image logo)",
    "FirmProfile.templates_dir": "a path to a folder of template overrides that must exist",
    "Communication.escalation": "names people listed in the profile: set to the poisoned attorney names below",
}

# Glossary terms become Markdown abbreviations only without brackets or backslashes: one variant
# without them proves the abbreviation path too.
ABBR_SAFE = "<script>alert(1)</script> **b** {{ 7*7 }} {% raw %}{%{% endraw %} | # &amp; `c` _i_ <b>t</b> end"


def _text_for(key: str, marker: str) -> str:
    return f"{marker} {ABBR_SAFE}" if key == "Term.term" else hostile(marker)


def _dump(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100_000)


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def assert_nothing_injected(pages: dict[str, Page], raw: dict[str, str]) -> None:
    """No element, link, image or template result that came from the hostile text."""
    for name, page in pages.items():
        for tag, attrs, buf in page.elements:
            content = "".join(buf).strip()
            assert not (tag == "script" and content == "alert(1)"), f"{name}: a script element from data"
            assert not (tag == "a" and attrs.get("href") == "http://e"), f"{name}: a link from data"
            assert not (tag == "img" and str(attrs.get("src", "")).startswith("http://e")), (
                f"{name}: an image from data"
            )
            assert not (tag == "strong" and content == "b"), f"{name}: emphasis from data"
            assert not (tag == "b" and content == "t"), f"{name}: a <b> element from data"
            assert not (tag == "code" and content == "c"), f"{name}: code from data"
            assert not (tag == "em" and content == "i"), f"{name}: emphasis from data"
            for attr, value in attrs.items():
                assert not attr.startswith("on"), f"{name}: event handler attribute {attr}={value!r}"
        text = squash(" ".join(page.text))
        assert "**b** 49" not in text, f"{name}: a template expression from data was evaluated"
        assert "&lt;script" not in text, f"{name}: escaped twice"
    for name, text in raw.items():
        assert "<script>alert(1)" not in text, f"{name}: raw hostile markup in the HTML source"


def assert_coverage(walk: Walk, model_fields: set[str], special: dict[str, str]) -> None:
    forgotten = model_fields - set(walk.poisoned) - set(special)
    assert not forgotten, f"free-text fields the proof did not reach (absent from the input?): {sorted(forgotten)}"


# ----------------------------------------------------------------------------- the site


@pytest.fixture(scope="module")
def poisoned_project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Walk, Path]:
    """A copy of the project whose every free-text data field is hostile."""
    dest = tmp_path_factory.mktemp("hostile") / "project"
    dest.mkdir()
    for name in ("data", "content", "overrides"):
        shutil.copytree(ROOT / name, dest / name)
    shutil.copy2(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    walk = Walk()
    targets = [(dest / "data" / name, cls) for name, cls in FILES.items()]
    targets += [(p, cls) for folder, cls in COLLECTIONS.items() for p in sorted((dest / "data" / folder).glob("*.yml"))]
    for path, cls in targets:
        data = load(path).data
        path.write_text(_dump(poison(cls, data, walk, special=DATA_SPECIAL, text_for=_text_for)), encoding="utf-8")
    return walk, dest


@pytest.fixture(scope="module")
def poisoned_site(poisoned_project: tuple[Walk, Path]) -> tuple[Walk, Path]:
    """The site built once from the poisoned data."""
    from generator.build import Project, build_site

    walk, dest = poisoned_project
    cwd = os.getcwd()
    os.chdir(dest)
    try:
        build_site(Project(dest))
    finally:
        os.chdir(cwd)
    return walk, dest / "site"


def test_every_free_text_field_of_data_is_poisoned(poisoned_site: tuple[Walk, Path]) -> None:
    walk, _ = poisoned_site
    every = set().union(*(text_fields(cls) for cls in [*FILES.values(), *COLLECTIONS.values()]))
    assert_coverage(walk, every, DATA_SPECIAL)
    assert len(walk.poisoned) >= 90
    assert set(NOT_ON_SITE) <= every


def test_site_shows_every_hostile_string_literally(poisoned_site: tuple[Walk, Path]) -> None:
    walk, site = poisoned_site
    raw = {str(p.relative_to(site)): p.read_text(encoding="utf-8") for p in sorted(site.rglob("*.html"))}
    pages = {name: parse_html(text) for name, text in raw.items()}
    alltext = squash(" ".join(" ".join(p.text) for p in pages.values()))
    missing = {
        key: [v.split()[0] for v in values if squash(v) not in alltext]
        for key, values in walk.poisoned.items()
        if key not in NOT_ON_SITE
    }
    missing = {k: v for k, v in missing.items() if v}
    assert not missing, f"not shown literally: {missing}"
    assert_nothing_injected(pages, raw)


def test_site_hides_only_the_fields_listed(poisoned_site: tuple[Walk, Path]) -> None:
    """Each NOT_ON_SITE field really is absent; if a page starts showing one, move it out of the list."""
    walk, site = poisoned_site
    markers = set()
    for page in site.rglob("*.html"):
        markers.update(re.findall(r"MK\d+X", page.read_text(encoding="utf-8")))
    for key in NOT_ON_SITE:
        shown = [v.split()[0] for v in walk.poisoned[key] if v.split()[0] in markers]
        assert not shown, f"{key} is shown after all ({shown[:3]}): check it and drop it from NOT_ON_SITE"


def test_search_index_and_tool_data_keep_text_as_data(poisoned_site: tuple[Walk, Path]) -> None:
    import json

    _, site = poisoned_site
    tool = json.loads((site / "assets" / "kb-data.json").read_text(encoding="utf-8"))
    strings: list[str] = []

    def collect(v: Any) -> None:
        if isinstance(v, str):
            strings.append(v)
        elif isinstance(v, dict):
            for x in v.values():
                collect(x)
        elif isinstance(v, list):
            for x in v:
                collect(x)

    collect(tool)
    # data stays data: whole JSON strings, which the site's tools insert as text
    assert sum(x.endswith(HOSTILE) for x in strings) > 50


# ---------------------------------------------------------------------------- packets


def _poisoned_profile(tmp: Path) -> tuple[Walk, Path]:
    base = load(ROOT / "data" / "firms" / "harbor-vale.yml").data
    walk = Walk(prefix="PF")
    data = poison(FirmProfile, base, walk, special=FIRM_SPECIAL)
    data["communication"]["escalation"] = [a["name"] for a in data["supervising_attorneys"]]
    path = tmp / "hostile.yml"
    path.write_text(_dump(data), encoding="utf-8")
    return walk, path


@dataclass
class Packet:
    profile: Walk  # the profile's poisoned fields
    data: Walk  # data/'s poisoned fields
    html: str  # the HTML twin
    text: str  # its text content, whitespace squashed
    pdf_text: str  # pdftotext's output, all whitespace removed


@pytest.fixture(scope="module")
def poisoned_packet(tmp_path_factory: pytest.TempPathFactory, poisoned_project: tuple[Walk, Path]) -> Packet:
    """One packet from a hostile profile and the hostile data/: its HTML twin and its PDF's text."""
    pytest.importorskip("generator.packets")
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    from click.testing import CliRunner

    from generator.cli import main

    data_walk, project = poisoned_project
    tmp = tmp_path_factory.mktemp("hostile-packet")
    walk, path = _poisoned_profile(tmp)
    out = tmp / "out"
    result = CliRunner().invoke(main, ["packet", "--root", str(project), str(path), "-o", str(out), "-j", "1"])
    assert result.exit_code == 0, result.output
    (pdf,) = out.glob("*.pdf")
    (html_file,) = out.glob("*.html")
    raw = html_file.read_text(encoding="utf-8")
    pdf_text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return Packet(walk, data_walk, raw, squash(" ".join(parse_html(raw).text)), re.sub(r"\s+", "", pdf_text))


def test_every_free_text_field_of_a_profile_is_poisoned(tmp_path: Path) -> None:
    walk, _ = _poisoned_profile(tmp_path)
    assert_coverage(walk, text_fields(FirmProfile), FIRM_SPECIAL)


def _missing(values: dict[str, list[str]], text: str, *, flat: bool = False) -> dict[str, list[str]]:
    norm = (lambda v: re.sub(r"\s+", "", v)) if flat else squash
    missing = {k: [v.split()[0] for v in vals if norm(v) not in text] for k, vals in values.items()}
    return {k: v for k, v in missing.items() if v}


def _shown_data(packet: Packet, text: str) -> dict[str, list[str]]:
    """The data/ values whose marker the packet shows: each must then show whole."""
    markers = set(re.findall(r"MK\d+X", text))
    shown = {k: [v for v in vals if v.split()[0] in markers] for k, vals in packet.data.poisoned.items()}
    return {k: v for k, v in shown.items() if v}


def test_packet_html_shows_every_hostile_string_literally(poisoned_packet: Packet) -> None:
    p = poisoned_packet
    assert not _missing(p.profile.poisoned, p.text), "profile values not shown literally in the HTML twin"
    templates = {
        k: v for k, v in p.data.poisoned.items() if k.startswith(("Template", "TemplateSection", "TemplateField"))
    }
    assert not _missing(templates, p.text), "template text not shown literally in the HTML twin"
    shown = _shown_data(p, p.text)
    assert len(shown) >= 20, sorted(shown)
    assert not _missing(shown, p.text), "data/ text shown altered in the HTML twin"
    assert_nothing_injected({"packet.html": parse_html(p.html)}, {"packet.html": p.html})


def test_packet_pdf_shows_every_hostile_string_literally(poisoned_packet: Packet) -> None:
    p = poisoned_packet
    assert not _missing(p.profile.poisoned, p.pdf_text, flat=True), "profile values not shown literally in the PDF"
    templates = {
        k: v for k, v in p.data.poisoned.items() if k.startswith(("Template", "TemplateSection", "TemplateField"))
    }
    assert not _missing(templates, p.pdf_text, flat=True), "template text not shown literally in the PDF"
    shown = _shown_data(p, p.pdf_text)
    assert not _missing(shown, p.pdf_text, flat=True), "data/ text shown altered in the PDF"
    assert "**b**49" not in p.pdf_text
