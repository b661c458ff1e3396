"""Publish: the sentences of the yearly Word report (sections II and III), composed from columns only.

Every figure comes from a column of the gaps table (`targets.gap_table(..., as_of=year)`): the
progress columns (on_track_code, on_track_ratio, current_year, current_value, share_of_target),
the term columns (cumulative, years_with_data, need_per_year) and, at the start of the term,
the baseline columns (status_code, baseline, gap, gap_share). No sentence is read back.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..analysis import progress as pg
from ..analysis.facts import counted
from ..analysis.progress import LABEL_VI, behind_first
from ..analysis.projection import reaches_target
from ..analysis.target_progress import is_missing
from ..analysis.targets import STATUS_CODE
from ..glossary import lower_first, target_no, vi
from ..numbers import amount, format_vn
from .form_template import target_text

TERM = ("total_2026_2030", "annual_average_2026_2030")
QUALITATIVE_UNIT = "định tính"


def _target(g) -> str:
    return lower_first(target_text(g.comparator, g.target_as_printed, format_vn(g.target_high), g.horizon))


def _name(g) -> str:
    return f"{target_no(g.target_id)} {g.description_vi}"


def term_total(g) -> float:
    """The term's total a term target stands for: the total itself, or the yearly average × the term's years."""
    return g.target if g.horizon == "total_2026_2030" else g.target * (g.target_year - g.baseline_year)


def _yes_no(value) -> str:
    return vi("result.achieved") if value == 1 else vi("result.not_achieved")


def _series(g, values: dict[int, object]) -> str:
    """'các năm 2026-2028: 92%, 88%, 91%' from the table row's yearly values (None = không có số liệu)."""
    shown = []
    for y, v in values.items():
        if is_missing(v):
            shown.append(f"{y}: không có số liệu")
        elif g.unit == QUALITATIVE_UNIT or isinstance(v, str):
            shown.append(f"{y}: {v}")
        else:
            shown.append(f"{y}: {amount(v, g.unit)}")
    return "; ".join(shown)


def _reads(g) -> str:
    """'đạt', or 'còn' for a rate to bring down (poverty 'còn 7%')."""
    return "còn" if g.lower_is_better else "đạt"


def _estimate(g, projected) -> str:
    """'; với tốc độ hiện nay, đến năm 2030 ước đạt 44,69%' from the estimate analysis computed."""
    if is_missing(projected):
        return ""
    # said with the estimate, so that "đạt tiến độ" beside an estimate short of the target reads as one
    # statement (office trial: "(đạt tiến độ) … cả nhiệm kỳ ước đạt 1.192,5 triệu đồng" against 1.250)
    reached = reaches_target(g, projected)
    verdict = "" if reached is None else (", đạt mục tiêu" if reached else ", chưa đạt mục tiêu")
    if g.horizon == "total_2026_2030":
        return f"; với tốc độ hiện nay, cả nhiệm kỳ ước đạt {amount(projected, g.unit)}{verdict}"
    if g.horizon == "annual_average_2026_2030":
        return f"; với tốc độ hiện nay, bình quân mỗi năm ước đạt {amount(projected, g.unit)}{verdict}"
    return f"; với tốc độ hiện nay, đến năm {g.target_year} ước {_reads(g)} {amount(projected, g.unit)}{verdict}"


