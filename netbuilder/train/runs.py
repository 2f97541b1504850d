"""Run folders: every training keeps its results (Qt-free).

A run folder ``runs/<YYYYMMDD-HHMMSS>-<name>/`` holds what the trainer writes
(``checkpoint.pt``, ``best.pt``, ``model.pt``, ``metrics.csv``, see
:mod:`~netbuilder.train.checkpoints`) and what this module writes: ``settings.json`` (the
:class:`~netbuilder.core.training_config.TrainingConfig`), ``project.json`` (a snapshot of
the trained document), ``run.json`` (date, dataset, epochs, best validation accuracy,
duration, status) and, after training, ``confusion.json``. Runs of a saved project live in
``runs/`` beside it; those of an unsaved one in the user data folder. Every file is written
atomically; weights are read with ``torch.load(weights_only=True)``.

The CLI (``netbuilder train``) and the app's training dock both go through
:func:`create_run` and :func:`attach_run`: one code path. Importing this module does not
import torch (the app lists runs at startup).
"""

from __future__ import annotations

import csv
import json
import math
import os
import re
import shutil
import time
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from netbuilder.core.atomic import atomic_write
from netbuilder.core.document import Project, dumps, load
from netbuilder.core.training_config import TrainingConfig
from netbuilder.train.errors import TrainingError
from netbuilder.train.events import BatchEnd, EpochEnd, Event, Failed, Finished

#: Environment variable naming the runs folder of unsaved documents (tests use it).
RUNS_ENV = "NETBUILDER_RUNS_DIR"
RUN_FORMAT = "netbuilder-run"
RUN_VERSION = 1
RUN_FILE = "run.json"
SETTINGS_FILE = "settings.json"
PROJECT_FILE = "project.json"
CONFUSION_FILE = "confusion.json"
#: Per-batch training losses: ``position,loss`` per line (position in epochs, 0.5 = half
#: of the first epoch), written when the run ends.
BATCHES_FILE = "batches.csv"
#: Files of the weights a run keeps, by what they hold.
WEIGHTS = {"last": "model.pt", "best": "best.pt", "checkpoint": "checkpoint.pt"}
#: run.json larger than this is not one of ours.
_MAX_JSON_BYTES = 1 << 20
_SLUG = re.compile(r"[^A-Za-z0-9_-]+")


class RunWriteError(TrainingError):
    """The run folder or one of its files cannot be written."""


class RunInUseError(TrainingError):
    """A run that is being trained or shown cannot be deleted."""


@dataclass(frozen=True)
class RunInfo:
    """What ``run.json`` says about one run.

    Attributes
    ----------
    path : Path
        The run folder.
    name : str
        The network's (project's) name.
    created : str
        Local start time, ISO 8601 to the second.
    project_file : str or None
        File name of the saved project it belongs to (``None``: an unsaved document).
    dataset : str
        Dataset trained on.
    epochs : int
        Epochs planned.
    epochs_done : int
        Epochs completed.
    best_val_acc : float or None
        Best validation accuracy over the epochs.
    duration : float
        Seconds of training (all sessions of a resumed run).
    status : str
        ``running`` (or ended without saying so), ``finished``, ``stopped`` or ``failed``.
    device : str
        Where it trained.
    """

    path: Path
    name: str
    created: str
    project_file: str | None
    dataset: str
    epochs: int
    epochs_done: int = 0
    best_val_acc: float | None = None
    duration: float = 0.0
    status: str = "running"
    device: str = ""

    @property
    def id(self) -> str:
        """The folder name (unique in its runs folder)."""
        return self.path.name

    def to_dict(self) -> dict[str, Any]:
        """The JSON form written to ``run.json``."""
        return {
            "format": RUN_FORMAT,
            "version": RUN_VERSION,
            "name": self.name,
            "created": self.created,
            "project_file": self.project_file,
            "dataset": self.dataset,
            "epochs": self.epochs,
            "epochs_done": self.epochs_done,
            "best_val_acc": self.best_val_acc,
            "duration": round(self.duration, 3),
            "status": self.status,
            "device": self.device,
        }


# -- where runs live ------------------------------------------------------------------------
def runs_folder(project_file: str | os.PathLike[str] | None = None) -> Path:
    """``runs/`` beside a saved project; for an unsaved one, ``$NETBUILDER_RUNS_DIR`` or
    ``runs`` in the user data folder."""
    if project_file is not None:
        return Path(project_file).resolve().parent / "runs"
    folder = os.environ.get(RUNS_ENV)
    if folder:
        return Path(folder)
    import platformdirs

    return Path(platformdirs.user_data_dir("NetBuilder", "NetBuilder")) / "runs"


