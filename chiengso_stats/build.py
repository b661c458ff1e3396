"""Build: the main job, raw -> clean -> reports, in one short `run()`.

Outputs are written to a temporary folder first and moved into place only when
everything succeeded, so bad input leaves `data/clean/` and `reports/` exactly as
they were.
"""

from __future__ import annotations

import ctypes
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

import pandas as pd
from openpyxl import Workbook

from . import config
from .analysis.audit import confront, summary
from .analysis.earlier_years import earlier_year_notices
from .analysis.facts import facts
from .analysis.plausibility import implausible
from .analysis.reconcile import reconcile
from .analysis.targets import gap_table
from .columns import flat_lists
from .errors import OutputLockedError, Problem, RawDataError
from .ingest.form_archive import archive_forms, revisions
from .ingest.raw import OBSERVATION_COLUMNS, load_raw
from .outputs import MANIFEST, check_places
from .publish.appendices import appendix_workbooks
from .publish.chart_html import plotly_js_path, save_html
from .publish.charts import audit_spec, communes_spec, progress_spec, trajectory_spec
from .publish.excel import save_deterministic
from .publish.yearly import annual_workbook, monitored_years


def output_areas(clean_dir: Path, reports_dir: Path) -> dict[str, Path]:
    """The folders a build writes, by the option that names them: each its own, none in the raw folder."""
    return {
        "--clean": Path(clean_dir),
        "--reports": Path(reports_dir),
        "lưu trữ biểu (bên cạnh --clean)": config.archive_dir(clean_dir).parent,  # data/archive/, whole
    }


# A text cell Excel (or Calc) would run as a formula: OWASP's CSV-injection list. A plain number ('-7,96')
# and a lone dash (no data) are no formula and stay as they are, so the analyst's columns keep their values.
_FORMULA_START = re.compile(r"^[=+\-@\t\r]")
_NOT_A_FORMULA = re.compile(r"^(?:[+-]?\d[\d.,]*%?|[-–])$")


def neutralised(value):
    """A text that would start a formula, prefixed with a single quote so that a spreadsheet shows it as text."""
    if isinstance(value, str) and _FORMULA_START.match(value) and not _NOT_A_FORMULA.match(value):
        return "'" + value
    return value


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    """UTF-8 with BOM so Excel shows Vietnamese intact; '\\n' endings for stable bytes; no cell runs as a formula."""
    frame = flat_lists(frame)
    texts = [c for c in frame.columns if not pd.api.types.is_numeric_dtype(frame[c])]
    risky = [c for c in texts if frame[c].astype("str").str.match(_FORMULA_START.pattern).any()]
    if risky:
        frame = frame.assign(**{c: frame[c].map(neutralised) for c in risky})
    frame.to_csv(path, index=False, encoding="utf-8-sig", lineterminator="\n")


