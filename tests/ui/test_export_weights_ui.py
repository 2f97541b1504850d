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
