"""Error types of the core. Every error carries a sentence meant for a user."""

from __future__ import annotations

import enum


class NetBuilderError(Exception):
    """Base class of every error the core raises on purpose."""


class ParamError(NetBuilderError, ValueError):
    """A block parameter is invalid. The message names the parameter.

    Parameters
    ----------
    param : str
        Name of the offending parameter.
    message : str
        Sentence explaining what is wrong and what to do.
    """

    def __init__(self, param: str, message: str) -> None:
        super().__init__(message)
        self.param = param


class ShapeError(NetBuilderError, ValueError):
    """A block cannot compute its output for the given input shapes."""


class RankError(ShapeError):
    """The input has the wrong number of dimensions for the block (a refused link)."""


class GraphError(NetBuilderError, ValueError):
    """A graph mutation was refused (unknown node, bad port, ...)."""


class ConnectReason(enum.Enum):
    """Why a connection between two ports is refused."""

    SAME_NODE = "same node"
    CYCLE = "cycle"
    PORT_TAKEN = "port taken"
    NO_SUCH_PORT = "no such port"
    NO_INPUTS = "no inputs"
    RANK_MISMATCH = "rank mismatch"
    DUPLICATE = "duplicate"


class ConnectError(GraphError):
    """A connection was refused; ``reason`` says why in machine form."""

    def __init__(self, reason: ConnectReason, message: str) -> None:
        super().__init__(message)
        self.reason = reason


class LabelReason(enum.Enum):
    """Why a text cannot name a layer."""

    NOT_IDENTIFIER = "not an identifier"
    KEYWORD = "python keyword"
    RESERVED = "reserved name"


class LabelError(GraphError):
    """A layer name was refused; ``reason`` says why in machine form."""

    def __init__(self, reason: LabelReason, message: str) -> None:
        super().__init__(message)
        self.reason = reason


class PortsInUseError(GraphError):
    """A parameter change would drop input port ``port`` (0-based), which has a link."""

    def __init__(self, port: int, message: str) -> None:
        super().__init__(message)
        self.port = port


class InsertReason(enum.Enum):
    """Why a new block cannot sit on a link."""

    NO_INPUT = "no input"
    REFUSES_INPUT = "refuses the link's data"
    NEXT_REFUSES = "the next block refuses its output"


class InsertError(GraphError):
    """Inserting a block on a link was refused; ``reason`` says why in machine form."""

    def __init__(self, reason: InsertReason, message: str) -> None:
        super().__init__(message)
        self.reason = reason


class DocumentError(NetBuilderError):
    """A project document cannot be read or written.

    Parameters
    ----------
    message : str
        Sentence for the user.
    path : str
        JSON path of the problem (``$.graph.nodes[2].params``), or ``""`` when the
        problem concerns the file as a whole.
    """

    def __init__(self, message: str, path: str = "") -> None:
        full = f"{message} (at {path})" if path else message
        super().__init__(full)
        self.path = path
        self.reason = message
