"""``careermap export``: the coach's table, as a spreadsheet.

Wired into :mod:`careermap.cli` with :func:`add_export_parsers`. Expected failures (a path
that is not a cohort, a bad date, an output the tool cannot write) raise
:class:`~careermap.errors.CareermapError`, which the CLI prints without a traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from careermap.cli._options import add_as_of, as_of_or_today
from careermap.errors import CareermapError, InvalidArgumentError

__all__ = ["add_export_parsers", "run_export"]


def add_export_parsers(subparsers: argparse._SubParsersAction) -> None:
    """Register the ``export`` subcommand on ``subparsers``.

    Examples
    --------
    >>> import argparse
    >>> parser = argparse.ArgumentParser()
    >>> add_export_parsers(parser.add_subparsers(dest="command"))
    >>> parser.parse_args(["export", "cohort", "--out", "k.csv"]).out
    'k.csv'
    """
    e = subparsers.add_parser(
        "export",
        help="write the cohort's KPI table as CSV or XLSX (pseudonyms unless --names)",
        description=(
            "Write one row per person: who needs attention and why, progress, hours per week, "
            "days since the last log and the other KPIs. Text a spreadsheet would run as a "
            "formula is neutralised. Coach notes are left out unless --with-notes is given."
        ),
    )
    e.add_argument("path", metavar="COHORT", help="a cohort folder (or one person's map)")
    e.add_argument("--out", required=True, help="the file to write: FILE.csv or FILE.xlsx")
    add_as_of(e, "the day the KPIs describe")
    e.add_argument("--names", action="store_true", help="real names instead of pseudonyms")
    e.add_argument(
        "--with-notes", action="store_true", help="add the coach notes (COHORT/.coach/notes/)"
    )
    e.set_defaults(func=run_export)


def run_export(args: argparse.Namespace) -> int:
    """Load the cohort, compute its KPI table and write it; print what was written."""
    from careermap import _format as fmt
    from careermap.io import load
    from careermap.share.export import write_table
    from careermap.store import coach
    from careermap.views import cohort_view

    as_of = as_of_or_today(args.as_of)
    source = Path(args.path)
    if not source.exists():
        raise CareermapError(f"{source} does not exist; give a cohort folder")
    out = Path(args.out)
    if out.suffix.lower() not in (".csv", ".xlsx"):
        raise InvalidArgumentError(
            f"--out must end in .csv or .xlsx; got {args.out!r} (e.g. --out kpis.xlsx)"
        )
    if not out.parent.is_dir():
        raise CareermapError(f"cannot write {out}: the folder {out.parent} does not exist")
    m = load(source)
    notes = coach.read_notes(source) if args.with_notes else None
    table = cohort_view(m, as_of=as_of).table(names=args.names, notes=notes)
    write_table(table, out)
    flagged = int((table["needs attention"] == "yes").sum())
    print(
        f"wrote {out} - {fmt.count(len(table), 'person')} ({flagged} "
        f"{'needs' if flagged == 1 else 'need'} attention), "
        f"as of {as_of}, "
        f"{'real names' if args.names else 'pseudonyms'}, "
        f"{'coach notes included' if args.with_notes else 'no coach notes'}"
    )
    for warning in m.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    return 0
