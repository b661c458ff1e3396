"""Ingest: which catalogue indicator a phrase names: names and aliases of `indicators.csv`, as data.

Phrases are matched accent- and case-insensitively (`figures.fold`), among the indicators whose
unit a figure can have (its family: %, ha, km, km2, money or a count).
"""

from __future__ import annotations

import re

import pandas as pd

from ..numbers import SUFFIXES
from .figures import fold, rules


def family_of(unit: str) -> str:
    if unit in SUFFIXES:
        return SUFFIXES[unit][0]
    if unit.split("/")[0].strip() in SUFFIXES:  # "triệu đồng/người/năm", "tr.đ/người/năm"
        return SUFFIXES[unit.split("/")[0].strip()][0]
    if unit.split("/")[0].strip().lower() in rules()["mass_units"]:
        return "mass"  # "5.625 tấn trên địa bàn": never a count of villages ("bàn" folds onto "bản")
    return unit if unit in {"%", "ha", "km", "km2"} else "count"


def catalogue(indicators: pd.DataFrame) -> list[tuple[str, str, str, dict[str, list[str]]]]:
    """(id, name, family, phrases by use) per indicator, from the data.

    An alias is used as written, or marked: '/chi bộ bản' names the total of '15/16 chi bộ bản'
    ('total'); '~đảng viên' is the noun a count is printed with, read only when no other phrase
    of the sentence names the figure ('weak': "kết nạp 44 đảng viên" are admissions).
    """
    out = []
    aliases = indicators.get("aliases_vi", pd.Series([""] * len(indicators), index=indicators.index))
    for row, extra in zip(indicators.itertuples(), aliases.fillna("")):
        if row.kind == "qualitative":
            continue
        names = [row.name_vi, re.sub(r"\s*\(.*?\)", "", row.name_vi)] + [a.strip() for a in extra.split(";")]
        uses = {"plain": [], "total": [], "weak": []}
        for a in filter(None, names):
            use = {"/": "total", "~": "weak"}.get(a[0], "plain")
            uses[use] += _variants(fold(a[1:] if use != "plain" else a))
        out.append((row.indicator_id, row.name_vi, family_of(row.unit), uses))
    return out


def _variants(phrase: str) -> list[str]:
    """A folded phrase and the same with each other word a commune uses for its villages: "đường đến
    bản" is also "đường đến thôn", "… khu dân cư" (`village_words`). A phrase of one word ("bản") takes
    only the words of several ("khu dân cư"): "ấp", "làng" alone fold onto other words ("áp dụng")."""
    words = [fold(w) for w in rules()["village_words"]]
    alone = len(phrase.split()) < 2
    out = [phrase]
    for word in words:
        if word in phrase:
            out += [
                phrase.replace(word, other)
                for other in words
                if other != word and other not in phrase and (not alone or len(other.split()) > 1)
            ]
    return list(dict.fromkeys(out))


def best_phrase(context: str, family: str, cat, use: str = "plain", after: bool = True) -> tuple[str, int, int]:
    """The catalogue phrase in `context` nearest the number (then the longest).

    Returns (id, the phrase's length, the offset in `context` where the phrase ends); ('', 0, 0)
    when none is found.
    """
    folded = fold(context)
    best, key = ("", 0, 0), None
    for iid, _, fam, uses in cat:
        if fam != family:
            continue
        for p in uses[use]:
            at = folded.find(p) if p.strip() else -1
            if at < 0:
                continue
            near = -at if after else folded.rfind(p) + len(p)
            if key is None or (near, len(p)) > key:
                words = len(folded[: at + len(p)].split())  # fold keeps the words, in order
                best, key = (iid, len(p), _word_end(context, words)), (near, len(p))
    return best


def _word_end(text: str, n: int) -> int:
    """The offset just after the n-th word of `text`, words as `fold` splits them (an abbreviation it spells out,
    "NK", is as many words as it spells: "nhiệm kỳ")."""
    ends = [m.end() for m in re.finditer(r"(?:[^\W_]|%|²)+", text) for _ in range(max(1, len(fold(m[0]).split())))]
    return ends[n - 1] if 0 < n <= len(ends) else len(text)
