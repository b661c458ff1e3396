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

from openpyxl import load_workbook


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


def _without(workbooks: list[Path], sheets: tuple[str, ...], folder: Path) -> list[Path]:
    """Copies of the workbooks holding one of `sheets`, in `folder` under their own names, without those sheets.

    Calc prints every sheet of a workbook, hidden ones too (LibreOffice 7.4: a hidden or very hidden
    sheet still fills its pages of the PDF, and an .xlsx has no "do not print this sheet"), so a sheet
    kept in the workbook for whoever checks it, but not for the paper, is left out of the copy printed.
    """
    out = []
    for book in workbooks:
        wb = load_workbook(book)
        drop = [ws for ws in wb.worksheets if ws.title in sheets and len(wb.worksheets) > 1]
        if not drop:
            out.append(book)
            continue
        for ws in drop:
            wb.remove(ws)
        wb.active = 0
        wb.save(folder / book.name)
        out.append(folder / book.name)
    return out


def to_pdf(
    workbooks: list[Path], out_dir: Path, timeout: int = 180, without_sheets: tuple[str, ...] = ()
) -> list[Path]:
    """One PDF per workbook in `out_dir`; a fresh profile keeps runs independent.

    LibreOffice writes into a temporary folder beside `out_dir`; each PDF is then renamed into
    place, so an interrupted conversion leaves the old PDFs whole. `without_sheets`: sheets
    left out of the PDF, kept in the workbook (`_without`).
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    with (
        tempfile.TemporaryDirectory(prefix="lo-profile-") as profile,
        tempfile.TemporaryDirectory(prefix=f".{out_dir.name}-", dir=out_dir.parent) as staging,
        tempfile.TemporaryDirectory(prefix=f".{out_dir.name}-print-", dir=out_dir.parent) as printed,
    ):
        if without_sheets:
            workbooks = _without(workbooks, without_sheets, Path(printed))
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
