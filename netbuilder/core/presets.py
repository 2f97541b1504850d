"""The classic networks shipped as project documents (package data)."""

from __future__ import annotations

from importlib import resources

from netbuilder.core.document import Project, loads
from netbuilder.core.errors import DocumentError
from netbuilder.core.recipes import RECIPES

#: Preset names in menu order (the recipes that build them are the one list).
PRESET_NAMES = tuple(RECIPES)


def preset_text(name: str) -> str:
    """The JSON text of preset ``name``; raises :class:`DocumentError` if unknown."""
    if name not in PRESET_NAMES:
        known = ", ".join(PRESET_NAMES)
        raise DocumentError(f"There is no preset '{name}'. Presets: {known}.")
    return resources.files("netbuilder.presets").joinpath(f"{name}.json").read_text("utf-8")


def load_preset(name: str) -> Project:
    """A fresh :class:`Project` of preset ``name``."""
    return loads(preset_text(name))
