"""What can be exported, told from a file name, and the error every exporter raises."""

from __future__ import annotations

import os
from pathlib import Path

from netbuilder.core.errors import NetBuilderError

#: Export kinds: a PyTorch module, an ONNX model, a standalone training script.
KINDS = ("model", "onnx", "train")


class ExportError(NetBuilderError):
    """An export failed for a reason the user can act on."""


def kind_for_path(path: str | os.PathLike[str]) -> str:
    """``onnx`` for ``*.onnx``, ``train`` for ``train*.py``, ``model`` for other ``*.py``."""
    p = Path(path)
    if p.suffix == ".onnx":
        return "onnx"
    if p.suffix == ".py":
        return "train" if p.stem.startswith("train") else "model"
    raise ExportError(f"Cannot tell what to export from '{p.name}': use a .py or .onnx file name.")
