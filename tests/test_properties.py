"""Property-based tests (hypothesis): valid profiles always render; mutated ones never end in a traceback.

Rendering HTML is cheap and PDF is not (seconds per packet), so most examples render
the HTML packet in-process and a few go through `paralegal-kb packet` to a PDF.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import string
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from fieldwalk import parse_html
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.cli import main
from generator.errors import InputError
from generator.firm import US_JURISDICTIONS
from generator.load import load
from generator.model import KnowledgeBase, load_firm, load_knowledge_base

pytest.importorskip("generator.packets")

ROOT = Path(__file__).resolve().parent.parent
KB: KnowledgeBase = load_knowledge_base(ROOT / "data")
AREAS = sorted(a.id for a in KB.practice_areas)
CHANNELS = sorted(c.id for c in KB.communication.channels)
METHODS = sorted(m.id for m in KB.delivery.methods)
SYSTEMS = sorted(x.id for x in KB.systems.items)
TEMPLATES = sorted(t.id for t in KB.templates)
ZONES = [
    "America/Los_Angeles", "America/New_York", "America/St_Johns", "America/Phoenix", "Pacific/Honolulu",
    "Asia/Manila", "Asia/Kolkata", "Asia/Kathmandu", "Australia/Lord_Howe", "Pacific/Chatham",
    "Pacific/Kiritimati", "Etc/GMT+12", "UTC", "Europe/London", "Africa/Casablanca",
]  # fmt: skip
LOCATED = re.compile(r"^[^:\n]+:\d+:\d+: ")
# PARALEGAL_KB_EXAMPLES=10 runs ten times as many examples (a longer hunt than CI's).
SCALE = int(os.environ.get("PARALEGAL_KB_EXAMPLES", "1"))


def budget(n: int) -> settings:
    return settings(max_examples=n * SCALE, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# Text that YAML, Markdown, HTML or Jinja treat specially, or that breaks naive code.
AWKWARD = [
    "no", "on", "off", "yes", "1.10", "0755", "1:30", "null", "~", "true", "2027-02-30", "- x", "? x", "#", "# c",
    "*a", "&a", "!!python/name:os.system", "{{ 7*7 }}", "{% raw %}", "<script>alert(1)</script>", "%", "@", "`",
    "|", ">", "'", '"', "\\", "a: b", "[x](http://e)", "**b**", "\u202eevil", "法律事务所", "Ωμέγα", "\U0001f600",
    "  padded  ", "tab\there", "new\nline", "CON", "../../x", "x" * 200, "&amp;", "<!--", "]]>", "\u00a0",
]  # fmt: skip


def text(max_size: int = 60) -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from([a[:max_size] for a in AWKWARD]), st.text(min_size=1, max_size=max_size))


def subset(items: list[str], min_size: int = 0, max_size: int = 4) -> st.SearchStrategy[list[str]]:
    return st.lists(st.sampled_from(items), min_size=min_size, max_size=max_size, unique=True)


@st.composite
def hours(draw: st.DrawFn) -> str:
    start = draw(st.integers(0, 23 * 60 + 58))
    end = draw(st.integers(start + 1, 24 * 60))
    return f"{start // 60:02d}:{start % 60:02d}-{end // 60:02d}:{end % 60:02d}"


@st.composite
def profiles(draw: st.DrawFn) -> dict[str, Any]:
    """A valid firm profile, as plain data."""
    areas = draw(subset(AREAS, 1, 3))
    attorneys = [
        {
            "name": draw(text()),
            **({"email": "a@firm.example"} if draw(st.booleans()) else {}),
            **({"phone": draw(text(30))} if draw(st.booleans()) else {}),
            **({"role": draw(text())} if draw(st.booleans()) else {}),
            "practice_areas": draw(subset(areas, 0, len(areas))),
        }
        for _ in range(draw(st.integers(1, 3)))
    ]
    contacts = [
        {"name": draw(text()), **({"role": draw(text())} if draw(st.booleans()) else {})}
        for _ in range(draw(st.integers(0, 2)))
    ]
    people = [a["name"] for a in attorneys] + [c["name"] for c in contacts]
    firm: dict[str, Any] = {
        "name": draw(text()),
        "jurisdictions": draw(subset(sorted(US_JURISDICTIONS), 1, 3)),
        "timezone": draw(st.sampled_from(ZONES)),
    }
    if draw(st.booleans()):
        firm["short_name"] = draw(text(40))
    if draw(st.booleans()):
        firm["brand_color"] = draw(st.sampled_from(["#000", "#fff", "#1f4e79", "#FFFF00", "#808080", "#0a0b0c"]))
    profile: dict[str, Any] = {
        "firm": firm,
        "practice_areas": areas,
        "supervising_attorneys": attorneys,
        "support": {
            "provider": draw(text()),
            "model": draw(st.sampled_from(["freelance", "virtual", "managed-offshore", "in-house-remote"])),
            "approach": draw(st.sampled_from(["task-based", "strategy-based"])),
            "schedule": draw(st.sampled_from(["part-time", "full-time"])),
            **({"timezone": draw(st.sampled_from(ZONES))} if draw(st.booleans()) else {}),
            "contacts": contacts,
        },
        "communication": {
            "channels": draw(subset(CHANNELS)),
            "status_updates": draw(st.sampled_from(["daily", "twice-weekly", "weekly", "per-assignment"])),
            "response_time_hours": draw(st.integers(1, 168)),
            "open_phone_hours": draw(hours()),
            "escalation": draw(st.lists(st.sampled_from(people), max_size=3, unique=True)),
        },
        "delivery": {
            "methods": draw(subset(METHODS)),
            "email_allowed_for": draw(subset(["drafts", "status-updates", "questions", "non-confidential"])),
        },
        "systems": draw(subset(SYSTEMS)),
        "billing": {
            "arrangement": draw(st.sampled_from(["hourly", "flat", "retainer", "block", "package"])),
            **({"rate": draw(st.floats(0, 100000, allow_nan=False))} if draw(st.booleans()) else {}),
            "currency": draw(st.text(string.ascii_uppercase, min_size=3, max_size=3)),
            "increment_minutes": draw(st.integers(1, 60)),
            "cycle": draw(st.sampled_from(["monthly", "end-of-project"])),
        },
        "language": "en",
    }
    if draw(st.booleans()):
        profile["templates"] = draw(subset(TEMPLATES, 0, len(TEMPLATES)))
    if draw(st.booleans()):
        profile["start_date"] = draw(st.dates(dt.date(1970, 1, 1), dt.date(2199, 12, 31)))
    return profile


def _dump(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100_000)


def _squash(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


def _render_html(path: Path) -> str:
    from generator.render.packet import render_packet

    firm = load_firm(path, KB)
    return render_packet(KB, firm, prepared=dt.date(2027, 1, 4), inline_css=True, created="2027-01-04T00:00:00Z")


@budget(30)
@given(profile=profiles())
def test_valid_profiles_always_render_an_html_packet(
    profile: dict[str, Any], tmp_path_factory: pytest.TempPathFactory
) -> None:
    path = tmp_path_factory.mktemp("prop") / "firm.yml"
    path.write_text(_dump(profile), encoding="utf-8")
    try:
        out = _render_html(path)
    except InputError as e:
        pytest.fail(f"a valid profile was rejected: {e}")
    assert out.lstrip().lower().startswith("<!doctype html")
    shown = _squash(" ".join(parse_html(out).text))
    for name in [
        profile["firm"]["name"],
        profile["support"]["provider"],
        *(a["name"] for a in profile["supervising_attorneys"]),
    ]:
        assert _squash(name) in shown, f"{name!r} is not shown as written"


@budget(3)
@given(profile=profiles())
def test_valid_profiles_render_a_pdf_packet(profile: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> None:
    tmp = tmp_path_factory.mktemp("prop-pdf")
    (tmp / "firm.yml").write_text(_dump(profile), encoding="utf-8")
    result = CliRunner().invoke(
        main, ["packet", "--root", str(ROOT), str(tmp / "firm.yml"), "-o", str(tmp / "out"), "-j", "1"]
    )
    assert result.exit_code == 0, (result.output, result.exception)
    (pdf,) = (tmp / "out").glob("*.pdf")
    assert pdf.read_bytes().startswith(b"%PDF-")


# --------------------------------------------------------------------------- mutations

BASE = load(ROOT / "data" / "firms" / "harbor-vale.yml").data
BASE_TEXT = (ROOT / "data" / "firms" / "harbor-vale.yml").read_text(encoding="utf-8")
ANY_VALUE = st.one_of(
    st.none(), st.booleans(), st.integers(-(10**12), 10**12), st.floats(allow_nan=True, allow_infinity=True),
    text(), st.lists(text(), max_size=3), st.dictionaries(text(10), text(10), max_size=2),
    st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)),
)  # fmt: skip


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix] if prefix else []
    if isinstance(data, dict):
        for k, v in data.items():
            out += _paths(v, prefix + (k,))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            out += _paths(v, prefix + (i,))
    return out


@st.composite
def mutated(draw: st.DrawFn) -> str:
    """The example profile with one to three random changes, as YAML text."""
    import copy

    kind = draw(st.sampled_from(["data", "data", "text"]))
    if kind == "text":
        lines = BASE_TEXT.splitlines(keepends=True)
        for _ in range(draw(st.integers(1, 3))):
            i = draw(st.integers(0, len(lines) - 1))
            op = draw(st.sampled_from(["delete", "duplicate", "insert", "replace-char", "indent", "dedent"]))
            if op == "delete":
                del lines[i]
            elif op == "duplicate":
                lines.insert(i, lines[i])
            elif op == "insert":
                lines.insert(
                    i, draw(st.sampled_from(AWKWARD + ["key: value", "  - item", "\t", ": :", "&x *x"])) + "\n"
                )
            elif op == "replace-char" and lines[i].strip():
                j = draw(st.integers(0, len(lines[i]) - 1))
                lines[i] = (
                    lines[i][:j]
                    + draw(st.sampled_from(list(":-[]{}#&*!|>'\"%@`,?\t ") + ["\x00", "\xff", "é"]))
                    + lines[i][j + 1 :]
                )
            elif op == "indent":
                lines[i] = "  " + lines[i]
            elif op == "dedent":
                lines[i] = lines[i].lstrip()
            if not lines:
                lines = ["\n"]
        return "".join(lines)
    data = copy.deepcopy(BASE)
    for _ in range(draw(st.integers(1, 3))):
        paths = _paths(data)
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent: Any = data
        for part in path[:-1]:
            parent = parent[part]
        op = draw(st.sampled_from(["drop", "replace", "replace", "add-key"]))
        if op == "drop":
            del parent[path[-1]]
        elif op == "replace":
            parent[path[-1]] = draw(ANY_VALUE)
        elif isinstance(parent, dict):
            parent[draw(text(20))] = draw(ANY_VALUE)
    return _dump(data)


@budget(25)
@given(source=mutated())
def test_mutated_profiles_end_cleanly(source: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    tmp = tmp_path_factory.mktemp("mut")
    path = tmp / "firm.yml"
    path.write_bytes(source.encode("utf-8", "surrogatepass"))
    result = CliRunner().invoke(main, ["validate", "--root", str(ROOT), str(path)])
    assert result.exit_code in (0, 1), (result.exit_code, result.output, result.exception)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    if result.exit_code == 1:
        lines = result.stderr.splitlines()
        assert lines[-1].endswith("found."), lines
        for line in lines[:-1]:
            assert LOCATED.match(line), line
    else:
        html = _render_html(path)  # a profile that validates renders
        assert "<html" in html


@budget(3)
@given(source=mutated())
def test_mutated_profiles_end_cleanly_in_the_packet_command(
    source: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    tmp = tmp_path_factory.mktemp("mut-pdf")
    path = tmp / "firm.yml"
    path.write_bytes(source.encode("utf-8", "surrogatepass"))
    result = CliRunner().invoke(main, ["packet", "--root", str(ROOT), str(path), "-o", str(tmp / "out"), "-j", "1"])
    assert result.exit_code in (0, 1), (result.exit_code, result.output, result.exception)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    if result.exit_code == 0:
        assert len(list((tmp / "out").glob("*.pdf"))) == 1
    else:
        assert not (tmp / "out").exists() or not list((tmp / "out").glob("*.pdf"))
