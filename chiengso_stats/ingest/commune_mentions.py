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


def _slug(name: str) -> str:
    return fold(name).strip().replace(" ", "_")


def _name_after(text: str) -> str:
    """'Chiềng Sơ và toàn bộ …' -> 'Chiềng Sơ': the capitalised words of a proper name."""
    words = []
    for raw_word in text.split():
        w = raw_word.strip(",.;:()")
        if not w or not w[0].isupper():
            break
        words.append(w)
        if w != raw_word:
            break  # punctuation ends the name
    return " ".join(words)


def merger(text: str) -> tuple[str, list[str]]:
    for cue in rules()["merger_cues"]:
        m = re.search(rf"[Xx]ã ((?:\w+ ){{0,4}}?\w+) được thành lập {re.escape(cue)}", text)
        if m:
            sentence = text[m.end() : text.find(". ", m.end()) + 1 or len(text)]
            formers = [_name_after(x.group(1)) for x in re.finditer(r"của xã (.{1,60})", sentence)]
            return m.group(1), list(dict.fromkeys(f for f in formers if f))
    return "", []


def communes_frame(merger: tuple[str, list[str]], raw) -> pd.DataFrame:
    new, formers = merger
    known = raw.communes if raw is not None else pd.DataFrame(columns=["commune_id", "name_vi", "role"])
    by_name = {(fold(plain_name(n)), r): i for i, n, r in zip(known.commune_id, known.name_vi, known.role)}
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


def mentions(sentence: str, communes: list[Commune]) -> list[tuple[int, int, str, bool]]:
    names = sorted({c.name for c in communes}, key=len, reverse=True)
    found, taken = [], set()
    for name in names:
        for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", sentence):
            if any(i in taken for i in range(m.start(), m.end())):
                continue
            taken.update(range(m.start(), m.end()))
            of = fold(sentence[max(0, m.start() - 12) : m.start()]).endswith((" cua xa ", " cua "))
            found.append((m.start(), m.end(), name, of))
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


def resolve(name: str, communes: list[Commune], sentence: str, retrospective: bool) -> Commune:
    same = [c for c in communes if c.name == name]
    if len(same) == 1:
        return same[0]
    merged = next(c for c in same if c.role == "merged")
    former = next(c for c in same if c.role == "former")
    if has_cue(sentence, "after_merger_cues"):
        return merged
    return former if retrospective or has_cue(sentence, "merger_cues") else merged


def communes_of(fig: Figure, sentence: str, mentions, communes, retrospective, default) -> list[Commune]:
    merged = next(c for c in communes if c.role == "merged")
    visible = [m for m in mentions if (b := _bracket(sentence, m[0])) is None or b[0] < fig.start < b[1]]
    after = [m for m in visible if m[0] >= fig.end]
    if after and after[0][3] and not [m for m in visible if fig.end <= m[0] < after[0][0]]:
        return [resolve(after[0][2], communes, sentence, retrospective)]
    before = [m for m in visible if m[1] <= fig.start]
    if not before:
        return [default]
    group = [before[-1]]
    for m in reversed(before[:-1]):
        if re.fullmatch(r"[\s,]*(?:và|,)?\s*(?:xã\s*)?", sentence[m[1] : group[0][0]], re.IGNORECASE):
            group.insert(0, m)
        else:
            break
    found = list({id(c): c for c in (resolve(m[2], communes, sentence, retrospective) for m in group)}.values())
    if len(found) > 1:
        return found if has_cue(sentence[group[-1][1] : fig.start], "each_words") else [merged]
    return found
