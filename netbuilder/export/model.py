"""Export the network itself: a standalone PyTorch module (``model.py``) or ONNX.

Every file is written atomically (a temporary file, then ``os.replace``), so a failed
export never leaves a half-written file nor destroys the previous one.
"""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
from pathlib import Path

from netbuilder.core.analysis import analyse
from netbuilder.core.codegen import class_name_for, compile_model, project_code
from netbuilder.core.document import Project, atomic_write_text
from netbuilder.core.memory import check_weights_fit, estimate, machine_memory
from netbuilder.export.kinds import ExportError

ONNX_OPSET = 18


def export_python(project: Project, path: str | os.PathLike[str]) -> str:
    """Write the network as a standalone module with a ``__main__`` check; returns the source."""
    source = project_code(project)
    atomic_write_text(path, source)
    return source


def export_onnx(
    project: Project, path: str | os.PathLike[str], opset: int = ONNX_OPSET, model=None
) -> int:
    """Write the network as ONNX (checked with ``onnx.checker``); returns the opset used.

    ``model`` is the compiled network with its weights (e.g. after training); by default
    a freshly initialised one.

    Raises
    ------
    ExportError
        When the ``onnx`` extra is not installed or torch cannot export the graph.
    netbuilder.core.memory.MemoryNeedError
        When the weights alone need more memory than this machine has.
    """
    try:
        import onnx  # noqa: F401
        import onnxscript  # noqa: F401
    except ImportError:
        raise ExportError(
            "ONNX export needs the 'onnx' and 'onnxscript' packages: "
            "pip install 'netbuilder[onnx]'."
        ) from None
    import onnx
    import torch

    analysis = analyse(project.graph)
    if model is None:
        if not analysis.errors():  # refused before anything is allocated
            check_weights_fit(estimate(analysis), machine_memory())
        model = compile_model(project.graph, class_name_for(project.name))
    model = model.eval()
    source = next(n for n in project.graph if not n.input_ports())
    shape = analysis.stats(source.id).shape or ()
    if source.params["kind"] == "tokens":
        example = torch.randint(0, source.params["vocab"], (1, *shape))
    else:
        example = torch.randn(1, *shape)
    target = Path(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".onnx", dir=target.parent)
    except OSError as exc:
        raise ExportError(f"Cannot write {target}: {exc.strerror or exc}.") from None
    os.close(fd)
    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            torch.onnx.export(
                model,
                (example,),
                tmp,
                input_names=["x"],
                output_names=["y"],
                opset_version=opset,
                dynamo=True,
                external_data=False,
            )
        checked = onnx.load(tmp)
        onnx.checker.check_model(checked)
        os.replace(tmp, target)
    except OSError as exc:
        raise ExportError(f"Cannot write {target}: {exc.strerror or exc}.") from None
    except Exception as exc:  # torch's exporter raises many types
        raise ExportError(f"torch could not export this network to ONNX: {exc}".strip()) from None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
    return opset
