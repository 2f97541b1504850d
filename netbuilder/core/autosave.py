"""Autosave files of open documents: naming, writing, listing, removing (Qt-free).

Each running app is a *session* (a random id); each of its windows writes its document
to ``autosave-<session>-<slot>.json`` in the autosave folder — a plain project document
that :func:`~netbuilder.core.document.load` reads — and the file the user opened it from
(if any) to ``autosave-<session>-<slot>.origin``. The user's own file is never written.
Whether a session is still running is decided above this module (the app holds a lock
file per session, :meth:`AutosaveStore.lock_path`).
"""

from __future__ import annotations

import gc
import os
import re
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from netbuilder.core.document import Project, atomic_write_text, dumps
from netbuilder.core.graph import GraphSnapshot
from netbuilder.core.training_config import TrainingConfig

#: Environment variable naming the autosave folder (tests point it at a temporary folder).
AUTOSAVE_ENV = "NETBUILDER_AUTOSAVE_DIR"
_NAME = re.compile(r"^autosave-(?P<session>[0-9a-f]{12})-(?P<slot>\d+)\.json$")
#: An origin file is one path; anything longer is not one of ours.
_MAX_ORIGIN_BYTES = 64 * 1024


def default_folder() -> Path:
    """``$NETBUILDER_AUTOSAVE_DIR``, else ``autosave`` in the user data folder."""
    folder = os.environ.get(AUTOSAVE_ENV)
    if folder:
        return Path(folder)
    import platformdirs

    return Path(platformdirs.user_data_dir("NetBuilder", "NetBuilder")) / "autosave"


def new_session_id() -> str:
    """A fresh random session id (12 hex digits)."""
    return secrets.token_hex(6)


@dataclass(frozen=True)
class Autosave:
    """One autosaved document.

    Attributes
    ----------
    session : str
        Id of the session that wrote it.
    slot : int
        Which of that session's windows wrote it.
    document : Path
        The autosaved project document.
    origin : Path or None
        The file the user had open (never written by autosave), or None for a new document.
    saved_at : float
        Modification time of the autosave (seconds since the epoch).
    """

    session: str
    slot: int
    document: Path
    origin: Path | None
    saved_at: float


@contextmanager
def collection_paused() -> Iterator[None]:
    """No automatic garbage collection for the duration (serialising a document).

    Serialising a large document makes many short-lived objects; with collection on,
    they trigger a full collection of every object of the process (half a second at
    20,000 layers), which holds the interpreter lock and so freezes the window even when
    a worker thread serialises. The temporaries are freed by reference counting anyway.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@dataclass(frozen=True)
class ProjectSnapshot:
    """A project's content at one moment, taken cheaply on the thread that edits it and
    serialised anywhere (an autosave written by a worker thread).

    Nothing in it changes afterwards: the graph is a :class:`GraphSnapshot` (parameter
    dicts are replaced on edit, never changed in place; group definitions are frozen),
    the text fields are strings and the training settings a frozen dataclass.
    """

    graph: GraphSnapshot
    name: str
    description: str
    source: str
    training: TrainingConfig

    @classmethod
    def of(cls, project: Project) -> ProjectSnapshot:
        """Copy ``project`` (the nodes and links as tuples; no serialisation)."""
        return cls(
            project.graph.snapshot(),
            project.name,
            project.description,
            project.source,
            project.training,
        )

    def to_project(self) -> Project:
        """A new :class:`Project` equal to the copied one."""
        return Project(
            self.graph.to_graph(), self.name, self.description, self.source, self.training
        )

    def dumps(self) -> str:
        """The project document text (:func:`~netbuilder.core.document.dumps`).

        Raises
        ------
        DocumentError
            When a text field holds a character a project file may not hold.
        """
        with collection_paused():
            return dumps(self.to_project())


class AutosaveStore:
    """The autosave folder.

    Parameters
    ----------
    folder : path, optional
        Where autosaves live; :func:`default_folder` by default.
    """

    def __init__(self, folder: str | os.PathLike[str] | None = None) -> None:
        self.folder = Path(folder) if folder is not None else default_folder()

    def ensure(self) -> None:
        """Create the folder (raises ``OSError`` when it cannot be created)."""
        self.folder.mkdir(parents=True, exist_ok=True)

    def document_path(self, session: str, slot: int) -> Path:
        """Where session ``session``'s window ``slot`` autosaves its document."""
        return self.folder / f"autosave-{session}-{slot}.json"

    def lock_path(self, session: str) -> Path:
        """The lock file a running session holds."""
        return self.folder / f"autosave-{session}.lock"

    def write(self, session: str, slot: int, project: Project, origin: Path | None) -> Path:
        """Write ``project`` (atomically) as the autosave of ``session``/``slot``.

        The origin is written first, so a document file never names a wrong origin.
        Raises :class:`~netbuilder.core.errors.DocumentError` with a sentence on failure.
        """
        with collection_paused():
            text = dumps(project)
        return self.write_text(session, slot, text, origin)

    def write_text(self, session: str, slot: int, text: str, origin: Path | None) -> Path:
        """Write a serialised project ``text`` as :meth:`write` does (any thread)."""
        self.ensure()
        target = self.document_path(session, slot)
        atomic_write_text(target.with_suffix(".origin"), str(origin) if origin else "")
        atomic_write_text(target, text)
        return target

    def remove(self, session: str, slot: int) -> None:
        """Delete the autosave of ``session``/``slot`` (no error when there is none)."""
        target = self.document_path(session, slot)
        for path in (target, target.with_suffix(".origin")):
            try:
                path.unlink()
            except FileNotFoundError:
                pass

    def sessions(self) -> list[str]:
        """Ids of the sessions that left an autosave, oldest autosave first."""
        return list(dict.fromkeys(a.session for a in self.autosaves()))

    def autosaves(self, session: str | None = None) -> list[Autosave]:
        """Every autosave (of ``session`` only, when given), oldest first."""
        found = []
        try:
            entries = list(os.scandir(self.folder))
        except OSError:
            return []
        for entry in entries:
            match = _NAME.match(entry.name)
            if not match or (session is not None and match["session"] != session):
                continue
            try:
                if not entry.is_file(follow_symlinks=False):
                    continue
                saved_at = entry.stat().st_mtime
            except OSError:
                continue
            path = Path(entry.path)
            found.append(
                Autosave(match["session"], int(match["slot"]), path, _origin(path), saved_at)
            )
        return sorted(found, key=lambda a: (a.saved_at, a.document.name))


def _origin(document: Path) -> Path | None:
    """The origin recorded beside ``document``, or None."""
    try:
        with open(document.with_suffix(".origin"), "rb") as handle:
            raw = handle.read(_MAX_ORIGIN_BYTES + 1)
    except OSError:
        return None
    if len(raw) > _MAX_ORIGIN_BYTES:
        return None
    text = raw.decode("utf-8", errors="replace").strip()
    return Path(text) if text and "\x00" not in text else None
