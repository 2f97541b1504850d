"""One-click fixes in the UI: undo commands for :mod:`netbuilder.core.fixes`, menu entries,
and the status-bar button that offers the first fix.

A fix is one undo step whose text is the fix's title ("Insert Flatten before fc1").
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QMenu, QToolButton, QWidget

from netbuilder.core.errors import NetBuilderError
from netbuilder.core.fixes import ChangeParams, Fix, InsertBlock, first_fix, fixes_for
from netbuilder.core.placement import free_spot
from netbuilder.ui.commands import InsertOnEdgeCommand, SetParamsCommand
from netbuilder.ui.core_text import tr_core
from netbuilder.ui.document_model import DocumentModel
from netbuilder.ui.i18n import translate


def fix_command(model: DocumentModel, fix: Fix) -> QUndoCommand:
    """The undo command making ``fix``'s edit, with the fix's title as its text.

    An inserted block goes halfway between the two blocks of its link, or the nearest
    place there clear of other cards.

    Raises
    ------
    NetBuilderError
        When the edit no longer applies (the graph changed since the fix was made).
    """
    edit = fix.edit
    if isinstance(edit, InsertBlock):
        # the canvas package imports the view, which imports this module: import it late
        from netbuilder.ui.canvas.free_space import CARD_SIZE

        graph = model.graph
        (x1, y1), (x2, y2) = graph.node(edit.edge.src).pos, graph.node(edit.edge.dst).pos
        taken = [(*node.pos, *CARD_SIZE) for node in graph]
        x, y = free_spot(CARD_SIZE, taken, ((x1 + x2) / 2, (y1 + y2) / 2))
        pos = (round(x), round(y))
        command: QUndoCommand = InsertOnEdgeCommand(model, edit.edge, edit.type, edit.params, pos)
    else:
        assert isinstance(edit, ChangeParams)
        command = SetParamsCommand(model, edit.node_id, edit.changes)
    command.setText(fix.title)
    return command


def apply_fix(model: DocumentModel, fix: Fix) -> str:
    """Push ``fix`` as one undo step; returns ``""`` or a sentence saying why it was not made.

    Afterwards the inserted block (or the changed one) is selected.
    """
    try:
        command = fix_command(model, fix)
    except NetBuilderError as exc:
        return translate("FixActions", "The fix no longer applies: {exc}").format(exc=tr_core(exc))
    if not model.push(command):
        return model.locked_reason or translate("FixActions", "The document is locked.")
    if isinstance(command, InsertOnEdgeCommand) and command.add.node_id is not None:
        model.set_selection([command.add.node_id])
    elif isinstance(fix.edit, ChangeParams):
        model.set_selection([fix.edit.node_id])
    return ""


def add_fix_actions(
    menu: QMenu, model: DocumentModel, node_id: str, report=None, names=None
) -> list[Fix]:
    """Add one entry per fix of ``node_id``'s error to ``menu`` (nothing when it has none).

    ``report(sentence)`` receives the reason when a chosen fix cannot be made.
    """
    fixes = fixes_for(model.analysis, node_id, names)
    for fix in fixes:
        action = menu.addAction(translate("FixActions", "Fix: {title}").format(title=fix.title))
        action.setObjectName("fixAction")
        action.setToolTip(tr_core(model.analysis.stats(node_id).error))
        action.setEnabled(not model.locked_reason)
        action.triggered.connect(lambda _c=False, f=fix: _apply_and_report(model, f, report))
    return fixes


def _apply_and_report(model: DocumentModel, fix: Fix, report) -> None:
    reason = apply_fix(model, fix)
    if reason and report is not None:
        report(reason)


class FixButton(QToolButton):
    """A flat status-bar button offering the first fix of the document's first fixable error.

    Hidden while there is none. Clicking makes the fix; its menu arrow lists the other
    fixes of the same problem.

    Signals
    -------
    message(str)
        A sentence for the status bar (a fix that could not be made).
    """

    message = Signal(str)

    def __init__(self, model: DocumentModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("fixButton")
        self.document = model
        self.fix: Fix | None = None
        self.setAutoRaise(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        self.setMenu(QMenu(self))
        self.clicked.connect(self._apply)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.refresh)
        model.statsChanged.connect(lambda _ids: self._timer.start())
        model.graphChanged.connect(lambda _e: self._timer.start())
        model.documentReset.connect(self._timer.start)
        model.lockedChanged.connect(lambda _locked: self._timer.start())
        self.refresh()

    def refresh(self) -> None:
        """Find the first fix again (after edits)."""
        self._timer.stop()
        analysis = self.document.analysis
        self.fix = first_fix(analysis)
        menu = self.menu()
        menu.clear()
        if self.fix is None:
            self.hide()
            return
        node_id = self.fix.node_id
        self.setText(translate("FixActions", "Fix: {title}").format(title=self.fix.title))
        self.setToolTip(
            translate("FixActions", "{error}\nClick to {lower}{title} (one undo step).").format(
                error=tr_core(analysis.stats(node_id).error),
                lower=self.fix.title[0].lower(),
                title=self.fix.title[1:],
            )
        )
        add_fix_actions(menu, self.document, node_id, self.message.emit)
        self.setEnabled(not self.document.locked_reason)
        self.show()

    def _apply(self) -> None:
        if self.fix is not None:
            reason = apply_fix(self.document, self.fix)
            if reason:
                self.message.emit(reason)
