"""The ISO country names shipped in ``data/iso_countries.tsv`` are the installed pycountry's
(read instead of importing pycountry on the extraction path): the same rows, in its order, and
the same names and variants out of them."""

from __future__ import annotations

import pycountry

from searcher.extract import countries


def test_the_shipped_table_is_the_installed_pycountrys():
    assert countries._iso() == countries.iso_rows(), (
        "pycountry changed: rewrite the table with"
        ' python -c "from searcher.extract.countries import write_iso_table as w; w()"'
    )


def test_names_are_pycountrys_common_name_else_name():
    for c in pycountry.countries:
        expected = getattr(c, "common_name", None) or c.name
        if c.alpha_2 not in countries._SHORT_NAMES and c.alpha_2 not in countries._HISTORIC:
            assert countries.name_of(c.alpha_2) == expected
            assert countries.name_of(c.alpha_2.lower()) == expected
    assert countries.name_of("XK") == "XK"  # (no ISO country: the code itself, as before)


def test_written_table_reads_back_the_same(tmp_path):
    target = tmp_path / "iso.tsv"
    countries.write_iso_table(str(target))
    assert target.read_text(encoding="utf-8") == countries.data.read(countries.ISO_TABLE)
