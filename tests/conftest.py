from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from chiengso_stats import config
from chiengso_stats.load import load_raw

ROOT = config.PROJECT_ROOT


@pytest.fixture(scope="session")
def raw():
    return load_raw()


@pytest.fixture
def raw_copy(tmp_path) -> Path:
    """A writable copy of data/raw, for tests that break it on purpose."""
    dest = tmp_path / "raw"
    shutil.copytree(config.RAW_DIR, dest)
    return dest


def write_csv(path: Path, header: list[str], rows: list[list]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def read_rows(path: Path) -> tuple[list[str], list[list[str]]]:
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


IND_HEADER = ["indicator_id", "name_vi", "name_en", "unit", "kind", "aggregation", "proxy_weight",
              "denominator_vi", "direction", "component_of", "ratio_of", "share_of_count"]
OBS_HEADER = ["commune_id", "indicator_id", "period", "value_as_printed", "qualifier", "decimal_mark",
              "source_ref", "quote", "note", "preferred"]
COM_HEADER = ["commune_id", "name_vi", "name_en", "role", "merged_into", "province", "former_district",
              "merger_year", "appendix_no", "congress"]
TGT_HEADER = ["target_id", "indicator_id", "description_vi", "comparator", "target_as_printed",
              "target_high_as_printed", "horizon", "source_ref", "quote", "note", "baseline_indicator_id"]
RES_HEADER = ["commune_id", "row_no", "indicator_id", "name_vi", "unit", "target_as_printed",
              "result_as_printed", "percent_as_printed", "percent_decimal_mark", "source_ref", "quote", "note"]


def make_raw(folder: Path, communes, indicators, observations, targets=(), results=()) -> Path:
    """A self-contained raw folder whose source text is made of the quotes it cites."""
    folder.mkdir(parents=True, exist_ok=True)
    quotes = [r[7] for r in observations] + [r[8] for r in targets] + [q for r in results for q in r[10].split(" | ")]
    (folder / config.SOURCE_FILE).write_text("\n".join(dict.fromkeys(quotes)) + "\n", encoding="utf-8")
    write_csv(folder / "communes.csv", COM_HEADER, [list(c) + [""] * (len(COM_HEADER) - len(c)) for c in communes])
    write_csv(folder / "indicators.csv", IND_HEADER, indicators)
    write_csv(folder / "observations.csv", OBS_HEADER, observations)
    default_target = [["1", indicators[0][0], "Mục tiêu thử", ">=", "1", "", "level_2030", "t", "đạt 1 trở lên", "", ""]]
    write_csv(folder / "targets_2030.csv", TGT_HEADER, list(targets) or default_target)
    if not targets:
        (folder / config.SOURCE_FILE).write_text(
            (folder / config.SOURCE_FILE).read_text(encoding="utf-8") + "đạt 1 trở lên\n", encoding="utf-8")
    write_csv(folder / "resolution_results.csv", RES_HEADER, list(results) or [
        [communes[0][0], "1", indicators[0][0], "Dòng thử", "", "", "", "", "", "r", observations[0][7], ""]])
    return folder
