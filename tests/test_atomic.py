"""Atomic output: a build or a packet batch killed with SIGKILL part-way loses nothing and leaves no partial files.

The site is built into `.site-new-<pid>-*` next to site/ and swapped in with two
renames (site/ -> `.site-old-<pid>`, new -> site/); a packet file is written to
`.<name>.<pid>.*.part` and renamed. These are the only temporary names; the next
build or write removes those of processes that are gone (and restores site/ if a
kill fell between the two renames).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
CLI = [sys.executable, "-m", "generator"]
TEMP_PREFIXES = (".site-new-", ".site-old-")


def files(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def leftovers(project: Path) -> list[str]:
    """Temporary or partial files anywhere in the project."""
    out = [p.name for p in project.iterdir() if p.name.startswith(TEMP_PREFIXES)]
    out += [str(p.relative_to(project)) for p in project.rglob("*.part")]
    return sorted(out)


def run_and_kill(args: list[str], cwd: Path, when: Callable[[int], bool], timeout: float = 120) -> bool:
    """Start the CLI, SIGKILL it as soon as when(pid) is true; return False if it finished first."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_MKDOCS_2_WARNING": "1"}
    env.pop("SOURCE_DATE_EPOCH", None)
    proc = subprocess.Popen([*CLI, *args], cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                return False
            if when(proc.pid):
                proc.send_signal(signal.SIGKILL)
                proc.wait()
                return True
            time.sleep(0.005)
        raise AssertionError("the condition to kill never came")
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="module")
def built_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project copy with a finished site/ (built once per module)."""
    dest = tmp_path_factory.mktemp("atomic") / "project"
    dest.mkdir()
    for name in ("data", "content", "overrides"):
        shutil.copytree(ROOT / name, dest / name)
    shutil.copy2(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    result = subprocess.run(
        [*CLI, "build"], cwd=dest, env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, check=False
    )
    assert result.returncode == 0, result.stderr
    return dest


def _edit_data(project: Path, n: int) -> None:
    # A real change, so the killed build has a new page to write in build/docs as well as in the site.
    index = project / "content" / "index.md"
    index.write_text(index.read_text(encoding="utf-8") + f"\n<!-- edit {n} -->\n", encoding="utf-8")


def _docs_changing(project: Path, since: float) -> Callable[[int], bool]:
    index = project / "build" / "docs" / "index.md"
    return lambda pid: index.stat().st_mtime > since


def _mkdocs_writing(project: Path, n_files: int) -> Callable[[int], bool]:
    def check(pid: int) -> bool:
        try:
            return any(sum(1 for _ in tmp.rglob("*.html")) >= n_files for tmp in project.glob(f".site-new-{pid}-*"))
        except OSError:  # a folder vanished while we looked
            return False

    return check


def _after(seconds: float) -> Callable[[int], bool]:
    start = time.monotonic()
    return lambda pid: time.monotonic() - start > seconds


@pytest.mark.slow
def test_killed_builds_leave_the_previous_site_intact(built_project: Path) -> None:
    project = built_project
    site = project / "site"
    (site / "SENTINEL.txt").write_text("the previous site\n")
    before = files(site)
    moments: dict[str, Callable[[], Callable[[int], bool]]] = {
        "as build/docs starts changing": lambda: _docs_changing(project, time.time()),
        "once MkDocs has written a few pages": lambda: _mkdocs_writing(project, 3),
        "once MkDocs has written many pages": lambda: _mkdocs_writing(project, 20),
        "after 1.5 s": lambda: _after(1.5),
    }
    killed: list[str] = []
    for n, (label, make) in enumerate(moments.items()):
        _edit_data(project, n)
        if run_and_kill(["build"], project, make()):
            killed.append(label)
        else:  # the build won the race: it replaced site/ whole, which is also fine; restore the baseline
            assert (site / "index.html").is_file() and not (site / "SENTINEL.txt").exists()
            (site / "SENTINEL.txt").write_text("the previous site\n")
            before = files(site)
            continue
        assert files(site) == before, f"killed {label}: site/ changed"
        for name in leftovers(project):
            assert name.startswith(TEMP_PREFIXES) or name.endswith(".part"), name
    assert len(killed) >= 3, f"only killed {killed}"

    # the next build cleans every leftover and replaces the site whole
    result = subprocess.run(
        [*CLI, "build"], cwd=project, env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert leftovers(project) == []
    assert not (site / "SENTINEL.txt").exists() and (site / "sitemap.xml").is_file()


def test_a_kill_between_the_two_renames_is_recovered(tmp_path: Path) -> None:
    """Simulate the one moment with no site/: it was renamed away and the new one not yet in."""
    from generator.write import recover_dir

    final = tmp_path / "site"
    dead = 2**22 + 12345  # above the default pid_max of 2**22: never a live process
    old = tmp_path / f".site-old-{dead}"
    old.mkdir()
    (old / "index.html").write_text("previous")
    half = tmp_path / f".site-new-{dead}-abcd"
    half.mkdir()
    (half / "index.html").write_text("half written")
    live = tmp_path / f".site-new-{os.getppid()}-live"  # a concurrent build that is still running
    live.mkdir()
    recover_dir(final)
    assert (final / "index.html").read_text() == "previous"
    assert not old.exists() and not half.exists()
    assert live.exists()


def test_atomic_write_cleans_parts_of_dead_processes(tmp_path: Path) -> None:
    from generator.write import atomic_write

    dead = 2**22 + 12345
    (tmp_path / f".a.pdf.{dead}.xyz.part").write_bytes(b"%PDF-half")
    (tmp_path / f".a.pdf.{os.getppid()}.xyz.part").write_bytes(b"another process, still writing")
    atomic_write(tmp_path / "a.pdf", b"%PDF-whole")
    assert sorted(p.name for p in tmp_path.iterdir()) == [f".a.pdf.{os.getppid()}.xyz.part", "a.pdf"]
    assert oct((tmp_path / "a.pdf").stat().st_mode & 0o777) != oct(0o600), "written files get the umask's permissions"


# ---------------------------------------------------------------------------- packets


def _small_profile(name: str, area: str) -> str:
    return yaml.safe_dump(
        {
            "firm": {"name": name, "jurisdictions": ["NY"], "timezone": "America/New_York"},
            "practice_areas": [area],
            "supervising_attorneys": [{"name": "Ann Counsel"}],
            "support": {"provider": "Solo Paralegal"},
            "templates": ["timesheet"],
        }
    )


def _pdf_whole(path: Path) -> bool:
    data = path.read_bytes()
    return data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")


@pytest.mark.slow
def test_killed_packet_batch_keeps_finished_packets_whole(tmp_path: Path) -> None:
    pytest.importorskip("generator.packets")
    firms = tmp_path / "firms"
    firms.mkdir()
    areas = ["immigration", "family-law", "real-estate"]
    for i, area in enumerate(areas):
        (firms / f"f{i}.yml").write_text(_small_profile(f"Firm {i}", area))
    out = tmp_path / "out"
    out.mkdir()
    # an earlier packet of the last firm, which the killed batch must not damage
    (out / "firm-2-onboarding.pdf").write_bytes(b"%PDF-1.7 earlier\n%%EOF\n")
    earlier = (out / "firm-2-onboarding.pdf").read_bytes()

    def first_done(pid: int) -> bool:
        return any(p.name.endswith("-onboarding.html") for p in out.iterdir())

    args = ["packet", "--root", str(ROOT), str(firms), "-o", str(out), "-j", "1"]
    assert run_and_kill(args, tmp_path, first_done), "the batch finished before the kill"
    pdfs = sorted(out.glob("*.pdf"))
    finished = [p for p in pdfs if p.name != "firm-2-onboarding.pdf"]
    assert finished, "no packet had finished"
    for pdf in pdfs:
        if pdf.name == "firm-2-onboarding.pdf" and pdf.read_bytes() == earlier:
            continue
        assert _pdf_whole(pdf), f"{pdf.name} is partial"
        assert pdf.with_suffix(".html").is_file() or pdf.name == "firm-2-onboarding.pdf"
    partial = [p.name for p in out.iterdir() if not (p.name.endswith((".pdf", ".html")) or p.name.endswith(".part"))]
    assert not partial, partial
    assert not [p for p in out.iterdir() if p.name.endswith((".pdf", ".html")) and p.stat().st_size == 0]
    # any .part left by the kill belongs to a dead process: the next write of that file removes it
    from generator.write import atomic_write

    for part in list(out.glob(".*.part")):
        name = part.name[1:].rsplit(".", 3)[0]  # .<name>.<pid>.<random>.part
        atomic_write(out / name, (out / name).read_bytes() if (out / name).exists() else b"")
        assert not part.exists(), f"{part.name} survived the next write of {name}"
