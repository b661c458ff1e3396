"""Shared: project paths and settings in one place, so notebooks and the CLI never depend on the working folder.

The data folders come from, in order:

1. the options (`--raw`, `--clean`, `--reports`, or the `raw_dir` arguments of the API);
2. the environment variable ``CHIENGSO_STATS_HOME``, a project folder holding ``data/`` and
   ``reports/``;
3. the current project: the working folder, or the nearest parent, that holds ``data/raw``;
4. for a source checkout (an editable install), the folder above the package.

A non-editable install (``pip install .``) has no project beside the package, so it relies
on 1-3.
"""

from __future__ import annotations

import os
from pathlib import Path

HOME_VARIABLE = "CHIENGSO_STATS_HOME"


def project_home() -> Path:
    """The project folder: $CHIENGSO_STATS_HOME, else the current project, else the source checkout."""
    if os.environ.get(HOME_VARIABLE):
        return Path(os.environ[HOME_VARIABLE]).resolve()
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / "data" / "raw").is_dir():
            return folder
    source = Path(__file__).resolve().parent.parent
    return source if (source / "data" / "raw").is_dir() else here


PROJECT_ROOT = project_home()
DATA_DIR = PROJECT_ROOT / "data"
RAW_DIR = DATA_DIR / "raw"
CLEAN_DIR = DATA_DIR / "clean"
REPORTS_DIR = PROJECT_ROOT / "reports"
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"


def archive_dir(clean_dir: str | Path) -> Path:
    """Where every yearly form the build has read is kept: beside the clean folder, never in the raw one
    (data/archive/monitoring/ for data/clean/)."""
    return Path(clean_dir).parent / "archive" / "monitoring"


ARCHIVE_DIR = archive_dir(CLEAN_DIR)

# The congress report, the first registered source (see data/raw/sources.csv).
SOURCE_FILE = "bao_cao_chinh_tri_chieng_so_2025-2030.txt"

# Raw tables, by logical name. Each may be shipped as .csv or edited as .xlsx.
TABLES = ("sources", "communes", "indicators", "observations", "targets_2030", "resolution_results")
# Tables that may hold a header and no rows: a merger whose source gives no resolution results
# (a statistics office's table, say) still has communes, figures and targets.
MAY_HAVE_NO_ROWS = ("resolution_results",)

# Appendices and charts are written per merged commune up to this many merged communes (a
# province has at most a few hundred); above it, the build writes the tables for all of them
# and the per-commune reports only for the communes asked for (`build --commune`).
REPORTS_PER_MERGER_LIMIT = 200

# Fixed document date for exports: the congress term starts in 2025. Taking it from
# the clock would make two builds differ.
DOCUMENT_DATE = "2025-09-30T00:00:00"


def resolve(raw_dir: str | Path | None) -> Path:
    return Path(raw_dir) if raw_dir is not None else RAW_DIR


# A yearly figure this many times the year before (or as many times smaller) is listed for a
# second look before any target is judged on it: a slip such as an extra digit or a thousands
# separator typed as a decimal mark, not a change a commune makes in one year.
PLAUSIBLE_JUMP = 5.0

# Limits on a file read as a zip (.xlsx workbook, .docx document), checked on the zip's own directory
# and on the sheets' rows before anything is parsed: a 125 KB form of repeated rows (a zip bomb)
# unpacks to over 100 MB and held openpyxl for 86 s and 1,8 GB. A form has about 40 rows; a raw table
# in .xlsx a few thousand (a country's go in CSV); a review workbook one row per proposal.
READ_LIMITS = {
    "form": {"unpacked_mb": 20, "rows": 2_000},
    "table": {"unpacked_mb": 100, "rows": 200_000},
    "review": {"unpacked_mb": 20, "rows": 20_000},
    "document": {"unpacked_mb": 50, "rows": None},
}
