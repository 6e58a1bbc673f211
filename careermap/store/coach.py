"""A coach's private notes on each person, kept in the cohort folder.

One Markdown file per person: ``COHORT/.coach/notes/<person_id>.md``. The folder is hidden,
so loading the cohort ignores it, and the notes never reach a shared output (the HTML report,
``careermap export``) unless the coach asks (``careermap export --with-notes``). A note is
written atomically (:func:`careermap.store.atomic_write`); careermap's bundled demo cohort is
never written.

Examples
--------
>>> import shutil, tempfile, careermap
>>> from careermap.store import coach
>>> cohort = shutil.copytree(careermap.cohort_path(), tempfile.mkdtemp() + "/cohort")
>>> path = coach.write_note(cohort, "p002-yuki-zhou", "Call after the exam week.")
>>> path.relative_to(cohort).as_posix()
'.coach/notes/p002-yuki-zhou.md'
>>> coach.read_note(cohort, "p002-yuki-zhou")
'Call after the exam week.'
>>> coach.read_notes(cohort)
{'p002-yuki-zhou': 'Call after the exam week.'}
"""

from __future__ import annotations

import io
import os
from pathlib import Path

from careermap._paths import bundled_folders
from careermap._vocab import SLUG_RE
from careermap.errors import InvalidArgumentError
from careermap.store._files import atomic_write

__all__ = [
    "NOTES_FOLDER",
    "is_writable",
    "note_path",
    "read_note",
    "read_notes",
    "set_group",
    "write_note",
]

NOTES_FOLDER = Path(".coach") / "notes"
"""Where the notes live, relative to the cohort folder."""

_MAX_NOTE = 100_000


def note_path(cohort: str | os.PathLike[str], person_id: str) -> Path:
    """The file that holds the coach's note on ``person_id``.

    Examples
    --------
    >>> note_path("cohort", "sam-lee").as_posix()
    'cohort/.coach/notes/sam-lee.md'
    >>> note_path("cohort", "../x")
    Traceback (most recent call last):
    ...
    careermap.errors.InvalidArgumentError: person id '../x' is not a slug ...
    """
    if not isinstance(person_id, str) or not SLUG_RE.match(person_id):
        raise InvalidArgumentError(
            f"person id {person_id!r} is not a slug (a-z, 0-9, '-' or '_', starting with a "
            "letter or digit)"
        )
    return Path(cohort) / NOTES_FOLDER / f"{person_id}.md"


def is_writable(cohort: str | os.PathLike[str]) -> bool:
    """False for careermap's bundled demo data (never written), True otherwise."""
    resolved = Path(cohort).resolve()
    return not any(resolved.is_relative_to(folder) for folder in bundled_folders())


def read_note(cohort: str | os.PathLike[str], person_id: str) -> str:
    """The note on ``person_id`` ("" when there is none)."""
    path = note_path(cohort, person_id)
    if not os.path.lexists(path):
        return ""
    return _note_text(Path(cohort), path)


def _note_text(cohort: Path, path: Path) -> str:
    """A note's text, read as a map's files are (:func:`careermap.io.read_map_file`): a
    regular file inside the cohort (a link out of it, a pipe or a device is refused, so its
    content never reaches a report or an export), UTF-8; else a clear error naming it."""
    from careermap.errors import EntryRejectedError, Problem
    from careermap.io import read_map_file

    shown = str(path)
    data, problems = read_map_file(path, shown, inside=[cohort])
    if data is None:
        raise EntryRejectedError(problems, "the coach notes cannot be read")
    try:
        return data.decode("utf-8-sig").rstrip("\n")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        rule = "is not UTF-8 text; save the note as UTF-8 in your editor"
        raise EntryRejectedError(
            [Problem(shown, f"line {line}", "", "", rule, "encoding")],
            "the coach notes cannot be read",
        ) from None


def read_notes(cohort: str | os.PathLike[str]) -> dict[str, str]:
    """Every note in the cohort, by person id (files whose name is not a person id are skipped)."""
    folder = Path(cohort) / NOTES_FOLDER
    if not folder.is_dir():
        return {}
    return {
        p.stem: _note_text(Path(cohort), p)
        for p in sorted(folder.glob("*.md"))
        if SLUG_RE.match(p.stem) and (p.is_symlink() or p.is_file())
    }


def write_note(cohort: str | os.PathLike[str], person_id: str, text: str) -> Path:
    """Replace the note on ``person_id`` with ``text`` (an empty text removes the note).

    Raises
    ------
    InvalidArgumentError
        For the bundled demo cohort, a person id that is not a slug, or a note over 100,000
        characters.
    """
    path = note_path(cohort, person_id)
    if not is_writable(cohort):
        from careermap._command import self_command

        raise InvalidArgumentError(
            f"{cohort} is careermap's bundled demo cohort, which is never changed; make your "
            f"own copy to keep notes ({self_command()} demo my-cohort)"
        )
    if not isinstance(text, str) or len(text) > _MAX_NOTE:
        raise InvalidArgumentError(
            f"a coach note is text of at most {_MAX_NOTE:,} characters; got "
            f"{type(text).__name__} of length {len(text) if isinstance(text, str) else '?'}"
        )
    if not text.strip():
        path.unlink(missing_ok=True)
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, (text.rstrip("\n") + "\n").encode("utf-8"))
    return path


def set_group(cohort: str | os.PathLike[str], person_id: str, group: str) -> Path:
    """Put ``person_id`` in ``group`` in the cohort's ``cohort.yaml`` (created if missing).

    The file is edited in place, keeping its comments and the other entries, and replaced
    atomically.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> print(set_group(folder, "sam-lee", "data").read_text(), end="")
    groups:
      sam-lee: data
    """
    from ruamel.yaml import YAML

    if not isinstance(group, str) or not group.strip() or len(group) > 100:
        raise InvalidArgumentError(f"a group is a short name like 'data'; got {group!r}")
    note_path(cohort, person_id)  # the person id is a slug
    if not is_writable(cohort):
        raise InvalidArgumentError(f"{cohort} is careermap's bundled demo data, never changed")
    path = Path(cohort) / "cohort.yaml"
    yaml = YAML(typ="rt")
    yaml.indent(mapping=2, sequence=4, offset=2)
    doc = yaml.load(path.read_text(encoding="utf-8")) if path.exists() else None
    if doc is None:
        doc = {}
    if not isinstance(doc, dict):
        raise InvalidArgumentError(
            f"{path} must be a mapping with name:, coach:, start:, groups:; it is not, so "
            "the group was not written"
        )
    if doc.get("groups") is None:
        doc["groups"] = {}
    if not isinstance(doc["groups"], dict):
        raise InvalidArgumentError(f"{path}: groups must be a mapping of person id to group")
    doc["groups"][person_id] = group.strip()
    out = io.StringIO()
    yaml.dump(doc, out)
    atomic_write(path, out.getvalue().encode("utf-8"))
    return path
