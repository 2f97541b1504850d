"""The Code dock: a live, read-only, syntax-highlighted preview of the exported module."""

from __future__ import annotations

import keyword
import re
from collections.abc import Iterable
from concurrent.futures import Future

from PySide6.QtCore import QRegularExpression, QTimer, Signal
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

from netbuilder.core.graph import FrozenChanged, LabelChanged, NodeMoved, ParamsChanged
from netbuilder.ui import code_worker
from netbuilder.ui.code_worker import Reply, Request, changed_span, node_fields

__all__ = ["CodePreview", "PythonHighlighter", "changed_span"]
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

    A regeneration costs the GUI thread only the nodes changed since the last one (a
    copy of the document, :meth:`Graph.snapshot`, after nodes or links changed) and the
    replacement of the lines that changed: the code is generated, and compared with the
    text shown, in a worker process that keeps a copy of the document
    (:mod:`netbuilder.ui.code_worker`), so typing in the inspector never waits for it.
    Edits made meanwhile mark the text stale and start one more generation when the
    running one is done. The first text
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
    _finished = Signal()  # a generation's future is done (emitted from the pool's thread)
    POLL_MS = 250  # besides the signal, how often a running generation is checked

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
        # what the editor shows (None: read it back from Qt, which costs a copy)
        self._text: str | None = ""
        self._job: Future[Reply] | None = None
        self._channel = next(code_worker.VERSIONS)  # this preview's copy in the worker
        self._sent: int | None = None  # the version of the worker's copy (None: unknown)
        self._shown: int | None = None  # the version of the text shown, as the worker knows it
        self._changed: set[str] = set()  # nodes changed since the last request
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(self.DELAY_MS)
        self._timer.timeout.connect(self._on_timer)
        self._finished.connect(self._collect)  # queued: the pool's thread emits it
        self._poll = QTimer(self)  # a slow safety net, should a signal ever be lost
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
            self.refresh()
        elif self.stale and self.is_shown() and self._job is None:
            self.stale = False
            self.generations += 1
            try:
                self._job = code_worker.submit_request(self._request())
            except Exception:  # no worker process can start here: generate on this thread
                self.refresh()
                return
            self._watch(self._job)

    def _watch(self, job: Future[Reply]) -> None:
        """Have :meth:`_collect` called (on this thread) when ``job`` is done: no polling
        while the worker generates (seconds at 20,000 layers)."""

        def done(_job: Future[Reply]) -> None:
            try:
                self._finished.emit()
            except RuntimeError:  # the preview is gone
                pass

        self._poll.start()
        job.add_done_callback(done)

    def _request(self) -> Request:
        """The nodes changed since the worker's copy, or a whole copy of the document
        (later edits leave either alone)."""
        project = self.model.project
        graph = project.graph
        version = next(code_worker.VERSIONS)
        base, self._sent = self._sent, version
        changed, self._changed = self._changed, set()
        if base is None:
            snapshot, nodes = graph.snapshot(), ()
        else:
            snapshot = None
            nodes = tuple(node_fields(graph.node(nid)) for nid in changed if nid in graph)
        return Request(
            self._channel,
            version,
            base,
            snapshot,
            nodes,
            project.name,
            project.description,
            self._shown,
        )

    def _collect(self) -> None:
        """Show a finished generation; start the next one if edits came meanwhile."""
        if self._job is None:
            self._poll.stop()
            return
        if not self._job.done():
            return
        self._poll.stop()
        job, self._job = self._job, None
        try:
            reply = job.result()
        except Exception:  # the worker process died (killed, out of memory): do it here
            self._sent = None  # a new worker holds no copy
            self._show(self.code())
            self._shown = None  # a text the worker did not write
        else:
            self._apply(reply)
        if self.stale and self.is_shown():
            self._timer.start(0)

    def _apply(self, reply: Reply) -> None:
        """Bring the editor to the reply's text (the lines that changed)."""
        if reply.kind == "resend":  # the worker holds no copy to apply the changes to
            self._sent = None
            self.stale = True
            return
        if reply.kind == "text":
            self._show(reply.text)
        elif reply.kind == "lines":
            bar = self.verticalScrollBar()
            pos = bar.value()
            self._set_lines(reply.lines)
            bar.setValue(pos)
            self._text = None
        elif reply.kind == "span":
            bar = self.verticalScrollBar()
            pos = bar.value()
            self._replace_chars(reply.start, reply.end, reply.text)
            bar.setValue(pos)
            self._text = None
        self._shown = reply.version

    def _on_reset(self) -> None:
        self._opened = True
        self._sent = None
        self.schedule()

    def _on_graph(self, event: object) -> None:
        if isinstance(event, NodeMoved):  # positions are not in the code
            return
        if isinstance(event, ParamsChanged | FrozenChanged | LabelChanged):
            self._changed.add(event.node_id)
        else:  # nodes or links: the worker gets a whole copy
            self._sent = None
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
        text = self.code()
        self._show(text)
        self._shown = None  # a text the worker did not write
        self._hand_over(text)

    def _hand_over(self, text: str) -> None:
        """Give the worker a copy of the document and the text shown, so the next edit
        sends only its nodes and gets only its lines back (a document's first text is
        made on this thread; the copy costs the opening, not the first edit)."""
        if self._job is not None:
            return
        project = self.model.project
        version = next(code_worker.VERSIONS)
        request = Request(
            self._channel,
            version,
            None,
            project.graph.snapshot(),
            (),
            project.name,
            project.description,
            None,
            text,
        )
        try:
            self._job = code_worker.submit_request(request)
        except Exception:  # no worker process here: every text is made on this thread
            return
        self._sent = version
        self._changed.clear()
        self._watch(self._job)

    def closeEvent(self, event: QCloseEvent) -> None:
        """A closed preview drops a running generation's result."""
        self._job = None
        super().closeEvent(event)

    def _show(self, text: str) -> None:
        """Replace only the lines that differ, keeping the scroll position."""
        old = self._text if self._text is not None else self.toPlainText()
        if text == old:
            return
        self._text = text
        bar = self.verticalScrollBar()
        pos = bar.value()
        a, b = old.split("\n"), text.split("\n")
        if not old:
            self.setPlainText(text)
        elif len(a) != len(b):
            start, end_old, end_new = changed_span(old, text)
            self._replace_chars(start, end_old, text[start:end_new])
        else:  # a parameter edit: the same lines, a few of them changed
            self._set_lines([(i, y) for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y])
        bar.setValue(pos)

    def _set_lines(self, lines: Iterable[tuple[int, str]]) -> None:
        """Replace whole lines ``(number, text)`` (the line count stays)."""
        document = self.document()
        cursor = QTextCursor(document)
        # one line at a time, no edit block: each re-colours just its own line
        for number, line in lines:
            block = document.findBlockByNumber(number)
            cursor.setPosition(block.position())
            cursor.setPosition(block.position() + block.length() - 1, QTextCursor.KeepAnchor)
            cursor.insertText(line)

    def _replace_chars(self, start: int, end: int, text: str) -> None:
        """Lines added or removed: rewrite characters ``start:end`` (whole lines)."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.KeepAnchor)
        cursor.insertText(text)
