"""The walk over the body: every line of the page in order, in the article or in ``removed``
with the reason of the box it is in (``outside-article``, ``navigation``, ``related-links``, …)."""

from __future__ import annotations

import re

from lxml import etree  # type: ignore[import-untyped]

from searcher.clean.html.classes import (
    STRONG_CHROME_RE,
    boiler_reason,
    class_reason,
    marked_reason,
)
from searcher.clean.html.container import Tree
from searcher.clean.html.elements import (
    BLOCK_TAGS,
    CONTROLS,
    OUTSIDE,
    STRUCTURAL,
    TOKEN_SPLIT,
    as_line,
    hint_of,
    squash,
)
from searcher.clean.patterns import TEASER_MARKER
from searcher.clean.rules import clock_date
from searcher.models import Removed

_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_LABELS = frozenset(("p", "div", "span", "strong", "b", "header"))  # a heading not marked up as one
_LINK_BLOCKS = frozenset(("ul", "ol", "dl", "div", "section", "table", "p", "menu"))
# Headings over lists of other stories, in the languages of the evaluation sets (the English and
# Vietnamese ones of ``patterns.TEASER_MARKER`` count too).
_RELATED_HEADING = re.compile(
    r"^\W*(?:mehr\s+zu(?:m|r)?\s+(?:thema|den\s+themen)|mehr\s+(?:artikel|beiträge|news|nachrichten)"
    r"|lesen\s+sie\s+(?:auch|mehr)|auch\s+interessant|das\s+könnte\s+(?:sie|dich)\s+(?:auch\s+)?interessieren"
    r"|(?:weitere|ähnliche|verwandte|passende)\s+(?:artikel|beiträge|themen|meldungen|nachrichten|news)"
    r"|empfehlungen(?:\s+aus\s+der\s+redaktion)?|unsere\s+empfehlungen|meistgelesen\w*|top\s+themen"
    r"|zobacz\s+(?:też|także|również)|czytaj\s+(?:też|także|również|więcej)|polecamy|podobne\s+artykuły"
    r"|veja\s+(?:também|mais)|leia\s+(?:também|mais)|notícias\s+relacionadas|mais\s+lidas"
    r"|(?:à\s+)?lire\s+(?:aussi|également)|sur\s+le\s+même\s+sujet|articles?\s+(?:similaires|liés|connexes)"
    r"|dans\s+la\s+même\s+rubrique|les\s+plus\s+lus"
    r"|(?:también\s+)?te\s+puede\s+interesar|lee\s+(?:también|más)|noticias\s+relacionadas"
    r"|artículos\s+relacionados|lo\s+más\s+(?:leído|visto)|más\s+noticias"
    r"|leggi\s+anche|articoli\s+correlati|potrebbe\s+interessarti|lees\s+ook|gerelateerde\s+artikelen"
    r"|mehr\s+aus\s+(?:der|dem|den)\s+\w+|aktuelle\s+(?:news|nachrichten|meldungen|stories|artikel|beiträge)"
    r"|weitere\s+informationen|themen\s+im\s+artikel|kommende\s+(?:events|termine|veranstaltungen)"
    r"|über\s+(?:den|die)\s+autor(?:in)?|about\s+the\s+authors?|o\s+autorze|sobre\s+el\s+autor"
    r"|autor(?:in|innen|:innen|\*innen)?|autoren|authors?)"
    r"\W*$",
    re.IGNORECASE,
)

_PATH = "\x00path"  # an ancestor of the container: its own text is outside the article


