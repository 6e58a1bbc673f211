"""Where careermap's bundled data lives: the sample person and the demo cohort.

A low-level module (it imports nothing of careermap), so that the store can refuse to write
the bundled data without importing the package root.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["bundled_folders", "cohort_path", "sample_path"]


def _data_root() -> Path:
    bundled = Path(__file__).parent / "_bundled"  # in a wheel (see pyproject force-include)
    if bundled.is_dir():
        return bundled
    return Path(__file__).resolve().parent.parent / "data"  # a source checkout


def sample_path() -> Path:
    """The bundled sample person's map folder (Alex Rivera).

    >>> sample_path().name
    'alex-rivera'
    """
    return _data_root() / "sample" / "alex-rivera"


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
    return (sample_path().resolve(), cohort_path().resolve())
