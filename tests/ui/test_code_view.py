"""The Code preview regenerates only while visible, and catches up when shown."""

from __future__ import annotations

import pytest

from netbuilder.core.presets import load_preset
from netbuilder.ui.code_view import CodePreview, changed_span
from netbuilder.ui.commands import MoveNodesCommand, SetParamsCommand
from netbuilder.ui.document_model import DocumentModel

OLD = "nn.Conv2d(1, 6, kernel_size=5, padding=2)"
NEW = "nn.Conv2d(1, 8, kernel_size=5, padding=2)"


@pytest.fixture
def model() -> DocumentModel:
    return DocumentModel(load_preset("lenet5"))


def _preview(qtbot, model: DocumentModel) -> CodePreview:
    widget = CodePreview(model)
    qtbot.addWidget(widget)
    widget.resize(500, 400)
    return widget


def _conv1(model: DocumentModel) -> str:
    return next(n.id for n in model.graph if n.type == "Conv2d")


def test_a_hidden_preview_waits_and_shows_the_new_code_when_shown(qtbot, model):
    hidden = _preview(qtbot, model)
    hidden.show()
    qtbot.waitUntil(lambda: OLD in hidden.toPlainText())
    hidden.hide()
    witness = _preview(qtbot, model)  # a visible preview of the same document
    witness.show()
    qtbot.waitUntil(lambda: OLD in witness.toPlainText())
    before = hidden.generations
    model.push(SetParamsCommand(model, _conv1(model), {"out_channels": 8}))
    # the visible one regenerates after the debounce; by then the hidden one would have
    qtbot.waitUntil(lambda: NEW in witness.toPlainText())
    assert hidden.generations == before
    assert hidden.stale
    assert OLD in hidden.toPlainText()
    hidden.show()
    qtbot.waitUntil(lambda: NEW in hidden.toPlainText())
    assert hidden.generations == before + 1
    assert not hidden.stale


def test_a_burst_of_edits_costs_one_generation(qtbot, model):
    preview = _preview(qtbot, model)
    preview.show()
    qtbot.waitUntil(lambda: OLD in preview.toPlainText())
    before = preview.generations
    conv = _conv1(model)
    for channels in (7, 9, 8):
        model.push(SetParamsCommand(model, conv, {"out_channels": channels}))
    qtbot.waitUntil(lambda: NEW in preview.toPlainText())
    assert preview.generations == before + 1


def test_moves_do_not_regenerate(qtbot, model):
    preview = _preview(qtbot, model)
    preview.show()
    qtbot.waitUntil(lambda: OLD in preview.toPlainText())
    before = preview.generations
    conv = _conv1(model)
    x, y = model.graph.node(conv).pos
    model.push(MoveNodesCommand(model, {conv: ((x, y), (x + 40, y + 10))}))
    assert not preview.stale
    # an edit after the move: one generation in all, for the edit
    model.push(SetParamsCommand(model, conv, {"out_channels": 8}))
    qtbot.waitUntil(lambda: NEW in preview.toPlainText())
    assert preview.generations == before + 1


def test_in_the_window_the_tabbed_preview_regenerates_when_raised(window, qtbot):
    window.docks["inspector"].raise_()  # the code preview shares its tab
    qtbot.waitUntil(lambda: not window.code.is_shown())
    model = window.model
    model.push(SetParamsCommand(model, _conv1(model), {"out_channels": 8}))
    assert window.code.stale
    assert NEW not in window.code.toPlainText()
    window.docks["code"].raise_()
    qtbot.waitUntil(lambda: NEW in window.code.toPlainText())


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("a\nb\nc\n", "a\nX\nc\n"),
        ("a\nb\nc\n", "a\nb\nb\nc\n"),
        ("a\nb\nb\nc\n", "a\nb\nc\n"),
        ("a", "a\nb"),
        ("a\nb", "b"),
        ("x\ny\n", "z\n"),
        ("same\n", "same\n\n"),
    ],
)
def test_changed_span_rebuilds_the_new_text(old, new):
    start, end_old, end_new = changed_span(old, new)
    assert old[:start] + new[start:end_new] + old[end_old:] == new
    assert new[:start] == old[:start] and new[end_new:] == old[end_old:]


