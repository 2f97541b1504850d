"""Importing models written the way the course writes them (tests/importing/course_models.py)."""

from __future__ import annotations

import inspect
import subprocess
import sys
from pathlib import Path

import pytest
import torch

from netbuilder.core.analysis import Analysis
from netbuilder.core.importer import ImportModelError, import_model
from tests.importing import course_models as cm
from tests.importing.checks import import_and_compare, numel

SOURCE = Path(cm.__file__)

#: Model, input shape without batch, and the block types the import must hold.
CASES = {
    "MLP": ((1, 28, 28), {"Flatten": 1, "Linear": 5, "ReLU": 4}),
    "CNN": ((1, 28, 28), {"MaxPool2d": 2, "Flatten": 1, "LogSoftmax": 1}),
    "LeNetShape": ((1, 28, 28), {"AvgPool2d": 2, "Flatten": 1, "Dropout": 1, "GELU": 1}),
    "GoogLeNetMNIST": ((1, 28, 28), {"Concat": 2, "AvgPool2d": 2, "Flatten": 1}),
    "ResNetMNIST": ((1, 28, 28), {"Add": 2, "Flatten": 1}),
    "NameClassifier": ((20,), {"Embedding": 1, "GRU": 1, "Linear": 1}),
    "BiLSTM": ((7, 6), {"LSTM": 1, "Linear": 1}),
    "LastStep": ((5, 4), {"RNN": 1, "Linear": 1}),
    "Tagger": ((5, 4), {"GRU": 1, "Linear": 1}),
    "SEBlock": ((3, 8, 8), {"Multiply": 1, "Reshape": 1, "Flatten": 1, "Sigmoid": 1}),
    "Activations": ((3, 6, 6), {"ReLU6": 1, "SiLU": 1, "Add": 1, "Hardswish": 1}),
    "SeqFirstNames": ((20,), {"Embedding": 1, "GRU": 1, "Linear": 1}),
    "SeqFirstTagger": ((6, 4), {"GRU": 1, "Linear": 1}),
    "Squeezes": ((16,), {"Reshape": 2, "Flatten": 2, "MaxPool1d": 1, "AvgPool1d": 1, "Tanh": 1}),
    "ManyBranches": ((2, 3, 3), {"Conv2d": 70, "Concat": 2}),
    "GlobalMean": ((3, 7, 7), {"AdaptiveAvgPool2d": 2, "Flatten": 1, "Multiply": 1}),
    "UnusedBranch": ((4,), {"Linear": 1, "Sigmoid": 0}),
}
TOKENS = ("NameClassifier", "SeqFirstNames")


def sample(name: str, shape: tuple[int, ...]) -> torch.Tensor:
    generator = torch.Generator().manual_seed(5)
    if name in TOKENS:
        return torch.randint(0, 128, (4, *shape), generator=generator)
    return torch.randn(4, *shape, generator=generator)


@pytest.mark.parametrize("name", list(CASES))
def test_course_model_imports_with_equal_numbers_and_outputs(name: str) -> None:
    shape, types = CASES[name]
    torch.manual_seed(0)
    model = getattr(cm, name)()
    imported = import_and_compare(model, shape, sample(name, shape), name)
    found = [n.type for n in imported.project.graph]
    for type_name, count in types.items():
        assert found.count(type_name) == count, (type_name, found)
    assert "Identity" not in found


def node_params(name: str, shape: tuple[int, ...], type_name: str) -> dict:
    project = import_model(getattr(cm, name)(), shape, name)
    return next(n.params for n in project.graph if n.type == type_name)


def test_embedding_first_model_gets_a_token_input_of_its_vocabulary() -> None:
    params = node_params("NameClassifier", (20,), "Input")
    assert params["kind"] == "tokens" and params["length"] == 20
    assert params["vocab"] == cm.NameClassifier().embedding.num_embeddings


