"""Right numbers (issue 27, section 1): each wrong result of the review, worked by hand.

Every test here failed on the code before its fix.
"""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import pytest

from chiengso_stats.analysis.reconcile import reconcile
from chiengso_stats.analysis.targets import gap_table
from chiengso_stats.ingest.raw import load_raw

from conftest import FIXTURES


@pytest.fixture
def monitored(raw_copy) -> Path:
    """data/raw plus the three example forms (tests/fixtures/theo_doi_vi_du, examples)."""
    (raw_copy / "monitoring").mkdir(exist_ok=True)
    for year in (2026, 2027, 2028):
        shutil.copy(FIXTURES / "theo_doi_vi_du" / f"{year}.xlsx", raw_copy / "monitoring" / f"{year}.xlsx")
    return raw_copy


def _gaps(raw_dir=None, as_of=None):
    raw = load_raw(raw_dir)
    return gap_table(raw, reconcile(raw), as_of=as_of).set_index("target_id")


# ---------------------------------------------------------------- 1. a target over the new term
def test_a_term_total_starts_whole_and_the_last_term_is_a_reference():
    g = _gaps()
    # (1) 1.250 triệu over 2026-2030: at the start all 1.250 remain (not 1.250 - 1.051 = 199), no verdict yet
    budget = g.loc["1"]
    assert (budget.gap, budget.gap_share, budget.status) == (1250, 100, "Chờ số liệu của nhiệm kỳ mới")
    assert budget.reference_vi == "nhiệm kỳ 2020-2025 đạt 1.051 triệu đồng" and math.isnan(budget.baseline)
    # (18a) 200 new members: all 200 remain, not 200 - 196 = 4
    assert (g.loc["18a"].gap, g.loc["18a"].status_code) == (200, "term_pending")
    # (1b) a pace: 250/năm needed against 1.051 / 5 = 210,2/năm, judged once the new term has an average
    assert g.loc["1b"].reference_value == pytest.approx(210.2) and math.isnan(g.loc["1b"].gap)
    # (10) health insurance 97,96% against 90%: passed, nothing remains (not -7,96)
    assert (g.loc["10"].gap, g.loc["10"].required_annual_change) == (0, 0)


def test_a_term_total_counts_only_the_new_terms_figures(monitored):
    g = _gaps(monitored, as_of=2028)
    # budget 240 + 260 + 245 = 745 of 1.250: 505 remain, 40,4% of the target
    assert g.loc["1"].gap == pytest.approx(505) and g.loc["1"].gap_share == pytest.approx(40.4)
    # members 30 + 35 + 38 = 103 of 200: 97 remain
    assert g.loc["18a"].gap == pytest.approx(97)
    # (1b) the new term's own average 745 / 3 = 248,33 against 250: 1,67 a year short
    assert g.loc["1b"].gap == pytest.approx(250 - 745 / 3)


# ---------------------------------------------------------------- 2. qualitative statements
def _universal_lower_secondary(raw_dir: Path, chieng_so: str, yen_hung: str = "") -> None:
    """Rewrite the two former communes' 2025 statements of (11a), quotes and source kept verifiable."""
    from conftest import add_source, read_rows, write_csv

    quote = f"VÍ DỤ: phổ cập THCS xã Chiềng Sơ {chieng_so}; xã Yên Hưng {yen_hung or chieng_so}."
    add_source(raw_dir, "pc_thcs_vd", "pc_thcs_vd.txt", content=(quote + "\n").encode())
    header, rows = read_rows(raw_dir / "observations.csv")
    col = {c: i for i, c in enumerate(header)}
    for r in rows:
        if r[col["indicator_id"]] == "universal_lower_secondary":
            r[col["value_as_printed"]] = chieng_so if r[col["commune_id"]] == "chieng_so" else (yen_hung or chieng_so)
            r[col["source_id"]], r[col["quote"]], r[col["source_ref"]] = "pc_thcs_vd", quote, "Ví dụ"
    write_csv(raw_dir / "observations.csv", header, rows)


