"""Crash-safe file writes: a kill at any instant leaves the old file or the new one, never half.

The recipe (POSIX): write a temporary file *in the same directory* (a rename is only
atomic within one file system), flush and fsync it so its bytes are on disk before its
name is, then ``os.replace`` it over the target and fsync the directory so the rename
itself survives a power cut.  Temporary files are dot-files ending in ``.tmp`` so that
listings ignore them; a process killed mid-write leaves one behind, which
``sweep_temp`` removes later.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import time
from pathlib import Path

TEMP_SUFFIX = ".tmp"


def fsync_dir(directory: Path) -> None:
    """Make a rename in ``directory`` durable; a no-op where directories cannot be opened (Windows)."""
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)
    try:
        fd = os.open(directory, flags)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):  # some file systems refuse fsync on directories
            os.fsync(fd)
    finally:
        os.close(fd)


def _write_temp(path: Path, data: bytes) -> Path:
    """Write ``data`` to a fresh temporary file beside ``path``, synced to disk; return its path."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=TEMP_SUFFIX)
    try:
        with os.fdopen(fd, "wb") as fh:
            # mkstemp makes the file private (0600); saves and reports are ordinary documents
            # an instructor may hand out or copy, so give them the usual 0644.
            with contextlib.suppress(OSError, AttributeError):
                os.fchmod(fh.fileno(), 0o644)
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return Path(tmp)


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically (creating it if needed).

    Raises OSError (disk full, permissions...) with the old file, if any, untouched.
    """
    tmp = _write_temp(path, data)
    try:
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    fsync_dir(path.parent)


def create_atomic(path: Path, data: bytes) -> None:
    """Create ``path`` with ``data`` atomically, failing with FileExistsError if it exists.

    ``os.link`` refuses to overwrite, so two processes racing for one name cannot both
    win: the loser gets FileExistsError and picks another name.  File systems without
    hard links fall back to an existence check followed by ``os.replace``.
    """
    tmp = _write_temp(path, data)
    try:
        try:
            os.link(tmp, path)
        except FileExistsError:
            raise
        except OSError:  # no hard links here (FAT, some network shares)
            if path.exists():
                raise FileExistsError(str(path)) from None
            os.replace(tmp, path)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
    fsync_dir(path.parent)


def is_temp(path: Path) -> bool:
    return path.name.startswith(".") and path.name.endswith(TEMP_SUFFIX)


def sweep_temp(directory: Path, older_than: float = 3600.0) -> int:
    """Delete temporary files left by killed writers; return how many were removed.

    Only files older than ``older_than`` seconds go, so a write in progress in another
    running game is never disturbed.
    """
    removed = 0
    try:
        entries = list(directory.iterdir())
    except OSError:
        return 0
    now = time.time()
    for p in entries:
        if not is_temp(p):
            continue
        try:
            if now - p.stat().st_mtime >= older_than:
                p.unlink()
                removed += 1
        except OSError:
            continue
    return removed
