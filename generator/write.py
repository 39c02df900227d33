"""The only stage that touches the disk: atomic, never half-written."""

from __future__ import annotations

import glob
import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

# mkstemp creates files readable by their owner only; give written files the usual
# permissions (0o666 less the umask), as open() would. Read once: os.umask can only be read by setting it.
_UMASK = os.umask(0o022)
os.umask(_UMASK)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write(path: Path, data: bytes | str) -> None:
    """Write path via a temporary file in the same folder and a rename."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    path.parent.mkdir(parents=True, exist_ok=True)
    # A process killed mid-write leaves its .part behind; the pid in the name says whose it was.
    for stale in path.parent.glob(f".{glob.escape(path.name)}.*.part"):
        if not _running(stale.name.removeprefix(f".{path.name}.").split(".")[0]):
            stale.unlink(missing_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".part", dir=path.parent)
    try:
        if hasattr(os, "fchmod"):  # POSIX; Windows files get their folder's permissions anyway
            os.fchmod(fd, 0o666 & ~_UMASK)
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def sync_tree(root: Path, files: Mapping[str, bytes | str]) -> list[str]:
    """Make root hold exactly `files` (relative path -> content); rewrite only what changed.

    Returns the relative paths written or removed, so a live-reload server sees
    only real changes.
    """
    changed: list[str] = []
    root.mkdir(parents=True, exist_ok=True)
    for rel, data in sorted(files.items()):
        raw = data.encode("utf-8") if isinstance(data, str) else data
        target = root / rel
        if target.is_file() and target.read_bytes() == raw:
            continue
        atomic_write(target, raw)
        changed.append(rel)
    wanted = {Path(rel) for rel in files}
    for path in sorted(root.rglob("*"), reverse=True):
        rel_path = path.relative_to(root)
        if path.is_file() and rel_path not in wanted:
            path.unlink()
            changed.append(str(rel_path))
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return changed


def swap_dir(new: Path, final: Path) -> None:
    """Replace the folder `final` with `new`, leaving `final` whole at every moment but one rename."""
    old = final.with_name(f".{final.name}-old-{os.getpid()}")
    if final.exists():
        os.replace(final, old)
    try:
        os.replace(new, final)
    except BaseException:
        if old.exists() and not final.exists():
            os.replace(old, final)
        raise
    shutil.rmtree(old, ignore_errors=True)


def recover_dir(final: Path) -> None:
    """Restore `final` from a swap that was interrupted between its two renames; drop a killed build's leftovers."""
    for stale in final.parent.glob(f".{final.name}-new-*"):
        if not _running(stale.name.removeprefix(f".{final.name}-new-").split("-")[0]):
            shutil.rmtree(stale, ignore_errors=True)
    if final.exists():
        for stale in final.parent.glob(f".{final.name}-old-*"):
            shutil.rmtree(stale, ignore_errors=True)
        return
    olds = sorted(final.parent.glob(f".{final.name}-old-*"))
    if olds:
        os.replace(olds[-1], final)


def _running(pid: str) -> bool:
    """True when pid names a live process other than this one (a concurrent build owns its folder)."""
    if not pid.isdigit() or int(pid) == os.getpid():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
