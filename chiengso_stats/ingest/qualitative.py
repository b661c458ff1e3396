"""Ingest: a qualitative value ("Đạt", "Không đạt", a statement of the report) read against a closed
vocabulary kept as data (`qualitative_words.csv`): 1 achieved, 0 not achieved, None refused.
"""

from __future__ import annotations

import csv
import re
from functools import cache
from pathlib import Path

from ..text import nfc

WORDS_FILE = Path(__file__).with_name("qualitative_words.csv")
# the meanings a word may have in the file, and the list each fills
MEANINGS = {
    "achieved": "achieved",
    "not_achieved": "not_achieved",
    "affirming_prefix": "affirming_prefixes",
    "negation": "negations",
}


@cache
def vocabulary() -> dict[str, list[str]]:
    """The closed vocabulary: achieved, not_achieved, affirming_prefixes, negations (folded)."""
    out: dict[str, list[str]] = {key: [] for key in MEANINGS.values()}
    for n, row in enumerate(csv.DictReader(WORDS_FILE.read_text(encoding="utf-8").splitlines()), start=2):
        if row["meaning"] not in MEANINGS:
            raise ValueError(
                f"{WORDS_FILE.name}, line {n}: meaning {row['meaning']!r}, expected one of {list(MEANINGS)}"
            )
        out[MEANINGS[row["meaning"]]].append(_fold(row["word"]))
    return out


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", nfc(str(text))).strip().lower()


def expected_words() -> str:
    """What a qualitative cell may hold, for a message: "'đạt', 'đã đạt', … hoặc 'không đạt', …"."""
    v = vocabulary()
    return ", ".join(f"'{w}'" for w in v["achieved"] + v["not_achieved"])


def qualitative_value(text: str, names: tuple[str, ...] = ()) -> float | None:
    """1.0 (achieved), 0.0 (not achieved) or None (not a word of the vocabulary: refuse it).

    `names`: the indicator's own name and aliases; a statement that names it, with no negation,
    is the source saying the standard is held.

    Examples
    --------
    >>> qualitative_value("KHÔNG ĐẠT"), qualitative_value("chưa đạt"), qualitative_value("Đạt")
    (0.0, 0.0, 1.0)
    >>> qualitative_value("còn 03 chỉ tiêu không đạt") is None
    True
    """
    v, folded = vocabulary(), _fold(text)
    if folded in v["achieved"]:
        return 1.0
    if folded in v["not_achieved"]:
        return 0.0
    words = f" {folded} "
    if not folded or any(f" {n} " in words for n in v["negations"]):
        return None
    if any(folded.startswith(p + " ") for p in v["affirming_prefixes"]):
        return 1.0
    if any(folded in _fold(n) for n in names if n):
        return 1.0
    return None
