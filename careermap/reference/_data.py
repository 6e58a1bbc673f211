"""Reading the bundled Parquet extract (built by ``scripts/build_reference.py``)."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from importlib import resources

import pandas as pd

from careermap.errors import InvalidArgumentError

TABLES = (
    "occupations",
    "alternate_titles",
    "skills",
    "requirements",
    "level_anchors",
    "job_zones",
    "related_occupations",
    "technology_skills",
    "market",
)


@functools.cache
def load(name: str) -> pd.DataFrame:
    """The cached table ``name``; never hand it out uncopied."""
    if name not in TABLES:
        raise InvalidArgumentError(f"no reference table {name!r}; known: {', '.join(TABLES)}")
    ref = resources.files("careermap.reference") / "data" / f"{name}.parquet"
    with resources.as_file(ref) as path:
        return pd.read_parquet(path)


def codes_arg(codes: str | Iterable[str] | None, *, argument: str) -> list[str] | None:
    """Normalise a code filter: None (no filter), one code, or an iterable of codes."""
    if codes is None:
        return None
    if isinstance(codes, str):
        return [codes.strip()]
    try:
        items = list(codes)
    except TypeError:
        raise InvalidArgumentError(
            f"{argument} must be a code string, a list of code strings or None; "
            f"got {type(codes).__name__} {codes!r}"
        ) from None
    bad = [c for c in items if not isinstance(c, str)]
    if bad:
        raise InvalidArgumentError(
            f"{argument} must hold code strings; got {bad[0]!r} ({type(bad[0]).__name__})"
        )
    return [c.strip() for c in items]


def select(df: pd.DataFrame, column: str, values: list[str] | None) -> pd.DataFrame:
    """Rows whose ``column`` is in ``values`` (all rows for None), as a fresh copy."""
    if values is not None:
        df = df[df[column].isin(values)]
    return df.reset_index(drop=True).copy()
