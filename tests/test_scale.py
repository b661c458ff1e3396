"""A country-shaped raw folder (EXAMPLE data, made up by benchmarks/synthetic.py): many mergers of
1 to 5 communes, every figure a cell of a table source, a header-only resolution table.

The full country (10.035 -> 3.321) is measured by `make bench`; here a slice of it is built
and checked against sums worked from the source table itself.
"""

from __future__ import annotations

import csv
import sys
import time

import pandas as pd
import pytest

from chiengso_stats import config
from chiengso_stats.analysis.audit import number_format
from chiengso_stats.cli import main

from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from synthetic import SOURCE_FILE, make, write_raw

N_FORMERS, N_UNITS = 300, 100


@pytest.fixture(scope="module")
def country(tmp_path_factory):
    base = tmp_path_factory.mktemp("country")
    write_raw(base / "raw", N_FORMERS, N_UNITS)
    return base


def _build(country, out: str, *extra: str, limit: int = 10) -> int:
    old = config.REPORTS_PER_MERGER_LIMIT
    config.REPORTS_PER_MERGER_LIMIT = limit  # a province-sized limit, so the slice counts as a country
    try:
        return main(
            [
                "build",
                "--raw",
                str(country / "raw"),
                "--clean",
                str(country / out / "c"),
                "--reports",
                str(country / out / "r"),
                *extra,
            ]
        )
    finally:
        config.REPORTS_PER_MERGER_LIMIT = old


def _source_by_hand(country) -> tuple[dict, dict, dict]:
    """Population and r00 of each former commune read straight from the source CSV, and its merger."""
    with open(country / "raw" / SOURCE_FILE, encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    population = {r["commune_id"]: int(r["population"].replace(".", "")) for r in rows}
    rate = {r["commune_id"]: float(r["r00"].replace(",", ".")) for r in rows}
    with open(country / "raw" / "communes.csv", encoding="utf-8") as f:
        into = {r["commune_id"]: r["merged_into"] for r in csv.DictReader(f) if r["role"] == "former"}
    return population, rate, into


def test_a_country_shaped_folder_builds_and_sums_match_the_source_table(country, capsys):
    assert _build(country, "all") == 0
    assert f"0 trên {N_UNITS} xã mới" in capsys.readouterr().out
    population, rate, into = _source_by_hand(country)
    merged = pd.read_csv(country / "all" / "c" / "merged.csv", encoding="utf-8-sig", dtype={"period": str})
    pop = merged[merged.indicator_id == "population"].set_index("merged_commune_id").merged
    assert len(pop) == N_UNITS
    for m in ("m00000", "m00057", "m00099"):
        assert pop[m] == sum(p for c, p in population.items() if into[c] == m)
    assert pop.sum() == sum(population.values())  # nobody lost or counted twice
    # r00 is weighted by population: Σ(rate × population) / Σ population, per merged commune
    gaps = pd.read_csv(country / "all" / "c" / "gaps_2030.csv", encoding="utf-8-sig").set_index("commune_id")
    assert len(gaps) == N_UNITS
    parts = [c for c in into if into[c] == "m00042"]
    by_hand = sum(rate[c] * population[c] for c in parts) / sum(population[c] for c in parts)
    assert gaps.loc["m00042", "baseline"] == pytest.approx(by_hand, abs=1e-9)
    assert gaps.loc["m00042", "status"] == ("Đã đạt chỉ tiêu năm 2030" if by_hand >= 50 else "Chưa đạt")
    reports = sorted(p.name for p in (country / "all" / "r").rglob("*") if p.is_file())
    assert reports == [
        ".chiengso_stats_outputs.txt",
        "kiem_tra_bao_cao.html",
        "plotly.min.js",
    ]  # past the limit: no per-commune reports


def test_commune_option_writes_that_mergers_appendix_and_charts(country):
    assert _build(country, "one", "--commune", "m00042") == 0
    reports = sorted(str(p.relative_to(country / "one" / "r")) for p in (country / "one" / "r").rglob("*"))
    assert reports == [
        ".chiengso_stats_outputs.txt",  # the build's manifest of its own files
        "charts",
        "charts/kiem_tra_bao_cao.html",
        "charts/theo_doi_hang_nam_m00042.html",
        "charts/tien_do_muc_tieu_2030_m00042.html",
        "charts/xa_cu_va_xa_moi_m00042.html",
        "phu_luc_m00042.xlsx",
        "plotly.min.js",
    ]
    # the tables still cover every merged commune
    merged = pd.read_csv(country / "one" / "c" / "merged.csv", encoding="utf-8-sig")
    assert merged.merged_commune_id.nunique() == N_UNITS


def test_an_unknown_commune_option_is_refused_and_nothing_is_written(country, capsys):
    assert _build(country, "bad", "--commune", "m99999") == 2
    err = capsys.readouterr().err
    assert "m99999" in err and "mã một xã mới" in err
    assert not (country / "bad").exists()


def test_the_number_format_items_of_a_thousand_mergers_are_counted_in_one_pass():
    # 3.000 former communes in 1.000 mergers, 125.126 figures (EXAMPLE data). Counting each merger's figures
    # with a mask over all of them took 6,6 s here and 79 s for the country's 3.321 mergers (the country
    # build's 30 s goal broken); counted once, 0,03 s. The bound leaves a slow machine 50 times that.
    raw = make(3000, 1000)
    start = time.perf_counter()
    items = number_format(raw, raw.observations)
    took = time.perf_counter() - start
    passes = [i for i in items if i["status"] == "pass"]
    assert len(passes) == 1000  # one item per merger
    counted = sum(int(i["message_vi"].split()[0].replace(".", "")) for i in passes)
    by_hand = int((raw.observations.decimal_mark != ".").sum())  # every commune of the slice is in a merger
    assert counted == by_hand
    assert took < 1.5, f"{took:.1f} s"
