"""Atomic file writing: a temporary file next to the target, then ``os.replace``.

The one implementation behind project files, exports, autosaves, checkpoints and metrics.
The temporary file is removed whatever happens; the leftovers of a write that was killed
(their process is gone) are removed by the next write into the same folder. The standalone
``train.py`` inlines :func:`file_mode` and :func:`write_and_replace` (their source is copied
with ``inspect.getsource``), so those two use nothing but ``os``.
"""

from __future__ import annotations

import os
import re
import tempfile
import time
from collections.abc import Callable
from typing import BinaryIO

#: Marks our temporary files: ``.NAME.nbtmp-PID-RANDOM.tmp`` next to the target.
TEMP_MARK = ".nbtmp-"
_TEMP_NAME = re.compile(r"^\..*\.nbtmp-(\d+)-[^.]*\.tmp$", re.DOTALL)


def file_mode(path: str | os.PathLike[str]) -> int:
    """The existing file's mode, or what a new file gets (``0o666`` less the umask)."""
    try:
        return os.stat(path).st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_and_replace(
    fd: int,
    tmp: str,
    path: str | os.PathLike[str],
    write: Callable[[BinaryIO], object],
) -> None:
    """Write the new ``path`` through the open temporary file ``fd`` (named ``tmp``).

    ``write`` gets the file; the data reaches the disk, ``tmp`` takes the mode of
    ``path`` and replaces it. On any failure ``tmp`` is removed and the error raised.
    """
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, file_mode(path))
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def atomic_write(path: str | os.PathLike[str], write: Callable[[BinaryIO], object]) -> None:
    """Call ``write`` on a temporary file next to ``path``, then replace ``path`` with it.

    The data reaches the disk before the rename, so ``path`` holds either the old or the
    new content, never a part; the file keeps its mode. On any failure (also
    ``KeyboardInterrupt``) the temporary file is removed and the exception propagates
    (``OSError`` for a disk problem).

    Parameters
    ----------
    path : str or PathLike
        The file to create or replace.
    write : callable
        Called once with the open binary file, e.g. ``lambda f: torch.save(obj, f)``.
    """
    folder = os.path.dirname(os.path.abspath(path))
    name = os.path.basename(path)
    remove_stale_temps(folder)
    fd, tmp = tempfile.mkstemp(
        prefix=f".{name[:80]}{TEMP_MARK}{os.getpid()}-", suffix=".tmp", dir=folder
    )
    write_and_replace(fd, tmp, path, write)
    _sync_folder(folder)


def _sync_folder(folder: str) -> None:
    """Make the rename durable (POSIX); best effort."""
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def remove_stale_temps(folder: str | os.PathLike[str]) -> list[str]:
    """Remove our temporary files in ``folder`` whose writing process is gone.

    A temp file is ours when its name is ``.NAME.nbtmp-PID-RANDOM.tmp``; it is stale when
    process PID no longer runs (POSIX) or, where that cannot be asked, when it is more
    than a day old. Returns the names removed; problems are ignored (best effort).
    """
    removed: list[str] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        match = _TEMP_NAME.match(entry.name)
        if match is None:
            continue
        try:
            if not entry.is_file(follow_symlinks=False) or not _stale(entry, int(match[1])):
                continue
            os.unlink(entry.path)
        except (OSError, ValueError):
            continue
        removed.append(entry.name)
    return removed


def _stale(entry: os.DirEntry[str], pid: int) -> bool:
    if os.name == "posix":
        if pid == os.getpid():
            return False  # a write of this process may be running right now
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        except OSError:
            return False  # it runs, under another user
        return False
    return time.time() - entry.stat().st_mtime > 24 * 3600
