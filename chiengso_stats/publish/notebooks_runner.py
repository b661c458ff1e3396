"""Publish: run every notebook from a fresh kernel into reports/notebooks/, never in place, and
render each to a self-contained HTML report without code cells.

Notebooks live in `notebooks/` as jupytext py:percent files (readable diffs); the
.ipynb is generated here. Outputs are staged and moved into place only when every
notebook succeeded.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import jupytext
import nbformat
import papermill
from jupyter_client import AsyncKernelManager
from nbconvert import HTMLExporter

from .. import config
from .chart_html import plotly_js_path
from .notebook import PLOTLY_JS


class NotebookFailed(RuntimeError):
    def __init__(self, notebook: str, cell: int | None, error: str):
        self.notebook, self.cell, self.error = notebook, cell, error
        where = f"ô số {cell}" if cell is not None else "khi khởi chạy"
        super().__init__(
            f"Sổ tay {notebook} lỗi ở {where}: {error} (notebook {notebook} failed at cell {cell}: {error})"
        )


def notebook_sources(notebooks_dir: Path | None = None) -> list[Path]:
    folder = Path(notebooks_dir) if notebooks_dir else config.NOTEBOOKS_DIR
    return sorted(p for p in folder.glob("[0-9][0-9]_*.py"))


def to_ipynb(source: Path, dest: Path) -> Path:
    nb = jupytext.read(source)
    nb.metadata.setdefault("kernelspec", {"name": "python3", "display_name": "Python 3", "language": "python"})
    nb.metadata.setdefault("language_info", {"name": "python"})
    nbformat.write(nb, dest)
    return dest


def _scrub(nb) -> None:
    """Drop run timestamps and random cell ids so re-running on the same data gives the same files."""
    nb.metadata.get("papermill", {}).clear()
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"o-{i:03d}"
        for output in cell.get("outputs", []):
            plain = output.get("data", {}).get("text/plain")
            if isinstance(plain, str):  # '<... Styler at 0x7f...>' differs run to run
                output["data"]["text/plain"] = re.sub(r" at 0x[0-9a-f]+>", ">", plain)
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)


TEMPLATES = Path(__file__).with_name("templates")


def _lean(nb):
    """The executed notebook kept for JupyterLab: a figure keeps plotly's own MIME type, which JupyterLab
    draws, and drops the HTML copy the report was rendered from (the same figure a second time)."""
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "application/vnd.plotly.v1+json" in data:
                data.pop("text/html", None)
    return nb


def to_html(nb) -> str:
    """A code-free HTML report that works offline: the `offline_lab` template extends nbconvert's
    lab template and empties its require.js, MathJax, mermaid and widget blocks."""
    exporter = HTMLExporter(template_name="offline_lab", extra_template_basedirs=[str(TEMPLATES)])
    exporter.exclude_input = True
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    html, _ = exporter.from_notebook_node(nb)
    return html


def _cores() -> int:
    """The cores this process may run on (a container's limit, not the host's count, where Linux says)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


