"""Ingest: the raw tables an accepted review workbook becomes (`raw_tables`): sources, communes, observations,
targets (numbered from their place, their horizon the officer's or read from their words), results."""

from __future__ import annotations

import re

import pandas as pd

from ..text import normalise
from .schemas import Communes as CommunesSchema
from .schemas import Observations as ObservationsSchema
from .schemas import ResolutionResults as ResultsSchema
from .schemas import Sources as SourcesSchema
from .schemas import Targets as TargetsSchema
from .schemas import schema_columns

HORIZON_VI = {
    "level_2030": "mức năm 2030",
    "total_2026_2030": "tổng cả nhiệm kỳ",
    "every_year": "hằng năm",
    "additional_2026_2030": "thêm trong nhiệm kỳ",
    "annual_average_2026_2030": "bình quân mỗi năm",
}


# ---------------------------------------------------------------- raw tables
_ITEM_NO = re.compile(r"\s*(?:Chỉ tiêu\s+)?\(?(\d{1,2})[):](?!\d)")


def _target_ids(frame: pd.DataFrame) -> list[str]:
    """The number printed at the quote's start ("(13) …", "13) …", "Chỉ tiêu 13:"), else "(7)" in the place;
    repeats 13a, 13b; unnumbered ones the next numbers, in order ("dp" is the breakthrough goals': 'KĐP 1')."""
    quotes = frame.quote if "quote" in frame else [""] * len(frame)
    base = [
        m.group(1) if (m := _ITEM_NO.match(str(q))) or (m := re.search(r"\((\d+)\)", ref)) else ""
        for q, ref in zip(quotes, frame.source_ref)
    ]
    nxt = max([int(b) for b in base if b] or [0])
    for k, b in enumerate(base):
        if not b:
            nxt += 1
            base[k] = str(nxt)
    counts = pd.Series(base).value_counts()
    seen: dict[str, int] = {}
    out = []
    for b in base:
        seen[b] = seen.get(b, 0) + 1
        out.append(b + "abcdefghijklmnopqrstuvwxyz"[seen[b] - 1] if counts[b] > 1 else b)
    return out


def _horizon(row) -> tuple[str, str]:
    """(comparator, horizon) of a target row: the horizon the officer accepted, else read from its words."""
    chosen = {v: k for k, v in HORIZON_VI.items()}.get(getattr(row, "horizon", ""), "")
    if chosen:
        return (">=" if row.comparator == "add" else row.comparator), chosen
    if row.comparator == "add":
        return ">=", "additional_2026_2030"
    if re.search(r"\bh[ằà]ng năm\b", normalise(row.quote + " " + row.indicator_vi).lower()):
        return row.comparator, "every_year"
    if "-" in row.period:
        return row.comparator, "total_2026_2030"
    return row.comparator, "level_2030"


def raw_tables(sources: list[dict[str, str]], communes: pd.DataFrame, figures: pd.DataFrame, names: dict) -> dict:
    """The accepted rows as raw tables, columns as the schemas declare them; a figure's source is the
    document its row came from (a report and its appendix are two sources)."""
    keys = ("source_id", "title_vi", "issuer", "date", "file", "sha256", "note")
    src = pd.DataFrame([{k: s[k] for k in keys} | {"kind": "text"} for s in sources])
    by_file = dict(zip(src.file, src.source_id))
    sid = src.source_id.iloc[0]
    com = communes.copy()
    formers = com.role == "former"
    # the report's appendices number the former communes first, then the new one (01, 02, 03)
    order = list(com.index[formers]) + list(com.index[~formers])
    com["appendix_no"] = ""
    com.loc[order, "appendix_no"] = [f"{k:02d}" for k in range(1, len(order) + 1)]
    com["name_en"] = ""
    com["merger_year"] = "2025"
    com["term"] = [t or ("2020-2025" if f else "2025-2030") for t, f in zip(com.term, formers)]
    com = com[schema_columns(CommunesSchema)]

    empty = pd.DataFrame(columns=["kind", "source_ref", "comparator", "quote", "indicator_vi", "period"])
    figs = figures if len(figures) else empty
    obs = figs[figs.kind == "observation"].copy()
    obs["source_id"] = [by_file.get(d, sid) for d in obs.get("document", pd.Series(dtype=str))]
    for c in ("decimal_mark", "preferred"):
        obs[c] = ""
    # the row the officer kept outranks its twin of the other document, which prints another value
    outranks = obs.get("supersedes_document", pd.Series("", index=obs.index)).fillna("")
    obs["supersedes"] = [by_file.get(d, "") if d else "" for d in outranks]
    obs = obs.reindex(columns=schema_columns(ObservationsSchema), fill_value="")

    tgt = figs[figs.kind == "target"].copy()
    tgt["target_id"] = _target_ids(tgt) if len(tgt) else []
    pairs = [_horizon(row) for row in tgt.itertuples()]
    tgt["comparator"] = [p[0] for p in pairs]
    tgt["horizon"] = [p[1] for p in pairs]
    tgt["description_vi"] = [d or names.get(i, i) for d, i in zip(tgt.indicator_vi, tgt.indicator_id)]
    tgt["target_as_printed"] = tgt.get("value_as_printed", "")
    tgt["target_high_as_printed"] = tgt.get("value_high_as_printed", "")
    tgt["source_id"] = [by_file.get(d, sid) for d in tgt.get("document", pd.Series(dtype=str))]
    tgt = tgt.reindex(columns=schema_columns(TargetsSchema), fill_value="")

    res = pd.DataFrame(columns=schema_columns(ResultsSchema))
    return {
        "sources": src[schema_columns(SourcesSchema)],
        "communes": com,
        "observations": obs,
        "targets_2030": tgt,
        "resolution_results": res,
    }