@pytest.mark.parametrize("word", ["chưa đạt", "KHÔNG ĐẠT", "Không đạt"])
def test_a_qualitative_word_of_refusal_is_not_achieved_and_the_baseline_is_not_met(raw_copy, word):
    _universal_lower_secondary(raw_copy, word)
    raw = load_raw(raw_copy)
    obs = raw.observations[raw.observations.indicator_id == "universal_lower_secondary"]
    assert list(obs.value) == [0.0, 0.0]  # was 1 ("Đạt") for anything but exactly "Không đạt"
    r = gap_table(raw).set_index("target_id").loc["11a"]
    assert (r.baseline, r.status_code) == (0, "not_met")  # "Không đạt" is not met, not "no data"


def test_a_qualitative_text_outside_the_vocabulary_is_refused_with_its_place(raw_copy):
    from chiengso_stats.errors import RawDataError

    _universal_lower_secondary(raw_copy, "còn 03 chỉ tiêu không đạt", "Đạt")
    with pytest.raises(RawDataError) as err:
        load_raw(raw_copy)
    assert "observations.csv, dòng 56, cột 'value_as_printed': đang ghi 'còn 03 chỉ tiêu không đạt'" in str(err.value)
    assert "dòng 57" not in str(err.value)  # "Đạt" is a word of the vocabulary


# ---------------------------------------------------------------- 3. a qualifier kept in the merge
def test_a_part_printed_as_a_floor_makes_the_sum_a_floor(tmp_path):
    from openpyxl import load_workbook

    from chiengso_stats import merged
    from chiengso_stats.publish.appendices import export_appendices

    # Yên Hưng "trên 205 triệu" + Chiềng Sơ 480 = at least 685: "trên 685", not the figure 685
    t = merged().set_index("indicator_id").loc["housing_support_funds"]
    assert math.isnan(t.merged) and (t.merged_lower_bound, t.merged_bound) == (685, "above")
    assert "'trên 205 triệu'" in t.method and "ít nhất" in t.method
    paths = {p.name: p for p in export_appendices(tmp_path)}
    ws = load_workbook(paths["phu_luc_03_chieng_so_moi.xlsx"])["Hợp nhất"]
    row = next(r for r in ws.iter_rows(values_only=True) if r[1] == "Kinh phí vận động hỗ trợ nhà ở")
    assert row[6] == "trên 685" and row[4:6] == (480, 205)


# ---------------------------------------------------------------- 4. the row's own decimal mark
def _add_figures(raw_dir: Path, source_id: str, quote: str, rows: list[dict]) -> None:
    from conftest import add_source, append_rows

    add_source(raw_dir, source_id, f"{source_id}.txt", content=(quote + "\n").encode())
    append_rows(
        raw_dir / "observations.csv",
        [dict(source_id=source_id, source_ref="Ví dụ", quote=quote, **r) for r in rows],
    )


def test_the_checked_figure_is_read_with_its_own_decimal_mark(raw_copy):
    from chiengso_stats import merged

    # the new commune "42.2%" with mark ".": 42,2 printed to 0,1, so 41,77 (the merged figure) is 0,43 off
    quote = "VÍ DỤ: tỷ lệ che phủ rừng toàn xã năm 2025 là 42.2%."
    _add_figures(
        raw_copy,
        "che_phu_vd",
        quote,
        [
            dict(
                commune_id="chieng_so_moi",
                indicator_id="forest_cover",
                period="2025",
                value_as_printed="42.2%",
                decimal_mark=".",
            )
        ],
    )
    r = merged(raw_copy).set_index(["indicator_id", "period"]).loc[("forest_cover", "2025")]
    assert r.reported == pytest.approx(42.2) and r.check_code == "mismatch"  # was 'match' (±0,5)
    assert r.difference == pytest.approx((33.6 * 60.66 + 48 * 79.65) / 140.31 - 42.2, abs=1e-6)


def test_a_component_total_is_read_with_its_own_decimal_mark(raw_copy):
    from chiengso_stats import audit

    # 5,2% + 5,7% = 10,9% against a total printed "10.4%" (mark "."): 0,5 off, outside ±0,05
    quote = "VÍ DỤ: năm 2024 bảo hiểm xã hội 10.4% (bắt buộc 5,2%, tự nguyện 5,7%)."
    _add_figures(
        raw_copy,
        "bhxh_vd",
        quote,
        [
            dict(commune_id="chieng_so", indicator_id=i, period="2024", value_as_printed=v, decimal_mark=m)
            for i, v, m in (
                ("social_insurance_coverage", "10.4%", "."),
                ("social_insurance_compulsory", "5,2%", ""),
                ("social_insurance_voluntary", "5,7%", ""),
            )
        ],
    )
    f = audit(raw_copy)
    hit = f[(f.rule == "components_vs_total") & f.message_vi.str.contains("10.4%")]
    assert list(hit.status) == ["fail"]  # was 'pass' (the total read to ±0,5)


