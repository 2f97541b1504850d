"""One source for every list of training choices: CLI, Training dock, loader, README agree."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest
import torch

from netbuilder.core import training_config as tc
from netbuilder.train.cli_train import add_train_arguments

ROOT = Path(__file__).resolve().parents[2]

LISTS = {
    "--dataset": tc.DATASETS,
    "--optimizer": tc.OPTIMIZERS,
    "--schedule": tc.SCHEDULES,
    "--task": tc.TASKS,
    "--device": tc.DEVICES,
    "export --dataset (train.py)": tc.SCRIPT_DATASETS,
}


def _train_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser()
    add_train_arguments(parser)
    return parser


def test_lists_hold_distinct_names_and_match_the_defaults():
    for values in LISTS.values():
        assert len(set(values)) == len(values) > 0
    defaults = tc.TrainingConfig()
    assert defaults.dataset in tc.DATASETS and defaults.device in tc.DEVICES
    assert set(tc.SCRIPT_DATASETS) <= set(tc.DATASETS)
    assert set(tc.TORCHVISION_DATASETS) <= set(tc.DATASETS)
    assert set(tc.DATASET_ALIASES.values()) <= set(tc.DATASETS)


@pytest.mark.parametrize("option", ["--optimizer", "--schedule", "--task", "--device"])
def test_cli_choices_are_the_lists(option):
    action = next(a for a in _train_parser()._actions if option in a.option_strings)
    assert tuple(action.choices) == LISTS[option]


def test_cli_names_every_dataset_and_accepts_each_choice():
    parser = _train_parser()
    action = next(a for a in parser._actions if "--dataset" in a.option_strings)
    assert re.findall(r"[a-z_0-9]+", action.help.split(";")[0]) == list(tc.DATASETS)
    for option in ("--optimizer", "--schedule", "--task", "--device"):
        for value in LISTS[option]:
            args = parser.parse_args(["lenet5", option, value])
            assert getattr(args, option[2:]) == value


def test_readme_table_lists_the_same_choices():
    rows = {}
    for line in (ROOT / "README.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 2 and cells[0].startswith("`") and "--" in cells[0]:
            rows[cells[0].replace("`", "")] = tuple(re.findall(r"`([^`]+)`", cells[1]))
    assert rows == LISTS


def test_every_choice_is_understood_where_it_is_used():
    from netbuilder.train.datasets import DatasetError, InputSpec, load_dataset
    from netbuilder.train.trainer import TrainingError, pick_device

    spec = InputSpec("vector", (3,))
    for name in tc.DATASETS:
        try:
            load_dataset(name, spec, data_dir=ROOT / "does-not-exist")
        except DatasetError as exc:
            assert "Unknown dataset" not in str(exc), name
    for device in tc.DEVICES:
        try:
            assert isinstance(pick_device(device), torch.device)
        except TrainingError as exc:  # named but not available on this machine
            assert "Unknown device" not in str(exc), device
    for bad in ("tpu", "sgd"):
        with pytest.raises(ValueError):
            tc.TrainingConfig(device=bad).validate()


def test_training_dock_combo_boxes_show_the_lists(qtbot):
    from PySide6.QtWidgets import QComboBox

    from netbuilder.core.presets import load_preset
    from netbuilder.ui.training import TrainingDock

    project = load_preset("lenet5")
    dock = TrainingDock(lambda: project)
    qtbot.addWidget(dock)
    shown = [
        tuple(box.itemText(i) for i in range(box.count())) for box in dock.findChildren(QComboBox)
    ]
    for option in ("--dataset", "--optimizer", "--schedule", "--device"):
        assert LISTS[option] in shown, option
    assert dock.shutdown(10_000)


def test_every_dataset_has_exactly_one_source():
    from netbuilder.train.datasets import SOURCES

    assert sorted(SOURCES) == sorted(tc.DATASETS)


def test_export_kinds_are_one_list(qtbot, tmp_path):
    from netbuilder.cli import build_parser
    from netbuilder.export.kinds import KINDS
    from netbuilder.ui.files import EXPORTS
    from netbuilder.ui.main_window import MainWindow

    assert tuple(EXPORTS) == KINDS
    args = build_parser().parse_args(["export", "lenet5", "-o", "m.py", "--kind", KINDS[-1]])
    assert args.kind == KINDS[-1]
    with pytest.raises(SystemExit):
        build_parser().parse_args(["export", "lenet5", "-o", "m.py", "--kind", "pickle"])
    window = MainWindow(restore=False, autosave_dir=tmp_path)
    qtbot.addWidget(window)
    menu_texts = {window.actions[f"export_{kind}"].text() for kind in KINDS}
    assert menu_texts == {entry[0] for entry in EXPORTS.values()}
    window.model.undo_stack.setClean()
