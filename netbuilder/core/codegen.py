"""Graph → readable PyTorch source, and compile = executing that very source.

``generate_code`` writes a module that imports only torch: one ``nn.Module`` class per
composite block type used, then the network class with named layers in ``__init__``
and a ``forward`` whose variables carry meaning. Layers named by module paths
(``features.0``) sit in ``nn.Sequential`` containers (:mod:`netbuilder.core.module_tree`),
so the ``state_dict`` keys are the layer names — torchvision's for its presets.
``compile_model`` executes exactly that text in a private namespace, so what the app
trains is what it exports and a checkpoint's ``state_dict`` keys are the attribute names
in the exported file.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, NamedTuple

from netbuilder import __version__
from netbuilder.core.analysis import Analysis
from netbuilder.core.blocks import GROUP_TYPE, Block, Composite, Group, GroupDef
from netbuilder.core.blocks.base import Shape
from netbuilder.core.blocks.composite import class_names
from netbuilder.core.blocks.group import group_class_name
from netbuilder.core.blocks.registry import get_block
from netbuilder.core.errors import NetBuilderError
from netbuilder.core.formatting import exact, shape_text
from netbuilder.core.graph import Graph
from netbuilder.core.groups import shell_graph
from netbuilder.core.literals import docstring_lines, py_str
from netbuilder.core.module_tree import Container, ModuleTree, build_tree, units
from netbuilder.core.naming import frozen_layers, layer_names

if TYPE_CHECKING:  # pragma: no cover
    from torch import nn

    from netbuilder.core.document import Project

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


#: Proper spellings of name parts (lower case → as the literature writes it); a part's
#: trailing digits are kept (``resnet34`` → ``ResNet34``). Any other part is capitalised.
SPELLINGS = {
    "lenet": "LeNet",
    "alexnet": "AlexNet",
    "vgg": "VGG",
    "nin": "NiN",
    "googlenet": "GoogLeNet",
    "resnet": "ResNet",
    "densenet": "DenseNet",
    "mobilenet": "MobileNet",
    "squeezenet": "SqueezeNet",
    "bn": "BN",
    "mlp": "MLP",
    "cnn": "CNN",
    "rnn": "RNN",
    "gru": "GRU",
    "lstm": "LSTM",
}


def class_name_for(name: str) -> str:
    """A PascalCase class name from a project name (``lenet5`` → ``LeNet5``).

    The name is cut into parts at every character that is not an ASCII letter or
    digit; each part is spelled as :data:`SPELLINGS` says (``googlenet`` →
    ``GoogLeNet``, ``mlp_mnist`` → ``MLPMnist``, ``char_rnn`` → ``CharRNN``) or else
    gets a capital first letter; a number after a number keeps an underscore
    (``squeezenet1_1`` → ``SqueezeNet1_1``). At most :data:`CLASS_NAME_MAX` characters are kept;
    ``Net`` when none is left. A name that a composite's class already has, in any
    case (``inception_mnist`` against ``InceptionMNIST``), gets ``Net`` appended, so one
    file never holds both.
    """
    parts = [w for w in re.split(r"[^0-9A-Za-z]+", name) if w]
    text = ""
    for part in parts:
        # digits after digits keep their separator: squeezenet1_1 → SqueezeNet1_1, not 11
        joint = "_" if part.isdigit() and text[-1:].isdigit() else ""
        text += joint + _spell(part)
    text = text or "Net"
    text = text if text[0].isalpha() else f"Net{text}"
    return _free_class_name(text[:CLASS_NAME_MAX])


def _spell(part: str) -> str:
    """One name part in its proper spelling (letters from :data:`SPELLINGS`, digits kept)."""
    match = re.fullmatch(r"([A-Za-z]+)([0-9]*)", part)
    if match and match.group(1).lower() in SPELLINGS:
        return SPELLINGS[match.group(1).lower()] + match.group(2)
    return part[:1].upper() + part[1:]


def _free_class_name(name: str) -> str:
    """``name``, or ``name + "Net"`` when it matches a composite class ignoring case."""
    taken = {n.lower() for n in class_names()} | {"torch", "nn"}
    return name + "Net" if name.lower() in taken else name


def project_code(
    project: Project, analysis: Analysis | None = None, weights: str | None = None
) -> str:
    """The module a project exports (``File > Export > PyTorch``) and the Code dock shows.

    Class named by :func:`class_name_for` from the project name, the description (or
    the name) as the docstring's first paragraph, and a ``__main__`` check (loading
    ``weights``, a file name beside the module, when given); one function so the live
    preview and the exported file are the same text.
    """
    title = f"{project.description or project.name} Generated by NetBuilder."
    return generate_code(
        project.graph,
        class_name_for(project.name),
        title=title,
        main=True,
        analysis=analysis,
        weights=weights,
    )


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

    class_name = _free_class_name(class_name)
    classes = _Classes(class_name)
    modules: dict[str, str] = {}  # node id → constructor expression
    plain_call: set[str] = set()  # nodes called as ``layer(x)`` (may chain in a Sequential)
    for nid in order:
        node = graph.node(nid)
        ins = [stats[e.src].shape for e in graph.incoming(nid) if e is not None]
        _add_module(nid, node.block, node.params, ins, classes, modules, plain_call)
    tree = build_tree(order, names, set(modules))
    init_lines = _init_lines(tree.root, modules)

    forward_lines = _forward(graph, order, names, tree, units(tree, graph, plain_call), output_id)

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
    sources = list(classes.sources.values())
    uses_torch = main or any("torch." in line for line in forward_lines + sources)
    stdlib = []
    if any("OrderedDict(" in line for line in init_lines + sources):
        stdlib.append("from collections import OrderedDict")
    if main and weights is not None:
        stdlib.append("from pathlib import Path")
    if stdlib:
        lines += [*stdlib, ""]
    if uses_torch:
        lines.append("import torch")
    lines += ["from torch import nn", "", ""]
    for source in sources:
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


def _add_module(
    nid: str,
    block: Block,
    params: dict,
    ins: Sequence[Shape],
    classes: _Classes,
    modules: dict[str, str],
    plain_call: set[str],
) -> None:
    """Record node ``nid``'s constructor expression (and the class it needs, if any)."""
    if isinstance(block, Group):
        expr: str | None = f"{classes.group(params['group'], tuple(ins))}()"
    else:
        if isinstance(block, Composite):
            classes.add(*block.torch_class(params))
        expr = block.torch_module(ins, params) if ins else None
    if expr is not None:
        modules[nid] = expr
        if len(ins) == 1 and block.torch_call("m", ["v"], params) == "m(v)":
            plain_call.add(nid)


