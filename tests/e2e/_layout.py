"""Every chart of a map, drawn by plotly.js in Chromium, and the text boxes it drew.

A figure is drawn with ``Plotly.newPlot`` into one page that loaded plotly.js once, at the
width the notebooks give a chart. What it drew is read back from the SVG: the box of every
piece of text (titles, axis titles, tick labels, legend entries, annotations, bar and point
labels) and of every bar. Two text boxes that intersect, a text box over a bar, or a text
box cut by the edge of the figure is a layout fault a person sees.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from plotly.offline import get_plotlyjs

import careermap
from careermap import charts, metrics

CHART_WIDTH = 968  # px: the output area of a notebook cell at the e2e viewport
OVERLAP_PX = 1.5  # boxes may touch; more than this in both directions is an overlap


def once(compute: Callable[[], pd.DataFrame]) -> Callable[[], pd.DataFrame]:
    """``compute`` run on the first call only; every call gets its own deep copy of the frame
    (so a chart that changed its input would not change what the next chart is given)."""
    done: list[pd.DataFrame] = []

    def get() -> pd.DataFrame:
        if not done:
            done.append(compute())
        return copy.deepcopy(done[0])

    return get


def personal_charts(m: careermap.CareerMap, as_of: str) -> dict[str, Callable[[], go.Figure]]:
    """Each chart of notebooks 02 and 03 (and the report) as the notebooks call it.

    A metric frame several charts draw (skill gaps, burndown, forecast, weekly hours, habit)
    is computed once per map and date, on the first chart that needs it.
    """
    gaps = once(lambda: metrics.skill_gaps(m, as_of=as_of))
    first_role = m.target_roles.sort_values("priority")["role_id"].head(1).tolist()
    history = once(lambda: metrics.skill_history(m, as_of=as_of))
    burndown = once(lambda: metrics.burndown(m, freq="W", as_of=as_of))
    forecast = once(lambda: metrics.forecast(m, as_of=as_of))
    habit = once(lambda: metrics.habit(m, as_of=as_of))

    def skill_history() -> go.Figure:
        assessed = history()
        top = assessed.groupby("skill_id").size().sort_values(ascending=False, kind="stable")
        g = gaps()
        required = g[g["role_id"].isin(first_role)] if first_role else None
        return charts.skill_history_chart(assessed, skills=list(top.index[:4]), required=required)

    return {
        "roadmap_timeline": lambda: charts.roadmap_timeline(m, as_of=as_of),
        "strategy_map": lambda: charts.strategy_map(m, as_of=as_of),
        "burndown_chart": lambda: charts.burndown_chart(burndown(), forecast()),
        "burnup_chart": lambda: charts.burndown_chart(burndown(), forecast(), kind="burnup"),
        "time_allocation_chart": lambda: charts.time_allocation_chart(
            metrics.time_allocation(m, by="category", freq="W", as_of=as_of)
        ),
        "time_allocation_by_goal": lambda: charts.time_allocation_chart(
            metrics.time_allocation(m, by="goal", freq="W", as_of=as_of),
            by="goal",
            labels=dict(zip(m.goals["goal_id"], m.goals["title"], strict=True)),
        ),
        "planned_vs_actual_chart": lambda: charts.planned_vs_actual_chart(
            metrics.planned_vs_actual(m, freq="W", window=4, as_of=as_of), window=4
        ),
        "logging_calendar": lambda: charts.logging_calendar(habit()),
        "goal_pace_chart": lambda: charts.goal_pace_chart(
            metrics.goal_pace(m, as_of=as_of),
            trajectory=metrics.goal_trajectory(m, as_of=as_of),
            as_of=as_of,
        ),
        "action_plan_table": lambda: charts.action_plan_table(
            metrics.action_plan(m, as_of=as_of), costs=metrics.plan_cost(m, as_of=as_of)
        ),
        "slip_chart": lambda: charts.slip_chart(
            metrics.slip(m, as_of=as_of), reschedules=m.reschedules
        ),
        "estimation_chart": lambda: charts.estimation_chart(
            metrics.estimation_accuracy(m, as_of=as_of)
        ),
        "goal_hours_chart": lambda: charts.goal_hours_chart(metrics.goal_hours(m, as_of=as_of)),
        "category_trend_chart": lambda: charts.category_trend_chart(
            metrics.time_allocation(m, by="category", freq="M", as_of=as_of)
        ),
        "streak_chart": lambda: charts.streak_chart(
            habit(), summary=metrics.habit_summary(m, as_of=as_of)
        ),
        "review_chart": lambda: charts.review_chart(
            m.reviews[m.reviews["date"] <= pd.Timestamp(as_of)]
        ),
        "self_assessment_chart": lambda: charts.self_assessment_chart(
            metrics.self_assessment_changes(m, as_of=as_of)
        ),
        "skill_history": skill_history,
        "skill_gap_bars": lambda: charts.skill_gap_bars(gaps(), n=10, unassessed=4),
        "skill_gap_bars_report": lambda: charts.skill_gap_bars(gaps()),
        "skill_radar": lambda: charts.skill_radar(gaps()),
        "gap_trend_chart": lambda: charts.gap_trend_chart(
            metrics.gap_trend(m, as_of=as_of),
            labels=dict(zip(m.target_roles["role_id"], m.target_roles["title"], strict=True)),
        ),
        "skill_investment_chart": lambda: charts.skill_investment_chart(
            metrics.skill_investment(m, as_of=as_of)
        ),
        "time_to_close_chart": lambda: charts.time_to_close_chart(
            metrics.time_to_close(m, as_of=as_of),
            role_id=first_role[0] if first_role else None,
            as_of=as_of,
        ),
        "closest_roles_chart": lambda: charts.closest_roles_chart(
            metrics.closest_roles(m, as_of=as_of)
        ),
        "market_chart": lambda: charts.market_chart(metrics.market(m)),
        "technology_chart": lambda: charts.technology_chart(metrics.role_technologies(m)),
    }


def cohort_charts(m: careermap.CareerMap, as_of: str) -> dict[str, Callable[[], go.Figure]]:
    """The cohort charts of notebook 05 and the cohort report (the summary computed once)."""
    summary = once(lambda: metrics.cohort_summary(m, as_of=as_of))
    roles = metrics.priority_roles(m)
    role = roles["role_id"].iloc[0] if len(roles) else None
    alloc = once(lambda: metrics.time_allocation(m, by="category", freq="W", as_of=as_of))
    return {
        "attention_table": lambda: charts.attention_table(summary(), names=True),
        "kpi_distributions": lambda: charts.kpi_distributions(summary(), by=None, names=True),
        "gap_heatmap": lambda: charts.gap_heatmap(
            metrics.skill_gaps(m, roles=[role] if role else None, as_of=as_of),
            role_id=role,
            names=True,
            people=m.people,
        ),
        "time_mix": lambda: charts.time_mix_chart(
            metrics.time_mix(
                alloc(),
                people=m.people,
                by="group" if m.people.get("group", pd.Series()).notna().any() else "person",
                since=pd.Timestamp(as_of) - pd.Timedelta(weeks=12),
            ),
            names=True,
        ),
    }


_MEASURE_JS = """
async ([spec, width]) => {
  const host = document.getElementById('chart');
  Plotly.purge(host);
  host.style.width = width + 'px';
  await Plotly.newPlot(host, spec.data, spec.layout, {displaylogo: false});
  const svgs = [...host.querySelectorAll('svg.main-svg')];
  const frame = host.getBoundingClientRect();
  const visible = (el) => {
    for (let a = el; a && a !== host; a = a.parentElement) {
      const s = getComputedStyle(a);
      if (s.display === 'none' || s.visibility === 'hidden' || parseFloat(s.opacity) === 0) return false;
      const o = a.getAttribute && a.getAttribute('opacity');
      if (o !== null && o !== undefined && parseFloat(o) === 0) return false;
    }
    return true;
  };
  const box = (el) => { const r = el.getBoundingClientRect(); return [r.left - frame.left, r.top - frame.top, r.right - frame.left, r.bottom - frame.top]; };
  const kinds = [
    ['title', '.g-gtitle text'],
    ['axis title', '.infolayer [class$="title"] text, .infolayer text[class$="title"]'],
    ['annotation', '.annotation .annotation-text'],
    ['legend', '.legend .legendtext, .legend .legendtitletext'],
    ['tick label', '.xtick text, .ytick text, .x2tick text, .y2tick text, .angularaxistick text, .radialaxistick text, .polarlayer .xtick text, .polarlayer .ytick text'],
    ['bar label', '.bartext'],
    ['point label', '.textpoint text'],
  ];
  const seen = new Set();
  const texts = [];
  for (const [kind, selector] of kinds) {
    host.querySelectorAll(selector).forEach((el) => {
      if (seen.has(el) || !visible(el)) return;
      seen.add(el);
      const text = el.textContent.trim();
      if (!text) return;
      const b = box(el);
      if (b[2] - b[0] < 0.5 || b[3] - b[1] < 0.5) return;
      // which axis a tick label belongs to, so an axis's own labels are told apart
      const axis = el.closest('[class*="axislayer"], .angularaxis, .radialaxis');
      const owner = kind === 'tick label' && axis ? axis.getAttribute('class') : '';
      texts.push({kind, text, box: b, owner});
    });
  }
  const bars = [];
  host.querySelectorAll('.barlayer .point path').forEach((el) => {
    if (!visible(el)) return;
    const b = box(el);
    if (b[2] - b[0] >= 1 && b[3] - b[1] >= 1) bars.push(b);
  });
  return {texts, bars, width: frame.width, height: frame.height};
}
"""


@dataclass
class Drawn:
    """What plotly.js drew: text boxes ``[x0, y0, x1, y1]`` in px from the figure's corner."""

    texts: list[dict]
    bars: list[list[float]]
    width: float
    height: float

    def faults(self) -> list[str]:
        """Every pair of text boxes that overlap, text over a bar, text cut by the edge."""
        found = []
        for i, a in enumerate(self.texts):
            for b in self.texts[i + 1 :]:
                if _overlap(a["box"], b["box"]) and not _same_axis(a, b):
                    found.append(f"{_name(a)} overlaps {_name(b)}")
        for a in self.texts:
            if a["kind"] in ("bar label", "tick label"):
                continue  # bar labels sit on their bar; tick labels sit outside the plot
            hits = [b for b in self.bars if _overlap(a["box"], b)]
            if hits:
                found.append(f"{_name(a)} is drawn over {len(hits)} bar(s)")
            x0, y0, x1, y1 = a["box"]
            if (
                x0 < -OVERLAP_PX
                or y0 < -OVERLAP_PX
                or x1 > self.width + OVERLAP_PX
                or (y1 > self.height + OVERLAP_PX)
            ):
                found.append(f"{_name(a)} is cut by the edge of the figure")
        return found


