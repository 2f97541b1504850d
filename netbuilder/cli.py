"""The ``netbuilder`` command: the app, and the same scenes headless.

Exit codes: 0 success, 1 the graph has errors, 2 a usage or file problem (one line on
stderr, never a traceback). Every error goes through :func:`report`: one line, control
characters escaped, long values cut.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from netbuilder import __version__
from netbuilder.core.errors import NetBuilderError
from netbuilder.core.formatting import error_line

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """A problem with the command line or its files (exit 2)."""


def report(error: BaseException | str, doing: str | None = None) -> None:
    """Print ``error`` on stderr as one line (``netbuilder: ...``), escaped and bounded."""
    print(f"netbuilder: {error_line(error, doing)}", file=sys.stderr, flush=True)


class _Parser(argparse.ArgumentParser):
    """argparse, but a command-line mistake is one line on stderr (exit 2)."""

    def error(self, message: str) -> NoReturn:
        report(f"{message} (see '{self.prog} --help')")
        raise SystemExit(EXIT_USAGE)


def load_target(target: str):
    """A :class:`~netbuilder.core.document.Project` from a preset name or a file path.

    A file is read first (a folder, device or pipe is refused right away, before the
    graph machinery is imported); a preset is used when no such file exists.
    """
    from pathlib import Path

    from netbuilder.core.reading import read_file

    if os.path.lexists(target) or Path(target).exists():
        raw = read_file(target)
        from netbuilder.core.document import loads

        return loads(raw)
    from netbuilder.core.presets import PRESET_NAMES, load_preset

    if target in PRESET_NAMES:
        return load_preset(target)
    names = ", ".join(PRESET_NAMES)
    raise UsageError(f"'{target}' is neither a project file nor a preset ({names}).")


def apply_input(project, text: str | None) -> None:
    """Change the Input node's shape to ``text`` (``3x224x224``)."""
    if text is None:
        return
    from netbuilder.core.blocks.io import input_shape_params
    from netbuilder.core.formatting import parse_shape

    try:
        shape = parse_shape(text)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    inputs = project.graph.sources()
    if len(inputs) != 1:
        raise UsageError("--input needs a network with exactly one Input block.")
    node = project.graph.node(inputs[0])
    try:
        changes = input_shape_params(node.params["kind"], shape)
    except ValueError as exc:
        raise UsageError(f"--input: {exc}") from None
    project.graph.set_params(node.id, changes)


def cmd_summary(args: argparse.Namespace) -> int:
    project = load_target(args.target)  # first: a bad file is refused without more imports
    apply_input(project, args.input)
    from netbuilder.core.analysis import analyse
    from netbuilder.core.summary import render_table, to_json

    analysis = analyse(project.graph)
    memory = None
    if args.batch_size is not None:
        from netbuilder.core.memory import training_memory

        if args.batch_size < 1:
            raise UsageError(f"--batch-size must be at least 1, not {args.batch_size}.")
        memory = training_memory(
            analysis,
            args.batch_size,
            args.optimizer or "adam",
            args.dtype or "float32",
            project.training.momentum,
        )
    elif args.optimizer is not None or args.dtype is not None:
        raise UsageError("--optimizer and --dtype need --batch-size N (the training batch).")
    if args.json:
        print(json.dumps(to_json(analysis, project.name, memory), indent=2))
    else:
        print(render_table(analysis, project.name, expand=args.expand, memory=memory))
    # valid means what export, compile and training accept; the graph-wide reasons are
    # not in the node table, so they go to stderr (one line each)
    for problem in analysis.graph_problems():
        report(problem)
    return EXIT_OK if not analysis.problems() else EXIT_INVALID


def cmd_compare(args: argparse.Namespace) -> int:
    from netbuilder.core.formatting import one_line

    first, second = load_target(args.a), load_target(args.b)  # bad files: before the analysis
    from netbuilder.core.compare import compare, render_table

    comparison = compare(first, second, names=(one_line(args.a), one_line(args.b)))
    if args.json:
        print(json.dumps(comparison.to_json(), indent=2))
    else:
        print(render_table(comparison))
    # the graph-wide reasons a network is invalid are in no table row: stderr, one line each
    for net in (comparison.a, comparison.b):
        for problem in net.graph_problems:
            report(f"{net.name}: {problem}")
    return EXIT_OK if comparison.valid else EXIT_INVALID


