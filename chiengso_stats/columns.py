"""Shared: the data dictionary, every column the public API returns, kept as data (`columns.csv`).

One row per table and column: its type and its meaning in English and Vietnamese. The public
functions' docstrings list their columns from here (`document`), the README and
docs/data_dictionary.md print it as a table (`markdown_table`), and `tests/test_columns.py` fails
on a returned column this dictionary does not name, or names with another type.
"""

from __future__ import annotations

import csv
import inspect
import re
from functools import cache
from importlib import resources

import pandas as pd

FIELDS = ["table", "column", "dtype", "meaning_en", "meaning_vi"]
# a column named by a pattern: the merged table has one column per former commune, named by its id
PER_FORMER_COMMUNE = "{former_commune_id}"


@cache
def _rows() -> tuple[dict[str, str], ...]:
    text = resources.files(__package__).joinpath("columns.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(text.splitlines()))
    for n, row in enumerate(rows, start=2):
        if list(row) != FIELDS or not all(row.values()):
            raise ValueError(f"columns.csv, line {n}: found {list(row.values())}, expected {', '.join(FIELDS)}")
    return tuple(rows)


def data_dictionary(table: str | None = None) -> pd.DataFrame:
    """The data dictionary: every column the public API returns, its type and meaning.

    Parameters
    ----------
    table : str, optional
        One table (``tidy``, ``observations``, ``merged``, ``gaps_2030``, ``audit``,
        ``audit_summary``); default all of them.

    Returns
    -------
    DataFrame
        ``table``, ``column``, ``dtype`` (the pandas dtype, ``object`` for a list), ``meaning_en``,
        ``meaning_vi``. ``{former_commune_id}`` stands for the merged table's one column per former
        commune.

    Examples
    --------
    >>> d = data_dictionary("merged").set_index("column")
    >>> d.loc["difference", "meaning_en"][:20]
    'merged − reported, i'
    """
    frame = pd.DataFrame(list(_rows()), columns=FIELDS)
    if table is not None:
        if table not in set(frame.table):
            raise ValueError(f"no table {table!r} in the data dictionary; known: {', '.join(tables())}")
        frame = frame[frame.table == table]
    return frame.reset_index(drop=True)


def tables() -> list[str]:
    """The tables the dictionary describes, in its order."""
    return list(dict.fromkeys(r["table"] for r in _rows()))


def column_lines(table: str, indent: str = "    ") -> str:
    """A table's columns as numpy-docstring lines: ``name`` (dtype), meaning; the Vietnamese after it."""
    lines = []
    for r in _rows():
        if r["table"] == table:
            lines.append(f"{indent}``{r['column']}`` ({r['dtype']})")
            lines.append(f"{indent}    {r['meaning_en']}. *{r['meaning_vi']}.*")
    return "\n".join(lines)


def document(function, table: str) -> None:
    """Append the table's columns, from the dictionary, to the Returns section of `function`'s docstring.

    Said once for each public function in the package's `__init__`: the docstring shows every column
    it returns, with the same words as the README and docs/data_dictionary.md.
    """
    doc = inspect.cleandoc(function.__doc__ or "")
    if "Columns, from the data dictionary" in doc:
        return
    block = f"    Columns, from the data dictionary (``cs.data_dictionary({table!r})``):\n\n" + column_lines(table)
    # the Returns section ends where the next section's underlined title begins
    m = re.search(r"Returns\n-------\n(.*?)(?=\n\n\S[^\n]*\n-{3,}|\Z)", doc, re.DOTALL)
    if m:
        doc = doc[: m.end()] + "\n\n" + block + doc[m.end() :]
    else:
        doc += "\n\nReturns\n-------\nDataFrame\n" + block
    function.__doc__ = doc


def markdown_table(table: str | None = None) -> str:
    """The dictionary as a Markdown table (for the README and docs/data_dictionary.md)."""
    frame = data_dictionary(table)
    head = ["| bảng / table | cột / column | kiểu / type | meaning | ý nghĩa |", "| --- | --- | --- | --- | --- |"]
    rows = [
        "| " + " | ".join(str(v).replace("|", "\\|") for v in (t, f"`{c}`", d, en, vi)) + " |"
        for t, c, d, en, vi in frame[FIELDS].itertuples(index=False)
    ]
    return "\n".join(head + rows)


def flat_lists(frame: pd.DataFrame) -> pd.DataFrame:
    """A list column (the audit's ``communes``) as text joined by '; ', for a CSV file or a sheet."""
    lists = [c for c in frame.columns if frame[c].dtype == object and frame[c].map(type).eq(list).any()]
    if not lists:
        return frame
    return frame.assign(**{c: frame[c].map(lambda v: "; ".join(v) if isinstance(v, list) else v) for c in lists})
