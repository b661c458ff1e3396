"""Issue 28.3 and issue 27 ("the yearly form"): every yearly form ever read is kept; revisions and status.

The office sends 2026 first as an estimate (December), then replaces `monitoring/2026.xlsx` with the
official figures. The archive keeps both versions by checksum (write-once, outside data/raw/); the
revisions table, the yearly table and the Word report say which figure changed, from what to what,
with each version's status (SDMX OBS_STATUS: E ước thực hiện, A chính thức). The forms are the
EXAMPLE forms of tests/fixtures/theo_doi_vi_du/ (VÍ DỤ, not real data), edited as the office would.
"""

from __future__ import annotations

import hashlib
import shutil
import stat
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from chiengso_stats.analysis.earlier_years import earlier_year_notices
from chiengso_stats.analysis.reconcile import reconcile
from chiengso_stats.errors import RawDataError
from chiengso_stats.ingest.forms import H_NOTE, H_STATUS
from chiengso_stats.ingest.raw import load_raw

from conftest import FIXTURES, file_hashes, run_cli

EXAMPLES = FIXTURES / "theo_doi_vi_du"


def form(dest: Path, year: int, figures: dict[str, tuple], date: str, cells: dict[str, object] | None = None) -> Path:
    """The example form of `year`, with {indicator: (value, status)} typed in, its date, and raw `cells`."""
    wb = load_workbook(EXAMPLES / f"{year}.xlsx")
    ws = wb[f"Số liệu năm {year}"]
    header = next(r for r in range(1, 20) if ws.cell(row=r, column=2).value == "Mã chỉ tiêu (indicator_id)")
    titles = {ws.cell(row=header, column=c).value: c for c in range(1, ws.max_column + 2)}
    status_col = titles.get(H_STATUS) or titles[H_NOTE] + 1  # a form of the earlier template: the column added
    ws.cell(row=header, column=status_col).value = H_STATUS
    value_col = titles[f"Giá trị năm {year}"]
    rows = {ws.cell(row=r, column=2).value: r for r in range(header + 1, ws.max_row + 1)}
    for indicator, (value, status) in figures.items():
        ws.cell(row=rows[indicator], column=value_col).value = value
        ws.cell(row=rows[indicator], column=status_col).value = status
    ws.cell(row=rows["Ngày lập (năm-tháng-ngày)"], column=3).value = date
    for ref, value in (cells or {}).items():
        ws[ref] = value
    dest.parent.mkdir(parents=True, exist_ok=True)
    wb.save(dest)
    return dest


ESTIMATE = {"forest_cover": (42.3, "Ước thực hiện")}
OFFICIAL = {"forest_cover": (42.5, "Chính thức")}


@pytest.fixture
def cycle(raw_copy, tmp_path):
    """Build on the estimate of 2026, then on the official figures that replace it."""
    clean, reports = tmp_path / "data" / "clean", tmp_path / "reports"
    argv = ["--raw", str(raw_copy), "--clean", str(clean), "--reports", str(reports), "build"]
    form(raw_copy / "monitoring" / "2026.xlsx", 2026, ESTIMATE, "2026-12-15")
    assert run_cli(argv)[0] == 0
    estimate_sha = hashlib.sha256((raw_copy / "monitoring" / "2026.xlsx").read_bytes()).hexdigest()
    form(raw_copy / "monitoring" / "2026.xlsx", 2026, OFFICIAL, "2027-03-20")  # saved over the estimate
    code, _out, err = run_cli(argv)
    assert code == 0, err
    return raw_copy, clean, reports, estimate_sha, argv


def test_the_official_figure_replacing_the_estimate_is_a_revision(cycle):
    raw, clean, _reports, estimate_sha, _ = cycle
    rev = pd.read_csv(clean / "revisions.csv", encoding="utf-8-sig", keep_default_na=False)
    official_sha = hashlib.sha256((raw / "monitoring" / "2026.xlsx").read_bytes()).hexdigest()
    assert rev[
        ["commune_id", "year", "indicator_id", "old_value", "new_value", "old_status", "new_status"]
    ].values.tolist() == [["chieng_so_moi", 2026, "forest_cover", 42.3, 42.5, "E", "A"]]
    r = rev.iloc[0]
    assert (r.old_file, r.old_date, r.old_sha256) == ("2026.xlsx", "2026-12-15", estimate_sha)
    assert (r.new_file, r.new_date, r.new_sha256) == ("2026.xlsx", "2027-03-20", official_sha)
    assert bool(r.since_last_report)


