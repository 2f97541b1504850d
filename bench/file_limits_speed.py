"""Speed of the file limits: ``python bench/file_limits_speed.py [--runs 5]``.

1. ``netbuilder summary FILE`` of a 50,000-node chain (the documented maximum of a
   project file) in a real process, as a user waits for it. Goal < 5 s.
   Also its parts in-process: read + validate (``load``), analysis, table.
2. The summary table of a 20,000-layer chain (``render_table``, names included).
   Goal < 1 s. ``layer_names`` at 2,000 and 20,000 layers side by side: linear means
   the ratio is about 10 (it was quadratic: ~100).
3. Refusing ``/dev/zero`` and a FIFO without writer: ``load`` in-process and the whole
   ``netbuilder summary`` process. Goal < 1 s.
4. ``netbuilder export`` of the 20,000-layer chain to a ``.py`` next to ``netbuilder
   summary`` of it, both real processes, run alternately. Goal: export ≤ 3× summary
   (code generation linear in the graph).

Every figure is the median and spread (min–max) over ``--runs`` runs, wall time and,
for the in-process parts, CPU time of this process (the machine may be shared: CPU time
is what the work costs, wall time what a user waits). One thread: nothing here uses torch.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from netbuilder.core.analysis import analyse
from netbuilder.core.document import MAX_NODES, Project, load, save
from netbuilder.core.errors import DocumentError
from netbuilder.core.graph import Graph
from netbuilder.core.naming import _compute_names as compute_names  # not the memo
from netbuilder.core.summary import render_table


def chain(n: int) -> Graph:
    """Input (vector 16) followed by n - 1 alternating Linear(16) and ReLU blocks."""
    graph = Graph()
    prev = graph.add_node("Input", {"kind": "vector", "features": 16}, "", (0.0, 0.0))
    for i in range(n - 1):
        kind = "Linear" if i % 2 == 0 else "ReLU"
        params = {"out_features": 16} if kind == "Linear" else {}
        node = graph.add_node(kind, params, "", (i * 240.0, 0.0))
        graph.connect(prev, node)
        prev = node
    return graph


def measure(func: Callable[[], object], runs: int) -> tuple[list[float], list[float]]:
    """Wall and CPU seconds of ``runs`` calls of ``func``."""
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        func()
        cpus.append(time.process_time() - cpu)
        walls.append(time.perf_counter() - wall)
    return walls, cpus


def measure_process(args: list[str], runs: int) -> tuple[list[float], list[float], int]:
    """Wall and CPU (user + system) seconds of a real ``python -m netbuilder`` process."""
    walls, cpus, code = [], [], 0
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        wall = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-m", "netbuilder", *args], capture_output=True, timeout=600
        )
        walls.append(time.perf_counter() - wall)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        code = proc.returncode
    return walls, cpus, code


def spread(values: list[float]) -> str:
    return f"{_t(statistics.median(values))} (min {_t(min(values))}, max {_t(max(values))})"


def _t(seconds: float) -> str:
    return f"{seconds * 1e3:8.1f} ms" if seconds < 1 else f"{seconds:8.2f} s "


def verdict(values: list[float], goal: float) -> str:
    """Goal met only when the slowest run meets it; otherwise say by how much it misses."""
    worst, median = max(values), statistics.median(values)
    if worst < goal:
        return f"goal < {goal:g} s: met (slowest run {worst / goal:.2f}× the goal)"
    if median < goal:
        return f"goal < {goal:g} s: median meets it, slowest run misses ({worst / goal:.2f}×)"
    return f"goal < {goal:g} s: MISSED (median {median / goal:.2f}× the goal)"


def line(label: str, values: list[float], extra: str = "") -> None:
    print(f"  {label:<44} {spread(values)}  {extra}")


def bench_summary(runs: int, folder: Path) -> None:
    print(f"1. summary of a {MAX_NODES:,}-node chain")
    path = folder / "chain50k.json"
    save(Project(graph=chain(MAX_NODES), name="chain50k"), path)
    print(f"   file: {path.stat().st_size / 1e6:.1f} MB")
    walls, cpus, code = measure_process(["summary", str(path)], runs)
    line("netbuilder summary (process, wall)", walls, verdict(walls, 5.0))
    line("netbuilder summary (process, CPU)", cpus, verdict(cpus, 5.0))
    print(f"   exit code {code}")
    project = load(path)
    parts: dict[str, Callable[[], object]] = {
        "load (read + validate + build)": lambda: load(path),
        "analysis (fresh)": lambda: analyse(project.graph),
    }
    analysis = analyse(project.graph)
    parts["table (render_table)"] = lambda: render_table(analysis, project.name)
    for label, func in parts.items():
        walls, cpus = measure(func, runs)
        line(f"{label}, wall", walls)
        line(f"{label}, CPU", cpus)


def bench_table(runs: int, folder: Path) -> None:
    print("2. summary table and layer names")
    graph = chain(20_000)
    path = folder / "chain20k.json"
    save(Project(graph=graph, name="chain20k"), path)
    walls, cpus, code = measure_process(["summary", str(path)], runs)
    line("netbuilder summary 20,000 layers (process, wall)", walls, verdict(walls, 1.0))
    line("netbuilder summary 20,000 layers (process, CPU)", cpus, verdict(cpus, 1.0))
    project = load(path)
    for label, func in (
        ("  of which load", lambda: load(path)),
        ("  of which analysis", lambda: analyse(project.graph)),
    ):
        line(f"{label}, CPU", measure(func, runs)[1])
    analysis = analyse(graph)
    walls, cpus = measure(lambda: render_table(analysis, "chain20k"), runs)
    line("render_table, 20,000 layers, wall", walls, verdict(walls, 1.0))
    line("render_table, 20,000 layers, CPU", cpus, verdict(cpus, 1.0))
    small = chain(2_000)
    # the computation itself: layer_names() keeps its result until nodes, links or labels
    # change, so calling it again would time a dict copy
    cpu_small = measure(lambda: compute_names(small), runs)[1]
    cpu_big = measure(lambda: compute_names(graph), runs)[1]
    line("layer_names, 2,000 layers, CPU", cpu_small)
    line("layer_names, 20,000 layers, CPU", cpu_big)
    ratio = statistics.median(cpu_big) / statistics.median(cpu_small)
    print(f"   20,000 / 2,000 layers: {ratio:.1f}× (linear: ~10×, quadratic: ~100×)")


def bench_refusals(runs: int, folder: Path) -> None:
    print("3. refusing what is not a project file")
    targets = {"/dev/zero": Path("/dev/zero")}
    if hasattr(os, "mkfifo"):
        fifo = folder / "pipe.json"
        os.mkfifo(fifo)
        targets["a FIFO without writer"] = fifo

    def refuse(target: Path) -> None:
        try:
            load(target)
        except DocumentError:
            return
        raise AssertionError(f"{target} was not refused")

    for name, target in targets.items():
        if not target.exists():
            continue
        walls, cpus = measure(lambda t=target: refuse(t), runs)
        line(f"load({name}), wall", walls, verdict(walls, 1.0))
        walls, cpus, code = measure_process(["summary", str(target)], runs)
        line(f"netbuilder summary {name}, wall", walls, verdict(walls, 1.0))
        print(f"   exit code {code}")


def bench_export(runs: int, folder: Path) -> None:
    print("4. export of a 20,000-layer chain next to its summary (processes, alternately)")
    path = folder / "chain20k_export.json"
    save(Project(graph=chain(20_000), name="chain20k"), path)
    target = folder / "chain20k.py"
    exports: tuple[list[float], list[float]] = ([], [])
    summaries: tuple[list[float], list[float]] = ([], [])
    for _ in range(runs):
        for args, into in (
            (["export", str(path), "-o", str(target)], exports),
            (["summary", str(path)], summaries),
        ):
            walls, cpus, code = measure_process(args, 1)
            if code != 0:
                raise SystemExit(f"netbuilder {args[0]} exited with {code}")
            into[0].extend(walls)
            into[1].extend(cpus)
    print(f"   {target.stat().st_size / 1e6:.1f} MB of Python written")
    line("netbuilder export (process, wall)", exports[0])
    line("netbuilder summary (process, wall)", summaries[0])
    for label, index in (("wall", 0), ("CPU", 1)):
        ratios = [e / s for e, s in zip(exports[index], summaries[index], strict=True)]
        worst = max(ratios)
        verdict_text = (
            f"met (worst pair {worst:.2f}×)" if worst <= 3 else f"MISSED (worst pair {worst:.2f}×)"
        )
        print(
            f"  export / summary, {label:<4} median {statistics.median(ratios):.2f}× "
            f"(min {min(ratios):.2f}×, max {worst:.2f}×)  goal ≤ 3×: {verdict_text}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    runs = max(5, args.runs)
    load_avg = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"Python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPUs, "
        f"load average {load_avg:.1f}; one thread; {runs} runs each"
    )
    with tempfile.TemporaryDirectory() as folder:
        bench_refusals(runs, Path(folder))
        bench_table(runs, Path(folder))
        bench_summary(runs, Path(folder))
        bench_export(runs, Path(folder))


if __name__ == "__main__":
    main()
