"""Undo commands for Edit → Group and Edit → Ungroup (each one undo step).

They call the core's :func:`~netbuilder.core.groups.group_nodes` and
:func:`~netbuilder.core.groups.ungroup_node` (Graph methods only); undo restores the
exact nodes, ids, positions and links through :class:`RemoveNodesCommand`'s snapshot.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication

from netbuilder.core.groups import (
    group_nodes,
    plan_group,
    plan_ungroup,
    ungroup_node,
)
from netbuilder.ui.commands import RemoveNodesCommand, _GraphCommand
from netbuilder.ui.document_model import DocumentModel


class GroupCommand(_GraphCommand):
    """Replace the nodes ``node_ids`` by one group node called ``name``.

    Raises
    ------
    GroupingError
        From the constructor, with a sentence, when the nodes cannot be one group.
    """

    def __init__(self, model: DocumentModel, node_ids: Sequence[str], name: str) -> None:
        self.plan = plan_group(model.graph, node_ids, name)
        text = QCoreApplication.translate("GroupCommand", "Group {n} blocks as {name}")
        super().__init__(
            model, text.format(n=len(self.plan.node_ids), name=self.plan.definition.name)
        )
        self._removed = RemoveNodesCommand(model, self.plan.node_ids)
        self.group_id: str | None = None

    def redo(self) -> None:
        self.group_id = group_nodes(self.graph, self.plan, self.group_id)

    def undo(self) -> None:
        assert self.group_id is not None
        self.graph.remove_node(self.group_id)
        self._removed.undo()


class UngroupCommand(_GraphCommand):
    """Replace group node ``node_id`` by its inner nodes and links.

    Raises
    ------
    GroupingError
        From the constructor when the node is not a group.
    """

    def __init__(self, model: DocumentModel, node_id: str) -> None:
        self.plan = plan_ungroup(model.graph, node_id)
        name = model.graph.node(node_id).params["group"].name
        text = QCoreApplication.translate("GroupCommand", "Ungroup {name}")
        super().__init__(model, text.format(name=name))
        self._removed = RemoveNodesCommand(model, [node_id])

    @property
    def new_ids(self) -> list[str]:
        """Ids of the restored inner nodes."""
        return [entry[0] for entry in self.plan.nodes]

    def redo(self) -> None:
        ungroup_node(self.graph, self.plan)

    def undo(self) -> None:
        for node_id in reversed(self.new_ids):
            self.graph.remove_node(node_id)
        self._removed.undo()
