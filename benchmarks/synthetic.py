"""A synthetic country-size merger, shaped like Vietnam's 2025 reform.

About 10.035 former communes merged into 3.321 units, each unit from 1 to 5 former
communes; 40 indicators, 25 extensive (summed) and 15 intensive (rates weighted by
population, exactly, or by a proxy where the declared weight is absent).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from chiengso_stats.ingest.raw import RawData

N_EXTENSIVE, N_INTENSIVE = 25, 15


def unit_sizes(n_formers: int, n_units: int, rng: np.random.Generator) -> np.ndarray:
    """Sizes in 1..5 that add up to n_formers exactly."""
    sizes = rng.choice([1, 2, 3, 4, 5], size=n_units, p=[0.08, 0.22, 0.35, 0.22, 0.13])
    while sizes.sum() != n_formers:
        i = rng.integers(n_units)
        if sizes.sum() > n_formers and sizes[i] > 1:
            sizes[i] -= 1
        elif sizes.sum() < n_formers and sizes[i] < 5:
            sizes[i] += 1
    return sizes


def make(n_formers: int = 10_035, n_units: int = 3_321, seed: int = 2025) -> RawData:
    rng = np.random.default_rng(seed)
    sizes = unit_sizes(n_formers, n_units, rng)
    merged_ids = [f"m{i:05d}" for i in range(n_units)]
    former_ids = [f"f{i:05d}" for i in range(n_formers)]
    merged_into = np.repeat(merged_ids, sizes)
    communes = pd.DataFrame(
        {
            "commune_id": former_ids + merged_ids,
            "name_vi": former_ids + merged_ids,
            "name_en": "",
            "role": ["former"] * n_formers + ["merged"] * n_units,
            "merged_into": list(merged_into) + [""] * n_units,
            "province": "",
            "former_district": "",
            "merger_year": "2025",
            "appendix_no": "",
            "congress": "",
        }
    )
    ext = [f"x{i:02d}" for i in range(N_EXTENSIVE)]
    rates = [f"r{i:02d}" for i in range(N_INTENSIVE)]
    indicators = pd.DataFrame(
        {
            "indicator_id": ["population", "households", *ext, *rates],
            "name_vi": ["Dân số", "Số hộ", *ext, *rates],
            "name_en": "",
            "unit": ["người", "hộ"] + ["người"] * N_EXTENSIVE + ["%"] * N_INTENSIVE,
            "kind": ["extensive"] * (2 + N_EXTENSIVE) + ["intensive"] * N_INTENSIVE,
            "aggregation": ["sum"] * (2 + N_EXTENSIVE)
            + ["mean_weighted_by_population"] * 10
            + ["mean_weighted_by_households"] * 5,
            "proxy_weight": [""] * (2 + N_EXTENSIVE + 10) + ["population"] * 5,
            "denominator_vi": "",
            "direction": "higher",
            "component_of": "",
            "ratio_of": "",
            "share_of_count": "",
        }
    )
    frames = [
        pd.DataFrame(
            {
                "commune_id": former_ids,
                "indicator_id": "population",
                "value": rng.integers(2_000, 20_000, n_formers).astype(float),
            }
        )
    ]
    has_households = rng.random(n_formers) > 0.3  # the proxy takes over where households are missing
    frames.append(
        pd.DataFrame(
            {
                "commune_id": np.array(former_ids)[has_households],
                "indicator_id": "households",
                "value": rng.integers(500, 5_000, has_households.sum()).astype(float),
            }
        )
    )
    for i in ext:
        frames.append(
            pd.DataFrame(
                {"commune_id": former_ids, "indicator_id": i, "value": rng.integers(0, 1_000, n_formers).astype(float)}
            )
        )
    for i in rates:
        frames.append(
            pd.DataFrame(
                {"commune_id": former_ids, "indicator_id": i, "value": rng.uniform(0, 100, n_formers).round(2)}
            )
        )
    obs = pd.concat(frames, ignore_index=True)
    obs["period"] = "2025"
    obs["source_id"] = "s"
    obs["source_ref"] = "s"
    obs["verified"] = True
    obs["supersedes"] = ""
    obs["superseded_by"] = ""
    obs["preferred"] = ""
    obs["value_as_printed"] = obs.value.astype(str)
    obs["decimal_mark"] = ""
    obs["unit"] = obs.indicator_id.map(dict(zip(indicators.indicator_id, indicators.unit)))
    obs["quote"] = ""
    obs["qualifier"] = ""
    obs["note"] = ""
    empty_targets = pd.DataFrame(
        columns=["target_id", "commune_id", "indicator_id", "target_as_printed", "target", "horizon", "source_ref"]
    )
    empty_res = pd.DataFrame(columns=["commune_id", "indicator_id", "percent_as_printed"])
    return RawData(communes, indicators, obs, empty_targets, empty_res)


def subset(raw: RawData, n_formers: int) -> RawData:
    """The first n former communes (whole merged units only) and their observations."""
    formers = raw.communes[raw.communes.role == "former"]
    keep_units = formers.merged_into.iloc[:n_formers].unique()
    com = raw.communes[raw.communes.merged_into.isin(keep_units) | raw.communes.commune_id.isin(keep_units)]
    obs = raw.observations[raw.observations.commune_id.isin(com.commune_id)]
    return RawData(com, raw.indicators, obs, raw.targets, raw.resolution_results, raw.sources)


SOURCE_FILE = "so_lieu_ca_nuoc_vi_du.csv"
TARGET_INDICATOR, TARGET_PERCENT = "r00", 50  # one made-up 2030 target per merged commune


def _printed(values: pd.Series, rate: bool) -> pd.Series:
    """Vietnamese printed form: 12.345 for counts, 45,67 for rates."""
    if rate:
        return values.map(lambda v: f"{v:.2f}".replace(".", ","))
    return values.astype(int).map(lambda v: f"{v:,}".replace(",", "."))


def write_raw(folder: Path, n_formers: int = 10_035, n_units: int = 3_321, seed: int = 2025) -> Path:
    """The synthetic country as a raw folder the build reads like data/raw (an EXAMPLE, made up).

    Every figure is a cell of one table source (a CSV, one row per former commune, one column
    per indicator), so the build verifies each of them against its cell, as it would for a
    statistics office's table; each merged commune gets one 2030 target, quoted from a text source.
    """
    import hashlib

    from openpyxl.utils import get_column_letter

    from chiengso_stats.ingest.schemas import Observations, ResolutionResults, schema_columns

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    raw = make(n_formers, n_units, seed)
    ind = raw.indicators
    obs = raw.observations.copy()
    rate = obs.indicator_id.map(dict(zip(ind.indicator_id, ind.kind))).eq("intensive")
    obs["value_as_printed"] = ""
    obs.loc[rate, "value_as_printed"] = _printed(obs.value[rate], True)
    obs.loc[~rate, "value_as_printed"] = _printed(obs.value[~rate], False)
    formers = raw.communes.commune_id[raw.communes.role == "former"].tolist()
    row_of = {c: r for r, c in enumerate(formers, start=2)}  # row 1 is the header
    col_of = {i: k for k, i in enumerate(ind.indicator_id, start=2)}  # column A is the commune id
    wide = obs.pivot(index="commune_id", columns="indicator_id", values="value_as_printed")
    wide = wide.reindex(index=formers, columns=ind.indicator_id).fillna("")
    wide.index.name = "commune_id"
    wide.to_csv(folder / SOURCE_FILE, lineterminator="\n")
    obs["value_as_printed"] = obs.value_as_printed + obs.indicator_id.map(
        dict(zip(ind.indicator_id, ind.unit.where(ind.unit == "%", "")))
    )
    letters = {i: get_column_letter(k) for i, k in col_of.items()}
    obs["source_ref"] = obs.indicator_id.map(letters) + obs.commune_id.map(row_of).astype(str)
    obs["source_id"] = "ca_nuoc_vi_du"
    note = "VÍ DỤ TỔNG HỢP — số liệu bịa cho đo hiệu năng, không phải số liệu thật (synthetic, made up)"
    merged = raw.communes.commune_id[raw.communes.role == "merged"].tolist()
    target_lines = [f"Xã {m}: tỷ lệ {TARGET_INDICATOR} đạt {TARGET_PERCENT}% vào năm 2030" for m in merged]
    (folder / "muc_tieu_vi_du.txt").write_text(note + "\n" + "\n".join(target_lines) + "\n", encoding="utf-8")
    sources = pd.DataFrame(
        {
            "source_id": ["ca_nuoc_vi_du", "muc_tieu_vi_du"],
            "title_vi": ["Số liệu các xã cũ (ví dụ tổng hợp)", "Mục tiêu 2030 (ví dụ tổng hợp)"],
            "issuer": "",
            "date": "2025",
            "kind": ["table", "text"],
            "file": [SOURCE_FILE, "muc_tieu_vi_du.txt"],
            "sha256": [
                hashlib.sha256((folder / f).read_bytes()).hexdigest() for f in (SOURCE_FILE, "muc_tieu_vi_du.txt")
            ],
            "note": note,
        }
    )
    communes = raw.communes.assign(
        name_vi=[f"Xã {c} (cũ)" for c in formers] + [f"Xã mới {m}" for m in merged],
        province="Tỉnh ví dụ",
        merger_year="2025",
        term=["2020-2025"] * len(formers) + ["2025-2030"] * len(merged),
    )
    targets = pd.DataFrame(
        {
            "target_id": "1",
            "commune_id": merged,
            "indicator_id": TARGET_INDICATOR,
            "description_vi": f"Tỷ lệ {TARGET_INDICATOR}",
            "comparator": ">=",
            "target_as_printed": f"{TARGET_PERCENT}%",
            "target_high_as_printed": "",
            "horizon": "level_2030",
            "source_id": "muc_tieu_vi_du",
            "source_ref": [f"dòng {k}" for k in range(2, len(merged) + 2)],
            "quote": target_lines,
            "note": "",
            "baseline_indicator_id": "",
        }
    )

    tables = {
        "sources": sources,
        "communes": communes,
        "indicators": ind,
        "observations": obs[schema_columns(Observations)],
        "targets_2030": targets,
        "resolution_results": pd.DataFrame(columns=schema_columns(ResolutionResults)),
    }
    for name, frame in tables.items():
        frame.to_csv(folder / f"{name}.csv", index=False, lineterminator="\n")
    return folder


if __name__ == "__main__":  # python benchmarks/synthetic.py <folder> [n_formers n_units]
    import sys

    args = sys.argv[1:]
    write_raw(Path(args[0]), *(int(a) for a in args[1:3]))