def run_folder_name(name: str, when: datetime) -> str:
    """``YYYYMMDD-HHMMSS-<name>`` with the name reduced to safe file-name characters."""
    slug = _SLUG.sub("-", name).strip("-")[:40] or "model"
    return f"{when:%Y%m%d-%H%M%S}-{slug}"


# -- writing --------------------------------------------------------------------------------
def _write_bytes(path: Path, data: bytes) -> None:
    try:
        atomic_write(path, lambda handle: handle.write(data))
    except OSError as exc:
        raise RunWriteError(f"Cannot write {path}: {exc.strerror or exc}.") from None


def _write_json(path: Path, data: Any) -> None:
    _write_bytes(path, (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))


def write_info(info: RunInfo) -> None:
    """Write ``run.json`` (atomically)."""
    _write_json(info.path / RUN_FILE, info.to_dict())


def create_run(
    project: Project,
    config: TrainingConfig,
    *,
    root: str | os.PathLike[str] | None = None,
    folder: str | os.PathLike[str] | None = None,
    project_file: str | os.PathLike[str] | None = None,
) -> RunInfo:
    """Create a run folder with its settings, project snapshot and ``run.json``.

    Parameters
    ----------
    project, config
        What is trained and how.
    root : path, optional
        The runs folder; a new ``<timestamp>-<name>`` folder is made in it. Default:
        :func:`runs_folder` of ``project_file``.
    folder : path, optional
        Use exactly this folder instead (``netbuilder train --out``); it may exist.
    project_file : path, optional
        The saved project the run belongs to.

    Raises
    ------
    RunWriteError
        When the folder or its files cannot be written (one sentence).
    """
    now = datetime.now().replace(microsecond=0)
    if folder is not None:
        path = Path(folder)
        try:
            path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise RunWriteError(
                f"Cannot create the run folder {path}: {exc.strerror or exc}."
            ) from None
    else:
        base = Path(root) if root is not None else runs_folder(project_file)
        path = _new_folder(base, run_folder_name(project.name or "model", now))
    info = RunInfo(
        path=path,
        name=project.name or "model",
        created=now.isoformat(),
        project_file=Path(project_file).name if project_file is not None else None,
        dataset=config.dataset,
        epochs=config.epochs,
    )
    _write_json(path / SETTINGS_FILE, config.to_dict())
    _write_bytes(path / PROJECT_FILE, dumps(project).encode("utf-8"))
    write_info(info)
    return info


def _new_folder(base: Path, name: str) -> Path:
    try:
        base.mkdir(parents=True, exist_ok=True)
        for n in range(1, 1000):
            path = base / (name if n == 1 else f"{name}-{n}")
            try:
                path.mkdir()
            except FileExistsError:
                continue
            return path
    except OSError as exc:
        raise RunWriteError(
            f"Cannot create a run folder in {base}: {exc.strerror or exc}."
        ) from None
    raise RunWriteError(f"Cannot create a run folder in {base}: too many runs named {name}.")


def update_settings(info: RunInfo, config: TrainingConfig) -> RunInfo:
    """A resumed run trains with ``config`` (more epochs): rewrite its settings and info."""
    _write_json(info.path / SETTINGS_FILE, config.to_dict())
    info = replace(info, epochs=config.epochs, status="running")
    write_info(info)
    return info


def write_confusion(path: str | os.PathLike[str], matrix: Any, classes: list[str]) -> None:
    """``confusion.json``: the validation confusion matrix (rows true, columns predicted)."""
    rows = [[int(v) for v in row] for row in matrix]
    _write_json(Path(path) / CONFUSION_FILE, {"classes": list(classes), "matrix": rows})


