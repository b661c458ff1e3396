"""Gaps to the 2030 targets, by hand, and the on-track method on hand-made series."""

import math

import pytest

from chiengso_stats import gaps_2030
from chiengso_stats.analysis.targets import (
    NO_BASELINE,
    NOT_COMPARABLE,
    TRACK_AWAY,
    TRACK_INSUFFICIENT,
    TRACK_MET,
    TRACK_MODERATE,
    TRACK_NONE,
    TRACK_ON,
    on_track,
)


@pytest.fixture(scope="module")
def gaps():
    return gaps_2030().set_index("target_id")


def test_snapshot_of_targets_and_their_statuses(gaps):
    """Snapshot (copied from a run): the statuses that matter are worked by hand below."""
    assert len(gaps) == 36
    assert gaps.status.value_counts().to_dict() == {
        NO_BASELINE: 22,
        "Chưa đạt": 3,
        # (1), (1b), (18a): totals and averages over the new term wait for its figures
        "Chờ số liệu của nhiệm kỳ mới": 3,
        # (6a), (6b), (10), and (11a-c) held at the baseline: one name for one state
        "Đã đạt chỉ tiêu năm 2030": 6,
        # (6c) one more level-2 school: the baseline is only 'ít nhất 1' (no Yên Hưng figure), so no verdict
        "Chưa kết luận được (số liệu kỳ gốc chưa đủ)": 1,
        NOT_COMPARABLE: 1,
    }


def test_forest_cover_against_45(gaps):
    r = gaps.loc["5"]
    base = (33.6 * 60.66 + 48 * 79.65) / 140.31  # 41,77%
    assert r.baseline == pytest.approx(base, abs=1e-6)
    assert r.gap == pytest.approx(45 - base, abs=1e-6)  # 3,23 points still to go
    assert r.required_annual_change == pytest.approx((45 - base) / 5, abs=1e-6)
    assert r.required_annual_growth == pytest.approx(((45 / base) ** 0.2 - 1) * 100, abs=1e-6)
    assert r.status == "Chưa đạt" and not r.approximate


def test_health_insurance_against_90_is_met(gaps):
    r = gaps.loc["10"]
    base = (96.19 * 9199 + 100 * 7946) / 17145  # 97,96%
    assert r.baseline == pytest.approx(base, abs=1e-6)
    # passed by 7,96 points: nothing remains (a paper shows "-"), no negative remainder, no pace needed
    assert r.gap == 0 and r.gap_share == 0 and r.required_annual_change == 0
    assert r.status == "Đã đạt chỉ tiêu năm 2030"


def test_party_members_pace_against_200(gaps):
    r = gaps.loc["18a"]
    # 196 admitted over 2020-2025 is the last term's reference, not a start: all 200 remain in 2026
    assert (r.reference_value, r.reference_period, r.gap, r.status_code) == (196, "2020-2025", 200, "term_pending")
    assert math.isnan(r.baseline) and r.baseline_period == ""
    assert r.required_annual_change == 40
    assert "40/năm" in r.note_vi and "39,2/năm" in r.note_vi


def test_budget_revenue_over_the_term(gaps):
    r = gaps.loc["1"]
    assert r.reference_value == pytest.approx(1051)  # 684,1 + 366,9 triệu đồng, the 2020-2025 term
    assert r.reference_vi == "nhiệm kỳ 2020-2025 đạt 1.051 triệu đồng" and math.isnan(r.baseline)
    assert (r.gap, r.gap_share, r.status_code) == (1250, 100, "term_pending")  # the whole target remains
    assert "250/năm" in r.note_vi and "210,2/năm" in r.note_vi
    avg = gaps.loc["1b"]  # a pace: 250/năm needed against 1.051 / 5 = 210,2/năm last term; no verdict yet
    assert avg.reference_value == pytest.approx(210.2) and avg.required_annual_change == 250
    assert math.isnan(avg.baseline) and math.isnan(avg.gap) and avg.status_code == "term_pending"
    assert avg.on_track_code == "no_series"


def test_poverty_is_not_comparable_across_poverty_standards(gaps):
    r = gaps.loc["8"]
    assert r.status == NOT_COMPARABLE and math.isnan(r.gap)
    # 6,67% under the 2025 standard is a reference, not this series' baseline: "…" in every paper
    assert math.isnan(r.baseline) and not r.approximate
    assert r.reference_value == pytest.approx((6.28 * 9199 + 7.12 * 7946) / 17145)
    assert r.reference_vi.endswith(": 6,67% (gộp gần đúng)")
    assert "chuẩn khác" in r.note_vi and "gần đúng" in r.note_vi.lower()


