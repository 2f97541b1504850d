"""Fixtures of the training tests: one torch thread (tiny models; 2 busy cores in CI)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import numpy as np
import pytest
import torch

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def one_thread():
    """Small models train fastest on one thread, and oversubscribed threads stall."""
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


@pytest.fixture
def subprocess_env() -> dict[str, str]:
    """Environment for child interpreters: this checkout first on the path, one thread."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    env["OMP_NUM_THREADS"] = "1"
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env


@pytest.fixture
def python() -> str:
    return sys.executable


def write_diabetes_like_csv(path: Path, rows: int = 400, seed: int = 0) -> Path:
    """A generated stand-in for the seeds' diabetes.csv: 8 features, last column 0/1."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(rows, 8)) * rng.uniform(0.5, 20, size=8) + rng.uniform(-5, 50, size=8)
    w = rng.normal(size=8)
    z = ((x - x.mean(0)) / x.std(0)) @ w
    y = (z + rng.normal(scale=0.5, size=rows) > 0).astype(float)
    table = np.column_stack([x, y])
    np.savetxt(path, table, delimiter=",", fmt="%.5f")
    return path


@pytest.fixture
def diabetes_csv(tmp_path: Path) -> Path:
    return write_diabetes_like_csv(tmp_path / "diabetes.csv")
