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

import itertools
import re
from pathlib import Path

import pandas as pd

from ..text import plain_name
from .commune_mentions import COMMUNE_COLUMNS, Commune, communes_frame, merger
from .documents import document_blocks
from .indicator_match import catalogue
from .narrative import sentence_rows
from .raw import RawData, load_raw
from .report_layout import layout
from .table_figures import table_rows

__all__ = ["COLUMNS", "COMMUNE_COLUMNS", "propose", "propose_communes"]

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


_TERM = re.compile(r"(?<!\d)((?:19|20)\d\d)\s*[-–]\s*((?:19|20)\d\d)(?!\d)")


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
    return communes_frame(merger(lay.text), raw)


def _terms(text: str) -> tuple[str, str]:
    """(the past term, the target year) from the terms printed: ('2020-2025', '2030')."""
    terms = sorted({(int(a), int(b)) for a, b in _TERM.findall(text) if 3 <= int(b) - int(a) <= 5})
    if not terms:
        return "", ""
    return f"{terms[0][0]}-{terms[0][1]}", str(terms[-1][1])


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
        raw = load_raw()
    lay = layout(document_blocks(path))
    frame = communes_frame(merger(lay.text), raw)
    communes = [Commune(i, n, r) for i, n, r in zip(frame.commune_id, frame.name_in_document, frame.role)]
    if not any(c.role == "merged" for c in communes):
        merged = raw.communes[raw.communes.role == "merged"].iloc[0]
        communes.append(Commune(merged.commune_id, plain_name(merged.name_vi), "merged"))
    cat = catalogue(raw.indicators)
    names = dict(zip(raw.indicators.indicator_id, zip(raw.indicators.name_vi, raw.indicators.direction)))
    terms = _terms(lay.text)
    rows = []
    for offset, table, row in lay.tables:
        rows += table_rows(lay, offset, table, row, communes, cat, names, terms)
    table_spans = [(o, o + 1) for o, _, _ in lay.tables]
    bounds = sorted(lay.breaks | {0, len(lay.text)})
    for a, b in itertools.pairwise(bounds):
        if any(s == a for s, _ in table_spans):
            continue
        rows += sentence_rows(lay, a, b, communes, cat, names, terms)
    out = pd.DataFrame(rows, columns=COLUMNS).sort_values("position", kind="stable").reset_index(drop=True)
    out["indicator_vi"] = [
        names[i][0] if i else phrase for i, phrase in zip(out.indicator_id.fillna(""), out.indicator_vi)
    ]
    return out
