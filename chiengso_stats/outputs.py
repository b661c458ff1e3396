"""Shared: where an output may be written (one guard for every command and option) and how a file is written.

Every folder option (`--clean`, `--reports`, the archive of forms beside the clean folder) and every
file option (`--out`, `export_appendices`' folder) is checked here once, before anything is written:
never into the raw folder, never two output areas in one folder (one area, one manifest: a later build
removes only what its own manifest lists, so two areas in one folder would remove each other's files),
never a file into another output area (the clean folder, the archive of forms, or what the build and its
commands write in the reports folder: a later build would replace it, or two papers would disagree),
never a file where a folder is and never a folder where a file is. A single file is written to a temporary file in its own
folder, then renamed over the old one: an interrupted write leaves the old file or the new, never half.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from fnmatch import fnmatch
from pathlib import Path

from . import config
from .errors import OutputLockedError, OutputPlaceError

_IN_RAW = "Không ghi vào thư mục dữ liệu gốc {raw}: chọn chỗ khác (dữ liệu gốc không bao giờ bị ghi đè)"
# The build's own list of the files it wrote into a folder: what a later build may remove, and nothing else.
MANIFEST = ".chiengso_stats_outputs.txt"
# What the build and its commands write in the reports folder (a folder ends with '/'): the appendices, the
# yearly tables, the charts and their script, `pdf`'s PDFs, `notebooks`' runs. A file of the office's own
# beside them (a template, a Word report, a review workbook) is carried over by every build.
REPORTS_OWNED = ("charts/", "pdf/", "notebooks/", "phu_luc_*.xlsx", "theo_doi_nam_*.xlsx", "plotly.min.js", MANIFEST)
_WHOLE = ("*",)


def owned_areas(clean_dir: str | Path, reports_dir: str | Path) -> dict[str, tuple[str, Path, tuple[str, ...]]]:
    """The output areas a file option may not write into: {option: (the folder's name, folder, what is owned)}.

    The clean folder and the archive of forms (`data/archive/`, beside the clean folder) are the build's
    whole; in the reports folder, only `REPORTS_OWNED`.
    """
    return {
        "--clean": ("thư mục dữ liệu sạch", Path(clean_dir), _WHOLE),
        "bên cạnh --clean": ("thư mục lưu trữ biểu", config.archive_dir(clean_dir).parent, _WHOLE),
        "--reports": ("thư mục báo cáo", Path(reports_dir), REPORTS_OWNED),
    }


def _owned_message(option: str, what: str, folder: Path, patterns: tuple[str, ...]) -> tuple[str, str]:
    """(Vietnamese, English) of a file option pointing into an output area of the build."""
    if patterns == _WHOLE:
        vi, en = f"nằm trong {what} {folder} ({option})", f"inside the build's folder {folder} ({option})"
    else:
        shown = ", ".join(p for p in patterns if p != MANIFEST)
        vi, en = f"là chỗ lệnh build ghi trong {what} {folder} ({option}: {shown})", f"where the build writes ({shown})"
    return (
        f"{vi}, nơi lệnh build ghi kết quả: chọn chỗ khác (lần chạy build sau sẽ ghi đè, hoặc hai bản kết quả "
        "khác nhau)",
        f"{en}: choose another place",
    )


def _owned(path: Path, folder: Path, patterns: tuple[str, ...]) -> bool:
    if not _inside(path, folder):
        return False
    parts = path.relative_to(folder).parts
    if patterns == _WHOLE or not parts:
        return True
    if len(parts) > 1:
        return f"{parts[0]}/" in patterns
    return any(fnmatch(parts[0], p) for p in patterns if not p.endswith("/"))


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or path.is_relative_to(folder)


def check_places(
    raw_dir: Path,
    areas: dict[str, Path],
    files: dict[str, Path] | None = None,
    owned: dict[str, tuple[str, Path, tuple[str, ...]]] | None = None,
) -> None:
    """Raise OutputPlaceError naming every option that would write where it must not.

    Parameters
    ----------
    raw_dir : the raw folder, never written.
    areas : output folders by option name ('--clean', '--reports', '--out', …): none inside the raw
        folder, none inside another (or the same), none an existing file.
    files : output files by option name ('--out'): none inside the raw folder, none an existing folder,
        none in an area of `owned`.
    owned : the output areas no file option writes into, from `owned_areas`.
    """
    raw = Path(raw_dir).resolve()
    found: list[tuple[str, str, str, str]] = []  # option, path, what is wrong (vi), (en)
    resolved = {name: Path(p).resolve() for name, p in areas.items()}
    for name, path in resolved.items():
        if _inside(path, raw):
            found.append((name, str(path), _IN_RAW.format(raw=raw), "inside the raw folder"))
        elif path.exists() and not path.is_dir():
            found.append((name, str(path), "là một tệp, không phải thư mục", "a file, not a folder"))
    names = list(resolved)
    for k, a in enumerate(names):
        for b in names[k + 1 :]:
            pa, pb = resolved[a], resolved[b]
            if _inside(pa, pb) or _inside(pb, pa):
                found.append(
                    (
                        f"{a} và {b}",
                        f"{pa} / {pb}",
                        "hai vùng kết quả chung một thư mục (mỗi vùng một thư mục riêng)",
                        "two output areas share a folder (give each its own folder)",
                    )
                )
    for name, p in (files or {}).items():
        path = Path(p).resolve()
        area = next(
            (
                (option, what, f.resolve(), patterns)
                for option, (what, f, patterns) in (owned or {}).items()
                if _owned(path, f.resolve(), patterns)
            ),
            None,
        )
        if _inside(path, raw):
            found.append((name, str(path), _IN_RAW.format(raw=raw), "inside the raw folder"))
        elif area is not None:
            found.append((name, str(path), *_owned_message(*area)))
        elif path.is_dir():
            found.append((name, str(path), "là một thư mục, cần tên một tệp", "a folder: give a file name"))
        elif path.parent.exists() and not path.parent.is_dir():
            found.append((name, str(path), f"{path.parent} là một tệp", f"{path.parent} is a file"))
    if found:
        raise OutputPlaceError(found)


def atomic_write(path: str | Path, write: Callable[[Path], object]) -> Path:
    """`write(temporary path)` in the folder of `path`, then rename it to `path` (atomic on one filesystem).

    The temporary name keeps the suffix, so a writer that looks at it (python-docx, openpyxl) is not
    confused; on any failure it is removed and the old file stays as it was.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=f".tmp{path.suffix}", dir=path.parent)
    os.close(fd)
    try:
        write(Path(tmp))
        # mkstemp makes the file readable by its owner only; an output is shared like any file saved here
        os.chmod(tmp, shared_mode())
        try:
            os.replace(tmp, path)
        except PermissionError as exc:  # Windows: the file is open in Excel or Word
            raise OutputLockedError([path]) from exc
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def shared_mode() -> int:
    """The mode a new file gets here (0o666 less the process's umask: 0o644 under the usual 022)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask
