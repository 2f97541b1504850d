"""Core messages: the English sentence as before, plus its template and arguments."""

from __future__ import annotations

import pickle

import pytest

from netbuilder.core.analysis import analyse
from netbuilder.core.document import loads
from netbuilder.core.errors import DocumentError
from netbuilder.core.graph import Graph
from netbuilder.core.messages import Message, message_of, msg


def test_a_message_is_its_english_sentence_and_keeps_template_and_args():
    inner = msg("an image C×H×W")
    sentence = msg("{block} expects {wants} but gets {got}.", block="Conv2d", wants=inner, got="10")
    assert sentence == "Conv2d expects an image C×H×W but gets 10."
    assert sentence.template == "{block} expects {wants} but gets {got}."
    assert sentence.args["wants"] is inner
    back = pickle.loads(pickle.dumps(sentence))  # crosses to worker processes intact
    assert isinstance(back, Message) and back == sentence and back.template == sentence.template


def test_analysis_errors_carry_their_message():
    graph = Graph()
    source = graph.add_node("Input", {"channels": 3, "height": 4, "width": 4})
    conv = graph.add_node("Conv2d", {"out_channels": 2, "kernel_size": 7})
    graph.connect(source, conv, 0)
    error = analyse(graph).stats(conv).error
    assert isinstance(error, Message)
    assert "kernel 7" in error and "{" not in error
    assert error.template.startswith("{type} kernel {kernel}")


def test_document_errors_carry_their_message():
    with pytest.raises(DocumentError) as info:
        loads('{"format": "netbuilder", "version": 99}')
    reason = info.value.reason
    assert isinstance(reason, Message) and "newer NetBuilder" in reason
    assert reason.args["version"] == 99
    # the full sentence names the JSON path after the message; message_of keeps it whole
    assert str(info.value).startswith(reason) and message_of(info.value) == str(info.value)
