"""The extractor: dates with provenance, countries, pairs, officials and outlet."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from searcher.clean import clean
from searcher.extract import extract
from searcher.extract.dates import parse_date
from searcher.models import Hints, Official

from .conftest import FIXTURES, seed


def extracted(path):
    return extract(clean(path.read_bytes(), path.name))


SEEDS = {
    "000": dict(
        date="2025-05-02", source="text", outlet="VNS", countries=("CU", "VN"), pairs=("CU-VN",),
        officials=[
            Official("Phan Văn Giang", "phan van giang",
                     "Vice Secretary of the Central Military Commission and Minister of National Defence Gen.", "VN"),
            Official("Víctor Leonardo Rojo Ramos", "victor leonardo rojo ramos",
                     "Lieut. Gen., member of the Central Committee of the Communist Party of Cuba and Chief of the "
                     "Political Directorate of the Cuban Revolutionary Armed Forces", "CU"),
            Official("Trịnh Văn Quyết", "trinh van quyet",
                     "standing member of the Central Military Commission and Director of the VPA’s General "
                     "Department of Politics Sen. Lieut. Gen.", "VN"),
            Official("Tô Lâm", "to lam", "General Secretary", "VN"),
            Official("Nguyễn Tân Cương", "nguyen tan cuong",
                     "Gen., standing member of the Central Military Commission and Chief of the VPA’s General Staff", "VN"),
        ],
    ),
    "001": dict(
        date="2020-11-30", source="text", outlet="VNA", countries=("CU", "VN"), pairs=("CU-VN",),
        officials=[
            Official("Tran Don", "tran don", "Senior Lieutenant General, Deputy Defence Minister", "VN"),
            Official("Juan Miguel Garcia Montano", "juan miguel garcia montano",
                     "Senior Colonel, Cuban military attaché to Vietnam", "CU"),
        ],
    ),
    "002": dict(
        date="2020-08-23", source="clock", outlet="QDND", countries=("CU", "US", "VN"), pairs=("CU-VN",),
        officials=[
            Official("Ho Chi Minh", "ho chi minh", "President", "VN"),
            Official("Fidel Castro", "fidel castro", "President", "CU"),  # the partner in a CU-VN story
            Official("Le Xuan Sang", "le xuan sang",
                     "Maj. Gen., Deputy Director of the Department of Propaganda and Training", "VN"),
        ],
    ),
    "003": dict(
        date="2025-02-07", source="text", outlet="VNA", countries=("US", "VN"), pairs=("US-VN",),
        officials=[
            Official("Phan Van Giang", "phan van giang", "Minister of National Defence General", "VN"),
            Official("Pete Hegseth", "pete hegseth", "US Secretary of Defence", "US"),
        ],
    ),
    "004": dict(
        date="2025-12-11", source="header", outlet="VNA", countries=("JP", "VN"), pairs=("JP-VN",),
        officials=[
            Official("Nguyễn Tân Cương", "nguyen tan cuong",
                     "Gen., Chief of the General Staff of the Việt Nam People’s Army", "VN"),
            Official("Saito Akira", "saito akira",
                     "Admiral, Chief of Staff of the Japan Maritime Self-Defence Force", "JP"),
        ],
    ),
}  # fmt: skip


@pytest.mark.parametrize("prefix", sorted(SEEDS))
def test_seed_fields(prefix):
    want = SEEDS[prefix]
    got = extracted(seed(prefix))
    assert got.date == dt.date.fromisoformat(want["date"])
    assert got.date_source == want["source"]
    assert got.outlet == want["outlet"]
    assert got.countries == want["countries"]
    assert got.country_pairs == want["pairs"]
    assert list(got.officials) == want["officials"]


FIXTURE_CASES = [
    # file, date, source, outlet, countries, pairs, official keys
    ("vov-australia-dialogue.txt", "2024-10-15", "clock", "VOV", ("AU", "VN"), ("AU-VN",),
     ["hoang xuan chien", "hugh jeffrey"]),
    ("vnplus-singapore.html", "2024-06-20", "meta", "VNA", ("SG", "VN"), ("SG-VN",),
     ["hoang xuan chien", "chan heng kee"]),
    ("qdnd-laos-border.html", "2025-03-12", "clock", "QDND", ("LA", "VN"), ("LA-VN",),
     ["nguyen van hung", "khamla souvanna"]),
    ("reuters-style-japan.html", "2024-07-08", "meta", "Asia Wire", ("JP", "PH"), ("JP-PH",),
     ["yoko kamikawa", "gilberto teodoro"]),
    # a multilateral meeting: only the bilateral contacts it reports
    ("vna-admm-multilateral.txt", None, "text-no-year", "VNA",
     ("AU", "ID", "JP", "KH", "LA", "MY", "PH", "SG", "TH", "VN"), ("AU-VN", "JP-VN"),
     ["phan van giang", "nakatani", "richard marles"]),
    # a third country in a historical aside: no pair with France, Japan or the US
    ("vns-laos-history.txt", None, None, "VNS", ("LA", "VN"), ("LA-VN",),
     ["phan van giang", "chansamone chanyalath"]),
    # a date without a year, dated by an anniversary whose base year is known (1944 + 80)
    ("vna-pm-plain.txt", "2024-12-10", "text", "VNA", ("KH", "VN"), ("KH-VN",),
     ["pham minh chinh", "hun manet"]),
    # two clock lines: the page's (Jan 10) and the article's (Jan 9); no officials
    ("qdnd-two-clocks-no-officials.txt", "2025-01-09", "clock", "QDND", (), (), []),
]  # fmt: skip


@pytest.mark.parametrize("name,date,source,outlet,countries,pairs,keys", FIXTURE_CASES,
                         ids=[c[0] for c in FIXTURE_CASES])  # fmt: skip
def test_fixture_fields(name, date, source, outlet, countries, pairs, keys):
    got = extracted(FIXTURES / name)
    assert (got.date.isoformat() if got.date else None) == date
    assert got.date_source == source
    assert got.outlet == outlet
    assert got.countries == countries
    assert got.country_pairs == pairs
    assert [o.key for o in got.officials] == keys


def test_same_official_with_and_without_diacritics():
    accented = extracted(FIXTURES / "vns-pm-accented.txt").officials[0]
    plain = extracted(FIXTURES / "vna-pm-plain.txt").officials[0]
    assert accented.key == plain.key == "pham minh chinh"
    assert accented.name == "Phạm Minh Chính"
    assert plain.name == "Pham Minh Chinh"


def test_short_mentions_are_the_same_person():
    keys = [o.key for o in extracted(seed("003")).officials]
    assert keys == ["phan van giang", "pete hegseth"]  # "Giang", "Hegseth" add nobody


def test_not_officials():
    text = "The Ministry of National Defence and the General Staff met. Colonel said nothing. Việt Nam People's Army grew."
    found = extract(clean(text + "\n\nMore text follows here.", "x.txt"))
    assert found.officials == ()


def test_a_year_nothing_fixes_is_unknown_not_guessed():
    # 2019 is the start of the cooperation, not the year of the meeting
    text = "Talks held\n\nThe two sides met on March 3 to review cooperation since 2019 and plans."
    got = extract(clean(text, "w.txt"))
    assert got.date is None
    assert got.date_source == "text-no-year"
    assert got.date_partial == "--03-03"


@pytest.mark.parametrize(
    "body",
    [
        "They met on May 5 to carry out the 2025–2027 cooperation plan.",
        "They met on May 5 to review the memorandum of understanding signed in 2010.",
        "They met on May 5 and set goals for 2030 under the 2021-2025 plan, since 2015.",
        "They met on Tuesday, May 5 and spoke of the 2019 visit.",
    ],
)
def test_numbers_that_are_not_the_year_give_no_year(body):
    from searcher.extract.dates import find_dated

    assert find_dated(Hints(), None, (body,)) == (None, "text-no-year", "--05-05")


def test_a_year_stated_as_current_fixes_it_unless_the_clock_or_weekday_disagrees():
    from searcher.extract.dates import find_dated

    body = ("The ministers met on Thursday, March 6 in Hanoi.", "2025 marks the 50th year.")
    assert find_dated(Hints(), None, body)[:2] == (dt.date(2025, 3, 6), "text")
    wrong_day = ("The ministers met on Friday, March 6 in Hanoi.", body[1])
    assert find_dated(Hints(), None, wrong_day)[1] == "text-no-year"
    clock = Hints(page_clocks=("Monday, February 3, 2025, 10:00 (GMT+7)",))
    assert find_dated(clock, None, body)[1] == "text-no-year"  # a date after the page's clock


def test_a_written_year_after_the_page_clock_is_refused():
    from searcher.extract.dates import find_dated

    clock = Hints(page_clocks=("Monday, February 3, 2025, 10:00 (GMT+7)",))
    assert find_dated(clock, None, ("They met on December 20, 2025 in Hanoi.",))[:2] == (None, None)
    assert find_dated(clock, None, ("They met on December 20, 2024.",))[0] == dt.date(2024, 12, 20)


def test_unknown_year_is_shown_as_such(cli, tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Talks held\n\nThe two sides met on March 3 in Hanoi.\n")
    shown = cli("clean", str(corpus / "a.txt"))
    assert "year unknown (--03-03" in shown.output
    record = json.loads(cli("clean", str(corpus / "a.txt"), "--format", "json").output)
    assert (record["date"], record["date_source"], record["date_partial"]) == (
        None, "text-no-year", "--03-03")  # fmt: skip


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Sunday, August 23, 2020, 09:51 (GMT+7)", "2020-08-23"),
        ("2025-12-11", "2025-12-11"),
        ("Tuesday, 15:20, 15/10/2024", "2024-10-15"),
        ("Posted: 03/04/2024 10:00", "2024-04-03"),
        ("no date here", None),
    ],
)
def test_parse_date(text, expected):
    got = parse_date(text)
    assert (got.isoformat() if got else None) == expected


def test_outlet_is_none_without_evidence():
    got = extract(
        clean(
            "Talks held\n\nThe two sides met and talked for a long time about many things.", "o.txt"
        )
    )
    assert got.outlet is None
