"""`netbuilder summary` and `netbuilder presets` through the real console entry point."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from netbuilder.cli import main


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "netbuilder", *args], capture_output=True, text=True, timeout=120
    )


def test_summary_json_schema_and_lenet_numbers() -> None:
    proc = run_cli("summary", "lenet5", "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert set(data) == {
        "model",
        "input_shape",
        "total_params",
        "trainable_params",
        "total_flops",
        "nodes",
        "errors",
    }
    # Independent numbers from DESIGN §2 (the seeds' convention).
    assert data["total_params"] == 61_706
    assert data["total_flops"] == 416_520
    assert data["input_shape"] == [1, 28, 28]
    assert data["errors"] == []
    for node in data["nodes"]:
        assert set(node) == {"id", "type", "output_shape", "params", "flops", "error"}
    assert data["nodes"][-1]["output_shape"] == [10]


def test_summary_table_has_exact_totals(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["summary", "lenet5"]) == 0
    out = capsys.readouterr().out
    assert "Total params: 61,706 (61.7K)" in out
    assert "416,520" in out
    assert "conv1 (Conv2d)" in out and "6×28×28" in out


def test_summary_with_errors_exits_1_and_still_prints_json(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["summary", "lenet5", "--input", "1x4x4", "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["errors"], "a 4×4 input cannot pass two 5×5 convolutions"
    broken = [n for n in data["nodes"] if n["error"]]
    waiting = [n for n in data["nodes"] if n["output_shape"] is None and not n["error"]]
    assert len(broken) == 1 and "kernel" in broken[0]["error"]
    assert waiting, "downstream nodes wait instead of cascading errors"


@pytest.mark.parametrize(
    "args, fragment",
    [
        (["summary", "no_such_preset"], "neither a project file nor a preset"),
        (["summary", "lenet5", "--input", "3xAx4"], "not a shape"),
        (["summary", "lenet5", "--input", "3x224"], "needs 3 dimension"),
    ],
)
def test_usage_problems_exit_2_with_one_line(args: list[str], fragment: str) -> None:
    proc = run_cli(*args)
    assert proc.returncode == 2
    assert fragment in proc.stderr
    assert "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


def test_summary_of_a_corrupt_file_exits_2(tmp_path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "netbuilder", "version": 1, "graph": {"nodes": [', encoding="utf-8")
    before = bad.read_bytes()
    proc = run_cli("summary", str(bad))
    assert proc.returncode == 2
    assert "not valid JSON" in proc.stderr and "Traceback" not in proc.stderr
    assert bad.read_bytes() == before


def test_presets_lists_every_preset(capsys: pytest.CaptureFixture[str]) -> None:
    from netbuilder.core.presets import PRESET_NAMES

    assert main(["presets"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert [line.split()[0] for line in lines] == list(PRESET_NAMES)
    assert any("61.7K params" in line for line in lines if line.startswith("lenet5"))
