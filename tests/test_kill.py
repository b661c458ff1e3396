"""Issue 28.4: the kill test. A build killed at a random point leaves every output folder as it was, or new.

The outputs of a build on the 2026 example form are the old bytes; the 2027 form is added and the
build run again in a process of its own, killed (SIGKILL: no handler, no clean-up) after a random
delay, 20 times (seeded), each rename slowed as on a USB stick. After each kill, `clean/` and `reports/` each hold exactly the old files
or exactly the new ones: each area is swapped in by one rename (Linux renameat2 RENAME_EXCHANGE).
The next build removes what a killed one left beside the areas.
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import FIXTURES

EXAMPLES = FIXTURES / "theo_doi_vi_du"
TRIALS = 20


def _snapshot(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


# The program on a slow disk (a USB stick, a network share): every rename takes 50 ms, so that moving
# files one by one takes seconds, long enough for a random kill to land in it.
SLOW_DISK = """
import os, sys, time
real = os.replace
os.replace = lambda *a, **k: (time.sleep(0.05), real(*a, **k))[1]
from chiengso_stats.cli import command
sys.argv = ["chiengso-stats", *sys.argv[1:]]
sys.exit(command())
"""


def _build(raw: Path, clean: Path, reports: Path) -> subprocess.Popen:
    argv = [sys.executable, "-c", SLOW_DISK, "--raw", str(raw), "--clean", str(clean), "--reports", str(reports)]
    return subprocess.Popen([*argv, "build"], cwd=raw.parent, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def test_a_build_killed_at_a_random_point_leaves_each_area_old_or_new(raw_copy, tmp_path):
    (raw_copy / "monitoring").mkdir(exist_ok=True)
    shutil.copy(EXAMPLES / "2026.xlsx", raw_copy / "monitoring" / "2026.xlsx")
    saved, work = tmp_path / "saved", tmp_path / "out"
    assert _build(raw_copy, saved / "clean", saved / "reports").wait(timeout=300) == 0
    (saved / "reports" / "ghi_chu_van_phong.txt").write_text("của văn phòng", encoding="utf-8")  # not the build's
    old = {area: _snapshot(saved / area) for area in ("clean", "reports")}

    shutil.copy(EXAMPLES / "2027.xlsx", raw_copy / "monitoring" / "2027.xlsx")  # the next build changes them
    shutil.copytree(saved, work, dirs_exist_ok=True)
    start = time.perf_counter()
    assert _build(raw_copy, work / "clean", work / "reports").wait(timeout=300) == 0
    duration = time.perf_counter() - start
    new = {area: _snapshot(work / area) for area in ("clean", "reports")}
    assert new["clean"] != old["clean"] and new["reports"] != old["reports"]
    assert "theo_doi_nam_2027.xlsx" in new["reports"] and new["reports"]["ghi_chu_van_phong.txt"]

    rng = random.Random(28)
    outcomes = []
    for _ in range(TRIALS):
        shutil.rmtree(work)
        shutil.copytree(saved, work)
        process = _build(raw_copy, work / "clean", work / "reports")
        time.sleep(rng.uniform(0.3, 1.0) * duration)  # the first third is imports: nothing is written then
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        seen = []
        for area in ("clean", "reports"):
            now = _snapshot(work / area)
            assert now in (old[area], new[area]), (area, sorted(set(now) ^ set(new[area])))
            seen.append("new" if now == new[area] else "old")
        outcomes.append(tuple(seen))
    print(sorted(set(outcomes)), duration)  # which states the kills left, and the build's duration

    assert _build(raw_copy, work / "clean", work / "reports").wait(timeout=300) == 0
    assert {area: _snapshot(work / area) for area in ("clean", "reports")} == new
    assert sorted(p.name for p in work.iterdir()) == ["archive", "clean", "reports"]  # no staging left
    assert os.listdir(work / "archive" / "monitoring")
