"""Each preset's own training settings learn its default dataset on the CPU.

lenet5 and mlp_mnist run here (under a minute each on a laptop CPU); inception_mnist
takes several minutes and is measured by ``bench/preset_accuracy.py``. The goal, from
the issue: at least 0.95 validation accuracy on ``digits`` within the default epochs.
"""

from __future__ import annotations

import dataclasses

import pytest

from netbuilder.core.recipes import RECIPES
from netbuilder.train.session import make_trainer

GOAL = 0.95


@pytest.mark.slow
@pytest.mark.parametrize("name", ["lenet5", "mlp_mnist"])
def test_preset_defaults_reach_the_goal_on_digits(name):
    project = RECIPES[name]()  # what presets/NAME.json holds (tests/test_presets.py)
    assert project.training.dataset == "digits"
    config = dataclasses.replace(project.training, device="cpu")
    result = make_trainer(project, config).run()
    assert result.status == "finished", result.message
    assert len(result.history) == project.training.epochs
    assert result.last is not None and result.last.val_acc is not None
    assert result.last.val_acc >= GOAL, [e.val_acc for e in result.history]
