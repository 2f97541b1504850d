"""Document text in generated code: only escaped literals, never code (issue 9 item 1).

Names, descriptions, labels and parameter strings reach ``model.py`` and ``train.py``;
whatever they hold, the files parse, running or importing them never runs that text,
and they pass ``ruff check`` and ``ruff format --check`` with default settings.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netbuilder.core.builder import Builder
from netbuilder.core.document import Project
from netbuilder.core.errors import GraphError
from netbuilder.core.literals import docstring_lines, py_literal, py_str
from netbuilder.export import export_python
from netbuilder.train.script import export_train_script, train_script_source
from tests.codegen_helpers import assert_ruff_clean

#: Every character, lone surrogates and unassigned code points included.
ANY_CHAR = st.characters(codec=None, exclude_categories=())
ANY_TEXT = st.text(ANY_CHAR, max_size=60)


def hostile_texts(marker: Path) -> list[str]:
    """Texts that would run ``open(marker, "w")`` if they escaped their literal."""
    run = f"open({str(marker)!r}, 'w').close()"
    return [
        f'closes the docstring """\n{run}\n"""',
        f"closes a single-quoted one '''\n{run}\n'''",
        f'ends a literal "; {run}; "',
        f"ends a literal '; {run}; '",
        f"ends a comment\n{run}\n#",
        f"carriage return\r{run}\r",
        f"line separators\u2028{run}\u2029{run}\x85{run}\x0c{run}\x0b",
        "a trailing backslash \\",
        "C:\\Users\\me\\nets and \\N{BULLET} \\x41 \\u0041 \\",
        "NUL \x00 and ESC \x1b[2J and DEL \x7f",
        "lone surrogates \ud800 \udfff and bidi \u202e\u2066 overrides",
        "wide 😀 é × ∑ text and ‘quotes’ “curly”",
        '"' * 7,
        "'" * 7,
        "",
    ]


def small_project(name: str, description: str) -> Project:
    """An image network for 1×8×8 digits, with a string parameter (``padding="same"``)."""
    b = Builder()
    b.add("Input", channels=1, height=8, width=8)
    b.add("Conv2d", out_channels=2, kernel_size=3, padding="same")
    b.add("ReLU")
    b.add("Flatten")
    b.add("Linear", out_features=10)
    return b.project(name, description=description)


def collapsed(text: str) -> str:
    return " ".join(text.split())


RUNNER = r"""
import json, runpy, sys
for path in json.load(open(sys.argv[1])):
    if path.endswith("model.py"):
        runpy.run_path(path, run_name="__main__")  # builds the model, prints its shape
    else:
        module = runpy.run_path(path, run_name="imported")  # module level runs
        sys.argv = [path]
        module["parse_args"]()  # reads __doc__
