"""Run folders with the real trainer on digits: what is kept, listed, reloaded, refused."""

from __future__ import annotations

import csv
import json
import math
import re

import pytest
import torch

from netbuilder.core.document import dumps
from netbuilder.core.presets import load_preset
from netbuilder.train.runs import (
    RunInUseError,
    RunWriteError,
    attach_run,
    check_resume,
    create_run,
    delete_run,
    list_runs,
    load_batches,
    load_confusion,
    load_metrics,
    load_project,
    load_settings,
    load_weights,
    read_run,
    runs_folder,
    update_settings,
    write_confusion,
)
from netbuilder.train.session import build_model, make_trainer, training_config
from netbuilder.train.trainer import TrainingError

FAST = {"epochs": 2, "batch_size": 64, "lr": 0.01, "device": "cpu"}


def train_run(tmp_path, project=None, project_file=None, **overrides):
    project = project or load_preset("lenet5")
    config = training_config(project, **{**FAST, **overrides})
    trainer = make_trainer(project, config)
    info = create_run(project, config, root=tmp_path / "runs", project_file=project_file)
    recorder = attach_run(trainer, info)
    result = trainer.run()
    assert result.status == "finished", result.message
    return trainer, recorder, result


def test_a_training_keeps_its_files_and_is_listed(tmp_path):
    trainer, recorder, result = train_run(tmp_path)
    (run,) = list_runs(tmp_path / "runs")
    names = {p.name for p in run.path.iterdir()}
    assert {
        "checkpoint.pt",
        "best.pt",
        "model.pt",
        "metrics.csv",
        "settings.json",
        "project.json",
        "run.json",
    } <= names
    assert run.id.endswith("-lenet5") and run.id[:8].isdigit()
    assert (run.name, run.dataset, run.epochs, run.epochs_done) == ("lenet5", "digits", 2, 2)
    assert run.status == "finished" and run.device == "cpu" and run.project_file is None
    assert run.duration >= sum(e.seconds for e in result.history)
    # best val acc: read independently from metrics.csv with the csv module
    with (run.path / "metrics.csv").open() as handle:
        rows = list(csv.DictReader(handle))
    assert run.best_val_acc == pytest.approx(max(float(r["val_acc"]) for r in rows), abs=1e-6)
    # ... and recomputed from best.pt on the validation part
    model = build_model(load_project(run.path), seed=99)
    model.load_state_dict(load_weights(run.path, "best"))
    trainer.model.load_state_dict(model.state_dict())
    _, acc = trainer.evaluate()
    assert acc == pytest.approx(run.best_val_acc, abs=1e-9)
    # metrics reload as the epochs the trainer reported
    loaded = load_metrics(run.path)
    assert [e.epoch for e in loaded] == [1, 2]
    for got, want in zip(loaded, result.history, strict=True):
        assert got.val_acc == pytest.approx(want.val_acc, rel=1e-5)
        assert got.train_loss == pytest.approx(want.train_loss, rel=1e-5)
    # the settings and the project snapshot are what was trained
    assert load_settings(run.path) == trainer.config
    assert json.loads((run.path / "project.json").read_text()) == json.loads(
        dumps(load_preset("lenet5"))
    )
    assert recorder.error is None
    # the per-batch losses: every batch of both epochs, in order, ending at 2.0
    batches = load_batches(run.path)
    steps = math.ceil(len(trainer.data.train) / 64)
    assert len(batches) == 2 * steps
    assert [x for x, _ in batches] == pytest.approx([(i + 1) / steps for i in range(2 * steps)])


def test_runs_belong_to_their_project_file(tmp_path):
    project_file = tmp_path / "net.json"
    project_file.write_text(dumps(load_preset("lenet5")))
    assert runs_folder(project_file) == tmp_path / "runs"
    train_run(tmp_path, project_file=project_file, epochs=1)
    train_run(tmp_path, epochs=1)  # an unsaved document's run in the same folder
    assert [r.project_file for r in list_runs(tmp_path / "runs", project_file)] == ["net.json"]
    assert [r.project_file for r in list_runs(tmp_path / "runs")] == [None]
    (tmp_path / "runs" / "not-a-run").mkdir()
    (tmp_path / "runs" / "broken").mkdir()
    (tmp_path / "runs" / "broken" / "run.json").write_text("{")
    assert len(list_runs(tmp_path / "runs")) == 1


def test_runs_folder_of_unsaved_documents_follows_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("NETBUILDER_RUNS_DIR", str(tmp_path / "elsewhere"))
    assert runs_folder(None) == tmp_path / "elsewhere"


