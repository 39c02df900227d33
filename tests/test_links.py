"""Links: no broken internal link or anchor in the built site.

Two independent checks besides the strict MkDocs build itself:

- LinkChecker (PyPI ``linkchecker``, a tool nobody here wrote) crawls the site served on
  127.0.0.1 from the home page, with its AnchorCheck plugin on; external links are only
  syntax-checked, never fetched.
- A fast pure-Python pass over every HTML file: each internal ``href``/``src`` must name a
  file that exists and, if it has a fragment, an ``id`` on that page.
"""

from __future__ import annotations

import csv
import functools
import http.server
import importlib.util
import subprocess
import sys
import threading
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent

# LinkChecker reads its plugins and rate limit only from a config file. It throttles every
# host to about 3 requests a second unless the server answers with a "LinkChecker" header,
# which the test server below sends; anchors are checked by fetching each url#anchor anew.
LINKCHECKER_RC = """\
[checking]
maxrequestspersecond=1000
[filtering]
checkextern=0
[AnchorCheck]
"""


class _Server(http.server.SimpleHTTPRequestHandler):
    def end_headers(self) -> None:
        self.send_header("LinkChecker", "allow")  # lifts LinkChecker's per-host throttle
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def served(built_site: Path) -> Iterator[str]:
    """The built site on 127.0.0.1 (random port)."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Server, directory=str(built_site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


# LinkChecker, run as root (as CI runs), switches to "nobody" before it loads its plugins;
# nobody cannot read a package installed under /root, so AnchorCheck silently never runs.
# Run its own entry point with that switch turned off.
RUN_LINKCHECKER = """
import sys
import linkcheck.command.linkchecker as cli
cli.drop_privileges = lambda: None
sys.argv[0] = "linkchecker"
cli.linkchecker()
"""


def _linkchecker() -> list[str]:
    if importlib.util.find_spec("linkcheck") is None:
        pytest.fail("linkchecker is not installed: run the README's test command (pip install -e '.[test]')")
    return [sys.executable, "-c", RUN_LINKCHECKER]


def _pages(site: Path) -> list[str]:
    """Every page as a path under the site root: '' for home, 'faq/' and so on."""
    return sorted(
        "" if p.parent == site else p.parent.relative_to(site).as_posix() + "/" for p in site.rglob("index.html")
    )


def run_linkchecker(
    tmp_path: Path, url: str, *options: str
) -> tuple[subprocess.CompletedProcess[str], list[dict[str, str]]]:
    """LinkChecker's CSV report on url, one dict per link checked."""
    rc = tmp_path / "linkcheckerrc"
    rc.write_text(LINKCHECKER_RC, encoding="utf-8")
    proc = subprocess.run(
        [*_linkchecker(), "-f", str(rc), "--no-status", "--verbose", "-o", "csv", *options, url],
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
    )
    lines = (line for line in proc.stdout.splitlines() if not line.startswith("#"))
    return proc, list(csv.DictReader(lines, delimiter=";"))


def test_linkchecker_checks_anchors(served: str, tmp_path: Path) -> None:
    """AnchorCheck is really on: a made-up anchor on a real page is reported."""
    proc, rows = run_linkchecker(tmp_path, served + "boundaries/#kb-no-such-anchor", "--recursion-level", "0")
    assert rows, proc.stderr[-2000:]
    assert "Anchor `kb-no-such-anchor' (decoded: `kb-no-such-anchor') not found" in rows[0]["warningstring"]


@pytest.mark.slow
def test_linkchecker_finds_no_broken_link_or_anchor(served: str, built_site: Path, tmp_path: Path) -> None:
    proc, rows = run_linkchecker(tmp_path, served)
    assert rows, f"linkchecker produced no report (exit {proc.returncode}):\n{proc.stderr[-2000:]}"

    broken = [
        f"{r['url']} (linked from {r['parentname'] or '-'} line {r['line'] or '?'}): {r['result']} {r['warningstring']}"
        for r in rows
        if r["valid"] != "True" or r["warningstring"]
    ]
    assert not broken, "broken links or anchors:\n" + "\n".join(broken)
    assert proc.returncode == 0, proc.stderr[-2000:]

    # The crawl must have reached every page, and anchors, or a green result means nothing.
    fetched = {r["url"].split("#")[0] for r in rows if r["result"].startswith("200")}
    unreached = [p for p in _pages(built_site) if served + p not in fetched]
    assert not unreached, f"linkchecker never reached these pages from the home page: {unreached}"
    assert sum("#" in r["url"] for r in rows if r["result"].startswith("200")) > 50, "hardly any anchor was checked"


# ------------------------------------------------------------------ the fast pure check


def test_strict_build_checks_links_and_anchors(built_site: Path) -> None:
    """The session's build ran with strict on, which makes MkDocs' link and anchor warnings errors."""

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_constructor("!ENV", lambda loader, node: None)  # site_url etc. come from the environment
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)
    assert config["strict"] is True
    validation = config["validation"]
    for key in ("unrecognized_links", "anchors", "absolute_links"):
        assert validation[key] == "warn", f"validation.{key}: strict only fails the build on warnings"
    assert validation["nav"]["not_found"] == "warn"
    assert (built_site / "index.html").is_file() and (built_site / "sitemap.xml").is_file()


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[int, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        for key in ("id", "name") if tag == "a" else ("id",):
            if a.get(key):
                self.ids.add(str(a[key]))
        for key in ("href", "src"):
            value = a.get(key)
            if value and not (tag == "link" and a.get("rel") in ("canonical", "alternate")):
                self.links.append((self.getpos()[0], value))


def test_every_internal_link_and_anchor_resolves(built_site: Path) -> None:
    """Every href/src in every HTML file points at a file that exists and an id that exists."""
    parsed: dict[Path, _Links] = {}

    def parse(path: Path) -> _Links:
        if path not in parsed:
            p = _Links()
            p.feed(path.read_text(encoding="utf-8"))
            parsed[path] = p
        return parsed[path]

    base = "http://127.0.0.1/"
    problems: list[str] = []
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        rel = page.relative_to(built_site).as_posix()
        page_url = base + rel
        for line, link in parse(page).links:
            parts = urlsplit(urljoin(page_url, link))
            if parts.scheme not in ("http", "https") or parts.netloc != "127.0.0.1":
                continue  # external, mailto:, data:, javascript:
            target = built_site / unquote(parts.path).lstrip("/")
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                problems.append(f"{rel}:{line}: {link}: no such file {target.relative_to(built_site)}")
                continue
            fragment = unquote(parts.fragment)
            if fragment and target.suffix == ".html" and fragment not in parse(target).ids:
                problems.append(f"{rel}:{line}: {link}: no id {fragment!r} in {target.relative_to(built_site)}")
    assert not problems, f"{len(problems)} broken internal links:\n" + "\n".join(problems[:50])
