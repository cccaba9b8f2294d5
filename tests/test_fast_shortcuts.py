"""Where the fast path reads or computes less than the library it stands for, the same result: a
term table's extras pickle read from its first bytes is the pickle read whole, a table of
contents' generation is its pattern's, the page's lowest score is heapq's, and a snippet and a
line of JSON are output.py's when only a text that is not printable is sanitized."""

from __future__ import annotations

import heapq
import pickle
import random
import re

from searcher import output
from searcher.fast import answer, evaluate, segments


def test_a_first_pickle_is_read_whole_or_from_its_start():
    for size in (1, 10, 1_000, 10_000):
        extras = {"fieldmap": {f"field{i}": i for i in range(size)}, "indexlen": size}
        data = memoryview(pickle.dumps(extras, protocol=2) + bytes(range(256)) * 100)
        assert segments._first_pickle(data) == extras
    assert len(pickle.dumps({f"field{i}": i for i in range(1_000)}, protocol=2)) > segments._PEEK


def test_the_kth_largest_score_is_heapqs():
    rng = random.Random(19)
    for n in (1, 2, 10, 11, 100, 5_000):
        for values in ([rng.random() for _ in range(n)], [float(rng.randint(0, 3)) for _ in range(n)],
                       sorted(rng.random() for _ in range(n)), [1.0] * n):  # fmt: skip
            for k in {1, 2, 10, n}:
                if k <= n:
                    assert evaluate.kth_largest(values, k) == heapq.nlargest(k, values)[-1]


def test_a_tables_generation_is_its_patterns():
    pattern = re.compile(segments.TOC_PATTERN)
    names = ["_MAIN_1.toc", "_MAIN_12.toc", "_MAIN_0.toc", "_MAIN_007.toc", "_MAIN_12toc",
             "_MAIN_1xtoc", "_MAIN_1.toc\n", "_MAIN_1.toc\n\n", "_MAIN_1\ntoc", "_MAIN_.toc",
             "_MAIN_1.tocx", "_MAIN_1.TOC", "_MAIN_١.toc", "_MAIN_²3.toc", "_MAIN_1.2.toc",
             "MAIN_1.toc", "_MAIN_1.toc.tmp", "_MAIN_a1.toc", "_MAIN_1ö.toc", "_MAIN_toc", "",
             "_MAIN_1.seg", "_OTHER_1.toc", "_MAIN_9999999999999999999.toc"]  # fmt: skip
    for name in names:
        m = pattern.match(name)
        assert segments._generation(name) == (int(m.group(1)) if m else None), name


UNSAFE = ["plain words", "", " \n\t ", "a\nb\tc", "a\x1bb", "\x1b[31mred\x1b[0m", "a\x9b1mb",
          "x\u200ey", "x\u202ey", "x\u2066y", "x\u2028y\u2029", "a\xa0b", "a\x1cb", "a\x85b",
          "a\rb", "\x02marked\x03 word", "a\x7fb", "Việt Nam’s", "a\u3000b", "a\x00b"]  # fmt: skip


def test_plain_snippets_and_json_lines_are_outputs():
    for text in UNSAFE:
        assert answer._plain(text) == output.plain_snippet(text), repr(text)
        value = {"snippet": text, "hits": [text, {"title": text}]}
        assert answer.dumps(value) == output.dumps(value), repr(text)
