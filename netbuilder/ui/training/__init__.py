"""The training dock, split along its jobs.

- :mod:`.worker` — the Qt-free trainer in a ``QThread``, reporting through signals;
- :mod:`.threads` — training threads are never destroyed while they run;
- :mod:`.form` — the settings;
- :mod:`.plots` — live loss and accuracy curves;
- :mod:`.images` — kernels, feature maps, confusion matrix;
- :mod:`.dock` — the dock that composes them.
"""

from typing import Any

from netbuilder.ui.training.dock import TrainingDock
from netbuilder.ui.training.threads import finish_training_threads
from netbuilder.ui.training.worker import TrainingWorker


def __getattr__(name: str) -> Any:
    """``kernel_grid`` and ``maps_grid`` on first use: they import numpy and pyqtgraph."""
    if name in ("kernel_grid", "maps_grid"):
        from netbuilder.ui.training import images

        return getattr(images, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "TrainingDock",
    "TrainingWorker",
    "finish_training_threads",
    "kernel_grid",
    "maps_grid",
]
