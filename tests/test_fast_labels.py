"""``labels.json`` as the index writes it (``searcher/fast/labels.py``): JSON every reader parses
as before, laid out so that a one-shot search finds a facet and a value without parsing the rest;
a file in any other layout, missing or damaged, is read as ``store.read_json`` reads it."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from searcher.fast.labels import MARK, Labels, dumps
from searcher.index import store

# values and labels with what the layout leans on: braces, quotes, commas, colons, newlines
_ODD = st.text(st.sampled_from('ab}{",:\n\\ é’\u2028\x1f'), max_size=6)
_LABELS = st.dictionaries(_ODD, st.dictionaries(_ODD, _ODD, max_size=6), max_size=4)


def _agrees(path: Path, labels: dict, asked: list[str]) -> None:
    read = Labels(str(path))
    for facet, values in labels.items():
        assert read.facet(facet) == values
        for value, label in values.items():
            assert read.label(facet, value) == label
    for facet in [*labels, "nowhere"]:
        for value in asked:
            expected = labels.get(facet, {}).get(value, value)
            assert read.label(facet, value) == expected
    assert read.facet("nowhere") == {}


@settings(max_examples=300, deadline=None)
@given(_LABELS, st.lists(_ODD, max_size=4))
def test_the_layout_reads_as_the_labels(tmp_path_factory, labels: dict, asked: list[str]) -> None:
    path = tmp_path_factory.mktemp("labels") / "labels.json"
    store.write_bytes(str(path), dumps(labels))  # (as write.py writes it)
    data = path.read_bytes()
    assert data.startswith(MARK) and json.loads(data) == labels
    assert store.read_json(str(path)) == labels
    _agrees(path, labels, asked)


def test_other_layouts_are_read_whole(tmp_path: Path) -> None:
    labels = {"country": {"VN": "Vietnam", "CU": "Cuba"}, "official": {"a b": "A B"}}
    compact = tmp_path / "compact.json"  # (as indexes before the layout wrote it)
    store.write_json(str(compact), labels)
    _agrees(compact, labels, ["VN", "zz"])
    indented = tmp_path / "indented.json"
    indented.write_text(json.dumps(labels, indent=1), encoding="utf-8")
    _agrees(indented, labels, ["VN", "zz"])


def test_missing_or_damaged_files_have_no_labels(tmp_path: Path) -> None:
    missing = Labels(str(tmp_path / "none.json"))
    assert missing.facet("country") == {} and missing.label("country", "VN") == "VN"
    damaged = tmp_path / "damaged.json"
    damaged.write_bytes(dumps({"country": {"VN": "Vietnam"}})[:-3])  # (cut short)
    assert store.read_json(str(damaged)) is None
    read = Labels(str(damaged))
    assert read.facet("country") == {} and read.label("country", "VN") == "VN"


def test_an_index_writes_the_layout(index_dir: Path) -> None:
    path = Path(store.require_version(str(index_dir))) / store.LABELS
    data = path.read_bytes()
    assert data.startswith(MARK)
    labels = store.read_json(str(path))
    assert labels and labels.get("country")
    _agrees(path, labels, ["zz"])
