"""cs.tidy(): one long table, one row per commune, indicator and period; cs.observations() says which row it prefers."""

import shutil

import pandas as pd
import pytest

import chiengso_stats as cs

from conftest import FIXTURES, ROOT

KEY = ["commune_id", "indicator_id", "period"]


@pytest.fixture(scope="module")
def with_forms(tmp_path_factory):
    """data/raw with two yearly forms (the EXAMPLE forms 2026 and 2027)."""
    raw = tmp_path_factory.mktemp("tidy") / "raw"
    shutil.copytree(ROOT / "data" / "raw", raw)
    (raw / "monitoring").mkdir(exist_ok=True)
    for year in (2026, 2027):
        shutil.copy(FIXTURES / "theo_doi_vi_du" / f"{year}.xlsx", raw / "monitoring")
    return raw


def _one(t, commune, indicator, period):
    return t.set_index(KEY).loc[(commune, indicator, period)]


def test_one_row_per_key_float_values_integer_years_and_pivot_works(with_forms):
    for data in (None, with_forms):
        t = cs.tidy(data)
        assert not t.duplicated(KEY).any()
        assert t.value.dtype == "float64" and t.year_start.dtype == "int64" and t.year_end.dtype == "int64"
        wide = t.pivot(index=["commune_id", "indicator_id"], columns="period", values="value")
        assert wide.loc[("chieng_so_moi", "population"), "2025"] == 17145.0
        assert set(t.value_kind) <= {"reported", "merged", "merged_approximate", "lower_bound", "form"}


def test_hand_worked_rows(with_forms):
    t = cs.tidy(with_forms)
    # 9.199 + 7.946 = 17.145, merged from the former communes (the report prints the same)
    pop = _one(t, "chieng_so_moi", "population", "2025")
    assert (pop.value, pop.value_kind, pop.role) == (17145.0, "merged", "merged")
    assert (_one(t, "chieng_so", "population", "2025").value, _one(t, "chieng_so", "population", "2025").role) == (
        9199.0,
        "former",
    )
    # forest cover 2025: (33,6 × 60,66 + 48 × 79,65) / 140,31 = 41,77%, weighted by the real areas
    forest = _one(t, "chieng_so_moi", "forest_cover", "2025")
    assert forest.value == pytest.approx((33.6 * 60.66 + 48 * 79.65) / 140.31) and forest.value_kind == "merged"
    # the forms: 42,3 (2026, cell G17) and 42,9 (2027, cell H17)
    f27 = _one(t, "chieng_so_moi", "forest_cover", "2027")
    assert (f27.value, f27.value_kind, f27.source_id, f27.year_start, f27.year_end) == (
        42.9,
        "form",
        "theo_doi_2027",
        2027,
        2027,
    )
    # a period of several years is split: 2020-2025
    spans = t[t.period == "2020-2025"]
    assert len(spans) and (spans.year_start == 2020).all() and (spans.year_end == 2025).all()


def test_qualitative_figures_say_their_words_and_kinds_say_where_a_value_comes_from():
    t = cs.tidy()
    qualitative = t[t.unit == "định tính"]
    assert len(qualitative) and set(qualitative.value_label) <= {"Đạt", "Không đạt"}
    assert (qualitative.value_label == "Đạt").eq(qualitative.value == 1.0).all()
    assert (t.value_label[t.unit != "định tính"] == "").all()
    # poverty: weighted by population for want of households, so approximate
    assert _one(t, "chieng_so_moi", "poverty_rate", "2025").value_kind == "merged_approximate"
    # a merged row says how it was merged; a printed one where it is printed
    assert (t.method[t.value_kind == "reported"] == "").all() and (t.source_ref[t.value_kind == "merged"] == "").all()
    lower = t[t.value_kind == "lower_bound"]
    assert len(lower) and (lower.role == "merged").all()


def test_observations_take_loaded_data_and_flag_the_preferred_row(with_forms):
    raw = cs.load_raw()
    by_folder, by_data = cs.observations(), cs.observations(raw)  # RawData raised TypeError from pathlib before
    pd.testing.assert_frame_equal(by_folder, by_data)
    assert by_data.preferred.dtype == bool
    dup = by_data.duplicated(KEY, keep=False)
    assert dup.sum() == 14  # the figures printed twice (text and footnote): the 14 duplicate keys
    assert not by_data[by_data.preferred].duplicated(KEY).any()
    # the preferred rows are the ones tidy keeps for the former communes
    t = cs.tidy(raw)
    former = t[t.role == "former"].set_index(KEY).value
    chosen = by_data[by_data.preferred & by_data.commune_id.isin(["chieng_so", "yen_hung"])].set_index(KEY).value
    pd.testing.assert_series_equal(former.sort_index(), chosen.sort_index(), check_names=False)


def test_exports_round_trip(tmp_path):
    t = cs.tidy()
    t.to_csv(tmp_path / "tidy.csv", index=False)
    t.to_parquet(tmp_path / "tidy.parquet")  # pyarrow, from the [analysis] extra
    t.to_excel(tmp_path / "tidy.xlsx", index=False)
    back = pd.read_parquet(tmp_path / "tidy.parquet")
    assert back.value.tolist() == t.value.tolist() and back.year_end.dtype == "int64"
    csv = pd.read_csv(tmp_path / "tidy.csv", keep_default_na=False)
    assert len(csv) == len(pd.read_excel(tmp_path / "tidy.xlsx")) == len(t)
