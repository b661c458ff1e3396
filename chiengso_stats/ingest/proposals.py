"""Proposals: every figure of a commune's report as a row to review, so nothing is typed twice.

`propose(path)` reads a .txt, .docx or .pdf report and returns one row per printed figure, with
the commune it belongs to, the catalogue indicator its phrase names, the quote that holds it
(found verbatim in the document's text) and its place. `propose_communes` reads the merger
sentence. `score` compares proposals with rows typed by hand.

How a figure is placed, in order:

* **commune** — a commune named in its sentence (the last one before it, or the one after it
  in "… của xã B"; names inside a closed bracket do not reach past it); several former
  communes named together mean the new commune, unless the sentence says "đều" (each); else
  the commune of its section ("1. Xã Pá Lông"); else the new commune. A name shared by a
  former and the new commune means the former in the retrospective part (Phần thứ hai) and
  the new one elsewhere or after "sau khi thành lập";
* **indicator** — the longest catalogue name or alias (`indicators.csv`, `aliases_vi`) found
  in the words around the number, of a unit the number can have; in "xã A đạt 76,4%, xã B
  đạt 56,8%" the second figure takes the first one's indicator;
* **kind** — figures of the target part (Phần thứ ba) are targets, with the comparator their
  words set ("trên" >, "trở lên" >=, "dưới" <, "từ … đến" range; ">=" when silent).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from ..numbers import SUFFIXES
from ..text import normalise, plain_name
from .documents import Table, block_lines, document_blocks
from .figures import Figure, find_figures, fold, rules

if TYPE_CHECKING:
    from ..load import RawData

COLUMNS = [
    "commune_name",
    "commune_id",
    "indicator_id",
    "indicator_vi",
    "period",
    "value_as_printed",
    "value",
    "value_high",
    "unit",
    "qualifier",
    "decimal_mark",
    "kind",
    "comparator",
    "quote",
    "source_ref",
    "confidence",
    "position",
]
COMMUNE_COLUMNS = ["commune_id", "name_vi", "role", "merged_into", "name_in_document"]
_HEADING = re.compile(
    r"^(?P<label>Phần thứ \w+|[IVXL]+[-.](?=\s)|\d{1,2}(?:\.\d{1,2})+\.?(?=\s)|\d{1,2}[.-](?=\s)|\(\d{1,2}\))\s*"
)
_FOOTNOTE = re.compile(r"^(?P<label>\d{1,2})\s+(?=[^\W\d_])")
_PAGE = re.compile(r"^\d{1,3}$")
_TERM = re.compile(r"(?<!\d)((?:19|20)\d\d)\s*[-–]\s*((?:19|20)\d\d)(?!\d)")
QUOTE_MAX = 300
PRIMARY_BONUS = 5


@dataclass
class Commune:
    commune_id: str
    name: str  # as the document names it
    role: str  # 'former' or 'merged'


@dataclass
class Layout:
    """The document as one normalised string, with its headings, labels and tables located."""

    text: str = ""
    headings: list = field(default_factory=list)  # (offset, path tuple of (label, title))
    skip: list = field(default_factory=list)  # spans of labels and page numbers
    breaks: set = field(default_factory=set)  # offsets where a sentence must start
    footnotes: list = field(default_factory=list)  # (offset, label)
    tables: list = field(default_factory=list)  # (offset of each row, Table, row index)
    line_breaks: set = field(default_factory=set)  # sentence starts at the start of a line


def _level(label: str) -> int:
    if label.startswith("Phần"):
        return 0
    if label[0] in "IVXL":
        return 1
    if label.startswith("("):
        return 9
    return 2 + label.rstrip(".").count(".")


def layout(blocks: list) -> Layout:
    """Headings, footnote labels, page numbers and table rows of the document, by offset."""
    out, parts, path = Layout(), [], []
    pos = 0
    for block in blocks:
        rows = [(block, i, line) for i, line in enumerate(block_lines([block]))] if isinstance(block, Table) else None
        for table, row, printed in rows or [(None, None, block)]:
            line = normalise(printed)
            if not line:
                continue
            start = pos + (1 if parts else 0)
            parts.append(line)
            pos = start + len(line)
            if table is not None:
                out.tables.append((start, table, row))
                out.breaks |= {start, pos + 1}
                continue
            if _PAGE.match(line):
                out.skip.append((start, pos))
                continue
            heading = _HEADING.match(line)
            footnote = _FOOTNOTE.match(line) if not heading else None
            if heading:
                label = heading["label"]
                level = _level(label)
                path = [p for p in path if p[0] < level] + [(level, label, line[heading.end() :])]
                out.headings.append((start, tuple((lab, title) for _, lab, title in path)))
                out.skip.append((start, start + len(label)))
                out.breaks.add(start)
            elif footnote and line[footnote.end()].isupper():
                out.footnotes.append((start, footnote["label"]))
                out.skip.append((start, start + len(footnote["label"])))
                out.breaks.add(start)
    out.text = " ".join(parts)
    out.line_breaks = set(out.breaks)
    for m in re.finditer(r"[.!?]\s+(?=[(“\"]|[^\W\d_])", out.text):
        if out.text[m.end()].isupper() or out.text[m.end()] in '(“"':
            out.breaks.add(m.end())
    return out


def _path_at(lay: Layout, pos: int) -> tuple:
    path = ()
    for offset, p in lay.headings:
        if offset > pos:
            break
        path = p
    return path


def _ref(lay: Layout, pos: int) -> str:
    path = _path_at(lay, pos)
    labels = [lab.rstrip(".-") for lab, _ in path]
    ref = " › ".join(labels)
    if path:
        ref += " " + path[-1][1][:60].rstrip(" ,;:")
    notes = [(offset, label) for offset, label in lay.footnotes if offset <= pos]
    if notes and not any(notes[-1][0] < start <= pos for start in lay.line_breaks):
        return f"Chú thích {notes[-1][1]} ({ref})"
    return ref


def _in_part(lay: Layout, pos: int, key: str) -> bool:
    path = _path_at(lay, pos)
    return bool(path) and fold(path[0][0]) in {fold(p) for p in rules()[key]}


def _has(text: str, key: str) -> bool:
    folded = fold(text)
    return any(fold(p) in folded for p in rules()[key])


# ---------------------------------------------------------------- communes
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


def propose_communes(path: str | Path, raw: RawData | None = None) -> pd.DataFrame:
    """The former communes and the new one, from the merger sentence of the report.

    "Xã A được thành lập trên cơ sở nhập toàn bộ diện tích tự nhiên …, quy mô dân số … của xã B
    và … của xã C": B and C are former communes, A the new one. Ids come from `communes.csv`
    where the name and role match, else a slug of the name ('_moi' added to the new commune's
    when a former commune has its name).

    Parameters
    ----------
    path : str or Path
        The report (.txt, .docx or .pdf).
    raw : RawData, optional
        Known communes, whose ids are reused when a name matches.

    Returns
    -------
    DataFrame
        `COMMUNE_COLUMNS`: one row per former commune, then the new one.

    Examples
    --------
    >>> propose_communes("data/raw/bao_cao_chinh_tri_chieng_so_2025-2030.txt").commune_id.tolist()
    ['chieng_so', 'yen_hung', 'chieng_so_moi']
    """
    lay = layout(document_blocks(path))
    return _communes_frame(_merger(lay.text), raw)


def _merger(text: str) -> tuple[str, list[str]]:
    for cue in rules()["merger_cues"]:
        m = re.search(rf"[Xx]ã ((?:\w+ ){{0,4}}?\w+) được thành lập {re.escape(cue)}", text)
        if m:
            sentence = text[m.end() : text.find(". ", m.end()) + 1 or len(text)]
            formers = [_name_after(x.group(1)) for x in re.finditer(r"của xã (.{1,60})", sentence)]
            return m.group(1), list(dict.fromkeys(f for f in formers if f))
    return "", []


def _communes_frame(merger: tuple[str, list[str]], raw) -> pd.DataFrame:
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


# ---------------------------------------------------------------- indicators
def _family(unit: str) -> str:
    if unit in SUFFIXES:
        return SUFFIXES[unit][0]
    if unit.startswith("triệu đồng"):
        return "money"
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
            uses[use].append(fold(a[1:] if use != "plain" else a))
        out.append((row.indicator_id, row.name_vi, _family(row.unit), uses))
    return out


def _best(context: str, family: str, cat, use: str = "plain", after: bool = True) -> tuple[str, int, int]:
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
    """The offset just after the n-th word of `text`, words as `fold` splits them."""
    ends = [m.end() for m in re.finditer(r"(?:[^\W_]|%|²)+", text)]
    return ends[n - 1] if 0 < n <= len(ends) else len(text)


# ---------------------------------------------------------------- sentences
def _mentions(sentence: str, communes: list[Commune]) -> list[tuple[int, int, str, bool]]:
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


def _resolve(name: str, communes: list[Commune], sentence: str, retrospective: bool) -> Commune:
    same = [c for c in communes if c.name == name]
    if len(same) == 1:
        return same[0]
    merged = next(c for c in same if c.role == "merged")
    former = next(c for c in same if c.role == "former")
    if _has(sentence, "after_merger_cues"):
        return merged
    return former if retrospective or _has(sentence, "merger_cues") else merged


def _communes_of(fig: Figure, sentence: str, mentions, communes, retrospective, default) -> list[Commune]:
    merged = next(c for c in communes if c.role == "merged")
    visible = [m for m in mentions if (b := _bracket(sentence, m[0])) is None or b[0] < fig.start < b[1]]
    after = [m for m in visible if m[0] >= fig.end]
    if after and after[0][3] and not [m for m in visible if fig.end <= m[0] < after[0][0]]:
        return [_resolve(after[0][2], communes, sentence, retrospective)]
    before = [m for m in visible if m[1] <= fig.start]
    if not before:
        return [default]
    group = [before[-1]]
    for m in reversed(before[:-1]):
        if re.fullmatch(r"[\s,]*(?:và|,)?\s*(?:xã\s*)?", sentence[m[1] : group[0][0]], re.IGNORECASE):
            group.insert(0, m)
        else:
            break
    found = list({id(c): c for c in (_resolve(m[2], communes, sentence, retrospective) for m in group)}.values())
    if len(found) > 1:
        return found if _has(sentence[group[-1][1] : fig.start], "each_words") else [merged]
    return found


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


def _terms(text: str) -> tuple[str, str]:
    """(the past term, the target year) from the terms printed: ('2020-2025', '2030')."""
    terms = sorted({(int(a), int(b)) for a, b in _TERM.findall(text) if 3 <= int(b) - int(a) <= 5})
    if not terms:
        return "", ""
    return f"{terms[0][0]}-{terms[0][1]}", str(terms[-1][1])


def _row(commune, fig, sentence_abs, lay, cat_names, **kw) -> dict:
    return dict(
        commune_name=commune.name,
        commune_id=commune.commune_id,
        value_as_printed=fig.printed,
        value=fig.value,
        value_high=fig.value_high,
        unit=fig.unit,
        qualifier=fig.qualifier,
        decimal_mark=fig.decimal_mark,
        position=sentence_abs + fig.start,
        **kw,
    )


def _sentence_rows(lay, a, b, communes, cat, names, terms) -> list[dict]:
    sentence = lay.text[a:b]
    skip = [(s - a, e - a) for s, e in lay.skip if a <= s < b]
    figures = find_figures(sentence, skip)
    if not figures:
        return []
    retrospective = _in_part(lay, a, "retrospective_parts")
    target = _in_part(lay, a, "target_parts")
    mentions = _mentions(sentence, communes)
    merged = next(c for c in communes if c.role == "merged")
    default = merged
    for _, title in reversed(_path_at(lay, a)):
        m = _mentions(title, communes)
        if m and fold(title[: m[0][0]]).strip() in ("", "xa"):
            default = _resolve(m[0][2], communes, title, retrospective)
            break
    past, target_year = terms
    period = past if _has(sentence, "term_cues") else past[-4:]
    rows, runs = [], {}
    taken = {}  # by family: words up to here named an earlier figure after it ("4,5 km đường liên bản và 2,8 km")
    for i, fig in enumerate(figures):
        lo = figures[i - 1].end if i else 0
        hi = figures[i + 1].start if i + 1 < len(figures) else len(sentence)
        after_start = figures[i + 1].end if fig.role == "part" else fig.end  # '14/19 chỉ tiêu': after the total
        if fig.role == "part":
            hi = figures[i + 2].start if i + 2 < len(figures) else len(sentence)
        after = sentence[after_start:hi]
        family = _family(fig.suffix)
        clause_start = max(taken.get(family, 0), sentence.rfind(";", 0, fig.start) + 1)
        before = sentence[max(lo, clause_start) : fig.start]
        if fig.suffix == "":  # a count's name does not reach across a bracket: "(gồm … trực thuộc) với 812"
            before = re.split(r"[()]", before)[-1]
        clause = re.split(r"[,(]", before)[-1]
        if _best(clause, family, cat, after=False)[0]:  # the words since the last comma, when they name it
            before = clause
        # a count's noun follows it up to a comma ("23 đồng chí, trong đó …"); a rate's words may
        # run on ("100% hồ sơ, kết quả … được số hóa") unless a comma closes the figure's clause
        after = re.split(r"[;.,(]" if family == "count" else r"[;.(]", after, maxsplit=1)[0]
        after = "" if after.lstrip().startswith(",") else after
        if fig.role == "total":
            iid = _best(after, family, cat, use="total")[0]
            phrase = after
        else:
            # the longest name wins; the side where the name usually stands (after a count,
            # before a rate or a measure) by a few letters
            sides = [after, before] if family == "count" else [before, after]
            scored = [
                (_best(side, family, cat, after=side is after), PRIMARY_BONUS * (k == 0), side)
                for k, side in enumerate(sides)
            ]
            (iid, _, phrase_end), _, phrase = max(scored, key=lambda s: s[0][1] + s[1] if s[0][0] else -1)
            phrase = phrase if iid else sides[0]
            if iid and phrase is after:
                taken[family] = after_start + phrase_end
        owners = _communes_of(fig, sentence, mentions, communes, retrospective, default)
        key = tuple(c.commune_id for c in owners)
        run = runs.setdefault(key, [])
        if not iid:  # "xã A đạt 76,4%, …; xã B đạt 56,8%": the k-th figure of B is the k-th of A
            previous = [r for k, r in runs.items() if k != key and len(r) > len(run)]
            if previous and previous[-1][len(run)][1] == family:
                iid = previous[-1][len(run)][0]
        if not iid and family != "count" and fig.role != "total":
            # "giảm từ 21,4% năm 2020 xuống còn 8,15%": a rate or a measure named earlier in its clause
            iid = _best(sentence[clause_start : fig.start], family, cat, after=False)[0]
        if not iid and fig.role != "total":  # the noun a count is printed with: "với 812 đảng viên"
            iid = _best(after, family, cat, use="weak")[0] or _best(before, family, cat, use="weak", after=False)[0]
        run.append((iid, family))
        kind = "target" if target and fig.role != "total" else "observation"
        comparator = ""
        if kind == "target":
            lower = iid and names.get(iid, ("", ""))[1] == "lower"
            comparator = fig.comparator or ("<=" if lower else ">=")
        qa, qb = _quote(lay.text, a, b, a + fig.start, a + fig.end)
        confidence = 0.5 + 0.3 * bool(iid) + 0.2 * bool(mentions or default is not merged)
        for commune in owners:
            rows.append(
                _row(
                    commune,
                    fig,
                    a,
                    lay,
                    names,
                    indicator_id=iid,
                    indicator_vi=" ".join(phrase.split()[-12:]).strip(" ,:(") if phrase else "",
                    period=target_year if kind == "target" else period,
                    kind=kind,
                    comparator=comparator,
                    quote=lay.text[qa:qb].strip(),
                    source_ref=_ref(lay, a),
                    confidence=round(confidence, 2),
                )
            )
    return rows


def _table_rows(lay, offset, table: Table, row: int, communes, cat, names, terms) -> list[dict]:
    r = rules()
    header = table.rows[0]
    cells = table.rows[row]
    merged = next(c for c in communes if c.role == "merged")
    line = lay.text[offset : offset + len(normalise(block_lines([Table(0, [cells])])[0]))]
    kinds = {}
    for j, h in enumerate(header):
        if _starts_with_any(h, r["skip_headers"]) and len(fold(h)) < 12:
            kinds[j] = "skip"
        elif _starts_with_any(h, r["unit_headers"]):
            kinds[j] = "unit"
        elif _starts_with_any(h, r["label_headers"]) or j == 0:
            kinds[j] = "label"
    label_col = next((j for j, k in kinds.items() if k == "label"), 0)
    label = cells[label_col] if label_col < len(cells) else ""
    unit_col = next((j for j, k in kinds.items() if k == "unit"), None)
    unit_text = cells[unit_col].strip() if unit_col is not None and unit_col < len(cells) else ""
    past, target_year = terms
    out = []
    for j, cell in enumerate(cells):
        if row == 0 or j in kinds or j >= len(header):
            continue
        head = header[j]
        found = _mentions(head, communes)
        if found:
            commune = _resolve(found[0][2], communes, head, True)
        elif _has(head, "merged_headers") or _has(head, "target_headers"):
            commune = merged
        else:
            continue
        is_target = _has(head, "target_headers") or _in_part(lay, offset, "target_parts")
        for fig in find_figures(cell):
            unit = fig.unit if fig.unit in SUFFIXES else unit_text.lower() if unit_text.lower() in SUFFIXES else ""
            if unit and fig.unit not in SUFFIXES:
                fig.value = float(fig.value * float(SUFFIXES[unit][1]))
            fig.unit = unit or unit_text or fig.unit
            iid = _best(label + " " + unit_text, _family(unit or ("%" if "%" in unit_text else "")), cat)[0]
            year = re.search(r"(?:19|20)\d\d", head)
            kind = "target" if is_target else "observation"
            comparator = (fig.comparator or ">=") if kind == "target" else ""
            out.append(
                dict(
                    commune_name=commune.name,
                    commune_id=commune.commune_id,
                    indicator_id=iid,
                    indicator_vi=label,
                    period=(year.group() if year else (target_year if is_target else past[-4:])),
                    value_as_printed=fig.printed,
                    value=fig.value,
                    value_high=fig.value_high,
                    unit=fig.unit,
                    qualifier=fig.qualifier,
                    decimal_mark=fig.decimal_mark,
                    kind=kind,
                    comparator=comparator,
                    quote=line,
                    source_ref=f"Bảng {table.number}, dòng {row + 1} ({label[:60]}), cột '{head}'",
                    confidence=0.7 + 0.3 * bool(iid),
                    position=offset + max(line.find(fig.printed), 0),
                )
            )
    return out


def _starts_with_any(text: str, phrases) -> bool:
    head = fold(text)
    return any(head.startswith(fold(p)) for p in phrases)


def propose(path: str | Path, raw: RawData | None = None) -> pd.DataFrame:
    """One row per figure printed in a commune's report (.txt, .docx or .pdf), to review.

    Parameters
    ----------
    path : str or Path
        The report.
    raw : RawData, optional
        For the indicator catalogue (names and `aliases_vi`) and the known communes' ids;
        default: `load_raw()` of the project's raw folder.

    Returns
    -------
    DataFrame
        Columns `COLUMNS`, in the document's order. `quote` is found verbatim in the
        document's normalised text; `position` is its figure's offset in that text.

    Examples
    --------
    >>> p = propose("data/raw/bao_cao_chinh_tri_chieng_so_2025-2030.txt")
    >>> p.loc[p.value_as_printed == "17.145", ["commune_id", "indicator_id", "kind"]].values.tolist()
    [['chieng_so_moi', 'population', 'observation']]
    """
    if raw is None:
        from ..load import load_raw  # the catalogue of the project; load sits at the top level still

        raw = load_raw()
    lay = layout(document_blocks(path))
    frame = _communes_frame(_merger(lay.text), raw)
    communes = [Commune(i, n, r) for i, n, r in zip(frame.commune_id, frame.name_in_document, frame.role)]
    if not any(c.role == "merged" for c in communes):
        merged = raw.communes[raw.communes.role == "merged"].iloc[0]
        communes.append(Commune(merged.commune_id, plain_name(merged.name_vi), "merged"))
    cat = catalogue(raw.indicators)
    names = dict(zip(raw.indicators.indicator_id, zip(raw.indicators.name_vi, raw.indicators.direction)))
    terms = _terms(lay.text)
    rows = []
    for offset, table, row in lay.tables:
        rows += _table_rows(lay, offset, table, row, communes, cat, names, terms)
    table_spans = [(o, o + 1) for o, _, _ in lay.tables]
    bounds = sorted(lay.breaks | {0, len(lay.text)})
    for a, b in itertools.pairwise(bounds):
        if any(s == a for s, _ in table_spans):
            continue
        rows += _sentence_rows(lay, a, b, communes, cat, names, terms)
    out = pd.DataFrame(rows, columns=COLUMNS).sort_values("position", kind="stable").reset_index(drop=True)
    out["indicator_vi"] = [
        names[i][0] if i else phrase for i, phrase in zip(out.indicator_id.fillna(""), out.indicator_vi)
    ]
    return out
