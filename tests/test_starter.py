"""`paralegal-kb new-firm`: a commented starter profile that validates and is never written over a file."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.errors import KBError
from generator.firm import FirmProfile
from generator.model import KnowledgeBase, load_firm, load_knowledge_base
from generator.render.packet import render_packet
from generator.starter import write_starter


@pytest.fixture(scope="module")
def kb(root: Path) -> KnowledgeBase:
    return load_knowledge_base(root / "data")


def test_starter_is_a_valid_profile_that_documents_every_field(tmp_path: Path, kb: KnowledgeBase) -> None:
    path = tmp_path / "acme.yml"
    write_starter(path)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=")
    firm = load_firm(path, kb)
    assert firm.profile.firm.name == "Example Law LLP"
    # Every top-level field of the contract appears, set or commented out, with a comment.
    for field in FirmProfile.model_fields:
        assert re.search(rf"^#? ?{field}:", text, re.MULTILINE), field
    assert text.count("(required)") >= 6
    # Left to their defaults, the packet says so.
    assert firm.defaulted("start_date") and firm.defaulted("support", "timezone")


def test_starter_renders_a_packet(tmp_path: Path, kb: KnowledgeBase) -> None:
    path = tmp_path / "acme.yml"
    write_starter(path)
    html = render_packet(kb, load_firm(path, kb), prepared=dt.date(2027, 1, 4))
    assert "Example Law LLP" in html and "to be agreed" in html


def test_refuses_to_overwrite(tmp_path: Path) -> None:
    path = tmp_path / "firm.yml"
    path.write_text("mine: true\n", encoding="utf-8")
    with pytest.raises(KBError, match="already exists; not overwriting it"):
        write_starter(path)
    assert path.read_text(encoding="utf-8") == "mine: true\n"


def test_creates_missing_folders(tmp_path: Path) -> None:
    path = tmp_path / "firms" / "new" / "acme.yml"
    write_starter(path)
    assert path.is_file()


def test_cli_new_firm_writes_then_refuses(tmp_path: Path) -> None:
    runner = CliRunner()
    path = tmp_path / "acme.yml"
    first = runner.invoke(main, ["new-firm", str(path)])
    assert first.exit_code == 0, first.output
    assert f"wrote {path}" in first.output
    before = path.read_bytes()
    second = runner.invoke(main, ["new-firm", str(path)])
    assert second.exit_code == 1
    assert f"error: {path} already exists; not overwriting it" in second.output
    assert "Traceback" not in second.output
    assert path.read_bytes() == before


def test_cli_new_firm_onto_a_folder_is_an_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["new-firm", str(tmp_path)])
    assert result.exit_code != 0
    assert any(tmp_path.iterdir()) is False
