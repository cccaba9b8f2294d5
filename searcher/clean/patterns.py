"""The line patterns the cleaner recognises: clocks, captions, sign-offs, bylines, markers.

Rules are shapes and positions, not sentences copied from any one article.
"""

from __future__ import annotations

import re

from searcher.regex_starts import compile_started
from searcher.text import trie_pattern

MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
)
WEEKDAY = (
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
    r"|Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)\.?"
    r"|(?:Thứ\s+(?:Hai|Ba|Tư|Năm|Sáu|Bảy|2|3|4|5|6|7)|Chủ\s+nhật)"
)
_DATE = (
    rf"(?:{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"  # November 29, 2021
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTH},?\s+\d{{4}}"  # 29 November 2021
    r"|\d{1,2}/\d{1,2}/\d{4}"  # 29/11/2021
    r"|\d{4}-\d{2}-\d{2})"  # 2021-11-29
)
_TIME = r"(?:\d{1,2}[:h]\d{2}(?::\d{2})?\s*(?:[AaPp]\.?\s?[Mm]\.?)?)"
_ZONE = r"(?:\(?\s*(?:GMT|UTC|ICT)\s*(?:[+-]\s*\d{1,2}(?::?\d{2})?)?\s*\)?)"
_LABEL = r"(?:(?:Posted|Updated?|Published|Last\s+updated|Cập\s+nhật|Ngày|Date)\s*(?:on|at)?\s*:?)"
_SEP = r"[\s,|·•\-–—]*"

CLOCK_LINE = re.compile(
    rf"^{_SEP}(?:{_LABEL}{_SEP})?(?:(?:{WEEKDAY}){_SEP})?(?:{_TIME}{_SEP})?"
    rf"(?P<date>{_DATE}){_SEP}(?:{_TIME}{_SEP})?(?:{_ZONE}{_SEP})?$",
    re.IGNORECASE,
)

HEADER_DATE = re.compile(
    r"^\s*date\s+(?P<date>\d{4}-\d{2}(?:-\d{2})?)(?:[T ]\d{2}:\d{2}(?::\d{2})?)?(?=\s|$)\s*"
)

# "See more" and its family: everything after is material about other stories.
TEASER_MARKER = re.compile(
    r"^\s*(?:…|\.\.\.)?\s*(?:see\s+more|read\s+more|more\s+news|other\s+news|more\s+stories|related\s+news"
    r"|related\s+articles?|related\s+stories|related\s+posts|related|related\s+content"
    r"|you\s+may\s+(?:also\s+)?(?:like|be\s+interested(?:\s+in)?)|recommended(?:\s+for\s+you)?"
    r"|most\s+(?:read|viewed|popular)|latest\s+news|also\s+read|read\s+also|further\s+reading"
    r"|more\s+from\s+[\w ]{2,30}|top\s+stories|trending|editor'?s\s+picks?|other\s+stories"
    r"|autres\s+articles|à\s+lire\s+aussi|lire\s+aussi|weitere\s+artikel|otras\s+noticias"
    r"|xem\s+thêm|tin\s+liên\s+quan|tin\s+khác|bài\s+liên\s+quan|đọc\s+thêm|tin\s+cùng\s+chuyên\s+mục)"
    r"\s*[:»>.…]*\s*$",
    re.IGNORECASE,
)
# A single related link inside the body: "Read more: <headline>".
RELATED_LINK = re.compile(
    r"^\s*(?:read\s+more|see\s+also|related|also\s+read|read\s+also|xem\s+thêm|>>)\s*[:»>-]\s*\S",
    re.IGNORECASE,
)

# A related story's headline set in brackets on its own line inside the story (VietnamPlus:
# "[Vietnam, Laos boost border ties]"); a bracketed note ends as a sentence ends and stays.
BRACKETED_HEADLINE = re.compile(r"^\s*\[[A-ZÀ-Ỹ\"“‘'][^\[\]\n]{10,160}(?<![.!?:;])\]\s*$")

