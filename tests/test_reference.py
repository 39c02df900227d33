"""The schema reference, the changelog and the published JSON Schema files."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import typing
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from generator.firm import FirmProfile
from generator.jsonschema import data_schemas, firm_schema
from generator.model import COLLECTIONS, FILES, KnowledgeBase, load_knowledge_base, page_ids
from generator.render import reference

ROOT = Path(__file__).resolve().parent.parent
HEADING = re.compile(r"^#{3,4} .*\{ #(model-[a-z-]+) \}$", re.MULTILINE)


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge_base(ROOT / "data")


def all_models() -> set[type[BaseModel]]:
    """Every model reachable from the data files and the firm profile, found independently of the page code."""
    found: set[type[BaseModel]] = set()

    def visit(tp: Any) -> None:
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            if tp not in found:
                found.add(tp)
                for info in tp.model_fields.values():
                    visit(info.annotation)
            return
        if typing.get_origin(tp) is typing.Annotated:
            visit(typing.get_args(tp)[0])
            return
        for arg in typing.get_args(tp):
            visit(arg)

    for cls in [*FILES.values(), *COLLECTIONS.values(), FirmProfile]:
        visit(cls)
    return found


def sections(text: str) -> dict[str, list[list[str]]]:
    """Anchor -> table rows (cells as plain text) of each model section of the page."""
    out: dict[str, list[list[str]]] = {}
    marks = list(HEADING.finditer(text))
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        rows = []
        for line in text[m.end() : end].splitlines():
            if line.startswith("| ") and not line.startswith("| Field |"):
                cells = [c.strip() for c in re.split(r"(?<!\\)\|", line.strip())[1:-1]]
                rows.append([plain(c) for c in cells])
        out[m.group(1)] = rows
    return out


def plain(cell: str) -> str:
    """Markdown cell -> its visible text (no tags, no escapes)."""
    text = re.sub(r"<[^>]+>", "", cell)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"(?<!\\)\*\*", "", text)
    return re.sub(r"\\(.)", r"\1", text).strip()


def anchor(model: type[BaseModel]) -> str:
    return "model-" + re.sub(r"(?<!^)(?=[A-Z])", "-", model.__name__).lower()


def test_schema_reference_covers_every_field_of_every_model(kb: KnowledgeBase) -> None:
    page = reference.schema_page(kb)
    found = sections(page.text)
    models = all_models()
    assert len(models) > 40  # sanity: the walk reached the nested models
    missing_models = sorted(m.__name__ for m in models if anchor(m) not in found)
    assert not missing_models, f"models without a section: {missing_models}"
    for model in models:
        rows = found[anchor(model)]
        names = [row[0] for row in rows]
        assert names == list(model.model_fields), f"{model.__name__}: table fields differ from the model"
        for row in rows:
            name, type_text, default, description = row
            assert type_text, f"{model.__name__}.{name}: no type"
            assert default, f"{model.__name__}.{name}: no default"
            assert description, f"{model.__name__}.{name}: no description (every schema field needs one)"


def test_schema_reference_documents_no_stray_models(kb: KnowledgeBase) -> None:
    found = set(sections(reference.schema_page(kb).text))
    assert found == {anchor(m) for m in all_models()}


def test_schema_reference_shows_types_and_defaults(kb: KnowledgeBase) -> None:
    rows = {row[0]: row for row in sections(reference.schema_page(kb).text)["model-communication"]}
    assert rows["channels"][1] == "list of id"
    assert rows["channels"][2] == '["email", "phone"]'
    assert rows["status_updates"][1] == "one of daily, twice-weekly, weekly, per-assignment"
    assert rows["status_updates"][2] == "weekly"
    assert rows["response_time_hours"][1] == "whole number (at least 1, at most 168)"
    assert rows["escalation"][2] == "empty list"
    firm = {row[0]: row for row in sections(reference.schema_page(kb).text)["model-firm-profile"]}
    assert firm["firm"][1:3] == ["Firm", "required"]
    assert firm["communication"][2] == "its fields' defaults (Communication)"
    assert firm["practice_areas"][1] == "list of id, at least one"
    attorney = {row[0]: row for row in sections(reference.schema_page(kb).text)["model-attorney"]}
    assert attorney["email"][3] == "Email address."  # the description the Email type carries


def test_every_data_file_and_collection_has_a_changelog_target(kb: KnowledgeBase) -> None:
    assert set(reference.FILE_PAGES) == set(FILES)
    assert set(reference.COLLECTION_PAGES) == set(COLLECTIONS)
    valid = set(page_ids(kb))
    assert set(reference.FILE_PAGES.values()) <= valid


def test_changelog_groups_files_by_date_newest_first(kb: KnowledgeBase) -> None:
    reviewed = dict(kb.reviewed)
    reviewed["faq.yml"] = dt.date(2027, 3, 1)
    reviewed["practice_areas/family-law.yml"] = dt.date(2027, 3, 1)
    reviewed["authorities.yml"] = dt.date(2025, 1, 15)
    changed = dataclasses.replace(kb, reviewed=reviewed)
    entries = reference.changelog_entries(changed)
    dates = [d for d, _ in entries]
    assert dates == sorted(dates, reverse=True)
    assert entries[0] == (
        dt.date(2027, 3, 1),
        [
            ("faq.yml", "faq", "Frequently asked questions"),
            ("practice_areas/family-law.yml", "practice-areas/family-law", "Family law"),
        ],
    )
    assert entries[-1][0] == dt.date(2025, 1, 15)
    assert sum(len(files) for _, files in entries) == len(kb.reviewed)
    text = reference.changelog_page(changed).text
    assert text.index("## 2027-03-01") < text.index("## 2025-01-15")
    assert "[Family law](../practice-areas/family-law.md): `data/practice_areas/family-law.yml`" in text
    assert "[Frequently asked questions](../faq.md)" in text


def test_changelog_lists_templates_without_a_page(kb: KnowledgeBase) -> None:
    text = reference.changelog_page(kb).text
    for tpl in kb.templates:
        assert f"`data/templates/{tpl.id}.yml`" in text


def test_schema_files_match_the_models() -> None:
    files = reference.schema_files()
    assert json.loads(files["schema/firm-profile.json"]) == firm_schema()
    for name, schema in data_schemas().items():
        assert json.loads(files[f"schema/data/{reference.schema_file_name(name)}"]) == schema
    assert len(files) == 1 + len(FILES) + len(COLLECTIONS)
    assert reference.schema_file_name("practice_areas/*.yml") == "practice_areas.json"


def test_pages_are_listed_under_reference(project_copy: Path) -> None:
    from generator.build import Project, generate

    _, generated = generate(Project(project_copy))
    assert "guides/schema.md" in generated.files and "guides/changelog.md" in generated.files
    assert "schema/firm-profile.json" in generated.files
    ref = next(section["Reference"] for section in generated.nav if "Reference" in section)
    assert {"Schema reference": "guides/schema.md"} in ref
    assert {"Changelog": "guides/changelog.md"} in ref


@pytest.mark.slow
def test_built_site_publishes_the_schema_files_and_pages(built_site: Path) -> None:
    assert json.loads((built_site / "schema/firm-profile.json").read_text(encoding="utf-8")) == firm_schema()
    html = (built_site / "guides/schema/index.html").read_text(encoding="utf-8")
    assert 'id="model-firm-profile"' in html
    assert 'href="../../schema/firm-profile.json"' in html
    assert (built_site / "guides/changelog/index.html").is_file()
