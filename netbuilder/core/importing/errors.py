"""The one error type of the importer."""

from __future__ import annotations

from netbuilder.core.errors import NetBuilderError


class ImportModelError(NetBuilderError):
    """The module cannot be imported onto the canvas (one sentence)."""


class Unsupported(Exception):
    """One call of the traced module has no block; ``reason`` completes a sentence."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
