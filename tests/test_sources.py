"""Figures from other sources: the registry, verification by kind, corrections, unverified records.

Every example source here lives in tests/fixtures/nguon_vi_du/ and says it is an example.
"""

from __future__ import annotations

import shutil

import pytest
from openpyxl import Workbook, load_workbook

from chiengso_stats.analysis.reconcile import reconcile
from chiengso_stats.analysis.targets import gap_table
from chiengso_stats.build import run
from chiengso_stats.cli import main
from chiengso_stats.errors import RawDataError
from chiengso_stats.ingest.raw import load_raw
from chiengso_stats.ingest.sources import parse_cell_ref, printed_form, vietnamese

from conftest import FIXTURES, add_source, append_rows, read_rows

EXAMPLE = FIXTURES / "nguon_vi_du"
HOUSEHOLDS_QUOTE = {"chieng_so": "xã Chiềng Sơ (cũ) có 2.150 hộ", "yen_hung": "xã Yên Hưng (cũ) có 1.820 hộ"}
HOUSEHOLDS = {"chieng_so": "2.150", "yen_hung": "1.820"}


def households(source_id: str, refs=None, quotes=True) -> list[dict]:
    return [
        dict(
            commune_id=c,
            indicator_id="households",
            period="2025",
            value_as_printed=HOUSEHOLDS[c],
            source_id=source_id,
            source_ref=(refs or {}).get(c, "Bảng tổng hợp số hộ (ví dụ)"),
            quote=HOUSEHOLDS_QUOTE[c] if quotes else "",
        )
        for c in ("chieng_so", "yen_hung")
    ]


def row(table, indicator, period="2025"):
    return table[(table.indicator_id == indicator) & (table.period == period)].iloc[0]


# Hand-worked: poverty 6,28% of 2.150 households and 7,12% of 1.820:
# (6,28 × 2.150 + 7,12 × 1.820) / 3.970 = (13.502 + 12.958,4) / 3.970 = 26.460,4 / 3.970 = 6,66509…
POVERTY_EXACT = 26460.4 / 3970


# ---------------------------------------------------------------- text
def test_text_source_makes_the_household_rates_exact(raw_copy):
    shutil.copy(EXAMPLE / "so_ho_2025_vi_du.txt", raw_copy / "so_ho_2025_vi_du.txt")
    add_source(raw_copy, "so_ho_2025_vi_du", "so_ho_2025_vi_du.txt")
    append_rows(raw_copy / "observations.csv", households("so_ho_2025_vi_du"))
    raw = load_raw(raw_copy)
    t = reconcile(raw)
    poverty = row(t, "poverty_rate")
    assert poverty.merged == pytest.approx(POVERTY_EXACT) and round(poverty.merged, 2) == 6.67
    assert not poverty.approximate and "chính xác" in poverty.method
    assert poverty.sources == "bao_cao_chinh_tri; so_ho_2025_vi_du" and poverty.verified
    # cultural families: (76,4 × 2.150 + 56,8 × 1.820) / 3.970 = (164.260 + 103.376) / 3.970 = 67,4146…
    assert row(t, "cultural_family_share").merged == pytest.approx(267636 / 3970)
    assert not row(t, "cultural_family_share").approximate and not row(t, "tv_household_share").approximate
    assert row(t, "households").merged == 3970


def test_text_source_refuses_a_quote_it_does_not_hold(raw_copy):
    shutil.copy(EXAMPLE / "so_ho_2025_vi_du.txt", raw_copy / "so_ho_2025_vi_du.txt")
    add_source(raw_copy, "so_ho_2025_vi_du", "so_ho_2025_vi_du.txt")
    rows = households("so_ho_2025_vi_du")
    rows[1]["quote"] = "xã Yên Hưng (cũ) có 1.821 hộ"
    rows[1]["value_as_printed"] = "1.821"
    append_rows(raw_copy / "observations.csv", rows)
    with pytest.raises(RawDataError) as exc:
        load_raw(raw_copy)
    assert (
        "observations.csv, dòng 158, cột 'quote': đang ghi 'xã Yên Hưng (cũ) có 1.821 hộ'; cần một đoạn trích có "
        "nguyên văn trong nguồn 'so_ho_2025_vi_du' (so_ho_2025_vi_du.txt)"
    ) in str(exc.value)


