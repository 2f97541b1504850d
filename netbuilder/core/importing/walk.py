"""Walk a traced ``torch.fx`` graph and build the NetBuilder graph that computes it.

Every fx node gets a value (:mod:`values`): a tensor made by a graph node, the batch
size, a shape, a part of a recurrent layer's result … Calls that have no block are
collected with the module path and source line they come from; what depends on them
is skipped, so each problem is named once.
"""

from __future__ import annotations

import operator
import re
from dataclasses import dataclass, field
from typing import Any

from netbuilder.core.blocks.io import input_shape_params
from netbuilder.core.blocks.registry import get_block
from netbuilder.core.graph import Graph
from netbuilder.core.importing.composites import composite_block
from netbuilder.core.importing.errors import ImportModelError, Unsupported
from netbuilder.core.importing.functional import METHODS, call_block, functions
from netbuilder.core.importing.modules import RECURRENT, module_block
from netbuilder.core.importing.reshape import reshape_block, view_spec
from netbuilder.core.importing.values import (
    BATCH,
    OPAQUE,
    SKIPPED,
    ZEROS,
    RnnCall,
    RnnPart,
    Size,
    Tensor,
)
from netbuilder.core.reserved import reserved_reason

#: Batch size of the shape propagation (a size no layer is likely to have).
PROP_BATCH = 3


@dataclass
class Problem:
    """A call that has no block: what, where, and why."""

    call: str
    path: str
    where: str
    reason: str

    def text(self) -> str:
        at = f" ({self.where})" if self.where else ""
        return f"{self.call} in {self.path}{at}: {self.reason}"


@dataclass
class Walk:
    """The graph being built from one traced module."""

    modules: dict[str, Any]
    input_shape: tuple[int, ...]
    graph: Graph = field(default_factory=Graph)
    values: dict[Any, Any] = field(default_factory=dict)
    origin: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    taken: set[str] = field(default_factory=set)
    called: set[str] = field(default_factory=set)
    output: Tensor | None = None
    vocab: int | None = None
    input_id: str = ""
    root: Any = None  # the traced GraphModule (it holds constants made while tracing)

    # -- nodes ------------------------------------------------------------------------
    def add(self, type_name: str, params: dict, sources: list[Tensor], label: str, shape) -> Tensor:
        nid = self.graph.add_node(type_name, params, _label(label, self.taken))
        for port, src in enumerate(sources):
            self.graph.connect(src.nid, nid, port)
        return Tensor(nid, tuple(shape))

    def tensor(self, value: Any) -> Tensor:
        """``value`` as a tensor of the graph (an RNN's steps become its node)."""
        if isinstance(value, Tensor):
            return value
        if isinstance(value, RnnPart) and value.part == "out":
            return self.rnn_node(value.call, "sequence")
        if isinstance(value, RnnPart):
            raise Unsupported(_rnn_part_reason(value))
        raise Unsupported(f"{value!r} is not a tensor of the network")

    def rnn_node(self, call: RnnCall, mode: str) -> Tensor:
        """The node of a recurrent call, with output ``mode`` (made on first use)."""
        if call.mode is not None and call.mode != mode:
            raise Unsupported(
                f"{call.path} is used both for every step and for its final state; "
                "NetBuilder's recurrent block gives one of them"
            )
        shape = call.shape_seq if mode == "sequence" else call.shape_last
        if call.nid is None:
            params = {**call.params, "output": mode}
            tensor = self.add(call.type, params, [call.source], call.path, shape)
            call.nid, call.mode = tensor.nid, mode
            self.origin[tensor.nid] = call.path
        return Tensor(call.nid, shape)


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