CAPTION = [
    # … (Photo: VNA) / (Photo qdnd.vn) / (Ảnh: …) / a caption cut off mid-line: "(photo:"
    re.compile(
        r"\(\s*(?:photos?|ảnh|image|video|graphics?|illustration|infographic|file\s+photo"
        r"|illustrative\s+(?:photo|image)|photo\s+courtesy)\b[^()]*\)?[\s.]*$",
        re.IGNORECASE,
    ),
    # … Photo: VNA  /  … VNA Photo: Nguyễn Văn A  /  … — VNA/VNS Photo Trọng Đức
    re.compile(r"(?:^|[\s.—–-])(?:photos?|ảnh)\s*:\s*(?:(?!\.\s)[^:;]){1,60}$", re.IGNORECASE),
    re.compile(
        r"(?:^|[—–-]\s*)(?:[A-Z]{2,6}(?:\s*/\s*[A-Z]{2,6})*\s+)?(?:Photos?|Ảnh)\b(?:\s*:)?"
        r"(?:\s+[^\s.]+){0,6}\s*$"
    ),
    re.compile(r"^\s*(?:illustrative|file|archive)\s+(?:photo|image|picture)\b", re.IGNORECASE),
    # … <who is pictured>. Photo:  — the credit cut off after its label: nothing follows the colon
    re.compile(r"(?:^|[.!?]\s+|[—–-]\s*)(?:Photos?|Ảnh)\s*:\s*$"),
]
# A line that none of these words is in (lower-cased) is not a caption by CAPTION.
CAPTION_WORDS = ("photo", "ảnh", "image", "video", "graphic", "illustra", "picture")
# VietnamPlus-style caption glued to the repeated headline: "<title> ảnh 1<caption>".
IMAGE_NUMBER = re.compile(r"(?:ảnh|hình\s+ảnh|hinh\s+anh)\s*\d+", re.IGNORECASE)  # ("ảnh 1" alone)
GLUED_CAPTION = re.compile(r"(?:^|\s)(?:ảnh|hình\s+ảnh|hinh\s+anh)\s*\d+(?:\s*\S|\s*$)")
# An image box's caption line ends in the layout's "|" separator: "… in Hanoi. |".
IMAGE_BOX = re.compile(r"^\s*\|\s*$|\S\s+\|\s*$")
# "(Source: VNA)" closing a short line is a photo credit.
SOURCE_CREDIT = re.compile(r"\((?:source|nguồn)\s*:\s*[^()]{2,40}\)\s*$", re.IGNORECASE)
# Where people stand in a photo: "(R)", "(left)", "(2nd, L)", "(centre)", "(second from the
# left)", "(third right)": a caption's words.
_ORDINAL = r"(?:\d(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth)"
POSITION_IN_PHOTO = re.compile(
    rf"\((?:{_ORDINAL}\s*,?\s*(?:from\s+(?:the\s+)?)?(?=[LRlr]))?"
    r"(?:L|R|C|left|right|cent(?:re|er)|middle|front|first|second|third)"
    r"(?:\s*,\s*(?:front|back|second|first)(?:\s+row)?)?\)"
)
# Titles shortened with a full stop ("Sr. Lt. Gen. Hoang …"): no sentence ends after them.
TITLE_ABBREVIATION = re.compile(
    r"\b(?:Sen|Sr|Snr|Jr|Lt|Lieut|Gen|Col|Maj|Capt|Cpt|Adm|Brig|Cdr|Cmdr|Dr|Mr|Ms|Mrs|Prof|Amb)\. "
)
# Short captions without a credit: "Delegates in a joint photo", "At the welcoming ceremony",
# "An overview of the conference", "Scene of the talks".
CAPTION_PHRASE = re.compile(
    r"^(?:(?:(?:delegates|participants|guests|attendees)\s+)?(?:at|during)\s+the\s+(?:\w+\s+){0,3}"
    r"(?:ceremony|meeting|talks|reception|event|session|conference|dialogue|exchange|forum|signing"
    r"|seminar|workshop|symposium)(?:\s+(?:in|at|on|of)\s+[^,;]{0,40}|\s+to\s+[a-z][^,;]{0,80})?"
    r"|(?:an?\s+)?(?:overview|scene|view|glimpse|corner)\s+of\s+[^,;]{0,60}"
    r"|[^,;]{0,80}\b(?:in|pose\s+for)\s+an?\s+(?:joint|group|souvenir|commemorative|family)\s+"
    r"(?:photo|picture)[^,;]{0,30})[.\s]*$",
    re.IGNORECASE,
)  # (the whole line: "At the meeting, Giang said …" is prose)
# "Others", "Autres", "Andere" alone on a line: a related list's heading, at the end of a page
# only (a list in the story can have an "Others:" item).
OTHERS = re.compile(r"^\s*(?:others|autres|andere|otros)\s*$", re.IGNORECASE)
# An image widget's controls as text ("leftcenterrightdel"): the next line is the caption.
IMAGE_WIDGET = re.compile(r"^\s*(?:left\s*center\s*right\s*del|leftcenterright)\s*$", re.IGNORECASE)
# A line that is only a photo credit: "(Photo: www.qdnd.vn)", "Photo: VNA".
CREDIT_ONLY = re.compile(
    r"^\s*\(?\s*(?:photos?|ảnh|source|foto)\s*:\s*[^()]{1,60}\)?\s*$", re.IGNORECASE
)
# A copy's credit to the story's outlet: "View the original article at Vietnamplus.",
# "Disclaimer: This article was originally produced and published by …", "The source of this
# news is from Vietnam News", "post on vietnamnews.vn at …".
COPY_CREDIT = re.compile(
    r"^\W{0,3}(?:view\s+the\s+original\s+(?:article|story|post)\s+(?:at|on)"
    r"|(?:disclaimer\s*:\s*)?this\s+(?:article|story|content)\s+was\s+(?:originally\s+)?"
    r"(?:produced|published|written)(?:\s+and\s+(?:published|produced))?\s+by"
    r"|the\s+source\s+of\s+this\s+(?:news|article|story)\s+is(?:\s+from)?"
    r"|(?:this\s+)?(?:article|story|news)\s+(?:is\s+)?(?:from|via|courtesy\s+of)"
    r"|originally\s+published\s+(?:at|on|by))\s+(?P<who>[^,;]{2,60})",
    re.IGNORECASE,
)
# A section label or language switch above the headline: "Politics", "Making news",
# "Vietnamese | English".
_SECTION = (
    r"(?:politics|society|world|business|economy|sports?|culture|travel|life|opinion|environment"
    r"|national\s+defen[cs]e|defen[cs]e|military|diplomacy|international|news|making\s+news|law"
    r"|focus|features?|in\s+focus|latest|breaking\s+news|security|asean|region|vietnam|world\s+news)"
)
SECTION_LABEL = re.compile(
    rf"^\s*(?:(?:home\s*[>»/|]?\s*)?{_SECTION}(?:\s*(?:&|and|[>»/|])\s*{_SECTION})*|home"
    r"|(?:vietnamese|english|french|spanish|chinese|russian|german|japanese|korean|lao|khmer)"
    r"(?:\s*[|/]\s*(?:vietnamese|english|french|spanish|chinese|russian|german|japanese|korean|lao"
    r"|khmer))+)\s*$",
    re.IGNORECASE,
)
# A reporters' line above the story: "Nhat Quynh & Huy Hoang – VOV correspondents in the …".
HEAD_BYLINE = re.compile(
    r"^[A-ZÀ-ỸĐ][\w’'. -]{2,40}(?:\s*(?:&|,|and)\s*[A-ZÀ-ỸĐ][\w’'. -]{2,40})*\s*[–—-]\s*"
    r"(?P<outlet>VOV|VNA|VNS|QDND|VietnamPlus)\s+(?:correspondents?|reporters?|journalists?)\b"
)
# A reporter's line of its own, the outlet first ("VOV-Korrespondent in Moskau -", "VOV
# correspondent in Moscow", "Correspondant de VOV à Paris", "Corresponsal de VOV en Madrid").
REPORTER_LINE = re.compile(
    r"^\s*(?:(?P<outlet>VOV|VNA|VNS|QDND|VietnamPlus)[- ](?:Korrespondent(?:in|en)?"
    r"|correspondents?|reporters?)|(?:correspondant(?:e|s)?|corresponsal(?:es)?|envoy[ée]e?\s+sp[ée]cial(?:e)?)"
    r"\s+(?:de\s+(?:la\s+)?|du\s+)?(?P<outlet2>VOV|VNA|AVI|QDND))\b"
    r"(?:\s+(?:in|aus|en|à|au|from|de)\s+[\w’' -]{2,30}?)?\s*[-–—:]?\s*$",
    re.IGNORECASE,
)

