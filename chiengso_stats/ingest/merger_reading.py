"""Ingest: the merger a document states: its new commune and its former communes.

Read from a merger sentence in the wordings of the reading rules ("Xã A được thành lập trên cơ sở nhập
toàn bộ … của xã B; … của xã C", "04 xã A, B, C và D được hợp nhất thành xã E"), else from a table of
the former communes or an appendix's header, else from any sentence that names two communes or more
with a word of merging and says which one is new (`_any_merger`).
"""

from __future__ import annotations

import re

from .commune_mentions import mark_after, unit_pattern
from .figures import fold, rules
from .table_figures import header_of


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


def _chain(text: str, at: int, limit: int) -> tuple[list[tuple[int, str]], bool]:
    """The names listed from `at` on ("Tân Lập, Phong Phú và Bình Minh"), at most `limit`, and whether the
    list was closed by "và" / "với"."""
    names, closed = [], False
    while len(names) < limit and (name := _name_after(text[at:])):
        if names and len(name.split()) < 2:
            break  # "xã A và Đảng bộ xã B": a name in a list has two words or more, "Đảng" is none
        names.append((at, name))
        sep = re.match(rf"\s*(,|và|với)\s*(?:{unit_pattern()}\s+)?", text[at + len(name) :])
        if not sep:
            break
        closed = sep.group(1) != ","
        at += len(name) + sep.end()
    return names, closed


def named_communes(text: str) -> list[tuple[int, str, str]]:
    """(offset, name, mark) of every 'xã NAME' in `text`, and of the names listed with it: after "các xã",
    "03 xã" (the first three), and "xã A, B và C" (a list closed by "và" names three; "xã A, tỉnh B" one)."""
    found: dict[int, tuple[int, str]] = {}  # by where the name starts: a name is counted once
    for m in re.finditer(rf"(?<!\w){unit_pattern()}\s+", text):
        names, closed = _chain(text, m.end(), 12)
        for k, (at, name) in enumerate(names if closed else names[:1]):
            found.setdefault(at, (m.start() if k == 0 else at, name))
    lists = "|".join(re.escape(w) for w in rules()["commune_list_words"])
    for m in re.finditer(rf"(?<!\w)({lists})\s*:?\s+", text, re.IGNORECASE):
        count = m.group(1).split()[0].lower()
        limit = int(count) if count.isdigit() else rules()["count_words"].get(count, 12)
        for at, name in _chain(text, m.end(), limit)[0]:
            found.setdefault(at, (at, name))
    return sorted((o, name, mark_after(text[at + len(name) :])) for at, (o, name) in found.items())


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
    if new and any(lower.find(v) == at for v in rules()["merger_absorb_verbs"]):
        formers = [new, *formers]  # "xã A được mở rộng địa giới, tiếp nhận … của xã B và xã C": A is a former one too
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
            cells = [re.sub(rf"^\s*{unit_pattern()}\s+", "", c) for c in row]
            name = _name_after(cells[old[0]]) if old[0] < len(cells) else ""
            if name:
                formers.append(name)
            for j in new_cols:
                new = new or (_name_after(cells[j]) if j < len(cells) else "")
        if len(formers) >= 2:
            return new, list(dict.fromkeys(formers))
    return None