def _rnn_part_reason(value: RnnPart) -> str:
    call = value.call
    if value.part == "c_n":
        return f"the cell state c_n of {call.path} has no NetBuilder equivalent"
    if value.part == "final":
        which = "backward" if value.index == -1 else "forward"
        return (
            f"{call.path} is bidirectional and h_n[{value.index}] is only its {which} "
            "direction; NetBuilder's 'last' output is torch.cat([h_n[-2], h_n[-1]], dim=1)"
        )
    return f"the whole h_n of {call.path} has no NetBuilder equivalent; use h_n[-1]"


def sample_shape(node: Any) -> tuple[int, ...] | None:
    """Per-sample shape of a tensor-valued fx node (from shape propagation)."""
    meta = node.meta.get("tensor_meta")
    shape = getattr(meta, "shape", None)
    if shape is None or len(shape) == 0 or shape[0] != PROP_BATCH:
        return None
    return tuple(int(d) for d in shape[1:])


def _owner_text(modules: dict[str, Any], path: str) -> str:
    """``layer1.0 (BasicBlock)``, or ``Net.forward`` for the network's own forward."""
    if not path:
        return f"{type(modules['']).__name__}.forward"
    return f"{path} ({type(modules[path]).__name__})"


def _location(node: Any) -> tuple[str, str]:
    """Path of the module whose forward makes the call, and ``file line N``."""
    if node.op == "call_module":
        path = str(node.target).rpartition(".")[0]
    else:
        stack = node.meta.get("nn_module_stack") or {}
        path = str(list(stack.values())[-1][0]) if stack else ""
    where = ""
    frames = re.findall(r'File "([^"]+)", line (\d+)', node.stack_trace or "")
    user = [(f, n) for f, n in frames if "/torch/" not in f.replace("\\", "/")]
    if user:
        file, line = user[-1]
        where = f"{file.replace(chr(92), '/').rsplit('/', 1)[-1]} line {line}"
    return path, where


def _describe(node: Any, modules: dict[str, Any]) -> str:
    if node.op == "call_module":
        return f"{node.target} ({type(modules[node.target]).__name__})"
    if node.op == "call_method":
        return f".{node.target}()"
    if node.op == "get_attr":
        return f"self.{node.target}"
    target = node.target
    module = getattr(target, "__module__", None) or ""
    name = getattr(target, "__name__", str(target))
    if target is operator.getitem:
        return f"indexing [{_index_text(node.args[1])}]"
    if module == "_operator":
        symbols = {"add": "+", "iadd": "+=", "mul": "*", "imul": "*="}
        return symbols.get(name, name)
    prefix = {"torch.nn.functional": "F.", "torch": "torch."}.get(module, "")
    if not prefix and "boolean_dispatch" in getattr(target, "__qualname__", ""):
        prefix = "F."
    return f"{prefix}{name.lstrip('_')}"


def _index_text(index: Any) -> str:
    if isinstance(index, tuple):
        return ", ".join(_index_text(i) for i in index)
    if isinstance(index, slice):
        parts = ["" if v is None else str(v) for v in (index.start, index.stop, index.step)]
        return ":".join(parts[:2] if index.step is None else parts)
    return str(index)


def walk(model: Any, traced: Any, input_shape: tuple[int, ...], vocab: int | None = None) -> Walk:
    """Build the graph of ``traced`` (``model``'s fx ``GraphModule`` after shape
    propagation). ``vocab`` makes the input token ids (an Embedding-first network).
    """
    w = Walk(dict(model.named_modules()), input_shape, vocab=vocab, root=traced)
    for node in traced.graph.nodes:
        if node.op == "output":
            _output(w, node)
            continue
        if any(w.values.get(n) is SKIPPED for n in node.all_input_nodes):
            w.values[node] = SKIPPED
            continue
        try:
            w.values[node] = _step(w, node)
        except Unsupported as exc:
            path, where = _location(node)
            inside = _owner_text(w.modules, path)
            w.problems.append(Problem(_describe(node, w.modules), inside, where, exc.reason))
            w.values[node] = SKIPPED
    return w


