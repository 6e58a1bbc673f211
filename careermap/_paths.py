"""Where careermap's bundled data lives: the sample person, their example exports, the cohort.

A low-level module (it imports nothing of careermap), so that the store can refuse to write
the bundled data without importing the package root.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

__all__ = ["bundled_folders", "cohort_path", "sample_exports_path", "sample_path"]


def _data_root() -> Path:
    """The folder holding the bundled sample map and demo cohort.

    Found through ``importlib.resources``, like the reference data: in a built wheel they
    are package data, ``careermap/_bundled`` (pyproject force-includes the repository's
    ``data/`` there). A source checkout, and uv's editable install (which imports this
    package from the checkout), have no ``_bundled``: the same files are the repository's
    ``data/`` folder, next to the package.
    """
    package = resources.files("careermap")
    bundled = package / "_bundled"
    if not bundled.is_dir():
        bundled = package / ".." / "data"
    # a folder of files a person can copy and load: a real path, not a zip member
    return Path(os.fspath(bundled)).resolve()


def sample_path() -> Path:
    """The bundled sample person's map folder (Alex Rivera).

    >>> sample_path().name
    'alex-rivera'
    """
    return _data_root() / "sample" / "alex-rivera"


def sample_exports_path() -> Path:
    """Example exports of a week of the sample person's time, to try importing.

    A Toggl Track and a Clockify detailed report (CSV), a calendar (``calendar.ics``) and the
    ``rules.yaml`` that maps them to the sample's goals (see ``docs/importing.md``).

    >>> sorted(p.suffix for p in sample_exports_path().iterdir())
    ['.csv', '.csv', '.ics', '.yaml']
    """
    return _data_root() / "sample-exports"


def cohort_path() -> Path:
    """The bundled demo cohort folder (30 generated people with planted personas).

    >>> (cohort_path() / "cohort.yaml").exists()
    True
    """
    return _data_root() / "cohort"


def bundled_folders() -> tuple[Path, ...]:
    """The bundled data folders, resolved: careermap never writes inside them.

    >>> all(folder.is_absolute() for folder in bundled_folders())
    True
    """
    return (sample_path().resolve(), sample_exports_path().resolve(), cohort_path().resolve())
