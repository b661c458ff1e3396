"""Ingest: the period of an observation and the horizon of a target, from the words around its figure.

The words are data (`reading_rules.yaml`): an observation of the past term is the term's last year
(2025) unless its words say otherwise: a year printed just after it ("21,7% năm 2020"), the start
of a change ("giảm từ 21,7% … xuống còn 13,2%": the term's first year), a sum over the term ("cả
nhiệm kỳ", "kết nạp", "đã cứng hóa", an indicator counted over the term: 2020-2025). A target is a
level in 2030 unless its words say "hằng năm" (every year), "bình quân" or "/năm" (an annual
average), "có thêm" (more by 2030) or "cả nhiệm kỳ", "kết nạp" (a total over the term).
"""

from __future__ import annotations

import re

from .figures import TERM_SEPARATOR, Figure, fold, rules

HORIZON_LEVEL = "level_2030"


def _without(text: str, folded_phrases) -> str:
    folded = fold(text)
    for p in folded_phrases:
        folded = folded.replace(p, " ")
    return folded


def _has(text: str, phrases) -> bool:
    # "thu nhập bình quân đầu người": a level, not an average
    folded = _without(text, [fold(p) for p in rules()["not_horizon_words"]])
    return any(fold(p) in folded for p in phrases)


def _changes_to(after: str) -> bool:
    """Whether the words after a figure go on to where a change ends ("… xuống còn 13,2%"); "trở lên" is no
    such end."""
    r = rules()
    return _has(re.sub(r"trở (?:lên|xuống)", " ", after[:80]), r["change_to"])


def is_change(before: str, after: str) -> bool:
    """Whether a figure is a change, not a level: "giảm bình quân 1,5%/năm", "tăng 12,5% so với năm 2020",
    "giảm bình quân hằng năm từ 4% trở lên" (`change_words` just before it, comparator words aside),
    not "giảm từ 21,7% … xuống còn 13,2%" (where the change starts)."""
    r = rules()
    words = fold(before).split()
    skip = {w for p in r["qualifiers"] + ["từ", "đạt", "ở mức", "mức"] for w in fold(p).split()}
    while words and words[-1] in skip:
        words.pop()
    tail = " " + " ".join(words) + " "
    starts = any(fold(before).endswith(fold(w)) for w in r["change_from"]) and _changes_to(after)
    return any(tail.endswith(fold(w)) for w in r["change_words"]) and not starts


def baseline_year(after: str, target_year: str, before: str = "") -> str:
    """The year printed just after a figure of the targets' part when it is before the target year: "từ 68,7
    triệu đồng năm 2025 lên 95 triệu đồng năm 2030" prints 2025's level beside the target; or just before it, in
    brackets: "(năm 2025: 56,6 triệu đồng)"; '' otherwise."""
    years = "|".join(map(re.escape, rules()["year_after_words"]))
    # not in brackets: "≥ 60 triệu đồng (cuối năm 2025 đạt 45,2)" is the target, its baseline noted beside it
    year = re.match(rf"\s*(?:{years})\s+((?:19|20)\d\d)\b(?!\s*:)", after, re.IGNORECASE)
    year = year or re.search(rf"\(\s*(?:{years})\s+((?:19|20)\d\d)\s*:\s*$", before, re.IGNORECASE)
    return year.group(1) if year and target_year[:4].isdigit() and year.group(1) < target_year[:4] else ""


