"""Merging former communes: sums, weighted rates, proxies, qualitative rules, any number of parts."""

import pandas as pd
import pytest

from chiengso_stats import merged
from chiengso_stats.analysis.merge import preferred_observations
from chiengso_stats.analysis.reconcile import reconcile
from chiengso_stats.ingest.raw import load_raw

from conftest import make_raw


@pytest.fixture(scope="module")
def table():
    return merged()


def row(table, indicator, period="2025"):
    r = table[(table.indicator_id == indicator) & (table.period == period)]
    assert len(r) == 1, indicator
    return r.iloc[0]


def test_population_and_area_match_the_report(table):
    pop, area = row(table, "population"), row(table, "natural_area")
    assert (pop.chieng_so, pop.yen_hung, pop.merged, pop.reported) == (9199, 7946, 17145, 17145)
    assert pop.check == "Khớp" and not pop.approximate
    assert area.merged == pytest.approx(140.31) and area.check == "Khớp"


def test_forest_cover_is_weighted_by_natural_area_exactly(table):
    r = row(table, "forest_cover")
    assert r.merged == pytest.approx((33.6 * 60.66 + 48 * 79.65) / 140.31)  # 41,77%
    assert round(r.merged, 2) == 41.77
    assert not r.approximate and "Diện tích tự nhiên" in r.method and "chính xác" in r.method


def test_health_insurance_is_exact_by_population(table):
    r = row(table, "health_insurance_coverage")
    assert r.merged == pytest.approx((96.19 * 9199 + 100 * 7946) / 17145)  # 97,96%
    assert not r.approximate


def test_poverty_uses_population_as_declared_proxy_and_says_so(table):
    r = row(table, "poverty_rate")
    assert r.merged == pytest.approx((6.28 * 9199 + 7.12 * 7946) / 17145)  # 6,67%
    assert r.approximate
    assert "Quy mô dân số" in r.method and "Số hộ gia đình" in r.method


def test_household_businesses_disagree_with_the_printed_total(table):
    r = row(table, "household_businesses")
    assert (r.merged, r.reported) == (140, 215)
    assert (r.check_code, r.check, r.check_en, r.difference) == ("mismatch", "Lệch", "differs", -75)


def test_not_additive_figures_stay_per_commune(table):
    r = row(table, "resolution_targets_achieved", "2020-2025")
    assert pd.isna(r.merged) and (r.chieng_so, r.yen_hung) == (19, 17)  # body text, not the 16/19 of (6)
    assert r.method.startswith("Không cộng")


def test_qualitative_statements_merge_with_all(table):
    r = row(table, "universal_lower_secondary")
    assert r.merged == 1 and "mọi xã cũ đạt" in r.method


def test_missing_part_gives_no_merged_value_but_a_lower_bound(table):
    r = row(table, "schools_standard_level2")
    assert pd.isna(r.merged) and r.merged_lower_bound == 1
    assert "Yên Hưng (cũ)" in r.method


def test_every_indicator_reported_by_both_communes_has_a_merged_value_and_method(table):
    both = table[table.chieng_so.notna() & table.yen_hung.notna()]
    summable = both[both.kind != "not_additive"]
    # a figure, or a floor where a part is printed as one (Yên Hưng "trên 205 triệu": "trên 685")
    assert (summable.merged.notna() | summable.merged_bound.eq("above")).all()
    assert summable.merged_bound.eq("above").sum() == 1
    assert both.method.str.len().gt(0).all()
    assert len(summable) == 43


def test_real_denominators_take_over_with_no_code_change(raw_copy):
    """The office registers a source of household counts: the poverty rate becomes exact."""
    from conftest import add_source, append_rows

    quote = "Số hộ (VÍ DỤ): xã Chiềng Sơ 2.000 hộ, xã Yên Hưng 1.000 hộ."
    add_source(raw_copy, "so_ho_thu", "so_ho_thu.txt", content=("VÍ DỤ KIỂM THỬ.\n" + quote + "\n").encode())
    append_rows(
        raw_copy / "observations.csv",
        [
            dict(
                commune_id=c,
                indicator_id="households",
                period="2025",
                value_as_printed=v,
                source_id="so_ho_thu",
                source_ref="Phụ lục thử",
                quote=quote,
            )
            for c, v in (("chieng_so", "2.000"), ("yen_hung", "1.000"))
        ],
    )
    t = reconcile(load_raw(raw_copy))
    r = t[t.indicator_id == "poverty_rate"].iloc[0]
    assert r.merged == pytest.approx((6.28 * 2000 + 7.12 * 1000) / 3000)
    assert not r.approximate and "Số hộ gia đình" in r.method and "chính xác" in r.method


