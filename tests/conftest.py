"""Fixtures every level of the suite shares (docs/testing.md#fixtures).

Read-only maps are loaded once per test session (per xdist worker): ``sample``, ``cohort``
and the demo cohort's ``summary`` and weekly ``allocation``. Nothing may change them in place;
a check at the end of each module that used one compares it with the copy taken when it was
built, and fails naming the frame. A test that changes a map gets its own copy:
``sample_copy`` / ``cohort_copy`` (a deep copy of the session's map, per test), or a writable
folder: ``small_map``, ``make_map``, ``alex`` (the sample's folder), ``cohort_folder``.

Expensive set-up shared between xdist workers (a generated 1,000-person cohort) is built once
per run under pytest's base temporary folder, behind a file lock: ``_shared.shared_folder``.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from _maps import FILES, write_map
from _shared import assert_unchanged, deep_copy, shared_folder

import careermap
from careermap.model import CareerMap

AS_OF = "2026-11-15"  # the sample's and the demo cohort's data end

# -- writable folders (a fresh one per test) -----------------------------------------------


@pytest.fixture(scope="session", autouse=True)
def cache_of_this_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """careermap's cache (``careermap.io.load_cached``, the compiled KPI SQL) in this run's
    temporary folder, not the user's; servers the tests start inherit it."""
    before = os.environ.get("CAREERMAP_CACHE_DIR")
    folder = tmp_path_factory.mktemp("careermap-cache")
    os.environ["CAREERMAP_CACHE_DIR"] = str(folder)
    yield folder
    if before is None:
        os.environ.pop("CAREERMAP_CACHE_DIR", None)
    else:
        os.environ["CAREERMAP_CACHE_DIR"] = before


@pytest.fixture
def small_map(tmp_path: Path) -> Path:
    """A valid person folder `sam-lee` written from the strings of tests/_maps.py."""
    return write_map(tmp_path / "sam-lee")


@pytest.fixture
def make_map(tmp_path: Path):
    """Write the small map with some files replaced: ``make_map({"time_log.csv": text})``."""
    counter = iter(range(10_000))

    def make(changes: dict[str, str | None] | None = None, *, name: str = "sam-lee") -> Path:
        files = dict(FILES)
        for key, text in (changes or {}).items():
            if text is None:
                files.pop(key, None)
            else:
                files[key] = text
        return write_map(tmp_path / f"m{next(counter)}" / name, files)

    return make


@pytest.fixture
def alex(tmp_path: Path) -> Path:
    """A writable copy of the bundled sample map (the sample itself is never written)."""
    return Path(shutil.copytree(careermap.sample_path(), tmp_path / "alex-rivera"))


@pytest.fixture
def cohort_folder(tmp_path: Path) -> Path:
    """A writable copy of the bundled demo cohort's folder."""
    return Path(shutil.copytree(careermap.cohort_path(), tmp_path / "cohort"))


def _digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(Path(folder).rglob("*"))
        if p.is_file() and not p.relative_to(folder).parts[0].startswith(".careermap")
    }


@pytest.fixture
def digest():
    """``digest(folder)``: sha256 of every file a person wrote (the store's own left out)."""
    return _digest


# -- read-only maps, one per session, and copies for tests that change them -----------------

#: what the session fixtures built, by fixture name: (the shared object, a deep copy of it)
_SHARED: dict[str, tuple[object, object]] = {}


def _shared(name: str, value):
    _SHARED[name] = (value, deep_copy(value))
    return value


@pytest.fixture(scope="module", autouse=True)
def _shared_fixtures_unchanged(request: pytest.FixtureRequest) -> Iterator[None]:
    """After each module, the session's shared maps and frames it used are as they were built."""
    yield
    used = {
        name
        for item in request.session.items
        if getattr(item, "module", None) is request.module
        for name in getattr(item, "fixturenames", ())
    }
    for name in sorted(used & _SHARED.keys()):
        assert_unchanged(name, *_SHARED[name])


@pytest.fixture(scope="session")
def sample() -> CareerMap:
    """The bundled sample map (Alex Rivera), loaded once; read-only (see ``sample_copy``)."""
    return _shared("sample", careermap.load(careermap.sample_path()))


@pytest.fixture(scope="session")
def cohort() -> CareerMap:
    """The bundled 30-person demo cohort, loaded once; read-only (see ``cohort_copy``)."""
    return _shared("cohort", careermap.load(careermap.cohort_path()))


