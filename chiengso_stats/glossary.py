"""Shared: the words an officer reads, kept as data (`glossary.csv`): one Vietnamese label per concept,
with its English beside it for the README and the CLI.

Every workbook, notebook table and message takes its categories, statuses, column headers,
legends, rule names and titles from here, so a wording is changed in one place and
`tests/test_glossary.py` can check that what the outputs show is a known label.
"""

from __future__ import annotations

import csv
import re
from functools import cache
from importlib import resources

COLUMNS = ["key", "vi", "en", "kind"]
NO_DATA_KEY, NOT_APPLICABLE_KEY = "legend.no_data", "legend.not_applicable"


@cache
def entries() -> dict[str, dict[str, str]]:
    """key -> {'vi', 'en', 'kind'}, read once from the package's glossary.csv."""
    text = resources.files(__package__).joinpath("glossary.csv").read_text(encoding="utf-8")
    rows = list(csv.reader(text.splitlines()))
    if rows[0] != COLUMNS:
        raise ValueError(f"glossary.csv: header {rows[0]}, expected {COLUMNS}")
    out: dict[str, dict[str, str]] = {}
    for n, row in enumerate(rows[1:], start=2):
        if len(row) != len(COLUMNS) or not all(row[:3]):
            raise ValueError(f"glossary.csv, line {n}: found {row}, expected key, vi, en, kind")
        if row[0] in out:
            raise ValueError(f"glossary.csv, line {n}: key {row[0]!r} twice")
        out[row[0]] = dict(vi=row[1], en=row[2], kind=row[3])
    return out


def vi(key: str, **fields) -> str:
    """The Vietnamese label of `key`, its {placeholders} filled from `fields`.

    Examples
    --------
    >>> vi("progress.away_down", year=2025)
    'Giảm so với năm 2025'
    """
    return entries()[key]["vi"].format(**fields) if fields else entries()[key]["vi"]


def en(key: str, **fields) -> str:
    """The English beside `key` (README, CLI help), its {placeholders} filled."""
    return entries()[key]["en"].format(**fields) if fields else entries()[key]["en"]


def both(key: str, **fields) -> str:
    """'Vietnamese (English)', for the CLI."""
    return f"{vi(key, **fields)} ({en(key, **fields)})"


def lower_first(label: str) -> str:
    """A label inside a sentence: 'Đạt tiến độ' -> 'đạt tiến độ'; an acronym stays ('KĐP 2a', 'ĐVT')."""
    if len(label) > 1 and label[1].isupper():
        return label
    return label[:1].lower() + label[1:]


NO_DATA = vi(NO_DATA_KEY)  # "…": the source gives no figure
NOT_APPLICABLE = vi(NOT_APPLICABLE_KEY)  # "-": the cell means nothing for this row


@cache
def label_patterns() -> tuple[re.Pattern, ...]:
    """Every Vietnamese label as a full-match pattern, {placeholders} matching any text."""
    out = []
    for e in entries().values():
        if not re.sub(r"\{[a-z_]+\}", "", e["vi"]).strip():
            continue  # a bare placeholder ('{x}') would match any text
        parts = re.split(r"\{[a-z_]+\}", e["vi"])
        out.append(re.compile(".+?".join(re.escape(p) for p in parts), re.DOTALL))
    return tuple(out)


def is_label(text: str) -> bool:
    """Whether `text` is one of the glossary's labels (a filled template counts)."""
    return any(p.fullmatch(text) for p in label_patterns())


def printed_figure(printed: str, unit: str = "") -> str:
    """A figure as the office writes it: no leading zero ('05' -> '5'), '100 %' -> '100%', and the
    unit 'triệu đồng' in full ('250 triệu' -> '250 triệu đồng'). Printed qualifiers stay ('trên 979')."""
    text = re.sub(r"(?<![\d.,])0+(?=\d)", "", str(printed).strip())
    text = re.sub(r"\s+%", "%", text)
    if re.search(r"\btriệu$", text):
        text += " đồng"
    return text


def target_words(comparator: str, printed: str, printed_high: str = "", unit: str = "", horizon: str = "") -> str:
    """A target in the report's own words: 'Trên 50 triệu đồng', 'Từ 95% trở lên', 'Dưới 5%',
    'Thêm từ 1 đến 2', 'Duy trì'.

    Examples
    --------
    >>> target_words(">=", "05"), target_words("<", "5%"), target_words(">=", "250 triệu")
    ('Từ 5 trở lên', 'Dưới 5%', 'Từ 250 triệu đồng trở lên')
    """
    x = printed_figure(printed, unit)
    key = {
        ">": "word.target_above",
        ">=": "word.target_at_least",
        "<": "word.target_below",
        "<=": "word.target_at_most",
        "=": "word.target_equal",
        "maintain": "word.target_maintain",
        "range": "word.target_range",
    }.get(comparator)
    if key is None:
        return f"{comparator} {x}"
    if comparator == "maintain":
        return vi(key) + (f" {x}" if x else "")
    if comparator == ">=" and x == "100%":  # the whole: "100%", not "100% or more"
        return x
    if horizon == "additional_2026_2030" and comparator == ">=":  # "one more school", not "at least one"
        return vi("word.target_add_at_least", x=x)
    return vi(key, x=x, y=printed_figure(printed_high, unit))


def target_no(target_id: str) -> str:
    """A target's number as the report writes it: '(5)', and 'KĐP 2a' for breakthrough goal 2.2's 'dp2a'."""
    if target_id.startswith("dp"):
        return vi("word.breakthrough", x=target_id[2:])
    return f"({target_id})"
