"""What a regular expression needs of a text to match it, read off its parse tree: strings one
of which every match holds (as whole words, or anywhere). The event finder tests these before it
runs an expression (``event_scan.py``): a set lookup or a substring test instead of a scan.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable
from typing import Any, NamedTuple

__all__ = ["Need", "needs", "words_of"]

# (the regular expression parser of the standard library: no type stubs describe it)
sre: Any = importlib.import_module("re._constants")
sre_parse: Any = importlib.import_module("re._parser")

_SPELLED_UP_TO = 32  # the strings a run of literals may spell before it is given up
_BOUND = "\x00"  # (in spelled strings: a word boundary, ``\b``)
_WORD = re.compile(r"\w+")


# UTF-8 bytes: an ASCII character that is no word character a space, any other byte kept
_WORD_BYTES = bytes(c if chr(c).isalnum() or c == 0x5F else 0x20 for c in range(128)) + bytes(
    range(128, 256)
)
_ASCII = bytes(range(128))


def words_of(low: str) -> set[str]:
    """The words (``\\w+``) of a lower-cased sentence, split at C speed: in UTF-8, each
    non-ASCII character that is no word character (a dash, a quote) made a space, then each
    ASCII one (a non-ASCII character is a word character exactly when it is alphanumeric)."""
    if low.isascii():  # (bytes translate: ``str.translate`` costs ~8 µs a call to set up)
        return set(low.encode("ascii").translate(_WORD_BYTES).decode("ascii").split())
    data = low.encode("utf-8", "surrogatepass")
    for c in set(data.translate(None, _ASCII).decode("utf-8", "surrogatepass")):
        if not c.isalnum():  # (UTF-8 never holds one character's bytes inside another's)
            data = data.replace(c.encode("utf-8", "surrogatepass"), b" ")
    return set(data.translate(_WORD_BYTES).decode("utf-8", "surrogatepass").split())


class Need(NamedTuple):
    """Strings one of which every match holds: as whole words (a word of the sentence) or
    anywhere (a substring of it)."""

    words: frozenset[str]
    anywhere: tuple[str, ...]  # (none holding another: that one is then held too)

    @property
    def strength(self) -> int:
        """How rarely a sentence holds it (its shortest string's length; whole words count
        two more)."""
        return min([len(w) + 2 for w in self.words] + [len(a) for a in self.anywhere])


def _need(words: Iterable[str], anywhere: Iterable[str]) -> Need:
    spots = set(anywhere)
    kept = sorted(a for a in spots if not any(b != a and b in a for b in spots))
    return Need(frozenset(words), tuple(kept))


# Words nearly every sentence holds: needing one of them is no test worth its time
_COMMON = frozenset(
    [
        "a",
        "an",
        "the",
        "in",
        "at",
        "on",
        "to",
        "of",
        "by",
        "for",
        "with",
        "and",
        "his",
        "her",
        "their",
        "is",
        "was",
        "are",
        "were",
        "has",
        "had",
        "have",
        "during",
    ]
)


def needs(pattern: str, flags: int = re.IGNORECASE) -> tuple[Need, ...]:
    """What every match of ``pattern`` needs in a sentence, most selective first (none found:
    the expression always runs). Read off its parse tree: runs of literal characters (and of
    small sets, branches and options of them) each need one of the strings they spell, as
    whole words where word boundaries or non-word characters enclose them; needs met by
    common words are left out."""
    found = [
        n for n in _needs(list(sre_parse.parse(pattern, flags))) if n.words.isdisjoint(_COMMON)
    ]
    return tuple(sorted(set(found), key=lambda n: (-n.strength, sorted(n.words), n.anywhere))[:3])


def _spell(op: Any, arg: Any) -> set[str] | None:
    """The strings one item matches, lower-cased (``_BOUND`` for ``\\b``), when few."""
    if op is sre.LITERAL:
        return {chr(arg).lower()}
    if op is sre.AT:
        return {_BOUND} if arg is sre.AT_BOUNDARY else None
    if op is sre.IN and all(o is sre.LITERAL for o, _ in arg):
        return {chr(a).lower() for _, a in arg}
    if op is sre.BRANCH:
        return _union([_spell_all(list(branch)) for branch in arg[1]])
    if op is sre.SUBPATTERN:
        return _spell_all(list(arg[3]))
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT) and (arg[0], arg[1]) in ((0, 1), (1, 1)):
        inner = _spell_all(list(arg[2]))
        return None if inner is None else inner | {""} if arg[0] == 0 else inner
    return None


def _union(options: list[set[str] | None]) -> set[str] | None:
    if any(o is None for o in options):
        return None
    out: set[str] = set().union(*options)  # type: ignore[arg-type]
    return out if len(out) <= _SPELLED_UP_TO else None


def _spell_all(items: list[tuple[Any, Any]]) -> set[str] | None:
    runs = {""}
    for op, arg in items:
        spelled = _spell(op, arg)
        if spelled is None:
            return None
        runs = {r + s for r in runs for s in spelled}
        if len(runs) > _SPELLED_UP_TO:
            return None
    return runs


_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)


def _never_word(op: Any, arg: Any) -> bool:
    """Whether an item matches one character that is never a word character (``\\s``, a
    space, a hyphen)."""
    if op is sre.LITERAL:
        return not _WORD.match(chr(arg))
    if op is sre.IN:
        return all(
            (o is sre.CATEGORY and a is sre.CATEGORY_SPACE)
            or (o is sre.LITERAL and not _WORD.match(chr(a)))
            for o, a in arg
        )
    return False


def _ends_bounded(items: list[tuple[Any, Any]], i: int, before: bool) -> bool:
    """Whether whatever ``items[:i]`` matches ends in a non-word character or at a word
    boundary (``before``: whether what comes before ``items`` does; False when not sure)."""
    if i == 0:
        return before
    op, arg = items[i - 1]
    if op is sre.AT:
        return arg is sre.AT_BOUNDARY
    if _never_word(op, arg):
        return True
    if op in _REPEATS:
        inner = list(arg[2])
        return _ends_bounded(inner, len(inner), False) and (
            arg[0] >= 1 or _ends_bounded(items, i - 1, before)
        )
    if op is sre.SUBPATTERN:
        inner = list(arg[3])
        return _ends_bounded(inner, len(inner), _ends_bounded(items, i - 1, before))
    if op is sre.BRANCH:
        ahead = _ends_bounded(items, i - 1, before)
        return all(_ends_bounded(list(b), len(b), ahead) for b in arg[1])
    return False


def _starts_bounded(items: list[tuple[Any, Any]], j: int, after: bool) -> bool:
    """Whether whatever ``items[j:]`` matches starts with a non-word character or at a word
    boundary (``after``: whether what comes after ``items`` does; False when not sure)."""
    if j >= len(items):
        return after
    op, arg = items[j]
    if op is sre.AT:
        return arg is sre.AT_BOUNDARY
    if _never_word(op, arg):
        return True
    if op in _REPEATS:
        return _starts_bounded(list(arg[2]), 0, False) and (
            arg[0] >= 1 or _starts_bounded(items, j + 1, after)
        )
    if op is sre.SUBPATTERN:
        return _starts_bounded(list(arg[3]), 0, _starts_bounded(items, j + 1, after))
    if op is sre.BRANCH:
        behind = _starts_bounded(items, j + 1, after)
        return all(_starts_bounded(list(b), 0, behind) for b in arg[1])
    return False


def _need_of(spelled: set[str], left: bool, right: bool) -> Need | None:
    """The need of a run that spells ``spelled``; ``left``, ``right``: a non-word character or
    a word boundary is sure on that side of it. A word of a spelling enclosed on both sides is
    a whole word; a spelling without one is needed as a substring."""
    words: set[str] = set()
    anywhere: set[str] = set()
    for s in spelled:
        bounded_left = left or s.startswith(_BOUND)
        bounded_right = right or s.endswith(_BOUND)
        core = s.strip(_BOUND)
        if not core:
            return None  # (an alternative that may spell nothing needs nothing)
        whole = [
            m.group()
            for m in _WORD.finditer(core)
            if (m.start() > 0 or bounded_left) and (m.end() < len(core) or bounded_right)
        ]
        if whole:
            words.add(max(whole, key=len))
        else:
            anywhere.add(core.replace(_BOUND, ""))  # (a boundary is no character)
    return _need(words, anywhere)


def _needs(items: list[tuple[Any, Any]], before: bool = False, after: bool = False) -> list[Need]:
    """Needs of a sequence of items, each necessary to every match of it (``before``,
    ``after``: whether a word boundary is sure before and after it)."""
    out: list[Need] = []
    run: list[tuple[Any, Any]] = []
    start = 0  # (where the run began)

    def close(end: int) -> None:
        if run:
            spelled = _spell_all(run)
            left, right = _ends_bounded(items, start, before), _starts_bounded(items, end, after)
            need = _need_of(spelled, left, right) if spelled else None
            if need is not None:
                out.append(need)
        run.clear()

    for i, (op, arg) in enumerate(items):
        if _spell(op, arg) is not None:
            if not run:
                start = i
            run.append((op, arg))
            continue
        close(i)
        ahead, behind = _ends_bounded(items, i, before), _starts_bounded(items, i + 1, after)
        if op is sre.BRANCH:  # each branch its best need; one of them is met
            best = [
                max(_needs(list(b), ahead, behind), key=lambda n: n.strength, default=None)
                for b in arg[1]
            ]
            if all(b is not None for b in best):
                out.append(
                    _need(
                        (w for b in best if b for w in b.words),
                        (a for b in best if b for a in b.anywhere),
                    )
                )
        elif op is sre.SUBPATTERN:
            out.extend(_needs(list(arg[3]), ahead, behind))
        elif op in _REPEATS and arg[0] >= 1:  # (a repeat: also after and before itself)
            inner = list(arg[2])
            out.extend(
                _needs(
                    inner,
                    ahead and _ends_bounded(inner, len(inner), False),
                    behind and _starts_bounded(inner, 0, False),
                )
            )
    close(len(items))
    return out
