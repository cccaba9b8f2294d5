"""A page that is not UTF-8 is read in the character set it declares: in a ``<meta charset>``, in
an ``http-equiv`` Content-Type, or in an XML declaration (bs4's ``EncodingDetector`` reads the
declaration; only this path imports bs4)."""

from __future__ import annotations

import subprocess
import sys
import unicodedata

from searcher.clean import clean
from searcher.clean.html import declared_charset

FRENCH = (
    "Le ministre de la Défense a reçu à Paris son homologue vietnamien pour des entretiens sur la "
    "coopération navale, la formation des officiers et l'industrie de défense des deux pays."
)
# Vietnamese as windows-1258 writes it: a base letter, then the tone as a combining mark.
VIETNAMESE = (
    "Bô\u0323 trươ\u0309ng Bô\u0323 Quô\u0301c pho\u0300ng đa\u0303 tiê\u0301p Đa\u0323i sư\u0301 "
    "Nhâ\u0323t Ba\u0309n ta\u0323i Ha\u0300 Nô\u0323i đê\u0309 ba\u0300n vê\u0300 hơ\u0323p ta\u0301c "
    "quô\u0301c pho\u0300ng giư\u0303a hai nươ\u0301c trong năm tơ\u0301i."
)


def _page(head: str, text: str) -> str:
    return f"{head}<html><head><title>Talks</title></head><body><article><p>{text}</p></article></body></html>"


def test_an_iso_8859_1_page_declared_by_its_xml_declaration_is_read_in_it():
    data = _page('<?xml version="1.0" encoding="ISO-8859-1"?>\n', FRENCH).encode("iso-8859-1")
    assert declared_charset(data) == "iso8859-1"
    cleaned = clean(data, "page.html")
    assert cleaned.body == FRENCH
    assert not [r for r in cleaned.removed if r.reason == "encoding"]  # (declared, not guessed)


def test_a_windows_1258_page_declared_by_http_equiv_is_read_in_it():
    head = '<meta http-equiv="Content-Type" content="text/html; charset=windows-1258">'
    markup = _page("", VIETNAMESE).replace("<head>", "<head>" + head)
    data = markup.encode("cp1258")
    assert declared_charset(data) == "cp1258"
    cleaned = clean(data, "page.html")
    assert cleaned.body == unicodedata.normalize("NFC", VIETNAMESE)
    assert "Bộ Quốc phòng" in cleaned.body
    assert not [r for r in cleaned.removed if r.reason == "encoding"]


def test_a_declaration_python_does_not_know_is_a_guess_with_its_warning():
    data = _page("", FRENCH).replace("<head>", '<head><meta charset="x-bogus">').encode("cp1252")
    assert declared_charset(data) is None
    cleaned = clean(data, "page.html")
    assert cleaned.body == FRENCH
    assert [r.text for r in cleaned.removed if r.reason == "encoding"] == [
        "not UTF-8; decoded as Windows-1252"
    ]


def test_bs4_is_imported_only_for_a_page_that_is_not_utf8():
    code = (
        "import sys; from searcher.clean import clean; "
        "clean('<html><body><p>Vietnam and Japan hold talks in Hanoi.</p></body></html>'.encode(), 'a.html'); "
        "print('bs4' in sys.modules)"
    )
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert found.stdout.strip() == "False"
