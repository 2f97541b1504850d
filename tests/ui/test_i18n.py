"""简体中文: under zh_CN no visible text of the window, its menus, docks and dialogs is left
in English (apart from PyTorch identifiers and the like), and English comes back.

Every text is read from the real widgets after the real catalogue (the committed
``.qm``) is installed; the allow-list below names what may stay Latin, with reasons.
"""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QFont, QFontDatabase, QRawFont
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QDockWidget,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QTabBar,
    QTabWidget,
    QWidget,
)

from netbuilder.core.blocks import by_category
from netbuilder.core.presets import PRESET_NAMES
from netbuilder.ui.core_text import tr_core
from netbuilder.ui.i18n import current_language, install_language, stored_language

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "translations" / "netbuilder_zh_CN.ts"

#: Latin words that may stay in the Chinese UI, with the reason.
ALLOWED = {
    # units and conventions named as in PyTorch / the course notes
    "FLOPs",
    "FLOPs×2",
    "MACs",
    "MAC",
    "K",
    "M",
    "G",
    "B",
    "KB",
    "MB",
    "GB",
    "s",
    "px",
    # product and format names
    "NetBuilder",
    "PyTorch",
    "ONNX",
    "Python",
    "TensorBoard",
    "JSON",
    "GPU",
    "GPUs",
    "DDP",
    "CPU",
    "CUDA",
    "torchrun",
    "LeNet5",
    "NiN",
    "VGG",
    "Inception",
    "Residual",
    "UTF",
    # PyTorch identifiers shown as code (options, file names, functions)
    "torch",
    "compile",
    "torch.compile",
    "model.py",
    "train.py",
    "model.pt",
    "model.onnx",
    "out_channels",
    "in_channels",
    "in_features",
    "NLLLoss",
    "utils",
    "flop_counter",
    "cat",
    "same",
    "auto",
    "torch.utils.flop_counter",
    "ImageNet",
    "MNIST",
    "ASCII",
    "CSV",
    "AlexNet",
    "GoogLeNet",
    "ResNet",
    "DenseNet",
    "MobileNetV2",
    "SqueezeNet",
    "LeNet",
    "Fire",
    "Network",
    "in",
    "v1",
    "RNN",
    "GRU",
    "LSTM",
    "sigmoid",
    "one",
    "hot",
    "hello",
    "ohlol",
    # image formats of File → Export
    "PNG",
    "SVG",
    # View → Language names each language in itself
    "English",
    # key names (Qt's own key names, shown as shortcuts)
    "Ctrl",
    "Shift",
    "Alt",
    "Meta",
    "Del",
    "Tab",
    "Esc",
    "Backspace",
    "Ins",
    "Home",
    "End",
    "PgUp",
    "PgDown",
    "F",
    "Z",
    "Y",
    "A",
    "C",
    "V",
    "X",
    "D",
    "H",
    "L",
    "N",
    "O",
    "S",
    "Q",
    "Delete",
    "Return",
    "Enter",
    "Space",
    # shape letters (C×H×W, L×F; C, H, L and F are above as key names)
    "W",
    # data sets offered by name (file or folder names)
    "digits",
    "mnist",
    "cifar10",
    "fashion_mnist",
    "csv",
    "images",
    "names",
    # optimizers and schedules: torch.optim / lr_scheduler names
    "adam",
    "adamw",
    "sgd",
    "onecycle",
    "cosine",
    "step",
    "constant",
    "none",
    "cpu",
    "cuda",
    "mps",
}


def _identifiers() -> set[str]:
    """Block types, parameter names (also as the inspector shows them) and choices."""
    names = set(PRESET_NAMES)
    for blocks in by_category().values():
        for block in blocks:
            names.add(block.type)
            for param in block.schema:
                names.add(param.name)
                names.update(param.name.split("_"))
                for choice in getattr(param, "choices", None) or ():
                    names.add(str(choice))
    return names


