"""``careermap report PATH --out report.html``: write the shareable HTML report.

Wired into :mod:`careermap.cli` with :func:`add_report_parser`. Expected failures (a path
that is not a map, a bad date, a folder that does not exist) raise
:class:`~careermap.errors.CareermapError`, which the CLI prints without a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from careermap._dates import date_option, today
from careermap.errors import (
    CareermapError,
    MapValidationError,
    format_report,
)

__all__ = ["add_report_parser", "run_report"]


def _date(text: str) -> dt.date:
    return date_option(text, "--as-of")


def add_report_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register the ``report`` subcommand on ``subparsers`` (``parser.add_subparsers()``).

    Examples
    --------
    >>> import argparse
    >>> sub = argparse.ArgumentParser().add_subparsers(dest="command")
    >>> add_report_parser(sub).prog.endswith("report")
    True
    """
    p = subparsers.add_parser(
        "report",
        help="write a self-contained HTML report for a person or a cohort",
        description=(
            "Write one HTML file that opens offline (plotly.js inline, no external links). "
            "People appear under stable pseudonyms and free-text notes are left out, unless "
            "--names / --notes are given."
        ),
    )
    p.add_argument("path", help="a person's map folder or a cohort folder")
    p.add_argument(
        "--out", default="report.html", help="the HTML file to write (default %(default)s)"
    )
    p.add_argument("--names", action="store_true", help="show real names instead of pseudonyms")
    p.add_argument("--notes", action="store_true", help="include free-text notes and reasons")
    p.add_argument("--as-of", dest="as_of", help="the day the report describes (default today)")
    p.add_argument(
        "--skip-broken",
        action="store_true",
        help="leave out people whose maps have problems (listed in the report and here) "
        "instead of failing the whole report",
    )
    p.set_defaults(func=run_report)
    return p


def run_report(args: argparse.Namespace) -> int:
    """Build and write the report described by ``args``; print what was written.

    Returns 0, or 1 when a cohort has problems and ``--skip-broken`` was not given (the
    problems are printed, with how to leave those people out).
    """
    from careermap.io import find_people, load
    from careermap.report import write_report

    as_of = _date(args.as_of) if args.as_of else today()
    source = Path(args.path)
    if not source.exists():
        raise CareermapError(f"{source} does not exist; give a map folder or a cohort folder")
    out_folder = Path(args.out).parent
    if not out_folder.is_dir():  # say so before the slow part
        raise CareermapError(f"cannot write {args.out}: the folder {out_folder} does not exist")
    try:
        m = load(source, on_error="skip" if args.skip_broken else "raise")
    except MapValidationError as exc:
        if args.skip_broken or find_people(source)[0] != "cohort":
            raise
        print(
            f"careermap: {exc}\nTo write the report for everyone else, leaving out (and "
            "listing) the people with problems, add --skip-broken.",
            file=sys.stderr,
        )
        return 1
    out = write_report(m, args.out, as_of=as_of, names=args.names, notes=args.notes)
    size = out.stat().st_size
    n = len(m.people)
    left = {p.person_id for p in m.skipped if p.person_id}
    print(
        f"wrote {out} ({size:,} bytes) - {n} {'person' if n == 1 else 'people'}, as of {as_of}, "
        f"{'real names' if args.names else 'pseudonyms'}, "
        f"{'notes included' if args.notes else 'notes left out'}"
        + (f"; left out {len(left)} with problems (listed in the report)" if left else "")
    )
    if m.skipped:
        print(f"left out of the report:\n{format_report(m.skipped)}", file=sys.stderr)
    return 0
