"""No invented numbers: every figure in data/raw is printed in the report, where its quote says."""
import csv
import re

import pytest

from chiengso_stats import config
from chiengso_stats.text import contains_token, normalise

SOURCE = normalise((config.RAW_DIR / config.SOURCE_FILE).read_text(encoding="utf-8"))
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def _rows(name):
    with open(config.RAW_DIR / f"{name}.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


CHECKS = [("observations", ["value_as_printed"]),
          ("targets_2030", ["target_as_printed", "target_high_as_printed"]),
          ("resolution_results", ["target_as_printed", "result_as_printed", "percent_as_printed"])]


@pytest.mark.parametrize("table, columns", CHECKS)
def test_every_quote_is_in_the_report_and_every_value_in_its_quote(table, columns):
    rows = _rows(table)
    assert rows
    for line, row in enumerate(rows, start=2):
        parts = [normalise(p) for p in row["quote"].split(" | ")]
        for part in parts:
            assert part in SOURCE, f"{table}.csv line {line}: quote not in the report: {part!r}"
        for column in columns:
            value = normalise(row[column])
            if value:
                assert any(contains_token(p, value) for p in parts), f"{table}.csv line {line}: {value!r}"


def test_no_number_anywhere_in_raw_tables_is_absent_from_the_report():
    printed = set(NUMBER.findall(SOURCE))
    for path in sorted(config.RAW_DIR.glob("*.csv")):
        with open(path, encoding="utf-8", newline="") as f:
            for line, row in enumerate(csv.reader(f), start=1):
                for cell in row:
                    for number in NUMBER.findall(cell):
                        assert number in printed, f"{path.name} line {line}: {number} is not in the report"


def test_source_mixes_normal_forms_and_no_break_spaces_which_we_normalise():
    text = (config.RAW_DIR / config.SOURCE_FILE).read_text(encoding="utf-8")
    assert "\u00a0" in text
    assert normalise(text) != text
    # 'độ che phủ' is typed in NFC in our quotes; the raw text holds other forms too
    assert "Duy trì tỷ lệ độ che phủ rừng (xã Chiềng Sơ 33,6%; xã Yên Hưng 48%)" in SOURCE


def test_counts_of_figures_typed_in(raw):
    obs = raw.observations
    counts = obs.commune_id.value_counts().to_dict()
    assert counts == {"chieng_so": 76, "yen_hung": 59, "chieng_so_moi": 17}
    assert len(obs) == 152
    assert len(raw.targets) == 36
    assert len(raw.resolution_results) == 4
    # footnotes 1-8 all carry figures
    footnotes = {int(m) for m in obs.source_ref.str.extract(r"Chú thích (\d)")[0].dropna()}
    assert footnotes == set(range(1, 9))


def test_load_refuses_a_quote_not_in_the_report_and_a_value_not_in_its_quote(raw_copy):
    from chiengso_stats.errors import RawDataError
    from chiengso_stats.load import load_raw
    path = raw_copy / "observations.csv"
    text = path.read_text(encoding="utf-8")
    text = text.replace("quy mô dân số 9.199 người của xã Chiềng Sơ\",", "quy mô dân số 9.199 người của xã Chiềng Sơ mới\",", 1)
    text = text.replace("yen_hung,population,2025,7.946,", "yen_hung,population,2025,7.947,", 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RawDataError) as exc:
        load_raw(raw_copy)
    message = str(exc.value)
    assert "observations.csv, dòng 2, cột 'quote'" in message
    assert "observations.csv, dòng 5, cột 'value_as_printed': gặp '7.947'" in message
