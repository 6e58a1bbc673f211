"""Project hygiene: environment.yml matches pyproject, attribution shipped, README commands."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
# PyPI name -> conda-forge name where they differ
CONDA_NAMES = {"ibis-framework": "ibis-duckdb", "duckdb": "python-duckdb"}


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


def test_lock_file_is_committed():
    assert (ROOT / "uv.lock").exists()