CHROME = re.compile(
    r"^\s*(?:your\s+comments?\s*(?:\(\d+\))?|comments?\s*\(\d+\)|\d+\s+comments?|add\s+a\s+comment"
    r"|leave\s+a\s+(?:comment|reply)|post\s+a\s+comment|send\s+comment|bình\s+luận\s*(?:\(\d+\))?"
    r"|share(?:\s+this(?:\s+article|\s+story)?)?|print(?:\s+this\s+article)?|email|save|copy\s+link"
    r"|tweet|facebook|twitter|linkedin|zalo|whatsapp|telegram|pinterest|reddit|back\s+to\s+top"
    r"|font\s+size|text\s+size|a\s*[-+]?\s*a\s*[+-]|listen|listen\s+to\s+(?:this\s+)?article"
    r"|advertisement|sponsored(?:\s+content)?|subscribe|sign\s+up|log\s*in|register"
    r"|tags?\s*:.*|keywords?\s*:.*|topics?\s*:.*|chia\s+sẻ|in\s+bài\s+viết|gửi\s+bài|feedback"
    r"|type\s+the\s+code(?:\s+from\s+the\s+image)?|captcha|send\s+feedback|góp\s+ý"
    r"|commentaires?|kommentare?|comentarios?|partager|teilen|compartir|imprimer|drucken"
    r"|bình\s+luận\s+của\s+bạn.*|hộp\s+thư\s+thoại.*|gửi\s+bình\s+luận|\W*"
    r"|(?:facebook|twitter|zalo|email|print|share)(?:[\s|/·•,]+(?:facebook|twitter|zalo|email|print"
    r"|share|linkedin|whatsapp|telegram|copy\s+link))+)"
    r"\s*[:.!|]*\s*$",
    re.IGNORECASE,
)
COMMENTS = re.compile(
    r"^\s*(?:your\s+comments?|comments?|bình\s+luận|add\s+a\s+comment|leave\s+a\s+(?:comment|reply)"
    r"|post\s+a\s+comment|send\s+comment|\d+\s+comments?)\b",
    re.IGNORECASE,
)