# ---------------------------------------------------------------- table
def _table_source(raw_dir, d12=2150, d13="1.820"):
    wb = Workbook()
    ws = wb.active
    ws.title = "Biểu 01"
    ws["B11"], ws["D11"] = "Xã", "Số hộ (VÍ DỤ, không phải số liệu thật)"
    ws["B12"], ws["D12"] = "Chiềng Sơ (cũ)", d12  # a number cell
    ws["B13"], ws["D13"] = "Yên Hưng (cũ)", d13  # a text cell, Vietnamese form
    wb.save(raw_dir / "bieu_so_ho_vi_du.xlsx")
    add_source(raw_dir, "bieu_so_ho_vi_du", "bieu_so_ho_vi_du.xlsx", kind="table")
    append_rows(
        raw_dir / "observations.csv",
        households("bieu_so_ho_vi_du", {"chieng_so": "Biểu 01!D12", "yen_hung": "'Biểu 01'!D13"}, quotes=False),
    )


def test_table_source_cells_are_compared_as_numbers_and_as_strictly_parsed_text(raw_copy):
    _table_source(raw_copy)
    t = reconcile(load_raw(raw_copy))
    assert row(t, "poverty_rate").merged == pytest.approx(POVERTY_EXACT)
    assert row(t, "households").sources == "bieu_so_ho_vi_du"


def test_table_source_cell_that_differs_names_row_file_sheet_cell_found_and_expected(raw_copy):
    _table_source(raw_copy, d12=2151, d13="1,820")
    with pytest.raises(RawDataError) as exc:
        load_raw(raw_copy)
    message = str(exc.value)
    assert (
        "observations.csv, dòng 157, cột 'value_as_printed': đang ghi '2.150'; cần giá trị khớp với ô Biểu 01!D12 "
        "của bieu_so_ho_vi_du.xlsx; ô đó có: số 2151"
    ) in message
    assert "dòng 158, cột 'value_as_printed': đang ghi '1.820'; cần giá trị khớp với ô Biểu 01!D13" in message
    assert "ô đó có: 1,820" in message  # '1,820' parses as 1,82, not 1.820: strict


def test_csv_table_source_and_a_cell_reference_per_value(raw_copy):
    (raw_copy / "so_ho_vi_du.csv").write_text("xa,so_ho\nchieng_so,2.150\nyen_hung,1820\n", encoding="utf-8")
    add_source(raw_copy, "so_ho_csv_vi_du", "so_ho_vi_du.csv", kind="table")
    append_rows(
        raw_copy / "observations.csv",
        households("so_ho_csv_vi_du", {"chieng_so": "B2", "yen_hung": "B3"}, quotes=False),
    )
    assert row(reconcile(load_raw(raw_copy)), "households").merged == 3970
    append_rows(
        raw_copy / "observations.csv",
        [
            dict(
                commune_id="chieng_so",
                indicator_id="labour_force",
                period="2025",
                value_as_printed="5",
                source_id="so_ho_csv_vi_du",
                source_ref="B2 | B3",
            )
        ],
    )
    with pytest.raises(RawDataError) as exc:
        load_raw(raw_copy)
    assert "dòng 159, cột 'source_ref': đang ghi 'B2 | B3'; cần 1 ô nguồn" in str(exc.value)


def test_cell_references_parse():
    assert parse_cell_ref("Biểu 01!D12") == ("Biểu 01", 12, 4)
    assert parse_cell_ref("'Biểu 01'!$AB$7") == ("Biểu 01", 7, 28)
    assert parse_cell_ref("D12") == ("", 12, 4)
    assert parse_cell_ref("Biểu 01") is None


