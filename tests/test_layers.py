"""Import structure: the layers contract holds and no package imports itself in a cycle."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

grimp = pytest.importorskip("grimp", reason="grimp comes with import-linter (dev extra)")

ROOT = Path(__file__).resolve().parents[1]


def test_lint_imports_keeps_every_contract() -> None:
    lint = Path(sys.executable).with_name("lint-imports")
    if not lint.exists():
        pytest.skip("lint-imports is not installed")
    proc = subprocess.run(
        [str(lint), "--no-cache"], capture_output=True, text=True, cwd=ROOT, timeout=300
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Layers: cli > ui > export > train > core" in proc.stdout
    assert "0 broken" in proc.stdout


def test_no_package_and_its_own_module_import_each_other() -> None:
    """``ui.canvas`` ↔ ``ui.canvas.view`` or ``core.blocks`` ↔ ``composite`` must not return.

    Lazy imports inside functions count too: grimp sees every import statement.
    """
    graph = grimp.build_graph("netbuilder")
    cycles = []
    for package in sorted(graph.modules):
        children = graph.find_descendants(package)
        for module in sorted(graph.find_modules_directly_imported_by(package) & children):
            chain = graph.find_shortest_chain(importer=module, imported=package)
            if chain:
                cycles.append(" → ".join((package, *chain)))
    assert cycles == []
