"""Run every benchmark of issue 8 and write benchmarks/results.md.

    python3 benchmarks/run.py            # full run (about 15 minutes on 2 cores)
    python3 benchmarks/run.py --quick    # smoke mode: each step once, small sizes (CI)

Every figure is a ratio against a baseline measured in the same run. Each round runs
the candidate and its baseline back to back, in alternating order, as cold
subprocesses; the table reports the median, minimum and maximum wall-clock seconds,
and the ratio of the medians. CPU seconds (user + system of the command and all its
children, from wait4) are shown beside it because they vary less when other work
shares the machine. Peak memory is the largest resident set of the command or any
process it waited for.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Self

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import synthetic  # a sibling script, not a package

FIRMS = ROOT / "data" / "firms"


# ------------------------------------------------------------------- measuring


@dataclass
class Run:
    """One timed subprocess: wall and CPU seconds, peak resident memory."""

    wall: float
    cpu: float
    rss_mib: float


@dataclass
class Series:
    """Repeated runs of one command."""

    name: str
    argv: list[str]
    runs: list[Run] = field(default_factory=list)

    def wall(self) -> list[float]:
        return [r.wall for r in self.runs]

    def cpu(self) -> list[float]:
        return [r.cpu for r in self.runs]

    @property
    def median(self) -> float:
        return statistics.median(self.wall())

    @property
    def cpu_median(self) -> float:
        return statistics.median(self.cpu())

    @property
    def rss_max(self) -> float:
        return max(r.rss_mib for r in self.runs)


def environment() -> dict[str, str]:
    env = dict(os.environ)
    env["NO_MKDOCS_2_WARNING"] = "1"
    env.setdefault("PYTHONHASHSEED", "0")
    return env


def run(argv: Sequence[str], *, cwd: Path | None = None) -> Run:
    """Run argv to completion; raise with its output if it fails."""
    start = time.perf_counter()
    proc = subprocess.Popen(list(argv), cwd=cwd, env=environment(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    assert proc.stdout is not None
    output = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    proc.stdout.close()
    if proc.returncode != 0:
        text = output.decode("utf-8", "replace")[-3000:]
        raise RuntimeError(f"{' '.join(argv)} exited {proc.returncode}:\n{text}")
    return Run(wall=wall, cpu=usage.ru_utime + usage.ru_stime, rss_mib=usage.ru_maxrss / 1024)


def alternate(series: Sequence[Series], rounds: int, *, before: Callable[[Series], None] | None = None) -> None:
    """Run each series `rounds` times, interleaved, reversing the order every other round."""
    for i in range(rounds):
        order = list(series) if i % 2 == 0 else list(reversed(series))
        for s in order:
            if before:
                before(s)
            s.runs.append(run(s.argv))


def command(name: str) -> list[str]:
    """The console script installed beside this Python (a venv's bin/), else on PATH."""
    beside = Path(sys.executable).parent / name
    if beside.exists():
        return [str(beside)]
    found = shutil.which(name)
    if found:
        return [found]
    module = {"paralegal-kb": "generator", "mkdocs": "mkdocs"}[name]
    return [sys.executable, "-m", module]


KB = command("paralegal-kb")
MKDOCS = command("mkdocs")


# ------------------------------------------------------------------- the machine


def _busy_seconds() -> float:
    """CPU seconds the whole machine has been busy since boot, all cores (steal counts: it is CPU we lose)."""
    try:
        fields = Path("/proc/stat").read_text(encoding="ascii").splitlines()[0].split()[1:9]
    except OSError:
        return 0.0
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(x) for x in fields)
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def _our_cpu() -> float:
    """CPU seconds of this process and every child it has waited for."""
    me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime


class Others:
    """Measures how many cores other work on the machine used while the block ran."""

    def __enter__(self) -> Self:
        self.start, self.busy, self.ours = time.perf_counter(), _busy_seconds(), _our_cpu()
        self.cores = 0.0
        return self

    def __exit__(self, *exc: object) -> None:
        wall = time.perf_counter() - self.start
        others = (_busy_seconds() - self.busy) - (_our_cpu() - self.ours)
        self.cores = max(0.0, others / wall) if wall > 0 else 0.0


