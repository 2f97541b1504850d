"""Undo commands. Each calls Graph methods and nothing else; stats are never stored here.

Every command checks, when it is made, that it can apply (with the Graph's own checks)
and raises a :class:`~netbuilder.core.errors.NetBuilderError` with a sentence otherwise:
a command that reaches the undo stack never fails half-way, so undo always works.

Undo texts name the layers and values as the summary names them ("conv1: out_channels
6 → 16", "Connect conv1 → relu1", "Add Conv2d conv3", "Delete relu1").
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtGui import QUndoCommand

from netbuilder.core.blocks import get_block
from netbuilder.core.document import MAX_POS, is_position
from netbuilder.core.errors import GraphError
from netbuilder.core.graph import Edge, Graph
from netbuilder.core.naming import layer_names
from netbuilder.core.training_config import TrainingConfig
from netbuilder.ui.document_model import DocumentModel
from netbuilder.ui.i18n import translate

MOVE_ID = 1001
SET_PARAMS_ID = 1002
SET_LABEL_ID = 1003
#: Parameter changes closer together than this (seconds) merge when asked to.
MERGE_SECONDS = 1.5


def value_text(value: Any) -> str:
    """A parameter value as an undo text shows it: ``3×5``, ``same``, ``auto``, ``0.001``."""
    if value is None:
        return "auto"
    if isinstance(value, (list, tuple)):
        return "×".join(value_text(v) for v in value)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def names_text(names: Sequence[str], what: str = "blocks") -> str:
    """``conv1``, ``conv1, relu1`` … up to three names, else ``5 blocks``."""
    return ", ".join(names) if len(names) <= 3 else f"{len(names)} {what}"


class _GraphCommand(QUndoCommand):
    def __init__(self, model: DocumentModel, text: str) -> None:
        super().__init__(text)
        self.model = model

    @property
    def graph(self) -> Graph:
        return self.model.graph


class AddNodeCommand(_GraphCommand):
    """Add one block; the id is fixed on first redo so redo after undo restores it."""

    def __init__(
        self,
        model: DocumentModel,
        type_name: str,
        params: Mapping[str, Any] | None = None,
        pos: tuple[float, float] = (0.0, 0.0),
        label: str = "",
    ) -> None:
        super().__init__(
            model, translate("Commands", "Add {type_name}").format(type_name=type_name)
        )
        self.type_name, self.params, self.pos, self.label = (
            type_name,
            dict(params or {}),
            pos,
            label,
        )
        self.node_id: str | None = None
        _check_node(Graph(), None, type_name, self.params, label, pos)

    def redo(self) -> None:
        first = self.node_id is None
        self.node_id = self.graph.add_node(
            self.type_name, self.params, self.label, self.pos, node_id=self.node_id
        )
        if first:
            self.setText(
                translate("Commands", "Add {type_name} {graph}").format(
                    type_name=self.type_name, graph=layer_names(self.graph)[self.node_id]
                )
            )

    def undo(self) -> None:
        assert self.node_id is not None
        self.graph.remove_node(self.node_id)


class AddLinkedNodeCommand(_GraphCommand):
    """Add one block already linked: fed by ``src``'s output and/or feeding ``dst``'s port.

    Quick-add uses it, so "add a ReLU after conv1" is one undo step.

    Raises
    ------
    GraphError
        From the constructor, when a link could not be made (no input port, port taken ...).
    """

    def __init__(
        self,
        model: DocumentModel,
        type_name: str,
        pos: tuple[float, float],
        src: str | None = None,
        dst: tuple[str, int] | None = None,
    ) -> None:
        super().__init__(
            model, translate("Commands", "Add {type_name}").format(type_name=type_name)
        )
        self.add = AddNodeCommand(model, type_name, None, pos)
        self.src, self.dst = src, dst
        graph = model.graph
        block = get_block(type_name)
        if src is not None:
            graph.node(src)  # GraphError when absent
            if not block.input_ports(block.params({})):
                raise GraphError(
                    translate(
                        "Commands", "{type_name} has no input, so nothing can feed it."
                    ).format(type_name=type_name)
                )
        if dst is not None:
            ports = graph.incoming(dst[0])
            if not 0 <= dst[1] < len(ports) or ports[dst[1]] is not None:
                raise GraphError(
                    translate("Commands", "That input port is taken or does not exist.")
                )

    @property
    def node_id(self) -> str | None:
        """Id of the added block (after redo)."""
        return self.add.node_id

    def redo(self) -> None:
        first = self.add.node_id is None
        self.add.redo()
        node_id = self.add.node_id
        assert node_id is not None
        if self.src is not None:
            self.graph.connect(self.src, node_id, 0)
        if self.dst is not None:
            self.graph.connect(node_id, self.dst[0], self.dst[1])
        if first:
            names = layer_names(self.graph)
            text = translate("Commands", "Add {type_name} {names}").format(
                type_name=self.add.type_name, names=names[node_id]
            )
            if self.src is not None:
                text += translate("Commands", " after {names}").format(names=names[self.src])
            elif self.dst is not None:
                text += translate("Commands", " before {names}").format(names=names[self.dst[0]])
            self.setText(text)

    def undo(self) -> None:
        self.add.undo()  # removing the block removes its links


class RemoveNodesCommand(_GraphCommand):
    """Remove nodes and every edge touching them; undo restores ids, params and links."""

    def __init__(self, model: DocumentModel, node_ids: Sequence[str]) -> None:
        self.node_ids = list(dict.fromkeys(node_ids))
        names = layer_names(model.graph)
        what = names_text([names.get(n, n) for n in self.node_ids])
        super().__init__(model, translate("Commands", "Delete {names}").format(names=what))
        self.names = what  # "conv1, relu1": what a macro command built on it names
        ids = set(self.node_ids)
        self.nodes = [model.graph.node(n) for n in self.node_ids]  # GraphError if absent
        self.snapshots = sorted(
            (model.graph.index_of(n.id), n.id, n.type, dict(n.params), n.label, n.pos, n.frozen)
            for n in self.nodes
        )
        self.edges = [e for e in model.graph.edges if e.src in ids or e.dst in ids]

    def redo(self) -> None:
        for node_id in self.node_ids:
            self.graph.remove_node(node_id)

    def undo(self) -> None:
        for index, node_id, type_name, params, label, pos, frozen in self.snapshots:
            self.graph.add_node(
                type_name, params, label, pos, node_id=node_id, index=index, frozen=frozen
            )
        for edge in self.edges:
            self.graph.connect(edge.src, edge.dst, edge.port)


class ConnectCommand(_GraphCommand):
    """Link two ports. Check ``Analysis.check_connect`` before pushing."""

    def __init__(self, model: DocumentModel, src: str, dst: str, port: int = 0) -> None:
        super().__init__(model, translate("Commands", "Connect"))
        self.edge = Edge(src, dst, port)
        error = model.graph.check_connect(src, dst, port)
        if error is not None:
            raise error
        self.setText(
            translate("Commands", "Connect {graph}").format(graph=link_text(model.graph, self.edge))
        )

    def redo(self) -> None:
        self.graph.connect(self.edge.src, self.edge.dst, self.edge.port)

    def undo(self) -> None:
        self.graph.disconnect(self.edge)


class DisconnectCommand(_GraphCommand):
    """Remove one link."""

    def __init__(self, model: DocumentModel, edge: Edge) -> None:
        super().__init__(model, translate("Commands", "Disconnect"))
        self.edge = edge
        _check_edge(model.graph, edge)
        self.setText(
            translate("Commands", "Disconnect {graph}").format(graph=link_text(model.graph, edge))
        )

    def redo(self) -> None:
        self.graph.disconnect(self.edge)

    def undo(self) -> None:
        self.graph.connect(self.edge.src, self.edge.dst, self.edge.port)


class SetParamsCommand(_GraphCommand):
    """Change parameters of one node (validate with ``block.params`` before pushing)."""

    def __init__(
        self,
        model: DocumentModel,
        node_id: str,
        changes: Mapping[str, Any],
        merge: bool = False,
        session: object | None = None,
    ) -> None:
        """``merge=True`` (the inspector's spin arrows) folds a quick run of changes to the
        same parameters of the same node into one undo step; with a ``session`` (the
        inspector's edit of one field) every change of that session merges, however slow."""
        super().__init__(model, translate("Commands", "Set ") + ", ".join(changes))
        self.node_id = node_id
        self.changes = dict(changes)
        self.old: dict[str, Any] = {}
        self.merge = merge
        self.session = session
        self.when = time.monotonic()
        error = model.graph.check_params(node_id, self.changes)
        if error is not None:
            raise error  # ParamError or PortsInUseError: nothing reaches the undo stack
        self.name = layer_names(model.graph).get(node_id, node_id)
        self.old = dict(model.graph.node(node_id).params)
        self._retext()

    def _retext(self) -> None:
        parts = [
            f"{k} {value_text(self.old.get(k))} → {value_text(v)}" for k, v in self.changes.items()
        ]
        self.setText(f"{self.name}: {', '.join(parts)}")

    def id(self) -> int:  # noqa: A003 - Qt API
        return SET_PARAMS_ID if self.merge else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt API
        if (
            not isinstance(other, SetParamsCommand)
            or not (self.merge and other.merge)
            or other.node_id != self.node_id
        ):
            return False
        if self.session is not None and other.session is self.session:
            pass  # one field's edit: merge whatever it changed
        elif set(other.changes) != set(self.changes) or other.when - self.when > MERGE_SECONDS:
            return False
        self.changes.update(other.changes)
        self.when = other.when
        self._retext()
        if self.graph.node(self.node_id).params == self.old:
            self.setObsolete(True)  # back where it started: no undo step at all
        return True

    def redo(self) -> None:
        self.graph.set_params(self.node_id, self.changes)

    def undo(self) -> None:
        self.graph.set_params(self.node_id, self.old)


class SetLabelCommand(_GraphCommand):
    """Rename one node."""

    def __init__(
        self, model: DocumentModel, node_id: str, label: str, session: object | None = None
    ) -> None:
        """With a ``session`` (the inspector's edit of the name field) the renames of one
        session merge into one undo step."""
        super().__init__(model, translate("Commands", "Rename"))
        self.node_id, self.label = node_id, label
        self.session = session
        self.old = model.graph.node(node_id).label
        error = Graph.check_label(label)
        if error is not None:
            raise error
        self.name = layer_names(model.graph).get(node_id, node_id)
        self._retext()

    def _retext(self) -> None:
        self.setText(
            translate("Commands", "Rename {name} → {value}").format(
                name=self.name, value=self.label or "automatic name"
            )
        )

    def id(self) -> int:  # noqa: A003 - Qt API
        return SET_LABEL_ID if self.session is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt API
        if (
            not isinstance(other, SetLabelCommand)
            or other.session is not self.session
            or other.node_id != self.node_id
        ):
            return False
        self.label = other.label
        self._retext()
        if self.label == self.old:
            self.setObsolete(True)
        return True

    def redo(self) -> None:
        self.graph.set_label(self.node_id, self.label)

    def undo(self) -> None:
        self.graph.set_label(self.node_id, self.old)


class SetFrozenCommand(_GraphCommand):
    """Freeze or unfreeze one node for training."""

    def __init__(self, model: DocumentModel, node_id: str, frozen: bool) -> None:
        super().__init__(
            model,
            translate("Commands", "Freeze layer")
            if frozen
            else translate("Commands", "Unfreeze layer"),
        )
        self.node_id, self.frozen = node_id, bool(frozen)
        self.old = model.graph.node(node_id).frozen

    def redo(self) -> None:
        self.graph.set_frozen(self.node_id, self.frozen)

    def undo(self) -> None:
        self.graph.set_frozen(self.node_id, self.old)


class MoveNodesCommand(_GraphCommand):
    """Move nodes; consecutive moves of the same nodes merge into one undo step."""

    def __init__(
        self,
        model: DocumentModel,
        moves: Mapping[str, tuple[tuple[float, float], tuple[float, float]]],
        text: str = "",
        merge: bool = True,
    ) -> None:
        """``moves`` maps node ids to ``(old, new)``; ``merge=False`` keeps it one step
        of its own (auto-layout). The text names the moved blocks unless given."""
        if not text:
            names = layer_names(model.graph)
            text = translate("Commands", "Move ") + names_text([names.get(n, n) for n in moves])
        super().__init__(model, text)
        self.moves = dict(moves)  # id -> (old, new)
        self.merge = merge
        for node_id in self.moves:
            model.graph.node(node_id)

    def id(self) -> int:  # noqa: A003 - Qt API
        return MOVE_ID if self.merge else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt API
        if (
            not isinstance(other, MoveNodesCommand)
            or not (self.merge and other.merge)
            or set(other.moves) != set(self.moves)
        ):
            return False
        for node_id, (_, new) in other.moves.items():
            self.moves[node_id] = (self.moves[node_id][0], new)
        return True

    def redo(self) -> None:
        for node_id, (_, new) in self.moves.items():
            self.graph.move(node_id, new)

    def undo(self) -> None:
        for node_id, (old, _) in self.moves.items():
            self.graph.move(node_id, old)


class PasteCommand(_GraphCommand):
    """Add a group of nodes and the links between them (paste, duplicate, presets).

    The group is checked when the command is made, with the Graph's own validation on a
    scratch graph (types, parameters, labels, links, no cycle) and finite positions, so
    a command that exists always applies whole; a label already used in the document is
    dropped on paste.

    Raises
    ------
    NetBuilderError
        With one sentence, from the constructor, when the group is invalid.
    """

    def __init__(
        self,
        model: DocumentModel,
        nodes: Sequence[tuple[str, str, dict[str, Any], str, tuple[float, float]]],
        edges: Sequence[Edge],
    ) -> None:
        """``nodes`` are ``(key, type, params, label, pos)``; edges refer to the keys."""
        count = len(nodes)
        super().__init__(model, translate("Commands", "Paste {count} block(s)").format(count=count))
        self.nodes = list(nodes)
        self.edges = list(edges)
        self.ids: dict[str, str] = {}
        _check_group(self.nodes, self.edges)

    def redo(self) -> None:
        graph = self.graph
        taken = {n.label for n in graph if n.label}
        added: list[str] = []
        try:
            for key, type_name, params, label, pos in self.nodes:
                self.ids[key] = graph.add_node(
                    type_name,
                    params,
                    label if label not in taken else "",
                    pos,
                    node_id=self.ids.get(key),
                )
                added.append(self.ids[key])
                taken.add(label)
            for edge in self.edges:
                graph.connect(self.ids[edge.src], self.ids[edge.dst], edge.port)
        except Exception:  # never half applied
            for node_id in reversed(added):
                graph.remove_node(node_id)
            raise

    def undo(self) -> None:
        for key in reversed([n[0] for n in self.nodes]):
            self.graph.remove_node(self.ids[key])

    @property
    def new_ids(self) -> list[str]:
        """Ids of the pasted nodes (after redo)."""
        return [self.ids[n[0]] for n in self.nodes]


def link_text(graph: Graph, edge: Edge) -> str:
    """``conv1 → relu1``; ``conv1 → add1 input 2`` for a block with several inputs."""
    names = layer_names(graph)
    text = f"{names.get(edge.src, edge.src)} → {names.get(edge.dst, edge.dst)}"
    if edge.dst in graph and len(graph.node(edge.dst).input_ports()) > 1:
        text += translate("Commands", " input {value}").format(value=edge.port + 1)
    return text


def _check_node(
    scratch: Graph,
    key: str | None,
    type_name: str,
    params: Mapping[str, Any] | None,
    label: str,
    pos: tuple[float, float],
) -> None:
    """Add the node to ``scratch``: the Graph's checks of type, parameters, label, id."""
    if not is_position(pos):
        raise GraphError(
            translate(
                "Commands", "A block's position must be two finite numbers within ±{MAX_POS:.0e}."
            ).format(MAX_POS=MAX_POS)
        )
    scratch.add_node(type_name, params, label, pos, node_id=key)


def _check_edge(graph: Graph, edge: Edge) -> None:
    """Raise :class:`GraphError` unless ``edge`` is a link of ``graph``."""
    ports = graph.incoming(edge.dst)  # GraphError when dst is absent
    if not 0 <= edge.port < len(ports) or ports[edge.port] != edge:
        raise GraphError(translate("Commands", "That link does not exist."))


def _check_group(
    nodes: Sequence[tuple[str, str, dict[str, Any], str, tuple[float, float]]],
    edges: Sequence[Edge],
) -> None:
    """Raise a :class:`NetBuilderError` unless ``nodes`` and ``edges`` form a valid graph."""
    scratch = Graph()
    for key, type_name, params, label, pos in nodes:
        _check_node(scratch, key, type_name, params, label, pos)
    for edge in edges:
        if edge.src not in scratch or edge.dst not in scratch:
            raise GraphError(
                translate("Commands", "A link joins a block that is not part of the group.")
            )
        scratch.connect(edge.src, edge.dst, edge.port)


class InsertOnEdgeCommand(_GraphCommand):
    """Drop a block onto a link: ``src → new → dst``."""

    def __init__(
        self,
        model: DocumentModel,
        edge: Edge,
        type_name: str,
        params: Mapping[str, Any] | None,
        pos: tuple[float, float],
    ) -> None:
        super().__init__(
            model, translate("Commands", "Insert {type_name}").format(type_name=type_name)
        )
        self.edge = edge
        _check_edge(model.graph, edge)
        names = layer_names(model.graph)
        self.setText(
            translate("Commands", "Insert {type_name} between {names} and {names2}").format(
                type_name=type_name, names=names[edge.src], names2=names[edge.dst]
            )
        )
        self.add = AddNodeCommand(model, type_name, params, pos)
        if not get_block(type_name).input_ports(get_block(type_name).params(params)):
            raise GraphError(
                translate(
                    "Commands", "{type_name} has no input port; it cannot sit on a link."
                ).format(type_name=type_name)
            )

    def redo(self) -> None:
        self.graph.disconnect(self.edge)
        self.add.redo()
        assert self.add.node_id is not None
        self.graph.connect(self.edge.src, self.add.node_id, 0)
        self.graph.connect(self.add.node_id, self.edge.dst, self.edge.port)

    def undo(self) -> None:
        self.add.undo()
        self.graph.connect(self.edge.src, self.edge.dst, self.edge.port)


class MacroCommand(_GraphCommand):
    """Several commands as one undo step (redo in order, undo in reverse order).

    Used by the canvas for "delete the selected blocks and links" and "cut".
    """

    def __init__(self, model: DocumentModel, text: str, commands: Sequence[QUndoCommand]) -> None:
        super().__init__(model, text)
        self.commands = list(commands)

    def redo(self) -> None:
        for command in self.commands:
            command.redo()

    def undo(self) -> None:
        for command in reversed(self.commands):
            command.undo()


class SetTrainingCommand(QUndoCommand):
    """Change the project's training settings (dataset, epochs, optimizer ...)."""

    def __init__(self, model: DocumentModel, config: TrainingConfig) -> None:
        super().__init__(translate("Commands", "Change training settings"))
        self.model = model
        self.new = config
        self.old = model.project.training

    def redo(self) -> None:
        self.model.set_training(self.new)

    def undo(self) -> None:
        self.model.set_training(self.old)
