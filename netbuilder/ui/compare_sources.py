"""What the open document can be compared with, and the runs of each network.

The other network (B) is the document's saved version on disk, one of its autosaves, a
preset, or any project file. Runs are found the way training writes them
(:mod:`netbuilder.train.runs`): those of a saved project beside it, those of an unsaved
one (a preset, a new document) in the user data folder under the network's name.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from netbuilder.core.autosave import AutosaveStore
from netbuilder.core.document import Project, load
from netbuilder.core.presets import PRESET_NAMES, load_preset
from netbuilder.train.errors import TrainingError
from netbuilder.train.events import EpochEnd
from netbuilder.train.runs import RunInfo, list_runs, load_metrics, runs_folder


@dataclass(frozen=True)
class Source:
    """One network the open document can be compared with.

    Attributes
    ----------
    label : str
        The entry in the window's list.
    name : str
        The short heading of its column.
    load : callable
        Reads it (raises :class:`~netbuilder.core.errors.NetBuilderError` with a sentence).
    project_file : Path or None
        The saved project its runs belong to (``None``: runs of an unsaved network).
    """

    label: str
    name: str
    load: Callable[[], Project] = field(compare=False)
    project_file: Path | None = None


def saved_version(path: Path | None) -> Source | None:
    """The open document as last saved (``None`` when it has no file on disk)."""
    if path is None or not path.is_file():
        return None
    return Source(
        QCoreApplication.translate("Compare", "Saved version on disk ({file})").format(
            file=path.name
        ),
        QCoreApplication.translate("Compare", "{file} (saved)").format(file=path.name),
        lambda: load(path),
        path,
    )


def autosaves(store: AutosaveStore | None, path: Path | None) -> list[Source]:
    """Autosaves of the open document's file (of unsaved documents when ``path`` is None),
    newest first."""
    if store is None:
        return []
    items = store.autosaves()  # oldest first; an unreadable folder has none
    wanted = path.resolve() if path is not None else None
    out = []
    for item in reversed(items):
        origin = item.origin.resolve() if item.origin is not None else None
        if origin != wanted:
            continue
        when = datetime.fromtimestamp(item.saved_at).strftime("%H:%M:%S")
        document = item.document
        out.append(
            Source(
                QCoreApplication.translate("Compare", "Autosave of {time}").format(time=when),
                QCoreApplication.translate("Compare", "autosave {time}").format(time=when),
                lambda document=document: load(document),
                item.origin,
            )
        )
    return out


def presets() -> list[Source]:
    """Every preset."""
    return [
        Source(
            QCoreApplication.translate("Compare", "Preset: {name}").format(name=name),
            name,
            lambda name=name: load_preset(name),
        )
        for name in PRESET_NAMES
    ]


def project_file(path: str | Path) -> Source:
    """A project file chosen by the user."""
    file = Path(path)
    return Source(file.name, file.name, lambda: load(file), file)


def latest_run(project_file: Path | None, name: str) -> tuple[RunInfo, list[EpochEnd]] | None:
    """The newest run with at least one finished epoch, and its epochs.

    Runs of a saved project are those beside it; those of an unsaved network are the
    unsaved runs of the same name.
    """
    try:
        runs = list_runs(runs_folder(project_file), project_file)
    except OSError:
        return None
    for run in runs:
        if project_file is None and run.name != name:
            continue
        try:
            records = load_metrics(run.path)
        except TrainingError:
            continue
        if records:
            return run, records
    return None