# The labels of a page's controls and boxes in the languages of the evaluation sets (English and
# Vietnamese ones are the line rules' ``patterns.CHROME``): a line that is only one is chrome.
_CHROME_LABEL = re.compile(
    r"^\W*(?:kontakt|impressum|datenschutz(?:erklärung)?|teilen|(?:seite\s+)?drucken|zurück"
    r"(?:\s+zu(?:r|m)?\s+\w+(?:\s+\w+)?)?|weiter|mehr\s+erfahren|weiterlesen"
    r"|(?:diesen\s+)?(?:artikel|beitrag)\s+teilen|mit\s+freunden\s+teilen|kommentare?(?:\s+geschlossen)?"
    r"|kommentieren|aufrufe|von|kategorien?|schlagwörter|stichwörter|themen|permalink|permalien"
    r"|anzeige|werbung|externer\s+inhalt|quellen\s+(?:ausblenden|einblenden|anzeigen)"
    r"|inhaltsverzeichnis|nach\s+oben|zum\s+seitenanfang|partager|imprimer|lire\s+la\s+suite"
    r"|vos\s+réactions|réagir|commentaires?|publicité|compartir|imprimir|leer\s+más|publicidad"
    r"|comentarios?|udostępnij|drukuj|czytaj\s+więcej|reklama|komentarze|źródło|opublikowano"
    r"|tagged|tags|filed\s+under|permalink|views?)"
    r"\W*(?:\d+\W*)?$",
    re.IGNORECASE,
)
# A caption's photo credit in the languages of the evaluation sets (the English and Vietnamese
# ones are the line rules' ``patterns.CAPTION``): "(Foto: dpa)", "Bild: Getty", "/ Getty Images".
_PHOTO_CREDIT = re.compile(
    r"(?:\((?:foto|fotos|bild|bilder|fot\.|zdjęcie|photo\s*:|crédit|créditos?)\s*:?[^()]{1,60}\)"
    r"|(?:^|\s)(?:foto|bild|fot\.|zdjęcie|crédit\s+photo)\s*:\s*[^.!?]{1,60}"
    r"|[/|©]\s*(?:getty\s+images|imago(?:\s+images)?|picture[\s-]alliance|istock(?:photo)?"
    r"|shutterstock|adobe\s*stock|dpa(?:/\w+)?|afp|reuters|keystone|epa))\s*\.?$",
    re.IGNORECASE,
)
_ITEMS = frozenset(("li", "td", "th", "dd", "dt"))
_ADDRESS = re.compile(r"://|\bwww\.|@|\.(?:com|org|net|de|vn)\b", re.IGNORECASE)


class _Sink:
    """The lines of one zone of the page (the article, or one removed element)."""

    __slots__ = ("credits", "labels", "line", "lines", "linked", "links", "order", "reason")

    def __init__(self, reason: str | None, order: list[tuple[str, str | None]]) -> None:
        self.reason, self.order = reason, order
        self.lines: list[str] = []  # the zone's finished lines
        self.line: list[str] = []  # the pieces of the line being read
        self.linked = True  # whether all text of the current line is link text
        self.links: list[str] = []  # the article's lines that are one short link
        self.labels: list[str] = []  # the article's lines that are a control's or a box's label
        self.credits: list[str] = []  # the article's lines that end in a photo credit

    def add(self, text: str | None, linked: bool) -> None:
        """Add text; ``linked`` is False for text outside links and for list or table items
        (a list of links in the article is the article's)."""
        if text:
            self.line.append(text)
            if not linked and not text.isspace():
                self.linked = False

    def cut(self) -> None:
        if self.line:
            text = as_line("".join(self.line))
            if text:
                if (
                    self.reason is None
                    and self.linked
                    and len(text) < 60
                    and not _ADDRESS.search(text)
                    and not TEASER_MARKER.match(text)  # (the line rules end the article there)
                ):
                    self.links.append(text)  # "Weiterlesen", "Back to the overview"
                elif self.reason is None and len(text) < 50 and _CHROME_LABEL.match(text):
                    self.labels.append(text)  # "Teilen", "Kontakt:", "Aufrufe: 120"
                elif self.reason is None and len(text) < 250 and _PHOTO_CREDIT.search(text):
                    self.credits.append(text)  # "Der Hafen. (Foto: dpa)", "… /Getty Images"
                else:
                    self.lines.append(text)
                if len(self.order) < 400:  # (the page's lines in order, for its date)
                    self.order.append((text, self.reason))
            self.line = []
        self.linked = True