OUTLET_CODES = r"(?:VNA|VNS|VOV|VNP|QDND|VNBS|VTV|VNE|TTXVN|AVI|SGGP|Xinhua|AFP|AP|Reuters|Kyodo|Yonhap|Bernama|ANI|ANTARA|PNA|KPL|TASS|RIA|Sputnik|Prensa\s+Latina|CNA)"
_CODE = rf"(?:{OUTLET_CODES}|Vietnam\+|[A-Z]{{2,6}})"
# A paragraph ending in "— VNS", "— VNA/VNBS", "-- VOV".
SIGNOFF_TAIL = re.compile(rf"\s*[—–]{{1,2}}\s*(?P<codes>{_CODE}(?:\s*/\s*{_CODE})*)\s*\.?\s*$")
SIGNOFF_TAIL_HYPHEN = re.compile(
    rf"(?:\s+|(?<=[.!?”\"'’)]))-{{1,2}}\s*(?P<codes>{OUTLET_CODES}(?:\s*/\s*{_CODE})*)\s*\.?\s*$"
)
# "… in military medicine. VOV": a bare outlet code after the last sentence.
SIGNOFF_TAIL_BARE = re.compile(
    rf"(?<=[.!?”\"'])\s+(?P<codes>{OUTLET_CODES}(?:\s*/\s*{_CODE})*)\s*$"
)
# An outlet opening the lede instead of a place: "VOV.VN - ", "VNA – ", "VietNamNet Bridge –"
# (any name the outlet table knows; checked by the caller).
OUTLET_DATELINE = re.compile(
    r"^(?:(?P<outlet>[A-Z][\w.'’&+]*(?:\s+[A-Z][\w.'’&+]*){0,3})|\((?P<paren>[^()]{2,25})\))"
    r"\s*(?:\((?P<agency>[^()]{2,25})\))?(?:\s+[-–—:]{1,2}\s*|(?<=\))\s*[-–—:]{1,2}\s*|[-–—:]{1,2}\s+)"
    r"(?=\S)"  # (a dash with a space on one side: "VOV-Korrespondent" is a word)
)
# Who a caption credits: "(Photo: VNA)", "(Source: VNA)", "— VNA/VNS Photo Trọng Đức".
CREDIT = re.compile(
    r"\((?i:photos?|ảnh|source|nguồn)\s*:?\s*(?P<who>[^()]{2,40})\)"
    r"|(?:^|[—–-]\s*)(?P<code>[A-Z]{2,6}(?:\s*/\s*[A-Z]{2,6})*)\s+(?:Photos?|PHOTOS?|Ảnh|ẢNH)\b"
)
# A photo credit that ends a caption glued to the next paragraph (the line break was lost):
# "… in Hanoi on July 28 (Photo: VNA)Hanoi (VNA) – …", "… meet. — Photo qdnd.vn At the talks …".
GLUED_CREDIT = re.compile(
    r"(?:\(\s*(?:[Pp]hotos?|PHOTO|[Ảả]nh|[Ff]ile\s+[Pp]hoto|[Ss]ource|[Ff]oto)\s*:?\s*[^()]{1,60}\)"
    r"|[—–]\s*(?:[A-Z]{2,6}(?:\s*/\s*[A-Z]{2,6})*\s+)?(?:[Pp]hotos?|[Ảả]nh)\s*:?\s*"
    r"(?:[\w-]+\.(?:vn|com|net|org)|[A-Z]{2,6}(?:\s*/\s*[A-Z]{2,6})*)\b"
    r"|[—–]\s*[A-Z]{2,6}(?:\s*/\s*[A-Z]{2,6})*\s+(?:Photos?|Ảnh)(?=\s+[A-ZÀ-ỸĐ]{2,}[\s,]))"
    r"\s*(?=[A-ZÀ-Ỹ“\"‘])"
)
# A line break lost between two sentences: "…visit to Vietnam.Sen. Lieut. Gen. Vinh …", and a
# space lost after a title's abbreviation: "Gen.Vinh". The pattern starts at the punctuation (a
# fast scan); glue._respace decides from the characters before it.
LOST_SPACE = re.compile(r"[.!?,][”\"’]?(?=[A-ZÀ-Ỹ][a-zà-ỹ])")
# (a regnal number ends a name, and the sentence: "… Pimentel III.During the trip")
SENTENCE_END_BEFORE = re.compile(
    r"(?:[a-zà-ỹ]{3}|[a-z]\s\d|\s\d\d|\d{4}|(?:^|\s)[A-Z]|\s(?:II|III|IV|VI|VII|VIII))$"
)
GLUED_ABBREVIATIONS = frozenset({"Gen", "Col", "Lt", "Maj", "Adm", "Mr", "Ms", "Mrs", "Dr"})
# A space lost between a title and a name or between two words: "Defence MinisterPhan Van
# Giang", "his counterpartLloyd Austin" (a lower-case word never runs into a capital). CAMEL
# finds the blocks that can hold one (few), GLUED_WORDS the candidate words, glue._unglue
# decides.
CAMEL = re.compile(r"[a-zà-ỹ][A-ZÀ-Ỹ]")
GLUED_WORDS = re.compile(r"\b[^\W\d_]{2,30}[a-zà-ỹ][A-ZÀ-Ỹ][^\W\d_]{2,30}\b")  # (bounded: linear)
# A small word glued to the capitalised word after it: "at the invitation ofForeign Minister",
# "held inVietnam" (no brand or name starts so)
GLUED_SMALL_WORD = re.compile(
    r"\b(of|to|in|at|and|the|with|for|by|from|on)(?=[A-ZÀ-Ỹ][a-zà-ỹ]{2,})"
)
# A demonym split before its last letter by a stray space: "Cambodia n Deputy Minister"
SPLIT_DEMONYM = re.compile(r"\b([A-Z][a-z]{3,20}[aeo]) (n)\b(?= [A-Z])")
GLUED_TITLES = ("Minister", "President", "Ambassador", "Secretary", "General", "Chairman",
                "Chairwoman", "Premier", "Commander", "Director", "Chief", "Colonel", "Admiral",
                "Deputy", "Senator", "Governor", "Lieutenant", "Major", "Captain", "Senior",
                "Foreign", "Defence", "Defense", "National", "Vice", "Prime", "Party", "State",
                "People", "Consul")  # fmt: skip
