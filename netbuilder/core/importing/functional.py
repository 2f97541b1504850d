"""``torch.nn.functional`` calls and tensor methods that are one block each."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from netbuilder.core.blocks.registry import get_block
from netbuilder.core.errors import ParamError
from netbuilder.core.importing.errors import Unsupported
from netbuilder.core.importing.modules import pair

#: A block type and the names of the call's arguments after the input tensor.
Spec = tuple[str, tuple[str, ...]]

_POOL2D = ("kernel_size", "stride", "padding", "dilation", "ceil_mode", "return_indices")
_AVG = ("kernel_size", "stride", "padding", "ceil_mode", "count_include_pad", "divisor_override")
_SOFTMAX = ("dim", "_stacklevel", "dtype")
_DROPOUT = ("p", "training", "inplace")

#: Tensor methods (``x.relu()``) by name.
METHODS: dict[str, Spec] = {
    "relu": ("ReLU", ()),
    "relu_": ("ReLU", ()),
    "sigmoid": ("Sigmoid", ()),
    "tanh": ("Tanh", ()),
    "softmax": ("Softmax", ("dim", "dtype")),
    "log_softmax": ("LogSoftmax", ("dim", "dtype")),
}


@lru_cache(maxsize=1)
def functions() -> dict[Any, Spec]:
    """Functions (``F.relu``, ``torch.sigmoid`` …) by the function object fx records."""
    import torch
    from torch.nn import functional as F  # noqa: N812

    return {
        F.relu: ("ReLU", ("inplace",)),
        torch.relu: ("ReLU", ()),
        torch.relu_: ("ReLU", ()),
        F.relu6: ("ReLU6", ("inplace",)),
        torch.sigmoid: ("Sigmoid", ()),
        F.sigmoid: ("Sigmoid", ()),
        torch.tanh: ("Tanh", ()),
        F.tanh: ("Tanh", ()),
        F.gelu: ("GELU", ("approximate",)),
        F.silu: ("SiLU", ("inplace",)),
        F.hardswish: ("Hardswish", ("inplace",)),
        F.hardsigmoid: ("Hardsigmoid", ("inplace",)),
        F.leaky_relu: ("LeakyReLU", ("negative_slope", "inplace")),
        F.softmax: ("Softmax", _SOFTMAX),
        torch.softmax: ("Softmax", ("dim", "dtype")),
        F.log_softmax: ("LogSoftmax", _SOFTMAX),
        torch.log_softmax: ("LogSoftmax", ("dim", "dtype")),
        F.dropout: ("Dropout", _DROPOUT),
        F.dropout2d: ("Dropout2d", _DROPOUT),
        F.max_pool2d: ("MaxPool2d", _POOL2D),
        F.max_pool1d: ("MaxPool1d", _POOL2D),
        F.avg_pool2d: ("AvgPool2d", _AVG),
        F.avg_pool1d: ("AvgPool1d", _AVG[:5]),
        F.adaptive_avg_pool2d: ("AdaptiveAvgPool2d", ("output_size",)),
        F.adaptive_max_pool2d: ("AdaptiveMaxPool2d", ("output_size", "return_indices")),
    }


def call_block(spec: Spec, args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[str, dict]:
    """Block type and parameters of a call ``f(x, *args, **kwargs)`` described by ``spec``.

    Returns ``("", {})`` for a call that does nothing (dropout with ``training=False``).

    Raises
    ------
    Unsupported
        For arguments no block has (``return_indices``, ``dtype``, ``dim=None`` …).
    """
    type_name, names = spec
    if len(args) > len(names):
        raise Unsupported(f"{type_name} is called with more arguments than it takes")
    named = dict(zip(names, args, strict=False)) | dict(kwargs)
    if named.get("return_indices") or named.get("divisor_override") is not None:
        raise Unsupported("return_indices and divisor_override have no NetBuilder equivalent")
    if named.get("dtype") is not None:
        raise Unsupported("a dtype argument has no NetBuilder equivalent")
    if "training" in named and named["training"] is False:
        return "", {}
    if type_name in ("Softmax", "LogSoftmax") and named.get("dim") is None:
        raise Unsupported(f"{type_name} without dim has no NetBuilder equivalent; give dim")
    block = get_block(type_name)
    schema = {entry.name for entry in block.schema}
    params = {k: pair(v) for k, v in named.items() if k in schema and v is not None}
    if "stride" in params and params["stride"] in ([], ()):
        del params["stride"]  # F.max_pool2d(x, 2, stride=[]) means the kernel size
    try:
        return type_name, block.params(params)
    except ParamError as exc:
        raise Unsupported(
            f"{type_name} with {exc.param}={params.get(exc.param)!r}: {exc}"
        ) from None
