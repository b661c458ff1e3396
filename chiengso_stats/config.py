"""Project paths in one place, so notebooks and the CLI never depend on the working directory."""
from __future__ import annotations

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
RAW_DIR = DATA_DIR / "raw"
CLEAN_DIR = DATA_DIR / "clean"
REPORTS_DIR = PROJECT_ROOT / "reports"
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"

# The congress report, the first registered source (see data/raw/sources.csv).
SOURCE_FILE = "bao_cao_chinh_tri_chieng_so_2025-2030.txt"

# Raw tables, by logical name. Each may be shipped as .csv or edited as .xlsx.
TABLES = ("sources", "communes", "indicators", "observations", "targets_2030", "resolution_results")

# Fixed document date for exports: the congress term starts in 2025. Taking it from
# the clock would make two builds differ.
DOCUMENT_DATE = "2025-09-30T00:00:00"


def resolve(raw_dir: str | Path | None) -> Path:
    return Path(raw_dir) if raw_dir is not None else RAW_DIR