# ---------------------------------------------------------------- three former communes
IND = [
    ["population", "Dân số", "Population", "người", "extensive", "sum", "", "", "none", "", "", ""],
    ["natural_area", "Diện tích", "Area", "km2", "extensive", "sum", "", "", "none", "", "", ""],
    ["households", "Số hộ", "Households", "hộ", "extensive", "sum", "", "", "none", "", "", ""],
    [
        "forest_cover",
        "Che phủ rừng",
        "Forest cover",
        "%",
        "intensive",
        "mean_weighted_by_natural_area",
        "",
        "diện tích",
        "higher",
        "",
        "",
        "",
    ],
    [
        "poverty_rate",
        "Hộ nghèo",
        "Poverty",
        "%",
        "intensive",
        "mean_weighted_by_households",
        "population",
        "hộ",
        "lower",
        "",
        "",
        "",
    ],
    [
        "universal_primary",
        "Phổ cập",
        "Universal primary",
        "định tính",
        "qualitative",
        "all",
        "",
        "",
        "higher",
        "",
        "",
        "",
    ],
    ["any_flag", "Có mô hình", "Has a model", "định tính", "qualitative", "any", "", "", "higher", "", "", ""],
    [
        "targets_achieved",
        "Chỉ tiêu đạt",
        "Targets achieved",
        "chỉ tiêu",
        "not_additive",
        "none",
        "",
        "",
        "higher",
        "",
        "",
        "",
    ],
]
COMMUNES = [
    ["a", "Xã A", "", "former", "m", "", "", ""],
    ["b", "Xã B", "", "former", "m", "", "", ""],
    ["c", "Xã C", "", "former", "m", "", "", ""],
    ["m", "Xã M", "", "merged", "", "", "", ""],
]


def _obs(cid, pop, area, cover, poverty, flag):
    q = f"Xã {cid.upper()} có {pop} người, {area} km2, che phủ {cover}, hộ nghèo {poverty}"
    return [
        [cid, "population", "2025", pop, "", "", "s", q, "", ""],
        [cid, "natural_area", "2025", f"{area} km2", "", "", "s", q, "", ""],
        [cid, "forest_cover", "2025", cover, "", "", "s", q, "", ""],
        [cid, "poverty_rate", "2025", poverty, "", "", "s", q, "", ""],
        [cid, "universal_primary", "2025", "phổ cập", "", "", "s", q + " phổ cập", "", ""],
        [cid, "targets_achieved", "2020-2025", "3", "", "", "s", q + " đạt 3 chỉ tiêu", "", ""],
    ] + ([[cid, "any_flag", "2025", "mô hình", "", "", "s", q + " có mô hình", "", ""]] if flag else [])


THREE = (
    _obs("a", "1.000", "10", "20%", "10%", True)
    + _obs("b", "2.000", "30", "40%", "4%", False)
    + _obs("c", "3.000", "60", "50%", "2%", False)
    + [["m", "population", "2025", "6.000", "", "", "t", "Xã M có 6.000 người", "", ""]]
)


def _three(tmp_path, communes=COMMUNES, observations=THREE):
    return reconcile(load_raw(make_raw(tmp_path / "three", communes, IND, observations)))


