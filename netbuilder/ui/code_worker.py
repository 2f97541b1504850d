"""The process that writes the Code preview's module text, away from the GUI.

Code generation is pure Python and walks the whole graph (a fifth of a second at 2,000
layers, seconds at 20,000). Run on a thread of the app it would hold the interpreter
lock and stall every paint and key press while it works; in its own process the GUI
thread only pickles a copy of the document (:meth:`Graph.snapshot`) and applies
the text that comes back. This module imports only the Qt-free core, so the worker
process starts without Qt.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from netbuilder.core.analysis import Analysis
from netbuilder.core.codegen import project_code
from netbuilder.core.document import Project
from netbuilder.core.graph import GraphSnapshot
from netbuilder.ui.i18n import translate

_POOL: ProcessPoolExecutor | None = None


def submit(name: str, description: str, copy: GraphSnapshot) -> Future[str]:
    """Generate the module of a copied document in the worker process (started once)."""
    global _POOL
    for _attempt in range(2):
        if _POOL is None:
            _POOL = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"))
        try:
            return _POOL.submit(generate, name, description, copy)
        except BrokenProcessPool:  # the last worker died (killed, out of memory): a new one
            _POOL.shutdown(wait=False, cancel_futures=True)
            _POOL = None
    raise BrokenProcessPool(
        translate("CodeWorker", "The code preview's worker process cannot start.")
    )


def worker_pids() -> list[int]:
    """Process ids of the running worker (empty before the first generation)."""
    return list(_POOL._processes) if _POOL is not None else []  # noqa: SLF001


def generate(name: str, description: str, copy: GraphSnapshot) -> str:
    """The module text of the copied document (in the worker process)."""
    return module_text(Project(copy.to_graph(), name=name, description=description))


def module_text(project: Project, analysis: Analysis | None = None) -> str:
    """The exported module's text for ``project``, or comments saying why there is none."""
    try:
        return project_code(project, analysis=analysis)
    except Exception as exc:
        lines = str(exc).splitlines() or [type(exc).__name__]
        return "\n".join(f"# {line}" for line in lines) + "\n"