# A title glued to the small word after it: "Ambassadorto Vietnam", "Ministerof Defence".
GLUED_TITLE_WORD = compile_started(
    r"\b(Ambassador|Minister|Secretary|President|Consul|Deputy|Director|Chairman|Chief|Head|Commander)"
    r"(to|of|and|in|for|at)\b"
)
# The site's own prompts: follow the outlet, give feedback, read the full story elsewhere.
PROMPT = re.compile(
    r"^\W{0,3}(?:please\s+|you\s+can\s+(?:also\s+)?|click\s+here\s+to\s+|don'?t\s+forget\s+to\s+)?"
    r"(?:follow(?=\s)|like\s+(?:us|our)|subscribe\s+to|join\s+us|download|get\s+(?:the\s+)?latest|stay\s+(?:tuned|updated|connected)\s+(?:with|to|on)"
    r"|read\s+(?:the\s+)?(?:full|original|whole|complete)\s+(?:this\s+)?(?:story|article|report|text)"
    r"|if\s+you\s+want\s+(?:to\s+)?remove\s+this|this\s+is\s+(?:a\s+)?cached\s+(?:page|copy)"
    r"|(?:the\s+)?people['’]?s\s+army\s+newspaper(?:\s+online)?\s+would\s+like\s+to\s+introduce"
    # ("… would like (to) introduce some photos of the visit": the tail's word is "photos")
    r"|(?:\w+\s+){0,3}would\s+like\s+(?:to\s+)?introduce\s+(?:some|a\s+few)"
    r"(?=\s+(?:photos|pictures|images))"
    r"|read\s+more\s+(?:at|on)|for\s+more\s+(?:news|stories|information|updates)"
    r"|send\s+(?:us\s+)?(?:your\s+)?(?:feedback|comments?|opinions?|views|news\s+tips?)"
    r"|give\s+(?:us\s+)?(?:your\s+)?feedback|share\s+your\s+(?:feedback|views|thoughts|opinions?)"
    r"|we\s+(?:value|appreciate)\s+your\s+(?:feedback|comments|views)|have\s+your\s+say|tell\s+us"
    r"|watch\s+(?:the\s+)?(?:full\s+)?video|listen\s+to\s+(?:the\s+)?(?:full\s+)?(?:story|report|podcast)"
    r"|mời\s+(?:quý\s+)?(?:bạn\s+đọc|độc\s+giả)|theo\s+dõi|đọc\s+(?:bài\s+)?(?:gốc|toàn\s+văn|đầy\s+đủ)"
    r"|gửi\s+(?:ý\s+kiến|phản\s+hồi|góp\s+ý)|tải\s+ứng\s+dụng|đăng\s+ký\s+(?:nhận|kênh))\b"
    r".{0,200}?\b(?:google\s+news|facebook|fanpage|youtube|tiktok|zalo|twitter|instagram|telegram"
    r"|newsletter|app|application|channel|website|site|page|feedback|comments?|email|e-mail|@"
    r"|our|us|here|link|photos|pictures|images|[\w-]+\.(?:vn|com|net|org)|vietnamplus|vna|vns|vov|qdnd|nhân\s+dân|ứng\s+dụng|kênh|trang|bạn\s+đọc"
    r"|độc\s+giả)\b",
    re.IGNORECASE,
)
# Of the prompts, those asking the reader to follow the outlet ("Follow us on Google News",
# VOV's "Mời quý độc giả theo dõi VOV.VN trên"): the box sites print under the article.
FOLLOW_PROMPT = re.compile(
    r"^\W{0,3}(?:please\s+)?(?:follow\s|like\s+(?:us|our)|subscribe\s+to|join\s+us"
    r"|stay\s+(?:tuned|updated|connected)|mời\s+(?:quý\s+)?(?:bạn\s+đọc|độc\s+giả)\s+theo\s+dõi"
    r"|theo\s+dõi)",
    re.IGNORECASE,
)
# The VNA end mark "/." (also " ./.").
SLASH_DOT = re.compile(r"\s*\.?\s*/\.\s*$")
# A line that is nothing but a sign-off: "VNA", "— VNS", "VNA/VNS", "Source: VNA", "(VNA)".
SIGNOFF_LINE = re.compile(
    rf"^\s*(?:[—–-]{{1,2}}\s*)?(?:source\s*:\s*|nguồn\s*:\s*)?\(?(?P<codes>{OUTLET_CODES}(?:\s*/\s*{_CODE})*"
    r"|VietnamPlus|Vietnam\s*News\s*Agency|Viet\s*Nam\s*News|Việt\s*Nam\s*News|Voice\s+of\s+Vietnam"
    r"|People'?s\s+Army\s+Newspaper|Nhân\s+Dân|Nhan\s+Dan)\)?\s*\.?\s*$",
    re.IGNORECASE,
)
SOURCE_LINE = re.compile(r"^\s*(?:source|nguồn|according\s+to)\s*:\s*\S.{0,80}$", re.IGNORECASE)

