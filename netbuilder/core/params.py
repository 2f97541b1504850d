"""Parameter schema of blocks: type, default, range and help text, with validation."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from netbuilder.core.errors import ParamError
from netbuilder.core.messages import msg

#: Parameter kinds understood by the inspector and the document reader.
KINDS = ("int", "float", "bool", "choice", "pair", "ints")


@dataclass(frozen=True)
class Param:
    """One parameter of a block.

    Parameters
    ----------
    name : str
        Identifier, as in PyTorch where PyTorch has one (``kernel_size``).
    kind : str
        One of :data:`KINDS`. ``pair`` accepts an int or a list of two ints
        (kernel sizes, strides); ``ints`` a list of ints.
    default : Any
        Value used when the parameter is not given.
    help : str
        One sentence shown in tooltips and the inspector.
    minimum, maximum : float or None
        Inclusive range for numbers (each element of a pair or list).
    choices : tuple of str
        Allowed values of a ``choice`` parameter.
    optional : bool
        ``None`` is allowed (meaning "automatic", e.g. a pool stride equal to its kernel).
    allow_same : bool
        A ``pair`` may also be the string ``"same"`` (convolution padding).
    """

    name: str
    kind: str
    default: Any
    help: str
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] = field(default_factory=tuple)
    optional: bool = False
    allow_same: bool = False

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown parameter kind {self.kind!r}")

    # -- validation -------------------------------------------------------------------
    def coerce(self, value: Any) -> Any:
        """Return ``value`` validated and normalised, or raise :class:`ParamError`."""
        kind = self.kind
        if type(value) is int and (kind == "int" or kind == "pair"):  # the usual case
            low, high = self.minimum, self.maximum
            if (low is None or value >= low) and (high is None or value <= high):
                return value
        if value is None:
            if self.optional:
                return None
            raise ParamError(self.name, msg("{name} needs a value.", name=self.name))
        if self.allow_same and value == "same":
            return "same"
        if kind == "bool":
            if not isinstance(value, bool):
                raise ParamError(self.name, msg("{name} must be true or false.", name=self.name))
            return value
        if kind == "int":
            return self._number(self._int(value))
        if kind == "float":
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise ParamError(self.name, msg("{name} must be a number.", name=self.name))
            try:
                value = float(value)
            except OverflowError:
                raise ParamError(
                    self.name, msg("{name} must be a finite number.", name=self.name)
                ) from None
            if not math.isfinite(value):
                raise ParamError(self.name, msg("{name} must be a finite number.", name=self.name))
            return self._number(value)
        if kind == "choice":
            if value not in self.choices:
                options = ", ".join(self.choices)
                raise ParamError(
                    self.name,
                    msg("{name} must be one of: {options}.", name=self.name, options=options),
                )
            return value
        if kind == "pair":
            if isinstance(value, (list, tuple)):
                if len(value) != 2:
                    raise ParamError(
                        self.name, msg("{name} must be one number or two.", name=self.name)
                    )
                a, b = (self._number(self._int(v)) for v in value)
                return a if a == b else [a, b]
            return self._number(self._int(value))
        # ints
        if not isinstance(value, (list, tuple)) or not value:
            raise ParamError(
                self.name, msg("{name} must be a list of whole numbers.", name=self.name)
            )
        return [self._number(self._int(v)) for v in value]

    def _int(self, value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ParamError(self.name, msg("{name} must be a whole number.", name=self.name))
        if isinstance(value, float):
            if not value.is_integer():
                raise ParamError(self.name, msg("{name} must be a whole number.", name=self.name))
            value = int(value)
        return value

    def _number(self, value: Any) -> Any:
        if self.minimum is not None and value < self.minimum:
            raise ParamError(
                self.name,
                msg(
                    "{name} must be at least {minimum} (got {value}).",
                    name=self.name,
                    minimum=_fmt(self.minimum),
                    value=_shown(value),
                ),
            )
        if self.maximum is not None and value > self.maximum:
            raise ParamError(
                self.name,
                msg(
                    "{name} must be at most {maximum} (got {value}).",
                    name=self.name,
                    maximum=_fmt(self.maximum),
                    value=_shown(value),
                ),
            )
        return value


def _shown(value: Any) -> str:
    """``value`` for a message; a number with dozens of digits is not echoed in full."""
    text = str(value)
    if len(text) <= 24:
        return text
    return f"a number with {len(text.lstrip('-'))} digits"


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


def pair(value: int | list[int] | tuple[int, int]) -> tuple[int, int]:
    """Return a ``pair`` parameter as a 2-tuple."""
    if isinstance(value, (list, tuple)):
        return int(value[0]), int(value[1])
    return int(value), int(value)


#: The parameter names of each schema (a block's schema is a constant tuple), by its id;
#: the schema itself is kept beside them, so an id reused by another tuple is noticed.
_NAMES: dict[int, tuple[tuple[Param, ...], frozenset[str]]] = {}


def resolve(schema: tuple[Param, ...], given: Mapping[str, Any]) -> dict[str, Any]:
    """Validate ``given`` against ``schema`` and fill in defaults.

    Raises
    ------
    ParamError
        For an unknown name or an invalid value; the message names the parameter.
    """
    names = _NAMES.get(id(schema))
    if names is None or names[0] is not schema:
        names = _NAMES[id(schema)] = (schema, frozenset(p.name for p in schema))
    for key in given:
        if key not in names[1]:
            raise ParamError(key, msg("{key} is not a parameter of this block.", key=key))
    out: dict[str, Any] = {}
    for p in schema:
        out[p.name] = p.coerce(given[p.name]) if p.name in given else p.default
    return out
