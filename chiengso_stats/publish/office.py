"""Publish: convert workbooks and documents to PDF with LibreOffice, as a real office program sees them.

Optional: the build itself never needs LibreOffice. `make test` installs it from
Debian's packages where it is missing.
"""

from __future__ import annotations

import os
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
    """One PDF per workbook in `out_dir`; a fresh profile keeps runs independent.

    LibreOffice writes into a temporary folder beside `out_dir`; each PDF is then renamed into
    place, so an interrupted conversion leaves the old PDFs whole.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    with (
        tempfile.TemporaryDirectory(prefix="lo-profile-") as profile,
        tempfile.TemporaryDirectory(prefix=f".{out_dir.name}-", dir=out_dir.parent) as staging,
    ):
        subprocess.run(
            [
                soffice(),
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--norestore",
                "--convert-to",
                "pdf",
                "--outdir",
                staging,
                *map(str, workbooks),
            ],
            check=True,
            capture_output=True,
            timeout=timeout,
        )
        missing = [p.stem + ".pdf" for p in workbooks if not (Path(staging) / (p.stem + ".pdf")).exists()]
        if missing:
            raise RuntimeError(f"LibreOffice không tạo được / did not produce: {', '.join(missing)}")
        for p in workbooks:
            os.replace(Path(staging) / (p.stem + ".pdf"), out_dir / (p.stem + ".pdf"))
    return [out_dir / (p.stem + ".pdf") for p in workbooks]


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
