"""Two networks side by side: totals and params/FLOPs per stage (Qt-free).

A **stage** is a maximal run of consecutive layers, in topological order, whose outputs
have one spatial size. The spatial size of an output C×H×W (or C×D×H×W) is every
dimension after the channels (``28×28``); all outputs of rank 2 (a sequence L×F, a
signal C×L) count as one size, ``sequence``; vectors and scalars as ``vector``. A layer
that changes the size (a strided conv, a pool, Flatten) opens the next stage, so
ResNet-18 at 224×224 has the stages 112×112, 56×56, 28×28, 14×14, 7×7, 1×1 and vector
(the classic conv1, conv2_x … conv5_x, pool and classifier). Input blocks belong to no
stage (they hold no weights and do no work); a node whose shape is unknown (an error)
stays in the stage before it.

Stages of two networks are paired by size first (:func:`pair_stages`): the longest
in-order run of sizes both networks have (vector with vector, sequence with sequence,
28×28 with 28×28) pairs up; the stages between two such pairs are paired by order, the
extra ones of the longer side with nothing; after the last size pair they are aligned from
the end, so the final stages (the classifiers) always pair. LeNet-5 (28×28, 14×14, 10×10,
5×5, vector) next to ResNet-18 gives — / 112×112, — / 56×56, 28×28 / 28×28, 14×14 /
14×14, 10×10 / 7×7, 5×5 / 1×1, vector / vector.

Layers are the blocks other than Input, a composite block counted by its inner layers.
FLOPs are multiply-adds per sample, as everywhere in the core.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import zip_longest
from typing import Any

from netbuilder.core.analysis import Analysis
from netbuilder.core.blocks import Shape
from netbuilder.core.document import Project
from netbuilder.core.formatting import exact, human, ratio, shape_text, signed
from netbuilder.core.messages import msg
from netbuilder.core.summary import input_shape

#: Size of the rank-2 outputs (sequences L×F, signals C×L) and of vectors.
SEQUENCE, VECTOR = msg("sequence"), msg("vector")  # words the UI translates
#: Size of the one stage of a network in which no layer has a known shape.
UNKNOWN = "?"


def spatial_size(shape: Shape) -> str:
    """The stage key of an output: ``'28×28'``, ``'sequence'`` or ``'vector'``.

    Examples
    --------
    >>> spatial_size((6, 28, 28)), spatial_size((20, 64)), spatial_size((10,))
    ('28×28', 'sequence', 'vector')
    """
    if len(shape) >= 3:
        return shape_text(shape[1:])
    return SEQUENCE if len(shape) == 2 else VECTOR


@dataclass(frozen=True)
class Stage:
    """Consecutive layers at one spatial size.

    Attributes
    ----------
    size : str
        :func:`spatial_size` of the layers' outputs.
    node_ids : tuple of str
        The nodes, in topological order.
    layers : int
        Layers (a composite counted by its inner layers).
    params, flops : int
        Sums over the nodes (multiply-adds per sample).
    """

    size: str
    node_ids: tuple[str, ...]
    layers: int
    params: int
    flops: int

    def to_json(self) -> dict[str, Any]:
        """The stage in ``netbuilder compare --json``."""
        return {
            "size": self.size,
            "nodes": list(self.node_ids),
            "layers": self.layers,
            "params": self.params,
            "flops": self.flops,
        }


@dataclass(frozen=True)
class Network:
    """The numbers of one network that a comparison shows.

    Attributes
    ----------
    name : str
        Shown in headings.
    input_shape : tuple of int
        The first Input's shape (empty when there is none).
    output_shapes : tuple
        The shape of each output (a node feeding nothing), ``None`` where unknown.
    params, trainable, flops, buffers : int
        Totals (FLOPs in multiply-adds per sample).
    layers : int
        Layers (a composite counted by its inner layers).
    errors : int
        Nodes with an error.
    stages : tuple of Stage
    problems : tuple of str
        :meth:`Analysis.problems`: every reason export and training refuse the network
        (node errors, then the graph-wide ones); empty when it is valid.
    graph_problems : tuple of str
        The graph-wide part of ``problems`` (empty graph, no Input or several, several
        outputs), which no node shows.
    """

    name: str
    input_shape: tuple[int, ...]
    output_shapes: tuple[tuple[int, ...] | None, ...]
    params: int
    trainable: int
    flops: int
    buffers: int
    layers: int
    errors: int
    stages: tuple[Stage, ...]
    problems: tuple[str, ...] = ()
    graph_problems: tuple[str, ...] = ()

    @property
    def valid(self) -> bool:
        """What export, compile and training accept (no :attr:`problems`)."""
        return not self.problems

    def to_json(self) -> dict[str, Any]:
        """The network in ``netbuilder compare --json``."""
        return {
            "model": self.name,
            "input_shape": list(self.input_shape),
            "output_shapes": [list(s) if s is not None else None for s in self.output_shapes],
            "total_params": self.params,
            "trainable_params": self.trainable,
            "total_flops": self.flops,
            "layers": self.layers,
            "errors": self.errors,
            "stages": [stage.to_json() for stage in self.stages],
            "problems": list(self.problems),
        }


def _layer_count(analysis: Analysis, nid: str) -> int:
    inner = analysis.stats(nid).inner
    return len(inner) if inner else 1


def stages(analysis: Analysis) -> list[Stage]:
    """The stages of the analysed graph (see the module docstring for the rule)."""
    graph = analysis.graph
    runs: list[tuple[str, list[str]]] = []
    pending: list[str] = []  # unknown shapes before the first known one
    for nid, stats in analysis.all().items():
        if not graph.node(nid).input_ports():
            continue  # an Input block
        if stats.shape is None:
            (runs[-1][1] if runs else pending).append(nid)
            continue
        size = spatial_size(stats.shape)
        if runs and runs[-1][0] == size:
            runs[-1][1].append(nid)
        else:
            runs.append((size, pending + [nid]))
            pending = []
    if pending:  # nothing has a shape: one stage of unknown size
        runs.append((UNKNOWN, pending))
    out = []
    for size, ids in runs:
        all_stats = [analysis.stats(nid) for nid in ids]
        out.append(
            Stage(
                size,
                tuple(ids),
                sum(_layer_count(analysis, nid) for nid in ids),
                sum(s.params for s in all_stats),
                sum(s.flops for s in all_stats),
            )
        )
    return out


def network(analysis: Analysis, name: str) -> Network:
    """The :class:`Network` numbers of ``analysis`` (a snapshot or a live analysis)."""
    graph = analysis.graph
    totals = analysis.totals()
    found = stages(analysis)
    sinks = set(graph.sinks())
    outputs = tuple(
        tuple(shape) if (shape := analysis.stats(nid).shape) is not None else None
        for nid in graph.topological_order()
        if nid in sinks
    )
    return Network(
        name=name,
        input_shape=tuple(input_shape(analysis)),
        output_shapes=outputs,
        params=totals.params,
        trainable=totals.trainable,
        flops=totals.flops,
        buffers=totals.buffers,
        layers=sum(stage.layers for stage in found),
        errors=totals.errors,
        stages=tuple(found),
        problems=tuple(analysis.problems()),
        graph_problems=tuple(analysis.graph_problems()),
    )


def of_project(project: Project, name: str | None = None) -> Network:
    """The :class:`Network` numbers of a project (analysed once, nothing kept subscribed)."""
    analysis = Analysis.snapshot(project.graph)
    return network(analysis, name if name is not None else project.name)


def _matches(a: Sequence[str], b: Sequence[str]) -> list[tuple[int, int]]:
    """Index pairs of a longest common subsequence of two size lists (:data:`UNKNOWN` matches
    nothing)."""
    n, m = len(a), len(b)
    best = [[0] * (m + 1) for _ in range(n + 1)]  # best[i][j]: LCS length of a[i:], b[j:]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            if a[i] == b[j] and a[i] != UNKNOWN:
                best[i][j] = best[i + 1][j + 1] + 1
            else:
                best[i][j] = max(best[i + 1][j], best[i][j + 1])
    pairs, i, j = [], 0, 0
    while i < n and j < m:
        if a[i] == b[j] and a[i] != UNKNOWN and best[i][j] == best[i + 1][j + 1] + 1:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif best[i + 1][j] >= best[i][j + 1]:
            i += 1
        else:
            j += 1
    return pairs


def pair_stages(a: Sequence[Stage], b: Sequence[Stage]) -> list[tuple[Stage | None, Stage | None]]:
    """Pair the stages of two networks: by size where both have it, else by order.

    The longest in-order run of sizes common to both pairs up; the stages between two such
    pairs (or before the first) are paired in order, the longer side's extra ones with
    ``None``; the stages after the last size pair are aligned from the end, so the final
    stages of both networks always pair.

    Examples
    --------
    >>> def sizes(*names):
    ...     return [Stage(n, (), 0, 0, 0) for n in names]
    >>> [(x and x.size, y and y.size) for x, y in pair_stages(
    ...     sizes("28×28", "14×14", "5×5", "vector"),
    ...     sizes("112×112", "28×28", "14×14", "7×7", "1×1", "vector"))]
    ... # doctest: +NORMALIZE_WHITESPACE
    [(None, '112×112'), ('28×28', '28×28'), ('14×14', '14×14'), ('5×5', '7×7'),
     (None, '1×1'), ('vector', 'vector')]
    """
    anchors = _matches([s.size for s in a], [s.size for s in b])
    out: list[tuple[Stage | None, Stage | None]] = []
    i = j = 0
    for ai, bj in anchors:
        out += zip_longest(a[i:ai], b[j:bj])
        out.append((a[ai], b[bj]))
        i, j = ai + 1, bj + 1
    rest_a, rest_b = list(a[i:]), list(b[j:])
    pad = abs(len(rest_a) - len(rest_b))
    if len(rest_a) < len(rest_b):  # aligned from the end: the final stages pair
        rest_a = [None] * pad + rest_a
    else:
        rest_b = [None] * pad + rest_b
    out += zip(rest_a, rest_b, strict=True)
    return out


@dataclass(frozen=True)
class Comparison:
    """Network ``a`` next to network ``b`` (differences and ratios are b against a)."""

    a: Network
    b: Network

    def stage_pairs(self) -> list[tuple[Stage | None, Stage | None]]:
        """Stages paired by :func:`pair_stages`; ``None`` where one side has no such stage."""
        return pair_stages(self.a.stages, self.b.stages)

    @property
    def valid(self) -> bool:
        """Both networks are valid (:attr:`Network.valid`, as ``netbuilder summary``)."""
        return self.a.valid and self.b.valid

    def to_json(self) -> dict[str, Any]:
        """The ``netbuilder compare --json`` document.

        ``{"a": NETWORK, "b": NETWORK, "difference": {...}}``, where a NETWORK is
        ``{"model", "input_shape", "output_shapes", "total_params", "trainable_params",
        "total_flops", "layers", "errors", "stages": [{"size", "nodes", "layers",
        "params", "flops"}], "problems"}`` and ``difference`` holds b − a of the totals.
        """
        keys = ("params", "trainable", "flops", "layers")
        names = ("total_params", "trainable_params", "total_flops", "layers")
        return {
            "a": self.a.to_json(),
            "b": self.b.to_json(),
            "difference": {
                name: getattr(self.b, key) - getattr(self.a, key)
                for key, name in zip(keys, names, strict=True)
            },
        }


def compare(a: Project, b: Project, names: Sequence[str] | None = None) -> Comparison:
    """Compare two projects (``names`` replaces their project names in headings)."""
    name_a, name_b = names if names is not None else (a.name, b.name)
    return Comparison(of_project(a, name_a), of_project(b, name_b))


# -- the text table ----------------------------------------------------------------------------
#: The numeric totals of a comparison, in table order: :class:`Network` attribute and the
#: English row title (the app translates its own).
TOTALS = (
    ("params", "Params"),
    ("trainable", "Trainable params"),
    ("flops", "FLOPs (multiply-adds)"),
    ("layers", "Layers"),
)


def shape_cell(shape: tuple[int, ...]) -> str:
    """A shape for a table cell (``'—'`` when there is none)."""
    return shape_text(shape) if shape else "—"


def shapes_cell(shapes: Sequence[tuple[int, ...] | None]) -> str:
    """Output shapes for a table cell: ``'10'``, ``'10, 4'``; ``'?'`` where unknown."""
    return ", ".join(shape_text(s) for s in shapes) or "—"


def number_cells(a: int, b: int) -> tuple[str, str, str, str]:
    """The cells of a numeric row: A, B, B − A and B / A, formatted for people."""
    return exact(a), exact(b), signed(b - a), ratio(a, b)


def _total_rows(c: Comparison) -> list[tuple[str, ...]]:
    a, b = c.a, c.b
    rows: list[tuple[str, ...]] = [
        ("Input shape", shape_cell(a.input_shape), shape_cell(b.input_shape), "", ""),
        ("Output shape", shapes_cell(a.output_shapes), shapes_cell(b.output_shapes), "", ""),
    ]
    for key, label in TOTALS:
        rows.append((label, *number_cells(getattr(a, key), getattr(b, key))))
    return rows


def _stage_rows(c: Comparison) -> list[tuple[str, ...]]:
    rows = []
    for i, (sa, sb) in enumerate(c.stage_pairs(), start=1):
        cells = [f"{i}"]
        for stage in (sa, sb):
            if stage is None:
                cells += ["—", "", "", ""]
            else:
                cells += [stage.size, str(stage.layers), human(stage.params), human(stage.flops)]
        pa, fa = (sa.params, sa.flops) if sa else (0, 0)
        pb, fb = (sb.params, sb.flops) if sb else (0, 0)
        cells += [ratio(pa, pb), ratio(fa, fb)]
        rows.append(tuple(cells))
    return rows


def _grid(head: tuple[str, ...], body: list[tuple[str, ...]], left: set[int]) -> list[str]:
    """Aligned lines: the columns in ``left`` flush left, the others flush right."""
    widths = [max(len(r[i]) for r in (head, *body)) for i in range(len(head))]

    def line(row: tuple[str, ...]) -> str:
        cells = [
            cell.ljust(w) if i in left else cell.rjust(w)
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        ]
        return "  ".join(cells).rstrip()

    return [line(head), "-" * len(line(head))] + [line(r) for r in body]


def render_table(c: Comparison) -> str:
    """The ``netbuilder compare`` text: totals, then params and FLOPs per stage.

    Differences and ratios are B against A (``B − A``, ``B / A``); ``—`` where A is 0.
    """
    a, b = c.a.name, c.b.name
    lines = [f"A: {a}", f"B: {b}", ""]
    lines += _grid(("", "A", "B", "B − A", "B / A"), _total_rows(c), {0})
    lines += [
        "",
        "Per stage (consecutive layers at one spatial size; FLOPs in multiply-adds):",
        "",
    ]
    head = ("Stage", "A size", "layers", "params", "FLOPs")
    head += ("B size", "layers", "params", "FLOPs", "params B/A", "FLOPs B/A")
    lines += _grid(head, _stage_rows(c), {0, 1, 5})
    for net in (c.a, c.b):
        if net.errors:
            lines.append(
                f"{net.name}: {net.errors} layer(s) with errors, not counted "
                "('netbuilder summary' says why)."
            )
    return "\n".join(lines)
