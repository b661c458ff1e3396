"""Analysis: how far the merged commune is from each 2030 target, and what pace it needs.

Gap. Signed, in the target's unit, positive = still to go, whatever the direction:
target - baseline for "higher is better" (>=, >), baseline - target for "lower is
better" (<, <=). Term targets (total over 2026-2030) are compared with the 2020-2025
total; "add N by 2030" targets state the end level they imply (baseline + N).

Pace. `required_annual_change` is linear: (target - baseline) / (2030 - baseline
year). `required_annual_growth` is compound, (target / baseline)^(1/years) - 1, only
when both are positive.

On track (Eurostat SDG / Statistics Canada method). Where the raw data holds two or
more years of an indicator, the observed compound annual growth rate is compared with
the required one: ratio = observed / required. At or above 95% the indicator is on
track, 60-95% moderate progress, 0-60% insufficient, below 0 moving away. When the
baseline is zero (no compound rate exists) linear changes are compared instead; when
the target is already met the required pace is zero and the category is "đã đạt".
"""

from __future__ import annotations

from collections import namedtuple
from pathlib import Path

import numpy as np
import pandas as pd

from .. import config
from ..cache import remembered
from ..glossary import en, lower_first, vi
from ..ingest.raw import RawData
from ..ingest.schemas import Term
from ..numbers import format_vn
from . import progress as pg
from .plausibility import implausible
from .progress import LABEL_EN, LABEL_VI, measure
from .reconcile import as_raw, merged, reconcile
from .target_progress import is_missing, progress_into, yearly_series

# Status labels from the glossary (the labels stay in `status`), their codes and English.
_STATUS_KEYS = {
    "met": "status.met",
    "not_met": "status.not_met",
    "no_baseline": "status.no_baseline",
    "not_comparable": "status.not_comparable",
    "qualitative": "status.qualitative",
    "qualitative_unknown": "status.qualitative_unknown",
    "undecided": "status.undecided",
    "term_pending": "status.term_pending",
}
MET, NOT_MET, NO_BASELINE, NOT_COMPARABLE, QUALITATIVE, QUALITATIVE_UNKNOWN, UNDECIDED, TERM_PENDING = (
    vi(k) for k in _STATUS_KEYS.values()
)
STATUS_CODE = {vi(k): code for code, k in _STATUS_KEYS.items()}
STATUS_EN = {vi(k): en(k) for k in _STATUS_KEYS.values()}
HIGHER = {">=", ">", "range", "maintain", "="}
TERM_HORIZONS = ("total_2026_2030", "annual_average_2026_2030")  # a total or an average over the new term

TRACK_ON, TRACK_MODERATE, TRACK_INSUFFICIENT, TRACK_AWAY, TRACK_MET, TRACK_NONE = (
    LABEL_VI[pg.ON],
    LABEL_VI[pg.MODERATE],
    LABEL_VI[pg.INSUFFICIENT],
    LABEL_VI[pg.AWAY],
    LABEL_VI[pg.MET],
    LABEL_VI[pg.NONE],
)


def on_track(years, values, target: float, direction: str = "higher", *, target_year: int):
    """Eurostat methodology 2 on a series: first point is the base, last the current value.

    Returns (observed pace, required pace from the base year, ratio, category label). Paces
    are compound rates, or changes per year where a value is zero or negative.
    """
    pairs = sorted((int(y), float(v)) for y, v in zip(years, values) if not pd.isna(v))
    if len(pairs) < 2:
        return np.nan, np.nan, np.nan, TRACK_NONE
    (y0, v0), (y1, v1) = pairs[0], pairs[-1]
    m = measure(y0, v0, y1, v1, target, direction == "higher", target_year)
    return m["observed"], m["required"], m["ratio"], LABEL_VI[m["code"]]


def _years(period: str) -> int:
    start, _, end = period.partition("-")
    return int(end) - int(start) if end else 0


