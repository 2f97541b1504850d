"""The OpenMP wait policy the app sets before torch loads (netbuilder.train.openmp)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

PROBE = """
import json, os, sys
from netbuilder.train.openmp import keep_openmp_spinning
first = keep_openmp_spinning()
import torch
print(json.dumps({
    "set": first,
    "policy": os.environ.get("OMP_WAIT_POLICY"),
    "spin": os.environ.get("GOMP_SPINCOUNT"),
    "after_torch": keep_openmp_spinning(),
    "works": float(torch.ones(3).sum()),
}))
"""


def _probe(**env: str) -> dict:
    clean = {k: v for k, v in os.environ.items() if k not in ("OMP_WAIT_POLICY", "GOMP_SPINCOUNT")}
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        capture_output=True,
        text=True,
        env={**clean, **env},
        check=True,
        timeout=120,
    )
    assert "libgomp" not in done.stderr, done.stderr  # libgomp accepts the values
    return json.loads(done.stdout.splitlines()[-1])


def test_the_policy_is_set_before_torch_loads_and_torch_runs_with_it():
    result = _probe()
    assert result["set"] is True
    assert result["policy"] == "active"
    assert int(result["spin"]) == 300_000  # libgomp's own default: idle threads sleep after it
    assert result["after_torch"] is False  # too late once torch (and libgomp) is loaded
    assert result["works"] == 3.0


def test_a_users_own_choice_is_kept():
    result = _probe(OMP_WAIT_POLICY="passive")
    assert result["set"] is False
    assert result["policy"] == "passive"
    assert result["spin"] is None