class RunRecorder:
    """A trainer callback that keeps ``run.json`` up to date (epochs, best, duration, status)
    and writes the per-batch losses (:data:`BATCHES_FILE`) when the run ends.

    A write that fails is remembered in :attr:`error` (one sentence), never raised: the
    training goes on. A new run that fails before its first epoch (the data does not fit
    the network) leaves no folder behind.

    Parameters
    ----------
    info : RunInfo
        The run (a resumed run continues its duration).
    device : str
        Where it trains.
    """

    def __init__(self, info: RunInfo, device: str = "") -> None:
        self.info = replace(info, device=device or info.device, status="running")
        self.error: str | None = None
        self._base = info.duration
        self._t0 = time.perf_counter()
        self._resumed = info.epochs_done > 0
        # a resumed run keeps the batches of its completed epochs
        self._batches = [b for b in load_batches(info.path) if b[0] <= info.epochs_done]

    def __call__(self, event: Event) -> None:
        if isinstance(event, BatchEnd):
            n = len(event.losses)
            for j, loss in enumerate(event.losses):
                batch = event.batch - (n - 1 - j)
                self._batches.append((event.epoch - 1 + batch / event.batches, loss))
        elif isinstance(event, EpochEnd):
            best = self.info.best_val_acc
            if event.val_acc is not None and (best is None or event.val_acc > best):
                best = event.val_acc
            self._save(epochs_done=event.epoch, best_val_acc=best)
        elif isinstance(event, Finished):
            self._save(status="stopped" if event.stopped else "finished")
            self._save_batches()
        elif isinstance(event, Failed):
            if event.stage == "setup" and not self._resumed and self.info.epochs_done == 0:
                _remove_untrained(self.info.path)
                return
            self._save(status="failed")
            self._save_batches()

    def _save_batches(self) -> None:
        lines = "".join(f"{x:.10g},{loss:.7g}\n" for x, loss in self._batches)
        try:
            _write_bytes(self.info.path / BATCHES_FILE, ("position,loss\n" + lines).encode())
        except RunWriteError as exc:
            self.error = str(exc)

    def set_device(self, device: str) -> None:
        """Record the device once the trainer picked it."""
        self.info = replace(self.info, device=device)

    def _save(self, **changes: Any) -> None:
        duration = self._base + time.perf_counter() - self._t0
        self.info = replace(self.info, duration=duration, **changes)
        try:
            write_info(self.info)
        except RunWriteError as exc:
            self.error = str(exc)


def _remove_untrained(folder: Path) -> None:
    """Remove the files :func:`create_run` wrote, and the folder when that empties it (never
    anything else: ``--out`` may name a folder holding other files)."""
    for name in (SETTINGS_FILE, PROJECT_FILE, RUN_FILE):
        try:
            (folder / name).unlink()
        except OSError:
            pass
    try:
        folder.rmdir()
    except OSError:
        pass


def attach_run(trainer: Any, info: RunInfo) -> RunRecorder:
    """Make ``trainer`` write its files into run ``info`` and keep its ``run.json`` current.

    Called once the trainer is built (a run folder is made only for a training that can
    start). Returns the :class:`RunRecorder` added to the trainer's callbacks.
    """
    from netbuilder.train.devices import pick_device

    trainer.out_dir = info.path
    recorder = RunRecorder(info, str(pick_device(trainer.config.device)))
    trainer.callbacks.append(recorder)
    return recorder


# -- reading --------------------------------------------------------------------------------
def _read_json(path: Path) -> Any:
    try:
        if path.stat().st_size > _MAX_JSON_BYTES:
            raise TrainingError(f"{path} is too large to be a run file.")
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise TrainingError(f"{path} does not exist.") from None
    except OSError as exc:
        raise TrainingError(f"Cannot read {path}: {exc.strerror or exc}.") from None
    except (UnicodeDecodeError, ValueError):
        raise TrainingError(f"{path} is not a readable run file.") from None


def _number(value: Any) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        return float(value)
    return None


def _text(data: Mapping[str, Any], key: str, default: str = "") -> str:
    value = data.get(key)
    return value if isinstance(value, str) else default


def read_run(path: str | os.PathLike[str]) -> RunInfo:
    """The :class:`RunInfo` of the run folder ``path``.

    Raises
    ------
    TrainingError
        When ``path`` holds no readable ``run.json``.
    """
    folder = Path(path)
    data = _read_json(folder / RUN_FILE)
    if not isinstance(data, dict) or data.get("format") != RUN_FORMAT:
        raise TrainingError(f"{folder} is not a NetBuilder run folder.")
    epochs = _number(data.get("epochs"))
    done = _number(data.get("epochs_done"))
    project_file = data.get("project_file")
    return RunInfo(
        path=folder,
        name=_text(data, "name", "model"),
        created=_text(data, "created"),
        project_file=project_file if isinstance(project_file, str) else None,
        dataset=_text(data, "dataset"),
        epochs=int(epochs) if epochs is not None else 0,
        epochs_done=int(done) if done is not None else 0,
        best_val_acc=_number(data.get("best_val_acc")),
        duration=_number(data.get("duration")) or 0.0,
        status=_text(data, "status", "running"),
        device=_text(data, "device"),
    )


