"""Event extraction (``extract/events.py``) on real articles read through the pipeline: the
seeds, the fixtures, and small articles written here for one rule each."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from bench.eval_events import LABELS, score_article
from searcher.extract.event_words import KIND_MEANINGS, KINDS
from searcher.extract.events import event_record, find_events
from searcher.models import Event, RawDocument
from searcher.pipeline import article_of
from searcher.search import events as query_side
from tests.conftest import FIXTURES, SEEDS, SHARED


def events_in(name: str, data: bytes) -> tuple[Event, ...]:
    raw = RawDocument(id=name, path=name, name=name, data=data,
                      content_hash=hashlib.sha1(data).hexdigest())  # fmt: skip
    return find_events(article_of(raw)[0])


def events_of_file(path: Path) -> tuple[Event, ...]:
    return events_in(path.name, path.read_bytes())


def summary(events: tuple[Event, ...]) -> set[tuple]:
    return {(e.kind, e.pair, e.date, tuple(sorted(o.key for o in e.participants))) for e in events}


def test_seed_reception_and_two_separate_meetings_the_same_day():
    found = summary(events_of_file(next(SEEDS.glob("000-*"))))
    assert found == {
        ("reception", "CU-VN", "2025-05-02", ("phan van giang", "victor leonardo rojo ramos")),
        ("meeting", "CU-VN", "2025-05-02", ("trinh van quyet", "victor leonardo rojo ramos")),
        ("meeting", "CU-VN", "2025-05-02", ("nguyen tan cuong", "victor leonardo rojo ramos")),
    }


def test_phone_talks_with_place_precision_and_evidence():
    (event,) = events_of_file(next(SEEDS.glob("003-*")))
    assert (event.kind, event.pair, event.date, event.date_precision) == (
        "phone-talks", "US-VN", "2025-02-07", "day"
    )  # fmt: skip
    assert "phone talks" in event.evidence
    assert {o.country for o in event.participants} == {"US", "VN"}


def test_a_history_essay_reports_no_contact_of_its_own():
    assert events_of_file(next(SEEDS.glob("002-*"))) == ()


def test_multilateral_meeting_gives_its_side_meetings():
    found = events_of_file(FIXTURES / "vna-admm-multilateral.txt")
    assert {(e.kind, e.pair) for e in found} == {("meeting", "JP-VN"), ("talks", "AU-VN")}
    assert all(e.kind != "conference" for e in found)


def test_multilateral_meeting_without_side_meetings_is_one_conference():
    text = (
        "ADMM Retreat opens in Bangkok\n\nBangkok (VNA) – The ASEAN Defence Ministers’ Meeting "
        "Retreat opened in Bangkok on November 17, 2019. Defence Minister General Ngo Xuan Lich "
        "and Thai Deputy Prime Minister Prawit Wongsuwan attended the meeting with the defence "
        "ministers of the ASEAN member states.\n"
    )
    (event,) = events_in("retreat.txt", text.encode())
    assert event.kind == "conference" and event.pair is None
    assert {"TH", "VN"} <= set(event.countries)


def test_plans_and_proposals_are_not_events():
    text = (
        "Hanoi (VNA) – Deputy Defence Minister Senior Lieutenant General Nguyen Chi Vinh will "
        "visit Russia next month, and the two sides plan to hold talks with Russian Deputy "
        "Defence Minister Alexander Fomin. Vinh proposed to sign a cooperation plan.\n"
    )
    assert events_in("plan.txt", text.encode()) == ()


def test_headline_and_lede_of_one_contact_merge_with_the_body_kind():
    found = events_of_file(FIXTURES / "vna-pm-plain.txt")  # "meets" in the headline, talks below
    assert [(e.kind, e.pair) for e in found] == [("talks", "KH-VN")]


def test_signing_at_talks_is_its_own_event_dated_by_the_occasion():
    found = events_of_file(FIXTURES / "vov-australia-dialogue.txt")
    assert {(e.kind, e.date) for e in found} == {
        ("dialogue", "2024-10-14"), ("signing", "2024-10-14")
    }  # fmt: skip
    dialogue = next(e for e in found if e.kind == "dialogue")
    assert dialogue.city == "Canberra" and dialogue.place_country == "AU"


def test_one_host_receiving_two_envoys_is_two_receptions():
    text = (
        "Hanoi (VNA) – On February 10, 2020, Minister of National Defence General Ngo Xuan Lich"
        " hosted receptions for Australian Ambassador Helen Marsh and Armenian Ambassador Aram"
        " Petrosyan at the ministry.\n"
    )
    found = summary(events_in("two.txt", text.encode()))
    assert {(k, p) for k, p, _d, _w in found} == {("reception", "AU-VN"), ("reception", "AM-VN")}


def test_no_named_party_is_no_event():
    assert events_of_file(FIXTURES / "cp1252-article.txt") == ()


def test_event_record_schema():
    (event,) = events_of_file(next(SEEDS.glob("003-*")))
    record = event_record(event)
    assert list(record) == ["event_id", "kind", "date", "date_precision", "place",
                            "participants", "countries", "pair", "article", "evidence"]  # fmt: skip
    assert set(record["participants"][0]) == {"key", "name", "title", "country"}
    json.dumps(record)


def test_the_kinds_are_one_closed_list_documented_in_the_readme():
    assert set(KINDS) == set(query_side.KINDS) == set(KIND_MEANINGS)
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    for kind in KINDS:
        assert f"`{kind}`" in readme


def _labelled(sources: tuple[str, ...]) -> list[tuple[dict, Path]]:
    out = []
    for line in LABELS.read_text(encoding="utf-8").splitlines():
        label = json.loads(line)
        if label["source"] == "seed":
            out.append((label, SHARED / "seeds" / label["article"]))
        elif label["source"] == "fixture":
            out.append((label, FIXTURES / label["article"]))
    return [(lb, p) for lb, p in out if lb["source"] in sources]


@pytest.mark.skipif(not (SHARED / "seeds").is_dir(), reason="needs ../shared/seeds")
def test_quality_floor_on_the_labelled_seeds_and_fixtures():
    """Event P and R on the labels kept in the repository (bench/eval_events.py has all)."""
    right = found = gold = 0
    for label, path in _labelled(("seed", "fixture")):
        scored = score_article(label["events"], events_of_file(path))
        right, found, gold = (
            x + y for x, y in zip((right, found, gold), scored["all"], strict=True)
        )
    assert right / found >= 0.9 and right / gold >= 0.8