def test_three_former_communes_worked_by_hand(tmp_path):
    t = _three(tmp_path).set_index("indicator_id")
    assert list(t.columns[6:9]) == ["a", "b", "c"]
    assert t.loc["population", "merged"] == 6000 and t.loc["population", "check"] == "Khớp"
    assert t.loc["natural_area", "merged"] == 100
    # forest: (20*10 + 40*30 + 50*60) / 100 = (200 + 1200 + 3000) / 100 = 44
    assert t.loc["forest_cover", "merged"] == pytest.approx(44.0)
    assert not t.loc["forest_cover", "approximate"]
    # poverty by population proxy: (10*1000 + 4*2000 + 2*3000) / 6000 = 24000 / 6000 = 4
    assert t.loc["poverty_rate", "merged"] == pytest.approx(4.0)
    assert t.loc["poverty_rate", "approximate"]
    assert t.loc["universal_primary", "merged"] == 1
    # 'any': a affirms the model, b and c are silent: at least one commune has it, so 1
    assert t.loc["any_flag", "merged"] == 1 and "kết quả đã rõ" in t.loc["any_flag", "method"]
    assert pd.isna(t.loc["targets_achieved", "merged"])
    assert t.loc["population", "reported"] == 6000


def test_order_of_communes_changes_nothing(tmp_path):
    one = _three(tmp_path)
    shuffled = _three(tmp_path / "x", communes=COMMUNES[::-1], observations=THREE[::-1])
    pd.testing.assert_frame_equal(one, shuffled)


def test_merging_one_commune_alone_returns_it_unchanged(tmp_path):
    communes = [["a", "Xã A", "", "former", "m", "", "", ""], ["m", "Xã M", "", "merged", "", "", "", ""]]
    t = reconcile(load_raw(make_raw(tmp_path / "one", communes, IND, _obs("a", "1.000", "10", "20%", "10%", True))))
    t = t.set_index("indicator_id")
    for indicator in ["population", "natural_area", "forest_cover", "poverty_rate", "universal_primary", "any_flag"]:
        assert t.loc[indicator, "merged"] == t.loc[indicator, "a"]


def _flags(tmp_path, name, statements):
    """Three former communes; `statements` maps a commune to 'đạt' / 'Không đạt' (absent: silent)."""
    obs = []
    for cid in ("a", "b", "c"):
        obs.append([cid, "population", "2025", "1.000", "", "", "s", f"Xã {cid.upper()} có 1.000 người", "", ""])
        if cid in statements:
            said = statements[cid]
            for indicator in ("universal_primary", "any_flag"):
                obs.append([cid, indicator, "2025", said, "", "", "s", f"Xã {cid.upper()} {indicator} {said}", "", ""])
    t = reconcile(load_raw(make_raw(tmp_path / name, COMMUNES, IND, obs))).set_index("indicator_id")
    return t.loc["universal_primary", "merged"], t.loc["any_flag", "merged"]


def test_all_and_any_are_three_valued_when_a_commune_is_silent(tmp_path):
    nan = float("nan")

    def same(got, want):
        return all((g == w) or (g != g and w != w) for g, w in zip(got, want))

    # (all, any) for: everyone affirms; one denies; one silent; one denies and one silent; all deny; none speak
    assert same(_flags(tmp_path, "1", {"a": "đạt", "b": "đạt", "c": "đạt"}), (1, 1))
    assert same(_flags(tmp_path, "2", {"a": "đạt", "b": "Không đạt", "c": "đạt"}), (0, 1))
    assert same(_flags(tmp_path, "3", {"a": "đạt", "b": "đạt"}), (nan, 1))
    assert same(_flags(tmp_path, "4", {"a": "Không đạt", "b": "đạt"}), (0, 1))
    assert same(_flags(tmp_path, "5", {"a": "Không đạt", "b": "Không đạt", "c": "Không đạt"}), (0, 0))
    assert same(_flags(tmp_path, "6", {"a": "Không đạt", "b": "Không đạt"}), (0, nan))


