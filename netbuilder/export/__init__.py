"""Export a project: PyTorch module (``model.py``), ONNX, or a training script.

This layer sits above both ``netbuilder.core`` (the model code) and ``netbuilder.train``
(the training script), so neither reaches up to the other: ``cli > ui > export > train >
core``. Every file is written atomically, so a failed export never leaves a half-written
file nor destroys the previous one.
"""

from __future__ import annotations

import os

from netbuilder.core.document import Project
from netbuilder.export.kinds import KINDS, ExportError, kind_for_path
from netbuilder.export.model import ONNX_OPSET, export_onnx, export_python
from netbuilder.train.script import export_train_script


def export(
    project: Project,
    path: str | os.PathLike[str],
    kind: str | None = None,
    dataset: str | None = None,
) -> str:
    """Export by kind (default: from the file name); returns a one-line description.

    Raises
    ------
    netbuilder.core.errors.NetBuilderError
        :class:`ExportError`, a ``CodegenError`` or a dataset error, with one sentence.
    """
    kind = kind or kind_for_path(path)
    if kind == "model":
        export_python(project, path)
        return f"wrote PyTorch module {path}"
    if kind == "onnx":
        opset = export_onnx(project, path)
        return f"wrote ONNX model {path} (opset {opset})"
    if kind == "train":
        export_train_script(project, path, dataset=dataset or project.training.dataset)
        return f"wrote training script {path}"
    raise ExportError(f"Unknown export kind '{kind}'; use one of {', '.join(KINDS)}.")


__all__ = [
    "KINDS",
    "ONNX_OPSET",
    "ExportError",
    "export",
    "export_onnx",
    "export_python",
    "export_train_script",
    "kind_for_path",
]
