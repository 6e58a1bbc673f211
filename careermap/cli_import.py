"""``careermap import``, ``careermap log`` and ``careermap undo``: the time log from a shell.

Wired into :mod:`careermap.cli` with :func:`add_time_parsers`. All three write through
:mod:`careermap.store`, so they apply the same checks as the notebook forms; expected
failures raise :class:`~careermap.errors.CareermapError`, which the CLI prints without a
traceback and exits 1.
"""

from __future__ import annotations

import argparse
import re
import sys

from careermap._dates import date_option, today
from careermap._vocab import parse_number
from careermap.errors import ImportRejectedError

__all__ = ["add_time_parsers", "run_import", "run_log", "run_undo"]

_HOURS_MINUTES = re.compile(r"^([0-9]+):([0-5][0-9])$")


def add_time_parsers(subparsers: argparse._SubParsersAction) -> None:
    """Register ``import``, ``log`` and ``undo`` on ``subparsers`` (``add_subparsers()``).

    Examples
    --------
    >>> import argparse
    >>> parser = argparse.ArgumentParser(prog="careermap")
    >>> add_time_parsers(parser.add_subparsers(dest="command"))
    >>> args = parser.parse_args(["log", "1:30", "practice", "--map", "maps/sam"])
    >>> args.hours, args.category, args.map
    ('1:30', 'practice', 'maps/sam')
    """
    from careermap.timeimport import FORMATS

    imp = subparsers.add_parser(
        "import",
        help="import time from Toggl Track, Clockify or calendar (.ics) exports",
        description=(
            "Add the entries of Toggl Track or Clockify detailed-report CSV exports and "
            "iCalendar files to a map's time_log.csv, in one change that `careermap undo` "
            "reverts. Entries already imported are skipped. See docs/importing.md."
        ),
    )
    imp.add_argument("files", nargs="+", metavar="FILE", help="export files")
    imp.add_argument("--map", required=True, metavar="FOLDER", help="the person's map folder")
    imp.add_argument("--rules", metavar="RULES.yaml", help="rules mapping entries to the map")
    imp.add_argument(
        "--tz",
        metavar="ZONE",
        help="IANA time zone of your days (default: person.timezone in roadmap.yaml, "
        "else this machine's zone)",
    )
    imp.add_argument("--format", choices=FORMATS, help="the export format (default: detected)")
    imp.add_argument(
        "--date-order",
        choices=("dmy", "mdy"),
        help="for dates like 03/04/2026 when the file cannot tell: day first or month first",
    )
    imp.add_argument(
        "--dry-run", action="store_true", help="show what would be added; write nothing"
    )
    imp.set_defaults(func=run_import)

    log = subparsers.add_parser(
        "log",
        help="log time to a map's time_log.csv",
        description="Add one row to time_log.csv, checked like the notebook's form.",
    )
    # (-1:30 is an argument, so that the store says what HOURS accepts; argparse would take it
    # for an option and say CATEGORY is missing)
    log._negative_number_matcher = re.compile(r"^-[0-9.:]+$")
    log.add_argument("hours", metavar="HOURS", help="hours, like 1.5 or 1:30")
    log.add_argument(
        "category",
        metavar="CATEGORY",
        help="learning, practice, networking, mentoring, job_search, reflection or other",
    )
    log.add_argument("--map", required=True, metavar="FOLDER", help="the person's map folder")
    log.add_argument("--goal", metavar="G", help="goal id, such as G1")
    log.add_argument("--milestone", metavar="M", help="milestone id, such as M3")
    log.add_argument("--action", metavar="A", help="action id, such as A7")
    log.add_argument("--date", metavar="D", help="YYYY-MM-DD (default: today)")
    log.add_argument("--note", metavar="TEXT", help="what you did")
    log.set_defaults(func=run_log)

    undo = subparsers.add_parser(
        "undo",
        help="revert the newest change to a map (an import, a log entry, a form's save)",
        description="Revert the newest change careermap made to a map folder, byte for byte.",
    )
    undo.add_argument("--map", required=True, metavar="FOLDER", help="the person's map folder")
    undo.set_defaults(func=run_undo)


def run_import(args: argparse.Namespace) -> int:
    """Import (or with ``--dry-run`` preview) the exports; print the preview; return 0 or 1."""
    from careermap.timeimport import import_time, plan_import

    options = {
        "rules": args.rules,
        "tz": args.tz,
        "format": args.format,
        "date_order": args.date_order,
    }
    if args.dry_run:
        plan = plan_import(args.map, args.files, **options)
        print(plan.summary(with_problems=False))
        if plan.problems:
            refused = ImportRejectedError(plan.problems, "the import would be refused")
            print(refused, file=sys.stderr)
            return 1
        print("dry run: nothing was written")
        return 0
    plan = import_time(args.map, args.files, **options)
    print(plan.summary())
    if plan.change is None:
        print("nothing new to import")
    else:
        print(f"{plan.change} (revert with: careermap undo --map {args.map})")
    return 0


def hours_arg(text: str) -> str | float | int:
    """``1:30`` as 1.5 and numbers as numbers; anything else as written, for the store to
    check and report.

    A number is read by the one rule of every file (:func:`careermap._vocab.parse_number`):
    ``1_5`` is no number (Python would read 15), and goes to the store as written.

    >>> hours_arg("1:45"), hours_arg("2.5"), hours_arg("30"), hours_arg("two"), hours_arg("1_5")
    (1.75, 2.5, 30, 'two', '1_5')
    """
    text = text.strip()
    if m := _HOURS_MINUTES.match(text):
        return int(m[1]) + int(m[2]) / 60
    number = parse_number(text)
    if number is None:
        return text
    return int(text) if text.isascii() and text.isdigit() else number


def run_log(args: argparse.Namespace) -> int:
    """Append one time-log row through the store; print what was written; return 0."""
    from careermap import store

    day = date_option(args.date, "--date") if args.date is not None else today()
    row = {
        "date": day,
        "hours": hours_arg(args.hours),
        "category": args.category,
        "goal": args.goal,
        "milestone": args.milestone,
        "action": args.action,
        "note": args.note,
    }
    change = store.append(args.map, "time_log", {k: v for k, v in row.items() if v is not None})
    written = change.rows.iloc[0]
    print(f"{change}: {written['hours']} h {written['category']} on {written['date']}")
    return 0


def run_undo(args: argparse.Namespace) -> int:
    """Revert the newest change to the map; print what was undone; return 0."""
    from careermap import store

    print(store.undo(args.map))
    return 0