def wait_for_quiet(limit: float, threshold: float = 0.3) -> tuple[float, float]:
    """Wait (up to `limit` seconds) until other work uses under `threshold` cores; return (waited, cores)."""
    start = time.perf_counter()
    while True:
        with Others() as o:
            time.sleep(3)
        waited = time.perf_counter() - start
        if o.cores < threshold or waited >= limit:
            return waited, o.cores
        time.sleep(min(10.0, max(0.0, limit - waited)))


# ------------------------------------------------------------------- results


@dataclass
class Row:
    """One line of the results table."""

    benchmark: str
    candidate: Series | None
    baseline: Series | None
    ratio: float | None
    cpu_ratio: float | None
    goal: str
    met: bool | None
    note: str = ""
    others: float | None = None  # cores used by other work while the benchmark ran


def _fmt(values: list[float]) -> str:
    if not values:
        return "-"
    return f"{statistics.median(values):.2f} ({min(values):.2f}-{max(values):.2f})"


def _ratio_row(benchmark: str, cand: Series, base: Series, limit: float, note: str = "") -> Row:
    ratio = cand.median / base.median
    cpu_ratio = cand.cpu_median / base.cpu_median if base.cpu_median else None
    return Row(benchmark, cand, base, ratio, cpu_ratio, f"<= {limit:.2f}", ratio <= limit, note)