class _Classes:
    """The classes a generated module defines before the network, each before its users.

    A user group becomes one class per definition and input shapes (its layers' sizes
    follow from them), named from the group's name (:func:`group_class_name`), made
    unique against the network's class, the composites' classes and each other.
    """

    def __init__(self, network: str) -> None:
        self.sources: dict[str, str] = {}
        self._groups: dict[tuple[GroupDef, tuple[Shape, ...]], str] = {}
        self._taken = {n.lower() for n in class_names()} | {"torch", "nn", network.lower()}

    def add(self, name: str, source: str) -> None:
        self.sources.setdefault(name, source)

    def group(self, definition: GroupDef, ins: tuple[Shape, ...]) -> str:
        """The class name of ``definition`` fed ``ins``; writes the class the first time."""
        key = (definition, ins)
        if key in self._groups:
            return self._groups[key]
        base = group_class_name(definition.name)
        name, n = base, 1
        while name.lower() in self._taken:
            n += 1
            name = f"{base}{n}" if base[-1:].isalpha() else f"{base}_{n}"
        self._taken.add(name.lower())
        self._groups[key] = name
        source = _group_class(definition, ins, name, self)  # nested classes first
        self.sources[name] = source
        return name


def _group_class(definition: GroupDef, ins: tuple[Shape, ...], name: str, classes: _Classes) -> str:
    """Source of the ``nn.Module`` class of a group fed ``ins``."""
    graph, input_ids = shell_graph(definition)
    names = layer_names(graph)
    order = graph.topological_order()
    results = {r.layer.name: r for r in get_block(GROUP_TYPE).run_inner(ins, {"group": definition})}
    modules: dict[str, str] = {}
    plain_call: set[str] = set()
    for nid in order:
        if nid in input_ids:
            continue
        node = graph.node(nid)
        layer_ins = results[definition.names[nid]].input_shapes
        _add_module(nid, node.block, node.params, layer_ins, classes, modules, plain_call)
    tree = build_tree(order, names, set(modules))
    inputs = {nid: names[nid] for nid in input_ids}
    chains = units(tree, graph, plain_call)
    forward = _forward(graph, order, names, tree, chains, definition.output, inputs)
    title = f"The group '{definition.name}', generated by NetBuilder."
    doc = docstring_lines(title, LINE - 8)
    lines = [
        f"class {name}(nn.Module):",
        f'{INDENT}"""' + f"\n{INDENT}".join(doc) + ('"""' if len(doc) == 1 else ""),
    ]
    if len(doc) > 1:
        lines.append(f'{INDENT}"""')
    lines += [
        "",
        f"{INDENT}def __init__(self):",
        f"{INDENT * 2}super().__init__()",
        *_init_lines(tree.root, modules),
        "",
        f"{INDENT}def forward(self, {', '.join(inputs[i] for i in input_ids)}):",
        *forward,
    ]
    return "\n".join(lines)