def _english_words(text: str, allowed: set[str]) -> list[str]:
    """The Latin words of ``text`` that are not allowed (markup and numbers stripped)."""
    text = re.sub(r"<[^>]+>", " ", text).replace("&nbsp;", " ")
    text = re.sub(r"\(&?[A-Z]\)", "", text).replace("&", "")  # 文件(&F): the accelerator
    text = re.sub(r"\S*[/\\]\S*", " ", text)  # paths (a run folder) are file names
    words = re.findall(r"[A-Za-z][A-Za-z0-9_.]*", text)
    out = []
    for word in words:
        bare = word.rstrip(".")
        if bare in allowed or re.fullmatch(r"[\w.]+\.(py|pt|pth|json|onnx|png|svg)", bare):
            continue
        if re.fullmatch(r"F\d{1,2}", bare):  # function keys in shortcut tips
            continue
        out.append(word)
    return out


def _texts(widget: QWidget) -> list[tuple[str, str]]:
    """Every visible text of ``widget`` and its visible children: (where, text)."""
    found: list[tuple[str, str]] = []
    widgets = [widget, *widget.findChildren(QWidget)]
    for w in widgets:
        if not w.isVisibleTo(widget.window()) and w is not widget:
            continue
        where = f"{type(w).__name__} {w.objectName()!r}"
        if w.toolTip():
            found.append((where + " tooltip", w.toolTip()))
        if isinstance(w, QLabel):
            found.append((where, w.text()))
        elif isinstance(w, QAbstractButton):
            found.append((where, w.text()))
        elif isinstance(w, QGroupBox):
            found.append((where, w.title()))
        elif isinstance(w, QLineEdit):
            found.append((where + " placeholder", w.placeholderText()))
        elif isinstance(w, QDockWidget):
            found.append((where + " title", w.windowTitle()))
        elif isinstance(w, QTabBar):
            found += [(where + " tab", w.tabText(i)) for i in range(w.count())]
        elif isinstance(w, QTabWidget):
            found += [(where + " tab", w.tabText(i)) for i in range(w.count())]
        elif isinstance(w, QComboBox):  # datasets, optimizers, devices: identifiers
            found.append((where + " current", w.currentText()))
        if isinstance(w, QHeaderView) and w.model() is not None:
            model, orientation = w.model(), w.orientation()
            count = model.columnCount() if orientation == Qt.Horizontal else 0
            for section in range(count):
                found.append((where, str(model.headerData(section, orientation) or "")))
        for action in QWidget.actions(w):  # MainWindow.actions is its dict
            found += _action_texts(action)
    return found


def _action_texts(action: QAction) -> list[tuple[str, str]]:
    where = f"action {action.objectName() or action.text()!r}"
    out = [(where, action.text()), (where + " tooltip", action.toolTip())]
    out.append((where + " status tip", action.statusTip()))
    menu = action.menu()
    if isinstance(menu, QMenu):
        out.append((f"menu {menu.objectName()!r} title", menu.title()))
        for sub in menu.actions():
            if not sub.isSeparator():
                out += _action_texts(sub)
    return out


def _window_texts(window) -> list[tuple[str, str]]:
    found = _texts(window)
    for action in window.menuBar().actions():
        found += _action_texts(action)
    for action in window.actions.values():
        found += _action_texts(action)
    found.append(("window title", window.windowTitle()))
    return found


def _untranslated(found: list[tuple[str, str]], extra: set[str] = frozenset()) -> list[str]:
    allowed = ALLOWED | _identifiers() | set(extra)
    bad = []
    for where, text in found:
        words = _english_words(text, allowed)
        if words:
            bad.append(f"{where}: {text!r} → {words}")
    return bad


@pytest.fixture
def zh(qapp):
    """The zh_CN catalogue installed for one test; English again afterwards."""
    assert install_language("zh_CN") == "zh_CN", "the committed .qm does not load"
    yield
    install_language("en")


def _layer_names(window) -> set[str]:
    from netbuilder.core.naming import layer_names

    graph = window.model.graph
    names = set(layer_names(graph).values()) | {n.id for n in graph.nodes}
    return names | {part for name in names for part in name.split(".")}


