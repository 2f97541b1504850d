"""Layer names as module paths: the ``nn.Sequential`` containers of an exported network.

A layer named ``features.0`` lives at ``self.features[0]``; one named
``features.denseblock1`` at ``self.features.denseblock1``. The code generator builds one
container per path prefix (``features``), so the exported module's ``state_dict`` keys
are the layer names (``features.0.weight``), as torchvision writes them. This module
arranges the layers into that tree and answers, for each layer, the expression that
reaches it; a container whose layers run one after another in ``forward`` is called
as a whole (``x = self.features(x)``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from netbuilder.core.graph import Graph


@dataclass
class Container:
    """One ``nn.Sequential`` (or the network itself, the root, whose path is empty).

    Attributes
    ----------
    path : tuple of str
        Names from the network down to this container (``("features", "0")``).
    children : dict
        Child name → node id (a layer) or :class:`Container`, in module order.
    """

    path: tuple[str, ...] = ()
    children: dict[str, str | Container] = field(default_factory=dict)

    def indexed(self) -> bool:
        """Children named ``0 … n−1`` in order: ``nn.Sequential(a, b, …)`` gives them."""
        return list(self.children) == [str(i) for i in range(len(self.children))]

    def named(self) -> bool:
        """Every child named by an identifier: ``nn.Sequential(OrderedDict(a=…, …))``."""
        return all(key.isidentifier() for key in self.children)

    def regular(self) -> bool:
        """This container and every container inside it can be written as one expression."""
        return (self.indexed() or self.named()) and all(
            child.regular() for child in self.children.values() if isinstance(child, Container)
        )

    def leaves(self) -> list[str]:
        """Node ids of every layer inside, in module order (depth first)."""
        out: list[str] = []
        for child in self.children.values():
            out += child.leaves() if isinstance(child, Container) else [child]
        return out

    def containers(self) -> list[Container]:
        """The containers directly inside, in module order."""
        return [c for c in self.children.values() if isinstance(c, Container)]


@dataclass
class ModuleTree:
    """The network's layers arranged by their paths.

    Attributes
    ----------
    root : Container
        The network; its children are the attributes set in ``__init__``.
    access : dict
        Node id → expression reaching the layer (``self.features[3]``,
        ``self.features.conv0``), for every node with a module.
    """

    root: Container
    access: dict[str, str]

    def access_of(self, container: Container) -> str:
        """Expression reaching ``container`` (``self.features``, ``self.features[0]``)."""
        return _access(self.root, container.path)


def build_tree(order: list[str], names: dict[str, str], has_module: set[str]) -> ModuleTree:
    """Arrange the nodes in ``has_module`` (visited in ``order``) by their names' paths.

    ``names`` come from :func:`~netbuilder.core.naming.layer_names`: no name is a prefix
    path of another. Children of a container are in ``order``, except that one whose
    children are all indices orders them by number.
    """
    root = Container()
    for nid in order:
        if nid not in has_module:
            continue
        *parents, leaf = names[nid].split(".")
        here = root
        for part in parents:
            child = here.children.setdefault(part, Container((*here.path, part)))
            assert isinstance(child, Container)  # layer_names keeps paths prefix-free
            here = child
        here.children[leaf] = nid
    _sort_indices(root)
    access = {}
    for nid in order:
        if nid in has_module:
            access[nid] = _access(root, tuple(names[nid].split(".")))
    return ModuleTree(root, access)


def _sort_indices(container: Container) -> None:
    if container.children and all(key.isdigit() for key in container.children):
        container.children = dict(sorted(container.children.items(), key=lambda kv: int(kv[0])))
    for child in container.containers():
        _sort_indices(child)


def _access(root: Container, path: tuple[str, ...]) -> str:
    """``self.a[2].b``: attributes for names, positions for indices."""
    text, here = "self", root
    for part in path:
        if part.isidentifier():
            text += f".{part}"
        else:
            text += f"[{list(here.children).index(part)}]"
        child = here.children[part]
        if isinstance(child, Container):
            here = child
    return text


def chained(container: Container, graph: Graph, plain_call: set[str]) -> bool:
    """Whether ``container``'s layers form one chain, so calling it equals calling them.

    Each layer takes one input and is called as ``layer(x)`` (``plain_call``); each but
    the first takes the previous one's output, and each but the last feeds only the next.
    """
    leaves = container.leaves()
    if not leaves or any(nid not in plain_call for nid in leaves):
        return False
    for prev, nid in zip(leaves, leaves[1:], strict=False):
        sources = [e.src for e in graph.incoming(nid) if e is not None]
        if sources != [prev] or [e.dst for e in graph.outgoing(prev)] != [nid]:
            return False
    return True


def units(tree: ModuleTree, graph: Graph, plain_call: set[str]) -> list[Container]:
    """The largest containers called as a whole in ``forward`` (see :func:`chained`)."""
    found: list[Container] = []

    def visit(container: Container) -> None:
        for child in container.containers():
            if chained(child, graph, plain_call):
                found.append(child)
            else:
                visit(child)

    visit(tree.root)
    return found
