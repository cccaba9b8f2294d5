"""Columns read across segments where some segments wrote no file for a column (none of their
documents has a date). Whoosh's MultiReader leaves such segments out of its column: with none
left, reading a date raised IndexError (`stats` then said the index was damaged); each segment's
own reader gives them the column's default instead. Real files, a real index of several
segments, the mixed case (dated, undated, dated again) pinned too."""

from __future__ import annotations

from pathlib import Path

from searcher.index import SyncOptions, sync
from searcher.search.handle import Index
from searcher.search.results import SearchOptions

DATED = "{0}\n\nHanoi, March {1}, 2025 (VNA) - {0}: Vietnam and Cuba held talks.\n"
UNDATED = "{0}\n\nA note on Vietnam and Cuba, number {1}, without a date.\n"


def write(folder: Path, name: str, text: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")


def test_segments_without_a_date_column_keep_every_date_right(tmp_path: Path) -> None:
    corpus, index = tmp_path / "c", tmp_path / "ix"
    for i in range(1, 5):
        write(corpus, f"dated{i}.txt", DATED.format(f"Talks {i}", i + 10))
    sync([str(corpus)], str(index), SyncOptions(workers=1))
    for i in range(1, 4):  # a second segment whose documents have no date at all
        write(corpus, f"undated{i}.txt", UNDATED.format(f"Note {i}", i))
    sync(None, str(index), SyncOptions(workers=1))
    for i in range(5, 7):  # and a third, dated again, numbered after the undated ones
        write(corpus, f"dated{i}.txt", DATED.format(f"Talks {i}", i + 10))
    sync(None, str(index), SyncOptions(workers=1))
    with Index(str(index)) as ix:
        assert ix.stats()["undated"] == 3
        hits = list(ix.search(SearchOptions(query="Cuba", limit=0, sort="-date")).hits)
        dates = {h.id: h.date for h in hits}
        assert {i: d for i, d in dates.items() if d is None} == {
            f"undated{i}.txt": None for i in range(1, 4)
        }
        assert dates["dated6.txt"] == "2025-03-16" and dates["dated1.txt"] == "2025-03-11"
        order = [h.id for h in hits]
        assert order[:6] == [f"dated{i}.txt" for i in (6, 5, 4, 3, 2, 1)]  # newest first
        assert ix.search(SearchOptions(query="Cuba", since="2025-03-15")).total == 2


def test_an_index_of_segments_with_no_date_at_all_has_stats(tmp_path: Path) -> None:
    corpus, index = tmp_path / "c", tmp_path / "ix"
    for i in range(1, 41):
        write(corpus, f"n{i}.txt", UNDATED.format(f"Note {i}", i))
    sync([str(corpus)], str(index), SyncOptions(workers=2, segments_from=2))  # a segment a worker
    with Index(str(index)) as ix:
        stats = ix.stats()
        assert (stats["documents"], stats["undated"], stats["date_min"]) == (40, 40, None)