def list_runs(
    root: str | os.PathLike[str], project_file: str | os.PathLike[str] | None = None
) -> list[RunInfo]:
    """The runs in ``root`` that belong to ``project_file`` (or to unsaved documents), newest
    first. Folders that are not readable runs are skipped."""
    base = Path(root)
    wanted = Path(project_file).name if project_file is not None else None
    try:
        entries = list(base.iterdir())
    except OSError:
        return []
    runs = []
    for entry in entries:
        if not entry.is_dir():
            continue
        try:
            info = read_run(entry)
        except TrainingError:
            continue
        if info.project_file == wanted:
            runs.append(info)
    runs.sort(key=lambda r: (r.created, r.id), reverse=True)
    return runs


def load_metrics(path: str | os.PathLike[str]) -> list[EpochEnd]:
    """The epoch records of ``metrics.csv`` (an empty list when there is none yet).

    Raises
    ------
    TrainingError
        When the file exists but is not a metrics table.
    """
    file = Path(path) / "metrics.csv"
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    except (OSError, UnicodeDecodeError) as exc:
        raise TrainingError(
            f"Cannot read {file}: {getattr(exc, 'strerror', None) or exc}."
        ) from None
    from netbuilder.train.checkpoints import METRICS_COLUMNS

    rows = list(csv.reader(text.splitlines()))
    if not rows or tuple(rows[0]) != METRICS_COLUMNS:
        raise TrainingError(f"{file} is not a metrics table.")
    body = rows[1:]
    records = []
    for row in body:
        try:
            values = [None if cell == "" else float(cell) for cell in row]
            epoch, train_loss, train_acc, val_loss, val_acc, lr, seconds = values
        except ValueError:
            raise TrainingError(f"{file} is not a metrics table.") from None
        records.append(
            EpochEnd(
                int(epoch or 0),
                len(body),
                train_loss if train_loss is not None else math.nan,
                train_acc,
                val_loss,
                val_acc,
                seconds or 0.0,
                lr or 0.0,
            )
        )
    return records


def load_batches(path: str | os.PathLike[str]) -> list[tuple[float, float]]:
    """The per-batch losses of the run as ``(position in epochs, loss)``; ``[]`` when it has
    none or the file is unreadable (they only draw the faint trace)."""
    file = Path(path) / BATCHES_FILE
    try:
        lines = file.read_text(encoding="utf-8").splitlines()[1:]
        pairs = [tuple(float(v) for v in line.split(",")) for line in lines]
    except (OSError, UnicodeDecodeError, ValueError):
        return []
    return [(p[0], p[1]) for p in pairs if len(p) == 2]


def load_confusion(path: str | os.PathLike[str]) -> dict[str, Any] | None:
    """``{"classes": [...], "matrix": [[...]]}`` of the run, ``None`` when it has none."""
    file = Path(path) / CONFUSION_FILE
    if not file.exists():
        return None
    data = _read_json(file)
    if not isinstance(data, dict):
        return None
    classes, matrix = data.get("classes"), data.get("matrix")
    k = len(classes) if isinstance(classes, list) else -1
    if k <= 0 or not isinstance(matrix, list) or len(matrix) != k:
        return None
    if not all(isinstance(row, list) and len(row) == k for row in matrix):
        return None
    return {"classes": [str(c) for c in classes], "matrix": matrix}


def load_project(path: str | os.PathLike[str]) -> Project:
    """The project snapshot the run trained (raises ``DocumentError`` when unreadable)."""
    return load(Path(path) / PROJECT_FILE)


def load_settings(path: str | os.PathLike[str]) -> TrainingConfig:
    """The run's training settings.

    Raises
    ------
    TrainingError
        When ``settings.json`` is missing or invalid.
    """
    from netbuilder.core.errors import NetBuilderError

    file = Path(path) / SETTINGS_FILE
    try:
        return TrainingConfig.from_dict(_read_json(file), path="$")
    except NetBuilderError as exc:
        raise TrainingError(f"{file}: {exc}") from None


