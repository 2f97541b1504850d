"""`netbuilder summary` and `netbuilder presets` through the real console entry point."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from netbuilder.cli import main


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "netbuilder", *args], capture_output=True, text=True, timeout=120
    )


def test_summary_json_schema_and_lenet_numbers() -> None:
    proc = run_cli("summary", "lenet5", "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert set(data) == {
        "model",
        "input_shape",
        "total_params",
        "trainable_params",
        "total_flops",
        "nodes",
        "errors",
    }
    # Independent numbers from DESIGN §2 (the seeds' convention).
    assert data["total_params"] == 61_706
    assert data["total_flops"] == 416_520
    assert data["input_shape"] == [1, 28, 28]
    assert data["errors"] == []
    for node in data["nodes"]:
        assert set(node) == {
            "id",
            "type",
            "output_shape",
            "params",
            "flops",
            "error",
            "receptive_field",
        }
    assert data["nodes"][-1]["output_shape"] == [10]
    # The course's F(i) = (F(i+1) − 1)·stride + k, backwards from the last pool's unit:
    # pool 2/2 → 2, conv 5 → 6, pool 2/2 → 12, conv 5 → 16; vectors have none.
    fields = [n["receptive_field"] for n in data["nodes"]]
    flatten = [n["type"] for n in data["nodes"]].index("Flatten")
    assert fields[0] == [1, 1] and fields[flatten - 1] == [16, 16]
    assert fields[flatten:] == [None] * (len(fields) - flatten)


def test_summary_table_has_exact_totals(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["summary", "lenet5"]) == 0
    out = capsys.readouterr().out
    assert "Total params: 61,706 (61.7K)" in out
    assert "416,520" in out
    assert "net.0 (Conv2d)" in out and "6×28×28" in out


def test_summary_with_errors_exits_1_and_still_prints_json(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["summary", "lenet5", "--input", "1x4x4", "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["errors"], "a 4×4 input cannot pass two 5×5 convolutions"
    broken = [n for n in data["nodes"] if n["error"]]
    waiting = [n for n in data["nodes"] if n["output_shape"] is None and not n["error"]]
    assert len(broken) == 1 and "kernel" in broken[0]["error"]
    assert waiting, "downstream nodes wait instead of cascading errors"


@pytest.mark.parametrize(
    "args, fragment",
    [
        (["summary", "no_such_preset"], "neither a project file nor a preset"),
        (["summary", "lenet5", "--input", "3xAx4"], "not a shape"),
        (["summary", "lenet5", "--input", "3x224"], "needs 3 dimension"),
    ],
)
def test_usage_problems_exit_2_with_one_line(args: list[str], fragment: str) -> None:
    proc = run_cli(*args)
    assert proc.returncode == 2
    assert fragment in proc.stderr
    assert "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


def test_summary_of_a_corrupt_file_exits_2(tmp_path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "netbuilder", "version": 1, "graph": {"nodes": [', encoding="utf-8")
    before = bad.read_bytes()
    proc = run_cli("summary", str(bad))
    assert proc.returncode == 2
    assert "not valid JSON" in proc.stderr and "Traceback" not in proc.stderr
    assert bad.read_bytes() == before


def test_presets_lists_every_preset(capsys: pytest.CaptureFixture[str]) -> None:
    from netbuilder.core.presets import PRESET_NAMES

    assert main(["presets"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert [line.split()[0] for line in lines] == list(PRESET_NAMES)
    lenet = next(line for line in lines if line.startswith("lenet5"))
    # DESIGN's LeNet-5 numbers: 61,706 params, 416,520 multiply-adds (the unit is shown)
    assert "61.7K params" in lenet and "417K multiply-adds" in lenet


# -- every error is one clean line ----------------------------------------------------------------
_RAW_CONTROLS = ["\x1b", "\r", "\x00", "\u202e", "\u2066", "\x9b"]


def one_clean_line(proc: subprocess.CompletedProcess[str]) -> str:
    """The single stderr line of ``proc``: no raw control character, bounded, no traceback."""
    err = proc.stderr
    assert err.endswith("\n") and err.count("\n") == 1, repr(err[:500])
    assert "Traceback" not in err
    for char in _RAW_CONTROLS:
        assert char not in err, f"raw {char!r} on stderr"
    assert len(err) < 600, f"{len(err)} characters on stderr"
    return err.rstrip("\n")


def lenet_with(tmp_path, change) -> str:
    from netbuilder.core.presets import preset_text

    data = json.loads(preset_text("lenet5"))
    change(data)
    path = tmp_path / "net.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def test_escape_sequences_in_an_argument_are_shown_escaped() -> None:
    proc = run_cli("summary", "bad\x1b[2J\u202ename\rX")
    line = one_clean_line(proc)
    assert proc.returncode == 2
    assert "bad\\x1b[2J\\u202ename\\rX" in line


def test_a_19_mb_label_is_cut_not_echoed(tmp_path) -> None:
    label = "a" * (19 * 1024 * 1024)

    def long_label(data):
        data["graph"]["nodes"][1]["label"] = label

    path = lenet_with(tmp_path, long_label)
    before = open(path, "rb").read()
    proc = run_cli("summary", path)
    line = one_clean_line(proc)
    assert proc.returncode == 2
    assert "cannot name a layer" in line and "…" in line
    assert "$.graph.nodes[1].label" in line
    assert open(path, "rb").read() == before


def test_control_characters_from_a_file_are_shown_escaped(tmp_path) -> None:
    def hostile_key(data):
        data["graph"]["nodes"][1]["\x1b[2J\x00"] = 1

    proc = run_cli("summary", lenet_with(tmp_path, hostile_key))
    line = one_clean_line(proc)
    assert proc.returncode == 2 and "unknown key '\\x1b[2J\\x00'" in line


def test_a_command_line_mistake_is_one_line() -> None:
    proc = run_cli("summary")
    line = one_clean_line(proc)
    assert proc.returncode == 2 and "required: target" in line and "--help" in line
    proc = run_cli("summary", "lenet5", "--jsn")
    assert proc.returncode == 2 and "unrecognized arguments: --jsn" in one_clean_line(proc)


def test_export_of_an_invalid_graph_is_one_line(tmp_path) -> None:
    def cut(data):
        data["graph"]["edges"] = data["graph"]["edges"][1:]  # the first conv loses its input

    proc = run_cli("export", lenet_with(tmp_path, cut), "-o", str(tmp_path / "model.py"))
    line = one_clean_line(proc)
    assert proc.returncode == 1
    assert line.startswith("netbuilder: Cannot export this network: ") and "has no input" in line
    assert not (tmp_path / "model.py").exists()


def test_train_refusing_an_invalid_graph_says_so_compactly(tmp_path) -> None:
    def cut(data):
        data["graph"]["edges"] = data["graph"]["edges"][1:]

    proc = run_cli("train", lenet_with(tmp_path, cut), "--epochs", "1", "--out", str(tmp_path))
    line = one_clean_line(proc)
    assert proc.returncode == 2
    assert line.startswith("netbuilder: Cannot train this network: ") and "has no input" in line
    assert "before exporting" not in line


def test_import_says_it_runs_code_before_running_it(tmp_path) -> None:
    source = tmp_path / "mine.py"
    source.write_text(
        "import sys\nfrom torch import nn\n"
        "print('the module ran', file=sys.stderr, flush=True)\n"
        "class Net(nn.Sequential):\n"
        "    def __init__(self):\n        super().__init__(nn.Linear(4, 2))\n",
        encoding="utf-8",
    )
    out = tmp_path / "net.json"
    proc = run_cli("import", f"{source}:Net", "--input", "4", "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    lines = proc.stderr.splitlines()
    assert lines[0] == (
        f"netbuilder: import runs {source} as Python code: import only files you trust."
    )
    assert lines[1] == "the module ran"  # the warning came first
    assert out.exists()


@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="needs POSIX FIFOs")
def test_summary_refuses_a_fifo_and_dev_zero_with_one_line(tmp_path) -> None:
    import os

    fifo = tmp_path / "net.json"
    os.mkfifo(fifo)
    proc = run_cli("summary", str(fifo))  # a blocking open would hang until the timeout
    assert proc.returncode == 2 and "is a pipe, not a project file" in one_clean_line(proc)
    if os.path.exists("/dev/zero"):
        proc = run_cli("summary", "/dev/zero")
        assert proc.returncode == 2 and "is a device" in one_clean_line(proc)


def test_summary_leaves_torch_and_networkx_unimported() -> None:
    """``summary`` reads and analyses without torch or networkx (networkx is imported
    when a graph is first edited): a 20,000-layer summary does not pay ~0.3 s for it."""
    code = (
        "import sys\n"
        "from netbuilder.cli import main\n"
        "code = main(['summary', 'resnet18'])\n"
        "print(sorted(m for m in ('torch', 'networkx') if m in sys.modules), code)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.splitlines()[-1] == "[] 0"
