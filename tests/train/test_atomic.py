"""The one atomic-write helper: checkpoints and metrics replace files whole or not at all."""

from __future__ import annotations

import os

import pytest
import torch

from netbuilder.core.atomic import atomic_write
from netbuilder.train.checkpoints import atomic_torch_save, metrics_csv, write_metrics
from netbuilder.train.errors import TrainingError
from netbuilder.train.events import EpochEnd


def test_a_failing_writer_keeps_the_old_file_and_leaves_no_temp_file(tmp_path):
    target = tmp_path / "model.pt"
    target.write_bytes(b"old")
    os.chmod(target, 0o600)

    def broken(handle):
        handle.write(b"half of the new")
        raise RuntimeError("disk gone")

    with pytest.raises(RuntimeError, match="disk gone"):
        atomic_write(target, broken)
    assert target.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["model.pt"]
    atomic_write(target, lambda handle: handle.write(b"new"))
    assert target.read_bytes() == b"new"
    assert target.stat().st_mode & 0o777 == 0o600  # the file keeps its mode
    assert os.listdir(tmp_path) == ["model.pt"]


def test_torch_save_round_trips_and_reports_a_missing_folder_in_a_sentence(tmp_path):
    state = {"w": torch.arange(6.0).reshape(2, 3)}
    atomic_torch_save(state, tmp_path / "w.pt")
    assert torch.equal(torch.load(tmp_path / "w.pt", weights_only=True)["w"], state["w"])
    with pytest.raises(TrainingError, match="Cannot write"):
        atomic_torch_save(state, tmp_path / "missing" / "w.pt")


def test_metrics_file_has_one_row_per_epoch_and_empty_cells_for_missing_values(tmp_path):
    history = [
        EpochEnd(1, 2, 0.5, 0.75, None, None, 1.25, 0.01),
        EpochEnd(2, 2, 0.25, 0.875, 0.3, 0.9, 1.5, 0.001),
    ]
    write_metrics(tmp_path / "metrics.csv", history)
    text = (tmp_path / "metrics.csv").read_text(encoding="utf-8")
    assert text == metrics_csv(history)
    assert text.splitlines() == [
        "epoch,train_loss,train_acc,val_loss,val_acc,lr,seconds",
        "1,0.5,0.75,,,0.01,1.250",
        "2,0.25,0.875,0.3,0.9,0.001,1.500",
    ]
