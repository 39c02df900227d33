"""Packet file names: safe whatever the firm is called; nothing outside the output folder; no silent overwrite."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

pytest.importorskip("generator.packets")

from generator.cli import main
from generator.packets import firm_slug

ROOT = Path(__file__).resolve().parent.parent
SAFE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
WINDOWS_DEVICES = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}

NAMES = [
    "../../x",
    "..",
    ".",
    "/etc/passwd",
    'a/b\\c:d*e?f"g<h>i|j',
    "CON",
    "nul",
    "Com1",
    "LPT9",
    "con.txt",
    ".hidden",
    "-rf",
    "~",
    "\u202egnp.exe",  # right-to-left override
    "Ünïcødé Ŀaw Ærøskøbing",
    "法律事务所",
    "Ελληνικά",
    "\U0001f600 Smile Law",
    "x" * 200,
    " ".join(["Long"] * 40),
]


def profile(name: str, *, area: str = "immigration") -> str:
    """A small valid profile (one area, one template: quick to render) for a firm called `name`."""
    return yaml.safe_dump(
        {
            "firm": {"name": name, "jurisdictions": ["NY"], "timezone": "America/New_York"},
            "practice_areas": [area],
            "supervising_attorneys": [{"name": "Ann Counsel"}],
            "support": {"provider": "Solo Paralegal"},
            "templates": ["timesheet"],
        },
        allow_unicode=True,
    )


def tree(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "dir"
        for p in sorted(root.rglob("*"))
    }


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("stem", ["prof", "法律", "CON", ".."])
def test_slug_is_a_safe_file_name(name: str, stem: str) -> None:
    slug = firm_slug(name, Path(f"firms/{stem}.yml"))
    assert SAFE.match(slug), slug
    assert slug not in WINDOWS_DEVICES
    assert len(f"{slug}-onboarding.html") <= 100
    assert "." not in slug and "/" not in slug and "\\" not in slug


def test_hostile_names_write_only_inside_the_output_folder(tmp_path: Path) -> None:
    """Build packets for a few of the worst names; only OUT/<safe>-onboarding.{pdf,html} appear."""
    work = tmp_path / "deep" / "er" / "work"
    firms = work / "firms"
    firms.mkdir(parents=True)
    chosen = ["../../x", "CON", "法律事务所", "x" * 200]
    for i, name in enumerate(chosen):
        (firms / f"firm{i}.yml").write_text(profile(name), encoding="utf-8")
    out = work / "out"
    before = tree(tmp_path)
    result = CliRunner().invoke(main, ["packet", "--root", str(ROOT), str(firms), "-o", str(out), "-j", "2"])
    assert result.exit_code == 0, result.output
    after = tree(tmp_path)
    new = sorted(set(after) - set(before))
    outside = [p for p in new if not p.startswith("deep/er/work/out")]
    assert not outside, f"written outside the output folder: {outside}"
    files = sorted(p.name for p in out.iterdir())
    assert len(files) == 2 * len(chosen), files
    for f in files:
        stem = f.removesuffix("-onboarding.pdf").removesuffix("-onboarding.html")
        assert SAFE.match(stem) and stem not in WINDOWS_DEVICES, f
    assert "x-onboarding.pdf" in files and "firm-con-onboarding.pdf" in files
    assert "firm2-onboarding.pdf" in files  # no ASCII in the name: the profile's file name


def test_names_that_slug_alike_in_one_run_build_neither(tmp_path: Path) -> None:
    firms = tmp_path / "firms"
    firms.mkdir()
    (firms / "a.yml").write_text(profile("Acme Law"), encoding="utf-8")
    (firms / "b.yml").write_text(profile("ACME  law!"), encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "acme-law-onboarding.pdf").write_bytes(b"%PDF-1.7 earlier\n")
    before = tree(out)
    result = CliRunner().invoke(main, ["packet", "--root", str(ROOT), str(firms), "-o", str(out)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "gives the same packet file name, acme-law-onboarding.pdf" in result.stderr
    assert result.stderr.count("gives the same packet file name") == 2
    assert tree(out) == before


def test_a_different_firm_with_a_like_name_does_not_silently_replace_an_earlier_packet(tmp_path: Path) -> None:
    """Run 1 builds 'Acme Law'; run 2, into the same folder, a different firm 'ACME law!'.

    Either run 2 refuses (exit 1, saying why) or it writes a different file; Acme Law's
    packet must not be replaced without a word.
    """
    out = tmp_path / "out"
    first = tmp_path / "acme.yml"
    first.write_text(profile("Acme Law"), encoding="utf-8")
    result = CliRunner().invoke(main, ["packet", "--root", str(ROOT), str(first), "-o", str(out)])
    assert result.exit_code == 0, result.output
    earlier = tree(out)
    second = tmp_path / "other.yml"
    second.write_text(profile("ACME law!"), encoding="utf-8")
    result = CliRunner().invoke(main, ["packet", "--root", str(ROOT), str(second), "-o", str(out)])
    assert "Traceback" not in result.output
    now = tree(out)
    replaced = [p for p, digest in earlier.items() if now.get(p) != digest]
    if result.exit_code == 1:
        assert "acme-law-onboarding" in result.stderr
        assert not replaced
    else:
        assert result.exit_code == 0
        assert not replaced, f"{replaced} silently replaced by a different firm's packet"
        assert len(now) == len(earlier) + 2