def figures(g, values: dict[int, object], projected=None) -> str:
    """One target's figures as of its latest year, in words; `projected`: its estimate for the target
    year at the pace so far (`projection.projected_end`), said where there is one."""
    if g.horizon in TERM and not is_missing(g.cumulative):
        first, last = int(g.baseline_year) + 1, int(g.current_year)
        span = f"năm {last}" if first == last else f"{first}-{last}"
        done = len(str(g.years_with_data).split(","))
        text = (
            f"lũy kế {span} đạt {amount(g.cumulative, g.unit)}, bằng {format_vn(g.on_track_ratio * 100, 1)}% "
            f"mức cần đạt của {done} năm ({amount(g.path, g.unit)}); mục tiêu {_target(g)}"
        )
        expected = ", ".join(str(y) for y in range(first, int(g.current_year) + 1))
        if g.years_with_data != expected:
            text += f" (chỉ có số liệu các năm {g.years_with_data}, năm thiếu không tính là 0)"
        return text + _estimate(g, projected)
    if g.unit == QUALITATIVE_UNIT:
        said = f"năm {int(g.current_year)}: {_yes_no(g.current_value)} (mục tiêu {_target(g)})"
        return said + (f"; {_series(g, values)}" if len(values) > 1 else "")
    text = f"năm {int(g.current_year)} {_reads(g)} {amount(g.current_value, g.unit)}"
    comparable = g.status_code != "not_comparable"  # a baseline of another standard is no start of this series
    if comparable and str(g.baseline_period) == str(g.baseline_year) and not is_missing(g.baseline):
        approximate = ", số gộp gần đúng" if g.approximate else ""  # a merge weighted by population says so
        text += f" (năm {g.baseline_year}: {amount(g.baseline, g.unit)}{approximate})"
    text += f", mục tiêu {_target(g)}"
    if not is_missing(g.share_of_target):
        text += f", bằng {format_vn(g.share_of_target, 1)}% mục tiêu"
    if g.horizon in ("every_year", "maintain") and len(values) > 1:  # one year is said already
        text += f"; {_series(g, values)}"
    elif g.on_track_code != pg.MET:
        text += _estimate(g, projected)
    return text


def _counts(gaps: pd.DataFrame, column: str, labels: dict[str, str]) -> str:
    """'4 chỉ tiêu đạt tiến độ, …', each target of the resolution once (`counted`)."""
    counts = counted(gaps)[0][column].value_counts()
    return ", ".join(f"{counts[c]} chỉ tiêu {lower_first(label)}" for c, label in labels.items() if c in counts)


def _how_many(gaps: pd.DataFrame) -> str:
    """'35 chỉ tiêu ((1) và (1b) là một chỉ tiêu, tính một lần)': the targets counted as the resolution does."""
    rows, note = counted(gaps)
    return f"{len(rows)} chỉ tiêu{note}"


def assessment(
    gaps: pd.DataFrame, year: int, values: dict[str, dict[int, object]], projected: pd.Series | None = None
) -> list[tuple[str, list[str]]]:
    """Section II once yearly figures exist: (paragraph, bullets) pairs; `projected` aligned with `gaps`."""
    projected = pd.Series(np.nan, index=gaps.index) if projected is None else projected
    out = [(f"Đến hết năm {year}, trong {_how_many(gaps)}: {_counts(gaps, 'on_track_code', LABEL_VI)}.", [])]
    behind = behind_first(gaps)
    # the list names every category it holds, so that its length is the sum of those counts
    states = ", ".join(lower_first(LABEL_VI[c]) for c in pg.BEHIND if c in set(behind.on_track_code))
    groups = (
        ("Các chỉ tiêu đã đạt mục tiêu năm 2030:", gaps[gaps.on_track_code == pg.MET]),
        (f"Các chỉ tiêu {lower_first(vi('progress.on_track'))}:", gaps[gaps.on_track_code == pg.ON]),
        (f"Các chỉ tiêu chưa đạt tiến độ ({_how_many(behind)}: {states}), xếp từ xa mục tiêu nhất:", behind),
    )
    for lead, rows in groups:
        if len(rows):
            out.append(
                (
                    lead,
                    [
                        f"{_name(g)} ({lower_first(g.on_track)}): "
                        f"{figures(g, values.get(g.target_id, {}), projected.get(g.Index))}."
                        for g in rows.itertuples()
                    ],
                )
            )
    none = gaps[gaps.on_track_code == pg.NONE]
    if len(none):
        out.append(
            (
                f"Chưa đủ số liệu các năm để đánh giá tiến độ ({_how_many(none)}): "
                + ", ".join(target_no(t) for t in none.target_id)
                + ".",
                [],
            )
        )
    return out


