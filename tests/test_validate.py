"""Schema and cross-reference validation: exact messages, every problem at once."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.errors import InputError
from generator.load import parse
from generator.model import load_firm, load_knowledge_base
from generator.schema import BoundariesFile, FaqFile
from generator.validate import check_model

ROOT = Path(__file__).resolve().parent.parent


def schema_problems(text: str, cls: type) -> list[str]:
    out: list = []
    assert check_model(parse(text, "f.yml"), cls, out) is None
    return [str(p) for p in out]


BOUNDARIES = """\
reviewed: 2026-01-01
groups:
  - id: practice-of-law
    title: Practice of law
    intro: What only lawyers do.
items:
  - id: Bad Id
    kind: cannnot
    titel: Give advice
    explanation: 1.10
    authorities: []
"""


def test_schema_errors_are_located_and_worded_for_people() -> None:
    assert schema_problems(BOUNDARIES, BoundariesFile) == [
        "f.yml:7:9: items[0].id: 'Bad Id' is not a valid id (lower-case words joined by hyphens, e.g. 'family-law')",
        "f.yml:8:11: items[0].kind: expected one of 'can' or 'cannot', got 'cannnot'; did you mean 'cannot'?",
        "f.yml:7:5: items[0].title: required field is missing",
        "f.yml:10:18: items[0].explanation: expected text, got the number 1.1 (YAML reads 1.10 as a number); "
        "put it in quotes to keep it as text",
        "f.yml:11:18: items[0].authorities: needs at least 1 item(s), got 0",
        "f.yml:9:5: items[0].titel: unknown field 'titel'; did you mean 'title'?",
    ]


def test_wrong_container_and_date_for_text() -> None:
    text = "reviewed: 2026-01-01\ngroups: {}\nitems:\n  - id: a\n    group: g\n    question: 2026-02-03\n"
    got = schema_problems(text, FaqFile)
    assert "f.yml:2:9: groups: expected a list, got a mapping of keys and values" in got
    assert "f.yml:6:15: items[0].question: expected text, got a date (2026-02-03); put it in quotes to keep it as text" in got


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    dest = tmp_path / "data"
    shutil.copytree(ROOT / "data", dest)
    return dest


def test_real_data_is_valid() -> None:
    kb = load_knowledge_base(ROOT / "data")
    assert len(kb.practice_areas) >= 12


def test_broken_copy_reports_every_problem_with_its_place(data_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(data_copy.parent)
    # unknown id, in a place the issue names
    text = (data_copy / "boundaries.yml").read_text()
    text = text.replace("authorities: [aba-mr-5-3,", "authorities: [aba-mr-5-33,", 1)
    assert "aba-mr-5-33" in text
    (data_copy / "boundaries.yml").write_text(text)
    # a wrong type
    cost = (data_copy / "costs.yml").read_text().replace("hours_per_week: 20", "hours_per_week: twenty", 1)
    (data_copy / "costs.yml").write_text(cost)
    # a syntax error and a duplicate key in a practice area
    (data_copy / "practice_areas" / "government.yml").write_text("id: government\nname: [unclosed\n")
    area = (data_copy / "practice_areas" / "real-estate.yml").read_text()
    (data_copy / "practice_areas" / "real-estate.yml").write_text(area.replace("\nname:", "\nname: Dup\nname:", 1))
    with pytest.raises(InputError) as exc:
        load_knowledge_base(data_copy)
    lines = [str(p) for p in exc.value.problems]
    assert any(ln.startswith("data/costs.yml:") and ": calculator.hours_per_week: expected a number, got 'twenty'" in ln for ln in lines)
    assert any(ln.startswith("data/practice_areas/government.yml:3:1: YAML syntax error") for ln in lines), lines
    assert any(ln.startswith("data/practice_areas/real-estate.yml:") and "name: duplicate key 'name'" in ln for ln in lines)
    # cross-references are checked once every file parses: fix the other files and look again
    shutil.copy(ROOT / "data/costs.yml", data_copy / "costs.yml")
    shutil.copy(ROOT / "data/practice_areas/government.yml", data_copy / "practice_areas/government.yml")
    shutil.copy(ROOT / "data/practice_areas/real-estate.yml", data_copy / "practice_areas/real-estate.yml")
    with pytest.raises(InputError) as exc:
        load_knowledge_base(data_copy)
    (line,) = [str(p) for p in exc.value.problems]
    assert line.startswith("data/boundaries.yml:")
    assert line == "data/boundaries.yml:348:19: items[17].authorities[0]: unknown authority 'aba-mr-5-33'; did you mean 'aba-mr-5-3'?" or (
        line.startswith("data/boundaries.yml:") and line.endswith(".authorities[0]: unknown authority 'aba-mr-5-33'; did you mean 'aba-mr-5-3'?")
    )


def test_duplicate_ids_across_items(data_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(data_copy.parent)
    text = (data_copy / "glossary.yml").read_text()
    second_id = [ln for ln in text.splitlines() if ln.startswith("  - id: ")][1]
    first_id = [ln for ln in text.splitlines() if ln.startswith("  - id: ")][0]
    (data_copy / "glossary.yml").write_text(text.replace(second_id + "\n", first_id + "\n", 1))
    with pytest.raises(InputError) as exc:
        load_knowledge_base(data_copy)
    (line,) = [str(p) for p in exc.value.problems]
    assert f"duplicate glossary term id '{first_id.split(': ')[1]}' (first defined at data/glossary.yml:" in line


FIRM = """\
firm:
  name: Acme Law
  jurisdictions: [CA, ZZ]
  timezone: America/Los_Angles
  brand_color: "blue"
