"""Analysis: the gaps to the 2030 targets in a short Vietnamese summary, written from the numbers.

Counts by status in the glossary's words, the target furthest from its level, what the term totals
need each year, the targets met from the baseline and the baselines merged with a proxy weight.
"""

from __future__ import annotations

import pandas as pd

from ..glossary import lower_first, target_no, target_words
from ..numbers import amount
from .facts import counted
from .progress import behind_first
from .targets import MET, STATUS_CODE


def _proxies(gaps: pd.DataFrame) -> str:
    """The proxy weights the approximate baselines used, as their methods name them (catalogue names)."""
    found = gaps.baseline_method.str.extract(r"theo '([^']+)' thay cho")[0].dropna()
    return ", ".join(sorted(set(found.str.lower()))) or "xem phương pháp"


def narrative(gaps: pd.DataFrame) -> str:
    """A short Vietnamese summary written from the numbers, so it never goes stale."""
    each, once = counted(gaps)  # each target of the resolution once
    counts = each.status.value_counts()
    # every state counted, in the glossary's order, so that the categories add up to all the targets
    lines = [
        f"Trong {len(each)} chỉ tiêu đến năm 2030{once}: "
        + ", ".join(f"**{counts[s]}** {lower_first(s)}" for s in STATUS_CODE if s in counts)
        + "."
    ]
    open_ = behind_first(gaps)  # the furthest behind by the one comparable measure, as every paper names it
    if len(open_):
        far = open_.iloc[0]
        lines.append(
            f"Còn phải thực hiện nhiều nhất: {target_no(far.target_id)} {lower_first(far.description_vi)} — "
            f"hiện {amount(far.baseline, far.unit)}, chỉ tiêu "
            f"{lower_first(target_words(far.comparator, far.target_as_printed, '', far.unit, far.horizon))}, còn "
            f"{amount(far.gap, far.unit, points=True)}, bình quân cần "
            f"{amount(far.required_annual_change, far.unit, points=True)} mỗi năm."
        )
    for r in gaps[gaps.horizon == "total_2026_2030"].itertuples():
        lines.append(
            f"{target_no(r.target_id)} {r.description_vi}: {r.reference_vi or 'nhiệm kỳ trước không có số liệu'} "
            "(tham khảo); "
            f"chỉ tiêu {lower_first(target_words(r.comparator, r.target_as_printed, '', r.unit, r.horizon))}, "
            f"bình quân {amount(r.required_annual_change, r.unit)} mỗi năm."
        )
    met = gaps[gaps.status == MET]
    if len(met):
        lines.append(
            "Đã đạt ngay từ số liệu kỳ gốc: "
            + "; ".join(f"{target_no(r.target_id)} {lower_first(r.description_vi)}" for r in met.itertuples())
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