def _term(gaps: pd.DataFrame, year: int) -> tuple[int, int]:
    """The term of the commune the gaps belong to (communes.csv), as the gaps table carries it."""
    if gaps.empty:
        return year, year
    return int(gaps.baseline_year.min()), int(gaps.target_year.max())


def baseline_assessment(gaps: pd.DataFrame) -> list[tuple[str, list[str]]]:
    """Section II at the start of the term: the baseline (2025) against the targets (2030)."""
    base, end = _term(gaps, 0)
    labels = {code: label for label, code in STATUS_CODE.items()}  # every state: the counts add up to all
    out = [
        (
            f"Chưa có số liệu năm nào sau năm {base}: báo cáo so sánh số liệu đầu nhiệm kỳ (năm "
            f"{base}) với mục tiêu năm {end}. Trong {_how_many(gaps)}: "
            f"{_counts(gaps, 'status_code', labels)}.",
            [],
        )
    ]
    far = behind_first(gaps)  # furthest behind first, by the measure every paper sorts by
    if len(far):
        out.append(
            (
                "Các chỉ tiêu còn xa mục tiêu nhất, xếp theo khoảng cách so với mục tiêu:",
                [
                    f"{_name(g)}: năm {g.baseline_year} {_reads(g)} {amount(g.baseline, g.unit)}, mục tiêu {_target(g)}, "
                    f"còn {amount(g.gap, g.unit, points=True)}."
                    for g in far.itertuples()
                ],
            )
        )
    term = gaps[gaps.horizon.isin(TERM)]
    if len(term):
        out.append(
            (
                "Các chỉ tiêu tính cả nhiệm kỳ (số nhiệm kỳ trước chỉ để tham khảo):",
                [
                    f"{_name(g)}: mục tiêu {_target(g)}"
                    + (f", còn phải thực hiện {amount(g.gap, g.unit)}" if not is_missing(g.gap) else "")
                    + (f"; {g.reference_vi}" if g.reference_vi else "")
                    + "."
                    for g in term.itertuples()
                ],
            )
        )
    met = gaps[gaps.status_code == "met"]
    if len(met):
        out.append(
            (
                "Các chỉ tiêu đã đạt ngay từ đầu nhiệm kỳ:",
                [
                    f"{_name(g)}: năm {g.baseline_year} "
                    + (
                        f"{lower_first(_yes_no(g.baseline))}"
                        if g.unit == QUALITATIVE_UNIT
                        else f"{_reads(g)} {amount(g.baseline, g.unit)}"
                    )
                    + f", mục tiêu {_target(g)}."
                    for g in met.itertuples()
                ],
            )
        )
    return out


def need(g, year: int) -> str:
    """What the year after `year` needs for target `g`, in words, from its columns."""
    after = year + 1
    if g.unit == QUALITATIVE_UNIT or is_missing(g.target):
        return f"đạt trong năm {after}"
    if g.horizon in TERM:
        each = g.need_per_year
        if is_missing(each):  # nothing entered yet: the straight line from zero
            each = term_total(g) / (g.target_year - g.baseline_year)
        return f"{amount(each, g.unit)} mỗi năm từ năm {after} đến năm {g.target_year}"
    if g.horizon in ("every_year", "maintain"):
        return f"{_target(g)} trong năm {after}"
    level = g.implied_end_level if g.horizon == "additional_2026_2030" else g.target
    if is_missing(g.next_year_level) or after != int(g.current_year) + 1:
        return ""
    return (
        f"{amount(g.next_year_level, g.unit)} năm {after} (để từ {amount(g.current_value, g.unit)} năm "
        f"{int(g.current_year)} {'giảm còn' if g.lower_is_better else 'đạt'} {amount(level, g.unit)} vào năm "
        f"{g.target_year})"
    )