class Walk:
    """Split the body into the article's blocks and removed blocks, each with its reason."""

    def __init__(
        self,
        body: etree._Element,
        container: etree._Element,
        tree: Tree,
        by_tags: bool = False,
    ) -> None:
        self.body, self.container, self.tree = body, container, tree
        self.by_tags = by_tags  # inside the container, only tags and visibility remove
        # Class names of the container and its ancestors are the page's layout: a box inside
        # that carries one too is part of the layout, named by its builder (an Elementor
        # "elementor-element" box is also an "elementor-widget"); the builder's words don't count.
        self.layout = {
            name
            for node in (container, *container.iterancestors())
            if node.tag not in ("body", "html")
            for name in (node.get("class") or "").split()
        }
        self.path = set(container.iterancestors())
        self.within: set[etree._Element] | None = None  # the container and all inside it
        self.total = max(tree.text.get(container, 0), 1)
        self.removed: list[Removed] = []
        self.clock: str | None = None
        self.byline: str | None = None
        self.cut: dict[etree._Element, str] = {}  # siblings of a related heading, ahead
        self.order: list[tuple[str, str | None]] = []  # the page's lines, with their reasons

    def inside(self, el: etree._Element) -> str | None:
        """Why an element inside the article's container is not the article, if it is not."""
        tag = el.tag
        if tag in CONTROLS:
            return None if el in self.tree.through else "page-chrome"
        if el in self.cut:
            return self.cut[el]
        listed = self.listed(el)
        if listed:
            return listed
        if tag in _HEADINGS or tag in _LABELS:
            heading = self.heading(el)
            if heading:
                return heading
        reason = STRUCTURAL.get(tag) or marked_reason(el)
        by_class = reason is None
        if by_class and self.by_tags:
            return None
        if tag == "figure" and (self.prose(el) or el.find(".//table") is not None):
            return None  # a table or a slide with its text, not a photo's caption
        if by_class:
            layout = bool(self.layout) and not self.layout.isdisjoint(
                (el.get("class") or "").split()
            )
            reason = class_reason(hint_of(el), strong_only=layout)
            if reason is None:
                return None
        size = self.tree.text.get(el, 0)
        if size > 0.5 * self.total and (reason != "caption" or size > 500):
            return None  # a wrapper that holds the article itself
        vetoed = by_class and self.prose(el)  # (a class name against a box of prose)
        if vetoed and reason in ("navigation", "page-chrome") and not self.strong(el):
            return None  # a layout box named like a widget or a share bar, holding the article
        if vetoed and reason == "related-links" and self.tree.links.get(el, 0) < 0.1 * size:
            return None  # no links: a "read more" box unfolding the article, or its teaser
        if tag == "header" and self.prose(el):
            return None  # the article's own header, with its lede (its title and byline go by rule)
        return reason

    def listed(self, el: etree._Element) -> str | None:
        """A short block that is (almost) all links: a list of other pages or a lone link line
        ("Weiterlesen", "Back to overview")."""
        if el.tag not in _LINK_BLOCKS:
            return None
        size = self.tree.text.get(el, 0)
        if not size or size > 0.5 * self.total:
            return None
        links = self.tree.links.get(el, 0)
        if el.tag == "p":  # (a link in a paragraph of its own is the article's, unless it is tiny)
            return "navigation" if size < 30 and links >= 0.8 * size else None
        if links >= 0.9 * size or (size < 300 and links >= 0.8 * size):
            return "related-links"
        return None

    def heading(self, el: etree._Element) -> str | None:
        """A heading over other stories ("Related articles", "Mehr zum Thema", "Zobacz także"):
        it goes, with the list or section under it."""
        size = self.tree.text.get(el, 0)
        if not 0 < size <= 80:
            return None
        text = squash(el.text_content())
        nxt = el.getnext()
        marker = TEASER_MARKER.match(text)
        if marker or _RELATED_HEADING.match(text):
            level = _HEADINGS.get(el.tag)
            listed = False
            for sib in el.itersiblings():
                if not isinstance(sib.tag, str):
                    continue
                if _HEADINGS.get(sib.tag, 9) <= (level or 9) or self.story(sib):
                    break  # (a paragraph of prose after it: the article goes on)
                if sib.tag in ("ul", "ol") or self.linky(sib):
                    self.cut[sib] = "related-links"
                    listed = True
                if level is None:  # a label: only the list under it
                    break
            # A marker the line rules know, over plain headlines, is theirs: they tell a teaser
            # list after the story (the rest goes) from a sidebar's above it (the story stays).
            return "related-links" if listed or not marker else None
        if nxt is not None and el.tag in _HEADINGS and self.listed(nxt) == "related-links":
            return "related-links"  # the heading of a list of links
        return None

    @staticmethod
    def strong(el: etree._Element) -> bool:
        """Named as chrome whose prose is never the article (a cookie notice, an advert)."""
        return any(STRONG_CHROME_RE.match(t) for t in TOKEN_SPLIT.split(hint_of(el)) if t)

    def story(self, el: etree._Element) -> bool:
        """Article prose: paragraphs with few links."""
        good, size = self.tree.good.get(el, 0), self.tree.text.get(el, 0)
        return good >= 300 and self.tree.links.get(el, 0) < 0.15 * size

    def linky(self, el: etree._Element) -> bool:
        """Mostly links (a list of teasers, with or without their summaries)."""
        size = self.tree.text.get(el, 0)
        return size > 0 and self.tree.links.get(el, 0) >= 0.4 * size

    def prose(self, el: etree._Element) -> bool:
        """Whether an element holds paragraphs of prose (more than half of its text)."""
        good, size = self.tree.good.get(el, 0), self.tree.text.get(el, 0)
        return good >= 200 and good >= 0.5 * size and self.tree.links.get(el, 0) < 0.25 * size

    def outside(self, el: etree._Element) -> str:
        """The reason of an element outside the container: its own, or ``outside-article``."""
        tag = el.tag
        if tag in CONTROLS and el not in self.tree.through:
            return "page-chrome"
        return STRUCTURAL.get(tag) or boiler_reason(el) or OUTSIDE

    def run(self) -> list[str]:
        article = _Sink(None, self.order)
        sinks: list[_Sink] = [
            article if self.container is self.body else _Sink(OUTSIDE, self.order)
        ]
        zones: list[str | None] = []  # the zone of each open element
        owned: list[bool] = []  # whether that element opened a sink of its own
        pre = link = item = 0
        cards: set[etree._Element] = set()
        for event, el in etree.iterwalk(self.body, events=("start", "end")):
            tag = el.tag
            if not isinstance(tag, str):
                continue
            if event == "start":
                parent = zones[-1] if zones else (None if self.container is self.body else _PATH)
                if el is self.container:
                    zone: str | None = None
                elif parent == _PATH:
                    zone = _PATH if el in self.path else self.outside(el)
                elif parent is None:
                    zone = self.inside(el)
                elif parent == OUTSIDE:
                    zone = self.outside(el)
                else:
                    zone = parent
                opened = zone != parent and zone != _PATH
                if opened:
                    sinks.append(article if zone is None else _Sink(zone, self.order))
                zones.append(zone)
                owned.append(opened)
                if tag in BLOCK_TAGS:
                    for s in sinks:
                        s.cut()
                if tag == "pre":
                    pre += 1
                elif tag == "a":
                    if el not in self.tree.blocky:
                        link += 1  # (a link around whole blocks is a card, not a link line)
                    else:
                        cards.add(el)
                elif tag in _ITEMS:
                    item += 1
                text = el.text
                if text and pre and "\n" in text:
                    self._pre(sinks, text)
                else:
                    sinks[-1].add(text, link > 0 and not item)
            else:
                if tag == "pre":
                    pre -= 1
                elif tag == "a":
                    if el not in cards:
                        link -= 1
                elif tag in _ITEMS:
                    item -= 1
                if tag in BLOCK_TAGS:
                    for s in sinks:
                        s.cut()
                zones.pop()
                if owned.pop():
                    self._close(sinks.pop(), el)
                tail = el.tail
                if tail and pre and "\n" in tail:
                    self._pre(sinks, tail)
                else:
                    sinks[-1].add(tail, link > 0 and not item)
        while sinks:
            self._close(sinks.pop(), None)
        self.removed.extend(Removed("navigation", line) for line in article.links)
        self.removed.extend(Removed("page-chrome", line) for line in article.labels)
        self.removed.extend(Removed("caption", line) for line in article.credits)
        return article.lines

    @staticmethod
    def _pre(sinks: list[_Sink], text: str) -> None:
        """Preformatted text keeps its line breaks."""
        first, *rest = text.split("\n")
        sinks[-1].add(first, False)
        for line in rest:
            for s in sinks:
                s.cut()
            sinks[-1].add(line, False)

    def _close(self, sink: _Sink, el: etree._Element | None) -> None:
        sink.cut()
        if sink.reason is None or not sink.lines:
            return
        self.removed.extend(Removed(sink.reason, line) for line in sink.lines)
        if el is None or sink.reason not in ("page-chrome", "byline"):
            return
        if self.within is None:
            self.within = set(self.container.iter())
        if el not in self.within:
            return  # (the article's own clock and byline are inside it)
        text = " ".join(sink.lines)
        if sink.reason == "page-chrome" and not self.clock and clock_date(text):
            self.clock = text
        if sink.reason == "byline" and not self.byline and len(text) < 120:
            self.byline = text
