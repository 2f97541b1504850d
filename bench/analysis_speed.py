"""How fast is the analysis? Run by hand: ``python bench/analysis_speed.py``.

1. Cold full analysis (read the document + analyse) of every preset with a torchvision
   counterpart, and ResNet-18 at 64-448 px,
   next to ``torchinfo.summary`` of the torchvision model on one torch thread, in the same
   run. Goal ≥ 100× for every preset. "Cold" clears NetBuilder's process-wide memo caches
   (window geometry, composite plans, validated inner parameters) before every run, so
   nothing is reused from reading the same preset before; the "process warm" column
   reads the document afresh in a process that has seen it (what reopening costs).
2. A 2,000-node chain: one parameter edit plus the incremental update. Goal < 16 ms
   (one frame at 60 Hz). Also the worst case, an edit whose shape change runs down the
   whole chain, for scale.

Times are medians of several runs; the machine, Python and torch versions are printed.
"""

from __future__ import annotations

import os
import platform
import statistics
import sys
import time
import warnings
from collections.abc import Callable

import torch
import torchinfo
import torchvision

from netbuilder.core.analysis import Analysis
from netbuilder.core.graph import Graph
from netbuilder.core.presets import load_preset


def median_time(func: Callable[[], object], runs: int) -> float:
    """Median wall time of ``func()`` in seconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def full_analysis(graph: Graph) -> Callable[[], object]:
    def run() -> object:
        analysis = Analysis(graph)
        totals = analysis.totals()
        analysis.close()
        return totals

    return run


def fmt(seconds: float) -> str:
    return f"{seconds * 1e3:9.3f} ms"


#: Presets with a torchvision counterpart (built at 3×224×224, random weights).
TORCHVISION = {
    "alexnet": lambda: torchvision.models.alexnet(weights=None),
    "vgg11": lambda: torchvision.models.vgg11(weights=None),
    "vgg16": lambda: torchvision.models.vgg16(weights=None),
    "googlenet": lambda: torchvision.models.googlenet(
        weights=None, aux_logits=False, init_weights=False
    ),
    "resnet18": lambda: torchvision.models.resnet18(weights=None),
    "resnet50": lambda: torchvision.models.resnet50(weights=None),
    "vgg11_bn": lambda: torchvision.models.vgg11_bn(weights=None),
    "mobilenet_v2": lambda: torchvision.models.mobilenet_v2(weights=None),
    "squeezenet1_1": lambda: torchvision.models.squeezenet1_1(weights=None),
    "densenet121": lambda: torchvision.models.densenet121(weights=None),
}
GOAL = 100.0


def process_caches() -> list[Callable[[], None]]:
    """``cache_clear`` of every memo cache (``functools.lru_cache``) in NetBuilder's modules."""
    clears = []
    for module_name, module in list(sys.modules.items()):
        if module_name.split(".")[0] != "netbuilder":
            continue
        for value in vars(module).values():
            if hasattr(value, "cache_clear") and hasattr(value, "cache_info"):
                clears.append(value.cache_clear)
    return clears


def cold_analysis(name: str, clear: bool = True) -> Callable[[], object]:
    """What ``netbuilder summary PRESET`` computes: read the document, analyse it afresh
    (with ``clear``, after clearing the process's memo caches, outside the timing)."""
    full_analysis(load_preset(name).graph)()  # every module imported: all caches known
    clears = process_caches() if clear else []

    def run() -> object:
        return full_analysis(load_preset(name).graph)()

    def cold() -> object:
        for clear_cache in clears:
            clear_cache()
        start = time.perf_counter()
        run()
        return time.perf_counter() - start

    return cold if clear else run