@pytest.fixture
def sample_copy(sample: CareerMap) -> CareerMap:
    """A deep copy of ``sample`` for a test that changes frames in place."""
    return deep_copy(sample)


@pytest.fixture
def cohort_copy(cohort: CareerMap) -> CareerMap:
    """A deep copy of ``cohort`` for a test that changes frames in place."""
    return deep_copy(cohort)


@pytest.fixture(scope="session")
def summary(cohort: CareerMap) -> pd.DataFrame:
    """``metrics.cohort_summary`` of the demo cohort on its data end (2026-11-15); read-only."""
    from careermap.metrics import cohort_summary

    return _shared("summary", cohort_summary(cohort, as_of=AS_OF))


@pytest.fixture(scope="session")
def allocation(cohort: CareerMap) -> pd.DataFrame:
    """The demo cohort's weekly hours by category up to 2026-11-15; read-only."""
    from careermap import metrics

    return _shared(
        "allocation", metrics.time_allocation(cohort, by="category", freq="W", as_of=AS_OF)
    )


@pytest.fixture(scope="session")
def new_map(tmp_path_factory: pytest.TempPathFactory) -> CareerMap:
    """A `careermap init` map on its first day (2026-11-29): two milestones, nothing logged."""
    import datetime as dt

    from careermap.store import init_map

    folder = init_map(tmp_path_factory.mktemp("new") / "sam-lee", start=dt.date(2026, 11, 29))
    return _shared("new_map", careermap.load(folder))


# -- set-up shared by the xdist workers of one run --------------------------------------------


@pytest.fixture(scope="session")
def thousand_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated 1,000-person cohort (``generate_cohort(people=1000, seed=3)``), written once
    per run for every worker; read-only (copy it before writing)."""
    from careermap.demo import generate_cohort

    return (
        shared_folder(
            tmp_path_factory,
            "cohort-1000",
            lambda folder: generate_cohort(folder / "cohort", people=1000, seed=3),
        )
        / "cohort"
    )


# -- the order xdist hands out files: the longest first ---------------------------------------

#: About how many seconds each of the longest files takes (set-up, call and teardown of its
#: tests added up). With ``--dist loadfile`` a file runs on one worker, and xdist hands files
#: out in collection order (``--no-loadscope-reorder`` in pyproject.toml; xdist's own order,
#: most tests first, started the wheel, README, Spark and dashboard files last, each minutes
#: long, while the other worker could run out of work). So the longest files are collected
#: first; the rest follow, most tests first. A file marked ``slow``, ``e2e`` or ``spark`` that
#: is not listed counts as ``UNLISTED_SLOW`` seconds.
LONGEST_FILES: dict[str, float] = {
    # estimates, seconds on a quiet 2-core machine, from single-file runs and the last full
    # run's parts; refresh from a --durations run (docs/testing.md#where-the-time-goes)
    "tests/e2e/test_notebooks.py": 150.0,  # five notebooks run in JupyterLab
    "tests/test_wheel.py": 150.0,  # build, install, five notebooks under papermill
    "tests/e2e/test_chart_layouts.py": 105.0,  # 219 layouts in Chromium (103 s alone)
    "tests/spark/test_spark_kpis.py": 120.0,  # Spark; the 1,000-person cohort
    "tests/notebook_runs/test_matrix_05.py": 90.0,
    "tests/notebook_runs/test_matrix_02.py": 90.0,
    "tests/notebook_runs/test_matrix_03.py": 80.0,
    "tests/notebook_runs/test_matrix_01.py": 70.0,
    "tests/notebook_runs/test_matrix_04.py": 70.0,
    "tests/test_readme.py": 70.0,  # a clean copy and uv sync
    "tests/e2e/test_dashboard.py": 70.0,  # two Voila servers
}
UNLISTED_SLOW = 60.0


def _file_of(item: pytest.Item) -> str:
    return item.nodeid.split("::", 1)[0]


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    counts: dict[str, int] = {}
    slow: set[str] = set()
    for item in items:
        name = _file_of(item)
        counts[name] = counts.get(name, 0) + 1
        if any(item.get_closest_marker(m) for m in ("slow", "e2e", "spark")):
            slow.add(name)
    weight = {
        name: LONGEST_FILES.get(name, UNLISTED_SLOW if name in slow else 0.0) for name in counts
    }
    # a stable sort: a file's own tests keep their order (module fixtures, lab_run's grouping)
    items.sort(key=lambda item: (-weight[_file_of(item)], -counts[_file_of(item)], _file_of(item)))
