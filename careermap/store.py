"""Writing map folders: the only code in careermap that changes what a person wrote.

Every write is durable: a new file is written to a temporary file in the same folder,
flushed and fsynced, then renamed over the target, so a crash leaves either the old or the
new file, never half of one.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from importlib import resources
from pathlib import Path

from careermap._vocab import LOG_COLUMNS, LOG_FILES, SLUG_RE
from careermap.errors import InvalidArgumentError, StoreConflictError

__all__ = ["atomic_write", "init_map"]


def atomic_write(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically (temp file, fsync, rename, fsync folder)."""
    folder = path.parent
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _fsync_dir(folder)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - some platforms cannot open folders
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


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
    if (out / "roadmap.yaml").exists():
        raise StoreConflictError(
            f"{out / 'roadmap.yaml'} already exists; careermap init never overwrites a map"
        )
    start = start or dt.date.today()
    text = (
        resources.files("careermap.templates")
        .joinpath("roadmap.yaml")
        .read_text(encoding="utf-8")
        .format(
            folder=out,
            person_id=pid,
            name=name or pid.replace("-", " ").title(),
            start=start.isoformat(),
            horizon=start.replace(year=start.year + 4).isoformat(),
            deadline=(start + dt.timedelta(days=365)).isoformat(),
            m1_target=(start + dt.timedelta(days=60)).isoformat(),
            a1_due=(start + dt.timedelta(days=30)).isoformat(),
            m2_target=(start + dt.timedelta(days=150)).isoformat(),
        )
    )
    out.mkdir(parents=True, exist_ok=True)
    atomic_write(out / "roadmap.yaml", text.encode("utf-8"))
    for table, filename in LOG_FILES.items():
        f = out / filename
        if not f.exists():
            atomic_write(f, (",".join(LOG_COLUMNS[table]) + "\n").encode("utf-8"))
    return out
