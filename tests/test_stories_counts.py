"""``defsearch facets`` and ``--timeline`` count stories as ``search --count stories`` does:
a story republished by another outlet counts once, on a real index through the CLI."""

from __future__ import annotations

import json

from tests.conftest import index_of
from tests.test_clusters import HAVANA, REUSED, VNA, VNS

FILES = {"vna-giang-cuba.txt": VNA, "vns-giang-cuba.txt": VNS,
         "vna-giang-cuba-havana.txt": HAVANA, "vna-giang-cuba-hanoi.txt": REUSED}  # fmt: skip


def facet(cli, index, field: str, *args: str) -> dict[str, int]:
    result = cli("facets", field, *args, "--index", str(index), "--format", "json")
    assert result.exit_code == 0, result.output
    return {r["value"]: r["count"] for r in json.loads(result.stdout)[field]["results"]}


def test_facets_count_stories_once_under_each_value(cli, tmp_path):
    index = index_of(tmp_path, FILES)
    # (four articles, three stories: the VNS text republishes the VNA one; the two talks of
    # the same officials months apart stay two)
    assert facet(cli, index, "pair") == {"CU-VN": 4}
    assert facet(cli, index, "pair", "--count", "stories") == {"CU-VN": 3}
    assert facet(cli, index, "pair", "--count", "articles") == {"CU-VN": 4}
    # a story counts once under each value any of its versions has: each outlet keeps its own
    assert facet(cli, index, "outlet", "--count", "stories") == {"VNA": 3, "VNS": 1}
    assert facet(cli, index, "pair", "Havana", "--count", "stories") == {"CU-VN": 2}


def test_timeline_counts_stories(cli, tmp_path):
    index = index_of(tmp_path, FILES)

    def timeline(*args: str) -> dict:
        result = cli("search", "Giang", "--timeline", *args, "--index", str(index),
                     "--format", "json")  # fmt: skip
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)["timeline"]

    articles, stories = timeline(), timeline("--count", "stories")
    assert articles["unit"] == stories["unit"] == "month"
    by_month = {b["period"]: b["count"] for b in articles["buckets"] if b["count"]}
    assert by_month == {"2025-05": 2, "2025-11": 1, "2026-03": 1}
    assert {b["period"]: b["count"] for b in stories["buckets"] if b["count"]} == {
        "2025-05": 1, "2025-11": 1, "2026-03": 1,
    }  # fmt: skip
    assert (articles["total"], stories["total"], stories["undated"]) == (4, 3, 0)


def test_an_unknown_count_is_a_usage_error(cli, tmp_path):
    index = index_of(tmp_path, {"vna-giang-cuba.txt": VNA})
    result = cli("facets", "pair", "--count", "versions", "--index", str(index))
    assert result.exit_code == 2
    assert "versions" in result.output