def test_a_printed_total_matches_at_its_own_precision_in_its_own_unit(tmp_path):
    """600 + 640 = 1.240 triệu against '1,2 tỷ đồng': 1,2 tỷ is printed to 0,1 tỷ, so ±50 triệu matches."""
    from chiengso_stats.analysis.audit import confront

    ind = [
        ["revenue", "Thu", "", "triệu đồng", "extensive", "sum", "", "", "higher", "", "", ""],
        ["parts_total", "Tổng", "", "triệu đồng", "extensive", "sum", "", "", "none", "", "", ""],
        ["part_a", "Phần A", "", "triệu đồng", "extensive", "sum", "", "", "none", "parts_total", "", ""],
        ["part_b", "Phần B", "", "triệu đồng", "extensive", "sum", "", "", "none", "parts_total", "", ""],
    ]
    communes = [["a", "Xã A", "", "former", "m"], ["b", "Xã B", "", "former", "m"], ["m", "Xã M", "", "merged", ""]]
    obs = [
        ["a", "revenue", "2025", "600 triệu đồng", "", "", "s", "Xã A thu 600 triệu đồng", "", ""],
        ["b", "revenue", "2025", "640 triệu đồng", "", "", "s", "Xã B thu 640 triệu đồng", "", ""],
        ["m", "revenue", "2025", "1,2 tỷ đồng", "", "", "t", "Xã M thu 1,2 tỷ đồng", "", ""],
        ["m", "revenue", "2024", "1,3 tỷ đồng", "", "", "u", "Xã M năm 2024 thu 1,3 tỷ đồng", "", ""],
        ["a", "revenue", "2024", "600 triệu đồng", "", "", "v", "Xã A năm 2024 thu 600 triệu đồng", "", ""],
        ["b", "revenue", "2024", "640 triệu đồng", "", "", "v", "Xã B năm 2024 thu 640 triệu đồng", "", ""],
        [
            "a",
            "parts_total",
            "2025",
            "1,2 tỷ đồng",
            "",
            "",
            "w",
            "Tổng 1,2 tỷ đồng gồm 600 triệu đồng và 640 triệu đồng",
            "",
            "",
        ],
        [
            "a",
            "part_a",
            "2025",
            "600 triệu đồng",
            "",
            "",
            "w",
            "Tổng 1,2 tỷ đồng gồm 600 triệu đồng và 640 triệu đồng",
            "",
            "",
        ],
        [
            "a",
            "part_b",
            "2025",
            "640 triệu đồng",
            "",
            "",
            "w",
            "Tổng 1,2 tỷ đồng gồm 600 triệu đồng và 640 triệu đồng",
            "",
            "",
        ],
    ]
    raw = load_raw(make_raw(tmp_path / "ty", communes, ind, obs))
    t = reconcile(raw).set_index(["indicator_id", "period"])
    assert t.loc[("revenue", "2025"), "check_code"] == "match"  # |1.240 - 1.200| = 40 <= 50
    assert t.loc[("revenue", "2024"), "check_code"] == "mismatch"  # |1.240 - 1.300| = 60 > 50
    f = confront(raw, t.reset_index())
    assert f[f.rule == "components_vs_total"].status.tolist() == ["pass"]  # 600 + 640 against 1,2 tỷ


def test_each_period_is_weighted_by_its_own_weights_and_says_which(tmp_path):
    """Forest cover 2020 weighted by the 2020 areas, 2025 by the 2025 areas; 2023 has no areas: 2025's."""
    obs = []
    for cid, a20, a25, c20, c23, c25 in (
        ("a", "10", "20", "10%", "30%", "20%"),
        ("b", "30", "20", "50%", "50%", "40%"),
    ):
        q = f"Xã {cid.upper()}: diện tích {a20} km2 (2020), {a25} km2 (2025); che phủ {c20}, {c23}, {c25}"
        obs += [
            [cid, "natural_area", "2020", f"{a20} km2", "", "", "s", q, "", ""],
            [cid, "natural_area", "2025", f"{a25} km2", "", "", "s", q, "", ""],
            [cid, "forest_cover", "2020", c20, "", "", "s", q, "", ""],
            [cid, "forest_cover", "2023", c23, "", "", "s", q, "", ""],
            [cid, "forest_cover", "2025", c25, "", "", "s", q, "", ""],
        ]
    communes = [["a", "Xã A", "", "former", "m"], ["b", "Xã B", "", "former", "m"], ["m", "Xã M", "", "merged", ""]]
    t = reconcile(load_raw(make_raw(tmp_path / "p", communes, IND, obs))).set_index(["indicator_id", "period"])
    # 2020: (10×10 + 50×30) / 40 = 1.600 / 40 = 40 (with the 2025 areas it would be (200 + 1.000) / 40 = 30)
    assert t.loc[("forest_cover", "2020"), "merged"] == pytest.approx(40.0)
    assert t.loc[("forest_cover", "2020"), "method"].endswith("(trọng số năm 2020)")
    # 2025: (20×20 + 40×20) / 40 = 30; 2023 has no areas of its own: 2025's, (30×20 + 50×20) / 40 = 40
    assert t.loc[("forest_cover", "2025"), "merged"] == pytest.approx(30.0)
    assert t.loc[("forest_cover", "2023"), "merged"] == pytest.approx(40.0)
    assert t.loc[("forest_cover", "2023"), "method"].endswith("(trọng số năm 2025)")
    # the weights of another year make an approximation, said so (the fresh-eyes trial of stop 34: was "chính xác")
    assert t.loc[("forest_cover", "2023"), "approximate"]
    assert "gần đúng" in t.loc[("forest_cover", "2023"), "method"]
    assert not t.loc[("forest_cover", "2020"), "approximate"] and not t.loc[("forest_cover", "2025"), "approximate"]