def samples(func: Callable[[], object], runs: int) -> list[float]:
    """Wall times of ``runs`` calls, in seconds (a call returning a float times itself)."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        timed = func()
        elapsed = time.perf_counter() - start
        times.append(timed if isinstance(timed, float) else elapsed)
    return times


def compare_with_torchinfo() -> bool:
    """Cold analysis of every torchvision preset next to torchinfo, one torch thread."""
    torch.set_num_threads(1)
    available = [name for name in TORCHVISION if name in preset_names()]
    print(
        "Cold full analysis (read the preset + analyse, process memo caches cleared) vs "
        "torchinfo.summary of the torchvision model, 3x224x224, torch threads 1; "
        "median [min-max] of 15 (torchinfo 5); goal >= 100x, judged on the worst pair "
        "(slowest of ours, fastest of theirs)"
    )
    print(
        f"{'model':<14} {'NetBuilder cold':>26} {'torchinfo':>28} {'ratio':>8}  "
        f"{'process warm':>12}  params ours / torch"
    )
    ok = True
    for name in available:
        model = TORCHVISION[name]().eval()
        ours = samples(cold_analysis(name), 15)
        warm = samples(cold_analysis(name, clear=False), 15)
        params = full_analysis(load_preset(name).graph)().params  # type: ignore[attr-defined]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            torchinfo.summary(model, input_size=(1, 3, 224, 224), verbose=0)  # warm-up

            def summary(model: torch.nn.Module = model) -> object:
                return torchinfo.summary(model, input_size=(1, 3, 224, 224), verbose=0)

            theirs = samples(summary, 5)
        ratio = statistics.median(theirs) / statistics.median(ours)
        worst = min(theirs) / max(ours)
        ok &= worst >= GOAL
        torch_params = sum(p.numel() for p in model.parameters())
        warm_ratio = statistics.median(theirs) / statistics.median(warm)
        print(
            f"{name:<14} {_ms(ours):>26} {_ms(theirs):>28} {ratio:7.0f}x  "
            f"{warm_ratio:11.0f}x  {params:,} / {torch_params:,}  (worst pair {worst:.0f}x)"
        )
    missing = sorted(set(TORCHVISION) - set(available))
    if missing:
        print(f"  (no preset yet for: {', '.join(missing)})")
    print(f"goal >= {GOAL:.0f}x for every preset, worst pair: {'met' if ok else 'NOT met'}")
    return ok


def resolution_sweep(name: str = "resnet18") -> None:
    """ResNet-18 at several input sizes: torchinfo grows with pixels, the analysis does not."""
    from netbuilder.core.document import from_dict, to_dict

    torch.set_num_threads(1)
    print()
    print(
        f"{name} by input resolution (cold analysis, caches cleared, vs torchinfo, "
        "torch threads 1):"
    )
    base = to_dict(load_preset(name))
    entry = next(n for n in base["graph"]["nodes"] if n["type"] == "Input")
    model = TORCHVISION[name]().eval()
    clears = process_caches()
    for side in (64, 128, 224, 448):
        entry.setdefault("params", {}).update(height=side, width=side)

        def ours(data: dict = base, clears: list = clears) -> object:
            for clear_cache in clears:  # cold: nothing memoised from the last run
                clear_cache()
            start = time.perf_counter()
            full_analysis(from_dict(data).graph)()
            return time.perf_counter() - start

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")

            def theirs(model: torch.nn.Module = model, side: int = side) -> object:
                return torchinfo.summary(model, input_size=(1, 3, side, side), verbose=0)

            theirs()
            t = samples(theirs, 5)
        o = samples(ours, 15)
        print(
            f"  {side:>4}x{side:<4} {_ms(o):>26} {_ms(t):>28} "
            f"{statistics.median(t) / statistics.median(o):7.0f}x"
        )


def _ms(times: list[float]) -> str:
    return (
        f"{statistics.median(times) * 1e3:8.2f} ms [{min(times) * 1e3:.2f}-{max(times) * 1e3:.2f}]"
    )


def preset_names() -> list[str]:
    from netbuilder.core.presets import PRESET_NAMES

    return list(PRESET_NAMES)


def chain(kind: str, length: int = 2000) -> tuple[Graph, Analysis, list[str]]:
    graph = Graph()
    if kind == "linear":
        prev = graph.add_node("Input", {"kind": "vector", "features": 64})
    else:
        prev = graph.add_node("Input", {"channels": 8, "height": 32, "width": 32})
    ids = [prev]
    for i in range(length - 1):
        if i % 2 == 0:
            if kind == "linear":
                nid = graph.add_node("Linear", {"out_features": 64})
            else:
                nid = graph.add_node("Conv2d", {"out_channels": 8, "padding": 1})
        else:
            nid = graph.add_node("ReLU")
        graph.connect(prev, nid)
        ids.append(nid)
        prev = nid
    analysis = Analysis(graph)
    analysis.update()
    return graph, analysis, ids


def edit_timings() -> None:
    print()
    print("2,000-node chain: one parameter edit + incremental update (median of 50)")
    graph, analysis, ids = chain("linear")
    start = time.perf_counter()
    Analysis(graph).update()
    print(f"  full analysis of the chain (reference):          {fmt(time.perf_counter() - start)}")
    middle = ids[1001]
    assert graph.node(middle).type == "Linear"
    values = iter([32, 64] * 100)

    def edit_width() -> None:
        graph.set_params(middle, {"out_features": next(values)})
        analysis.update()

    t = median_time(edit_width, 50)
    print(f"  Linear/ReLU, out_features of node 1001:      {fmt(t)}  ({analysis.recomputed} nodes)")
    flags = iter([False, True] * 100)

    def edit_bias() -> None:
        graph.set_params(middle, {"bias": next(flags)})
        analysis.update()

    t = median_time(edit_bias, 50)
    print(f"  Linear/ReLU, bias of node 1001:              {fmt(t)}  ({analysis.recomputed} nodes)")

    graph, analysis, ids = chain("conv")
    first = ids[1]
    kernels = iter([5, 3] * 100)

    def edit_kernel() -> None:
        graph.set_params(first, {"kernel_size": next(kernels)})
        analysis.update()

    t = median_time(edit_kernel, 20)
    print(
        f"  Conv2d/ReLU, kernel of the FIRST conv (worst case,\n"
        f"    the new shape runs down all 2,000 nodes):      {fmt(t)}  "
        f"({analysis.recomputed} nodes)"
    )
    assert analysis.stats(ids[-1]).shape in ((8, 32 - 2, 32 - 2), (8, 32, 32))


def spread(func: Callable[[], object], runs: int) -> str:
    """Median and min–max of ``runs`` wall times, in ms."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append((time.perf_counter() - start) * 1e3)
    return f"{statistics.median(times):7.3f} ms [{min(times):6.3f}–{max(times):6.3f}]"


