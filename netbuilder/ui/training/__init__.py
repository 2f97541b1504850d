"""The training dock, split along its jobs.

- :mod:`.worker` — the Qt-free trainer in a ``QThread``, reporting through signals;
- :mod:`.threads` — training threads are never destroyed while they run;
- :mod:`.form` — the settings;
- :mod:`.plots` — live loss and accuracy curves;
- :mod:`.images` — kernels, feature maps, confusion matrix;
- :mod:`.dock` — the dock that composes them.
"""

from netbuilder.ui.training.dock import TrainingDock
from netbuilder.ui.training.images import kernel_grid, maps_grid
from netbuilder.ui.training.threads import finish_training_threads
from netbuilder.ui.training.worker import TrainingWorker

__all__ = [
    "TrainingDock",
    "TrainingWorker",
    "finish_training_threads",
    "kernel_grid",
    "maps_grid",
]