def test_dense_groups_number_keys_like_np_unique_in_both_branches():
    import numpy as np

    from chiengso_stats.analysis.merge import _dense_groups

    codes = np.array([5, 2, 5, 9])
    keys, group = _dense_groups(codes, 10)  # small key space: counted
    assert keys.tolist() == [2, 5, 9] and group.tolist() == [1, 0, 1, 2]
    keys, group = _dense_groups(codes, 10**9)  # huge key space: np.unique
    assert keys.tolist() == [2, 5, 9] and group.tolist() == [1, 0, 1, 2]


def _preferred_by_sorting(obs: pd.DataFrame) -> pd.DataFrame:
    """The rule as first written with pandas sorts: preferred, then body text before a footnote, then place."""
    key = ["commune_id", "indicator_id", "period"]
    obs = obs[obs.superseded_by.eq("").to_numpy()]
    dup = obs.duplicated(key, keep=False).to_numpy()
    d = obs[dup]
    d = d.assign(_p=d.preferred.ne("yes"), _footnote=d.source_ref.str.startswith("Chú thích"))
    d = d.sort_values([*key, "_p", "_footnote", "source_ref"]).drop_duplicates(key).drop(columns=["_p", "_footnote"])
    return pd.concat([obs[~dup], d]).sort_values(key, kind="stable")


def test_the_preferred_figure_is_the_one_the_sorting_rule_chose_whatever_the_row_order():
    obs = load_raw().observations
    key = ["commune_id", "indicator_id", "period"]
    assert obs.duplicated(key).any()  # figures printed in several places: there is a choice to make
    for seed in range(20):
        shuffled = obs.sample(frac=1, random_state=seed) if seed else obs
        ours, reference = preferred_observations(shuffled), _preferred_by_sorting(shuffled)
        pd.testing.assert_frame_equal(ours, reference)
    # hand-checked in the report: Chiềng Sơ's '16' targets (I.1.1) against the '19/20' marked preferred (I.3.1),
    # and Yên Hưng's 73 houses in footnote 8 against the body's 70 households: by place alone, 16 and 73
    chosen = preferred_observations(obs).set_index(["commune_id", "indicator_id"]).value
    assert chosen["chieng_so", "resolution_targets_achieved"] == 19
    assert chosen["yen_hung", "housing_support_households"] == 70


def _floors(tmp_path, name, covers, printed):
    """Forest cover of three former communes (areas 10, 30, 60 km2), some printed 'trên …', and the new commune's."""
    obs = []
    for cid, area, (qualifier, cover) in zip("abc", ("10", "30", "60"), covers):
        q = f"Xã {cid.upper()} có {area} km2, độ che phủ rừng đạt {qualifier} {cover}".replace("  ", " ")
        obs += [
            [cid, "natural_area", "2025", f"{area} km2", "", "", "s", q, "", ""],
            [cid, "forest_cover", "2025", cover, qualifier, "", "s", q, "", ""],
        ]
    obs.append(["m", "forest_cover", "2025", printed, "", "", "t", f"Xã M có độ che phủ rừng {printed}", "", ""])
    raw = load_raw(make_raw(tmp_path / name, COMMUNES, IND, obs))
    return raw, reconcile(raw).set_index("indicator_id").loc["forest_cover"]


