"""Sentences that remember their template: the core stays Qt-free, the UI translates.

A :class:`Message` *is* the English sentence (a ``str``), so every caller that prints or
compares it keeps working; it also carries the template and the arguments, which the UI
formats through its translation catalogue (``netbuilder.ui.core_text``). Arguments may be
messages themselves (``msg("an image C×H×W")``), translated in turn.

Every template is a literal ``msg("...")`` call, so ``scripts/update_translations.py``
can list them for ``pyside6-lupdate``.
"""

from __future__ import annotations

from typing import Any


class Message(str):
    """An English sentence with its ``template`` and format ``args``.

    Parameters
    ----------
    template : str
        The English text with ``{name}`` placeholders (``str.format`` syntax).
    **args
        The values of the placeholders.
    """

    template: str
    args: dict[str, Any]

    def __new__(cls, template: str, /, **args: Any) -> Message:
        self = super().__new__(cls, template.format(**args) if args else template)
        self.template = template
        self.args = args
        return self

    def __reduce__(self):  # pickles (worker processes) keep the template
        return (_rebuild, (self.template, self.args))


def _rebuild(template: str, args: dict[str, Any]) -> Message:
    return Message(template, **args)


def msg(template: str, /, **args: Any) -> Message:
    """The sentence ``template.format(**args)`` that remembers ``template`` and ``args``."""
    return Message(template, **args)


def message_of(exc: BaseException) -> str:
    """The sentence of ``exc``: its :class:`Message` when it was raised with one."""
    sentence = getattr(exc, "reason", None)  # DocumentError: the sentence without the path
    if isinstance(sentence, Message) and not getattr(exc, "path", ""):
        return sentence
    first = exc.args[0] if exc.args else None
    return first if isinstance(first, Message) else str(exc)
