"""Write a synthetic knowledge base N times larger than data/, for the scale benchmark.

The copy keeps everything else of the project (content/, overrides/, mkdocs.yml) and
grows the three collections that dominate the site's size by cloning real items
under new ids: practice areas (12 -> 12 * N), FAQ entries and provider questions.
Every clone keeps valid references: a cloned area's `related` points at the clones
of the same set, cloned FAQ entries and questions keep their authorities, sources,
pages and anchors.

    python3 benchmarks/synthetic.py 10 /tmp/kb-10x
"""

from __future__ import annotations

import argparse
import copy
import shutil
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
PROJECT_PARTS = ("data", "content", "overrides", "mkdocs.yml")

# Sizes of the real knowledge base times the factor, as issue 8 defines the 10x base:
# 120 practice areas, 450 FAQ entries, 400 provider questions.
TARGETS = {"areas": 12, "faq": 45, "questions": 40}


def copy_project(src: Path, dest: Path) -> None:
    """Copy the inputs of a site build (not build/ or site/) from src to dest."""
    dest.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        s, d = src / part, dest / part
        if d.exists():
            shutil.rmtree(d) if d.is_dir() else d.unlink()
        if s.is_dir():
            shutil.copytree(s, d)
        elif s.is_file():
            shutil.copy2(s, d)


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def _read(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)


def _write(path: Path, data: Any) -> None:
    text = yaml.dump(data, Dumper=_DUMPER, sort_keys=False, allow_unicode=True, width=100)
    path.write_text("# synthetic: cloned from the real data/ by benchmarks/synthetic.py\n" + text, encoding="utf-8")


def _variant(text: str, n: int, end: str = "") -> str:
    """Text renamed for clone n, kept within the schema's 400-character lines."""
    base = text[: -len(end)] if end and text.endswith(end) else text
    suffix = f" (variant {n})"
    return base[: 400 - len(suffix) - len(end)] + suffix + end


def _grow_areas(data: Path, target: int) -> int:
    folder = data / "practice_areas"
    originals = {p.stem: _read(p) for p in sorted(folder.glob("*.yml"))}
    total, n = len(originals), 1
    while total < target:
        # Related areas point at clones of the same set when the set is complete; a partial last set
        # points back at the originals, so references stay valid either way.
        complete = total + len(originals) <= target
        for ident, area in originals.items():
            if total >= target:
                break
            clone = copy.deepcopy(area)
            clone["id"] = f"{ident}-s{n}"
            clone["name"] = _variant(area["name"], n)
            clone["related"] = [f"{r}-s{n}" if complete else r for r in area.get("related", [])]
            _write(folder / f"{clone['id']}.yml", clone)
            total += 1
        n += 1
    return total


def _grow_list(items: list[dict[str, Any]], target: int, text_key: str, end: str = "") -> list[dict[str, Any]]:
    out = list(items)
    n = 1
    while len(out) < target:
        for item in items:
            if len(out) >= target:
                break
            clone = copy.deepcopy(item)
            clone["id"] = f"{item['id']}-s{n}"
            clone[text_key] = _variant(item[text_key], n, end)
            out.append(clone)
        n += 1
    return out


def _grow_faq(data: Path, target: int) -> int:
    path = data / "faq.yml"
    faq = _read(path)
    faq["items"] = _grow_list(faq["items"], target, "question", "?")
    _write(path, faq)
    return len(faq["items"])


def _grow_questions(data: Path, target: int) -> int:
    path = data / "provider_evaluation.yml"
    ev = _read(path)
    groups = ev["groups"]
    have = sum(len(g["questions"]) for g in groups)
    # Grow each group in proportion to its size; the last group takes the rounding.
    done = 0
    for i, g in enumerate(groups):
        share = target - done if i == len(groups) - 1 else round(target * len(g["questions"]) / have)
        g["questions"] = _grow_list(g["questions"], max(share, len(g["questions"])), "question")
        done += len(g["questions"])
    _write(path, ev)
    return done


def make(factor: int, dest: Path, src: Path = ROOT) -> dict[str, int]:
    """Write a project `factor` times larger than src's into dest; return the item counts."""
    copy_project(src, dest)
    data = dest / "data"
    if factor <= 1:
        return {"areas": 12, "faq": len(_read(data / "faq.yml")["items"]), "questions": 40}
    return {
        "areas": _grow_areas(data, TARGETS["areas"] * factor),
        "faq": _grow_faq(data, TARGETS["faq"] * factor),
        "questions": _grow_questions(data, TARGETS["questions"] * factor),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("factor", type=int, help="how many times larger, for example 10 or 100")
    parser.add_argument("dest", type=Path, help="project folder to write (data/, content/, overrides/, mkdocs.yml)")
    args = parser.parse_args(argv)
    counts = make(args.factor, args.dest)
    print(
        f"wrote {args.dest}: {counts['areas']} practice areas, {counts['faq']} FAQ entries, "
        f"{counts['questions']} provider questions"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
