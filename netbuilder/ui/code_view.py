"""The Code dock: a live, read-only, syntax-highlighted preview of the exported module."""

from __future__ import annotations

import keyword
import re
from concurrent.futures import Future

from PySide6.QtCore import QRegularExpression, QTimer
from PySide6.QtGui import (
    QCloseEvent,
    QColor,
    QFont,
    QHideEvent,
    QShowEvent,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from netbuilder.core.graph import NodeMoved
from netbuilder.ui import code_worker
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

    Code generation walks the whole graph, so it runs only while the preview is
    visible: edits made while it is hidden (a tab behind another dock, a closed dock)
    only mark it stale, and it regenerates when shown. Moves never regenerate.

    A regeneration costs the GUI thread only a copy of the document
    (:meth:`Graph.snapshot`) and the replacement of the lines that changed: the code is
    generated in a worker process from the copy (:mod:`netbuilder.ui.code_worker`), so
    typing in the inspector never waits for it. Edits made meanwhile mark the text
    stale and start one more generation when the running one is done. The first text
    of a document is generated at once, so opening one never shows the last one's code.

    Parameters
    ----------
    model : DocumentModel
        The open document.

    Attributes
    ----------
    generations : int
        How many times the code was generated (a regeneration costs one).
    stale : bool
        The text is older than the document and waits to be shown to regenerate.
    """

    DELAY_MS = 80  # edits in one burst (typing in a spin box) cost one regeneration
    POLL_MS = 10  # how often a running generation is checked for its result

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
        self.setUndoRedoEnabled(False)  # regenerations are not user edits
        self.setLineWrapMode(QPlainTextEdit.NoWrap)
        self.setFont(mono_font())
        self.highlighter = PythonHighlighter(self.document(), dark=self.display.dark)
        self.display.changed.connect(self._on_display)
        self.generations = 0
        self.stale = True
        self._text = ""  # what the editor shows (read back from Qt costs a copy)
        self._job: Future[str] | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(self.DELAY_MS)
        self._timer.timeout.connect(self._on_timer)
        self._poll = QTimer(self)
        self._poll.setInterval(self.POLL_MS)
        self._poll.timeout.connect(self._collect)
        model.graphChanged.connect(self._on_graph)
        self._opened = True  # the next text is a new document's first: generate at once
        model.documentReset.connect(self._on_reset)
        model.pathChanged.connect(self.schedule)  # Save As may rename the project's class

    def _on_display(self) -> None:
        """Re-colour the highlighting when the theme switches between light and dark."""
        if self.highlighter.dark != self.display.dark:
            self.highlighter.setDocument(None)
            self.highlighter = PythonHighlighter(self.document(), dark=self.display.dark)

    def is_shown(self) -> bool:
        """Whether any of the preview is on screen (not hidden, not a tab behind another)."""
        return self.isVisible() and not self.visibleRegion().isEmpty()

    def set_shown(self, shown: bool) -> None:
        """Tell the preview its dock was shown or hidden (e.g. ``visibilityChanged``).

        A tab brought to the front gets no show event, so its dock tells it here.
        """
        if shown and self.stale:
            self._timer.start(0)

    def schedule(self, *_args: object) -> None:
        """Regenerate soon when visible (a burst of edits costs one); else mark stale."""
        self.stale = True
        if self.is_shown():
            self._timer.start()

    def showEvent(self, event: QShowEvent) -> None:
        """Catch up with the edits made while hidden."""
        super().showEvent(event)
        if self.stale:
            self._timer.start(0)

    def hideEvent(self, event: QHideEvent) -> None:
        """Hidden: a pending regeneration waits until shown again."""
        super().hideEvent(event)
        self._timer.stop()

    def busy(self) -> bool:
        """Whether a generation is running in the worker process."""
        return self._job is not None

    def _on_timer(self) -> None:
        self._timer.setInterval(self.DELAY_MS)
        if self.stale and self.is_shown() and self._opened:
            self._job = None  # a running generation is for the last document
            self._poll.stop()
            self.refresh()
        elif self.stale and self.is_shown() and self._job is None:
            self.stale = False
            self.generations += 1
            project = self.model.project
            copy = project.graph.snapshot()  # later edits leave the copy alone
            try:
                self._job = code_worker.submit(project.name, project.description, copy)
            except Exception:  # no worker process can start here: generate on this thread
                self.refresh()
                return
            self._poll.start()

    def _collect(self) -> None:
        """Show a finished generation; start the next one if edits came meanwhile."""
        if self._job is None or not self._job.done():
            return
        self._poll.stop()
        job, self._job = self._job, None
        try:
            text = job.result()
        except Exception:  # the worker process died (killed, out of memory): do it here
            text = self.code()
        self._show(text)
        if self.stale and self.is_shown():
            self._timer.start(0)

    def _on_reset(self) -> None:
        self._opened = True
        self.schedule()

    def _on_graph(self, event: object) -> None:
        if not isinstance(event, NodeMoved):  # positions are not in the code
            self.schedule()

    def code(self) -> str:
        """The current module text (or an explanation why there is none)."""
        return code_worker.module_text(self.model.project, self.model.analysis)

    def refresh(self) -> None:
        """Regenerate now, on this thread, keeping the scroll position."""
        self._timer.stop()
        self.stale = False
        self.generations += 1
        self._opened = False
        self._show(self.code())

    def closeEvent(self, event: QCloseEvent) -> None:
        """A closed preview drops a running generation's result."""
        self._poll.stop()
        self._job = None
        super().closeEvent(event)

    def _show(self, text: str) -> None:
        """Replace only the lines that differ, keeping the scroll position."""
        old = self._text
        if text == old:
            return
        self._text = text
        bar = self.verticalScrollBar()
        pos = bar.value()
        a, b = old.split("\n"), text.split("\n")
        if not old:
            self.setPlainText(text)
        elif len(a) != len(b):
            self._replace_span(old, text)
        else:  # a parameter edit: the same lines, a few of them changed
            document = self.document()
            cursor = QTextCursor(document)
            # one line at a time, no edit block: each re-colours just its own line
            for number in [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]:
                block = document.findBlockByNumber(number)
                cursor.setPosition(block.position())
                cursor.setPosition(block.position() + block.length() - 1, QTextCursor.KeepAnchor)
                cursor.insertText(b[number])
        bar.setValue(pos)

    def _replace_span(self, old: str, new: str) -> None:
        """Lines added or removed: rewrite from the first to the last differing line."""
        start, end_old, end_new = changed_span(old, new)
        cursor = QTextCursor(self.document())
        cursor.setPosition(start)
        cursor.setPosition(end_old, QTextCursor.KeepAnchor)
        cursor.insertText(new[start:end_new])


def changed_span(old: str, new: str) -> tuple[int, int, int]:
    """Where ``new`` differs from ``old``, in whole lines.

    Returns ``(start, end_old, end_new)``: ``new == old[:start] + new[start:end_new] +
    old[end_old:]``, the unchanged lines at both ends left out.
    """
    a, b = old.split("\n"), new.split("\n")
    limit = min(len(a), len(b)) - 1  # at least one line stays in the middle
    head = 0
    while head < limit and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < limit - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    start = sum(len(line) + 1 for line in a[:head])
    cut = sum(len(line) + 1 for line in a[len(a) - tail :]) if tail else 0
    return start, len(old) - cut, len(new) - cut
