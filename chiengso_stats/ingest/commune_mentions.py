"""Ingest: which commune a figure belongs to: the communes of the merger sentence and their mentions.

`merger` reads "Xã A được thành lập trên cơ sở nhập toàn bộ … của xã B; … của xã C"; `communes_of`
places a figure with the communes its sentence names (see `proposals` for the order of the rules).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from ..text import plain_name
from .figures import Figure, fold, rules
from .report_layout import has_cue

COMMUNE_COLUMNS = ["commune_id", "name_vi", "role", "merged_into", "name_in_document", "province"]


@dataclass
class Commune:
    commune_id: str
    name: str  # as the document names it
    role: str  # 'former' or 'merged'
    town: bool = False  # a former unit the documents call "thị trấn": then "xã NAME" is the new commune
    short: tuple[str, ...] = ()  # the abbreviations the document gives it: "ĐHT (Định Hải Tây)"


def with_towns(communes: list[Commune], text: str) -> list[Commune]:
    """The communes, a former one marked `town` where `text` names it after a `former_unit_words` word
    ("thị trấn Phú Lễ") and the new commune has its name."""
    units = "|".join(re.escape(w) for w in rules()["former_unit_words"])
    merged = {c.name for c in communes if c.role == "merged"}
    for c in communes:
        named = c.name and re.search(rf"(?i:{units})\s+{re.escape(c.name)}(?!\w)", text)
        c.town = c.role == "former" and c.name in merged and bool(named)
    return communes


def with_abbreviations(communes: list[Commune], text: str) -> list[Commune]:
    """The communes, each with the abbreviations the document defines for it, "ĐHT (Định Hải Tây)", "Định Hải Tây
    (ĐHT)" or a table's legend "ĐHT: xã Định Hải Tây": capitals only, two to five letters."""
    for c in communes:
        if not c.name:
            continue
        name = re.escape(c.name)
        found = re.findall(rf"(?<!\w)([A-ZĐ]{{2,5}})\s*\((?:xã\s+)?{name}\)", text)
        found += re.findall(rf"(?<!\w){name}\s*\(([A-ZĐ]{{2,5}})\)", text)
        found += re.findall(
            rf"(?<!\w)([A-ZĐ]{{2,5}}):\s*(?:xã\s+)?{name}(?!\w)", text
        )  # a table's legend "ĐHT: xã Định Hải Tây"
        found += _declared_names(c.name, text)
        c.short = tuple(dict.fromkeys(found))
    return communes


def _declared_names(name: str, text: str) -> list[str]:
    """The names a document declares for a commune (`name_declaring_words`): "địa bàn xã A trước đây gọi là khu vực
    phía Bắc" gives "khu vực phía Bắc", and "phía Bắc" without its `area_words` ("khu vực"), each also with a
    capital first letter, as a sentence begins."""
    r = rules()
    words = "|".join(re.escape(w) for w in r["name_declaring_words"])
    out = []
    for m in re.finditer(
        rf"(?<!\w){re.escape(name)}(?!\w)[^.;:]{{0,30}}?(?:{words})\s+[“\"]?([^\W\d][^,.;:”\"()]{{1,30}})", text
    ):
        declared = m.group(1).strip()
        if len(declared.split()) > 4:
            continue
        short = next((declared[len(w) :].strip() for w in r["area_words"] if declared.lower().startswith(w + " ")), "")
        for d in filter(None, (declared, short)):
            out += [d, d[:1].upper() + d[1:]]
    return out


# The new commune of a document that does not state its merger: no id, no name; its figures stay unplaced.
UNKNOWN = Commune("", "", "merged")


def unit_pattern() -> str:
    """A regex of the words before a commune's name (`unit_words`: "xã", "thị trấn", "phường"), any case."""
    return "(?i:" + "|".join(re.escape(w) for w in rules()["unit_words"]) + ")"


def _slug(name: str) -> str:
    return fold(name).strip().replace(" ", "_")


def mark_after(after: str) -> str:
    """'new' or 'old' when the words just after a commune's name say which one it is ("(mới)", "(cũ)",
    "sau sắp xếp"), else ''."""
    head = fold(after[:30])
    for key, mark in (("new_marks", "new"), ("old_marks", "old")):
        if any(head.startswith(fold(w)) for w in rules()[key]):
            return mark
    return ""


