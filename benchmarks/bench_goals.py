"""The figures of the performance issues, each beside its goal, measured in one run.

    .venv/bin/python benchmarks/bench_goals.py            (or: make bench)
    .venv/bin/python benchmarks/bench_goals.py --no-tests (the same, without timing the test suite)

Not part of the test suite. Prints "đạt / met" or "chưa đạt / not met" for each goal; a figure not
measured yet says so rather than guessing. The six goals of the first performance issue come first,
then the four of the "fast first run, fast tests" issue (A-D), where "before" and "after" are
measured side by side in this run wherever both can be: imports without and with the installed
bytecode, notebooks one at a time and side by side.
"""

from __future__ import annotations

import importlib.util
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

BIN = Path(sys.executable).parent
ROOT = Path(__file__).resolve().parent.parent


def _seconds(cmd: list[str], env: dict | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, env=env)
    return time.perf_counter() - start


def _line(number: int | str, what: str, value: str, goal: str, met: bool | None) -> None:
    verdict = {True: "đạt / met", False: "chưa đạt / not met", None: "chưa đo / not measured"}[met]
    print(f"{number}. {what:<46} {value:>22}   mục tiêu / goal {goal:<20} {verdict}")


# The package as it was before the issue "fast first run, fast tests" made the build faster: built side by
# side with today's, from the same raw data, in the same environment.
BEFORE = "b42db79"
# What the program runs (chiengso-stats is `cli.command`), for a package found first on sys.path.
PROGRAM = "import sys; sys.path.insert(0, sys.argv.pop(1)); from chiengso_stats.cli import command; sys.exit(command())"


def package_before(out: Path) -> Path | None:
    """The package at commit BEFORE, compiled like an install; None outside a git clone that has it."""
    folder = out / "before"
    folder.mkdir()
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", BEFORE, "chiengso_stats"], capture_output=True, check=False
    )
    if archive.returncode:
        return None
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive.stdout, check=True)
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(folder / "chiengso_stats")], check=True)
    return folder


def build_ratio(out: Path, runs: int = 7) -> tuple[float, float, float, float | None]:
    """Medians of interleaved runs: the build, `import pandas, openpyxl`, the build's own imports (pandera
    too), which no build can beat, and the build of the package at commit BEFORE (None without it)."""
    before_package = package_before(out)
    args = ["build", "--raw", str(ROOT / "data" / "raw"), "--clean", str(out / "c"), "--reports", str(out / "r")]
    build, imports, floor, before = [], [], [], []
    for _ in range(runs):
        build.append(_seconds([str(BIN / "chiengso-stats"), *args]))
        imports.append(_seconds([sys.executable, "-c", "import pandas, openpyxl"]))
        floor.append(_seconds([sys.executable, "-c", "import pandas, openpyxl, pandera.pandas"]))
        if before_package:
            before.append(_seconds([sys.executable, "-c", PROGRAM, str(before_package), *args]))
    median = statistics.median
    return median(build), median(imports), median(floor), (median(before) if before else None)


def stage_runs(out: Path) -> int:
    """How many times one build runs the merge (stage 3): it should be once."""
    import chiengso_stats.analysis.reconcile as reconcile
    from chiengso_stats.build import run

    calls = []
    original = reconcile.merge_long
    reconcile.merge_long = lambda raw: calls.append(1) or original(raw)
    try:
        run(None, out / "c1", out / "r1")
    finally:
        reconcile.merge_long = original
    return len(calls)


def warm_call() -> float:
    """The slowest second call of merged, audit and gaps_2030 on unchanged files, in seconds."""
    import chiengso_stats as cs

    worst = 0.0
    for call in (cs.merged, cs.audit, cs.gaps_2030):
        call()
        start = time.perf_counter()
        call()
        worst = max(worst, time.perf_counter() - start)
    return worst