"""


def test_hostile_names_and_descriptions_never_run(tmp_path: Path) -> None:
    marker = tmp_path / "marker"
    paths = []
    for i, text in enumerate(hostile_texts(marker)):
        project = small_project(text, text)
        folder = tmp_path / f"case{i}"
        folder.mkdir()
        model = folder / "model.py"
        train = folder / "train.py"
        source = export_python(project, model)
        script = export_train_script(project, train, dataset="digits")
        for code in (source, script):  # no raw control, separator or surrogate anywhere
            assert code.replace("\n", "").isprintable()
        # the text survives as text: the docstring holds it (whitespace collapsed) ...
        assert collapsed(text) in collapsed(ast.get_docstring(ast.parse(source)))
        # ... and the comment of train.py holds it as a literal equal to the name
        comment = next(line for line in script.splitlines() if line.startswith("# -- the network"))
        literal = comment.split("from ", 1)[1].rsplit(")", 1)[0]
        assert ast.literal_eval(literal) == (text or "model")
        paths += [str(model), str(train)]
    (tmp_path / "paths.json").write_text(json.dumps(paths), encoding="utf-8")
    (tmp_path / "runner.py").write_text(RUNNER, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}  # no netbuilder
    env["OMP_NUM_THREADS"] = "1"
    proc = subprocess.run(
        [sys.executable, str(tmp_path / "runner.py"), str(tmp_path / "paths.json")],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=tmp_path,
        env=env,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["(2,", "10)"] * (len(paths) // 2)
    assert not marker.exists(), "document text ran as code"
    assert_ruff_clean(*(Path(p) for p in paths))


def test_labels_cannot_carry_code() -> None:
    b = Builder()
    x = b.add("Input", kind="vector", features=4)
    for label in (
        'a"\nimport os',
        "a b",
        "1a",
        "a;b",
        "é\u202e",
        "ｃｌａｓｓ",
        "a\u200db",
        "a\u2028b",
        "class",
        "self",
    ):
        with pytest.raises(GraphError):
            b.graph.add_node("Linear", {"out_features": 2}, label=label)
    assert len(b.graph) == 1 and b.graph.node(x)


@given(ANY_TEXT)
@settings(max_examples=400, deadline=None)
def test_py_str_is_an_exact_single_line_literal(text: str) -> None:
    literal = py_str(text)
    assert ast.literal_eval(literal) == text
    assert literal.isprintable()  # no line break, control, separator or surrogate
    body = literal[1:-1]
    assert literal[0] not in body.replace("\\" + literal[0], "").replace("\\\\", "")


@given(ANY_TEXT, st.integers(10, 88))
@settings(max_examples=300, deadline=None)
def test_docstring_lines_cannot_close_the_docstring(text: str, width: int) -> None:
    lines = docstring_lines(text, width)
    source = '"""' + "\n".join(lines) + '\n"""\n'
    tree = ast.parse(source)
    assert len(tree.body) == 1
    assert " ".join(ast.get_docstring(tree).split()) == collapsed(text)
    assert all(line.isprintable() for line in lines)


@given(
    values=st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | ANY_TEXT,
        lambda inner: (
            st.lists(inner, max_size=3)
            | st.tuples(inner)
            | st.dictionaries(ANY_TEXT, inner, max_size=3)
        ),
        max_leaves=8,
    )
)
@settings(max_examples=300, deadline=None)
def test_py_literal_gives_back_the_value(values: object) -> None:
    namespace: dict = {}
    exec(f"VALUE = {py_literal(values)}", namespace)  # noqa: S102 - our literal, checked here
    assert _same(namespace["VALUE"], values)


def _same(a: object, b: object) -> bool:
    if isinstance(b, float) and b != b:
        return isinstance(a, float) and a != a
    if isinstance(b, list | tuple):
        return type(a) is type(b) and len(a) == len(b) and all(map(_same, a, b))
    if isinstance(b, dict):
        return (
            isinstance(a, dict) and list(a) == list(b) and all(map(_same, a.values(), b.values()))
        )
    return type(a) is type(b) and a == b


@given(
    names=st.lists(ANY_TEXT, min_size=3, max_size=3),
    descriptions=st.lists(ANY_TEXT, min_size=3, max_size=3),
    strings=st.lists(ANY_TEXT, min_size=20, max_size=20),
)
@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_random_text_exports_parse_and_pass_ruff(
    names: list[str], descriptions: list[str], strings: list[str], tmp_path_factory
) -> None:
    tmp = tmp_path_factory.mktemp("text")
    files = []
    for i, (name, description) in enumerate(zip(names, descriptions, strict=True)):
        project = small_project(name, description)
        model = tmp / f"model{i}.py"
        source = export_python(project, model)
        assert " ".join(ast.get_docstring(ast.parse(source)).split()).startswith(
            collapsed(description or name)
        )
        script = train_script_source(project, "digits")
        ast.parse(script)
        (tmp / f"train{i}.py").write_text(script, encoding="utf-8")
        files += [model, tmp / f"train{i}.py"]
    # string literals are quoted as ruff format quotes them (double unless single needs
    # fewer backslashes); a long one stays on its line
    constants = tmp / "constants.py"
    lines = [f"VALUE_{i} = {py_str(text)}" for i, text in enumerate(strings)]
    constants.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert_ruff_clean(*files, constants)
