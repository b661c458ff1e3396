"""A corpus of malformed raw inputs, as the office produces them when it edits by hand.

Each case breaks a copy of data/raw in one way. `chiengso-stats build` must exit 2, name
file, line and column, say what it found and what it expected (Vietnamese, with English
beside), and leave data/clean and reports exactly as they were.
"""

from __future__ import annotations

import csv
import unicodedata
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook, load_workbook
from pandera.engines.pandas_engine import Engine

from chiengso_stats import config
from chiengso_stats.cli import main
from chiengso_stats.ingest.raw import load_raw
from chiengso_stats.ingest.schemas import Text
from chiengso_stats.ingest.tables import _schema_problems

from conftest import tree_hashes


# ---------------------------------------------------------------- editing helpers
def rows(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def save(path: Path, data: list[list[str]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(data)


def edit(raw: Path, table: str, line: int, column: str, value: str) -> None:
    data = rows(raw / f"{table}.csv")
    data[line - 1][data[0].index(column)] = value
    save(raw / f"{table}.csv", data)


def line_of(raw: Path, table: str, **match) -> int:
    data = rows(raw / f"{table}.csv")
    for number, row in enumerate(data[1:], start=2):
        if all(row[data[0].index(k)] == v for k, v in match.items()):
            return number
    raise KeyError(match)


def to_xlsx(raw: Path, table: str, extra_sheet=False, merge=None) -> None:
    wb = Workbook()
    ws = wb.active
    for row in rows(raw / f"{table}.csv"):
        ws.append(row)
    if extra_sheet:
        wb.create_sheet("Ghi chú")
    if merge:
        ws.merge_cells(merge)
    wb.save(raw / f"{table}.xlsx")
    (raw / f"{table}.csv").unlink()


# ---------------------------------------------------------------- the corpus
def english_number(raw):
    edit(raw, "observations", 3, "value_as_printed", "9,199.0")


def ambiguous_grouping(raw):
    edit(raw, "observations", 3, "value_as_printed", "9.19")


def text_in_number(raw):
    edit(raw, "observations", 3, "value_as_printed", "chín nghìn")


def unknown_unit(raw):
    edit(raw, "observations", 2, "value_as_printed", "60,66 mẫu")


def negative_population(raw):
    edit(raw, "observations", 3, "value_as_printed", "-9.199")


def share_above_100(raw):
    edit(
        raw,
        "observations",
        line_of(raw, "observations", commune_id="chieng_so", indicator_id="forest_cover"),
        "value_as_printed",
        "133,6%",
    )


def duplicated_key(raw):
    data = rows(raw / "observations.csv")
    save(raw / "observations.csv", [*data, data[2]])


def unknown_indicator(raw):
    edit(raw, "observations", 3, "indicator_id", "dan_so")


def unknown_commune(raw):
    edit(raw, "observations", 3, "commune_id", "chieng_so_x")


def rate_weight_not_in_catalogue(raw):
    edit(
        raw,
        "indicators",
        line_of(raw, "indicators", indicator_id="forest_cover"),
        "aggregation",
        "mean_weighted_by_forest_land",
    )


def rate_summed(raw):
    edit(raw, "indicators", line_of(raw, "indicators", indicator_id="poverty_rate"), "aggregation", "sum")


def unknown_comparator(raw):
    edit(raw, "targets_2030", 2, "comparator", "≥≥")


def target_indicator_without_unit(raw):
    edit(raw, "indicators", line_of(raw, "indicators", indicator_id="local_budget_revenue"), "unit", "")


def empty_file(raw):
    (raw / "communes.csv").write_bytes(b"")


def header_only(raw):
    save(raw / "observations.csv", rows(raw / "observations.csv")[:1])


def windows_1258(raw):
    text = (raw / "observations.csv").read_text(encoding="utf-8")
    (raw / "observations.csv").write_bytes(unicodedata.normalize("NFC", text).encode("cp1258", errors="replace"))


def utf16(raw):
    text = (raw / "observations.csv").read_text(encoding="utf-8")
    (raw / "observations.csv").write_bytes(text.encode("utf-16"))


def xlsx_merged_cells(raw):
    to_xlsx(raw, "observations", merge="H2:H3")


def xlsx_extra_sheet(raw):
    to_xlsx(raw, "observations", extra_sheet=True)


def quote_not_in_report(raw):
    edit(raw, "observations", 3, "quote", "quy mô dân số 9.199 người của xã Chiềng Sơ mới")


def value_not_in_quote(raw):
    edit(raw, "observations", 3, "value_as_printed", "9.198")


def self_merge(raw):
    edit(raw, "communes", 2, "merged_into", "chieng_so")


def merger_cycle(raw):
    edit(raw, "communes", 4, "role", "former")
    edit(raw, "communes", 4, "merged_into", "chieng_so")


def merged_into_two(raw):
    data = rows(raw / "communes.csv")
    other = list(data[1])
    other[data[0].index("merged_into")] = "yen_hung"
    save(raw / "communes.csv", [*data, other])


def very_long_text(raw):
    edit(raw, "observations", 3, "note", "Ghi chú rất dài. " * 80)


def nan_value(raw):
    edit(raw, "observations", 3, "value_as_printed", "NaN")


def inf_value(raw):
    edit(raw, "observations", 3, "value_as_printed", "inf")


def empty_required(raw):
    edit(raw, "observations", 3, "value_as_printed", "")


def extra_column(raw):
    data = rows(raw / "observations.csv")
    save(raw / "observations.csv", [r + (["ghi_chu_them"] if i == 0 else [""]) for i, r in enumerate(data)])


def missing_column(raw):
    data = rows(raw / "observations.csv")
    k = data[0].index("quote")
    save(raw / "observations.csv", [r[:k] + r[k + 1 :] for r in data])


def csv_and_xlsx(raw):
    wb = Workbook()
    wb.save(raw / "communes.xlsx")


def unquoted_comma(raw):
    text = (raw / "observations.csv").read_text(encoding="utf-8").splitlines()
    text[2] = text[2].replace(",9.199,", ",9.199,5,", 1)
    (raw / "observations.csv").write_text("\n".join(text) + "\n", encoding="utf-8")


def unknown_qualifier(raw):
    edit(raw, "observations", 3, "qualifier", "about")


def bad_period(raw):
    edit(raw, "observations", 3, "period", "2025/26")


def repeated_column(raw):
    # a second 'period' column pasted at the end: it stopped the build with a pandas traceback (exit 1)
    save(raw / "observations.csv", [[*r, r[2]] for r in rows(raw / "observations.csv")])


def repeated_column_xlsx(raw):
    # a second 'note' column holding notes: it was accepted and reached the clean tables as 'note'
    data = rows(raw / "observations.csv")
    save(raw / "observations.csv", [[*data[0], "note"], *([*r, "ghi chú thêm"] for r in data[1:])])
    to_xlsx(raw, "observations")


def blank_line(raw):
    text = (raw / "observations.csv").read_text(encoding="utf-8").splitlines()
    (raw / "observations.csv").write_text("\n".join([*text[:59], "", *text[59:]]) + "\n", encoding="utf-8")


def letter_in_number(raw):
    edit(raw, "observations", 3, "value_as_printed", "9.l99")


CASES = [
    (
        english_number,
        [
            "observations.csv, dòng 3, cột 'value_as_printed': đang ghi '9,199.0'",
            "cần số kiểu Việt Nam (1.234,5)",
            "not an English one",
        ],
    ),
    (ambiguous_grouping, ["dòng 3, cột 'value_as_printed': đang ghi '9.19'", "nhóm nghìn đủ 3 chữ số"]),
    (text_in_number, ["dòng 3, cột 'value_as_printed': đang ghi 'chín nghìn'", "cần một con số"]),
    (unknown_unit, ["dòng 2, cột 'value_as_printed': đang ghi '60,66 mẫu'", "cần đơn vị thuộc"]),
    (negative_population, ["dòng 3, cột 'value_as_printed': đang ghi '-9.199'; cần số không âm"]),
    (share_above_100, ["cột 'value_as_printed': đang ghi '133,6%'; cần tỷ lệ từ 0 đến 100%"]),
    (
        duplicated_key,
        [
            "observations.csv, dòng 157, cột 'commune_id+indicator_id+period+source_id+source_ref'",
            "khóa không trùng lặp",
        ],
    ),
    (unknown_indicator, ["dòng 3, cột 'indicator_id': đang ghi 'dan_so'; cần mã có trong danh mục chỉ tiêu"]),
    (unknown_commune, ["dòng 3, cột 'commune_id': đang ghi 'chieng_so_x'; cần mã có trong bảng xã"]),
    (
        rate_weight_not_in_catalogue,
        ["indicators.csv, dòng 17, cột 'aggregation': đang ghi 'forest_land'; cần mã chỉ tiêu có trong danh mục"],
    ),
    (rate_summed, ["indicators.csv", "cột 'aggregation': đang ghi 'sum'; cần với tỷ lệ: mean_weighted_by_"]),
    (unknown_comparator, ["targets_2030.csv, dòng 2, cột 'comparator': đang ghi '≥≥'", "danh sách cho phép"]),
    (target_indicator_without_unit, ["indicators.csv, dòng 22, cột 'unit': đang ghi ''", "ô có nội dung"]),
    (empty_file, ["communes.csv: đang có 'tệp rỗng'", "dòng tiêu đề"]),
    (header_only, ["observations.csv, dòng 2: đang ghi 'chỉ có dòng tiêu đề'; cần ít nhất một dòng số liệu"]),
    (
        windows_1258,
        [
            "observations.csv, dòng 2: đang ghi '› II.1 Khái",
            "cần tệp mã hóa UTF-8 (không phải Windows-1258 hay UTF-16)",
        ],
    ),
    (utf16, ["observations.csv: đang có 'UTF-16'; cần tệp mã hóa UTF-8"]),
    (xlsx_merged_cells, ["observations.xlsx, dòng 2: đang ghi 'ô gộp H2:H3'; cần không gộp ô"]),
    (xlsx_extra_sheet, ["observations.xlsx: đang có '2 trang tính: Sheet, Ghi chú'; cần đúng một trang tính"]),
    (quote_not_in_report, ["observations.csv, dòng 3, cột 'quote'", "nguyên văn trong nguồn 'bao_cao_chinh_tri'"]),
    (
        value_not_in_quote,
        ["observations.csv, dòng 3, cột 'value_as_printed': đang ghi '9.198'", "cần giá trị có trong đoạn trích"],
    ),
    (self_merge, ["communes.csv, dòng 2, cột 'merged_into': đang ghi 'chieng_so'", "không tự sáp nhập"]),
    (merger_cycle, ["communes.csv, dòng 2, cột 'merged_into': đang ghi 'chieng_so_moi'", "không có vòng lặp sáp nhập"]),
    (
        merged_into_two,
        [
            "communes.csv, dòng 5, cột 'merged_into': đang ghi 'chieng_so → chieng_so_moi, yen_hung'",
            "mỗi xã cũ sáp nhập vào đúng một xã mới",
        ],
    ),
    (very_long_text, ["observations.csv, dòng 3, cột 'note'", "không quá 1000 ký tự"]),
    (nan_value, ["dòng 3, cột 'value_as_printed': đang ghi 'NaN'; cần một con số"]),
    (inf_value, ["dòng 3, cột 'value_as_printed': đang ghi 'inf'; cần một con số"]),
    (empty_required, ["observations.csv, dòng 3, cột 'value_as_printed': đang ghi ''", "ô có nội dung"]),
    (extra_column, ["observations.csv, cột 'ghi_chu_them': đang ghi 'cột thừa'; cần chỉ các cột trong lược đồ"]),
    (missing_column, ["observations.csv, cột 'quote': đang ghi 'không có cột này'; cần cột bắt buộc có mặt"]),
    (csv_and_xlsx, ["communes.csv: đang có 'communes.csv và communes.xlsx'; cần đúng một tệp"]),
    (unquoted_comma, ["observations.csv, dòng 3: đang ghi '13 ô'; cần 12 ô như dòng tiêu đề"]),
    (unknown_qualifier, ["dòng 3, cột 'qualifier': đang ghi 'about'", "danh sách cho phép"]),
    (bad_period, ["dòng 3, cột 'period': đang ghi '2025/26'; cần một năm (2025) hoặc một khoảng năm (2020-2025)"]),
    (repeated_column, ["observations.csv, dòng 1, cột 'period': đang ghi '2 cột cùng tên (cột C, M)'"]),
    (repeated_column_xlsx, ["observations.xlsx, dòng 1, cột 'note': đang ghi '2 cột cùng tên (cột J, M)'"]),
    (blank_line, ["observations.csv, dòng 60: đang ghi 'dòng trống'; cần không có dòng trống giữa bảng"]),
    (letter_in_number, ["dòng 3, cột 'value_as_printed': đang ghi '9.l99'; cần một con số"]),
]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("built")
    assert main(["--clean", str(out / "clean"), "--reports", str(out / "reports"), "build"]) == 0
    return out, tree_hashes(out)


@pytest.mark.parametrize("mutate, expected", CASES, ids=[c[0].__name__ for c in CASES])
def test_bad_input_is_refused_clearly_and_changes_nothing(mutate, expected, raw_copy, built, capsys):
    out, before = built
    mutate(raw_copy)
    capsys.readouterr()
    code = main(["--raw", str(raw_copy), "--clean", str(out / "clean"), "--reports", str(out / "reports"), "build"])
    err = capsys.readouterr().err
    assert code == 2
    for fragment in expected:
        assert fragment in err, f"{fragment!r} not in:\n{err}"
    assert "(found '" in err and "expected " in err  # English beside the Vietnamese
    assert "Không ghi tệp kết quả nào" in err
    assert tree_hashes(out) == before


def test_all_problems_of_a_file_are_reported_together(raw_copy, capsys):
    english_number(raw_copy)
    edit(raw_copy, "observations", 4, "commune_id", "xa_la")
    edit(raw_copy, "observations", 6, "period", "hai nghìn")
    edit(raw_copy, "targets_2030", 2, "comparator", "≈")
    assert main(["--raw", str(raw_copy), "audit"]) == 2
    err = capsys.readouterr().err
    for fragment in [
        "dòng 3, cột 'value_as_printed'",
        "dòng 4, cột 'commune_id': đang ghi 'xa_la'",
        "dòng 6, cột 'period': đang ghi 'hai nghìn'",
        "targets_2030.csv, dòng 2, cột 'comparator'",
    ]:
        assert fragment in err


def test_text_starting_with_formula_characters_loads_and_stays_inert(raw_copy, tmp_path):
    from chiengso_stats.publish.appendices import export_appendices

    edit(raw_copy, "resolution_results", 2, "name_vi", "=1+2")
    edit(raw_copy, "resolution_results", 3, "note", "@lệnh(1)")
    load_raw(raw_copy)  # not an input error: the text is legitimate, it must only stay text
    path = export_appendices(tmp_path, raw_copy)[0]
    ws = load_workbook(path).active
    assert ws["B12"].value == "=1+2" and ws["B12"].data_type == "s"
    # a row's note goes to the notes under the table (issue 27): there, a string cell too
    assert ws["H13"].value.startswith("Báo cáo chính trị, Phần thứ hai") and ws["H13"].value.endswith("ghi chú (2)")
    (note,) = [c for row in ws.iter_rows() for c in row if "@lệnh(1)" in str(c.value)]
    assert note.value.startswith("(2) Dòng 2: ") and note.data_type == "s"


def test_a_column_that_is_not_text_is_still_refused_with_its_place():
    # The schemas' Text dtype answers pandera with one bool (pandera's own string type answered a
    # matching column with one True per row, and formatted an empty failure table for each of the 70
    # columns of a build). A column of another dtype must still be refused, located, in Vietnamese.
    text = pd.Series(["chieng_so", "yen_hung"], dtype="str")
    assert Text().check(Engine.dtype(text.dtype), text) is True  # pandera's STRING gave array([True, True])
    assert Text().check(Engine.dtype(pd.Series([9199, 7946]).dtype), None) is False

    frame = pd.read_csv(config.RAW_DIR / "sources.csv", dtype="str", keep_default_na=False)
    frame["note"] = pd.Series([9199] * len(frame), dtype="int64")
    frame.attrs["file"] = "sources.csv"
    problems = _schema_problems("sources", frame)
    refused = [(p.file, p.column, p.found, p.expected_vi) for p in problems if p.expected_en == "text"]
    # pandera names what it found by the column's dtype, or, where pyarrow is installed (the [analysis]
    # extra: pandas then backs its strings with pyarrow), by the first value: either way refused and placed
    assert refused in (
        [("sources.csv", "note", "int64", "kiểu văn bản")],
        [("sources.csv", "note", "9199", "kiểu văn bản")],
    )
