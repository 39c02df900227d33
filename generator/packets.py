"""Build onboarding packets and the printable ethics checklist: load, validate, render, write.

`build_packets` loads the knowledge base once, validates every profile (a bad one
is reported and the rest still build), renders the good ones on all cores with a
progress bar, and writes each packet whole or not at all: the PDF and its HTML
twin are rendered in memory, then each is written to a temporary file and renamed
over the old one, so an earlier packet survives a failed run.

File names: `<slug>-onboarding.pdf` and `.html`, where the slug is the firm name
folded to ASCII letters and digits joined by hyphens (at most 60 characters). A
name with no ASCII letters or digits (for example one in Chinese or Greek) takes
the profile's file name instead. No slug can hold a path separator, a dot or a
Windows device name, so `../../x` becomes `x`. When two profiles in one run give
the same file name, neither is built and both are reported: packets never
silently overwrite each other.
"""

from __future__ import annotations

import concurrent.futures as cf
import datetime as dt
import hashlib
import html
import os
import re
import sys
import time
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from generator.errors import InputError, KBError, Problem
from generator.model import KnowledgeBase, LoadedFirm, load_firm, load_knowledge_base
from generator.write import atomic_write

if TYPE_CHECKING:
    from generator.build import Project
    from generator.pdf import PdfWriter

SLUG_MAX = 60
_WINDOWS_DEVICES = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}


def slugify(text: str) -> str:
    """Fold text to 'lower-case-ascii-words'; '' when nothing is left."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    slug = slug[:SLUG_MAX].rstrip("-")
    return f"firm-{slug}" if slug in _WINDOWS_DEVICES else slug


def firm_slug(name: str, profile: Path) -> str:
    """The packet's file-name stem: from the firm name, else the profile's file name, else a hash."""
    return slugify(name) or slugify(profile.stem) or "firm-" + hashlib.sha256(name.encode()).hexdigest()[:8]


def packet_paths(out: Path, slug: str) -> tuple[Path, Path]:
    """Where a packet's PDF and HTML twin go."""
    return out / f"{slug}-onboarding.pdf", out / f"{slug}-onboarding.html"


# --------------------------------------------------------------------------- one worker


@dataclass
class _Worker:
    """What a process keeps between packets: the knowledge base and the PDF writer."""

    data: Path
    kb: KnowledgeBase
    writer: PdfWriter | None = None

    def pdf(self) -> PdfWriter:
        if self.writer is None:
            from generator.pdf import PdfWriter
            from generator.render.packet import stylesheet

            self.writer = PdfWriter(stylesheet())
        return self.writer


_STATE: _Worker | None = None


def _init_worker(data: str) -> None:
    """Pool initializer: keep a knowledge base inherited through fork, else load it; never share a writer."""
    global _STATE
    if _STATE is not None and _STATE.data == Path(data):
        _STATE.writer = None
    else:
        _STATE = _Worker(Path(data), load_knowledge_base(Path(data)))


@dataclass(frozen=True)
class Built:
    """One packet written."""

    profile: Path
    pdf: Path
    html: Path
    pages: int
    seconds: float


def render_files(
    kb: KnowledgeBase, firm: LoadedFirm, writer: PdfWriter, prepared: dt.datetime
) -> tuple[bytes, str, int]:
    """Render a packet in memory: (PDF bytes, HTML twin, pages)."""
    from generator.pdf import logo_data_uri, w3c
    from generator.render.packet import render_packet

    logo = logo_data_uri(firm.logo_path) if firm.logo_path else None
    common: dict[str, Any] = {"prepared": prepared.date(), "logo_uri": logo, "created": w3c(prepared)}
    html = render_packet(kb, firm, inline_css=True, **common)
    pdf = writer.render(render_packet(kb, firm, inline_css=False, **common))
    return pdf.data, html, pdf.pages


def _build_one(profile: str, out: str, slug: str, prepared: str) -> Built | list[Problem]:
    """Build one packet in this process; return what was written, or the problems."""
    assert _STATE is not None, "worker not initialised"
    start = time.perf_counter()
    path = Path(profile)
    try:
        firm = load_firm(path, _STATE.kb)
        data, html, pages = render_files(_STATE.kb, firm, _STATE.pdf(), dt.datetime.fromisoformat(prepared))
    except InputError as e:
        return e.problems
    except KBError as e:
        return [Problem(profile, 1, 1, "", f"the packet could not be built: {e}")]
    pdf_path, html_path = packet_paths(Path(out), slug)
    atomic_write(pdf_path, data)
    atomic_write(html_path, html)
    return Built(path, pdf_path, html_path, pages, time.perf_counter() - start)


# --------------------------------------------------------------------------- the batch


_FIRM_META = re.compile(r'<meta name="paralegal-kb-firm" content="([^"]*)">')


def _earlier_firm(out: Path, slug: str) -> str | None:
    """The firm name an earlier packet in `out` was made for, read from its HTML twin."""
    _, html_path = packet_paths(out, slug)
    try:
        head = html_path.read_text(encoding="utf-8", errors="replace")[:4096]
    except OSError:
        return None
    m = _FIRM_META.search(head)
    return html.unescape(m.group(1)) if m else None


