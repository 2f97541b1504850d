"""A torch layer (``nn.Conv2d(...)``) as a catalogue block and its parameters."""

from __future__ import annotations

from typing import Any

from netbuilder.core.blocks.registry import CATALOGUE
from netbuilder.core.errors import ParamError
from netbuilder.core.importing.errors import Unsupported

Block = tuple[str, dict[str, Any]]

#: torch layers that are the same block under another name.
ALIASES = {"Dropout1d": "Dropout", "AlphaDropout": None}
RECURRENT = ("RNN", "GRU", "LSTM")


def pair(value: Any) -> Any:
    """``(3, 3)`` → ``3``; ``(3, 5)`` → ``[3, 5]``; anything else unchanged."""
    if isinstance(value, (tuple, list)):
        return value[0] if len(set(value)) == 1 else list(value)
    return value


def _refuse(module: Any, what: str) -> Unsupported:
    return Unsupported(f"{type(module).__name__} with {what} has no NetBuilder equivalent")


def _special(module: Any, name: str) -> dict[str, Any]:
    """Parameters that differ from the module's attributes, and refusals."""
    from torch import nn

    if getattr(module, "padding_mode", "zeros") != "zeros":
        raise _refuse(module, f"padding_mode='{module.padding_mode}'")
    if isinstance(module, nn.modules.batchnorm._BatchNorm) and not module.track_running_stats:
        raise _refuse(module, "track_running_stats=False")
    if getattr(module, "return_indices", False):
        raise _refuse(module, "return_indices=True")
    if getattr(module, "divisor_override", None) is not None:
        raise _refuse(module, "divisor_override")
    if isinstance(module, nn.LayerNorm):
        if getattr(module, "bias", True) is None and module.elementwise_affine:
            raise _refuse(module, "bias=False")
        return {"dims": len(module.normalized_shape)}
    if isinstance(module, nn.modules.rnn.RNNBase):
        if getattr(module, "proj_size", 0):
            raise _refuse(module, "proj_size")
        return {
            "dropout": module.dropout if module.num_layers > 1 else 0.0,
            **({"nonlinearity": module.nonlinearity} if name == "RNN" else {}),
        }
    if isinstance(module, nn.Embedding):
        if module.padding_idx is not None or module.max_norm is not None:
            raise _refuse(module, "padding_idx or max_norm")
    if isinstance(module, nn.Upsample):
        return {"align_corners": bool(module.align_corners)}
    return {}


def module_block(module: Any) -> Block:
    """Block type and parameters equal to ``module`` (a torch layer).

    Parameters named like the module's attributes are read from them
    (``out_channels``, ``kernel_size``, ``eps`` …); ``bias`` is whether the module has one.

    Raises
    ------
    Unsupported
        When no block computes what the module computes.
    """
    name = type(module).__name__
    name = ALIASES.get(name, name) or ""
    block = CATALOGUE.get(name)
    if block is None or block.composite or name == "Input":
        raise Unsupported(f"no NetBuilder block computes {type(module).__name__}")
    params = _special(module, name)
    for entry in block.schema:
        if entry.name in params or not hasattr(module, entry.name):
            continue
        value = getattr(module, entry.name)
        if entry.name == "bias" and entry.kind == "bool":
            value = value is not None and value is not False
        elif entry.kind in ("pair", "int") and entry.name != "inputs":
            value = pair(value)
        params[entry.name] = value
    try:
        return name, block.params(params)
    except ParamError as exc:
        raise _refuse(module, f"{exc.param}={params.get(exc.param)!r}") from None
