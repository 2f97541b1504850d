"""Hostile inputs found in review: each gives one clear sentence, never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import torch

from netbuilder.core.document import DocumentError, dumps, loads
from netbuilder.core.errors import GraphError
from netbuilder.core.graph import Graph
from netbuilder.core.presets import load_preset
from netbuilder.core.reserved import MODULE_ATTRIBUTES


def _doc(**changes) -> dict:
    doc = json.loads(dumps(load_preset("lenet5")))
    doc.update(changes)
    return doc


HUGE = 10**400


@pytest.mark.parametrize(
    "mutate, path",
    [
        (lambda d: d["graph"]["nodes"][0].__setitem__("pos", [HUGE, 0]), "$.graph.nodes[0].pos"),
        (lambda d: d["training"].__setitem__("lr", HUGE), "$.training.lr"),
        (
            lambda d: d["graph"]["nodes"].append(
                {"id": "d1", "type": "Dropout", "params": {"p": HUGE}, "pos": [0, 0]}
            ),
            "params.p",
        ),
    ],
)
def test_numbers_too_large_for_a_float_are_refused_with_the_path(mutate, path) -> None:
    doc = _doc()
    mutate(doc)
    with pytest.raises(DocumentError) as info:
        loads(json.dumps(doc))
    assert path in info.value.path


def test_seed_out_of_range_is_refused() -> None:
    doc = _doc()
    doc["training"]["seed"] = 2**64
    with pytest.raises(DocumentError, match="seed"):
        loads(json.dumps(doc))


def test_cli_train_with_a_huge_seed_exits_2_without_traceback(tmp_path: Path) -> None:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "netbuilder",
            "train",
            "logistic",
            "--dataset",
            "digits",
            "--epochs",
            "1",
            "--seed",
            str(10**20),
            "--out",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2, proc.stderr
    assert "seed" in proc.stderr and "Traceback" not in proc.stderr


def test_onnx_export_into_a_missing_folder_gives_one_line(tmp_path: Path) -> None:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "netbuilder",
            "export",
            "lenet5",
            "-o",
            str(tmp_path / "missing" / "m.onnx"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2
    assert proc.stderr.startswith("netbuilder: Cannot write") and "Traceback" not in proc.stderr


def test_reserved_names_cover_every_public_module_attribute() -> None:
    public = {n for n in dir(torch.nn.Module) if not n.startswith("_")}
    assert public <= MODULE_ATTRIBUTES, sorted(public - MODULE_ATTRIBUTES)


@pytest.mark.parametrize(
    "label", ["train", "eval", "to", "float", "parameters", "_modules", "self"]
)
def test_labels_that_would_shadow_module_attributes_are_refused(label: str) -> None:
    graph = Graph()
    node = graph.add_node("ReLU")
    with pytest.raises(GraphError, match="cannot name a layer"):
        graph.set_label(node, label)
    assert graph.node(node).label == ""
