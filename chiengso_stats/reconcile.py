"""Stage 2: rebuild the merged commune from its former communes.

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

import numpy as np
import pandas as pd

from .load import RawData, load_raw
from .numbers import format_vn, printed_decimals

CHECK_MATCH, CHECK_MISMATCH, CHECK_NO_REPORT, CHECK_NOT_COMPUTED = (
    "khớp", "lệch", "không có số báo cáo", "không tính được")
KEY = ["merged_commune_id", "indicator_id", "period"]


def preferred_observations(obs: pd.DataFrame) -> pd.DataFrame:
    """One value per commune, indicator and period.

    A figure printed in several places keeps the row marked `preferred`, else the body
    text over a footnote; the audit reports any disagreement. The choice depends on the
    data only, never on row order, so shuffling the raw file changes nothing.
    """
    ranked = obs.assign(_p=obs.preferred.ne("yes"), _footnote=obs.source_ref.str.startswith("Chú thích"))
    ranked = ranked.sort_values(["commune_id", "indicator_id", "period", "_p", "_footnote", "source_ref"])
    return ranked.drop_duplicates(["commune_id", "indicator_id", "period"]).drop(columns=["_p", "_footnote"])



def _weights(pref: pd.DataFrame, weight_ids: set[str]) -> pd.DataFrame:
    """Latest single-year level of each weight indicator for each commune."""
    w = pref[pref.indicator_id.isin(weight_ids) & pref.period.str.fullmatch(r"\d{4}")]
    w = w.sort_values("period").drop_duplicates(["commune_id", "indicator_id"], keep="last")
    return w[["commune_id", "indicator_id", "value"]].rename(
        columns={"indicator_id": "weight_id", "value": "weight"})


def merge_long(raw: RawData) -> pd.DataFrame:
    """Long merged table: one row per merged commune, indicator and period."""
    com, ind = raw.communes, raw.indicators.set_index("indicator_id")
    pref = preferred_observations(raw.observations)
    formers = com[com.role == "former"][["commune_id", "merged_into"]].rename(
        columns={"merged_into": "merged_commune_id"})
    n_formers = formers.groupby("merged_commune_id").size().rename("n_formers")

    parts = pref.merge(formers, on="commune_id")
    parts["aggregation"] = parts.indicator_id.map(ind.aggregation)
    parts["weight_id"] = parts.aggregation.str.removeprefix("mean_weighted_by_").where(
        parts.aggregation.str.startswith("mean_weighted_by_"), "")
    parts["proxy_id"] = parts.indicator_id.map(ind.proxy_weight).fillna("")
    weights = _weights(pref, set(parts.weight_id) | set(parts.proxy_id))
    parts = parts.merge(weights, on=["commune_id", "weight_id"], how="left")
    parts = parts.merge(weights.rename(columns={"weight_id": "proxy_id", "weight": "proxy"}),
                        on=["commune_id", "proxy_id"], how="left")
    parts["wx"] = parts.value * parts.weight
    parts["px"] = parts.value * parts.proxy

    g = parts.groupby(KEY, sort=False)
    out = g.agg(n_parts=("value", "count"), total=("value", "sum"), vmin=("value", "min"),
                vmax=("value", "max"), w_n=("weight", "count"), w_sum=("weight", "sum"),
                wx_sum=("wx", "sum"), p_n=("proxy", "count"), p_sum=("proxy", "sum"),
                px_sum=("px", "sum")).reset_index()
    out = out.join(n_formers, on="merged_commune_id")
    out["aggregation"] = out.indicator_id.map(ind.aggregation)
    out["weight_id"] = out.aggregation.str.removeprefix("mean_weighted_by_")
    out["proxy_id"] = out.indicator_id.map(ind.proxy_weight).fillna("")
    complete = out.n_parts.eq(out.n_formers)
    agg = out.aggregation
    exact_w = complete & out.w_n.eq(out.n_formers) & out.w_sum.gt(0)
    proxy_w = complete & ~exact_w & out.p_n.eq(out.n_formers) & out.p_sum.gt(0)

    merged = pd.Series(np.nan, index=out.index)
    merged = merged.mask(complete & agg.eq("sum"), out.total)
    merged = merged.mask(complete & agg.eq("all"), out.vmin)
    merged = merged.mask(complete & agg.eq("any"), out.vmax)
    weighted = agg.str.startswith("mean_weighted_by_")
    merged = merged.mask(weighted & exact_w, out.wx_sum / out.w_sum)
    merged = merged.mask(weighted & proxy_w, out.px_sum / out.p_sum)
    out["merged"] = merged.round(9)
    # Sum of the parts the report does give: a floor for the merged count, since
    # extensive figures are never negative. Useful against ">=" targets.
    partial = agg.eq("sum") & ~complete & out.n_parts.gt(0)
    out["merged_lower_bound"] = out.total.where(partial).round(9)
    out["approximate"] = weighted & proxy_w
    out["method"] = _methods(out, ind, complete, exact_w, proxy_w, raw.communes, parts)
    return out


def _methods(out, ind, complete, exact_w, proxy_w, com, parts) -> pd.Series:
    name = ind.name_vi
    cname = dict(zip(com.commune_id, com.name_vi))
    have = parts.groupby(KEY).commune_id.agg(set)
    expected = com[com.role == "former"].groupby("merged_into").commune_id.agg(set)
    texts = []
    for i, row in out.iterrows():
        agg = row.aggregation
        if agg == "none":
            texts.append("Không cộng: số riêng của từng xã cũ, chỉ có nghĩa với chính xã đó "
                         "(vd số chỉ tiêu đạt so với nghị quyết của xã, tỷ lệ so với kế hoạch riêng)")
            continue
        if not complete[i]:
            missing = expected[row.merged_commune_id] - have[(row.merged_commune_id, row.indicator_id, row.period)]
            texts.append("Không tính: báo cáo không có số của " + ", ".join(sorted(cname[c] for c in missing)))
            continue
        if agg == "sum":
            texts.append("Cộng số của các xã cũ (chỉ tiêu quy mô)")
        elif agg in ("all", "any"):
            rule = "tất cả" if agg == "all" else "ít nhất một"
            texts.append(f"Định tính: đạt khi {rule} xã cũ đạt")
        elif exact_w[i]:
            texts.append(f"Bình quân gia quyền theo '{name[row.weight_id]}' "
                         "(tổng tử số / tổng mẫu số) — chính xác")
        elif proxy_w[i]:
            denominator = ind.denominator_vi.get(row.indicator_id, "") or name[row.weight_id]
            texts.append(f"Gần đúng: bình quân gia quyền theo '{name[row.proxy_id]}' thay cho "
                         f"'{name[row.weight_id]}', vì báo cáo không có số {denominator} của từng xã")
        else:
            texts.append(f"Không tính: thiếu trọng số '{name[row.weight_id]}'"
                         + (f" và trọng số thay thế '{name[row.proxy_id]}'" if row.proxy_id else ""))
    return pd.Series(texts, index=out.index, dtype="str")


def _attach_reported(out: pd.DataFrame, raw: RawData) -> pd.DataFrame:
    pref = preferred_observations(raw.observations)
    merged_ids = set(raw.communes.commune_id[raw.communes.role == "merged"])
    rep = pref[pref.commune_id.isin(merged_ids)].rename(columns={
        "commune_id": "merged_commune_id", "value": "reported", "value_as_printed": "reported_as_printed",
        "source_ref": "reported_source_ref"})[KEY + ["reported", "reported_as_printed", "reported_source_ref"]]
    out = out.merge(rep, on=KEY, how="outer")
    diff = out.merged - out.reported
    tolerance = 0.5 * 10.0 ** -out.reported_as_printed.fillna("").map(printed_decimals)
    out["difference"] = diff.round(9)
    out["check"] = np.select(
        [out.reported.isna(), out.merged.isna(), diff.abs() <= tolerance + 1e-9],
        [CHECK_NO_REPORT, CHECK_NOT_COMPUTED, CHECK_MATCH], CHECK_MISMATCH)
    out["check"] = [f"{c} ({'+' if d > 0 else ''}{format_vn(d)})" if c == CHECK_MISMATCH else c
                    for c, d in zip(out.check, out.difference)]
    out.loc[out.reported.isna() & out.merged.isna(), "check"] = CHECK_NO_REPORT
    return out


def reconcile(raw: RawData) -> pd.DataFrame:
    """Merged table for every merged commune, wide: one column per former commune."""
    ind = raw.indicators.set_index("indicator_id")
    out = _attach_reported(merge_long(raw), raw)
    out["method"] = out.method.fillna("Chỉ có số báo cáo cho xã mới; báo cáo không tách theo xã cũ")
    out["approximate"] = out.approximate.astype("boolean").fillna(False).astype(bool)
    out["name_vi"] = out.indicator_id.map(ind.name_vi)
    out["name_en"] = out.indicator_id.map(ind.name_en)
    out["unit"] = out.indicator_id.map(ind.unit)
    out["kind"] = out.indicator_id.map(ind.kind)

    pref = preferred_observations(raw.observations)
    formers = raw.communes[raw.communes.role == "former"]
    parts = pref.merge(formers[["commune_id", "merged_into"]], on="commune_id").rename(
        columns={"merged_into": "merged_commune_id"})
    wide = parts.pivot_table(index=KEY, columns="commune_id", values="value", aggfunc="first")
    former_ids = sorted(formers.commune_id)
    wide = wide.reindex(columns=former_ids)
    wide.columns.name = None
    out = out.merge(wide.reset_index(), on=KEY, how="left")

    order = {k: i for i, k in enumerate(raw.indicators.indicator_id)}
    out = out.assign(_o=out.indicator_id.map(order)).sort_values(
        ["merged_commune_id", "_o", "period"]).drop(columns="_o").reset_index(drop=True)
    columns = (["merged_commune_id", "indicator_id", "name_vi", "name_en", "unit", "kind", "period"]
               + former_ids + ["merged", "merged_lower_bound", "method", "approximate", "reported", "reported_as_printed", "reported_source_ref",
                               "check", "difference"])
    return out[columns]


def merged(raw_dir=None) -> pd.DataFrame:
    """Public API: the merged-commune table (see module docstring for the rules)."""
    return reconcile(load_raw(raw_dir))
