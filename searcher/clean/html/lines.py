"""The page's lines in order, as the walk records them (text, reason): where the headline is
among them, and the lede printed above the article's container."""

from __future__ import annotations

from searcher.clean.html.elements import OUTSIDE, as_line


def headline_at(
    lines: list[tuple[str, str | None]], headlines: tuple[str | None, ...]
) -> int | None:
    """The index of the first of the headlines found in the page's lines."""
    for headline in headlines:
        key = as_line(headline or "")[:60]
        found = next((i for i, (t, _) in enumerate(lines) if key and t.startswith(key)), None)
        if found is not None:
            return found
    return None


def lede(lines: list[tuple[str, str | None]], headlines: tuple[str | None, ...]) -> list[str]:
    """The article's lede printed between its headline and the container, outside it (a
    standfirst in the page's header): paragraphs of prose right above the article's first line."""
    start = headline_at(lines, headlines)
    first = next((i for i, (_, r) in enumerate(lines) if r is None), None)
    if start is None or first is None or not start < first <= start + 8:
        return []
    return [text for text, reason in lines[start + 1 : first] if reason == OUTSIDE and _para(text)]


def _para(text: str) -> bool:
    """A paragraph of prose: a dozen words or more, ending as a sentence ends."""
    return len(text) >= 80 and len(text.split()) >= 12 and text.rstrip()[-1:] in '.!?"”“«»:)'
