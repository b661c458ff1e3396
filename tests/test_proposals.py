"""Proposals measured on our own report against the 155 observations and 36 targets typed by hand.

Definitions in `chiengso_stats.ingest.proposal_score`. Rows with no number (9 qualitative
statements, 3 'maintain' targets) are not counted: 146 observations + 33 targets = 179 rows.
The genuine figures the hand-typing left out are a reviewed list, tests/fixtures/proposals/.
"""

from __future__ import annotations

import shutil
import subprocess
import sys

import pandas as pd
import pytest

import chiengso_stats as cs
from chiengso_stats import config
from chiengso_stats.cli import main
from chiengso_stats.ingest.documents import document_text
from chiengso_stats.ingest.proposal_score import score, score_truth
from chiengso_stats.ingest.proposals import propose_communes
from chiengso_stats.text import normalise

from conftest import FIXTURES

REPORT = "data/raw/bao_cao_chinh_tri_chieng_so_2025-2030.txt"


@pytest.fixture(scope="module")
def measured():
    raw = cs.load_raw()
    path = config.RAW_DIR / REPORT.split("/")[-1]
    proposals = cs.propose(path, raw)
    extras = pd.read_csv(FIXTURES / "proposals" / "genuine_extras_chieng_so.csv", dtype={"value": float})
    text = normalise(document_text(path))
    return proposals, score(proposals, raw.observations, raw.targets, text, extras), text


def test_every_quote_is_found_in_the_document_and_holds_its_figure(measured):
    proposals, _, text = measured
    assert all(q in text for q in proposals.quote)
    assert all(v in q for v, q in zip(proposals.value_as_printed, proposals.quote))


def test_the_merger_sentence_names_the_communes():
    frame = propose_communes(config.RAW_DIR / REPORT.split("/")[-1], cs.load_raw())
    assert frame[["commune_id", "role", "merged_into"]].values.tolist() == [
        ["chieng_so", "former", "chieng_so_moi"],
        ["yen_hung", "former", "chieng_so_moi"],
        ["chieng_so_moi", "merged", ""],
    ]


def test_figures_of_the_merger_go_to_their_communes(measured):
    proposals, _, _ = measured
    by_value = proposals.set_index("value_as_printed")
    # hand-worked from the merger sentence: 9.199 + 7.946 = 17.145 people
    assert by_value.loc["9.199", "commune_id"] == "chieng_so" and by_value.loc["7.946", "commune_id"] == "yen_hung"
    assert by_value.loc["17.145", "commune_id"] == "chieng_so_moi"
    assert by_value.loc["79,65 km2", ["indicator_id", "value"]].tolist() == ["natural_area", 79.65]


def test_non_figures_are_not_proposed(measured):
    proposals, _, _ = measured
    printed = set(proposals.value_as_printed)
    # years, terms, anniversaries ('80 năm'), names ('Đề án số 06', 'tuyến đường 115'), footnote marks,
    # page numbers, dates ('27/7'), labels ('mức độ 4', 'Phụ lục 01'), 'Covid-19', 'ISO 9001:2015'
    for text in ["2025", "2030", "80", "130", "06", "115", "27", "9001", "4.0"]:
        assert text not in printed


def test_recall_precision_and_comparators_meet_the_goals(measured):
    _, s, _ = measured
    assert s["hand_rows"] == 179
    assert s["recall"] >= 0.95 and s["precision"] >= 0.90 and s["comparator"] >= 0.90
    # snapshot of this commit's measure: 179/179 found, 185/185 right with the 4 reviewed extras
    assert (s["found"], s["right"], s["proposals"]) == (179, 185, 185)


def test_indicator_accuracy_meets_the_goal(measured):
    _, s, _ = measured
    assert s["indicator"] >= 0.85
    # snapshot of this commit's measure: 157 of the 179 found rows carry the hand-typed indicator (87,7%)
    assert round(s["indicator"] * s["found"]) == 157


@pytest.fixture(scope="module")
def propose_text(tmp_path_factory):
    """Proposals of a small report written for the test (the catalogue of data/raw)."""
    raw, folder = cs.load_raw(), tmp_path_factory.mktemp("rapport")

    def run(text: str) -> pd.DataFrame:
        path = folder / "bao_cao.txt"
        path.write_text(text, encoding="utf-8")
        return cs.propose(path, raw).set_index("value_as_printed")

    return run


def test_a_count_printed_with_its_noun_takes_the_weak_alias_only_when_nothing_else_names_it(propose_text):
    # '~đảng viên' in indicators.csv: the noun party members are counted with
    p = propose_text("Đảng bộ xã có 38 tổ chức đảng (gồm 09 chi bộ cơ sở) với 812 đảng viên.")
    assert p.loc["812", "indicator_id"] == "party_members"
    assert propose_text("Trong nhiệm kỳ kết nạp 44 đảng viên mới.").loc["44", "indicator_id"] == "party_admissions"