# ---------------------------------------------------------------- checksums
def test_tampered_source_file_is_named(raw_copy):
    shutil.copy(EXAMPLE / "so_ho_2025_vi_du.txt", raw_copy / "so_ho_2025_vi_du.txt")
    add_source(raw_copy, "so_ho_2025_vi_du", "so_ho_2025_vi_du.txt")
    append_rows(raw_copy / "observations.csv", households("so_ho_2025_vi_du"))
    path = raw_copy / "so_ho_2025_vi_du.txt"
    path.write_bytes(path.read_bytes().replace(b"2.150", b"2.160"))
    with pytest.raises(RawDataError) as exc:
        load_raw(raw_copy)
    assert "- so_ho_2025_vi_du.txt: đang có 'sha256 " in str(exc.value)
    assert "tệp nguồn không đổi (sha256 1b9d7a05ffdb… ghi trong sources.csv, dòng 3)" in str(exc.value)


def test_missing_checksum_tells_the_office_what_to_write(raw_copy):
    shutil.copy(EXAMPLE / "so_ho_2025_vi_du.txt", raw_copy / "so_ho_2025_vi_du.txt")
    append_rows(
        raw_copy / "sources.csv",
        [dict(source_id="so_ho_2025_vi_du", title_vi="VÍ DỤ", kind="text", date="2025", file="so_ho_2025_vi_du.txt")],
    )
    with pytest.raises(RawDataError) as exc:
        load_raw(raw_copy)
    assert (
        "sources.csv, dòng 3, cột 'sha256': đang ghi '(trống)'; cần mã kiểm tra của tệp so_ho_2025_vi_du.txt: "
        "sha256 = 1b9d7a05ffdb1e372d65f502203a79ead94918456e4387969fb9c1914ab401eb"
    ) in str(exc.value)


def test_unknown_source_id_is_an_error(raw_copy):
    append_rows(raw_copy / "observations.csv", [dict(households("khong_co")[0])])
    with pytest.raises(RawDataError) as exc:
        load_raw(raw_copy)
    assert (
        "observations.csv, dòng 157, cột 'source_id': đang ghi 'khong_co'; cần mã có trong danh mục nguồn (sources.csv)"
    ) in str(exc.value)


# ---------------------------------------------------------------- record
def _record(raw_dir):
    add_source(
        raw_dir,
        "bao_cao_dien_thoai_vi_du",
        None,
        kind="record",
        title="VÍ DỤ: số hộ báo qua điện thoại (không phải số liệu thật)",
    )
    append_rows(raw_dir / "observations.csv", households("bao_cao_dien_thoai_vi_du", quotes=False))


def test_record_figures_are_unverified_all_the_way_to_the_appendix(raw_copy, tmp_path):
    _record(raw_copy)
    raw = load_raw(raw_copy)
    obs = raw.observations
    assert list(obs[obs.indicator_id == "households"].verified) == [False, False]
    assert obs.verified.sum() == 155
    t = reconcile(raw)
    poverty = row(t, "poverty_rate")
    assert poverty.merged == pytest.approx(POVERTY_EXACT) and not poverty.verified
    assert row(t, "population").verified
    gaps = gap_table(raw, t).set_index("target_id")
    assert not gaps.loc["9", "verified"] and gaps.loc["5", "verified"]  # cultural families rest on households
    assert "chưa kiểm chứng" in gaps.loc["9", "note_vi"]
    assert (
        main(["--raw", str(raw_copy), "--clean", str(tmp_path / "c"), "--reports", str(tmp_path / "r"), "build"]) == 0
    )
    ws = load_workbook(tmp_path / "r" / "phu_luc_03_chieng_so_moi.xlsx")["Hợp nhất"]
    texts = [c.value for r in ws.iter_rows() for c in r if isinstance(c.value, str)]
    # sources by title, the record marked (*); its code only on the technical sheet
    assert "Báo cáo chính trị; VÍ DỤ: số hộ báo qua điện thoại (không phải số liệu thật) (*)" in texts
    assert any(t.startswith("(*) Số liệu từ hồ sơ của văn phòng không có tệp nguồn") for t in texts)
    assert any(t.startswith("- VÍ DỤ: số hộ báo qua điện thoại") for t in texts)
    assert not any("bao_cao_dien_thoai_vi_du" in t for t in texts)
    clean = (tmp_path / "c" / "merged.csv").read_text(encoding="utf-8-sig")
    assert "bao_cao_chinh_tri; bao_cao_dien_thoai_vi_du,False" in clean