def _validate(
    kb: KnowledgeBase, profiles: Sequence[Path], out: Path
) -> tuple[list[tuple[LoadedFirm, str]], list[Problem]]:
    """Load every profile; give each a slug; report slugs two profiles share, in this run or with `out`."""
    problems: list[Problem] = []
    good: list[tuple[LoadedFirm, str]] = []
    for path in profiles:
        if not path.is_file():
            problems.append(Problem(str(path), 1, 1, "", "no such file (give .yml files or folders that hold them)"))
            continue
        try:
            firm = load_firm(path, kb)
        except InputError as e:
            problems += e.problems
            continue
        good.append((firm, firm_slug(firm.profile.firm.name, path)))
    by_slug: dict[str, list[LoadedFirm]] = {}
    for firm, slug in good:
        by_slug.setdefault(slug, []).append(firm)
    clashes = {slug for slug, firms in by_slug.items() if len(firms) > 1}
    for slug in sorted(clashes):
        firms = by_slug[slug]
        for firm in firms:
            others = ", ".join(f"{f.doc.file} ({f.profile.firm.name!r})" for f in firms if f is not firm)
            problems.append(
                firm.doc.problem(
                    ("firm", "name"),
                    f"gives the same packet file name, {slug}-onboarding.pdf, as {others}; "
                    "neither is built: build them into different folders with -o",
                )
            )
    for firm, slug in good:
        earlier = _earlier_firm(out, slug)
        if slug not in clashes and earlier is not None and earlier != firm.profile.firm.name:
            clashes.add(slug)
            problems.append(
                firm.doc.problem(
                    ("firm", "name"),
                    f"{packet_paths(out, slug)[0]} already holds the packet of {earlier!r}, a different firm; "
                    "not overwritten: build into another folder with -o, or remove the earlier packet",
                )
            )
    return [(f, s) for f, s in good if s not in clashes], problems


def _run(tasks: list[tuple[str, str, str, str]], data: Path, jobs: int) -> Iterator[Built | list[Problem]]:
    """Build the tasks, in this process or on a pool; yield results as they finish."""
    if jobs <= 1 or len(tasks) <= 1:
        if _STATE is None or _STATE.data != data:
            _init_worker(str(data))
        for task in tasks:
            yield _build_one(*task)
        return
    with cf.ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=(str(data),)) as pool:
        futures = [pool.submit(_build_one, *task) for task in tasks]
        for future in cf.as_completed(futures):
            try:
                yield future.result()
            except Exception as e:  # noqa: BLE001 - a worker that died: report it against its profile, keep going
                task = tasks[futures.index(future)]
                yield [Problem(task[0], 1, 1, "", f"the packet could not be built: {type(e).__name__}: {e}")]


def build_packets(project: Project, profiles: Sequence[Path], out: Path, *, jobs: int = 0) -> list[Built]:
    """Build every profile's packet into out; raise InputError at the end if any failed."""
    global _STATE
    started = time.perf_counter()
    if not profiles:
        raise KBError("no firm profiles found: give .yml files or folders that hold them")
    kb = load_knowledge_base(project.data)
    if _STATE is None or _STATE.data != project.data:
        _STATE = _Worker(project.data, kb)  # inherited by forked workers, reused in this process
    from generator.pdf import prepared_at

    prepared = prepared_at().isoformat()
    good, problems = _validate(kb, profiles, out)
    tasks = [(str(firm.path), str(out), slug, prepared) for firm, slug in good]
    workers = min(jobs if jobs > 0 else (os.cpu_count() or 1), max(len(tasks), 1))

    built: list[Built] = []
    show_bar = len(tasks) > 1 and sys.stderr.isatty()
    with click.progressbar(
        length=len(tasks), label="Building packets", file=sys.stderr, show_pos=True, hidden=not show_bar
    ) as bar:
        for result in _run(tasks, project.data, workers):
            if isinstance(result, Built):
                built.append(result)
            else:
                problems += result
            bar.update(1)

    for b in sorted(built, key=lambda b: str(b.pdf)):
        click.echo(f"wrote {b.pdf} ({b.pages} pages) and {b.html.name} in {b.seconds:.1f}s")
    failed = len({p.file for p in problems})
    elapsed = time.perf_counter() - started
    click.echo(
        f"{len(built)} packet{'s' if len(built) != 1 else ''} built"
        + (f", {failed} profile{'s' if failed != 1 else ''} failed" if failed else "")
        + f" in {elapsed:.1f}s ({workers} worker{'s' if workers != 1 else ''})",
        err=bool(failed),
    )
    if problems:
        raise InputError(problems)
    return built


# --------------------------------------------------------------------------- the checklist


def build_checklist(project: Project, jurisdictions: Sequence[str], out: Path | None) -> Path:
    """Write the printable ethics checklist PDF; return its path."""
    from generator.firm import US_JURISDICTIONS
    from generator.pdf import PdfWriter, prepared_at, w3c
    from generator.render.packet import render_checklist, stylesheet

    codes = list(dict.fromkeys(j.upper() for j in jurisdictions))
    unknown = [c for c in codes if c not in US_JURISDICTIONS]
    if unknown:
        raise KBError(
            f"unknown jurisdiction {', '.join(map(repr, unknown))}: use US state or territory codes such as CA"
        )
    kb = load_knowledge_base(project.data)
    prepared = prepared_at()
    html = render_checklist(kb, codes, prepared=prepared.date(), inline_css=False, created=w3c(prepared))
    rendered = PdfWriter(stylesheet()).render(html)
    path = out or project.root / "packets" / ("ethics-checklist" + "".join(f"-{c}" for c in codes) + ".pdf")
    atomic_write(path, rendered.data)
    return path
