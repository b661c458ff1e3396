"""The main job: raw -> clean -> reports, in one short `run()`.

Outputs are written to a temporary folder first and moved into place only when
everything succeeded, so bad input leaves `data/clean/` and `reports/` exactly as
they were.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pandas as pd

from . import config
from .appendices import appendix_workbooks
from .audit import confront, summary
from .charts import audit_chart, communes_chart, progress_chart, save_html
from .excel import save_deterministic
from .load import OBSERVATION_COLUMNS, load_raw
from .reconcile import reconcile
from .targets import gap_table


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    """UTF-8 with BOM so Excel shows Vietnamese intact; '\\n' endings for stable bytes."""
    frame.to_csv(path, index=False, encoding="utf-8-sig", lineterminator="\n")


def _replace_outputs(staging: Path, target: Path) -> list[Path]:
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for src in sorted(p for p in staging.rglob("*") if p.is_file()):
        dest = target / src.relative_to(staging)
        dest.parent.mkdir(parents=True, exist_ok=True)
        os.replace(src, dest)
        written.append(dest)
    return written


def run(raw_dir=None, clean_dir=None, reports_dir=None) -> dict[str, list[Path]]:
    clean_dir = Path(clean_dir) if clean_dir else config.CLEAN_DIR
    reports_dir = Path(reports_dir) if reports_dir else config.REPORTS_DIR

    raw = load_raw(raw_dir)                       # read (raises RawDataError on bad input)
    table = reconcile(raw)                        # process
    findings = confront(raw, table)
    audit_summary = summary(findings)
    gaps = gap_table(raw, table)
    outputs = {
        "clean": {
            "observations.csv": raw.observations[OBSERVATION_COLUMNS],
            "merged.csv": table,
            "audit_findings.csv": findings,
            "audit_summary.csv": audit_summary,
            "gaps_2030.csv": gaps,
        },
    }
    workbooks = appendix_workbooks(raw, table, gaps, findings)
    charts = {
        "charts/tien_do_muc_tieu_2030.html": progress_chart(gaps),
        "charts/hai_xa_cu_va_xa_moi.html": communes_chart(table, raw.observations, raw.communes),
        "charts/kiem_tra_bao_cao.html": audit_chart(audit_summary),
    }
    written = {}
    for area, target in (("clean", clean_dir), ("reports", reports_dir)):
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-staging-", dir=target.parent))
        try:
            for name, frame in outputs.get(area, {}).items():
                write_csv(frame, staging / name)
            if area == "clean":
                shutil.copyfile(Path(__file__).with_name("clean.meta.yaml"), staging / "clean.meta.yaml")
            if area == "reports":
                for name, fig in charts.items():
                    save_html(fig, staging / name, div_id=Path(name).stem)
                for name, wb in workbooks.items():
                    save_deterministic(wb, staging / name)
            written[area] = _replace_outputs(staging, target)   # save
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    written["findings"] = findings
    return written
