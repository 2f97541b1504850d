"""`netbuilder compare A B [--json]` in a real subprocess: presets, files, bad input.

Reference numbers are independent of NetBuilder: LeNet-5's 61,706 params and 416,520
multiply-adds (DESIGN §2), and torch models measured here (torchvision's ResNet-18, d2l's
LeNet-5 with a wider first conv): params by ``sum(p.numel())``, FLOPs half of
``FlopCounterMode``.
"""

from __future__ import annotations

import json
from pathlib import Path

import torch
import torchvision
from torch.utils.flop_counter import FlopCounterMode

from netbuilder.core.blocks.io import input_shape_params
from netbuilder.core.document import Project, save
from netbuilder.core.presets import load_preset
from tests.test_cli_summary import run_cli
from tests.test_presets import reference

LENET_PARAMS, LENET_MACS = 61_706, 416_520


def test_json_numbers_equal_torch() -> None:
    proc = run_cli("compare", "lenet5", "resnet18", "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert set(data) == {"a", "b", "difference"}
    model = torchvision.models.resnet18(weights=None).eval()
    resnet_params = sum(p.numel() for p in model.parameters())
    with torch.no_grad(), FlopCounterMode(display=False) as counter:
        out = model(torch.randn(1, 3, 224, 224))
    a, b = data["a"], data["b"]
    assert (a["model"], b["model"]) == ("lenet5", "resnet18")
    assert a["total_params"] == LENET_PARAMS and a["total_flops"] == LENET_MACS
    assert b["total_params"] == b["trainable_params"] == resnet_params
    assert 2 * b["total_flops"] == counter.get_total_flops()
    assert b["output_shapes"] == [list(out.shape[1:])]
    assert b["input_shape"] == [3, 224, 224]
    assert data["difference"]["total_params"] == resnet_params - LENET_PARAMS
    assert [s["size"] for s in b["stages"]][0] == "112×112"
    assert sum(s["params"] for s in b["stages"]) == resnet_params
    for stage in a["stages"] + b["stages"]:
        assert set(stage) == {"size", "nodes", "layers", "params", "flops"}


def test_text_table_of_a_file_and_a_preset(tmp_path: Path) -> None:
    wider = load_preset("lenet5")
    first_conv = wider.graph.topological_order()[1]
    wider.graph.set_params(first_conv, {"out_channels": 12})
    save(wider, tmp_path / "wide.json")
    proc = run_cli("compare", "lenet5", str(tmp_path / "wide.json"))
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    # d2l's LeNet-5 in torch, with 12 channels in its first conv
    layers = reference("lenet5")[0]
    layers[0] = torch.nn.Conv2d(1, 12, kernel_size=5, padding=2)
    layers[3] = torch.nn.Conv2d(12, 16, kernel_size=5)
    net = torch.nn.Sequential(*layers)
    params = sum(p.numel() for p in net.parameters())
    lines = proc.stdout.splitlines()
    assert lines[:2] == ["A: lenet5", f"B: {tmp_path / 'wide.json'}"]
    row = next(line for line in lines if line.startswith("Params")).split()
    assert row[1:] == [
        f"{LENET_PARAMS:,}",
        f"{params:,}",
        f"+{params - LENET_PARAMS:,}",
        f"×{params / LENET_PARAMS:.2f}",
    ]
    stage1 = next(line for line in lines if line.startswith("1 "))
    assert stage1.split()[1] == "28×28" and stage1.split()[5] == "28×28"


def test_a_network_with_errors_exits_1_and_still_prints(tmp_path: Path) -> None:
    broken = load_preset("lenet5")
    (input_id,) = broken.graph.sources()
    broken.graph.set_params(input_id, input_shape_params("image", (1, 4, 4)))
    save(broken, tmp_path / "broken.json")
    proc = run_cli("compare", str(tmp_path / "broken.json"), "lenet5", "--json")
    assert proc.returncode == 1
    data = json.loads(proc.stdout)
    assert data["a"]["errors"] == 1 and data["b"]["errors"] == 0
    text = run_cli("compare", str(tmp_path / "broken.json"), "lenet5")
    assert text.returncode == 1
    assert "1 layer(s) with errors" in text.stdout


def test_bad_input_is_one_line_exit_2(tmp_path: Path) -> None:
    proc = run_cli("compare", "lenet5", "no_such_net")
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
    assert "'no_such_net' is neither a project file nor a preset" in proc.stderr

    (tmp_path / "junk.json").write_text("{not json", encoding="utf-8")
    junk = run_cli("compare", str(tmp_path / "junk.json"), "lenet5")
    assert junk.returncode == 2 and junk.stderr.count("\n") == 1
    assert "Traceback" not in junk.stderr

    missing = run_cli("compare", "lenet5")
    assert missing.returncode == 2 and missing.stderr.count("\n") == 1
    assert "netbuilder compare --help" in missing.stderr


def test_help_describes_stages() -> None:
    proc = run_cli("compare", "--help")
    assert proc.returncode == 0
    assert "stage" in proc.stdout and "--json" in proc.stdout
    top = run_cli("--help")
    assert "compare" in top.stdout


def test_graph_wide_problems_exit_1_one_line_each(tmp_path: Path) -> None:
    # the same notion of valid as `netbuilder summary`: an empty network, two Inputs
    save(Project(name="empty"), tmp_path / "empty.json")
    two = load_preset("lenet5")
    two.graph.add_node("Input", input_shape_params("image", (1, 28, 28)))
    save(two, tmp_path / "two.json")
    proc = run_cli("compare", str(tmp_path / "empty.json"), str(tmp_path / "two.json"))
    assert proc.returncode == 1
    assert proc.stdout.startswith("A: ")
    lines = proc.stderr.splitlines()
    assert len(lines) == 2 and "Traceback" not in proc.stderr
    assert "empty.json: the network is empty; add an Input block." in lines[0]
    assert "two.json: a network needs exactly one Input block (it has 2)." in lines[1]
    for path in ("empty.json", "two.json"):
        summary = run_cli("summary", str(tmp_path / path))
        assert summary.returncode == 1
    data = json.loads(run_cli("compare", "lenet5", str(tmp_path / "two.json"), "--json").stdout)
    assert data["a"]["problems"] == []
    assert data["b"]["problems"] == ["a network needs exactly one Input block (it has 2)."]
    good = run_cli("compare", "lenet5", "lenet5")
    assert good.returncode == 0 and good.stderr == ""
