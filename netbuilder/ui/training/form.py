"""The training settings form: dataset, data, epochs, batch, optimizer, LR, schedule, device.

The form shows the project's :class:`~netbuilder.core.training_config.TrainingConfig`
(:meth:`TrainingForm.load`) and reports user edits (never programmatic loads) through
``settingsEdited``; the window turns them into undo commands.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QSpinBox,
    QToolButton,
    QWidget,
)

from netbuilder.core.training_config import DATASETS, DEVICES, OPTIMIZERS, SCHEDULES
from netbuilder.ui.i18n import translate


class TrainingForm(QWidget):
    """The settings of a training run.

    Signals
    -------
    settingsEdited(object)
        The user changed a setting: a dict of TrainingConfig fields (:meth:`overrides`).
    """

    settingsEdited = Signal(object)  # noqa: N815 - Qt naming

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.dataset = QComboBox()
        self.dataset.addItems(DATASETS)
        self.data_dir = QLineEdit()
        self.data_dir.setPlaceholderText(
            translate("TrainingForm", "folder or file (mnist, cifar10, csv, images, names)")
        )
        browse = QToolButton()
        browse.setText("…")
        browse.setToolTip(translate("TrainingForm", "Choose the data folder or file"))
        browse.clicked.connect(self._browse)
        self.browse_button = browse
        dir_row = QHBoxLayout()
        dir_row.addWidget(self.data_dir)
        dir_row.addWidget(browse)
        self.epochs_box = QSpinBox()
        self.epochs_box.setRange(1, 100_000)
        self.batch_box = QSpinBox()
        self.batch_box.setRange(1, 1_000_000)
        self.optimizer = QComboBox()
        self.optimizer.addItems(OPTIMIZERS)
        self.lr = QDoubleSpinBox()
        self.lr.setDecimals(6)
        self.lr.setRange(1e-6, 99.0)
        self.lr.setSingleStep(0.001)
        self.weight_decay = QDoubleSpinBox()
        self.weight_decay.setDecimals(6)
        self.weight_decay.setRange(0.0, 10.0)
        self.weight_decay.setSingleStep(0.0001)
        self.schedule = QComboBox()
        self.schedule.addItems(SCHEDULES)
        self.schedule.setToolTip(translate("TrainingForm", "Learning-rate schedule over the run"))
        self.device = QComboBox()
        self.device.addItems(DEVICES)
        self.tensorboard = QCheckBox(translate("TrainingForm", "TensorBoard"))
        self.tensorboard.setToolTip(
            translate("TrainingForm", "Also write TensorBoard event files into the run folder")
        )
        self.compile = QCheckBox("torch.compile")
        self.compile.setToolTip(
            translate("TrainingForm", "Compile the network first (faster on a GPU after a warm-up)")
        )
        self.all_gpus = QCheckBox(translate("TrainingForm", "All GPUs"))
        self.all_gpus.setToolTip(
            translate("TrainingForm", "Train on every GPU at once (DDP under torchrun)")
        )
        self.all_gpus.hide()  # offered once a run has seen several GPUs (set_gpu_count)
        extras = QHBoxLayout()
        for box in (self.tensorboard, self.compile, self.all_gpus):
            extras.addWidget(box)
        extras.addStretch(1)

        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(translate("TrainingForm", "Dataset"), self.dataset)
        form.addRow(translate("TrainingForm", "Data"), dir_row)
        form.addRow(translate("TrainingForm", "Epochs"), self.epochs_box)
        form.addRow(translate("TrainingForm", "Batch size"), self.batch_box)
        form.addRow(translate("TrainingForm", "Optimizer"), self.optimizer)
        form.addRow(translate("TrainingForm", "Learning rate"), self.lr)
        form.addRow(translate("TrainingForm", "LR schedule"), self.schedule)
        form.addRow(translate("TrainingForm", "Weight decay"), self.weight_decay)
        form.addRow(translate("TrainingForm", "Device"), self.device)
        form.addRow(translate("TrainingForm", "Options"), extras)

        for combo in (self.dataset, self.optimizer, self.schedule, self.device):
            combo.activated.connect(self._emit_settings)
        for spin in (self.epochs_box, self.batch_box, self.lr, self.weight_decay):
            spin.editingFinished.connect(self._emit_settings)
        for box in (self.tensorboard, self.compile, self.all_gpus):
            box.clicked.connect(self._emit_settings)

    def fields(self) -> tuple[QWidget, ...]:
        """Every input of the form (locked together while training runs)."""
        return (
            self.dataset,
            self.data_dir,
            self.browse_button,
            self.epochs_box,
            self.batch_box,
            self.optimizer,
            self.lr,
            self.weight_decay,
            self.schedule,
            self.device,
            self.tensorboard,
            self.compile,
            self.all_gpus,
        )

    def set_editable(self, editable: bool) -> None:
        """Enable or lock every input."""
        for widget in self.fields():
            widget.setEnabled(editable)

    def load(self, cfg: Any) -> None:
        """Show the settings of ``cfg`` (a TrainingConfig) without reporting an edit."""
        index = self.dataset.findText(cfg.dataset)
        if index >= 0:
            self.dataset.setCurrentIndex(index)
        self.epochs_box.setValue(cfg.epochs)
        self.batch_box.setValue(cfg.batch_size)
        self.optimizer.setCurrentText(cfg.optimizer)
        self.lr.setValue(cfg.lr)
        self.schedule.setCurrentText(cfg.schedule)
        self.weight_decay.setValue(cfg.weight_decay)
        self.device.setCurrentText(cfg.device)
        self.tensorboard.setChecked(cfg.tensorboard)
        self.compile.setChecked(cfg.compile)
        self.all_gpus.setChecked(cfg.all_gpus)

    def overrides(self) -> dict[str, Any]:
        """The settings of the form, as training-config overrides."""
        return {
            "dataset": self.dataset.currentText(),
            "epochs": self.epochs_box.value(),
            "batch_size": self.batch_box.value(),
            "optimizer": self.optimizer.currentText(),
            "lr": float(self.lr.value()),
            "schedule": self.schedule.currentText(),
            "weight_decay": float(self.weight_decay.value()),
            "device": self.device.currentText(),
            "tensorboard": self.tensorboard.isChecked(),
            "compile": self.compile.isChecked(),
            "all_gpus": self.all_gpus.isChecked() and not self.all_gpus.isHidden(),
        }

    def set_gpu_count(self, count: int) -> None:
        """Offer "All GPUs" when this machine has several (known once torch is loaded)."""
        self.all_gpus.setVisible(count > 1)

    def apply(self, changes: dict[str, Any]) -> None:
        """Set some fields (a hint's one-click change) and report it as a user edit."""
        if "epochs" in changes:
            self.epochs_box.setValue(int(changes["epochs"]))
        if "batch_size" in changes:
            self.batch_box.setValue(int(changes["batch_size"]))
        if "optimizer" in changes:
            self.optimizer.setCurrentText(str(changes["optimizer"]))
        if "lr" in changes:
            self.lr.setValue(float(changes["lr"]))
        if "schedule" in changes:
            self.schedule.setCurrentText(str(changes["schedule"]))
        self._emit_settings()

    def data_path(self) -> str:
        """The data folder or file typed (``""`` for the default)."""
        return self.data_dir.text().strip()

    def _emit_settings(self, *_: object) -> None:
        self.settingsEdited.emit(self.overrides())

    def _browse(self) -> None:
        path = QFileDialog.getExistingDirectory(self, translate("TrainingForm", "Data folder"))
        if path:
            self.data_dir.setText(path)
