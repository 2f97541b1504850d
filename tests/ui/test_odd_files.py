"""The app refuses odd files with a dialog, never hangs on them (real window, real files)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from netbuilder.core.document import dumps
from netbuilder.core.presets import preset_text


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs POSIX FIFOs")
def test_opening_a_fifo_shows_a_sentence_and_does_not_hang(window, tmp_path, answer_dialog):
    fifo = tmp_path / "net.json"
    os.mkfifo(fifo)
    before = dumps(window.model.project)
    seen = answer_dialog(QMessageBox.Ok)
    assert not window.files.open_path(fifo, ask=False)
    assert seen["title"] == "Cannot open project"
    assert "is a pipe, not a project file" in seen["text"]
    assert dumps(window.model.project) == before


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_opening_dev_zero_shows_a_sentence(window, answer_dialog):
    seen = answer_dialog(QMessageBox.Ok)
    assert not window.files.open_path(Path("/dev/zero"), ask=False)
    assert "is a device" in seen["text"]


def test_a_hostile_label_is_shown_escaped_and_short(window, tmp_path, answer_dialog):
    data = json.loads(preset_text("lenet5"))
    data["graph"]["nodes"][1]["label"] = "\x1b[2J" + "a" * 1_000_000
    path = tmp_path / "net.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    seen = answer_dialog(QMessageBox.Ok)
    assert not window.files.open_path(path, ask=False)
    assert "\\x1b[2J" in seen["text"] and "\x1b" not in seen["text"]
    assert len(seen["text"]) < 600 and "cannot name a layer" in seen["text"]
