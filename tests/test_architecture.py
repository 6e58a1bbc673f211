"""docs/architecture.md kept true: careermap's import graph (read from the source) against the
one layer model (tests/_layers.py), and every module listed in the doc with its job."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from _layers import FILES, GRAPH, LAYERS, PACKAGE, RANK, module_name, unit

DOC = PACKAGE.parent / "docs" / "architecture.md"

# No private import across packages (the charts reach metrics through its public names).
ALLOWED_PRIVATE: set[tuple[str, str]] = set()


def arrows_up(graph: dict[str, set[str]]) -> list[str]:
    """Imports of a unit in a higher layer than the importing module's."""
    return [
        f"{module} ({LAYERS[RANK[unit(module)]][0]}) imports {other} "
        f"({LAYERS[RANK[unit(other)]][0]})"
        for module, others in sorted(graph.items())
        if unit(module) in RANK
        for other in sorted(others)
        if unit(other) in RANK and RANK[unit(other)] > RANK[unit(module)]
    ]


def private_imports(graph: dict[str, set[str]]) -> set[tuple[str, str]]:
    """Imports of a package's private module (``careermap.pkg._mod``) from outside that
    package. The root's own private modules (``careermap._dates``) are the shared layer's."""
    found = set()
    for module, others in graph.items():
        for other in others:
            parts = other.split(".")
            for i in range(2, len(parts)):
                if parts[i].startswith("_") and not parts[i].startswith("__"):
                    owner = ".".join(parts[:i])
                    if module != owner and not module.startswith(owner + "."):
                        found.add((module, other))
                    break
    return found


def test_every_unit_is_in_one_layer():
    units = {unit(m) for m in GRAPH if m != "careermap"}
    assert units - set(RANK) == set(), "add them to a layer in tests/_layers.py and the doc"
    assert set(RANK) - units == set(), "a layer names a unit that does not exist"
    assert sum(len(units) for _, units, _ in LAYERS) == len(RANK)  # each in one layer only


def test_no_import_goes_up_a_layer():
    assert arrows_up(GRAPH) == []


def test_no_private_import_across_packages():
    assert private_imports(GRAPH) - ALLOWED_PRIVATE == set()
    assert private_imports(GRAPH) >= ALLOWED_PRIVATE, "an allowed import is gone: drop it"


def test_the_checks_catch_what_they_are_for():
    graph = {
        "careermap.io._load": {"careermap.charts", "careermap._dates"},
        "careermap.charts._core": {"careermap.metrics._levels", "careermap.charts._theme"},
        "careermap.metrics._gaps": {"careermap.metrics._levels", "careermap.io"},
    }
    assert arrows_up(graph) == [
        "careermap.io._load (files -> frames) imports careermap.charts (numbers -> figures)"
    ]
    assert private_imports(graph) == {("careermap.charts._core", "careermap.metrics._levels")}


# --- the doc ------------------------------------------------------------------------------


def doc_section(title: str) -> str:
    text = DOC.read_text(encoding="utf-8")
    start = text.index(f"\n## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end > 0 else len(text)]


def doc_modules() -> dict[str, str]:
    """``careermap/...`` path -> job, from the tables of "Every module and its job"."""
    found = {}
    for line in doc_section("Every module and its job").splitlines():
        m = re.match(r"^\| `([^`]+)` \| (.*) \|$", line)
        if m:
            found[m[1]] = m[2].strip()
    return found


def test_every_module_is_listed_with_its_job():
    listed = doc_modules()
    modules = {f.relative_to(PACKAGE.parent).as_posix() for f in FILES}
    # a package's __init__ is listed as the package (careermap/io/)
    expected = {m.removesuffix("__init__.py") if m.count("/") > 1 else m for m in modules}
    expected.discard("careermap/__init__.py")
    assert sorted(expected - set(listed)) == [], "missing from docs/architecture.md"
    assert sorted(set(listed) - expected) == [], "listed in docs/architecture.md, not in code"
    assert [m for m, job in listed.items() if len(job) < 10] == [], "a job in a few words"


def test_the_doc_states_the_one_layer_model():
    rows = [
        [cell.strip() for cell in line.strip().strip("|").split("|")]
        for line in doc_section("The layers").splitlines()
        if line.startswith("| ") and not line.startswith("| layer |")
    ]
    assert [r[0] for r in rows] == [name for name, _, _ in LAYERS]
    for row, (name, units, _) in zip(rows, LAYERS, strict=True):
        stated = {re.sub(r"(/|\.py)$", "", u) for u in re.findall(r"`([a-z_]+(?:/|\.py))`", row[1])}
        assert stated == set(units), name


@pytest.mark.parametrize(
    "path",
    sorted(p for p in PACKAGE.glob("*.py") if p.name not in ("__init__.py",)),
    ids=lambda p: p.name,
)
def test_each_root_module_says_its_job_in_one_line(path: Path):
    doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
    first = doc.split("\n\n")[0]
    assert first and "\n" not in first and first.endswith("."), f"{path.name}: {first!r}"


def test_no_doc_cites_a_design_file_the_repository_does_not_have():
    root = PACKAGE.parent
    cited = [
        path.relative_to(root).as_posix()
        for path in [*PACKAGE.rglob("*.py"), *root.glob("docs/*.md"), root / "README.md"]
        if "DESIGN.md" in path.read_text(encoding="utf-8")
    ]
    assert (root / "DESIGN.md").exists() or cited == []


def test_module_names_follow_the_files():
    assert module_name(PACKAGE / "io" / "_load.py") == "careermap.io._load"
    assert module_name(PACKAGE / "io" / "__init__.py") == "careermap.io"
