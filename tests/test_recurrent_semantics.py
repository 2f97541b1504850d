"""What the recurrent blocks' outputs mean, checked against torch's own RNN / GRU / LSTM.

'last' is the final hidden state of the last layer: torch's ``h_n[-1]``, and for a
bidirectional layer ``h_n[-2]`` (forward, after the last step) and ``h_n[-1]``
(backward, after the first step) side by side.
"""

from __future__ import annotations

import pytest
import torch
from torch import nn

from netbuilder.core.builder import Builder
from netbuilder.core.codegen import compile_model, generate_code
from tests.codegen_helpers import assert_ruff_clean


def reference_last(rnn: nn.Module, x: torch.Tensor) -> torch.Tensor:
    """The final states of the last layer, read from torch's h_n (not from ``out``)."""
    _, h_n = rnn(x)
    h_n = h_n[0] if isinstance(rnn, nn.LSTM) else h_n
    dirs = 2 if rnn.bidirectional else 1
    last_layer = h_n.view(rnn.num_layers, dirs, x.shape[0], rnn.hidden_size)[-1]
    return torch.cat(list(last_layer), dim=1)


def built(type_name: str, layers: int, bidirectional: bool, output: str = "last") -> nn.Module:
    b = Builder()
    b.add("Input", kind="sequence", length=6, features=3)
    b.add(
        type_name,
        label="rnn",
        hidden_size=5,
        num_layers=layers,
        bidirectional=bidirectional,
        output=output,
    )
    return compile_model(b.graph).eval()


@pytest.mark.parametrize("type_name", ["RNN", "GRU", "LSTM"])
@pytest.mark.parametrize("layers", [1, 2])
@pytest.mark.parametrize("bidirectional", [False, True])
def test_last_is_the_final_state_of_each_direction(
    type_name: str, layers: int, bidirectional: bool
) -> None:
    torch.manual_seed(0)
    model = built(type_name, layers, bidirectional)
    rnn = getattr(nn, type_name)(
        3, 5, num_layers=layers, bidirectional=bidirectional, batch_first=True
    ).eval()
    rnn.load_state_dict({k.removeprefix("rnn."): v for k, v in model.state_dict().items()})
    x = torch.randn(4, 6, 3)
    with torch.no_grad():
        ours, theirs = model(x), reference_last(rnn, x)
    assert ours.shape == (4, 5 * (2 if bidirectional else 1))
    assert torch.allclose(ours, theirs, atol=1e-6)


def test_the_backward_half_is_not_the_backward_direction_after_one_step() -> None:
    """The old reading, out[:, -1], differs from the final state in the backward half."""
    torch.manual_seed(0)
    model = built("GRU", 1, True)
    x = torch.randn(2, 6, 3)
    with torch.no_grad():
        out = model.rnn(x)[0]
        last = model(x)
    assert torch.allclose(last[:, :5], out[:, -1, :5], atol=1e-6)  # forward: the last step
    assert torch.allclose(last[:, 5:], out[:, 0, 5:], atol=1e-6)  # backward: step 0
    assert not torch.allclose(last[:, 5:], out[:, -1, 5:], atol=1e-3)


def test_exported_bidirectional_last_passes_ruff(tmp_path) -> None:
    b = Builder()
    b.add("Input", kind="sequence", length=6, features=3)
    b.add("LSTM", hidden_size=5, num_layers=2, bidirectional=True, output="last")
    b.add("Linear", out_features=2)
    path = tmp_path / "bilstm.py"
    path.write_text(generate_code(b.graph, main=True), encoding="utf-8")
    assert_ruff_clean(path)


def test_char_rnn_is_the_course_model() -> None:
    """Lecture 12: torch.nn.RNN(input_size=4, hidden_size=4), Adam with lr=0.05."""
    from netbuilder.core.analysis import analyse
    from netbuilder.core.presets import load_preset

    project = load_preset("char_rnn")
    assert [n.type for n in project.graph] == ["Input", "RNN"]
    course = nn.RNN(input_size=4, hidden_size=4, num_layers=1)
    assert analyse(project.graph).totals().params == sum(p.numel() for p in course.parameters())
    assert analyse(project.graph).totals().params == 40
    assert project.training.optimizer == "adam" and project.training.lr == 0.05