def _output(w: Walk, node: Any) -> None:
    result = node.args[0]
    value = w.values.get(result) if hasattr(result, "op") else result
    if value is SKIPPED:
        return
    try:
        w.output = w.tensor(value)
    except Unsupported as exc:
        if isinstance(result, (tuple, list, dict)):
            reason = "the network returns several values; one output tensor can be imported"
        else:
            reason = exc.reason
        w.problems.append(Problem("return", "", "", reason))


def _arg(w: Walk, value: Any) -> Any:
    """The value of a call argument (fx nodes replaced by their values)."""
    if hasattr(value, "op"):
        return w.values[value]
    if isinstance(value, (list, tuple)):
        return type(value)(_arg(w, v) for v in value)
    return value


def _step(w: Walk, node: Any) -> Any:
    if node.op == "placeholder":
        return _placeholder(w, node)
    if node.op == "get_attr":
        value = _attribute(w, str(node.target))
        if getattr(value, "numel", None) and value.dim() and not value.any():
            return ZEROS  # torch.zeros(...) of constant sizes, made once while tracing
        raise Unsupported("a tensor attribute used directly has no NetBuilder block")
    args = tuple(_arg(w, a) for a in node.args)
    kwargs = {k: _arg(w, v) for k, v in node.kwargs.items()}
    if node.op == "call_module":
        return _module(w, node, args, kwargs)
    if node.op == "call_method":
        return _method(w, node, args, kwargs)
    return _function(w, node, args, kwargs)


def _attribute(w: Walk, target: str) -> Any:
    value = w.root
    for part in target.split("."):
        value = getattr(value, part, None)
    return value


def _placeholder(w: Walk, node: Any) -> Tensor:
    if w.input_id:
        raise ImportModelError("Only networks with one input can be imported.")
    shape = w.input_shape
    if w.vocab is not None:
        params = {"kind": "tokens", "length": shape[0], "vocab": w.vocab}
    else:
        kind = {3: "image", 2: "sequence", 1: "vector"}[len(shape)]
        params = {"kind": kind, **input_shape_params(kind, shape)}
    w.input_id = w.graph.add_node("Input", params, "")
    return Tensor(w.input_id, shape)


def _module(w: Walk, node: Any, args: tuple, kwargs: dict) -> Any:
    from torch import nn

    path = str(node.target)
    module = w.modules[path]
    if isinstance(module, nn.Identity):
        return w.tensor(args[0])
    if any(True for _ in module.parameters(recurse=True)):
        if path in w.called:
            raise Unsupported(
                "the layer is called twice (shared weights); each NetBuilder layer has "
                "its own weights"
            )
        w.called.add(path)
    block = composite_block(module)
    if block is None:
        block = module_block(module)
    type_name, params = block
    source = w.tensor(args[0])
    if type_name in RECURRENT:
        return _rnn_call(w, node, path, type_name, params, source, args[1:], kwargs)
    if len(args) > 1 or kwargs:
        raise Unsupported(f"{type_name} is called with more than one input")
    shape = sample_shape(node)
    if shape is None:
        raise Unsupported("its output is not one batch-first tensor")
    tensor = w.add(type_name, params, [source], path, shape)
    w.origin[tensor.nid] = path
    return tensor


def _rnn_call(
    w: Walk, node: Any, path: str, type_name: str, params: dict, source: Tensor, rest, kwargs
) -> RnnPart:
    state = rest[0] if rest else kwargs.get("hx")
    zero = state is None or state is ZEROS
    zero = zero or (isinstance(state, tuple) and all(s is ZEROS for s in state))
    if not zero:
        raise Unsupported("an initial state other than zeros has no NetBuilder equivalent")
    meta = node.meta.get("tensor_meta")
    out_shape = tuple(int(d) for d in meta[0].shape[1:])
    last = (out_shape[-1],)
    call = RnnCall(path, type_name, dict(params), source, last, out_shape)
    return RnnPart(call, "tuple")


