"""What ``netbuilder train`` shows while it trains (Qt-free).

On a terminal: a ``rich`` progress bar per batch (epoch, batches, loss, samples/s, ETA),
the set-up steps before the first batch as a labelled bar of their own, epoch lines above
the bar, and a hint when the run does not learn. Elsewhere (a pipe, a log file): plain
lines, one when the set-up is done, one per epoch and hint. ``--json`` output (on
stdout) is not touched: everything here goes to stderr.
"""

from __future__ import annotations

from typing import Any, TextIO

from netbuilder.train.events import BatchEnd, EpochEnd, Hint, Preparing


def epoch_line(event: EpochEnd) -> str:
    """``epoch 2/5  loss 0.4123  acc 0.912  val_loss 0.3020  val_acc 0.933  1.2s``."""
    parts = [f"epoch {event.epoch}/{event.epochs}", f"loss {event.train_loss:.4f}"]
    if event.train_acc is not None:
        parts.append(f"acc {event.train_acc:.3f}")
    if event.val_loss is not None:
        parts.append(f"val_loss {event.val_loss:.4f}")
    if event.val_acc is not None:
        parts.append(f"val_acc {event.val_acc:.3f}")
    parts.append(f"{event.seconds:.1f}s")
    return "  ".join(parts)


def hint_lines(hint: Hint, target: str) -> list[str]:
    """The hint as the CLI prints it: what is wrong, why, and the command to try."""
    return [
        f"hint: {hint.message}",
        f"      {hint.cause}",
        f"      try: netbuilder train {target} {hint.cli_options()}",
    ]


class Progress:
    """Show training events on ``stream`` (a rich bar on a terminal, plain lines else).

    Parameters
    ----------
    stream : file
        Where to write (stderr).
    epochs : int
        Epochs of the run (the bar covers all their batches).
    target : str
        The preset or file trained, for the command a hint proposes.
    quiet : bool
        Show only hints (``--json`` keeps stderr short).
    """

    def __init__(self, stream: TextIO, epochs: int, target: str = "", quiet: bool = False) -> None:
        self.stream = stream
        self.epochs = epochs
        self.target = target
        self.quiet = quiet
        self.tty = bool(getattr(stream, "isatty", lambda: False)())
        self._bar: Any = None
        self._setup_task: Any = None
        self._train_task: Any = None

    # -- events ------------------------------------------------------------------------------
    def __call__(self, event: object) -> None:
        if isinstance(event, Hint):
            self._print(*hint_lines(event, self.target))
        elif self.quiet:
            return
        elif isinstance(event, Preparing):
            self._preparing(event)
        elif isinstance(event, BatchEnd):
            self._batch(event)
        elif isinstance(event, EpochEnd):
            self._print(epoch_line(event))

    def close(self) -> None:
        """Remove the bar (call once training ended)."""
        if self._bar is not None:
            self._bar.stop()
            self._bar = None

    # -- pieces ------------------------------------------------------------------------------
    def _print(self, *lines: str) -> None:
        if self._bar is not None:
            for line in lines:
                self._bar.console.print(line, markup=False, highlight=False)
            return
        self.stream.write("".join(line + "\n" for line in lines))
        self.stream.flush()

    def _preparing(self, event: Preparing) -> None:
        if not self.tty:  # one line once ready: a failing set-up stays a single line
            if not event.step:
                self._print(f"ready to train in {event.seconds:.1f}s")
            return
        bar = self._ensure_bar()
        if self._setup_task is None:
            self._setup_task = bar.add_task("preparing", total=event.total, info="")
        label = event.step or f"ready in {event.seconds:.1f}s"
        bar.update(self._setup_task, completed=event.done, description=label)

    def _batch(self, event: BatchEnd) -> None:
        if not self.tty:
            return  # plain output: one line per epoch
        bar = self._ensure_bar()
        total = event.batches * self.epochs
        done = (event.epoch - 1) * event.batches + event.batch
        info = f"loss {event.loss:.4f}  {event.samples_per_s:,.0f} samples/s"
        description = f"epoch {event.epoch}"
        if self._train_task is None:
            self._train_task = bar.add_task(description, total=total, info=info)
        bar.update(self._train_task, completed=done, description=description, info=info)

    def _ensure_bar(self) -> Any:
        if self._bar is None:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )
            from rich.progress import Progress as Bar

            console = Console(file=self.stream, force_terminal=True)
            self._bar = Bar(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[info]}"),
                TimeElapsedColumn(),
                TextColumn("ETA"),
                TimeRemainingColumn(),
                console=console,
                transient=True,
            )
            self._bar.start()
        return self._bar
