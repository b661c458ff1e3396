"""Ingest: where a figure stands in a report: its headings, its part, its place ("Phần thứ hai › I › 1").

`layout` lays the document's blocks out as one normalised string and locates its headings
("Phần thứ ba", "II-", "1.2.", "(3)", "3)"), footnote labels, page numbers and table rows by offset,
and where sentences must start. The proposals read figures sentence by sentence in it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from ..text import normalise
from .documents import Table, block_lines
from .figures import fold, rules

_LABELS = (
    r"^(?P<label>Phần thứ \w+|{parts}|{ordinals}|{sections}|[IVXL]+[-.](?=\s)"
    r"|[A-H]\.(?=\s+[^\W\d_a-z]+\s+[^\W\d_a-z])|\d{{1,2}}(?:\.\d{{1,2}})+\.?(?=\s)|\d{{1,2}}[.-](?=\s)|\d{{1,2}}/(?=\s)"
    r"|[a-hđ]/(?=\s)|\(\d{{1,2}}\)|\d{{1,2}}\)(?=\s)|[ivx]{{1,4}}[).](?=\s+[^\W\d_a-z])|[IVXL]+\.\d{{1,2}}\.?(?=\s)"
    r"|§\s?\d{{1,2}}\.?(?=\s)|\d{{1,2}}°\.?(?=\s)|{numbered}|Chỉ tiêu (?:\d{{1,2}}|thứ(?: \w+){{1,2}}):)\s*"
)


@cache
def _heading() -> re.Pattern:
    """A heading's label at a line's start. Part words ("Phần", "NỘI DUNG"), ordinals ("Thứ hai.") and section
    words ("Mục 2.") are reading rules (`part_label_words`, `part_ordinals`, `section_label_words`)."""
    r = rules()

    def either(words):  # "nội dung" as printed, in capitals or with a capital first letter
        return "|".join(re.escape(v) for w in words for v in {w, w.upper(), w[:1].upper() + w[1:]})

    # "PHẦN 2/3." numbers a part with the count of parts
    parts = (
        rf"(?:{either(r['part_label_words'])}) (?:(?:thứ|THỨ) \w+|[IVXL]+|\d{{1,2}}/\d{{1,2}}|\w+)(?=\s*$|\s*[:.–—-])"
    )
    # "Thứ hai. MỤC TIÊU …", its title in capitals: "Thứ nhất: đoàn kết …" is a list's item, no part
    ordinals = rf"(?:{either(r['part_ordinals'])})\s*[.:–—-](?=\s+[^\W\d_a-z]{{2,}}\s)"
    sections = rf"(?:{either(r['section_label_words'])}) \d{{1,2}}\s*[.:–—-](?=\s)"
    # "Hai - Hạ tầng, xã hội": a section numbered by a word and a dash
    numbered = rf"(?:{either(r['section_number_words'])})\s+[-–—](?=\s)"
    return re.compile(_LABELS.format(parts=parts, ordinals=ordinals, sections=sections, numbered=numbered))


_FOOTNOTE = re.compile(r"^(?P<label>\d{1,2})\s+(?=[^\W\d_])")


_PAGE = re.compile(r"^\d{1,3}$")


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
    targets_span: tuple | None = None  # `_targets_by_content`, computed once


def _level(label: str) -> float:
    if any(fold(label).startswith(fold(w)) for w in rules()["part_label_words"] + rules()["part_ordinals"]):
        return 0
    if any(fold(label).startswith(fold(w)) for w in rules()["section_label_words"]):
        return 1  # "Mục 2." / "MỤC 2 —": as "II.", under a part if any
    if re.fullmatch(
        r"[ivx]{1,4}[).]|[IVXL]+\.\d{1,2}\.?|§\s?\d{1,2}\.?|\d{1,2}°\.?|\w+\s+[-–—]", label
    ):  # "ii) Kinh tế", "I.2. Kết quả …", "2°. Đảng bộ xã B": a part's sections
        return 2
    if label.startswith(("(", "Chỉ tiêu")) or label.endswith(")"):  # "(3)", "3)", "Chỉ tiêu 3:": a list's items
        return 9
    if label.endswith("/") and not label[0].isdigit():  # "a/ Kinh tế" under "2/ Kết quả …"
        return 3
    if label[0] in "ABCDEFGH":  # "A. KẾT QUẢ CỦA TỪNG XÃ": a part's sections, above its "I.", "II."
        return 0.5
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
            if parts and (line[0] in "-–+•▪■●○◦►*" or parts[-1][-1] in ".;:!?" or parts[-1].isupper()):
                out.breaks.add(start)  # a list item; a paragraph after a title or one that ended its sentence
            parts.append(line)
            pos = start + len(line)
            if table is not None:
                out.tables.append((start, table, row))
                out.breaks |= {start, pos + 1}
                continue
            if _PAGE.match(line):
                out.skip.append((start, pos))
                continue
            heading = _heading().match(line)
            footnote = _FOOTNOTE.match(line) if not heading else None
            if not heading and _part_title(line) and not (path and path[-1][0] == 0 and not path[-1][2].strip()):
                # "PHƯƠNG HƯỚNG, MỤC TIÊU, NHIỆM VỤ NHIỆM KỲ 2025 - 2030" alone, in capitals, with no label: a part
                path = [(0, "", line)]
                out.headings.append((start, (("", line),)))
                out.breaks.add(start)
                continue
            if heading:
                label = heading["label"]
                level = _level(label)
                path = [p for p in path if p[0] < level] + [(level, label, line[heading.end() :])]
                out.headings.append((start, tuple((lab, title) for _, lab, title in path)))
                out.skip.append((start, start + len(label)))
                out.breaks |= {start, start + len(label)}  # "Chỉ tiêu 3: Năng suất …": the label names no figure
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


def _part_title(line: str) -> bool:
    """A line in capitals that begins as a part's title does (`target_part_titles`, `retrospective_part_titles`);
    or a short line of its own, without a full stop, so begun ("Phương hướng và các chỉ tiêu chủ yếu đến năm 2030"),
    after a part's word or not ("PHẦN KIỂM ĐIỂM NK 2020-2025")."""
    letters = [c for c in line if c.isalpha()]
    words = len(line.split())
    if words < 3 or not letters:
        return False
    titled = letters[0].isupper() and words <= 16 and not line.rstrip().endswith((".", ":", ";", ","))
    if not titled and not all(c.isupper() for c in letters):
        return False
    r = rules()
    folded = fold(line)
    for word in r["part_label_words"]:  # "PHẦN PHƯƠNG HƯỚNG NK 2025-2030": the part's word, then its title
        if folded.startswith(fold(word)):
            folded = folded[len(fold(word)) - 1 :]
    return any(folded.startswith(fold(t)) for t in r["target_part_titles"] + r["retrospective_part_titles"])


