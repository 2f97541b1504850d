"""The training dashboard, in the spirit of MATLAB's Training Progress window.

*Progress*: loss and accuracy side by side on one epoch axis, the info panel and the first
conv layer's kernels. *Results* (after training or for a saved run): the confusion matrix,
sample predictions with their input pictures and the feature maps of a chosen sample.
Every plot follows the palette's light/dark theme
(:func:`~netbuilder.ui.plot_theme.follow_palette`) and the parts share the space, so
they resize together when the dock floats or docks.
"""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QTabWidget, QVBoxLayout, QWidget

from netbuilder.ui.i18n import translate
from netbuilder.ui.training.confusion import ConfusionView
from netbuilder.ui.training.images import KernelView, MapsView
from netbuilder.ui.training.info import InfoPanel
from netbuilder.ui.training.plots import TrainingPlots
from netbuilder.ui.training.predictions import PredictionsView


class Dashboard(QWidget):
    """Curves, info, kernels; confusion matrix, predictions, feature maps.

    Attributes
    ----------
    plots : TrainingPlots
    info : InfoPanel
    kernels : KernelView
    confusion : ConfusionView
    predictions : PredictionsView
    maps : MapsView
    tabs : QTabWidget
        *Progress* and *Results*.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plots = TrainingPlots()
        self.info = InfoPanel()
        self.kernels = KernelView()
        self.confusion = ConfusionView()
        self.predictions = PredictionsView()
        self.maps = MapsView()

        progress = QWidget()
        row = QHBoxLayout(progress)
        row.setContentsMargins(2, 2, 2, 2)
        row.addWidget(self.plots, 3)
        side = QVBoxLayout()
        side.addWidget(self.info)
        side.addWidget(self.kernels, 1)
        row.addLayout(side, 1)

        results = QWidget()
        row = QHBoxLayout(results)
        row.setContentsMargins(2, 2, 2, 2)
        row.addWidget(self.confusion, 1)
        stack = QVBoxLayout()
        stack.addWidget(self.predictions, 0)
        stack.addWidget(self.maps, 1)
        row.addLayout(stack, 1)

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(progress, translate("TrainingDashboard", "Progress"))
        self.tabs.addTab(results, translate("TrainingDashboard", "Results"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

    def clear_results(self) -> None:
        """No confusion matrix, predictions or feature maps (a new run starts)."""
        self.confusion.clear()
        self.predictions.clear()
        self.maps.maps_item.clear()
        self.maps.maps_shape = ()
        self.maps.maps_label.setText(
            translate("TrainingDashboard", "Feature maps: after training.")
        )
        self.maps.maps_button.setEnabled(False)
