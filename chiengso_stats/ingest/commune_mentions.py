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

COMMUNE_COLUMNS = ["commune_id", "name_vi", "role", "merged_into", "name_in_document"]


@dataclass
class Commune:
    commune_id: str
    name: str  # as the document names it
    role: str  # 'former' or 'merged'
    town: bool = False  # a former unit the documents call "thị trấn": then "xã NAME" is the new commune


def with_towns(communes: list[Commune], text: str) -> list[Commune]:
    """The communes, a former one marked `town` where `text` names it after a `former_unit_words` word
    ("thị trấn Phú Lễ") and the new commune has its name."""
    units = "|".join(re.escape(w) for w in rules()["former_unit_words"])
    merged = {c.name for c in communes if c.role == "merged"}
    for c in communes:
        named = c.name and re.search(rf"(?i:{units})\s+{re.escape(c.name)}(?!\w)", text)
        c.town = c.role == "former" and c.name in merged and bool(named)
    return communes


# The new commune of a document that does not state its merger: no id, no name; its figures stay unplaced.
UNKNOWN = Commune("", "", "merged")


def _units() -> str:
    """A regex of the words before a commune's name (`unit_words`: "xã", "thị trấn", "phường"), any case."""
    return "(?i:" + "|".join(re.escape(w) for w in rules()["unit_words"]) + ")"


def _slug(name: str) -> str:
    return fold(name).strip().replace(" ", "_")


def _name_after(text: str) -> str:
    """'Chiềng Sơ và toàn bộ …' -> 'Chiềng Sơ': the capitalised words of a proper name."""
    words = []
    capitals = None  # a name in capitals ("XÃ EA LANG THƯỢNG") or in title case, not both
    for raw_word in text.split():
        if raw_word.startswith("("):
            break  # "xã Làng Mộ (VÍ DỤ)": a bracket is no part of the name
        w = raw_word.strip(",.;:()")
        if not w or not w[0].isupper() or not w[0].isalpha():
            break
        shout = len(w) > 1 and w.isupper()
        if capitals is not None and shout != capitals:
            break  # "… XÃ EA LANG THƯỢNG SAU HỢP NHẤT Theo Nghị quyết": the title ends before "Theo"
        capitals = shout if capitals is None else capitals
        words.append(w)
        if w != raw_word:
            break  # punctuation ends the name
    return " ".join(words)


def _mark(after: str) -> str:
    """'new' or 'old' when the words just after a commune's name say which one it is ("(mới)", "(cũ)",
    "sau sắp xếp"), else ''."""
    head = fold(after[:30])
    for key, mark in (("new_marks", "new"), ("old_marks", "old")):
        if any(head.startswith(fold(w)) for w in rules()[key]):
            return mark
    return ""


def named_communes(text: str) -> list[tuple[int, str, str]]:
    """(offset, name, mark) of every 'xã NAME' in `text`, and of the names listed after "các xã":
    "các xã Mường Bú, Tạ Bú và Chiềng Sơ" names three."""
    out = []
    for m in re.finditer(rf"(?<!\w){_units()}\s+", text):
        name = _name_after(text[m.end() :])
        if name:
            out.append((m.start(), name, _mark(text[m.end() + len(name) :])))
    lists = "|".join(re.escape(w) for w in rules()["commune_list_words"])
    for m in re.finditer(rf"(?<!\w)(?:{lists})\s*:?\s+", text, re.IGNORECASE):
        at = m.end()
        while name := _name_after(text[at:]):
            if not any(o == at for o, _, _ in out):
                out.append((at, name, _mark(text[at + len(name) :])))
            sep = re.match(rf"\s*(?:,|và)\s*(?:{_units()}\s+)?", text[at + len(name) :])
            if not sep:
                break
            at += len(name) + sep.end()
    return sorted(out)


def _merger_sentence(sentence: str) -> tuple[str, list[str]] | None:
    """(new commune, former communes) of a merger sentence, in any of the wordings of the reading rules:
    "Xã A được thành lập trên cơ sở nhập toàn bộ … của xã B; … của xã C", "Xã A được sắp xếp từ xã B và
    xã C", "hợp nhất xã B, xã C thành xã A", "nhập toàn bộ … của xã B vào xã A" (A is then a former too)."""
    lower = sentence.lower()
    cues = [lower.find(c) for c in rules()["merger_verbs"] if lower.find(c) >= 0]
    if not cues:
        return _merged_into(sentence)
    at = min(cues)
    named = named_communes(sentence)
    new, formers = "", []
    before = [n for o, n, _ in named if o < at]
    if before:
        new = before[-1]
    for o, name, mark in named:
        if o < at:
            continue
        into = re.search(r"(\w+)\s+$", sentence[:o])
        role = rules()["merger_into_words"].get(into.group(1).lower(), "") if into else ""
        if role or (mark == "new" and not new):
            new = name
        if role != "new" and mark != "new":
            formers.append(name)
    formers = list(dict.fromkeys(formers))
    if len(formers) < 2:
        return None
    return new, formers


