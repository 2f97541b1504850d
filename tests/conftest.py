"""Shared fixtures. Qt runs offscreen; torch uses one thread for repeatable speed."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
import torch  # noqa: E402

torch.set_num_threads(max(1, min(2, os.cpu_count() or 1)))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--overwrite-golden",
        action="store_true",
        default=False,
        help="rewrite golden files from the current output instead of comparing",
    )


@pytest.fixture
def overwrite_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--overwrite-golden"))


@pytest.fixture(autouse=True)
def isolated_runs(tmp_path_factory: pytest.TempPathFactory, monkeypatch) -> str:
    """Runs of unsaved documents go to a fresh temporary folder, never the user's."""
    folder = str(tmp_path_factory.mktemp("runs"))
    monkeypatch.setenv("NETBUILDER_RUNS_DIR", folder)
    return folder
