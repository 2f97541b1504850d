"""Lifetime of training threads: never destroyed while they run.

Training threads have no parent, so closing or deleting a dock never destroys a running
``QThread`` (Qt aborts the process then). They are held here until they finished; on
application quit (and at interpreter exit) every one is asked to stop and waited for.
"""

from __future__ import annotations

import atexit
from typing import Protocol

from PySide6.QtCore import QCoreApplication, QThread


class _Stoppable(Protocol):
    def stop(self) -> None: ...


#: Every training thread not yet known to be finished, with its worker.
_THREADS: list[tuple[QThread, _Stoppable]] = []
_QUIT_HOOKED = False


def keep_thread(thread: QThread, worker: _Stoppable) -> None:
    """Hold ``thread`` until it finished; on application quit, stop and wait for it."""
    global _QUIT_HOOKED
    _THREADS[:] = [(t, w) for t, w in _THREADS if not t.isFinished()]
    _THREADS.append((thread, worker))
    app = QCoreApplication.instance()
    if app is not None and not _QUIT_HOOKED:
        app.aboutToQuit.connect(finish_training_threads)
        atexit.register(finish_training_threads)  # also when Python exits without quit
        _QUIT_HOOKED = True


def finish_training_threads() -> None:
    """Stop every training and wait until its thread ended (the application quits)."""
    for thread, worker in list(_THREADS):
        worker.stop()
        thread.quit()
    for thread, _worker in list(_THREADS):
        thread.wait()
    _THREADS.clear()
