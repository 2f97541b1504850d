"""The process that writes the Code preview's module text, away from the GUI.

Code generation is pure Python and walks the whole graph (a fifth of a second at 2,000
layers, seconds at 20,000). Run on a thread of the app it would hold the interpreter
lock and stall every paint and key press while it works; in its own process the GUI
thread only pickles a copy of the document (:meth:`Graph.snapshot`) and applies
the text that comes back. This module imports only the Qt-free core, so the worker
process starts without Qt.

A preview that edits a large document sends each time only what changed
(:class:`Request`): the worker keeps, per preview (*channel*), its copy of the document
and the last text it returned, applies the changed nodes to the copy, and answers with
the lines that differ from the text the preview shows (:class:`Reply`). The GUI
thread then neither copies and pickles the whole document nor compares the whole text
per edit. A request whose base the worker does not hold (a new worker, another
preview's traffic evicted it) is answered ``resend``; the preview sends a full copy.
"""

from __future__ import annotations

import multiprocessing
from collections import OrderedDict
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from itertools import count
from typing import Any

from netbuilder.core.analysis import Analysis
from netbuilder.core.codegen import project_code
from netbuilder.core.document import Project
from netbuilder.core.graph import GraphSnapshot, Node
from netbuilder.ui.i18n import translate

_POOL: ProcessPoolExecutor | None = None
#: Versions of the documents sent, unique in this process (every preview draws from it).
VERSIONS = count(1)
#: Documents the worker keeps a copy of (the previews used last).
CHANNELS_KEPT = 4


def node_fields(node: Node) -> tuple[str, str, dict[str, Any], str, tuple[float, float], bool]:
    """A node as :class:`GraphSnapshot` holds it (its params dict shared, never copied)."""
    return node.id, node.type, node.params, node.label, node.pos, node.frozen


@dataclass(frozen=True)
class Request:
    """What a preview sends: the whole document, or the nodes changed since ``base``.

    Attributes
    ----------
    channel : int
        The preview's own number (the worker keeps one copy per channel).
    version : int
        This document version (from :data:`VERSIONS`).
    base : int or None
        The version the changed ``nodes`` apply to; ``None`` with a full ``snapshot``.
    snapshot : GraphSnapshot or None
        The whole document's nodes and links.
    nodes : tuple
        Changed nodes (:func:`node_fields`); links and the other nodes as in ``base``.
    name, description : str
        The project's name and description (the module's class name and docstring).
    text_base : int or None
        The version of the text the preview shows (the reply's lines differ from it).
    text : str or None
        The text the preview shows, made from this very document elsewhere: the worker
        keeps it as this version's text instead of generating one (answers ``same``).
    """

    channel: int
    version: int
    base: int | None
    snapshot: GraphSnapshot | None
    nodes: tuple = ()
    name: str = ""
    description: str = ""
    text_base: int | None = None
    text: str | None = None


@dataclass(frozen=True)
class Reply:
    """The worker's answer to a :class:`Request`.

    ``kind`` is ``text`` (all of :attr:`text`), ``lines`` (:attr:`lines`: ``(number,
    new line)`` for a text of as many lines as the shown one), ``span`` (the shown
    text's characters ``start:end`` become :attr:`text`), ``same`` (nothing changed) or
    ``resend`` (the worker lacks the base: send the whole document).
    """

    kind: str
    version: int
    text: str = ""
    lines: tuple[tuple[int, str], ...] = ()
    start: int = 0
    end: int = 0


@dataclass
class _Copy:
    version: int
    nodes: dict[str, tuple]
    edges: tuple
    counter: int
    text: str = ""
    text_version: int | None = None


#: The worker process's copies, per channel (most recently used last).
_COPIES: OrderedDict[int, _Copy] = OrderedDict()


def answer(request: Request) -> Reply:
    """Apply ``request`` to the channel's copy and generate its module (in the worker)."""
    copy = _COPIES.get(request.channel)
    if request.snapshot is not None:
        snap = request.snapshot
        copy = _Copy(request.version, {f[0]: f for f in snap.nodes}, snap.edges, snap.counter)
        if request.channel in _COPIES:  # the text shown may still be the last one sent
            old = _COPIES[request.channel]
            copy.text, copy.text_version = old.text, old.text_version
    elif copy is None or copy.version != request.base:
        return Reply("resend", request.version)
    else:
        for fields in request.nodes:
            copy.nodes[fields[0]] = fields
        copy.version = request.version
    _COPIES[request.channel] = copy
    _COPIES.move_to_end(request.channel)
    while len(_COPIES) > CHANNELS_KEPT:
        _COPIES.popitem(last=False)
    if request.text is not None:
        copy.text, copy.text_version = request.text, request.version
        return Reply("same", request.version)
    snapshot = GraphSnapshot(tuple(copy.nodes.values()), copy.edges, copy.counter)
    text = generate(request.name, request.description, snapshot)
    old_text, old_version = copy.text, copy.text_version
    copy.text, copy.text_version = text, request.version
    if request.text_base is None or old_version != request.text_base:
        return Reply("text", request.version, text=text)
    return _difference(old_text, text, request.version)


def _difference(old: str, new: str, version: int) -> Reply:
    """The reply that turns ``old`` (shown) into ``new``."""
    if old == new:
        return Reply("same", version)
    a, b = old.split("\n"), new.split("\n")
    if len(a) == len(b):
        lines = tuple((i, y) for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y)
        return Reply("lines", version, lines=lines)
    start, end_old, end_new = changed_span(old, new)
    return Reply("span", version, text=new[start:end_new], start=start, end=end_old)


def changed_span(old: str, new: str) -> tuple[int, int, int]:
    """Where ``new`` differs from ``old``, in whole lines.

    Returns ``(start, end_old, end_new)``: ``new == old[:start] + new[start:end_new] +
    old[end_old:]``, the unchanged lines at both ends left out.
    """
    a, b = old.split("\n"), new.split("\n")
    limit = min(len(a), len(b)) - 1  # at least one line stays in the middle
    head = 0
    while head < limit and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < limit - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    start = sum(len(line) + 1 for line in a[:head])
    cut = sum(len(line) + 1 for line in a[len(a) - tail :]) if tail else 0
    return start, len(old) - cut, len(new) - cut


def submit_request(request: Request) -> Future[Reply]:
    """Send ``request`` to the worker process (started once; replaced when it died)."""
    return _submit(answer, request)


def submit(name: str, description: str, copy: GraphSnapshot) -> Future[str]:
    """Generate the module of a copied document in the worker process (started once)."""
    return _submit(generate, name, description, copy)


def _submit(function: Any, *args: Any) -> Future:
    global _POOL
    for _attempt in range(2):
        if _POOL is None:
            _POOL = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"))
        try:
            return _POOL.submit(function, *args)
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