def _write(item, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(item, pd.DataFrame):
        write_csv(item, path)
    elif isinstance(item, Workbook):
        save_deterministic(item, path)
    elif isinstance(item, dict):  # a chart's spec: charts/<name>.html share reports/plotly.min.js
        save_html(item, path, div_id=path.stem, plotly_js="../plotly.min.js")
    else:  # a file shipped with the package, copied as is
        shutil.copyfile(item, path)


def _manifest(folder: Path) -> list[str]:
    """The files an earlier build wrote into `folder`, as it listed them; never a path outside it."""
    path = folder / MANIFEST
    if not path.is_file():
        return []
    names = path.read_text(encoding="utf-8").splitlines()
    return [n for n in names if n and not Path(n).is_absolute() and ".." not in Path(n).parts]


def _replaceable(path: Path) -> bool:
    """False when another program holds `path` (Excel locks an open workbook on Windows)."""
    if not path.exists():
        return True
    try:
        with open(path, "r+b"):
            return True
    except PermissionError:
        return False


_RENAME_EXCHANGE, _AT_FDCWD = 2, -100
_LIBC = ctypes.CDLL(None, use_errno=True) if sys.platform.startswith("linux") else None
_UMASK = os.umask(0o022)
os.umask(_UMASK)  # read, then put back: the mode a folder made by hand would get


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one step (Linux renameat2 RENAME_EXCHANGE): a kill leaves one or the other.

    False where the system cannot (not Linux, another filesystem, a mount point): the caller then
    moves file by file, with a backup to roll back to.
    """
    renameat2 = getattr(_LIBC, "renameat2", None)
    if renameat2 is None:
        return False
    return renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0


def _carry(target: Path, staging: Path, theirs: set[str]) -> None:
    """Put into `staging` every file of `target` the build did not write (the office's own, the notebooks'
    HTML, the PDFs), hard-linked where the filesystem allows, so the swapped-in folder still has them."""
    if not target.is_dir():
        return
    for path in sorted(target.rglob("*")):
        if path == staging or staging in path.parents or path.name.startswith(f".{target.name}-"):
            continue  # the staging and backup folders of a mount point sit inside it
        name = path.relative_to(target).as_posix()
        dest = staging / name
        if path.is_dir() and not path.is_symlink():
            dest.mkdir(parents=True, exist_ok=True)
        elif name not in theirs and not dest.exists():
            dest.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(path, dest, follow_symlinks=False)
            except OSError:
                shutil.copy2(path, dest, follow_symlinks=False)


def _swap_files(plans: list[tuple[Path, Path, list[str], list[str]]]) -> None:
    """Move every staged file into place and remove the stale ones an earlier build wrote: all or nothing.

    `plans`: (staging folder, target folder, stale names, the build's names). A failure half-way (a file
    locked after the check, another filesystem, a full disk: any OSError) moves every file back as it
    was. Each area's backup sits beside it, on its own filesystem.
    """
    moves = [(staging / name, target / name) for staging, target, _, names in plans for name in names]
    stale = [target / name for _, target, names, _ in plans for name in names if (target / name).is_file()]
    backups = {
        target: Path(tempfile.mkdtemp(prefix=f".{target.name}-before-", dir=_beside(target)))
        for _, target, _, _ in plans
    }
    done: list[tuple[Path, Path | None]] = []
    try:
        for path in [dest for _, dest in moves] + stale:
            area = next(t for _, t, _, _ in plans if path.is_relative_to(t))
            kept = None
            if path.exists():
                kept = backups[area] / str(len(done))
                os.replace(path, kept)
            done.append((path, kept))
        for src, dest in moves:
            dest.parent.mkdir(parents=True, exist_ok=True)
            os.replace(src, dest)
    except OSError as exc:
        for dest, kept in reversed(done):  # every output back as it was
            if dest.exists():
                dest.unlink()
            if kept is not None:
                os.replace(kept, dest)
        if isinstance(exc, PermissionError):
            raise OutputLockedError([Path(exc.filename)] if exc.filename else [p for _, p in moves]) from exc
        raise
    finally:
        for folder in backups.values():
            shutil.rmtree(folder, ignore_errors=True)


def _swap(plans: list[tuple[Path, Path, list[str], list[str]]]) -> None:
    """Each staged area takes its target's place in one step where the system can; else file by file.

    An area whose target is a mount point, or a system without the one-step exchange (Windows),
    is moved file by file (`_swap_files`); any failure puts every area back as it was.
    """
    locked = [target / n for _, target, stale, names in plans for n in [*names, *stale] if not _replaceable(target / n)]
    if locked:
        raise OutputLockedError(locked)
    swapped, rest = [], []
    try:
        for staging, target, stale, names in plans:
            if not target.exists():
                os.rename(staging, target)
                swapped.append((None, target))
            elif _exchange(staging, target):
                swapped.append((staging, target))
            else:
                rest.append((staging, target, stale, names))
        if rest:
            _swap_files(rest)
    except BaseException:
        for staging, target in reversed(swapped):  # the areas already swapped go back
            if staging is None:
                shutil.rmtree(target, ignore_errors=True)  # it did not exist before this build
            else:
                _exchange(staging, target)
        raise


def _yearly_tables(raw, table, gaps, merged_ids: list[str], review: pd.DataFrame, revised) -> dict[str, Workbook]:
    """theo_doi_nam_<year>.xlsx for each year the new commune has figures for, progress as of that year.

    Each year is computed once for all merged communes; `gaps` (progress with every year) serves the
    year that is the last one in the merged table.
    """
    every = raw.merged_ids
    years = {m: monitored_years(raw, m) for m in merged_ids}
    single = table.period[table.period.str.fullmatch(r"\d{4}")].astype(int)
    as_of = {int(single.max()): gaps} if len(single) else {}
    books = {}
    for m in merged_ids:
        for year in years[m]:
            if year not in as_of:
                as_of[year] = gap_table(raw, table, as_of=year, review=review)
            mine = as_of[year][as_of[year].commune_id == m]
            books[f"theo_doi_nam_{year}{_suffix(m, every)}.xlsx"] = annual_workbook(
                raw, table, mine, m, year, revised[revised.commune_id == m]
            )
    return books


def reported_mergers(raw, communes: list[str] | None = None) -> list[str]:
    """The merged communes that get their own appendix, charts and yearly tables.

    All of them, up to `config.REPORTS_PER_MERGER_LIMIT`; above it (a country), none unless
    asked for: the tables in data/clean/ still cover every commune.
    """
    every = raw.merged_ids
    if communes:
        unknown = sorted(set(communes) - set(every))
        if unknown:
            raise RawDataError(
                [
                    Problem(
                        "communes.csv",
                        None,
                        "commune_id",
                        ", ".join(unknown),
                        f"mã một xã mới (role=merged), ví dụ {', '.join(every[:3])}",
                        "the id of a merged commune",
                    )
                ]
            )
        return sorted(set(communes))
    return every if len(every) <= config.REPORTS_PER_MERGER_LIMIT else []


def _suffix(merged_id: str, merged_ids: list[str]) -> str:
    """One merged commune keeps the plain file names; several get their id appended."""
    return "" if len(merged_ids) == 1 else f"_{merged_id}"


def _charts(raw, table, gaps, audit_summary, merged_ids: list[str]) -> dict:
    """The charts of each merged commune in `merged_ids`, and the audit chart."""
    every = raw.merged_ids
    names = dict(zip(raw.communes.commune_id, raw.communes.name_vi))
    charts = {"plotly.min.js": plotly_js_path(), "charts/kiem_tra_bao_cao.html": audit_spec(audit_summary)}
    for m in merged_ids:
        mine, s = gaps[gaps.commune_id == m], _suffix(m, every)
        charts[f"charts/tien_do_muc_tieu_2030{s}.html"] = progress_spec(mine, names[m])
        charts[f"charts/xa_cu_va_xa_moi{s}.html"] = communes_spec(table, raw.observations, raw.communes, merged_id=m)
        charts[f"charts/theo_doi_hang_nam{s}.html"] = trajectory_spec(mine, table)
    return charts


def _beside(target: Path) -> Path:
    """Where an area's staging and backup folders go: beside it, on its own filesystem.

    A mount point (a container's volume, `/dev/shm`) has its parent on another filesystem: its
    staging goes inside it, and it is swapped file by file.
    """
    return target if os.path.ismount(target) else target.parent


def _leftovers(target: Path) -> None:
    """Remove what a build killed half-way left beside `target`: its staging folders and backups."""
    for pattern in (f".{target.name}-staging-*", f".{target.name}-before-*"):
        for folder in _beside(target).glob(pattern):
            shutil.rmtree(folder, ignore_errors=True)


def _save(outputs: dict[str, tuple[Path, dict]]) -> dict[str, list[Path]]:
    """Write every output into a staging folder beside its area, then swap them in with the area's manifest.

    A file an earlier build wrote and this one does not (the yearly table of a form since removed)
    is removed; a file the build never wrote (a template, an office's own file, the notebooks' HTML)
    is carried over untouched. Each area is staged on its own filesystem, so no move crosses one.
    """
    staged, written = {}, {}
    try:
        plans = []
        for area, (target, files) in outputs.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            _leftovers(target)
            staged[area] = Path(tempfile.mkdtemp(prefix=f".{target.name}-staging-", dir=_beside(target)))
            # mkdtemp makes a private folder (0700); the swapped-in area keeps the mode the folder had
            os.chmod(staged[area], target.stat().st_mode & 0o7777 if target.is_dir() else 0o777 & ~_UMASK)
            for name, item in files.items():
                _write(item, staged[area] / name)
            names = sorted({*files, MANIFEST})
            (staged[area] / MANIFEST).write_text("".join(f"{n}\n" for n in names), encoding="utf-8", newline="\n")
            earlier = set(_manifest(target))
            stale = sorted(earlier - set(names))
            _carry(target, staged[area], earlier | set(names))
            plans.append((staged[area], target, stale, names))
            written[area] = [target / name for name in sorted(files)]
        _swap(plans)
    finally:
        for folder in staged.values():  # after an exchange, the staging folder holds the old outputs
            shutil.rmtree(folder, ignore_errors=True)
    return written


def run(raw_dir=None, clean_dir=None, reports_dir=None, communes: list[str] | None = None) -> dict[str, list[Path]]:
    clean_dir = Path(clean_dir) if clean_dir else config.CLEAN_DIR
    reports_dir = Path(reports_dir) if reports_dir else config.REPORTS_DIR
    check_places(config.resolve(raw_dir), output_areas(clean_dir, reports_dir))  # before anything is read

    raw = load_raw(raw_dir)  # read (raises RawDataError on bad input)
    table = reconcile(raw)  # process
    findings = confront(raw, table)
    audit_summary = summary(findings)
    review = implausible(raw, table)  # figures to check first, handed to every judgement
    gaps = gap_table(raw, table, review=review)
    reported = reported_mergers(raw, communes)
    archive = config.archive_dir(clean_dir)
    revised = revisions(raw, archive)  # every form version read before, against the forms read now
    yearly = _yearly_tables(raw, table, gaps, reported, review, revised)
    outputs = {
        "clean": (
            clean_dir,
            {
                "observations.csv": raw.observations[OBSERVATION_COLUMNS],
                "sources.csv": raw.sources,
                "merged.csv": table,
                "audit_findings.csv": findings,
                "audit_summary.csv": audit_summary,
                "gaps_2030.csv": gaps,
                "facts.csv": facts(gaps, table),  # the table of facts every paper renders
                "figures_to_check.csv": review,
                "revisions.csv": revised,
                "clean.meta.yaml": Path(__file__).with_name("clean.meta.yaml"),
            },
        ),
        "reports": (
            reports_dir,
            {
                **_charts(raw, table, gaps, audit_summary, reported),
                **appendix_workbooks(raw, table, gaps, findings, reported),
                **yearly,
            },
        ),
    }
    written = _save(outputs)
    written["archived"] = archive_forms(raw, config.resolve(raw_dir), archive)  # write-once, after the swap
    written["revisions"] = revised
    written["indicator_names"] = raw.indicators.set_index("indicator_id").name_vi
    written["reported"] = reported
    written["mergers"] = len(raw.merged_ids)
    written["findings"] = findings
    written["gaps"] = gaps
    written["review"] = review
    written["notices"] = [*raw.notices, *earlier_year_notices(raw, table)]
    written["unverified"] = int(
        (~raw.observations.verified).sum() + (~raw.targets.verified).sum() + (~raw.resolution_results.verified).sum()
    )
    return written
