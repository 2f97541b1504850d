"""Display settings: one observable object for how numbers and colours are shown.

The main window owns one :class:`DisplaySettings`; every view that shows FLOPs or
draws with theme colours subscribes to :attr:`DisplaySettings.changed` instead of
being pushed values. FLOPs are scaled for display in exactly one place,
:meth:`DisplaySettings.flops`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from netbuilder.ui.i18n import translate
from netbuilder.ui.theme import is_dark, look_notifier

if TYPE_CHECKING:
    from netbuilder.ui.canvas.card_extras import CardExtras
from netbuilder.ui.units import MAC, TWO_PER_MAC, flops_header, flops_unit


class DisplaySettings(QObject):
    """FLOPs convention and light/dark theme, shared by the views of one window.

    Parameters
    ----------
    flops_factor : int
        :data:`~netbuilder.ui.units.MAC` (1 per multiply-add) or
        :data:`~netbuilder.ui.units.TWO_PER_MAC`.
    parent : QObject, optional
        Owner.

    Signals
    -------
    changed()
        A setting changed; views re-read what they show.
    """

    changed = Signal()

    def __init__(self, flops_factor: int = MAC, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._flops_factor = MAC
        self._dark = is_dark()
        self.set_flops_factor(flops_factor)
        self._card_extras: CardExtras | None = None
        # a signal, not an application-wide event filter (which would see every event)
        notifier = look_notifier()
        if notifier is not None:
            notifier.applied.connect(self.set_dark)

    @property
    def card_extras(self) -> CardExtras:
        """Which optional lines the cards show (View → Show on Cards)."""
        if self._card_extras is None:
            from netbuilder.ui.canvas.card_extras import CardExtras  # (the canvas imports us)

            self._card_extras = CardExtras(self)
        return self._card_extras

    # -- FLOPs -------------------------------------------------------------------------------
    @property
    def flops_factor(self) -> int:
        """1 (multiply-adds, ½ of ``FlopCounterMode``) or 2 (``FlopCounterMode``)."""
        return self._flops_factor

    def set_flops_factor(self, factor: int) -> None:
        """Choose the FLOPs convention (emits ``changed`` when it differs)."""
        if factor not in (MAC, TWO_PER_MAC):
            raise ValueError(f"FLOPs factor must be {MAC} or {TWO_PER_MAC}, not {factor!r}.")
        if factor != self._flops_factor:
            self._flops_factor = factor
            self.changed.emit()

    def flops(self, multiply_adds: int) -> int:
        """``multiply_adds`` as shown in the chosen convention (the one place that scales)."""
        return multiply_adds * self._flops_factor

    def flops_unit(self) -> str:
        """Words after an exact FLOPs number."""
        return flops_unit(self._flops_factor)

    def flops_header(self) -> str:
        """Short title (status bar)."""
        return flops_header(self._flops_factor)

    def flops_column(self) -> str:
        """Column title naming the unit: ``FLOPs (MACs)`` or ``FLOPs (2×MACs)``."""
        return (
            translate("Display", "FLOPs (MACs)")
            if self._flops_factor == MAC
            else translate("Display", "FLOPs (2×MACs)")
        )

    # -- theme -------------------------------------------------------------------------------
    @property
    def dark(self) -> bool:
        """True while the application shows the dark palette."""
        return self._dark

    def set_dark(self, dark: bool) -> None:
        """Follow a light/dark switch (emits ``changed`` when it differs)."""
        if dark != self._dark:
            self._dark = dark
            self.changed.emit()
