"""My blocks: user groups saved for reuse in any document.

Each saved block is a small project document (format version 2) whose graph is one
group node with its definitions, in the user data folder (``$NETBUILDER_BLOCKS_DIR``
or ``blocks`` under platformdirs' folder). It is read back with the project reader, so
a damaged or hostile file is refused with the same sentences as a project file and
never reaches a document; writes are atomic.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from netbuilder.core.blocks import GROUP_TYPE, GroupDef
from netbuilder.core.document import Project, atomic_write_text, dumps, graph_to_dict, load
from netbuilder.core.errors import DocumentError
from netbuilder.core.graph import Graph

#: Environment variable naming the folder (tests point it at a temporary folder).
BLOCKS_ENV = "NETBUILDER_BLOCKS_DIR"
#: Most files read from the folder (the rest are ignored).
MAX_FILES = 500


@dataclass(frozen=True)
class SavedBlock:
    """One block of the library: its file and its definition."""

    path: Path
    definition: GroupDef

    @property
    def name(self) -> str:
        """The group's name."""
        return self.definition.name


def default_folder() -> Path:
    """``$NETBUILDER_BLOCKS_DIR``, else ``blocks`` in the user data folder."""
    folder = os.environ.get(BLOCKS_ENV)
    if folder:
        return Path(folder)
    import platformdirs  # noqa: PLC0415 - only when the folder is needed

    return Path(platformdirs.user_data_dir("NetBuilder", "NetBuilder")) / "blocks"


def file_name(name: str) -> str:
    """The file a block called ``name`` is saved in: ASCII letters kept, and a hash of
    the whole name so that two names never share a file (``Conv stem-1a2b3c4d.json``)."""
    stem = re.sub(r"[^A-Za-z0-9 _-]+", "", name).strip()[:40] or "block"
    digest = hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return f"{stem}-{digest}.json"


def block_graph(definition: GroupDef) -> Graph:
    """A graph of one group node holding ``definition`` (what a saved block holds)."""
    graph = Graph()
    graph.add_node(GROUP_TYPE, {"group": definition}, node_id="n1")
    return graph


def block_payload(definition: GroupDef) -> dict:
    """The graph object of a saved block (``{"groups", "nodes", "edges"}``)."""
    return graph_to_dict(block_graph(definition))


def save_block(definition: GroupDef, folder: Path | None = None) -> Path:
    """Save ``definition`` to the library (replacing a block of the same name).

    Raises
    ------
    DocumentError
        With one sentence when the file cannot be written.
    """
    folder = default_folder() if folder is None else folder
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DocumentError(f"Cannot make the folder {folder}: {exc.strerror or exc}.") from None
    path = folder / file_name(definition.name)
    project = Project(graph=block_graph(definition), name=definition.name)
    atomic_write_text(path, dumps(project))
    return path


def read_block(path: Path) -> SavedBlock:
    """Read one saved block.

    Raises
    ------
    DocumentError
        When the file is not a valid project file, or holds anything but one group.
    """
    graph = load(path).graph
    nodes = graph.nodes
    if len(nodes) != 1 or nodes[0].type != GROUP_TYPE:
        raise DocumentError("the file does not hold one saved block (one group)", "$.graph")
    return SavedBlock(path, nodes[0].params["group"])


def load_blocks(folder: Path | None = None) -> tuple[list[SavedBlock], list[str]]:
    """Every saved block in ``folder`` by name, and one sentence per file refused."""
    folder = default_folder() if folder is None else folder
    try:
        paths = sorted(p for p in folder.glob("*.json") if p.is_file())[:MAX_FILES]
    except OSError:
        return [], []
    blocks: list[SavedBlock] = []
    problems: list[str] = []
    for path in paths:
        try:
            blocks.append(read_block(path))
        except DocumentError as exc:
            problems.append(f"{path.name}: {exc}")
    blocks.sort(key=lambda b: b.name.lower())
    return blocks, problems