class _Step(NamedTuple):
    """One statement of ``forward``: a layer, or a container called as a whole."""

    out: str  # node id whose value the statement computes
    sources: list[str]  # node ids it reads
    call: Callable[[list[str]], str]  # argument names → expression
    name: str  # variable name when the value must be kept apart from ``x``


def _steps(
    graph: Graph, order: list[str], names: dict[str, str], tree: ModuleTree, chains: list
) -> list[_Step]:
    """The statements of ``forward`` in order; a chained container is one statement,
    placed where its first layer runs."""
    first_of = {c.leaves()[0]: c for c in chains}
    inside = {nid for c in chains for nid in c.leaves()}
    steps = []
    for nid in order:
        node = graph.node(nid)
        if not node.input_ports():
            continue
        if nid in first_of:
            container = first_of[nid]
            attr = tree.access_of(container)
            out = container.leaves()[-1]
            name = "_".join(container.path)
            steps.append(_Step(out, _sources(graph, nid), lambda a, f=attr: f"{f}({a[0]})", name))
        elif nid not in inside:
            attr = tree.access.get(nid, f"self.{names[nid]}")
            block, params = node.block, node.params

            def call(args: list[str], b=block, p=params, f=attr) -> str:
                return b.torch_call(f, args, p)

            steps.append(_Step(nid, _sources(graph, nid), call, names[nid].replace(".", "_")))
    return steps


def _sources(graph: Graph, nid: str) -> list[str]:
    return [e.src for e in graph.incoming(nid) if e is not None]


def _forward(
    graph: Graph,
    order: list[str],
    names: dict[str, str],
    tree: ModuleTree,
    chains: list,
    output_id: str,
    inputs: dict[str, str] | None = None,
) -> list[str]:
    """Statements of ``forward``: a chain reuses ``x``; branches get their layer names.

    ``inputs`` names the variable of each input node (a group's ``x1``, ``x2``); by
    default the one input is ``x``.
    """
    steps = _steps(graph, order, names, tree, chains)
    readers: dict[str, list[_Step]] = {}
    for step in steps:
        for src in step.sources:
            readers.setdefault(src, []).append(step)
    uses_left = Counter(src for step in steps for src in step.sources)
    if inputs is None:
        inputs = {next(nid for nid in order if not graph.node(nid).input_ports()): "x"}
    var: dict[str, str] = dict(inputs)
    taken = {"x", "self", "torch", "nn", *inputs.values()}
    # node whose value the name ``x`` holds
    live_x: str | None = next((nid for nid, v in inputs.items() if v == "x"), None)
    lines: list[str] = []
    for step in steps:
        args = [var[s] for s in step.sources]
        for s in step.sources:
            uses_left[s] -= 1
        if live_x is not None and uses_left.get(live_x, 0) == 0:
            live_x = None
        after = readers.get(step.out, [])
        chain = len(after) <= 1 and all(len(r.sources) == 1 for r in after)
        if step.out == output_id or (chain and live_x is None):
            out = "x"
            live_x = step.out
        else:
            out = _fresh(step.name, taken)
        var[step.out] = out
        lines.append(_wrap(f"{out} = ", step.call(args), 2))
    lines.append(f"{INDENT * 2}return {var[output_id]}")
    return lines


def _fresh(name: str, taken: set[str]) -> str:
    """``name``, or ``name_2``, ``name_3`` … when already a variable."""
    out, n = name, 1
    while out in taken:
        n += 1
        out = f"{name}_{n}"
    taken.add(out)
    return out


