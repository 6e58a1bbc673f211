"""The import form: Toggl, Clockify or calendar exports into the time log, preview first."""

from __future__ import annotations

import html
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from careermap import _format as fmt
from careermap import store
from careermap.errors import CareermapError, ImportRejectedError
from careermap.timeimport import ImportPlan, import_time, plan_import
from careermap.widgets._common import Form, Status, button, labelled, person_folder, run

_ORDERS = [
    ("as the file shows", None),
    ("day first (31/12)", "dmy"),
    ("month first (12/31)", "mdy"),
]


class TimeImport(Form):
    """The widget :func:`time_import` returns; its controls are attributes.

    Attributes
    ----------
    upload : exports chosen in the browser (saved to a temporary folder to be read)
    paths : export paths typed in, one per line (relative to the notebook)
    rules, tz, date_order : the import's options (empty: none, the roadmap's zone, detected)
    preview_button : reads the exports and shows what would be added; writes nothing
    import_button : adds the rows in one change (enabled after a preview that can be imported)
    undo_button : reverts the newest change to the folder
    preview : the preview: hours per day and category, skipped entries and why
    plan : the last preview (:class:`~careermap.timeimport.ImportPlan`), or None
    status : what was written, or why nothing was (``status.text`` as plain text)
    """

    what = "time import"

    def __init__(
        self,
        folder: str | os.PathLike[str],
        *,
        files: Iterable[str | os.PathLike[str]] = (),
        rules: str | os.PathLike[str] | None = None,
        tz: str | None = None,
        until: Any = None,
    ) -> None:
        self.folder = person_folder(folder)
        self.until = until
        self.plan: ImportPlan | None = None
        self.status = Status()
        self.upload = widgets.FileUpload(accept=".csv,.ics", multiple=True, description="Exports")
        self.paths = labelled(
            "Or paths",
            widgets.Textarea(
                value="\n".join(str(f) for f in files),
                placeholder="one export file per line",
                layout=widgets.Layout(width="48em", height="5em"),
            ),
        )
        self.rules = labelled(
            "Rules",
            widgets.Text(
                value=str(rules or ""),
                placeholder="rules.yaml (optional)",
                layout=widgets.Layout(width="48em"),
            ),
        )
        self.tz = labelled(
            "Time zone",
            widgets.Text(value=tz or "", placeholder="such as Europe/Berlin; empty: the roadmap's"),
        )
        self.date_order = labelled("Dates", widgets.Dropdown(options=_ORDERS))
        self.preview_button = button("Preview", icon="eye")
        self.import_button = button(
            "Import", button_style="primary", icon="download", disabled=True
        )
        self.undo_button = button("Undo last change", icon="undo")
        self.preview = widgets.HTML()
        self._upload_dir: Path | None = None

        self.preview_button.on_click(lambda _: self.show_preview())
        self.import_button.on_click(lambda _: self.run_import())
        self.undo_button.on_click(lambda _: self.undo())
        for control in (self.upload, self.paths, self.rules, self.tz, self.date_order):
            control.observe(lambda _: self._stale(), names="value")
        super().__init__(
            [
                widgets.HTML(f"<b>Import time into</b> {html.escape(str(self.folder))}"),
                self.upload,
                self.paths,
                self.rules,
                widgets.HBox([self.tz, self.date_order]),
                widgets.HBox([self.preview_button, self.import_button, self.undo_button]),
                self.preview,
                self.status,
            ]
        )

    # -- what the buttons do --------------------------------------------------------------
    def files(self) -> list[Path]:
        """The exports to read: the uploaded ones, then the typed paths."""
        out = []
        if self.upload.value:
            if self._upload_dir is None:
                self._upload_dir = Path(tempfile.mkdtemp(prefix="careermap-upload-"))
            for item in self.upload.value:
                path = self._upload_dir / Path(item["name"]).name  # a name, never a path
                path.write_bytes(bytes(item["content"]))
                out.append(path)
        out += [Path(line.strip()) for line in self.paths.value.splitlines() if line.strip()]
        return out

    def _options(self) -> dict[str, Any]:
        return {
            "rules": self.rules.value.strip() or None,
            "tz": self.tz.value.strip() or None,
            "date_order": self.date_order.value,
            "until": self.until,
        }

    def show_preview(self) -> ImportPlan | None:
        """Read the exports and show what importing them would add; write nothing."""
        self._stale()
        files = self.files()
        if not files:
            self.status.note("Choose export files (or type their paths) first")
            return None
        try:
            self.plan = plan_import(self.folder, files, **self._options())
        except CareermapError as exc:
            self.status.failed(exc)
            return None
        self.preview.value = _preview_html(self.plan)
        self.import_button.disabled = not self.plan.ok or self.plan.rows.empty
        if not self.plan.ok:
            self.status.failed(_refused(self.plan))
        elif self.plan.rows.empty:
            self.status.note("Nothing new to import: every entry is already in the log")
        else:
            self.status.note(
                f"Preview: {fmt.count(len(self.plan.rows), 'row')} to add; nothing written yet"
            )
        return self.plan

    def run_import(self) -> store.Change | None:
        """Import the previewed exports (read again, so the log's latest rows count)."""
        if self.plan is None:
            self.status.note("Preview first")
            return None
        files = self.files()
        try:
            done = import_time(self.folder, files, **self._options())
        except CareermapError as exc:
            self.status.failed(exc)
            return None
        self.plan = done
        self.preview.value = _preview_html(done)
        self.import_button.disabled = True
        if done.change is None:
            self.status.note("Nothing new to import: every entry is already in the log")
            return None
        rows, hours = fmt.count(len(done.rows), "row"), fmt.hours(done.rows["hours"].sum())
        summary = f"{done.change} ({rows}, {hours})"
        self.status.saved(store.Change(done.change.op, done.change.file, summary))
        return done.change

    def undo(self) -> store.Change | None:
        """Revert the newest change to the folder (such as the last import)."""
        change = run(self.status, store.undo, self.folder)
        self._stale()
        return change

    def _stale(self) -> None:
        self.import_button.disabled = True


