"""An OpenSearch (or Elasticsearch) index template whose analysis mirrors ours, for users who
outgrow one machine: `defsearch export --mapping` prints it, `defsearch export --format
opensearch` the documents in bulk format.

The text analyzer does what ``analysis.NormalizeFilter`` does, with the cluster's own filters:
our tokens (``TOKEN_PATTERN``, Unicode word characters), lower case, ASCII folding (``Việt
Nam`` → ``viet nam``), the possessive dropped and apostrophes removed, the place names written
as one word split as we split them (``vietnam`` → ``viet nam``), our stop words, British
spellings as American ones (every form ``spelling.forms`` lists, and for the stems that begin
every word they are in, such as ``honour`` and ``defence``, a pattern that also takes a prefix),
then English stemming (the stemmer our analysis uses: ``_stemmer``). Facet fields are keywords as we store them (ISO codes, pair codes, the
outlet, each official's accent-free key), and the date is a date.

One difference remains: a British form the spelling table gives by a suffix rule (``-ise``,
``-tre``, …) is mapped without a prefix only (``organise``, not ``reorganise``); ours maps both.
"""

from __future__ import annotations

from searcher.engine import spelling
from searcher.engine.analysis import COMPOUNDS, STOP_WORDS, TOKEN_PATTERN
from searcher.engine.spelling import PREFIXES, forms

ANALYZER = "defsearch_text"


def stem_pairs() -> dict[str, str]:
    """The spelling table's stems that begin every word they are in (``honour`` → ``honor``,
    ``defence`` → ``defense``)."""
    # (the table as the analyzer reads it: engine-internal, like this module)
    return dict(pair for pairs in spelling._table().stems.values() for pair in pairs)


def _spelling_filters() -> dict[str, dict]:
    stems = stem_pairs()
    words = {uk: us for uk, us in forms().items() if uk not in stems}
    filters: dict[str, dict] = {
        "defsearch_spelling": {
            "type": "synonym",
            "lenient": True,
            "synonyms": [f"{uk} => {us}" for uk, us in sorted(words.items())],
        }
    }
    prefix = "((?:" + "|".join(PREFIXES) + ")?)"
    for n, (uk, us) in enumerate(sorted(stems.items()), start=1):
        filters[f"defsearch_stem_{n}"] = {
            "type": "pattern_replace",
            "pattern": f"^{prefix}{uk}",
            "replacement": f"$1{us}",
        }
    return filters


def _stemmer() -> dict:
    """English stemming as our analysis has it: Snowball's (Porter2) from analysis setting 2
    on, Porter's before."""
    from searcher.engine import analysis

    if getattr(analysis, "ANALYSIS", 1) >= 2:  # (the setting names itself from version 2)
        return {"type": "stemmer", "language": "porter2"}
    return {"type": "porter_stem"}


def index_template(pattern: str = "defsearch*") -> dict:
    """The composable index template (``PUT _index_template/NAME``) for indexes named like
    ``pattern``: settings with our analysis, and the mapping of `defsearch export`'s records."""
    spelling = _spelling_filters()
    filters: dict[str, dict] = {
        "defsearch_possessive": {"type": "stemmer", "language": "possessive_english"},
        "defsearch_apostrophe": {"type": "pattern_replace", "pattern": "'", "replacement": ""},
        "defsearch_compounds": {
            "type": "synonym",
            "synonyms": [f"{word} => {' '.join(parts)}" for word, parts in COMPOUNDS.items()],
        },
        "defsearch_stop": {"type": "stop", "stopwords": sorted(STOP_WORDS)},
        **spelling,
        "defsearch_stemmer": _stemmer(),
    }
    chain = ["lowercase", "asciifolding", *filters]
    text = {"type": "text", "analyzer": ANALYZER}
    keyword = {"type": "keyword"}
    return {
        "index_patterns": [pattern],
        "template": {
            "settings": {
                "analysis": {
                    "tokenizer": {
                        "defsearch_tokens": {
                            "type": "pattern",
                            "pattern": TOKEN_PATTERN,
                            "group": 0,
                            "flags": "UNICODE_CHARACTER_CLASS",
                        }
                    },
                    "filter": filters,
                    "analyzer": {
                        ANALYZER: {
                            "type": "custom",
                            "tokenizer": "defsearch_tokens",
                            "filter": chain,
                        }
                    },
                }
            },
            "mappings": {
                "properties": {
                    "id": keyword,
                    "path": keyword,
                    "title": text,  # (weigh it twice at query time: "fields": ["title^2", "body"])
                    "body": text,
                    "date": {"type": "date", "format": "strict_date"},
                    "date_source": keyword,
                    "date_partial": keyword,
                    "outlet": keyword,
                    "countries": keyword,
                    "country_pairs": keyword,
                    "officials": {
                        "properties": {
                            "name": keyword,
                            "key": keyword,
                            "title": {"type": "text", "analyzer": ANALYZER},
                            "country": keyword,
                        }
                    },
                    "content_hash": {"type": "keyword", "index": False},
                }
            },
        },
    }
