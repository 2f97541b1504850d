"""The training dock's hint: shown from the trainer's Hint event, one click applies it."""

from __future__ import annotations

from netbuilder.train.events import Hint, Preparing


def test_the_hint_button_changes_the_project_settings_in_one_undo_step(window, qtbot):
    dock = window.training.training_dock
    old = window.model.project.training
    assert old.optimizer != "sgd"  # lenet5 trains with Adam: the hint below changes it
    before = window.model.undo_stack.count()
    hint = Hint(
        4,
        "The validation accuracy is still at chance (0.09; guessing gives 0.10) after 4 of "
        "12 epochs.",
        "Plain SGD at lr 0.01 takes many steps to leave the start on a small dataset.",
        "Use Adam, lr 0.001",
        (("optimizer", "sgd"), ("lr", 0.0005)),
    )
    dock.hint_bar.show_hint(hint)
    assert dock.hint_bar.isVisibleTo(dock)
    assert "still at chance" in dock.hint_bar.text.text()
    assert dock.hint_bar.button.text() == "Use Adam, lr 0.001"
    dock.hint_bar.button.click()  # the dock may sit behind another tab: a real click signal
    qtbot.waitUntil(lambda: window.model.project.training.optimizer == "sgd")
    assert window.model.project.training.lr == 0.0005
    assert window.model.undo_stack.count() == before + 1
    assert not dock.hint_bar.button.isEnabled()  # applied once
    window.model.undo_stack.undo()
    assert window.model.project.training == old


def test_set_up_steps_show_their_own_progress(window):
    dock = window.training.training_dock
    status = dock.status.text()
    dock._on_preparing(Preparing("loading the data (digits)", 1, 4))
    assert dock.progress.format() == "loading the data (digits) (2/4)"
    assert dock.progress.value() == 250
    dock._on_preparing(Preparing("", 4, 4, 1.25))
    assert dock.progress.format() == "%p%" and dock.progress.value() == 0
    assert dock.progress.toolTip() == "Set-up before the first batch: 1.2 s"
    assert dock.status.text() == status  # the run's own sentence stays
