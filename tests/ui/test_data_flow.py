"""One-way data flow: analysis update → graphChanged → statsChanged; display settings."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from netbuilder.core.presets import load_preset
from netbuilder.ui.commands import AddNodeCommand, ConnectCommand, SetParamsCommand
from netbuilder.ui.document_model import DocumentModel


def test_stats_follow_the_graph_event_and_never_fire_inside_it(qtbot) -> None:
    model = DocumentModel(load_preset("lenet5"))
    seen: list[str] = []

    def on_graph(event: object) -> None:
        seen.append(f"graph {type(event).__name__}")
        for node in model.graph:  # views query the analysis while the event is delivered
            model.analysis.stats(node.id)
        seen.append("graph end")

    model.graphChanged.connect(on_graph)
    model.statsChanged.connect(lambda ids: seen.append(f"stats {len(ids)}"))
    last = model.graph.topological_order()[-1]
    add = AddNodeCommand(model, "Softmax", None, (0.0, 0.0))
    model.push(add)
    assert seen == ["graph NodeAdded", "graph end", "stats 1"]
    seen.clear()
    model.push(ConnectCommand(model, last, add.node_id, 0))
    assert seen == ["graph EdgeAdded", "graph end", "stats 1"]
    seen.clear()
    conv = next(n.id for n in model.graph if n.type == "Conv2d")
    model.push(SetParamsCommand(model, conv, {"bias": False}))
    # the stats already hold the new count while graphChanged is delivered
    assert seen == ["graph ParamsChanged", "graph end", "stats 1"]
    assert model.analysis.stats(conv).params == 6 * 25
    model.close()


def test_one_display_settings_object_drives_every_view(window) -> None:
    display = window.display
    conv = next(n.id for n in window.model.graph if n.type == "Conv2d")
    window.model.set_selection([conv])
    display.set_flops_factor(2)
    assert window.actions["flops_x2"].isChecked()
    assert "235,200" in window.inspector.stats.text()
    assert "235K" in window.canvas.canvas.nodes[conv].stats_line
    assert window.summary.table.headerData(4, Qt.Horizontal) == "FLOPs (2×MACs)"
    display.set_flops_factor(1)
    assert not window.actions["flops_x2"].isChecked()
    assert "117,600" in window.inspector.stats.text()


def test_a_palette_switch_reaches_canvas_and_code_through_the_display_settings(window) -> None:
    from netbuilder.ui.canvas import style
    from netbuilder.ui.theme import apply_look

    app = QApplication.instance()
    dark_before = window.display.dark
    try:
        apply_look(app, dark=not dark_before)
        assert window.display.dark is (not dark_before)
        assert window.canvas.canvas.theme is style.theme_for(not dark_before)
        assert window.code.highlighter.dark is (not dark_before)
    finally:
        apply_look(app, dark=dark_before)
    assert window.canvas.canvas.theme is style.theme_for(dark_before)
