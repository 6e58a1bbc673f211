"""``careermap convert`` and ``careermap kpis``: cohorts at organisation scale.

``convert COHORT OUT`` loads and validates a cohort (or a person, or a Parquet cohort) and
writes it as a folder of Parquet files, the layout engines read without loading it into
memory (``CareerMap.to_parquet``). ``kpis PATH`` computes the cohort KPIs on DuckDB or Spark
(``docs/scale.md``). Wired into :mod:`careermap.cli` with :func:`add_scale_parsers`;
expected failures raise :class:`~careermap.errors.CareermapError` (printed without a
traceback, exit 1).
"""

from __future__ import annotations

import argparse
import io
from pathlib import Path

from careermap.errors import CareermapError, InvalidArgumentError

__all__ = ["add_scale_parsers", "convert", "is_parquet_cohort"]

#: Output formats of ``careermap kpis --out``, by file suffix.
KPI_OUTPUTS = (".csv", ".parquet")


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
    >>> out = convert(careermap.sample_path(), tempfile.mkdtemp() + "/pq")
    >>> sorted(p.name for p in out.glob("*.parquet"))[:3]
    ['actions.parquet', 'assessments.parquet', 'custom_skills.parquet']
    """
    from careermap.io import load

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


def _date(text: str) -> str:
    from careermap._dates import date_option  # imports pandas: not at start-up

    return date_option(text, "--as-of").isoformat()


def _cmd_convert(args: argparse.Namespace) -> int:
    out = convert(args.cohort, args.out, force=args.force)
    import pyarrow.parquet as pq

    people = pq.read_metadata(out / "people.parquet").num_rows
    logs = pq.read_metadata(out / "time_log.parquet").num_rows
    files = len(list(out.glob("*.parquet")))
    print(f"wrote {people:,} people ({logs:,} time-log rows) to {out} as {files} Parquet files")
    return 0


def _cmd_kpis(args: argparse.Namespace) -> int:
    from careermap import metrics

    path = Path(args.path)
    out = Path(args.out) if args.out else None
    if out is not None and out.suffix not in KPI_OUTPUTS:
        raise InvalidArgumentError(
            f"--out must end in {' or '.join(KPI_OUTPUTS)}; got {out.name!r}"
        )
    as_of = _date(args.as_of) if args.as_of else None
    if "://" in args.path or is_parquet_cohort(path):
        s = metrics.cohort_summary_parquet(
            args.path, as_of=as_of, engine=args.engine, memory_limit=args.memory_limit
        )
    elif not path.exists():
        raise CareermapError(f"{path} does not exist; give a cohort folder or a Parquet cohort")
    else:
        from careermap.io import load

        if args.engine == "spark":
            raise CareermapError(
                f"{path} is a folder of maps; Spark reads a Parquet cohort: run "
                f"careermap convert {path} OUT first, then careermap kpis OUT --engine spark"
            )
        s = metrics.cohort_summary(load(path, progress=False), as_of=as_of)
    flagged = s[s["needs_attention"]]
    if out is not None:
        import pandas as pd

        from careermap.export import neutralise
        from careermap.store import atomic_write

        table = s.assign(reasons=s["reasons"].map("; ".join))
        if out.suffix == ".csv":
            # (names and groups a spreadsheet would run as formulas: export's one rule)
            text_columns = [
                c for c in table.columns if pd.api.types.is_string_dtype(table[c].dtype)
            ]
            text = table.assign(**{c: table[c].map(neutralise) for c in text_columns}).to_csv(
                index=False
            )
            data = text.encode("utf-8")
        else:
            buffer = io.BytesIO()
            table.to_parquet(buffer, index=False)
            data = buffer.getvalue()
        atomic_write(out, data)
        print(f"wrote the KPIs of {len(s):,} people to {out}")
    else:
        for r in flagged.itertuples(index=False):
            print(f"{r.person_id}: {'; '.join(r.reasons)}")
    print(f"{len(flagged):,} of {len(s):,} people need attention")
    return 0


def add_scale_parsers(subparsers: argparse._SubParsersAction) -> None:
    """Register ``convert`` and ``kpis`` on ``subparsers`` (``parser.add_subparsers()``).

    Examples
    --------
    >>> import argparse
    >>> sub = argparse.ArgumentParser().add_subparsers(dest="command")
    >>> add_scale_parsers(sub)
    >>> sorted(sub.choices)
    ['convert', 'kpis']
    """
    c = subparsers.add_parser(
        "convert",
        help="write a cohort as Parquet files (for DuckDB or Spark at scale)",
        description="Load and validate COHORT, then write its frames to OUT as Parquet.",
    )
    c.add_argument("cohort", help="a cohort folder, a person folder or a Parquet cohort")
    c.add_argument("out", help="the folder to write (new or empty)")
    c.add_argument("--force", action="store_true", help="write into a folder with files in it")
    c.set_defaults(func=_cmd_convert)

    k = subparsers.add_parser(
        "kpis",
        help="the cohort KPIs and who needs attention, on DuckDB or Spark",
        description=(
            "Compute the cohort KPIs of PATH (a cohort folder, or a Parquet cohort written by "
            "careermap convert; on Spark also an hdfs:// or s3a:// URI)."
        ),
    )
    k.add_argument("path")
    k.add_argument("--as-of", help="the date the KPIs describe (default today)")
    k.add_argument("--engine", choices=["duckdb", "spark"], default="duckdb")
    k.add_argument("--memory-limit", help="DuckDB's memory cap, such as 500MB")
    k.add_argument("--out", help="write every KPI to FILE.csv or FILE.parquet")
    k.set_defaults(func=_cmd_kpis)