# -- __init__: layers and their containers ---------------------------------------------------
def _init_lines(root: Container, modules: dict[str, str]) -> list[str]:
    """``self.name = …`` per top-level layer or container (``nn.Sequential``)."""
    lines: list[str] = []
    for key, child in root.children.items():
        target = f"self.{key}"
        if not isinstance(child, Container):
            lines.append(_wrap(f"{target} = ", modules[child], 2))
        elif child.regular():
            lines += _container_expr(child, modules, f"{target} = ", "", 2)
        else:
            lines += _container_statements(child, target, modules)
    return lines


def _container_expr(
    container: Container, modules: dict[str, str], prefix: str, suffix: str, depth: int
) -> list[str]:
    """A regular container as one expression, laid out as ``ruff format`` keeps it (every
    item on its own line, with a magic trailing comma)."""
    indent = INDENT * depth
    if container.indexed():
        items = [("", child) for child in container.children.values()]
        head, tail, inner = [f"{indent}{prefix}nn.Sequential("], [f"{indent}){suffix}"], depth + 1
    else:
        items = [(f"{key}=", child) for key, child in container.children.items()]
        head = [f"{indent}{prefix}nn.Sequential(", f"{indent}{INDENT}OrderedDict("]
        tail, inner = [f"{indent}{INDENT})", f"{indent}){suffix}"], depth + 2
    body: list[str] = []
    for item_prefix, child in items:
        if isinstance(child, Container):
            body += _container_expr(child, modules, item_prefix, ",", inner)
        else:
            body.append(_wrap(item_prefix, modules[child], inner, ","))
    return head + body + tail


def _container_statements(container: Container, target: str, modules: dict[str, str]) -> list[str]:
    """A container whose names are neither ``0 … n−1`` nor all identifiers (``add_module``)."""
    lines = [f"{INDENT * 2}{target} = nn.Sequential()"]
    for position, (key, child) in enumerate(container.children.items()):
        call = f"{target}.add_module("
        if isinstance(child, Container) and not child.regular():
            lines.append(f"{INDENT * 2}{call}{py_str(key)}, nn.Sequential())")
            access = f"{target}.{key}" if key.isidentifier() else f"{target}[{position}]"
            lines += _container_statements(child, access, modules)[1:]
        elif isinstance(child, Container):
            lines += [f"{INDENT * 2}{call}", f"{INDENT * 3}{py_str(key)},"]
            lines += _container_expr(child, modules, "", ",", 3)
            lines.append(f"{INDENT * 2})")
        else:
            lines.append(_wrap("", f"{call}{py_str(key)}, {modules[child]})", 2))
    return lines


def _wrap(prefix: str, expr: str, depth: int, suffix: str = "") -> str:
    """``prefix + expr + suffix`` indented, split like ruff format when longer than 88
    characters."""
    indent = INDENT * depth
    line = indent + prefix + expr + suffix
    if len(line) <= LINE:
        return line
    match = re.fullmatch(r"([\w.]+)\((.*)\)", expr)
    if not match:
        return line
    func, inner = match.groups()
    one = f"{indent}{INDENT}{inner}"
    if len(one) <= LINE and "[" not in inner:
        return f"{indent}{prefix}{func}(\n{one}\n{indent}){suffix}"
    parts = _split_args(inner)
    body = "\n".join(f"{indent}{INDENT}{p}," for p in parts)
    return f"{indent}{prefix}{func}(\n{body}\n{indent}){suffix}"


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
    private namespace. The parameters of frozen nodes do not require gradients.
    """
    source = generate_code(graph, class_name)
    namespace: dict[str, object] = {"__name__": f"netbuilder_generated_{class_name}"}
    code = compile(source, f"<netbuilder {class_name}>", "exec")
    exec(code, namespace)  # noqa: S102 - our generated code, see docstring
    cls = namespace[_free_class_name(class_name)]
    model = cls()  # type: ignore[operator]
    for name in frozen_layers(graph):
        try:
            layer = model.get_submodule(name)  # a module path (features.0) too
        except AttributeError:  # an operation without a module (Add, Concat)
            continue
        layer.requires_grad_(False)
    model.netbuilder_source = source  # type: ignore[attr-defined]
    return model
