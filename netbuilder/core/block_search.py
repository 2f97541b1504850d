"""Finding blocks by what people type: names, synonyms ("dense", "fc" → Linear), fuzzy.

One table of synonyms serves the palette's search field and the canvas' quick-add popup.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from netbuilder.core.blocks import CATALOGUE, Block

#: Words people use for blocks, each with the blocks it means, best first.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "dense": ("Linear",),
    "fc": ("Linear",),
    "fully": ("Linear",),
    "fully connected": ("Linear",),
    "mlp": ("Linear",),
    "perceptron": ("Linear",),
    "affine": ("Linear",),
    "bn": ("BatchNorm2d", "BatchNorm1d"),
    "batchnorm": ("BatchNorm2d", "BatchNorm1d"),
    "batch norm": ("BatchNorm2d", "BatchNorm1d"),
    "norm": ("BatchNorm2d", "LayerNorm", "BatchNorm1d", "GroupNorm", "InstanceNorm2d"),
    "ln": ("LayerNorm",),
    "gn": ("GroupNorm",),
    "lrn": ("LocalResponseNorm",),
    "pool": (
        "MaxPool2d",
        "AvgPool2d",
        "AdaptiveAvgPool2d",
        "AdaptiveMaxPool2d",
        "MaxPool1d",
        "AvgPool1d",
    ),
    "max": ("MaxPool2d", "AdaptiveMaxPool2d", "MaxPool1d"),
    "avg": ("AvgPool2d", "AdaptiveAvgPool2d", "AvgPool1d"),
    "average": ("AvgPool2d", "AdaptiveAvgPool2d", "AvgPool1d"),
    "mean": ("AdaptiveAvgPool2d", "AvgPool2d"),
    "gap": ("AdaptiveAvgPool2d",),
    "global": ("AdaptiveAvgPool2d", "AdaptiveMaxPool2d"),
    "downsample": ("MaxPool2d", "AvgPool2d"),
    "subsample": ("MaxPool2d", "AvgPool2d"),
    "conv": ("Conv2d", "Conv1d", "ConvTranspose2d"),
    "convolution": ("Conv2d", "Conv1d", "ConvTranspose2d"),
    "cnn": ("Conv2d",),
    "filter": ("Conv2d",),
    "kernel": ("Conv2d",),
    "deconv": ("ConvTranspose2d",),
    "transpose": ("ConvTranspose2d",),
    "upconv": ("ConvTranspose2d",),
    "upsample": ("Upsample", "ConvTranspose2d"),
    "interpolate": ("Upsample",),
    "resize": ("Upsample",),
    "lstm": ("LSTM",),
    "gru": ("GRU",),
    "rnn": ("RNN", "LSTM", "GRU"),
    "recurrent": ("RNN", "LSTM", "GRU"),
    "sequence": ("LSTM", "GRU", "RNN", "Conv1d"),
    "activation": ("ReLU", "GELU", "SiLU", "LeakyReLU", "Sigmoid", "Tanh"),
    "act": ("ReLU", "GELU", "SiLU", "LeakyReLU", "Sigmoid", "Tanh"),
    "nonlinearity": ("ReLU", "GELU", "SiLU", "LeakyReLU", "Sigmoid", "Tanh"),
    "rectifier": ("ReLU", "LeakyReLU", "ReLU6"),
    "leaky": ("LeakyReLU",),
    "swish": ("SiLU",),
    "hswish": ("Hardswish",),
    "logistic": ("Sigmoid",),
    "sigm": ("Sigmoid",),
    "probabilities": ("Softmax", "LogSoftmax"),
    "classifier": ("Linear", "Softmax"),
    "drop": ("Dropout", "Dropout2d"),
    "regularization": ("Dropout", "Dropout2d"),
    "embed": ("Embedding",),
    "token": ("Embedding",),
    "word": ("Embedding",),
    "lookup": ("Embedding",),
    "flat": ("Flatten",),
    "view": ("Reshape",),
    "squeeze": ("Reshape",),
    "cat": ("Concat",),
    "concatenate": ("Concat",),
    "join": ("Concat", "Add"),
    "merge": ("Concat", "Add", "Multiply"),
    "sum": ("Add",),
    "plus": ("Add",),
    "skip": ("Add", "Residual"),
    "shortcut": ("Add", "Residual"),
    "residual": ("Residual", "Add"),
    "resnet": ("Residual",),
    "mul": ("Multiply",),
    "product": ("Multiply",),
    "gate": ("Multiply",),
    "attention": ("Multiply",),
    "se": ("Multiply", "AdaptiveAvgPool2d"),
    "inception": ("Inception",),
    "googlenet": ("Inception",),
    "vgg": ("VGGBlock",),
    "nin": ("NiNBlock",),
    "network in network": ("NiNBlock",),
    "resnet50": ("Bottleneck",),
    "mobilenet": ("InvertedResidual",),
    "mbconv": ("InvertedResidual",),
    "densenet": ("DenseBlock", "Transition"),
    "squeezenet": ("Fire",),
    "data": ("Input",),
    "image": ("Input",),
    "source": ("Input",),
}

# scores: the higher, the better the match
# (a synonym typed whole beats a name it begins: "dense" is Linear before DenseBlock)
_EXACT, _SYNONYM, _PREFIX, _SYNONYM_PREFIX, _INSIDE, _CATEGORY, _FUZZY, _SUMMARY = (
    100,
    95,
    90,
    70,
    60,
    45,
    30,
    20,
)


def search(
    query: str,
    blocks: Mapping[str, Block] | None = None,
    synonyms: Mapping[str, Iterable[str]] | None = None,
) -> list[str]:
    """Block types matching ``query``, best first (all blocks, in palette order, for ``""``).

    A block matches by its name (exactly, by prefix, inside it, or fuzzily: the typed
    letters in order, ``bn2`` → ``BatchNorm2d``), by a synonym (``dense`` → ``Linear``,
    ``pool`` → every pool), by its category, or by a word of its summary; fuzzy and summary
    matches are left out when a name or synonym matches. Case and spaces, ``-`` and ``_``
    are ignored.

    Parameters
    ----------
    query : str
        What the user typed.
    blocks : mapping, optional
        Blocks by type (the catalogue by default).
    synonyms : mapping, optional
        Words → block types (:data:`SYNONYMS` by default).
    """
    blocks = CATALOGUE if blocks is None else blocks
    synonyms = SYNONYMS if synonyms is None else synonyms
    needle = _norm(query)
    order = {name: i for i, name in enumerate(blocks)}
    if not needle:
        return list(blocks)
    scores: dict[str, float] = {}

    def offer(name: str, score: float) -> None:
        if name in blocks and score > scores.get(name, 0):
            scores[name] = score

    for word, targets in synonyms.items():
        key = _norm(word)
        if key == needle:
            for rank, name in enumerate(targets):
                offer(name, _SYNONYM - rank * 0.1)
        elif len(needle) >= 2 and key.startswith(needle):
            for rank, name in enumerate(targets):
                offer(name, _SYNONYM_PREFIX - rank * 0.1)
    for name, block in blocks.items():
        key = _norm(name)
        if key == needle:
            offer(name, _EXACT)
        elif key.startswith(needle):
            offer(name, _PREFIX - len(key) * 0.01)  # shorter names first
        elif needle in key:
            offer(name, _INSIDE - key.index(needle) * 0.1)
        elif _norm(block.category).startswith(needle):
            offer(name, _CATEGORY)
        elif len(needle) >= 2 and (gaps := _subsequence_gaps(needle, key)) is not None:
            offer(name, _FUZZY - gaps * 0.5)
        elif len(needle) >= 3 and needle in _norm(block.summary):
            offer(name, _SUMMARY)
    if any(score > _CATEGORY for score in scores.values()):  # strong matches hide loose ones
        scores = {name: score for name, score in scores.items() if score >= _CATEGORY}
    return sorted(scores, key=lambda n: (-scores[n], order[n]))


def _norm(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch not in " -_")


def _subsequence_gaps(needle: str, hay: str) -> int | None:
    """How many letters of ``hay`` lie between the letters of ``needle`` found in order
    (``None`` when they are not all there); the first letter must start ``hay``."""
    if not hay.startswith(needle[0]):
        return None
    gaps, at = 0, 0
    for ch in needle:
        found = hay.find(ch, at)
        if found < 0:
            return None
        gaps += found - at
        at = found + 1
    return gaps