def path_at(lay: Layout, pos: int) -> tuple:
    path = ()
    for offset, p in lay.headings:
        if offset > pos:
            break
        path = p
    return path


def place(lay: Layout, pos: int) -> str:
    path = path_at(lay, pos)
    labels = [lab.rstrip(".-") for lab, _ in path]
    ref = " › ".join(labels)
    if path:
        ref += " " + path[-1][1][:60].rstrip(" ,;:")
    # before any heading ("lâm thời gồm 21 đồng chí" in the opening): a place all the same, as the raw tables need one
    ref = ref.strip() or rules()["opening_place"]
    notes = [(offset, label) for offset, label in lay.footnotes if offset <= pos]
    if notes and not any(notes[-1][0] < start <= pos for start in lay.line_breaks):
        return f"Chú thích {notes[-1][1]} ({ref})"
    return ref


def in_part(lay: Layout, pos: int, key: str) -> bool:
    """Whether `pos` is in a part of `key` ('target_parts', 'retrospective_parts'): its top heading's label
    ("Phần thứ ba"), or, in a report without parts, its top heading's title ("II. PHƯƠNG HƯỚNG, MỤC TIÊU"); where
    no title says which part holds the targets, the part whose text looks ahead to the target year (below)."""
    if key == "target_parts" and not _titled(lay, pos, key):
        start, end = _targets_by_content(lay)
        return start <= pos < end
    return _titled(lay, pos, key)


def _targets_by_content(lay: Layout) -> tuple[int, int]:
    """The span of the top-level part that holds the targets, read from its content where no heading's title names
    it ("Thứ ba — KỲ TỚI", a title in words nobody listed): the last top-level part whose text names the
    target year (`target_year_words`) three times or more and more often than the past term's last year; (0, 0)
    when a title names the targets' part, or no part looks so."""
    if lay.targets_span is not None:
        return lay.targets_span
    lay.targets_span = (0, 0)
    tops = [o for o, p in lay.headings if len(p) == 1]
    if any(_titled(lay, o, "target_parts") for o in tops):
        return lay.targets_span
    r = rules()
    for start, end in reversed(list(zip(tops, [*tops[1:], len(lay.text)]))):
        text = lay.text[start:end]
        ahead = sum(text.count(w) for w in r["target_year_words"])
        if ahead >= 3 and ahead > sum(text.count(w) for w in r["past_year_words"]):
            lay.targets_span = (start, end)
            break
    return lay.targets_span


def _titled(lay: Layout, pos: int, key: str) -> bool:
    path = path_at(lay, pos)
    if not path:
        return False
    label = fold(path[0][0])
    if label in {fold(p) for p in rules()["target_parts"] + rules()["retrospective_parts"]}:
        return label in {fold(p) for p in rules()[key]}
    title = path[0][1]
    if not title.strip():  # "Phần I" on a line of its own: its title is the line after it
        start = max(o for o, p in lay.headings if p == path[:1] and o <= pos)
        at = start + len(path[0][0])
        end = min([b for b in lay.breaks if b > at + 1] + [at + 160])  # its own line, not the paragraph after
        title = lay.text[at:end]
    return any(fold(t) in fold(title) for t in rules()[key.replace("_parts", "_part_titles")])


def has_cue(text: str, key: str) -> bool:
    return has_words(text, rules()[key])


def has_words(text: str, phrases) -> bool:
    """Whether one of `phrases` stands in `text` (whole words, accents and case folded)."""
    folded = fold(text)
    return any(fold(p) in folded for p in phrases)
