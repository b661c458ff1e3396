"""Analysis: the gaps to the 2030 targets in a short Vietnamese summary, written from the numbers.

Counts by status in the glossary's words, the target furthest from its level, what the term totals
need each year, the targets met from the baseline and the baselines merged with a proxy weight.
"""

from __future__ import annotations

import pandas as pd

from ..glossary import lower_first, target_no, target_words
from ..numbers import amount, format_vn
from .targets import MET, NO_BASELINE, NOT_COMPARABLE, NOT_MET, QUALITATIVE, UNDECIDED


def _proxies(gaps: pd.DataFrame) -> str:
    """The proxy weights the approximate baselines used, as their methods name them (catalogue names)."""
    found = gaps.baseline_method.str.extract(r"theo '([^']+)' thay cho")[0].dropna()
    return ", ".join(sorted(set(found.str.lower()))) or "xem phương pháp"


def narrative(gaps: pd.DataFrame) -> str:
    """A short Vietnamese summary written from the numbers, so it never goes stale."""
    counts = gaps.status.value_counts()
    lines = [
        f"Trong {len(gaps)} chỉ tiêu đến năm 2030: "
        + ", ".join(
            f"**{counts.get(s, 0)}** {lower_first(s)}" for s in (MET, NOT_MET, UNDECIDED, NO_BASELINE, NOT_COMPARABLE)
        )
        + f", **{counts.get(QUALITATIVE, 0)}** chỉ tiêu định tính {lower_first(QUALITATIVE)}"
        + "."
    ]
    open_ = gaps[(gaps.status == NOT_MET) & gaps.horizon.isin(["level_2030", "every_year", "maintain"])]
    if len(open_):
        far = open_.sort_values("gap_share", ascending=False).iloc[0]
        lines.append(
            f"Còn phải thực hiện nhiều nhất: {target_no(far.target_id)} {far.description_vi.lower()} — "
            f"hiện {amount(far.baseline, far.unit)}, chỉ tiêu "
            f"{lower_first(target_words(far.comparator, far.target_as_printed, '', far.unit, far.horizon))}, còn "
            f"{amount(far.gap, far.unit, points=True)} ({format_vn(far.gap_share, 1)}% chỉ tiêu), bình quân cần "
            f"{amount(far.required_annual_change, far.unit, points=True)} mỗi năm."
        )
    for r in gaps[gaps.horizon == "total_2026_2030"].itertuples():
        lines.append(
            f"{target_no(r.target_id)} {r.description_vi}: nhiệm kỳ trước đạt {amount(r.baseline, r.unit)}; "
            f"chỉ tiêu {lower_first(target_words(r.comparator, r.target_as_printed, '', r.unit, r.horizon))}, "
            f"bình quân {amount(r.required_annual_change, r.unit)} mỗi năm."
        )
    met = gaps[gaps.status == MET]
    if len(met):
        lines.append(
            "Đã đạt ngay từ số liệu kỳ gốc: "
            + "; ".join(f"{target_no(r.target_id)} {r.description_vi.lower()}" for r in met.itertuples())
            + "."
        )
    approx = gaps[gaps.approximate]
    if len(approx):
        lines.append(
            f"{len(approx)} chỉ tiêu có số liệu kỳ gốc là tỷ lệ gộp gần đúng (trọng số thay thế: {_proxies(approx)}): "
            + ", ".join(target_no(t) for t in approx.target_id)
            + "."
        )
    return "\n\n".join(lines)
