"""The cleaner on the five seeds and on fixture articles in other outlets' layouts."""

from __future__ import annotations

import pytest

from searcher.clean import clean, split_blocks
from searcher.errors import UnreadableArticle

from .conftest import FIXTURES, seed

# file, title, body start, body end, texts that must be gone, texts that must stay
CASES = [
    (
        seed("000"),
        None,
        "HÀ NỘI — The Vietnamese Ministry of National Defence always considers",
        "He said he was impressed with the effective partnerships in training, technology, communications, and logistics.",
        ["— VNS"],
        ["Playa Girón", "Two Hearts, One Beat", "Tô Lâm"],
    ),
    (
        seed("001"),
        "Vietnam, Cuba strengthen defence cooperation",
        "Hanoi (VNA) - The Ministry of National Defence held a meeting in Hanoi on November 30",
        "including defence cooperation.",
        ["ảnh 1", "Participants at the event (Photo: VNA)", "See more", "/."],
        ["Senior Lieutenant General Tran Don", "Juan Miguel Garcia Montano"],
    ),
    (
        seed("002"),
        "60 years of diplomatic relations and defence cooperation between Vietnam and Cuba",
        "The 60-year history of diplomatic relations and defence cooperation",
        "will develop more comprehensively.",
        [
            "Monday, November 29, 2021, 10:24 (GMT+7)",
            "Sunday, August 23, 2020, 09:51 (GMT+7)",
            "The 3rd Vietnam-Cuba defence policy dialogue (photo:",
            "Your Comment (0)",
            "Maj. Gen. Le Xuan Sang",
            "Department of Propaganda and Training",
        ],
        ["Jose Marti", "Soviet Union", "Directive 60/CT-TW"],
    ),
    (
        seed("003"),
        "Vietnamese, US defence chiefs hold phone talks",
        "Hanoi (VNA) – Minister of National Defence General Phan Van Giang held phone talks",
        "particularly in war legacy remediation, as agreed upon by both sides.",
        [
            "(Photo: VNA)",
            "See more",
            "Personnel affairs are extremely important in current context: Party chief",
            "Brazilian President's state visit to boost bilateral strategic partnership",
            "PM requests youth to pioneer in sci-tech development",
            "Vietnam, Poland forge defence cooperation",
            "Poland",
            "Polish",
            "Vietnam, Singapore aim to effectively realise Comprehensive Strategic Partnership",
            "Vietnam-Singapore relations poised for new heights",
            "Lawrence Wong",
            "Vietnam, Laos stand in solidarity: Lao Official",
            "Sounthone Xayachak",
            "Lula da Silva",
            "Pham Minh Chinh",
            "discussed bilateral cooperation during their phone talks",
        ],
        ["Bien Hoa Airbase", "Trump administration", "13th Vietnam - US Defence Policy Dialogue"],
    ),
    (
        seed("004"),
        None,
        "HÀ NỘI — Gen. Nguyễn Tân Cương, Chief of the General Staff",
        "will become stronger in the coming time.",
        ["date 2025-12-11", "— VNA/VNBS"],
        ["Admiral Saito Akira", "JMSDF"],
    ),
    (
        FIXTURES / "vov-australia-dialogue.txt",
        "Vietnam, Australia hold fourth defence policy dialogue",
        "Deputy Minister of National Defence",  # the outlet's tag "VOV.VN -" is not article text
        "signed a memorandum on cooperation in military medicine.",
        [
            "VOV.VN",
            "Tuesday, 15:20, 15/10/2024",
            "(Photo: VOV)",
            "Related news",
            "India",
            "Prayut",
            "medicine. VOV",
        ],
        ["Hugh Jeffrey", "peacekeeping operations"],
    ),
    (
        FIXTURES / "vnplus-singapore.html",
        "Vietnam, Singapore step up defence industry cooperation",
        "Hanoi (VNA) – Deputy Minister of National Defence Sen. Lt. Gen. Hoang Xuan Chien held talks",
        "hold the next defence policy dialogue in Singapore next year.",
        [
            "Facebook",
            "Tags:",
            "Related news",
            "Joko Widodo",
            "Malaysian",
            "Copyright",
            "Your comment",
            "Home",
            "(Photo: VNA)",
            "dataLayer",
            ".menu",
        ],
        ["cyber security and defence industry", "ASEAN defence forums"],
    ),
    (
        FIXTURES / "qdnd-laos-border.html",
        "Vietnamese, Lao border guards hold joint patrol",
        "Colonel Nguyễn Văn Hùng, Commander of the Quang Tri Provincial Border Guard Command",
        "between Vietnam and Laos.",
        [
            "(Photo: qdnd.vn)",
            "Translated by Minh Anh",
            "Cambodian",
            "Chinese delegation",
            "Phan Dinh Phung",
            "Tags:",
        ],
        ["Khamla Souvanna", "French colonial period"],
    ),
    (
        FIXTURES / "reuters-style-japan.html",
        "Japan, Philippines sign reciprocal access pact",
        "MANILA, July 8 (Asia Wire) - Japanese Foreign Minister Yoko Kamikawa",
        "would review the deal before it takes effect.",
        [
            "cookies",
            "Sign up",
            "REUTERS/Staff",
            "South China Sea",
            "Australian navy",
            "By Kenji Tanaka",
            "© Asia Wire",
        ],
        ["treaty ally of the United States"],
    ),
    (
        FIXTURES / "qdnd-two-clocks-no-officials.txt",
        "Navy ships conduct search and rescue drill",
        "Ships of Naval Region 3 conducted a search and rescue drill",
        "Units involved were praised for their discipline and skill.",
        [
            "Friday, January 10, 2025",
            "Thursday, January 9, 2025",
            "Illustrative photo",
            "Your Comment (0)",
        ],
        ["protect fishermen"],
    ),
]


