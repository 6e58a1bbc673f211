"""The self-assessment form: skill levels, values and strengths, and the monthly review."""

from __future__ import annotations

import datetime as dt
import html
import os
from typing import Any

import ipywidgets as widgets
import pandas as pd
import plotly.graph_objects as go

import careermap
from careermap import charts, metrics, reference, store
from careermap._vocab import (
    ASSESSMENT_SOURCES,
    LEVEL_MAX,
    LEVEL_MIN,
    REVIEW_SCORES,
    did_you_mean,
)
from careermap.onet import ATTRIBUTION
from careermap.widgets._chart import ChartView
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

LEVEL_STEP = 0.5  # the sliders' step on O*NET's 0-7 level scale


class SelfAssessmentForm(Form):
    """The widget :func:`self_assessment` returns; its controls are attributes.

    Attributes
    ----------
    date, source, note : the assessment's date, who assessed (self, mentor, manager, peer,
        test) and a note, shared by the skills saved together
    sliders : ``{skill_id: FloatSlider}`` on O*NET's 0-7 level scale, step 0.5
    include : ``{skill_id: Checkbox}``: which skills the next save writes (ticked when a
        slider moves)
    details : ``{skill_id: HTML}``: the target role's required level and O*NET's level anchors
    add_skill, add_button : a Combobox of O*NET skill names and the button that adds a row
    save_button : writes one assessments.csv row per ticked skill
    chart : a :class:`careermap.widgets.ChartView` (under the Save button) of assessed
        levels over time, with the required levels dashed (``chart.figure`` is the figure
        on screen; ``figure()`` builds it afresh)
    values, strengths, passions, growth_areas, profile_button : the roadmap's
        self_assessment lists (TagsInput) and the button that saves them
    review_date, satisfaction, motivation, confidence, alignment, review_note,
        review_button : the monthly review (scores 1-5)
    undo_button : reverts the last change to the folder
    status : what was written, or why nothing was (``status.text`` as plain text)
    """

    what = "self-assessment"

    def __init__(
        self, folder: str | os.PathLike[str], *, as_of: Any = None, n_skills: int = 10
    ) -> None:
        self.folder = person_folder(folder)
        self.as_of = today(as_of)
        self.map = careermap.load(self.folder)
        self.person_id = self.map.person_ids[0]
        self._latest = _latest_levels(self.map)
        self.status = Status()
        self._catalogue = reference.skill_labels()
        self._requirements = _requirements(self.map, self.as_of)

        self.date = labelled("Date", widgets.DatePicker(value=self.as_of))
        self.source = labelled("Assessed by", widgets.Dropdown(options=ASSESSMENT_SOURCES))
        self.note = labelled("Note", widgets.Text(placeholder="what the level is based on"))
        self.sliders: dict[str, widgets.FloatSlider] = {}
        self.include: dict[str, widgets.Checkbox] = {}
        self.details: dict[str, widgets.HTML] = {}
        self._rows = widgets.VBox()
        custom = self.map.custom_skills
        self._custom = dict(
            zip(custom["skill_id"], custom["name"].fillna(custom["skill_id"]), strict=True)
        )
        options = sorted({*reference.skills()["name"], *self._catalogue, *self._custom.values()})
        # ensure_option=False: a name typed with a slip must reach add() as typed, so that
        # it can say what was typed and what is close (with True it arrives as '')
        # continuous_update=False: the value arrives on Enter (or on leaving the box), which
        # then adds the skill like the button does
        self.add_skill = widgets.Combobox(
            options=options,
            placeholder="add a skill (O*NET name)",
            ensure_option=False,
            continuous_update=False,
        )
        self.add_skill.observe(
            lambda change: self.add(change["new"]) if change["new"] else None, names="value"
        )
        self.add_button = button(description="Add skill", icon="plus")
        self.save_button = button(
            description="Save assessment", button_style="primary", icon="save"
        )
        for skill_id in _chosen_skills(self._requirements, self.map, n_skills):
            self._add_row(skill_id)
        self.chart = ChartView(self._history_figure())

        self.values, self.strengths, self.passions, self.growth_areas = (
            widgets.TagsInput(value=self._profile(kind), allow_duplicates=False)
            for kind in ("values", "strengths", "passions", "growth_areas")
        )
        self.profile_button = button(
            description="Save profile", button_style="primary", icon="save"
        )

        self.review_date = labelled("Month ending", widgets.DatePicker(value=self.as_of))
        scores = score_sliders()
        self.satisfaction = scores["satisfaction"]
        self.motivation = scores["motivation"]
        self.confidence = scores["confidence"]
        self.alignment = scores["alignment"]
        self.review_note = labelled("Note", widgets.Textarea(placeholder="how the month went"))
        self.review_button = button(description="Save review", button_style="primary", icon="save")
        self.undo_button = button(description="Undo last change", icon="undo")

        # empty: Enter (or leaving the box, as a click on this button does) has just added it
        self.add_button.on_click(
            lambda _: self.add(self.add_skill.value) if self.add_skill.value else None
        )
        self.save_button.on_click(lambda _: self.save())
        self.profile_button.on_click(lambda _: self.save_profile())
        self.review_button.on_click(lambda _: self.save_review())
        self.undo_button.on_click(lambda _: self.undo())

        name = html.escape(str(self.map.people["name"].iloc[0] or self.person_id))
        # The chart goes under the Save button, full width: beside the sliders it had too
        # little room for its legend of two lines per skill.
        skills_tab = widgets.VBox(
            [
                widgets.HBox([self.date, self.source]),
                self.note,
                self._rows,
                widgets.HBox([self.add_skill, self.add_button]),
                self.save_button,
                self.chart,
            ]
        )
        profile_tab = widgets.VBox(
            [
                widgets.HTML("<b>Values</b> (what matters to you at work)"),
                self.values,
                widgets.HTML("<b>Strengths</b>"),
                self.strengths,
                widgets.HTML("<b>Passions</b>"),
                self.passions,
                widgets.HTML("<b>Growth areas</b>"),
                self.growth_areas,
                self.profile_button,
            ]
        )
        review_tab = widgets.VBox(
            [self.review_date, *scores.values(), self.review_note, self.review_button]
        )
        tabs = widgets.Tab(
            [skills_tab, profile_tab, review_tab],
            titles=("Skills", "Values and strengths", "Monthly review"),
        )
        super().__init__(
            [
                widgets.HTML(
                    f"<h3>Self-assessment: {name}</h3>Levels use O*NET's 0-7 level scale; the "
                    "anchors under each slider are O*NET's examples of what a level means."
                ),
                tabs,
                widgets.HBox([self.undo_button]),
                self.status,
                widgets.HTML(f"<small>{html.escape(ATTRIBUTION)}</small>"),
            ]
        )

    # -- skills ------------------------------------------------------------------------

    def skill_name(self, skill_id: str) -> str:
        """The name shown for a skill id (O*NET name, or the custom skill's name)."""
        if skill_id in self._catalogue.index:
            return str(self._catalogue[skill_id])
        return str(self._custom.get(skill_id, skill_id))

    def add(self, skill: str) -> str | None:
        """Add a slider for a skill given by O*NET name or id, or a custom skill id."""
        skill = (skill or "").strip()
        by_label = {label: sid for sid, label in self._catalogue.items()}
        skill_id = (
            by_label.get(skill)
            or reference.resolve_skill(skill)
            or (skill if skill in self._custom else None)
            or {name: sid for sid, name in self._custom.items()}.get(skill)
        )
        if not skill:
            self.status.note("Type a skill name first (an O*NET skill or knowledge name)")
            return None
        if skill_id is None:
            near = reference.suggest_skills(skill, n=1)
            hint = (
                f"did you mean {near[0]!r}? "
                if near
                else did_you_mean(skill, [*self._custom, *self._custom.values()])
            )
            self.status.note(
                f"{skill!r} is not an O*NET skill or knowledge name, nor one of your custom "
                f"skills; {hint}pick one from the list"
            )
            return None
        if skill_id not in self.sliders:
            self._add_row(skill_id)
            self._refresh_chart()
        self.add_skill.value = ""
        return skill_id

    def _add_row(self, skill_id: str) -> None:
        latest = self._latest.get(skill_id)
        slider = widgets.FloatSlider(
            value=snap_level(latest[1]) if latest else LEVEL_MIN,
            min=LEVEL_MIN,
            max=LEVEL_MAX,
            step=LEVEL_STEP,
            description=self.skill_name(skill_id),
            readout_format=".1f",
            style={"description_width": "14em"},
            layout=widgets.Layout(width="34em", flex="0 0 auto"),
        )
        # A Checkbox is 300 px wide by default: left so, it squashes the slider to a dot.
        include = widgets.Checkbox(
            value=False, description="save", indent=False, layout=widgets.Layout(width="6em")
        )
        details = widgets.HTML()
        self.sliders[skill_id], self.include[skill_id], self.details[skill_id] = (
            slider,
            include,
            details,
        )

        def moved(change: dict[str, Any]) -> None:
            # The browser sends back values with float noise (4.5 -> 4.500000000000001)
            # when it draws a slider: snap to the 0.5 step, and tick "save" only when the
            # level really changed, so untouched skills are never written.
            level = snap_level(change["new"])
            if level != snap_level(change["old"]):
                include.value = True
            if level != change["new"]:
                slider.value = level  # re-enters with the snapped value
                return
            details.value = self._details(skill_id, level)

        slider.observe(moved, names="value")
        details.value = self._details(skill_id, slider.value)
        self._rows.children = (
            *self._rows.children,
            widgets.VBox([widgets.HBox([slider, include]), details]),
        )

    def _details(self, skill_id: str, level: float) -> str:
        parts = []
        req = self._requirements
        need = req[req["skill_id"] == skill_id]
        if need.empty:
            parts.append("not required by your target roles")
        else:
            top = need.iloc[0]
            parts.append(
                f"{html.escape(str(top['role_title']))} needs {top['required_level']:.1f} "
                f"(importance {top['importance']:.1f} of 5)"
            )
        latest = self._latest.get(skill_id)
        if latest:
            parts.append(f"last assessed {latest[1]:g} on {latest[0]:%Y-%m-%d}")
        anchors = reference.level_anchors(skill_id) if skill_id in self._catalogue.index else None
        if anchors is None or anchors.empty:
            lines = "<i>no O*NET level anchors for this skill</i>"
        else:
            near = (anchors["anchor_level"] - level).abs().idxmin()
            lines = "<br>".join(
                ("<b>" if i == near else "")
                + f"{a.anchor_level:g}: {html.escape(str(a.description))}"
                + ("</b>" if i == near else "")
                for i, a in anchors.iterrows()
            )
        return (
            "<div style='margin-left:14.5em;font-size:90%;line-height:1.3'>"
            f"{' · '.join(parts)}<br>{lines}</div>"
        )

    def save(self) -> store.Change | None:
        """Write one assessments.csv row per ticked skill (the store checks them first)."""
        chosen = [s for s, box in self.include.items() if box.value]
        if not chosen:
            self.status.note("Nothing to save: move the slider of each skill you assessed")
            return None
        rows = [
            {
                "date": self.date.value,
                "skill": self._csv_skill(skill_id),
                "level": snap_level(self.sliders[skill_id].value),
                "source": self.source.value,
                "note": self.note.value,
            }
            for skill_id in chosen
        ]
        change = run(self.status, store.append, self.folder, "assessments", rows)
        if change is not None:
            for skill_id in chosen:
                self.include[skill_id].value = False
            self._reload()
        return change

    def _csv_skill(self, skill_id: str) -> str:
        """The O*NET name when it is unambiguous (Mathematics is not), else the id."""
        if skill_id not in self._catalogue.index:
            return skill_id
        name = str(reference.skills().set_index("skill_id").at[skill_id, "name"])
        return name if reference.resolve_skill(name) == skill_id else skill_id

    def figure(self) -> go.Figure:
        """The chart as a plain ``go.Figure`` (to show statically, save or put in a report)."""
        return self._history_figure()

    def _history_figure(self) -> go.Figure:
        req = self._requirements.drop_duplicates("skill_id")
        required = dict(zip(req["skill_id"], req["required_level"], strict=True))
        # every assessment so far, a date picked past as_of included
        last = self.map.assessments["date"].max()
        upto = self.as_of if pd.isna(last) else max(pd.Timestamp(self.as_of), last)
        fig = charts.skill_history_chart(
            metrics.skill_history(self.map, as_of=upto),
            skills=list(self.sliders),
            required={k: v for k, v in required.items() if k in self.sliders},
            person_id=self.person_id,
            labels=self._custom,
            title="Assessed level over time (dashed: required by your target role)",
        )
        fig.update_layout(height=480, margin={"l": 60, "t": 60, "b": 50})
        return fig

    def _refresh_chart(self) -> None:
        self.chart.show(self._history_figure())

    # -- profile and review ------------------------------------------------------------

    def save_profile(self) -> store.Change | None:
        """Save values, strengths, passions and growth areas to roadmap.yaml, with a dated
        entry (the form's date) in ``self_assessment.history``."""
        change = run(
            self.status,
            store.set_self_assessment,
            self.folder,
            values=list(self.values.value),
            strengths=list(self.strengths.value),
            passions=list(self.passions.value),
            growth_areas=list(self.growth_areas.value),
            on=self.as_of,
        )
        if change is not None:
            self._reload()
        return change

    def save_review(self) -> store.Change | None:
        """Append the monthly review to reviews.csv."""
        row = {"date": self.review_date.value, "note": self.review_note.value}
        row |= {name: getattr(self, name).value for name in REVIEW_SCORES}
        change = run(self.status, store.append, self.folder, "reviews", row)
        if change is not None:
            self.review_note.value = ""
        return change

    def undo(self) -> store.Change | None:
        """Revert the last change to the folder (this notebook's or another's)."""
        change = run(self.status, store.undo, self.folder)
        if change is not None:
            self._reload()
            for kind in ("values", "strengths", "passions", "growth_areas"):
                getattr(self, kind).value = self._profile(kind)
        return change

    def _profile(self, kind: str) -> list[str]:
        sa = self.map.self_assessment
        current = sa["date"].isna() if "date" in sa else True
        return sa.loc[(sa["kind"] == kind) & current, "item"].tolist()

    def _reload(self) -> None:
        m = reload(self.folder, self.status)
        if m is not None:
            self.map = m
            self._latest = _latest_levels(m)
            for skill_id, slider in self.sliders.items():
                self.details[skill_id].value = self._details(skill_id, slider.value)
            self._refresh_chart()


