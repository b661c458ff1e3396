"""Headless Chromium (Debian's package) as a real browser for the HTML reports."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # the network off: every request outside the file system goes to a proxy where nothing answers
    "--proxy-server=http://127.0.0.1:9",
    "--enable-logging=stderr",
    "--v=0",
    "--virtual-time-budget=10000",
]


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    raise RuntimeError("Chromium not found: `make system-deps` installs Debian's chromium")


def _run(url: str, *extra: str) -> tuple[str, str]:
    with tempfile.TemporaryDirectory(prefix="chromium-") as profile:
        result = subprocess.run(
            [chromium(), *FLAGS, f"--user-data-dir={profile}", *extra, url], capture_output=True, text=True, timeout=120
        )
    return result.stdout, result.stderr


def load(path: Path, screenshot: Path | None = None) -> dict:
    """DOM after scripts ran, JavaScript errors from the console log, and a screenshot."""
    url = path.resolve().as_uri()
    extra = ["--dump-dom"]
    if screenshot is not None:  # one browser start gives both the DOM and the picture
        screenshot.parent.mkdir(parents=True, exist_ok=True)
        extra += ["--window-size=1280,2000", f"--screenshot={screenshot}"]
    dom, log = _run(url, *extra)
    errors = [
        line
        for line in log.splitlines()
        if (":CONSOLE" in line and re.search(r"Uncaught|Error", line)) or re.search(r"Failed to load|net::ERR_", line)
    ]
    text = re.sub(r"<[^>]+>", " ", re.sub(r"<script.*?</script>|<style.*?</style>", " ", dom, flags=re.DOTALL))
    return {"dom": dom, "text": re.sub(r"\s+", " ", text), "errors": errors}


NETWORK = r"(?:https?:)?//"


def network_loads(html: str) -> list[str]:
    """Every <script src> and dynamic import() in a page that points to a network address."""
    scripts = re.findall(rf"<script\b[^>]*\bsrc\s*=\s*[\"']({NETWORK}[^\"']*)", html, flags=re.IGNORECASE)
    imports = re.findall(rf"\bimport\(\s*[\"'`]({NETWORK}[^\"'`]*)", html)
    return scripts + imports
