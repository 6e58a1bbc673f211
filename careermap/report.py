"""A shareable, self-contained HTML report for one person or a cohort.

One file, no network: plotly.js is embedded once, inline; there is no external script,
stylesheet, font or image, so the report opens offline and leaks nothing to a CDN. Every
piece of text a person wrote is HTML-escaped. Privacy by default: the map goes through
:func:`careermap.share.privacy.shareable_map` before anything is computed, so people appear under
their stable pseudonym unless ``names=True``, and free-text notes and reschedule reasons are
left out unless ``notes=True``; this module keeps no privacy rule of its own.

Examples
--------
>>> import careermap
>>> from careermap.report import build_report
>>> page = build_report(careermap.load(careermap.sample_path()), as_of="2026-11-15")
>>> page.startswith("<!DOCTYPE html>"), "Alex Rivera" in page
(True, False)
"""

from __future__ import annotations

import html
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from careermap import _format as fmt
from careermap._args import check_map
from careermap._dates import as_of_arg
from careermap._vocab import LOG_FILES
from careermap.errors import CareermapError
from careermap.onet import ATTRIBUTION, BLS_SOURCE
from careermap.share import privacy

__all__ = ["build_report", "write_report"]

_CSS = """
body{font-family:Arial,Helvetica,sans-serif;color:#2B2F36;margin:0;background:#F7F8FA}
main{max-width:1100px;margin:0 auto;padding:24px}
header{border-bottom:3px solid #0072B2;margin-bottom:16px}
h1{font-size:26px;margin:8px 0}h2{font-size:20px;margin:28px 0 8px}
.meta{color:#5F6B7A;font-size:14px;margin:0 0 12px}
.cards{display:flex;flex-wrap:wrap;gap:12px}
.card{background:#fff;border:1px solid #E5E9EF;border-radius:6px;padding:12px 16px;min-width:150px}
.card .v{font-size:24px;font-weight:bold}.card .k{font-size:13px;color:#5F6B7A}
.fig{background:#fff;border:1px solid #E5E9EF;border-radius:6px;margin:12px 0;padding:4px}
table.list{border-collapse:collapse;background:#fff;width:100%;font-size:14px}
table.list th,table.list td{border:1px solid #E5E9EF;padding:6px 8px;text-align:left;
vertical-align:top}
table.list th{background:#ECEEF1}
footer{color:#5F6B7A;font-size:12px;border-top:1px solid #E5E9EF;margin-top:32px;padding-top:8px}
p.note{color:#5F6B7A;font-size:14px}
"""


def _esc(value: Any) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "—"
    return html.escape(str(value), quote=True)


