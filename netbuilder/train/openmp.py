"""OpenMP's wait policy for a process that runs torch from more than one thread.

torch's CPU kernels run on GNU OpenMP (libgomp). Every thread that starts torch work gets
its own team of OpenMP threads, and a team's threads spin for a while after each parallel
region before they sleep, which makes the small regions of a training step fast. But
libgomp counts the threads of *all* teams: as soon as there are more than CPU cores (a
thread that ran a torch op once keeps its team while it lives, and the training worker
thread has its own), it cuts the spin to almost nothing, and every region then pays for
waking its threads. Measured on two cores (two torch threads): lenet5's convolution at
batch 16, 2,000 steps, took 0.40 s in the first thread that used torch and 0.80 s in a
thread after it (0.49 s with the settings below); training lenet5 in a worker thread
after the main thread had trained ran at 0.37× the speed of a process of its own (0.7×
with the settings below).

:func:`keep_openmp_spinning` sets libgomp's documented settings: ``OMP_WAIT_POLICY=active``
with ``GOMP_SPINCOUNT`` 300,000 (its default spin: a waiting thread still sleeps after it;
``active`` alone would spin forever and keep a core busy while idle). With more threads
than cores libgomp then spins 1,000 iterations instead of 100. The app also keeps torch
off its GUI thread (:mod:`netbuilder.ui.background_call`), so that case needs a training
and another torch call at the same time. It must run before torch (and with it libgomp)
is loaded, and leaves either variable alone when the user set it.
"""

from __future__ import annotations

import os
import sys

#: libgomp's own default spin count (iterations before a waiting thread sleeps).
SPIN_COUNT = 300_000


def keep_openmp_spinning() -> bool:
    """Set the OpenMP wait policy for this process (and its children) if still possible.

    Returns
    -------
    bool
        True when the settings were made; False when torch is loaded already (libgomp
        read its environment then) or the user chose a policy or spin count.
    """
    if "torch" in sys.modules:
        return False
    if "OMP_WAIT_POLICY" in os.environ or "GOMP_SPINCOUNT" in os.environ:
        return False
    os.environ["OMP_WAIT_POLICY"] = "active"
    os.environ["GOMP_SPINCOUNT"] = str(SPIN_COUNT)
    return True