def snap_level(value: float, step: float = LEVEL_STEP) -> float:
    """A level rounded to the sliders' step (0.5), clipped to O*NET's 0-7 scale.

    >>> snap_level(4.500000000000001), snap_level(3.74), snap_level(-0.2)
    (4.5, 3.5, 0.0)
    """
    level = round(float(value) / step) * step
    return float(min(max(level, LEVEL_MIN), LEVEL_MAX))


def _requirements(m: careermap.CareerMap, as_of: dt.date) -> pd.DataFrame:
    """Each required skill of the target roles, the highest-priority role first."""
    gaps = metrics.skill_gaps(m, as_of=as_of)
    keep = (gaps["requirement"] == "custom") | gaps["role_id"].isin(
        m.target_roles.loc[m.target_roles["kind"] == "onet", "role_id"]
    )
    cols = [
        "skill_id",
        "role_id",
        "role_title",
        "priority",
        "required_level",
        "importance",
        "requirement",
    ]
    return (
        gaps.loc[keep, cols]
        .sort_values(["priority", "importance", "skill_id"], ascending=[True, False, True])
        .reset_index(drop=True)
    )


def _chosen_skills(req: pd.DataFrame, m: careermap.CareerMap, n: int) -> list[str]:
    """The ``n`` most important skills of the O*NET target roles, then the custom ones."""
    onet = req[req["requirement"] == "onet"]
    best = (
        onet.groupby("skill_id")["importance"]
        .max()
        .reset_index()
        .sort_values(["importance", "skill_id"], ascending=[False, True])
    )
    chosen = best["skill_id"].head(n).tolist()
    custom = req.loc[req["requirement"] == "custom", "skill_id"].drop_duplicates()
    return chosen + [s for s in custom if s not in chosen]


