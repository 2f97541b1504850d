"""A run still at chance after a third of its epochs gets one hint with one change."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys

import pytest
from torch import nn

from netbuilder.core.codegen import compile_model
from netbuilder.core.presets import load_preset
from netbuilder.core.training_config import TrainingConfig
from netbuilder.train.events import EpochEnd, Hint, Preparing
from netbuilder.train.hints import at_chance, hint_epoch, stall_hint
from netbuilder.train.session import make_trainer
from netbuilder.train.setup_steps import STEPS
from tests.train.test_cli_train import run_cli


def _epoch(epoch: int, epochs: int, val_acc: float | None, train_acc: float = 0.1) -> EpochEnd:
    return EpochEnd(epoch, epochs, 2.3, train_acc, 2.3, val_acc, 1.0, 0.01)


def _history(epochs: int, acc: float) -> list[EpochEnd]:
    return [_epoch(e, epochs, acc) for e in range(1, hint_epoch(epochs) + 1)]


SIGMOID_NET = nn.Sequential(nn.Linear(4, 4), nn.Sigmoid(), nn.Linear(4, 10))
RELU_NET = nn.Sequential(nn.Linear(4, 4), nn.ReLU(), nn.Linear(4, 10))


def test_chance_is_measured_against_the_number_of_classes():
    assert hint_epoch(12) == 4 and hint_epoch(3) == 1 and hint_epoch(1) == 1
    assert at_chance(0.09, 10) and at_chance(0.14, 10) and not at_chance(0.2, 10)
    assert at_chance(0.55, 2) and not at_chance(0.7, 2)


def test_sgd_at_chance_is_told_to_use_adam_and_relu():
    config = TrainingConfig(epochs=12, optimizer="sgd", lr=0.01)
    hint = stall_hint(_history(12, 0.09), config, 10, SIGMOID_NET)
    assert hint is not None and hint.epoch == 4
    assert dict(hint.changes) == {"optimizer": "adam", "lr": 0.001}
    assert hint.cli_options() == "--optimizer adam --lr 0.001"
    assert "ReLU instead of sigmoid" in hint.cause
    assert "4 of 12 epochs" in hint.message and "0.09" in hint.message


def test_a_small_learning_rate_is_raised_and_otherwise_more_epochs():
    slow = TrainingConfig(epochs=6, optimizer="adam", lr=1e-5)
    hint = stall_hint(_history(6, 0.1), slow, 10, RELU_NET)
    assert hint is not None and dict(hint.changes) == pytest.approx({"lr": 1e-4})
    assert "sigmoid" not in hint.cause
    plain = TrainingConfig(epochs=6, optimizer="adam", lr=1e-3)
    hint = stall_hint(_history(6, 0.1), plain, 10, RELU_NET)
    assert hint is not None and dict(hint.changes) == {"epochs": 18}
    assert hint.cli_options() == "--epochs 18"


def test_no_hint_when_learning_too_early_or_for_regression():
    config = TrainingConfig(epochs=12, optimizer="sgd")
    assert stall_hint(_history(12, 0.5), config, 10, RELU_NET) is None  # it learns
    assert stall_hint(_history(12, 0.1)[:-1], config, 10, RELU_NET) is None  # too early
    assert stall_hint(_history(12, 0.1) + [_epoch(5, 12, 0.1)], config, 10, RELU_NET) is None
    regression = dataclasses.replace(config, task="regression")
    assert stall_hint(_history(12, 0.1), regression, None, RELU_NET) is None
    # without validation data the training accuracy decides
    no_val = [_epoch(e, 12, None, train_acc=0.1) for e in range(1, 5)]
    assert stall_hint(no_val, config, 10, RELU_NET) is not None


@pytest.mark.slow
def test_a_real_sigmoid_lenet_with_sgd_gets_the_hint_and_the_setup_steps():
    """The course's point: sigmoid LeNet with SGD at lr 0.01 stays at chance on digits."""
    project = load_preset("lenet5")
    config = dataclasses.replace(
        project.training, optimizer="sgd", lr=0.01, schedule="none", epochs=3, batch_size=64
    )
    events: list[object] = []
    trainer = make_trainer(project, config, callbacks=[events.append])
    trainer.callbacks.append(lambda e: trainer.stop() if isinstance(e, Hint) else None)
    trainer.run()
    steps = [e for e in events if isinstance(e, Preparing)]
    assert [e.done for e in steps] == [0, 1, 2, 3, 4]
    assert steps[1].step == f"{STEPS[1]} (digits)" and steps[-1].step == ""
    assert steps[-1].seconds > 0
    hints = [e for e in events if isinstance(e, Hint)]
    assert len(hints) == 1 and hints[0].epoch == 1
    assert dict(hints[0].changes) == {"optimizer": "adam", "lr": 0.001}
    first_batch = next(i for i, e in enumerate(events) if type(e).__name__ == "BatchEnd")
    assert events.index(steps[-1]) < first_batch
    assert sum(p.numel() for p in compile_model(project.graph).parameters()) == 61_706


@pytest.mark.slow
def test_cli_prints_steps_epochs_and_the_hint_as_plain_lines(python, subprocess_env, tmp_path):
    args = ("lenet5", "--optimizer", "sgd", "--lr", "0.01", "--schedule", "none")
    more = ("--epochs", "3", "--batch-size", "64", "--device", "cpu")
    proc = run_cli(python, subprocess_env, *args, *more, "--out", str(tmp_path / "a"), timeout=280)
    assert proc.returncode == 0, proc.stderr
    err = proc.stderr
    assert "ready to train in " in err and "epoch 3/3" in err
    assert "hint: The validation accuracy is still at chance" in err
    assert "try: netbuilder train lenet5 --optimizer adam --lr 0.001" in err
    assert "\r" not in err and "\x1b[" not in err  # not a terminal: no bar, no colours
    # --json: stdout holds only the epoch and finished records, as before
    proc = run_cli(
        python, subprocess_env, *args, *more, "--json", "--out", str(tmp_path / "b"), timeout=280
    )
    assert proc.returncode == 0, proc.stderr
    records = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [r["event"] for r in records] == ["epoch", "epoch", "epoch", "finished"]
    assert "hint:" in proc.stderr and "ready to train" not in proc.stderr


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_cli_on_a_terminal_draws_a_progress_bar_with_eta(python, subprocess_env, tmp_path):
    import os
    import pty
    import threading

    master, slave = pty.openpty()
    chunks: list[bytes] = []

    def drain() -> None:
        while True:
            try:
                data = os.read(master, 4096)
            except OSError:
                return
            if not data:
                return
            chunks.append(data)

    reader = threading.Thread(target=drain)
    reader.start()
    args = ("--epochs", "2", "--batch-size", "64", "--device", "cpu", "--out", str(tmp_path))
    env = {**subprocess_env, "COLUMNS": "120", "TERM": "xterm"}
    proc = subprocess.run(
        [python, "-m", "netbuilder", "train", "mlp_mnist", *args],
        stdout=subprocess.PIPE,
        stderr=slave,
        text=True,
        env=env,
        timeout=280,
    )
    os.close(slave)
    reader.join(timeout=30)
    os.close(master)
    err = b"".join(chunks).decode("utf-8", "replace")
    assert proc.returncode == 0, err
    assert proc.stdout.strip().splitlines()[-1].startswith("val_acc=")
    assert "ETA" in err and "samples/s" in err and "\x1b[" in err  # rich's live bar
    assert "epoch 2/2" in err and "Traceback" not in err
