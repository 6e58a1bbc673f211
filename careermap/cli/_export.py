"""``careermap export`` and ``careermap dashboard``: the coach's table and the coach's app.

Wired into :mod:`careermap.cli` with :func:`add_export_parsers`. Expected failures (a path
that is not a cohort, a bad date, an output the tool cannot write) raise
:class:`~careermap.errors.CareermapError`, which the CLI prints without a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

from careermap.errors import CareermapError, InvalidArgumentError

__all__ = ["add_export_parsers", "run_dashboard", "run_export"]


def _date(text: str) -> dt.date:
    from careermap._dates import date_option  # imports pandas: not at start-up

    return date_option(text, "--as-of")


def add_export_parsers(subparsers: argparse._SubParsersAction) -> None:
    """Register the ``export`` and ``dashboard`` subcommands on ``subparsers``.

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
    e.add_argument("--as-of", dest="as_of", help="the day the KPIs describe (default today)")
    e.add_argument("--names", action="store_true", help="real names instead of pseudonyms")
    e.add_argument(
        "--with-notes", action="store_true", help="add the coach notes (COHORT/.coach/notes/)"
    )
    e.set_defaults(func=run_export)

    d = subparsers.add_parser(
        "dashboard",
        help="open the coach's dashboard (Voila) on a cohort (default: the bundled demo)",
        description=(
            "Start a local Voila server on the coach's dashboard and open it in the browser. "
            "It serves 127.0.0.1 only and loads nothing from the internet."
        ),
    )
    d.add_argument("path", metavar="COHORT", nargs="?", help="a cohort folder")
    d.add_argument("--port", type=int, default=8866, help="the port (default %(default)s)")
    d.add_argument("--no-browser", action="store_true", help="do not open a browser")
    d.add_argument("--names", action="store_true", help="real names instead of pseudonyms")
    d.add_argument("--as-of", dest="as_of", help="the day to open on (default today)")
    d.set_defaults(func=run_dashboard)


def run_export(args: argparse.Namespace) -> int:
    """Load the cohort, compute its KPI table and write it; print what was written."""
    from careermap import _format as fmt
    from careermap import coach
    from careermap._dates import today
    from careermap.export import write_table
    from careermap.io import load
    from careermap.views import cohort_view

    as_of = _date(args.as_of) if args.as_of else today()
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


def run_dashboard(args: argparse.Namespace) -> int:
    """Start Voila on the dashboard; returns when the server stops (Ctrl+C)."""
    import subprocess
    import tempfile

    from careermap.dashboard import voila_command

    if args.as_of:
        _date(args.as_of)
    with tempfile.TemporaryDirectory(prefix="careermap-dashboard-") as work:
        argv, env = voila_command(
            args.path,
            port=args.port,
            browser=not args.no_browser,
            names=args.names,
            as_of=args.as_of,
            workdir=work,
        )
        print(
            f"careermap dashboard on {env['CAREERMAP_DASHBOARD_COHORT']}: "
            f"http://127.0.0.1:{args.port}/ (Ctrl+C stops it)",
            flush=True,
        )
        try:
            # run in the working folder: a Jupyter or Voila config file where the coach
            # typed the command (voila.json at the repository root) is not the dashboard's
            return subprocess.call(argv, env={**os.environ, **env}, cwd=work)
        except KeyboardInterrupt:
            return 130
