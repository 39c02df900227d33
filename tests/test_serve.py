"""`paralegal-kb serve` regenerates only what an edit changes, and survives a broken edit."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.build import Project
from generator.errors import InputError
from generator.serve import regenerate


def test_yaml_edit_regenerates_the_affected_pages(project_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project_copy)
    project = Project(project_copy)
    first = regenerate(project)
    assert "practice-areas/family-law.md" in first and "mkdocs.yml" in first
    assert regenerate(project) == []  # nothing changed, nothing rewritten: MkDocs does not reload
    area = project_copy / "data" / "practice_areas" / "family-law.yml"
    area.write_text(area.read_text().replace("name: Family law\n", "name: Family and custody law\n", 1))
    changed = regenerate(project)
    assert "practice-areas/family-law.md" in changed
    assert "practice-areas/immigration.md" not in changed or "Family and custody law" in (
        project.docs / "practice-areas/immigration.md"
    ).read_text()  # only pages that show the name change
    assert "practice-areas/corporate.md" not in changed
    assert "# Family and custody law" in (project.docs / "practice-areas/family-law.md").read_text()


def test_broken_edit_keeps_the_last_good_pages(project_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project_copy)
    project = Project(project_copy)
    regenerate(project)
    before = (project.docs / "faq.md").read_text()
    (project_copy / "data" / "faq.yml").write_text("items: [\n")
    with pytest.raises(InputError) as exc:
        regenerate(project)
    assert str(exc.value.problems[0]).startswith("data/faq.yml:2:1: YAML syntax error")
    assert (project.docs / "faq.md").read_text() == before