def write_results(path: Path, rows: list[Row], extra: list[str], args: argparse.Namespace, started: float) -> None:
    load = os.getloadavg()
    lines = [
        "# Benchmark results",
        "",
        (
            f"Written by `python3 benchmarks/run.py{' --quick' if args.quick else ''}` "
            f"on {dt.datetime.now().astimezone().strftime('%Y-%m-%d %H:%M %Z')}."
        ),
        "",
        f"- machine: {os.cpu_count()} cores, {platform.machine()}, {platform.system()} {platform.release()}",
        f"- Python {platform.python_version()} ({sys.executable})",
        (
            f"- load average at the end: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} "
            "(above the core count means other work shared the machine)"
        ),
        f"- rounds: {args.rounds}; total time {time.perf_counter() - started:.0f} s",
        "",
        "Wall-clock seconds as median (min-max) over the rounds; every command runs as a cold subprocess, and the",
        "candidate and its baseline alternate within each round. The ratio is candidate median / baseline median;",
        "the CPU ratio is the same for user + system seconds of the command and its children. Other load is the",
        "average number of cores that other work on the machine (or the hypervisor: steal) used during that",
        "benchmark, from /proc/stat: 0 means the machine was ours; on 2 cores, 1 means half of it was taken.",
        (
            f"Before each benchmark the run waited up to {args.wait:.0f} s for the machine to be quiet "
            "(under 0.3 cores of other work)."
        ),
        "",
        (
            "| benchmark | candidate: s median (min-max) | baseline: s median (min-max) | ratio | CPU ratio | goal "
            "| met | other load (cores) |"
        ),
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        met = "-" if r.met is None else ("met" if r.met else "**not met**")
        ratio = "-" if r.ratio is None else f"{r.ratio:.2f}"
        cpu = "-" if r.cpu_ratio is None else f"{r.cpu_ratio:.2f}"
        cand = f"{r.candidate.name}: {_fmt(r.candidate.wall())}" if r.candidate else "-"
        base = f"{r.baseline.name}: {_fmt(r.baseline.wall())}" if r.baseline else "-"
        others = "-" if r.others is None else f"{r.others:.2f}"
        lines.append(f"| {r.benchmark} | {cand} | {base} | {ratio} | {cpu} | {r.goal} | {met} | {others} |")
    notes = [f"- {r.benchmark}: {r.note}" for r in rows if r.note]
    if notes:
        lines += ["", "Notes:", "", *notes]
    if extra:
        lines += ["", *extra]
    written = HERE / "notes.md"  # hand-written: what was slow and what changed it
    if written.is_file() and not args.quick:
        lines += ["", written.read_text(encoding="utf-8").rstrip()]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


# ------------------------------------------------------------------- benchmarks


def site_project(work: Path, factor: int) -> Path:
    """A project folder of the real (factor 1) or a synthetic knowledge base, generated once."""
    dest = work / f"kb-{factor}x"
    if not dest.exists():
        synthetic.make(factor, dest)
    return dest


def build_cmd(project: Path, out: str) -> list[str]:
    return [*KB, "build", "--root", str(project), "-o", str(project / out)]


def bench_site(work: Path, rounds: int) -> tuple[Row, Series]:
    """1. `paralegal-kb build` against `mkdocs build` of the same generated docs."""
    project = site_project(work, 1)
    run(build_cmd(project, "site-warmup"))  # writes build/docs and build/mkdocs.yml for the baseline
    ours = Series("paralegal-kb build", build_cmd(project, "site-kb"))
    plain = Series(
        "mkdocs build",
        [*MKDOCS, "build", "-q", "-f", str(project / "build" / "mkdocs.yml"), "-d", str(project / "site-mkdocs")],
    )
    alternate([ours, plain], rounds)
    return _ratio_row("1. site build", ours, plain, 1.10), ours


def bench_scale(work: Path, rounds: int, factor: int, big: int | None) -> tuple[Row, str]:
    """4. build time of a knowledge base `factor` times larger against the real one; `big` must still build."""
    real = Series("real KB (1x)", build_cmd(site_project(work, 1), "site-kb"))
    large_project = site_project(work, factor)
    large = Series(f"synthetic {factor}x", build_cmd(large_project, "site-kb"))
    alternate([large, real], rounds)
    cpu = large.cpu_median / real.cpu_median
    row = Row(f"4. scale: {factor}x KB build", large, real, large.median / real.median, cpu,
              f"<= {factor}", large.median / real.median <= factor,
              "synthetic KB: practice areas, FAQ entries and provider questions cloned under new ids (synthetic.py); "
              "other files as in data/")  # fmt: skip
    note = ""
    if big:
        project = site_project(work, big)
        what = f"Scale {big}x ({_counts(project)})"
        try:
            r = run(build_cmd(project, "site-kb"))
            note = f"{what}: built in {r.wall:.1f} s wall, {r.cpu:.1f} s CPU, peak {r.rss_mib:.0f} MiB."
        except RuntimeError as e:
            refused = [ln.strip() for ln in str(e).splitlines() if "the limit is" in ln]
            note = f"{what}: **refused** by `paralegal-kb build`: " + ("; ".join(refused) or str(e)[-400:])
            if refused:  # measure the pipeline itself with the loader's per-file size limit lifted
                lifted = [sys.executable, "-c", LIFTED_LIMIT, "build", "--root", str(project), "-o",
                          str(project / "site-kb")]  # fmt: skip
                r = run(lifted)
                note += (f". With the limit lifted for this run only (generator.load size limits = 64 MiB) it "
                         f"builds in {r.wall:.1f} s wall, {r.cpu:.1f} s CPU, peak {r.rss_mib:.0f} MiB.")  # fmt: skip
    return row, note


LIFTED_LIMIT = """
import sys
import generator.load
generator.load.MAX_BYTES = generator.load.DATA_MAX_BYTES = 64 * 1024 * 1024
from generator.cli import main
main(sys.argv[1:], prog_name="paralegal-kb")
"""


def _counts(project: Path) -> str:
    data = project / "data"
    areas = len(list((data / "practice_areas").glob("*.yml")))
    faq = synthetic._read(data / "faq.yml")["items"]
    questions = sum(len(g["questions"]) for g in synthetic._read(data / "provider_evaluation.yml")["groups"])
    return f"{areas} practice areas, {len(faq)} FAQ entries, {questions} provider questions"


def bench_startup(rounds: int) -> Row:
    """5. `paralegal-kb --help` against `mkdocs --help`."""
    ours = Series("paralegal-kb --help", [*KB, "--help"])
    plain = Series("mkdocs --help", [*MKDOCS, "--help"])
    alternate([ours, plain], rounds)
    return _ratio_row("5. start-up", ours, plain, 1.0)


def packets_ready() -> bool:
    try:
        import generator.packets  # noqa: F401
    except Exception:  # noqa: BLE001  still being written, or broken: report the packets as not run
        return False
    return True


def firm_copies(work: Path, n: int) -> list[Path]:
    """n copies of the example firm profiles, each with a distinct firm name."""
    folder = work / f"firms-{n}"
    if folder.exists():
        return sorted(folder.glob("*.yml"))
    folder.mkdir(parents=True)
    examples = sorted(FIRMS.glob("*.yml"))
    for i in range(n):
        src = examples[i % len(examples)]
        text = src.read_text(encoding="utf-8")
        lines = []
        renamed = False
        for line in text.splitlines():
            stripped = line.strip()
            if not renamed and stripped.startswith("name:") and line.startswith("  "):
                value = stripped.removeprefix("name:").strip().strip("\"'")
                line = f'{line[: len(line) - len(line.lstrip())]}name: "{value} {i + 1:02d}"'
                renamed = True
            lines.append(line)
        for asset in src.parent.iterdir():  # logos and template folders the profiles refer to
            if asset.suffix not in (".yml", ".yaml") and not (folder / asset.name).exists():
                (shutil.copytree if asset.is_dir() else shutil.copy2)(asset, folder / asset.name)
        (folder / f"firm-{i + 1:02d}.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return sorted(folder.glob("*.yml"))


# The baseline: WeasyPrint renders the packet's HTML twin (its CSS inline) with the packet's own PDF options.
WEASYPRINT_ALONE = """
import sys
from weasyprint import HTML
from generator.pdf import PDF_OPTIONS  # the options dict only; generator.pdf imports nothing heavy
HTML(filename=sys.argv[1]).write_pdf(sys.argv[2], **PDF_OPTIONS)
"""


def packet_cmd(project: Path, firms: Sequence[Path], out: Path, jobs: int) -> list[str]:
    return [*KB, "packet", "--root", str(project), *map(str, firms), "-o", str(out), "-j", str(jobs)]


def bench_packet(work: Path, rounds: int) -> tuple[Row, Series]:
    """2. one packet against WeasyPrint alone rendering the packet's HTML twin, both cold subprocesses."""
    project = site_project(work, 1)
    firm = FIRMS / "harbor-vale.yml"
    out = work / "packet-one"
    run(packet_cmd(project, [firm], out, 1))
    htmls = sorted(out.glob("*.html"))
    if not htmls:
        raise RuntimeError(f"the packet command wrote no HTML twin into {out}")
    ours = Series("paralegal-kb packet", packet_cmd(project, [firm], out, 1))
    alone = Series("weasyprint alone", [sys.executable, "-c", WEASYPRINT_ALONE, str(htmls[0]), str(work / "alone.pdf")])
    alternate([ours, alone], rounds)
    return _ratio_row("2. one packet", ours, alone, 1.25,
                      "both cold subprocesses; WeasyPrint alone = import weasyprint, "
                      "HTML(twin).write_pdf(**PDF_OPTIONS) of the HTML twin the packet command wrote"), ours  # fmt: skip


def bench_batch(work: Path, rounds: int, n: int, lone: Series) -> list[Row]:
    """3. n packets on all cores against the same n one after another."""
    project = site_project(work, 1)
    firms = firm_copies(work, n)
    cores = os.cpu_count() or 1
    par = Series(f"{n} packets, -j {cores}", packet_cmd(project, firms, work / "batch-par", cores))
    seq = Series(f"{n} packets, -j 1", packet_cmd(project, firms, work / "batch-seq", 1))
    alternate([par, seq], rounds)
    speedup = seq.median / par.median
    per_packet = par.median / n / lone.median
    return [
        Row(f"3a. batch speed-up ({cores} cores)", par, seq, speedup, seq.cpu_median / par.cpu_median,
            ">= 1.80 (sequential / parallel)", speedup >= 1.8, "ratio here is sequential / parallel wall time"),
        Row("3b. per-packet cost in a batch", None, None, per_packet, None, "<= 0.60 of a lone packet",
            per_packet <= 0.6, f"parallel batch wall / {n} / lone `paralegal-kb packet` wall "
            f"({par.median:.2f} / {n} / {lone.median:.2f})"),
    ]  # fmt: skip


# ------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run the benchmarks of issue 8 and write a results table.")
    parser.add_argument("--quick", action="store_true", help="smoke mode: one round, small sizes, no 100x build")
    parser.add_argument("--rounds", type=int, default=None, help="rounds per comparison (default 7; quick: 1)")
    parser.add_argument("--out", type=Path, default=HERE / "results.md", help="results file to write")
    parser.add_argument("--work", type=Path, default=None, help="scratch folder (default: a new temporary folder)")
    parser.add_argument("--wait", type=float, default=None,
                        help="seconds to wait for a quiet machine before each benchmark (default 600; quick: 0)")  # fmt: skip
    parser.add_argument("--only", default="site,packet,batch,scale,startup",
                        help="comma-separated subset of site,packet,batch,scale,startup")  # fmt: skip
    args = parser.parse_args(argv)
    args.rounds = args.rounds or (1 if args.quick else 7)
    args.wait = args.wait if args.wait is not None else (0.0 if args.quick else 600.0)
    only = set(args.only.split(","))
    started = time.perf_counter()
    work = args.work or Path(tempfile.mkdtemp(prefix="paralegal-kb-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    rows: list[Row] = []
    extra: list[str] = []
    memory: list[str] = []

    def step(name: str) -> None:
        print(f"[{time.perf_counter() - started:6.1f}s] {name}", file=sys.stderr, flush=True)

    def measured(name: str, bench: Callable[[], Row | list[Row]]) -> list[Row]:
        """Wait for a quiet machine, run one benchmark, and note the other load during it."""
        if args.wait > 0:
            waited, cores = wait_for_quiet(args.wait)
            step(f"{name} (waited {waited:.0f} s for quiet: other load {cores:.2f} cores)")
        else:
            step(name)
        with Others() as o:
            out = bench()
        result = out if isinstance(out, list) else [out]
        for r in result:
            r.others = o.cores
        return result

    try:
        if "startup" in only:
            rows += measured("start-up", lambda: bench_startup(args.rounds * (1 if args.quick else 3)))
        if "site" in only:
            site_project(work, 1)
            (row,) = measured("site build", lambda: bench_site(work, args.rounds)[0])
            rows.append(row)
            if row.candidate and row.baseline:
                memory.append(
                    f"| site build (`paralegal-kb build`, with its MkDocs process) | {row.candidate.rss_max:.0f} |"
                )
                memory.append(f"| plain `mkdocs build` | {row.baseline.rss_max:.0f} |")
        if "packet" in only or "batch" in only:
            if not packets_ready():
                rows.append(Row("2./3. packets", None, None, None, None, "-", None,
                                "not run: generator.packets is not importable yet"))  # fmt: skip
            else:
                (row,) = measured("one packet", lambda: bench_packet(work, args.rounds)[0])
                rows.append(row)
                lone = row.candidate
                assert lone is not None
                memory.append(f"| one packet (`paralegal-kb packet -j 1`: one worker) | {lone.rss_max:.0f} |")
                if "batch" in only:
                    n = 2 if args.quick else 24
                    firm_copies(work, n)
                    rows += measured("batch", lambda: bench_batch(work, max(1, args.rounds // 2), n, lone))
                    batch = rows[-2].candidate
                    if batch:
                        memory.append(f"| {batch.name} (largest process: main or a worker) | {batch.rss_max:.0f} |")
        if "scale" in only:
            factor, big = (2, None) if args.quick else (10, 100)
            site_project(work, factor)
            notes: list[str] = []

            def scale() -> Row:
                row, note = bench_scale(work, max(1, args.rounds // 2), factor, big)
                notes.append(note)
                return row

            rows += measured("scale", scale)
            extra += [n for n in notes if n]
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)
    memory = [m for m in memory if m]
    if memory:
        extra += ["", "6. Peak memory (max RSS, MiB; the largest of the command and the processes it waited for):",
                  "", "| process | peak RSS MiB |", "|---|---|", *memory]  # fmt: skip
    write_results(args.out, rows, extra, args, started)
    step(f"wrote {args.out}")
    print(args.out.read_text(encoding="utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
