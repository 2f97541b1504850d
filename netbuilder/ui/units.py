"""How FLOPs are shown: 1 per multiply-add (½ of FlopCounterMode) or 2 (FlopCounterMode).

One setting for every view, so numbers are never mixed.
"""

from __future__ import annotations

from netbuilder.ui.i18n import translate

#: Multiply-add convention (the DESIGN's numbers; fvcore agrees on conv and linear layers only).
MAC = 1
#: Two FLOPs per multiply-add (``torch.utils.flop_counter.FlopCounterMode``).
TWO_PER_MAC = 2


def flops_unit(factor: int) -> str:
    """Words after an exact FLOPs number: ``multiply-adds`` or ``FLOPs (2 per multiply-add)``."""
    return (
        translate("Units", "multiply-adds")
        if factor == MAC
        else translate("Units", "FLOPs (2 per multiply-add)")
    )


def flops_header(factor: int) -> str:
    """Short column title: ``FLOPs`` (multiply-adds) or ``FLOPs ×2``."""
    return "FLOPs" if factor == MAC else translate("Units", "FLOPs ×2")
