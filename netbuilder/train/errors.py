"""Errors of the training layer (Qt-free)."""

from __future__ import annotations

from netbuilder.core.errors import NetBuilderError


class TrainingError(NetBuilderError):
    """Training cannot start (device, data or network problem): one sentence."""


class Diverged(Exception):
    """The loss became NaN or infinite (internal: the trainer reports it as a ``Failed``)."""
