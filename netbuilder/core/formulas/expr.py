"""A tiny expression tree that prints a formula twice: in symbols and with numbers.

``mul(sym("h′", 28), sq(sym("k", 5)))`` prints ``h′·k²`` and ``28·5²`` and evaluates
to 700 exactly (rational arithmetic), so the symbolic line, the substituted line and
the value of a formula always come from one tree.

Symbols are plain text: a letter, optional primes and an optional subscript after
``_`` (``k_h``, ``c_2``, ``c′``); views typeset them (italic, subscript).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from netbuilder.core.formatting import exact

#: An exact value: an int, or a fraction when a quotient does not divide.
Number = int | Fraction

#: Binding strength: sums < products < powers < atoms.
_SUM, _PRODUCT, _POWER, _ATOM = 1, 2, 3, 4


class Expr:
    """A node of the tree: :meth:`text` in symbols or numbers, :meth:`value`."""

    prec = _ATOM

    def text(self, symbolic: bool) -> str:
        """The expression in symbols (``symbolic``) or with the numbers substituted."""
        raise NotImplementedError

    def value(self) -> Number:
        """The exact value (ints stay ints, which keeps the arithmetic fast)."""
        raise NotImplementedError

    def wrapped(self, symbolic: bool, below: int) -> str:
        """:meth:`text`, in parentheses when it binds less strongly than ``below``."""
        text = self.text(symbolic)
        return f"({text})" if self.prec < below else text


def number_text(value: int | float | Fraction) -> str:
    """A number as the formulas print it: ``117,600``, ``2``, ``0.5``."""
    if isinstance(value, Fraction):
        if value.denominator == 1:
            return exact(value.numerator)
        return repr(float(value))
    if isinstance(value, float):
        short = f"{value:g}"
        return short if float(short) == value else repr(value)
    return exact(value)


@dataclass(frozen=True)
class Num(Expr):
    """A constant: printed the same in both lines."""

    n: int | float

    def text(self, symbolic: bool) -> str:
        return number_text(self.n)

    def value(self) -> Number:
        return _exact(self.n)


@dataclass(frozen=True)
class Sym(Expr):
    """A named quantity with its value (``k`` = 5)."""

    name: str
    n: int | float

    def text(self, symbolic: bool) -> str:
        return self.name if symbolic else number_text(self.n)

    def value(self) -> Number:
        return _exact(self.n)


@dataclass(frozen=True)
class _Sum(Expr):
    terms: tuple[Expr, ...]
    signs: tuple[int, ...]
    prec = _SUM

    def text(self, symbolic: bool) -> str:
        parts = []
        for i, (term, sign) in enumerate(zip(self.terms, self.signs, strict=True)):
            # a subtracted sum needs parentheses: a − (b + c)
            inner = term.wrapped(symbolic, _SUM + 1 if sign < 0 else _SUM)
            if i == 0:
                parts.append(inner)
            else:
                parts.append(("− " if sign < 0 else "+ ") + inner)
        return " ".join(parts)

    def value(self) -> Number:
        return sum(t.value() * s for t, s in zip(self.terms, self.signs, strict=True))


@dataclass(frozen=True)
class _Product(Expr):
    factors: tuple[Expr, ...]
    prec = _PRODUCT

    def text(self, symbolic: bool) -> str:
        return "·".join(f.wrapped(symbolic, _PRODUCT) for f in self.factors)

    def value(self) -> Number:
        return math.prod(f.value() for f in self.factors)


@dataclass(frozen=True)
class _Quotient(Expr):
    top: Expr
    bottom: Expr
    prec = _PRODUCT

    def text(self, symbolic: bool) -> str:
        return f"{self.top.wrapped(symbolic, _PRODUCT)}/{self.bottom.wrapped(symbolic, _POWER)}"

    def value(self) -> Number:
        return _quotient(self.top.value(), self.bottom.value())


@dataclass(frozen=True)
class _Square(Expr):
    base: Expr
    prec = _POWER

    def text(self, symbolic: bool) -> str:
        return self.base.wrapped(symbolic, _ATOM) + "²"

    def value(self) -> Number:
        return self.base.value() ** 2


@dataclass(frozen=True)
class _Round(Expr):
    inner: Expr
    up: bool

    def text(self, symbolic: bool) -> str:
        left, right = ("⌈", "⌉") if self.up else ("⌊", "⌋")
        return f"{left}{self.inner.text(symbolic)}{right}"

    def value(self) -> Number:
        v = self.inner.value()
        return math.ceil(v) if self.up else math.floor(v)


@dataclass(frozen=True)
class _Max(Expr):
    args: tuple[Expr, ...]

    def text(self, symbolic: bool) -> str:
        return "max(" + ", ".join(a.text(symbolic) for a in self.args) + ")"

    def value(self) -> Number:
        return max(a.value() for a in self.args)


@dataclass(frozen=True)
class _FloatProduct(Expr):
    """``a·b`` computed in floating point, as PyTorch sizes an upsampled image."""

    a: Expr
    b: Expr
    prec = _PRODUCT

    def text(self, symbolic: bool) -> str:
        return f"{self.a.wrapped(symbolic, _PRODUCT)}·{self.b.wrapped(symbolic, _PRODUCT)}"

    def value(self) -> Number:
        return _exact(float(self.a.value()) * float(self.b.value()))


def _exact(n: int | float) -> Number:
    """``n`` as an exact number (a float becomes the fraction it is)."""
    if isinstance(n, float):
        return int(n) if n.is_integer() else Fraction(n)
    return n


def _quotient(top: Number, bottom: Number) -> Number:
    """``top/bottom``, an int when it divides."""
    if isinstance(top, int) and isinstance(bottom, int) and top % bottom == 0:
        return top // bottom
    value = Fraction(top) / Fraction(bottom)
    return value.numerator if value.denominator == 1 else value


def num(n: int | float) -> Expr:
    """A constant."""
    return Num(n)


def sym(name: str, n: int | float) -> Expr:
    """A symbol ``name`` standing for ``n``."""
    return Sym(name, n)


def add(*terms: Expr) -> Expr:
    """``a + b + …`` (one term: itself)."""
    return terms[0] if len(terms) == 1 else _Sum(tuple(terms), (1,) * len(terms))


def sub(a: Expr, *bs: Expr) -> Expr:
    """``a − b − …``."""
    return _Sum((a, *bs), (1,) + (-1,) * len(bs))


def plus_minus(terms: Sequence[tuple[int, Expr]]) -> Expr:
    """A sum of ``(sign, term)`` pairs; the first sign must be +1."""
    if len(terms) == 1:
        return terms[0][1]
    return _Sum(tuple(t for _, t in terms), tuple(s for s, _ in terms))


def mul(*factors: Expr) -> Expr:
    """``a·b·…`` (one factor: itself)."""
    return factors[0] if len(factors) == 1 else _Product(tuple(factors))


def div(top: Expr, bottom: Expr) -> Expr:
    """``top/bottom``."""
    return _Quotient(top, bottom)


def sq(base: Expr) -> Expr:
    """``base²``."""
    return _Square(base)


def floor(inner: Expr) -> Expr:
    """``⌊inner⌋``."""
    return _Round(inner, up=False)


def ceil(inner: Expr) -> Expr:
    """``⌈inner⌉``."""
    return _Round(inner, up=True)


def maximum(*args: Expr) -> Expr:
    """``max(a, b, …)``."""
    return _Max(tuple(args))


def float_mul(a: Expr, b: Expr) -> Expr:
    """``a·b`` evaluated as a float product (PyTorch's rule for scale factors)."""
    return _FloatProduct(a, b)