@pytest.mark.parametrize(
    "name, shape, type_name, expected",
    [
        ("NameClassifier", (20,), "GRU", {"output": "last", "num_layers": 2}),
        ("BiLSTM", (7, 6), "LSTM", {"output": "last", "bidirectional": True}),
        ("LastStep", (5, 4), "RNN", {"output": "last"}),
        ("Tagger", (5, 4), "GRU", {"output": "sequence"}),
        ("SeqFirstNames", (20,), "GRU", {"output": "last", "bidirectional": True}),
        ("SeqFirstTagger", (6, 4), "GRU", {"output": "sequence"}),
    ],
)
def test_recurrent_uses_map_to_the_output_mode(name, shape, type_name, expected) -> None:
    params = node_params(name, shape, type_name)
    assert {k: params[k] for k in expected} == expected


def line_of(cls: type, text: str) -> int:
    """The source line of ``text`` in ``cls`` (found in the file, independently)."""
    lines, start = inspect.getsourcelines(cls)
    return start + next(i for i, line in enumerate(lines) if text in line)


@pytest.mark.parametrize(
    "name, shape, call, text, reason",
    [
        ("Rolled", (4,), "torch.roll", "torch.roll(x", "no NetBuilder block"),
        ("BiLastStep", (5, 4), "indexing [:, -1]", "return out[:, -1]", "h_n[-2], h_n[-1]"),
        ("BackwardFirst", (5, 4), "torch.cat", "return torch.cat(", "forward then backward"),
    ],
)
def test_unsupported_call_is_one_sentence_with_path_and_line(
    name, shape, call, text, reason
) -> None:
    with pytest.raises(ImportModelError) as info:
        import_model(getattr(cm, name)(), shape, name)
    message = str(info.value)
    where = f"in {name}.forward (course_models.py line {line_of(getattr(cm, name), text)})"
    assert f"{call} {where}" in message and reason in message
    assert "\n" not in message and message.count(". ") == 0 and message.endswith(".")


def test_a_call_inside_a_submodule_names_the_submodule(tmp_path: Path) -> None:
    source = tmp_path / "nested.py"
    source.write_text(
        "from torch import nn\n\n\n"
        "class Nested(nn.Module):\n"
        "    def __init__(self):\n"
        "        super().__init__()\n"
        "        self.block = nn.Sequential(nn.Linear(4, 4), nn.Softplus())\n\n"
        "    def forward(self, x):\n"
        "        return self.block(x)\n",
        encoding="utf-8",
    )
    from netbuilder.core.importer import load_class

    with pytest.raises(ImportModelError) as info:
        import_model(load_class(f"{source}:Nested")(), (4,))
    assert "block.1 (Softplus) in block (Sequential)" in str(info.value)
    assert "no NetBuilder block computes Softplus" in str(info.value)


# -- the command line ------------------------------------------------------------------------
def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "netbuilder", *args], capture_output=True, text=True, timeout=300
    )


def test_cli_imports_a_token_model(tmp_path: Path) -> None:
    """An Embedding-first model: --input is the sequence length."""
    from netbuilder.core.document import load

    out = tmp_path / "names.json"
    proc = run_cli("import", f"{SOURCE}:NameClassifier", "--input", "20", "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    assert f"runs {SOURCE} as Python code" in proc.stderr.splitlines()[0]
    graph = load(out).graph
    assert Analysis(graph).totals().params == numel(cm.NameClassifier().parameters())
    first = graph.node(graph.sources()[0]).params
    assert (first["kind"], first["length"], first["vocab"]) == ("tokens", 20, 128)


def test_cli_unsupported_call_exits_1_with_one_line(tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    proc = run_cli("import", f"{SOURCE}:Rolled", "--input", "4", "-o", str(out))
    assert proc.returncode == 1
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 2 and f"runs {SOURCE}" in lines[0]  # the warning, the error
    line = line_of(cm.Rolled, "torch.roll(x")
    assert f"torch.roll in Rolled.forward (course_models.py line {line})" in lines[1]
    assert "Traceback" not in proc.stderr and not out.exists()


def test_a_forward_made_for_one_batch_size_is_refused_in_one_sentence() -> None:
    with pytest.raises(ImportModelError, match="takes any batch size") as info:
        import_model(cm.FixedBatch(batch_size=64), (5, 4))
    assert "[1, 64, 4]" in str(info.value) and "\n" not in str(info.value)
