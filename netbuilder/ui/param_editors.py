"""One editor widget per parameter kind, built from a :class:`~netbuilder.core.params.Param`.

Every editor has ``value()``, ``set_value(v)`` (silent) and a ``committed`` signal emitted
once per finished user change (Enter, focus out, arrow step, toggle, pick). Typing emits
``edited`` per keystroke instead; the inspector waits for a pause, then calls
:meth:`ParamEditor.apply_typed`, which commits the typed text when it is a valid number.
"""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QToolButton,
    QWidget,
)

from netbuilder.core.params import Param
from netbuilder.ui.core_text import tr_block
from netbuilder.ui.i18n import translate

INT_MIN, INT_MAX = -(2**31), 2**31 - 1


def _bounds(param: Param, lo_default: int = INT_MIN) -> tuple[int, int]:
    lo = int(param.minimum) if param.minimum is not None else lo_default
    hi = int(param.maximum) if param.maximum is not None else INT_MAX
    return max(lo, INT_MIN), min(hi, INT_MAX)


def int_spin(param: Param, parent: QWidget | None = None) -> QSpinBox:
    """A spin box with the parameter's range that reports only finished edits."""
    spin = QSpinBox(parent)
    spin.setRange(*_bounds(param))
    spin.setKeyboardTracking(False)
    spin.setAccelerated(True)
    spin.setToolTip(tr_block(param.help))
    # narrow docks shrink the box instead of scrolling the whole form sideways
    spin.setMinimumWidth(spin.fontMetrics().horizontalAdvance("0000") + 30)
    return spin


class FloatSpin(QDoubleSpinBox):
    """A double spin box that prints ``1e-05`` and ``0.5`` without trailing zeros."""

    def textFromValue(self, value: float) -> str:
        return f"{value:.6g}"

    def valueFromText(self, text: str) -> float:
        try:
            return float(text.replace(",", "."))
        except ValueError:
            return self.value()

    def validate(self, text: str, pos: int):
        from PySide6.QtGui import QValidator

        stripped = text.strip().replace(",", ".")
        if stripped in ("", "-", ".", "-.") or stripped.lower().endswith(("e", "e-", "e+")):
            return QValidator.Intermediate, text, pos
        try:
            float(stripped)
        except ValueError:
            return QValidator.Invalid, text, pos
        return QValidator.Acceptable, text, pos


