"""Analysis: the audit's arithmetic rules: printed totals, components, counts, ratios and shares.

Each rule runs over all the data and yields one finding per item it could check, passes
included. Relations between indicators (components, ratios, shares of a count) are declared
in the catalogue, not here. The rules about how the report is written, and `confront`, which
runs them all, are in `audit.py`.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ..glossary import en, target_no, vi
from ..ingest.raw import RawData
from ..ingest.schemas import CLAIM_ACHIEVED, CLAIM_NOT_ACHIEVED, CLAIM_TOTAL, CLAIMS
from ..numbers import format_vn, printed_decimals, printed_tolerance, split_printed
from ..rows import named_rows
from .reconcile import CHECK_MATCH, preferred_observations

PASS, FAIL, NA = "pass", "fail", "na"
ERROR, WARNING, INFO = vi("severity.error"), vi("severity.warning"), vi("severity.info")  # Sai lệch, Cần xem lại, Lưu ý

# the rules in their order, each named by the glossary ('rule.<code>'): "Vietnamese / English"
RULES = {
    code: f"{vi('rule.' + code)} / {en('rule.' + code)}"
    for code in (
        "total_vs_parts",
        "components_vs_total",
        "copy_paste",
        "targets_achieved_count",
        "repeated_figure",
        "percentage_vs_ratio",
        "whole_numerator",
        "number_format",
        "target_total_vs_average",
        "superseded",
    )
}
COLUMNS = [
    "rule",
    "status",
    "severity",
    "commune_id",
    "communes",
    "indicator_id",
    "printed_value",
    "computed_value",
    "message_vi",
    "message_en",
    "source_ref",
    "values",
]


def finding(
    rule, status, severity, commune, indicator, vi, en, source, values="", *, printed=None, computed=None, communes=None
):
    """One item checked. `printed` is the figure the report prints, `computed` what its own figures give
    for it (both in the figure's unit), where the rule compares one figure with another; `commune` is
    one id, or several joined by '+'; `communes` lists them (default: `commune` split at '+')."""
    return dict(
        rule=rule,
        status=status,
        severity=severity if status == FAIL else "",
        commune_id=commune,
        communes=list(communes) if communes is not None else commune.split("+") if commune else [],
        indicator_id=indicator,
        printed_value=float("nan") if printed is None else float(printed),
        computed_value=float("nan") if computed is None else float(computed),
        message_vi=vi,
        message_en=en,
        source_ref=source,
        values=values,
    )


def en_printed(printed: str) -> str:
    """A printed figure for an English message: its number (and '%'), the Vietnamese unit words left out
    (the row's indicator id says what is counted; `values` keeps the figure as printed).

    Examples
    --------
    >>> en_printed("684,1 triệu đồng"), en_printed("21,7%"), en_printed("60,66 km2"), en_printed("Đạt")
    ('684,1', '21,7%', '60,66 km2', 'Đạt')
    """
    m = split_printed(str(printed))
    if m is None:
        return str(printed)
    unit = m["unit"]
    if unit.startswith("%"):
        return f"{m['num']}%"
    return m["num"] + (f" {unit}" if unit and unit.isascii() else "")


def names(raw: RawData):
    return dict(zip(raw.communes.commune_id, raw.communes.name_vi)), dict(
        zip(raw.indicators.indicator_id, raw.indicators.name_vi)
    )


def total_vs_parts(raw: RawData, table: pd.DataFrame) -> list[dict]:
    cname, iname = names(raw)
    out = []
    # A figure of a year after the merger has no former communes to add up: not an item to check.
    merger_year = dict(zip(raw.communes.commune_id, raw.communes.merger_year))
    first_year = table.period.str.slice(0, 4).astype(int)
    after = first_year > table.merged_commune_id.map(merger_year).replace("", "9999").astype(int)
    for row in named_rows(table[table.reported.notna() & ~after]):
        formers = raw.formers_of.get(row.merged_commune_id, [])
        parts = "; ".join(
            f"{cname[c]}: {format_vn(getattr(row, c))}"
            for c in formers
            if c in table.columns and not pd.isna(getattr(row, c))
        )
        floor = pd.isna(row.merged) and row.merged_bound == "above"
        why_not = " nhưng không nêu số của từng xã cũ"
        if pd.isna(row.merged) and not floor:
            out.append(
                finding(
                    "total_vs_parts",
                    NA,
                    "",
                    row.merged_commune_id,
                    row.indicator_id,
                    f"{iname[row.indicator_id]}: báo cáo nêu {row.reported_as_printed} cho xã mới"
                    # parts printed but not mergeable (a weight or a commune missing): say why, not "no parts"
                    + (f"; số các xã cũ ({parts}) không gộp được: {row.method}" if parts else why_not),
                    f"{row.indicator_id}: printed total {en_printed(row.reported_as_printed)} has no "
                    + ("merged parts" if parts else "parts")
                    + " to check against",
                    row.reported_source_ref,
                    printed=row.reported,
                )
            )
            continue
        ok = row.check_code == CHECK_MATCH
        if floor:  # parts printed as floors ("trên 92%"): the merged figure is "trên 92", any figure not below agrees
            bound = format_vn(row.merged_lower_bound)
            vi = (
                f"{iname[row.indicator_id]}: tổng nêu {row.reported_as_printed}, tổng các xã cũ ({parts}) = trên "
                f"{bound} (số tối thiểu, ít nhất)"
                + (f", phù hợp: {format_vn(row.reported)} ≥ {bound}" if ok else f", thấp hơn số tối thiểu {bound}")
            )
            en = (
                f"{row.indicator_id}: printed total {en_printed(row.reported_as_printed)}, parts give above {bound}"
                + (f", consistent: {format_vn(row.reported)} >= {bound}" if ok else f", below the floor {bound}")
            )
        else:
            vi = (
                f"{iname[row.indicator_id]}: tổng nêu {row.reported_as_printed}, tổng các xã cũ "
                f"({parts}) = {format_vn(row.merged)}"
                + ("" if ok else f", lệch {format_vn(row.merged - row.reported)}" + _explaining_figure(raw, row, iname))
            )
            en = (
                f"{row.indicator_id}: printed total {en_printed(row.reported_as_printed)}, "
                f"sum of parts {format_vn(row.merged)}"
                + ("" if ok else f", difference {format_vn(row.merged - row.reported)}")
            )
        out.append(
            finding(
                "total_vs_parts",
                PASS if ok else FAIL,
                ERROR,
                row.merged_commune_id,
                row.indicator_id,
                vi,
                en,
                row.reported_source_ref,
                f"{row.reported_as_printed} vs {parts}",
                printed=row.reported,
                computed=row.merged,
                communes=[row.merged_commune_id, *formers],
            )
        )
    return out


def _explaining_figure(raw: RawData, row, iname) -> str:
    """A figure printed elsewhere for the same commune, in the same unit, equal to the gap.

    '215 hộ' against 50 + 90 leaves 75, which is exactly the '75 hộ cá thể' printed one
    paragraph earlier: the total probably counts that group too. A hint, not a proof.
    """
    gap = abs(row.reported - row.merged)
    unit = dict(zip(raw.indicators.indicator_id, raw.indicators.unit))
    obs = raw.observations
    equal = obs.iloc[np.flatnonzero(np.abs(obs.value.to_numpy(dtype=float) - gap) < 1e-9)]  # few rows, if any
    return "".join(
        f"; chênh lệch bằng số '{iname[h.indicator_id]}' ({h.value_as_printed}) nêu ở {h.source_ref}"
        " — có thể số tổng đã gồm cả nhóm này"
        for h in named_rows(equal)
        if h.commune_id == row.merged_commune_id
        and h.indicator_id != row.indicator_id
        and unit.get(h.indicator_id) == row.unit
    )


def components_vs_total(raw: RawData, obs: pd.DataFrame) -> list[dict]:
    ind = raw.indicators
    cname, iname = names(raw)
    children = ind[ind.component_of != ""].groupby("component_of").indicator_id.agg(list)
    out = []
    for parent, comps in children.items():
        for (commune, _period), grp in obs[obs.indicator_id.isin([parent, *comps])].groupby(["commune_id", "period"]):
            have = grp.set_index("indicator_id")
            if parent not in have.index or not set(comps) <= set(have.index):
                continue
            total = have.loc[parent]
            parts = [have.loc[c] for c in comps]
            s = sum(p.value for p in parts)
            tol = max(printed_tolerance(x.value_as_printed, x.decimal_mark or ",") for x in [total, *parts]) + 1e-9
            ok = abs(s - total.value) <= tol
            printed = " + ".join(p.value_as_printed for p in parts)
            out.append(
                finding(
                    "components_vs_total",
                    PASS if ok else FAIL,
                    ERROR,
                    commune,
                    parent,
                    f"{cname[commune]}, {iname[parent]}: {printed} = {format_vn(s)}, tổng nêu {total.value_as_printed}",
                    f"{commune}, {parent}: {' + '.join(en_printed(p.value_as_printed) for p in parts)} = {format_vn(s)}, "
                    f"printed total {en_printed(total.value_as_printed)}",
                    total.source_ref,
                    f"{printed} vs {total.value_as_printed}",
                    printed=total.value,
                    computed=s,
                )
            )
    return out


def targets_achieved_count(raw: RawData, obs: pd.DataFrame) -> list[dict]:
    cname, _ = names(raw)
    out = []
    claims: dict[str, dict[str, list]] = {}  # commune -> claim indicator -> its rows, in the table's order
    for row in named_rows(obs[obs.indicator_id.isin(list(CLAIMS))]):
        claims.setdefault(row.commune_id, {}).setdefault(row.indicator_id, []).append(row)
    for commune in sorted(claims):
        achieved, totals = claims[commune].get(CLAIM_ACHIEVED, []), claims[commune].get(CLAIM_TOTAL, [])
        not_achieved = claims[commune].get(CLAIM_NOT_ACHIEVED, [])
        for a in achieved:
            t = next((t for t in totals if t.source_ref == a.source_ref), None)
            if t is None:
                continue
            implied = t.value - a.value
            if not not_achieved:
                out.append(
                    finding(
                        "targets_achieved_count",
                        NA,
                        "",
                        commune,
                        CLAIM_ACHIEVED,
                        f"{cname[commune]}: đạt {a.value_as_printed}/{t.value_as_printed}; báo cáo không "
                        "nêu số chỉ tiêu không đạt",
                        f"{commune}: no not-achieved count printed",
                        a.source_ref,
                    )
                )
            for n in not_achieved:
                ok = implied == n.value
                vi = (
                    f"{cname[commune]}: đạt {a.value_as_printed}/{t.value_as_printed} ({a.source_ref}) nghĩa là "
                    f"{format_vn(implied)} chỉ tiêu không đạt; {n.source_ref} ghi còn {n.value_as_printed} chỉ tiêu không đạt"
                )
                en = (
                    f"{commune}: {en_printed(a.value_as_printed)} of {en_printed(t.value_as_printed)} achieved implies "
                    f"{format_vn(implied)} "
                    f"not achieved; elsewhere the report says {en_printed(n.value_as_printed)}"
                )
                out.append(
                    finding(
                        "targets_achieved_count",
                        PASS if ok else FAIL,
                        ERROR,
                        commune,
                        CLAIM_NOT_ACHIEVED,
                        vi,
                        en,
                        f"{a.source_ref}; {n.source_ref}",
                        f"{a.value_as_printed}/{t.value_as_printed} vs {n.value_as_printed}",
                        printed=n.value,
                        computed=implied,
                    )
                )
    return out


def _ratio_finding(commune, indicator, printed_pct, mark, pct, num_p, num, den_p, den, source, name):
    ratio = num / den * 100
    step = 10 ** -printed_decimals(printed_pct, mark)
    rounded_ok = abs(ratio - pct) <= step / 2 + 1e-9
    truncated_ok = 0 <= ratio - pct < step + 1e-9
    decimals = printed_decimals(printed_pct, mark) + 1
    note_vi = note_en = ""
    if truncated_ok and not rounded_ok:
        note_vi = (
            f" — báo cáo cắt bớt chữ số thay vì làm tròn (làm tròn đúng là "
            f"{format_vn(round(ratio, decimals - 1), decimals - 1)}%)"
        )
        note_en = " — truncated instead of rounded"
    vi = f"{name}: ghi {printed_pct}, tỷ số {num_p}/{den_p} = {format_vn(ratio, decimals + 1)}%{note_vi}"
    en = (
        f"{indicator}: printed {en_printed(printed_pct)}, ratio {en_printed(num_p)}/{en_printed(den_p)} = "
        f"{format_vn(ratio, decimals + 1)}%{note_en}"
    )
    severity = INFO if truncated_ok else WARNING  # a last-digit slip is not a wrong figure
    return finding(
        "percentage_vs_ratio",
        PASS if rounded_ok else FAIL,
        severity,
        commune,
        indicator,
        vi,
        en,
        source,
        f"{printed_pct} vs {num_p}/{den_p}",
        printed=pct,
        computed=ratio,
    )


def percentage_vs_ratio(raw: RawData, obs: pd.DataFrame) -> list[dict]:
    ind, (cname, iname) = raw.indicators, names(raw)
    figures = pd.concat(
        [
            obs[["commune_id", "indicator_id", "period", "value", "value_as_printed", "decimal_mark", "source_ref"]],
            _target_figures(raw),
        ],
        ignore_index=True,
    )
    out = []
    where = _positions(figures, {i for ratio in ind.ratio_of if ratio for i in ratio.split("/")})
    for row in named_rows(ind[ind.ratio_of != ""]):
        num_id, den_id = row.ratio_of.split("/")
        for pct in named_rows(figures[figures.indicator_id == row.indicator_id]):
            num = _closest(figures.iloc[where.get((pct.commune_id, num_id), [])], pct.period)
            den = _closest(figures.iloc[where.get((pct.commune_id, den_id), [])], pct.period)
            if num is None or den is None or not den.value:
                continue
            out.append(
                _ratio_finding(
                    pct.commune_id,
                    row.indicator_id,
                    pct.value_as_printed,
                    pct.decimal_mark,
                    pct.value,
                    num.value_as_printed,
                    num.value,
                    den.value_as_printed,
                    den.value,
                    pct.source_ref,
                    iname[row.indicator_id],
                )
            )
    for r in named_rows(raw.resolution_results):
        if not r.percent_as_printed:
            continue
        if pd.isna(r.target) or pd.isna(r.result):
            out.append(
                finding(
                    "percentage_vs_ratio",
                    NA,
                    "",
                    r.commune_id,
                    r.indicator_id,
                    f"{cname[r.commune_id]}, {r.name_vi}: {r.percent_as_printed} so với chỉ tiêu nghị quyết, "
                    "nhưng báo cáo không nêu chỉ tiêu nên không kiểm tra được",
                    f"{r.commune_id}, {r.indicator_id}: {en_printed(r.percent_as_printed)} of a target the report does not print",
                    r.source_ref,
                )
            )
            continue
        out.append(
            _ratio_finding(
                r.commune_id,
                r.indicator_id,
                r.percent_as_printed,
                r.percent_decimal_mark,
                r.percent,
                r.result_as_printed,
                r.result,
                r.target_as_printed,
                r.target,
                r.source_ref,
                f"{cname[r.commune_id]}, {r.name_vi}",
            )
        )
    return _dedupe(out)


def _dedupe(findings: list[dict]) -> list[dict]:
    seen, out = set(), []
    for f in findings:
        key = (f["rule"], f["commune_id"], f["values"])
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def _positions(frame: pd.DataFrame, indicators) -> dict[tuple[str, str], list[int]]:
    """(commune, indicator) -> the positions of its rows in `frame`, in order, for the `indicators` a rule
    looks up: one pass over those figures instead of two masks over all of them for each lookup."""
    where: dict[tuple[str, str], list[int]] = {}
    rows = np.flatnonzero(frame.indicator_id.isin(list(indicators)).to_numpy())
    communes, ids = frame.commune_id.to_numpy()[rows].tolist(), frame.indicator_id.to_numpy()[rows].tolist()
    for k, commune, indicator in zip(rows.tolist(), communes, ids):
        where.setdefault((commune, indicator), []).append(k)
    return where


def _closest(frame: pd.DataFrame, period: str):
    """The figure of the same period, else of the latest one; among duplicates, the one the merge
    uses (`preferred_observations`), never simply the last row of the file."""
    if frame.empty:
        return None
    same = frame[frame.period == period]
    pool = same if not same.empty else frame[frame.period == frame.period.max()]
    if len(pool) == 1 and not ("superseded_by" in pool.columns and pool.superseded_by.iloc[0]):
        return pool.iloc[0]  # the usual case: one figure, nothing to choose or sort
    if "preferred" in pool.columns and "commune_id" in pool.columns:
        pool = preferred_observations(pool)
    return pool.sort_values([c for c in ("source_ref",) if c in pool.columns], kind="stable").iloc[0]


def _target_figures(raw: RawData) -> pd.DataFrame:
    """2030 targets as printed figures of their merged commune, so ratio rules see them."""
    t = raw.targets[raw.targets.target_as_printed != ""]
    return pd.DataFrame(
        {
            "commune_id": t.commune_id,
            "indicator_id": t.indicator_id,
            "period": "2030",
            "value": t.target,
            "value_as_printed": t.target_as_printed,
            "decimal_mark": "",
            "source_ref": t.source_ref,
        }
    )


def whole_numerator(raw: RawData, obs: pd.DataFrame) -> list[dict]:
    ind, (cname, iname) = raw.indicators, names(raw)
    out = []
    shares = ind[ind.share_of_count != ""]
    where = _positions(obs, {*shares.share_of_count, *shares.proxy_weight} - {""})
    for row in named_rows(shares):
        for share in named_rows(obs[obs.indicator_id == row.indicator_id]):
            count_id, proxy_note = row.share_of_count, ""
            count = _closest(obs.iloc[where.get((share.commune_id, count_id), [])], share.period)
            if count is None and row.proxy_weight:
                count = _closest(obs.iloc[where.get((share.commune_id, row.proxy_weight), [])], share.period)
                proxy_note = f" (dùng '{iname[row.proxy_weight]}' làm số đếm)"
            if count is None:
                continue
            half = 0.5 * 10 ** -printed_decimals(share.value_as_printed, share.decimal_mark or ",")
            lo, hi = (share.value - half) / 100 * count.value, (share.value + half) / 100 * count.value
            whole = math.floor(hi + 1e-9) >= math.ceil(lo - 1e-9)
            implied = share.value / 100 * count.value
            vi = (
                f"{cname[share.commune_id]}, {iname[row.indicator_id]}: {share.value_as_printed} của "
                f"{count.value_as_printed}{proxy_note} = {format_vn(implied, 2)}"
                + ("" if whole else " — không ra số nguyên")
            )
            en = (
                f"{share.commune_id}, {row.indicator_id}: {en_printed(share.value_as_printed)} of "
                f"{en_printed(count.value_as_printed)} = "
                f"{format_vn(implied, 2)}" + ("" if whole else " — not a whole number")
            )
            out.append(
                finding(
                    "whole_numerator",
                    PASS if whole else FAIL,
                    INFO,
                    share.commune_id,
                    row.indicator_id,
                    vi,
                    en,
                    share.source_ref,
                    f"{share.value_as_printed} × {count.value_as_printed}",
                    computed=implied,  # the count the share implies; the report prints none to compare
                )
            )
    return out


def target_total_vs_average(raw: RawData) -> list[dict]:
    t, out = raw.targets, []
    years = 5  # 2026-2030
    t = t[t.horizon.isin(["total_2026_2030", "annual_average_2026_2030"])]
    for indicator, grp in t.groupby("indicator_id"):
        total = grp[grp.horizon == "total_2026_2030"]
        avg = grp[grp.horizon == "annual_average_2026_2030"]
        for a in named_rows(total):
            for b in named_rows(avg):
                ok = abs(b.target * years - a.target) < 1e-9
                out.append(
                    finding(
                        "target_total_vs_average",
                        PASS if ok else FAIL,
                        ERROR,
                        a.commune_id,  # the commune whose resolution sets it: its Biểu số 03 lists the item
                        indicator,
                        f"Chỉ tiêu {target_no(a.target_id)}: {a.target_as_printed} cả nhiệm kỳ; bình quân "
                        f"{b.target_as_printed}/năm × 5 năm = {format_vn(b.target * years)}",
                        f"Target {a.target_id}: {en_printed(a.target_as_printed)} over the term; "
                        f"{en_printed(b.target_as_printed)} a year × 5 = {format_vn(b.target * years)}",
                        a.source_ref,
                        f"{a.target_as_printed} vs {b.target_as_printed} × 5",
                        printed=a.target,
                        computed=b.target * years,
                    )
                )
    return out
