"""Images adapted to the network's Input: channels, size, or flattened to a vector."""

from __future__ import annotations

import math
from collections.abc import Sequence

import torch
from torch import Tensor

from netbuilder.train.datasets.base import DatasetError, InputSpec, Transform


def fit_images(
    x: torch.Tensor,
    shape: tuple[int, int, int],
) -> torch.Tensor:
    """Images N×C×H×W as floats in [0, 1] fitted to ``shape`` (C×H×W).

    ``uint8`` images are scaled by 1/255; one channel is repeated to ``C``; several
    channels become one by their mean; the size changes by bilinear interpolation.
    """
    channels, height, width = shape
    if x.dtype == torch.uint8:
        x = x.float().div_(255.0)
    if x.shape[1] != channels:
        if x.shape[1] == 1:
            x = x.expand(-1, channels, -1, -1)
        else:
            x = x.mean(dim=1, keepdim=True)
    if tuple(x.shape[2:]) != (height, width):
        x = torch.nn.functional.interpolate(
            x,
            size=(height, width),
            mode="bilinear",
            align_corners=False,
        )
        x = x.clamp_(0.0, 1.0)
    return x.contiguous()


def adapt_images(x: Tensor, shape: Sequence[int]) -> Tensor:
    """Float images N×C×H×W in [0, 1] adapted to ``shape`` (C×H×W) by :func:`fit_images`.

    Raises
    ------
    DatasetError
        When neither the images nor the Input have one channel (e.g. 3 and 4).
    """
    c, h, w = shape
    if x.shape[1] not in (1, c) and c != 1:
        raise DatasetError(
            f"The images have {x.shape[1]} channels and the network's Input has {c}; "
            "set the Input to 1 or 3 channels."
        )
    return fit_images(x, (c, h, w))


def image_spec(spec: InputSpec, name: str) -> tuple[int, int, int] | None:
    """C×H×W for an image Input, or ``None`` for a vector Input (images are flattened)."""
    if spec.kind == "image":
        return tuple(spec.shape)  # type: ignore[return-value]
    if spec.kind == "vector":
        return None
    raise DatasetError(
        f"'{name}' holds images, but the network's Input is of kind '{spec.kind}'; "
        "use an image or vector Input."
    )


def vector_shape(features: int, channels: int, name: str) -> tuple[int, int, int]:
    side = math.isqrt(features // channels) if features % channels == 0 else 0
    if side * side * channels != features:
        side = math.isqrt(features)
        if side * side != features:
            raise DatasetError(
                f"'{name}' holds images; a vector Input needs a square number of features "
                f"(e.g. 64 or 784), not {features}."
            )
        return (1, side, side)
    return (channels, side, side)


def images_to_input(x: Tensor, spec: InputSpec, name: str) -> tuple[Transform, tuple[int, ...]]:
    """A per-batch transform from raw images (N×C×H×W) to the Input, and the sample shape."""
    chw = image_spec(spec, name)
    if chw is not None:
        return (lambda b: adapt_images(b, chw)), chw
    features = spec.shape[0]
    vshape = vector_shape(features, int(x.shape[1]), name)
    return (lambda b: adapt_images(b, vshape).flatten(1)), (features,)
