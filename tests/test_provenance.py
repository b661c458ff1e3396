"""No invented numbers: every figure in data/raw is found in its own registered source.

This re-reads the raw CSV files with the standard library only (csv, re, unicodedata),
independently of the loader, so a bug in the production check cannot hide here.
"""

import csv
import re
import unicodedata

import pytest

from chiengso_stats import config

NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
CHECKS = [
    ("observations", ["value_as_printed"]),
    ("targets_2030", ["target_as_printed", "target_high_as_printed"]),
    ("resolution_results", ["target_as_printed", "result_as_printed", "percent_as_printed"]),
]


def fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).replace("\u00a0", " ").split())


def _rows(name):
    with open(config.RAW_DIR / f"{name}.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


SOURCES = {r["source_id"]: r for r in _rows("sources")}
TEXTS = {
    i: fold((config.RAW_DIR / r["file"]).read_text(encoding="utf-8")) for i, r in SOURCES.items() if r["kind"] == "text"
}


@pytest.mark.parametrize("table, columns", CHECKS)
def test_every_quote_is_in_its_source_and_every_value_in_its_quote(table, columns):
    rows = _rows(table)
    assert rows
    for line, row in enumerate(rows, start=2):
        assert SOURCES[row["source_id"]]["kind"] == "text", f"{table}.csv line {line}: the real data has text only"
        text = TEXTS[row["source_id"]]
        parts = [fold(p) for p in row["quote"].split(" | ")]
        for part in parts:
            assert part in text, f"{table}.csv line {line}: quote not in {row['source_id']}: {part!r}"
        for column in columns:
            for number in NUMBER.findall(row[column]):
                assert any(number in NUMBER.findall(p) for p in parts), f"{table}.csv line {line}: {number}"


def test_no_number_anywhere_in_a_row_is_absent_from_that_rows_source():
    for table, _ in CHECKS:
        for line, row in enumerate(_rows(table), start=2):
            printed = set(NUMBER.findall(TEXTS[row["source_id"]]))
            for column, cell in row.items():
                for number in NUMBER.findall(cell):
                    assert number in printed, f"{table}.csv line {line}, {column}: {number} is not in its source"


def test_catalogue_and_commune_tables_hold_no_figure_absent_from_the_report():
    printed = set(NUMBER.findall(TEXTS["bao_cao_chinh_tri"]))
    for table in ("communes", "indicators"):
        for line, row in enumerate(_rows(table), start=2):
            for cell in row.values():
                for number in NUMBER.findall(cell):
                    assert number in printed, f"{table}.csv line {line}: {number}"


def test_the_registry_itself_holds_metadata_only():
    """sources.csv carries names, dates and checksums, not figures: its notes hold years only."""
    for row in SOURCES.values():
        for column, cell in row.items():
            if column not in ("sha256", "date", "title_vi", "file"):
                assert all(re.fullmatch(r"(19|20)\d\d", n) for n in NUMBER.findall(cell)), (column, cell)


def test_source_mixes_normal_forms_and_no_break_spaces_which_we_normalise():
    raw_text = (config.RAW_DIR / config.SOURCE_FILE).read_text(encoding="utf-8")
    assert "\u00a0" in raw_text
    assert fold(raw_text) != raw_text
    assert unicodedata.normalize("NFD", "độ che phủ") in raw_text or "độ che phủ" in raw_text
    assert "Duy trì tỷ lệ độ che phủ rừng (xã Chiềng Sơ 33,6%; xã Yên Hưng 48%)" in TEXTS["bao_cao_chinh_tri"]


def test_counts_of_figures_typed_in_snapshot(raw):
    """Snapshot: the counts of rows typed from the report, as of this commit."""
    obs = raw.observations
    assert obs.commune_id.value_counts().to_dict() == {"chieng_so": 79, "yen_hung": 59, "chieng_so_moi": 17}
    assert len(obs) == 155 and len(raw.targets) == 36 and len(raw.resolution_results) == 4
    footnotes = {int(m) for m in obs.source_ref.str.extract(r"Chú thích (\d)")[0].dropna()}
    assert footnotes == set(range(1, 9))  # footnotes 1-8 all carry figures


def test_load_refuses_a_quote_not_in_the_report_and_a_value_not_in_its_quote(raw_copy):
    from chiengso_stats.errors import RawDataError
    from chiengso_stats.ingest.raw import load_raw

    path = raw_copy / "observations.csv"
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        'quy mô dân số 9.199 người của xã Chiềng Sơ",', 'quy mô dân số 9.199 người của xã Chiềng Sơ mới",', 1
    )
    text = text.replace("yen_hung,population,2025,7.946,", "yen_hung,population,2025,7.947,", 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RawDataError) as exc:
        load_raw(raw_copy)
    message = str(exc.value)
    assert "observations.csv, dòng 2, cột 'quote'" in message
    assert "observations.csv, dòng 5, cột 'value_as_printed': đang ghi '7.947'" in message
