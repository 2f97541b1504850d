"""The block registry: catalogue blocks by type name.

It imports no block module, so block modules (the composites, which look up their inner
layers' blocks) can use it without an import cycle. ``netbuilder.core.blocks`` registers
every catalogue block, in palette order, when it is imported.
"""

from __future__ import annotations

from netbuilder.core.blocks.base import CATEGORIES, Block
from netbuilder.core.errors import GraphError

#: Every block by type name, in palette order.
CATALOGUE: dict[str, Block] = {}
#: Blocks that exist only with data the palette cannot give (user groups), by type name.
HIDDEN: dict[str, Block] = {}


def register(*classes: type[Block]) -> None:
    """Add one instance of each block class to :data:`CATALOGUE`, keyed by its type."""
    for cls in classes:
        CATALOGUE[cls.type] = cls()


def register_hidden(*classes: type[Block]) -> None:
    """Add blocks that :func:`get_block` finds but the catalogue does not list."""
    for cls in classes:
        HIDDEN[cls.type] = cls()


def get_block(type_name: str) -> Block:
    """Return the catalogue block called ``type_name``.

    Raises
    ------
    GraphError
        ``Unknown block type 'X'.`` when there is none.
    """
    try:
        return CATALOGUE[type_name]
    except KeyError:
        if type_name in HIDDEN:
            return HIDDEN[type_name]
        raise GraphError(f"Unknown block type '{type_name}'.") from None


def by_category() -> dict[str, list[Block]]:
    """Blocks grouped by palette category, categories in display order."""
    groups: dict[str, list[Block]] = {c: [] for c in CATEGORIES}
    for block in CATALOGUE.values():
        groups[block.category].append(block)
    return groups
