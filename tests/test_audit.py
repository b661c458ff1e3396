"""The audit finds the report's real slips and raises no alarm on figures that add up."""

import pytest

from chiengso_stats import audit
from chiengso_stats.analysis.audit import RULES, summary


@pytest.fixture(scope="module")
def findings():
    return audit()


def _fails(findings, rule):
    return findings[(findings.rule == rule) & (findings.status == "fail")]


def test_every_rule_is_summarised_in_order(findings):
    assert list(summary(findings).rule) == list(RULES)


def test_snapshot_of_audit_counts(findings):
    """Snapshot (copied from a run): each failure is worked by hand in the tests below."""
    s = summary(findings).set_index("rule")
    assert s.loc["total_vs_parts"].tolist()[1:] == [16, 4, 1, 11]
    assert (findings.status == "pass").sum() == 28
    assert (findings.status == "fail").sum() == 11


def test_household_businesses_215_is_not_50_plus_90(findings):
    f = _fails(findings, "total_vs_parts")
    assert f.indicator_id.tolist() == ["household_businesses"]
    assert "215" in f.message_vi.iloc[0] and "140" in f.message_vi.iloc[0] and "-75" in f.message_vi.iloc[0]
    # the gap equals the 75 craft households printed one paragraph earlier: a hint, not a verdict
    assert "'Hộ cá thể sản xuất, kinh doanh TTCN' (75)" in f.message_vi.iloc[0]


def test_totals_that_add_up_pass(findings):
    passed = findings[(findings.rule == "total_vs_parts") & (findings.status == "pass")]
    assert set(passed.indicator_id) == {"population", "natural_area", "cooperatives", "military_recruits"}
    assert "17.145" in passed.set_index("indicator_id").loc["population", "message_vi"]
    comps = findings[findings.rule == "components_vs_total"]
    assert (comps.status == "pass").all() and len(comps) == 3  # social insurance x2, 11 + 31 = 42


def test_identical_dossier_footnote_is_a_copy_paste_suspicion(findings):
    f = _fails(findings, "copy_paste")
    assert len(f) == 1
    assert f.source_ref.iloc[0].startswith("Chú thích 6")
    assert "30.473" in f.message_vi.iloc[0]
    # 'đều đạt 98%' and 100% vaccination are single equal figures, not an alarm
    assert not _fails(findings, "copy_paste").message_vi.str.contains("98%").any()


def test_targets_achieved_counts_contradict_the_shortcomings_section(findings):
    f = _fails(findings, "targets_achieved_count")
    assert set(f.commune_id) == {"chieng_so", "yen_hung"}
    yh = f[f.commune_id == "yen_hung"].message_vi.iloc[0]
    assert "17/22" in yh and "5 chỉ tiêu" in yh and "03" in yh
    cs_pass = findings[(findings.rule == "targets_achieved_count") & (findings.status == "pass")]
    assert "19/20" in cs_pass.message_vi.iloc[0]


def test_figures_printed_twice_with_different_values(findings):
    f = _fails(findings, "repeated_figure")
    assert sorted(zip(f.commune_id, f.indicator_id)) == [
        ("chieng_so", "resolution_targets_achieved"),
        ("chieng_so", "resolution_targets_total"),
        ("yen_hung", "housing_support_households"),
    ]
    assert any("73" in m for m in f.message_vi)


def test_a_repeated_figure_carries_both_printings_as_numbers(findings):
    # the figure at the first place (source_ref order), then the one printed at the other place
    f = findings[findings.rule == "repeated_figure"].set_index(["commune_id", "indicator_id"])
    rows = {
        ("chieng_so", "resolution_targets_achieved"): (16.0, 19.0, 3.0),  # 16/19 (I.1.1 (6)) against 19/20 (I.3.1)
        ("yen_hung", "housing_support_households"): (73.0, 70.0, -3.0),  # 73 houses (footnote 8), 70 households
        ("chieng_so_moi", "party_organisations"): (42.0, 42.0, 0.0),  # printed twice alike: a pass
    }
    for key, numbers in rows.items():
        assert tuple(f.loc[key, ["printed_value", "computed_value", "difference"]]) == numbers, key
    assert f.loc[("chieng_so", "resolution_targets_achieved"), "message_en"] == (
        "chieng_so, resolution_targets_achieved: 16 and 19, printed at the 2 places in source_ref — values differ "
        "(see the note in observations.csv)"
    )


VIETNAMESE_LETTERS = "ăâđêôơưáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ"


def test_message_en_is_english_in_every_finding(findings):
    # was: the section titles and the typist's notes of repeated figures, and '1.250 triệu đồng' of target 1
    viet = findings[findings.message_en.str.lower().str.contains(f"[{VIETNAMESE_LETTERS}]")]
    assert viet.message_en.tolist() == []
    one = findings[findings.rule == "target_total_vs_average"].message_en.tolist()
    assert one == ["Target 1: 1.250 over the term; 250 a year × 5 = 1.250"]


