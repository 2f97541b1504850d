"""The project snapshot an autosave serialises on a worker thread.

Taken on the editing thread, it must keep the document as it was at that moment: later
edits (parameters, nodes, links, training settings, groups) do not reach it, and its
text is exactly what :func:`~netbuilder.core.document.dumps` wrote at the snapshot.
"""

from __future__ import annotations

from dataclasses import replace

from netbuilder.core.autosave import AutosaveStore, ProjectSnapshot
from netbuilder.core.document import dumps, load
from netbuilder.core.groups import group_nodes, plan_group
from netbuilder.core.presets import load_preset


def test_a_snapshot_keeps_the_document_as_it_was_when_taken(tmp_path):
    project = load_preset("lenet5")
    graph = project.graph
    ids = [n.id for n in graph.nodes]
    group_nodes(graph, plan_group(graph, ids[1:3], "Stem"))  # a group definition (format v2)
    expected = dumps(project)
    snapshot = ProjectSnapshot.of(project)
    conv = next(n.id for n in graph.nodes if n.type == "Conv2d")
    graph.set_params(conv, {"out_channels": 3})
    graph.remove_node(graph.sinks()[0])
    relu = graph.add_node("ReLU")
    graph.connect(graph.sinks()[0], relu)
    project.name = "renamed"
    project.training = replace(project.training, batch_size=7)
    text = snapshot.dumps()
    assert text == expected
    assert text != dumps(project)
    path = AutosaveStore(tmp_path).write_text("0123456789ab", 0, text, None)
    loaded = load(path)
    assert dumps(loaded) == expected
    assert any(n.type == "Group" for n in loaded.graph.nodes)


def test_serialising_pauses_automatic_collection_and_restores_it():
    import gc

    from netbuilder.core.autosave import collection_paused

    assert gc.isenabled()
    with collection_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with collection_paused():
            pass
        assert not gc.isenabled()  # it was off before: it stays off
    finally:
        gc.enable()