def _overlap(a: list[float], b: list[float]) -> bool:
    return (
        min(a[2], b[2]) - max(a[0], b[0]) > OVERLAP_PX
        and min(a[3], b[3]) - max(a[1], b[1]) > OVERLAP_PX
    )


def _same_axis(a: dict, b: dict) -> bool:
    # plotly lays out one axis's tick labels itself (and rotates them when they crowd);
    # a polar chart's angular labels are checked against everything else
    return a["kind"] == b["kind"] == "tick label" and a["owner"] == b["owner"] != ""


def _name(text: dict) -> str:
    shown = text["text"] if len(text["text"]) <= 50 else text["text"][:49] + "…"
    x0, y0, x1, y1 = (round(v) for v in text["box"])
    return f"{text['kind']} {shown!r} [{x0},{y0} {x1},{y1}]"


def page_with_plotly(page, folder: Path) -> None:
    """Load plotly.js (the copy plotly.py ships) into ``page`` once."""
    script = folder / "plotly.min.js"
    if not script.exists():
        script.write_text(get_plotlyjs(), encoding="utf-8")
    html = folder / "charts.html"
    html.write_text(
        "<!doctype html><html><head><meta charset='utf-8'>"
        "<script src='plotly.min.js'></script></head>"
        "<body style='margin:0;background:white'><div id='chart'></div></body></html>",
        encoding="utf-8",
    )
    page.goto(html.as_uri())
    page.wait_for_function("() => typeof Plotly !== 'undefined'")


def draw(page, figure: go.Figure, *, width: int = CHART_WIDTH) -> Drawn:
    spec = json.loads(pio.to_json(figure, validate=False))
    found = page.evaluate(_MEASURE_JS, [spec, width])
    return Drawn(**found)