_ROW_FIELDS = [
    "period",
    "merged",
    "reported",
    "merged_lower_bound",
    "method",
    "sources",
    "approximate",
    "verified",
    "reported_as_printed",
    "reported_source_id",
]
_Row = namedtuple("_Row", _ROW_FIELDS)


def _rows_by_key(table: pd.DataFrame) -> dict[tuple[str, str], list]:
    """(merged commune, indicator) -> its rows of the merged table, as plain records.

    A target needs only its own few rows; looking them up here once beats filtering the
    whole table per target (3.321 targets of a country took 14 s that way).
    """
    out: dict[tuple[str, str], list] = {}
    columns = [table[c].to_numpy(dtype=object) for c in ("merged_commune_id", "indicator_id", *_ROW_FIELDS)]
    for commune, indicator, *fields in zip(*columns):
        out.setdefault((commune, indicator), []).append(_Row(*fields))
    return out


def _baseline(rows: list, horizon: str, baseline_year: int | None = None):
    """(value, period, method, approximate, is_lower_bound, sources, verified) from an indicator's merged rows."""
    if not rows:
        return np.nan, "", "", False, False, "", True
    if baseline_year is not None:
        rows = [r for r in rows if int(r.period[-4:]) <= baseline_year]
    term = horizon in ("total_2026_2030", "annual_average_2026_2030")  # a term total, else a single year
    rows = [r for r in rows if ("-" in r.period) == term]
    # the latest period first, whatever gives it; within a period the merged figure, then the one
    # reported for the new commune, then a floor (an older merged figure never beats a newer reported one)
    columns = (("merged", "method", False), ("reported", None, False), ("merged_lower_bound", "method", True))
    hit = [
        (r.period, -rank, r, column, method_of, lower)
        for r in rows
        for rank, (column, method_of, lower) in enumerate(columns)
        if not is_missing(getattr(r, column))
    ]
    if not hit:
        return np.nan, "", "", False, False, "", True
    _, _, r, column, method_of, lower = max(hit, key=lambda h: h[:2])
    method = r.method if method_of else f"Số báo cáo nêu cho xã mới ({r.reported_as_printed})"
    sources = r.sources if method_of else r.reported_source_id
    return (
        getattr(r, column),
        r.period,
        method,
        bool(r.approximate) and column == "merged",
        lower,
        sources,
        bool(r.verified),
    )


