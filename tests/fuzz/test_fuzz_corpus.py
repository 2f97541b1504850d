"""1,000+ generated hostile documents through ``load`` and the CLI (fast profile)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from tests.fuzz.checks import check_load, cli_in_process, cli_subprocess
from tests.fuzz.corpus import KINDS, corpus

COUNT = 1_000
SUBPROCESSES = 8


def test_hostile_documents(tmp_path: Path) -> None:
    files = []
    for i, (kind, raw) in enumerate(corpus(COUNT, seed=9)):
        path = tmp_path / f"{i:05d}-{kind}.json"
        path.write_bytes(raw)
        files.append((kind, path))
    outcomes: Counter[tuple[str, bool]] = Counter()
    accepted: dict[Path, bool] = {}
    for kind, path in files:
        accepted[path] = check_load(path, tmp_path / "scratch.json")
        outcomes[(kind, accepted[path])] += 1
    # every kind is exercised and most documents are refused
    assert {kind for kind, _ in outcomes} == set(KINDS)
    assert sum(n for (_, ok), n in outcomes.items() if not ok) > COUNT * 0.8
    # the CLI agrees with load: every 6th file in-process, a sample in real processes
    for _kind, path in files[::6]:
        cli_in_process(path, accepted[path])
    step = len(files) // SUBPROCESSES
    sample = [files[i * step + (i % len(KINDS))] for i in range(SUBPROCESSES)]
    for _kind, path in sample:
        cli_subprocess(path, accepted[path])
