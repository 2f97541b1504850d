"""The Code dock: a live, read-only, syntax-highlighted preview of the exported module."""

from __future__ import annotations

import keyword
import re

from PySide6.QtCore import QRegularExpression, QTimer
from PySide6.QtGui import QColor, QFont, QSyntaxHighlighter, QTextCharFormat, QTextDocument
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from netbuilder.core.codegen import project_code
from netbuilder.core.graph import NodeMoved
from netbuilder.ui.display import DisplaySettings
from netbuilder.ui.document_model import DocumentModel
from netbuilder.ui.theme import mono_font


def _fmt(color: str, bold: bool = False, italic: bool = False) -> QTextCharFormat:
    f = QTextCharFormat()
    f.setForeground(QColor(color))
    if bold:
        f.setFontWeight(QFont.Bold)
    f.setFontItalic(italic)
    return f


class PythonHighlighter(QSyntaxHighlighter):
    """Keywords, builtins, strings, numbers, comments and ``self`` for Python source."""

    def __init__(self, document: QTextDocument, dark: bool = False) -> None:
        super().__init__(document)
        self.dark = dark
        c = (
            dict(kw="#ff7b72", fn="#d2a8ff", st="#a5d6ff", nu="#79c0ff", co="#8b949e", se="#ffa657")
            if dark
            else dict(
                kw="#cf222e", fn="#8250df", st="#0a3069", nu="#0550ae", co="#6e7781", se="#953800"
            )
        )
        words = "|".join(keyword.kwlist)
        self.rules: list[tuple[QRegularExpression, QTextCharFormat]] = [
            (QRegularExpression(rf"\b(?:{words})\b"), _fmt(c["kw"], bold=True)),
            (QRegularExpression(r"\b(?:self|nn|torch|F)\b"), _fmt(c["se"])),
            (QRegularExpression(r"(?<=\bdef )\w+|(?<=\bclass )\w+"), _fmt(c["fn"], bold=True)),
            (QRegularExpression(r"\b[0-9]+(?:\.[0-9]*)?(?:e-?[0-9]+)?\b"), _fmt(c["nu"])),
            (
                QRegularExpression(r"'[^'\\]*(?:\\.[^'\\]*)*'|\"[^\"\\]*(?:\\.[^\"\\]*)*\""),
                _fmt(c["st"]),
            ),
            (QRegularExpression(r"#[^\n]*"), _fmt(c["co"], italic=True)),
        ]
        self.docstring = _fmt(c["st"])
        self.triple = re.compile(r'"""')

    def highlightBlock(self, text: str) -> None:
        """Apply the rules to one line; triple-quoted strings span lines via block state."""
        for regex, fmt in self.rules:
            it = regex.globalMatch(text)
            while it.hasNext():
                m = it.next()
                self.setFormat(m.capturedStart(), m.capturedLength(), fmt)
        inside = self.previousBlockState() == 1
        start = 0
        positions = [m.start() for m in self.triple.finditer(text)]
        for pos in positions:
            if inside:
                self.setFormat(start, pos + 3 - start, self.docstring)
                inside = False
            else:
                start = pos
                inside = True
        if inside:
            self.setFormat(start, len(text) - start, self.docstring)
        self.setCurrentBlockState(1 if inside else 0)


class CodePreview(QPlainTextEdit):
    """Read-only generated code, refreshed shortly after the network changes.

    Parameters
    ----------
    model : DocumentModel
        The open document.
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
        self.setReadOnly(True)
        self.setLineWrapMode(QPlainTextEdit.NoWrap)
        self.setFont(mono_font())
        self.highlighter = PythonHighlighter(self.document(), dark=self.display.dark)
        self.display.changed.connect(self._on_display)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(40)
        self._timer.timeout.connect(self.refresh)
        model.graphChanged.connect(self._on_graph)
        model.documentReset.connect(self.schedule)
        model.pathChanged.connect(self.schedule)  # Save As may rename the project's class
        self.refresh()

    def _on_display(self) -> None:
        """Re-colour the highlighting when the theme switches between light and dark."""
        if self.highlighter.dark != self.display.dark:
            self.highlighter.setDocument(None)
            self.highlighter = PythonHighlighter(self.document(), dark=self.display.dark)

    def schedule(self, *_args: object) -> None:
        """Regenerate soon (edits in one burst cost one regeneration)."""
        self._timer.start()

    def _on_graph(self, event: object) -> None:
        if not isinstance(event, NodeMoved):  # positions are not in the code
            self.schedule()

    def code(self) -> str:
        """The current module text (or an explanation why there is none)."""
        try:
            return project_code(self.model.project, analysis=self.model.analysis)
        except Exception as exc:
            lines = str(exc).splitlines() or [type(exc).__name__]
            return "\n".join(f"# {line}" for line in lines) + "\n"

    def refresh(self) -> None:
        """Regenerate now, keeping the scroll position."""
        self._timer.stop()
        text = self.code()
        if text == self.toPlainText():
            return
        bar = self.verticalScrollBar()
        pos = bar.value()
        self.setPlainText(text)
        bar.setValue(pos)
