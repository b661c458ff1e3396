"""Ingest: every figure of a commune's report proposed as a row to review, so nothing is typed twice.

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
  in the words around the number, of a unit the number can have; words that named the
  figure before it, printed after that one, are not this one's; in "xã A đạt 76,4%, xã B
  đạt 56,8%" the second figure takes the first one's indicator; a rate or a measure with no
  name of its own takes the one named earlier in its clause; last, the noun a count is
  printed with (an alias marked '~': "812 đảng viên");
* **kind** — figures of the target part (Phần thứ ba) are targets, with the comparator their
  words set ("trên" >, "trở lên" >=, "dưới" <, "từ … đến" range; ">=" when silent).

The work is shared by what it reads: `report_layout` (headings, parts, places),
`commune_mentions` (the merger sentence, communes named in a sentence), `indicator_match`
(the catalogue's phrases), `narrative` (figures of sentences), `table_figures` (figures of
tables, by their column headers); `figures` finds the numbers that are figures.
"""

from __future__ import annotations

import bisect
import itertools
import re
from pathlib import Path

import pandas as pd

from .commune_mentions import COMMUNE_COLUMNS, UNKNOWN, Commune, communes_frame, with_abbreviations, with_towns
from .documents import DocumentError, Table, block_lines, document_blocks
from .figures import TERM_SEPARATOR, rules
from .indicator_match import catalogue
from .merger_reading import merger, province
from .narrative import sentence_rows
from .new_indicators import suggest
from .raw import RawData, load_raw
from .report_layout import Layout, layout
from .table_figures import table_rows

__all__ = ["COLUMNS", "COMMUNE_COLUMNS", "NO_COMMUNE_VI", "propose", "propose_communes", "read_proposals"]

COLUMNS = [
    "commune_name",
    "commune_id",
    "indicator_id",
    "indicator_vi",
    "period",
    "horizon",
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
    "document",
    "note",
]


_TERM = re.compile(rf"(?<!\d)((?:19|20)\d\d){TERM_SEPARATOR}((?:19|20)\d\d)(?!\d)")

# Why a figure has no commune: said in its row's note, and by `propose` to the officer.
NO_COMMUNE_VI = (
    'Chưa rõ xã: văn bản không có câu sáp nhập ("xã A được thành lập trên cơ sở …", "được sắp xếp từ …") '
    "hay bảng các xã cũ, câu chứa số không nêu tên xã; chọn mã xã, hoặc đề xuất lại với --commune TÊN_XÃ"
)


def _paths(paths) -> list[Path]:
    return [Path(p) for p in ([paths] if isinstance(paths, (str, Path)) else paths)]


def _read(paths) -> list[tuple[Path, Layout, list]]:
    out = []
    for path in _paths(paths):
        try:
            blocks = document_blocks(path)
        except DocumentError as exc:
            exc.file = path.name
            raise
        out.append((path, layout(blocks), blocks))
    return out


def _communes(docs, raw: RawData | None, commune: str | None) -> pd.DataFrame:
    """The merger of the first document that states one (a report before its appendix), else `commune`."""
    found, where = ("", []), ""
    for _, lay, blocks in docs:
        tables = [b for b in blocks if isinstance(b, Table)]
        # one line each for a title and the paragraph after it: "… SAU HỢP NHẤT" / "Theo Nghị quyết …"
        text = "\n".join(lay.text[a:b] for a, b in itertools.pairwise(sorted(lay.line_breaks | {0, len(lay.text)})))
        found = merger(text, tables, block_lines(blocks[:60]))
        where = where or province(block_lines(blocks[:60]))
        if found[1]:
            break
    return communes_frame(found, raw, commune, where)


def propose_communes(paths: str | Path | list, raw: RawData | None = None, commune: str | None = None) -> pd.DataFrame:
    """The former communes and the new one, from the merger the documents state.

    "Xã A được thành lập trên cơ sở nhập toàn bộ diện tích tự nhiên …, quy mô dân số … của xã B
    và … của xã C", "Xã A được sắp xếp từ xã B và xã C", "hợp nhất xã B và xã C thành xã A", a
    table of the former communes, or an appendix table with a column per commune ("Xã B", "Xã C",
    "Xã A (mới)"): the wordings are data (`reading_rules.yaml`, ``merger_verbs``). Ids come from
    `communes.csv` where the name and role match, else a slug of the name ('_moi' added to the new
    commune's when a former commune has its name). No merger stated: no rows, unless `commune`
    names the new commune; no commune is ever guessed.

    Parameters
    ----------
    paths : str, Path or a list of them
        The report (.txt, .docx or .pdf), and its appendix when it is a file of its own.
    raw : RawData, optional
        Known communes, whose ids are reused when a name matches.
    commune : str, optional
        The new commune's name or id, where the documents do not state it (`propose --commune`).

    Returns
    -------
    DataFrame
        `COMMUNE_COLUMNS`: one row per former commune, then the new one.

    Examples
    --------
    >>> propose_communes("data/raw/bao_cao_chinh_tri_chieng_so_2025-2030.txt").commune_id.tolist()
    ['chieng_so', 'yen_hung', 'chieng_so_moi']
    """
    return _communes(_read(paths), raw, commune)


