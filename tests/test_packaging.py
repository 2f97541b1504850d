"""The wheel carries the top-level ``presets/`` and ``resources/`` folders as package data.

A plain ``pip install .`` installs what the wheel holds, so the test builds the real wheel,
unpacks it into an empty folder (what pip does for a pure-Python wheel) and loads a preset
from there in a fresh interpreter that cannot see the source tree.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "-q",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    (built,) = out.glob("netbuilder-*.whl")
    return built


def test_wheel_holds_every_package_the_presets_and_the_resources(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    presets = sorted(p.name for p in (ROOT / "presets").glob("*.json"))
    assert presets, "no preset documents in presets/"
    for name in presets:
        assert f"netbuilder/presets/{name}" in names
    for path in (ROOT / "resources").rglob("*"):
        if path.is_file() and "__pycache__" not in path.parts:
            assert (
                f"netbuilder/resources/{path.relative_to(ROOT / 'resources').as_posix()}" in names
            )
    for init in (ROOT / "netbuilder").rglob("__init__.py"):
        assert init.relative_to(ROOT).as_posix() in names


def test_presets_load_from_the_installed_wheel(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    code = (
        "import netbuilder.core.presets as p, importlib.resources as r\n"
        "print(p.__file__)\n"
        "print(r.files('netbuilder.presets').joinpath('lenet5.json').is_file())\n"
        "print(p.load_preset('googlenet').name)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(site)}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, env=env
    )
    assert result.returncode == 0, result.stderr
    module_file, found, name = result.stdout.splitlines()
    assert module_file.startswith(str(site))
    assert found == "True"
    assert name == "googlenet"
