"""The data dictionary names every column the public API returns, with its type, in English and Vietnamese;
the docstrings, the README and docs/data_dictionary.md print it."""

import inspect
import shutil

import pytest

import chiengso_stats as cs
from chiengso_stats.columns import PER_FORMER_COMMUNE, markdown_table

from conftest import FIXTURES, ROOT


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    """Every table of the public API, on data/raw and on a copy with two yearly forms."""
    raw = tmp_path_factory.mktemp("columns") / "raw"
    shutil.copytree(ROOT / "data" / "raw", raw)
    (raw / "monitoring").mkdir(exist_ok=True)
    for year in (2026, 2027):
        shutil.copy(FIXTURES / "theo_doi_vi_du" / f"{year}.xlsx", raw / "monitoring")
    out = []
    for folder in (None, raw):
        out += [
            ("tidy", cs.tidy, cs.tidy(folder)),
            ("observations", cs.observations, cs.observations(folder)),
            ("merged", cs.merged, cs.merged(folder)),
            ("gaps_2030", cs.gaps_2030, cs.gaps_2030(folder)),
            ("gaps_2030", cs.furthest_behind, cs.furthest_behind(folder)),
            ("facts_table", cs.facts_table, cs.facts_table(folder)),
            ("audit", cs.audit, cs.audit(folder)),
            ("audit_summary", cs.audit_summary, cs.audit_summary(folder)),
        ]
    return out


def _former_ids():
    raw = cs.load_raw()
    return set(raw.communes.commune_id[raw.communes.role == "former"])


def test_every_returned_column_is_in_the_dictionary_with_its_type(outputs):
    formers = _former_ids()
    for table, _, frame in outputs:
        d = cs.data_dictionary(table).set_index("column")
        for column, dtype in frame.dtypes.items():
            name = PER_FORMER_COMMUNE if table == "merged" and column in formers else column
            assert name in d.index, f"{table}: column {column!r} is not in chiengso_stats/columns.csv"
            assert d.loc[name, "dtype"] == str(dtype), (table, column, str(dtype))
        # and nothing in the dictionary that the function no longer returns
        named = {PER_FORMER_COMMUNE if c in formers and table == "merged" else c for c in frame.columns}
        assert set(d.index) == named, (table, set(d.index) - named)


def test_every_returned_column_is_named_in_the_docstring(outputs):
    for table, function, frame in outputs:
        doc = inspect.getdoc(function)
        formers = _former_ids()
        missing = [c for c in frame.columns if c not in formers and f"``{c}``" not in doc]
        assert not missing, (table, missing)


def test_the_gaps_columns_the_issue_found_undocumented_are_explained():
    d = cs.data_dictionary("gaps_2030").set_index("column")
    for column in ("gap_share", "status_code", "implied_end_level"):
        assert d.loc[column, "meaning_en"] and d.loc[column, "meaning_vi"]
    # the merged difference says its sign: merged − reported (140 − 215 = −75)
    assert (
        cs.data_dictionary("merged").set_index("column").loc["difference", "meaning_en"].startswith("merged − reported")
    )
    with pytest.raises(ValueError, match="known: tidy, observations"):
        cs.data_dictionary("tidy_table")


def test_readme_and_docs_print_the_dictionary_as_it_is():
    docs = (ROOT / "docs" / "data_dictionary.md").read_text(encoding="utf-8")
    assert markdown_table() in docs, "run scripts/data_dictionary.py"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert markdown_table("tidy") in readme, "run scripts/data_dictionary.py"
