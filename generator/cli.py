"""The `paralegal-kb` command line: the only place that turns errors into output and exit codes.

Exit codes: 0 done; 1 the input is wrong (messages say where); 2 usage errors.
Heavy libraries (MkDocs, WeasyPrint, pydantic models) are imported inside the
commands that use them, so `--help` stays fast.
"""

from __future__ import annotations

import functools
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])


def _project(root: str | None) -> Any:
    from generator.build import Project

    return Project(Path(root).resolve() if root else Path.cwd())


def reports_errors(func: F) -> F:
    """Turn KBError into 'FILE:LINE:COLUMN: ...' lines and exit 1 (traceback only with --debug)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from generator.errors import InputError, KBError

        ctx = click.get_current_context()
        debug = bool(ctx.find_root().params.get("debug"))
        try:
            return func(*args, **kwargs)
        except InputError as e:
            if debug:
                raise
            for problem in e.problems:
                click.echo(str(problem), err=True)
            n = len(e.problems)
            click.echo(f"{n} problem{'s' if n != 1 else ''} found.", err=True)
            sys.exit(1)
        except KBError as e:
            if debug:
                raise
            click.echo(f"error: {e}", err=True)
            sys.exit(1)

    return wrapper  # type: ignore[return-value]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show tracebacks instead of short messages.")
@click.version_option(package_name="paralegal-kb")
def main(debug: bool) -> None:
    """Build the paralegal knowledge base, onboarding packets and the ethics checklist."""


ROOT = click.option(
    "--root",
    type=click.Path(file_okay=False, exists=True),
    default=None,
    help="Project folder holding data/, content/ and mkdocs.yml (default: current folder).",
)


@main.command()
@ROOT
@click.argument("firms", nargs=-1, type=click.Path(dir_okay=True))
@reports_errors
def validate(root: str | None, firms: tuple[str, ...]) -> None:
    """Check data/ (and any FIRM.yml profiles) and report every problem at once."""
    from generator.build import generate
    from generator.errors import InputError, Problem
    from generator.model import load_firm

    project = _project(root)
    problems: list[Problem] = []
    try:
        kb, generated = generate(project)
    except InputError as e:
        raise InputError(e.problems) from None
    for firm in _profile_paths(firms):
        try:
            load_firm(firm, kb)
        except InputError as e:
            problems += e.problems
    if problems:
        raise InputError(problems)
    n_profiles = len(_profile_paths(firms))
    click.echo(
        f"ok: data/ is valid ({len(kb.practice_areas)} practice areas, {len(kb.faq.items)} FAQ entries, "
        f"{len(kb.authorities.items)} authorities, {len(generated.files)} site files)"
        + (f"; {n_profiles} firm profile(s) valid" if n_profiles else "")
    )


def _profile_paths(args: tuple[str, ...]) -> list[Path]:
    out: list[Path] = []
    for arg in args:
        p = Path(arg)
        out += sorted(p.glob("*.yml")) + sorted(p.glob("*.yaml")) if p.is_dir() else [p]
    return out


@main.command()
@ROOT
@click.option("-o", "--out", type=click.Path(file_okay=False), default=None, help="Output folder (default: site/).")
@click.option("--offline", is_flag=True, help="Build a site that works opened from files, and zip it.")
@reports_errors
def build(root: str | None, out: str | None, offline: bool) -> None:
    """Generate pages from data/ and build the site with MkDocs (strict) into site/."""
    from generator.mkdocs_run import MkDocsChild, run_mkdocs

    start = time.perf_counter()
    # Forked before the generator's own imports, so MkDocs loads on another core meanwhile.
    mkdocs = None if offline else MkDocsChild(run_mkdocs)
    from generator.build import build_site

    project = _project(root)
    if offline:
        from generator.offline import build_offline

        site, archive = build_offline(project, out=Path(out) if out else None)
        click.echo(f"built offline site {site} and {archive} in {time.perf_counter() - start:.1f}s")
        return
    _, generated = build_site(project, out=Path(out) if out else None, mkdocs=mkdocs)
    pages = sum(1 for f in generated.files if f.endswith(".md"))
    click.echo(f"built {pages} pages into {out or project.site} in {time.perf_counter() - start:.1f}s")


@main.command()
@ROOT
@click.option("-a", "--dev-addr", default="127.0.0.1:8000", show_default=True, help="Address to serve on.")
@reports_errors
def serve(root: str | None, dev_addr: str) -> None:
    """Serve the site with live reload; editing data/ or content/ regenerates the pages."""
    from generator.serve import serve as run

    run(_project(root), dev_addr)


@main.command()
@ROOT
@click.argument("firms", nargs=-1, required=True, type=click.Path())
@click.option("-o", "--out", type=click.Path(file_okay=False), default="packets", show_default=True, help="Output folder.")
@click.option("-j", "--jobs", type=int, default=0, help="Parallel workers (default: all cores).")
@reports_errors
def packet(root: str | None, firms: tuple[str, ...], out: str, jobs: int) -> None:
    """Write each firm profile's onboarding packet: OUT/<firm>-onboarding.pdf and .html."""
    from generator.packets import build_packets

    build_packets(_project(root), _profile_paths(firms), Path(out), jobs=jobs)


@main.command()
@ROOT
@click.option("--jurisdiction", "-J", multiple=True, help="Add a jurisdiction's items, e.g. CA (repeatable).")
@click.option("-o", "--out", type=click.Path(dir_okay=False), default=None, help="Output PDF (default: packets/ethics-checklist[-CA].pdf).")
@reports_errors
def checklist(root: str | None, jurisdiction: tuple[str, ...], out: str | None) -> None:
    """Write the paralegal ethics checklist as a PDF for signing."""
    from generator.packets import build_checklist

    path = build_checklist(_project(root), [j.upper() for j in jurisdiction], Path(out) if out else None)
    click.echo(f"wrote {path}")


@main.command("new-firm")
@click.argument("path", type=click.Path(dir_okay=False), default="firm.yml")
@reports_errors
def new_firm(path: str) -> None:
    """Write a commented starter firm profile to PATH (never overwrites)."""
    from generator.starter import write_starter

    write_starter(Path(path))
    click.echo(f"wrote {path}: fill it in, then run: paralegal-kb validate {path}")


@main.command()
@click.option("--kind", type=click.Choice(["firm-profile", "data"]), default="firm-profile", show_default=True)
def schema(kind: str) -> None:
    """Print the JSON Schema of a firm profile (or of every data file)."""
    import json

    from generator.jsonschema import data_schemas, firm_schema

    click.echo(json.dumps(firm_schema() if kind == "firm-profile" else data_schemas(), indent=2, sort_keys=True))


if __name__ == "__main__":  # pragma: no cover
    main()
