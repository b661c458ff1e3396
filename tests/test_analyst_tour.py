"""The analyst's six questions, each answered in at most five lines of the public API, on the real data and on
a copy with two yearly forms, against answers worked by hand.

Each `q*` function is the answer an analyst types in JupyterLab (reading only the README and help()); the test
at the bottom counts their lines.
"""

import inspect
import shutil

import pandas as pd
import pytest

import chiengso_stats as cs

from conftest import FIXTURES, ROOT

REAL = ROOT / "data" / "raw"


@pytest.fixture(scope="module", params=["real", "two_forms"])
def raw(request, tmp_path_factory):
    """data/raw as it is, and a copy with the EXAMPLE forms of 2026 and 2027 in monitoring/."""
    if request.param == "real":
        return REAL
    folder = tmp_path_factory.mktemp("tour") / "raw"
    shutil.copytree(ROOT / "data" / "raw", folder)
    (folder / "monitoring").mkdir(exist_ok=True)
    for year in (2026, 2027):
        shutil.copy(FIXTURES / "theo_doi_vi_du" / f"{year}.xlsx", folder / "monitoring")
    return folder


# ---- the answers, as an analyst types them


def q1_density(raw):
    t = cs.tidy(raw)
    new = t[(t.commune_id == "chieng_so_moi") & (t.period == "2025")].set_index("indicator_id").value
    return new["population"] / new["natural_area"]


def q2_furthest_behind(raw):
    first = cs.furthest_behind(raw).head(2)[["target_id", "gap_share"]]  # the papers' order
    g = cs.gaps_2030(raw)
    moving_away = g[g.on_track_code == "away"].target_id.tolist()
    return first, moving_away


def q3_totals_that_disagree(raw):
    f = cs.audit(raw)
    return f[(f.rule == "total_vs_parts") & (f.status == "fail")]


def q4_comparison_chart(raw, path):
    fig = cs.charts.communes_chart(["population", "natural_area", "forest_cover"], raw, facets=True)
    fig.write_image(path)  # kaleido, the [analysis] extra
    return fig


def q5_yearly_forms(raw):
    t = cs.tidy(raw)
    return t[(t.indicator_id == "forest_cover") & (t.commune_id == "chieng_so_moi")].set_index("year_end")


def q6_tidy_export(raw, folder):
    t = cs.tidy(raw)
    t.to_csv(folder / "tidy.csv", index=False)
    t.to_excel(folder / "tidy.xlsx", index=False)
    t.to_parquet(folder / "tidy.parquet")
    return t


# ---- hand-worked answers


def test_q1_density_is_122_2_people_per_km2(raw):
    # 17.145 người / 140,31 km² = 122,19
    assert q1_density(raw) == pytest.approx(17145 / 140.31)
    assert round(q1_density(raw), 1) == 122.2


def test_q2_the_targets_furthest_behind(raw):
    first, moving_away = q2_furthest_behind(raw)
    if raw == REAL:
        # at the start every target not met has its whole way to go (100%); the tie goes to the larger share
        # of the 2030 level still to go: (9) (85 − 67,32) / 85 = 20,8% before (4) 1 of 6 cooperatives, 16,7%
        assert first.target_id.tolist() == ["9", "4"]
        assert first.gap_share.tolist() == [100.0, 100.0]
        assert moving_away == []  # no year of the term yet
    else:
        # (9) 67,32 (2025) -> 65,5 (2027) against 85: (85 − 65,5) / (85 − 67,32) = 110,3% of the way still to go;
        # (17a) 88% in 2027 against 90% every year: not met, the whole way
        assert first.target_id.tolist() == ["9", "17a"]
        assert first.gap_share.round(1).tolist() == [110.3, 100.0]
        # (7) vaccination 97 (2026) -> 94 (2027), target 95; (9) 67,32 (2025) -> 65,5 (2027), target 85
        assert sorted(moving_away) == ["7", "9"]


def test_q3_household_businesses_215_against_50_plus_90(raw):
    row = q3_totals_that_disagree(raw).iloc[0]
    assert row.indicator_id == "household_businesses"
    # (50 + 90) − 215 = −75: the 75 'hộ cá thể' printed a paragraph earlier
    assert (row.printed_value, row.computed_value, row.difference) == (215.0, 140.0, -75.0)
    assert row.communes == ["chieng_so_moi", "chieng_so", "yen_hung"]


def test_q4_a_comparison_chart(raw, tmp_path):
    fig = q4_comparison_chart(raw, tmp_path / "so_sanh.png")
    assert fig.data[0].y == (9199.0, 7946.0, 17145.0) and fig.data[1].y == (60.66, 79.65, 140.31)
    assert (tmp_path / "so_sanh.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_q5_forest_cover_from_the_forms(raw):
    forest = q5_yearly_forms(raw)
    assert forest.loc[2025, "value"] == pytest.approx((33.6 * 60.66 + 48 * 79.65) / 140.31)  # 41,77
    if raw == REAL:
        assert list(forest.index) == [2025]
    else:
        # the forms' cells G17 (2026) and H17 (2027): 42,3 and 42,9
        assert forest.loc[2026, "value"] == 42.3 and forest.loc[2027, "value"] == 42.9
        assert forest.loc[2027, "value_kind"] == "form" and forest.loc[2027, "source_id"] == "theo_doi_2027"


def test_q6_a_tidy_export(raw, tmp_path):
    t = q6_tidy_export(raw, tmp_path)
    back = pd.read_parquet(tmp_path / "tidy.parquet")
    assert back.equals(t)
    assert len(pd.read_csv(tmp_path / "tidy.csv")) == len(pd.read_excel(tmp_path / "tidy.xlsx")) == len(t)


def test_each_answer_is_at_most_five_lines():
    answers = (q1_density, q2_furthest_behind, q3_totals_that_disagree, q4_comparison_chart, q5_yearly_forms)
    for f in (*answers, q6_tidy_export):
        body = inspect.getsource(f).strip().splitlines()[1:]  # below the def line
        assert len(body) <= 5, f.__name__
