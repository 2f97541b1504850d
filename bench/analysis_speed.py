"""How fast is the analysis? Run by hand: ``python bench/analysis_speed.py``.

1. Full analysis of VGG-16 and GoogLeNet at 3×224×224 (the presets, built from our blocks)
   next to ``torchinfo.summary`` of the torchvision model, in the same run. Goal ≥ 100×.
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


def compare_with_torchinfo() -> None:
    models = {
        "vgg16": lambda: torchvision.models.vgg16(weights=None),
        "googlenet": lambda: torchvision.models.googlenet(
            weights=None, aux_logits=False, init_weights=False
        ),
    }
    print("Full analysis at 3x224x224: NetBuilder vs torchinfo.summary (median)")
    print(f"{'model':<10} {'NetBuilder':>12} {'torchinfo':>12} {'ratio':>9}  params (ours / torch)")
    for name, make in models.items():
        graph = load_preset(name).graph
        ours = median_time(full_analysis(graph), 30)
        params = full_analysis(graph)().params  # type: ignore[attr-defined]
        model = make().eval()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            torchinfo.summary(model, input_size=(1, 3, 224, 224), verbose=0)  # warm-up

            def summary(model: torch.nn.Module = model) -> object:
                return torchinfo.summary(model, input_size=(1, 3, 224, 224), verbose=0)

            theirs = median_time(summary, 5)
        torch_params = sum(p.numel() for p in model.parameters())
        print(
            f"{name:<10} {fmt(ours)} {fmt(theirs)} {theirs / ours:8.0f}x  "
            f"{params:,} / {torch_params:,}"
        )
    # The same with reading the preset document, i.e. what `netbuilder summary` does.
    for name in models:
        with_load = median_time(lambda name=name: full_analysis(load_preset(name).graph)(), 10)
        print(f"{name:<10} load document + analyse: {fmt(with_load)}")


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
    torch.set_num_threads(max(1, min(2, os.cpu_count() or 1)))
    if "--scaling" not in sys.argv:
        compare_with_torchinfo()
        edit_timings()
    scaling()


if __name__ == "__main__":
    main()
