"""Per-layer summary of a graph: records (computing) and text/JSON rendering (formatting)."""

from __future__ import annotations

from typing import Any, NamedTuple

from netbuilder.core.analysis import WAITING, Analysis
from netbuilder.core.blocks import Shape
from netbuilder.core.formatting import exact, human, shape_text
from netbuilder.core.naming import layer_names
from netbuilder.core.receptive_field import json_value


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
        )
    ]
    if expand:
        for inner in stats.inner:
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
                )
            )
    return out


def input_shape(analysis: Analysis) -> list[int]:
    """Shape of the first Input node (``[]`` when there is none)."""
    for nid in analysis.graph.sources():
        shape = analysis.stats(nid).shape
        return list(shape) if shape else []
    return []


def to_json(analysis: Analysis, model: str) -> dict[str, Any]:
    """The ``netbuilder summary --json`` document (schema in DESIGN §2 "CLI")."""
    totals = analysis.totals()
    nodes = [
        {
            "id": nid,
            "type": analysis.graph.node(nid).type,
            "output_shape": list(s.shape) if s.shape is not None else None,
            "params": s.params,
            "flops": s.flops,
            "error": s.error,
            "receptive_field": json_value(s.receptive_field),
        }
        for nid, s in analysis.all().items()
    ]
    return {
        "model": model,
        "input_shape": input_shape(analysis),
        "total_params": totals.params,
        "trainable_params": totals.trainable,
        "total_flops": totals.flops,
        "nodes": nodes,
        "errors": [{"node": nid, "message": msg} for nid, msg in analysis.errors()],
    }


def _cells(analysis: Analysis, names: dict[str, str], expand: bool) -> list[tuple[str, ...]]:
    """The four text cells of every table line (one pass, no :class:`Row` objects)."""
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
        append((f"{name} ({node.type}){frozen}", shape, count(s.params), count(s.flops)))
        if expand:
            for inner in s.inner:
                append(
                    (
                        f"  └─{name}.{inner.layer.name} ({inner.layer.type})",
                        shape_text(inner.output_shape),
                        count(inner.cost.params),
                        count(inner.cost.flops),
                    )
                )
    return out


def render_table(analysis: Analysis, model: str, expand: bool = False) -> str:
    """A torchinfo-like text table with exact totals.

    Linear in the number of layers: one pass over the analysis, distinct numbers and
    shapes formatted once (a 20,000-layer chain in well under a second).
    """
    names = layer_names(analysis.graph)
    head = ("Layer (type)", "Output shape", "Params", "FLOPs")
    body = _cells(analysis, names, expand)
    widths = [max(len(head[i]), max((len(r[i]) for r in body), default=0)) for i in range(4)]
    line = "{{:<{}}}  {{:<{}}}  {{:>{}}}  {{:>{}}}".format(*widths).format
    rule = "=" * (sum(widths) + 6)
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
    errors = analysis.errors()
    if errors:
        lines.append(rule)
        lines.append(f"{len(errors)} error(s):")
        lines += [f"  {names[nid]}: {msg}" for nid, msg in errors]
    return "\n".join(lines)
