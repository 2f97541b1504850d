"""Linear, Embedding, Flatten and Reshape."""

from __future__ import annotations

from collections.abc import Sequence

from netbuilder.core.blocks.base import (
    KEEPS_INPUT,
    NOTHING,
    Block,
    Cost,
    Params,
    Saved,
    Shape,
    call_code,
    kwargs_code,
    prod,
)
from netbuilder.core.errors import RankError, ShapeError
from netbuilder.core.formatting import shape_text
from netbuilder.core.messages import msg
from netbuilder.core.params import Param

#: A view of the input: no storage of its own, nothing kept.
VIEW = Saved(view=True)


class Linear(Block):
    """Fully connected layer on a vector (or each step of a sequence)."""

    type = "Linear"
    category = "Linear"
    summary = "Fully connected layer y = xWᵀ + b; in_features is inferred."
    schema = (
        Param("out_features", "int", 10, "Number of outputs.", 1, 10_000_000),
        Param("bias", "bool", True, "Add a learnable bias."),
    )

    def saves(
        self,
        ins: Sequence[Shape],
        out: Shape,
        p: Params,
        grads: Sequence[bool],
        trainable: bool,
    ) -> Saved:
        # the input, for the weight's gradient (a frozen layer keeps only its weight)
        return KEEPS_INPUT if trainable else NOTHING

    def infer(self, ins: Sequence[Shape], p: Params) -> Shape:
        x = ins[0]
        if len(x) > 2:
            raise RankError(
                msg("Linear expects a flat vector but gets {x} — insert Flatten?", x=shape_text(x))
            )
        if len(x) == 0:
            raise RankError(msg("Linear expects a flat vector but gets a scalar."))
        return (*x[:-1], p["out_features"])

    def cost(self, ins: Sequence[Shape], out: Shape, p: Params) -> Cost:
        n_in, n_out = ins[0][-1], p["out_features"]
        params = n_in * n_out + (n_out if p["bias"] else 0)
        return Cost(params, prod(ins[0][:-1]) * n_in * n_out)

    def torch_module(self, ins: Sequence[Shape], p: Params) -> str:
        args = [str(ins[0][-1]), str(p["out_features"])]
        return call_code("nn.Linear", args + kwargs_code([("bias", p["bias"], True)]))

    def describe(self, p: Params) -> str:
        return f"→ {p['out_features']}"

    def base_name(self) -> str:
        return "fc"


class Embedding(Block):
    """Lookup table from token ids to vectors."""

    type = "Embedding"
    category = "Linear"
    summary = "Maps each token id of an L-long sequence to a learned vector (L×dim)."
    takes_tokens = True
    schema = (
        Param(
            "num_embeddings",
            "int",
            128,
            "Size of the vocabulary (token ids 0..n−1).",
            1,
            10_000_000,
        ),
        Param("embedding_dim", "int", 100, "Length of each vector.", 1, 1_000_000),
    )

    def saves(
        self,
        ins: Sequence[Shape],
        out: Shape,
        p: Params,
        grads: Sequence[bool],
        trainable: bool,
    ) -> Saved:
        # the token ids, for the table's gradient
        return KEEPS_INPUT if trainable else NOTHING

    def infer(self, ins: Sequence[Shape], p: Params) -> Shape:
        x = ins[0]
        if len(x) != 1:
            raise RankError(
                msg(
                    "Embedding expects a sequence of token ids (L) but gets {x} — use an Input of "
                    "kind 'tokens'.",
                    x=shape_text(x),
                )
            )
        return (x[0], p["embedding_dim"])

    def check_vocab(self, vocab: int, p: Params) -> None:
        if vocab > p["num_embeddings"]:
            raise ShapeError(
                msg(
                    "Embedding has {num_embeddings} rows but the tokens take {vocab} different "
                    "ids — set num_embeddings to at least {vocab}.",
                    num_embeddings=p["num_embeddings"],
                    vocab=vocab,
                )
            )

    def cost(self, ins: Sequence[Shape], out: Shape, p: Params) -> Cost:
        return Cost(params=p["num_embeddings"] * p["embedding_dim"])

    def torch_module(self, ins: Sequence[Shape], p: Params) -> str:
        return f"nn.Embedding({p['num_embeddings']}, {p['embedding_dim']})"

    def describe(self, p: Params) -> str:
        return f"{p['num_embeddings']} → {p['embedding_dim']}"

    def base_name(self) -> str:
        return "embed"


