"""A synthetic country-size merger, shaped like Vietnam's 2025 reform.

About 10.035 former communes merged into 3.321 units, each unit from 1 to 5 former
communes; 40 indicators, 25 extensive (summed) and 15 intensive (rates weighted by
population, exactly, or by a proxy where the declared weight is absent).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from chiengso_stats.load import RawData

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
