"""The benchmarks run (smoke mode only): every step runs and the results table is written.

Timings are never asserted here: CI machines are shared and noisy. The timed run is
`python3 benchmarks/run.py` on a quiet 2-core machine; see benchmarks/results.md.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import synthetic


def test_synthetic_kb_is_valid(tmp_path: Path) -> None:
    from generator.model import load_knowledge_base

    counts = synthetic.make(3, tmp_path / "kb")
    assert counts == {"areas": 36, "faq": 135, "questions": 120}
    kb = load_knowledge_base(tmp_path / "kb" / "data")  # every cloned reference resolves
    assert len(kb.practice_areas) == 36
    assert len(kb.faq.items) == 135
    assert sum(len(g.questions) for g in kb.provider_evaluation.groups) == 120
    assert len({a.name for a in kb.practice_areas}) == 36


@pytest.mark.slow
def test_quick_benchmarks_write_results(tmp_path: Path) -> None:
    out = tmp_path / "results.md"
    proc = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "run.py"),
            "--quick",
            "--out",
            str(out),
            "--work",
            str(tmp_path / "w"),
        ],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    text = out.read_text(encoding="utf-8")
    assert "| benchmark |" in text and "cores" in text and "Python" in text
    for name in (
        "1. site build",
        "2. one packet",
        "3a. batch speed-up",
        "3b. per-packet cost",
        "4. scale",
        "5. start-up",
    ):
        assert name in text, name
    assert "Peak memory" in text
