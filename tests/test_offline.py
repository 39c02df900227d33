"""`paralegal-kb build --offline`: a site that works from files, loads nothing remote, and a reproducible zip."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.build import Project, generate, write_docs
from generator.offline import (
    SHIM,
    build_offline,
    external_references,
    offline_config,
    offline_paths,
    write_zip,
)

ROOT = Path(__file__).resolve().parent.parent


def test_offline_config_adds_the_plugin_and_a_local_shim(project_copy: Path) -> None:
    project = Project(project_copy)
    _, generated = generate(project)
    write_docs(project, generated)
    config = offline_config(project, project_copy / "site-offline")
    assert config["INHERIT"] == "mkdocs.yml"
    names = [next(iter(p)) if isinstance(p, dict) else p for p in config["plugins"]]
    assert names == ["search", "tags", "offline"]
    assert config["plugins"][0]["search"]["separator"]  # options of mkdocs.yml's plugins carry over
    assert config["extra"]["polyfills"] == [SHIM]
    assert "iframe-worker" in SHIM  # the plugin adds its CDN copy unless a polyfill names iframe-worker
    assert not any(f.startswith("navigation.instant") for f in config["theme"]["features"])
    assert "search.suggest" in config["theme"]["features"]
    assert config["site_url"] is None and config["repo_url"] is None


def test_vendored_shim_is_committed_with_its_licence() -> None:
    folder = ROOT / "overrides" / Path(SHIM).parent
    assert "IFrameWorker" in (folder / "shim.js").read_text(encoding="utf-8")
    assert "Permission is hereby granted" in (folder / "LICENSE").read_text(encoding="utf-8")


def test_offline_paths_default_and_custom(project_copy: Path, tmp_path: Path) -> None:
    project = Project(project_copy)
    site, archive = offline_paths(project)
    assert (site, archive) == (project_copy.resolve() / "site-offline", project_copy.resolve() / "site-offline.zip")
    site, archive = offline_paths(project, tmp_path / "kb")
    assert archive == tmp_path / "kb.zip"


def test_external_references_finds_loads_not_links(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text(
        """<html><head>
        <script src="https://unpkg.com/iframe-worker/shim"></script>
        <script src="../assets/local.js"></script>
        <link rel="stylesheet" href="//fonts.example/css">
        <link rel="icon" href="../favicon.svg">
        <link rel="canonical" href="https://kb.example/a/">
        <link rel="preconnect" href="https://cdn.example">
        <style>body { background: url("https://img.example/bg.png") }</style>
        </head><body>
        <a href="https://www.americanbar.org/">a citation link is not a load</a>
        <img srcset="small.png 1x, https://cdn.example/big.png 2x">
        <div style="background-image:url(http://x.example/y.png)"></div>
        </body></html>""",
        encoding="utf-8",
    )
    (tmp_path / "x.css").write_text(
        '@import "https://fonts.example/f.css"; .a{background:url(img/a.png)}', encoding="utf-8"
    )
    found = external_references(tmp_path)
    assert found == [
        ("a/index.html", "https://unpkg.com/iframe-worker/shim"),
        ("a/index.html", "//fonts.example/css"),
        ("a/index.html", "https://cdn.example"),
        ("a/index.html", "https://img.example/bg.png"),
        ("a/index.html", "https://cdn.example/big.png"),
        ("a/index.html", "http://x.example/y.png"),
        ("x.css", "https://fonts.example/f.css"),
    ]


def test_zip_is_deterministic(tmp_path: Path) -> None:
    site = tmp_path / "site-offline"
    (site / "b").mkdir(parents=True)
    (site / "b" / "z.html").write_text("z", encoding="utf-8")
    (site / "a.html").write_text("a", encoding="utf-8")
    write_zip(site, tmp_path / "one.zip", dt.date(2026, 11, 22))
    # Same content, different file times and creation order: same bytes.
    shutil.rmtree(site)
    (site / "b").mkdir(parents=True)
    (site / "a.html").write_text("a", encoding="utf-8")
    (site / "b" / "z.html").write_text("z", encoding="utf-8")
    write_zip(site, tmp_path / "two.zip", dt.date(2026, 11, 22))
    assert (tmp_path / "one.zip").read_bytes() == (tmp_path / "two.zip").read_bytes()
    with zipfile.ZipFile(tmp_path / "one.zip") as zf:
        infos = zf.infolist()
        assert [i.filename for i in infos] == ["site-offline/a.html", "site-offline/b/z.html"]
        assert {i.date_time for i in infos} == {(2026, 11, 22, 0, 0, 0)}
        assert {(i.external_attr >> 16) & 0o777 for i in infos} == {0o644}
        assert zf.read("site-offline/b/z.html") == b"z"


# ------------------------------------------------------------------- the real build


@pytest.fixture(scope="module")
def offline_build(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Project, Path, Path]]:
    """Build the real data/ offline once, in a throwaway copy of the project."""
    dest = tmp_path_factory.mktemp("offline") / "project"
    dest.mkdir()
    for name in ("data", "content", "overrides"):
        shutil.copytree(ROOT / name, dest / name)
    shutil.copy2(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    project = Project(dest)
    site, archive = build_offline(project)
    yield project, site, archive


@pytest.mark.slow
def test_offline_site_opens_from_files(offline_build: tuple[Project, Path, Path]) -> None:
    _, site, _ = offline_build
    index = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="start-here.html"' in index  # file links, not directory URLs
    assert f'<script src="{SHIM}"></script>' in index
    assert (site / SHIM).is_file() and (site / Path(SHIM).parent / "LICENSE").is_file()
    search_js = (site / "search" / "search_index.js").read_text(encoding="utf-8")
    assert search_js.startswith("var __index = ")
    assert json.loads(search_js.removeprefix("var __index = "))["docs"]
    faq = (site / "faq.html").read_text(encoding="utf-8")
    assert 'rel="canonical"' not in faq


@pytest.mark.slow
def test_offline_site_loads_nothing_from_other_hosts(offline_build: tuple[Project, Path, Path]) -> None:
    _, site, _ = offline_build
    assert external_references(site) == []
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "unpkg.com" not in text, page
        for tag in re.findall(r"<(?:script|link|img|iframe)\b[^>]*>", text):
            assert not re.search(r"""\b(?:src|href)=["']?(?:https?:)?//""", tag), f"{page}: {tag}"