def test_every_version_is_kept_write_once_by_its_checksum_outside_raw(cycle):
    raw, clean, _, estimate_sha, _ = cycle
    archive = clean.parent / "archive" / "monitoring"
    official_sha = hashlib.sha256((raw / "monitoring" / "2026.xlsx").read_bytes()).hexdigest()
    kept = sorted(p.name for p in archive.glob("*.xlsx"))
    assert kept == sorted([f"{estimate_sha}.xlsx", f"{official_sha}.xlsx"])
    for name in kept:  # the bytes read, and read-only
        path = archive / name
        assert hashlib.sha256(path.read_bytes()).hexdigest() == path.stem
        assert not path.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
    versions = pd.read_csv(archive / "versions.csv", encoding="utf-8-sig", dtype=str)
    assert versions[["sha256", "file", "year", "date"]].values.tolist() == [
        [estimate_sha, "2026.xlsx", "2026", "2026-12-15"],
        [official_sha, "2026.xlsx", "2026", "2027-03-20"],
    ]
    assert not list(raw.glob("**/*archive*"))


def test_the_yearly_table_shows_each_status_and_the_revision(cycle):
    _, _, reports, _, _ = cycle
    ws = load_workbook(reports / "theo_doi_nam_2026.xlsx").active
    cells = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
    assert "Tình trạng số liệu năm 2026" in cells
    forest = next(r for r in ws.iter_rows() if any("che phủ rừng" in str(c.value or "") for c in r))
    assert forest[-1].value == "Chính thức"
    assert "Số liệu đã sửa so với lần báo cáo trước:" in cells
    # a paper sent upward: no file names, the date in words (office trial)
    assert (
        "- Tỷ lệ che phủ rừng năm 2026: 42,3 (ước thực hiện) sửa thành 42,5 (chính thức, ngày 20 tháng 3 năm 2027)."
        in cells
    )
    assert not [c for c in cells if "sửa thành" in c and ".xlsx" in c]


def test_the_word_report_lists_the_revision(cycle, tmp_path):
    from docx import Document

    raw, clean, _reports, _, _ = cycle
    out = tmp_path / "bc.docx"
    code, _, err = run_cli(["--raw", str(raw), "--clean", str(clean), "report", "--year", "2026", "--out", str(out)])
    assert code == 0, err
    text = [p.text for p in Document(str(out)).paragraphs]
    assert "Số liệu đã sửa so với lần báo cáo trước:" in text
    assert any(t.startswith("- Tỷ lệ che phủ rừng năm 2026: 42,3 (ước thực hiện") for t in text)


def test_a_build_again_gives_the_same_bytes(cycle):
    _, clean, reports, _, argv = cycle
    before = file_hashes(clean, reports, clean.parent / "archive")
    assert run_cli(argv)[0] == 0
    assert file_hashes(clean, reports, clean.parent / "archive") == before


def test_a_status_outside_the_vocabulary_is_refused_at_its_cell(raw_copy):
    form(raw_copy / "monitoring" / "2026.xlsx", 2026, {"forest_cover": (42.3, "tạm tính")}, "2026-12-15")
    with pytest.raises(RawDataError) as exc:
        load_raw(raw_copy)
    assert "trang 'Số liệu năm 2026', ô J" in str(exc.value)
    assert "đang ghi 'tạm tính'; cần để trống, hoặc một trong: 'Ước thực hiện', 'Sơ bộ', 'Chính thức'" in str(exc.value)


# ---------------------------------------------------------------- issue 27: the yearly form's earlier-year columns
def _2027_form(raw: Path, cells: dict, figures=None) -> Path:
    form(raw / "monitoring" / "2026.xlsx", 2026, {}, "2027-01-15")  # forest_cover 42,3 in the example
    return form(raw / "monitoring" / "2027.xlsx", 2027, figures or {}, "2028-01-15", cells)


def _forest_row(path: Path, year: int) -> int:
    ws = load_workbook(path)[f"Số liệu năm {year}"]
    return next(r for r in range(1, ws.max_row + 1) if ws.cell(row=r, column=2).value == "forest_cover")