BYLINE_PREFIX = re.compile(
    r"^\s*(?:by|story\s+by|written\s+by|reported\s+by|translated\s+by|edited\s+by|compiled\s+by"
    r"|reporting\s+by|text\s+by|writer|author|reporter|translator|editor)\s*[:\-]?\s+\S.{0,120}$",
    re.IGNORECASE,
)

# "Hanoi (VNA) - ", "HÀ NỘI — ", "WASHINGTON, March 2 (Reuters) - ", "Vientiane (VNA) –"
DATELINE = re.compile(
    r"^(?P<place>[A-ZÀ-Ỹ][\w.'’À-ỹ-]*(?:[ ,]+[A-ZÀ-Ỹa-zà-ỹ][\w.'’À-ỹ-]*){0,4}?)"
    r"\s*(?:,\s*(?P<when>[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\.?\s+[a-zéû]{3,9}))?"
    r"\s*(?:\((?P<outlet>[^()]{2,25})\))?\s*[—–-]{1,2}\s+(?=\S)"
)
# A dateline alone on its line, its dash opening the next: "Hanoi (VNA)", "Vientiane (VNA)".
SPLIT_DATELINE = re.compile(
    r"^\s*[A-ZÀ-Ỹ][\w.'’À-ỹ-]*(?:[ ,]+[A-ZÀ-Ỹ][\w.'’À-ỹ-]*){0,3}\s*\((?P<outlet>[^()]{2,25})\)\s*$"
)
# A news feed's own dateline on a line of its own above the story's ("VIETNAM, June 5 -" and
# then "HÀ NỘI — …"): the place in capitals, a day, a dash, nothing after it.
FEED_DATELINE = re.compile(
    r"^[A-ZÀ-Ỹ][A-ZÀ-Ỹ.' -]{1,30},\s*(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\.?\s+[a-zéû]{3,9})"
    r"\s*[—–-]{1,2}\s*$"
)