@pytest.mark.parametrize("path,title,start,end,gone,stays", CASES, ids=[c[0].name for c in CASES])
def test_cleaned_article(path, title, start, end, gone, stays):
    result = clean(path.read_bytes(), path.name)
    body = result.body
    assert result.title == title
    assert body.startswith(start)
    assert body.endswith(end)
    text = (result.title or "") + "\n" + body
    for fragment in gone:
        assert fragment not in text, fragment
    for fragment in stays:
        assert fragment in body, fragment


def test_every_removal_has_a_reason():
    result = clean(seed("003").read_bytes(), "003.txt")
    reasons = {r.reason for r in result.removed}
    assert {"caption", "teaser", "sign-off", "duplicate-lede"} <= reasons
    teasers = [r.text for r in result.removed if r.reason == "teaser"]
    assert "Vietnam, Poland forge defence cooperation" in teasers


def test_metadata_in_boilerplate_is_handed_on():
    h002 = clean(seed("002").read_bytes(), "002.txt").hints
    assert h002.article_clock == "Sunday, August 23, 2020, 09:51 (GMT+7)"
    assert h002.page_clocks == ("Monday, November 29, 2021, 10:24 (GMT+7)",)
    assert h002.byline.startswith("Maj. Gen. Le Xuan Sang, Deputy Director")
    assert clean(seed("004").read_bytes(), "004.txt").hints.header_date == "2025-12-11"
    h003 = clean(seed("003").read_bytes(), "003.txt").hints
    assert ("VNA", "sign-off") in h003.outlets
    assert h003.dateline == "Hanoi (VNA)"


def test_html_meta_date_and_site():
    result = clean((FIXTURES / "vnplus-singapore.html").read_bytes(), "x.html")
    assert result.hints.meta_date == "2024-06-20T10:15:00+07:00"
    assert ("VietnamPlus", "meta") in result.hints.outlets
    ld = clean((FIXTURES / "reuters-style-japan.html").read_bytes(), "y.html")
    assert ld.hints.meta_date == "2024-07-08T09:30:00Z"
    assert ld.hints.byline == "By Kenji Tanaka"


def test_html_time_element_and_title_suffix():
    html = (
        "<html><head><title>Talks held - People's Army Newspaper</title></head><body>"
        "<h1>Talks held</h1><time datetime='2023-04-05'>5 April</time>"
        "<div><p>Hanoi (VNA) - The two sides held talks on bilateral cooperation today.</p>"
        "<p>They agreed to meet again next year in Vientiane for more talks.</p></div></body></html>"
    )
    result = clean(html, "p.html")
    assert result.title == "Talks held"
    assert result.hints.meta_date == "2023-04-05"
    assert ("People's Army Newspaper", "title") in result.hints.outlets


@pytest.mark.parametrize(
    "markup",
    [
        "",
        "<html>",
        "<html><body></body></html>",
        "<html><head><title>Only a title</title></head></html>",
        "<div><p>unclosed <b>tags <i>everywhere</p></div></span></html>",
        "<nav><a>Home</a><a>News</a></nav><footer>© site</footer>",
    ],
)
def test_odd_html_gives_a_result(markup):
    result = clean(markup, "odd.html")
    assert isinstance(result.body, str)


def test_deeply_nested_html_is_bounded():
    markup = (
        "<html><body>"
        + "<div>" * 10_000
        + "<p>deep text here for the reader</p>"
        + "</div>" * 10_000
    )
    result = clean(markup, "deep.html")
    assert isinstance(result.body, str)


def test_binary_input_is_an_error():
    with pytest.raises(UnreadableArticle, match="binary"):
        clean(b"\x00\x01\x02\x03" * 100, "blob.txt")


def test_encodings():
    utf16 = "Vietnam, Laos hold talks\n\nHanoi (VNA) – They met.".encode("utf-16")
    assert clean(utf16, "a.txt").title == "Vietnam, Laos hold talks"
    bom = "\ufeffVietnam, Laos hold talks\n\nThey met on Monday in Hanoi.".encode()
    assert clean(bom, "b.txt").title == "Vietnam, Laos hold talks"
    cp = clean((FIXTURES / "cp1252-article.txt").read_bytes(), "c.txt")
    assert "café" in cp.body
    assert any(r.reason == "encoding" for r in cp.removed)


def test_non_english_page():
    result = clean((FIXTURES / "vietnamese-language.txt").read_bytes(), "vi.txt")
    assert result.title == "Bộ trưởng Quốc phòng tiếp Đại sứ Nhật Bản"
    assert "Xem thêm" not in result.body
    assert "Hai bên nhất trí" in result.body


def test_no_headline_means_no_title():
    text = "The ministry said on Monday that talks with the delegation had gone well, officials added.\n\nMore followed."
    assert clean(text, "n.txt").title is None


def test_control_characters_are_stripped():
    result = clean("Title here\n\nBody with \x1b[31mred\x1b[0m text and a bell\x07.", "c.txt")
    assert "\x1b" not in result.body and "\x07" not in result.body


def test_hard_wrapped_text_is_rejoined():
    text = (
        "Showers continued throughout the week in\nthe Bahia cocoa zone, alleviating the drought since\n"
        "early January and improving prospects for the coming harvest,\nalthough normal humidity levels "
        "have not been restored,\nComissaria Smith said in its weekly review.\n"
        "    The dry period means the temporao will be late this year.\n"
    )
    blocks = split_blocks(text)
    assert len(blocks) == 2
    assert blocks[0].startswith("Showers continued throughout the week in the Bahia")