def notebooks_ratio(out: Path) -> tuple[float, float, int]:
    """All notebooks to HTML (side by side, the default) against n runs of a trivial notebook through
    papermill, one after the other."""
    import nbformat

    from chiengso_stats.publish.notebooks_runner import notebook_sources, run_notebooks

    n = len(notebook_sources())
    trivial = out / "trivial.ipynb"
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1")])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, trivial)
    start = time.perf_counter()
    for _ in range(n):
        subprocess.run(
            [str(BIN / "papermill"), str(trivial), str(out / "trivial.out.ipynb"), "--no-progress-bar"],
            check=True,
            capture_output=True,
        )
    baseline = time.perf_counter() - start
    start = time.perf_counter()
    run_notebooks(out / "r" / "notebooks", reports_dir=out / "r", progress=False)
    return time.perf_counter() - start, baseline, n


def reports_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def country_ratio() -> float:
    from bench_reconcile import duckdb_run, timed

    from chiengso_stats.analysis.merge import merge_long

    from synthetic import make

    raw = make()
    merge_long(raw)
    t_lib, _ = timed(lambda: merge_long(raw))
    t_db, _ = timed(duckdb_run(raw))
    return t_lib / t_db


def country_build(out: Path) -> tuple[float, int, float]:
    """`build` on the synthetic country folder: seconds, files written; then seconds with 10 communes'
    own appendices and charts (--commune), to show what each costs."""
    from synthetic import write_raw

    raw = write_raw(out / "ca_nuoc")
    base = [str(BIN / "chiengso-stats"), "build", "--raw", str(raw)]
    took = _seconds([*base, "--clean", str(out / "cc"), "--reports", str(out / "cr")])
    files = sum(1 for p in (out / "cc").rglob("*") if p.is_file()) + sum(
        1 for p in (out / "cr").rglob("*") if p.is_file()
    )
    ten = [a for k in range(0, 3321, 333)[:10] for a in ("--commune", f"m{k:05d}")]
    with_ten = _seconds([*base, "--clean", str(out / "cc10"), "--reports", str(out / "cr10"), *ten])
    return took, files, with_ten


IMPORTS = "import pandas, openpyxl"
BYTECODE_OF = ("pandas", "openpyxl", "pandera", "chiengso_stats")


def installed_bytecode() -> list[str]:
    """The packages among BYTECODE_OF whose __init__ has no compiled .pyc beside it."""
    missing = []
    for name in BYTECODE_OF:
        init = importlib.util.find_spec(name).origin
        if not Path(importlib.util.cache_from_source(init)).exists():
            missing.append(name)
    return missing


def imports_without_and_with_bytecode(runs: int = 5) -> tuple[float, float]:
    """`import pandas, openpyxl` where Python may not write bytecode (PYTHONDONTWRITEBYTECODE, as in CI or
    a read-only install): with the installed .pyc hidden (PYTHONPYCACHEPREFIX at an empty folder, so
    every module is compiled from source, as before this issue) and with them. Interleaved medians."""
    plain = {k: v for k, v in os.environ.items() if k != "PYTHONPYCACHEPREFIX"} | {"PYTHONDONTWRITEBYTECODE": "1"}
    without, with_ = [], []
    with tempfile.TemporaryDirectory() as empty:
        for _ in range(runs):
            without.append(_seconds([sys.executable, "-c", IMPORTS], env=plain | {"PYTHONPYCACHEPREFIX": empty}))
            with_.append(_seconds([sys.executable, "-c", IMPORTS], env=plain))
    return statistics.median(without), statistics.median(with_)


def notebooks_one_then_side_by_side(out: Path) -> tuple[float, float, bool]:
    """Seconds for every notebook one at a time, then side by side, and whether the bytes are equal."""
    from chiengso_stats.publish.notebooks_runner import run_notebooks

    took, files = [], []
    for workers in (1, None):
        start = time.perf_counter()
        written = run_notebooks(out / f"nb{workers}", reports_dir=out / "nbr", progress=False, workers=workers)
        took.append(time.perf_counter() - start)
        files.append({p.name: p.read_bytes() for p in written})
    return took[0], took[1], files[0] == files[1]


