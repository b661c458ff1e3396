"""The package's layout: stages run one way, publish -> analysis -> ingest -> shared, with no hidden cycle.

Every import of every module is read with `ast` (those inside functions too), resolved to the
module it names, and ranked by wing. A module may import from its own wing or a wing below.
An import inside a function is allowed only when it says why, on the line above it ("lazy on
purpose"); any other would hide a cycle or an upward import from the module's first lines.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "chiengso_stats"
# 0 shared vocabulary, 1 ingest, 2 analysis, 3 publish, 4 build, 5 cli; the package's __init__ is the API facade
RANK = {"ingest": 1, "analysis": 2, "publish": 3}
TOP = {"build": 4, "cli": 5}
WING_WORD = {0: "Shared:", 1: "Ingest:", 2: "Analysis:", 3: "Publish:", 4: "Build:", 5: "CLI:"}


def _module(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _rank(module: str) -> int | None:
    parts = module.split(".")
    if parts[0] != "chiengso_stats" or len(parts) == 1:
        return None  # outside the package, or the package facade
    if parts[1] in RANK:
        return RANK[parts[1]]
    return TOP.get(parts[1], 0)


def _imports(path: Path, module: str | None = None):
    """(line, imported module, inside a function) for each import of `path`, relative ones resolved.

    `module`: the dotted name the file stands for (default: where it lies in the package).
    """
    tree = ast.parse(path.read_text(encoding="utf-8"))
    module = module or _module(path)
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    functions = [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
    inner = {id(n) for f in functions for n in ast.walk(f) if isinstance(n, (ast.Import, ast.ImportFrom))}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            names = [f"{target}.{a.name}" for a in node.names] if target.count(".") <= 1 else [target]
            for name in names:  # 'from . import config' imports the module chiengso_stats.config
                # 'from .. import merged': a name of the package's face, not a module (its metadata,
                # '__version__', set before the face imports any stage, ranks as shared)
                face = target == "chiengso_stats" and not _is_module(name) and not name.endswith("__")
                yield (
                    node.lineno,
                    target if face else name if _rank(name) is not None or target == "chiengso_stats" else target,
                    (id(node) in inner),
                )
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name, id(node) in inner


MODULES = sorted(PACKAGE.rglob("*.py"))
FACE = 6  # the package's __init__ imports every stage: importing it from inside is importing upward


def _is_module(name: str) -> bool:
    """Whether a dotted name of the package is a module or a sub-package (a file or folder), not a name."""
    rel = Path(*name.split(".")[1:])
    return (PACKAGE / rel).with_suffix(".py").exists() or (PACKAGE / rel).is_dir()


def _upward(path: Path, module: str | None = None) -> list[str]:
    own = _rank(module or _module(path))
    if own is None:
        return []
    found = []
    for line, target, _ in _imports(path, module):
        rank = FACE if target == "chiengso_stats" else _rank(target)
        if rank is not None and rank > own:
            found.append(f"{path.name}:{line} imports {target}")
    return found


def test_the_rank_of_a_module_follows_its_folder():
    assert [_rank(m) for m in ("chiengso_stats.text", "chiengso_stats.ingest.forms", "chiengso_stats.build")] == [
        0,
        1,
        4,
    ]
    assert [_rank(m) for m in ("chiengso_stats.analysis.targets", "chiengso_stats.publish.excel", "pandas")] == [
        2,
        3,
        None,
    ]


def test_an_upward_import_and_an_unexplained_inner_import_are_found(tmp_path):
    """The checks themselves can fail: a probe that an analysis module would be, importing publish."""
    probe = tmp_path / "probe.py"
    probe.write_text("from ..publish.excel import issuer\n\n\ndef f():\n    from ..publish import charts\n")
    module = "chiengso_stats.analysis.probe"
    assert [(line, target, inner) for line, target, inner in _imports(probe, module)] == [
        (1, "chiengso_stats.publish.excel", False),
        (5, "chiengso_stats.publish.charts", True),
    ]
    assert _upward(probe, module) == [
        "probe.py:1 imports chiengso_stats.publish.excel",
        "probe.py:5 imports chiengso_stats.publish.charts",
    ]


def test_an_upward_import_through_the_package_face_is_found(tmp_path):
    """Probe: the face (chiengso_stats/__init__.py) imports every stage, so an ingest module that imports a
    name from it ('from .. import merged') or the package itself ('import chiengso_stats') imports upward.
    Before, both ranked as shared and passed."""
    probe = tmp_path / "probe.py"
    probe.write_text(
        "from .. import config, merged\nimport chiengso_stats\nfrom chiengso_stats import gaps_2030\n"
        "from chiengso_stats import text\n"
    )
    module = "chiengso_stats.ingest.probe"
    assert _upward(probe, module) == [
        "probe.py:1 imports chiengso_stats",
        "probe.py:2 imports chiengso_stats",
        "probe.py:3 imports chiengso_stats",
    ]  # config and text are modules of the shared wing: allowed


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_run_one_way(path):
    assert _upward(path) == []


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_an_import_inside_a_function_says_why(path):
    lines = path.read_text(encoding="utf-8").splitlines()

    def explained(line: int) -> bool:  # the comment stands above the import, or above its block of imports
        k = line - 2
        while k >= 0 and lines[k].strip().startswith(("from ", "import ")):
            k -= 1
        return k >= 0 and "lazy on purpose" in lines[k]

    unexplained = [f"{path.name}:{line}" for line, _, inner in _imports(path) if inner and not explained(line)]
    assert unexplained == []


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_every_module_opens_with_its_stage_and_job(path):
    rank = _rank(_module(path))
    first = (ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or "").splitlines()[0]
    expected = "chiengso_stats:" if rank is None else WING_WORD[rank]
    assert first.startswith(expected), first


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_is_much_over_500_lines(path):
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 560