class _Figures:
    """Figures to HTML: plotly.js inline with the first one only, stable div ids."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, fig: go.Figure) -> str:
        self.count += 1
        body = fig.to_html(
            full_html=False,
            include_plotlyjs=self.count == 1,
            include_mathjax=False,
            div_id=f"careermap-figure-{self.count}",
            config={"displaylogo": False, "responsive": True},
        )
        return f'<div class="fig">{body}</div>'


def _cards(items: Mapping[str, str]) -> str:
    items = {k: v for k, v in items.items() if k}
    return (
        '<div class="cards">'
        + "".join(
            f'<div class="card"><div class="v">{_esc(v)}</div><div class="k">{_esc(k)}</div></div>'
            for k, v in items.items()
        )
        + "</div>"
    )


def _num(value: Any, spec: str = ".0f", suffix: str = "") -> str:
    return fmt.MISSING if fmt.is_missing(value) else f"{float(value):{spec}}{suffix}"


def _page(title: str, meta: str, body: list[str]) -> str:
    footer = (
        f"<footer><p>{_esc(ATTRIBUTION)}</p><p>{_esc(BLS_SOURCE)}.</p>"
        "<p>Made with careermap. People are shown by pseudonym and free-text notes are left "
        "out unless the report was built with names or notes switched on.</p></footer>"
    )
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_esc(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n<main>\n"
        f'<header><h1>{_esc(title)}</h1><p class="meta">{meta}</p></header>\n'
        + "\n".join(body)
        + f"\n{footer}\n</main>\n</body>\n</html>\n"
    )


def _forecast_backtest_section(m: Any, as_of: pd.Timestamp, fig_html: _Figures) -> list[str]:
    """How good the forecast has been: its backtest in a sentence and the calibration chart."""
    from careermap import charts, metrics

    bt = metrics.forecast_backtest(m, as_of=as_of)
    s = metrics.backtest_summary(bt).iloc[0]
    text = f"{_esc(s['sentence'][0].upper() + s['sentence'][1:])}."
    if not s["judged_p85"]:
        return ["<h3>How good the forecast has been</h3>", f'<p class="note">{text}</p>']
    return [
        "<h3>How good the forecast has been</h3>",
        f'<p class="note">{text} A calibrated forecast holds about 85 of 100 P85 dates and '
        "half of its P50 dates.</p>",
        fig_html(charts.forecast_calibration_chart(bt)),
    ]


def _person_body(m: Any, as_of: pd.Timestamp, fig_html: _Figures) -> tuple[str, list[str]]:
    from careermap import charts, metrics, views

    v = views.person_view(m, as_of=as_of)  # the numbers every page shows about a person
    body = ["<h2>Headline numbers</h2>", _cards(v.headline())]
    if fmt.is_missing(v.finish_p85) and v.forecast_reason:
        body.append(f'<p class="note">Forecast: {_esc(v.forecast_reason)}.</p>')
    body += ["<h2>Roadmap</h2>", fig_html(charts.roadmap_timeline(m, as_of=as_of))]
    body += [
        "<h2>Burndown and forecast</h2>",
        fig_html(charts.burndown_chart(v.burndown, v.forecast)),
        *_forecast_backtest_section(m, as_of, fig_html),
        "<h2>Where the time goes</h2>",
        fig_html(
            charts.time_allocation_chart(
                metrics.time_allocation(m, by="category", freq="W", as_of=as_of)
            )
        ),
        fig_html(
            charts.planned_vs_actual_chart(
                metrics.planned_vs_actual(m, freq="W", window=4, as_of=as_of), window=4
            )
        ),
    ]
    gaps = metrics.skill_gaps(m, as_of=as_of)
    body += ["<h2>Skill gaps to the target roles</h2>", fig_html(charts.skill_gap_bars(gaps))]
    return f"Career progress report: {v.name}", body


def _attention_list(summary: pd.DataFrame) -> str:
    flagged = summary.loc[summary["needs_attention"]].copy()
    if flagged.empty:
        return "<p>Nobody needs attention on these thresholds.</p>"
    flagged["_n"] = flagged["reasons"].map(len)
    flagged = flagged.sort_values(["_n", "name"], ascending=[False, True], kind="stable")
    rows = []
    for r in flagged.itertuples(index=False):
        reasons = "<br>".join(_esc(x) for x in r.reasons)
        rows.append(
            f"<tr><td>{_esc(r.name)}</td><td>{_esc(getattr(r, 'group', None))}</td>"
            f"<td>{_num(r.progress_pct)}</td><td>{_num(r.days_since_last_log)}</td>"
            f"<td>{reasons}</td></tr>"
        )
    return (
        '<table class="list"><thead><tr><th>person</th><th>group</th><th>progress %</th>'
        "<th>days since last log</th><th>reasons</th></tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table>"
    )


def _overview(overall: pd.Series) -> dict[str, str]:
    """The KPI cards: the one row of :func:`careermap.metrics.kpi_medians` (whole cohort)."""
    people, flagged = int(overall["people"]), int(overall["needs_attention"])
    return {
        "people": str(people),
        "need attention": (
            f"{flagged} ({overall['needs_attention_pct']:.0f}%)" if people else str(flagged)
        ),
        "median progress (% of scope)": _num(overall["progress_pct"], ".0f"),
        "median h/week, last 4 weeks": _num(overall["hours_per_week_4w"], ".1f"),
        "median days since last log": _num(overall["days_since_last_log"], ".0f"),
        "median on-time rate": _num(100 * overall["on_time_rate"], ".0f", "%"),
    }


def _cohort_body(
    m: Any, as_of: pd.Timestamp, thresholds: Any, fig_html: _Figures
) -> tuple[str, list[str]]:
    from careermap import charts, metrics, views

    v = views.cohort_view(m, as_of=as_of, thresholds=thresholds)  # what every page shows
    summary, th, has_groups = v.kpis, v.thresholds, v.has_groups
    body = [
        "<h2>KPI overview</h2>",
        _cards(_overview(v.medians)),
        "<h2>Who needs attention, and why</h2>",
        '<p class="note">Thresholds: '
        + ", ".join(f"{_esc(k)} = {_esc(v)}" for k, v in vars(th).items())
        + ".</p>",
        _attention_list(summary),
        "<h2>How the cohort is doing</h2>",
        fig_html(charts.kpi_distributions(summary, by="group" if has_groups else None, names=True)),
    ]
    if has_groups:
        body += ["<h2>Groups compared</h2>", fig_html(charts.group_comparison(v.group_medians))]
    roles = metrics.priority_roles(m)
    if len(roles):
        role = roles["role_id"].iloc[0]
        gaps = metrics.skill_gaps(m, roles=[role], as_of=as_of)
        body += [
            "<h2>Skill gaps to the most common priority-1 role</h2>",
            fig_html(charts.gap_heatmap(gaps, role_id=role, names=True, people=m.people)),
        ]
    alloc = metrics.time_allocation(m, by="category", freq="W", as_of=as_of)
    mix = metrics.time_mix(
        alloc,
        people=m.people,
        by="group" if has_groups else "person",
        since=as_of - pd.Timedelta(weeks=12),
    )
    body += [
        "<h2>Time mix, last 12 weeks</h2>",
        fig_html(charts.time_mix_chart(mix, names=True)),
    ]
    title = "Cohort report"
    if m.cohort and isinstance(m.cohort, Mapping) and m.cohort.get("name"):
        title += f": {m.cohort['name']}"
    return title, body


def _map_file(file: str) -> str:
    """Which file of a map a problem is in, never a folder's name (it is often a person's)."""
    path = Path(file)
    if path.parent.name == "roles":
        return f"roles/{path.name}"
    if path.name in ("roadmap.yaml", "cohort.yaml", *LOG_FILES.values()):
        return path.name
    return "the person's folder"


def _left_out(skipped: list[Any], *, names: bool) -> list[str]:
    """Who a map loaded with ``on_error="skip"`` left out, and in which files their problems
    are: names (person ids) under the privacy rules, no problem text (it may quote a note)."""
    if not skipped:
        return []
    files: dict[str, set[str]] = {}
    counts: dict[str, int] = {}
    for p in skipped:
        files.setdefault(p.person_id, set()).add(_map_file(p.file))
        counts[p.person_id] = counts.get(p.person_id, 0) + 1
    rows = []
    for pid in sorted(files, key=lambda x: (x == "", x)):
        who = "the cohort" if not pid else pid if names else privacy.pseudonym(pid)
        what = f"{counts[pid]} problem{'s' * (counts[pid] != 1)} in {', '.join(sorted(files[pid]))}"
        rows.append(f"<tr><td>{_esc(who)}</td><td>{_esc(what)}</td></tr>")
    people = sum(1 for pid in files if pid)
    return [
        "<h2>Not in this report</h2>",
        f'<p class="note">{people} {"person is" if people == 1 else "people are"} left out: '
        "their maps have problems (run <code>careermap validate</code> on the folder to "
        "see them).</p>",
        '<table class="list"><thead><tr><th>person</th><th>problems</th></tr></thead><tbody>'
        + "".join(rows)
        + "</tbody></table>",
    ]


def build_report(
    m: Any,
    *,
    as_of: Any,
    names: bool = False,
    notes: bool = False,
    thresholds: Any = None,
) -> str:
    """The report as one self-contained HTML document (a string).

    A person's map gives their dashboard (headline numbers, roadmap, burndown and forecast,
    time allocation, planned vs actual hours, skill gaps); a cohort gives the KPI overview,
    who needs attention and why, KPI distributions, group comparison, the skill-gap heatmap
    for the most common priority-1 role and the time mix.

    Parameters
    ----------
    m : CareerMap
    as_of : date-like
        The day the report describes.
    names : bool, default False
        Show real names; by default everyone appears under their stable pseudonym.
    notes : bool, default False
        Keep free-text notes and reschedule reasons; by default they are left out.
    thresholds : careermap.metrics.Thresholds or dict, optional
        When a person needs attention (cohort reports).

    Examples
    --------
    >>> import careermap
    >>> page = build_report(careermap.load(careermap.sample_path()), as_of="2026-11-15")
    >>> page.count("<script src=")
    0
    """
    check_map(m)
    stamp = as_of_arg(as_of, allow_today=False)  # a report says which day it describes
    shared = privacy.shareable_map(m, names=names, notes=notes)  # the privacy rules, first
    figures = _Figures()
    if shared.is_cohort:
        title, body = _cohort_body(shared, stamp, thresholds, figures)
    else:
        title, body = _person_body(shared, stamp, figures)
    body = _left_out(m.skipped, names=names) + body
    shown = [
        "real names" if names else "pseudonyms",
        "notes included" if notes else "notes left out",
    ]
    meta = (
        f"As of {stamp:%Y-%m-%d} · {len(shared.people)} "
        f"{'person' if len(shared.people) == 1 else 'people'} · {', '.join(shown)}"
    )
    return _page(title, _esc(meta), body)


def write_report(
    m: Any,
    out_path: str | Path,
    *,
    as_of: Any,
    names: bool = False,
    notes: bool = False,
    thresholds: Any = None,
) -> Path:
    """Build the report and write it to ``out_path`` atomically (never a half-written file).

    Returns the path written. Raises :class:`~careermap.errors.CareermapError` when the
    folder does not exist.

    Examples
    --------
    >>> import tempfile, careermap
    >>> out = Path(tempfile.mkdtemp()) / "report.html"
    >>> write_report(careermap.load(careermap.sample_path()), out, as_of="2026-11-15") == out
    True
    """
    from careermap.store import atomic_write

    out = Path(out_path)
    if out.is_dir():
        raise CareermapError(f"{out} is a folder; give a file name such as {out / 'report.html'}")
    if not out.parent.is_dir():
        raise CareermapError(f"cannot write {out}: the folder {out.parent} does not exist")
    page = build_report(m, as_of=as_of, names=names, notes=notes, thresholds=thresholds)
    atomic_write(out, page.encode("utf-8"))
    return out


def __getattr__(name: str) -> Any:
    # careermap.report.shareable_map was public before the privacy rules moved to one module
    if name == "shareable_map":
        warnings.warn(
            "careermap.report.shareable_map is deprecated; "
            "use careermap.share.privacy.shareable_map",
            DeprecationWarning,
            stacklevel=2,
        )
        return privacy.shareable_map
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
