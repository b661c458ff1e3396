"""Ingest: checks across the raw tables: merger roles, references, the catalogue, ranges, and rival sources.

Each function returns the problems it finds, located by file, line and column; `load_raw`
gathers them with the schema and source checks and raises them all at once.
"""

from __future__ import annotations

import pandas as pd

from ..errors import Problem
from .schemas import VALUE_COLUMNS, parse_term, weight_indicator
from .sources import Source


# ---------------------------------------------------------------- cross-table checks
def _merger_issue(commune_id: str, role: str, target: str, roles: dict[str, str]) -> tuple[str, str, str] | None:
    """What is wrong with a commune's `merged_into` cell, as (found, expected in Vietnamese, in English)."""
    if role != "former":
        return (target, "ô trống với xã mới (role=merged)", "an empty cell for a merged commune") if target else None
    if not target:
        return "(trống)", "mã xã mới mà xã cũ sáp nhập vào", "the id of the merged commune it joined"
    if target == commune_id:
        return target, "một xã khác (không tự sáp nhập vào chính nó)", "another commune (no self-merge)"
    if target not in roles:
        return target, "mã xã có trong bảng xã", "a commune id listed in the commune table"
    if roles[target] != "merged":
        return (
            target,
            "một xã có vai trò 'merged' (không có vòng lặp sáp nhập)",
            "a commune with role 'merged' (no merger cycles)",
        )
    return None


def _commune_problems(communes: pd.DataFrame, with_targets: set[str]) -> list[Problem]:
    file, problems = communes.attrs["file"], []
    roles = dict(zip(communes.commune_id, communes.role))
    dup = communes[communes.commune_id.duplicated(keep=False)]
    for cid, group in dup.groupby("commune_id"):
        if group.merged_into.nunique() > 1:
            problems.append(
                Problem(
                    file,
                    int(group.index[-1]) + 2,
                    "merged_into",
                    f"{cid} → {', '.join(group.merged_into)}",
                    "mỗi xã cũ sáp nhập vào đúng một xã mới",
                    "each former commune merged into exactly one new commune",
                )
            )
    for idx, row in zip(communes.index, communes.itertuples(index=False)):
        issue = _merger_issue(row.commune_id, row.role, row.merged_into, roles)
        if issue:
            problems.append(Problem(file, int(idx) + 2, "merged_into", *issue))
        if row.role == "merged" and row.commune_id in with_targets and parse_term(row.term) is None:
            # its targets' baseline and target years come from it
            problems.append(
                Problem(
                    file,
                    int(idx) + 2,
                    "term",
                    row.term or "(trống)",
                    "nhiệm kỳ của xã mới dạng 2025-2030 (năm Đại hội - năm mục tiêu)",
                    "the merged commune's term, e.g. 2025-2030 (congress year - target year)",
                )
            )
    return problems


def _reference_problems(frame: pd.DataFrame, column: str, known: set[str], what_vi: str, what_en: str) -> list[Problem]:
    file = frame.attrs["file"]
    return [
        Problem(file, int(i) + 2, column, v, f"mã có trong {what_vi}", f"an id listed in {what_en}")
        for i, v in frame[column].items()
        if v and v not in known
    ]


def _catalogue_problems(ind: pd.DataFrame) -> list[Problem]:
    file, known, problems = ind.attrs["file"], set(ind.indicator_id), []
    for row in ind.itertuples():
        line = int(row.Index) + 2
        refs = {
            "proxy_weight": [row.proxy_weight],
            "component_of": [row.component_of],
            "share_of_count": [row.share_of_count],
            "ratio_of": row.ratio_of.split("/") if row.ratio_of else [],
        }
        if weight_indicator(row.aggregation):
            refs["aggregation"] = [weight_indicator(row.aggregation)]
        for column, ids in refs.items():
            for ref in ids:
                if ref and ref not in known:
                    problems.append(
                        Problem(
                            file,
                            line,
                            column,
                            ref,
                            "mã chỉ tiêu có trong danh mục",
                            "an indicator id listed in the catalogue",
                        )
                    )
        expected = {"extensive": ("sum",), "qualitative": ("all", "any"), "not_additive": ("none",)}.get(row.kind)
        if expected and row.aggregation not in expected:
            problems.append(
                Problem(
                    file,
                    line,
                    "aggregation",
                    row.aggregation,
                    f"với loại '{row.kind}': {' hoặc '.join(expected)}",
                    f"for kind '{row.kind}': {' or '.join(expected)}",
                )
            )
        if row.kind == "intensive" and not (weight_indicator(row.aggregation) or row.aggregation == "none"):
            problems.append(
                Problem(
                    file,
                    line,
                    "aggregation",
                    row.aggregation,
                    "với tỷ lệ: mean_weighted_by_<mã mẫu số> (hoặc none)",
                    "for a rate: mean_weighted_by_<denominator id> (or none)",
                )
            )
    return problems