def test_a_far_apart_edit_rewrites_only_the_changed_lines(qtbot, model):
    """The docstring's totals and one layer's line change: the highlighter sees two lines."""
    preview = _preview(qtbot, model)
    preview.show()
    qtbot.waitUntil(lambda: OLD in preview.toPlainText())
    seen: list[str] = []
    original = preview.highlighter.highlightBlock

    def spy(text: str) -> None:
        seen.append(text)
        original(text)

    preview.highlighter.highlightBlock = spy  # type: ignore[method-assign]
    linears = [n.id for n in model.graph if n.type == "Linear"]
    model.push(SetParamsCommand(model, linears[-1], {"bias": False}))
    qtbot.waitUntil(lambda: "bias=False" in preview.toPlainText())
    assert 1 <= len(seen) <= 4, seen  # Parameters line + the layer's line (not all between)


def test_updates_come_from_a_worker_process_working_on_a_copy(qtbot, model):
    import os

    from netbuilder.ui import code_worker

    preview = _preview(qtbot, model)
    preview.show()
    qtbot.waitUntil(lambda: OLD in preview.toPlainText())  # a document's first text: at once
    conv = _conv1(model)
    before = preview.generations
    model.push(SetParamsCommand(model, conv, {"out_channels": 8}))
    # sent to the worker (a warm worker may already have answered: no race on busy())
    qtbot.waitUntil(lambda: preview.generations > before)
    pids = code_worker.worker_pids()
    assert pids and os.getpid() not in pids
    # an edit while the worker runs: the worker's copy keeps 8, the next run shows 16
    model.push(SetParamsCommand(model, conv, {"out_channels": 16}))
    qtbot.waitUntil(lambda: "nn.Conv2d(1, 16," in preview.toPlainText(), timeout=20_000)
    assert preview.toPlainText() == preview.code()


def test_a_killed_worker_is_replaced(qtbot, model):
    import os
    import signal

    from netbuilder.ui import code_worker

    preview = _preview(qtbot, model)
    preview.show()
    qtbot.waitUntil(lambda: OLD in preview.toPlainText())
    conv = _conv1(model)
    model.push(SetParamsCommand(model, conv, {"out_channels": 8}))
    qtbot.waitUntil(lambda: NEW in preview.toPlainText(), timeout=20_000)
    for pid in code_worker.worker_pids():
        os.kill(pid, signal.SIGKILL)
    model.push(SetParamsCommand(model, conv, {"out_channels": 16}))
    qtbot.waitUntil(lambda: "nn.Conv2d(1, 16," in preview.toPlainText(), timeout=20_000)
    model.push(SetParamsCommand(model, conv, {"out_channels": 12}))
    qtbot.waitUntil(lambda: "nn.Conv2d(1, 12," in preview.toPlainText(), timeout=20_000)
    assert preview.toPlainText() == preview.code()


def test_a_graph_snapshot_rebuilds_an_equal_graph(model):
    from netbuilder.core.document import graph_to_dict

    graph = model.graph
    copied = graph.snapshot()
    copy = copied.to_graph()
    assert graph_to_dict(copy) == graph_to_dict(graph)
    assert copy.topological_order() == graph.topological_order()
    conv = _conv1(model)
    model.push(SetParamsCommand(model, conv, {"out_channels": 8}))  # later edits: copy kept
    assert copied.to_graph().node(conv).params["out_channels"] == 6
    assert copy.node(conv).params["out_channels"] == 6
    copy.set_params(conv, {"out_channels": 3})  # and the copy's edits leave the graph alone
    assert graph.node(conv).params["out_channels"] == 8
    assert copy.add_node("ReLU") not in graph


def test_after_many_edits_the_text_is_the_generated_module(qtbot, model):
    from netbuilder.ui.commands import AddNodeCommand, RemoveNodesCommand

    preview = _preview(qtbot, model)
    preview.show()
    qtbot.waitUntil(lambda: OLD in preview.toPlainText())
    conv = _conv1(model)
    linears = [n.id for n in model.graph if n.type == "Linear"]

    def expected() -> str:  # the whole text made afresh (a module, or why there is none)
        return preview.code()

    for command in (
        SetParamsCommand(model, conv, {"out_channels": 8}),
        AddNodeCommand(model, "ReLU"),
        RemoveNodesCommand(model, [linears[-1]]),
        SetParamsCommand(model, linears[0], {"bias": False}),
    ):
        model.push(command)
        qtbot.waitUntil(lambda: preview.toPlainText() == expected())
    model.undo_stack.undo()
    model.undo_stack.undo()
    qtbot.waitUntil(lambda: preview.toPlainText() == expected())