def test_lower_is_better_direction_and_approximate_flag_carry_over(gaps):
    assert gaps.loc["9"].approximate and "gần đúng" in gaps.loc["9"].note_vi.lower()
    # (7) vaccination: the report prints only the 2020-2025 average, no 2025 level to start from
    assert gaps.loc["7"].status == NO_BASELINE and "bình quân 2020-2025" in gaps.loc["7"].note_vi


def test_count_targets_state_their_implied_end_level(gaps):
    coop = gaps.loc["4"]
    assert coop.baseline == 5 and coop.implied_end_level == 6
    assert "6 đến 7 hợp tác xã" in coop.note_vi
    # (6c) one more level-2 school: Chiềng Sơ (cũ) has 1, the report gives no Yên Hưng figure, so the
    # baseline is a lower bound ('ít nhất 1') and 'at least 1 + 1' decides nothing: no end level, no verdict
    school = gaps.loc["6c"]
    assert math.isnan(school.implied_end_level) and school.status == "Chưa kết luận được (số liệu kỳ gốc chưa đủ)"
    assert "ít nhất 1" in school.note_vi
    # (6b) keep at least 1: here the bound decides, 'ít nhất 1' ≥ 1
    assert gaps.loc["6b"].status == "Đã đạt chỉ tiêu năm 2030" and "ít nhất 1" in gaps.loc["6b"].note_vi
    assert gaps.loc["6a"].status == "Đã đạt chỉ tiêu năm 2030"


def test_targets_without_baseline_say_no_data(gaps):
    for tid in ["2", "3a", "12", "17a", "19c", "dp2a"]:
        assert gaps.loc[tid].status == NO_BASELINE
        assert "Báo cáo không nêu số liệu hiện trạng của chỉ tiêu này." in gaps.loc[tid].note_vi


# ---------------------------------------------------------------- on track, by hand
def test_on_track_categories_on_hand_made_series():
    # Eurostat methodology 2: both paces from the base year. 30 (2020) -> 35 (2025), target 45 in 2030:
    # observed (35/30)^(1/5) - 1 = 3,131%/yr; required (45/30)^(1/10) - 1 = 4,138%/yr; ratio 0,7566 -> moderate
    obs, req, ratio, cat = on_track([2020, 2025], [30, 35], 45, target_year=2030)
    assert obs == pytest.approx(0.031310, abs=1e-6)
    assert req == pytest.approx(0.041380, abs=1e-6)
    assert ratio == pytest.approx(0.7566, abs=1e-4) and cat == TRACK_MODERATE
    assert on_track([2020, 2025], [20, 35], 45, target_year=2030)[3] == TRACK_ON  # 11,84% vs 8,45%/yr: ratio 1,40
    assert (
        on_track([2020, 2025], [34, 35], 45, target_year=2030)[3] == TRACK_INSUFFICIENT
    )  # 0,58% vs 2,84%/yr: ratio 0,20
    assert on_track([2020, 2025], [40, 35], 45, target_year=2030)[3] == TRACK_AWAY  # wrong way
    assert on_track([2025], [35], 45, target_year=2030)[3] == TRACK_NONE  # one point only


def test_on_track_handles_zero_baseline_and_met_target_without_dividing_by_zero():
    obs, req, ratio, cat = on_track(
        [2020, 2025], [0, 10], 20, target_year=2030
    )  # linear: 2/yr observed, (20-0)/10 = 2/yr required
    assert (obs, req, ratio, cat) == (2.0, 2.0, 1.0, TRACK_ON)
    assert on_track([2020, 2025], [40, 45], 45, target_year=2030)[3] == TRACK_MET  # current equals target


