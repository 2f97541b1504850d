"""The fast pretty JSON writer gives exactly ``json.dumps(indent=2, ensure_ascii=False)``."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from netbuilder.core.document import to_dict
from netbuilder.core.json_text import pretty_json
from netbuilder.core.presets import PRESET_NAMES, load_preset

SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text()  # any code point, lone surrogates and control characters included
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.tuples(inner, inner)
        | st.dictionaries(st.text(max_size=5), inner, max_size=4)
    ),
    max_leaves=30,
)


@settings(max_examples=400, deadline=None)
@given(VALUES, st.sampled_from([0, 1, 2, 4]))
def test_same_text_as_the_standard_library(value: object, indent: int) -> None:
    expected = json.dumps(value, indent=indent, ensure_ascii=False)
    assert pretty_json(value, indent) == expected


class Label(str):
    """A str subclass: handed to json.dumps."""


def test_unexpected_values_are_written_by_the_standard_library() -> None:
    for value in ({1: "a", "b": [True]}, [Label("x")], {"k": Label("v")}, 2.5, "é\u2028"):
        assert pretty_json(value) == json.dumps(value, indent=2, ensure_ascii=False)


def test_every_preset_document_is_written_as_before() -> None:
    for name in PRESET_NAMES:
        data = to_dict(load_preset(name))
        assert pretty_json(data) == json.dumps(data, indent=2, ensure_ascii=False), name