def test_a_figure_typed_into_the_earlier_year_column_is_refused_at_its_cell(raw_copy):
    row = _forest_row(EXAMPLES / "2027.xlsx", 2027)
    path = _2027_form(raw_copy, {f"G{row}": 43.0, f"H{row}": None})
    ws = load_workbook(path)["Số liệu năm 2027"]
    assert (ws.cell(row=11 + 0, column=7).value, ws[f"H{row}"].value) == ("(7)", None)
    with pytest.raises(RawDataError) as exc:
        load_raw(raw_copy)
    assert (
        f"monitoring/2027.xlsx, trang 'Số liệu năm 2027', ô G{row}: đang ghi '43 ở cột 'Thực hiện năm 2026'; "
        f"ô H{row} trống'; cần số năm 2027 nhập ở ô H{row} 'Giá trị năm 2027' (biểu năm 2026 ghi 42,3: số năm "
        "2026 sửa ở biểu năm 2026; cột 'Thực hiện năm 2026' chỉ để xem, xóa số vừa gõ)"
    ) in str(exc.value)


def test_an_earlier_year_cell_that_disagrees_with_its_year_s_form_is_reported(raw_copy):
    row = _forest_row(EXAMPLES / "2027.xlsx", 2027)
    _2027_form(raw_copy, {f"G{row}": 41.0}, {"forest_cover": (42.9, "")})
    raw = load_raw(raw_copy)
    assert (
        f"monitoring/2027.xlsx, trang 'Số liệu năm 2027', ô G{row}: cột 'Thực hiện năm 2026' ghi 41, "
        "khác biểu năm 2026 ghi 42,3; dùng số của biểu năm 2026"
    ) in " ".join(earlier_year_notices(raw, reconcile(raw)))
    obs = raw.observations
    assert obs[(obs.indicator_id == "forest_cover") & (obs.period == "2026")].value.tolist() == [42.3]


def test_the_template_s_own_earlier_year_figures_are_no_problem(raw_copy):
    shutil.copy(EXAMPLES / "2026.xlsx", raw_copy / "monitoring" / "2026.xlsx") if (
        raw_copy / "monitoring"
    ).is_dir() else None
    (raw_copy / "monitoring").mkdir(exist_ok=True)
    for year in (2026, 2027, 2028):
        shutil.copy(EXAMPLES / f"{year}.xlsx", raw_copy / "monitoring" / f"{year}.xlsx")
    raw = load_raw(raw_copy)
    assert raw.notices == ()
    # 89 filled earlier-year cells (a snapshot of the example forms), the 2025 ones the baseline as the
    # template printed it (forest cover 41,774470815 = (33,6 × 60,66 + 48 × 79,65) / 140,31): all agree
    assert len(raw.form_earlier_years) == 89
    assert earlier_year_notices(raw, reconcile(raw)) == []


# ---------------------------------------------------------------- a figure typed into the baseline year's column
def _rows(path: Path, year: int) -> dict[str, int]:
    ws = load_workbook(path)[f"Số liệu năm {year}"]
    return {ws.cell(row=r, column=2).value: r for r in range(1, ws.max_row + 1)}


