"""Analysis: rebuild the merged commune from its former communes.

Follows the harmonisation practice of tobler / NHGIS / IPUMS:

* extensive figures (people, area, money, counts) are summed;
* intensive figures (rates, shares) are rebuilt as sum of numerators over sum of
  denominators, i.e. the mean weighted by the declared denominator. When the report
  lacks that denominator for some former commune, a declared proxy weight is used and
  the result is flagged `approximate`. Adding the real denominator to the raw data
  switches the rule back to exact with no code change;
* qualitative statements merge by `all` / `any`;
* figures that make no sense summed (`none`) stay per commune.

Everything is a group-by over long tables, so a whole country costs about as much as
one commune per row.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from .. import config
from ..cache import remembered
from ..glossary import en, vi
from ..ingest.raw import RawData, load_raw
from ..numbers import format_vn, printed_tolerance
from ..text import vietnamese_sort_key
from .merge import KEY, merge_long, preferred_observations  # preferred_observations: used by audit and charts too

# Codes of the check against the figure printed for the new commune, and their labels.
CHECK_MATCH, CHECK_MISMATCH, CHECK_NO_REPORT, CHECK_NOT_COMPUTED = ("match", "mismatch", "no_report", "not_computed")
# the check's label and its English, from the glossary ('check.<code>')
CHECK_VI = {c: vi(f"check.{c}") for c in (CHECK_MATCH, CHECK_MISMATCH, CHECK_NO_REPORT, CHECK_NOT_COMPUTED)}
CHECK_EN = {c: en(f"check.{c}") for c in CHECK_VI}


def merged_or_reported(merged, reported):
    """The figure a merged-table row stands for: the merged value, else the one a source gives for the new commune.

    One rule for every reader of the merged table (the targets' yearly series, the yearly table,
    the form's earlier years, the charts, the plausibility check). Works on two Series (a frame's
    columns) or on two scalars (a row's fields).

    Examples
    --------
    >>> merged_or_reported(pd.Series([17145.0, None]), pd.Series([17145.0, 42.3])).tolist()
    [17145.0, 42.3]
    """
    if isinstance(merged, pd.Series):
        return merged.fillna(reported)
    return reported if merged is None or pd.isna(merged) else merged


def check_text(code: str, difference: float) -> str:
    """The check as the office reads it: 'Khớp', or 'Lệch (-75)' with the difference."""
    if code == CHECK_MISMATCH:
        return vi("check.mismatch_by", x=f"{'+' if difference > 0 else ''}{format_vn(difference)}")
    return CHECK_VI.get(code, code)


def _attach_reported(out: pd.DataFrame, raw: RawData, pref: pd.DataFrame) -> pd.DataFrame:
    merged_ids = set(raw.communes.commune_id[raw.communes.role == "merged"])
    rep = pref[pref.commune_id.isin(merged_ids)].rename(
        columns={
            "commune_id": "merged_commune_id",
            "value": "reported",
            "value_as_printed": "reported_as_printed",
            "source_ref": "reported_source_ref",
            "source_id": "reported_source_id",
            "verified": "reported_verified",
            "decimal_mark": "reported_mark",
        }
    )[
        [
            *KEY,
            "reported",
            "reported_as_printed",
            "reported_source_id",
            "reported_source_ref",
            "reported_verified",
            "reported_mark",
        ]
    ]
    out = out.merge(rep, on=KEY, how="outer")
    out["sources"] = out.sources.fillna("")
    out["verified"] = out.verified.astype("boolean").fillna(True).astype(bool) & out.reported_verified.astype(
        "boolean"
    ).fillna(True).astype(bool)
    diff = out.merged - out.reported
    # in the printed unit (1,2 tỷ: ±50), to the digits of the row's own decimal mark ("42.2%" with "." is ±0,05)
    tolerance = pd.Series(
        [
            printed_tolerance(p, m or ",")
            for p, m in zip(out.reported_as_printed.fillna(""), out.reported_mark.fillna(""))
        ],
        index=out.index,
        dtype=float,
    )
    out = out.drop(columns=["reported_verified", "reported_mark"])
    # a merged floor ("trên 92": every part printed "trên …") agrees with any printed figure not below it
    floor = out.merged.isna() & out.merged_bound.eq("above") & out.reported.notna()
    below = floor & (out.reported + tolerance + 1e-9 < out.merged_lower_bound)
    diff = diff.where(~below, out.merged_lower_bound - out.reported)
    out["difference"] = diff.round(9)
    out["check_code"] = np.select(
        [out.reported.isna(), below, floor, out.merged.isna(), diff.abs() <= tolerance + 1e-9],
        [CHECK_NO_REPORT, CHECK_MISMATCH, CHECK_MATCH, CHECK_NOT_COMPUTED, CHECK_MATCH],
        CHECK_MISMATCH,
    )
    out["check"] = out.check_code.map(CHECK_VI)  # the label only; the number is in `difference`
    out["check_en"] = out.check_code.map(CHECK_EN)
    return out


WIDE_LIMIT = 50  # beyond this many former communes, per-commune columns make no readable table
WIDE_TOTAL_LIMIT = 200  # nor beyond this many columns in all (10.035 communes would not fit in memory)


def reconcile(raw: RawData) -> pd.DataFrame:
    """Merged table for every merged commune, wide: one column per former commune.

    A province or a country has thousands of former communes; one column each would be
    unreadable and huge, so past `WIDE_LIMIT` the table keeps the long form only.
    """
    ind = raw.indicators.set_index("indicator_id")
    pref = preferred_observations(raw.observations)  # the reported figures and the wide columns
    out = _attach_reported(merge_long(raw), raw, pref)
    # a figure given for the new commune only, from whatever source gave it (the congress report, a yearly form)
    titles = dict(zip(raw.sources.source_id, raw.sources.title_vi))
    given = out.reported_source_id.map(lambda s: titles.get(s, s) if isinstance(s, str) else "")
    out["method"] = out.method.fillna("Số của xã mới theo " + given.fillna("") + "; nguồn không tách theo xã cũ")
    # the figure the row stands for, whoever gives it: analysts plot `value`, not `merged`
    out["value"] = merged_or_reported(out.merged, out.reported)
    out["value_origin"] = np.select(
        [out.merged.notna(), out.reported.notna(), out.merged_lower_bound.notna()],
        ["merged", "reported", "lower_bound"],
        "",
    )
    out["method"] = out.method + _corrections(raw, out)
    out["approximate"] = out.approximate.astype("boolean").fillna(False).astype(bool)
    out["name_vi"] = out.indicator_id.map(ind.name_vi)
    out["name_en"] = out.indicator_id.map(ind.name_en)
    out["unit"] = out.indicator_id.map(ind.unit)
    out["kind"] = out.indicator_id.map(ind.kind)

    formers = raw.communes[raw.communes.role == "former"]
    # One column per former commune, for the mergers small enough to read that way: a merger of
    # more than WIDE_LIMIT communes stays long, and leaves the other mergers' columns as they are.
    sizes = formers.merged_into.map(formers.merged_into.value_counts())
    former_ids = sorted(formers.commune_id[sizes <= WIDE_LIMIT])
    if len(former_ids) > WIDE_TOTAL_LIMIT:  # a whole country of small mergers: one column each is no table
        former_ids = []
    if former_ids:
        parts = pref.merge(formers[["commune_id", "merged_into"]], on="commune_id").rename(
            columns={"merged_into": "merged_commune_id"}
        )
        wide = parts.pivot_table(index=KEY, columns="commune_id", values="value", aggfunc="first")
        wide = wide.reindex(columns=former_ids)
        wide.columns.name = None
        out = out.merge(wide.reset_index(), on=KEY, how="left")

    # Rows in the order of the Vietnamese names (accents folded), so that no raw row order matters.
    out = (
        out.assign(_o=out.name_vi.map(vietnamese_sort_key))
        .sort_values(["merged_commune_id", "_o", "indicator_id", "period"])
        .drop(columns="_o")
        .reset_index(drop=True)
    )
    columns = [
        "merged_commune_id",
        "indicator_id",
        "name_vi",
        "name_en",
        "unit",
        "kind",
        "period",
        *former_ids,
        "value",
        "value_origin",
        "merged",
        "merged_lower_bound",
        "merged_bound",
        "method",
        "approximate",
        "reported",
        "reported_as_printed",
        "reported_source_id",
        "reported_source_ref",
        "check_code",
        "check",
        "check_en",
        "difference",
        "sources",
        "verified",
    ]
    return out[columns]


def correction_pairs(obs: pd.DataFrame) -> list[tuple]:
    """(superseded row, the row that supersedes it), for every correction in the observations."""
    pairs = []
    for old in obs[obs.superseded_by.ne("")].itertuples():
        new = obs[
            (obs.commune_id == old.commune_id)
            & (obs.indicator_id == old.indicator_id)
            & (obs.period == old.period)
            & (obs.supersedes == old.source_id)
        ]
        pairs += [(old, n) for n in new.itertuples()]
    return pairs


def _corrections(raw: RawData, out: pd.DataFrame) -> pd.Series:
    """' Dùng số đính chính: …' for merged rows resting on a figure that superseded another."""
    obs = raw.observations
    if "superseded_by" not in obs.columns or not obs.superseded_by.ne("").any():
        return pd.Series("", index=out.index)
    merged_of = dict(zip(raw.communes.commune_id, raw.communes.merged_into))
    names = dict(zip(raw.communes.commune_id, raw.communes.name_vi))
    texts: dict[tuple, list[str]] = {}
    for old, n in correction_pairs(obs):
        merged_id = merged_of.get(old.commune_id) or old.commune_id
        texts.setdefault((merged_id, old.indicator_id, old.period), []).append(
            f"{names[old.commune_id]}: {n.value_as_printed} theo nguồn '{n.source_id}' thay {old.value_as_printed} "
            f"theo nguồn '{old.source_id}'"
        )
    keys = zip(out.merged_commune_id, out.indicator_id, out.period)
    return pd.Series(
        [". Dùng số đính chính: " + "; ".join(sorted(texts[k])) if k in texts else "" for k in keys], index=out.index
    )


def as_raw(raw_or_dir: str | Path | RawData | None) -> RawData:
    """Already-loaded data passes through; a folder (or None: data/raw) is loaded (kept warm, see `cache`)."""
    if isinstance(raw_or_dir, RawData):
        return raw_or_dir
    folder = config.resolve(raw_or_dir)
    return remembered("load_raw", folder, (), lambda: load_raw(folder))


def merged(raw_dir: str | Path | RawData | None = None) -> pd.DataFrame:
    """The merged-commune table: one row per merged commune, indicator and period.

    Parameters
    ----------
    raw_dir : str, Path, RawData or None
        A raw folder (default ``data/raw``), or data already loaded by `load_raw`.

    Returns
    -------
    DataFrame
        One row per merged commune, indicator and period: the former communes' figures (one column
        each, for a merger of up to 50 former communes), the merged figure, how it was merged, and
        the figure printed for the new commune with the check of one against the other.

    Examples
    --------
    >>> t = merged()
    >>> t.loc[t.indicator_id == "population", "merged"].item()
    17145.0
    """
    if isinstance(raw_dir, RawData):
        return reconcile(raw_dir)
    folder = config.resolve(raw_dir)
    return remembered("merged", folder, (), lambda: reconcile(as_raw(folder)))