def observation_period(sentence: str, fig: Figure, before: str, after: str, iid: str, terms, previous=None) -> str:
    """The period of a figure of the past term: '2020', '2025' or '2020-2025'.

    `before` and `after` are the words of its clause up to the figures beside it; `previous` is the
    (period, unit) of the figure just before it in the sentence: "cả nhiệm kỳ đạt 436 triệu đồng, đạt
    104,5%" is the term's share of its resolution target, like the amount.
    """
    r = rules()
    past, _ = terms
    if not past:
        return ""
    first, last = past[:4], past[-4:]
    years = "|".join(map(re.escape, r["year_after_words"]))
    estimate = "|".join(map(re.escape, r["estimate_words"]))
    # "13,2% (ước cuối năm 2025)"; not "68,2 triệu đồng (năm 2020: 45,7 …)", which names the next figure's year
    year = re.match(rf"\s*\(?\s*(?:{estimate}\s+)?(?:{years})\s+((?:19|20)\d\d)\b(?!\s*:)", after, re.IGNORECASE)
    if year:
        return year.group(1)
    term_ends = "|".join(re.escape(w) for w in r["term_end_words"])
    if re.match(rf"\s*\(?\s*(?:{term_ends})(?!\w)", after, re.IGNORECASE):
        return last  # "lên 9.640 tấn năm cuối nhiệm kỳ"
    starts = "|".join(re.escape(w) for w in r["term_start_words"])
    ends = "|".join(re.escape(w) for w in r["change_to"])
    # "giảm từ 4,86% đầu nhiệm kỳ xuống còn 1,12%", "từ 9.280 tấn năm đầu nhiệm kỳ lên 9.640 tấn": the first
    # year named after 4,86 is its own, not 1,12's
    if _has(re.sub(rf"(?:{starts})\s+(?=(?:{ends})\s*$)", " ", before), r["term_start_words"]):
        return first  # "(đầu nhiệm kỳ lần lượt là 2,15%, 6,48% và 7,90%)"
    change = fold(before)
    if any(change.endswith(fold(w)) for w in r["change_from"]) and _changes_to(after):
        return first  # "giảm từ 21,7% … xuống còn 13,2%"
    since = first in after[:40] or _has(after[:40], r["term_start_words"])  # "so với đầu nhiệm kỳ"
    if _has(re.split(r"[;,.]", after, maxsplit=1)[0], r["since_first_year"]) and since:
        return past  # "giảm 4,1 điểm phần trăm so với năm 2020": a change over the term
    # a year just after the figure before is that one's ("21,7% năm 2020 xuống còn 13,2%"), not after a ';'
    own = re.sub(rf"^\s*\(?\s*(?:{years})\s+(?:19|20)\d\d(?!\s*:)\)?", "", before)
    # "(tăng 12,5% so với năm 2020), đạt 102%": a bracket closed, or a year compared with, is not this one's
    own = own.rsplit(")", 1)[-1]
    own = re.sub(rf"(?:{'|'.join(map(re.escape, r['since_first_year']))})\s+(?:19|20)\d\d", " ", own)
    # "Năm 2021 đến năm 2025, cả hai xã năm nào cũng đạt 100%": the term, in words, not its last year
    span = re.search(rf"(?:năm\s+)?((?:19|20)\d\d){TERM_SEPARATOR}(?:năm\s+)?((?:19|20)\d\d)", own, re.IGNORECASE)
    if span and span[2] == last and int(span[1]) - int(first) in (0, 1) and not _has(before, r["change_to"]):
        return past
    # "Năm 2024, xã B có …", "Tại Đại hội tháng 10/2020, …"
    year = re.findall(rf"(?:(?:{years})\s+|tháng\s+\d{{1,2}}/)((?:19|20)\d\d)\b(?!\s*[-–])", own, re.IGNORECASE)
    if year:
        return year[-1]  # "đến cuối năm 2024 đạt 6.850 con"
    if iid in r["term_indicators"]:
        return past
    if _has(before, r["horizon_cues"]["every_year"]) or any(after.lstrip().startswith(w) for w in r["per_year_after"]):
        return past  # "hằng năm có 85% đảng viên …", "giảm bình quân 3,9%/năm": every year of the term
    clause = re.split(r"[;,.]", after, maxsplit=1)[0]
    exact = re.compile(rf"(?<!\w)(?:{'|'.join(map(re.escape, r['term_verbs_exact']))})(?!\w)", re.IGNORECASE)
    verbs = _has(before, r["term_verbs"]) or _has(clause, r["term_verbs"]) or exact.search(before + clause)
    if fig.suffix != "%" and verbs:
        return past  # "kết nạp 38 đảng viên", "đã cứng hóa 9,8 km đường"
    own = re.sub(
        rf"(?i)nhiệm kỳ\s*\d{{4}}{TERM_SEPARATOR}(?!{last[:4]}\b)\d{{4}}", " ", sentence
    )  # the new term is not this one
    own = re.sub(rf"(?i)(?:{starts}|{term_ends})", " ", own)  # "so với đầu nhiệm kỳ" names a year, not the term
    if fig.suffix != "%" and _has(own, r["term_cues"]):
        return past
    # not across a ';': "… tăng 120 ha so với năm 2020; sản lượng chè đạt 22.400 tấn" is a level of its own
    if (
        previous == (past, False)
        and ";" not in before
        and len(fold(before).split()) <= (3 if fig.suffix == "%" else 10)
    ):
        return past  # "… cả nhiệm kỳ đạt 436 triệu đồng, đạt 104,5%"; "cứng hóa 4,5 km đường A và 2,8 km"
    return last


