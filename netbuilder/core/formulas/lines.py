"""What a formula is: a named line in symbols, the same line with numbers, its value."""

from __future__ import annotations

from dataclasses import dataclass

from netbuilder.core.formulas.expr import Expr


@dataclass(frozen=True)
class Formula:
    """One line such as ``FLOPs = h′·w′·k²·c·c′ = 28·28·5²·1·6 = 117,600``.

    Attributes
    ----------
    name : str
        What the line computes: ``h′``, ``params``, ``FLOPs``.
    symbolic : str
        The right-hand side in symbols (``h′·w′·k²·c·c′``); a symbol is a letter with
        optional primes and an optional ``_subscript``. Empty for a sum of the lines
        before it (:attr:`total`).
    substituted : str
        The same expression with this node's numbers (``28·28·5²·1·6``).
    value : int
        What it evaluates to.
    label : str
        The part it belongs to: an inner layer's name in a composite block.
    note : str
        A short sentence that explains the line (``'same' padding keeps the size``).
    axis : int or None
        For an output-shape line: the index of the dimension it gives (no batch).
    total : bool
        The line adds up the lines of the parts before it.
    """

    name: str
    symbolic: str
    substituted: str
    value: int
    label: str = ""
    note: str = ""
    axis: int | None = None
    total: bool = False

    @property
    def identity(self) -> bool:
        """True for an output size copied from the input (``h′ = h``)."""
        copied = "′" in self.name and self.symbolic == self.name.replace("′", "")
        return self.axis is not None and copied


def line(
    name: str, expr: Expr, *, label: str = "", note: str = "", axis: int | None = None
) -> Formula:
    """The :class:`Formula` of ``expr`` (symbolic text, numbers and exact value)."""
    value = expr.value()
    if not isinstance(value, int):
        if value.denominator != 1:
            raise ValueError(f"the formula of {name} gives {value}, not a whole number.")
        value = value.numerator
    return Formula(
        name, expr.text(True), expr.text(False), int(value), label=label, note=note, axis=axis
    )


@dataclass(frozen=True)
class NodeFormulas:
    """The formulas behind one node's output shape, parameters and FLOPs.

    Attributes
    ----------
    shape : tuple of Formula
        One line per output dimension (``axis`` 0, 1, …).
    params : tuple of Formula
        The last line gives the node's parameter count.
    flops : tuple of Formula
        The last line gives the node's FLOPs in the requested convention.
    factor : int
        FLOPs per multiply-add the FLOPs lines use (1 or 2).
    """

    shape: tuple[Formula, ...]
    params: tuple[Formula, ...]
    flops: tuple[Formula, ...]
    factor: int = 1

    @property
    def params_value(self) -> int:
        """The parameter count."""
        return self.params[-1].value

    @property
    def flops_value(self) -> int:
        """The FLOPs in the convention of :attr:`factor`."""
        return self.flops[-1].value

    @property
    def shape_value(self) -> tuple[int, ...]:
        """The output shape the lines give."""
        return tuple(f.value for f in sorted(self.shape, key=lambda f: f.axis or 0))
