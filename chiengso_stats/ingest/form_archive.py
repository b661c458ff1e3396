"""Ingest: every yearly form ever read, kept write-once by its checksum, and the revisions between its versions.

When the office replaces `2027.xlsx` (the official figures after an estimate), the build reads the
new file; the old one is kept in the archive (`data/archive/monitoring/` beside the clean folder,
never in `data/raw/`), named by its sha256 like an Our World in Data snapshot, with one row per
version in `versions.csv` and one per figure in `figures.csv`. Nothing in the archive is ever
rewritten: a version is added once, and the two lists only grow.

`revisions` compares, per commune, year and indicator, each version with the one before it, in the
order the build first read them; the versions read now come last. Which versions the archive holds
is all it depends on, so two builds of the same forms give the same table.
"""

from __future__ import annotations

import math
import os
import re
import shutil
import tempfile
from itertools import pairwise
from pathlib import Path

import pandas as pd

from ..outputs import atomic_write
from ..text import date_words
from .forms import FOLDER, STATUS_VI
from .sources import sha256_of

VERSIONS, FIGURES = "versions.csv", "figures.csv"
VERSION_COLUMNS = ["sha256", "file", "commune_id", "year", "date", "source_id"]
FIGURE_COLUMNS = ["sha256", "indicator_id", "value", "value_as_printed", "obs_status"]
REVISION_COLUMNS = [
    "commune_id",
    "year",
    "indicator_id",
    "old_value",
    "new_value",
    "old_as_printed",
    "new_as_printed",
    "old_status",
    "new_status",
    "old_file",
    "old_date",
    "old_sha256",
    "new_file",
    "new_date",
    "new_sha256",
    "since_last_report",
]


def _read(path: Path, columns: list[str]) -> pd.DataFrame:
    if not path.is_file():
        return pd.DataFrame(columns=columns)
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    return frame[columns]


