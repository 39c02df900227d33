"""Determinism: the same inputs give byte-identical site files (sitemap included) and packets.

Sitemap dates and gzip headers come from SOURCE_DATE_EPOCH when it is set, else from
the data's latest review date; build_site sets the variable only while MkDocs runs,
so it never leaks into later builds or packets in the same process.
"""

from __future__ import annotations

import datetime as dt
import gzip
import os
import re
import shutil
from pathlib import Path

import pytest

from generator.build import Project, build_site

ROOT = Path(__file__).resolve().parent.parent
EPOCH = 1_800_000_000  # 2027-01-15 08:00 UTC


def files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def lastmods(site: Path) -> set[str]:
    return set(re.findall(r"<lastmod>([^<]+)</lastmod>", (site / "sitemap.xml").read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("determinism") / "project"
    dest.mkdir()
    for name in ("data", "content", "overrides"):
        shutil.copytree(ROOT / name, dest / name)
    shutil.copy2(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    return dest


def _build(project: Path, out: Path) -> dt.date:
    cwd = os.getcwd()
    os.chdir(project)
    try:
        kb, _ = build_site(Project(project), out=out)
    finally:
        os.chdir(cwd)
    return kb.last_reviewed


@pytest.mark.slow
def test_two_builds_are_byte_identical_and_honour_source_date_epoch(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    reviewed = _build(project, tmp_path / "a")
    assert "SOURCE_DATE_EPOCH" not in os.environ, "build_site leaked SOURCE_DATE_EPOCH into the process"
    _build(project, tmp_path / "elsewhere" / "b")
    a, b = files(tmp_path / "a"), files(tmp_path / "elsewhere" / "b")
    assert a.keys() == b.keys()
    differ = [name for name in a if a[name] != b[name]]
    assert not differ, f"differ between two builds: {differ[:10]}"
    assert {"sitemap.xml", "sitemap.xml.gz"} <= a.keys()
    # without SOURCE_DATE_EPOCH: the data's last review, in the sitemap and the gzip header
    assert lastmods(tmp_path / "a") == {reviewed.isoformat()}
    assert gzip.decompress(a["sitemap.xml.gz"]) == a["sitemap.xml"]
    stamp = int.from_bytes(a["sitemap.xml.gz"][4:8], "little")
    assert dt.datetime.fromtimestamp(stamp, dt.UTC).date() == reviewed
    # no absolute path of the build folders leaks into the output
    for name, data in a.items():
        assert str(tmp_path).encode() not in data, f"{name} holds the build's absolute path"

    # with SOURCE_DATE_EPOCH: only the sitemap changes, and it carries that date
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    _build(project, tmp_path / "c")
    c = files(tmp_path / "c")
    assert c.keys() == a.keys()
    assert sorted(n for n in a if a[n] != c[n]) == ["sitemap.xml", "sitemap.xml.gz"]
    assert lastmods(tmp_path / "c") == {dt.datetime.fromtimestamp(EPOCH, dt.UTC).date().isoformat()}
    gz_date = dt.datetime.fromtimestamp(int.from_bytes(c["sitemap.xml.gz"][4:8], "little"), dt.UTC).date()
    assert gz_date == dt.datetime.fromtimestamp(EPOCH, dt.UTC).date()  # MkDocs keeps the day, not the time
    assert os.environ["SOURCE_DATE_EPOCH"] == str(EPOCH)


@pytest.mark.slow
def test_a_later_review_date_reaches_the_sitemap_in_the_same_process(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A first build must not pin the dates of the next one (serve, tests, packets after a build)."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first = _build(project, tmp_path / "first")
    later = first + dt.timedelta(days=40)
    faq = project / "data" / "faq.yml"
    original = faq.read_text(encoding="utf-8")
    faq.write_text(re.sub(r"(?m)^reviewed: .*$", f"reviewed: {later.isoformat()}", original, count=1), encoding="utf-8")
    try:
        assert _build(project, tmp_path / "second") == later
    finally:
        faq.write_text(original, encoding="utf-8")
    assert lastmods(tmp_path / "second") == {later.isoformat()}
    assert "SOURCE_DATE_EPOCH" not in os.environ


# ---------------------------------------------------------------------------- packets


@pytest.mark.slow
@pytest.mark.parametrize("epoch", [None, str(EPOCH)])
def test_two_packet_renders_are_byte_identical(epoch: str | None, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("generator.packets")
    from generator.model import load_firm, load_knowledge_base
    from generator.packets import render_files
    from generator.pdf import PdfWriter, prepared_at
    from generator.render.packet import stylesheet

    if epoch is None:
        monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    else:
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    kb = load_knowledge_base(ROOT / "data")
    firm = load_firm(ROOT / "data" / "firms" / "cedar-row.yml", kb)
    # a fresh writer each time: nothing carried over between renders may change the bytes
    one = render_files(kb, firm, PdfWriter(stylesheet()), prepared_at())
    two = render_files(load_knowledge_base(ROOT / "data"), firm, PdfWriter(stylesheet()), prepared_at())
    assert one[1] == two[1], "HTML twins differ"
    assert one[0] == two[0], "PDFs differ"
    assert one[0].startswith(b"%PDF-")
    if epoch:
        assert "2027-01-15T08:00:00Z" in one[1], "the packet does not carry SOURCE_DATE_EPOCH as its date"
