"""``careermap import``, ``careermap log`` and ``careermap undo``: the time log from a shell.

Wired into :mod:`careermap.cli` with :func:`add_time_parsers`. All three write through
:mod:`careermap.store`, so they apply the same checks as the notebook forms; expected
failures raise :class:`~careermap.errors.CareermapError`, which the CLI prints without a
traceback and exits 1.
"""

from __future__ import annotations

import argparse
import re
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from careermap._vocab import IMPORT_FORMATS, parse_number
from careermap.cli._options import date_arg
from careermap.errors import ImportRejectedError

if TYPE_CHECKING:
    from careermap.timeimport import ImportPlan

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
    imp.add_argument(
        "--format", choices=IMPORT_FORMATS, help="the export format (default: detected)"
    )
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
        print(preview_text(plan))
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
        from careermap._command import self_command

        undo = f"{self_command()} undo --map {shlex.quote(str(args.map))}"
        print(f"{plan.change} (revert with: {undo})")
    return 0


#: How to change the zone the local days are counted in, where it is chosen by default.
ZONE_HINT = {
    "this machine's time zone": (
        "to count days in another zone, add timezone: ZONE (such as Europe/Berlin) under "
        "person: in roadmap.yaml, or pass --tz ZONE"
    ),
    "roadmap.yaml person.timezone": "to count days in another zone, pass --tz ZONE",
}


def preview_text(plan: ImportPlan) -> str:
    """Each row the import would add, with the rule that set its fields and the zone of its
    day, then how to change the zone: what to check before writing.

    >>> import shutil, tempfile, pathlib, careermap
    >>> from careermap.timeimport import plan_import
    >>> folder = shutil.copytree(careermap.sample_path(), tempfile.mkdtemp() + "/alex")
    >>> export = pathlib.Path(folder).parent / "week.ics"
    >>> _ = export.write_text("BEGIN:VCALENDAR\\nBEGIN:VEVENT\\nUID:1@x\\n"
    ...     "DTSTART:20261124T170000Z\\nDTEND:20261124T183000Z\\nSUMMARY:Mock interview\\n"
    ...     "CATEGORIES:job search\\nEND:VEVENT\\nEND:VCALENDAR\\n")
    >>> text = preview_text(plan_import(folder, [export], tz="America/New_York"))
    >>> text.splitlines()[1].split()
    ['date', 'hours', 'category', 'goal', 'milestone', 'action', 'rule', 'zone', 'from']
    >>> " ".join(text.splitlines()[2].split())
    '2026-11-24 1.50 job_search none (tags and defaults) America/New_York week.ics:2'
    """
    table = plan.preview()
    if table.empty:
        return "no rows to add"
    shown = table.assign(
        hours=table["hours"].map("{:.2f}".format),
        **{
            "from": [
                f"{Path(f).name}:{n}" for f, n in zip(table["file"], table["line"], strict=True)
            ]
        },
    ).drop(columns=["file", "line"])
    lines = [
        "rows to add, each with the rule that set it (rules[0] is the first rule in the rules "
        "file):"
    ]
    lines += ["  " + line for line in shown.to_string(index=False).splitlines()]
    hint = ZONE_HINT.get(plan.zone_source)
    if hint:
        lines.append(f"days are counted in {plan.zone} ({plan.zone_source}): {hint}")
    return "\n".join(lines)


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
    from careermap._dates import today  # imports pandas: not at start-up

    day = date_arg(args.date, "--date") if args.date is not None else today()
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
    _warn_about_line(args.map, int(change.rows.index[0]))
    return 0


def _warn_about_line(folder: str, line: int) -> None:
    """Print the map's warnings on the time-log line just written (such as a date before
    the map's start), the same ones ``careermap validate`` gives, so they show at once."""
    from careermap import load
    from careermap.errors import CareermapError

    try:
        m = load(folder)
    except CareermapError:
        return  # the row was checked before it was written; validate reports the rest
    for problem in m.warnings:
        if Path(problem.file).name == "time_log.csv" and problem.location == f"line {line}":
            print(f"warning: {problem}", file=sys.stderr)


def run_undo(args: argparse.Namespace) -> int:
    """Revert the newest change to the map; print what was undone; return 0."""
    from careermap import store

    print(store.undo(args.map))
    return 0
