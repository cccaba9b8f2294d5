"""Small text helpers shared by every stage: accent folding, decoding, terminal safety.

Import-light on purpose: the query path uses it.
"""

from __future__ import annotations

import re

# Letters that NFKD does not decompose into base + combining mark.
_SPECIAL = {
    "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L",
    "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ı": "i", "þ": "th", "Þ": "Th",
    "’": "'", "‘": "'", "ʼ": "'",
}  # fmt: skip

_fold_cache: dict[str, str] = {}
_ASCII_BYTES = bytes(range(128))


def _fold_char(ch: str) -> str:
    f = _fold_cache.get(ch)
    if f is None:
        f = _SPECIAL.get(ch)
        if f is None:
            import unicodedata  # (on the first character it decomposes: not at import)

            f = "".join(
                c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c)
            )
        _fold_cache[ch] = f
    return f


def fold(text: str) -> str:
    """Strip accents: ``Nguyễn Tân Cương`` → ``Nguyen Tan Cuong``; case is kept."""
    return fold_aligned(text)[0]


def fold_aligned(text: str) -> tuple[str, bool]:
    """(``fold(text)``, whether each character folded to exactly one: then the folded text's
    offsets are the text's). Only the distinct non-ASCII characters are looked at: in UTF-8
    each is replaced by its fold at C speed (one character's bytes never occur inside
    another's), when every fold that changes a character is ASCII (else, rarely, character by
    character)."""
    if text.isascii():
        return text, True
    data = text.encode("utf-8", "surrogatepass")
    even = True
    for ch in set(data.translate(None, _ASCII_BYTES).decode("utf-8", "surrogatepass")):
        f = _fold_char(ch)
        if f != ch:
            if not f.isascii():  # (a fold another replacement could change)
                parts = [c if c < "\x80" else _fold_char(c) for c in text]
                return "".join(parts), all(len(part) == 1 for part in parts)
            data = data.replace(ch.encode("utf-8", "surrogatepass"), f.encode("ascii"))
        even = even and len(f) == 1
    return data.decode("utf-8", "surrogatepass"), even


def key_of(name: str) -> str:
    """Accent-free, lower-case, single-spaced key: ``Phan Văn Giang`` → ``phan van giang``."""
    return " ".join(re.sub(r"[^\w\s'-]", " ", fold(name).lower()).split())


def accent_count(text: str) -> int:
    """How many characters carry diacritics (to prefer the accented form of a name)."""
    return sum(1 for ch in text if not ch.isascii() and ch.isalpha())


# --- decoding -----------------------------------------------------------------------------------


def decode(data: bytes) -> tuple[str, str | None]:
    """Decode article bytes. Returns (text, warning); warning is None for clean UTF-8.

    UTF-8 with or without BOM, UTF-16 with BOM; anything else is tried as Windows-1252 and
    finally Latin-1 (which never fails), with a warning naming the encoding used.
    Raises ValueError for data that looks binary.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "decoded as UTF-16"
        except UnicodeDecodeError as exc:
            raise ValueError(f"invalid UTF-16: {exc.reason}") from None
    head = data[:8192]
    if head.count(b"\x00") > max(1, len(head) // 100):
        raise ValueError("binary data (NUL bytes)")
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
        return text, "not UTF-8; decoded as Windows-1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "not UTF-8; decoded as Latin-1"


# --- terminal safety ----------------------------------------------------------------------------

# (patterns compiled on first use, by ``_compiled``: a one-shot search never needs most of them)
_ANSI = (
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI … final byte
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC … BEL or ST
    r"|\x1b[PX^_][^\x1b]*(?:\x1b\\)?"  # DCS, SOS, PM, APC strings
    r"|\x1b[@-Z\\-_]?"  # lone ESC or two-byte sequences
    r"|\x9b[0-?]*[ -/]*[@-~]"  # 8-bit CSI
)
_CONTROL = r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]"
_COMPILED: dict[str, re.Pattern[str]] = {}


def _compiled(pattern: str) -> re.Pattern[str]:
    """``re.compile(pattern)``, kept: compiled on the first call, not at import."""
    found = _COMPILED.get(pattern)
    if found is None:
        found = _COMPILED[pattern] = re.compile(pattern)
    return found


def sanitize(text: str, keep_newlines: bool = True) -> str:
    """Remove escape sequences and control characters so text is safe on a terminal."""
    text = _compiled(_ANSI).sub("", text)
    text = _compiled(_CONTROL).sub("", text)
    if not keep_newlines:
        text = " ".join(text.split())
    return text


def trie_pattern(words: list[str]) -> str:
    """A regex equivalent to ``a|b|c…`` (longest first) built as a prefix trie: the engine then
    tests one branch per character instead of every alternative at every position."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        end = "" in node
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if end else body

    return build(trie)


_ENGLISH_WORDS = r"\b(?:the|and|of|to|with|said|has|was)\b"


def is_english(text: str) -> bool:
    """Whether ``text`` reads as English: its commonest small words make up a share of its
    first words (the outlets also publish in French, German, Spanish and Vietnamese)."""
    head = text[:3000]
    return len(_compiled(_ENGLISH_WORDS).findall(head)) >= max(3, len(head.split()) // 15)