def scaling_row(length: int) -> str:
    """Bias edit and unlink + relink in the middle of a ``length``-node chain."""
    graph, analysis, ids = chain("linear", length)
    middle = ids[length // 2 + 1]  # Linear at odd positions
    assert graph.node(middle).type == "Linear"
    flags = iter([False, True] * 100)
    edge = graph.outgoing(middle)[0]

    def edit_bias() -> None:
        graph.set_params(middle, {"bias": next(flags)})
        analysis.update()

    def relink() -> None:
        graph.disconnect(edge)
        graph.connect(edge.src, edge.dst, edge.port)
        analysis.update()

    row = f"  {length:>7,}  {spread(edit_bias, 21):>33}  {spread(relink, 21):>33}"
    analysis.close()
    return row


def scaling() -> None:
    """Edits that change no downstream shape cost the same at any size (issue 11)."""
    print()
    print("Edits that keep downstream shapes, by chain length (median [min–max] of 21 runs):")
    print(f"  {'nodes':>7}  {'bias of the middle Linear':>33}  {'unlink + relink, one update':>33}")
    for length in (200, 2_000, 20_000):
        print(scaling_row(length))


def main() -> None:
    print(
        f"Python {sys.version.split()[0]}, torch {torch.__version__}, "
        f"torchvision {torchvision.__version__}, torchinfo {torchinfo.__version__}, "
        f"{platform.machine()} x{os.cpu_count()} ({platform.processor() or platform.system()})"
    )
    if "--scaling" not in sys.argv:
        compare_with_torchinfo()
        resolution_sweep()
        edit_timings()
    scaling()


if __name__ == "__main__":
    main()