def _open_everything(window, qtbot) -> None:
    """Every dock shown (training views built), a block selected for the inspector."""
    for dock in window.docks.values():
        dock.show()
    window.training.training_dock.build_views()
    first_conv = next(n.id for n in window.model.graph.nodes if n.type == "Conv2d")
    window.model.set_selection([first_conv])
    qtbot.wait(1)  # the inspector and summary settle through queued signals


def test_the_catalogue_is_complete_and_keeps_every_placeholder():
    """Every text of the .ts is translated, keeps the placeholders of its English source
    and its accelerator, and the core's catalogue lists every template of the core."""
    root = ET.parse(TS).getroot()
    messages = list(root.iter("message"))
    assert len(messages) > 500
    for message in messages:
        source = message.findtext("source")
        translation = message.find("translation")
        assert translation.get("type") is None, f"unfinished: {source!r}"
        text = translation.text or ""
        assert text, source
        assert sorted(re.findall(r"\{[^{}]*\}", source)) == sorted(
            re.findall(r"\{[^{}]*\}", text)
        ), source
        if re.search(r"&\w", source) and ";;" not in source:
            assert re.search(r"&\w|&\{", text), f"accelerator lost: {source!r} → {text!r}"
    check = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "update_translations.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stdout + check.stderr
    qm = TS.with_suffix(".qm")
    assert qm.stat().st_size > 10_000


def test_no_english_left_in_the_window_menus_and_docks(window, qtbot, zh):
    # the catalogue is installed before the window is built, as at start-up
    from netbuilder.ui.main_window import MainWindow

    zh_window = MainWindow(restore=False)
    try:
        zh_window.files.open_preset("lenet5", ask=False)
        zh_window.resize(1280, 800)
        zh_window.show()
        qtbot.waitExposed(zh_window)
        _open_everything(zh_window, qtbot)
        found = _window_texts(zh_window)
        assert any("文件" in text for _w, text in found)  # the catalogue is really in use
        bad = _untranslated(found, _layer_names(zh_window))
        assert not bad, "\n".join(bad)
    finally:
        zh_window.model.undo_stack.setClean()
        zh_window.close()
        zh_window.deleteLater()


def _read_modal(seen: list[tuple[str, str]], button=QMessageBox.Cancel) -> None:
    """Read the next modal box's texts while it is up, then answer it with ``button``."""

    def poll() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(10, poll)
            return
        seen.extend(_texts(box) + [("title", box.windowTitle())])
        (box.button(button) or box.defaultButton() or box).click() if box.button(
            button
        ) else box.close()

    QTimer.singleShot(0, poll)


def test_no_english_left_in_the_dialogs(window, qtbot, zh):
    from netbuilder.ui.main_window import MainWindow

    zh_window = MainWindow(restore=False)
    try:
        zh_window.files.open_preset("lenet5", ask=False)
        zh_window.show()
        qtbot.waitExposed(zh_window)
        bad: list[str] = []
        for key in ("shortcuts", "getting_started"):
            zh_window.actions[key].trigger()
            dialog = zh_window.findChild(QWidget, f"{key}Dialog")
            qtbot.waitExposed(dialog)
            bad += _untranslated(_texts(dialog) + [("title", dialog.windowTitle())])
            dialog.close()
        compare = zh_window.show_compare()  # File → Compare… (against the saved version)
        qtbot.waitExposed(compare)
        bad += _untranslated(_texts(compare) + [("title", compare.windowTitle())], {"lenet5"})
        compare.close()
        # modal boxes: read while they are up, then answered
        seen: list[tuple[str, str]] = []
        _read_modal(seen, QMessageBox.Ok)
        zh_window.about()
        assert seen, "the About box was not seen"
        bad += _untranslated(seen)
        # "Save changes?" after an edit (Qt's own buttons come from qtbase_zh_CN.qm)
        zh_window.model.push(_rename(zh_window))
        seen.clear()
        _read_modal(seen, QMessageBox.Cancel)
        assert zh_window.files.maybe_save() is False
        assert seen, "the save question was not seen"
        bad += _untranslated(seen, {"first_conv", "lenet5"})
        assert not bad, "\n".join(bad)
    finally:
        zh_window.model.undo_stack.setClean()
        zh_window.close()
        zh_window.deleteLater()


