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
from netbuilder.export.model import ONNX_OPSET, export_onnx, export_python, weights_path_for
from netbuilder.export.weights import WeightsFileError, WeightsMismatchError, load_weights


def export(
    project: Project,
    path: str | os.PathLike[str],
    kind: str | None = None,
    dataset: str | None = None,
    weights: str | os.PathLike[str] | None = None,
) -> str:
    """Export by kind (default: from the file name); returns a one-line description.

    ``weights`` (a ``state_dict`` file, e.g. a run's ``model.pt``) go into a ``model`` or
    ``onnx`` export; a ``model.py`` export writes them beside itself.

    Raises
    ------
    netbuilder.core.errors.NetBuilderError
        :class:`ExportError`, a ``CodegenError``, a dataset error, or a
        :class:`WeightsMismatchError`, with one sentence.
    """
    kind = kind or kind_for_path(path)
    if kind == "model":
        export_python(project, path, weights=weights)
        if weights is None:
            return f"wrote PyTorch module {path}"
        return f"wrote PyTorch module {path} and its trained weights {weights_path_for(path)}"
    if kind == "onnx":
        opset = export_onnx(project, path, weights=weights)
        with_weights = "" if weights is None else f" with the trained weights of {weights}"
        return f"wrote ONNX model {path} (opset {opset}){with_weights}"
    if kind == "train":
        if weights is not None:
            raise ExportError(
                "Trained weights go into a model.py or ONNX export, not a training script: "
                "drop --weights or export model.py / model.onnx."
            )
        # lazily: the training side imports torch, which the app's startup never does
        from netbuilder.train.script import export_train_script

        export_train_script(project, path, dataset=dataset or project.training.dataset)
        return f"wrote training script {path}"
    raise ExportError(f"Unknown export kind '{kind}'; use one of {', '.join(KINDS)}.")


__all__ = [
    "KINDS",
    "ONNX_OPSET",
    "ExportError",
    "WeightsFileError",
    "WeightsMismatchError",
    "export",
    "export_onnx",
    "export_python",
    "kind_for_path",
    "load_weights",
    "weights_path_for",
]