def communes_frame(merger: tuple[str, list[str]], raw, commune: str | None = None, province: str = "") -> pd.DataFrame:
    """The communes of the merger as rows of `COMMUNE_COLUMNS`: ids of the known communes where the name
    and role match, else a slug of the name ('_moi' added to the new commune's when a former one has its
    name). `commune` (an id or a name, `propose --commune`) names the new commune a document leaves
    unnamed; a known merged commune brings its former communes. No merger and no `commune`: no rows. `province`
    is the heading's ("ĐẢNG BỘ TỈNH CÀ MAU"), '' when it names none."""
    new, formers = merger
    known = raw.communes if raw is not None else pd.DataFrame(columns=["commune_id", "name_vi", "role", "merged_into"])
    by_name = {(fold(plain_name(n)), r): i for i, n, r in zip(known.commune_id, known.name_vi, known.role)}
    names = dict(zip(known.commune_id, (plain_name(n) for n in known.name_vi)))
    if commune:
        given = commune if commune in names else next((i for i, n in names.items() if fold(n) == fold(commune)), "")
        new = new or names.get(given, commune)
        if not formers and given:
            formers = [names[i] for i in known.commune_id[known.merged_into == given]]
    if formers and not new:  # the known communes may say which new commune these former ones made
        into = {
            m for n, m in zip(known.name_vi, known.merged_into) if fold(plain_name(n)) in {fold(f) for f in formers}
        }
        new = names.get(into.pop(), "") if len(into) == 1 else ""
    rows = []
    for name in formers:
        cid = by_name.get((fold(name), "former"), _slug(name))
        rows.append([cid, f"{name} (cũ)", "former", "", name, province])
    if new:
        slug = _slug(new) + ("_moi" if new in formers else "")
        cid = by_name.get((fold(new), "merged"), slug)
        rows.append([cid, f"{new} (mới)" if new in formers else new, "merged", "", new, province])
        for r in rows[:-1]:
            r[3] = cid
    return pd.DataFrame(rows, columns=COMMUNE_COLUMNS)


def mentions(sentence: str, communes: list[Commune]) -> list[tuple[int, int, str, bool, str]]:
    """(start, end, name, after "của", mark) of each commune named in `sentence`; mark 'new' or 'old'
    when the words after the name tell a new commune from a former one of that name ("(mới)", "(cũ)")."""
    full = {a: c.name for c in communes for a in c.short} | {c.name: c.name for c in communes if c.name}
    names = sorted(full, key=len, reverse=True)  # "ĐHT" stands for "Định Hải Tây" where the document says so
    owner_leads = tuple(fold(w) for w in rules()["owner_leads"])
    former_units = tuple(fold(w) for w in rules()["former_unit_words"])
    towns = {c.name for c in communes if c.town}
    found, taken = [], set()
    for name in names:
        for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", sentence):
            if any(i in taken for i in range(m.start(), m.end())):
                continue
            taken.update(range(m.start(), m.end()))
            lead = fold(sentence[max(0, m.start() - 24) : m.start()])
            alone = re.search(rf"\(\s*(?:{unit_pattern()}\s*)?$", sentence[: m.start()]) and re.match(
                r"\s*\)", sentence[m.end() :]
            )
            of = lead.endswith(owner_leads) or bool(alone)  # "của xã B", "ở xã B", "(xã B)"
            mark = mark_after(sentence[m.end() :])
            if not mark and lead.endswith(former_units):
                mark = "old"  # "thị trấn Phú Lễ": no town outlived the 2025 merger, the name is the former unit's
            elif not mark and name in towns and lead.endswith(" xa "):
                mark = "new"  # "xã Phú Lễ" where the former unit of that name was a town
            found.append((m.start(), m.end(), full[name], of, mark))
    return sorted(found)


def _bracket(sentence: str, pos: int) -> tuple[int, int] | None:
    """The innermost bracket around `pos`, as (open, close) offsets, or None."""
    stack, spans = [], []
    for i, ch in enumerate(sentence):
        if ch == "(":
            stack.append(i)
        elif ch == ")" and stack:
            spans.append((stack.pop(), i))
    spans += [(o, len(sentence)) for o in stack]
    inside = [s for s in spans if s[0] < pos < s[1]]
    return max(inside) if inside else None


