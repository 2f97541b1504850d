"""Run one slow call (an export that runs torch) off the GUI thread, the window painting.

The call runs in a worker thread that ends with it; meanwhile the GUI thread turns its
event loop behind a modal "working" dialog, so the window repaints and nothing can edit
the document the call reads. Besides keeping the window alive, this keeps torch off the
GUI thread: a thread that ran torch keeps its OpenMP thread team for the life of the
process, and a second team slows every later training of the dock
(:mod:`netbuilder.train.openmp`).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtWidgets import QProgressDialog, QWidget

T = TypeVar("T")

#: How often the GUI thread looks whether the call returned, in milliseconds.
POLL_MS = 15


def call_in_background(work: Callable[[], T], parent: QWidget | None, label: str) -> T:
    """``work()`` run in a worker thread; its value, or its exception raised here.

    Parameters
    ----------
    work : callable
        The call; it must not touch widgets.
    parent : QWidget, optional
        The window the dialog blocks.
    label : str
        What the dialog says (translated by the caller).
    """
    outcome: dict[str, object] = {}

    def run() -> None:
        try:
            outcome["value"] = work()
        except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread as it is
            outcome["error"] = exc

    worker = threading.Thread(target=run, name="netbuilder-background", daemon=True)
    dialog = QProgressDialog(label, "", 0, 0, parent)
    dialog.setCancelButton(None)  # an export cannot be interrupted halfway
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    dialog.setMinimumDuration(0)
    dialog.setWindowTitle(label)
    dialog.setMinimumWidth(320)
    dialog.show()
    loop = QEventLoop()
    poll = QTimer()
    poll.setInterval(POLL_MS)
    poll.timeout.connect(lambda: None if worker.is_alive() else loop.quit())
    worker.start()
    poll.start()
    loop.exec()
    poll.stop()
    worker.join()
    dialog.close()
    dialog.deleteLater()
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["value"]  # type: ignore[return-value]
