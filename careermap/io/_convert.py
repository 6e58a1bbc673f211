"""A cohort written as Parquet frames (``careermap convert``), and how to tell one apart."""

from __future__ import annotations

from pathlib import Path

from careermap.errors import CareermapError

__all__ = ["convert", "is_parquet_cohort"]


def is_parquet_cohort(path: Path) -> bool:
    """A folder of Parquet frames (what ``convert`` writes) rather than map folders."""
    return path.is_dir() and (path / "people.parquet").is_file()


def convert(cohort: str | Path, out: str | Path, *, force: bool = False) -> Path:
    """Load and validate ``cohort``, then write it to ``out`` as Parquet frames.

    Parameters
    ----------
    cohort
        A cohort folder, a person's folder, or a Parquet cohort.
    out
        The folder to write (created; must be new or empty unless ``force``).
    force
        Write into a folder that holds files already (its ``<frame>.parquet`` files are
        replaced; nothing else is touched).

    Returns
    -------
    pathlib.Path
        ``out``.

    Raises
    ------
    MapValidationError
        If the cohort has problems (every one, as ``careermap validate`` reports them).
    CareermapError
        If ``out`` is a file, is inside the cohort, or is not empty (without ``force``).

    Examples
    --------
    >>> import tempfile, careermap
    >>> from careermap.io import convert
    >>> out = convert(careermap.sample_path(), tempfile.mkdtemp() + "/pq")
    >>> sorted(p.name for p in out.glob("*.parquet"))[:3]
    ['actions.parquet', 'assessments.parquet', 'custom_skills.parquet']
    """
    from careermap.io._load import load

    src, dst = Path(cohort), Path(out)
    if not src.exists():
        raise CareermapError(f"{src} does not exist; give a cohort or person folder")
    if dst.exists() and not dst.is_dir():
        raise CareermapError(f"{dst} is a file; give a folder to write the Parquet files to")
    if dst.resolve() == src.resolve() or src.resolve() in dst.resolve().parents:
        raise CareermapError(
            f"{dst} is inside the cohort {src}; write the Parquet files somewhere else"
        )
    if dst.is_dir() and any(dst.iterdir()) and not force:
        raise CareermapError(
            f"{dst} exists and is not empty; choose a new folder (or --force to write into it)"
        )
    m = load(src, progress=False)
    return m.to_parquet(dst)
