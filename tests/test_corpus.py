"""The bad-input corpus (tests/corpus/): exit 1, exact located messages, no traceback, nothing written.

See tests/corpus/README.md for the layout of a case.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.load import DATA_MAX_BYTES, MAX_BYTES, load

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(__file__).resolve().parent / "corpus"
DATA_CASES = sorted(p.name for p in (CORPUS / "data").iterdir() if p.is_dir())
FIRM_CASES = sorted(
    p.name.removesuffix(".yml").removesuffix(".yml.oversize")
    for p in (CORPUS / "firms").iterdir()
    if p.name.endswith((".yml", ".yml.oversize"))
)
PWNED = Path("/tmp/paralegal-kb-corpus-pwned")
SUMMARY = re.compile(r"^\d+ packets? built")


def _copy_case_file(src: Path, dest: Path, limit: int = MAX_BYTES) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    if src.name.endswith(".oversize"):
        dest = dest.with_name(src.name.removesuffix(".oversize"))
        head = src.read_bytes()
        pad = b"# padding to exceed the size limit\n"
        dest.write_bytes(head + pad * ((limit - len(head)) // len(pad) + 2))
        assert dest.stat().st_size > limit
    else:
        shutil.copyfile(src, dest)


def snapshot(*roots: Path) -> dict[str, tuple[int, str]]:
    """Every file and folder under roots: (mtime_ns, sha256 or 'dir')."""
    out: dict[str, tuple[int, str]] = {}
    for root in roots:
        if not root.exists():
            out[str(root)] = (0, "absent")
            continue
        for p in sorted([root, *root.rglob("*")]):
            st = p.lstat()
            digest = "dir" if p.is_dir() else hashlib.sha256(p.read_bytes()).hexdigest()
            out[str(p)] = (st.st_mtime_ns, digest)
    return out


def invoke(*args: str) -> tuple[int, str, str, BaseException | None]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr, result.exception


def check_expected(case_file: Path, stderr: str, update: bool) -> None:
    if update:
        case_file.write_text(stderr, encoding="utf-8")
    assert case_file.is_file(), f"missing {case_file}; run with --update-golden and read it"
    assert stderr.splitlines() == case_file.read_text(encoding="utf-8").splitlines()


def assert_clean_failure(code: int, stdout: str, stderr: str, exc: BaseException | None) -> None:
    assert code == 1, stderr
    assert isinstance(exc, SystemExit), repr(exc)
    assert "Traceback" not in stderr and "Traceback" not in stdout
    assert stdout == ""
    lines = stderr.splitlines()
    assert lines and lines[-1].endswith(("problem found.", "problems found."))
    for line in lines[:-1]:
        file, line_no, col, rest = line.split(":", 3)
        assert file and line_no.isdigit() and col.isdigit() and rest.startswith(" "), line


@pytest.fixture(scope="module")
def project_base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A pristine copy of the project's inputs with an earlier site/ and build/ in place."""
    dest = tmp_path_factory.mktemp("corpus") / "project"
    dest.mkdir()
    for name in ("data", "content", "overrides"):
        shutil.copytree(ROOT / name, dest / name)
    shutil.copy2(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    (dest / "site").mkdir()
    (dest / "site" / "index.html").write_text("<p>the previous site</p>\n")
    (dest / "build" / "docs").mkdir(parents=True)
    (dest / "build" / "docs" / "index.md").write_text("# previous docs\n")
    return dest


@pytest.mark.parametrize("case", DATA_CASES)
def test_data_case(
    case: str, project_base: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, update_golden: bool
) -> None:
    project = tmp_path / "project"
    shutil.copytree(project_base, project, symlinks=True)
    case_dir = CORPUS / "data" / case
    for src in sorted(case_dir.rglob("*")):
        if src.is_file() and src.name != "expected":
            _copy_case_file(src, project / src.relative_to(case_dir), DATA_MAX_BYTES)
    monkeypatch.chdir(project)
    PWNED.unlink(missing_ok=True)
    before = snapshot(project)

    start = time.perf_counter()
    code, out, err, exc = invoke("validate")
    took = time.perf_counter() - start
    assert_clean_failure(code, out, err, exc)
    check_expected(case_dir / "expected", err, update_golden)
    assert snapshot(project) == before

    # build stops at the same problems, before anything under site/ or build/ changes
    code, out2, err2, exc2 = invoke("build")
    assert_clean_failure(code, out2, err2, exc2)
    assert err2 == err
    assert snapshot(project) == before
    assert not PWNED.exists(), "a YAML tag ran code"
    assert took < 10


@pytest.mark.parametrize("case", FIRM_CASES)
def test_firm_case(case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, update_golden: bool) -> None:
    work = tmp_path / "firms"
    (work / "assets").mkdir(parents=True)
    for asset in (CORPUS / "firms" / "assets").iterdir():
        shutil.copyfile(asset, work / "assets" / asset.name)
    src = CORPUS / "firms" / f"{case}.yml"
    _copy_case_file(src if src.exists() else src.with_name(f"{case}.yml.oversize"), work / f"{case}.yml")
    packets = tmp_path / "packets"
    packets.mkdir()
    (packets / "acme-law-onboarding.pdf").write_bytes(b"%PDF-1.7 an earlier packet\n")
    (packets / "acme-law-onboarding.html").write_text("<p>an earlier packet</p>\n")
    monkeypatch.chdir(work)
    PWNED.unlink(missing_ok=True)
    before = snapshot(work, packets)

    code, out, err, exc = invoke("validate", "--root", str(ROOT), f"{case}.yml")
    assert_clean_failure(code, out, err, exc)
    check_expected(CORPUS / "firms" / f"{case}.expected", err, update_golden)
    assert snapshot(work, packets) == before

    code, out2, err2, exc2 = invoke("packet", "--root", str(ROOT), f"{case}.yml", "-o", str(packets))
    # packet adds its batch summary ("0 packets built, 1 profile failed in 0.0s (1 worker)") before the problems
    summary = [ln for ln in err2.splitlines() if SUMMARY.match(ln)]
    assert len(summary) == 1 and summary[0].startswith("0 packets built, 1 profile failed"), err2
    err2 = "".join(ln + "\n" for ln in err2.splitlines() if not SUMMARY.match(ln))
    assert_clean_failure(code, out2, err2, exc2)
    assert err2 == err
    assert snapshot(work, packets) == before
    assert not PWNED.exists(), "a YAML tag ran code"


@pytest.mark.parametrize(
    "path", [CORPUS / "data" / "alias-bomb" / "data" / "glossary.yml", CORPUS / "firms" / "alias-bomb.yml"]
)
def test_alias_bombs_fail_fast(path: Path) -> None:
    from generator.errors import InputError

    start = time.perf_counter()
    with pytest.raises(InputError) as exc:
        load(path, path.name)
    took = time.perf_counter() - start
    assert took < 0.1, f"alias bomb took {took:.3f}s"
    (problem,) = exc.value.problems
    assert "expands to more than 100000 values" in problem.message


def test_every_kind_the_issue_names_has_a_case() -> None:
    kinds = {
        "YAML syntax errors": ["yaml-syntax", "syntax"],
        "wrong types": ["wrong-types"],
        "missing required fields": ["missing-required"],
        "unknown ids with suggestions": ["unknown-ids"],
        "duplicate keys": ["duplicate-keys"],
        "duplicate ids": ["duplicate-ids"],
        "!!python and other tags": ["python-tag"],
        "alias bombs": ["alias-bomb"],
        "files over the size limit": ["oversize"],
        "empty files": ["empty"],
        "non-UTF-8 bytes": ["non-utf8"],
        "invalid dates": ["bad-dates"],
        "invalid time zones and colours": ["bad-timezone-colour"],
        "YAML 1.1 coercions": ["yaml11-booleans", "yaml11-number"],
        "logo missing or not an image": ["logo-missing", "logo-not-image"],
    }
    for kind, names in kinds.items():
        assert any(n in DATA_CASES or n in FIRM_CASES for n in names), kind
    assert "alias-bomb" in DATA_CASES and "alias-bomb" in FIRM_CASES