def resolve(name: str, communes: list[Commune], sentence: str, retrospective: bool, mark: str = "") -> Commune:
    same = [c for c in communes if c.name == name]
    if len(same) == 1:
        return same[0]
    merged = next(c for c in same if c.role == "merged")
    former = next(c for c in same if c.role == "former")
    if mark:  # "xã Chiềng Sơ (mới)", "xã Chiềng Sơ (cũ)", "xã Chiềng Sơ sau sắp xếp"
        return merged if mark == "new" else former
    if has_cue(sentence, "after_merger_cues"):
        return merged
    others = [c for c in communes if c.role == "former" and c.name != name]
    if any(re.search(rf"(?<!\w){re.escape(c.name)}(?!\w)", sentence) for c in others):
        return former  # "xã B đạt 38,6%, xã A đạt 47,1%": named beside another former commune
    return former if retrospective or has_cue(sentence, "merger_cues") else merged


def _group(sentence: str, before: list) -> list:
    """The mentions named together at the end of `before`: "xã A, xã B (cũ) và xã C"."""
    group = [before[-1]]
    for m in reversed(before[:-1]):
        between = sentence[m[1] : group[0][0]]
        if re.fullmatch(rf"\s*(?:\((?:cũ|mới)\))?[\s,]*(?:và|,)?\s*(?:{unit_pattern()}\s*)?", between, re.IGNORECASE):
            group.insert(0, m)
        else:
            break
    return group


def respectively(sentence: str, figures: list[Figure], named, communes, retrospective) -> dict[int, Commune]:
    """Owners of the figures after "lần lượt là" (`respectively_words`): "dân số của xã A và xã B lần lượt
    là 2.140 và 1.975 người" gives 2.140 to A and 1.975 to B; the k-th figure (a '14/19' counts once)
    goes to the k-th commune named before the word, when the figures of its clause are a multiple of them."""
    lower = sentence.lower()
    for word in rules()["respectively_words"]:
        at = lower.find(word)
        if at < 0:
            continue
        before = [m for m in named if m[1] <= at]
        end = min([k for k in (sentence.find(";", at), sentence.find(". ", at)) if k >= 0] or [len(sentence)])
        items = [i for i, f in enumerate(figures) if at < f.start < end and f.role != "total"]
        # "(theo thứ tự A, B, C: 14.860, 11.275 và 12.945)": the communes named between the word and the figures
        between = [m for m in named if items and at < m[0] and m[1] <= figures[items[0]].start]
        if len(between) >= 2:
            before = between
        formers = [c for c in communes if c.role == "former"]
        counted = has_cue(sentence[:at], "all_formers_words") or has_cue(sentence[:at], "sum_words")
        if not before and has_cue(sentence[at : at + len(word) + 12], "sum_words"):
            # "1.150, 1.320 và 980 lao động, theo thứ tự ba xã nêu trên": the word after its figures, which are
            # the former communes' in the merger's order (the clause's, from its ':' or ';')
            start = max(sentence.rfind(":", 0, at), sentence.rfind(";", 0, at), sentence.rfind(". ", 0, at))
            items = [i for i, f in enumerate(figures) if start < f.start < at and f.role != "total"]
            counted = True
        if not before and counted and len(items) == len(formers) > 1:
            # "Tỷ lệ gia đình văn hóa ở hai xã lần lượt là 90,4% và 88,7%": the former communes, in the merger's order
            return {i: formers[k] for k, i in enumerate(items)}
        if not before:
            continue
        group = _group(sentence, before)
        if len(group) < 2:  # "thị trấn A còn 0,86%, xã B còn 2,94% … (lần lượt là 2,15%, 6,48%)": each named once
            group = list({(m[2], m[4]): m for m in reversed(before)}.values())[::-1]
            group = group if len(group) == len(items) else []
        if len(group) < 2 or not items or len(items) % len(group):
            continue
        out = {}
        for k, i in enumerate(items):
            m = group[k % len(group)]
            out[i] = resolve(m[2], communes, sentence, retrospective, m[4])
            if figures[i].role == "part":
                out[i + 1] = out[i]
        return out
    return {}