# ---------------------------------------------------------------- 5. the latest period first
def test_a_newer_reported_figure_beats_an_older_merged_one(raw_copy):
    # incomes 2023: Chiềng Sơ 30, Yên Hưng 28 (merged by population: 29,07); the new commune 45 in 2025
    quote = "VÍ DỤ: thu nhập bình quân năm 2023 xã Chiềng Sơ 30 triệu, xã Yên Hưng 28 triệu; năm 2025 toàn xã 45 triệu."
    _add_figures(
        raw_copy,
        "thu_nhap_vd",
        quote,
        [
            dict(commune_id="chieng_so", indicator_id="income_per_capita", period="2023", value_as_printed="30"),
            dict(commune_id="yen_hung", indicator_id="income_per_capita", period="2023", value_as_printed="28"),
            dict(commune_id="chieng_so_moi", indicator_id="income_per_capita", period="2025", value_as_printed="45"),
        ],
    )
    r = _gaps(raw_copy).loc["2"]
    assert (r.baseline, r.baseline_period, r.gap) == (45, "2025", 5)  # was 29,07 (2023), gap 20,93
    assert r.baseline_method == "Số báo cáo nêu cho xã mới (45)"


# ---------------------------------------------------------------- 6. an every-year target says each year
def test_an_every_year_target_says_each_year_not_its_worst_only(monitored):
    # (17a) 90% every year: 92% (2026), 88% (2027), 91% (2028)
    r = _gaps(monitored, as_of=2028).loc["17a"]
    assert r.on_track == "Năm 2028 đạt; năm 2027 không đạt (88%)"  # was "Không đạt năm 2027"
    assert r.on_track_code == "not_met"


# ---------------------------------------------------------------- 7. counts are written whole
def test_a_count_is_written_whole_by_its_units_rule(monitored):
    from chiengso_stats.numbers import amount, rounded
    from chiengso_stats.publish.yearly import yearly_narrative

    # units.csv: a count is whole and what it needs is rounded up
    assert (amount(48.5, "người"), amount(0.2, "hợp tác xã"), amount(5.19, "hợp tác xã")) == (
        "49 người",
        "1 hợp tác xã",
        "6 hợp tác xã",
    )
    assert (rounded(96.666, "%"), amount(252.5, "triệu đồng")) == (96.67, "252,5 triệu đồng")  # measures keep decimals
    # (18a) 200 members, 103 admitted by 2028: (200 - 103) / 2 = 48,5 a year is written 49 người
    g = _gaps(monitored, as_of=2028)
    assert "Mỗi năm còn lại cần bình quân 49 người." in g.loc["18a"].progress_note_vi
    # (4) cooperatives 5 in 2026 on the way to 6: the even path 5 × (6/5)^(1/4) = 5,23 in 2027 is written 6
    text = yearly_narrative(_gaps(monitored, as_of=2026).reset_index(), 2026)
    assert "(4) 6 hợp tác xã năm 2027" in text and "5,23" not in text


# ---------------------------------------------------------------- 8. one comparable measure, one furthest behind
def test_one_comparable_measure_names_the_same_target_furthest_behind():
    from chiengso_stats.analysis.gap_narrative import narrative
    from chiengso_stats.analysis.progress import behind_first
    from chiengso_stats.publish.report_text import baseline_assessment

    g = _gaps()
    # the share of the way from the baseline to the target still to go: the whole way at the start
    assert (g.loc["4"].gap_share, g.loc["9"].gap_share, g.loc["5"].gap_share) == (100, 100, 100)
    # (4) 1 more cooperative: 1 of the 6 the target implies, not "1 of 1" ahead of (9)'s 17,68 of 85 points
    assert list(behind_first(g.reset_index()).target_id) == ["9", "4", "5"]
    assert "Còn phải thực hiện nhiều nhất: (9) tỷ lệ hộ gia đình đạt danh hiệu gia đình văn hóa" in narrative(
        g.reset_index()
    )
    _, bullets = baseline_assessment(g.reset_index())[1]
    assert bullets[0].startswith("(9) Tỷ lệ hộ gia đình đạt danh hiệu gia đình văn hóa")


