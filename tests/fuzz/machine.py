"""A hypothesis state machine over the document model, its undo stack and the clipboard.

Every rule makes a real undo command (or a real paste through ``QMimeData``) and pushes it
on the real ``QUndoStack`` of a :class:`~netbuilder.ui.document_model.DocumentModel`;
invalid edits (bad parameters, labels, links, pastes) must be refused when the command
is made, leaving the document and the stack untouched. After every step:

* the live analysis equals a fresh recompute;
* no dangling edge, no cycle, no edge on a missing port;
* save → load gives the same document, and save → load → save the same bytes;
* a valid graph compiles, runs a forward pass and gives its analysed output shape
  (every step with ``COMPILE["every_step"]``, else at most ``COMPILE["budget"]`` per run);

and at the end, undo-all restores the original document byte for byte, and redoing as
many steps restores the last one.
"""

from __future__ import annotations

import copy
import math
from typing import Any

import networkx as nx
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)

from netbuilder.core.analysis import analyse
from netbuilder.core.blocks import CATALOGUE
from netbuilder.core.document import dumps, loads
from netbuilder.core.errors import NetBuilderError
from netbuilder.core.graph import Edge
from netbuilder.core.params import Param
from netbuilder.core.presets import load_preset

#: How much compiling the invariants do (the long script checks every step).
COMPILE = {"every_step": False, "budget": 2}
#: Graphs larger than this are not compiled (memory and time of the forward pass).
MAX_COMPILE_PARAMS = 20_000_000
MAX_COMPILE_FLOPS = 2_000_000_000
#: Figures of the runs in this process (the long script prints them).
STATS = {"runs": 0, "steps": 0, "refused": 0, "compiled": 0, "pastes_refused": 0}

START = ("lenet5", "logistic", "mlp_mnist", "char_rnn", "inception_mnist")
TYPES = sorted(CATALOGUE)
small_float = st.floats(-3000, 3000, allow_nan=False)
any_float = st.one_of(
    small_float, st.sampled_from([math.nan, math.inf, -math.inf, 1e12, -1e300, 5e-324])
)


def valid_value(param: Param) -> st.SearchStrategy[Any]:
    """Values of ``param`` its schema accepts (kept small so networks stay small)."""
    low = int(param.minimum) if param.minimum is not None else 0
    high = int(param.maximum) if param.maximum is not None else low + 16
    ints = st.integers(low, max(low, min(high, low + 16)))
    if param.kind == "bool":
        return st.booleans()
    if param.kind == "int":
        return ints
    if param.kind == "float":
        lo = param.minimum if param.minimum is not None else -10.0
        hi = param.maximum if param.maximum is not None else lo + 10.0
        return st.floats(lo, hi, allow_nan=False)
    if param.kind == "choice":
        return st.sampled_from(param.choices)
    if param.kind == "pair":
        return st.one_of(ints, st.lists(ints, min_size=2, max_size=2))
    return st.lists(ints, min_size=1, max_size=3)


hostile_value = st.one_of(
    st.text(max_size=8),
    st.sampled_from([math.nan, math.inf, -1, -(10**9), 10**40, 2.5, True, None, [], {}]),
    st.lists(st.integers(-5, 5), max_size=4),
)
label_text = st.one_of(
    st.from_regex(r"[a-z][a-z0-9_]{0,6}", fullmatch=True),
    st.sampled_from(["", "class", "forward", "_x", "two words", "9a", "x\x1b", "a" * 70]),
)


