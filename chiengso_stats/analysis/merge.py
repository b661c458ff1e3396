"""Analysis: the merge itself, former communes' figures combined into the merged commune's, in long form.

One group-by per rule declared in indicators.csv: extensive figures summed; rates as
Σ numerators / Σ denominators with the declared denominator, or a declared proxy weight
(then `approximate`); qualitative statements by all / any. Each merged figure keeps the
sources it rests on and whether all of them are verified. `reconcile.py` turns the long
result into the merged table.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..ingest.raw import RawData
from ..ingest.schemas import weight_indicator

KEY = ["merged_commune_id", "indicator_id", "period"]


def preferred_observations(obs: pd.DataFrame) -> pd.DataFrame:
    """One value per commune, indicator and period.

    A figure printed in several places keeps the row marked `preferred`, else the body
    text over a footnote; the audit reports any disagreement. The choice depends on the
    data only, never on row order, so shuffling the raw file changes nothing.
    """
    key = ["commune_id", "indicator_id", "period"]
    if "superseded_by" in obs.columns:  # a corrected figure never feeds the merge
        obs = obs[obs.superseded_by.eq("").to_numpy()]
    dup = obs.duplicated(key, keep=False).to_numpy()
    if not dup.any():
        return obs
    # Among the rows of one key: the preferred one, then the body text before a footnote, then the first
    # place. Chosen in plain Python: the duplicated rows are few, and pandas' sort of a handful of rows by
    # six columns cost more than the whole rest of this function.
    positions = np.flatnonzero(dup)
    columns = [obs[c].to_numpy()[positions] for c in (*key, "preferred", "source_ref")]
    rank = sorted(
        range(len(positions)),
        key=lambda i: (
            *(c[i] for c in columns[:3]),
            columns[3][i] != "yes",
            columns[4][i].startswith("Chú thích"),
            columns[4][i],
        ),
    )
    keep = ~dup
    seen = set()
    for i in rank:
        k = (columns[0][i], columns[1][i], columns[2][i])
        if k not in seen:
            seen.add(k)
            keep[positions[i]] = True
    chosen = obs[keep]
    return chosen if _sorted_by(chosen, key) else chosen.sort_values(key, kind="stable")


def _sorted_by(frame: pd.DataFrame, key: list[str]) -> bool:
    """True when the rows are in the order of `key` already (raw.observations always is): no sort needed."""
    if len(frame) < 2:
        return True
    later = np.zeros(len(frame) - 1, dtype=bool)  # row i+1 comes after row i on an earlier column of the key
    for column in key:
        values = frame[column].to_numpy(dtype=object)
        before, after = values[:-1], values[1:]
        if (~later & (after < before)).any():
            return False
        later |= after > before
    return True


def _preferred_mask(obs: pd.DataFrame, key_codes: np.ndarray) -> np.ndarray:
    """Row mask equal to `preferred_observations`, computed on integer keys (fast path)."""
    dup = pd.Series(key_codes).duplicated(keep=False).to_numpy()
    keep = np.ones(len(obs), dtype=bool)
    if dup.any():
        chosen = preferred_observations(obs[dup])
        keep[dup] = obs.index[dup].isin(chosen.index)
    return keep


def _dense_groups(codes: np.ndarray, space: int) -> tuple[np.ndarray, np.ndarray]:
    """`np.unique(codes, return_inverse=True)` for integer codes in [0, space): a count over the
    key space instead of a hash or sort when that space is small next to the data (a country's
    merged communes × indicators × periods is)."""
    if space > 4 * len(codes) + 1_000_000:
        return np.unique(codes, return_inverse=True)
    present = np.bincount(codes, minlength=space) > 0
    rank = np.cumsum(present) - 1
    return np.flatnonzero(present), rank[codes]


LOWER_BOUND_QUALIFIERS = ("trên", "hơn", "khoảng trên", "khoảng hơn")  # printed before a floor


def merge_long(raw: RawData) -> pd.DataFrame:
    """Long merged table: one row per merged commune, indicator and period.

    Vectorised: keys are factorised to integers once, and every sum is one
    `np.bincount`, so the cost grows linearly with the number of observations.
    """
    com, ind = raw.communes, raw.indicators
    obs = raw.observations.reset_index(drop=True)
    c_codes, c_uniq = pd.factorize(obs.commune_id.to_numpy(dtype=object))
    i_codes, i_uniq = pd.factorize(obs.indicator_id.to_numpy(dtype=object))
    p_codes, p_uniq = pd.factorize(obs.period.to_numpy(dtype=object))
    ni, npd = len(i_uniq), len(p_uniq)
    keep = _preferred_mask(obs, (c_codes.astype(np.int64) * ni + i_codes) * npd + p_codes)

    formers = com[com.role == "former"]
    merged_of_commune = pd.Series(formers.merged_into.to_numpy(), index=formers.commune_id.to_numpy())
    m_of_uniq = merged_of_commune.reindex(c_uniq)
    m_codes_uniq, m_uniq = pd.factorize(m_of_uniq.to_numpy(dtype=object), use_na_sentinel=True)
    m_codes = m_codes_uniq[c_codes]
    rows = keep & (m_codes >= 0)

    # Per-indicator rules, looked up once for the few distinct indicators.
    catalogue = ind.set_index("indicator_id")
    aggregation = catalogue.aggregation.reindex(i_uniq).fillna("none").to_numpy(dtype=object)
    weight_id = np.array([weight_indicator(a) for a in aggregation], dtype=object)
    proxy_id = catalogue.proxy_weight.reindex(i_uniq).fillna("").to_numpy(dtype=object)

    # Weights: each period's own weight where it exists (same commune, weight indicator and year),
    # else the latest single-year level; `method` says which year's weights were used.
    kinds = sorted((set(weight_id) | set(proxy_id)) - {""})
    k_of_indicator = pd.Index(kinds).get_indexer(i_uniq)  # -1: not a weight
    year_of = np.array([int(p) if len(p) == 4 and p.isdigit() else -1 for p in p_uniq])
    is_weight = keep & (k_of_indicator[i_codes] >= 0) & (year_of[p_codes] >= 0)
    s_codes, s_uniq = pd.factorize(obs.source_id.to_numpy(dtype=object))
    verified = obs.verified.to_numpy(dtype=bool)
    lookup = _weights(
        c_codes,
        k_of_indicator[i_codes],
        p_codes,
        year_of,
        obs.value.to_numpy(dtype=float),
        s_codes,
        is_weight,
        len(kinds),
    )
    k_weight = pd.Index(kinds).get_indexer(weight_id)
    k_proxy = pd.Index(kinds).get_indexer(proxy_id)
    k_weight[k_weight < 0] = len(kinds)
    k_proxy[k_proxy < 0] = len(kinds)

    pc, ic, mc, cc = p_codes[rows], i_codes[rows], m_codes[rows], c_codes[rows]
    value = obs.value.to_numpy(dtype=float)[rows]
    # a part printed as "trên 205 triệu" is a floor: a sum with it is "at least", never the figure
    floor = obs.qualifier.isin(LOWER_BOUND_QUALIFIERS).to_numpy()[rows]
    weight, w_src, w_year = lookup(cc, k_weight[ic], pc)
    proxy, p_src, p_year = lookup(cc, k_proxy[ic], pc)
    keys, group = _dense_groups((mc.astype(np.int64) * ni + ic) * npd + pc, (len(m_uniq) * ni) * npd)
    n = len(keys)

    def total(x):
        return np.bincount(group, weights=np.nan_to_num(x), minlength=n)

    def count(x):
        return np.bincount(group, weights=~np.isnan(x), minlength=n)

    vmin = np.full(n, np.inf)
    np.minimum.at(vmin, group, np.where(np.isnan(value), np.inf, value))
    vmax = np.full(n, -np.inf)
    np.maximum.at(vmax, group, np.where(np.isnan(value), -np.inf, value))
    g_ind = (keys // npd) % ni
    g_merged = keys // (ni * npd)
    n_formers = formers.groupby("merged_into").size().reindex(m_uniq).to_numpy()[g_merged]
    floored = np.bincount(group, weights=floor, minlength=n) > 0
    out = pd.DataFrame(
        {
            "merged_commune_id": m_uniq[g_merged],
            "indicator_id": i_uniq[g_ind],
            "period": p_uniq[keys % npd],
            "n_parts": count(value),
            "total": total(value),
            "vmin": vmin,
            "vmax": vmax,
            "w_n": count(weight),
            "w_sum": total(weight),
            "wx_sum": total(value * weight),
            "p_n": count(proxy),
            "p_sum": total(proxy),
            "px_sum": total(value * proxy),
            "n_formers": n_formers,
            "aggregation": aggregation[g_ind],
            "weight_id": weight_id[g_ind],
            "proxy_id": proxy_id[g_ind],
        }
    )

    agg = out.aggregation.to_numpy()
    weighted = out.weight_id.to_numpy() != ""
    complete = (out.n_parts == out.n_formers).to_numpy()
    exact_w = weighted & complete & (out.w_n == out.n_formers).to_numpy() & (out.w_sum > 0).to_numpy()
    proxy_w = weighted & complete & ~exact_w & (out.p_n == out.n_formers).to_numpy() & (out.p_sum > 0).to_numpy()
    # Qualitative statements follow three-valued logic: a silent former commune is unknown.
    # 'all' is 0 as soon as one commune denies, 1 when every commune affirms, else unknown;
    # 'any' is 1 as soon as one commune affirms, 0 when every commune denies, else unknown.
    said = (out.n_parts > 0).to_numpy()
    all_no = (agg == "all") & said & (out.vmin.to_numpy() == 0)
    any_yes = (agg == "any") & said & (out.vmax.to_numpy() == 1)
    decided = complete | all_no | any_yes
    with np.errstate(invalid="ignore", divide="ignore"):
        merged = np.select(
            [complete & (agg == "sum"), decided & (agg == "all"), decided & (agg == "any"), exact_w, proxy_w],
            [out.total, out.vmin, out.vmax, out.wx_sum / out.w_sum, out.px_sum / out.p_sum],
            np.nan,
        )
    # Sum of the parts the report does give: a floor for the merged count, since
    # extensive figures are never negative. Useful against ">=" targets.
    partial = (agg == "sum") & ~complete & (out.n_parts > 0).to_numpy()
    bounded = (agg == "sum") & complete & floored  # every part given, one of them only as a floor
    # a weighted mean with a part printed "trên 92%" is a floor too: the weights are positive, so raising
    # that part can only raise the mean ("cả ba xã đều đạt trên 92%": the new commune is above 92%)
    bounded_mean = (exact_w | proxy_w) & floored
    floor_value = np.where(bounded, out.total, np.where(bounded_mean, merged, np.nan))
    merged[bounded | bounded_mean] = np.nan
    out["merged"] = np.round(merged, 9)
    out["merged_lower_bound"] = np.round(np.where(partial, out.total, floor_value), 9)
    # what kind of floor: 'above' (a part printed "trên 205": the sum is "trên 685"), 'at_least' (parts missing)
    out["merged_bound"] = np.select([bounded | bounded_mean, partial], ["above", "at_least"], "")
    out["approximate"] = proxy_w
    used_weight = np.where(exact_w[group], w_src, np.where(proxy_w[group], p_src, -1))
    used_year = np.where(exact_w[group], w_year, np.where(proxy_w[group], p_year, -1))
    out["sources"], out["verified"] = _provenance(
        group, n, s_codes[rows], used_weight, s_uniq, verified[rows], verified_codes(s_codes, verified, len(s_uniq))
    )
    parts = (
        pd.DataFrame(
            {
                "merged_commune_id": m_uniq[mc],
                "indicator_id": i_uniq[ic],
                "period": p_uniq[pc],
                "commune_id": c_uniq[cc],
            }
        )
        if (~complete).any()
        else None
    )
    out["method"] = _methods(out, catalogue, decided, exact_w, proxy_w, com, parts)
    out.loc[decided & ~complete, "method"] += " (có xã cũ không nêu, nhưng kết quả đã rõ)"
    if (bounded | bounded_mean).any():  # name the parts printed as a floor, in their own words
        printed = obs.qualifier.to_numpy(dtype=object)[rows] + " " + obs.value_as_printed.to_numpy(dtype=object)[rows]
        names = com.set_index("commune_id").name_vi.reindex(c_uniq).to_numpy(dtype=object)[cc]
        said: dict[int, list[str]] = {}
        for g, text, name in zip(group[floor], printed[floor], names[floor]):
            said.setdefault(int(g), []).append(f"{name}: '{text}'")
        rule = np.where(bounded, "Cộng số của các xã cũ", out.method.to_numpy(dtype=object))
        out.loc[bounded | bounded_mean, "method"] = [
            f"{rule[g]}, là số tối thiểu (ít nhất), vì báo cáo chỉ nêu {'; '.join(said[g])}"
            for g in np.flatnonzero(bounded | bounded_mean)
        ]
    out["method"] += _weight_years(group, n, used_year, exact_w | proxy_w)
    # a weight of another year than the figure's (the rates of 2020 by the households of 2025) is a proxy too
    other_year = np.zeros(n, dtype=bool)
    np.logical_or.at(other_year, group, (used_year >= 0) & (used_year != year_of[pc]))
    out["approximate"] = proxy_w | other_year
    out.loc[other_year, "method"] = out.loc[other_year, "method"].str.replace(
        "— chính xác", "— gần đúng: trọng số của năm khác với năm của số liệu", regex=False
    )
    return out


def _weights(c, k, p, year_of, values, sources, is_weight, n_kinds):
    """A lookup (commune, weight kind, period) -> (weight, its source code, its year).

    The period's own weight wins; else the latest year of that commune's weight. Choices
    depend on the data only, never on row order: ties cannot occur because the rows
    given are one per commune, indicator and period.
    """
    idx = np.flatnonzero(is_weight)
    n_p = len(year_of)
    key = (c[idx].astype(np.int64) * (n_kinds + 1) + k[idx]) * n_p + p[idx]
    own = pd.Index(key)
    # latest year per (commune, kind): sort by year, keep the last of each pair
    frame = pd.DataFrame(
        {"ck": c[idx].astype(np.int64) * (n_kinds + 1) + k[idx], "year": year_of[p[idx]], "row": idx}
    ).sort_values(["ck", "year"], kind="stable")
    last = frame.drop_duplicates("ck", keep="last")
    latest = pd.Series(last.row.to_numpy(), index=last.ck.to_numpy())

    def lookup(cq, kq, pq):
        ck = cq.astype(np.int64) * (n_kinds + 1) + kq
        hit = own.get_indexer(ck * n_p + pq)
        row = np.where(
            hit >= 0,
            idx[np.maximum(hit, 0)] if len(idx) else -1,
            latest.reindex(ck).fillna(-1).to_numpy(dtype=np.int64),
        )
        found = row >= 0
        safe = np.maximum(row, 0)
        return (
            np.where(found, values[safe], np.nan),
            np.where(found, sources[safe], -1),
            np.where(found, year_of[p[safe]], -1),
        )

    return lookup


def _weight_years(group, n, used_year, weighted) -> np.ndarray:
    """' (trọng số năm 2025)' for each weighted merged row: the years of the weights it used."""
    low = np.full(n, 10**6)
    high = np.full(n, -1)
    ok = used_year >= 0
    np.minimum.at(low, group[ok], used_year[ok])
    np.maximum.at(high, group[ok], used_year[ok])
    show = weighted & (high >= 0)
    out = np.full(n, "", dtype=object)
    if show.any():  # a text per distinct pair of years, not per row: a country has 100.000s of rows
        # one int per pair of years (years have four digits): factorising ints beats a MultiIndex 50 times
        codes, pairs = pd.factorize(low[show].astype(np.int64) * 10_000 + high[show])
        texts = np.array(
            [
                f" (trọng số năm {a})" if a == b else f" (trọng số các năm {a}-{b})"
                for a, b in zip(pairs // 10_000, pairs % 10_000)
            ],
            dtype=object,
        )
        out[show] = texts[codes]
    return out


def verified_codes(s_codes: np.ndarray, verified: np.ndarray, n_sources: int) -> np.ndarray:
    """Per source code: are all its figures verified (False for office records)."""
    return np.bincount(s_codes, weights=~verified, minlength=n_sources) == 0


def _provenance(group, n, value_source, weight_source, s_uniq, value_verified, source_verified):
    """Sources each merged figure rests on (its parts and the weights it used), and
    whether every one of them is verified."""
    w = weight_source >= 0
    n_s = len(s_uniq) + 1
    # one int64 key per (group, source): a 1-D unique is many times faster than unique rows
    keys, _ = _dense_groups(
        np.concatenate(
            [group.astype(np.int64) * n_s + value_source, group[w].astype(np.int64) * n_s + weight_source[w]]
        ),
        n * n_s,
    )
    pairs = np.stack([keys // n_s, keys % n_s], 1)  # sorted by group, then source code
    unverified = np.bincount(group, weights=~value_verified, minlength=n) > 0
    unverified |= np.bincount(group[w], weights=~source_verified[weight_source[w]], minlength=n) > 0
    names = np.full(n, "", dtype=object)
    per_group = np.bincount(pairs[:, 0], minlength=n)
    single = per_group[pairs[:, 0]] == 1  # the usual case, done without a Python loop
    names[pairs[single, 0]] = s_uniq[pairs[single, 1]]
    multi = pairs[~single]
    if len(multi):
        joined = pd.Series(s_uniq[multi[:, 1]]).groupby(multi[:, 0]).agg(lambda x: "; ".join(sorted(x)))
        names[joined.index.to_numpy()] = joined.to_numpy()
    return names, ~unverified


def _methods(out, ind, complete, exact_w, proxy_w, com, parts) -> pd.Series:
    """Method in words, one text per indicator and case, looked up for each row."""
    agg = out.aggregation.to_numpy()
    case = np.select(
        [agg == "none", ~complete, agg == "sum", agg == "all", agg == "any", exact_w, proxy_w], [0, 1, 2, 3, 4, 5, 6], 7
    )
    # the catalogue as dicts: a label lookup in a pandas column, 4 per indicator, cost more than the rest
    name, aggregation = ind.name_vi.to_dict(), ind.aggregation.to_dict()
    proxy, denominators = ind.proxy_weight.to_dict(), ind.denominator_vi.to_dict()
    texts = {}
    for i in out.indicator_id.unique():
        w, p = weight_indicator(aggregation[i]), proxy[i]
        w_name, p_name = name.get(w, w), name.get(p, p)
        denominator = denominators[i] or w_name
        texts[i] = [
            "Không cộng: số riêng của từng xã cũ, chỉ có nghĩa với chính xã đó "
            "(vd số chỉ tiêu đạt so với nghị quyết của xã, tỷ lệ so với kế hoạch riêng)",
            "",
            "Cộng số của các xã cũ (chỉ tiêu quy mô)",
            "Định tính: đạt khi mọi xã cũ đạt; một xã cũ không đạt là không đạt",
            "Định tính: đạt khi ít nhất một xã cũ đạt; không đạt khi mọi xã cũ không đạt",
            f"Bình quân gia quyền theo '{w_name}' (tổng tử số / tổng mẫu số) — chính xác",
            f"Gần đúng: bình quân gia quyền theo '{p_name}' thay cho '{w_name}', vì báo cáo không có số "
            f"{denominator} của từng xã",
            f"Không tính: thiếu trọng số '{w_name}'" + (f" và trọng số thay thế '{p_name}'" if p else ""),
        ]
    codes, uniques = pd.factorize(out.indicator_id)
    table = np.array([texts[i] for i in uniques], dtype=object).reshape(len(uniques), 8)
    text = pd.Series(table[codes, case], index=out.index, dtype="str")
    incomplete = ~complete & (agg != "none")
    if incomplete.any():  # name the former communes the report has no figure for
        keys = out.loc[incomplete, KEY]
        formers = com.loc[com.role == "former", ["commune_id", "merged_into", "name_vi"]].rename(
            columns={"merged_into": "merged_commune_id"}
        )
        expected = keys.merge(formers, on="merged_commune_id")
        have = parts.loc[parts.indicator_id.isin(keys.indicator_id.unique()), [*KEY, "commune_id"]].assign(_have=True)
        missing = expected.merge(have, on=[*KEY, "commune_id"], how="left")
        missing = missing[missing._have.isna()].sort_values("name_vi")
        names: dict[tuple, list[str]] = {}
        for key in zip(*(missing[k].to_numpy() for k in [*KEY, "name_vi"])):
            names.setdefault(key[:3], []).append(key[3])
        text[incomplete] = [
            "Không tính: báo cáo không có số của " + ", ".join(names.get(k, []))
            for k in zip(*(keys[k].to_numpy() for k in KEY))
        ]
    return text
