"""File → Export "with trained weights": the controller exports a run's model.pt."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from PySide6.QtWidgets import QMessageBox

from tests.test_export_weights import trained


def test_export_menu_offers_the_trained_weights(window):
    texts = [a.text() for a in window.export_menu.actions()]
    assert window.actions["export_model_weights"].text() in texts
    assert window.actions["export_onnx_weights"].text() in texts


def test_onnx_with_a_runs_weights_carries_them(window, tmp_path):
    ort = pytest.importorskip("onnxruntime", reason="onnxruntime is not installed")
    model, weights = trained("lenet5", tmp_path)
    target = tmp_path / "net.onnx"
    assert window.files.export_to("onnx", target, weights=weights)
    assert "trained weights" in window.statusBar().currentMessage()
    session = ort.InferenceSession(str(target), providers=["CPUExecutionProvider"])
    x = torch.randn(3, 1, 28, 28)
    (got,) = session.run(None, {session.get_inputs()[0].name: x.numpy()})
    with torch.no_grad():
        np.testing.assert_allclose(got, model(x).numpy(), rtol=1e-4, atol=1e-5)


def test_weights_of_another_network_show_the_sentence(window, tmp_path, answer_dialog):
    _, weights = trained("mlp_mnist", tmp_path)
    target = tmp_path / "model.py"
    seen = answer_dialog(QMessageBox.Ok)
    assert not window.files.export_to("model", target, weights=weights)
    assert seen["title"] == "Export failed"
    assert "'net.0.weight'" in seen["text"] and "do not fit" in seen["text"]
    assert not target.exists()


def test_onnx_export_runs_off_the_gui_thread_while_the_window_keeps_going(
    window, tmp_path, monkeypatch
):
    """torch runs in a worker thread (no OpenMP team is left on the GUI thread to slow
    later trainings); the GUI thread's event loop keeps turning meanwhile."""
    import threading

    from PySide6.QtCore import QTimer

    import netbuilder.export as export_package

    real_export = export_package.export
    threads: list[threading.Thread] = []

    def spying_export(*args, **kwargs):  # records where the real export runs
        threads.append(threading.current_thread())
        return real_export(*args, **kwargs)

    monkeypatch.setattr(export_package, "export", spying_export)
    ticks: list[int] = []
    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start()
    target = tmp_path / "net.onnx"
    try:
        assert window.files.export_to("onnx", target)
    finally:
        timer.stop()
    assert target.stat().st_size > 1000
    assert threads and threads[0] is not threading.main_thread()
    assert not threads[0].is_alive()  # the worker ended with the export
    assert ticks  # the GUI thread's timers ran while torch exported
    assert "wrote ONNX model" in window.statusBar().currentMessage()
