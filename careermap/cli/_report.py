"""``careermap report`` and ``careermap summary``: the shareable HTML report, and its
headline numbers in the terminal.

Wired into :mod:`careermap.cli` with :func:`add_report_parsers`. Expected failures (a path
that is not a map, a bad date, a folder that does not exist) raise
:class:`~careermap.errors.CareermapError`, which the CLI prints without a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from careermap.cli._options import add_as_of, as_of_or_today
from careermap.errors import (
    CareermapError,
    MapValidationError,
    format_report,
)

__all__ = ["add_report_parsers", "run_report", "run_summary"]


def add_report_parsers(subparsers: argparse._SubParsersAction) -> None:
    """Register ``report`` and ``summary`` on ``subparsers`` (``parser.add_subparsers()``).

    Examples
    --------
    >>> sub = argparse.ArgumentParser().add_subparsers(dest="command")
    >>> add_report_parsers(sub)
    >>> sorted(sub.choices)
    ['report', 'summary']
    """
    _add_report(subparsers)
    _add_summary(subparsers)


def _add_report(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register the ``report`` subcommand on ``subparsers`` (``parser.add_subparsers()``).

    Examples
    --------
    >>> import argparse
    >>> sub = argparse.ArgumentParser().add_subparsers(dest="command")
    >>> _add_report(sub).prog.endswith("report")
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
    add_as_of(p, "the day the report describes")
    p.add_argument(
        "--skip-broken",
        action="store_true",
        help="leave out people whose maps have problems (listed in the report and here) "
        "instead of failing the whole report",
    )
    p.set_defaults(func=run_report)
    return p


def _out_folder(out: Path) -> Path:
    """The folder the report goes in, created when missing, checked before any work: a bad
    ``--out`` used to fail after the report had been built."""
    if out.is_dir():
        raise CareermapError(
            f"cannot write {out}: it is a folder; give a file name, such as {out / 'report.html'}"
        )
    folder = out.parent
    if folder.exists() and not folder.is_dir():
        raise CareermapError(f"cannot write {out}: {folder} is a file, not a folder")
    if not folder.exists():
        try:
            folder.mkdir(parents=True)
        except OSError as exc:
            raise CareermapError(f"cannot create the folder {folder} for {out}: {exc}") from exc
        print(f"created the folder {folder}")
    if not os.access(folder, os.W_OK):
        raise CareermapError(f"cannot write {out}: the folder {folder} is not writable")
    return folder


def run_report(args: argparse.Namespace) -> int:
    """Build and write the report described by ``args``; print what was written.

    Returns 0, or 1 when a cohort has problems and ``--skip-broken`` was not given (the
    problems are printed, with how to leave those people out).
    """
    from careermap.io import find_people, load
    from careermap.report import write_report

    as_of = as_of_or_today(args.as_of)
    source = Path(args.path)
    if not source.exists():
        raise CareermapError(f"{source} does not exist; give a map folder or a cohort folder")
    _out_folder(Path(args.out))  # before the slow part
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


def _add_summary(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register the ``summary`` subcommand: the headline numbers in the terminal.

    Examples
    --------
    >>> import argparse
    >>> sub = argparse.ArgumentParser().add_subparsers(dest="command")
    >>> _add_summary(sub).prog.endswith("summary")
    True
    """
    p = subparsers.add_parser(
        "summary",
        help="print the headline numbers of a person or a cohort (the report's, as text)",
        description=(
            "Print what the report's first section shows: for a person the finish date, the "
            "work remaining, done and overdue milestones, hours against the plan and the gap "
            "to the first target role; for a cohort who needs attention and why, and the "
            "medians. People appear under stable pseudonyms unless --names is given."
        ),
    )
    p.add_argument("path", help="a person's map folder or a cohort folder")
    add_as_of(p, "the day described")
    p.add_argument("--names", action="store_true", help="show real names instead of pseudonyms")
    p.set_defaults(func=run_summary)
    return p


def run_summary(args: argparse.Namespace) -> int:
    """Print the person view's headline, or the cohort view's; returns 0."""
    from careermap import _format as fmt
    from careermap import views
    from careermap.io import load
    from careermap.share import privacy

    as_of = as_of_or_today(args.as_of)
    source = Path(args.path)
    if not source.exists():
        raise CareermapError(f"{source} does not exist; give a map folder or a cohort folder")
    m = privacy.shareable_map(load(source), names=args.names)
    if not m.is_cohort:
        v = views.person_view(m, as_of=as_of)
        print(f"{v.name}, as of {as_of}: {v.finish_text}")
        for label, value in v.headline().items():
            print(f"  {label}: {value}")
        return 0
    c = views.cohort_view(m, as_of=as_of)
    print(c.headline)
    medians = c.medians
    print(
        f"  medians: progress {fmt.number(medians['progress_pct'])}% of scope, "
        f"{fmt.hours(medians['hours_per_week_4w'])} a week over the last 4 weeks, "
        f"{fmt.count(medians['days_since_last_log'], 'day')} since the last log"
    )
    table = c.table(names=args.names)
    who = "name" if args.names else "person"
    for row in table[table["needs attention"] == "yes"].itertuples(index=False):
        print(f"  {getattr(row, who)}: {row.reasons}")
    for warning in m.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    return 0
