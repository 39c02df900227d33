"""Run MkDocs strictly, in-process or in a child process that imports it while the parent generates.

Importing MkDocs, the theme's plugins and the Markdown extensions takes about as long
as generating the pages (0.2-0.3 s each). On a machine with two or more cores, a child
forked before generation does the imports at the same time, then waits for the docs
and builds them; the parent hands over the config path and its environment. Where
fork is unavailable or unsafe (one core, threads running), MkDocs runs in-process.
"""

from __future__ import annotations

import importlib
import json
import logging
import os
import pickle
import signal
import sys
import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from generator.errors import BuildError
from generator.jinja_cache import bytecode_cache

# What `load_config` and `build` import for our mkdocs.yml; anything missing is skipped.
PRELOAD = (
    "mkdocs.commands.build",
    "mkdocs.config",
    "mkdocs.config.defaults",
    "material.plugins.search.plugin",
    "material.plugins.tags.plugin",
    "material.templates",
    "markdown.extensions.abbr",
    "markdown.extensions.admonition",
    "markdown.extensions.attr_list",
    "markdown.extensions.codehilite",
    "markdown.extensions.def_list",
    "markdown.extensions.fenced_code",
    "markdown.extensions.footnotes",
    "markdown.extensions.md_in_html",
    "markdown.extensions.tables",
    "markdown.extensions.toc",
    "pymdownx.details",
    "pymdownx.escapeall",
    "pymdownx.highlight",
    "pymdownx.superfences",
    "pygments.formatters.html",
    "colorama",
)

Runner = Callable[[Path, Path], float]


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _cache_theme_templates(cfg: Any) -> None:
    """Keep the theme's compiled templates between builds (about 0.15 s a build); the output is the same."""
    get_env = getattr(cfg.theme, "get_env", None)
    if get_env is None:  # not the MkDocs we know: build as it is
        return

    def get_cached_env() -> Any:
        env = get_env()
        if getattr(env, "bytecode_cache", True) is None:
            env.bytecode_cache = bytecode_cache(env, "mkdocs-theme")
        return env

    cfg.theme.get_env = get_cached_env


def run_mkdocs(config_file: Path, site_dir: Path) -> float:
    """Build with MkDocs in strict mode into site_dir; return seconds taken."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    collect = _Collect()
    log = logging.getLogger("mkdocs")
    log.addHandler(collect)
    start = time.perf_counter()
    try:
        cfg = load_config(config_file=str(config_file), site_dir=str(site_dir), strict=True)
        _cache_theme_templates(cfg)
        mkdocs_build(cfg)
    except (Abort, ConfigurationError, SystemExit) as e:
        detail = "\n".join(f"  {m}" for m in collect.messages) or f"  {e}"
        raise BuildError(f"MkDocs build failed (strict mode: warnings are errors):\n{detail}") from None
    except Exception as e:  # a Markdown extension or the theme failed: say which, keep the traceback for --debug
        raise BuildError(f"MkDocs build failed: {type(e).__name__}: {e}") from e
    finally:
        log.removeHandler(collect)
    if collect.messages:
        raise BuildError("MkDocs reported warnings:\n" + "\n".join(f"  {m}" for m in collect.messages))
    return time.perf_counter() - start


def _can_fork() -> bool:
    return (
        hasattr(os, "fork")
        and (os.cpu_count() or 1) > 1
        and threading.active_count() == 1  # forking with threads running can deadlock the child
        and os.environ.get("PARALEGAL_KB_FORK", "1") != "0"
    )


class MkDocsChild:
    """A forked process that preloads MkDocs, then runs `run(config, site_dir)` when asked."""

    def __init__(self, run: Runner) -> None:
        self._run = run
        self.pid = 0
        self._go = self._result = -1
        if not _can_fork():
            return
        go_r, go_w = os.pipe()
        res_r, res_w = os.pipe()
        sys.stdout.flush()
        sys.stderr.flush()
        parent = os.getpid()
        pid = os.fork()
        if pid == 0:  # the child: never returns
            code = 1
            try:
                _die_with(parent)
                os.close(go_w)
                os.close(res_r)
                _child(go_r, res_w, run)
                code = 0
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(code)
        os.close(go_r)
        os.close(res_w)
        self.pid, self._go, self._result = pid, go_w, res_r

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def run(self, config_file: Path, site_dir: Path) -> float:
        """Build config_file into site_dir (in the child if there is one); return seconds taken."""
        if not self.pid:
            return self._run(config_file, site_dir)
        request = {"config": str(config_file), "site_dir": str(site_dir), "environ": dict(os.environ)}
        with os.fdopen(self._go, "wb") as f:
            self._go = -1
            f.write(json.dumps(request).encode())
        with os.fdopen(self._result, "rb") as f:
            self._result = -1
            data = f.read()
        self.close()
        if not data:
            raise BuildError("MkDocs build failed: the build process ended without a result")
        kind, value, detail = pickle.loads(data)
        if kind == "ok":
            return float(value)
        error = BuildError(value)
        error.add_note(f"in the MkDocs build process:\n{detail}")
        raise error

    def close(self) -> None:
        """Tell an unused child to stop, and reap it."""
        for fd in (self._go, self._result):
            if fd >= 0:
                os.close(fd)
        self._go = self._result = -1
        if self.pid:
            os.waitpid(self.pid, 0)
            self.pid = 0


def _die_with(parent: int) -> None:
    """Have the kernel kill this child when the parent dies (Linux), so a killed build leaves no orphan writing its folder."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: the orphan finishes its build into a folder the next build removes
        return
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def _child(go: int, result: int, run: Runner) -> None:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    for name in PRELOAD:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001, S110  an optional plugin or extension: the build itself will say
            pass
    with os.fdopen(go, "rb") as f:
        data = f.read()
    if not data:  # the parent failed before the build: nothing to do
        return
    request = json.loads(data)
    os.environ.clear()
    os.environ.update(request["environ"])
    answer: tuple[str, float | str, str]
    try:
        answer = ("ok", run(Path(request["config"]), Path(request["site_dir"])), "")
    except BuildError as e:
        answer = ("error", str(e), traceback.format_exc())
    except BaseException as e:  # noqa: BLE001  reported to the parent, which raises it
        answer = ("error", f"MkDocs build failed: {type(e).__name__}: {e}", traceback.format_exc())
    with os.fdopen(result, "wb") as f:
        f.write(pickle.dumps(answer))