def range_problems(obs: pd.DataFrame, ind: pd.DataFrame) -> list[Problem]:
    file = obs.attrs["file"]
    kind = obs.indicator_id.map(dict(zip(ind.indicator_id, ind.kind)))
    negative = obs.value < 0
    over = ~negative & kind.eq("intensive") & obs.unit.eq("%") & (obs.value > 100)
    problems = [
        Problem(file, int(idx) + 2, "value_as_printed", printed, "số không âm", "a non-negative number")
        for idx, printed in obs.value_as_printed[negative].items()
    ]
    problems += [
        Problem(file, int(idx) + 2, "value_as_printed", printed, "tỷ lệ từ 0 đến 100%", "a share between 0 and 100%")
        for idx, printed in obs.value_as_printed[over].items()
    ]
    return sorted(problems, key=lambda p: p.row)


def conflict_problems(obs: pd.DataFrame) -> list[Problem]:
    """Two sources for one figure: the tables must say which wins (`supersedes`).

    Rule: among the sources giving one commune, indicator and period, the winner is the
    one source that no row of that key supersedes. A correction names, in its
    `supersedes` cell, the source_id it corrects. Anything else is an error, never a
    silent choice. Sets `superseded_by` on the losing rows.
    """
    file, problems = obs.attrs["file"], []

    def at(idx) -> tuple[str, int | None]:  # a row of observations.csv, or a cell of a monitoring form
        where = obs["_where"][idx] if "_where" in obs.columns else None
        return (where, None) if isinstance(where, str) else (file, int(idx) + 2)

    obs["superseded_by"] = ""
    key = ["commune_id", "indicator_id", "period"]
    named = obs.supersedes != ""
    for idx in obs.index[named & (obs.supersedes == obs.source_id)]:
        problems.append(
            Problem(
                file,
                int(idx) + 2,
                "supersedes",
                obs.supersedes[idx],
                "mã một nguồn khác với nguồn của chính dòng này",
                "another source than the row's own",
            )
        )
    n_sources = obs.groupby(key).source_id.transform("nunique")
    contested = obs[(n_sources > 1) | named]
    for _, group in contested.groupby(key, sort=True):
        ids = set(group.source_id)
        lost = set(group.supersedes) - {""}
        for idx, row in group[group.supersedes != ""].iterrows():
            if row.supersedes not in ids:
                others = ", ".join(sorted(ids - {row.source_id})) or "không có"
                problems.append(
                    Problem(
                        file,
                        int(idx) + 2,
                        "supersedes",
                        row.supersedes,
                        f"mã một nguồn có số cùng xã, chỉ tiêu, kỳ ({row.commune_id}, "
                        f"{row.indicator_id}, {row.period}): {others}",
                        "the id of a source giving the same commune, indicator and period",
                    )
                )
        winners = sorted(ids - lost)
        if len(ids) > 1 and len(winners) != 1:
            listed = "; ".join(f"{r.source_id}: {r.value_as_printed}" for r in group.itertuples())
            problems.append(
                Problem(
                    *at(group.index.max()),
                    "supersedes",
                    listed,
                    "đúng một nguồn thắng: dòng đính chính ghi vào cột supersedes mã nguồn mà nó thay thế",
                    "exactly one winning source: the correcting row names the source it supersedes in `supersedes`",
                )
            )
            continue
        for idx, row in group.iterrows():
            if row.source_id in lost:
                obs.loc[idx, "superseded_by"] = ", ".join(
                    sorted(set(group.source_id[group.supersedes == row.source_id]))
                )
    return problems


def cross_table_problems(com, ind, obs, tgt, res) -> list[Problem]:
    problems = _commune_problems(com, set(tgt.commune_id)) + _catalogue_problems(ind)
    communes, indicators = set(com.commune_id), set(ind.indicator_id)
    for frame in (obs, res):
        problems += _reference_problems(frame, "commune_id", communes, "bảng xã (communes)", "the commune table")
    merged_ids = set(com.commune_id[com.role == "merged"])
    problems += _reference_problems(
        tgt, "commune_id", merged_ids, "bảng xã với vai trò 'merged'", "the commune table, as a merged commune"
    )
    for frame, column in (
        (obs, "indicator_id"),
        (tgt, "indicator_id"),
        (res, "indicator_id"),
        (tgt, "baseline_indicator_id"),
    ):
        problems += _reference_problems(
            frame, column, indicators, "danh mục chỉ tiêu (indicators)", "the indicator catalogue"
        )
    return problems


def source_problems(frames: dict[str, pd.DataFrame], sources: dict[str, Source]) -> list[Problem]:
    problems = []
    for name in VALUE_COLUMNS:
        problems += _reference_problems(
            frames[name], "source_id", set(sources), "danh mục nguồn (sources.csv)", "the source registry (sources.csv)"
        )
    return problems
