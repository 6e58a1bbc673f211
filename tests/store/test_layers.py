"""Imports run one way: low-level modules <- io <- store, no circles, and packages are
entered through their public names (read from the source, not from what happens to load)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__import__("careermap").__file__).parent
LOW_LEVEL = ["_paths", "_vocab", "_dates", "_pandera", "errors", "model", "schemas"]
HIGHER = ["store", "metrics", "charts", "widgets", "kpis", "report", "demo", "cli"]


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    """Every careermap module a file imports, at the top or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("careermap")}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("careermap"):
            sub = {f"{node.module}.{a.name}" for a in node.names}
            # `from careermap import reference` imports a subpackage, `... import load` a name
            found |= {s for s in sub if _is_module(s)} or {node.module}
    return found


def _is_module(name: str) -> bool:
    path = PACKAGE.parent.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def files(*names: str) -> list[Path]:
    out: list[Path] = []
    for name in names:
        path = PACKAGE / name
        out += sorted(path.rglob("*.py")) if path.is_dir() else [path.with_suffix(".py")]
    return out


GRAPH = {module_name(f): imports(f) for f in files("io", "store", *LOW_LEVEL, "__init__")}


@pytest.mark.parametrize("module", sorted(m for m in GRAPH if m.startswith("careermap.io")))
def test_io_imports_no_higher_layer_and_not_the_package_root(module):
    bad = {
        m
        for m in GRAPH[module]
        if m == "careermap" or any(m.startswith(f"careermap.{h}") for h in HIGHER)
    }
    assert not bad, f"{module} imports {bad}"


@pytest.mark.parametrize("module", sorted(m for m in GRAPH if m.startswith("careermap.store")))
def test_store_uses_io_through_its_public_names_and_never_the_root(module):
    bad = {m for m in GRAPH[module] if m == "careermap" or m.startswith("careermap.io.")}
    bad |= {m for m in GRAPH[module] if any(m.startswith(f"careermap.{h}") for h in HIGHER[1:])}
    assert not bad, f"{module} imports {bad}"


@pytest.mark.parametrize("module", [f"careermap.{name}" for name in LOW_LEVEL])
def test_low_level_modules_import_only_low_level_modules(module):
    allowed = {f"careermap.{name}" for name in LOW_LEVEL}
    assert GRAPH[module] <= allowed, f"{module} imports {GRAPH[module] - allowed}"


def test_the_package_root_does_not_import_the_store():
    assert not {m for m in GRAPH["careermap"] if m.startswith("careermap.store")}


def test_no_import_circles():
    def visit(module: str, path: list[str]) -> None:
        for nxt in sorted(GRAPH.get(module, ())):
            if nxt in path:
                cycle = [*path[path.index(nxt) :], nxt]
                pytest.fail(f"import circle: {' -> '.join(cycle)}")
            if nxt in GRAPH and nxt not in done:
                visit(nxt, [*path, nxt])
        done.add(module)

    done: set[str] = set()
    for module in sorted(GRAPH):
        visit(module, [module])


def test_the_old_circle_would_be_found():
    """The check above finds a circle like the one io/_checks.py and io/_load.py had."""
    graph = {"a": {"b"}, "b": {"a"}}
    saved = dict(GRAPH)
    try:
        GRAPH.clear()
        GRAPH.update(graph)
        with pytest.raises(pytest.fail.Exception, match="import circle: a -> b -> a"):
            test_no_import_circles()
    finally:
        GRAPH.clear()
        GRAPH.update(saved)