def _merged_into(sentence: str) -> tuple[str, list[str]] | None:
    """(new, formers) of "04 xã A, B, C và D được hợp nhất thành xã E" (`merger_into_verbs`): the former
    communes named before the words, the new one just after them."""
    lower = sentence.lower()
    r = rules()
    verbs = "|".join(re.escape(v) for v in r["merger_into_verbs"])
    into = "|".join(re.escape(w) for w in r["merger_into_then"])
    # "được sắp xếp lại thành một đơn vị hành chính mới lấy tên là xã E": a few words may stand between
    m = re.search(rf"(?<!\w)(?:{verbs})(?:\s+\S+){{0,8}}?\s+(?:{into})(?!\w)", lower)
    if not m:
        return None
    at = m.start()
    named = named_communes(sentence)
    formers = list(dict.fromkeys(n for o, n, _ in named if o < at))
    new = next((n for o, n, _ in named if o > at), "")
    return (new, formers) if len(formers) >= 2 and new else None


def _table_merger(tables) -> tuple[str, list[str]] | None:
    """The communes of a table of the former communes (a header cell "Xã trước sắp xếp", "Xã cũ"; the new
    one under "Xã sau sắp xếp" or marked "(mới)")."""
    for table in tables:
        header = [fold(h) for h in table.rows[0]]
        old = [j for j, h in enumerate(header) if any(h.startswith(fold(w)) for w in rules()["former_headers"])]
        if not old:
            continue
        new_cols = [j for j, h in enumerate(header) if any(h.startswith(fold(w)) for w in rules()["new_headers"])]
        formers, new = [], ""
        for row in table.rows[1:]:
            cells = [re.sub(rf"^\s*{_units()}\s+", "", c) for c in row]
            name = _name_after(cells[old[0]]) if old[0] < len(cells) else ""
            if name:
                formers.append(name)
            for j in new_cols:
                new = new or (_name_after(cells[j]) if j < len(cells) else "")
        if len(formers) >= 2:
            return new, list(dict.fromkeys(formers))
    return None


def _header_merger(tables) -> tuple[str, list[str]] | None:
    """The communes of a table with a column per commune: "Xã A", "Xã B", "Xã C (mới)"; "Xã mới",
    "Toàn xã" name the new commune without its name."""
    totals = {fold(w).strip() for w in rules()["merged_headers"]}
    for table in tables:
        named = []
        for h in table.rows[0]:
            for at, name, mark in named_communes(h):
                lead = fold(h[:at]).strip()
                if lead in totals:  # "Tổng/Xã Phú Lễ": the total, the new commune
                    named.append((at, name, "new"))
                elif lead == "":
                    named.append((at, name, mark))
        formers = [name for _, name, mark in named if mark != "new"]
        if len(formers) >= 2:
            new = next((name for _, name, mark in named if mark == "new"), "")
            return new, list(dict.fromkeys(formers))
    return None


def _issuer(lines: list[str]) -> str:
    """The commune named in the document's heading, "ĐẢNG BỘ XÃ CHIỀNG SƠ": the congress's, the new one."""
    for line in lines[:40]:
        for head in rules()["issuer_heads"]:
            at = line.find(head.upper() + " ")
            words = []
            for w in line[at + len(head) + 1 :].split() if at >= 0 else []:
                word = w.strip(",.;:*")
                if not word or not word.isalpha() or not word.isupper():
                    break
                words.append(word)
                if word != w:
                    break
            if words:
                return " ".join(words).title()
    return ""


def _sentences(text: str) -> list[str]:
    """The sentences of `text`, also cut at its line breaks (a title is no part of the paragraph under it)."""
    return re.split(r"(?<=[.!?])\s+(?=[^\W\d_(“\"])|\n", text)


def merger(text: str, tables=(), lines: list[str] = ()) -> tuple[str, list[str]]:
    """(the new commune, the former communes) of the merger the document states, or ('', []) when it
    states none: a merger sentence (any wording of `merger_verbs`), else a table of the former communes.
    A new commune the merger leaves unnamed is the one of the document's heading ("ĐẢNG BỘ XÃ …")."""
    found = None
    for sentence in _sentences(text):
        found = _merger_sentence(sentence)
        if found:
            break
    found = found or _table_merger(tables) or _header_merger(tables) or _issuer_merger(text, _issuer(list(lines)))
    if not found:
        return "", []
    new, formers = found
    return new or _issuer(list(lines)), formers