def _hostile_paste(payload: dict[str, Any], how: int, value: Any) -> None:
    nodes = payload["nodes"]
    node = nodes[how % len(nodes)]
    kind = how % 9
    if kind == 0:
        node["label"] = value if isinstance(value, str) else "class"
    elif kind == 1:
        node["pos"] = [value, 0]
    elif kind == 2:
        node["type"] = "NoSuchBlock"
    elif kind == 3:
        node["params"] = {"no_such_param": 1}
    elif kind == 4 and len(nodes) > 1:
        payload["edges"].append({"src": nodes[-1]["id"], "dst": nodes[0]["id"], "port": 0})
    elif kind == 5:
        payload["edges"].append({"src": node["id"], "dst": "ghost", "port": 0})
    elif kind == 6 and len(nodes) > 1:
        nodes[1]["id"] = nodes[0]["id"]
    elif kind == 7:
        node["id"] = value if isinstance(value, str) else 5
    else:
        payload["nodes"] = "not a list"


class DocumentMachine(RuleBasedStateMachine):
    """Random edits, pastes, undo and redo on a real document model."""

    def __init__(self) -> None:
        super().__init__()
        from netbuilder.ui.document_model import DocumentModel

        self.model = DocumentModel()
        self.refusal = ""
        self.original = ""
        self.compiles_left = COMPILE["budget"]
        self.last_compiled = ""
        STATS["runs"] += 1

    # -- helpers --------------------------------------------------------------------------
    @property
    def graph(self):
        return self.model.graph

    def ids(self) -> list[str]:
        return [n.id for n in self.graph]

    def attempt(self, make) -> bool:
        """Make a command and push it; a refused command changes nothing at all."""
        stack = self.model.undo_stack
        before, count, index = dumps(self.model.project), stack.count(), stack.index()
        try:
            command = make()
        except NetBuilderError as exc:
            message = self.refusal = str(exc)
            assert message and "\n" not in message.split(":", 1)[0], message
            STATS["refused"] += 1
            assert dumps(self.model.project) == before, "a refused command changed the graph"
            assert (stack.count(), stack.index()) == (count, index)
            return False
        assert dumps(self.model.project) == before, "making a command changed the graph"
        self.model.push(command)
        return True

    # -- rules ----------------------------------------------------------------------------
    @initialize(preset=st.sampled_from(START))
    def start(self, preset: str) -> None:
        self.model.set_project(load_preset(preset))
        self.original = dumps(self.model.project)

    @rule(type_name=st.sampled_from(TYPES), x=any_float, y=small_float)
    def add(self, type_name: str, x: float, y: float) -> None:
        from netbuilder.ui.commands import AddNodeCommand

        self.attempt(lambda: AddNodeCommand(self.model, type_name, None, (x, y)))

    @precondition(lambda self: len(self.graph) > 0)
    @rule(data=st.data())
    def remove(self, data: st.DataObject) -> None:
        from netbuilder.ui.commands import RemoveNodesCommand

        ids = data.draw(st.lists(st.sampled_from(self.ids()), min_size=1, max_size=3))
        self.attempt(lambda: RemoveNodesCommand(self.model, ids))

    @precondition(lambda self: len(self.graph) > 1)
    @rule(data=st.data())
    def connect_any(self, data: st.DataObject) -> None:
        from netbuilder.ui.commands import ConnectCommand

        src = data.draw(st.sampled_from(self.ids()))
        dst = data.draw(st.sampled_from(self.ids()))
        port = data.draw(st.integers(-1, 2))
        self.attempt(lambda: ConnectCommand(self.model, src, dst, port))

    @precondition(lambda self: len(self.graph) > 1)
    @rule(data=st.data())
    def connect_compatible(self, data: st.DataObject) -> None:
        """A link the canvas would accept (the analysis' rank check included)."""
        from netbuilder.ui.commands import ConnectCommand

        candidates = [
            (src, dst, port)
            for dst in self.ids()
            for port, edge in enumerate(self.graph.incoming(dst))
            if edge is None
            for src in self.ids()
            if self.model.analysis.check_connect(src, dst, port) is None
        ]
        if candidates:
            src, dst, port = data.draw(st.sampled_from(candidates))
            assert self.attempt(lambda: ConnectCommand(self.model, src, dst, port))

    @precondition(lambda self: len(self.graph.edges) > 0)
    @rule(data=st.data())
    def disconnect(self, data: st.DataObject) -> None:
        from netbuilder.ui.commands import DisconnectCommand

        edge = data.draw(st.sampled_from(self.graph.edges))
        assert self.attempt(lambda: DisconnectCommand(self.model, edge))
        # the same link again no longer exists: refused, nothing changes
        assert not self.attempt(lambda: DisconnectCommand(self.model, edge))

    @precondition(lambda self: len(self.graph) > 0)
    @rule(data=st.data())
    def set_valid_param(self, data: st.DataObject) -> None:
        from netbuilder.ui.commands import SetParamsCommand

        node = self.graph.node(data.draw(st.sampled_from(self.ids())))
        if not node.block.schema:
            return
        param = data.draw(st.sampled_from(node.block.schema))
        value = data.draw(valid_value(param))
        self.attempt(lambda: SetParamsCommand(self.model, node.id, {param.name: value}))

    @precondition(lambda self: len(self.graph) > 0)
    @rule(data=st.data(), value=hostile_value)
    def set_invalid_param(self, data: st.DataObject, value: Any) -> None:
        from netbuilder.ui.commands import SetParamsCommand

        node = self.graph.node(data.draw(st.sampled_from(self.ids())))
        names = [p.name for p in node.block.schema] + ["no_such_param"]
        name = data.draw(st.sampled_from(names))
        self.attempt(lambda: SetParamsCommand(self.model, node.id, {name: value}))

    @precondition(lambda self: len(self.graph) > 0)
    @rule(data=st.data(), label=label_text)
    def rename(self, data: st.DataObject, label: str) -> None:
        from netbuilder.ui.commands import SetLabelCommand

        node_id = data.draw(st.sampled_from(self.ids()))
        self.attempt(lambda: SetLabelCommand(self.model, node_id, label))

    @precondition(lambda self: len(self.graph) > 0)
    @rule(data=st.data(), x=any_float, y=any_float)
    def move(self, data: st.DataObject, x: float, y: float) -> None:
        from netbuilder.ui.commands import MoveNodesCommand

        node_id = data.draw(st.sampled_from(self.ids()))
        old = self.graph.node(node_id).pos
        self.attempt(lambda: MoveNodesCommand(self.model, {node_id: (old, (x, y))}))

    @precondition(lambda self: len(self.graph) > 0)
    @rule(
        data=st.data(),
        hostile=st.booleans(),
        how=st.integers(0, 50),
        value=st.one_of(label_text, any_float),
    )
    def paste(self, data: st.DataObject, hostile: bool, how: int, value: Any) -> None:
        """Copy a selection through real QMimeData and paste it (maybe tampered with)."""
        from netbuilder.ui.canvas import clipboard
        from netbuilder.ui.commands import PasteCommand

        chosen = data.draw(st.lists(st.sampled_from(self.ids()), min_size=1, max_size=4))
        payload = clipboard.selection_payload(self.graph, chosen)
        if hostile:
            payload = copy.deepcopy(payload)
            _hostile_paste(payload, how, value)
        mime = clipboard.to_mime(payload)

        def make():
            read = clipboard.from_mime(mime)
            assert read is not None
            nodes, edges = clipboard.paste_specs(read, (30.0, 30.0))
            return PasteCommand(self.model, nodes, edges)

        if not self.attempt(make):
            STATS["pastes_refused"] += 1
            assert hostile, f"a paste of an untouched selection was refused: {self.refusal}"

    @precondition(lambda self: len(self.graph.edges) > 0)
    @rule(data=st.data(), type_name=st.sampled_from(["ReLU", "Dropout", "Input", "Flatten"]))
    def insert_on_edge(self, data: st.DataObject, type_name: str) -> None:
        from netbuilder.ui.commands import InsertOnEdgeCommand

        edge: Edge = data.draw(st.sampled_from(self.graph.edges))
        self.attempt(lambda: InsertOnEdgeCommand(self.model, edge, type_name, None, (0, 0)))

    @rule(times=st.integers(1, 4))
    def undo(self, times: int) -> None:
        for _ in range(times):
            self.model.undo_stack.undo()

    @rule(times=st.integers(1, 4))
    def redo(self, times: int) -> None:
        for _ in range(times):
            self.model.undo_stack.redo()

    # -- invariants -----------------------------------------------------------------------
    @invariant()
    def analysis_equals_a_fresh_recompute(self) -> None:
        STATS["steps"] += 1
        assert self.model.analysis.all() == analyse(self.graph).all()

    @invariant()
    def no_dangling_edge_no_cycle(self) -> None:
        dag = nx.DiGraph()
        dag.add_nodes_from(self.ids())
        seen: set[tuple[str, int]] = set()
        for edge in self.graph.edges:
            assert edge.src in self.graph and edge.dst in self.graph, edge
            ports = self.graph.node(edge.dst).input_ports()
            assert 0 <= edge.port < len(ports), edge
            assert (edge.dst, edge.port) not in seen, edge
            seen.add((edge.dst, edge.port))
            dag.add_edge(edge.src, edge.dst)
        assert nx.is_directed_acyclic_graph(dag)

    @invariant()
    def save_load_gives_the_same_document(self) -> None:
        text = dumps(self.model.project)
        again = loads(text)
        assert dumps(again) == text
        assert [(n.id, n.type, n.params, n.label) for n in again.graph] == [
            (n.id, n.type, n.params, n.label) for n in self.graph
        ]
        assert again.graph.edges == self.graph.edges

    @invariant()
    def a_valid_graph_compiles_and_runs(self) -> None:
        if not self.original or not (COMPILE["every_step"] or self.compiles_left > 0):
            return
        text = dumps(self.model.project)
        if text == self.last_compiled:
            return
        if check_forward(self.model.project):
            self.compiles_left -= 1
            self.last_compiled = text

    def teardown(self) -> None:
        try:
            if self.original:
                stack = self.model.undo_stack
                last, index = dumps(self.model.project), stack.index()
                while stack.canUndo():
                    stack.undo()
                assert dumps(self.model.project) == self.original, "undo-all differs"
                for _ in range(index):  # the undone tail (if any) stays undone
                    stack.redo()
                assert dumps(self.model.project) == last, "redo back to the end differs"
        finally:
            self.model.set_project(self.model.project.__class__())
            self.model.deleteLater()