def test_suite() -> tuple[float, float, int, int, int]:
    """What `make test` runs after lint: wall seconds, CPU seconds of every process it ran (workers,
    kernels, browsers), passed, skipped, failed. On a machine shared with other work the wall clock
    grows and the CPU time does not."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        check=False,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    took = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    tail = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""

    def count(word: str) -> int:
        found = re.search(rf"(\d+) {word}", tail)
        return int(found.group(1)) if found else 0

    return took, cpu, count("passed"), count("skipped"), count("failed") + count("error")


def fast_first_run(build: float, floor: float, before: float | None, run_tests: bool) -> None:
    """The four goals of the issue "fast first run and fast tests"."""
    print("\nLần chạy đầu nhanh, kiểm thử nhanh / fast first run, fast tests:")
    missing = installed_bytecode()
    without, with_ = imports_without_and_with_bytecode()
    _line(
        "A",
        "import pandas, openpyxl: không .pyc / .pyc",
        f"{without:.2f} s → {with_:.2f} s",
        "cài kèm .pyc",
        not missing,
    )
    if missing:
        print(f"   thiếu .pyc / no .pyc for: {', '.join(missing)}")
    with tempfile.TemporaryDirectory() as tmp:
        one, side, same = notebooks_one_then_side_by_side(Path(tmp))
        _line(
            "B",
            f"sổ tay lần lượt / song song ({os.cpu_count()} lõi)",
            f"{one:.1f} s → {side:.1f} s",
            "nhanh hơn, cùng byte",
            side < one and same,
        )
        print(f"   cùng byte / same bytes: {'có / yes' if same else 'KHÔNG / NO'}")
    _line(
        "C",
        "build / import pandas, openpyxl, pandera",
        f"{build:.2f} s / {floor:.2f} s = {build / floor:.2f}",
        "≤ 1,5",
        build / floor <= 1.5,
    )
    if before is None:
        print(f"   trước / before ({BEFORE}): không có trong bản sao này / not in this clone")
    else:
        print(
            f"   trước / before ({BEFORE}), đo cùng lúc / measured side by side: {before:.2f} s = {before / floor:.2f}"
        )
    if not run_tests:
        _line("D", "make test (pytest)", "—", "≤ 150 s", None)
        return
    took, cpu, passed, skipped, failed = test_suite()
    _line(
        "D",
        f"pytest: {passed} qua, {skipped} bỏ qua, {failed} lỗi",
        f"{took:.0f} s",
        "≤ 150 s, 0 bỏ qua",
        took <= 150 and skipped == 0 and failed == 0 and passed > 0,
    )
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"   CPU của mọi tiến trình / CPU of every process: {cpu:.0f} s; tải máy / load average: {load}")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        build, imports, floor, before = build_ratio(out)
        _line(
            1,
            "build / import pandas, openpyxl",
            f"{build:.2f} s / {imports:.2f} s = {build / imports:.1f}",
            "≤ 1,5",
            build / imports <= 1.5,
        )
        print(f"   sàn / floor: import pandas, openpyxl, pandera = {floor:.2f} s = {floor / imports:.2f} × import")
        runs = stage_runs(out)
        _line(2, "lần gộp trong một build / merges in one build", str(runs), "1", runs == 1)
        warm = warm_call()
        _line(3, "gọi lần hai / second API call (slowest)", f"{warm * 1000:.1f} ms", "≤ 50 ms", warm <= 0.05)
        took, baseline, n = notebooks_ratio(out)
        _line(
            4,
            f"{n} sổ tay / {n} × trivial papermill",
            f"{took:.1f} s / {baseline:.1f} s = {took / baseline:.2f}",
            "≤ 2",
            took / baseline <= 2,
        )
        size = reports_bytes(out / "r")
        _line(5, "reports/ (build + notebooks)", f"{size / 1e6:.1f} MB", "≤ 12 MB", size <= 12e6)
    ratio = country_ratio()
    _line(6, "cả nước / country merge_long / DuckDB", f"{ratio:.2f}", "≤ 2", ratio <= 2)
    with tempfile.TemporaryDirectory() as tmp:
        took, files, with_ten = country_build(Path(tmp))
    _line(6, f"build cả nước / country build ({files} tệp)", f"{took:.1f} s", "≤ 30 s", took <= 30)
    print(f"   + 10 xã mới có phụ lục, biểu đồ riêng (--commune × 10): {with_ten:.1f} s")
    fast_first_run(build, floor, before, run_tests="--no-tests" not in sys.argv)


if __name__ == "__main__":
    main()
