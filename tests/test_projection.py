"""The estimate for 2030 at the pace so far (analysis/projection.py), worked by hand."""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import pandas as pd

from chiengso_stats import config
from chiengso_stats.analysis.projection import pace_projection, projected_end
from chiengso_stats.analysis.reconcile import reconcile
from chiengso_stats.analysis.targets import gap_table
from chiengso_stats.ingest.raw import load_raw

FORMS = Path(__file__).parent / "fixtures" / "theo_doi_vi_du"


def test_compound_where_both_ends_are_positive():
    # 41,774 (2025) -> 43,5 (2028): 43,5 × (43,5 / 41,774)^(2/3) = 44,6898
    assert round(pace_projection(pd.Series({2028: 43.5}), 2025, 41.774471, 2030, "%"), 4) == 44.6898


def test_the_first_year_is_the_base_without_a_baseline():
    # poverty 9 (2026) -> 7 (2028): 7 × (7 / 9) = 5,4444
    assert round(pace_projection(pd.Series({2026: 9.0, 2027: 8.0, 2028: 7.0}), None, math.nan, 2030, "%"), 4) == 5.4444
    # one point only: no pace, no estimate
    assert math.isnan(pace_projection(pd.Series({2026: 9.0}), None, math.nan, 2030, "%"))


def test_linear_from_zero_and_a_percentage_stays_within_100():
    # 0 (2026) -> 20 (2028): 10 a year, 40 in 2030; 0 -> 55: 27,5 a year, 110 capped at 100
    assert pace_projection(pd.Series({2026: 0.0, 2028: 20.0}), None, math.nan, 2030, "%") == 40
    assert pace_projection(pd.Series({2026: 0.0, 2028: 55.0}), None, math.nan, 2030, "%") == 100
    assert pace_projection(pd.Series({2026: 0.0, 2028: 55.0}), None, math.nan, 2030, "ha") == 110


def test_on_the_example_forms(tmp_path):
    raw_dir = tmp_path / "raw"
    shutil.copytree(config.RAW_DIR, raw_dir)
    (raw_dir / "monitoring").mkdir(exist_ok=True)
    for year in (2026, 2027, 2028):
        shutil.copy(FORMS / f"{year}.xlsx", raw_dir / "monitoring" / f"{year}.xlsx")
    raw = load_raw(raw_dir)
    table = reconcile(raw)
    gaps = gap_table(raw, table, as_of=2028)
    got = projected_end(gaps, table).set_axis(gaps.target_id).round(2)
    # (1) 240 + 260 + 245 = 745 in 3 years: 745 / 3 × 5 = 1.241,67; (1b) 745 / 3 = 248,33 a year
    assert (got["1"], got["1b"]) == (1241.67, 248.33)
    # (18a) 103 in 3 years: 103 / 3 × 5 = 171,67; (5) 44,69; (8) 5,44; (9) 67,316 -> 65: 63,5
    assert (got["18a"], got["5"], got["8"], got["9"]) == (171.67, 44.69, 5.44, 63.5)
    # met (7), every-year (17a), maintained (11b), no series (2): no estimate
    assert got[["7", "17a", "11b", "2"]].isna().all()


def test_what_remains_for_the_rest_of_the_term(tmp_path):
    from chiengso_stats.analysis.projection import still_to_go

    raw_dir = tmp_path / "raw"
    shutil.copytree(config.RAW_DIR, raw_dir)
    (raw_dir / "monitoring").mkdir(exist_ok=True)
    for year in (2026, 2027, 2028):
        shutil.copy(FORMS / f"{year}.xlsx", raw_dir / "monitoring" / f"{year}.xlsx")
    raw = load_raw(raw_dir)
    table = reconcile(raw)
    gaps = gap_table(raw, table, as_of=2028)
    got = still_to_go(gaps).set_axis(gaps.target_id).round(2)
    # (5) 45 - 43,5 = 1,5 points; (8) poverty 7 - 5 = 2 points down; (1) 1.250 - 745 = 505; (18a) 200 - 103 = 97
    assert (got["5"], got["8"], got["1"], got["18a"]) == (1.5, 2.0, 505.0, 97.0)
    # (10) 96,5% past its 90%: nothing remains; (17a) every year and (2) no figure: not said
    assert got["10"] == 0 and got[["17a", "2"]].isna().all()


def test_whether_the_estimate_reaches_the_target_is_told_in_analysis():
    from types import SimpleNamespace

    from chiengso_stats.analysis.projection import reaches_target

    def target(**kw):
        base = dict(horizon="level_2030", implied_end_level=float("nan"), target=45.0, lower_is_better=False)
        return SimpleNamespace(**(base | {"comparator": ">="} | kw))

    assert reaches_target(target(), 44.69) is False  # forest cover at the pace so far, against 45%
    assert reaches_target(target(horizon="total_2026_2030", target=1250.0), 1250.0) is True  # at it: met
    assert reaches_target(target(comparator="<", target=5.0, lower_is_better=True), 5.0) is False  # 'dưới 5%'
    assert reaches_target(target(horizon="additional_2026_2030", implied_end_level=6.0, target=1.0), 6.0) is True
    assert reaches_target(target(), float("nan")) is None
