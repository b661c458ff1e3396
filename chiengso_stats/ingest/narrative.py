"""Ingest: figures of the narrative: one proposal per figure of a sentence, with its commune, indicator,
kind, comparator, quote and place (the rules are listed in `proposals`)."""

from __future__ import annotations

import bisect
import re
from functools import cache

from .commune_mentions import communes_of, mentions, resolve, respectively
from .figures import find_figures, fold, printed_fields, rules
from .indicator_match import best_phrase, family_of
from .periods import HORIZON_LEVEL, baseline_year, is_change, lead_horizon, observation_period, target_horizon
from .report_layout import has_words, in_part, path_at, place

QUOTE_MAX = 300


PRIMARY_BONUS = 5


def _quote(text: str, a: int, b: int, fig_start: int, fig_end: int) -> tuple[int, int]:
    if b - a <= QUOTE_MAX:
        return a, b
    left = max(text.rfind(";", a, fig_start) + 1, a)
    right = text.find(";", fig_end, b)
    right = b if right < 0 else right
    if right - left > QUOTE_MAX:
        left = max(left, text.rfind(" ", left, max(left, fig_start - QUOTE_MAX // 2)) + 1)
        right = min(right, text.find(" ", min(right, fig_end + QUOTE_MAX // 2)) % (len(text) + 1) or right)
    return left, right


def _group_lead(lay, at: int) -> str:
    """The lead line of the group the text at `at` is listed under ("b) Tổng 5 năm 2026 - 2030:"), looked
    for up to the heading above it; '' when there is none or the text is on the lead line itself."""
    top = max([o for o, _ in lay.headings if o <= at] or [0])
    breaks = sorted(lay.line_breaks)
    for k in range(bisect.bisect_right(breaks, at) - 1, bisect.bisect_left(breaks, top) - 1, -1):
        start, end = breaks[k], breaks[k + 1] if k + 1 < len(breaks) else len(lay.text)
        # "c) …:", or a line "Những chỉ tiêu phải cao hơn mức nêu" over its items (`group_lead_words`)
        if re.match(r"[a-zđ]\)\s", lay.text[start : start + 3]) or _group_title(
            lay, start, end, breaks[k - 1] if k else 0
        ):
            return "" if start <= at < end else lay.text[start:end]
    return ""


def sentence_rows(lay, a, b, communes, cat, names, terms, before_rows=()) -> list[dict]:
    sentence = lay.text[a:b]
    skip = [(s - a, e - a) for s, e in lay.skip if a <= s < b]
    figures = find_figures(sentence, skip)
    if not figures:
        return []
    retrospective = in_part(lay, a, "retrospective_parts")
    target = in_part(lay, a, "target_parts")
    named = mentions(sentence, communes)
    merged = next(c for c in communes if c.role == "merged")
    default = merged
    heads = {fold(w).strip() for w in rules()["section_heads"]}
    for _, title in reversed(path_at(lay, a)):
        # "I. XÃ THÈN VÁN", "II. ĐẢNG BỘ XÃ QUANG MINH HẠ": a heading in capitals names its commune too
        shown = title.title() if title.isupper() else title
        m = mentions(shown, communes)
        if m and len({x[2] for x in m}) == 1 and fold(shown[: m[0][0]]).strip() in heads:
            default = resolve(m[0][2], communes, shown, retrospective, m[0][4])
            break
    _, target_year = terms
    group_lead = _group_lead(lay, a) if target else ""  # the lead of the group the sentence is listed under
    formers = {c.commune_id for c in communes if c.role == "former"}
    rows, runs = [], {}
    cat_family = {c[0]: c[2] for c in cat}
    each = respectively(sentence, figures, named, communes, retrospective)
    # a sentence of a commune's size: an area in it, or its people ("đông dân nhất, có 5.127 người, 1.196 hộ")
    sized = any(f.suffix in rules()["area_units"] for f in figures) or has_words(sentence, rules()["size_words"])
    taken = {}  # by family: words up to here named an earlier figure after it ("4,5 km đường liên bản và 2,8 km")
    for i, fig in enumerate(figures):
        lo = figures[i - 1].end if i else 0
        hi = figures[i + 1].start if i + 1 < len(figures) else len(sentence)
        after_start = figures[i + 1].end if fig.role == "part" else fig.end  # '14/19 chỉ tiêu': after the total
        if fig.role == "part":
            hi = figures[i + 2].start if i + 2 < len(figures) else len(sentence)
        after = sentence[after_start:hi]
        family = "mass" if family_of(fig.unit) == "mass" else family_of(fig.suffix)  # "5.625 tấn" is no count
        clause_start = max(taken.get(family, 0), sentence.rfind(";", 0, fig.start) + 1)
        before = sentence[max(lo, clause_start) : fig.start]
        if fig.suffix == "":  # a count's name does not reach across a bracket: "(gồm … trực thuộc) với 812"
            before = re.split(r"[()]", before)[-1]
        clause = re.split(r"[,(]", before)[-1]
        if best_phrase(clause, family, cat, after=False)[0]:  # the words since the last comma, when they name it
            before = clause
        # a count's noun follows it up to a comma ("23 đồng chí, trong đó …"); a rate's words may
        # run on ("100% hồ sơ, kết quả … được số hóa") unless a comma closes the figure's clause
        after = re.split(r"[;.,(]" if family == "count" else r"[;.(]", after, maxsplit=1)[0]
        after = "" if after.lstrip().startswith(",") else after
        if fig.role == "total":
            iid = best_phrase(after, family, cat, use="total")[0]
            phrase = after
        else:
            # the longest name wins; the side where the name usually stands (after a count,
            # before a rate or a measure) by a few letters
            sides = [after, before] if family == "count" else [before, after]
            scored = [
                (best_phrase(side, family, cat, after=side is after), PRIMARY_BONUS * (k == 0), side)
                for k, side in enumerate(sides)
            ]
            (iid, _, phrase_end), _, phrase = max(scored, key=lambda s: s[0][1] + s[1] if s[0][0] else -1)
            # no name in the catalogue: the words before a count that after it has only its unit ("… đạt 2.140 tấn")
            bare = fold(after).strip() in ("", fold(fig.unit).strip())
            phrase = phrase if iid else before if bare else sides[0]
            if iid and phrase is after:
                taken[family] = after_start + phrase_end
        owners = [each[i]] if i in each else communes_of(fig, sentence, named, communes, retrospective, default)
        if not target and fig.role != "total" and merged not in owners and _sums_parts(fig, family, rows, formers):
            owners = [merged]  # "phía Bắc 46, phía Nam 39, cộng 85 đồng chí": the sum of the formers' is the new one's
        key = tuple(c.commune_id for c in owners)
        run = runs.setdefault(key, [])
        # the noun a count is printed with ("với 812 đảng viên"), looked up once for the two places below
        own_noun = best_phrase(after, family, cat, use="weak")[0] if not iid and fig.role != "total" else ""
        if not iid and fig.unit:  # its own noun before another commune's run: "… B 412 đảng viên"
            iid = own_noun
        if not iid:  # "xã A đạt 76,4%, …; xã B đạt 56,8%": the k-th figure of B is the k-th of A
            previous = [r for k, r in runs.items() if k != key and len(r) > len(run)]
            if previous and previous[-1][len(run)][1] == family:
                iid = previous[-1][len(run)][0]
                phrase = phrase if iid else previous[-1][len(run)][2]  # the same new indicator's words
        if not iid and family != "count" and fig.role != "total":
            # "giảm từ 21,4% năm 2020 xuống còn 8,15%": a rate or a measure named earlier in its clause
            iid = best_phrase(sentence[clause_start : fig.start], family, cat, after=False)[0]
        if not iid and fig.role != "total":  # the noun a count is printed with: "với 812 đảng viên"
            iid = (
                own_noun
                # the noun of a figure before names this one only when it has none of its own ("12 ấp với 6.240 hộ")
                or ("" if fig.unit else best_phrase(before, family, cat, use="weak", after=False)[0])
            )
        if not iid and target and bare and not fig.unit and rows and _only_horizon(before):
            # "Kết nạp … không dưới 150, mỗi năm ít nhất 30": a bare count whose words only give it a horizon
            iid = rows[-1]["indicator_id"] if cat_family.get(rows[-1]["indicator_id"]) == family else ""
        item = re.match(r"^\W*([^\W\d][^:;]{1,40}):\s*$", sentence[: fig.start])
        if not iid and item:  # "– Đảng viên: 774 đồng chí": a list item's label names its first figure
            iid = best_phrase(item.group(1), family, cat)[0] or best_phrase(item.group(1), family, cat, use="weak")[0]
        if iid and fig.suffix == "%" and is_change(before, after):
            iid = ""  # "giảm bình quân 1,5%/năm" is how fast the rate falls, not the rate: a new indicator
        needs = rules()["indicator_subjects"].get(iid)
        if needs and not has_words(sentence, needs):
            iid = ""  # "ngày công" on roads is not the bridge's: its subject is not in the sentence
        if not iid and fig.role != "total" and sized:
            # "… có 39,33 km2 đất tự nhiên, 15.347 người thuộc 4.171 hộ": a sentence of the commune's size
            iid = rules()["size_units"].get(fig.suffix or fig.unit, "")
        if not iid and fig.role != "total" and not target and owners and all(c.role == "former" for c in owners):
            # "Thu nhập … toàn xã cuối kỳ ước đạt 38,7 triệu đồng. Xã cũ Cốc Mòn đầu kỳ 27,8 triệu đồng, …": the
            # former communes' figures, named by nothing of their own, break down the new commune's just before
            iid = next(
                (
                    r["indicator_id"]
                    for r in before_rows
                    if r["indicator_id"] and r["commune_id"] == merged.commune_id and r["unit"] == fig.unit
                ),
                "",
            )
        if fig.role == "total" and rows and rows[-1]["position"] == a + figures[i - 1].start:
            part = rows[-1]["indicator_id"]
            if part and (not iid or iid == part) and cat_family.get(part) == family:
                iid = part  # "9/13 bản": 13 villages, and 9 of them, which are not the villages
                for row in rows:
                    if row["position"] == a + figures[i - 1].start:
                        row["indicator_id"] = ""
        run.append((iid, family, phrase))
        kind = "target" if target and fig.role != "total" else "observation"
        if fig.role != "total":  # '14/19 chỉ tiêu': the total takes the part's words
            clause_at = sentence.rfind(";", 0, fig.start) + 1
            lead = "; " if clause_at > lo else ""  # the clause's own words, not those just after the figure before
            near = lead + sentence[max(lo, clause_at) : fig.start], sentence[after_start:hi]
        if kind == "target" and (base := baseline_year(near[1], target_year, near[0])):
            kind, period, horizon = "observation", base, ""  # "từ 68,7 triệu đồng năm 2025 lên 95 …"
        elif kind == "target":
            period, horizon = target_year, target_horizon(fig, *near, sentence[: fig.start])
            if horizon == HORIZON_LEVEL and group_lead:
                horizon = lead_horizon(group_lead) or horizon  # "+ Kết nạp 150 …" under "b) Tổng 5 năm 2026 - 2030:"
            joined = re.fullmatch(r"[^,;:()]*(?<!\w)và(?!\w)[^,;:()]*", near[0]) and not re.search(r"\d{4}", near[0])
            if (
                horizon == HORIZON_LEVEL
                and rows
                and rows[-1]["kind"] == "target"
                and joined
                and not lead_horizon(near[0])
            ):
                horizon = rows[-1]["horizon"]  # "Tăng thêm 3 hợp tác xã và ít nhất 4 sản phẩm OCOP": both more
        else:
            previous = (rows[-1]["period"], rows[-1]["unit"] == "%") if rows else None
            unit = printed_fields(merged, fig)["unit"]
            # "5 năm có 112 thanh niên …; trong đó A 44, B 37": a bare count breaks down the count before it
            whole = next((r for r in rows if r["unit"] == unit), None) or (rows[-1] if rows and not fig.unit else None)
            if whole and has_words(near[0], rules()["breakdown_words"]):
                # "14.260 tấn, tăng 3.180 tấn …; trong đó: xã A 6.120 tấn": a part is of the sentence's first
                # figure of its unit, the whole it breaks down, not of the change just before it
                previous = (whole["period"], unit == "%")
                near = (near[0].removeprefix("; "), near[1])  # the part's clause goes on from its whole's
            period, horizon = observation_period(sentence, fig, *near, iid, terms, previous), ""
            if period == terms[0][-4:] and not re.search(r"(?:19|20)\d\d", near[0] + near[1][:30]):
                peer = _peer(rows, before_rows, iid, unit, sentence[: fig.start], near[0], owners, formers)
                period, iid = (peer["period"], iid or peer["indicator_id"]) if peer else (period, iid)
        comparator = ""
        if kind == "target":
            lower = iid and names.get(iid, ("", ""))[1] == "lower"
            # "c) Nhóm chỉ tiêu khống chế (thấp hơn mức nêu):": a group's lead gives its items their comparator
            comparator = fig.comparator or _lead_comparator(group_lead) or ("<=" if lower else ">=")
            # "có thêm 02 trường": at least two more, the horizon says "more" (as `accept` reads it)
            comparator = ">=" if comparator == "add" else comparator
        qa, qb = _quote(lay.text, a, b, a + fig.start, a + fig.end)
        confidence = 0.5 + 0.3 * bool(iid) + 0.2 * bool(named or default is not merged)
        for commune in owners:
            rows.append(
                dict(
                    **printed_fields(commune, fig),
                    position=a + fig.start,
                    indicator_id=iid,
                    indicator_vi=" ".join(phrase.split()[-12:]).strip(" ,:(") if phrase else "",
                    period=period,
                    horizon=horizon,
                    kind=kind,
                    comparator=comparator,
                    quote=lay.text[qa:qb].strip(),
                    source_ref=place(lay, a),
                    confidence=round(confidence, 2),
                )
            )
    return rows


def _only_horizon(words: str) -> bool:
    """Whether `words` are only a horizon's and a comparator's ("mỗi năm ít nhất"), and a comma."""
    left = fold(words)
    for p in _horizon_and_comparator_words():
        left = left.replace(p, " ")
    return bool(fold(words).strip()) and not left.strip()


@cache
def _horizon_and_comparator_words() -> tuple[str, ...]:
    """The reading rules' horizon cues, qualifiers and comparator words, folded, longest first."""
    r = rules()
    phrases = [p for ps in r["horizon_cues"].values() for p in ps] + r["qualifiers"] + list(r["comparator_before"])
    return tuple(sorted({fold(p) for p in phrases}, key=len, reverse=True))


def _peer(rows, before_rows, iid: str, unit: str, before: str, own_words: str, owners, formers) -> dict | None:
    """The figure of the same indicator (or of none, the same unit) this one goes on from, when its own words name
    no year: the one just before it in the sentence, another commune's ("bình quân mỗi năm tăng 7,2% ở A, 6,8% ở
    B": both over the term); or, after a sum's words ("Cộng lại … là 37,2 km"), its parts, the former communes'
    in the sentence before, which all agree; `formers` are the former communes' ids. None otherwise."""
    own = {c.commune_id for c in owners}
    if rows and rows[-1]["kind"] == "observation" and (rows[-1]["indicator_id"], rows[-1]["unit"]) == (iid, unit):
        # another former commune's, just before, with nothing between but names: "7,2% ở A, 6,8% ở B"; not a
        # breakdown of the new commune's ("tăng 3.180 tấn …; trong đó: A 6.120 tấn") nor "từ 2,35% xuống 0,48%"
        parallel = own <= formers and rows[-1]["commune_id"] in formers - own
        if parallel and len(fold(own_words).split()) <= 6 and not has_words(own_words, rules()["change_to"]):
            return rows[-1]
    if not rows and has_words(before, rules()["sum_after_parts_words"]):
        parts = [r for r in before_rows if r["unit"] == unit and r["kind"] == "observation"]
        if len(parts) >= 2 and len({(r["indicator_id"], r["period"]) for r in parts}) == 1:
            return parts[0] if parts[0]["indicator_id"] in (iid, "") or not iid else None
    return None


def _sums_parts(fig, family: str, rows, formers: set) -> bool:
    """Whether `fig` is the sum of the figures just before it in the sentence, one of each former commune (ids in
    `formers`), of its family ("46 …, 39 …, cộng 85": 46 + 39 = 85, to the last printed digit)."""
    parts = {}
    for r in reversed(rows):
        if family_of(r["unit"]) == family and r["commune_id"] in formers and r["value_high"] is None:
            parts.setdefault(r["commune_id"], r["value"])
    return (
        len(formers) >= 2 and set(parts) == formers and abs(sum(parts.values()) - fig.value) < 1e-6 * max(1, fig.value)
    )


def _group_title(lay, start: int, end: int, begun: int) -> bool:
    """Whether the line from `start` to `end` is a group's title of its own (`group_lead_words`): after a sentence's
    end, a title in capitals or a heading (the line from `begun`), short, with no full stop; not a PDF's line of a
    paragraph that wraps."""
    line = lay.text[start:end].strip()
    titled = any(fold(line).startswith(fold(w)) for w in rules()["group_lead_words"])
    previous = lay.text[begun:start].strip()
    after_end = previous[-1:] in ".:!?" or previous.isupper() or any(o == begun for o, _ in lay.headings)
    return titled and after_end and len(line.split()) <= 14 and not line.endswith(".")


def _lead_comparator(lead: str) -> str:
    """The comparator a group's lead line names (`comparator_before`, the longest phrase of two words or more: "trên"
    alone is also "trên địa bàn"), else ''."""
    words = rules()["comparator_before"]
    found = [w for w in words if " " in w and fold(w) in fold(lead)] if lead else []
    comparator = words[max(found, key=len)] if found else ""
    return "" if comparator == "add" else comparator
