"""The Input block: where data enters the network."""

from __future__ import annotations

from collections.abc import Sequence

from netbuilder.core.blocks.base import Block, Params, Shape
from netbuilder.core.formatting import shape_text
from netbuilder.core.params import Param

INPUT_KINDS = ("image", "vector", "tokens", "sequence")
_KIND_PARAMS = {
    "image": ("channels", "height", "width"),
    "vector": ("features",),
    "tokens": ("length", "vocab"),
    "sequence": ("length", "features"),
}


class Input(Block):
    """Network input: an image C×H×W, a vector, token ids or a feature sequence."""

    type = "Input"
    category = "Input"
    summary = "The data entering the network: image C×H×W, vector, tokens (L) or sequence L×F."
    schema = (
        Param(
            "kind",
            "choice",
            "image",
            "image: C×H×W; vector: F; tokens: L integer ids; sequence: L×F.",
            choices=INPUT_KINDS,
        ),
        Param("channels", "int", 1, "Image channels (1 grey, 3 colour).", 1, 4096),
        Param("height", "int", 28, "Image height in pixels.", 1, 65536),
        Param("width", "int", 28, "Image width in pixels.", 1, 65536),
        Param("features", "int", 784, "Vector length, or features per sequence step.", 1, 10**8),
        Param("length", "int", 20, "Sequence length (steps).", 1, 10**6),
        Param("vocab", "int", 128, "Number of distinct token ids (tokens only).", 1, 10**7),
    )

    def input_ports(self, p: Params) -> tuple[str, ...]:
        return ()

    def relevant(self, p: Params) -> tuple[str, ...]:
        return ("kind", *_KIND_PARAMS[p["kind"]])

    def output_vocab(self, p: Params) -> int | None:
        return p["vocab"] if p["kind"] == "tokens" else None

    def infer(self, ins: Sequence[Shape], p: Params) -> Shape:
        kind = p["kind"]
        if kind == "image":
            return (p["channels"], p["height"], p["width"])
        if kind == "vector":
            return (p["features"],)
        if kind == "tokens":
            return (p["length"],)
        return (p["length"], p["features"])

    def describe(self, p: Params) -> str:
        return f"{p['kind']} {shape_text(self.infer((), p))}"

    def base_name(self) -> str:
        return "x"


def input_shape_params(kind: str, shape: Sequence[int]) -> dict[str, int]:
    """Input parameters that give ``shape`` for an Input of ``kind`` (for ``--input``).

    Raises
    ------
    ValueError
        When ``shape`` has the wrong rank for ``kind``.
    """
    ranks = {"image": 3, "vector": 1, "tokens": 1, "sequence": 2}
    if len(shape) != ranks[kind]:
        raise ValueError(
            f"the input is of kind '{kind}' and needs {ranks[kind]} dimension(s), "
            f"not {shape_text(shape)}."
        )
    if kind == "image":
        return {"channels": shape[0], "height": shape[1], "width": shape[2]}
    if kind == "vector":
        return {"features": shape[0]}
    if kind == "tokens":
        return {"length": shape[0]}
    return {"length": shape[0], "features": shape[1]}