def test_the_way_still_to_go_as_the_term_goes(monitored):
    g = _gaps(monitored, as_of=2028)
    # (9) 67,32% -> 65% against 85%: (85 - 65) / (85 - 67,316) = 113,1%, further than at the start
    assert g.loc["9"].gap_share == pytest.approx(20 / (85 - 67.316209) * 100, abs=1e-4)
    # (5) 41,77% -> 43,5% against 45%: 1,5 / 3,2255 = 46,5%
    assert g.loc["5"].gap_share == pytest.approx(1.5 / (45 - (33.6 * 60.66 + 48 * 79.65) / 140.31) * 100, abs=1e-4)
    # (1) 745 of 1.250 over the term: 505 / 1.250 = 40,4%
    assert g.loc["1"].gap_share == pytest.approx(40.4)


def test_phu_luc_03_says_the_whole_term_target_remains_and_a_passed_target_has_nothing_left(tmp_path):
    from openpyxl import load_workbook

    from chiengso_stats.publish.appendices import export_appendices

    paths = {p.name: p for p in export_appendices(tmp_path)}
    ws = load_workbook(paths["phu_luc_03_chieng_so_moi.xlsx"])["Chỉ tiêu năm 2030"]
    rows = {r[0]: r for r in ws.iter_rows(values_only=True) if str(r[0] or "").startswith("(")}
    # G "Còn phải thực hiện": (1) 1.250 (was 199), (18a) 200 (was 4), (10) "-" (was -7,96); E no 1.051
    assert (rows["(1)"][6], rows["(18a)"][6], rows["(10)"][6]) == (1250, 200, "-")
    assert (rows["(1)"][4], rows["(18a)"][4]) == ("-", "-")
    assert rows["(1)"][8] == "Chờ số liệu của nhiệm kỳ mới"  # no verdict before the term has figures


# ---------------------------------------------------------------- one verdict once the term has figures
def test_once_the_term_has_figures_the_verdict_is_the_one_every_paper_prints(monitored):
    # (6a) keep 5 schools of level 1: 5 in 2025 and no figure in the forms 2026-2028. The yearly table and
    # the Word report print "Chưa đủ số liệu để đánh giá"; the verdict said the baseline's "Đã đạt chỉ tiêu
    # năm 2030", a state of 2025 in a report on 2028.
    g = _gaps(monitored)
    assert g.loc["6a", "status"] == "Đã đạt chỉ tiêu năm 2030"  # the state at the baseline, kept apart
    assert g.loc["6a", "verdict"] == g.loc["6a", "on_track"] == "Chưa đủ số liệu để đánh giá"
    assert (g.verdict == g.on_track).all()
    # before the first form the verdict is still the state at the baseline
    assert _gaps().loc["6a", "verdict"] == "Đã đạt chỉ tiêu năm 2030"


def _row_of(ws, number: str) -> tuple:
    return next(r for r in ws.iter_rows(values_only=True) if r[0] == number and r[1] and not str(r[1]).startswith("("))


def test_phu_luc_03_stays_at_the_baseline_when_yearly_forms_come_in(monitored, tmp_path):
    # analyst's trial: with the forms 2026-2028, row (9) printed the 2025 baseline 67,32 beside 19,5 still to
    # go (85 - 65,5 of a later year), and (1) 750 left. Biểu số 03 goes with the congress report: 85 - 67,32 =
    # 17,68 and the whole 1.250; the yearly table tells the later years.
    from openpyxl import load_workbook

    import chiengso_stats as cs

    book = next(p for p in cs.export_appendices(tmp_path, monitored) if p.name.startswith("phu_luc_03"))
    ws = load_workbook(book)["Chỉ tiêu năm 2030"]
    nine, budget = _row_of(ws, "(9)"), _row_of(ws, "(1)")
    assert (nine[4], nine[5], nine[6]) == (67.32, "2025", 17.68)
    assert budget[6] == 1250


def test_the_gaps_summary_keeps_an_acronym_as_printed():
    # analyst's trial: "(11a) duy trì đạt chuẩn phổ cập thcs" (str.lower() on the whole name)
    import chiengso_stats as cs

    text = cs.gap_narrative()
    assert "(11a) duy trì đạt chuẩn phổ cập THCS" in text and "thcs" not in text
