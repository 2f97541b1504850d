"""How fast is the layered layout? Run by hand: ``python bench/layout_speed.py``.

Goals: a 2,000-node network well under 1 s; a 20,000-node chain within a few seconds.
Cases: chains (2,000 and 20,000 nodes), ResNet-like networks with an identity skip
around every block (2,000 and 20,000 nodes: the skips become lanes of dummy nodes),
Inception-like networks of four-branch blocks (2,000 nodes), and GoogLeNet's preset.
Median and spread (min-max) of 5 runs each, pure Python on one thread.
"""

from __future__ import annotations

import platform
import statistics
import sys
import time
from collections.abc import Callable

from netbuilder.core.layout import layered_drawing, layered_positions
from netbuilder.core.presets import load_preset

RUNS = 5
Edges = list[tuple[int, int, int]]


def chain(n: int) -> tuple[list[int], Edges]:
    return list(range(n)), [(i, i + 1, 0) for i in range(n - 1)]


def resnet_like(n: int) -> tuple[list[int], Edges]:
    """conv → bn → relu → conv → bn → add(·, skip) → relu, repeated."""
    nodes, edges, prev, i = [0], [], 0, 1
    while len(nodes) < n:
        block = list(range(i, i + 6))
        nodes += block
        edges.append((prev, block[0], 0))
        edges += [(a, b, 0) for a, b in zip(block[:4], block[1:5], strict=True)]
        edges += [(prev, block[4], 1), (block[4], block[5], 0)]
        prev, i = block[5], i + 6
    return nodes, edges


def inception_like(n: int) -> tuple[list[int], Edges]:
    """Four branches of 1, 2, 2 and 2 layers joined by a concat, repeated."""
    nodes, edges, prev, i = [0], [], 0, 1
    while len(nodes) < n:
        ends = []
        for length in (1, 2, 2, 2):
            branch = list(range(i, i + length))
            nodes += branch
            i += length
            edges.append((prev, branch[0], 0))
            edges += [(a, b, 0) for a, b in zip(branch, branch[1:], strict=False)]
            ends.append(branch[-1])
        cat = i
        nodes.append(cat)
        i += 1
        edges += [(end, cat, port) for port, end in enumerate(ends)]
        prev = cat
    return nodes, edges


def timed(func: Callable[[], object]) -> tuple[float, float, float]:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times), max(times)


def main() -> None:
    print(f"Python {sys.version.split()[0]} on {platform.machine()}, one thread, {RUNS} runs")
    cases: list[tuple[str, Callable[[], object], float]] = []
    for name, make, n, goal in (
        ("chain", chain, 2_000, 1.0),
        ("chain", chain, 20_000, 5.0),
        ("resnet-like", resnet_like, 2_000, 1.0),
        ("resnet-like", resnet_like, 20_000, 5.0),
        ("inception-like", inception_like, 2_000, 1.0),
    ):
        nodes, edges = make(n)
        label = f"{name} {len(nodes):,} nodes"
        cases.append((label, lambda nodes=nodes, edges=edges: layered_drawing(nodes, edges), goal))
    graph = load_preset("googlenet").graph
    cases.append((f"GoogLeNet preset {len(graph)} nodes", lambda: layered_positions(graph), 1.0))
    print(f"{'case':34} {'median s':>9} {'min-max s':>15} {'goal s':>7} {'goal/median':>12}")
    for label, func, goal in cases:
        median, low, high = timed(func)
        print(
            f"{label:34} {median:9.3f} {low:7.3f}-{high:<7.3f} {goal:7.1f} {goal / median:11.1f}×"
        )


if __name__ == "__main__":
    main()