class Flatten(Block):
    """Flattens dimensions into one (by default everything but the batch)."""

    type = "Flatten"
    category = "Linear"
    summary = "Flattens C×H×W into one vector, ready for Linear."
    schema = (
        Param("start_dim", "int", 1, "First dimension to flatten (batch is 0).", 1, 8),
        Param("end_dim", "int", -1, "Last dimension to flatten (−1: the last).", -8, 8),
    )

    def saves(
        self,
        ins: Sequence[Shape],
        out: Shape,
        p: Params,
        grads: Sequence[bool],
        trainable: bool,
    ) -> Saved:
        return VIEW

    def infer(self, ins: Sequence[Shape], p: Params) -> Shape:
        full = (1, *ins[0])
        start, end = p["start_dim"], p["end_dim"]
        end = end + len(full) if end < 0 else end
        if not 1 <= start < len(full) or not start <= end < len(full):
            if len(ins[0]) == 0:
                raise ShapeError(msg("Flatten gets a scalar; there is nothing to flatten."))
            raise ShapeError(
                msg(
                    "Flatten start_dim={start_dim}, end_dim={end_dim} do not fit a batch of {ins}.",
                    start_dim=p["start_dim"],
                    end_dim=p["end_dim"],
                    ins=shape_text(ins[0]),
                )
            )
        merged = prod(full[start : end + 1])
        return (*full[1:start], merged, *full[end + 1 :])

    def torch_module(self, ins: Sequence[Shape], p: Params) -> str:
        args = kwargs_code([("start_dim", p["start_dim"], 1), ("end_dim", p["end_dim"], -1)])
        return call_code("nn.Flatten", args)


class Reshape(Block):
    """Reshapes each sample (the batch dimension is kept)."""

    type = "Reshape"
    category = "Linear"
    summary = "Views each sample with a new shape; one dimension may be −1."
    schema = (
        Param(
            "shape", "ints", [1, 28, 28], "New shape without the batch; −1 is inferred.", -1, 10**9
        ),
    )

    def saves(
        self,
        ins: Sequence[Shape],
        out: Shape,
        p: Params,
        grads: Sequence[bool],
        trainable: bool,
    ) -> Saved:
        return VIEW

    def infer(self, ins: Sequence[Shape], p: Params) -> Shape:
        target = list(p["shape"])
        total = prod(ins[0])
        if target.count(-1) > 1 or 0 in target:
            raise ShapeError(msg("Reshape shape may hold one −1 and no 0."))
        known = prod([d for d in target if d != -1])
        if -1 in target:
            if total % known:
                raise ShapeError(
                    msg(
                        "Reshape cannot view {ins} ({total} values) with {target}.",
                        ins=shape_text(ins[0]),
                        total=total,
                        target=shape_text(target),
                    )
                )
            target[target.index(-1)] = total // known
        elif known != total:
            raise ShapeError(
                msg(
                    "Reshape to {target} needs {known} values but the input {ins} has {total}.",
                    target=shape_text(target),
                    known=known,
                    ins=shape_text(ins[0]),
                    total=total,
                )
            )
        return tuple(target)

    def torch_call(self, attr: str, args: Sequence[str], p: Params) -> str:
        dims = ", ".join(str(d) for d in p["shape"])
        return f"{args[0]}.reshape({args[0]}.shape[0], {dims})"

    def describe(self, p: Params) -> str:
        return "→ " + shape_text(p["shape"])
