"""The demo cohort generator's entry point: arguments, the people in order, the cohort file."""

from __future__ import annotations

import datetime as dt
import os
import re
import unicodedata
from pathlib import Path

import numpy as np

from careermap.demo._calendar import Calendar
from careermap.demo._catalogue import COACHES, FIRST_NAMES, LAST_NAMES, TRACKS
from careermap.demo._logs import draw_logs
from careermap.demo._personas import assign_personas
from careermap.demo._plan import Plan
from careermap.demo._write import prepare, write_cohort_file, write_person
from careermap.errors import InvalidArgumentError

SPAN_DAYS = 440
"""Days from a demo cohort's start to its last day unless both are given (the bundled demo:
2025-09-01 to 2026-11-15)."""


def demo_dates(end: str | None = None, start: str | None = None) -> tuple[str, str]:
    """The last day and the start of a demo cohort's data, as ISO dates.

    ``end`` defaults to today (:func:`careermap._dates.today`, so ``CAREERMAP_TODAY`` pins
    it), so a new demo shows what a coach sees on a normal day: most people active, a few
    stalled or gone quiet. ``start`` defaults to :data:`SPAN_DAYS` days before ``end``.

    Examples
    --------
    >>> demo_dates("2026-11-15")
    ('2026-11-15', '2025-09-01')
    >>> demo_dates("2027-03-01", "2026-01-05")
    ('2027-03-01', '2026-01-05')
    """
    from careermap._dates import today

    last = _parse_date(end, "end") if end is not None else today()
    first = _parse_date(start, "start") if start is not None else last - dt.timedelta(SPAN_DAYS)
    return last.isoformat(), first.isoformat()


def todays_demo() -> Path:
    """The demo cohort (30 people, seed 7, as bundled) with its data ending today, written
    once a day into careermap's cache folder: what ``careermap dashboard`` opens when no
    cohort is given, so a first look shows a normal day, not a cohort gone quiet since the
    bundled copy was made. On the day the bundled copy ends (2026-11-15, the day the tests
    pin) it is that copy, byte for byte.

    Examples
    --------
    >>> import os, tempfile
    >>> os.environ["CAREERMAP_CACHE_DIR"] = tempfile.mkdtemp()
    >>> os.environ["CAREERMAP_TODAY"] = "2027-01-31"
    >>> folder = todays_demo()
    >>> folder.parent.name, sum(p.is_dir() for p in folder.iterdir())
    ('2027-01-31', 30)
    >>> del os.environ["CAREERMAP_CACHE_DIR"], os.environ["CAREERMAP_TODAY"]
    """
    import shutil
    import tempfile

    from careermap._cache_keys import cache_dir

    end, start = demo_dates()
    out = cache_dir() / "demo" / end / "cohort"
    if (out / "cohort.yaml").is_file():
        return out
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".new-", dir=out.parent))
    try:
        generate_cohort(tmp / "cohort", people=30, seed=7, as_of=end, start=start)
        os.replace(tmp / "cohort", out)
    except OSError:
        if not (out / "cohort.yaml").is_file():  # not written by another start meanwhile
            raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return out


def generate_cohort(
    out: str | os.PathLike[str],
    *,
    people: int = 30,
    seed: int = 0,
    as_of: str = "2026-11-15",
    start: str = "2025-09-01",
) -> Path:
    """Write a deterministic demo cohort folder with planted personas.

    Parameters
    ----------
    out
        Folder to write, created if missing. Person folders of an earlier demo cohort
        there (listed in its ``cohort.yaml``) are removed first; other files are kept.
    people
        Number of people (>= 1).
    seed
        Seed of ``numpy.random.default_rng``; the same seed gives byte-identical files.
    as_of
        ISO date the data runs to: no log, done date or reschedule is later than this.
    start
        ISO start date of the cohort (each person starts 0-13 days after it).

    Returns
    -------
    pathlib.Path
        The cohort folder.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = generate_cohort(pathlib.Path(tempfile.mkdtemp()) / "demo", people=6, seed=1)
    >>> (folder / "cohort.yaml").is_file(), sum(p.is_dir() for p in folder.iterdir())
    (True, 6)
    """
    if isinstance(people, bool) or not isinstance(people, int) or people < 1:
        raise InvalidArgumentError(f"people must be a positive integer; got {people!r}")
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise InvalidArgumentError(f"seed must be a non-negative integer; got {seed!r}")
    d0, d_as_of = _parse_date(start, "start"), _parse_date(as_of, "as_of")
    if (d_as_of - d0).days < 240:
        raise InvalidArgumentError(
            f"as_of must be at least 240 days after start; got start={start}, as_of={as_of}"
        )
    root = Path(out)
    prepare(root)
    rng = np.random.default_rng(seed)
    cal = Calendar(d0, d_as_of)
    personas = assign_personas(rng, people)
    tracks = [TRACKS[i] for i in rng.integers(0, len(TRACKS), size=people)]
    # the unrated Data Scientists role goes to data-track people first
    order = rng.permutation(people).tolist()
    order.sort(key=lambda i: tracks[i] != "data")
    unrated = set(order[: max(1, round(0.05 * people))])
    width = max(3, len(str(people)))
    ids: list[str] = []
    # one person at a time, in one order: name, plan, logs (the seed's draws stay the same)
    for i in range(people):
        first = FIRST_NAMES[int(rng.integers(len(FIRST_NAMES)))]
        last = LAST_NAMES[int(rng.integers(len(LAST_NAMES)))]
        pid = f"p{i + 1:0{width}d}-{_slug(first)}-{_slug(last)}"
        ids.append(pid)
        plan = Plan(rng, cal, pid, f"{first} {last}", personas[i], tracks[i], i in unrated)
        write_person(root / pid, plan, draw_logs(plan))
    write_cohort_file(
        root,
        comment=(
            f"Demo cohort written by careermap.demo.generate_cohort(people={people}, seed={seed},\n"
            f"as_of={as_of}, start={start}). `personas` is an extension key written by the demo\n"
            "generator so that tests and demos can check the planted signals."
        ),
        name=f"Demo cohort (seed {seed})",
        coach=COACHES[seed % len(COACHES)],
        start=d0,
        groups=dict(zip(ids, tracks, strict=True)),
        personas=dict(zip(ids, personas, strict=True)),
    )
    return root


def _parse_date(text: str, name: str) -> dt.date:
    try:
        return dt.date.fromisoformat(str(text))
    except ValueError:
        raise InvalidArgumentError(
            f"{name} must be an ISO date (YYYY-MM-DD); got {text!r}"
        ) from None


def _slug(text: str) -> str:
    ascii_ = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "", ascii_.lower())
