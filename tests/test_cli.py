"""The command line: exit codes, messages without tracebacks, help for every command, README commands."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_every_command_has_help() -> None:
    code, out, _ = run("--help")
    assert code == 0
    commands = main.commands  # type: ignore[attr-defined]
    assert {"validate", "build", "serve", "packet", "checklist", "new-firm", "schema"} <= set(commands)
    for name, cmd in commands.items():
        assert cmd.help and cmd.help.strip(), f"{name} has no help text"
        code, out, _ = run(name, "--help")
        assert code == 0 and "Usage:" in out


def test_validate_clean_data_exits_0(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    code, out, err = run("validate", "data/firms/")
    assert code == 0, err
    assert out.startswith("ok: data/ is valid (")
    assert "2 firm profile(s) valid" in out


def test_validate_broken_data_exits_1_with_located_lines(project_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project_copy)
    faq = project_copy / "data" / "faq.yml"
    faq.write_text(faq.read_text().replace("reviewed: 2026-11-22", "reviewed: yesterday", 1))
    code, out, err = run("validate")
    assert code == 1
    lines = err.strip().splitlines()
    assert lines[0] == "data/faq.yml:1:11: reviewed: expected a date (YYYY-MM-DD), got 'yesterday'"
    assert lines[-1] == "1 problem found."
    assert "Traceback" not in err


def test_debug_shows_the_traceback(project_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project_copy)
    (project_copy / "data" / "faq.yml").write_text("items: [\n")
    result = CliRunner().invoke(main, ["--debug", "validate"])
    assert result.exit_code == 1
    assert result.exception is not None and type(result.exception).__name__ == "InputError"


def test_usage_error_exits_2() -> None:
    code, _, err = run("build", "--no-such-option")
    assert code == 2
    assert "No such option" in err


def test_bad_firm_profile_exits_1(write_yaml, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    path = write_yaml("firm:\n  name: X\n", "x.yml")
    monkeypatch.chdir(ROOT)
    code, _, err = run("validate", str(path))
    assert code == 1
    assert f"{path}:1:1: firm.jurisdictions: required field is missing" in err or "firm.jurisdictions: required field is missing" in err


def test_schema_prints_json_schema() -> None:
    import json

    code, out, _ = run("schema")
    assert code == 0
    schema = json.loads(out)
    assert schema["title"] == "paralegal-kb firm profile"
    assert "firm" in schema["properties"] and schema["additionalProperties"] is False


def test_module_entry_point() -> None:
    proc = subprocess.run([sys.executable, "-m", "generator", "--help"], capture_output=True, text=True, check=False)
    assert proc.returncode == 0 and "validate" in proc.stdout


def test_readme_commands_exist() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = set(re.findall(r"paralegal-kb ([a-z][a-z-]+)", readme))
    assert commands, "README shows no paralegal-kb commands"
    assert commands <= set(main.commands), commands - set(main.commands)  # type: ignore[attr-defined]
    for script in re.findall(r"bash (scripts/[\w.-]+)", readme):
        assert (ROOT / script).is_file(), script
    ci = (ROOT / ".ci" / "run").read_text()
    assert "scripts/test.sh" in ci and "scripts/test.sh" in readme


@pytest.mark.skipif(shutil.which("paralegal-kb") is None, reason="console script not installed (pip install -e .)")
def test_console_script() -> None:
    proc = subprocess.run(["paralegal-kb", "--version"], capture_output=True, text=True, check=False)
    assert proc.returncode == 0 and "version" in proc.stdout