def load_weights(path: str | os.PathLike[str], which: str = "best") -> dict[str, Any]:
    """A state dict of the run: ``best`` (best validation), ``last`` or ``checkpoint``.

    ``best`` falls back to ``last`` when the run has no ``best.pt``. Read with
    ``torch.load(weights_only=True)``.

    Raises
    ------
    TrainingError
        When the run holds no such weights.
    """
    import torch

    folder = Path(path)
    file = folder / WEIGHTS[which]
    if which == "best" and not file.exists():
        file = folder / WEIGHTS["last"]
    if which == "checkpoint":
        from netbuilder.train.checkpoints import load_checkpoint

        return load_checkpoint(file)["model"]
    if not file.exists():
        raise TrainingError(f"The run {folder.name} has no trained weights yet.")
    try:
        state = torch.load(file, map_location="cpu", weights_only=True)
    except Exception as exc:  # noqa: BLE001 - any unreadable file is the same problem
        raise TrainingError(
            f"{file} is not a readable weights file ({type(exc).__name__})."
        ) from None
    if not isinstance(state, dict):
        raise TrainingError(f"{file} holds no state_dict.")
    return state


# -- checks and deletion ----------------------------------------------------------------------
def network_change(before: Project, now: Project) -> str | None:
    """A sentence naming the first layer where ``now``'s network differs from ``before``'s.

    Layers are compared in ``now``'s topological order by block type, parameters, name and
    inputs; then layers that were removed. Positions on the canvas do not count.
    """
    from netbuilder.core.naming import layer_names

    old, new = before.graph, now.graph
    old_names, new_names = layer_names(old), layer_names(new)
    for nid in new.topological_order():
        node, name = new.node(nid), new_names[nid]
        if nid not in old:
            return f"layer {name} was added"
        was = old.node(nid)
        if was.type != node.type:
            return f"layer {name} is a {node.type} now, a {was.type} in the run"
        for key in sorted(set(was.params) | set(node.params)):
            a, b = was.params.get(key), node.params.get(key)
            if a != b:
                return f"layer {name} has {key}={b!r} now, {key}={a!r} in the run"
        if old_names[nid] != name:
            return f"layer {name} was called {old_names[nid]} in the run"
        if old.incoming(nid) != new.incoming(nid):
            return f"the inputs of layer {name} changed"
    for nid in old.topological_order():
        if nid not in new:
            return f"layer {old_names[nid]} was removed"
    return None


def check_network(
    path: str | os.PathLike[str],
    project: Project,
    model: Any,
    state: Mapping[str, Any],
    doing: str = "resume",
) -> None:
    """Refuse ``state`` (weights of run ``path``) for ``project``'s compiled ``model`` when
    the network changed since the run, naming the first mismatching layer.

    Raises
    ------
    TrainingError
        ``"Cannot resume the run …: the network changed since (layer conv1 has …)"``.
    """
    folder = Path(path)
    try:
        snapshot = load_project(folder)
    except Exception:  # noqa: BLE001 - without a snapshot the weights alone decide
        snapshot = None
    problem = network_change(snapshot, project) if snapshot is not None else None
    if problem is None:
        from netbuilder.train.checkpoints import first_mismatch

        problem = first_mismatch(model, state)
    if problem is not None:
        raise TrainingError(
            f"Cannot {doing} the run {folder.name}: the network changed since ({problem}); "
            "train a new run, or undo the change."
        )


def check_resume(path: str | os.PathLike[str], project: Project, model: Any) -> dict[str, Any]:
    """Check that run ``path`` can continue on ``project``'s compiled ``model``; its checkpoint.

    Raises
    ------
    TrainingError
        Naming the first mismatching layer when the network changed since the run, or
        when the run has no checkpoint.
    """
    from netbuilder.train.checkpoints import load_checkpoint

    ckpt = load_checkpoint(Path(path) / WEIGHTS["checkpoint"])
    check_network(path, project, model, ckpt.get("model") or {})
    return ckpt


def delete_run(path: str | os.PathLike[str], in_use: str | os.PathLike[str] | None = None) -> None:
    """Delete the run folder ``path`` (only a folder holding a ``run.json``).

    Raises
    ------
    RunInUseError
        When ``path`` is ``in_use`` (being trained or shown).
    TrainingError
        When it is not a run folder or cannot be deleted.
    """
    folder = Path(path)
    if in_use is not None and _same(folder, Path(in_use)):
        raise RunInUseError(
            f"The run {folder.name} is in use (training or loaded); stop it or load "
            "another run first."
        )
    read_run(folder)  # refuses a folder that is not a run
    try:
        shutil.rmtree(folder)
    except OSError as exc:
        raise TrainingError(f"Cannot delete {folder}: {exc.strerror or exc}.") from None


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return a == b
