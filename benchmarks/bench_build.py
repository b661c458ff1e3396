"""Cost of `chiengso-stats build` on the real data, against importing its main libraries.

    .venv/bin/python benchmarks/bench_build.py

Runs each command 5 times in a fresh interpreter and prints the medians and their ratio.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent


def median_seconds(cmd: list[str], runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    with tempfile.TemporaryDirectory() as out:
        build = median_seconds(
            [str(BIN / "chiengso-stats"), "--clean", f"{out}/clean", "--reports", f"{out}/reports", "build"]
        )
    imports = median_seconds([sys.executable, "-c", "import pandas, openpyxl"])
    # what the build itself imports (no plotly since charts are written as specs): the floor
    all_imports = median_seconds([sys.executable, "-c", "import pandas, openpyxl, pandera.pandas"])
    print(f"chiengso-stats build            : {build:6.2f} s")
    print(f"python -c 'import pandas, openpyxl': {imports:6.2f} s   tỷ số / ratio {build / imports:5.2f}")
    print(
        f"  + pandera (the build's imports)  : {all_imports:6.2f} s   tỷ số / ratio {build / all_imports:5.2f}"
        f"   (sàn / floor {all_imports / imports:4.2f} × import pandas, openpyxl)"
    )


if __name__ == "__main__":
    main()
