"""What every hostile document must get, in-process and from the real CLI."""

from __future__ import annotations

import contextlib
import io
import subprocess
import sys
from pathlib import Path

from netbuilder.core.document import dumps, load, loads
from netbuilder.core.errors import DocumentError

RAW_CONTROLS = ("\x1b", "\r", "\x00", "\u202e", "\u2066", "\x9b")


def clean_line(text: str) -> None:
    """``text`` is one line for a terminal: bounded, no raw control character."""
    assert "\n" not in text.rstrip("\n"), repr(text[:300])
    assert "Traceback" not in text
    assert len(text) < 600, f"{len(text)} characters"
    for char in RAW_CONTROLS:
        assert char not in text, f"raw {char!r} in {text[:200]!r}"
    assert not any("\ud800" <= c <= "\udfff" for c in text)


def check_load(path: Path, scratch: Path) -> bool:
    """``load`` accepts the file (and it round-trips) or refuses it with one clean line.

    Returns True when accepted. The file is never changed.
    """
    before = path.read_bytes()
    try:
        project = load(path)
    except DocumentError as exc:
        clean_line(str(exc))
        assert exc.__cause__ is None
        accepted = False
    else:
        text = dumps(project)
        assert dumps(loads(text)) == text
        from netbuilder.core.document import save

        save(project, scratch)
        save(load(scratch), scratch.with_suffix(".again.json"))
        assert scratch.read_bytes() == scratch.with_suffix(".again.json").read_bytes()
        accepted = True
    assert path.read_bytes() == before, "the file was changed"
    return accepted


def cli_in_process(path: Path, accepted: bool) -> int:
    """``netbuilder summary FILE`` through :func:`netbuilder.cli.main`; checks its output."""
    from netbuilder.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["summary", str(path)])
    check_cli_result(code, err.getvalue(), accepted)
    return code


def cli_subprocess(path: Path, accepted: bool) -> int:
    """The same through a real ``python -m netbuilder`` process (180 s: no hang, even on a
    loaded machine; the bench shows it takes well under a second)."""
    before = path.read_bytes()
    proc = subprocess.run(
        [sys.executable, "-m", "netbuilder", "summary", str(path)],
        capture_output=True,
        timeout=180,
    )
    err = proc.stderr.decode("utf-8", "strict")
    check_cli_result(proc.returncode, err, accepted)
    assert path.read_bytes() == before, "the file was changed"
    return proc.returncode


def check_cli_result(code: int, err: str, accepted: bool) -> None:
    """The documented contract: 0/1 for a readable document, 2 with one line otherwise."""
    if accepted:
        assert code in (0, 1), (code, err[:300])
        if code == 0:
            assert err == "", err[:300]
        else:  # an invalid network: node errors in the table, graph-wide ones on stderr
            for line in err.splitlines():
                assert line.startswith("netbuilder: "), repr(err[:300])
                clean_line(line)
    else:
        assert code == 2, (code, err[:300])
        assert err.startswith("netbuilder: ") and err.count("\n") == 1, repr(err[:300])
        clean_line(err)
        assert "unexpected error" not in err, err