def test_words_naming_the_figure_before_are_not_the_next_figure_s(propose_text):
    # '4,5 km' takes 'đường liên bản' after it; '2,8 km' takes its own words, not those
    p = propose_text("Xã cứng hóa được 4,5 km đường liên bản và 2,8 km đường nội bản.")
    assert p.loc["4,5 km", "indicator_id"] == "hardened_inter_village_road"
    assert p.loc["2,8 km", "indicator_id"] == "hardened_intra_village_road"


def test_a_second_rate_of_a_clause_takes_the_rate_named_before_the_first(propose_text):
    p = propose_text("Tỷ lệ hộ nghèo giảm từ 21,4% năm 2020 xuống còn 8,15% năm 2025.")
    assert p.loc["21,4%", "indicator_id"] == p.loc["8,15%", "indicator_id"] == "poverty_rate"


def test_accents_tell_a_table_s_name_from_a_figure_and_khong_duoi_is_at_least(propose_text):
    p = propose_text(
        "Phần thứ nhất\nBảng 1. Thu ngân sách trên địa bàn đạt 512,4 triệu đồng, bằng 118% chỉ tiêu nghị quyết.\n"
        "Phần thứ ba\n(5) Tổng đàn gia súc không dưới 20.000 con.\n"
    )
    assert p.index.tolist() == ["512,4 triệu đồng", "118%", "20.000"]  # not 'Bảng 1', a table's number
    assert p.loc["118%", "indicator_id"] == "local_budget_revenue_vs_resolution"  # 'bằng 118%' is a figure
    assert p.loc["20.000", ["kind", "comparator"]].tolist() == ["target", ">="]  # 'không dưới': at least


EXAMPLE = FIXTURES / "xa_vi_du"


@pytest.fixture(scope="module")
def truth():
    return pd.read_csv(EXAMPLE / "expected_figures.csv", encoding="utf-8-sig", dtype={"value": float})


def test_second_example_docx_meets_the_goals(truth):
    # a text the engine was not tuned to: three former communes, a Word table of figures by commune
    s = score_truth(cs.propose(EXAMPLE / "bao_cao_chinh_tri_phieng_khoai_vi_du.docx", cs.load_raw()), truth)
    assert s["hand_rows"] == 124
    assert s["recall"] >= 0.95 and s["precision"] >= 0.90 and s["indicator"] >= 0.85 and s["comparator"] >= 0.90


def test_second_example_pdf_meets_the_goals(truth):
    # the table is read from the page's columns (characters by position, pdfplumber): its row numbers 1-7 are no figures
    proposals = cs.propose(EXAMPLE / "bao_cao_chinh_tri_phieng_khoai_vi_du.pdf", cs.load_raw())
    s = score_truth(proposals, truth)
    assert s["recall"] >= 0.90 and s["precision"] >= 0.90 and s["indicator"] >= 0.85 and s["comparator"] >= 0.90
    # snapshot of this commit's measure: 124/124 found, 124 of 126 proposals right
    assert (s["found"], s["right"], s["proposals"]) == (124, 124, 126)
    table = proposals[proposals.source_ref.str.startswith("Bảng")]
    # hand-worked from the table: 7 rows x 3 communes = 21 figures, 318 party members in Pá Lông
    assert len(table) == 21
    assert table.set_index(["commune_id", "indicator_id"]).loc[("pa_long", "party_members"), "value"] == 318


def test_the_example_pdf_reviewed_and_accepted_loads_with_every_quote_verified(tmp_path):
    # the PDF's text (table rows included) is the one quotes are checked against at every load
    book, out = tmp_path / "ra_soat.xlsx", tmp_path / "nhan"
    assert main(["propose", str(EXAMPLE / "bao_cao_chinh_tri_phieng_khoai_vi_du.pdf"), "--out", str(book)]) == 0
    subprocess.run([sys.executable, str(EXAMPLE / "review_as_officer.py"), str(book)], check=True)
    pdf = EXAMPLE / "bao_cao_chinh_tri_phieng_khoai_vi_du.pdf"
    assert main(["accept", str(book), "--out", str(out), "--document", str(pdf)]) == 0
    shutil.copy(config.RAW_DIR / "indicators.csv", out)
    merged = cs.merged(out).set_index("indicator_id")
    # hand-worked from the table's row 4: 318 + 265 + 229 = 812 party members, as the report says
    assert merged.loc["party_members", ["pa_long", "nam_khoai", "huoi_pia", "merged"]].tolist() == [318, 265, 229, 812]
    assert merged.loc["party_members", "check_code"] == "match"
