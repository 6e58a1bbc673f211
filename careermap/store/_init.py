"""A new person's map: a valid, commented starter roadmap.yaml and the four logs."""

from __future__ import annotations

import datetime as dt
import json
import os
from importlib import resources
from pathlib import Path

from careermap._dates import today
from careermap._vocab import LOG_FILES, SLUG_RE
from careermap.errors import InvalidArgumentError, StoreConflictError
from careermap.io import parse_yaml
from careermap.schemas import LOG_COLUMNS
from careermap.store._files import ROADMAP, create_new


def yaml_scalar(text: str) -> str:
    """``text`` as a YAML value that reads back as exactly ``text``: as written when the
    loader reads it so (``Sam Lee``), else double-quoted (JSON's quoting is YAML's), so that
    ``Dr. Sam: Lee``, ``{...}`` or a line break cannot change the file's structure.

    Examples
    --------
    >>> yaml_scalar("Sam Lee"), yaml_scalar("Dr. Sam: Lee"), yaml_scalar("a\\nb: c")
    ('Sam Lee', '"Dr. Sam: Lee"', '"a\\\\nb: c"')
    """
    value, problems = parse_yaml(f"name: {text}\n", "name") if "\n" not in text else (None, [])
    if not problems and value == {"name": text}:
        return text
    return json.dumps(text, ensure_ascii=False)


def init_map(
    folder: str | os.PathLike[str],
    *,
    person_id: str | None = None,
    name: str | None = None,
    start: dt.date | None = None,
) -> Path:
    """Create a valid, commented starter map in ``folder`` (created if needed).

    Writes ``roadmap.yaml`` and the four logs with their header lines. Refuses to touch a
    folder that already has a ``roadmap.yaml``.

    Parameters
    ----------
    folder
        Where to create the map; its name is the default person id.
    person_id, name
        The person's id (a slug) and display name.
    start
        The map's start date (default: today).

    Examples
    --------
    >>> import tempfile, careermap
    >>> from careermap.store import init_map
    >>> folder = init_map(tempfile.mkdtemp() + "/sam-lee", name="Sam Lee")
    >>> careermap.load(folder).people["name"].item()
    'Sam Lee'
    """
    out = Path(folder)
    pid = person_id or out.name.lower()
    if not SLUG_RE.match(pid):
        raise InvalidArgumentError(
            f"person id {pid!r} is not a slug (a-z, 0-9, '-' or '_', starting with a letter "
            "or digit); pass --id, e.g. --id sam-lee"
        )
    if (out / ROADMAP).exists():
        raise StoreConflictError(
            f"{out / ROADMAP} already exists; careermap init never overwrites a map"
        )
    start = start or today()
    text = (
        resources.files("careermap.templates")
        .joinpath(ROADMAP)
        .read_text(encoding="utf-8")
        .format(
            folder=" ".join(str(out).split()),  # (in a comment: no line break may end it)
            person_id=pid,
            name=yaml_scalar(name or pid.replace("-", " ").title()),
            start=start.isoformat(),
            horizon=start.replace(year=start.year + 4).isoformat(),
            deadline=(start + dt.timedelta(days=365)).isoformat(),
            m1_target=(start + dt.timedelta(days=60)).isoformat(),
            a1_due=(start + dt.timedelta(days=30)).isoformat(),
            m2_target=(start + dt.timedelta(days=150)).isoformat(),
        )
    )
    try:
        out.mkdir(parents=True, exist_ok=True)
        # no lock file: the logs are created only where missing and roadmap.yaml last, only
        # if still absent, so two inits racing on one folder never overwrite each other and
        # a reader never sees a roadmap without its logs
        for table, filename in LOG_FILES.items():
            create_new(out / filename, (",".join(LOG_COLUMNS[table]) + "\n").encode("utf-8"))
        created = create_new(out / ROADMAP, text.encode("utf-8"))
    except OSError as exc:
        raise StoreConflictError(
            f"cannot write to {out}: {exc.strerror or exc}; careermap init needs a folder it "
            "can create files in"
        ) from exc
    if not created:
        raise StoreConflictError(
            f"{out / ROADMAP} already exists; careermap init never overwrites a map"
        )
    return out
