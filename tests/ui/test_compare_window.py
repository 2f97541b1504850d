"""File → Compare…: real widgets, real files, real run folders.

The numbers the window draws are the core's (:mod:`netbuilder.core.compare`, itself tested
against torch in ``tests/test_compare.py``); here the bars, the table and the curves must
show exactly those numbers and the runs' own metrics.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from netbuilder.core.autosave import AutosaveStore
from netbuilder.core.compare import of_project, pair_stages
from netbuilder.core.document import load, save
from netbuilder.core.formatting import exact
from netbuilder.core.presets import load_preset
from netbuilder.core.training_config import TrainingConfig
from netbuilder.train.checkpoints import write_metrics
from netbuilder.train.events import EpochEnd
from netbuilder.train.runs import RUNS_ENV, create_run
from netbuilder.ui.commands import SetParamsCommand
from netbuilder.ui.compare_charts import A_COLOR, size_text
from netbuilder.ui.compare_window import CompareWindow
from netbuilder.ui.display import DisplaySettings
from netbuilder.ui.document_model import DocumentModel
from netbuilder.ui.units import TWO_PER_MAC

#: LeNet-5's parameters (DESIGN §2, d2l's definition).
LENET_PARAMS = 61_706


@pytest.fixture
def runs_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "unsaved_runs"
    monkeypatch.setenv(RUNS_ENV, str(folder))
    return folder


@pytest.fixture
def saved(tmp_path: Path, runs_dir: Path) -> Path:
    path = tmp_path / "net.json"
    save(load_preset("lenet5"), path)
    return path


@pytest.fixture
def model(saved: Path):
    document = DocumentModel()
    document.open(saved)
    yield document
    document.close()


def _first_conv(model: DocumentModel) -> str:
    return next(n.id for n in model.graph.nodes if n.type == "Conv2d")


def _open(qtbot, model: DocumentModel, **kwargs) -> CompareWindow:
    window = CompareWindow(model, **kwargs)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def _cell(window: CompareWindow, row_title: str, col: int) -> str:
    table = window.totals
    rows = [table.verticalHeaderItem(r).text() for r in range(table.rowCount())]
    return table.item(rows.index(row_title), col).text()


def _write_run(project, epochs: int, *, project_file=None, root=None) -> tuple[Path, list]:
    info = create_run(project, TrainingConfig(), project_file=project_file, root=root)
    records = [
        EpochEnd(e, epochs, 2.0 / e, 0.5 + 0.05 * e, 2.2 / e, 0.45 + 0.05 * e, 1.0, 0.01)
        for e in range(1, epochs + 1)
    ]
    write_metrics(info.path / "metrics.csv", records)
    return info.path, records


def test_saved_version_by_default_and_bars_equal_the_core(qtbot, model, saved) -> None:
    model.push(SetParamsCommand(model, _first_conv(model), {"out_channels": 12}))
    window = _open(qtbot, model)
    assert window.sources[0].project_file == saved
    assert window.choice.currentIndex() == 0
    a = of_project(model.project)
    b = of_project(load(saved))
    assert b.params == LENET_PARAMS and a.params > LENET_PARAMS
    assert window.params_chart.heights() == (
        [s.params for s in a.stages],
        [s.params for s in b.stages],
    )
    assert window.flops_chart.heights() == (
        [s.flops for s in a.stages],
        [s.flops for s in b.stages],
    )
    assert _cell(window, "Params", 0) == exact(a.params)
    assert _cell(window, "Params", 1) == exact(LENET_PARAMS)
    assert _cell(window, "Params", 2) == f"{LENET_PARAMS - a.params:,}"  # B − A, B saved
    assert _cell(window, "Layers", 1) == "12"


def test_a_preset_with_the_flops_convention_and_live_edits(qtbot, model) -> None:
    display = DisplaySettings()
    window = _open(qtbot, model, display=display)
    index = [s.name for s in window.sources].index("resnet18")
    assert window.choose(index)
    resnet = of_project(load_preset("resnet18"))
    assert window.params_chart.heights()[1] == [s.params for s in resnet.stages]
    assert len(window.params_chart.heights()[0]) == len(resnet.stages)  # padded with zeros
    assert _cell(window, "FLOPs (MACs)", 1) == exact(resnet.flops)

    display.set_flops_factor(TWO_PER_MAC)
    assert window.flops_chart.heights()[1] == [2 * s.flops for s in resnet.stages]
    assert _cell(window, "FLOPs (2×MACs)", 1) == exact(2 * resnet.flops)

    before = window.params_chart.heights()[0]
    model.push(SetParamsCommand(model, _first_conv(model), {"out_channels": 20}))
    qtbot.waitUntil(lambda: window.params_chart.heights()[0] != before)
    edited = of_project(model.project)
    assert window.params_chart.heights()[0] == [
        a.params if a is not None else 0 for a, _b in pair_stages(edited.stages, resnet.stages)
    ]
    assert window.params_chart.heights()[0][:2] == [0, 0]  # ResNet's 112×112 and 56×56


def test_run_curves_of_whichever_network_has_runs(qtbot, model, saved, runs_dir) -> None:
    window = _open(qtbot, model)
    index = [s.name for s in window.sources].index("resnet18")
    window.choose(index)
    assert window.curves.isHidden()  # no runs yet
    assert "A: none; B: none" in window.runs_note.text()

    _path_a, records_a = _write_run(model.project, 3, project_file=saved)
    window.choose(index)
    assert window.curves.isVisible()  # A's run alone is shown, in A's colour
    assert window.curves.overlaid_runs == 1
    (only,) = [
        item
        for item in window.curves.loss_plot.getPlotItem().listDataItems()
        if item.isVisible() and item.name()
    ]
    assert only.name().startswith("A: ")
    assert only.opts["pen"].color().getRgb()[:3] == A_COLOR
    assert window.runs_note.text().endswith("; B none.")

    _path_b, records_b = _write_run(load_preset("resnet18"), 2, root=runs_dir)
    window.hide()  # shown again: B's new run is read without choosing B again
    window.show()
    qtbot.waitExposed(window)
    assert window.curves.isVisible()
    assert window.curves.overlaid_runs == 2
    loss_curves = [
        item
        for item in window.curves.loss_plot.getPlotItem().listDataItems()
        if item.isVisible() and item.name()
    ]
    names = sorted(item.name() for item in loss_curves)
    assert names[0].startswith("A: ") and names[1].startswith("B: ")
    by_side = {item.name()[0]: item for item in loss_curves}
    for side, records in (("A", records_a), ("B", records_b)):
        x, y = by_side[side].getData()
        assert list(x) == [r.epoch for r in records]
        assert np.allclose(y, [r.val_loss for r in records])


def test_an_autosave_is_offered(qtbot, model, saved, tmp_path) -> None:
    store = AutosaveStore(tmp_path / "autosave")
    older = load_preset("lenet5")
    older.graph.set_params(
        next(n.id for n in older.graph.nodes if n.type == "Conv2d"), {"out_channels": 3}
    )
    store.write("0123456789ab", 1, older, saved)
    store.write("0123456789ab", 2, load_preset("vgg11"), tmp_path / "other.json")
    window = _open(qtbot, model, autosave_store=store)
    autosaves = [i for i, s in enumerate(window.sources) if s.label.startswith("Autosave of")]
    assert len(autosaves) == 1  # only the open file's
    assert window.choose(autosaves[0])
    expected = of_project(older)
    assert window.b.params == expected.params
    assert window.params_chart.heights()[1] == [s.params for s in expected.stages]


def test_an_unreadable_file_keeps_b_and_says_why(qtbot, model, tmp_path) -> None:
    window = _open(qtbot, model)
    shown = window.params_chart.heights()
    junk = tmp_path / "junk.json"
    junk.write_text("{not json", encoding="utf-8")
    assert not window.compare_file(junk)
    assert window.message.isVisible()
    assert "junk.json" in window.message.text()
    assert window.params_chart.heights() == shown
    assert window.choice.currentIndex() == 0

    other = tmp_path / "other.json"
    save(load_preset("vgg11"), other)
    assert window.compare_file(other)
    assert window.message.isHidden()
    assert window.choice.currentText() == "other.json"
    assert window.b.params == of_project(load_preset("vgg11")).params


def test_file_menu_opens_one_compare_window(qtbot, window, runs_dir) -> None:
    action = window.actions["compare"]
    assert action in window.menuBar().actions()[0].menu().actions()
    action.trigger()
    compare = window.findChild(CompareWindow)
    assert compare is not None and compare.isVisible()
    assert compare.curves.isHidden()
    _write_run(window.model.project, 2, root=runs_dir)  # a run finished meanwhile
    action.trigger()
    assert len(window.findChildren(CompareWindow)) == 1
    assert compare.curves.isVisible() and compare.curves.overlaid_runs >= 1
    compare.close()
    qtbot.waitUntil(lambda: window.findChild(CompareWindow) is None)


def test_an_unreadable_saved_version_falls_back_to_a_preset(qtbot, model, saved) -> None:
    saved.write_text('{"format": "netbuilder", "version": 1, "graph": 7}', encoding="utf-8")
    window = _open(qtbot, model)
    assert window.sources[0].project_file == saved  # listed: it is a file on disk
    assert window.choice.currentIndex() == 1
    assert window.b.name == "lenet5"
    assert not window.choose(0)  # picking it says why and keeps B
    assert window.message.isVisible() and "net.json" in window.message.text()
    assert window.choice.currentIndex() == 1 and window.b.name == "lenet5"


def test_stage_size_words_are_translated(qtbot, model) -> None:
    """Under the shipped zh_CN catalogue the core's stage words read in Chinese."""
    from netbuilder.ui.i18n import install_language

    assert install_language("zh_CN") == "zh_CN"  # before any window: no live re-translation
    try:
        window = _open(qtbot, model)
        assert window.choose([s.name for s in window.sources].index("name_gru"))
        tips = window.params_chart.toolTip()  # LeNet's and the GRU's stages
        assert "向量" in tips and "序列" in tips
        assert "vector" not in tips and "sequence" not in tips
        ticks = window.params_chart.getAxis("bottom")._tickLevels[0]
        assert any("向量" in text for _x, text in ticks)
        window.close()
    finally:
        install_language("en")
    assert size_text("vector") == "vector" and size_text("28×28") == "28×28"
    assert size_text("?") == "?"