def test_build_prints_the_unverified_count(raw_copy, tmp_path, capsys):
    _record(raw_copy)
    main(["--raw", str(raw_copy), "--clean", str(tmp_path / "c"), "--reports", str(tmp_path / "r"), "build"])
    assert "Số liệu chưa kiểm chứng (lấy từ hồ sơ của văn phòng, không có tệp nguồn): 2" in capsys.readouterr().out


def test_record_source_with_a_file_is_refused(raw_copy):
    append_rows(
        raw_copy / "sources.csv",
        [dict(source_id="ghi_chep", title_vi="VÍ DỤ", kind="record", date="2025", file="x.txt")],
    )
    with pytest.raises(RawDataError) as exc:
        load_raw(raw_copy)
    assert "sources.csv, dòng 3, cột 'file': đang ghi 'x.txt'; cần ô trống với nguồn loại 'record'" in str(exc.value)


# ---------------------------------------------------------------- conflicts
def _correction(raw_dir, supersedes="bao_cao_chinh_tri"):
    shutil.copy(EXAMPLE / "dinh_chinh_vi_du.txt", raw_dir / "dinh_chinh_vi_du.txt")
    add_source(raw_dir, "dinh_chinh_vi_du", "dinh_chinh_vi_du.txt")
    append_rows(
        raw_dir / "observations.csv",
        [
            dict(
                commune_id="yen_hung",
                indicator_id="admin_dossiers_received",
                period="2020-2025",
                value_as_printed="12.345",
                source_id="dinh_chinh_vi_du",
                source_ref="Đính chính chú thích 6 (ví dụ)",
                quote="Xã Yên Hưng tiếp nhận 12.345 hồ sơ thủ tục hành chính",
                supersedes=supersedes,
            )
        ],
    )


def test_a_correction_wins_feeds_the_merge_and_is_listed_by_the_audit(raw_copy):
    from chiengso_stats.analysis.audit import confront

    _correction(raw_copy)
    raw = load_raw(raw_copy)
    t = reconcile(raw)
    dossiers = row(t, "admin_dossiers_received", "2020-2025")
    assert dossiers.merged == 30473 + 12345 == 42818
    assert dossiers.sources == "bao_cao_chinh_tri; dinh_chinh_vi_du"
    assert (
        "Dùng số đính chính: Yên Hưng (cũ): 12.345 theo nguồn 'dinh_chinh_vi_du' thay 30.473 theo nguồn "
        "'bao_cao_chinh_tri'"
    ) in dossiers.method
    f = confront(raw, t)
    s = f[f.rule == "superseded"]
    assert len(s) == 1 and s.status.iloc[0] == "fail"
    assert s["values"].iloc[0] == "30.473 (bao_cao_chinh_tri) vs 12.345 (dinh_chinh_vi_du)"
    # the report's own copy-paste finding stays: it is about the report
    assert (f[f.rule == "copy_paste"].status == "fail").sum() == 1


def test_a_conflict_no_rule_resolves_is_an_error(raw_copy):
    _correction(raw_copy, supersedes="")
    with pytest.raises(RawDataError) as exc:
        load_raw(raw_copy)
    assert (
        "cột 'supersedes': đang ghi 'bao_cao_chinh_tri: 30.473; dinh_chinh_vi_du: 12.345'; cần đúng một nguồn thắng"
    ) in str(exc.value)


def test_superseding_a_source_that_gives_no_such_figure_is_an_error(raw_copy):
    _correction(raw_copy, supersedes="nguon_khac")
    with pytest.raises(RawDataError) as exc:
        load_raw(raw_copy)
    assert "dòng 157, cột 'supersedes': đang ghi 'nguon_khac'; cần mã một nguồn có số cùng xã" in str(exc.value)