def test_yearly_figures_added_by_the_office_feed_the_on_track_column(raw_copy):
    from chiengso_stats.analysis.targets import gap_table
    from chiengso_stats.ingest.raw import load_raw

    from conftest import add_source, append_rows

    quote = "Độ che phủ rừng năm 2026 (VÍ DỤ): xã Chiềng Sơ 34,5%, xã Yên Hưng 48,5%."
    add_source(raw_copy, "che_phu_2026_thu", "che_phu_2026_thu.txt", content=(quote + "\n").encode())
    append_rows(
        raw_copy / "observations.csv",
        [
            dict(
                commune_id=c,
                indicator_id="forest_cover",
                period="2026",
                value_as_printed=v,
                source_id="che_phu_2026_thu",
                source_ref="Số liệu năm",
                quote=quote,
            )
            for c, v in (("chieng_so", "34,5%"), ("yen_hung", "48,5%"))
        ],
    )
    r = gap_table(load_raw(raw_copy)).set_index("target_id").loc["5"]
    start = (33.6 * 60.66 + 48 * 79.65) / 140.31  # 41,774%: the 2025 baseline stays the baseline
    end = (34.5 * 60.66 + 48.5 * 79.65) / 140.31  # 42,448% in 2026
    assert r.baseline == pytest.approx(start) and (r.current_year, r.current_value) == (2026, pytest.approx(end))
    assert r.observed_annual_growth == pytest.approx(end / start - 1, abs=1e-6)
    expected = (end / start - 1) / ((45 / start) ** 0.2 - 1)  # 1,61%/yr vs 1,50%/yr required
    assert r.on_track_ratio == pytest.approx(expected, abs=1e-6) and r.on_track == TRACK_ON


def test_codes_sit_beside_vietnamese_and_english_labels(gaps):
    r = gaps.loc["5"]
    assert (r.status_code, r.status, r.status_en) == ("not_met", "Chưa đạt", "not met yet")
    assert (gaps.loc["8"].status_code, gaps.loc["2"].status_code) == ("not_comparable", "no_baseline")
    assert (r.on_track_code, r.on_track, r.on_track_en) == (
        "no_series",
        "Chưa đủ số liệu để đánh giá",
        "not enough data to judge",
    )
    columns = list(gaps.columns)
    assert columns.index("status_code") + 1 == columns.index("status") == columns.index("status_en") - 1


def test_lower_is_better_comes_from_the_catalogue_too_and_the_chart_agrees():
    """A '>=' comparator on an indicator the catalogue marks 'lower': both tables and chart say lower."""
    import pandas as pd

    from chiengso_stats.publish.charts import progress_chart

    row = dict(
        target_id="x",
        description_vi="Số vụ vi phạm",
        comparator="<=",
        target=10.0,
        baseline=20.0,
        unit="vụ",
        status_code="not_met",  # the chart picks rows by code
        status="Chưa đạt",
        horizon="level_2030",
        baseline_period="2025",
        target_as_printed="10",
        approximate=False,
        source_ref="t",
        lower_is_better=True,
    )
    fig = progress_chart(pd.DataFrame([row, {**row, "target_id": "y", "comparator": ">=", "lower_is_better": True}]))
    # both lower-is-better: progress = target / baseline = 50%, and the arrow says ↓
    assert list(fig.data[0].x) == [50.0, 50.0] and all(label.startswith("↓") for label in fig.data[0].y)


def test_a_zero_target_does_not_divide_by_zero(raw_copy):
    from chiengso_stats.analysis.targets import gap_table
    from chiengso_stats.ingest.raw import load_raw

    # (18a) and (1b) as if their targets were 0: the share of the target is undefined, not -inf
    raw = load_raw(raw_copy)
    raw.targets.loc[raw.targets.target_id == "18a", "target"] = 0.0
    raw.targets.loc[raw.targets.target_id == "1b", "target"] = 0.0
    g = gap_table(raw).set_index("target_id")
    assert pd_isnan(g.loc["18a", "gap_share"]) and pd_isnan(g.loc["1b", "gap_share"])


def pd_isnan(x):
    return x != x


def test_the_term_comes_from_communes_csv(raw_copy):
    """The years of the targets are the merged commune's term in communes.csv, not constants in code."""
    import chiengso_stats as cs
    from chiengso_stats.errors import RawDataError

    path = raw_copy / "communes.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(",nhất,2025-2030", ",nhất,2025-2031"), encoding="utf-8")
    g = cs.gaps_2030(raw_copy).set_index("target_id")
    base = (33.6 * 60.66 + 48 * 79.65) / 140.31  # forest cover 2025, merged by hand: 41,774471%
    assert (g.loc["5", "baseline_year"], g.loc["5", "target_year"]) == (2025, 2031)
    # the even path to 45% now has six years: 41,774471 × (45 / 41,774471)^(1/6) = 42,30% in 2026
    assert g.loc["5", "next_year_level"] == pytest.approx(base * (45 / base) ** (1 / 6), abs=1e-6)
    path.write_text(text.replace(",nhất,2025-2030", ",nhất,"), encoding="utf-8")
    with pytest.raises(RawDataError) as err:
        cs.load_raw(raw_copy)
    assert "communes.csv, dòng 4, cột 'term': đang ghi '(trống)'" in str(err.value)
