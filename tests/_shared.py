"""Helpers of the shared fixtures (tests/conftest.py): copies, the unchanged check, and set-up
built once per run for every xdist worker."""

from __future__ import annotations

import copy
import dataclasses
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
import pytest

from careermap.model import CareerMap


def deep_copy(value):
    """A copy sharing no frame, list or dict with ``value`` (a map or a frame)."""
    if isinstance(value, CareerMap):
        return dataclasses.replace(
            value,
            **{name: df.copy(deep=True) for name, df in value.frames().items()},
            cohort=copy.deepcopy(value.cohort),
            warnings=list(value.warnings),
            skipped=list(value.skipped),
        )
    return copy.deepcopy(value)


def assert_unchanged(name: str, now, before) -> None:
    """``now`` equals the copy ``before`` taken when it was built (frames exactly, with dtypes)."""
    if isinstance(now, CareerMap):
        for frame, df in now.frames().items():
            pd.testing.assert_frame_equal(df, before.frames()[frame], obj=f"{name}.{frame}")
        assert now.cohort == before.cohort, f"{name}.cohort changed"
    else:
        pd.testing.assert_frame_equal(now, before, obj=name)
        assert now.attrs == before.attrs, f"{name}.attrs changed"


@contextmanager
def _locked(lock: Path) -> Iterator[None]:
    try:
        import fcntl
    except ImportError:  # no POSIX locks (Windows): each worker builds its own copy
        yield
        return
    with lock.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def shared_folder(
    factory: pytest.TempPathFactory, name: str, build: Callable[[Path], object]
) -> Path:
    """``build(folder)`` run once per test run, by whichever xdist worker asks first.

    The folder lives in the run's temporary folder (the workers' common parent under xdist);
    the other workers wait on a lock, then use what the first wrote. It is built under a
    temporary name and renamed when done, so a build that failed half-way is never taken for
    a finished one.
    """
    base = factory.getbasetemp()
    root = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    folder = root / f"shared-{name}"
    with _locked(root / f"shared-{name}.lock"):
        if not folder.exists():
            partial = root / f"shared-{name}.partial"
            shutil.rmtree(partial, ignore_errors=True)
            partial.mkdir()
            build(partial)
            partial.rename(folder)
    return folder