def requirements(gaps: pd.DataFrame, year: int, start_of_term: bool) -> list[tuple[str, list[str]]]:
    """Section III: what each lagging target needs next year; at the start of the term, each target not met."""
    base, end = _term(gaps, year)
    if year >= end:
        behind = behind_first(gaps)
        return [
            (
                f"Năm {end} là năm cuối nhiệm kỳ. Các chỉ tiêu chưa đạt tiến độ: "
                + (", ".join(target_no(t) for t in behind.target_id) or "không có")
                + ".",
                [],
            )
        ]
    lagging = gaps[gaps.status_code.isin(["not_met", "term_pending"])] if start_of_term else behind_first(gaps)
    after = (base if start_of_term else year) + 1
    bullets = [f"{_name(g)}: {text}." for g in lagging.itertuples() if (text := need(g, after - 1))]
    out = []
    if bullets:
        out.append(
            (
                f"Để bảo đảm đạt các chỉ tiêu đến năm {end}, năm {after} cần phấn đấu đạt:",
                bullets,
            )
        )
    none = gaps[gaps.on_track_code == pg.NONE]
    if len(none):  # what the committee will do, said to the body it reports to (no form, no file)
        which = f"cả {_how_many(none)}" if len(none) == len(gaps) else f"{_how_many(none)} chưa đủ số liệu"
        out.append((f"Trong năm {after}, theo dõi, thống kê đầy đủ số liệu của {which} để đánh giá.", []))
    return out


# ---------------------------------------------------------------- the mid-term review (sơ kết giữa nhiệm kỳ)
def _so_far(g, values: dict[int, object]) -> str:
    """The term so far of one target, from its columns: the first years' total, or the latest level."""
    first, last = int(g.baseline_year) + 1, int(g.current_year)
    span = f"năm {last}" if first == last else f"{first}-{last}"
    if g.horizon == "total_2026_2030" and not is_missing(g.cumulative):
        return (
            f"{span} đạt {amount(g.cumulative, g.unit)}, bằng {format_vn(g.share_of_target, 1)}% "
            f"mục tiêu cả nhiệm kỳ ({_target(g)})"
        )
    if g.horizon == "annual_average_2026_2030" and not is_missing(g.cumulative):
        return f"bình quân các năm {span} bằng {format_vn(g.share_of_target, 1)}% mục tiêu ({_target(g)})"
    if g.unit == QUALITATIVE_UNIT or g.horizon in ("every_year", "maintain"):
        return f"{_series(g, values)} (mục tiêu {_target(g)})"
    text = ""
    if g.status_code != "not_comparable" and str(g.baseline_period) == str(g.baseline_year):
        if not is_missing(g.baseline):
            text = f"đầu nhiệm kỳ (năm {g.baseline_year}) {_reads(g)} {amount(g.baseline, g.unit)}, "
    return text + f"năm {last} {_reads(g)} {amount(g.current_value, g.unit)}, mục tiêu năm {g.target_year} {_target(g)}"


def _rest(g, left: int, remaining) -> str:
    """What the rest of the term needs for one target, from its columns and `remaining` (analysis)."""
    years = f"{left} năm còn lại"
    if g.on_track_code == pg.MET:
        return f"đã đạt mục tiêu năm {g.target_year}, cần giữ vững trong {years}"
    if g.unit == QUALITATIVE_UNIT:
        return f"cần duy trì đạt trong {years}"
    if g.horizon in ("every_year", "maintain"):
        return f"{years} cần {_target(g)}"
    if g.horizon in TERM:
        each = "" if is_missing(g.need_per_year) else f"bình quân {amount(g.need_per_year, g.unit)} mỗi năm"
        if g.horizon == "total_2026_2030" and not is_missing(remaining):
            return f"{years} cần {amount(remaining, g.unit)}" + (f" ({each})" if each else "")
        return f"{years} cần {each}" if each else ""
    if is_missing(remaining):
        return ""
    verb = "giảm" if g.lower_is_better else "tăng"
    return f"còn phải {verb} {amount(remaining, g.unit, points=True)} trong {years}"