def check_forward(project) -> bool:
    """Compile a valid, exportable graph, run it, compare the output shape; False if skipped."""
    import torch

    from netbuilder.core.codegen import CodegenError, check_exportable, compile_model

    graph = project.graph
    try:
        analysis = check_exportable(graph, analyse(graph))
    except CodegenError:
        return False
    totals = analysis.totals()
    if totals.params > MAX_COMPILE_PARAMS or totals.flops > MAX_COMPILE_FLOPS:
        return False
    source = graph.node(graph.sources()[0])
    shape = analysis.stats(source.id).shape
    if shape is None or math.prod(shape) > 2_000_000:
        return False
    (sink,) = [n for n in graph.sinks() if graph.node(n).input_ports()] or graph.sources()
    expected = analysis.stats(sink).shape
    torch.manual_seed(0)
    model = compile_model(graph).eval()
    if source.params["kind"] == "tokens":
        x = torch.randint(0, source.params["vocab"], (2, *shape))
    else:
        x = torch.randn(2, *shape)
    with torch.no_grad():
        y = model(x)
    if isinstance(y, tuple):  # an RNN as the last block returns its output first
        y = y[0]
    assert tuple(y.shape[1:]) == tuple(expected), (tuple(y.shape), expected)
    assert sum(p.numel() for p in model.parameters()) == totals.trainable
    STATS["compiled"] += 1
    return True
