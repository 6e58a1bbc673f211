"""A demo person's logs, drawn after their plan: time, assessments, reviews, goal progress.

Each function returns the rows of one CSV log (text cells, as written, without the header:
:data:`HEADERS`); :func:`draw_logs` draws all four in the one fixed order that keeps a seed's
output the same.
"""

from __future__ import annotations

import numpy as np

from careermap.demo._catalogue import (
    KIND_CATEGORY,
    LOOSE_NOTES,
    REVIEW_NOTES,
    SOURCE_NOTES,
    SOURCES,
)
from careermap.demo._plan import Plan
from careermap.schemas import LOG_COLUMNS

# each log's header, as the schemas give it (one source); the draws below fill its columns
HEADERS = {name: list(columns) for name, columns in LOG_COLUMNS.items()}
# how likely a session is on each weekday, Monday first: Friday evenings quiet, Saturdays busy
WEEKDAY_WEIGHT = np.array([0.9, 0.9, 0.85, 0.85, 0.35, 1.3, 0.85])
REVIEW_NOTE = "Monthly review of my plan"  # the half hour logged for each monthly review


def draw_logs(plan: Plan) -> dict[str, list[list[str]]]:
    """The four logs of ``plan``'s person, file name (without ``.csv``) -> rows."""
    return {
        "time_log": time_log(plan),
        "assessments": assessments(plan),
        "reviews": reviews(plan),
        "goal_progress": goal_progress(plan),
    }


def time_log(plan: Plan) -> list[list[str]]:
    """Time-log rows (``date, hours, category, goal, milestone, action, note``), by date."""
    rng, cal, cfg = plan.rng, plan.cal, plan.cfg
    lo, hi = plan.act_lo, plan.act_hi
    days = np.arange(lo, hi + 1)
    rate = rng.uniform(*cfg["rate"])
    load = rng.uniform(*cfg["load"])
    dow = (cal.weekday0 + days) % 7
    p = rate / 7 * WEEKDAY_WEIGHT[dow] / WEEKDAY_WEIGHT.mean()
    p = np.where(cal.holiday[days - cal.lo], p * 0.25, p)
    session = rng.random(days.size) < np.minimum(p, 0.95)
    session[0] = True  # activity starts with a log...
    if plan.persona in ("stalled", "dropped_out"):
        session[-1] = True  # ...and ends with one
    else:
        session[-int(rng.integers(1, 7))] = True
    sdays = days[session]
    split = rng.random(sdays.size) < 0.25
    rdays = np.repeat(sdays, np.where(split, 2, 1))
    mean_h = plan.weekly * load / (rate * 1.25)
    hours = rng.gamma(4.0, mean_h / 4.0, rdays.size)
    # rescale so the total matches the persona's load over the active weeks
    reflect = 0.5 * sum(1 for off in plan.review_days if off <= hi)
    wanted = plan.weekly * load * (hi - lo + 1) / 7 - reflect
    hours *= max(wanted, 0.25 * rdays.size) / hours.sum()
    hours = np.clip(np.round(hours * 4) / 4, 0.25, 8.0)
    # which milestone each row worked on: weighted by effort density of active ones
    wlo = np.array([m["wlo"] for m in plan.ms])
    whi = np.array([m["whi"] for m in plan.ms])
    dens = np.array([m["effort"] / max(m["whi"] - m["wlo"], 7) for m in plan.ms])
    active = (wlo[None, :] <= rdays[:, None]) & (rdays[:, None] <= whi[None, :])
    w = np.where(active, dens[None, :], 0.0)
    cum = np.cumsum(w, axis=1)
    total = cum[:, -1]
    u = rng.random(rdays.size) * total
    pick = np.minimum((cum <= u[:, None]).sum(axis=1), len(plan.ms) - 1)
    # on a day between work windows, start early on the next milestone in line
    ahead = np.where(wlo[None, :] > rdays[:, None], wlo[None, :] - rdays[:, None], 10**6)
    idle = total == 0
    pick = np.where(idle, ahead.argmin(axis=1), pick)
    loose = (idle & (ahead.min(axis=1) == 10**6)) | (rng.random(rdays.size) < 0.04)
    # action: one of the milestone's actions still open on that day
    n_act = max(len(m["actions"]) for m in plan.ms)
    adone = np.full((len(plan.ms), n_act), -(10**6))
    for i, m in enumerate(plan.ms):
        for j, act in enumerate(m["actions"]):
            adone[i, j] = act["done"] if act["done"] is not None else 10**6
    open_ = adone[pick] >= rdays[:, None]
    acum = np.cumsum(open_, axis=1)
    au = np.floor(rng.random(rdays.size) * acum[:, -1])
    apick = (acum <= au[:, None]).sum(axis=1)
    no_act = (acum[:, -1] == 0) | (rng.random(rdays.size) < 0.1)
    loose_pick = rng.integers(len(LOOSE_NOTES), size=rdays.size)
    # the cells after date and hours of every possible row, built once per milestone/action
    tails = []
    for m in plan.ms:
        goal = f"G{m['goal'] + 1}"
        whole = [KIND_CATEGORY[m["kind"]], goal, m["id"], "", m["title"]]
        per_action = [
            [
                KIND_CATEGORY[a["kind"]],
                goal,
                m["id"],
                a["id"],
                f"{m['title']}: {a['title'].lower()}",
            ]
            for a in m["actions"]
        ]
        tails.append((whole, per_action))
    loose_tails = [[cat, "", "", "", note] for cat, note in LOOSE_NOTES]
    loose, no_act, pick, apick = loose.tolist(), no_act.tolist(), pick.tolist(), apick.tolist()
    loose_pick = loose_pick.tolist()
    rows = []
    for r, (day, h) in enumerate(zip(rdays.tolist(), hours.tolist(), strict=True)):
        if loose[r]:
            tail = loose_tails[loose_pick[r]]
        elif no_act[r]:
            tail = tails[pick[r]][0]
        else:
            tail = tails[pick[r]][1][apick[r]]
        rows.append((day, [cal(day), f"{h:g}", *tail]))
    for off in plan.review_days:
        if off <= hi:
            rows.append((off, [cal(off), "0.5", "reflection", "", "", "", REVIEW_NOTE]))
    rows.sort(key=lambda x: x[0])  # stable: a day's rows keep their order
    return [row for _, row in rows]


