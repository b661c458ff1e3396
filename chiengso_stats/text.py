"""Shared: text normalisation (the report mixes Unicode normal forms and no-break spaces)."""

from __future__ import annotations

import re
import unicodedata


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def normalise(text: str) -> str:
    """NFC, no-break spaces as spaces, every run of white space as one space.

    The report breaks lines mid-sentence, so a quote typed on one line only matches
    the source once line breaks are folded too.
    """
    # str.split() splits on the characters re's \s matches (no-break space included), and is faster
    return " ".join(nfc(text).split())


def plain_name(name: str) -> str:
    """'Chiềng Sơ (mới)' -> 'Chiềng Sơ': a commune's name without its bracketed remark."""
    return re.sub(r"\s*\(.*?\)\s*$", "", name)


def vietnamese_sort_key(text: str) -> str:
    """Alphabetical order as a Vietnamese reader expects it, near enough: 'Đ' with 'D', accents folded.

    ('Tỷ lệ' sorts beside 'Ty', not after 'Z' as raw code points would put it.)
    """
    folded = unicodedata.normalize("NFD", str(text).replace("Đ", "D").replace("đ", "d"))
    return "".join(ch for ch in folded if not unicodedata.combining(ch)).lower()


def contains_token(haystack: str, needle: str) -> bool:
    """True when `needle` occurs in `haystack` not glued to further digits.

    "14" must be found in "đạt 14/19" but not inside "2014" or "14,5".
    """
    if not needle:
        return False
    pattern = r"(?<![\d.,])" + re.escape(needle)
    if needle[-1].isdigit():
        pattern += r"(?![\d]|[.,]\d)"
    return re.search(pattern, haystack) is not None


def date_words(iso: str) -> str:
    """An ISO date as a paper writes it: '2027-01-15' -> 'ngày 15 tháng 01 năm 2027'; '2027-01' ->
    'tháng 01 năm 2027'; '2027' -> 'năm 2027'. Anything else is returned as it is."""
    text = str(iso).strip()
    found = re.fullmatch(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", text)
    if not found or (found[3] and not found[2]):
        return text
    year, month, day = found.groups()
    # Nghị định 30/2020: a day below 10 and the months 1 and 2 take a leading 0 ('ngày 05 tháng 01'), no
    # other month does ('tháng 3', 'tháng 12')
    month = month and (month if int(month) <= 2 else str(int(month)))
    return " ".join(part for part in (day and f"ngày {day}", month and f"tháng {month}", f"năm {year}") if part)
