"""The fast path's JSON calls (``searcher/fast/jsonc.py``, on ``_json`` alone) are the ``json``
package's: the same values read, the same text written, errors where it has errors, and any
document it would read in another encoding handed over (``Unusual``)."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from searcher.fast import jsonc

_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)
_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | _TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_TEXT, inner, max_size=4),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(_VALUES, st.sampled_from([(", ", ": "), (",", ":")]))
def test_dumps_is_jsons(value: object, separators: tuple[str, str]) -> None:
    expected = json.dumps(value, ensure_ascii=False, separators=separators)
    assert jsonc.dumps(value, separators) == expected


@settings(max_examples=300, deadline=None)
@given(_VALUES, st.sampled_from(["", " ", "\n", " \t\r\n"]))
def test_loads_is_jsons(value: object, space: str) -> None:
    for text in (json.dumps(value), json.dumps(value, ensure_ascii=False, indent=1)):
        text = space + text + space
        expected = json.loads(text)
        for given_ in (text, text.encode("utf-8")):
            found = jsonc.loads(given_)
            # (NaN is not equal to itself: compare the texts they write)
            assert json.dumps(found) == json.dumps(expected)


@pytest.mark.parametrize("text", ["", " ", "{", '{"a": 1} x', "[1,]", "nul", '"\x01"', "{} {}"])
def test_what_json_refuses_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        json.loads(text)
    with pytest.raises(ValueError):
        jsonc.loads(text)


@pytest.mark.parametrize(
    "data",
    ["\ufeff{}".encode(), "{}".encode("utf-16"), "{}".encode("utf-16-le"), "[1]".encode("utf-32")],
)
def test_other_encodings_are_handed_over(data: bytes) -> None:
    with pytest.raises(jsonc.Unusual):
        jsonc.loads(data)
    with pytest.raises(jsonc.Unusual):
        jsonc.loads("\ufeff{}")


def test_what_json_cannot_write_is_refused() -> None:
    with pytest.raises(TypeError):
        jsonc.dumps({"a": {1, 2}})