# An uncredited caption written as a sentence (QDND): what the photo shows, in the present tense
# of a photo's verbs ("Members of the mission bid farewell to the mainland.", "Minister Giang
# receives Mr. Arya."). News prose reports in the past ("… received …", "… was held"), so a
# line with a past or auxiliary verb, or one opening with a pronoun or an adverbial, is prose.
CAPTION_VERB = re.compile(
    r"(?<!\bto )\b(?:(?:receives?|presents?|welcomes?)\s+(?:[A-Z]\w*|the\b|a\b|an\b|gifts?\b"
    r"|souvenirs?\b|flowers\b|his\b|her\b|their\b)|hands?\s+over|meets?\s+(?:with\s+)?[A-Z]"
    r"|meets?\s+with\s+(?:the\s+|his\s+|her\s+|their\s+)?(?:leaders|heads|delegates"
    r"|representatives|officials|members|officers)\b"
    r"|poses?\s+for|shakes?\s+hands?|inspects?|visits?\s+(?:[A-Z]\w*|the\b|a\b|an\b)"
    r"|joins?\s+(?:the\b|a\b|an\b|in\b)|discuss(?:es)?\b|exchanges?\s+views|attends?|lays?\s+(?:a\s+)?wreaths?|conducts?"
    r"|coordinates?\s+with|anchors?\s+at|departs?|sees?\s+off|bids?\s+farewell|performs?|delivers?"
    r"|greets?|salutes?|examines?|distributes?|cuts?\s+the\s+ribbon|beats?\s+the\s+drum"
    r"|holds?\s+talks|takes?\s+part|takes?\s+a\s+(?:souvenir|group|commemorative|joint)\s+photo"
    r"|talks?\s+with|gives?\s+(?:gifts?|souvenirs?|flowers)|witness(?:es)?\s+(?:the\b|a\b|an\b)"
    r"|signs?\s+(?:the\b|a\b|an\b|minutes\b|agreements?\b|memorand\w*)"
    r"|speaks?\s+at\s+(?:the\b|a\b|an\b)|chairs?\s+(?:the\b|a\b|an\b)"
    r"|congratulates?\s+(?:[A-Z]\w*|the\b|a\b|an\b|his\b|her\b|their\b)"
    r"|(?:is|are)\s+about\s+to\s+[a-z]+"  # (the moment the photo caught: "is about to dock")
    r"|pays?\s+(?:tribute|a\s+courtesy\s+call|a\s+visit)|offers?\s+(?:incense|flowers))\b"
)
# The first words of CAPTION_VERB, as a trie (the gate: CAPTION_VERB is slow to fail).
CAPTION_VERB_WORD = re.compile(
    r"\b(?:"
    + trie_pattern(
        [
            f"{w}{e}"
            for w in (
                "receive",
                "present",
                "welcome",
                "meet",
                "pose",
                "inspect",
                "attend",
                "lay",
                "conduct",
                "coordinate",
                "anchor",
                "depart",
                "see",
                "bid",
                "perform",
                "deliver",
                "greet",
                "salute",
                "examine",
                "distribute",
                "cut",
                "beat",
                "hold",
                "take",
                "talk",
                "give",
                "pay",
                "offer",
                "shake",
                "visit",
                "join",
                "exchange",
                "congratulate",
                "sign",
                "speak",
                "chair",
            )
            for e in ("", "s")
        ]
        + ["hand", "hands", "discuss", "discusses", "about", "witness", "witnesses"]
    )
    + r")\b"
)
NOT_CAPTION_VERB = re.compile(
    r"\b(?:\w{3,}ed(?!\s+(?:by|on\s+(?!(?-i:[A-Z]))))|got|gets|was|were|has|have|had|will"
    r"|(?:is|are)(?!\s+about\s+to\b)|would|should|can|could|may|might|must|shall|said|says|met"
    r"|held|took|made|gave|told|came"
    r"|became|began|led|paid|saw|went|won|sent|set|kept|put|been|being|drew|spoke|wrote|brought"
    r"|bought|thought|fought|sought|stood|understood|grew|knew|threw|flew|ran|sat|left|felt|meant"
    r"|lost|rose|fell|broke|chose|did|does|do|not|no)\b",
    re.IGNORECASE,
)
# "The two sides discuss the programme.", "The two defence ministers witness the signing.": a
# photo of both sides or of the two people or groups, said as a caption says it
BOTH_SIDES_CAPTION = re.compile(
    r"^(?:The\s+two\s+(?:sides|(?:[a-z]+\s+)?[a-z]{3,}s)|Both\s+sides)\s+(?:also\s+)?(?=\w+s?\b)"
)
PROSE_OPENING = re.compile(
    r"^(?:He|She|They|It|This|These|Those|That|There|We|I|You|His|Her|Their|Its|Our|At|In|On"
    r"|During|According|After|Before|While|As|With|For|Under|Since|Besides|Also|However"
    r"|Meanwhile|Both|The\s+(?:visit|event|meeting|talks|programme|program|exercise|agreement"
    r"|trip|ceremony|move|plan|project|two|sides?))\b"
)
# A sentence end inside a line (not after a title's abbreviation: "receives Mr. Arya").
INNER_SENTENCE_END = re.compile(
    r"(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)(?<!\bGen)(?<!\bCol)(?<!\bLt)(?<!\bMaj)(?<!\bSen)"
    r"(?<!\bNo)(?<!\bSt)(?<!\bSr)(?<!\bCapt)(?<!\bAdm)(?<!\bBrig)(?<!\bLieut)[.!?]\s+[A-Z]"
)
# A copy site's link to the rest of the story, glued to the cut paragraph ("… for common… Read
# full this story"), and its footer ("<headline> have 297 words, post on vietnamnews.vn at
# November 10, 2021. This is cached page on …").
READ_FULL_TAIL = re.compile(
    r"\s*(?:…|\.\.\.)?\s*(?:read|view|see)\s+(?:the\s+)?(?:full|whole|more|original)"
    r"(?:\s+(?:this|the))?\s+(?:story|article|text|report)\s*\.?\s*$"
    r"|\s*(?:…|\.\.\.)\s*(?:read|see)\s+more\s*$",  # ("… for common… Read More")
    re.IGNORECASE,
)
# A copy opening with the outlet it copied in brackets: "(Viet Nam News) Philippines' …"
LEAD_CREDIT = re.compile(r"^\((?P<who>[^()\d]{2,40})\)\s+(?=[A-ZÀ-Ỹ\"“])")
COPY_FOOTER = re.compile(
    r"\bhave\s+\d+\s+words,\s+post(?:ed)?\s+on\s+\S+\s+at\b|\bthis\s+is\s+(?:a\s+)?cached\s+page\b",
    re.IGNORECASE,
)
