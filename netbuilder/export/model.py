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
from netbuilder.core.atomic import atomic_write
from netbuilder.core.codegen import class_name_for, compile_model, project_code
from netbuilder.core.document import Project, atomic_write_text
from netbuilder.core.memory import check_weights_fit, estimate, machine_memory
from netbuilder.export.kinds import ExportError
from netbuilder.export.weights import load_weights

ONNX_OPSET = 18


def export_python(
    project: Project,
    path: str | os.PathLike[str],
    weights: str | os.PathLike[str] | None = None,
) -> str:
    """Write the network as a standalone module with a ``__main__`` check; returns the source.

    With ``weights`` (a ``state_dict`` file that fits the network) they are written beside
    the module (``model.py`` gets ``model.pt``), and the module's docstring and ``__main__``
    load them.

    Raises
    ------
    netbuilder.export.weights.WeightsFileError
        When ``weights`` cannot be read as a ``state_dict`` (nothing is written).
    netbuilder.export.weights.WeightsMismatchError
        When they do not fit the network (nothing is written).
    """
    target = Path(path)
    if weights is None:
        source = project_code(project)
        atomic_write_text(target, source)
        return source
    model = load_weights(_fresh_model(project), weights)
    beside = weights_path_for(target)
    source = project_code(project, weights=beside.name)
    state = model.state_dict()
    try:
        atomic_write(beside, lambda handle: _torch_save(state, handle))
    except OSError as exc:
        raise ExportError(f"Cannot write {beside}: {exc.strerror or exc}.") from None
    atomic_write_text(target, source)
    return source


def _fresh_model(project: Project, analysis=None):
    """The compiled network, freshly initialised; refused first when it cannot fit in memory."""
    analysis = analysis or analyse(project.graph)
    if not analysis.errors():  # refused before anything is allocated
        check_weights_fit(estimate(analysis), machine_memory())
    return compile_model(project.graph, class_name_for(project.name))


def weights_path_for(module_path: str | os.PathLike[str]) -> Path:
    """Where a ``.py`` export's weights go: beside it, ``model.py`` → ``model.pt``."""
    return Path(module_path).with_suffix(".pt")


def _torch_save(obj: object, handle) -> None:
    import torch

    torch.save(obj, handle)


def export_onnx(
    project: Project,
    path: str | os.PathLike[str],
    opset: int = ONNX_OPSET,
    model=None,
    weights: str | os.PathLike[str] | None = None,
) -> int:
    """Write the network as ONNX (checked with ``onnx.checker``); returns the opset used.

    ``model`` is the compiled network with its weights (e.g. after training); by default
    a freshly initialised one, into which ``weights`` (a ``state_dict`` file) are loaded
    when given. The batch axis of the input and output is dynamic (named ``batch``).

    Raises
    ------
    ExportError
        When the ``onnx`` extra is not installed or torch cannot export the graph;
        ``WeightsFileError`` when ``weights`` cannot be read as a ``state_dict``.
    netbuilder.export.weights.WeightsMismatchError
        When ``weights`` do not fit the network.
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
        model = _fresh_model(project, analysis)
    if weights is not None:
        load_weights(model, weights)
    model = model.eval()
    source = next(n for n in project.graph if not n.input_ports())
    shape = analysis.stats(source.id).shape or ()
    # a batch of 2: torch.export specialises sizes 0 and 1, so an example batch of 1
    # would pin the batch axis that ``dynamic_shapes`` leaves free
    if source.params["kind"] == "tokens":
        example = torch.randint(0, source.params["vocab"], (2, *shape))
    else:
        example = torch.randn(2, *shape)
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
                dynamic_shapes=({0: torch.export.Dim("batch", min=1)},),
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