def gap_table(
    raw: RawData,
    table: pd.DataFrame | None = None,
    baseline_year: int | None = None,
    as_of: int | None = None,
    review: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Gaps from the baseline (figures up to `baseline_year`, default the congress year of each merged
    commune's term in communes.csv) and progress as of `as_of` (default: the latest year with data).
    `review`: the figures to check first (`implausible`), computed here when not handed in; a target
    whose series holds one is not judged."""
    table = reconcile(raw) if table is None else table
    review = implausible(raw, table) if review is None else review
    to_check = {
        (r.commune_id, r.indicator_id, int(r.period)): f"{r.where}: {r.message_vi}" for r in review.itertuples()
    }
    ind = raw.indicators.set_index("indicator_id")
    # looked up for each target: dicts, not a pandas lookup each time
    direction_of, kind_of = ind.direction.to_dict(), ind.kind.to_dict()
    # Each target belongs to one merged commune: its baseline and series come from that commune only.
    by_key = _rows_by_key(table)
    rows = []
    terms = {m: raw.term(m) for m in set(raw.targets.commune_id)}
    for t in raw.targets.itertuples():
        term = terms[t.commune_id]
        source_indicator = t.baseline_indicator_id or t.indicator_id
        base, period, method, approx, lower, sources, verified = _baseline(
            by_key.get((t.commune_id, source_indicator), []),
            t.horizon,
            term.baseline_year if baseline_year is None else baseline_year,
        )
        direction = direction_of.get(t.indicator_id, "higher")
        lower_is_better = t.comparator in ("<", "<=") or direction == "lower"
        row = dict(
            commune_id=t.commune_id,
            target_id=t.target_id,
            baseline_year=term.baseline_year,
            target_year=term.target_year,
            indicator_id=t.indicator_id,
            description_vi=t.description_vi,
            comparator=t.comparator,
            target=t.target,
            target_high=t.target_high,
            unit=t.unit,
            horizon=t.horizon,
            baseline=base,
            baseline_period=period,
            baseline_method=method,
            baseline_lower_bound=lower,  # a sum of the known parts: shown as "ít nhất …", never as the figure
            approximate=approx,
            # a total or average over the term: the last term's figure is a reference, never a baseline
            reference_value=np.nan,
            reference_period="",
            reference_vi="",
            implied_end_level=np.nan,
            gap=np.nan,
            gap_share=np.nan,
            required_annual_change=np.nan,
            required_annual_growth=np.nan,
            status="",
            note_vi="",
            observed_annual_growth=np.nan,
            on_track_ratio=np.nan,
            on_track=TRACK_NONE,
            on_track_code=pg.NONE,
            on_track_en=LABEL_EN[pg.NONE],
            current_year=term.baseline_year,
            current_value=np.nan,
            share_of_target=np.nan,
            cumulative=np.nan,
            path=np.nan,
            years_with_data="",
            missing_years="",
            need_per_year=np.nan,
            next_year_level=np.nan,
            progress_note_vi="",
            source_ref=t.source_ref,
            target_as_printed=t.target_as_printed,
            target_source_id=t.source_id,
            lower_is_better=lower_is_better,  # from the comparator or the catalogue's direction
            baseline_sources=sources,
            verified=verified and bool(t.verified),
        )
        notes = [t.note] if t.note else []
        if kind_of.get(t.indicator_id) == "qualitative":
            # a baseline that says "Không đạt" is not met, not "no data"
            # one name per state: a statement held at the baseline is met, like a count to maintain (6a)
            row["status"] = MET if base == 1 else NOT_MET if base == 0 else QUALITATIVE_UNKNOWN
            notes.append(
                "Các xã cũ đều nêu đạt; mục tiêu là duy trì."
                if base == 1
                else f"Năm {period} nêu không đạt; mục tiêu là đạt và duy trì."
                if base == 0
                else "Báo cáo không nêu hiện trạng của đủ các xã cũ."
            )
        elif t.horizon in TERM_HORIZONS:
            _term_reference(row, t, base, period, notes, term)
        elif pd.isna(base):
            row["status"] = NO_BASELINE
            notes.append("Báo cáo không nêu số liệu hiện trạng của chỉ tiêu này.")
        elif source_indicator != t.indicator_id:
            # a figure of another standard is no baseline of this series: a reference, in its own columns
            reference = f"năm {period}, {lower_first(ind.name_vi[source_indicator])}: {format_vn(base, 2)}%" + (
                " (gộp gần đúng)" if approx else ""
            )
            row.update(
                status=NOT_COMPARABLE,
                baseline=np.nan,
                approximate=False,  # the reference says it is approximate; no baseline is
                reference_value=base,
                reference_period=period,
                reference_vi=reference,
            )
            notes.append(
                f"Số liệu kỳ gốc ({format_vn(base, 2)}%, {ind.name_vi[source_indicator]}) đo theo chuẩn khác với "
                f"mục tiêu ({ind.name_vi[t.indicator_id]}); không coi là một chuỗi số liệu."
            )
        else:
            _fill_quantified(row, t, base, period, lower_is_better, lower, notes, term)
        series, yearly_verified, yearly_sources = yearly_series(
            by_key.get((t.commune_id, t.indicator_id), []), as_of, term.baseline_year
        )
        progress_into(
            row,
            t,
            series,
            kind_of.get(t.indicator_id),
            lower_is_better,
            base if source_indicator == t.indicator_id and period == str(term.baseline_year) and not lower else np.nan,
            term,
        )
        _still_to_go(row, t, kind_of.get(t.indicator_id), lower_is_better, series)
        if lower and series.empty:  # no path is drawn from a lower bound (a former commune's figure missing)
            row["next_year_level"] = np.nan
        flagged = [to_check[k] for k in ((t.commune_id, t.indicator_id, y) for y in series.index) if k in to_check]
        if flagged:
            row.update(
                on_track_code=pg.REVIEW,
                on_track=LABEL_VI[pg.REVIEW],
                on_track_en=LABEL_EN[pg.REVIEW],
                on_track_ratio=np.nan,
                observed_annual_growth=np.nan,
                progress_note_vi="Chưa đánh giá: cần xem lại số liệu ở " + "; ".join(flagged) + ".",
            )
        if not yearly_verified:
            row["verified"] = False
            sources = "; ".join(s for s in (sources, yearly_sources) if s)
        if approx:
            notes.append("Số liệu kỳ gốc là tỷ lệ gộp gần đúng (trọng số thay thế): " + method + ".")
        if "Dùng số đính chính" in method and not approx:
            notes.append(method.split(". ", 1)[-1] + ".")
        if not row["verified"]:
            notes.append(f"Có số liệu từ hồ sơ văn phòng chưa kiểm chứng (nguồn: {sources or t.source_id}).")
        row["note_vi"] = " ".join(notes)
        rows.append(row)
    out = pd.DataFrame(rows)
    for column in (
        "gap",
        "gap_share",
        "required_annual_change",
        "required_annual_growth",
        "implied_end_level",
        "observed_annual_growth",
        "on_track_ratio",
        "current_value",
        "share_of_target",
        "cumulative",
        "path",
        "need_per_year",
        "next_year_level",
    ):
        out[column] = out[column].astype(float).round(6)
    at = out.columns.get_loc("status")
    out.insert(at, "status_code", out.status.map(STATUS_CODE))
    out.insert(at + 2, "status_en", out.status.map(STATUS_EN))
    # one verdict per row: the progress category once the commune's term has figures (a target with none
    # of its own is then "not enough data", as every paper prints it), else the status at the baseline
    started = out.groupby("commune_id").current_year.transform("max").astype(int) > out.baseline_year.astype(int)
    judged = out.on_track_code.ne(pg.NONE) | started
    out["verdict_code"] = out.on_track_code.where(judged, out.status_code)
    out["verdict"] = out.on_track.where(judged, out.status)
    out["verdict_en"] = out.on_track_en.where(judged, out.status_en)
    return out


def _why_at_least(method: str) -> str:
    """Why a baseline is only a floor: a former commune's figure missing, or its figure printed as a floor ("trên 95%")."""
    return "số của xã cũ chỉ nêu mức tối thiểu" if "tối thiểu (ít nhất)" in method else "thiếu số của một xã cũ"


def _fill_quantified(row, t, base, period, lower_is_better, lower_bound, notes, term: Term):
    target = t.target
    why = _why_at_least(str(row.get("baseline_method", "")))
    years = term.target_year - int(period) if period.isdigit() else term.years
    if t.horizon == "additional_2026_2030" and lower_bound:
        notes.append(
            f"Số liệu kỳ gốc chưa đủ: {vi('word.at_least', x=format_vn(base))} ({why}); chưa "
            f"tính được mức cần đạt năm {term.target_year}."
        )
        row.update(status=UNDECIDED)
        return
    if t.horizon == "additional_2026_2030":
        end_low = base + target
        row["implied_end_level"] = end_low
        high = "" if pd.isna(t.target_high) else f" đến {format_vn(base + t.target_high)}"
        notes.append(
            f"Mục tiêu thêm {t.target_as_printed}{' đến ' + t.target_high_as_printed if high else ''} "
            f"nghĩa là đến 2030 đạt {format_vn(end_low)}{high} {t.unit} "
            f"(hiện có {format_vn(base)}; giá trị suy ra)."
        )
        row.update(status=NOT_MET, required_annual_change=target / years)
        return
    gap = (base - target) if lower_is_better else (target - base)
    met = gap < 0 or (gap == 0 and t.comparator in (">=", "<=", "=", "maintain"))
    if lower_bound and not (met and not lower_is_better):
        # a sum of the known parts only says "at least": it decides a "higher is better" target once it
        # meets it, never otherwise
        notes.append(f"Số liệu kỳ gốc chưa đủ: {vi('word.at_least', x=format_vn(base))} ({why}); chưa kết luận được.")
        row.update(status=UNDECIDED)
        return
    if lower_bound:
        notes.append(
            f"Số liệu kỳ gốc chưa đủ: {vi('word.at_least', x=format_vn(base))} ({why}), đã bằng hoặc vượt chỉ tiêu."
        )
    row.update(
        # a target met already needs nothing more each year ("-"), not a negative pace
        required_annual_change=0.0 if met else (target - base) / years if years else np.nan,
        status=MET if met else NOT_MET,
    )
    if base > 0 and target > 0 and years and not met:
        row["required_annual_growth"] = ((target / base) ** (1 / years) - 1) * 100
    if t.horizon in ("every_year", "maintain"):
        notes.append("Chỉ tiêu phải giữ hằng năm; so sánh với mức hiện tại.")


def _still_to_go(row, t, kind: str | None, lower_is_better: bool, series: pd.Series) -> None:
    """`gap` and `gap_share` as of the row's current year (the baseline while the term has no figure).

    gap: what is still to go, in the target's unit; 0 once the target is met or passed (a passed
    target shows "-", never a negative remainder). Term totals count the new term only: at its
    start the whole target remains (1.250 triệu đồng). An average over the term is a pace: the
    new term's own average against it; nothing before it has one.

    gap_share: one comparable measure for every kind of target, the share of the way from the
    baseline to the target still to go, in %: (level - current) / (level - baseline) × 100, signs
    turned for "lower is better". The level is the 2030 target, the end level an "add N" target
    implies (5 cooperatives + 1 = 6), or the term's total (from 0 at the term's start). 100 = the
    whole way still to go (every target not met at the start of the term), 0 = met, above 100 =
    further away than at the start (cultural families 67,32% -> 65% against 85%: 113,1%). A series
    with no baseline starts at its first year; a baseline that already met the target makes the
    way 0 long: 0 while met, 100 once lost. Every report sorts by it (progress.behind_first).
    """
    if kind == "qualitative" or pd.isna(t.target):
        return
    level = row["implied_end_level"] if t.horizon == "additional_2026_2030" else t.target
    start = row["baseline"] if not pd.isna(row["baseline"]) or series.empty else float(series.iloc[0])
    if row["baseline_lower_bound"]:
        start = np.nan if series.empty else float(series.iloc[0])
    if t.horizon == "total_2026_2030":
        done, start = (0.0 if pd.isna(row["cumulative"]) else row["cumulative"]), 0.0
    elif t.horizon == "annual_average_2026_2030":
        years = [y for y in str(row["years_with_data"]).split(", ") if y]
        done = row["cumulative"] / len(years) if years and not pd.isna(row["cumulative"]) else np.nan
        start = 0.0
    else:
        done = row["current_value"] if not pd.isna(row["current_value"]) or series.empty else float(series.iloc[-1])
    if pd.isna(done) or pd.isna(level):
        return
    sign = -1 if lower_is_better else 1
    gap = max(sign * (level - done), 0.0)
    way = sign * (level - start) if not pd.isna(start) else np.nan
    if pd.isna(way) or (t.horizon in TERM_HORIZONS and not level):  # a term of nothing has no way to go
        share = np.nan
    elif way <= 0:  # the baseline met the target already
        share = 0.0 if gap == 0 else 100.0
    else:
        share = gap / way * 100 if gap else 0.0
        share = max(share, sign * (level - done) / way * 100)  # further than at the start: above 100
    row.update(gap=gap, gap_share=share)


def _term_reference(row, t, base, period, notes, term: Term) -> None:
    """A total or an average over the new term: the last term's figure is a reference in its own
    column and words, never a baseline; at the start of the term the whole target remains and the
    verdict waits for the new term's figures. An average is a pace: the pace needed against the
    last term's pace."""
    row.update(baseline=np.nan, baseline_period="", status=TERM_PENDING)
    if t.horizon == "total_2026_2030":
        row["required_annual_change"] = t.target / term.years
    if pd.isna(base):  # no figure of the last term: nothing to refer to
        return
    prev_years = _years(period) or term.years
    target, had = t.target, base / prev_years
    unit = f" {t.unit}" if t.unit and t.unit != "%" else t.unit
    if t.horizon == "total_2026_2030":
        need = target / term.years
        row.update(
            reference_value=base,
            reference_period=period,
            reference_vi=f"nhiệm kỳ {period} đạt {format_vn(base)}{unit}",
        )
    else:
        need = target
        row.update(
            reference_value=had,
            reference_period=f"{period} (bình quân năm)",
            reference_vi=f"nhiệm kỳ {period} bình quân {format_vn(had, 1)}{unit}/năm",
            required_annual_change=need,  # a pace: compared with the new term's own average once it has one
        )
        notes.append(
            f"Bình quân năm {period} = {format_vn(base, 1)} / {prev_years} = {format_vn(had, 2)} "
            f"{t.unit}/năm (giá trị suy ra)."
        )
    notes.append(
        f"Số nhiệm kỳ {period} chỉ để tham khảo ({row['reference_vi']}), không tính vào tiến độ nhiệm kỳ mới: "
        f"cần bình quân {format_vn(need, 1)}/năm so với {format_vn(had, 1)}/năm nhiệm kỳ trước"
        + (f" (gấp {format_vn(need / had, 2)} lần)." if had else ".")
    )


def gaps_2030(
    raw_dir: str | Path | RawData | None = None,
    baseline_year: int | None = None,
    table: pd.DataFrame | None = None,
    as_of: int | None = None,
) -> pd.DataFrame:
    """One row per atomic 2030 target, with baseline, gap, pace and status.

    Parameters
    ----------
    raw_dir : str, Path, RawData or None
        A raw folder (default ``data/raw``), or data already loaded by `load_raw`.
    baseline_year : int, optional
        Use figures up to this year for the baseline (default 2025, the year before the term).
    as_of : int, optional
        Judge progress with the yearly figures up to this year (default: all of them).
    table : DataFrame, optional
        The merged table, when already computed by `merged`.

    Returns
    -------
    DataFrame
        ``target_id``, ``description_vi``, ``comparator``, ``target`` and ``unit``, ``baseline``
        (merged, in ``unit``) with ``baseline_period``, ``baseline_method``, ``baseline_sources`` and
        ``verified``, ``gap`` (still to go as of ``current_year``, 0 once met; a term total counts the new
        term only), ``gap_share`` (% of the way from the baseline to the target still to go, the one
        measure reports sort by), ``reference_value`` / ``reference_period`` / ``reference_vi`` (the last
        term's figure of a term target, or a figure of another standard: a reference, never a baseline),
        ``required_annual_change``, ``status`` (at the baseline), ``note_vi``; ``verdict_code`` /
        ``verdict`` / ``verdict_en``: the one verdict of the row (progress once judged, else ``status``);
        progress: ``current_year`` (latest year with data, 2025 when none), ``current_value``,
        ``share_of_target`` (%), ``on_track_code`` / ``on_track`` (Vietnamese) / ``on_track_en``,
        ``on_track_ratio`` and ``progress_note_vi``.

    Examples
    --------
    >>> g = gaps_2030().set_index("target_id")
    >>> round(g.loc["5", "baseline"], 2), g.loc["5", "status"]
    (41.77, 'Chưa đạt')
    """

    if isinstance(raw_dir, RawData) or table is not None:
        return gap_table(as_raw(raw_dir), table, baseline_year=baseline_year, as_of=as_of)
    folder = config.resolve(raw_dir)
    return remembered(
        "gaps_2030",
        folder,
        (baseline_year, as_of),
        lambda: gap_table(as_raw(folder), merged(folder), baseline_year=baseline_year, as_of=as_of),
    )
