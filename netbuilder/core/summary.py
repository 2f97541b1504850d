"""Per-layer summary of a graph: records (computing) and text/JSON rendering (formatting)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from netbuilder.core.analysis import WAITING, Analysis
from netbuilder.core.blocks import Shape
from netbuilder.core.formatting import exact, human, shape_text
from netbuilder.core.naming import layer_names
from netbuilder.core.receptive_field import ReceptiveField, inner_fields, json_value

if TYPE_CHECKING:
    from netbuilder.core.memory import TrainingMemory


class Row(NamedTuple):
    """One line of the summary (a named tuple: tens of thousands are made per table)."""

    node_id: str
    name: str
    type: str
    shape: Shape | None
    params: int
    flops: int
    error: str | None
    waiting: bool
    depth: int = 0
    frozen: bool = False
    receptive_field: ReceptiveField | None = None


def rows(
    analysis: Analysis, expand: bool = False, names: dict[str, str] | None = None
) -> list[Row]:
    """Summary rows in topological order (inner layers of composites when ``expand``).

    ``names`` are the :func:`~netbuilder.core.naming.layer_names` when already known.
    """
    if names is None:
        names = layer_names(analysis.graph)
    out: list[Row] = []
    for nid in analysis.all():
        out.extend(node_rows(analysis, nid, names[nid], expand))
    return out


def node_rows(analysis: Analysis, nid: str, name: str, expand: bool = False) -> list[Row]:
    """The summary rows of one node: its own, then its inner layers when ``expand``.

    Parameters
    ----------
    analysis : Analysis
        The analysis of the graph holding ``nid``.
    nid : str
        The node.
    name : str
        Its layer name (see :func:`~netbuilder.core.naming.layer_names`).
    expand : bool
        Also list the layers inside a composite block.
    """
    stats = analysis.stats(nid)
    node = analysis.graph.node(nid)
    out = [
        Row(
            nid,
            name,
            node.type,
            stats.shape,
            stats.params,
            stats.flops,
            stats.error,
            stats.waiting,
            frozen=stats.frozen,
            receptive_field=stats.receptive_field,
        )
    ]
    if expand and stats.inner:
        fields = inner_fields(_input_field(analysis, nid), stats.inner)
        for inner, field in zip(stats.inner, fields, strict=True):
            out.append(
                Row(
                    nid,
                    f"{name}.{inner.layer.name}",
                    inner.layer.type,
                    inner.output_shape,
                    inner.cost.params,
                    inner.cost.flops,
                    None,
                    False,
                    1,
                    stats.frozen,
                    field,
                )
            )
    return out


def _input_field(analysis: Analysis, nid: str) -> ReceptiveField | None:
    """The receptive field of the node feeding ``nid``'s first input."""
    edges = analysis.graph.incoming(nid)
    if not edges or edges[0] is None:
        return None
    return analysis.stats(edges[0].src).receptive_field


def input_shape(analysis: Analysis) -> list[int]:
    """Shape of the first Input node (``[]`` when there is none)."""
    for nid in analysis.graph.sources():
        shape = analysis.stats(nid).shape
        return list(shape) if shape else []
    return []


def to_json(analysis: Analysis, model: str, memory: TrainingMemory | None = None) -> dict[str, Any]:
    """The ``netbuilder summary --json`` document (schema in DESIGN §2 "CLI").

    With ``memory`` (:func:`~netbuilder.core.memory.training_memory`) it also holds
    ``"memory"`` (bytes of parameters, gradients, optimizer state, activations and their
    total), ``"memory_for"`` (batch size, optimizer, dtype) and each node's
    ``"memory_bytes"``.
    """
    totals = analysis.totals()
    nodes = []
    for nid, s in analysis.all().items():
        node: dict[str, Any] = {
            "id": nid,
            "type": analysis.graph.node(nid).type,
            "output_shape": list(s.shape) if s.shape is not None else None,
            "params": s.params,
            "flops": s.flops,
            "error": s.error,
            "receptive_field": json_value(s.receptive_field),
        }
        if memory is not None:
            node["memory_bytes"] = memory.nodes[nid].total
        nodes.append(node)
    out: dict[str, Any] = {
        "model": model,
        "input_shape": input_shape(analysis),
        "total_params": totals.params,
        "trainable_params": totals.trainable,
        "total_flops": totals.flops,
    }
    if memory is not None:
        out["memory"] = memory.as_dict()
        out["memory_for"] = {
            "batch_size": memory.batch_size,
            "optimizer": memory.optimizer,
            "dtype": memory.dtype,
        }
    out["nodes"] = nodes
    out["errors"] = [{"node": nid, "message": msg} for nid, msg in analysis.errors()]
    return out