def midterm_review(
    gaps: pd.DataFrame,
    year: int,
    values: dict[str, dict[int, object]],
    projected: pd.Series,
    remaining: pd.Series,
) -> list[tuple[str, list[str]]]:
    """Section II of the mid-term review: each target's term so far against its 2030 target and what the
    rest of the term needs, in the resolution's order; `projected` and `remaining` aligned with `gaps`."""
    base, end = _term(gaps, year)
    left = end - year
    judged = gaps[gaps.on_track_code != pg.NONE]
    bullets = []
    for g in judged.itertuples():
        rest = _rest(g, left, remaining.get(g.Index))
        estimate = "" if g.on_track_code == pg.MET else _estimate(g, projected.get(g.Index))
        bullets.append(
            f"{_name(g)} ({lower_first(g.on_track)}): {_so_far(g, values.get(g.target_id, {}))}"
            + (f"; {rest}" if rest else "")
            + estimate
            + "."
        )
    out = [
        (
            f"Sau {year - base} năm thực hiện Nghị quyết ({base + 1}-{year}), trong {_how_many(gaps)}: "
            f"{_counts(gaps, 'on_track_code', LABEL_VI)}. Kết quả từng chỉ tiêu so với mục tiêu năm {end} và phần "
            f"còn phải thực hiện trong {left} năm còn lại của nhiệm kỳ:",
            bullets,
        )
    ]
    none = gaps[gaps.on_track_code == pg.NONE]
    if len(none):
        out.append(
            (
                f"Chưa đủ số liệu để sơ kết ({_how_many(none)}): "
                + ", ".join(target_no(t) for t in none.target_id)
                + ".",
                [],
            )
        )
    return out


def midterm_tasks(gaps: pd.DataFrame, year: int) -> list[tuple[str, list[str]]]:
    """Section III of the mid-term review: the lagging targets, slowest first, and what the next year needs."""
    _, end = _term(gaps, year)
    behind = behind_first(gaps)
    bullets = [f"{_name(g)}: {text}." for g in behind.itertuples() if (text := need(g, year))]
    out = []
    if bullets:
        out.append(
            (
                f"Tập trung lãnh đạo, chỉ đạo các chỉ tiêu chậm tiến độ, xếp từ chậm nhất, để hoàn thành "
                f"mục tiêu năm {end}:",
                bullets,
            )
        )
    none = gaps[gaps.on_track_code == pg.NONE]
    if len(none):
        out.append(
            (
                f"Theo dõi, thống kê đầy đủ số liệu của {_how_many(none)} chưa đủ số liệu để đánh giá ở kỳ tổng kết.",
                [],
            )
        )
    return out


# ---------------------------------------------------------------- the yearly table's note beside a rating
def rating_note(g) -> str:
    """The note beside a target's rating in the yearly table, in an office's words, from its columns:
    a term total's cumulative against what its years needed and what each remaining year needs; a
    series that starts after 2025; a figure to check (its place, as analysis says it). '' otherwise."""
    if g.on_track_code == pg.REVIEW:
        return g.progress_note_vi
    if g.horizon in TERM and not is_missing(g.cumulative):
        done = len(str(g.years_with_data).split(","))
        text = (
            f"Lũy kế năm {g.years_with_data}: {amount(g.cumulative, g.unit)}, bằng "
            f"{format_vn(g.on_track_ratio * 100, 1)}% mức cần đạt của {done} năm ({amount(g.path, g.unit)})."
        )
        if g.missing_years:
            return text + f" Thiếu số liệu năm {g.missing_years} (không tính là 0)."
        if not is_missing(g.need_per_year):
            return text + f" Mỗi năm còn lại cần bình quân {amount(g.need_per_year, g.unit)}."
        return text
    first = str(g.years_with_data).split(",")[0].strip()
    starts_later = g.horizon in ("level_2030", "additional_2026_2030") and (
        g.status_code == "not_comparable" or is_missing(g.baseline)
    )
    if starts_later and first and g.on_track_code != pg.NONE:
        return f"Tính từ năm {first}, năm đầu có số liệu."
    return ""
