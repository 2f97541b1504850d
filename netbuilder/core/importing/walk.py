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
from netbuilder.core.graph import Graph
from netbuilder.core.importing.composites import composite_block
from netbuilder.core.importing.errors import ImportModelError, Unsupported
from netbuilder.core.importing.modules import RECURRENT, module_block
from netbuilder.core.importing.ops import function, method
from netbuilder.core.importing.rnn import rnn_call, rnn_part_reason
from netbuilder.core.importing.values import (
    SKIPPED,
    ZEROS,
    RnnCall,
    RnnPart,
    Tensor,
    TimeMajor,
    sample_shape,
)
from netbuilder.core.reserved import reserved_reason


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
        if isinstance(value, RnnPart) and value.part == "out" and not value.call.time_major:
            return self.rnn_node(value.call, "sequence")
        if isinstance(value, (TimeMajor, RnnPart)) and getattr(value, "part", "out") == "out":
            raise Unsupported(
                "the tensor is time-major (steps, batch, …) here; NetBuilder's sequences "
                "are batch-first: transpose it back with .transpose(0, 1)"
            )
        if isinstance(value, RnnPart):
            raise Unsupported(rnn_part_reason(value))
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
        return method(w, node, args, kwargs)
    return function(w, node, args, kwargs)


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
    if type_name in RECURRENT:
        time_major = isinstance(args[0], TimeMajor)
        if module.batch_first == time_major:
            has = "steps first (time-major)" if time_major else "batch first"
            raise Unsupported(
                f"{path} has batch_first={module.batch_first} but gets its input {has}; "
                "NetBuilder's recurrent blocks take batch-first sequences"
            )
        source = args[0].tensor if time_major else w.tensor(args[0])
        state = args[1] if len(args) > 1 else kwargs.get("hx")
        return rnn_call(node, path, type_name, params, source, state, time_major)
    if type_name == "Embedding" and isinstance(args[0], TimeMajor):
        meta = node.meta["tensor_meta"].shape  # steps, batch, dim
        shape = (int(meta[0]), *(int(d) for d in meta[2:]))
        tensor = w.add(type_name, params, [args[0].tensor], path, shape)
        w.origin[tensor.nid] = path
        return TimeMajor(tensor)
    source = w.tensor(args[0])
    if len(args) > 1 or kwargs:
        raise Unsupported(f"{type_name} is called with more than one input")
    shape = sample_shape(node)
    if shape is None:
        raise Unsupported("its output is not one batch-first tensor")
    tensor = w.add(type_name, params, [source], path, shape)
    w.origin[tensor.nid] = path
    return tensor