def test_the_worker_applies_changed_nodes_and_answers_with_the_changed_lines(model):
    """``code_worker.answer`` as the worker process runs it: a whole copy first, then only
    the changed nodes; the reply turns the text shown into the freshly generated one."""
    from netbuilder.core.document import Project
    from netbuilder.core.graph import Graph
    from netbuilder.ui import code_worker
    from netbuilder.ui.code_worker import Request, answer, node_fields

    graph = Graph()
    prev = graph.add_node("Input", {"kind": "vector", "features": 8})
    linears = []
    for i in range(60):
        nid = graph.add_node("Linear", {"out_features": 8}) if i % 2 else graph.add_node("ReLU")
        graph.connect(prev, nid)
        linears += [nid] if i % 2 else []
        prev = nid
    channel = next(code_worker.VERSIONS)

    def fresh() -> str:
        return code_worker.module_text(Project(graph, name="chain"))

    v1 = next(code_worker.VERSIONS)
    first = answer(Request(channel, v1, None, graph.snapshot(), (), "chain", "", None))
    assert first.kind == "text" and first.text == fresh()
    shown = first.text
    target = linears[10]
    graph.set_params(target, {"bias": False})
    v2 = next(code_worker.VERSIONS)
    delta = (node_fields(graph.node(target)),)
    reply = answer(Request(channel, v2, v1, None, delta, "chain", "", v1))
    assert reply.kind == "lines" and 1 <= len(reply.lines) <= 3
    lines = shown.split("\n")
    for number, line in reply.lines:
        lines[number] = line
    shown = "\n".join(lines)
    assert shown == fresh() and "bias=False" in shown
    # out_features: the next layer's shape changes too, the lines stay as many
    graph.set_params(target, {"out_features": 5})
    v3 = next(code_worker.VERSIONS)
    delta = (node_fields(graph.node(target)),)
    reply = answer(Request(channel, v3, v2, None, delta, "chain", "", v2))
    for number, line in reply.lines:
        lines[number] = line
    assert "\n".join(lines) == fresh()
    # a base the worker does not hold: it asks for the whole document
    stale = answer(Request(channel, next(code_worker.VERSIONS), v1, None, delta, "chain", "", v3))
    assert stale.kind == "resend"
    # a text the worker did not write is answered in full
    v4 = next(code_worker.VERSIONS)
    full = answer(Request(channel, v4, None, graph.snapshot(), (), "chain", "", None))
    assert full.kind == "text" and full.text == fresh()


def test_a_text_made_on_the_gui_thread_is_handed_to_the_worker_with_the_copy(model):
    """A document's first text is made on the GUI thread; the worker takes it with the
    copy, so the first edit already gets only its changed lines."""
    from netbuilder.core.document import Project
    from netbuilder.ui import code_worker
    from netbuilder.ui.code_worker import Request, answer, node_fields

    graph = model.graph
    channel = next(code_worker.VERSIONS)
    shown = code_worker.module_text(Project(graph, name="lenet"))
    v1 = next(code_worker.VERSIONS)
    prime = Request(channel, v1, None, graph.snapshot(), (), "lenet", "", None, shown)
    assert answer(prime).kind == "same"
    conv = _conv1(model)
    graph.set_params(conv, {"out_channels": 8})
    v2 = next(code_worker.VERSIONS)
    reply = answer(
        Request(channel, v2, v1, None, (node_fields(graph.node(conv)),), "lenet", "", v1)
    )
    assert reply.kind == "lines"
    lines = shown.split("\n")
    for number, line in reply.lines:
        lines[number] = line
    assert "\n".join(lines) == code_worker.module_text(Project(graph, name="lenet"))
    assert NEW in "\n".join(lines)
