"""Onboarding packets and the printable checklist, checked as a reader would: PDF text, pictures, metadata.

The example profiles and a hostile one are built once per module through the CLI
(on a two-worker pool); PDFs are read with poppler's pdftotext, pdfinfo and pdftoppm.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.build import Project
from generator.cli import main
from generator.errors import InputError
from generator.model import KnowledgeBase, load_firm, load_knowledge_base
from generator.packets import build_checklist, build_packets, firm_slug, slugify
from generator.render.packet import BLOCKS, SECTIONS, TEMPLATES, date_long, render_packet

pytestmark = pytest.mark.slow

EPOCH = "1797292800"  # 2026-12-15T00:00:00Z
PREPARED = "December 15, 2026"
HOSTILE = "<script>alert(1)</script> {{ 7*7 }}"

needs_poppler = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is not installed")


def hostile_profile(folder: Path) -> Path:
    path = folder / "hostile.yml"
    path.write_text(
        textwrap.dedent(
            """\
            firm:
              name: "<script>alert(1)</script> {{ 7*7 }}"
              jurisdictions: [CA]
              timezone: Europe/London
            practice_areas: [civil-litigation]
            supervising_attorneys:
              - name: "Ἀριστοτέλης Παπαδόπουλος-Βασιλειάδης-Κωνσταντινόπουλος"
                email: "averyveryveryverylongemailaddressthatshouldwrap@averyveryverylongdomainname.example"
              - name: 山田太郎
            support:
              provider: "北京法律助理服务有限公司 {% if true %}x{% endif %}"
              timezone: Asia/Kolkata
            start_date: 2027-03-22
            """
        ),
        encoding="utf-8",
    )
    return path


@dataclass
class Packet:
    pdf: Path
    html: str
    pages: list[str]
    info: dict[str, str]

    @property
    def text(self) -> str:
        return "\n".join(self.pages)

    @property
    def flat(self) -> str:
        """The text with runs of white space as one space (tables and line breaks flattened)."""
        return re.sub(r"\s+", " ", self.text)


def read_packet(pdf: Path) -> Packet:
    text = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True, text=True
    ).stdout
    info_text = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, check=True, text=True).stdout
    info = dict(re.findall(r"^([^:]+):\s*(.*)$", info_text, re.MULTILINE))
    html = pdf.with_suffix(".html").read_text(encoding="utf-8")
    return Packet(pdf, html, text.split("\f")[:-1], info)


@pytest.fixture(scope="module")
def kb(root: Path) -> KnowledgeBase:
    return load_knowledge_base(root / "data")


@pytest.fixture(scope="module")
def built(root: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Packet]:
    """Build both examples and the hostile profile once, in parallel, through the CLI."""
    if not shutil.which("pdftotext"):
        pytest.skip("poppler-utils is not installed")
    work = tmp_path_factory.mktemp("packets")
    out = work / "out"
    args = [
        "packet",
        "--root",
        str(root),
        str(root / "data" / "firms"),
        str(hostile_profile(work)),
        "-o",
        str(out),
        "-j",
        "2",
    ]
    result = CliRunner().invoke(main, args, env={"SOURCE_DATE_EPOCH": EPOCH})
    assert result.exit_code == 0, result.output
    assert "3 packets built" in result.output
    return {
        "harbor": read_packet(out / "harbor-vale-llp-onboarding.pdf"),
        "cedar": read_packet(out / "cedar-row-law-pllc-onboarding.pdf"),
        "hostile": read_packet(out / "script-alert-1-script-7-7-onboarding.pdf"),
    }


EXAMPLES = {"harbor": "harbor-vale.yml", "cedar": "cedar-row.yml"}


# --------------------------------------------------------------------------- contents


@needs_poppler
@pytest.mark.parametrize("key", EXAMPLES)
def test_text_holds_names_areas_dates_and_templates(
    built: dict[str, Packet], kb: KnowledgeBase, root: Path, key: str
) -> None:
    packet = built[key]
    profile = load_firm(root / "data" / "firms" / EXAMPLES[key], kb).profile
    flat = packet.flat
    assert profile.firm.name in flat and (profile.firm.short_name or "") in flat
    assert profile.support.provider in flat
    for attorney in profile.supervising_attorneys:
        assert attorney.name in flat
    for area in profile.practice_areas:
        assert kb.area(area).name in flat
    assert profile.start_date is not None
    for days in (0, 30, 60, 90):
        assert date_long(profile.start_date + dt.timedelta(days=days)) in flat, days
    for ident in profile.templates or []:
        assert kb.by_id["template"][ident].title in flat
    assert f"Prepared {PREPARED}" in flat
    assert "Practice guidance, not legal advice." in flat


def toc_entries(packet: Packet) -> list[tuple[str | None, str, int]]:
    """(number or None for sub-entries, title, page) from the contents pages."""
    entries = []
    for page in packet.pages:
        if not re.search(r"^\s*Contents\s*$", page, re.MULTILINE):
            continue
        for m in re.finditer(r"^\s*(?:(\d+)\s+)?(\S.*?)\s*\.{3,}\s*(\d+)\s*$", page, re.MULTILINE):
            entries.append((m[1], m[2], int(m[3])))
    return entries


@needs_poppler
@pytest.mark.parametrize("key", [*EXAMPLES, "hostile"])
def test_toc_page_numbers_match_where_sections_start(built: dict[str, Packet], key: str) -> None:
    packet = built[key]
    entries = toc_entries(packet)
    top = [(n, t, p) for n, t, p in entries if n]
    # All 16 parts after the cover and the contents, in order, each on a later page than the one before.
    assert [t for _, t, _ in top] == [title for _, title in SECTIONS]
    assert [p for _, _, p in top] == sorted({p for _, _, p in top})
    toc_last = max(i for i, page in enumerate(packet.pages, 1) if re.search(r"^\s*Contents\s*$", page, re.MULTILINE))
    for number, title, page in entries:
        if number:
            pattern = re.compile(rf"(^|\s){number}\s+{re.escape(title)}\s*$", re.MULTILINE)
        else:
            pattern = re.compile(rf"^\s*{re.escape(title)}\s*$", re.MULTILINE)
        found = [i for i, text in enumerate(packet.pages, 1) if i > toc_last and pattern.search(text)]
        assert page in found, f"{title!r}: contents say page {page}, the heading is on pages {found}"
        if number:  # a part's numbered heading appears nowhere before its first page
            assert found[0] == page, f"{title!r}: contents say page {page}, it starts on page {found[0]}"


@needs_poppler
def test_running_headers_and_page_x_of_y(built: dict[str, Packet]) -> None:
    packet = built["harbor"]
    n = len(packet.pages)
    assert packet.info["Pages"] == str(n)
    for i, page in enumerate(packet.pages[1:], 2):
        assert f"Page {i} of {n}" in page
        assert page.lstrip().startswith("Harbor & Vale")  # the short name, in the running header
    hand_off = next(p for p in packet.pages if re.search(r"^\s*7\s+Hand-off schedule\s*$", p, re.MULTILINE))
    assert re.search(r"Harbor & Vale\s+7 Hand-off schedule", hand_off)


@needs_poppler
def test_metadata_title_language_tags_and_bookmarks(built: dict[str, Packet]) -> None:
    packet = built["harbor"]
    assert packet.info["Title"] == "Harbor & Vale LLP: onboarding packet for Northwind Paralegal Services"
    assert packet.info["Tagged"] == "yes"
    assert packet.info["Page size"].endswith("(letter)")
    assert packet.info["PDF version"] == "1.7"
    pypdf = pytest.importorskip("pypdf")
    reader = pypdf.PdfReader(str(packet.pdf))
    assert reader.trailer["/Root"]["/Lang"] == "en"
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    assert outline[0] == "Contents"
    assert [re.sub(r"^\d+\s+", "", t) for t in outline[1:]] == [title for _, title in SECTIONS]


@needs_poppler
@pytest.mark.parametrize("key", [*EXAMPLES, "hostile"])
def test_every_page_renders_as_a_picture(built: dict[str, Packet], key: str, tmp_path: Path) -> None:
    packet = built[key]
    subprocess.run(["pdftoppm", "-r", "20", "-png", str(packet.pdf), str(tmp_path / "p")], check=True)
    pictures = sorted(tmp_path.glob("p-*.png"))
    assert len(pictures) == len(packet.pages)
    assert all(p.stat().st_size > 500 for p in pictures)


@needs_poppler
def test_two_profiles_differ_where_they_differ(built: dict[str, Packet]) -> None:
    harbor, cedar = built["harbor"].flat, built["cedar"].flat
    pairs = [
        ("Harbor & Vale LLP", "Cedar Row Law PLLC"),
        ("Northwind Paralegal Services", "Lena Brooks"),
        ("Family law", "Estate planning and probate"),
        ("Twice a week: Tuesdays and Thursdays", "Weekly: Fridays"),
        ("Within 4 hours", "Within 24 hours"),
        ("USD 45.00 per hour", "USD 350.00 per item"),
        ("Manila", "Denver"),
        ("Monday, January 4, 2027", "Monday, February 1, 2027"),
        ("Overnight cycle.", "Shared hours."),
        ("CA: California regulates paralegals by statute", "no jurisdiction note for TX"),
        ("Clio", "MyCase"),
    ]
    for mine, theirs in pairs:
        assert mine in harbor and mine not in cedar, mine
        assert theirs in cedar and theirs not in harbor, theirs
    # Harbor & Vale lists six templates, Cedar Row five (no time sheet).
    assert "Time sheet" in harbor and "Time sheet" not in cedar


@needs_poppler
def test_hand_off_times_in_both_zones(built: dict[str, Packet]) -> None:
    flat = built["harbor"].flat
    assert "Work handed over by Harbor & Vale’s close at 17:00 in Los Angeles (09:00 the next day in Manila)" in flat
    assert "ready by 01:00 in Los Angeles, before the firm opens at 09:00 the next morning" in flat
    assert "Sunday, March 14, 2027: Los Angeles moves from UTC−8 to UTC−7" in flat
    # The shift after the change, in LA time (a table cell: read from the HTML twin, as pdftotext splits cells).
    assert "Mon, Mar 15, 18:00 – Tue, Mar 16, 02:00" in built["harbor"].html
    assert "09:00–17:00 Los Angeles = 01:00–09:00 Manila (the provider’s next day)" in flat
    cedar = built["cedar"].flat
    assert "Both sides are at work 10:00–16:30 in Chicago (09:00–15:30 in Denver)" in cedar or (
        "Both sides are at work 10:00–17:00 in Chicago (09:00–16:00 in Denver)" in cedar
    )


@needs_poppler
def test_defaults_are_stated_plainly(built: dict[str, Packet]) -> None:
    flat = built["hostile"].flat
    assert "Status updates Weekly: Fridays (default)" in flat
    assert "Within 24 hours (default)" in flat
    assert "Monthly (default)" in flat
    assert "Not set in the profile" in flat
    assert "(default)" not in built["harbor"].flat.split("Status updates", 1)[1][:60]


@needs_poppler
def test_hostile_firm_name_is_text_in_the_pdf_and_escaped_in_the_html(built: dict[str, Packet]) -> None:
    packet = built["hostile"]
    assert HOSTILE in packet.flat
    assert packet.info["Title"].startswith(HOSTILE)
    assert "北京法律助理服务有限公司 {% if true %}x{% endif %}" in packet.flat
    assert "Ἀριστοτέλης" in packet.flat and "山田太郎" in packet.flat
    html = packet.html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }}" in html
    assert "<script" not in html.lower()
    assert "{% if true %}x{% endif %}" in html
    # The HTML twin stands alone: its stylesheet inline, nothing loaded from elsewhere.
    assert "<style>" in html and "@page" in html
    assert not re.search(r"""(src|href)=["'](https?:|//|file:)""", html)


