"""Proposals measured against figures typed by hand (issue 20), on our report and on the example.

    .venv/bin/python benchmarks/bench_propose.py        (or: make bench)

Definitions in chiengso_stats/ingest/proposal_score.py. Not part of the test suite.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import pandas as pd

from chiengso_stats import config, load_raw, propose
from chiengso_stats.ingest.documents import document_text
from chiengso_stats.ingest.proposal_score import score, score_truth
from chiengso_stats.publish.office import to_pdf
from chiengso_stats.text import normalise

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "tests" / "fixtures" / "xa_vi_du"
GOALS = {"recall": 0.95, "precision": 0.90, "indicator": 0.85, "comparator": 0.90}


def _print(name: str, s: dict, seconds: float, recall_goal: float = 0.95) -> None:
    print(f"{name}: {s['proposals']} đề xuất / proposals, {seconds:.2f} s")
    counts = {
        "recall": (s["found"], s["hand_rows"]),
        "precision": (s["right"], s["proposals"]),
        "indicator": s["indicator_counts"],
        "comparator": s["comparator_counts"],
    }
    for key, goal in {**GOALS, "recall": recall_goal}.items():
        met = "đạt / met" if s[key] >= goal else "chưa đạt / not met"
        right, of = counts[key]
        print(f"  {key:<11} {right:>3}/{of:<3} = {s[key]:6.1%}  (mục tiêu / goal ≥ {goal:.0%})  {met}")
    for what in ("missed", "wrong", "wrong_indicator", "wrong_comparator"):
        for row in s[what]:
            print(f"    {what}: " + " | ".join(str(x)[:90] for x in row))


def main() -> None:
    raw = load_raw()
    report = config.RAW_DIR / "bao_cao_chinh_tri_chieng_so_2025-2030.txt"
    start = time.perf_counter()
    proposals = propose(report, raw)
    seconds = time.perf_counter() - start
    extras = pd.read_csv(ROOT / "tests" / "fixtures" / "proposals" / "genuine_extras_chieng_so.csv")
    text = normalise(document_text(report))
    _print("Chiềng Sơ (.txt)", score(proposals, raw.observations, raw.targets, text, extras), seconds)
    # the same report as a PDF LibreOffice prints from the .txt: the reading of a PDF on a long text
    with tempfile.TemporaryDirectory() as folder:
        pdf = to_pdf([report], Path(folder))[0]
        start = time.perf_counter()
        proposals = propose(pdf, raw)
        seconds = time.perf_counter() - start
        text = normalise(document_text(pdf))
        _print("Chiềng Sơ (.pdf in từ .txt)", score(proposals, raw.observations, raw.targets, text, extras), seconds)
    truth_file = EXAMPLE / "expected_figures.csv"
    if not truth_file.exists():
        print("Ví dụ Phiêng Khoai: chưa có / the second example is not in this tree")
        return
    truth = pd.read_csv(truth_file, encoding="utf-8-sig", dtype={"value": float})
    for ext, goal in (("docx", 0.95), ("pdf", 0.90)):
        start = time.perf_counter()
        proposals = propose(EXAMPLE / f"bao_cao_chinh_tri_phieng_khoai_vi_du.{ext}", raw)
        _print(f"Phiêng Khoai VÍ DỤ (.{ext})", score_truth(proposals, truth), time.perf_counter() - start, goal)


if __name__ == "__main__":
    main()