def test_a_printed_figure_in_english_keeps_its_number_and_percent_sign():
    from chiengso_stats.analysis.audit_rules import en_printed

    assert [en_printed(p) for p in ("684,1 triệu đồng", "21,7%", "60,66 km2", "35,44 tỷ đồng", "16")] == [
        "684,1",
        "21,7%",
        "60,66 km2",
        "35,44",
        "16",
    ]


def test_percentages_against_their_ratio(findings):
    f = findings[findings.rule == "percentage_vs_ratio"]
    road = f[f.indicator_id == "hardened_village_road_share"].iloc[0]
    assert road.status == "fail" and "51,12%" in road.message_vi
    herd = f[f.indicator_id == "herd_vs_target"].iloc[0]
    # 12.697 / 12.000 = 105,808%: printed 105.80 (truncated), an informational slip
    assert herd.status == "fail" and "105,81%" in herd.message_vi
    assert (f[f.indicator_id == "local_budget_revenue"].status == "na").sum() == 2


def test_whole_numerator_and_number_format_are_informational(findings):
    f = _fails(findings, "whole_numerator")
    assert "8,1" in f.message_vi.iloc[0]  # 54% of 15 village cells = 8,1 villages, not a whole number
    fmt = _fails(findings, "number_format")
    assert "105.80%" in fmt.message_vi.iloc[0]
    assert _fails(findings, "target_total_vs_average").empty


def test_the_narrative_says_no_reading_when_a_rule_has_none():
    import pandas as pd

    from chiengso_stats.analysis.audit import audit_narrative

    f = pd.DataFrame(
        [
            dict(
                rule="components_vs_total",
                status="fail",
                severity="lỗi",
                commune_id="a",
                indicator_id="x",
                message_vi="Tổng lệch",
                message_en="",
                source_ref="mục 1",
                values="",
            )
        ]
    )
    text = audit_narrative(f)
    assert text.endswith("- **Tổng lệch** (mục 1).") and "Cách hiểu: ." not in text


def test_an_analyst_computes_with_the_findings(findings):
    """Numbers, not text: 215 printed, 50 + 90 = 140 computed, difference computed − printed = −75."""
    row = _fails(findings, "total_vs_parts").iloc[0]
    assert (row.printed_value, row.computed_value, row.difference) == (215.0, 140.0, 140.0 - 215.0)
    assert row.communes == ["chieng_so_moi", "chieng_so", "yen_hung"]
    assert (row.severity_code, row.severity, row.status_vi) == ("error", "Sai lệch", "Không khớp")
    assert "difference -75" in row.message_en
    # Yên Hưng: 17/22 achieved means 5 not achieved; the report says 03 elsewhere: 5 − 3 = 2
    yh = _fails(findings, "targets_achieved_count").set_index("commune_id").loc["yen_hung"]
    assert (yh.printed_value, yh.computed_value, yh.difference) == (3.0, 5.0, 2.0)
    # breakthrough 2.2: 20 / 39,12 = 51,12%, printed 50%
    ratio = _fails(findings, "percentage_vs_ratio").set_index("commune_id").loc["chieng_so_moi"]
    assert ratio.computed_value == pytest.approx(20 / 39.12 * 100) and ratio.printed_value == 50.0
    copied = _fails(findings, "copy_paste").iloc[0]
    assert copied.communes == ["chieng_so", "yen_hung"] and copied.severity_code == "warning"
    assert set(findings.severity_code) == {"error", "warning", "info", ""}
    assert set(findings.status_vi) == {"Khớp", "Không khớp", "Không áp dụng"}


def test_one_count_of_rules_everywhere(findings):
    """Ten rules: the summary's rows, the narrative, the CLI's build line and the README say the same."""
    from chiengso_stats import audit_narrative

    from conftest import ROOT

    assert len(RULES) == len(summary(findings)) == 10
    # components_vs_total has no item on this report: counting the rules seen gave 9
    assert findings.rule.nunique() == 9
    assert "theo 10 quy tắc" in audit_narrative(findings)
    cli = (ROOT / "chiengso_stats" / "cli.py").read_text(encoding="utf-8")
    assert "{len(RULES)} quy tắc" in cli and "rule.nunique()" not in cli
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "ten rule" in readme or "10 rule" in readme
    assert "nine rule" not in readme and "9 rule" not in readme


def test_audit_json_is_valid_json_with_null_for_a_missing_number(capsys):
    import json

    from chiengso_stats.cli import main

    capsys.readouterr()
    assert main(["audit", "--format", "json"]) == 0

    def not_json(constant):
        raise ValueError(f"{constant} is not JSON")

    # NaN is not JSON (Python's json reads it, other readers refuse it): a missing number must be null
    items = json.loads(capsys.readouterr().out, parse_constant=not_json)
    copied = next(i for i in items if i["rule"] == "copy_paste" and i["status"] == "fail")
    assert copied["printed_value"] is None and copied["communes"] == ["chieng_so", "yen_hung"]
