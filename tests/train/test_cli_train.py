"""``netbuilder train`` in a child interpreter: progress, final line, files, exit codes."""

from __future__ import annotations

import json
import subprocess

import torch


def run_cli(python, env, *args, timeout=120):
    return subprocess.run(
        [python, "-m", "netbuilder", "train", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
    )


def test_cli_trains_lenet5_on_digits(python, subprocess_env, tmp_path):
    out = tmp_path / "run"
    proc = run_cli(
        python,
        subprocess_env,
        "lenet5",
        "--dataset",
        "digits",
        "--epochs",
        "12",
        "--schedule",
        "onecycle",
        "--lr",
        "0.01",
        "--batch-size",
        "32",
        "--device",
        "cpu",
        "--out",
        str(out),
    )
    assert proc.returncode == 0, proc.stderr
    last = proc.stdout.strip().splitlines()[-1]
    assert last.startswith("val_acc=")
    assert float(last.split("=")[1]) >= 0.95
    assert "epoch 12/12" in proc.stderr and "Traceback" not in proc.stderr
    assert (out / "metrics.csv").read_text().count("\n") == 13
    state = torch.load(out / "model.pt", weights_only=True)
    assert state["net.0.weight"].shape == (6, 1, 5, 5)


def test_cli_missing_cifar_is_exit_2_with_one_line(python, subprocess_env, tmp_path):
    proc = run_cli(
        python,
        subprocess_env,
        "lenet5",
        "--dataset",
        "cifar10",
        "--data-dir",
        str(tmp_path / "nothing"),
        "--out",
        str(tmp_path / "o"),
    )
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "cifar-10-batches-py" in lines[0]
    assert lines[0].startswith("netbuilder: CIFAR10 was not found")


def test_cli_misfit_network_is_exit_2(python, subprocess_env, tmp_path):
    # lenet5 takes images; hello is a sequence task
    proc = run_cli(python, subprocess_env, "lenet5", "--dataset", "hello", "--out", str(tmp_path))
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and "sequence Input" in proc.stderr


def test_cli_training_failure_is_exit_1(python, subprocess_env, tmp_path):
    import numpy as np

    rng = np.random.default_rng(0)
    table = np.column_stack([rng.normal(size=(100, 8)) * 100, rng.normal(size=100) * 1e3])
    np.savetxt(tmp_path / "r.csv", table, delimiter=",")
    from netbuilder.core.builder import Builder
    from netbuilder.core.document import save

    b = Builder()
    b.add("Input", kind="vector", features=8)
    b.add("Linear", out_features=16)
    b.add("Linear", out_features=1)
    save(b.project("linreg", "", ""), tmp_path / "linreg.json")
    proc = run_cli(
        python,
        subprocess_env,
        str(tmp_path / "linreg.json"),
        "--dataset",
        "csv",
        "--data-dir",
        str(tmp_path / "r.csv"),
        "--task",
        "regression",
        "--optimizer",
        "sgd",
        "--lr",
        "50",
        "--epochs",
        "5",
        "--out",
        str(tmp_path / "o2"),
    )
    assert proc.returncode == 1, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert "lower the learning rate" in lines[-1] and "Traceback" not in proc.stderr


def test_cli_json_records_and_resume_from_the_checkpoint(python, subprocess_env, tmp_path):
    first = run_cli(
        python, subprocess_env, "char_rnn", "--epochs", "2", "--json", "--out", str(tmp_path)
    )
    assert first.returncode == 0, first.stderr
    records = [json.loads(line) for line in first.stdout.splitlines()]
    assert [r["event"] for r in records] == ["epoch", "epoch", "finished"]
    assert records[0]["epoch"] == 1 and records[0]["val_acc"] is None  # hello: 1 sample
    assert records[-1]["status"] == "finished" and records[-1]["train_acc"] is not None
    proc = run_cli(
        python,
        subprocess_env,
        "char_rnn",
        "--epochs",
        "4",
        "--json",
        "--out",
        str(tmp_path),
        "--resume",
        str(tmp_path / "checkpoint.pt"),
    )
    assert proc.returncode == 0, proc.stderr
    epochs = [json.loads(line) for line in proc.stdout.splitlines()][:-1]
    assert [r["epoch"] for r in epochs] == [3, 4]
    bad = run_cli(
        python,
        subprocess_env,
        "lenet5",
        "--resume",
        str(tmp_path / "checkpoint.pt"),
        "--out",
        str(tmp_path / "x"),
    )
    assert bad.returncode == 2
    # the run folder's snapshot names the first layer that differs (char_rnn vs lenet5)
    assert "Cannot resume the run" in bad.stderr and "the network changed" in bad.stderr
    assert "layer x has features=784 now" in bad.stderr and "Traceback" not in bad.stderr
    assert not (tmp_path / "x").exists()  # no run folder for a training that cannot start
    # the resumed run's record says 4 epochs
    record = json.loads((tmp_path / "run.json").read_text())
    assert (record["epochs"], record["epochs_done"], record["status"]) == (4, 4, "finished")
