"""The weekly review form: the review of :func:`careermap.metrics.weekly_review`, four scores
and a note, saved as one row of reviews.csv."""

from __future__ import annotations

import os
from typing import Any

import ipywidgets as widgets
from IPython.display import Markdown

import careermap
from careermap import metrics, store
from careermap._vocab import REVIEW_SCORES
from careermap.widgets._common import (
    Form,
    Status,
    button,
    labelled,
    person_folder,
    reload,
    run,
    score_sliders,
    today,
)


class ReviewForm(Form):
    """The widget :func:`weekly_review_form` returns; its controls are attributes.

    Attributes
    ----------
    review : careermap.metrics.WeeklyReview
        What the form shows (``review_text`` is its Markdown, ``review_output`` shows it).
    satisfaction, motivation, confidence, alignment : 1-5 sliders
    note : the review's note
    save_button, undo_button
    status : what was written, or why nothing was (``status.text`` as plain text)
    """

    what = "weekly review"

    def __init__(
        self, folder: str | os.PathLike[str], *, since: Any = None, as_of: Any = None
    ) -> None:
        self.folder = person_folder(folder)
        self.as_of = today(as_of)
        self.since = since
        self.status = Status()
        self.review_output = widgets.Output(
            layout=widgets.Layout(border="1px solid #ddd", padding="0 1em")
        )
        scores = score_sliders()
        self.satisfaction = scores["satisfaction"]
        self.motivation = scores["motivation"]
        self.confidence = scores["confidence"]
        self.alignment = scores["alignment"]
        self.note = labelled("Note", widgets.Textarea(placeholder="how the week went"))
        self.save_button = button(description="Save review", button_style="primary", icon="save")
        self.undo_button = button(description="Undo last change", icon="undo")
        self.save_button.on_click(lambda _: self.save())
        self.undo_button.on_click(lambda _: self.undo())
        self._show(careermap.load(self.folder))
        super().__init__(
            [
                self.review_output,
                widgets.HTML("<b>How was the week?</b> 1 = poor, 5 = very good"),
                *scores.values(),
                self.note,
                widgets.HBox([self.save_button, self.undo_button]),
                self.status,
            ]
        )

    def _show(self, m: careermap.CareerMap) -> None:
        self.review = metrics.weekly_review(m, since=self.since, as_of=self.as_of)
        self.review_text = self.review.to_markdown()
        self.review_output.outputs = ()  # (clear_output writes escape codes outside a kernel)
        self.review_output.append_display_data(Markdown(self.review_text))

    def save(self) -> store.Change | None:
        """Append the scores and the note to reviews.csv, dated the review's day."""
        row = {"date": self.as_of, "note": self.note.value}
        row |= {name: getattr(self, name).value for name in REVIEW_SCORES}
        change = run(self.status, store.append, self.folder, "reviews", row)
        if change is not None:
            self.note.value = ""
        return change

    def undo(self) -> store.Change | None:
        """Revert the newest change to the folder (this form's save, or another's)."""
        change = run(self.status, store.undo, self.folder)
        if change is not None and (m := reload(self.folder, self.status)) is not None:
            self._show(m)
        return change


def weekly_review_form(
    folder: str | os.PathLike[str], *, since: Any = None, as_of: Any = None
) -> ReviewForm:
    """A form for the weekly review: what moved, slipped and is due, then scores and a note.

    The review is :func:`careermap.metrics.weekly_review` (the same text ``careermap review``
    prints); **Save review** adds one row to reviews.csv through :mod:`careermap.store`
    (checked first, undoable).

    Parameters
    ----------
    folder : path
        One person's map folder.
    since, as_of : date-like, optional
        The review's window (default: since the last review, up to today).

    Returns
    -------
    ReviewForm

    Examples
    --------
    >>> import shutil, tempfile, careermap
    >>> from careermap import widgets
    >>> folder = shutil.copytree(careermap.sample_path(), tempfile.mkdtemp() + "/alex")
    >>> form = widgets.weekly_review_form(folder, as_of="2026-11-15")
    >>> form.review_text.splitlines()[0]
    '# Weekly review: Alex Rivera, 2026-11-15'
    >>> form.satisfaction.value = 4
    >>> form.save_button.click()
    >>> form.status.text.splitlines()[0]
    'Saved: reviews.csv: added line 16'
    """
    return ReviewForm(folder, since=since, as_of=as_of)