def _getitem(w: Walk, obj: Any, index: Any) -> Any:
    if isinstance(obj, Size):
        return obj.dims[index]
    if isinstance(obj, (tuple, list)):
        return obj[index]
    if not isinstance(obj, RnnPart):
        raise Unsupported("indexing a tensor has no NetBuilder block")
    call = obj.call
    if obj.part == "tuple":
        if index in (0, -2):
            return RnnPart(call, "out")
        return RnnPart(call, "h_c" if call.type == "LSTM" else "h_n")
    if obj.part == "h_c":
        return RnnPart(call, "h_n" if index in (0, -2) else "c_n")
    if obj.part == "out":
        steps = index if isinstance(index, tuple) else (index,)
        full = slice(None)
        if (
            len(steps) in (2, 3)
            and steps[0] == full
            and steps[1] == -1
            and steps[2:] in ((), (full,))
        ):
            if call.bidirectional:
                raise Unsupported(
                    f"out[:, -1] of the bidirectional {call.path} holds the backward "
                    "direction after a single step; take both final states with "
                    "torch.cat([h_n[-2], h_n[-1]], dim=1)"
                )
            return w.rnn_node(call, "last")
        raise Unsupported("this slice of a recurrent output has no NetBuilder block")
    if obj.part == "h_n":
        first = index[0] if isinstance(index, tuple) else index
        tail = index[1:] if isinstance(index, tuple) else ()
        if not isinstance(first, int) or any(t != slice(None) for t in tail):
            raise Unsupported("this slice of h_n has no NetBuilder block")
        row = first if first < 0 else first - call.states
        if row == -1 and not call.bidirectional:
            return w.rnn_node(call, "last")
        if call.bidirectional and row in (-1, -2):
            return RnnPart(call, "final", row)
        raise Unsupported(
            f"h_n[{first}] is not the final state of the last layer of {call.path}; use h_n[-1]"
        )
    raise Unsupported(_rnn_part_reason(obj))


def _function(w: Walk, node: Any, args: tuple, kwargs: dict) -> Any:
    import torch

    target = node.target
    if target is operator.getitem:
        return _getitem(w, args[0], args[1])
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
        return _cat_finals(w, items, dim)
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


def _cat_finals(w: Walk, items: list, dim: Any) -> Tensor:
    calls = {id(i.call) for i in items if isinstance(i, RnnPart)}
    parts = [(i.part, i.index) if isinstance(i, RnnPart) else None for i in items]
    if len(calls) != 1 or dim not in (1, -1):
        raise Unsupported("this concatenation of final states has no NetBuilder block")
    call = items[0].call
    if parts == [("final", -2), ("final", -1)]:
        return w.rnn_node(call, "last")
    raise Unsupported(
        f"torch.cat puts the backward final state of {call.path} first; NetBuilder's "
        "'last' output is forward then backward: torch.cat([h_n[-2], h_n[-1]], dim=1)"
    )


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


def _method(w: Walk, node: Any, args: tuple, kwargs: dict) -> Any:
    name = node.target
    obj = args[0]
    if name == "size":
        size = Size((BATCH, *w.tensor(obj).shape))
        dim = kwargs.get("dim", args[1] if len(args) > 1 else None)
        return size if dim is None else size.dims[dim]
    if name in ("contiguous", "clone", "detach") and not kwargs:
        return w.tensor(obj)
    if name == "dim":
        return len(w.tensor(obj).shape) + 1
    if name in METHODS:
        return _simple(w, node, METHODS[name], args, kwargs)
    if name == "flatten":
        return _flatten(w, node, args, kwargs)
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


def _check_order(name: str, rank: int, args: tuple, kwargs: dict) -> None:
    """Permutations that keep every dimension in place (``transpose(1, 1)``) are no-ops."""
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
    if order != list(range(len(order))):
        raise Unsupported(
            f".{name}() changes the order of the dimensions; NetBuilder has no block for "
            "that (its sequences are batch-first: batch, steps, features)"
        )