# --------------------------------------------------------------------------- errors and writing


def test_invalid_profile_gives_file_line_column_exit_1_and_writes_nothing(root: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text(
        "firm:\n  name: Bad Firm\n  jurisdictions: [CA]\n  timezone: Mars/Olympus\n"
        "practice_areas: [family-law]\nsupervising_attorneys:\n  - name: A\nsupport:\n  provider: P\n"
        "billing:\n  rate: forty\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["packet", "--root", str(root), str(bad), "-o", str(out)])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if "bad.yml:" in line]
    assert any(re.search(r"bad\.yml:4:13: firm\.timezone: unknown IANA time zone 'Mars/Olympus'", x) for x in lines)
    assert any(re.search(r"bad\.yml:11:9: billing\.rate: expected a number, got 'forty'", x) for x in lines)
    assert "Traceback" not in result.output
    assert not out.exists() or not any(out.iterdir())


def test_a_failed_run_leaves_the_earlier_packet_untouched(root: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    earlier = out / "override-firm-onboarding.pdf"
    earlier.write_bytes(b"%PDF-1.7 earlier packet")
    (tmp_path / "ov").mkdir()
    (tmp_path / "ov" / "main.html").write_text(
        '{% extends "base.html" %}\n{% block cover_note %}\n{{ no_such_name.x }}{% endblock %}\n', encoding="utf-8"
    )
    profile = tmp_path / "override.yml"
    profile.write_text(
        "firm: {name: Override Firm, jurisdictions: [TX], timezone: America/Chicago}\n"
        "practice_areas: [real-estate]\nsupervising_attorneys: [{name: Olive Override}]\n"
        "support: {provider: Solo Para}\ntemplates_dir: ov/\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["packet", "--root", str(root), str(profile), "-o", str(out)])
    assert result.exit_code == 1
    assert re.search(r"ov/main\.html:3:1: template error: 'no_such_name' is undefined", result.output)
    assert earlier.read_bytes() == b"%PDF-1.7 earlier packet"
    assert sorted(p.name for p in out.iterdir()) == ["override-firm-onboarding.pdf"]  # no temporary files left


def test_good_profiles_still_build_when_one_is_bad(root: Path, tmp_path: Path) -> None:
    """Validation failures are reported without rendering; the good profile's files are written."""
    bad = tmp_path / "bad.yml"
    bad.write_text("firm: {name: X}\n", encoding="utf-8")
    good = tmp_path / "small.yml"
    good.write_text(
        "firm: {name: Small Firm, jurisdictions: [TX], timezone: America/Chicago}\n"
        "practice_areas: [real-estate]\nsupervising_attorneys: [{name: Sam Small}]\n"
        "support: {provider: Solo Para}\ntemplates: [delivery-receipt]\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["packet", "--root", str(root), str(bad), str(good), "-o", str(out), "-j", "1"])
    assert result.exit_code == 1
    assert "1 packet built, 1 profile failed" in result.output
    assert re.search(r"bad\.yml:1:\d+: firm", result.output)
    assert (out / "small-firm-onboarding.pdf").read_bytes().startswith(b"%PDF-1.7")
    assert (out / "small-firm-onboarding.html").is_file()


@pytest.mark.parametrize(
    ("name", "stem", "slug"),
    [
        ("Harbor & Vale LLP", "x", "harbor-vale-llp"),
        ("../../x", "p", "x"),
        ("CON", "p", "firm-con"),
        ("Lpt1", "p", "firm-lpt1"),
        ("Müller & Søn", "p", "muller-sn"),
        ("東京国際法律事務所", "tokyo-firm", "tokyo-firm"),
        ("Ελληνική Νομική", "Ελληνική", "firm-"),
        ("a" * 100, "p", "a" * 60),
        (HOSTILE, "p", "script-alert-1-script-7-7"),
    ],
)
def test_file_names_are_safe(name: str, stem: str, slug: str) -> None:
    got = firm_slug(name, Path(f"{stem}.yml"))
    assert got.startswith(slug) and re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", got)
    assert firm_slug(name, Path(f"{stem}.yml")) == got  # stable
    assert slugify("") == ""


def test_two_firms_with_the_same_file_name_are_both_refused(root: Path, tmp_path: Path) -> None:
    for stem, name in (("a", "Harbor & Vale"), ("b", "Harbor Vale")):
        (tmp_path / f"{stem}.yml").write_text(
            f"firm: {{name: '{name}', jurisdictions: [CA], timezone: America/Los_Angeles}}\n"
            "practice_areas: [family-law]\nsupervising_attorneys: [{name: Dana}]\nsupport: {provider: P}\n",
            encoding="utf-8",
        )
    out = tmp_path / "out"
    with pytest.raises(InputError) as e:
        build_packets(Project(root), [tmp_path / "a.yml", tmp_path / "b.yml"], out, jobs=1)
    messages = [str(p) for p in e.value.problems]
    assert len(messages) == 2
    assert all("gives the same packet file name, harbor-vale-onboarding.pdf" in m for m in messages)
    assert messages[0].split(":")[1:3] == ["1", "14"]  # the place of firm.name
    assert not out.exists() or not any(out.iterdir())


@needs_poppler
def test_same_input_gives_byte_identical_pdf_and_html(built: dict[str, Packet], root: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """Built again in this process (the first build ran on a worker pool): the same bytes."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    [again] = build_packets(Project(root), [root / "data" / "firms" / "harbor-vale.yml"], tmp_path, jobs=1)
    assert again.pdf.read_bytes() == built["harbor"].pdf.read_bytes()
    assert again.html.read_text(encoding="utf-8") == built["harbor"].html
    info = subprocess.run(["pdfinfo", "-isodates", str(again.pdf)], capture_output=True, text=True, check=True).stdout
    assert "2026-12-15T00:00:00" in info


# --------------------------------------------------------------------------- overrides


def override_firm(tmp_path: Path, main_html: str, kb: KnowledgeBase):  # type: ignore[no-untyped-def]
    (tmp_path / "ov").mkdir(exist_ok=True)
    (tmp_path / "ov" / "main.html").write_text(main_html, encoding="utf-8")
    profile = tmp_path / "override.yml"
    profile.write_text(
        "firm: {name: 'Override <Firm>', jurisdictions: [TX], timezone: America/Chicago}\n"
        "practice_areas: [real-estate]\nsupervising_attorneys: [{name: Olive Override}]\n"
        "support: {provider: Solo Para}\ntemplates_dir: ov/\n",
        encoding="utf-8",
    )
    return load_firm(profile, kb)


def test_templates_dir_overrides_documented_blocks(tmp_path: Path, kb: KnowledgeBase) -> None:
    firm = override_firm(
        tmp_path,
        '{% extends "base.html" %}\n'
        "{% block cover_note %}<p>House note for {{ v.short }}</p>{{ super() }}{% endblock %}\n"
        '{% block extra_sections %}<section class="part"><h2 id="h-house">House rules</h2></section>{% endblock %}\n'
        "{% block head %}<style>h2 { color: black; }</style>{% endblock %}\n",
        kb,
    )
    html = render_packet(kb, firm, prepared=dt.date(2027, 1, 4))
    assert "<p>House note for Override &lt;Firm&gt;</p>" in html
    assert "Practice guidance, not legal advice." in html  # super() kept the default
    assert html.index("House rules") < html.index('id="h-acknowledgement"')
    assert "<style>h2 { color: black; }</style>" in html


def test_override_runs_in_the_sandbox(tmp_path: Path, kb: KnowledgeBase) -> None:
    firm = override_firm(
        tmp_path,
        '{% extends "base.html" %}{% block cover_note %}{{ v.__class__.__init__.__globals__ }}{% endblock %}',
        kb,
    )
    with pytest.raises(InputError) as e:
        render_packet(kb, firm, prepared=dt.date(2027, 1, 4))
    assert "ov/main.html:1:1: template error" in str(e.value.problems[0]).replace("\\", "/")


def test_documented_blocks_exist_in_base_html() -> None:
    base = (TEMPLATES / "base.html").read_text(encoding="utf-8")
    blocks = set(re.findall(r"{%\s*block\s+(\w+)", base))
    assert set(BLOCKS) <= blocks
    import generator.render.packet as module

    for block in BLOCKS:
        assert re.search(rf"\b{block}\b", module.__doc__ or ""), block


# --------------------------------------------------------------------------- the checklist


@needs_poppler
def test_checklist_pdf_general_and_california(root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              kb: KnowledgeBase) -> None:  # fmt: skip
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    project = Project(tmp_path)
    shutil.copytree(root / "data", tmp_path / "data")
    general = build_checklist(project, [], None)
    california = build_checklist(project, ["ca"], None)
    assert general == tmp_path / "packets" / "ethics-checklist.pdf"
    assert california == tmp_path / "packets" / "ethics-checklist-CA.pdf"
    texts = {}
    for key, path in (("general", general), ("ca", california)):
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
        assert re.search(r"^Pages:\s+[12]$", info, re.MULTILINE), info
        assert re.search(r"^Tagged:\s+yes$", info, re.MULTILINE)
        texts[key] = re.sub(r"\s+", " ", subprocess.run(
            ["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout)  # fmt: skip
    ca_items = [i for i in kb.ethics_checklist.items if "CA" in i.jurisdictions]
    everywhere = [i for i in kb.ethics_checklist.items if not i.jurisdictions]
    assert ca_items and everywhere
    for phase in kb.ethics_checklist.phases:
        assert phase.title in texts["general"]
    for text in texts.values():
        assert "Date" in text and "Initials" in text and "Supervising attorney: signature and name" in text
        assert "ABA Model Rule 5.3" in text and "Practice guidance, not legal advice" in text
    assert "California regulates paralegals by statute" in texts["ca"]
    assert "California regulates paralegals by statute" not in texts["general"]
    assert "Every two years I complete 4 hours of legal ethics education" in texts["ca"]
    assert "Every two years I complete 4 hours of legal ethics education" not in texts["general"]


def test_checklist_cli_and_unknown_jurisdiction(root: Path, tmp_path: Path) -> None:
    bad = CliRunner().invoke(main, ["checklist", "--root", str(root), "-J", "XX", "-o", str(tmp_path / "c.pdf")])
    assert bad.exit_code == 1 and "unknown jurisdiction 'XX'" in bad.output
    assert not (tmp_path / "c.pdf").exists()
    ok = CliRunner().invoke(main, ["checklist", "--root", str(root), "-J", "CA", "-o", str(tmp_path / "c.pdf")])
    assert ok.exit_code == 0, ok.output
    assert (tmp_path / "c.pdf").read_bytes().startswith(b"%PDF-1.7")


@needs_poppler
def test_saves_first_pages_for_reviewers(built: dict[str, Packet]) -> None:
    """Save the first pages of the example packet as pictures (tests/output/screenshots) for a reviewer."""
    out = Path(__file__).resolve().parent / "output" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    prefix = out / "packet-harbor-vale"
    subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "3", str(built["harbor"].pdf), str(prefix)], check=True)
    pictures = sorted(out.glob("packet-harbor-vale-*.png"))
    assert len(pictures) >= 3
    assert all(p.stat().st_size > 5_000 for p in pictures)
