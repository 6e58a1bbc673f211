"""What both forms share: the status area, dates, and reading the map after a change."""

from __future__ import annotations

import datetime as dt
import html
import os
from pathlib import Path
from typing import Any

import ipywidgets as widgets

import careermap
from careermap import store
from careermap._dates import as_of_arg
from careermap._vocab import REVIEW_SCORES
from careermap.errors import CareermapError, InvalidArgumentError, MapValidationError


def today(as_of: Any) -> dt.date:
    """The form's default date: ``as_of`` (a date or ISO text) or today."""
    return as_of_arg(as_of).date()


def person_folder(folder: str | os.PathLike[str]) -> Path:
    path = Path(folder)
    if not (path / "roadmap.yaml").is_file():
        raise InvalidArgumentError(
            f"{path} holds no roadmap.yaml; give one person's map folder "
            "(a copy of careermap.sample_path(), or one made with `careermap init`)"
        )
    return path


class Status(widgets.HTML):
    """Says what was written, or why nothing was; ``text`` holds the same as plain text."""

    def __init__(self) -> None:
        super().__init__(value="")
        self.text = ""

    def saved(self, change: store.Change) -> None:
        # an undo's own text starts "undid ...": after the "Undone" label, say what it was
        text = str(change)
        lines = [text.removeprefix("undid ") if change.op == "undo" else text]
        if change.rows is not None:
            for line, row in change.rows.iterrows():
                cells = ", ".join(f"{k}={v}" for k, v in row.items() if v != "")
                lines.append(f"line {line}: {cells}")
        self._show("Undone" if change.op == "undo" else "Saved", "#1b7837", lines)

    def failed(self, exc: Exception) -> None:
        if isinstance(exc, store.EntryRejectedError | MapValidationError):
            head = exc.what if isinstance(exc, store.EntryRejectedError) else "Not loaded"
            lines = [head, *(str(p) for p in exc.problems)]
        else:
            lines = [str(exc)]
        self._show("Not saved", "#b2182b", lines)

    def note(self, message: str) -> None:
        self._show("", "#444444", [message])

    def _show(self, title: str, color: str, lines: list[str]) -> None:
        self.text = "\n".join(([f"{title}: {lines[0]}"] if title else lines[:1]) + lines[1:])
        first = html.escape(lines[0])
        rest = "".join(f"<li>{html.escape(x)}</li>" for x in lines[1:])
        label = f"<b style='color:{color}'>{title}</b> " if title else ""
        self.value = f"<div>{label}{first}</div>" + (f"<ul>{rest}</ul>" if rest else "")


def run(status: Status, action: Any, *args: Any, **kwargs: Any) -> store.Change | None:
    """Call a store function; show what it wrote or why it wrote nothing."""
    try:
        change = action(*args, **kwargs)
    except CareermapError as exc:
        status.failed(exc)
        return None
    status.saved(change)
    return change


def reload(folder: Path, status: Status) -> careermap.CareerMap | None:
    """The map as it is now on disk (another notebook may have changed it)."""
    try:
        return careermap.load(folder)
    except MapValidationError as exc:
        status.failed(exc)
        return None


def labelled(description: str, widget: widgets.Widget) -> widgets.Widget:
    widget.description = description
    widget.style = {"description_width": "7em"}
    return widget


def score_sliders() -> dict[str, widgets.IntSlider]:
    """One 1-5 slider per review score of reviews.csv (``REVIEW_SCORES``), labelled, at 3:
    the controls of every form that saves a review."""
    return {
        name: labelled(name.capitalize(), widgets.IntSlider(value=3, min=1, max=5))
        for name in REVIEW_SCORES
    }


def button(description: str, **kwargs: Any) -> widgets.Button:
    """A button as wide as its label (the default width cuts "Save assessment" short)."""
    return widgets.Button(
        description=description, layout=widgets.Layout(width="auto", min_width="9em"), **kwargs
    )


class Form(widgets.VBox):
    """A box of controls whose plain-text form says to run its cell, not its widget tree.

    A notebook committed without widget state (or opened before Run All) shows a widget's
    ``text/plain``; ipywidgets makes that the widget's repr (``VBox(children=(Text(...``),
    which tells a reader nothing. Every form, dashboard and panel of careermap shows
    "run this cell to show the form" there instead, however the notebook was executed.

    Examples
    --------
    >>> import ipywidgets as widgets
    >>> from careermap.widgets import Form
    >>> box = Form([widgets.Text(value="data analyst")], what="occupation search")
    >>> box._repr_mimebundle_()["text/plain"]
    'occupation search: run this cell to show the form'
    """

    what = "form"

    def __init__(self, children: Any = (), *, what: str | None = None, **kwargs: Any) -> None:
        super().__init__(children=children, **kwargs)
        if what is not None:
            self.what = what

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any] | None:
        data = super()._repr_mimebundle_(**kwargs)
        if data is not None:
            data["text/plain"] = f"{self.what}: run this cell to show the form"
        return data
