"""Publish: a chart as a light HTML page, written from its spec without importing plotly.

Every page of a folder shares one copy of plotly.min.js (copied from the installed package, not
fetched), and carries a fixed div id, so two builds write the same bytes and the pages work offline.
"""

from __future__ import annotations

import html
import importlib.util
import json
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # a Figure is accepted, but plotly is never imported here
    import plotly.graph_objects as go

# plotly's own options for every page: Vietnamese locale, no plotly logo
CONFIG = {"locale": "vi", "displaylogo": False}

_PAGE = """<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8" />
<title>{title}</title>
<script src="{plotly_js}"></script>
</head>
<body>
<div id="{div_id}" class="plotly-graph-div" style="height:{height}px; width:100%;"></div>
<script>
Plotly.newPlot("{div_id}", {data}, {layout}, {config});
</script>
</body>
</html>
"""


def plotly_js_path() -> Path:
    """plotly.min.js as the installed plotly package ships it, found without importing plotly."""
    spec = importlib.util.find_spec("plotly")
    return Path(spec.submodule_search_locations[0]) / "package_data" / "plotly.min.js"


def _json(value) -> str:
    # ASCII JSON (as plotly writes it) with "</" escaped so no string can close the <script>.
    return json.dumps(value, ensure_ascii=True, allow_nan=False).replace("</", "<\\/")


def save_html(fig: dict | go.Figure, path: Path, div_id: str, plotly_js: str = "directory") -> Path:
    """HTML that draws with a plotly.min.js beside it: offline, no CDN, and one copy of plotly.js per
    folder instead of one per chart. A fixed div id keeps the bytes stable.

    Parameters
    ----------
    fig : dict or plotly.graph_objects.Figure
        A figure spec (as the ``*_spec`` functions return) or a plotly Figure.
    path : Path
        The .html file to write.
    div_id : str
        A fixed id for the chart's div, so that two runs write the same bytes.
    plotly_js : str
        "directory" writes plotly.min.js beside the file; a relative path such as "../plotly.min.js"
        points to a copy the caller writes (the build keeps one at the top of reports/).

    Returns
    -------
    Path
        `path`.

    Examples
    --------
    >>> save_html(audit_spec(audit_summary(audit())), Path("/tmp/kiem_tra.html"), "kiem_tra")
    PosixPath('/tmp/kiem_tra.html')
    """
    spec = fig if isinstance(fig, dict) else json.loads(fig.to_json())
    path.parent.mkdir(parents=True, exist_ok=True)
    if plotly_js == "directory":
        shutil.copyfile(plotly_js_path(), path.parent / "plotly.min.js")
        plotly_js = "plotly.min.js"
    layout = spec.get("layout", {})
    page = _PAGE.format(
        title=html.escape(layout.get("title", {}).get("text", div_id)),
        plotly_js=html.escape(plotly_js),
        div_id=html.escape(div_id),
        height=int(layout.get("height") or 450),
        data=_json(spec.get("data", [])),
        layout=_json(layout),
        config=_json(CONFIG),
    )
    path.write_text(page, encoding="utf-8", newline="\n")
    return path