def _issuer_merger(text: str, issuer: str) -> tuple[str, list[str]] | None:
    """The last resort, for a wording no rule lists ("02 xã A và B kết thúc hoạt động, hợp thành một đơn vị
    hành chính mới là xã C"): the first sentence that names the congress's own commune (the document's
    heading, "ĐẢNG BỘ XÃ C") after two other communes or more, with a word of merging (`merger_stems`)
    between them. Without the heading's commune nothing is guessed."""
    if not issuer:
        return None
    stems = "|".join(re.escape(w) for w in rules()["merger_stems"])
    for sentence in _sentences(text):
        named = named_communes(sentence)
        at = next((o for o, n, _ in named if fold(n) == fold(issuer)), -1)
        formers = list(dict.fromkeys(n for o, n, _ in named if o < at and fold(n) != fold(issuer)))
        if at > 0 and len(formers) >= 2 and re.search(rf"(?i)(?<!\w)(?:{stems})(?!\w)", sentence[:at]):
            return next(n for o, n, _ in named if o == at), formers
    return None


def communes_frame(merger: tuple[str, list[str]], raw, commune: str | None = None) -> pd.DataFrame:
    """The communes of the merger as rows of `COMMUNE_COLUMNS`: ids of the known communes where the name
    and role match, else a slug of the name ('_moi' added to the new commune's when a former one has its
    name). `commune` (an id or a name, `propose --commune`) names the new commune a document leaves
    unnamed; a known merged commune brings its former communes. No merger and no `commune`: no rows."""
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
        rows.append([cid, f"{name} (cũ)", "former", "", name])
    if new:
        slug = _slug(new) + ("_moi" if new in formers else "")
        cid = by_name.get((fold(new), "merged"), slug)
        rows.append([cid, f"{new} (mới)" if new in formers else new, "merged", "", new])
        for r in rows[:-1]:
            r[3] = cid
    return pd.DataFrame(rows, columns=COMMUNE_COLUMNS)


def mentions(sentence: str, communes: list[Commune]) -> list[tuple[int, int, str, bool, str]]:
    """(start, end, name, after "của", mark) of each commune named in `sentence`; mark 'new' or 'old'
    when the words after the name tell a new commune from a former one of that name ("(mới)", "(cũ)")."""
    names = sorted({c.name for c in communes if c.name}, key=len, reverse=True)
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
            alone = re.search(rf"\(\s*(?:{_units()}\s*)?$", sentence[: m.start()]) and re.match(
                r"\s*\)", sentence[m.end() :]
            )
            of = lead.endswith(owner_leads) or bool(alone)  # "của xã B", "ở xã B", "(xã B)"
            mark = _mark(sentence[m.end() :])
            if not mark and lead.endswith(former_units):
                mark = "old"  # "thị trấn Phú Lễ": no town outlived the 2025 merger, the name is the former unit's
            elif not mark and name in towns and lead.endswith(" xa "):
                mark = "new"  # "xã Phú Lễ" where the former unit of that name was a town
            found.append((m.start(), m.end(), name, of, mark))
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
        if re.fullmatch(rf"\s*(?:\((?:cũ|mới)\))?[\s,]*(?:và|,)?\s*(?:{_units()}\s*)?", between, re.IGNORECASE):
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
        before = [m for m in named if m[1] <= at] if at >= 0 else []
        if not before:
            continue
        group = _group(sentence, before)
        end = min([k for k in (sentence.find(";", at), sentence.find(". ", at)) if k >= 0] or [len(sentence)])
        items = [i for i, f in enumerate(figures) if at < f.start < end and f.role != "total"]
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
    # "2.365 triệu đồng (xã Khe Vàng)", "98,2% ở xã Khe Vàng", "… của xã B": the commune named just after
    if after and after[0][3] and not [m for m in visible if fig.end <= m[0] < after[0][0]]:
        if after[0][0] - fig.end <= 60 or fold(sentence[after[0][0] - 8 : after[0][0]]).endswith(" cua xa "):
            return [resolve(after[0][2], communes, sentence, retrospective, after[0][4])]
    before = [m for m in visible if m[1] <= fig.start]
    formers = [c for c in communes if c.role == "former"]
    clause = sentence[(before[-1][1] if before else 0) : fig.start]
    clause = re.split(r"[;.]", clause)[-1]
    if (
        formers
        and has_cue(clause, "all_formers_words")
        and has_cue(clause + sentence[fig.start : fig.start + 1], "each_words")
    ):
        return formers  # "cả hai xã đều đạt trên 90%": one figure for each former commune
    if formers and has_cue(clause, "sum_words"):
        return [merged]  # "tổng số đảng viên của ba xã là 1.125": their sum, the new commune's
    if not before:
        return [default]
    group = _group(sentence, before)
    found = list({id(c): c for c in (resolve(m[2], communes, sentence, retrospective, m[4]) for m in group)}.values())
    if len(found) > 1:
        return found if has_cue(sentence[group[-1][1] : fig.start], "each_words") else [merged]
    return found
