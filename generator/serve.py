"""`paralegal-kb serve`: MkDocs' live-reload server plus our own watcher on data/ and content/.

MkDocs watches build/docs; we watch the inputs. When a YAML or Markdown input
changes we regenerate and rewrite only the generated files whose text changed, so
MkDocs rebuilds and the browser reloads. A broken edit prints FILE:LINE:COLUMN
problems and keeps serving the last good pages.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import click

from generator.build import Project, generate, write_docs
from generator.errors import InputError, KBError

POLL_SECONDS = 0.5


def _snapshot(*folders: Path) -> dict[Path, float]:
    out: dict[Path, float] = {}
    for folder in folders:
        for path in folder.rglob("*"):
            if path.is_file():
                try:
                    out[path] = path.stat().st_mtime_ns
                except FileNotFoundError:
                    pass
    return out


def regenerate(project: Project) -> list[str]:
    """Regenerate build/docs from the inputs; return the generated files that changed."""
    _, generated = generate(project)
    return write_docs(project, generated)


def _watch(project: Project, stop: threading.Event) -> None:
    folders = (project.data, project.content)
    last = _snapshot(*folders)
    while not stop.wait(POLL_SECONDS):
        now = _snapshot(*folders)
        if now == last:
            continue
        last = now
        try:
            changed = regenerate(project)
        except InputError as e:
            for problem in e.problems:
                click.echo(str(problem), err=True)
            click.echo(f"{len(e.problems)} problem(s); still serving the last good pages.", err=True)
            continue
        except KBError as e:
            click.echo(f"error: {e}", err=True)
            continue
        if changed:
            click.echo(f"regenerated {len(changed)} file(s): {', '.join(changed[:5])}{' ...' if len(changed) > 5 else ''}", err=True)


def serve(project: Project, dev_addr: str) -> None:
    """Generate, then serve on dev_addr with live reload until interrupted."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    host = dev_addr.rsplit(":", 1)[0]
    if host not in ("127.0.0.1", "localhost", "::1", "[::1]"):
        click.echo(f"note: serving on {host}, reachable from other machines", err=True)
    regenerate(project)
    from mkdocs.commands.serve import serve as mkdocs_serve

    stop = threading.Event()
    watcher = threading.Thread(target=_watch, args=(project, stop), daemon=True, name="paralegal-kb-watch")
    watcher.start()
    try:
        mkdocs_serve(config_file=str(project.config), livereload=True, dev_addr=dev_addr, strict=False)
    finally:
        stop.set()
        time.sleep(0)
