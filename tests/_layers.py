"""The one layer model of docs/architecture.md, and careermap's import graph read from the
source (ast: imports at the top and inside functions), for every test of the layers.

A *unit* is a top-level module or package of careermap (``io``, ``_dates``, ``cli``); a unit
may import its own layer and the layers below it, never one above.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__import__("careermap").__file__).parent

# lowest first: (layer, its units, its job as docs/architecture.md states it)
LAYERS: list[tuple[str, frozenset[str], str]] = [
    (
        "shared definitions",
        frozenset(
            {
                "errors",
                "model",
                "schemas",
                "_vocab",
                "_dates",
                "_paths",
                "_cache_keys",
                "_args",
                "_format",
                "_command",
                "_pandera",
                "onet",
                "templates",
            }
        ),
        "one definition of each rule every layer uses",
    ),
    ("reference", frozenset({"reference"}), "the bundled O*NET / BLS extract"),
    ("files -> frames", frozenset({"io"}), "read and validate a map folder"),
    (
        "frames -> numbers, durable writes",
        frozenset({"metrics", "store", "timeimport"}),
        "pure metrics; validated writes back to the map folders",
    ),
    (
        "one view per question, and what may be shared",
        frozenset({"views", "share"}),
        "a person's and a cohort's numbers on a day; privacy rules and the KPI spreadsheet",
    ),
    ("numbers -> figures", frozenset({"charts"}), "plotly figures"),
    (
        "what people use",
        frozenset({"widgets", "report", "cli", "dashboard", "demo", "__main__"}),
        "forms, dashboards, the HTML report, the command line, the demo generator",
    ),
]
RANK: dict[str, int] = {unit: rank for rank, (_, units, _) in enumerate(LAYERS) for unit in units}
LOW_LEVEL: frozenset[str] = LAYERS[0][1]


def module_name(path: Path) -> str:
    """``careermap/io/_load.py`` -> ``careermap.io._load``; a package's ``__init__`` is the
    package."""
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_module(name: str) -> bool:
    path = PACKAGE.parent.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def imports(path: Path) -> set[str]:
    """Every careermap module a file imports, at the top or inside a function: ``from
    careermap import reference`` imports the subpackage, ``from careermap.io import load`` the
    package ``careermap.io``."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("careermap")}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("careermap"):
            sub = {f"{node.module}.{a.name}" for a in node.names}
            found |= {s for s in sub if _is_module(s)} or {node.module}
    return found


def unit(module: str) -> str:
    """The top-level unit of a module name: ``careermap.io._load`` -> ``io``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


FILES: list[Path] = sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)
GRAPH: dict[str, set[str]] = {module_name(f): imports(f) for f in FILES}
