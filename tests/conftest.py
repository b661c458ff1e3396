from __future__ import annotations

import csv
import hashlib
import io
import shutil
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

import chiengso_stats as cs
from chiengso_stats import config
from chiengso_stats.ingest.raw import load_raw

ROOT = config.PROJECT_ROOT


@pytest.fixture(scope="session")
def raw():
    return load_raw()


@pytest.fixture(scope="session")
def shared_build(tmp_path_factory) -> Path:
    """One build of data/raw (`clean/` and `reports/` below the folder returned), shared by the tests that
    only read its outputs. A test that writes next to them copies them first."""
    from chiengso_stats.build import run

    out = tmp_path_factory.mktemp("built")
    run(None, out / "clean", out / "reports")
    return out


@pytest.fixture
def raw_copy(tmp_path) -> Path:
    """A writable copy of data/raw, for tests that break it on purpose."""
    dest = tmp_path / "raw"
    shutil.copytree(config.RAW_DIR, dest)
    return dest


def write_csv(path: Path, header: list[str], rows: list[list]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def read_rows(path: Path) -> tuple[list[str], list[list[str]]]:
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


IND_HEADER = [
    "indicator_id",
    "name_vi",
    "name_en",
    "unit",
    "kind",
    "aggregation",
    "proxy_weight",
    "denominator_vi",
    "direction",
    "component_of",
    "ratio_of",
    "share_of_count",
    "aliases_vi",
]
# Test rows are written in these short orders; `make_raw` adds source_id (and supersedes).
OBS_HEADER = [
    "commune_id",
    "indicator_id",
    "period",
    "value_as_printed",
    "qualifier",
    "decimal_mark",
    "source_ref",
    "quote",
    "note",
    "preferred",
]
COM_HEADER = [
    "commune_id",
    "name_vi",
    "name_en",
    "role",
    "merged_into",
    "province",
    "former_district",
    "merger_year",
    "appendix_no",
    "congress",
    "term",
]
TGT_HEADER = [
    "target_id",
    "indicator_id",
    "description_vi",
    "comparator",
    "target_as_printed",
    "target_high_as_printed",
    "horizon",
    "source_ref",
    "quote",
    "note",
    "baseline_indicator_id",
]
RES_HEADER = [
    "commune_id",
    "row_no",
    "indicator_id",
    "name_vi",
    "unit",
    "target_as_printed",
    "result_as_printed",
    "percent_as_printed",
    "percent_decimal_mark",
    "source_ref",
    "quote",
    "note",
]
SRC_HEADER = ["source_id", "title_vi", "issuer", "date", "kind", "file", "sha256", "note"]
FIXTURE_SOURCE = "vi_du_nguon"
FIXTURES = Path(__file__).parent / "fixtures"


def _with_source(header: list[str], rows, source_id: str) -> tuple[list[str], list[list]]:
    """Short test rows -> rows with `source_id` before `source_ref` (and an empty `supersedes`)."""
    at = header.index("source_ref")
    out_header = [*header[:at], "source_id", *header[at:]]
    out = [[*list(r[:at]), source_id, *list(r[at:])] for r in rows]
    if "preferred" in header:
        p = out_header.index("preferred")
        out_header.insert(p, "supersedes")
        out = [[*r[:p], "", *r[p:]] for r in out]
    return out_header, out


def add_source(
    raw_dir: Path,
    source_id: str,
    file: str | None,
    kind: str = "text",
    title: str = "VÍ DỤ (không phải số liệu thật) / EXAMPLE",
    content: bytes | None = None,
    date: str = "2025",
) -> None:
    """Register a source in raw_dir/sources.csv, writing its file and checksum."""
    sha = ""
    if file is not None and content is not None:
        (raw_dir / file).parent.mkdir(parents=True, exist_ok=True)
        (raw_dir / file).write_bytes(content)
    if file is not None:
        sha = hashlib.sha256((raw_dir / file).read_bytes()).hexdigest()
    append_rows(
        raw_dir / "sources.csv",
        [
            dict(
                source_id=source_id,
                title_vi=title,
                issuer="Ví dụ kiểm thử",
                date=date,
                kind=kind,
                file=file or "",
                sha256=sha,
                note="",
            )
        ],
    )


def append_rows(path: Path, rows: list[dict]) -> None:
    """Append rows given by column name; unnamed columns stay empty."""
    header, body = read_rows(path)
    body += [[str(r.get(c, "")) for c in header] for r in rows]
    write_csv(path, header, body)


def make_raw(folder: Path, communes, indicators, observations, targets=(), results=()) -> Path:
    """A self-contained raw folder whose one text source is made of the quotes it cites."""
    folder.mkdir(parents=True, exist_ok=True)
    default_target = [
        ["1", indicators[0][0], "Mục tiêu thử", ">=", "1", "", "level_2030", "t", "đạt 1 trở lên", "", ""]
    ]
    targets = list(targets) or default_target
    results = list(results) or [
        [communes[0][0], "1", indicators[0][0], "Dòng thử", "", "", "", "", "", "r", observations[0][7], ""]
    ]
    quotes = [r[7] for r in observations] + [r[8] for r in targets] + [q for r in results for q in r[10].split(" | ")]
    source = ("VÍ DỤ KIỂM THỬ — không phải số liệu thật.\n" + "\n".join(dict.fromkeys(quotes)) + "\n").encode()
    write_csv(folder / "sources.csv", SRC_HEADER, [])
    rows = [list(c) + [""] * (len(COM_HEADER) - len(c)) for c in communes]
    term = COM_HEADER.index("term")
    for r in rows:  # a merged commune with targets needs its term (its targets' years come from it)
        if r[3] == "merged" and not r[term]:
            r[term] = "2025-2030"
    write_csv(folder / "communes.csv", COM_HEADER, rows)
    write_csv(folder / "indicators.csv", IND_HEADER, [list(r) + [""] * (len(IND_HEADER) - len(r)) for r in indicators])
    write_csv(folder / "observations.csv", *_with_source(OBS_HEADER, observations, FIXTURE_SOURCE))
    merged_id = next(c[0] for c in communes if c[3] == "merged")  # targets belong to the (first) merged commune
    header, rows = _with_source(TGT_HEADER, targets, FIXTURE_SOURCE)
    write_csv(
        folder / "targets_2030.csv", [header[0], "commune_id", *header[1:]], [[r[0], merged_id, *r[1:]] for r in rows]
    )
    write_csv(folder / "resolution_results.csv", *_with_source(RES_HEADER, results, FIXTURE_SOURCE))
    add_source(folder, FIXTURE_SOURCE, "vi_du_nguon.txt", content=source)
    return folder


def run_cli(argv: list[str]) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of `chiengso-stats argv`, run in this process."""
    from chiengso_stats.cli import main  # lazy on purpose: only the tests that run the CLI load it

    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue(), err.getvalue()


def file_hashes(*places: Path) -> dict[str, str]:
    """SHA-256 of every file in `places` (folders, missing ones skipped, or files), by full path."""
    files = [p for f in places for p in ([f] if f.is_file() else sorted(f.rglob("*"))) if p.is_file()]
    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


def tree_hashes(folder: Path) -> dict[str, str]:
    """SHA-256 of every file under `folder`, by path relative to it (two folders' trees compare)."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def write_docx(path: Path, items) -> Path:
    """A .docx of paragraphs (str) and tables (lists of rows of cell texts), in order: the made-up
    documents of the onboarding tests."""
    import docx  # lazy on purpose: only the onboarding tests write a .docx

    d = docx.Document()
    for item in items:
        if isinstance(item, str):
            d.add_paragraph(item)
            continue
        t = d.add_table(rows=len(item), cols=len(item[0]))
        for i, row in enumerate(item):
            for j, cell in enumerate(row):
                t.cell(i, j).text = cell
    d.save(path)
    return path


def propose_text(tmp_path: Path, raw, text: str):
    """The proposals of a made-up report's text, written as `bao_cao.txt` in `tmp_path` (the onboarding rounds)."""
    path = tmp_path / "bao_cao.txt"
    path.write_text(text, encoding="utf-8")
    return cs.propose(path, raw)