class ParamEditor(QWidget):
    """Base class: an editor for one parameter.

    Signals
    -------
    committed()
        The user finished a change; read :meth:`value`.
    edited()
        The user typed into a field (the change is not committed yet).
    """

    committed = Signal()
    edited = Signal()

    def __init__(self, param: Param, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.param = param
        self.setToolTip(tr_block(param.help))
        self.layout_ = QHBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.layout_.setSpacing(4)
        self._silent = False

    def value(self) -> Any:
        """The value shown (may be invalid for the block)."""
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        """Show ``value`` without emitting :attr:`committed`."""
        self._silent = True
        try:
            self._set(value)
        finally:
            self._silent = False

    def _set(self, value: Any) -> None:
        raise NotImplementedError

    def _commit(self, *_args: object) -> None:
        if not self._silent:
            self.committed.emit()

    def _typed(self, *_args: object) -> None:
        if not self._silent:
            self.edited.emit()

    def _watch_typing(self, *spins: QAbstractSpinBox) -> None:
        """Report keystrokes in ``spins`` as :attr:`edited`."""
        for spin in spins:
            spin.lineEdit().textEdited.connect(self._typed)

    def apply_typed(self) -> None:
        """Commit what was typed when it is a valid value (invalid text waits for Enter)."""
        for spin in self.findChildren(QAbstractSpinBox):
            if spin.isEnabled() and _acceptable(spin):
                spin.interpretText()  # emits valueChanged → committed when it changed

    def pending(self) -> bool:
        """True while a field shows typed text that is not the committed value."""
        return any(
            spin.isEnabled() and spin.text() != spin.textFromValue(spin.value())
            for spin in self.findChildren(QAbstractSpinBox)
            if hasattr(spin, "textFromValue")
        )


def _acceptable(spin: QAbstractSpinBox) -> bool:
    text = spin.text()
    result = spin.validate(text, len(text))
    state = result[0] if isinstance(result, tuple) else result
    return state == QValidator.State.Acceptable


class IntEditor(ParamEditor):
    """``int``: a spin box with the schema's range."""

    def __init__(self, param: Param, parent: QWidget | None = None) -> None:
        super().__init__(param, parent)
        self.spin = int_spin(param, self)
        self.layout_.addWidget(self.spin)
        self.spin.valueChanged.connect(self._commit)
        self._watch_typing(self.spin)

    def value(self) -> int:
        return self.spin.value()

    def _set(self, value: Any) -> None:
        self.spin.setValue(int(value))


class FloatEditor(ParamEditor):
    """``float``: a double spin box with the schema's range."""

    def __init__(self, param: Param, parent: QWidget | None = None) -> None:
        super().__init__(param, parent)
        self.spin = FloatSpin(self)
        self.spin.setDecimals(10)
        lo = param.minimum if param.minimum is not None else -1e12
        hi = param.maximum if param.maximum is not None else 1e12
        self.spin.setRange(float(lo), float(hi))
        self.spin.setSingleStep(0.1 if hi - lo <= 1 else 1.0)
        if isinstance(param.default, float) and 0 < abs(param.default) < 0.01:
            self.spin.setSingleStep(abs(param.default))
        self.spin.setKeyboardTracking(False)
        self.spin.setToolTip(tr_block(param.help))
        self.layout_.addWidget(self.spin)
        self.spin.valueChanged.connect(self._commit)
        self._watch_typing(self.spin)

    def value(self) -> float:
        return round(self.spin.value(), 10)

    def _set(self, value: Any) -> None:
        self.spin.setValue(float(value))


class BoolEditor(ParamEditor):
    """``bool``: a check box."""

    def __init__(self, param: Param, parent: QWidget | None = None) -> None:
        super().__init__(param, parent)
        self.check = QCheckBox(self)
        self.check.setToolTip(tr_block(param.help))
        self.layout_.addWidget(self.check)
        self.layout_.addStretch(1)
        self.check.toggled.connect(self._commit)

    def value(self) -> bool:
        return self.check.isChecked()

    def _set(self, value: Any) -> None:
        self.check.setChecked(bool(value))


class ChoiceEditor(ParamEditor):
    """``choice``: a combo box."""

    def __init__(self, param: Param, parent: QWidget | None = None) -> None:
        super().__init__(param, parent)
        self.combo = QComboBox(self)
        self.combo.addItems(list(param.choices))
        self.combo.setToolTip(tr_block(param.help))
        self.layout_.addWidget(self.combo)
        self.combo.currentIndexChanged.connect(self._commit)

    def value(self) -> str:
        return self.combo.currentText()

    def _set(self, value: Any) -> None:
        self.combo.setCurrentIndex(max(0, self.combo.findText(str(value))))


class PairEditor(ParamEditor):
    """``pair``: height and width spin boxes, a "square" link, and "same" where allowed."""

    def __init__(self, param: Param, parent: QWidget | None = None) -> None:
        super().__init__(param, parent)
        self.first = int_spin(param, self)
        self.second = int_spin(param, self)
        self.first.setToolTip(
            translate("ParamEditors", "{help} (height)").format(help=tr_block(param.help))
        )
        self.second.setToolTip(
            translate("ParamEditors", "{help} (width)").format(help=tr_block(param.help))
        )
        self.link = QToolButton(self)
        self.link.setText("1:1")
        self.link.setCheckable(True)
        self.link.setChecked(True)
        self.link.setAutoRaise(True)
        self.link.setToolTip(translate("ParamEditors", "Square: height and width stay equal"))
        times = QLabel("×", self)
        self.layout_.addWidget(self.first, 1)
        self.layout_.addWidget(times)
        self.layout_.addWidget(self.second, 1)
        self.layout_.addWidget(self.link)
        self.same: QCheckBox | None = None
        if param.allow_same:
            self.same = QCheckBox("same", self)
            self.same.setToolTip(
                translate("ParamEditors", "Pad so the output has the input's size (stride 1 only)")
            )
            self.layout_.addWidget(self.same)
            self.same.toggled.connect(self._same_toggled)
        self.first.valueChanged.connect(self._first_changed)
        self.second.valueChanged.connect(self._second_changed)
        self._watch_typing(self.first, self.second)
        self.link.toggled.connect(self._link_toggled)

    def value(self) -> Any:
        if self.same is not None and self.same.isChecked():
            return "same"
        a, b = self.first.value(), self.second.value()
        return a if a == b else [a, b]

    def _set(self, value: Any) -> None:
        is_same = value == "same"
        if self.same is not None:
            self.same.setChecked(is_same)
        self._enable(not is_same)
        if is_same:
            return
        a, b = value if isinstance(value, (list, tuple)) else (value, value)
        widgets = (self.first, self.second, self.link)
        blocked = [w.blockSignals(True) for w in widgets]
        try:
            self.link.setChecked(a == b)
            self.first.setValue(int(a))
            self.second.setValue(int(b))
        finally:
            for w, was in zip(widgets, blocked, strict=True):
                w.blockSignals(was)

    def _enable(self, on: bool) -> None:
        for w in (self.first, self.second, self.link):
            w.setEnabled(on)

    def _first_changed(self, value: int) -> None:
        if self.link.isChecked() and self.second.value() != value:
            blocked = self.second.blockSignals(True)
            self.second.setValue(value)
            self.second.blockSignals(blocked)
        self._commit()

    def _second_changed(self, value: int) -> None:
        if self.link.isChecked() and self.first.value() != value:
            blocked = self.first.blockSignals(True)
            self.first.setValue(value)
            self.first.blockSignals(blocked)
        self._commit()

    def _link_toggled(self, on: bool) -> None:
        if on and self.first.value() != self.second.value():
            blocked = self.second.blockSignals(True)
            self.second.setValue(self.first.value())
            self.second.blockSignals(blocked)
            self._commit()

    def _same_toggled(self, on: bool) -> None:
        self._enable(not on)
        self._commit()


class IntsEditor(ParamEditor):
    """``ints``: a line edit such as ``1, 28, 28``."""

    def __init__(self, param: Param, parent: QWidget | None = None) -> None:
        super().__init__(param, parent)
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText(translate("ParamEditors", "e.g. 1, 28, 28"))
        self.edit.setToolTip(tr_block(param.help))
        self.layout_.addWidget(self.edit)
        self.edit.editingFinished.connect(self._commit)
        self.edit.textEdited.connect(self._typed)
        self._shown = ""

    def apply_typed(self) -> None:
        """Commit the typed list (the inspector ignores text that is no valid list)."""
        self._commit()

    def pending(self) -> bool:
        return self.edit.text() != self._shown

    def value(self) -> Any:
        """A list of ints, or the raw text when it is not one (the block explains why)."""
        text = re.sub(r"(?<=\d)\s*[x×]\s*(?=[-\d])", ",", self.edit.text())
        parts = [p.strip() for p in text.split(",") if p.strip()]
        try:
            return [int(p) for p in parts]
        except ValueError:
            return self.edit.text()

    def _set(self, value: Any) -> None:
        self.edit.setText(", ".join(str(v) for v in value) if isinstance(value, list) else "")
        self._shown = self.edit.text()


class OptionalEditor(ParamEditor):
    """An optional parameter: an "auto" check box (value ``None``) beside the inner editor."""

    def __init__(self, inner: ParamEditor, parent: QWidget | None = None) -> None:
        super().__init__(inner.param, parent)
        self.inner = inner
        inner.setParent(self)
        self.auto = QCheckBox(translate("ParamEditors", "auto"), self)
        self.auto.setToolTip(
            translate(
                "ParamEditors", "Let the block choose (for a pool stride: equal to the kernel)"
            )
        )
        self.layout_.addWidget(inner, 1)
        self.layout_.addWidget(self.auto)
        inner.committed.connect(self._commit)
        inner.edited.connect(self._typed)
        self.auto.toggled.connect(self._auto_toggled)
        self._fallback: Any = 1

    def value(self) -> Any:
        return None if self.auto.isChecked() else self.inner.value()

    def apply_typed(self) -> None:
        self.inner.apply_typed()

    def pending(self) -> bool:
        return self.inner.pending()

    def set_fallback(self, value: Any) -> None:
        """The value shown in the disabled inner editor while "auto" is on."""
        self._fallback = value

    def _set(self, value: Any) -> None:
        self.auto.setChecked(value is None)
        self.inner.setEnabled(value is not None)
        self.inner.set_value(self._fallback if value is None else value)

    def _auto_toggled(self, on: bool) -> None:
        self.inner.setEnabled(not on)
        self._commit()


_EDITORS: dict[str, type[ParamEditor]] = {
    "int": IntEditor,
    "float": FloatEditor,
    "bool": BoolEditor,
    "choice": ChoiceEditor,
    "pair": PairEditor,
    "ints": IntsEditor,
}


def make_editor(param: Param, parent: QWidget | None = None) -> ParamEditor:
    """The editor for ``param`` (wrapped with "auto" when the parameter is optional)."""
    if param.kind == "int" and param.allow_same:
        editor: ParamEditor = SameIntEditor(param, parent)
    else:
        editor = _EDITORS[param.kind](param, parent)
    if param.optional:
        return OptionalEditor(editor, parent)
    return editor


class SameIntEditor(ParamEditor):
    """An ``int`` that may also be ``"same"`` (Conv1d padding)."""

    def __init__(self, param: Param, parent: QWidget | None = None) -> None:
        super().__init__(param, parent)
        self.spin = int_spin(param, self)
        self.same = QCheckBox("same", self)
        self.same.setToolTip(
            translate("ParamEditors", "Pad so the output has the input's length (stride 1 only)")
        )
        self.layout_.addWidget(self.spin, 1)
        self.layout_.addWidget(self.same)
        self.spin.valueChanged.connect(self._commit)
        self.same.toggled.connect(self._same_toggled)
        self._watch_typing(self.spin)

    def value(self) -> Any:
        return "same" if self.same.isChecked() else self.spin.value()

    def _set(self, value: Any) -> None:
        self.same.setChecked(value == "same")
        self.spin.setEnabled(value != "same")
        if value != "same":
            self.spin.setValue(int(value))

    def _same_toggled(self, on: bool) -> None:
        self.spin.setEnabled(not on)
        self._commit()
