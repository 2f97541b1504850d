"""The core's sentences in the UI's language.

The core (Qt-free) raises and reports :class:`~netbuilder.core.messages.Message` sentences
that keep their English template and arguments; :func:`tr_core` formats the template's
translation (context ``core``) with the arguments, translated in turn when they are
messages too. The templates reach ``pyside6-lupdate`` through the generated
:mod:`netbuilder.ui.core_catalog`.
"""

from __future__ import annotations

from netbuilder.core.messages import Message, message_of
from netbuilder.ui.i18n import translate

CONTEXT = "core"
#: Context of the block catalogue's texts: categories, summaries, parameter help.
BLOCKS = "blocks"


def tr_block(text: str) -> str:
    """A text of the block catalogue (category, summary, parameter help) translated."""
    return translate(BLOCKS, text) if text else text


def tr_core(text: object) -> str:
    """``text`` in the UI's language when it is a core message; else ``str(text)``.

    Exceptions raised with a message are translated too; a document error keeps its
    JSON path (``(at $.graph.nodes[2])``).
    """
    if isinstance(text, BaseException):
        sentence = message_of(text)
        path = getattr(text, "path", "")
        reason = getattr(text, "reason", None)
        if path and isinstance(reason, Message):
            return translate(CONTEXT, "{sentence} (at {path})").format(
                sentence=tr_core(reason), path=path
            )
        return tr_core(sentence)
    if isinstance(text, Message):
        template = translate(CONTEXT, text.template)
        if not text.args:
            return template
        args = {k: tr_core(v) if isinstance(v, Message) else v for k, v in text.args.items()}
        try:
            return template.format(**args)
        except (KeyError, IndexError, ValueError):  # a broken translation: the English
            return text.template.format(**text.args)
    return "" if text is None else str(text)