def _average_phrases() -> list[str]:
    """The many-word phrases of an annual average ("bình quân hằng năm"): their "hằng năm" says no every year."""
    return [fold(p) for p in rules()["horizon_cues"]["annual_average_2026_2030"] if " " in p.strip()]


def target_horizon(fig: Figure, before: str, after: str, sentence_before: str = "") -> str:
    """The horizon of a target figure, one of the schema's HORIZONS, from the words of its clause
    (`sentence_before`: the sentence up to the figure, for "Hằng năm …" that governs all its figures)."""
    r = rules()
    if fig.comparator == "add":
        return "additional_2026_2030"
    if any(after.lstrip().startswith(s) for s in r["per_year_after"]):
        return "annual_average_2026_2030"  # "250 triệu/năm", "tăng 8%/năm"
    # "… 80 ha (làm thêm 2026-30).": a tag in brackets after the figure, in its clause, says how it counts
    tag = re.match(r"[^;.()\d]*\(([^()]*)\)", after)
    if tag and (tagged := lead_horizon(tag.group(1))):
        return tagged
    clause = re.split(r"[;,.]", after, maxsplit=1)[0]
    # "Mỗi năm: trẻ … từ 98% trở lên; dân số … trên 99%": a lead before a colon governs the whole item
    item_lead = re.match(r"[\s–—+•-]*([^:;.,]{2,40}):", sentence_before)
    sentence_before = sentence_before.rsplit(";", 1)[-1]  # "hằng năm có 100% chi bộ …; … đạt 90%": not this one's
    # "giảm bình quân hằng năm từ 4%" is an average: its "hằng năm" does not say every year
    average = _average_phrases()
    yearly = [_without(t, average) for t in (clause, before)]
    for horizon, phrases in r["horizon_cues"].items():
        if horizon == "every_year" and any(_has(t, phrases) for t in yearly):
            return horizon
        if horizon != "every_year" and _has(before, phrases):
            return horizon
    # "Mỗi năm kết nạp từ 20 đảng viên trở lên, cả nhiệm kỳ ít nhất 100": the sentence's "mỗi năm" governs a
    # figure whose own words name no other horizon
    if _has(_without(sentence_before, average), r["horizon_cues"]["every_year"]):
        return "every_year"
    return (lead_horizon(item_lead.group(1)) if item_lead else "") or HORIZON_LEVEL


def lead_horizon(lead: str) -> str:
    """The horizon a lettered group's lead line gives the targets listed under it ("b) Tổng 5 năm 2026 - 2030:",
    "d) Duy trì hằng năm:", "c) Bình quân mỗi năm trong giai đoạn 2026 - 2030:"), or '' when it names none
    ("a) Về kinh tế:", "a) Các chỉ tiêu phấn đấu đạt vào năm 2030:" is the level, the default)."""
    r = rules()
    average = _average_phrases()
    level = [fold(p) for p in r["not_horizon_words"]]  # "Thu nhập bình quân đầu người:" names a level
    for horizon, phrases in r["horizon_cues"].items():
        text = _without(lead, average + level if horizon == "every_year" else level)
        if any(fold(p) in text for p in phrases):
            return horizon
    return ""
