"""Imports run one way: low-level modules <- io <- store, no circles, and packages are
entered through their public names (read from the source, not from what happens to load)."""

from __future__ import annotations

from pathlib import Path

import _layers
import pytest
from _layers import PACKAGE, imports, module_name

# the one layer model (tests/_layers.py): the shared definitions, and every unit above io
LOW_LEVEL = sorted(u for u in _layers.LOW_LEVEL if u != "templates")
HIGHER = sorted(u for u, rank in _layers.RANK.items() if rank > _layers.RANK["io"])
STORE_MAY_IMPORT = {u for u, rank in _layers.RANK.items() if rank <= _layers.RANK["store"]}


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
    bad |= {m for m in GRAPH[module] if _layers.unit(m) not in STORE_MAY_IMPORT}
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
