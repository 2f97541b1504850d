"""Every UI module imports on its own, first, in a fresh interpreter (no import cycle:
``ui.icons`` reads the canvas style, whose package imports the view and what it uses)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

MODULES = (
    "netbuilder.ui.icons",
    "netbuilder.ui.inspector",
    "netbuilder.ui.fix_actions",
    "netbuilder.ui.canvas.quick_add",
)


@pytest.mark.parametrize("module", MODULES)
def test_module_imports_first(module):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", f"import {module}"], capture_output=True, text=True, env=env
    )
    assert done.returncode == 0, done.stderr[-2000:]