def _header_merger(tables, issuer: str = "") -> tuple[str, list[str]] | None:
    """The communes of a table with a column per commune: "Xã A", "Xã B", "Xã C (mới)"; "Xã mới",
    "Toàn xã" name the new commune without its name; "A (cũ)" a former one; under a header spanning columns ("Trước hợp nhất",
    `former_group_headers`) the names need no "Xã" and are the former communes, the others' the new one."""
    totals = {fold(w).strip() for w in rules()["merged_headers"]}
    groups = sorted((g.split() for g in rules()["former_group_headers"]), key=len, reverse=True)
    for table in tables:
        named, grouped = [], []
        # "Năm 2025 Pác Làng": a year spanning the communes' columns is no part of their names
        grid = table.grid()
        header_cells, n_header = header_of(grid)
        header = [_YEARS.sub("", h).strip() for h in header_cells]
        merged_column = any(_starts(h, rules()["merged_headers"]) for h in header)
        for h in header:
            group = next((g for g in groups if fold(" ".join(h.split()[: len(g)])) == fold(" ".join(g))), None)
            rest = " ".join(h.split()[len(group) :]) if group else ""
            if group and (name := _name_after(re.sub(rf"^{unit_pattern()}\s+", "", rest))):
                grouped.append(name)  # "Trước hợp nhất | An Trạch Đông"
                continue
            name = _name_after(h)
            if name and not named_communes(h) and mark_after(h[len(name) :].strip()) == "old":
                named.append((0, name, "old"))  # "Khánh Lợi Tây (cũ)": a former commune without "Xã"
            for at, name, mark in named_communes(h):
                lead = fold(h[:at]).strip()
                if lead in totals or _starts(h, rules()["merged_headers"]):  # "Tổng/Xã Phú Lễ", "Toàn xã Bàu Sen"
                    named.append((at, name, "new"))
                elif lead == "":
                    named.append((at, name, mark))
        if len(grouped) >= 2:
            new = next((name for _, name, mark in named if mark != "old"), "")
            return new, list(dict.fromkeys(grouped))
        formers = [name for _, name, mark in named if mark != "new"]
        if len(formers) >= 2:
            new = next((name for _, name, mark in named if mark == "new"), "")
            return new, list(dict.fromkeys(formers))
        plain = list(dict.fromkeys(h.strip() for h in header if _plain_name(h)))
        if not plain and n_header >= 2:  # "Thu ngân sách (triệu đồng)" over "A | B | C": names in the last header row
            plain = list(dict.fromkeys(c.strip() for c in grid[n_header - 1] if _plain_name(c.strip())))
        # "Phước Hòa Thượng | Bàu Cỏ | Thạnh Long Tây | Toàn xã Bàu Sen", "Pác Làng | Khuổi Mò | Xã Vĩnh Hồi"
        if len(plain) >= 2 and (merged_column or len({name for _, name, _ in named}) == 1):
            return next((name for _, name, mark in named if mark == "new" or not merged_column), ""), plain
        if issuer and len(plain) >= 3 and fold(issuer) in {fold(p) for p in plain}:
            # "Cẩm Vân Tây | Thạch Quảng Hạ | Lam Phượng" under the heading "ĐẢNG ỦY XÃ LAM PHƯỢNG": the last is new
            return issuer, [p for p in plain if fold(p) != fold(issuer)]
    return None


