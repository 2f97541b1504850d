"""Regenerate presets/*.json from netbuilder/core/recipes.py.

Usage: python scripts/build_presets.py
"""

from __future__ import annotations

from pathlib import Path

from netbuilder.core.document import dumps
from netbuilder.core.recipes import RECIPES

OUT = Path(__file__).resolve().parent.parent / "presets"

if __name__ == "__main__":
    for name, recipe in RECIPES.items():
        (OUT / f"{name}.json").write_text(dumps(recipe()), encoding="utf-8")
        print(f"wrote {name}.json")