class LocalKernelManager(AsyncKernelManager):
    """A kernel that talks to its runner through socket files of its own, not TCP ports (POSIX).

    Over TCP, a kernel manager finds free ports by opening and closing them, and the kernel binds them
    a moment later: two kernels started at once (notebooks side by side, or two test workers) can be
    handed the same port, and one of them never answers ("Address already in use", then "Kernel didn't
    respond in 60 seconds"). Socket files in a folder of its own cannot collide, and nothing listens
    on the network. Windows has no such sockets for ZeroMQ: there the kernel keeps TCP.
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._folder = None
        if os.name == "posix":
            self._folder = tempfile.mkdtemp(prefix="chiengso-kernel-")
            self.transport, self.ip = "ipc", os.path.join(self._folder, "k")

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        await super()._async_cleanup_resources(restart=restart)  # removes the socket files
        if self._folder and not restart:
            shutil.rmtree(self._folder, ignore_errors=True)

    cleanup_resources = _async_cleanup_resources  # what AsyncKernelManager calls, as its own is

    async def _async_interrupt_kernel(self) -> None:
        # jupyter_client interrupts every kernel before shutting it down; a notebook run here has finished
        # (or been interrupted already on a timeout), and an interrupt at rest makes the kernel print
        # "[IPKernelApp] ERROR | KeyboardInterrupt caught in kernel" on the office's console.
        if not self.shutting_down:
            await super()._async_interrupt_kernel()

    interrupt_kernel = _async_interrupt_kernel


def _execute(source: Path, staging: Path, params: dict, timeout: int) -> None:
    """One notebook, in a kernel of its own: executed .ipynb and code-free .html into `staging`."""
    plain = to_ipynb(source, staging / f"{source.stem}.source.ipynb")
    executed = staging / f"{source.stem}.ipynb"
    try:
        papermill.execute_notebook(
            str(plain),
            str(executed),
            parameters=params,
            kernel_name="python3",
            cwd=str(source.parent),
            progress_bar=False,
            log_output=False,
            execution_timeout=timeout,
            kernel_manager_class=LocalKernelManager,
        )
    except papermill.PapermillExecutionError as exc:
        raise NotebookFailed(source.name, exc.exec_count, f"{exc.ename}: {exc.evalue}") from None
    plain.unlink()
    nb = nbformat.read(executed, as_version=4)
    _scrub(nb)
    (staging / f"{source.stem}.html").write_text(to_html(nb), encoding="utf-8")
    nbformat.write(_lean(nb), executed)


def run_notebooks(
    out_dir=None,
    raw_dir=None,
    reports_dir=None,
    notebooks_dir=None,
    progress: bool = True,
    timeout: int = 600,
    workers: int | None = None,
) -> list[Path]:
    """Run every notebook, each in a fresh kernel, up to `workers` at a time (default: one per core).

    The notebooks share nothing but the raw folder they read, so running them side by side changes
    no byte of what they write. Progress lines are printed in the notebooks' order as each one
    finishes, and a failure is the first one in that order, so the output never depends on which
    kernel happened to be faster.
    """
    out_dir = Path(out_dir) if out_dir else config.REPORTS_DIR / "notebooks"
    reports_dir = Path(reports_dir) if reports_dir else config.REPORTS_DIR
    sources = notebook_sources(notebooks_dir)
    if not sources:
        raise NotebookFailed(str(notebooks_dir or config.NOTEBOOKS_DIR), None, "không có sổ tay nào (no notebook)")
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".notebooks-", dir=out_dir.parent))
    params = {"raw_dir": str(Path(raw_dir).resolve()) if raw_dir else None, "out_dir": str(reports_dir.resolve())}
    workers = max(1, min(len(sources), workers or _cores()))
    try:
        # Threads are enough: each notebook runs in its own kernel process; a thread only waits on it.
        with ThreadPoolExecutor(max_workers=workers) as pool:
            running = [pool.submit(_execute, source, staging, params, timeout) for source in sources]
            try:
                for k, (source, future) in enumerate(zip(sources, running), start=1):
                    future.result()
                    if progress:  # one line per notebook is all a handful of notebooks needs
                        print(f"[{k}/{len(sources)}] {source.name}", flush=True)
            except BaseException:
                for future in running:
                    future.cancel()  # those not started yet; the running ones finish, then staging goes
                raise

        shared = (out_dir / PLOTLY_JS).resolve()  # ../plotly.min.js: the one copy the reports share
        staged_js = staging / ".plotly.min.js"
        shutil.copyfile(plotly_js_path(), staged_js)
        os.replace(staged_js, shared)
        out_dir.mkdir(parents=True, exist_ok=True)
        written = []
        for path in sorted(staging.iterdir()):
            os.replace(path, out_dir / path.name)
            written.append(out_dir / path.name)
        return written
    finally:
        shutil.rmtree(staging, ignore_errors=True)