def test_resume_continues_and_a_changed_network_is_refused(tmp_path):
    _, _, first = train_run(tmp_path, epochs=1)
    (run,) = list_runs(tmp_path / "runs")
    project = load_preset("lenet5")
    config = training_config(project, **{**FAST, "epochs": 2})
    trainer = make_trainer(project, config, resume_from=run.path / "checkpoint.pt")
    check_resume(run.path, project, trainer.model)  # same network: accepted
    attach_run(trainer, update_settings(run, config))
    result = trainer.run()
    assert result.status == "finished" and [e.epoch for e in result.history] == [1, 2]
    assert result.history[0].val_acc == first.history[0].val_acc
    again = read_run(run.path)
    assert (again.epochs, again.epochs_done, again.status) == (2, 2, "finished")
    assert again.duration > run.duration

    # the first conv layer with 8 filters: the layer is named as in the code (its label)
    changed = load_preset("lenet5")
    conv = next(n for n in changed.graph if n.type == "Conv2d")
    changed.graph.set_params(conv.id, {"out_channels": 8})
    model = build_model(changed)
    name = re.escape(conv.label or "conv1")
    with pytest.raises(
        TrainingError, match=rf"layer {name} has out_channels=8 now, out_channels=6"
    ):
        check_resume(run.path, changed, model)
    # an activation swapped (same weights): still a different network, named
    swapped = load_preset("lenet5")
    sig = next(n for n in swapped.graph if n.type == "Sigmoid")
    edges_in, edges_out = swapped.graph.incoming(sig.id), swapped.graph.outgoing(sig.id)
    swapped.graph.remove_node(sig.id)
    relu = swapped.graph.add_node("ReLU", node_id=sig.id)
    for e in edges_in:
        swapped.graph.connect(e.src, relu)
    for e in edges_out:
        swapped.graph.connect(relu, e.dst, e.port)
    with pytest.raises(TrainingError, match=r"is a ReLU now, a Sigmoid in the run"):
        check_resume(run.path, swapped, build_model(swapped))


def test_delete_refuses_the_run_in_use_and_other_folders(tmp_path):
    train_run(tmp_path, epochs=1)
    (run,) = list_runs(tmp_path / "runs")
    with pytest.raises(RunInUseError, match="in use"):
        delete_run(run.path, in_use=run.path)
    assert run.path.is_dir()
    other = tmp_path / "precious"
    other.mkdir()
    (other / "data.txt").write_text("keep")
    with pytest.raises(TrainingError):
        delete_run(other)
    assert (other / "data.txt").read_text() == "keep"
    delete_run(run.path, in_use=tmp_path / "runs" / "another")
    assert not run.path.exists() and list_runs(tmp_path / "runs") == []


def test_an_unwritable_run_folder_is_one_sentence(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    project = load_preset("lenet5")
    with pytest.raises(RunWriteError, match=r"^Cannot create a run folder in .*file"):
        create_run(project, project.training, root=blocker / "runs")


def test_files_that_fail_midway_leave_the_training_running_when_optional(tmp_path):
    project = load_preset("lenet5")
    config = training_config(project, **FAST)
    trainer = make_trainer(project, config)
    info = create_run(project, config, root=tmp_path / "runs")
    (info.path / "metrics.csv").mkdir()  # the metrics file cannot be replaced
    trainer.files_optional = True
    attach_run(trainer, info)
    result = trainer.run()
    assert result.status == "finished" and len(result.history) == 2
    assert trainer.files_error is not None and "metrics.csv" in trainer.files_error
    # without the option the same problem fails the run with that sentence
    trainer2 = make_trainer(project, config)
    attach_run(trainer2, info)
    failed = trainer2.run()
    assert failed.status == "failed" and "metrics.csv" in failed.message


def test_confusion_round_trip(tmp_path):
    project = load_preset("lenet5")
    info = create_run(project, project.training, root=tmp_path)
    matrix = torch.tensor([[3, 1], [0, 4]])
    write_confusion(info.path, matrix.tolist(), ["a", "b"])
    assert load_confusion(info.path) == {"classes": ["a", "b"], "matrix": [[3, 1], [0, 4]]}
    (info.path / "confusion.json").write_text('{"classes": ["a"], "matrix": [[1, 2]]}')
    assert load_confusion(info.path) is None


def test_a_run_that_cannot_start_leaves_no_folder_but_never_removes_other_files(tmp_path):
    project = load_preset("lenet5")
    last = [n for n in project.graph if n.type == "Linear"][-1]
    project.graph.set_params(last.id, {"out_features": 7})  # 7 outputs for 10 classes
    config = training_config(project, **FAST)
    fresh = create_run(project, config, root=tmp_path / "runs")
    trainer = make_trainer(project, config)
    attach_run(trainer, fresh)
    assert trainer.run().status == "failed"
    assert not fresh.path.exists()
    # --out names a folder that holds the user's files: only ours go
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("keep")
    named = create_run(project, config, folder=out)
    trainer = make_trainer(project, config)
    attach_run(trainer, named)
    assert trainer.run().status == "failed"
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt"]
