"""Import an existing ``nn.Module`` onto the canvas through ``torch.fx``.

``netbuilder import model.py:Net --input 1x28x28 -o net.json`` runs ``model.py`` (as
``python model.py`` would: it is the user's own code, not a project file), traces
``Net()`` with ``torch.fx`` and maps each layer to a catalogue block. The result is
checked against the module itself: same parameter count, same output shape.
"""

from __future__ import annotations

import importlib.util
import operator
import re
import sys
from pathlib import Path
from typing import Any

from netbuilder.core.analysis import Analysis
from netbuilder.core.blocks.io import input_shape_params
from netbuilder.core.builder import Builder
from netbuilder.core.document import Project
from netbuilder.core.errors import NetBuilderError
from netbuilder.core.formatting import shape_text
from netbuilder.core.reserved import reserved_reason


class ImportModelError(NetBuilderError):
    """The module cannot be imported onto the canvas (one sentence)."""


def _pair(value: Any) -> Any:
    if isinstance(value, (tuple, list)):
        return value[0] if len(set(value)) == 1 else list(value)
    return value


def _module_block(module: Any) -> tuple[str, dict[str, Any]] | None:
    """Block type and parameters of a torch layer, or ``None`` when there is none."""
    from torch import nn

    if isinstance(module, (nn.Conv2d, nn.Conv1d)):
        if module.padding_mode != "zeros":
            return None
        padding = module.padding if isinstance(module.padding, str) else _pair(module.padding)
        return type(module).__name__, {
            "out_channels": module.out_channels,
            "kernel_size": _pair(module.kernel_size),
            "stride": _pair(module.stride),
            "padding": padding,
            "dilation": _pair(module.dilation),
            "groups": module.groups,
            "bias": module.bias is not None,
        }
    if isinstance(module, nn.Linear):
        return "Linear", {"out_features": module.out_features, "bias": module.bias is not None}
    if isinstance(module, nn.MaxPool2d):
        return "MaxPool2d", {
            "kernel_size": _pair(module.kernel_size),
            "stride": _pair(module.stride),
            "padding": _pair(module.padding),
            "dilation": _pair(module.dilation),
            "ceil_mode": module.ceil_mode,
        }
    if isinstance(module, nn.AvgPool2d):
        return "AvgPool2d", {
            "kernel_size": _pair(module.kernel_size),
            "stride": _pair(module.stride),
            "padding": _pair(module.padding),
            "ceil_mode": module.ceil_mode,
            "count_include_pad": module.count_include_pad,
        }
    if isinstance(module, nn.AdaptiveAvgPool2d):
        return "AdaptiveAvgPool2d", {"output_size": _pair(module.output_size)}
    if isinstance(module, (nn.BatchNorm1d, nn.BatchNorm2d)):
        return type(module).__name__, {
            "eps": module.eps,
            "momentum": module.momentum,
            "affine": module.affine,
        }
    if isinstance(module, nn.LayerNorm):
        return "LayerNorm", {
            "dims": len(module.normalized_shape),
            "eps": module.eps,
            "elementwise_affine": module.elementwise_affine,
        }
    if isinstance(module, (nn.Dropout, nn.Dropout2d)):
        return type(module).__name__, {"p": module.p}
    if isinstance(module, nn.LeakyReLU):
        return "LeakyReLU", {"negative_slope": module.negative_slope}
    if isinstance(module, nn.GELU):
        return "GELU", {"approximate": module.approximate}
    if isinstance(module, (nn.Softmax, nn.LogSoftmax)):
        return type(module).__name__, {"dim": module.dim}
    if isinstance(
        module, (nn.ReLU, nn.Sigmoid, nn.Tanh, nn.ReLU6, nn.SiLU, nn.Hardswish, nn.Hardsigmoid)
    ):
        return type(module).__name__, {}
    if isinstance(module, nn.Flatten):
        return "Flatten", {"start_dim": module.start_dim, "end_dim": module.end_dim}
    if isinstance(module, nn.Embedding):
        return "Embedding", {
            "num_embeddings": module.num_embeddings,
            "embedding_dim": module.embedding_dim,
        }
    return None


def _function_block(node: Any) -> tuple[str, dict[str, Any]] | None:
    """Block of a traced function call (``torch.cat``, ``+``, ``F.relu`` ...)."""
    import torch
    from torch.nn import functional as F  # noqa: N812

    target, args, kwargs = node.target, node.args, node.kwargs
    simple = {
        F.relu: "ReLU",
        torch.relu: "ReLU",
        torch.sigmoid: "Sigmoid",
        torch.tanh: "Tanh",
        F.gelu: "GELU",
    }
    if target in simple:
        return simple[target], {}
    if target in (operator.add, torch.add) and len(args) == 2:
        return "Add", {"inputs": 2}
    if target is torch.cat:
        tensors = args[0]
        dim = kwargs.get("dim", args[1] if len(args) > 1 else 0)
        return "Concat", {"inputs": len(tensors), "dim": dim}
    if target is torch.flatten:
        start = kwargs.get("start_dim", args[1] if len(args) > 1 else 0)
        end = kwargs.get("end_dim", args[2] if len(args) > 2 else -1)
        return "Flatten", {"start_dim": start, "end_dim": end}
    return None


