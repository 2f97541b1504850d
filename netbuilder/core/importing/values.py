"""What a traced value stands for while the importer walks the ``torch.fx`` graph."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Shape = tuple[int, ...]

#: Batch size of the shape propagation (a size no layer is likely to have).
PROP_BATCH = 3


@dataclass(frozen=True)
class Tensor:
    """A batch-first tensor computed by graph node ``nid``; ``shape`` without the batch."""

    nid: str
    shape: Shape


@dataclass(frozen=True)
class TimeMajor:
    """A batch-first ``tensor`` seen with its first two dimensions swapped (``x.t()``,
    ``x.transpose(0, 1)``): steps first, as recurrent layers without batch_first take it."""

    tensor: Tensor


class _Marker:
    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


#: The batch size (``x.size(0)``, ``x.shape[0]``).
BATCH = _Marker("BATCH")
#: A zero initial state made in ``forward`` (``torch.zeros(layers, batch, hidden)``).
ZEROS = _Marker("ZEROS")
#: Something that only matters as an argument of ``torch.zeros`` (``x.device``).
OPAQUE = _Marker("OPAQUE")
#: Downstream of a call already reported as unsupported.
SKIPPED = _Marker("SKIPPED")


@dataclass(frozen=True)
class Size:
    """``x.shape`` / ``x.size()``: the batch, then the per-sample sizes."""

    dims: tuple[Any, ...]


@dataclass
class RnnCall:
    """One call of an RNN / GRU / LSTM module; its node is made once its use is known."""

    path: str
    type: str
    params: dict[str, Any]
    source: Tensor
    shape_last: Shape
    shape_seq: Shape
    time_major: bool = False
    nid: str | None = None
    mode: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def bidirectional(self) -> bool:
        return bool(self.params["bidirectional"])

    @property
    def states(self) -> int:
        """Rows of h_n: layers × directions."""
        return int(self.params["num_layers"]) * (2 if self.bidirectional else 1)


@dataclass(frozen=True)
class RnnPart:
    """A part of an RNN call's result.

    ``part`` is ``"tuple"`` (what the module returns), ``"out"`` (every step),
    ``"h_n"``, ``"h_c"`` (an LSTM's ``(h_n, c_n)``), ``"c_n"`` or ``"final"``
    (``h_n[index]`` of a bidirectional layer: ``-2`` forward, ``-1`` backward).
    """

    call: RnnCall
    part: str
    index: int = 0


def sample_shape(node: Any) -> tuple[int, ...] | None:
    """Per-sample shape of a tensor-valued fx node (from shape propagation)."""
    meta = node.meta.get("tensor_meta")
    shape = getattr(meta, "shape", None)
    if shape is None or len(shape) == 0 or shape[0] != PROP_BATCH:
        return None
    return tuple(int(d) for d in shape[1:])