def _label_merger(tables, issuer: str) -> tuple[str, list[str]] | None:
    """The communes of a table whose rows name them in its first column, the former ones marked so ("Xã cũ Cốc
    Mòn", "Nà Lừu (cũ)", `former_words` before or after the name) beside the heading's commune ("Xã Tĩnh Khau")."""
    if not issuer:
        return None
    words = "|".join(re.escape(w) for w in rules()["former_words"])
    units = "|".join(re.escape(w) for w in rules()["former_unit_words"])
    for table in tables:
        formers, new, grid = [], "", table.grid()
        # the rows' labels: the first column, or the second after a "STT" column (`skip_headers`)
        col = 1 if grid and len(grid[0]) > 1 and _starts(grid[0][0], rules()["skip_headers"]) else 0
        for row in grid[header_of(grid)[1] :]:
            cell = row[col].strip() if len(row) > col else ""
            m = re.match(rf"{unit_pattern()}\s+(?:{words})\s+(?=[^\W\d_a-z])", cell)
            name = _name_after(cell[m.end() :]) if m else ""
            former_unit = re.match(rf"(?i:{units})\s+(?=[^\W\d_a-z])", cell)
            name = name or (_name_after(cell[former_unit.end() :]) if former_unit else "")
            named = [] if name else named_communes(cell)
            after_name = cell[cell.find(named[0][1]) + len(named[0][1]) :] if named else ""  # "(cũ)", " – dân số …"
            if name:
                formers.append(name)  # "Xã cũ Cốc Mòn", "Nguyên xã Nhật Tân Hạ" (`former_unit_words`)
            elif named and mark_after(after_name) == "old":
                formers.append(named[0][1])  # "Xã Nà Lừu (cũ)"
            elif named and fold(named[0][1]) == fold(issuer):
                new = named[0][1]
            elif (plain := _name_after(cell)) and mark_after(cell[len(plain) :].strip()) == "old":
                formers.append(plain)  # "Đại Xuân Thượng (cũ)"
            elif plain and fold(plain) == fold(issuer):
                new = issuer  # "Quế Tân (ba vùng gộp lại)"
            elif fold(issuer) in fold(cell) and _starts(cell, rules()["merged_headers"]):
                new = issuer  # "Cộng: Thạch Nguyên", "Toàn xã Thạch Nguyên"
            elif _plain_name(cell) and fold(cell) != fold(issuer):
                formers.append(cell)  # "Tịnh Bắc Hạ": a name alone, in the rows with the heading's commune's total
            elif named and named[0][0] == 0 and re.match(r"\s*[–—:-]\s", after_name):
                formers.append(named[0][1])  # "Xã Trà Lộc Hạ – dân số năm 2025 (người)", beside "Xã Linh Trà – …"
        if len(set(formers)) >= 2 and new:
            return new, list(dict.fromkeys(formers))
    return None


# "Năm 2025 Pác Làng", "Cẩm Vân Tây ƯTH 2025": a year over or under the communes' columns is no part of their names
_YEARS = re.compile(
    r"(?:^|\s)(?:(?:năm|giai đoạn|ước thực hiện|ước th|ước|ưth)\s+)?(?:19|20)\d\d(?:\s*[-–]\s*(?:19|20)\d\d)?(?=\s|$)",
    re.IGNORECASE,
)


def _plain_name(header: str) -> bool:
    """Whether a column's header is a commune's name alone, without "Xã": two words or more, each capitalised
    ("Bàu Cỏ"), not a header word of the reading rules ("Chỉ tiêu", "Ghi chú", "Đơn vị tính")."""
    words = header.split()
    if len(words) < 2 or _name_after(header) != " ".join(words) or re.search(r"\d", header):
        return False
    if re.match(rf"{unit_pattern()}\s", header):
        return False  # "Xã Thèn Ván": named with its unit, read as such
    r = rules()
    known = r["skip_headers"] + r["label_headers"] + r["unit_headers"] + r["merged_headers"] + r["target_headers"]
    return words[0].lower() not in {w.lower() for w in r["issuer_stops"]} and not _starts(header, known)


def _starts(text: str, phrases) -> bool:
    return any(fold(text).strip().startswith(fold(w).strip()) for w in phrases)


def _capitals_after(line: str, head: str) -> str:
    """The name in capitals after `head` in a heading line ("ĐẢNG BỘ XÃ CHIỀNG SƠ" after "đảng bộ xã"), title-cased;
    a PDF joins the heading's two columns in one line ("ĐẢNG ỦY XÃ LỢI HẢI ĐẢNG CỘNG SẢN …"): the name ends before
    a word of `issuer_stops`."""
    stops = {w.lower() for w in rules()["issuer_stops"]}  # by its marks: "ĐĂNG" (Đăng Hà) is no "ĐẢNG"
    at = line.find(head.upper() + " ")
    words = []
    for w in line[at + len(head) + 1 :].split() if at >= 0 else []:
        word = w.strip(",.;:*")
        if not word or not word.isalpha() or not word.isupper() or word.lower() in stops:
            break
        words.append(word)
        if word != w:
            break
    return " ".join(words).title()


def _heading_name(lines: list[str], key: str) -> str:
    """The name after the first heading words of `key` in the document's first lines, else ''."""
    for line in lines[:40]:
        for head in rules()[key]:
            if name := _capitals_after(line, head):
                return name
    return ""