#: How to change the zone the days are counted in, said where the zone is chosen by default.
_ZONE_HINT = {
    "this machine's time zone": (
        "Days are counted in this machine's time zone. For another zone, type it in the "
        "Time zone box above (such as Europe/Berlin) and preview again, or add timezone: "
        "ZONE under person: in roadmap.yaml."
    ),
    "roadmap.yaml person.timezone": (
        "Days are counted in the zone of person.timezone in roadmap.yaml; type another in "
        "the Time zone box above to change it."
    ),
}


def _refused(plan: ImportPlan) -> CareermapError:
    return ImportRejectedError(plan.problems, "the import would be refused")


def _preview_html(plan: ImportPlan) -> str:
    head = html.escape(plan.summary(limit=0, with_problems=False).splitlines()[0])
    parts = [f"<p>{head}</p>"]
    hint = _ZONE_HINT.get(plan.zone_source)
    if hint:
        parts.append(f"<p><i>{html.escape(hint)}</i></p>")
    rows = plan.preview()
    if len(rows):
        # each row with the rule that set its fields, to check the rules before importing
        shown = rows.assign(
            date=rows["date"].astype(str),
            line=[f"{Path(f).name}:{n}" for f, n in zip(rows["file"], rows["line"], strict=True)],
        ).drop(columns=["file"])
        parts.append("<p>Rows to add (rules[0] is the first rule in the rules file):</p>")
        parts.append(shown.rename(columns={"line": "from"}).to_html(
            index=False, float_format="{:.2f}".format, border=0))  # fmt: skip
    if len(plan.totals):
        table = plan.totals.assign(date=plan.totals["date"].dt.strftime("%Y-%m-%d")).rename(
            columns={"logged": "already logged", "day_total": "day total"}
        )
        parts.append("<p>Hours per day and category:</p>")
        parts.append(table.to_html(index=False, float_format="{:.2f}".format, border=0))
    if len(plan.skipped):
        items = "".join(
            f"<li>{html.escape(f'{r.file} line {r.line}: {r.reason}')}"
            f" ({r.start:%Y-%m-%d %H:%M}) {html.escape(r.text)}</li>"
            for r in plan.skipped.head(50).itertuples()
        )
        more = f"<li>... and {len(plan.skipped) - 50} more</li>" if len(plan.skipped) > 50 else ""
        parts.append(f"<p>Not imported:</p><ul>{items}{more}</ul>")
    return "".join(parts)


def time_import(
    folder: str | os.PathLike[str],
    *,
    files: Iterable[str | os.PathLike[str]] = (),
    rules: str | os.PathLike[str] | None = None,
    tz: str | None = None,
    until: Any = None,
) -> TimeImport:
    """A form that imports Toggl, Clockify or calendar exports into a person's time log.

    Choose or type the export files, preview (hours per local day and category, what is
    left out and why), then import: the rows are added in one change through
    :func:`careermap.timeimport.import_time`, which the undo button reverts.

    Parameters
    ----------
    folder
        The person's map folder (never the bundled sample: copy it first).
    files, rules, tz
        Initial values of the form's fields (paths of exports, a rules file, an IANA zone).
    until
        Entries that end after this instant are left out (default: now).

    Examples
    --------
    >>> import shutil, tempfile, pathlib, careermap
    >>> folder = shutil.copytree(careermap.sample_path(), tempfile.mkdtemp() + "/alex")
    >>> export = pathlib.Path(folder).parent / "week.ics"
    >>> _ = export.write_text("BEGIN:VCALENDAR\\nBEGIN:VEVENT\\nUID:1@x\\n"
    ...     "DTSTART:20261124T170000Z\\nDTEND:20261124T183000Z\\nSUMMARY:Mock interview\\n"
    ...     "CATEGORIES:job search\\nEND:VEVENT\\nEND:VCALENDAR\\n")
    >>> form = time_import(folder, files=[export], tz="America/New_York")
    >>> form.preview_button.click()
    >>> form.status.text
    'Preview: 1 row to add; nothing written yet'
    >>> form.import_button.click()
    >>> print(form.status.text)
    Saved: time_log.csv: added line 314 (1 row, 1.5 h)
    """
    return TimeImport(folder, files=files, rules=rules, tz=tz, until=until)
