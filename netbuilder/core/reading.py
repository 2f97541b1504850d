"""Reading a file that may be anything: regular files only, never more than a limit.

Kept apart from the document code (and its graph machinery) so that the command line
refuses a device, a pipe or a folder before importing anything heavy.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from netbuilder.core.errors import DocumentError
from netbuilder.core.formatting import one_line
from netbuilder.core.messages import msg

#: Files larger than this are refused before parsing.
MAX_BYTES = 20 * 1024 * 1024


def read_file(path: str | os.PathLike[str], limit: int = MAX_BYTES) -> bytes:
    """The bytes of the regular file ``path``, refusing anything that could hang or flood.

    A folder, a device (``/dev/zero``), a pipe or a socket is refused without reading
    (it is opened non-blocking, so a FIFO without writer never hangs); at most
    ``limit + 1`` bytes are read, so a file that grows while read is refused too.

    Raises
    ------
    DocumentError
        With one sentence.
    """
    target = Path(path)
    shown = one_line(target, 200)
    try:
        _check_regular(os.stat(target), target, limit)
        flags = os.O_RDONLY | getattr(os, "O_BINARY", 0)
        for name in ("O_NONBLOCK", "O_NOCTTY", "O_CLOEXEC"):
            flags |= getattr(os, name, 0)
        fd = os.open(target, flags)
        try:
            _check_regular(os.fstat(fd), target, limit)  # swapped since the stat above?
            chunks: list[bytes] = []
            left = limit + 1
            while left > 0:
                chunk = os.read(fd, min(left, 1 << 20))
                if not chunk:
                    break
                chunks.append(chunk)
                left -= len(chunk)
        finally:
            os.close(fd)
    except FileNotFoundError:
        raise DocumentError(msg("There is no file {shown}.", shown=shown)) from None
    except IsADirectoryError:
        raise DocumentError(msg("{shown} is a folder, not a project file.", shown=shown)) from None
    except OSError as exc:
        if os.path.isdir(target):  # Windows refuses to open a folder: "permission denied"
            raise DocumentError(
                msg("{shown} is a folder, not a project file.", shown=shown)
            ) from None
        raise DocumentError(
            msg("Cannot read {shown}: {value}.", shown=shown, value=exc.strerror or exc)
        ) from None
    except ValueError:  # a NUL in the path
        raise DocumentError(msg("{shown} is not a usable file name.", shown=shown)) from None
    if left <= 0:
        raise DocumentError(
            msg(
                "{name} grew beyond {limit} while it was read; project files are smaller, so this "
                "is not one.",
                name=one_line(target.name, 120),
                limit=_mb(limit),
            )
        )
    return b"".join(chunks)


def _mb(size: int) -> str:
    return f"{size // (1024 * 1024)} MB" if size >= 1024 * 1024 else f"{size:,} bytes"


def _check_regular(info: os.stat_result, target: Path, limit: int) -> None:
    mode = info.st_mode
    shown = one_line(target, 200)
    if stat.S_ISDIR(mode):
        raise DocumentError(msg("{shown} is a folder, not a project file.", shown=shown))
    if not stat.S_ISREG(mode):
        kind = (
            "a pipe"
            if stat.S_ISFIFO(mode)
            else "a socket"
            if stat.S_ISSOCK(mode)
            else "a device"
            if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
            else "not a regular file"
        )
        raise DocumentError(
            msg(
                "{shown} is {kind}, not a project file; choose a saved project.",
                shown=shown,
                kind=kind,
            )
        )
    if info.st_size > limit:
        raise DocumentError(
            msg(
                "{name} is {st_size}; project files are at most {limit}, so this is not one.",
                name=one_line(target.name, 120),
                st_size=_mb(info.st_size),
                limit=_mb(limit),
            )
        )