def cmd_presets(args: argparse.Namespace) -> int:
    from netbuilder.core.analysis import analyse
    from netbuilder.core.formatting import human, shape_text
    from netbuilder.core.presets import PRESET_NAMES, load_preset
    from netbuilder.core.summary import input_shape

    rows = []
    for name in PRESET_NAMES:
        project = load_preset(name)
        analysis = analyse(project.graph)
        totals = analysis.totals()
        rows.append(
            (
                name,
                shape_text(input_shape(analysis)),
                human(totals.params),
                human(totals.flops),
                project.description,
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    for r in rows:
        print(
            f"{r[0]:<{widths[0]}}  {r[1]:<{widths[1]}}  {r[2]:>{widths[2]}} params  "
            f"{r[3]:>{widths[3]}} multiply-adds  {r[4]}"
        )
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    project = load_target(args.target)
    apply_input(project, args.input)
    from netbuilder.core.codegen import CodegenError
    from netbuilder.core.memory import MemoryNeedError
    from netbuilder.export import WeightsMismatchError, export

    try:
        message = export(
            project, args.output, kind=args.kind, dataset=args.dataset, weights=args.weights
        )
    except CodegenError as exc:
        report(exc, doing="export")
        return EXIT_INVALID
    except WeightsMismatchError as exc:  # weights of another network
        report(exc)
        return EXIT_INVALID
    except MemoryNeedError as exc:  # the network itself is too large for this machine
        report(exc)
        return EXIT_INVALID
    print(message)
    return EXIT_OK


def cmd_train(args: argparse.Namespace) -> int:
    from netbuilder.train.cli_train import run_train

    project = load_target(args.target)
    apply_input(project, args.input)
    return run_train(project, args)


def cmd_import(args: argparse.Namespace) -> int:
    from netbuilder.core.document import save
    from netbuilder.core.formatting import parse_shape
    from netbuilder.core.importer import ImportModelError, import_model, load_class

    try:
        shape = parse_shape(args.input)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    file_name = args.source.rpartition(":")[0] or args.source
    report(f"import runs {file_name} as Python code: import only files you trust.")
    cls = load_class(args.source)
    try:
        model = cls()
    except Exception as exc:  # the user's constructor may raise anything
        raise UsageError(f"{cls.__name__}() failed: {type(exc).__name__}: {exc}") from None
    try:
        project = import_model(model, shape, name=cls.__name__)
    except ImportModelError as exc:  # the module itself cannot be imported: exit 1
        report(exc)
        return EXIT_INVALID
    save(project, args.output)
    print(f"wrote {args.output}: {len(project.graph)} blocks")
    return EXIT_OK


def cmd_gui(args: argparse.Namespace) -> int:
    try:
        from netbuilder.ui.app import run_app
    except ImportError as exc:
        # e.g. a server without the system libraries Qt needs (libEGL, libxkbcommon)
        raise UsageError(
            f"The NetBuilder window needs Qt (PySide6), which failed to load ({exc}). "
            "The other commands (summary, export, train) work without it."
        ) from None
    return run_app(file=args.file, preset=args.preset)


def build_parser() -> argparse.ArgumentParser:
    from netbuilder.export.kinds import KINDS

    parser = _Parser(
        prog="netbuilder",
        description="Design neural networks with exact shapes, params and FLOPs; train and "
        "export them as PyTorch. Without a command, opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"netbuilder {__version__}")
    sub = parser.add_subparsers(
        dest="command",
        metavar="COMMAND",
        description="'netbuilder [FILE | --preset NAME]' is short for 'netbuilder gui ...'.",
    )

    gui = sub.add_parser("gui", help="open the app (the default)")
    gui.add_argument("file", nargs="?", help="project file to open")
    gui.add_argument("--preset", help="preset to open")
    gui.set_defaults(func=cmd_gui)

    summary = sub.add_parser(
        "summary",
        help="per-layer shapes, params and FLOPs",
        description="Per-layer output shapes, params and FLOPs; with --json also each "
        "layer's receptive field ([h, w] input pixels, [n] for sequences, null for vectors).",
    )
    summary.add_argument("target", help="preset name or project file")
    summary.add_argument("--input", help="input shape without batch, e.g. 3x224x224")
    summary.add_argument("--json", action="store_true", help="machine-readable output")
    summary.add_argument(
        "--expand", action="store_true", help="also list layers inside composite blocks"
    )
    summary.add_argument(
        "--batch-size",
        type=int,
        metavar="N",
        help="also estimate the training memory for batches of N (per node and in total)",
    )
    summary.add_argument(
        "--optimizer",
        choices=("adam", "adamw", "sgd"),
        help="optimizer whose state the memory estimate counts (default adam)",
    )
    summary.add_argument(
        "--dtype",
        choices=("float32", "bfloat16", "float16"),
        help="dtype of weights and activations for the memory estimate (default float32)",
    )
    summary.set_defaults(func=cmd_summary)

    export = sub.add_parser(
        "export",
        help="write model.py, model.onnx or train.py",
        description="Export the network. The kind follows the file name: *.onnx is ONNX, "
        "train*.py a standalone training script, any other *.py the PyTorch module.",
    )
    export.add_argument("target", help="preset name or project file")
    export.add_argument("-o", "--output", required=True, help="model.py, model.onnx or train.py")
    export.add_argument("--kind", choices=KINDS, help="override the kind")
    export.add_argument(
        "--dataset", help="dataset of the training script (default: the project's dataset)"
    )
    export.add_argument("--input", help="input shape without batch, e.g. 3x224x224")
    export.add_argument(
        "--weights",
        metavar="RUN/model.pt",
        help="trained weights (a state_dict) for model.py (written beside it) or ONNX",
    )
    export.set_defaults(func=cmd_export)

    imp = sub.add_parser(
        "import",
        help="put an existing nn.Module onto the canvas (torch.fx)",
        description="Trace FILE.py:ClassName with torch.fx and write a project. FILE.py is run "
        "as 'python FILE.py' would run it (import only files you trust); ClassName() must "
        "take no arguments.",
    )
    imp.add_argument("source", metavar="FILE.py:ClassName")
    imp.add_argument("--input", required=True, help="input shape without batch, e.g. 1x28x28")
    imp.add_argument("-o", "--output", required=True, help="project file to write")
    imp.set_defaults(func=cmd_import)

    compare = sub.add_parser(
        "compare",
        help="two networks side by side: totals, params and FLOPs per stage",
        description="Compare network B with network A: totals (params, FLOPs, layers, "
        "input and output shapes) with B − A and B / A, then params and FLOPs per stage. "
        "A stage is a run of consecutive layers whose outputs have one spatial size "
        "(28×28, …; all sequences one, all vectors one); stages are paired by size where "
        "both networks have it, else by order, the final stages always together. "
        "Exit 1 when either network is invalid (as for 'summary').",
    )
    compare.add_argument("a", metavar="A", help="preset name or project file")
    compare.add_argument("b", metavar="B", help="preset name or project file")
    compare.add_argument("--json", action="store_true", help="machine-readable output")
    compare.set_defaults(func=cmd_compare)

    presets = sub.add_parser("presets", help="list the classic networks shipped with NetBuilder")
    presets.set_defaults(func=cmd_presets)

    from netbuilder.train.cli_train import add_train_arguments

    train = sub.add_parser("train", help="train the network (progress bar, final val_acc=...)")
    add_train_arguments(train)
    train.set_defaults(func=cmd_train)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``netbuilder`` console script."""
    parser = build_parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    commands = {"gui", "summary", "compare", "presets", "export", "train", "import"}
    if not argv or (argv[0] not in commands and argv[0] not in ("-h", "--help", "--version")):
        argv.insert(0, "gui")
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except (UsageError, NetBuilderError) as exc:
        report(exc)
        return EXIT_USAGE
    except KeyboardInterrupt:
        report("interrupted")
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except MemoryError:
        report("out of memory; the network or file is too large for this machine.")
        return EXIT_INVALID
    except Exception as exc:  # a bug: still one line, and a way to see the traceback
        if os.environ.get("NETBUILDER_DEBUG"):
            raise
        report(
            f"unexpected error ({type(exc).__name__}: {exc}); please report it "
            "(NETBUILDER_DEBUG=1 shows the traceback)."
        )
        return EXIT_INVALID


if __name__ == "__main__":
    raise SystemExit(main())