def assessments(plan: Plan) -> list[list[str]]:
    """Quarterly self-assessments of the plan's skills, and now and then someone else's."""
    rng, cal = plan.rng, plan.cal
    skills: list[str] = []
    for m in plan.ms:
        skills += [s for s in m["skills"] if s not in skills]
    for s in ("Critical Thinking", "Writing", "Speaking"):
        if len(skills) < 6 and s not in skills:
            skills.append(s)
    skills = skills[:10]
    rounds = []
    day = plan.act_lo + int(rng.integers(0, 11))
    while day <= plan.rev_hi:
        rounds.append(day)
        day += int(rng.integers(84, 99))
    gain = {
        "over_achiever": (0.3, 0.6),
        "over_planner": (0.0, 0.25),
        "dropped_out": (0.0, 0.3),
    }.get(plan.persona, (0.1, 0.4))
    level = rng.uniform(1.5, 4.0, len(skills))
    flat = int(rng.integers(len(skills)))
    rows = []
    for r, day in enumerate(rounds):
        if r:
            step = rng.uniform(*gain, len(skills))
            if day > plan.act_hi:
                step[:] = 0.0
            step[flat] = rng.uniform(-0.1, 0.1)
            level = np.clip(level + step, 0.0, 7.0)
        note = "Baseline self-assessment" if r == 0 else "Quarterly self-assessment"
        for s, lv in zip(skills, level, strict=True):
            rows.append([cal(day), s, f"{lv:.1f}", "self", note])
            note = ""
        other = rng.random(len(skills)) < 0.15
        srcs = rng.integers(len(SOURCES), size=len(skills))
        noise = rng.normal(0, 0.4, len(skills))
        later = day + int(rng.integers(1, 8))
        if other.any() and later <= plan.rev_hi:
            for i in np.flatnonzero(other):
                src = SOURCES[srcs[i]]
                lv = min(max(float(level[i] + noise[i]), 0.0), 7.0)
                rows.append([cal(later), skills[i], f"{lv:.1f}", src, SOURCE_NOTES[src]])
    return rows


def reviews(plan: Plan) -> list[list[str]]:
    """Monthly review scores (1-5): a slow trend plus fading noise; stalled people fall."""
    rng, cal = plan.rng, plan.cal
    days = plan.review_days
    n = len(days)
    # a slow trend plus month-to-month noise that fades (AR(1)), rounded to 1-5
    trend = {
        "steady": (0.0, 0.8),
        "late_starter": (0.0, 0.8),
        "over_achiever": (0.2, 1.0),
        "dropped_out": (-0.8, 0.0),
    }.get(plan.persona, (-0.3, 0.3))
    base = rng.uniform(3.0, 4.2, size=4)
    slope = rng.uniform(*trend, size=4)
    shocks = rng.normal(0.0, 0.45, size=(n, 4))
    noise = np.zeros((n, 4))
    for i in range(n):
        noise[i] = shocks[i] + (0.6 * noise[i - 1] if i else 0.0)
    latent = base + slope * (np.arange(n)[:, None] / max(n - 1, 1)) + noise
    scores = np.clip(np.round(latent), 1, 5).astype(int)
    if n >= 3 and plan.persona == "stalled":
        # each of the last three reviews scores lower on average than the one before
        fall = np.array([[4, 4, 3, 4], [3, 3, 3, 3], [2, 2, 2, 3]])
        scores[-3:] = fall - (rng.random((3, 4)) < 0.15) * np.array([[0], [0], [1]])
    elif n >= 3:
        means = scores.mean(axis=1)
        if means[-1] < means[-2] < means[-3]:
            scores[-1] = scores[-2]
    scores = np.clip(scores, 1, 5)
    rows = []
    pick = rng.integers(0, 3, size=n).tolist()
    for day, row, k in zip(days, scores, pick, strict=True):
        note = REVIEW_NOTES[round(row.mean())][k]
        rows.append([cal(day), *(str(score) for score in row[:4]), note])
    return rows


def goal_progress(plan: Plan) -> list[list[str]]:
    """Month-end progress of each goal with a metric: its target x the share of milestones done."""
    cal = plan.cal
    rows = []
    ends = [int(e) for e in cal.month_end if plan.act_lo <= e <= plan.rev_hi]
    for g, goal in enumerate(plan.goals):
        if goal["metric"] is None:
            continue
        ms = [m for m in plan.ms if m["goal"] == g and m["dropped"] is None]
        done = np.array([m["done"] if m["done"] is not None else 10**6 for m in ms])
        for e in ends:
            frac = (done <= e).sum() / max(len(ms), 1)
            rows.append([cal(e), f"G{g + 1}", str(round(goal["target"] * frac))])
    return rows