@pytest.mark.slow
def test_offline_zip_holds_the_site_and_is_reproducible(offline_build: tuple[Project, Path, Path]) -> None:
    project, site, archive = offline_build
    with zipfile.ZipFile(archive) as zf:
        names = zf.namelist()
        assert names == sorted(names)
        expected = sorted(f"site-offline/{p.relative_to(site).as_posix()}" for p in site.rglob("*") if p.is_file())
        assert names == expected
        assert zf.read("site-offline/index.html") == (site / "index.html").read_bytes()
    first = hashlib.sha256(archive.read_bytes()).hexdigest()
    build_offline(project)
    assert hashlib.sha256(archive.read_bytes()).hexdigest() == first


@pytest.mark.slow
@pytest.mark.browser
def test_search_works_from_file_url(offline_build: tuple[Project, Path, Path], tmp_path: Path, browser) -> None:  # type: ignore[no-untyped-def]
    _, _, archive = offline_build
    # Open the copy a paralegal would get: the zip, unpacked somewhere else.
    with zipfile.ZipFile(archive) as zf:
        zf.extractall(tmp_path)
    index = tmp_path / "site-offline" / "index.html"
    context = browser.new_context()
    page = context.new_page()
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(index.as_uri())
        page.get_by_role("textbox", name="Search").click()
        page.keyboard.type("sign")
        page.locator(".md-search-result__item").first.wait_for(timeout=10_000)
        assert "matching document" in page.locator(".md-search-result__meta").inner_text()
        page.locator(".md-search-result__link").first.click()
        page.wait_for_load_state()
        assert page.url.startswith("file://") and ".html" in page.url
        page.get_by_role("link", name="Practice areas").first.click()
        page.wait_for_load_state()
        assert page.url.endswith("practice-areas/index.html")
    finally:
        context.close()
    assert errors == []
    assert [u for u in requests if not u.startswith(("file:", "data:", "blob:", "about:"))] == []