# ---------------------------------------------------------------- Excel number cells
def test_printed_form_restores_what_excel_drops():
    quote = "nhập toàn bộ diện tích tự nhiên 60,66 km2, quy mô dân số 9.199 người"
    assert printed_form(9199, quote) == "9.199"
    assert printed_form(60.66, quote, unit="km2") == "60,66 km2"
    assert printed_form(60.66, quote, unit="ha") == "60,66"
    assert printed_form(23, "gồm 23 đồng chí", unit="người") == "23"
    assert printed_form(7, "duy trì 07 trường đạt chuẩn") == "07"
    assert printed_form(1, "05 trường mức độ 1 và 01 trường mức độ 2") == "01"
    assert printed_form(126, "đạt 126% so với chỉ tiêu", unit="%") == "126%"
    assert printed_form(9198, quote) is None
    assert vietnamese(1867.2) == "1.867,2" and vietnamese(17145) == "17.145" and vietnamese(0.5) == "0,5"


def _as_excel(raw_dir):
    """Every raw table re-saved as Excel does it: typed numbers become number cells."""
    import re

    pattern = re.compile(r"^(\d{1,3}(?:\.\d{3})+|\d+)(,\d+)?(%?)$")
    n_numbers = 0
    for csv_path in sorted(raw_dir.glob("*.csv")):
        header, body = read_rows(csv_path)
        wb = Workbook()
        ws = wb.active
        ws.append(header)
        for r, values in enumerate(body, start=2):
            mark = values[header.index("decimal_mark")] if "decimal_mark" in header else ""
            for c, (column, value) in enumerate(zip(header, values), start=1):
                m = pattern.match(value)
                cell = ws.cell(row=r, column=c)
                if m and mark != "." and column != "sha256":
                    number = float((m[1].replace(".", "")) + (m[2] or "").replace(",", "."))
                    if m[3]:
                        cell.value, cell.number_format = round(number / 100, 10), "0.00%"
                    else:
                        cell.value = int(number) if number.is_integer() else number
                    n_numbers += 1
                else:
                    cell.value = value or None
        wb.save(csv_path.with_suffix(".xlsx"))
        csv_path.unlink()
    return n_numbers


def test_every_raw_table_resaved_from_excel_with_number_cells_builds_the_same_clean_tables(
    raw_copy, tmp_path, shared_build
):
    n = _as_excel(raw_copy)
    assert n == 254  # snapshot of the count of cells typed as numbers (9.199, 60,66, 07, 2025, 126%…)
    ws = load_workbook(raw_copy / "observations.xlsx").active
    assert ws["D3"].value == 9199 and ws["D2"].value == "60,66 km2"
    run(raw_copy, tmp_path / "xlsx_clean", tmp_path / "xlsx_reports")
    for path in sorted((shared_build / "clean").iterdir()):
        if path.name != "sources.csv":  # its sha256 cells are text in both; compared below
            assert (tmp_path / "xlsx_clean" / path.name).read_text(encoding="utf-8-sig").splitlines() == path.read_text(
                encoding="utf-8-sig"
            ).splitlines(), path.name
    assert (tmp_path / "xlsx_clean" / "sources.csv").read_bytes() == (
        shared_build / "clean" / "sources.csv"
    ).read_bytes()


def test_an_excel_number_not_in_its_quote_is_located(raw_copy):
    _as_excel(raw_copy)
    wb = load_workbook(raw_copy / "observations.xlsx")
    wb.active["D3"].value = 9198
    wb.save(raw_copy / "observations.xlsx")
    with pytest.raises(RawDataError) as exc:
        load_raw(raw_copy)
    assert (
        "observations.xlsx, dòng 3, cột 'value_as_printed': đang ghi 'ô số 9.198'; cần giá trị có trong đoạn trích"
        in str(exc.value)
    )


def test_a_date_cell_is_read_as_a_date(raw_copy, tmp_path):
    from datetime import datetime

    header, body = read_rows(raw_copy / "sources.csv")
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    ws.append(body[0])
    ws.cell(row=2, column=header.index("date") + 1).value = datetime(2025, 9, 30)
    wb.save(raw_copy / "sources.xlsx")
    (raw_copy / "sources.csv").unlink()
    assert load_raw(raw_copy).sources.date.tolist() == ["2025-09-30"]


def test_printed_form_prefers_the_token_followed_by_the_unit():
    quote = "khôi phục, cải tạo 6,0km tuyến đường 115 cũ cho nhân dân tại 6 bản"
    assert printed_form(6, quote, unit="bản") == "6"
    assert printed_form(6, quote, unit="km") == "6,0km"