practice_areas: [family-law, famly-law]
supervising_attorneys:
  - name: Ann Counsel
    email: not-an-email
support:
  provider: Northwind
  timezone: Asia/Manila
communication:
  channels: [email, carrier-pigeon]
  open_phone_hours: "17:00-09:00"
  escalation: [Nobody]
billing:
  rate: forty
start_date: 2027-02-30
"""


def test_firm_profile_problems(write_yaml, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    kb = load_knowledge_base(ROOT / "data")
    path = write_yaml(FIRM, "acme.yml")
    monkeypatch.chdir(path.parent)
    with pytest.raises(InputError) as exc:
        load_firm(path, kb)
    assert [str(p) for p in exc.value.problems] == [
        "acme.yml:19:13: start_date: '2027-02-30' is not a valid date (day is out of range for month)",
    ]
    path.write_text(FIRM.replace("2027-02-30", "2027-02-01"))
    with pytest.raises(InputError) as exc:
        load_firm(path, kb)
    assert [str(p) for p in exc.value.problems] == [
        "acme.yml:3:23: firm.jurisdictions[1]: unknown US state or territory code 'ZZ' (use two capital letters, e.g. 'CA')",
        "acme.yml:4:13: firm.timezone: unknown IANA time zone 'America/Los_Angles' (for example 'America/New_York')",
        "acme.yml:5:16: firm.brand_color: 'blue' is not a hex colour (write it like \"#1f4e79\", in quotes)",
        "acme.yml:9:12: supervising_attorneys[0].email: 'not-an-email' is not an email address",
        "acme.yml:15:21: communication.open_phone_hours: the hours '17:00-09:00' must end after they start, on the same day",
        "acme.yml:18:9: billing.rate: expected a number, got 'forty'",
    ]
    fixed = FIRM.replace("2027-02-30", "2027-02-01").replace(", ZZ", "").replace("Los_Angles", "Los_Angeles")
    fixed = fixed.replace('"blue"', '"#123456"').replace("not-an-email", "ann@acme.example")
    fixed = fixed.replace('"17:00-09:00"', '"09:00-17:00"').replace("rate: forty", "rate: 40")
    path.write_text(fixed)
    with pytest.raises(InputError) as exc:
        load_firm(path, kb)
    got = [str(p) for p in exc.value.problems]
    assert "acme.yml:6:30: practice_areas[1]: unknown practice area 'famly-law'; did you mean 'family-law'?" in got
    assert "acme.yml:14:21: communication.channels[1]: unknown channel 'carrier-pigeon'" in got
    assert (
        "acme.yml:16:16: communication.escalation[0]: unknown person 'Nobody' "
        "(list supervising attorneys or provider contacts by name)" in got
    )


def test_example_profiles_are_valid() -> None:
    kb = load_knowledge_base(ROOT / "data")
    for path in sorted((ROOT / "data/firms").glob("*.yml")):
        assert load_firm(path, kb).profile.firm.name