def _issuer(lines: list[str]) -> str:
    """The commune named in the document's heading, "ĐẢNG BỘ XÃ CHIỀNG SƠ": the congress's, the new one."""
    return _heading_name(lines, "issuer_heads")


def province(lines: list[str]) -> str:
    """The province the document's heading names ("ĐẢNG BỘ TỈNH CÀ MAU" -> 'Cà Mau'), else ''."""
    return _heading_name(lines, "province_heads")


def _sentences(text: str) -> list[str]:
    """The sentences of `text`, also cut at its line breaks (a title is no part of the paragraph under it)."""
    # "(VÍ DỤ: … là bịa đặt.) Thực hiện Nghị quyết …": a bracket closed after a full stop ends the sentence too
    return re.split(r"(?:(?<=[.!?])|(?<=[.!?]\)))\s+(?=[^\W\d_(“\"])|\n", text)


def merger(text: str, tables=(), lines: list[str] = ()) -> tuple[str, list[str]]:
    """(the new commune, the former communes) of the merger the document states, or ('', []) when it
    states none: a merger sentence in a listed wording (`merger_verbs`, `merger_into_verbs`), else a table
    of the former communes or an appendix's header, else any sentence whose shape states it (`_any_merger`).
    A new commune the merger leaves unnamed is the one of the document's heading ("ĐẢNG BỘ XÃ …")."""
    issuer = _issuer(list(lines))
    sentences = _sentences(text)
    found = None
    for sentence in sentences:
        found = _merger_sentence(sentence)
        if found and not found[0]:  # "Trên cơ sở sáp nhập 03 xã: A, B, C, xã D chính thức …": D is the new one
            found = _any_merger(sentence, issuer) or found
        if found:
            break
    found = found or _table_merger(tables) or _header_merger(tables, issuer) or _label_merger(tables, issuer)
    found = found or next(filter(None, (_any_merger(s, issuer) for s in sentences)), None)
    found = found or next(filter(None, (_heading_formers(s, issuer) for s in sentences)), None)
    found = found or next(filter(None, (_formers_then_issuer(s, issuer) for s in sentences)), None)
    if not found:
        return "", []
    new, formers = found
    return new or issuer, formers


def _spans(sentence: str) -> list[tuple[int, int, str, str]]:
    """(start, end, name, mark) of the communes `sentence` names, each place once."""
    out = []
    for o, name, mark in named_communes(sentence):
        start = sentence.find(name, o)
        out.append((start, start + len(name), name, mark))
    return out


def _into(gap: str) -> str:
    """'new' or 'both' when the words before a commune's name make it the merger's result ("… hợp nhất
    thành xã E", "lấy tên là xã E"; "nhập … vào xã A": 'both'), else ''. A word of merging after "thành"
    ("được thành lập mới trên cơ sở nhập …") makes it no such word."""
    r = rules()
    lower = gap.lower()
    words = dict.fromkeys(r["merger_into_then"], "new") | dict(r["merger_into_words"])
    stems = "|".join(re.escape(w) for w in r["merger_stems"])
    role = ""
    for word, kind in words.items():
        for m in re.finditer(rf"(?<!\w){re.escape(word)}(?!\w)", lower):
            if not re.search(rf"(?<!\w)(?:{stems})(?!\w)", lower[m.end() :]):
                role = role or kind
    return role


def _roles(sentence: str, spans) -> list[str]:
    """`_into` of the words before each name of `spans` (from the name before it, or the sentence's start)."""
    return [_into(sentence[(spans[k - 1][1] if k else 0) : s[0]]) for k, s in enumerate(spans)]


