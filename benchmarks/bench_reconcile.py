"""Benchmark: reconcile a synthetic country-size merger with the library and with DuckDB.

    .venv/bin/python benchmarks/bench_reconcile.py

Prints the library's time, DuckDB's time for the same aggregation as one SQL query,
their ratio, the audit's time, and how the library's time grows from one province
(about 200 former communes) to the whole country (10.035). Not part of the test suite.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from chiengso_stats.analysis.audit import confront
from chiengso_stats.analysis.merge import merge_long
from chiengso_stats.analysis.reconcile import reconcile

from synthetic import make, subset

SQL = """
WITH parts AS (
    SELECT o.commune_id, c.merged_into AS merged_commune_id, o.indicator_id, o.period, o.value,
           i.aggregation, i.proxy_weight,
           CASE WHEN i.aggregation LIKE 'mean_weighted_by_%' THEN substr(i.aggregation, 18) ELSE '' END AS weight_id
    FROM obs o JOIN communes c ON o.commune_id = c.commune_id AND c.role = 'former'
    JOIN indicators i ON o.indicator_id = i.indicator_id
), w AS (
    SELECT commune_id, indicator_id, value FROM obs WHERE indicator_id IN (SELECT DISTINCT weight_id FROM parts)
       OR indicator_id IN (SELECT DISTINCT proxy_weight FROM parts)
), n AS (
    SELECT merged_into, count(*) AS n_formers FROM communes WHERE role = 'former' GROUP BY merged_into
), g AS (
    SELECT p.merged_commune_id, p.indicator_id, p.period, any_value(p.aggregation) AS aggregation,
           count(p.value) AS n_parts, sum(p.value) AS total, min(p.value) AS vmin, max(p.value) AS vmax,
           count(w1.value) AS w_n, sum(w1.value) AS w_sum, sum(p.value * w1.value) AS wx_sum,
           count(w2.value) AS p_n, sum(w2.value) AS p_sum, sum(p.value * w2.value) AS px_sum
    FROM parts p
    LEFT JOIN w w1 ON w1.commune_id = p.commune_id AND w1.indicator_id = p.weight_id
    LEFT JOIN w w2 ON w2.commune_id = p.commune_id AND w2.indicator_id = p.proxy_weight
    GROUP BY ALL
)
SELECT g.*, CASE
    WHEN n_parts < n_formers THEN NULL
    WHEN aggregation = 'sum' THEN total
    WHEN aggregation = 'all' THEN vmin
    WHEN aggregation = 'any' THEN vmax
    WHEN w_n = n_formers AND w_sum > 0 THEN wx_sum / w_sum
    WHEN p_n = n_formers AND p_sum > 0 THEN px_sum / p_sum END AS merged
FROM g JOIN n ON g.merged_commune_id = n.merged_into
"""


def timed(fn, repeat=5):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def duckdb_run(raw):
    import duckdb

    con = duckdb.connect()
    # Tables are registered once, outside the timing, as a database would hold them.
    con.register("obs_df", raw.observations[["commune_id", "indicator_id", "period", "value"]])
    con.register("communes_df", raw.communes[["commune_id", "role", "merged_into"]])
    con.register("indicators_df", raw.indicators[["indicator_id", "aggregation", "proxy_weight"]])
    con.execute(
        "CREATE TABLE obs AS SELECT * FROM obs_df; CREATE TABLE communes AS SELECT * FROM communes_df;"
        "CREATE TABLE indicators AS SELECT * FROM indicators_df"
    )
    return lambda: con.execute(SQL).df()


def main() -> None:
    raw = make()
    n_obs = len(raw.observations)
    n_units = (raw.communes.role == "merged").sum()
    n_formers = (raw.communes.role == "former").sum()
    print(f"Dữ liệu giả lập / synthetic: {n_formers} xã cũ → {n_units} xã mới, 40 chỉ tiêu, {n_obs} quan sát")
    merge_long(raw)  # warm up
    t_lib, out = timed(lambda: merge_long(raw))
    t_db, res = timed(duckdb_run(raw))
    merged_db = res.set_index(["merged_commune_id", "indicator_id", "period"]).merged.sort_index()
    merged_lib = out.set_index(["merged_commune_id", "indicator_id", "period"]).merged.sort_index()
    assert len(merged_db) == len(merged_lib)
    assert np.allclose(merged_db.to_numpy(dtype=float), merged_lib.to_numpy(dtype=float), equal_nan=True)
    print(f"thư viện / library merge_long : {t_lib * 1000:8.0f} ms  ({len(out)} dòng)")
    print(f"DuckDB, một câu SQL / one query: {t_db * 1000:8.0f} ms")
    print(f"tỷ số / ratio library / DuckDB : {t_lib / t_db:8.2f}")
    t_full, table = timed(lambda: reconcile(raw), repeat=3)
    print(f"reconcile (bảng đầy đủ, có số báo cáo) : {t_full * 1000:8.0f} ms")
    t_audit, findings = timed(lambda: confront(raw, table), repeat=3)
    print(f"audit (confront)                       : {t_audit * 1000:8.0f} ms  ({len(findings)} mục)")
    print("Tăng theo quy mô / scaling (merge_long):")
    for n in (200, 1_000, 2_500, 5_000, 10_035):
        part = subset(raw, n)
        merge_long(part)
        t, _ = timed(lambda part=part: merge_long(part))
        k = len(part.observations)
        print(f"  {n:>6} xã cũ, {k:>8} quan sát: {t * 1000:7.0f} ms, {t / k * 1e6:6.2f} µs/quan sát")


if __name__ == "__main__":
    main()