def _method_block(node: Any) -> tuple[str, dict[str, Any]] | None:
    """Block of a traced tensor method (``x.flatten(1)``, ``x.relu()``)."""
    if node.target == "flatten":
        start = node.kwargs.get("start_dim", node.args[1] if len(node.args) > 1 else 0)
        return "Flatten", {"start_dim": start}
    if node.target in ("relu", "sigmoid", "tanh"):
        return {"relu": "ReLU", "sigmoid": "Sigmoid", "tanh": "Tanh"}[node.target], {}
    return None


def _label(name: str, taken: set[str]) -> str:
    label = re.sub(r"\W", "_", name)
    if not label or label[0].isdigit() or reserved_reason(label):
        label = f"layer_{label}"
    base, n = label, 1
    while label in taken:
        n += 1
        label = f"{base}_{n}"
    taken.add(label)
    return label


def load_class(spec: str) -> type:
    """The class named in ``FILE.py:ClassName`` (the file is run like ``python FILE.py``)."""
    path_text, sep, class_name = spec.rpartition(":")
    if not sep or not path_text or not class_name:
        raise ImportModelError(f"'{spec}' is not FILE.py:ClassName.")
    path = Path(path_text)
    if not path.is_file():
        raise ImportModelError(f"There is no file {path}.")
    name = f"netbuilder_import_{abs(hash(path.resolve()))}"
    loader_spec = importlib.util.spec_from_file_location(name, path)
    if loader_spec is None or loader_spec.loader is None:
        raise ImportModelError(f"{path} is not a Python file.")
    module = importlib.util.module_from_spec(loader_spec)
    sys.modules[name] = module
    try:
        loader_spec.loader.exec_module(module)
    except Exception as exc:  # the user's code may raise anything
        raise ImportModelError(f"Running {path.name} failed: {type(exc).__name__}: {exc}") from None
    cls = getattr(module, class_name, None)
    if not isinstance(cls, type):
        raise ImportModelError(f"{path.name} has no class {class_name}.")
    return cls


def import_model(model: Any, input_shape: tuple[int, ...], name: str = "imported") -> Project:
    """A project whose graph computes ``model`` for inputs of ``input_shape`` (no batch).

    Raises
    ------
    ImportModelError
        Naming every layer that has no block, or when the result does not match the
        module (parameter count or output shape).
    """
    import torch
    from torch import fx

    try:
        traced = fx.symbolic_trace(model)
    except Exception as exc:  # fx raises many types on dynamic control flow
        raise ImportModelError(
            f"torch.fx cannot trace {type(model).__name__}: {exc}. Only networks without "
            "data-dependent control flow can be imported."
        ) from None
    kinds = {3: "image", 2: "sequence", 1: "vector"}
    if len(input_shape) not in kinds:
        raise ImportModelError(f"--input {shape_text(input_shape)} must have 1 to 3 dimensions.")
    b = Builder()
    ids: dict[Any, str] = {}
    taken: set[str] = set()
    unsupported: list[str] = []
    skipped: set[Any] = set()
    modules = dict(traced.named_modules())
    output_node = None
    for node in traced.graph.nodes:
        if node.op == "placeholder":
            if ids:
                raise ImportModelError("Only networks with one input can be imported.")
            kind = kinds[len(input_shape)]
            ids[node] = b.add("Input", kind=kind, **input_shape_params(kind, input_shape))
            continue
        if node.op == "output":
            output_node = node.args[0]
            continue
        if node.op == "call_module":
            block = _module_block(modules[node.target])
            what = f"{node.target} ({type(modules[node.target]).__name__})"
        elif node.op == "call_function":
            block = _function_block(node)
            what = f"{node.name} ({getattr(node.target, '__name__', node.target)})"
        elif node.op == "call_method":
            block = _method_block(node)
            what = f"{node.name} (.{node.target}())"
        else:
            block, what = None, f"{node.name} ({node.op})"
        if any(arg in skipped for arg in node.all_input_nodes):
            skipped.add(node)  # downstream of a layer already reported
            continue
        if block is None:
            unsupported.append(what)
            skipped.add(node)
            continue
        type_name, params = block
        sources = node.args[0] if type_name == "Concat" else node.args[: params.get("inputs", 1)]
        try:
            inputs = [ids[s] for s in sources]
        except (KeyError, TypeError):
            unsupported.append(what)
            skipped.add(node)
            continue
        label = _label(node.target if node.op == "call_module" else node.name, taken)
        nid = b.graph.add_node(type_name, params, label)
        for port, src in enumerate(inputs):
            b.graph.connect(src, nid, port)
        ids[node] = nid
    if unsupported:
        raise ImportModelError(
            "These layers have no NetBuilder block yet: "
            + ", ".join(unsupported[:8])
            + (" …" if len(unsupported) > 8 else "")
            + "."
        )
    if output_node not in ids:
        raise ImportModelError("The network's output is not a single tensor.")
    project = b.project(name, f"Imported from {type(model).__name__}.")
    analysis = Analysis.snapshot(project.graph)
    expected_params = sum(p.numel() for p in model.parameters())
    with torch.no_grad():
        out = model.eval()(torch.zeros(1, *input_shape))
    out_shape = analysis.stats(ids[output_node]).shape
    if analysis.errors():
        raise ImportModelError(f"The imported graph has errors: {analysis.errors()[0][1]}")
    if analysis.totals().params != expected_params or out_shape != tuple(out.shape[1:]):
        raise ImportModelError(
            f"The import does not match {type(model).__name__} ({analysis.totals().params} vs "
            f"{expected_params} parameters, output {shape_text(out_shape)} vs "
            f"{shape_text(tuple(out.shape[1:]))}); some layer is not represented."
        )
    return project
