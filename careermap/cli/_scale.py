"""``careermap convert`` and ``careermap kpis``: cohorts at organisation scale.

``convert COHORT OUT`` loads and validates a cohort (or a person, or a Parquet cohort) and
writes it as a folder of Parquet files, the layout engines read without loading it into
memory (:func:`careermap.io.convert`). ``kpis PATH`` computes the cohort KPIs on DuckDB or Spark
(``docs/scale.md``). Wired into :mod:`careermap.cli` with :func:`add_scale_parsers`;
expected failures raise :class:`~careermap.errors.CareermapError` (printed without a
traceback, exit 1).
"""

from __future__ import annotations

import argparse
import io
from pathlib import Path

from careermap.cli._options import add_as_of, date_arg
from careermap.errors import CareermapError, InvalidArgumentError

__all__ = ["add_scale_parsers", "run_convert", "run_kpis"]

#: Output formats of ``careermap kpis --out``, by file suffix.
KPI_OUTPUTS = (".csv", ".parquet")


def run_convert(args: argparse.Namespace) -> int:
    """Write the cohort as Parquet frames (:func:`careermap.io.convert`); print what was written."""
    from careermap.io import convert

    out = convert(args.cohort, args.out, force=args.force)
    import pyarrow.parquet as pq

    people = pq.read_metadata(out / "people.parquet").num_rows
    logs = pq.read_metadata(out / "time_log.parquet").num_rows
    files = len(list(out.glob("*.parquet")))
    print(f"wrote {people:,} people ({logs:,} time-log rows) to {out} as {files} Parquet files")
    return 0


def run_kpis(args: argparse.Namespace) -> int:
    """Compute the cohort KPIs; print who needs attention, or write them all to ``--out``."""
    from careermap import metrics
    from careermap.io import is_parquet_cohort

    path = Path(args.path)
    out = Path(args.out) if args.out else None
    if out is not None and out.suffix not in KPI_OUTPUTS:
        raise InvalidArgumentError(
            f"--out must end in {' or '.join(KPI_OUTPUTS)}; got {out.name!r}"
        )
    as_of = date_arg(args.as_of, "--as-of").isoformat() if args.as_of is not None else None
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

        from careermap.share.export import neutralise
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
    c.set_defaults(func=run_convert)

    k = subparsers.add_parser(
        "kpis",
        help="the cohort KPIs and who needs attention, on DuckDB or Spark",
        description=(
            "Compute the cohort KPIs of PATH (a cohort folder, or a Parquet cohort written by "
            "careermap convert; on Spark also an hdfs:// or s3a:// URI)."
        ),
    )
    k.add_argument("path")
    add_as_of(k, "the date the KPIs describe")
    k.add_argument("--engine", choices=["duckdb", "spark"], default="duckdb")
    k.add_argument("--memory-limit", help="DuckDB's memory cap, such as 500MB")
    k.add_argument("--out", help="write every KPI to FILE.csv or FILE.parquet")
    k.set_defaults(func=run_kpis)