def communes_of(fig: Figure, sentence: str, mentions, communes, retrospective, default) -> list[Commune]:
    merged = next(c for c in communes if c.role == "merged")
    visible = [
        m
        for m in mentions
        if (b := _bracket(sentence, m[0])) is None or b[0] < fig.start < b[1] or 0 <= b[0] - fig.end <= 12
    ]
    after = [m for m in visible if m[0] >= fig.end]
    before = [m for m in visible if m[1] <= fig.start]
    # "của xã A đạt 8,6%/năm, của xã B đạt 7,4%/năm": a commune named in the figure's own clause before it
    # keeps it from the one that opens the next clause
    own_clause = before and not re.search(r"[,;]", sentence[before[-1][1] : fig.start])
    # "ở C là 28.930 tấn và ở D là 18.600 tấn": "và", like a comma, opens the next commune's clause
    between = sentence[fig.end : after[0][0]] if after else ""
    gap = re.split(r"[,;:]|(?<!\w)(?:và|còn)(?!\w)", between) if after else []
    leads = {fold(w).strip() for w in rules()["owner_leads"]}
    next_clause = len(gap) > 1 and fold(gap[-1]).strip() in leads  # ", của xã B …": only the lead after the comma
    # "… của A từ 3,86% xuống 0,96%, còn 22 hộ; của B …": after a semicolon the next clause is B's, and a
    # commune named before in the figure's own semicolon clause keeps it
    if before and next_clause and ";" in between and ";" not in sentence[before[-1][1] : fig.start]:
        own_clause = True
    # "687 đảng viên, trong đó 386 đảng viên chuyển từ Đảng bộ xã A": the name after a breakdown is its part's
    nearer = has_cue(between, "breakdown_words") or has_cue(between, "contrast_words")
    # across a comma only "của xã A" reaches back ("45,12 km2, quy mô dân số 6.234 người của xã A"); "ở", "tại",
    # "từ" do not ("4.860 con, đông nhất ở B với 1.890 con", "68,5%, chưa đạt mục tiêu đề ra ở B")
    lead = fold(sentence[max(0, after[0][0] - 24) : after[0][0]]) if after else ""
    possessive = any(lead.endswith(fold(w)) for w in rules()["owner_leads"] if fold(w).split()[0] == "cua")
    # "2.365 triệu đồng (xã Khe Vàng)", "98,2% ở xã Khe Vàng", "… của xã B": the commune named just after
    if (
        after
        and after[0][3]
        and not nearer
        # a commune named in the next clause is that clause's: "Toàn xã có 11 hợp tác xã; ở A là 3", "1.740 ha: ở B
        # là 635 ha"; but "của xã A" after a list of its figures owns them all
        and (len(gap) < 2 or (possessive and not next_clause))
        and not (own_clause and next_clause)
        and not [m for m in visible if fig.end <= m[0] < after[0][0]]
    ):
        if after[0][0] - fig.end <= 60 or fold(sentence[after[0][0] - 8 : after[0][0]]).endswith(" cua xa "):
            return [resolve(after[0][2], communes, sentence, retrospective, after[0][4])]
    formers = [c for c in communes if c.role == "former"]
    clause = sentence[(before[-1][1] if before else 0) : fig.start]
    clause = re.split(r"[;.]", clause)[-1]
    if (
        formers
        and has_cue(clause, "all_formers_words")
        and has_cue(clause + sentence[fig.start : fig.start + 1], "each_words")
    ):
        # "cả hai xã đều đạt trên 90%": one figure for each former commune; of three, the two just named ("B và C
        # cùng giữ chuẩn …, cả hai xã đều đạt 19/19")
        named = list({id(c): c for c in (resolve(m[2], communes, sentence, retrospective, m[4]) for m in before)})
        two = has_cue(clause, "pair_words") and len(formers) > 2
        return [c for c in formers if id(c) in named] if two and len(named) == 2 else formers
    tail = re.split(r"[;,.]", sentence[fig.end :], maxsplit=1)[0]
    if formers and has_cue(tail, "all_formers_words") and has_cue(tail, "each_words"):
        return formers  # "trên 90% tổ chức đảng của cả hai xã đều được xếp loại …": the same, said after it
    if formers and has_cue(clause, "sum_words"):
        return [merged]  # "tổng số đảng viên của ba xã là 1.125": their sum, the new commune's
    parts = {resolve(m[2], communes, sentence, retrospective, m[4]).commune_id for m in before}
    if len(parts) > 1 and has_cue(clause, "sum_after_parts_words"):
        return [merged]  # "12,4 km ở A và 9,7 km ở B, tổng cộng 22,1 km": the parts, then their sum
    if not before:
        return [default]
    group = _group(sentence, before)
    found = list({id(c): c for c in (resolve(m[2], communes, sentence, retrospective, m[4]) for m in group)}.values())
    if len(found) > 1:
        # "A và B giữ vững 19/19 tiêu chí", "A và B đạt 95%": a rate or a part of a whole is each one's, no sum
        each = fig.suffix == "%" or fig.role in ("part", "total")
        return found if each or has_cue(sentence[group[-1][1] : fig.start], "each_words") else [merged]
    return found
