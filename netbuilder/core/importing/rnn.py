"""Recurrent layers' results: ``out``, ``out[:, -1]``, ``h_n[-1]``, both final states of a
bidirectional layer, and steps-first (time-major) code around them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from netbuilder.core.importing.errors import Unsupported
from netbuilder.core.importing.values import ZEROS, RnnCall, RnnPart, Size, Tensor, TimeMajor

if TYPE_CHECKING:  # pragma: no cover
    from netbuilder.core.importing.walk import Walk


def rnn_part_reason(value: RnnPart) -> str:
    """Why ``value`` (a part of a recurrent result) cannot be used as a tensor."""
    call = value.call
    if value.part == "c_n":
        return f"the cell state c_n of {call.path} has no NetBuilder equivalent"
    if value.part == "final":
        which = "backward" if value.index == -1 else "forward"
        return (
            f"{call.path} is bidirectional and h_n[{value.index}] is only its {which} "
            "direction; NetBuilder's 'last' output is torch.cat([h_n[-2], h_n[-1]], dim=1)"
        )
    if value.part in ("tuple", "h_c"):
        return (
            f"the tuple that {call.path} returns is used as a tensor; take its output "
            "(out, _ = ...) or its final state h_n[-1]"
        )
    return f"the whole h_n of {call.path} has no NetBuilder equivalent; use h_n[-1]"


def rnn_call(
    node: Any,
    path: str,
    type_name: str,
    params: dict,
    source: Tensor,
    state: Any,
    time_major: bool,
) -> RnnPart:
    """The tuple a recurrent module returns; its node is made once its use is known.

    ``state`` is the initial state passed in (only zeros have an equivalent).
    """
    zero = state is None or state is ZEROS
    zero = zero or (isinstance(state, tuple) and all(s is ZEROS for s in state))
    if not zero:
        raise Unsupported("an initial state other than zeros has no NetBuilder equivalent")
    dims = [int(d) for d in node.meta["tensor_meta"][0].shape]
    out_shape = (dims[0], *dims[2:]) if time_major else tuple(dims[1:])
    last = (out_shape[-1],)
    call = RnnCall(path, type_name, dict(params), source, last, out_shape, time_major)
    return RnnPart(call, "tuple")


def getitem(w: Walk, obj: Any, index: Any) -> Any:
    """``obj[index]``: an element of a shape, or a part of a recurrent result."""
    if isinstance(obj, Size):
        return obj.dims[index]
    if isinstance(obj, (tuple, list)):
        return obj[index]
    if not isinstance(obj, RnnPart):
        raise Unsupported("indexing a tensor has no NetBuilder block")
    call = obj.call
    if obj.part == "tuple":
        if index in (0, -2):
            return RnnPart(call, "out")
        return RnnPart(call, "h_c" if call.type == "LSTM" else "h_n")
    if obj.part == "h_c":
        return RnnPart(call, "h_n" if index in (0, -2) else "c_n")
    if obj.part == "out":
        steps = index if isinstance(index, tuple) else (index,)
        full = slice(None)
        if call.time_major:  # out[-1]: the last step of a steps-first output
            steps = (full, *steps)
        if (
            len(steps) in (2, 3)
            and steps[0] == full
            and steps[1] == -1
            and steps[2:] in ((), (full,))
        ):
            if call.bidirectional:
                raise Unsupported(
                    f"out[:, -1] of the bidirectional {call.path} holds the backward "
                    "direction after a single step; take both final states with "
                    "torch.cat([h_n[-2], h_n[-1]], dim=1)"
                )
            return w.rnn_node(call, "last")
        raise Unsupported("this slice of a recurrent output has no NetBuilder block")
    if obj.part == "h_n":
        first = index[0] if isinstance(index, tuple) else index
        tail = index[1:] if isinstance(index, tuple) else ()
        if not isinstance(first, int) or any(t != slice(None) for t in tail):
            raise Unsupported("this slice of h_n has no NetBuilder block")
        row = first if first < 0 else first - call.states
        if row == -1 and not call.bidirectional:
            return w.rnn_node(call, "last")
        if call.bidirectional and row in (-1, -2):
            return RnnPart(call, "final", row)
        raise Unsupported(
            f"h_n[{first}] is not the final state of the last layer of {call.path}; use h_n[-1]"
        )
    raise Unsupported(rnn_part_reason(obj))


def cat_finals(w: Walk, items: list, dim: Any) -> Tensor:
    """``torch.cat([h_n[-2], h_n[-1]], dim=1)``: a bidirectional layer's 'last' output."""
    calls = {id(i.call) for i in items if isinstance(i, RnnPart)}
    parts = [(i.part, i.index) if isinstance(i, RnnPart) else None for i in items]
    if len(calls) != 1 or dim not in (1, -1):
        raise Unsupported("this concatenation of final states has no NetBuilder block")
    call = items[0].call
    if parts == [("final", -2), ("final", -1)]:
        return w.rnn_node(call, "last")
    raise Unsupported(
        f"torch.cat puts the backward final state of {call.path} first; NetBuilder's "
        "'last' output is forward then backward: torch.cat([h_n[-2], h_n[-1]], dim=1)"
    )


def swap(w: Walk, obj: Any, order: list[int]) -> Any:
    """Swapping batch and steps (``x.t()``, ``x.transpose(0, 1)``): into or out of the
    time-major view a recurrent layer without batch_first takes; None for another order."""
    if order[:2] != [1, 0] or order[2:] != list(range(2, len(order))):
        return None
    if isinstance(obj, TimeMajor):
        return obj.tensor
    if isinstance(obj, RnnPart) and obj.part == "out" and obj.call.time_major:
        return w.rnn_node(obj.call, "sequence")
    if isinstance(obj, Tensor) and obj.shape:
        return TimeMajor(obj)
    return None
