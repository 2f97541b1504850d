"""Function calls (``torch.cat``, ``+``, ``F.relu`` …) and tensor methods (``x.view``,
``x.size(0)``, ``x.transpose``) of a traced forward, as blocks or values."""

from __future__ import annotations

import operator
from typing import TYPE_CHECKING, Any

from netbuilder.core.blocks.registry import get_block
from netbuilder.core.importing.errors import Unsupported
from netbuilder.core.importing.functional import METHODS, call_block, functions
from netbuilder.core.importing.reshape import reshape_block, view_spec
from netbuilder.core.importing.rnn import cat_finals, getitem, swap
from netbuilder.core.importing.values import (
    BATCH,
    OPAQUE,
    ZEROS,
    RnnPart,
    Size,
    Tensor,
    TimeMajor,
    sample_shape,
)

if TYPE_CHECKING:  # pragma: no cover
    from netbuilder.core.importing.walk import Walk


def function(w: Walk, node: Any, args: tuple, kwargs: dict) -> Any:
    """The value of a traced function call (``torch.cat``, ``operator.add``, ``F.relu``)."""
    import torch

    target = node.target
    if target is operator.getitem:
        return getitem(w, args[0], args[1])
    if target is getattr:
        if args[1] == "shape":
            return Size((BATCH, *w.tensor(args[0]).shape))
        if args[1] in ("device", "dtype"):
            return OPAQUE
        raise Unsupported(f"the attribute .{args[1]} has no NetBuilder block")
    if target is torch.zeros:
        return ZEROS
    if target in (operator.add, operator.iadd, torch.add):
        return _merge(w, node, "Add", args, kwargs)
    if target in (operator.mul, operator.imul, torch.mul):
        return _merge(w, node, "Multiply", args, kwargs)
    if target is torch.cat:
        return _cat(w, node, args, kwargs)
    if target is torch.flatten:
        return _flatten(w, node, args, kwargs)
    if target is torch.mean:
        return _mean(w, node, args, kwargs)
    spec = functions().get(target)
    if spec is None:
        raise Unsupported("no NetBuilder block computes it")
    return _simple(w, node, spec, args, kwargs)


def _simple(w: Walk, node: Any, spec, args: tuple, kwargs: dict) -> Tensor:
    source = w.tensor(args[0])
    type_name, params = call_block(spec, args[1:], kwargs)
    if not type_name:
        return source
    shape = sample_shape(node)
    if shape is None:
        raise Unsupported("its output is not one batch-first tensor")
    return w.add(type_name, params, [source], node.name, shape)


def _merge(w: Walk, node: Any, type_name: str, args: tuple, kwargs: dict) -> Tensor:
    if set(kwargs) - {"alpha", "out"} or kwargs.get("alpha", 1) != 1 or len(args) != 2:
        raise Unsupported(f"only a plain {type_name.lower()} of two tensors has a block")
    if not all(isinstance(a, (Tensor, RnnPart)) for a in args):
        raise Unsupported(f"{type_name} with a number has no NetBuilder block")
    tensors = [w.tensor(a) for a in args]
    shape = sample_shape(node)
    if shape is None:
        raise Unsupported("its output is not one batch-first tensor")
    if type_name == "Add" and any(t.shape != shape for t in tensors):
        raise Unsupported("Add of tensors of different shapes (broadcasting) has no block")
    return w.add(type_name, {"inputs": 2}, tensors, node.name, shape)


def _cat(w: Walk, node: Any, args: tuple, kwargs: dict) -> Any:
    items = list(args[0])
    dim = kwargs.get("dim", args[1] if len(args) > 1 else 0)
    finals = [i for i in items if isinstance(i, RnnPart) and i.part == "final"]
    if finals:
        return cat_finals(w, items, dim)
    tensors = [w.tensor(i) for i in items]
    if len(tensors) == 1:
        return tensors[0]
    if dim == 0 or (dim < 0 and dim + len(tensors[0].shape) + 1 == 0):
        raise Unsupported("joining along the batch dimension has no NetBuilder block")
    shape = sample_shape(node)
    if shape is None:
        raise Unsupported("its output is not one batch-first tensor")
    limit = int(get_block("Concat").param("inputs").maximum or 2)
    while len(tensors) > limit:  # more inputs than one Concat takes: join the first ones
        head = tensors[:limit]
        axis = dim if dim > 0 else dim + len(head[0].shape) + 1
        part = list(head[0].shape)
        part[axis - 1] = sum(t.shape[axis - 1] for t in head)
        joined = w.add("Concat", {"inputs": limit, "dim": dim}, head, node.name, part)
        tensors = [joined, *tensors[limit:]]
    return w.add("Concat", {"inputs": len(tensors), "dim": dim}, tensors, node.name, shape)


