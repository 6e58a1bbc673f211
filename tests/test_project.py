"""Project hygiene: environment.yml matches pyproject, attribution, README, the built wheel."""

from __future__ import annotations

import ast
import json
import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
# PyPI name -> conda-forge name where they differ
CONDA_NAMES = {
    "ibis-framework": "ibis-duckdb",
    "duckdb": "python-duckdb",
    "tzdata": "python-tzdata",  # conda-forge's "tzdata" is the system database, not the package
}


def _name(req: str) -> str:
    return re.split(r"[\[<>=!~ ;]", req, maxsplit=1)[0].strip().lower()


def test_environment_yml_lists_every_dependency():
    py = tomllib.loads((ROOT / "pyproject.toml").read_text())
    wanted = [*py["project"]["dependencies"], *py["dependency-groups"]["dev"]]
    for extra in py["project"].get("optional-dependencies", {}).values():
        wanted += extra
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda = {_name(d) for d in env["dependencies"] if isinstance(d, str)}
    missing = sorted({CONDA_NAMES.get(_name(r), _name(r)) for r in wanted} - conda)
    assert not missing, f"environment.yml lacks {missing}"
    extra = sorted(conda - {CONDA_NAMES.get(_name(r), _name(r)) for r in wanted} - {"python"})
    assert not extra, f"environment.yml has packages pyproject does not: {extra}"


def test_readme_quick_start_is_two_commands():
    text = (ROOT / "README.md").read_text()
    block = text.split("## Quick start", 1)[1].split("```", 2)[1]
    commands = [
        line for line in block.splitlines()[1:] if line.strip() and not line.startswith("#")
    ]
    assert commands == ["python3 scripts/dev.py lab", "python3 scripts/dev.py test"]


def test_attribution_is_shipped():
    from careermap.onet import ATTRIBUTION

    assert "O*NET 29.3 Database" in ATTRIBUTION and "CC BY 4.0" in ATTRIBUTION
    assert "O*NET 29.3 Database" in (ROOT / "NOTICE").read_text()
    assert "CC BY 4.0" in (ROOT / "README.md").read_text()


def test_voila_renders_the_cohort_notebook_progressively():
    # Without progressive rendering, Voila's page fetches every widget at once while it draws
    # the charts, and on a busy machine shows "model not found" for some (docs/cohort.md).
    config = json.loads((ROOT / "voila.json").read_text(encoding="utf-8"))
    assert config["VoilaConfiguration"]["progressive_rendering"] is True
    assert "progressive" in (ROOT / "docs" / "cohort.md").read_text(encoding="utf-8")


def test_lock_file_is_committed():
    assert (ROOT / "uv.lock").exists()


def test_a_checkout_reads_the_repository_data_folder():
    """From the checkout (and uv's editable install of it) the bundled data is data/ itself."""
    import careermap

    assert not (Path(careermap.__file__).parent / "_bundled").exists()
    assert careermap.sample_path() == ROOT / "data" / "sample" / "alex-rivera"
    assert careermap.cohort_path() == ROOT / "data" / "cohort"
    assert (careermap.cohort_path() / "cohort.yaml").is_file()


# The layers themselves (one model, tests/_layers.py) and the import graph against them are
# checked in tests/test_architecture.py.


def test_plotting_and_widgets_stay_in_their_layers():
    package = ROOT / "careermap"
    for path in sorted(package.rglob("*.py")):
        unit = path.relative_to(package).parts[0].removesuffix(".py")
        text = path.read_text(encoding="utf-8")
        if "import plotly" in text or "from plotly" in text:
            assert unit in {"charts", "widgets", "report"}, path
        if "import ipywidgets" in text:
            assert unit == "widgets", path


def _reads_reference(path: Path) -> list[str]:
    """How a file reaches the reference data: imports of ``careermap.reference`` (at the top
    or inside a function) and dynamic imports, by line."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import | ast.ImportFrom):
            if "reference" in _imports_of(node):
                found.append(f"{path.name}:{node.lineno} imports careermap.reference")
        elif isinstance(node, ast.Call):
            f = node.func
            name = (
                f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""
            )
            if name in ("import_module", "__import__"):
                found.append(f"{path.name}:{node.lineno} imports dynamically")
    return found


def _imports_of(node) -> set[str]:
    """The careermap units one import statement names (as ``_imports`` counts them)."""
    if isinstance(node, ast.ImportFrom):
        names = [node.module or ""] + [f"{node.module}.{a.name}" for a in node.names]
    else:
        names = [a.name for a in node.names]
    return {n.split(".")[1] for n in names if n.startswith("careermap.")}


def test_the_charts_read_no_reference_data():
    # the frames a chart draws carry the skill names (the metrics name skills by
    # reference.skill_labels); a chart that looked a name up itself would be a second rule
    package = ROOT / "careermap"
    found = [
        f for path in sorted((package / "charts").glob("*.py")) for f in _reads_reference(path)
    ]
    assert found == []


def test_the_reference_check_catches_what_it_is_for(tmp_path):
    bad = tmp_path / "_bad.py"
    bad.write_text(
        "from careermap import reference\n"
        "import careermap.reference.search as s\n"
        "def f():\n"
        "    from careermap.reference import skill_labels\n"
        "    import importlib\n"
        "    return importlib.import_module('careermap.' + 'reference')\n"
        '"""A docstring may name careermap.reference.skill_labels."""\n'
    )
    assert [f.split(" ", 1)[0] for f in _reads_reference(bad)] == [
        "_bad.py:1",
        "_bad.py:2",
        "_bad.py:4",
        "_bad.py:6",
    ]
    clean = tmp_path / "_clean.py"
    clean.write_text('"""Labels follow careermap.reference.skill_labels."""\nimport pandas\n')
    assert _reads_reference(clean) == []
