"""Ingest: a workbook (.xlsx) or Word file (.docx) checked before it is parsed: a zip, within limits, safe XML.

Office files arrive by e-mail and USB, hostile by accident: a file renamed to .xlsx, a damaged
download, a zip bomb (a few KB that unpack to gigabytes), XML with entity declarations. Each is
refused here with its file and what was found, before openpyxl or python-docx reads a byte of it;
the limits are data (`config.READ_LIMITS`). The zip's directory gives each part's unpacked size; a
part that unpacks to more than its directory says fails its checksum and is refused too.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from .. import config
from ..errors import Problem

MB = 1_000_000
_ROW = re.compile(rb"<(?:\w+:)?row[\s>/]")
_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_CHUNK = 1 << 20


def _problem(label: str, found: str, expected_vi: str, expected_en: str) -> Problem:
    return Problem(label, None, None, found, expected_vi, expected_en)


def _rows(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> int:
    """The rows of one sheet, counted while unpacking, stopping at the limit (never the whole bomb)."""
    count, carry = 0, b""
    with archive.open(info) as part:
        while chunk := part.read(_CHUNK):
            data = carry + chunk
            cut = max(len(data) - 8, 0)  # a tag cut by the chunk's end is counted with the next chunk
            count += sum(1 for m in _ROW.finditer(data) if m.start() < cut)
            carry = data[cut:]
            if count > limit:
                return count
    return count + len(_ROW.findall(carry))


def container_problem(path: Path, label: str, kind: str) -> Problem | None:
    """None when `path` may be parsed; else the one Problem that says why not.

    Parameters
    ----------
    path : the .xlsx or .docx file.
    label : how the office names it in messages ('monitoring/2026.xlsx').
    kind : a key of `config.READ_LIMITS`: 'form', 'table', 'review' or 'document'.
    """
    limits = config.READ_LIMITS[kind]
    word = "Word .docx" if kind == "document" else "Excel .xlsx"
    damaged = (
        f"một tệp {word} nguyên vẹn: mở bằng {'Word' if kind == 'document' else 'Excel'} "
        "hoặc LibreOffice rồi lưu lại, hoặc lấy lại bản gốc",
        f"an intact {word} file: open and save it again, or get the original",
    )
    try:
        if not zipfile.is_zipfile(path):
            return _problem(label, "không phải tệp nén zip (tệp hỏng, hoặc tệp khác đổi đuôi)", *damaged)
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            unpacked = sum(i.file_size for i in infos)
            if unpacked > limits["unpacked_mb"] * MB:
                return _problem(
                    label,
                    f"{unpacked / MB:,.0f} MB khi giải nén (tệp nén {path.stat().st_size / MB:,.1f} MB)",
                    f"tệp không quá {limits['unpacked_mb']} MB khi giải nén (config.READ_LIMITS)",
                    f"at most {limits['unpacked_mb']} MB unpacked",
                )
            for info in infos:
                if not info.filename.endswith((".xml", ".rels")):
                    continue
                if limits["rows"] and re.fullmatch(r"xl/worksheets/[^/]+\.xml", info.filename):
                    rows = _rows(archive, info, limits["rows"])
                    if rows > limits["rows"]:
                        return _problem(
                            label,
                            f"hơn {limits['rows']:,} dòng ở {info.filename}".replace(",", "."),
                            f"biểu không quá {limits['rows']:,} dòng (config.READ_LIMITS)".replace(",", "."),
                            f"at most {limits['rows']} rows a sheet",
                        )
                if kind == "document":  # python-docx parses with lxml: checked here with defusedxml first
                    fromstring(archive.read(info), forbid_dtd=True)
                else:  # openpyxl parses with defusedxml itself; a declaration is refused before it
                    with archive.open(info) as part:
                        if _DTD.search(part.read(4096)):
                            return _problem(label, f"khai báo DTD/ENTITY trong {info.filename}", *damaged)
    except DefusedXmlException as exc:
        return _problem(label, f"XML không an toàn ({type(exc).__name__})", *damaged)
    except ParseError as exc:
        return _problem(label, f"XML hỏng ({exc})", *damaged)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, NotImplementedError) as exc:
        return _problem(label, f"tệp nén hỏng ({type(exc).__name__}: {exc})", *damaged)
    except PermissionError:
        return _problem(
            label, "tệp đang bị khóa", f"đóng tệp {path.name} rồi chạy lại", f"close {path.name} and run again"
        )
    return None