def test_a_can_be_another_network(qtbot, model, tmp_path) -> None:
    window = _open(qtbot, model)
    assert window.choice_a.currentIndex() == 0  # the open document by default
    assert window.choice_a.currentText() == "Open document"
    resnet = of_project(load_preset("resnet18"))
    index = [s.name for s in window.sources].index("resnet18")
    window.choice_a.activated.emit(index + 1)  # as a click on the entry
    assert window.a_source is window.sources[index]
    assert _cell(window, "Params", 0) == exact(resnet.params)
    assert window.params_chart.heights()[0][:1] == [resnet.stages[0].params]

    other = tmp_path / "other.json"
    save(load_preset("vgg11"), other)
    assert window.set_a_file(other)
    assert window.choice_a.currentText() == "other.json"
    assert _cell(window, "Params", 0) == exact(of_project(load_preset("vgg11")).params)
    (tmp_path / "junk.json").write_text("{not json", encoding="utf-8")
    assert not window.set_a_file(tmp_path / "junk.json")  # says why, keeps A
    assert window.message.isVisible() and window.choice_a.currentText() == "other.json"

    window.choice_a.activated.emit(0)  # back to the document: A follows its edits again
    assert window.a_source is None and window.choice_a.currentIndex() == 0
    before = window.params_chart.heights()[0]
    model.push(SetParamsCommand(model, _first_conv(model), {"out_channels": 20}))
    qtbot.waitUntil(lambda: window.params_chart.heights()[0] != before)
    assert _cell(window, "Params", 0) == exact(of_project(model.project).params)