def memory_line(memory: TrainingMemory) -> str:
    """``Training memory (batch 8, adam, float32): 1.2 GB = parameters … + activations …``."""
    from netbuilder.core.memory import format_bytes

    parts = memory.as_dict()
    return (
        f"Training memory (batch {memory.batch_size:,}, {memory.optimizer}, {memory.dtype}): "
        f"{format_bytes(parts['total'])} = parameters {format_bytes(parts['parameters'])}"
        f" + gradients {format_bytes(parts['gradients'])}"
        f" + optimizer {format_bytes(parts['optimizer'])}"
        f" + activations {format_bytes(parts['activations'])}"
    )


def _cells(
    analysis: Analysis,
    names: dict[str, str],
    expand: bool,
    memory: TrainingMemory | None = None,
) -> list[tuple[str, ...]]:
    """The text cells of every table line (one pass, no :class:`Row` objects): four, and
    a fifth (training memory) with ``memory``."""
    from netbuilder.core.memory import format_bytes

    graph = analysis.graph
    memo: dict[int, str] = {0: "—"}  # a chain repeats few distinct counts

    def count(n: int) -> str:
        text = memo.get(n)
        if text is None:
            text = memo[n] = human(n)
        return text

    shapes: dict[Shape | None, str] = {}
    out: list[tuple[str, ...]] = []
    append = out.append
    for nid, s in analysis.all().items():
        if s.error:
            shape = "error"
        elif s.waiting:
            shape = WAITING
        else:
            shape = shapes.get(s.shape)
            if shape is None:
                shape = shapes[s.shape] = shape_text(s.shape)
        name = names[nid]
        node = graph.node(nid)
        frozen = " [frozen]" if node.frozen else ""
        cells = (f"{name} ({node.type}){frozen}", shape, count(s.params), count(s.flops))
        if memory is not None:
            used = memory.nodes[nid].total
            cells += (format_bytes(used) if used else "—",)
        append(cells)
        if expand:
            for inner in s.inner:
                cells = (
                    f"  └─{name}.{inner.layer.name} ({inner.layer.type})",
                    shape_text(inner.output_shape),
                    count(inner.cost.params),
                    count(inner.cost.flops),
                )
                append(cells + ("",) if memory is not None else cells)
    return out


def render_table(
    analysis: Analysis, model: str, expand: bool = False, memory: TrainingMemory | None = None
) -> str:
    """A torchinfo-like text table with exact totals.

    With ``memory`` a "Train memory" column (each node's bytes) and a totals line.
    Linear in the number of layers: one pass over the analysis, distinct numbers and
    shapes formatted once (a 20,000-layer chain in well under a second).
    """
    names = layer_names(analysis.graph)
    head: tuple[str, ...] = ("Layer (type)", "Output shape", "Params", "FLOPs")
    if memory is not None:
        head += ("Train memory",)
    body = _cells(analysis, names, expand, memory)
    n = len(head)
    widths = [max(len(head[i]), max((len(r[i]) for r in body), default=0)) for i in range(n)]
    spec = "{{:<{}}}  {{:<{}}}" + "  {{:>{}}}" * (n - 2)
    line = spec.format(*widths).format
    rule = "=" * (sum(widths) + 2 * (n - 1))
    lines = [f"{model}", rule, line(*head), "-" * len(rule)]
    lines += [line(*cells) for cells in body]
    totals = analysis.totals()
    shape_in = input_shape(analysis)
    lines += [
        rule,
        f"Input shape: {shape_text(shape_in) if shape_in else '—'}",
        f"Total params: {exact(totals.params)} ({human(totals.params)})",
        f"Trainable params: {exact(totals.trainable)}",
        f"Non-trainable buffers: {exact(totals.buffers)}",
        f"FLOPs (multiply-adds per sample): {exact(totals.flops)} ({human(totals.flops)})",
    ]
    if memory is not None:
        lines.append(memory_line(memory))
    errors = analysis.errors()
    if errors:
        lines.append(rule)
        lines.append(f"{len(errors)} error(s):")
        lines += [f"  {names[nid]}: {msg}" for nid, msg in errors]
    return "\n".join(lines)
