"""Golden files of the summary table of every preset, and presets equal to their recipes.

The golden tables are regenerated with ``pytest --overwrite-golden``; each comparison also
checks the table's totals against the compiled PyTorch module (``sum(p.numel())`` and the
buffers), so a regenerated golden file cannot carry a wrong total unnoticed.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from netbuilder.core.analysis import analyse
from netbuilder.core.codegen import compile_model
from netbuilder.core.document import VERSION, dumps
from netbuilder.core.presets import PRESET_NAMES, load_preset, preset_text
from netbuilder.core.recipes import RECIPES
from netbuilder.core.summary import render_table

GOLDEN = Path(__file__).parent / "golden" / "summary"


def _number(table: str, label: str) -> int:
    match = re.search(rf"^{re.escape(label)}: ([\d,]+)", table, re.MULTILINE)
    assert match, f"no '{label}' line in the table"
    return int(match.group(1).replace(",", ""))


@pytest.mark.parametrize("name", PRESET_NAMES)
def test_summary_table_equals_golden_file(name: str, overwrite_golden: bool) -> None:
    project = load_preset(name)
    table = render_table(analyse(project.graph), project.name) + "\n"
    golden = GOLDEN / f"{name}.txt"
    if overwrite_golden:
        golden.write_text(table, encoding="utf-8")
    assert table == golden.read_text(encoding="utf-8"), "run pytest --overwrite-golden"
    model = compile_model(project.graph)
    assert _number(table, "Total params") == sum(p.numel() for p in model.parameters())
    assert _number(table, "Non-trainable buffers") == sum(b.numel() for b in model.buffers())


def test_every_preset_has_a_golden_table() -> None:
    assert {p.stem for p in GOLDEN.glob("*.txt")} == set(PRESET_NAMES)


@pytest.mark.parametrize("name", PRESET_NAMES)
def test_preset_json_equals_what_its_recipe_builds(name: str) -> None:
    # the shipped presets may be version 1 files: saved today they are version 2 (they
    # hold no groups, so only the version number differs)
    text = preset_text(name).replace('"version": 1,', f'"version": {VERSION},', 1)
    assert text == dumps(RECIPES[name]()), "run python scripts/build_presets.py"
