"""Loading: canonical values, Excel input, and every problem reported at once."""

import unicodedata

import pandas as pd
import pytest
from openpyxl import Workbook

from chiengso_stats import observations
from chiengso_stats.errors import RawDataError
from chiengso_stats.ingest.raw import load_raw


def _value(obs, commune, indicator, period=None):
    rows = obs[(obs.commune_id == commune) & (obs.indicator_id == indicator)]
    if period:
        rows = rows[rows.period == period]
    return rows.value.iloc[0]


def test_observations_public_api_columns_and_canonical_values():
    obs = observations()
    for column in ["commune_id", "indicator_id", "period", "value", "unit", "value_as_printed", "source_ref", "quote"]:
        assert column in obs.columns
    assert _value(obs, "chieng_so", "state_budget_revenue_total") == 35440  # 35,44 tỷ đồng
    assert _value(obs, "chieng_so", "fruit_tree_area") == pytest.approx(1867.2)
    assert _value(obs, "chieng_so", "poverty_rate") == pytest.approx(6.28)
    assert _value(obs, "chieng_so_moi", "population") == 17145
    assert _value(obs, "chieng_so", "preschool_classroom_investment") == 2600  # 2.600.000.000 đồng
    assert _value(obs, "yen_hung", "herd_vs_target") == pytest.approx(105.8)
    assert obs.loc[obs.indicator_id == "party_members", "qualifier"].iloc[0] == "trên"
    assert set(obs.unit[obs.indicator_id == "local_budget_revenue"]) == {"triệu đồng"}


def test_xlsx_with_the_same_columns_loads_the_same(raw_copy):
    frame = pd.read_csv(raw_copy / "observations.csv", dtype=str, keep_default_na=False)
    wb = Workbook()
    ws = wb.active
    ws.append(list(frame.columns))
    for row in frame.itertuples(index=False):
        ws.append(list(row))
    wb.save(raw_copy / "observations.xlsx")
    (raw_copy / "observations.csv").unlink()
    from_xlsx = load_raw(raw_copy).observations
    from_csv = load_raw().observations
    pd.testing.assert_frame_equal(from_xlsx.reset_index(drop=True), from_csv.reset_index(drop=True), check_dtype=False)


def test_all_problems_are_reported_together_with_file_row_and_column(raw_copy):
    path = raw_copy / "observations.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace(",2025,", ",20x5,", 1)  # bad period
    lines[2] = lines[2].replace(",9.199,", ',"9,199.0",', 1)  # English number, and not in quote
    lines[3] = lines[3].replace("yen_hung,", "yen_hungg,", 1)  # unknown commune
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(RawDataError) as exc:
        load_raw(raw_copy)
    message = str(exc.value)
    assert "observations.csv, dòng 2, cột 'period': đang ghi '20x5'" in message
    assert "observations.csv, dòng 3, cột 'value_as_printed': đang ghi '9,199.0'; cần số kiểu Việt Nam" in message
    assert "observations.csv, dòng 4, cột 'commune_id': đang ghi 'yen_hungg'" in message
    assert len(exc.value.problems) >= 3


def test_a_csv_cell_typed_in_decomposed_unicode_with_stray_spaces_reads_as_nfc_and_stripped(raw_copy):
    # 'Chiềng Sơ (cũ)' as a Windows keyboard may type it: NFD, a space before, a no-break space after.
    # The cells are normalised as read (since 2026-11: before pandas, not column by column after it).
    path = raw_copy / "communes.csv"
    text = path.read_text(encoding="utf-8")
    typed = " " + unicodedata.normalize("NFD", "Chiềng Sơ (cũ)") + "\u00a0"
    path.write_text(text.replace("Chiềng Sơ (cũ)", typed, 1), encoding="utf-8")
    names = load_raw(raw_copy).communes.set_index("commune_id").name_vi
    assert names["chieng_so"] == "Chiềng Sơ (cũ)"
    assert unicodedata.is_normalized("NFC", names["chieng_so"])


def test_the_loaded_tables_carry_no_attrs():
    # pandas deep-copies a frame's attrs into every result of every operation; the file names and Excel
    # cells kept there serve load_raw's messages only, so the tables it returns carry none.
    raw = load_raw()
    assert [frame.attrs for frame in (raw.communes, raw.indicators, raw.observations, raw.targets)] == [{}] * 4
    assert raw.resolution_results.attrs == {} and raw.sources.attrs == {}