def _flatten(w: Walk, node: Any, args: tuple, kwargs: dict) -> Tensor:
    source = w.tensor(args[0])
    start = kwargs.get("start_dim", args[1] if len(args) > 1 else 0)
    end = kwargs.get("end_dim", args[2] if len(args) > 2 else -1)
    if start == 0 or start == -len(source.shape) - 1:
        raise Unsupported("flattening the batch dimension has no NetBuilder block")
    shape = sample_shape(node)
    if shape is None:
        raise Unsupported("its output is not one batch-first tensor")
    params = get_block("Flatten").params({"start_dim": start, "end_dim": end})
    return w.add("Flatten", params, [source], node.name, shape)


def _mean(w: Walk, node: Any, args: tuple, kwargs: dict) -> Tensor:
    """``x.mean((2, 3))`` of an image: global average pooling (then Flatten)."""
    source = w.tensor(args[0])
    dims = kwargs.get("dim", args[1] if len(args) > 1 else None)
    keep = kwargs.get("keepdim", args[2] if len(args) > 2 else False)
    if len(source.shape) != 3 or not isinstance(dims, (tuple, list)) or kwargs.get("dtype"):
        raise Unsupported("only the mean over an image's height and width has a block")
    if sorted(d % 4 for d in dims) != [2, 3]:
        raise Unsupported("only the mean over an image's height and width has a block")
    channels = source.shape[0]
    pooled = w.add("AdaptiveAvgPool2d", {"output_size": 1}, [source], node.name, (channels, 1, 1))
    if keep:
        return pooled
    return w.add("Flatten", {}, [pooled], f"{node.name}_flat", (channels,))


def method(w: Walk, node: Any, args: tuple, kwargs: dict) -> Any:
    """The value of a traced tensor method (``x.view``, ``x.size(0)``, ``x.relu()``)."""
    name = node.target
    obj = args[0]
    if name == "size":
        size = Size((BATCH, *w.tensor(obj).shape))
        dim = kwargs.get("dim", args[1] if len(args) > 1 else None)
        return size if dim is None else size.dims[dim]
    keeps = ("contiguous", "clone", "detach") + (("long",) if w.vocab is not None else ())
    if name in keeps and not kwargs and len(args) == 1:
        return obj if isinstance(obj, TimeMajor) else w.tensor(obj)
    if name == "dim":
        return len(w.tensor(obj).shape) + 1
    if name in METHODS:
        return _simple(w, node, METHODS[name], args, kwargs)
    if name == "flatten":
        return _flatten(w, node, args, kwargs)
    if name == "mean":
        return _mean(w, node, args, kwargs)
    if name in ("permute", "transpose", "t"):
        swapped = swap(w, obj, _order(name, _rank(w, obj), args[1:], kwargs))
        if swapped is not None:
            return swapped
    if name in ("view", "reshape", "squeeze", "unsqueeze", "permute", "transpose", "t"):
        source = w.tensor(obj)
        shape = sample_shape(node)
        if name in ("view", "reshape"):
            view_spec(source.shape, args[1:], kwargs)
        elif name in ("permute", "transpose", "t"):
            _check_order(name, len(source.shape) + 1, args[1:], kwargs)
        elif _dim_arg(args, kwargs) in (0, -len(source.shape) - 1):
            raise Unsupported(f".{name}() of the batch dimension has no NetBuilder block")
        if shape is None:
            raise Unsupported("its output is not one batch-first tensor")
        block = reshape_block(source.shape, shape)
        if block is None:
            return source
        return w.add(*block, [source], node.name, shape)
    raise Unsupported("no NetBuilder block computes it")


def _dim_arg(args: tuple, kwargs: dict) -> Any:
    return kwargs.get("dim", args[1] if len(args) > 1 else None)


def _rank(w: Walk, obj: Any) -> int:
    if isinstance(obj, TimeMajor):
        return len(obj.tensor.shape) + 1
    if isinstance(obj, RnnPart):
        return 3
    return len(w.tensor(obj).shape) + 1


def _order(name: str, rank: int, args: tuple, kwargs: dict) -> list[int]:
    """The dimension order after ``.t()`` / ``.transpose(a, b)`` / ``.permute(...)``."""
    if name == "t":
        order = [1, 0]
    elif name == "transpose":
        a, b = (kwargs.get(k, v) for k, v in zip(("dim0", "dim1"), args, strict=False))
        order = list(range(rank))
        a, b = a % rank, b % rank
        order[a], order[b] = order[b], order[a]
    else:
        dims = args[0] if len(args) == 1 and isinstance(args[0], (tuple, list)) else args
        order = [d % rank for d in dims]
    return order


def _check_order(name: str, rank: int, args: tuple, kwargs: dict) -> None:
    """Permutations that keep every dimension in place (``transpose(1, 1)``) are no-ops."""
    order = _order(name, rank, args, kwargs)
    if order != list(range(len(order))):
        raise Unsupported(
            f".{name}() changes the order of the dimensions; NetBuilder has no block for "
            "that (its sequences are batch-first: batch, steps, features)"
        )