def _cross_check(out: pd.DataFrame) -> list[str]:
    """The note of each row: why it has no commune, or how it compares with the same figure (commune,
    indicator, period, kind) printed in another of the documents: "Khớp với …" or "KHÁC …"."""
    notes = list(out.note)
    # a figure the catalogue lacks is compared by the new indicator its words suggest: the appendix's "Sản lượng
    # thủy sản nuôi trồng (tấn)" and the report's "Sản lượng thủy sản nuôi trồng năm 2025 ước đạt"
    named = out.indicator_id.fillna("")
    key = [i or "~" + suggest(str(v), str(u))["indicator_id"] for i, v, u in zip(named, out.indicator_vi, out.unit)]
    known = out.assign(key=key)[out.commune_id != ""]
    for _, group in known.groupby(["commune_id", "key", "period", "kind"], sort=False):
        if group.document.nunique() < 2:
            continue
        for i, row in group.iterrows():
            others = group[group.document != row.document]
            same = [o for o in others.itertuples() if abs(o.value - row.value) <= 1e-9 * max(1.0, abs(row.value))]
            if same:
                notes[i] = f"Khớp với {same[0].document} ({same[0].value_as_printed})"
            else:
                other = others.iloc[0]
                notes[i] = f"KHÁC với {other.document}: {other.value_as_printed} (figures differ)"
    return notes


def _terms(text: str) -> tuple[str, str]:
    """(the past term, the target year) from the terms printed: ('2020-2025', '2030'). The past term is the
    one that ends where the new one starts: "giai đoạn 2016 - 2020", printed for a comparison, is not it."""
    terms = sorted({(int(a), int(b)) for a, b in _TERM.findall(text) if 3 <= int(b) - int(a) <= 5})
    if not terms:
        return "", ""
    new = max(terms, key=lambda t: (t[1], -t[0]))
    before = [t for t in terms if t[1] == new[0]]
    # only the new term printed ("nhiệm kỳ 2025 – 2030", the past one as "(10/2020 – 6/2025)"): the past term is the
    # one of as many years that it follows; a lone term that does not end in the target year is the past one
    ahead = str(new[1]) in rules()["target_year_words"]
    close = [t for t in terms if 0 < new[0] - t[1] <= 1]  # "2020 đến 2025", then "giai đoạn 2026 đến 2030"
    past = before[0] if before else close[-1] if close else (2 * new[0] - new[1], new[0]) if ahead else terms[0]
    return f"{past[0]}-{past[1]}", str(new[1])


def propose(paths: str | Path | list, raw: RawData | None = None, commune: str | None = None) -> pd.DataFrame:
    """One row per figure printed in a commune's report (.txt, .docx or .pdf), to review.

    Parameters
    ----------
    paths : str, Path or a list of them
        The report, and its appendix when it is a file of its own: the merger one states places
        the figures of all.
    raw : RawData, optional
        For the indicator catalogue (names and `aliases_vi`) and the known communes' ids;
        default: `load_raw()` of the project's raw folder.
    commune : str, optional
        The new commune's name or id where the documents do not state their merger.

    Returns
    -------
    DataFrame
        Columns `COLUMNS`, in the documents' order. `quote` is found verbatim in its document's
        normalised text; `position` is its figure's offset in that text; `document` the file's
        name. A figure whose commune cannot be told has an empty ``commune_id`` and says why in
        ``note``: a report of another commune never becomes the project's data.

    Examples
    --------
    >>> p = propose("data/raw/bao_cao_chinh_tri_chieng_so_2025-2030.txt")
    >>> p.loc[p.value_as_printed == "17.145", ["commune_id", "indicator_id", "kind"]].values.tolist()
    [['chieng_so_moi', 'population', 'observation']]
    """
    return read_proposals(paths, raw, commune)[0]


def read_proposals(
    paths: str | Path | list, raw: RawData | None = None, commune: str | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(`propose`'s figures, `propose_communes`'s communes) of the documents, read once."""
    if raw is None:
        raw = load_raw()
    docs = _read(paths)
    frame = _communes(docs, raw, commune)
    communes = [Commune(i, n, r) for i, n, r in zip(frame.commune_id, frame.name_in_document, frame.role)]
    text = " ".join(lay.text for _, lay, _ in docs)
    communes = with_abbreviations(with_towns(communes, text), text)
    if not any(c.role == "merged" for c in communes):
        communes.append(UNKNOWN)  # figures no sentence places stay without a commune, and say why
    cat = catalogue(raw.indicators)
    names = dict(zip(raw.indicators.indicator_id, zip(raw.indicators.name_vi, raw.indicators.direction)))
    frames = []
    for path, lay, _ in docs:
        terms = _terms(lay.text)
        rows = []
        for offset, table, row in lay.tables:
            rows += table_rows(lay, offset, table, row, communes, cat, names, terms)
        # a table row's line, to its end: a sentence break inside it ("1. Dân số (người) ; 1. Dân số …") is no sentence
        lines = sorted(lay.line_breaks | {len(lay.text)})
        row_starts = sorted(o for o, _, _ in lay.tables)
        row_ends = [lines[bisect.bisect_right(lines, o)] if o < lines[-1] else len(lay.text) for o in row_starts]
        bounds = sorted(lay.breaks | {0, len(lay.text)})
        last: list[dict] = []  # the sentence before's proposals
        for a, b in itertools.pairwise(bounds):
            k = bisect.bisect_right(row_starts, a) - 1  # the last table row starting at or before the sentence
            if k >= 0 and a < row_ends[k]:
                continue
            last = sentence_rows(lay, a, b, communes, cat, names, terms, last)
            rows += last
        out = pd.DataFrame(rows, columns=COLUMNS[:-2]).sort_values("position", kind="stable")
        frames.append(out.assign(document=path.name, note=[NO_COMMUNE_VI if not c else "" for c in out.commune_id]))
    out = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=COLUMNS)
    out["note"] = _cross_check(out)
    out["indicator_vi"] = [
        names[i][0] if i else phrase for i, phrase in zip(out.indicator_id.fillna(""), out.indicator_vi)
    ]
    return out[COLUMNS], frame