def _any_merger(sentence: str, issuer: str = "") -> tuple[str, list[str]] | None:
    """(new, formers) of a merger sentence in a wording no rule lists, read from its shape: a word of
    merging (`merger_stems`: "hợp nhất", "gồm", "hình thành" …) and two former communes or more named with
    the new one. The new one is, in this order: the one named after "thành", "lấy tên là" ("… hợp nhất thành
    xã E"); the one marked "(mới)"; the heading's commune ("ĐẢNG BỘ XÃ E"); the sentence's subject, named
    before the word of merging with every other after it ("Xã E có diện tích …, được sắp xếp từ các xã A,
    B và C"). Where the heading names a commune, the new one must be it; where none is found, nothing is
    guessed. The new commune is a former one too when a mention of its name came before ("xã A (cũ) sáp
    nhập với xã B thành xã A (mới)")."""
    stems = "|".join(re.escape(w) for w in rules()["merger_stems"])
    stem = re.search(rf"(?i)(?<!\w)(?:{stems})(?!\w)", sentence)
    spans = _spans(sentence)
    if not stem or len(spans) < 3:
        return None
    into = list(enumerate(_roles(sentence, spans)))
    chosen = next((k for k, role in reversed(into) if role == "new"), None)
    chosen = chosen if chosen is not None else next((k for k, role in reversed(into) if role), None)
    by_into = chosen is not None
    if chosen is None:
        chosen = next((k for k, s in enumerate(spans) if s[3] == "new"), None)
    if chosen is None and issuer:
        chosen = next((k for k, s in enumerate(spans) if fold(s[2]) == fold(issuer)), None)
    first_stem = stem.start()
    if chosen is None and spans[0][1] <= first_stem and all(s[0] > first_stem for s in spans[1:]):
        chosen = 0  # the subject: "Xã E …, được sắp xếp từ xã A và xã B"
    if chosen is None:
        return None
    new = spans[chosen][2]
    if issuer and not (fold(issuer).startswith(fold(new)) or fold(new).startswith(fold(issuer))):
        return None  # a document states its own commune's merger, not another's
    formers = [
        s[2] for k, s in enumerate(spans) if k != chosen and (s[2] != new or s[3] == "old" or (by_into and k < chosen))
    ]
    formers = list(dict.fromkeys(formers))
    return (new, formers) if len(formers) >= 2 else None


def _heading_formers(sentence: str, issuer: str) -> tuple[str, list[str]] | None:
    """The last resort: the heading's commune ("ĐẢNG ỦY XÃ E") is the new one, and a sentence that names two
    other communes or more together, with a word that makes them former ones (`former_words`: "Địa bàn xã
    hiện nay là toàn bộ địa giới hành chính của ba xã A, B và C trước đây") or of merging, names the former
    ones. Without the heading's commune nothing is guessed."""
    if not issuer:
        return None
    words = "|".join(re.escape(w) for w in rules()["former_words"] + rules()["merger_stems"])
    if not re.search(rf"(?i)(?<!\w)(?:{words})(?!\w)", sentence):
        return None
    spans = _spans(sentence)
    if any(_roles(sentence, spans)):
        return None  # "… trở thành xã E": the sentence names another new commune than the heading's
    formers = list(dict.fromkeys(s[2] for s in spans if fold(s[2]) != fold(issuer)))
    return (issuer, formers) if len(formers) >= 2 else None


def _formers_then_issuer(sentence: str, issuer: str) -> tuple[str, list[str]] | None:
    """After every other reader: a sentence that names two communes or more and then the heading's commune,
    and no other after it ("hai xã A và B cùng góp toàn bộ đất đai, dân cư để lập nên xã C"), states how the
    heading's commune came to be, whatever its words. Without the heading's commune nothing is guessed."""
    if not issuer:
        return None
    spans = _spans(sentence)
    own = [k for k, s in enumerate(spans) if fold(s[2]) == fold(issuer)]
    if not own or own[0] < 2:
        return None
    formers = list(dict.fromkeys(s[2] for s in spans[: own[0]]))
    after = {s[2] for s in spans[own[0] :]}
    if len(formers) < 2 or not after <= {issuer, *formers}:
        return None  # "xã A và xã B … xã C … xã D": no one commune is the result
    return issuer, formers
