"""Load YAML into plain data that remembers FILE:LINE:COLUMN of every value.

Safe loading only, and stricter than PyYAML's defaults where YAML 1.1 surprises
users: unquoted yes/no/on/off, sexagesimal and octal-looking numbers, duplicate
keys, tags, and impossible dates are reported as problems rather than silently
converted. Aliases are allowed but a document may expand to at most MAX_NODES
nodes and nest at most MAX_DEPTH levels, so an alias bomb, a recursive alias or a
pathologically nested file fails in milliseconds.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.errors import InputError, Problem, format_path

MAX_BYTES = 1024 * 1024  # 1 MiB per firm profile: far above any real profile.
DATA_MAX_BYTES = 16 * 1024 * 1024  # 16 MiB per data/ file: room for a knowledge base 100 times today's.
MAX_NODES = 100_000  # values in one document after aliases are expanded.
MAX_DEPTH = 64  # nested lists and mappings: real files use under 10; libyaml crashes on thousands.

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STR = "tag:yaml.org,2002:str"
_KNOWN_SCALAR_TAGS = {
    _STR,
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:timestamp",
}
_TRUE_FALSE = {"true": True, "false": False, "True": True, "False": False, "TRUE": True, "FALSE": False}
_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")

Loc = tuple[str | int, ...]


@dataclass
class Document:
    """Plain data from one YAML file plus where each value was written."""

    file: str
    data: Any
    marks: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    raw: dict[Loc, str] = field(default_factory=dict)  # source text of non-string scalars

    def where(self, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        """Return (line, column) of the deepest recorded value along loc."""
        loc = tuple(loc)
        if key and loc in self.key_marks:
            return self.key_marks[loc]
        for n in range(len(loc), -1, -1):
            if loc[:n] in self.marks:
                return self.marks[loc[:n]]
        return (1, 1)

    def problem(self, loc: Loc, message: str, *, key: bool = False) -> Problem:
        """Make a Problem located at loc."""
        line, col = self.where(loc, key=key)
        return Problem(self.file, line, col, format_path(loc), message)


def _mark(node: yaml.Node) -> tuple[int, int]:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


def _tag(tag: str) -> str:
    """A tag as it was written: '!!python/name:os.system' rather than its expanded form."""
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,2002:") else tag


_UNSUPPORTED = "unsupported tag {!r}; tags are not allowed (safe loading only)"
# `brand_color: #1f4e79` unquoted: YAML reads '#' after a space as a comment, so the value is empty.
_HEX_COMMENT = re.compile(r"#[0-9a-fA-F]{3}(?:[0-9a-fA-F]{3})?(?![0-9A-Za-z])")
_LINE_BREAK = re.compile("\r\n|[\n\r\x85\u2028\u2029]")  # what PyYAML counts as a new line


class _Builder:
    def __init__(self, doc: Document, lines: list[str]) -> None:
        self.doc = doc
        self.lines = lines
        self.problems: list[Problem] = []
        self.budget = MAX_NODES

    def fail(self, node: yaml.Node, loc: Loc, message: str) -> None:
        line, col = _mark(node)
        self.problems.append(Problem(self.doc.file, line, col, format_path(loc), message))

    def build(self, node: yaml.Node, loc: Loc) -> Any:
        self.budget -= 1
        if self.budget < 0:
            raise _TooBig(node)
        self.doc.marks[loc] = _mark(node)
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, loc)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != "tag:yaml.org,2002:seq":
                self.fail(node, loc, _UNSUPPORTED.format(_tag(node.tag)))
                return None
            return [self.build(item, loc + (i,)) for i, item in enumerate(node.value)]
        assert isinstance(node, yaml.ScalarNode)
        return self.scalar(node, loc)

    def mapping(self, node: yaml.MappingNode, loc: Loc) -> dict[str, Any] | None:
        if node.tag != "tag:yaml.org,2002:map":
            self.fail(node, loc, _UNSUPPORTED.format(_tag(node.tag)))
            return None
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in (_STR, "tag:yaml.org,2002:int"):
                what = "merge key '<<'" if key_node.tag == "tag:yaml.org,2002:merge" else "a key that is not text"
                self.fail(key_node, loc, f"{what} is not supported")
                continue
            key = str(key_node.value)
            if key in out:
                first = self.doc.key_marks[loc + (key,)]
                self.fail(key_node, loc + (key,), f"duplicate key {key!r} (first defined at line {first[0]})")
                continue
            self.doc.key_marks[loc + (key,)] = _mark(key_node)
            out[key] = self.build(value_node, loc + (key,))
        return out

    def scalar(self, node: yaml.ScalarNode, loc: Loc) -> Any:
        tag, text = node.tag, node.value
        if tag not in _KNOWN_SCALAR_TAGS:
            self.fail(node, loc, _UNSUPPORTED.format(_tag(tag)))
            return None
        if tag == _STR:
            return text
        if node.style in ("'", '"'):
            return text  # an explicitly quoted value is text whatever it looks like
        if tag == "tag:yaml.org,2002:null":
            rest = self.lines[node.start_mark.line][node.start_mark.column :] if node.start_mark.line < len(self.lines) else ""
            hexa = _HEX_COMMENT.match(rest.lstrip()) if not text else None
            if hexa:
                self.fail(
                    node, loc, f"{hexa[0]!r} is read as a comment by YAML, so the value is empty; "
                    f'put the colour in quotes: "{hexa[0]}"',
                )  # fmt: skip
            return None
        self.doc.raw[loc] = text
        if tag == "tag:yaml.org,2002:bool":
            if text in _TRUE_FALSE:
                return _TRUE_FALSE[text]
            self.fail(
                node,
                loc,
                f"{text!r} is read as a boolean by YAML 1.1; write true or false, "
                f'or put it in quotes ("{text}") if you mean the text',
            )
            return None
        if tag == "tag:yaml.org,2002:int":
            if ":" in text or re.match(r"^[-+]?0[0-7_]+$", text):
                self.fail(
                    node,
                    loc,
                    f"{text!r} is read as a base-60 or octal number by YAML 1.1; put it in quotes",
                )
                return None
            return int(text.replace("_", ""), 0)
        if tag == "tag:yaml.org,2002:float":
            if ":" in text:
                self.fail(node, loc, f"{text!r} is read as a base-60 number by YAML 1.1; put it in quotes")
                return None
            lowered = text.lower().replace("_", "")
            if lowered.lstrip("+-") in (".inf", ".nan"):
                self.fail(node, loc, f"{text!r} is not a usable number")
                return None
            return float(lowered)
        # timestamp: only plain dates are accepted; times of day belong in quoted text.
        m = _DATE.match(text)
        if not m:
            self.fail(node, loc, f"{text!r} looks like a timestamp; write a date as YYYY-MM-DD or quote the text")
            return None
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError as e:
            self.fail(node, loc, f"{text!r} is not a valid date ({e})")
            return None


class _TooBig(Exception):
    def __init__(self, node: yaml.Node) -> None:
        self.node = node


class _Recursive(_TooBig):
    pass


def _check_depth(text: str, file: str) -> None:
    """Refuse deep nesting before composing: libyaml slows quadratically and then overflows the C stack."""
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                line, col = (event.start_mark.line + 1, event.start_mark.column + 1) if event.start_mark else (1, 1)
                raise InputError([Problem(file, line, col, "", f"values are nested more than {MAX_DEPTH} levels deep")])
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            depth -= 1


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _check_expansion(root: yaml.Node) -> None:
    """Count the values the document expands to, without expanding it (aliases share nodes).

    Iterative and memoised, so an alias bomb or a recursive alias fails in
    milliseconds instead of being walked value by value.
    """
    size: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        if done:
            on_path.discard(id(node))
            total = 1 + sum(size[id(c)] for c in _children(node))
            if total > MAX_NODES:
                raise _TooBig(node)
            size[id(node)] = total
            continue
        if id(node) in size:
            continue
        if id(node) in on_path:
            raise _Recursive(node)
        on_path.add(id(node))
        stack.append((node, True))
        stack.extend((c, False) for c in _children(node) if id(c) not in size)


def _too_big(size: int, limit: int) -> str:
    return f"file is {size} bytes; the limit is {limit} ({limit // (1024 * 1024)} MiB)"


def parse(text: str | bytes, file: str, max_bytes: int = MAX_BYTES) -> Document:
    """Parse YAML text; raise InputError listing every problem found."""
    doc = Document(file=file, data=None)
    if isinstance(text, bytes):
        if len(text) > max_bytes:
            raise InputError([Problem(file, 1, 1, "", _too_big(len(text), max_bytes))])
        raw = text
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as e:
            before = raw[: e.start]
            line = before.count(b"\n") + 1
            col = e.start - (before.rfind(b"\n") + 1) + 1
            raise InputError(
                [Problem(file, line, col, "", f"not valid UTF-8 (byte 0x{raw[e.start]:02x}); save the file as UTF-8")]
            ) from None
    text = text.removeprefix("\ufeff")
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        raise InputError([Problem(file, 1, 1, "", "file is empty")])
    try:
        _check_depth(text, file)
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as e:
        raise InputError([_syntax_problem(e, text, file)]) from None
    except yaml.reader.ReaderError as e:  # a character YAML forbids: locate it (PyYAML gives only an offset)
        upto = text[: e.position]
        line, col = upto.count("\n") + 1, e.position - (upto.rfind("\n") + 1) + 1
        char = f"U+{e.character:04X}" if isinstance(e.character, int) else repr(e.character)
        raise InputError([Problem(file, line, col, "", f"character {char} is not allowed in YAML ({e.reason})")]) from None
    except yaml.YAMLError as e:
        raise InputError([Problem(file, 1, 1, "", "YAML error: " + " ".join(str(e).split()))]) from None
    if node is None:
        raise InputError([Problem(file, 1, 1, "", "file is empty")])
    builder = _Builder(doc, _LINE_BREAK.split(text))
    try:
        _check_expansion(node)
        doc.data = builder.build(node, ())
    except _Recursive as e:
        line, col = _mark(e.node)
        raise InputError([Problem(file, line, col, "", "an alias refers to a value that contains it (recursive alias)")]) from None
    except _TooBig as e:
        line, col = _mark(e.node)
        raise InputError(
            [Problem(file, line, col, "", f"document expands to more than {MAX_NODES} values (nested aliases?)")]
        ) from None
    if builder.problems:
        raise InputError(builder.problems)
    return doc


def _syntax_problem(e: yaml.MarkedYAMLError, text: str, file: str) -> Problem:
    """Locate a PyYAML error at its problem and name where the construct it was reading began."""
    mark, context = e.problem_mark or e.context_mark, e.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    message = str(e.problem or e.context or "invalid YAML")
    if e.problem and e.context:
        where = (context.line, context.column) if context else None
        if where and mark and where != (mark.line, mark.column):
            message += f" ({e.context} at line {where[0] + 1}, column {where[1] + 1})"
        else:
            message += f" ({e.context})"
    lines = _LINE_BREAK.split(text)
    if mark and mark.line < len(lines) and lines[mark.line][mark.column : mark.column + 1] == "\t":
        message += "; YAML does not allow tabs for indentation: use spaces"
    return Problem(file, line, col, "", f"YAML syntax error: {message}")


def load(path: Path, display: str | None = None, max_bytes: int = MAX_BYTES) -> Document:
    """Read and parse one YAML file; `display` is the name used in messages."""
    name = display or str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError([Problem(name, 1, 1, "", _too_big(size, max_bytes))])
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError([Problem(name, 1, 1, "", "file not found")]) from None
    except IsADirectoryError:
        raise InputError([Problem(name, 1, 1, "", "is a folder, not a YAML file")]) from None
    except PermissionError:
        raise InputError([Problem(name, 1, 1, "", "cannot read the file (permission denied)")]) from None
    except OSError as e:  # a path through a file, a broken link, a device
        raise InputError([Problem(name, 1, 1, "", f"cannot read the file ({e.strerror or e})")]) from None
    return parse(raw, name, max_bytes)
