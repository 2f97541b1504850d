"""Lifetimes: the app's views share the document's one analysis, nothing else subscribes."""

from __future__ import annotations

from netbuilder.core.analysis import Analysis
from netbuilder.core.codegen import check_exportable, compile_model
from netbuilder.core.presets import load_preset
from netbuilder.ui.commands import MoveNodesCommand
from netbuilder.ui.document_model import DocumentModel


def test_the_leak_check_sees_an_analysis_nobody_closes(stray_listeners) -> None:
    model = DocumentModel(load_preset("lenet5"))
    graph = model.graph
    assert stray_listeners(graph) == []
    extra = Analysis(graph)
    assert len(stray_listeners(graph)) == 1
    extra.close()
    with Analysis(graph) as scoped:
        assert scoped.live and len(stray_listeners(graph)) == 1
    assert not scoped.live and stray_listeners(graph) == []
    model.close()
    assert graph._listeners == []


def test_export_checks_and_compiling_leave_no_listener_behind() -> None:
    model = DocumentModel(load_preset("lenet5"))
    before = list(model.graph._listeners)
    check_exportable(model.graph)
    compile_model(model.graph)
    assert model.graph._listeners == before
    model.close()


def test_moves_with_every_dock_live_leave_two_listeners_on_the_graph(window, stray_listeners):
    """30 moves in GoogLeNet used to leave 33 listeners (one analysis per code refresh)."""
    window.files.open_preset("googlenet")
    model = window.model
    node = model.graph.nodes[3]
    for step in range(30):
        x, y = node.pos
        model.push(MoveNodesCommand(model, {node.id: ((x, y), (x + 5, y + step))}))
        window.code.refresh()
    assert len(model.graph._listeners) == 2
    assert stray_listeners(model.graph) == []
