"""Graph → readable PyTorch source, and compile = executing that very source.

``generate_code`` writes a module that imports only torch: one ``nn.Module`` class per
composite block type used, then the network class with named layers in ``__init__``
and a ``forward`` whose variables carry meaning. ``compile_model`` executes exactly that
text in a private namespace, so what the app trains is what it exports and a
checkpoint's ``state_dict`` keys are the attribute names in the exported file.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from netbuilder import __version__
from netbuilder.core.analysis import Analysis
from netbuilder.core.blocks import Composite
from netbuilder.core.blocks.composite import class_names
from netbuilder.core.errors import NetBuilderError
from netbuilder.core.formatting import exact, shape_text
from netbuilder.core.graph import Graph
from netbuilder.core.literals import docstring_lines, py_str
from netbuilder.core.naming import layer_names

if TYPE_CHECKING:  # pragma: no cover
    from torch import nn

LINE = 88
INDENT = "    "


class CodegenError(NetBuilderError):
    """The graph cannot be turned into code; ``problems`` lists every reason."""

    def __init__(self, problems: Sequence[str]) -> None:
        head = "The network has problems; fix them before exporting:"
        super().__init__(head + "".join(f"\n  - {p}" for p in problems))
        self.problems = list(problems)


#: Longest class name taken from a project name (the rest is cut).
CLASS_NAME_MAX = 40


def class_name_for(name: str) -> str:
    """A CamelCase class name from a project name (``lenet5`` → ``Lenet5``).

    Only ASCII letters and digits of the name are kept, at most
    :data:`CLASS_NAME_MAX` characters; ``Net`` when none is left. A name that a
    composite's class already has, in any case (``inception_mnist`` against
    ``InceptionMNIST``), gets ``Net`` appended, so one file never holds both.
    """
    words = [w for w in re.split(r"[^0-9A-Za-z]+", name) if w]
    text = "".join(w[:1].upper() + w[1:] for w in words) or "Net"
    text = text if text[0].isalpha() else f"Net{text}"
    return _free_class_name(text[:CLASS_NAME_MAX])


def _free_class_name(name: str) -> str:
    """``name``, or ``name + "Net"`` when it matches a composite class ignoring case."""
    taken = {n.lower() for n in class_names()} | {"torch", "nn"}
    return name + "Net" if name.lower() in taken else name


def check_exportable(graph: Graph, analysis: Analysis | None = None) -> Analysis:
    """Raise :class:`CodegenError` unless the graph is valid with one input and one output."""
    analysis = analysis or Analysis.snapshot(graph)
    problems = analysis.problems()  # the one notion of valid (summary, export, training)
    if problems:
        raise CodegenError(problems)
    return analysis


def generate_code(
    graph: Graph,
    class_name: str = "Net",
    *,
    title: str = "",
    main: bool = False,
    analysis: Analysis | None = None,
    weights: str | None = None,
) -> str:
    """Readable Python source of the network.

    Parameters
    ----------
    graph : Graph
        A valid graph with one Input and one output.
    class_name : str
        Name of the network class.
    title : str
        First paragraph of the module docstring (document text: escaped, never code).
    main : bool
        Append a ``__main__`` block that builds the model and prints its output shape
        for a random input.
    weights : str, optional
        File name of trained weights (a ``state_dict``) written beside the module: the
        docstring says how to load them and the ``__main__`` block loads them when the
        file exists.

    Raises
    ------
    CodegenError
        Listing every error of the graph.
    """
    analysis = check_exportable(graph, analysis)
    stats = analysis.all()
    names = layer_names(graph)
    order = graph.topological_order()
    input_id = graph.sources()[0]
    input_node = graph.node(input_id)
    output_id = (
        order[-1]
        if len(order) == 1
        else next(nid for nid in reversed(order) if not graph.successors(nid) and nid != input_id)
    )

    classes: dict[str, str] = {}
    init_lines: list[str] = []
    for nid in order:
        node = graph.node(nid)
        block = node.block
        ins = [stats[e.src].shape for e in graph.incoming(nid) if e is not None]
        if isinstance(block, Composite):
            cls, source = block.torch_class(node.params)
            classes.setdefault(cls, source)
        expr = block.torch_module(ins, node.params) if ins else None
        if expr is not None:
            init_lines.append(_wrap(f"self.{names[nid]} = ", expr, 2))
    class_name = _free_class_name(class_name)

    forward_lines = _forward(graph, order, names, input_id, output_id)

    total = analysis.totals()
    out_shape = stats[output_id].shape
    doc_title = title or f"{class_name}, generated by NetBuilder {__version__}."
    lines = [
        '"""' + "\n".join(docstring_lines(doc_title, LINE - 4)),
        "",
        f"Input: {shape_text(stats[input_id].shape)} per sample (batch first). "
        f"Output: {shape_text(out_shape)}.",
        f"Parameters: {exact(total.params)}. FLOPs: {exact(total.flops)} multiply-adds per sample.",
    ]
    if weights is not None:
        how = (
            f"Trained weights: {weights} beside this file. Load them with "
            f"model = {class_name}(); model.load_state_dict(torch.load('{weights}', "
            "weights_only=True)); model.eval()."
        )
        lines += ["", *docstring_lines(how, LINE - 4)]
    lines += ['"""', ""]
    uses_torch = main or any("torch." in line for line in forward_lines + list(classes.values()))
    if main and weights is not None:
        lines += ["from pathlib import Path", ""]
    if uses_torch:
        lines.append("import torch")
    lines += ["from torch import nn", "", ""]
    for source in classes.values():
        lines += [source, "", ""]
    lines += [
        f"class {class_name}(nn.Module):",
        f"{INDENT}def __init__(self):",
        f"{INDENT * 2}super().__init__()",
        *init_lines,
        "",
        f"{INDENT}def forward(self, x):",
        *forward_lines,
    ]
    if main:
        p = input_node.params
        if p["kind"] == "tokens":
            make = f"torch.randint(0, {p['vocab']}, (2, {p['length']}))"
        else:
            dims = ", ".join(str(d) for d in stats[input_id].shape or ())
            make = f"torch.randn(2, {dims})"
        lines += [
            "",
            "",
            'if __name__ == "__main__":',
            f"{INDENT}model = {class_name}()",
        ]
        if weights is not None:
            lines += [
                f"{INDENT}weights = Path(__file__).with_name({py_str(weights)})",
                f"{INDENT}if weights.exists():",
                f'{INDENT * 2}state = torch.load(weights, map_location="cpu", weights_only=True)',
                f"{INDENT * 2}model.load_state_dict(state)",
                f"{INDENT * 2}model.eval()",
                f'{INDENT * 2}print(f"loaded {{weights.name}}")',
            ]
        lines += [
            f"{INDENT}x = {make}",
            f"{INDENT}print(tuple(model(x).shape))",
        ]
    return "\n".join(lines) + "\n"


