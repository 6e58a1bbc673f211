"""What starting careermap imports: each case runs in a fresh interpreter and lists the heavy
modules it found in ``sys.modules`` (the start-up times themselves are measured by
``benchmarks/bench_start.py``, not here)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import careermap

# each costs from 0.1 s (duckdb) to 1.3 s (pandas) to import
ENGINES = ("ibis", "duckdb", "sqlglot", "pyspark", "plotly")
HEAVY = ("pandas", "numpy", "pyarrow", "pandera", "ipywidgets", *ENGINES)


def imported_after(code: str, *, cwd: Path | None = None) -> set[str]:
    """The top-level packages of ``HEAVY`` that running ``code`` in a fresh Python imported."""
    script = textwrap.dedent(code) + textwrap.dedent(
        f"""
        import json as _json, sys as _sys
        _names = {HEAVY!r}
        _sys.__stdout__.write(
            "\\nMODULES " + _json.dumps(sorted(n for n in _names if n in _sys.modules)) + "\\n"
        )
        """
    )
    env = {**os.environ, "CAREERMAP_TODAY": "2026-11-15"}
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    line = next(x for x in done.stdout.splitlines() if x.startswith("MODULES "))
    return set(json.loads(line.removeprefix("MODULES ")))


def run_cli(*args: str) -> str:
    """Code that runs ``careermap ARGS`` in-process, as the console script does."""
    return f"""
        import sys
        from careermap.cli import main
        try:
            code = main({list(args)!r})
        except SystemExit as exc:  # --version and --help exit through argparse
            code = exc.code
        assert code in (0, None), code
        """


def test_import_careermap_imports_nothing_heavy() -> None:
    assert imported_after("import careermap") == set()


@pytest.mark.parametrize("args", [("--version",), ("--help",), ("log", "--help")])
def test_version_and_help_import_no_pandas(args: tuple[str, ...]) -> None:
    assert imported_after(run_cli(*args)) == set()


def test_loading_a_map_imports_no_engine_and_no_plotly() -> None:
    found = imported_after("import careermap\ncareermap.load(careermap.sample_path())")
    assert {"pandas", "pandera"} <= found  # the loader did run
    assert found.isdisjoint(ENGINES), found & set(ENGINES)


def test_careermap_log_imports_no_engine_and_no_plotly(tmp_path: Path) -> None:
    folder = shutil.copytree(careermap.sample_path(), tmp_path / "alex")
    found = imported_after(run_cli("log", "1:30", "learning", "--map", str(folder)))
    assert found.isdisjoint(ENGINES), found & set(ENGINES)
    assert (folder / "time_log.csv").read_text().rstrip().endswith(",learning,,,,")


def test_validate_imports_no_engine_and_no_plotly() -> None:
    found = imported_after(run_cli("validate", "-q", str(careermap.sample_path())))
    assert found.isdisjoint(ENGINES), found & set(ENGINES)


def test_pandera_leaves_pyspark_importable() -> None:
    """The guard that keeps pyspark.pandas out of pandera's import leaves no trace."""
    code = """
        import sys
        import careermap.schemas
        assert "pyspark.pandas" not in sys.modules, sys.modules.get("pyspark.pandas", "absent")
        import pandera.typing.pyspark
        """
    assert "pyspark" not in imported_after(code)


def test_the_lazy_names_are_the_modules_names() -> None:
    from careermap import io, metrics, model
    from careermap._dates import as_of_date

    assert careermap.load is io.load
    assert careermap.validate is io.validate
    assert careermap.CareerMap is model.CareerMap
    assert careermap.as_of_date is as_of_date
    assert careermap.metrics is metrics
    assert isinstance(careermap.__version__, str) and careermap.__version__
    assert {"load", "validate", "CareerMap", "metrics", "__version__"} <= set(dir(careermap))
    assert set(careermap.__all__) <= set(dir(careermap))
    with pytest.raises(AttributeError, match="no attribute 'lod'"):
        careermap.lod  # noqa: B018


def test_the_io_engine_names_are_imported_on_use() -> None:
    from careermap import io
    from careermap.io import _engines, _parquet

    assert io.open_engine is _engines.open_engine
    assert io.read_parquet_cohort is _parquet.read_parquet_cohort
    assert set(io.__all__) <= set(dir(io))
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        io.nope  # noqa: B018