def _rename(window):
    from netbuilder.ui.commands import SetLabelCommand

    node = next(n for n in window.model.graph.nodes if n.type == "Conv2d")
    return SetLabelCommand(window.model, node.id, "first_conv")


def test_core_sentences_are_translated_and_english_comes_back(qapp):
    """A real analysis error (Linear after an image) reads in Chinese under zh_CN, keeps
    the block names, and reads exactly as the core wrote it in English."""
    from netbuilder.core.analysis import analyse
    from netbuilder.core.graph import Graph

    graph = Graph()
    source = graph.add_node("Input", {"channels": 1, "height": 28, "width": 28})
    fc = graph.add_node("Linear", {"out_features": 10})
    graph.connect(source, fc, 0)
    error = analyse(graph).stats(fc).error
    assert error == "Linear expects a flat vector but gets 1×28×28 — insert Flatten?"
    try:
        install_language("zh_CN")
        chinese = tr_core(error)
        assert "Linear" in chinese and "Flatten" in chinese and "1×28×28" in chinese
        assert "全连接" in chinese and "expects" not in chinese
    finally:
        install_language("en")
    assert tr_core(error) == error


def test_switching_back_to_english_restores_english(window, qtbot):
    """View → Language: 简体中文 then English; the choice is remembered, the notice is in
    the chosen language and a window built afterwards is English again."""
    from netbuilder.ui.main_window import MainWindow

    menu = window.language_menu
    try:
        assert menu.choose("zh_CN") == "zh_CN"
        assert stored_language() == "zh_CN" and current_language() == "zh_CN"
        assert "简体中文" in menu.notice.text()
        menu.notice.close()
        assert menu.choose("en") == "en"
        assert stored_language() == "en" and current_language() == "en"
        assert menu.notice.text().startswith("The language is now English")
        menu.notice.close()
    finally:
        install_language("en")
    english = MainWindow(restore=False)
    try:
        titles = [action.text() for action in english.menuBar().actions()]
        assert titles[:3] == ["&File", "&Edit", "&View"]
        assert english.docks["palette"].windowTitle() == "Blocks"
        assert _untranslated(_window_texts(english)) != []  # English is back, not Chinese
    finally:
        english.close()
        english.deleteLater()


def test_chinese_glyphs_are_covered_by_an_installed_font(qapp, zh):
    """Every character of the Chinese catalogue has a glyph in an installed font, so no
    missing-glyph boxes are drawn (skipped where no CJK font is installed)."""
    families = QFontDatabase.families(QFontDatabase.SimplifiedChinese)
    if not families:
        pytest.skip("no font with Simplified Chinese is installed (fc-list :lang=zh is empty)")
    fonts = [QRawFont.fromFont(QFont(family)) for family in families[:5]]
    root = ET.parse(TS).getroot()
    chars = {c for t in root.iter("translation") for c in (t.text or "") if ord(c) > 0x2E7F}
    missing = [c for c in sorted(chars) if not any(f.supportsCharacter(ord(c)) for f in fonts)]
    assert not missing, "".join(missing)


def test_the_language_follows_the_system_locale_unless_chosen():
    from PySide6.QtCore import QLocale

    from netbuilder.ui.i18n import resolve_language

    chinese = QLocale(QLocale.Chinese, QLocale.China)
    assert resolve_language("", chinese) == "zh_CN"
    assert resolve_language("", QLocale(QLocale.German, QLocale.Germany)) == "en"
    assert resolve_language("en", chinese) == "en"  # View → Language wins
    assert resolve_language("klingon", chinese) == "zh_CN"  # an unknown stored value
