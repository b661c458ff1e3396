"""docs/bao_cao_trang_1.png: page 1 of the Word report for 2028 made from the example forms (VÍ DỤ).

The same pipeline as tests/test_word_report.py: data/raw plus tests/fixtures/theo_doi_vi_du/ in a
temporary raw folder, `chiengso-stats report --year 2028`, LibreOffice Writer to PDF, pdftoppm.
Run by `make docs`; nothing is written into data/raw.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from chiengso_stats import config
from chiengso_stats.cli import main
from chiengso_stats.publish.office import page_png, to_pdf

ROOT = Path(__file__).resolve().parent.parent
FORMS = ROOT / "tests" / "fixtures" / "theo_doi_vi_du"
OUT = ROOT / "docs" / "bao_cao_trang_1.png"


def run(year: int = 2028) -> Path:
    with tempfile.TemporaryDirectory(prefix="report-png-") as tmp:
        raw = Path(tmp) / "raw"
        shutil.copytree(config.RAW_DIR, raw)
        (raw / "monitoring").mkdir(exist_ok=True)
        for form in sorted(FORMS.glob("20*.xlsx")):
            shutil.copy(form, raw / "monitoring" / form.name)
        docx = Path(tmp) / f"bao_cao_ket_qua_nam_{year}.docx"
        if main(["--raw", str(raw), "report", "--year", str(year), "--out", str(docx)]) != 0:
            raise SystemExit(1)
        (pdf,) = to_pdf([docx], Path(tmp) / "pdf")
        return page_png(pdf, OUT)


if __name__ == "__main__":
    print(run(*map(int, sys.argv[1:])))