def current_forms(raw) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(versions, figures) of the forms read now, from the registry and the observations load_raw made."""
    reg = raw.sources[raw.sources.file.fillna("").astype(str).str.startswith(f"{FOLDER}/")]
    obs = raw.observations[raw.observations.source_id.isin(reg.source_id)]
    if "superseded_by" in obs.columns:
        obs = obs[obs.superseded_by.eq("")]
    first = obs.groupby("source_id").first()
    versions = pd.DataFrame(
        {
            "sha256": reg.sha256.values,
            "file": reg.file.str.removeprefix(f"{FOLDER}/").values,
            "commune_id": reg.source_id.map(first.commune_id).fillna("").values,
            "year": reg.source_id.map(first.period).fillna("").values,
            "date": reg.date.values,
            "source_id": reg.source_id.values,
        },
        columns=VERSION_COLUMNS,
    )
    sha = dict(zip(reg.source_id, reg.sha256))
    status = obs.obs_status.fillna("") if "obs_status" in obs.columns else pd.Series("", index=obs.index)
    figures = pd.DataFrame(
        {
            "sha256": obs.source_id.map(sha).values,
            "indicator_id": obs.indicator_id.values,
            "value": [repr(float(v)) for v in obs.value],
            "value_as_printed": obs.value_as_printed.values,
            "obs_status": status.values,
        },
        columns=FIGURE_COLUMNS,
    )
    return versions, figures


def revisions(raw, archive_dir: Path | None) -> pd.DataFrame:
    """Every change of a form's figure (value or status) between one version and the next.

    Returns
    -------
    DataFrame
        One row per change: ``commune_id``, ``year`` (int), ``indicator_id``, ``old_value`` and
        ``new_value`` (float, the indicator's unit; NaN where the version gave none), their printed
        forms, ``old_status`` and ``new_status`` (SDMX OBS_STATUS: E ước thực hiện, P sơ bộ, A chính
        thức; '' not given), the file name, date ('Ngày lập') and sha256 of each version, and
        ``since_last_report``: true where the new version is the form read now (what the yearly table
        and the Word report list).
    """
    now_versions, now_figures = current_forms(raw)
    folder = Path(archive_dir) if archive_dir else None
    old_versions = _read(folder / VERSIONS, VERSION_COLUMNS) if folder else pd.DataFrame(columns=VERSION_COLUMNS)
    old_figures = _read(folder / FIGURES, FIGURE_COLUMNS) if folder else pd.DataFrame(columns=FIGURE_COLUMNS)
    current = set(now_versions.sha256)
    old_versions = old_versions[~old_versions.sha256.isin(current)].drop_duplicates("sha256")
    versions = pd.concat([old_versions, now_versions], ignore_index=True)
    versions["order"] = range(len(versions))
    figures = pd.concat([old_figures[old_figures.sha256.isin(old_versions.sha256)], now_figures], ignore_index=True)
    both = figures.merge(versions, on="sha256").sort_values("order", kind="stable")
    rows = []
    for (commune, year, indicator), g in both.groupby(["commune_id", "year", "indicator_id"], sort=True):
        for old, new in pairwise(g.itertuples()):
            a, b = float(old.value), float(new.value)
            if (math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12) or (math.isnan(a) and math.isnan(b))) and (
                old.obs_status == new.obs_status
            ):
                continue
            rows.append(
                [
                    commune,
                    int(year),
                    indicator,
                    a,
                    b,
                    old.value_as_printed,
                    new.value_as_printed,
                    old.obs_status,
                    new.obs_status,
                    old.file,
                    old.date,
                    old.sha256,
                    new.file,
                    new.date,
                    new.sha256,
                    new.sha256 in current,
                ]
            )
    return pd.DataFrame(rows, columns=REVISION_COLUMNS)


def revision_lines(revised: pd.DataFrame, names: dict[str, str], paper: bool = False) -> list[str]:
    """One sentence per figure revised since the last report, as the office reads it (Vietnamese).

    `paper`: for a paper sent upward (the yearly table, the Word report): no file names, dates in words,
    and a figure whose status alone changed said as such ("6, nay là số chính thức (trước là số ước thực
    hiện)"); the build's lines keep each version's file and date for the office.
    """
    lines = []
    for r in revised[revised.since_last_report].itertuples():
        name = f"{names.get(r.indicator_id, r.indicator_id)} năm {r.year}"
        old_label, new_label = STATUS_VI.get(r.old_status, "").lower(), STATUS_VI.get(r.new_status, "").lower()
        if paper:
            when = date_words(str(r.new_date))
            if r.old_as_printed == r.new_as_printed:  # the same figure, now of another status
                was = f" (trước là số {old_label})" if old_label else ""
                lines.append(f"{name}: {r.new_as_printed}, nay là số {new_label or 'đã sửa'}{was}, {when}.")
                continue
            lines.append(
                f"{name}: {r.old_as_printed}" + (f" ({old_label})" if old_label else "") + f" sửa thành "
                f"{r.new_as_printed} (" + (f"{new_label}, " if new_label else "") + f"{when})."
            )
            continue

        def said(printed: str, label: str, file: str, date: str) -> str:
            day = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", str(date))
            when = f"ngày {day[3]}/{day[2]}/{day[1]}" if day else f"năm {date}"  # as the office writes a date
            return f"{printed} (" + (f"{label}, " if label else "") + f"biểu {file} {when})"

        if r.old_as_printed == r.new_as_printed:  # the same figure, now of another status: no "sửa thành 6"
            lines.append(
                f"{name}: {said(r.new_as_printed, new_label, r.new_file, r.new_date)}, số không đổi, nay là số "
                f"{new_label or 'đã sửa'} (trước là {said(r.old_as_printed, old_label, r.old_file, r.old_date)})."
            )
            continue
        lines.append(
            f"{name}: {said(r.old_as_printed, old_label, r.old_file, r.old_date)} sửa thành "
            f"{said(r.new_as_printed, new_label, r.new_file, r.new_date)}."
        )
    return lines


def archive_forms(raw, raw_dir: Path, archive_dir: Path) -> list[Path]:
    """Keep every form read now that the archive does not hold yet: `<sha256>.xlsx`, read-only, never rewritten.

    The file is copied to a temporary name in the archive, checked against its checksum, then
    renamed; `versions.csv` and `figures.csv` are rewritten whole, with the new rows after the old
    ones, through a temporary file. Returns the files added.
    """
    versions, figures = current_forms(raw)
    if versions.empty:
        return []
    archive_dir = Path(archive_dir)
    kept_versions = _read(archive_dir / VERSIONS, VERSION_COLUMNS)
    new = versions[~versions.sha256.isin(kept_versions.sha256)]
    if new.empty:
        return []
    archive_dir.mkdir(parents=True, exist_ok=True)
    added = []
    for v in new.itertuples():
        dest = archive_dir / f"{v.sha256}{Path(v.file).suffix.lower()}"
        if not dest.exists() and _copy_once(Path(raw_dir) / FOLDER / v.file, dest, v.sha256):
            added.append(dest)
    kept_figures = _read(archive_dir / FIGURES, FIGURE_COLUMNS)
    _append(archive_dir / FIGURES, kept_figures, figures[figures.sha256.isin(new.sha256)])
    _append(archive_dir / VERSIONS, kept_versions, new)  # last: a version listed has its figures
    return added


def _copy_once(src: Path, dest: Path, sha256: str) -> bool:
    """Copy `src` to `dest` whole, read-only; False (nothing kept) when the file changed since it was read."""
    fd, tmp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=dest.parent)
    os.close(fd)
    try:
        shutil.copyfile(src, tmp)
        if sha256_of(Path(tmp)) != sha256:  # saved again by the office while the build ran: next build
            return False
        os.chmod(tmp, 0o444)
        os.replace(tmp, dest)
        return True
    finally:
        Path(tmp).unlink(missing_ok=True)


def _append(path: Path, old: pd.DataFrame, new: pd.DataFrame) -> None:
    table = pd.concat([old, new], ignore_index=True)
    atomic_write(path, lambda tmp: table.to_csv(tmp, index=False, encoding="utf-8-sig", lineterminator="\n"))
