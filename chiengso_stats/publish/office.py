"""Publish: convert workbooks and documents to PDF with LibreOffice, as a real office program sees them.

Optional: the build itself never needs LibreOffice. `make test` installs it from
Debian's packages where it is missing.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path


class OfficeMissing(RuntimeError):
    pass


def soffice() -> str:
    for name in ("soffice", "libreoffice"):
        path = shutil.which(name)
        if path:
            return path
    raise OfficeMissing(
        "Không tìm thấy LibreOffice (soffice); cài gói Debian 'libreoffice-calc' "
        "(LibreOffice not found; install Debian's libreoffice-calc)"
    )


def to_pdf(workbooks: list[Path], out_dir: Path, timeout: int = 180) -> list[Path]:
    """One PDF per workbook in `out_dir`; a fresh profile keeps runs independent."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        subprocess.run(
            [
                soffice(),
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--norestore",
                "--convert-to",
                "pdf",
                "--outdir",
                str(out_dir),
                *map(str, workbooks),
            ],
            check=True,
            capture_output=True,
            timeout=timeout,
        )
    pdfs = [out_dir / (p.stem + ".pdf") for p in workbooks]
    missing = [p.name for p in pdfs if not p.exists()]
    if missing:
        raise RuntimeError(f"LibreOffice không tạo được / did not produce: {', '.join(missing)}")
    return pdfs


def pdf_text(pdf: Path) -> str:
    if not shutil.which("pdftotext"):
        raise OfficeMissing("Không tìm thấy pdftotext; cài gói Debian 'poppler-utils' (install poppler-utils)")
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout


def page_png(pdf: Path, out: Path, page: int = 1, dpi: int = 80) -> Path:
    """One page of a PDF as a PNG (poppler's pdftoppm): how the README shows the Word report's page 1."""
    if not shutil.which("pdftoppm"):
        raise OfficeMissing("Không tìm thấy pdftoppm; cài gói Debian 'poppler-utils' (install poppler-utils)")
    out.parent.mkdir(parents=True, exist_ok=True)
    stem = out.with_suffix("")
    subprocess.run(
        ["pdftoppm", "-png", "-r", str(dpi), "-f", str(page), "-l", str(page), "-singlefile", str(pdf), str(stem)],
        check=True,
        capture_output=True,
    )
    return out