def test_a_weighted_mean_of_floors_is_a_floor_and_agrees_with_a_figure_above_it(tmp_path):
    """'cả ba xã đều đạt trên 92%', the new commune printed 93,8%: (92×10 + 92×30 + 92×60) / 100 = 92 is a floor,
    'trên 92', and 93,8 ≥ 92 agrees (before: merged as exactly 92, 'lệch -1,8')."""
    from chiengso_stats.analysis.audit import confront

    raw, r = _floors(tmp_path, "all", [("trên", "92%")] * 3, "93,8%")
    assert pd.isna(r.merged) and (r.merged_lower_bound, r.merged_bound) == (92, "above")
    assert "ít nhất" in r.method and "Xã A: 'trên 92%'" in r.method and "Xã C: 'trên 92%'" in r.method
    assert (r.check_code, r.value) == ("match", 93.8)
    f = confront(raw, reconcile(raw)).query("rule == 'total_vs_parts' and indicator_id == 'forest_cover'").iloc[0]
    assert f.status == "pass" and "= trên 92 (số tối thiểu, ít nhất), phù hợp: 93,8 ≥ 92" in f.message_vi
    assert "lệch" not in f.message_vi


def test_one_floor_among_exact_parts_makes_a_floor_that_a_lower_figure_contradicts(tmp_path):
    """A 'trên 92%', B 95%, C 90%: (920 + 2.850 + 5.400) / 100 = 91,7, a floor; the printed 91% (±0,5) is below it."""
    from chiengso_stats.analysis.audit import confront

    raw, r = _floors(tmp_path, "one", [("trên", "92%"), ("", "95%"), ("", "90%")], "91%")
    assert pd.isna(r.merged) and r.merged_lower_bound == pytest.approx(91.7) and r.merged_bound == "above"
    assert r.check_code == "mismatch" and r.difference == pytest.approx(0.7)
    f = confront(raw, reconcile(raw)).query("rule == 'total_vs_parts' and indicator_id == 'forest_cover'").iloc[0]
    assert f.status == "fail" and "thấp hơn số tối thiểu 91,7" in f.message_vi


def test_parts_printed_but_not_mergeable_are_named_with_the_reason(tmp_path):
    """A 20%, B 40%, C 50% forest cover, but no area for C: no merged rate, and the audit says the parts and why
    (before: 'không nêu số của từng xã cũ', though the report prints all three)."""
    from chiengso_stats.analysis.audit import confront

    obs = [
        ["a", "natural_area", "2025", "10 km2", "", "", "s", "Xã A có 10 km2, che phủ 20%", "", ""],
        ["b", "natural_area", "2025", "30 km2", "", "", "s", "Xã B có 30 km2, che phủ 40%", "", ""],
        ["a", "forest_cover", "2025", "20%", "", "", "s", "Xã A có 10 km2, che phủ 20%", "", ""],
        ["b", "forest_cover", "2025", "40%", "", "", "s", "Xã B có 30 km2, che phủ 40%", "", ""],
        ["c", "forest_cover", "2025", "50%", "", "", "s", "Xã C che phủ 50%", "", ""],
        ["m", "forest_cover", "2025", "42%", "", "", "t", "Xã M che phủ 42%", "", ""],
    ]
    raw = load_raw(make_raw(tmp_path / "w", COMMUNES, IND, obs))
    f = confront(raw, reconcile(raw)).query("rule == 'total_vs_parts' and indicator_id == 'forest_cover'").iloc[0]
    assert f.status == "na"
    assert f.message_vi == (
        "Che phủ rừng: báo cáo nêu 42% cho xã mới; số các xã cũ (Xã A: 20; Xã B: 40; Xã C: 50) không gộp được: "
        "Không tính: thiếu trọng số 'Diện tích'"
    )


def test_a_baseline_floor_says_why_it_is_a_floor(tmp_path):
    """The fresh-eyes trial of stop 34: a baseline 'ít nhất 95' from parts printed 'trên 95%' was explained as
    '(thiếu số của một xã cũ)' though every former commune's figure was printed."""
    from chiengso_stats.analysis.targets import _why_at_least

    _, r = _floors(tmp_path, "why", [("trên", "95%")] * 3, "96%")
    assert _why_at_least(r.method) == "số của xã cũ chỉ nêu mức tối thiểu"
    assert _why_at_least("Cộng số của các xã cũ (chỉ tiêu quy mô)") == "thiếu số của một xã cũ"
