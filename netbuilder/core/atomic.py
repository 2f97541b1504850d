"""Atomic file writing: a temporary file in the target's folder, then ``os.replace``.

The one implementation used by project files, exports, checkpoints and metrics. The
standalone ``train.py`` inlines :func:`atomic_write` and :func:`file_mode` (their source is
copied with ``inspect.getsource``), so they use nothing but ``os`` and ``tempfile``.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from typing import BinaryIO


def file_mode(path: str | os.PathLike[str]) -> int:
    """The existing file's mode, or what a new file gets (``0o666`` less the umask)."""
    try:
        return os.stat(path).st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def atomic_write(path: str | os.PathLike[str], write: Callable[[BinaryIO], object]) -> None:
    """Call ``write`` on a temporary file next to ``path``, then replace ``path`` with it.

    The data is flushed to disk before the rename, so ``path`` holds either the old or the
    new content, never a part. On any failure the temporary file is removed and the
    exception (``OSError`` for a disk problem) propagates.

    Parameters
    ----------
    path : str or PathLike
        The file to create or replace (its mode is kept).
    write : callable
        Called once with the open binary file, e.g. ``lambda f: torch.save(obj, f)``.
    """
    folder = os.path.dirname(os.path.abspath(path))
    name = os.path.basename(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
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