def _forward(
    graph: Graph, order: list[str], names: dict[str, str], input_id: str, output_id: str
) -> list[str]:
    """Statements of ``forward``: a chain reuses ``x``; branches get their layer names."""
    consumers = {nid: graph.successors(nid) for nid in order}
    uses_left = Counter(edge.src for edge in graph.edges)
    var: dict[str, str] = {input_id: "x"}
    live_x: str | None = input_id  # node whose value the name ``x`` holds
    lines: list[str] = []
    for nid in order:
        if nid == input_id:
            continue
        node = graph.node(nid)
        sources = [e.src for e in graph.incoming(nid) if e is not None]
        args = [var[s] for s in sources]
        for s in sources:
            uses_left[s] -= 1
        if live_x is not None and uses_left.get(live_x, 0) == 0:
            live_x = None
        succ = consumers[nid]
        chain = len(succ) <= 1 and all(len(graph.node(s).input_ports()) == 1 for s in succ)
        if nid == output_id or (chain and live_x is None):
            out = "x"
            live_x = nid
        else:
            out = names[nid]
        var[nid] = out
        expr = node.block.torch_call(f"self.{names[nid]}", args, node.params)
        lines.append(_wrap(f"{out} = ", expr, 2))
    lines.append(f"{INDENT * 2}return {var[output_id]}")
    return lines


def _wrap(prefix: str, expr: str, depth: int) -> str:
    """``prefix + expr`` indented, split like ruff format when longer than 88 characters."""
    indent = INDENT * depth
    line = indent + prefix + expr
    if len(line) <= LINE:
        return line
    match = re.fullmatch(r"([\w.]+)\((.*)\)", expr)
    if not match:
        return line
    func, inner = match.groups()
    one = f"{indent}{INDENT}{inner}"
    if len(one) <= LINE and "[" not in inner:
        return f"{indent}{prefix}{func}(\n{one}\n{indent})"
    parts = _split_args(inner)
    body = "\n".join(f"{indent}{INDENT}{p}," for p in parts)
    return f"{indent}{prefix}{func}(\n{body}\n{indent})"


def _split_args(text: str) -> list[str]:
    parts, depth, current = [], 0, ""
    for ch in text:
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append(current.strip())
            current = ""
        else:
            current += ch
    if current.strip():
        parts.append(current.strip())
    return parts


def compile_model(graph: Graph, class_name: str = "Net") -> nn.Module:
    """Execute :func:`generate_code`'s source and return a new instance of the network.

    The source is NetBuilder's own output, never text from a file; it is compiled in a
    private namespace.
    """
    source = generate_code(graph, class_name)
    namespace: dict[str, object] = {"__name__": f"netbuilder_generated_{class_name}"}
    code = compile(source, f"<netbuilder {class_name}>", "exec")
    exec(code, namespace)  # noqa: S102 - our generated code, see docstring
    cls = namespace[_free_class_name(class_name)]
    model = cls()  # type: ignore[operator]
    model.netbuilder_source = source  # type: ignore[attr-defined]
    return model