def test_a_figure_in_the_2025_column_is_compared_with_the_baseline_never_dropped(raw_copy, tmp_path):
    # The 2026 form: F is 'Thực hiện năm 2025' (the report's baseline; there is no 2025 form), G the 2026 value.
    r = _rows(EXAMPLES / "2026.xlsx", 2026)
    cells = {
        f"F{r['forest_cover']}": 40.0,  # baseline (33,6 × 60,66 + 48 × 79,65) / 140,31 = 41,77: disagrees
        f"F{r['health_insurance_coverage']}": 97.96,  # 97,955777778 as the form shows it (2 decimals): agrees
        f"F{r['cooperatives']}": 5,  # 4 + 1 = 5: agrees
        f"F{r['local_budget_revenue']}": 250,  # the report gives a term total only: no 2025 figure
        f"F{r['cultural_family_share']}": "khoảng 67",  # text
        f"F{r['population']}": f"=G{r['population']}-65",  # a formula saved without its value (openpyxl)
        f"F{r['villages']}": 32,  # 31 in the report, and the 2026 cell G left empty
    }
    form(raw_copy / "monitoring" / "2026.xlsx", 2026, {}, "2027-01-15", cells)
    argv = ["--raw", str(raw_copy), "--clean", str(tmp_path / "c"), "--reports", str(tmp_path / "r"), "build"]
    code, out, err = run_cli(argv)
    assert code == 0, err
    at = "Lưu ý: monitoring/2026.xlsx, trang 'Số liệu năm 2026', ô F"
    notices = [line for line in out.splitlines() if line.startswith(at)]
    assert [n[len(at) :] for n in notices] == sorted(
        [
            f"{r['forest_cover']}: cột 'Thực hiện năm 2025' ghi 40, khác số liệu kỳ gốc năm 2025 là 41,77; "
            "dùng số liệu kỳ gốc năm 2025 (an earlier year's cell disagrees with the 2025 figure already held, "
            "which counts).",
            f"{r['local_budget_revenue']}: cột 'Thực hiện năm 2025' ghi 250; không có số liệu năm 2025 để đối chiếu "
            "(dữ liệu gốc không có số liệu kỳ gốc năm 2025 của chỉ tiêu này), số này không được dùng "
            "(no 2025 figure to compare this earlier-year cell with; it is not used).",
            f"{r['cultural_family_share']}: cột 'Thực hiện năm 2025' ghi 'khoảng 67' (chữ, không phải số), khác "
            "số liệu kỳ gốc năm 2025 là 67,32; dùng số liệu kỳ gốc năm 2025 (an earlier year's cell disagrees "
            "with the 2025 figure already held, which counts).",
            f"{r['population']}: cột 'Thực hiện năm 2025' ghi công thức =G{r['population']}-65 chưa có giá trị "
            "tính sẵn, khác số liệu kỳ gốc năm 2025 là 17.145; dùng số liệu kỳ gốc năm 2025 (an earlier year's "
            "cell disagrees with the 2025 figure already held, which counts).",
            f"{r['villages']}: cột 'Thực hiện năm 2025' ghi 32, khác số liệu kỳ gốc năm 2025 là 31; dùng số liệu "
            f"kỳ gốc năm 2025; ô G{r['villages']} 'Giá trị năm 2026' để trống: nếu 32 là số năm 2026, nhập vào ô "
            "đó (an earlier year's cell disagrees with the 2025 figure already held, which counts).",
        ],
        key=lambda n: int(n.split(":")[0]),
    )
    # the baseline that counts is unchanged: 41,77 and 17.145 in the merged table
    merged = pd.read_csv(tmp_path / "c" / "merged.csv", encoding="utf-8-sig", dtype={"period": str})
    base = merged[merged.period == "2025"].set_index("indicator_id").value
    assert (round(base["forest_cover"], 2), base["population"], base["villages"]) == (41.77, 17145.0, 31.0)


def test_an_earlier_year_with_no_form_of_its_own_is_said_not_passed_over(raw_copy):
    # the 2027 form alone: its 2026 column shows the example's 2026 figures, and there is no 2026 form
    (raw_copy / "monitoring").mkdir(exist_ok=True)
    shutil.copy(EXAMPLES / "2027.xlsx", raw_copy / "monitoring" / "2027.xlsx")
    raw = load_raw(raw_copy)
    notices = earlier_year_notices(raw, reconcile(raw))
    row = _forest_row(EXAMPLES / "2027.xlsx", 2027)
    assert (
        f"monitoring/2027.xlsx, trang 'Số liệu năm 2027', ô G{row}: cột 'Thực hiện năm 2026' ghi 42,3; không có "
        "số liệu năm 2026 để đối chiếu (chưa có biểu năm 2026 trong thư mục monitoring/), số này không được dùng"
    ) in " ".join(notices)
    # one notice per filled 2026 cell: the 14 indicators make_forms.VALUES gives a 2026 figure; the 2025 cells agree
    assert len(notices) == 14 and not [n for n in notices if "'Thực hiện năm 2025'" in n]


def test_a_paper_says_a_status_only_change_once_without_file_names():
    # office trial: 6 of 8 lines changed only the status ("6 (ước thực hiện, biểu 2026.xlsx …) sửa thành 6
    # (chính thức, biểu 2026.xlsx …)"), word for word in the Word report, file names included
    from chiengso_stats.ingest.form_archive import revision_lines

    revised = pd.DataFrame(
        [
            dict(indicator_id="cooperatives", year=2026, old_as_printed="6", new_as_printed="6", old_status="E",
                 new_status="A", old_file="2026.xlsx", new_file="2026.xlsx", old_date="2026-12-10",
                 new_date="2027-03-05", since_last_report=True),
        ]
    )  # fmt: skip
    names = {"cooperatives": "Hợp tác xã"}
    assert revision_lines(revised, names, paper=True) == [
        "Hợp tác xã năm 2026: 6, nay là số chính thức (trước là số ước thực hiện), ngày 05 tháng 3 năm 2027."
    ]
    # the build's line for the office keeps each version's file and date, and says the figure did not change
    # (trial, stop 32: "260 (…) sửa thành 260 (ước thực hiện, …)")
    line = revision_lines(revised, names)[0]
    assert "biểu 2026.xlsx ngày 10/12/2026" in line and "sửa thành" not in line
    assert line.startswith("Hợp tác xã năm 2026: 6 (chính thức, biểu 2026.xlsx ngày 05/03/2027), số không đổi")
