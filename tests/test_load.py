"""The loader: positions of every value, safe loading, YAML 1.1 traps, limits."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from generator.errors import InputError
from generator.load import MAX_BYTES, load, parse


def problems(text: str | bytes) -> list[str]:
    with pytest.raises(InputError) as exc:
        parse(text, "f.yml")
    return [str(p) for p in exc.value.problems]


def test_positions_of_nested_values() -> None:
    doc = parse("a: 1\nitems:\n  - id: x\n    tags: [p, q]\n", "f.yml")
    assert doc.data == {"a": 1, "items": [{"id": "x", "tags": ["p", "q"]}]}
    assert doc.where(("a",)) == (1, 4)
    assert doc.where(("items", 0, "id")) == (3, 9)
    assert doc.where(("items", 0, "tags", 1)) == (4, 15)
    assert doc.where(("items", 0, "tags", 1), key=True) == (4, 15)
    assert doc.where(("items", 0, "tags"), key=True) == (4, 5)
    # a missing key falls back to the deepest recorded parent
    assert doc.where(("items", 0, "missing")) == (3, 5)


def test_scalars_resolve_like_yaml_1_2() -> None:
    doc = parse('a: true\nb: 2024-01-02\nc: 1.5\nd: ~\ne: "no"\nf: 0x10\ng: 7\n', "f.yml")
    assert doc.data == {"a": True, "b": dt.date(2024, 1, 2), "c": 1.5, "d": None, "e": "no", "f": 16, "g": 7}
    assert doc.raw[("c",)] == "1.5"


@pytest.mark.parametrize("word", ["no", "yes", "on", "off", "No", "OFF"])
def test_yaml_1_1_booleans_are_reported(word: str) -> None:
    assert problems(f"answer: {word}\n") == [
        f"f.yml:1:9: answer: {word!r} is read as a boolean by YAML 1.1; write true or false, "
        f'or put it in quotes ("{word}") if you mean the text'
    ]


def test_sexagesimal_and_octal_are_reported() -> None:
    assert problems("a: 1:30\nb: 0755\n") == [
        "f.yml:1:4: a: '1:30' is read as a base-60 or octal number by YAML 1.1; put it in quotes",
        "f.yml:2:4: b: '0755' is read as a base-60 or octal number by YAML 1.1; put it in quotes",
    ]


def test_impossible_date_and_timestamps() -> None:
    assert problems("d: 2024-13-01\nt: 2024-01-01 10:00:00\n") == [
        "f.yml:1:4: d: '2024-13-01' is not a valid date (month must be in 1..12)",
        "f.yml:2:4: t: '2024-01-01 10:00:00' looks like a timestamp; write a date as YYYY-MM-DD or quote the text",
    ]


def test_duplicate_keys_name_both_lines() -> None:
    assert problems("a: 1\nb:\n  c: 1\n  c: 2\n") == ["f.yml:4:3: b.c: duplicate key 'c' (first defined at line 3)"]


@pytest.mark.parametrize(
    "text",
    ["a: !!python/object/apply:os.system [echo hi]\n", "a: !!python/name:os.system\n", "a: !custom x\n", "a: !!binary aGk=\n"],
)
def test_tags_are_rejected(text: str) -> None:
    (msg,) = problems(text)
    assert msg.startswith("f.yml:1:4: a: unsupported tag ")
    assert "tags are not allowed" in msg


def test_syntax_error_has_a_place() -> None:
    (msg,) = problems("a: [1, 2\nb: 3\n")
    assert msg.startswith("f.yml:2:")
    assert "YAML syntax error" in msg


def test_every_problem_is_reported_at_once() -> None:
    assert len(problems("a: no\nb: off\nc: 1:2\n")) == 3


def test_alias_bomb_fails_fast() -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        prev = chr(ord("a") + i - 1)
        name = chr(ord("a") + i)
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 10) + "]")
    start = time.perf_counter()
    (msg,) = problems("\n".join(lines) + "\n")
    assert time.perf_counter() - start < 1.0
    assert "expands to more than" in msg


def test_empty_comment_only_and_non_utf8() -> None:
    assert problems("") == ["f.yml:1:1: file is empty"]
    assert problems("# just a comment\n\n") == ["f.yml:1:1: file is empty"]
    assert problems(b"a: ok\nb: caf\xe9\n") == ["f.yml:2:7: not valid UTF-8 (byte 0xe9); save the file as UTF-8"]


def test_size_limit(tmp_path) -> None:  # type: ignore[no-untyped-def]
    big = tmp_path / "big.yml"
    big.write_bytes(b"a: " + b"x" * MAX_BYTES + b"\n")
    with pytest.raises(InputError) as exc:
        load(big, "big.yml")
    assert str(exc.value.problems[0]).startswith("big.yml:1:1: file is ")
    assert "the limit is 1048576 (1 MiB)" in str(exc.value.problems[0])


def test_missing_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InputError) as exc:
        load(tmp_path / "nope.yml", "nope.yml")
    assert str(exc.value.problems[0]) == "nope.yml:1:1: file not found"
