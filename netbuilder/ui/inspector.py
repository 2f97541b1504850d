"""The Inspector dock: a form generated from the selected block's parameter schema.

Every finished edit is validated with ``block.params`` first; an invalid value shows
the core's sentence in red under its field and changes nothing. A valid one becomes
a :class:`~netbuilder.ui.commands.SetParamsCommand`. Typed values apply as soon as they
are valid, after a pause of :data:`TYPING_DELAY_MS`; the changes made while one field
keeps the focus merge into one undo step. The form follows the model: undo, redo and
edits from other views refresh it.

Undo and Redo (Ctrl+Z, Ctrl+Shift+Z / Ctrl+Y) in a field act on the document, like
everywhere else in the window: what was typed is applied first, so Ctrl+Z takes the field
back to its value before the edit. Typed text that is not a valid value yet is what the
first Ctrl+Z takes back.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSignalBlocker, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from netbuilder.core.analysis import NodeStats
from netbuilder.core.errors import ParamError
from netbuilder.core.formatting import exact, human, shape_text
from netbuilder.core.graph import (
    FrozenChanged,
    GraphCleared,
    LabelChanged,
    NodeRemoved,
    ParamsChanged,
)
from netbuilder.ui.commands import SetFrozenCommand, SetLabelCommand, SetParamsCommand
from netbuilder.ui.core_text import tr_block, tr_core
from netbuilder.ui.display import DisplaySettings
from netbuilder.ui.document_model import DocumentModel
from netbuilder.ui.formula_hover import HoverTip
from netbuilder.ui.formula_text import node_tooltip
from netbuilder.ui.i18n import translate
from netbuilder.ui.icons import category_color
from netbuilder.ui.param_editors import OptionalEditor, ParamEditor, make_editor
from netbuilder.ui.receptive_text import details as field_details
from netbuilder.ui.theme import error_color

#: Pause after the last keystroke before a typed value applies (milliseconds).
TYPING_DELAY_MS = 300


def _error_label(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {error_color().name()};")
    label.setTextInteractionFlags(Qt.TextSelectableByMouse)
    label.hide()
    return label


class Inspector(QWidget):
    """Parameters, label and stats of the one selected node.

    Parameters
    ----------
    model : DocumentModel
        The open document; the inspector shows ``model.selected`` when it has one node.

    Attributes
    ----------
    editors : dict of str to ParamEditor
        The editor of each parameter of the shown node.
    errors : dict of str to QLabel
        The red sentence under each field (``"label"`` for the name field).
    """

    def __init__(
        self,
        model: DocumentModel,
        parent: QWidget | None = None,
        display: DisplaySettings | None = None,
    ) -> None:
        super().__init__(parent)
        self.model = model
        self.display = display or DisplaySettings(parent=self)
        self.node_id: str | None = None
        self.editors: dict[str, ParamEditor] = {}
        self.row_labels: dict[str, QLabel] = {}
        self.errors: dict[str, QLabel] = {}

        self.title = QLabel(self)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.title.setFont(font)
        self.description = QLabel(self)
        self.description.setWordWrap(True)
        self.description.setForegroundRole(self.description.foregroundRole())
        self.placeholder = QLabel(
            translate("Inspector", "Select one block to edit its parameters."), self
        )
        self.placeholder.setWordWrap(True)
        self.placeholder.setAlignment(Qt.AlignCenter)
        self.placeholder.setEnabled(False)

        self.label_edit = QLineEdit(self)
        self.label_edit.setPlaceholderText(translate("Inspector", "automatic"))
        self.label_edit.setToolTip(
            translate("Inspector", "Layer name in the summary and in exported code")
        )
        self.label_edit.editingFinished.connect(self._commit_label)
        self.label_edit.textEdited.connect(lambda _t: self._typed("label"))
        self.label_edit.installEventFilter(self)
        # typing: the field typed into, applied after a pause; the current edit session
        self._typing = QTimer(self)
        self._typing.setSingleShot(True)
        self._typing.setInterval(TYPING_DELAY_MS)
        self._typing.timeout.connect(self.apply_typed)
        self._typed_field: str | None = None
        self._quiet = False
        self._session: object = object()
        self._session_field: str | None = None
        self.errors["label"] = _error_label(self)

        self.frozen_check = QCheckBox(translate("Inspector", "Frozen (not trained)"), self)
        self.frozen_check.setToolTip(
            translate(
                "Inspector",
                "Keep this layer's weights fixed while training: its parameters count as "
                "non-trainable and the optimizer leaves them alone",
            )
        )
        self.frozen_check.toggled.connect(self._commit_frozen)

        self.stats = QLabel(self)
        self.stats.setTextFormat(Qt.RichText)
        self.stats.setWordWrap(True)
        HoverTip(self.stats, self._formulas_tip)  # the formulas, built when hovered
        self.node_error = _error_label(self)
        self.lock_note = _error_label(self)

        self.form_host = QWidget(self)
        self.form = QFormLayout(self.form_host)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.form.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)
        self.form.setRowWrapPolicy(QFormLayout.WrapLongRows)
        self.form.setLabelAlignment(Qt.AlignRight | Qt.AlignVCenter)

        name_form = QFormLayout()
        name_form.setContentsMargins(0, 0, 0, 0)
        name_form.setLabelAlignment(Qt.AlignRight | Qt.AlignVCenter)
        name_form.addRow(
            translate("Inspector", "name"), _with_error(self.label_edit, self.errors["label"])
        )
        name_form.addRow("", self.frozen_check)

        rule = QFrame(self)
        rule.setFrameShape(QFrame.HLine)
        rule.setFrameShadow(QFrame.Sunken)

        body = QWidget(self)
        inner = QVBoxLayout(body)
        inner.setContentsMargins(10, 8, 10, 8)
        inner.setSpacing(6)
        inner.addWidget(self.title)
        inner.addWidget(self.description)
        inner.addLayout(name_form)
        inner.addWidget(rule)
        inner.addWidget(self.form_host)
        inner.addWidget(self.stats)
        inner.addWidget(self.node_error)
        inner.addWidget(self.lock_note)
        inner.addStretch(1)
        self.body = body

        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.NoFrame)
        scroll.setWidget(body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.placeholder)
        outer.addWidget(scroll)
        self.scroll = scroll

        model.selectionChanged.connect(lambda _ids: self.show_selection())
        model.documentReset.connect(self.show_selection)
        model.graphChanged.connect(self._on_graph)
        model.statsChanged.connect(self._on_stats)
        model.undo_stack.indexChanged.connect(self._on_undo_index)
        self.display.changed.connect(self.refresh_stats)
        app = QApplication.instance()
        if app is not None:
            app.focusChanged.connect(self._on_focus)
        self._pushing = False
        self.show_selection()

    # -- what is shown --------------------------------------------------------------------
    def show_selection(self) -> None:
        """Show the selected node, or the placeholder for none or several."""
        ids = [i for i in self.model.selected if i in self.model.graph]
        self.show_node(ids[0] if len(ids) == 1 else None)
        if len(ids) > 1:
            self.placeholder.setText(
                translate("Inspector", "{ids} blocks selected; select one to edit it.").format(
                    ids=len(ids)
                )
            )

    def show_node(self, node_id: str | None) -> None:
        """Rebuild the form for ``node_id`` (``None`` disables the inspector)."""
        self.placeholder.setText(translate("Inspector", "Select one block to edit its parameters."))
        if node_id is None or node_id not in self.model.graph:
            self.apply_typed()
            self.end_session()
            self.node_id = None
            self._clear_form()
            self.scroll.hide()
            self.placeholder.show()
            self.setEnabled(False)
            return
        rebuild = node_id != self.node_id
        if rebuild:
            self.apply_typed()  # what was typed for the previous node lands there
            self.end_session()
        self.node_id = node_id
        self.setEnabled(True)
        self.placeholder.hide()
        self.scroll.show()
        node = self.model.graph.node(node_id)
        block = node.block
        if rebuild:
            self._clear_form()
            for param in block.schema:
                editor = make_editor(param, self.form_host)
                error = _error_label(self.form_host)
                label = QLabel(param.name.replace("_", " "), self.form_host)
                label.setToolTip(tr_block(param.help))
                self.form.addRow(label, _with_error(editor, error))
                self.row_labels[param.name] = label
                editor.committed.connect(lambda name=param.name: self._commit_param(name))
                editor.edited.connect(lambda name=param.name: self._typed(name))
                self.editors[param.name] = editor
                self.errors[param.name] = error
                for widget in (editor, *editor.findChildren(QWidget)):
                    widget.installEventFilter(self)
        color = category_color(block.category).name()
        self.title.setText(
            f"<span style='color:{color}'>■</span> {block.type} "
            f"<span style='font-weight:normal'>· {node_id}</span>"
        )
        self.description.setText(tr_block(block.summary))
        self.refresh_values()
        self.refresh_stats()

    def refresh_values(self) -> None:
        """Put the node's current parameters and label into the widgets (no commands)."""
        if self.node_id is None:
            return
        node = self.model.graph.node(self.node_id)
        relevant = set(node.block.relevant(node.params))
        for name, label in self.row_labels.items():
            self.form.setRowVisible(label, name in relevant)
        for name, editor in self.editors.items():
            if isinstance(editor, OptionalEditor):
                editor.set_fallback(node.params.get("kernel_size", 1))
            editor.set_value(node.params.get(name))
            self._show_error(name, None)
        if not self.label_edit.hasFocus() or self.label_edit.text() != node.label:
            self.label_edit.setText(node.label)
        self._show_error("label", None)
        with QSignalBlocker(self.frozen_check):
            self.frozen_check.setChecked(node.frozen)

    def refresh_stats(self) -> None:
        """Shape, params and FLOPs of the node, and its error sentence."""
        if self.node_id is None:
            return
        stats = self.model.analysis.stats(self.node_id)
        if stats.shape is not None:
            shape = shape_text(stats.shape)
        else:
            shape = translate("Inspector", "waiting for input") if stats.waiting else "—"
        frozen = translate("Inspector", " (frozen)") if stats.frozen else ""
        rows = (
            (translate("Inspector", "output"), f"<b>{shape}</b>"),
            (translate("Inspector", "params"), f"<b>{_both(stats.params)}</b>{frozen}"),
            (
                "FLOPs",
                f"<b>{_both(self.display.flops(stats.flops))}</b> {self.display.flops_unit()}",
            ),
        )
        cells = "".join(
            f"<tr><td>{name}&nbsp;&nbsp;</td><td>{value}</td></tr>" for name, value in rows
        )
        self.stats.setText(
            f"<table cellspacing='0' cellpadding='1'>{cells}{self._field_row(stats)}</table>"
        )
        self.node_error.setText(tr_core(stats.error))
        self.node_error.setVisible(bool(stats.error))
        self.lock_note.setVisible(bool(self.model.locked_reason))
        self.lock_note.setText(self.model.locked_reason)

    def _field_row(self, stats: NodeStats) -> str:
        """The receptive field line of the stats table (none while the shape is unknown)."""
        if stats.shape is None:
            return ""
        text = field_details(stats.receptive_field, rich=True)
        name = self.tr("receptive field")
        return f"<tr><td>{name}&nbsp;&nbsp;</td><td>{text}</td></tr>"

    def _formulas_tip(self) -> str:
        """The node's shape, params and FLOPs formulas with its numbers ("" for none)."""
        if self.node_id is None or self.node_id not in self.model.graph:
            return ""
        display = self.display
        return node_tooltip(
            self.model.analysis, self.node_id, display.flops_factor, display.flops_unit()
        )

    # -- model → widgets --------------------------------------------------------------------
    def _on_graph(self, event: object) -> None:
        if isinstance(event, GraphCleared):
            self.show_node(None)
        elif isinstance(event, NodeRemoved) and event.node_id == self.node_id:
            self.show_node(None)
        elif (
            isinstance(event, (ParamsChanged, LabelChanged, FrozenChanged))
            and event.node_id == self.node_id
        ):
            self.refresh_values()

    def _on_stats(self, ids: set[str]) -> None:
        if self.node_id is not None and self.node_id in ids:
            self.refresh_stats()

    # -- widgets → model -------------------------------------------------------------------
    def _commit_param(self, name: str) -> None:
        if self.node_id is None:
            return
        graph = self.model.graph
        node = graph.node(self.node_id)
        value = self.editors[name].value()
        error = graph.check_params(self.node_id, {name: value})
        if error is not None and self._quiet:
            return  # typed text that is not valid yet: Enter or leaving the field says why
        if isinstance(error, ParamError):
            self._show_error(error.param if error.param in self.errors else name, str(error), name)
            return
        if error is not None:
            self._show_error(name, str(error))
            return
        new = node.block.params({**node.params, name: value})  # known valid: normalised
        for other in self.errors:
            if other != "label":
                self._show_error(other, None)
        changes = {k: v for k, v in new.items() if node.params.get(k) != v}
        if not changes:
            return
        command = SetParamsCommand(
            self.model, self.node_id, changes, merge=True, session=self._session_for(name)
        )
        if not self._push(command):
            self.refresh_values()
            self._show_error(
                name, self.model.locked_reason or translate("Inspector", "The document is locked.")
            )

    def _commit_frozen(self, frozen: bool) -> None:
        if self.node_id is None or self.model.graph.node(self.node_id).frozen == frozen:
            return
        if not self.model.push(SetFrozenCommand(self.model, self.node_id, frozen)):
            self.refresh_values()

    def _commit_label(self) -> None:
        if self.node_id is None:
            return
        node = self.model.graph.node(self.node_id)
        text = self.label_edit.text().strip()
        if text == node.label:
            self._show_error("label", None)
            return
        error = self.model.graph.check_label(text)
        if error is not None:
            if not self._quiet:
                self._show_error("label", str(error))
            return
        self._show_error("label", None)
        command = SetLabelCommand(
            self.model, self.node_id, text, session=self._session_for("label")
        )
        if not self._push(command):
            self._show_error("label", self.model.locked_reason)
            self.label_edit.setText(node.label)

    # -- typing, edit sessions, undo --------------------------------------------------------
    def _push(self, command) -> bool:
        self._pushing = True
        try:
            return self.model.push(command)
        finally:
            self._pushing = False

    def _session_for(self, field: str) -> object:
        """The merge token of ``field``'s edit: the same while the field is being edited."""
        if self._session_field != field:
            self.end_session()
            self._session_field = field
        return self._session

    def end_session(self) -> None:
        """The next change starts a new undo step (focus moved, undo, another node)."""
        self._session = object()
        self._session_field = None

    def _typed(self, field: str) -> None:
        if self._typed_field not in (None, field):
            self.apply_typed()
        self._typed_field = field
        self._typing.start()

    def apply_typed(self) -> None:
        """Apply what was typed into a field, if it is valid (the pause timer calls this)."""
        self._typing.stop()
        field, self._typed_field = self._typed_field, None
        if field is None or self.node_id is None or self.node_id not in self.model.graph:
            return
        self._quiet = True
        try:
            if field == "label":
                self._commit_label()
            elif field in self.editors:
                self.editors[field].apply_typed()
        finally:
            self._quiet = False

    def _pending_text(self) -> bool:
        """A field shows typed text that is not the document's value."""
        if self.node_id is None:
            return False
        if self.label_edit.text().strip() != self.model.graph.node(self.node_id).label:
            return True
        return any(editor.pending() for editor in self.editors.values())

    def undo(self) -> None:
        """Ctrl+Z in a field: apply what was typed, then undo the document's last step.

        Text that is not a valid value yet is reverted instead (that is the last edit).
        """
        self.apply_typed()
        if self._pending_text():
            self.refresh_values()
        elif not self.model.locked_reason:
            self.model.undo_stack.undo()
        self.end_session()

    def redo(self) -> None:
        """Ctrl+Shift+Z / Ctrl+Y in a field: redo the document's next step."""
        self.apply_typed()
        if not self.model.locked_reason:
            self.refresh_values()
            self.model.undo_stack.redo()
        self.end_session()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        """Undo/Redo keys in a field go to the document, not to the field's own undo."""
        kind = event.type()
        if kind in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress) and isinstance(
            event, QKeyEvent
        ):
            action = None
            if event.matches(QKeySequence.StandardKey.Undo):
                action = self.undo
            elif event.matches(QKeySequence.StandardKey.Redo):
                action = self.redo
            if action is not None:
                event.accept()  # an accepted override: the key comes here as a KeyPress
                if kind == QEvent.Type.KeyPress:
                    action()
                return True
        return super().eventFilter(watched, event)

    def _on_undo_index(self, _index: int) -> None:
        if not self._pushing:
            self.end_session()

    def _on_focus(self, old: QWidget | None, new: QWidget | None) -> None:
        if old is not None and old is not new and self.isAncestorOf(old):
            self.apply_typed()
            self.end_session()

    def _show_error(self, name: str, sentence: str | None, edited: str | None = None) -> None:
        label = self.errors.get(name)
        if label is None:
            return
        if sentence and edited is not None and edited != name:
            for other, other_label in self.errors.items():
                if other not in (name, "label"):
                    other_label.hide()
        label.setText(sentence or "")
        label.setVisible(bool(sentence))

    def error_text(self, name: str) -> str:
        """The red sentence under field ``name`` (``""`` when none is shown)."""
        label = self.errors.get(name)
        return label.text() if label is not None and not label.isHidden() else ""

    def _clear_form(self) -> None:
        while self.form.rowCount():
            self.form.removeRow(0)
        self.editors.clear()
        self.row_labels.clear()
        self.errors = {"label": self.errors["label"]}


def _with_error(editor: QWidget, error: QLabel) -> QWidget:
    box = QWidget(editor.parentWidget())
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    layout.addWidget(editor)
    layout.addWidget(error)
    editor.setParent(box)
    error.setParent(box)
    return box


def _both(n: int) -> str:
    """``117,600 (118K)``; just ``156`` when both would read the same."""
    return exact(n) if n < 1000 else f"{exact(n)} ({human(n)})"
