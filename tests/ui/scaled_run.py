"""Run a script in a fresh offscreen Qt process at a screen scale of 1.5 (``QT_SCALE_FACTOR``
applies only before Qt starts), and read the JSON it prints last."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any


def run_scaled(script: str, *args: str) -> Any:
    """The last line ``script`` printed, as JSON; asserts that it exited cleanly."""
    env = dict(os.environ, QT_SCALE_FACTOR="1.5", QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-c", script, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])