def _latest_levels(m: careermap.CareerMap) -> dict[str, tuple[pd.Timestamp, float]]:
    a = m.assessments.dropna(subset=["skill_id", "level"]).sort_values("date", kind="stable")
    last = a.drop_duplicates("skill_id", keep="last")
    return {
        str(s): (d, float(v))
        for s, d, v in zip(last["skill_id"], last["date"], last["level"], strict=True)
    }


def self_assessment(
    folder: str | os.PathLike[str], *, as_of: Any = None, n_skills: int = 10
) -> SelfAssessmentForm:
    """A form to assess your skills, values and month, saved durably to your map folder.

    The skills shown are the ``n_skills`` most important ones of your O*NET target roles plus
    your custom roles' skills; add others by name. Each slider shows what your target role
    requires and O*NET's level anchors. Saving checks the entries first and says what was
    written or why nothing was; the chart of assessed levels updates after each save.

    Parameters
    ----------
    folder
        A person's map folder.
    as_of
        The date the form starts at (default: today).
    n_skills
        How many O*NET skills to show at first.

    Returns
    -------
    SelfAssessmentForm
        An ipywidgets ``VBox``; its controls are attributes (``sliders``, ``save_button``,
        ``status``, ...), so it can also be driven from code.

    Examples
    --------
    >>> import shutil, tempfile, careermap
    >>> from careermap.widgets import self_assessment
    >>> folder = shutil.copytree(careermap.sample_path(), tempfile.mkdtemp() + "/alex")
    >>> form = self_assessment(folder, as_of="2026-11-16")
    >>> form.sliders["2.A.1.d"].value = 3.5  # Speaking
    >>> form.save_button.click()
    >>> print(form.status.text.splitlines()[0])
    Saved: assessments.csv: added line 65
    """
    return SelfAssessmentForm(folder, as_of=as_of, n_skills=n_skills)
