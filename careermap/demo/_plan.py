"""A demo person's plan: target roles, SMART goals, milestones with outcomes, actions.

:class:`Plan` draws everything about a person that ``roadmap.yaml`` (and a custom role's
``roles/<id>.yaml``) will hold, from the persona's behaviour. Days are offsets from the
cohort start (:class:`~careermap.demo._calendar.Calendar`). The draws happen in one fixed
order, so one seed always gives the same plan: the logs are drawn after it
(:mod:`careermap.demo._logs`), from the same generator.
"""

from __future__ import annotations

import itertools

import numpy as np

from careermap.demo._calendar import Calendar
from careermap.demo._catalogue import (
    ACTIONS,
    COMMON_MILESTONES,
    CURRENT_ROLES,
    CUSTOM_ROLES,
    EFFORT,
    GOALS,
    GROWTH,
    PASSIONS,
    REASONS,
    ROLES,
    SINGLE_ACTION,
    STRENGTHS,
    TRACK_MILESTONES,
    UNRATED_ROLE,
    VALUES,
    VISIONS,
)
from careermap.demo._personas import BEHAVIOUR


class Plan:
    """One generated person's plan; the logs are drawn from it afterwards."""

    def __init__(
        self,
        rng: np.random.Generator,
        cal: Calendar,
        pid: str,
        name: str,
        persona: str,
        track: str,
        unrated: bool,
    ) -> None:
        self.rng, self.cal, self.pid, self.name = rng, cal, pid, name
        self.persona, self.track = persona, track
        self.cfg = BEHAVIOUR[persona]
        a = cal.as_of
        self.start = int(rng.integers(0, 14))
        self.weekly = float(rng.choice([3, 4, 5, 6, 6, 8, 10]))
        act_lo = self.start + int(rng.integers(0, 15))
        act_hi = a
        if persona == "late_starter":
            act_lo = self.start + int(rng.integers(95, 141))
        elif persona == "stalled":
            act_hi = a - int(rng.integers(45, 111))
        elif persona == "dropped_out":
            act_hi = a - int(rng.integers(125, 201))
        self.act_lo, self.act_hi = act_lo, act_hi
        # reviews, assessments and goal progress go on to as_of except for drop-outs
        self.rev_hi = act_hi if persona == "dropped_out" else a
        self.custom = CUSTOM_ROLES[track] if rng.random() < 0.1 else None
        self._roles(unrated)
        self._goals()
        self._milestones()
        self._actions()
        self._goal_details()
        offs = cal.month_start + rng.integers(24, 28, size=cal.month_start.size)
        self.review_days = [int(x) for x in offs if self.act_lo <= x <= self.rev_hi]
        self._profile()

    def _roles(self, unrated: bool) -> None:
        rng = self.rng
        pool = ROLES[self.track]
        n = int(rng.integers(1, 4))
        picks = [pool[i] for i in rng.permutation(len(pool))[:n]]
        self.roles: list[tuple[str, str, int]] = [
            ("onet", c, k + 1) for k, (c, _) in enumerate(picks)
        ]
        self.primary_title = picks[0][1]
        self.primary = picks[0][0]
        if unrated:
            self.roles.insert(1, ("onet", UNRATED_ROLE, 2))
        if self.custom:
            self.roles.append(("custom", self.custom[0], 0))
        self.roles = [(kind, ref, k + 1) for k, (kind, ref, _) in enumerate(self.roles)]
        self.horizon = self.cal.year_end(int(rng.integers(2028, 2032)) + self.cal.d0.year - 2025)

    def _goals(self) -> None:
        rng = self.rng
        n_goals = int(rng.integers(2, 5)) if self.persona != "over_planner" else 4
        extra = ["portfolio", "network", "lead"]
        kinds = ["move", "skills", *[extra[i] for i in rng.permutation(3)]][:n_goals]
        self.goal_kinds = kinds
        if self.persona == "over_planner":
            n_ms = int(rng.integers(20, 31))
        else:
            n_ms = int(rng.integers(6, 16))
        # at least one milestone per goal, the rest spread at random
        counts = np.ones(n_goals, dtype=int) + rng.multinomial(
            n_ms - n_goals, [1 / n_goals] * n_goals
        )
        self.ms_counts = counts.tolist()
        self.weak = int(rng.integers(4)) if rng.random() < 0.3 else None

    def _templates(self, kind: str, n: int) -> list[tuple[str, str, list[str]]]:
        if kind in ("skills", "portfolio"):
            pool = TRACK_MILESTONES[self.track][kind]
        else:
            pool = COMMON_MILESTONES[kind]
        order = self.rng.permutation(len(pool))
        out = []
        for j in range(n):
            title, mkind, skills = pool[order[j % len(pool)]]
            if j >= len(pool):
                title = f"{title} (part {j // len(pool) + 1})"
            out.append((title, mkind, list(skills)))
        return out

    def _milestones(self) -> None:
        rng, a = self.rng, self.cal.as_of
        cfg = self.cfg
        lo, hi = self.act_lo, self.act_hi
        self.ms: list[dict] = []
        k = 0
        span_hi = a + (450 if self.persona == "over_planner" else 330)
        # targets spread over the plan (one per equal slot), dealt to milestones at random
        n = sum(self.ms_counts)
        edges = np.linspace(self.start + 30, span_hi, n + 1)
        slots = rng.permutation(edges[:-1] + rng.random(n) * (edges[1] - edges[0])).astype(int)
        for g, (kind, count) in enumerate(zip(self.goal_kinds, self.ms_counts, strict=True)):
            for title, mkind, skills in self._templates(kind, count):
                k += 1
                planned = self.start
                if rng.random() < 0.18 and hi - lo > 90:
                    planned = int(rng.integers(lo + 30, hi - 20))
                target = int(slots[k - 1])
                if target < planned + 30:
                    target = planned + int(rng.integers(45, 241))
                effort = int(rng.choice(EFFORT[mkind]))
                if self.custom and rng.random() < 0.25:
                    skills.append(self.custom[4][int(rng.integers(2))][0])
                self.ms.append(
                    dict(
                        id=f"M{k}",
                        goal=g,
                        title=title,
                        kind=mkind,
                        skills=skills,
                        planned=planned,
                        target=target,
                        effort=effort,
                        resched=[],
                        done=None,
                        dropped=None,
                        deps=[],
                    )
                )
        if self.persona == "stalled":
            # three open milestones fall due between the last log and as_of
            late = [m for m in self.ms if m["planned"] < hi - 14]
            for i in rng.permutation(len(late))[:3]:
                late[i]["target"] = int(rng.integers(hi + 1, a - 2))
        for m in self.ms:
            self._outcome(m, cfg)
        if self.persona == "over_planner":
            # most milestones stay open: undo drops, then completions, of the latest ones
            closed = sorted(
                (m for m in self.ms if m["done"] is not None or m["dropped"] is not None),
                key=lambda m: (m["dropped"] is None, -m["target"]),
            )
            while closed and 2 * len(closed) >= len(self.ms):
                m = closed.pop(0)
                m["done"] = m["dropped"] = None
        self._fit_load()
        self._dependencies()

    def _fit_load(self) -> None:
        """Scale effort so over-planners plan >= 2.5 x capacity and everyone else <= 1.0."""
        weeks = (max(m["target"] for m in self.ms) - self.start) / 7
        planned = sum(m["effort"] for m in self.ms if m["dropped"] is None)
        ratio = planned / (self.weekly * weeks)
        if self.persona == "over_planner":
            factor = max(1.0, 2.5 / ratio) * self.rng.uniform(1.05, 1.4)
            scale = np.ceil
        elif ratio > 0.95:
            factor, scale = 0.95 / ratio, np.floor
        else:
            return
        for m in self.ms:
            m["effort"] = max(1, int(scale(m["effort"] * factor)))

    def _outcome(self, m: dict, cfg: dict) -> None:
        rng, a = self.rng, self.cal.as_of
        lo, hi = self.act_lo, self.act_hi
        ev_lo = max(m["planned"] + 1, lo)
        if self.persona == "late_starter" and m["target"] < lo + 14:
            on = lo + int(rng.integers(0, 15))
            new = on + int(rng.integers(45, 151))
            m["resched"].append((on, m["target"], self._reason()))
            m["target"] = new
            ev_lo = on + 1
        t = m["target"]
        if t <= hi:
            outcome = int(rng.choice(4, p=cfg["p"]))
            if outcome == 0:
                early = (7, 46) if self.persona == "over_achiever" else (0, 15)
                m["done"] = max(t - int(rng.integers(*early)), ev_lo + 2)
            elif outcome == 1:
                done = t + int(rng.integers(1, 36))
                m["done"] = done if done <= hi else None
            elif outcome == 3 and min(t, hi) > ev_lo + 7:
                m["dropped"] = int(rng.integers(ev_lo + 7, min(t, hi) + 1))
        elif self.persona == "over_achiever" and t > a and rng.random() < 0.4:
            first = max(ev_lo + 2, a - 120, t - 120)
            if first <= a:
                m["done"] = int(rng.integers(first, a + 1))
        elif t > a and rng.random() < 0.03 and ev_lo + 20 <= hi:
            m["done"] = int(rng.integers(ev_lo + 20, hi + 1))
        if m["done"] is not None:
            m["done"] = min(m["done"], hi)
        if m["resched"] or m["dropped"] is not None or rng.random() >= cfg["resched"]:
            return
        n = int(rng.integers(1, 4)) if self.persona == "over_planner" else 1
        ev_hi = hi if m["done"] is None else m["done"] - 1
        chain = []
        cur, last_on = t, ev_hi + 1
        for _ in range(n):
            frm = cur - int(rng.integers(14, 61))
            on = min(frm - int(rng.integers(-7, 31)), last_on - 1)
            if on > ev_hi:  # a far-off target moved some time before as_of
                on = ev_hi - int(rng.integers(0, max(1, min(120, ev_hi - ev_lo))))
            if frm <= m["planned"] + 7 or on < ev_lo:
                break
            chain.append((on, frm, self._reason()))
            cur, last_on = frm, on
        m["resched"] = chain[::-1]

    def _reason(self) -> str:
        return REASONS[int(self.rng.integers(len(REASONS)))]

    def _dependencies(self) -> None:
        by_goal: dict[int, list[dict]] = {}
        for m in self.ms:
            by_goal.setdefault(m["goal"], []).append(m)
        for group in by_goal.values():
            group.sort(key=lambda m: m["target"])
            for prev, m in itertools.pairwise(group):
                if prev["dropped"] is not None or self.rng.random() >= 0.4:
                    continue
                if m["done"] is not None and (prev["done"] is None or prev["done"] > m["done"]):
                    continue
                m["deps"] = [prev["id"]]

    def _actions(self) -> None:
        rng = self.rng
        k = 0
        for m in self.ms:
            end = m["done"] if m["done"] is not None else (m["dropped"] or m["target"])
            dur = int(min(max(m["effort"] / (self.weekly * 0.3) * 7, 30), 180))
            m["wlo"] = max(m["planned"], end - dur)
            m["whi"] = end if m["done"] is not None or m["dropped"] is not None else self.act_hi
            seq = ACTIONS[m["kind"]]
            n = int(rng.integers(1, len(seq) + 1))
            if n == 1:
                seq = [SINGLE_ACTION[m["kind"]]]
            span = max(m["target"] - m["wlo"], n)
            shares = rng.dirichlet(np.ones(n) * 3)
            efforts = np.maximum(1, np.round(shares * m["effort"])).astype(int)
            acts = []
            prev_done = max(m["planned"], self.act_lo)
            stop = False
            for j, (title, kind) in enumerate(seq[:n]):
                k += 1
                due = m["wlo"] + (j + 1) * span // n
                done = None
                if m["done"] is not None:
                    done = due + int(rng.integers(-5, 6)) if j < n - 1 else m["done"]
                    done = min(max(done, prev_done), m["done"])
                elif not stop:
                    cap = m["dropped"] if m["dropped"] is not None else self.act_hi
                    cand = due + int(rng.integers(-5, 11))
                    if cand <= cap and rng.random() < 0.6:
                        done = max(cand, prev_done)
                        done = done if done <= cap else None
                if done is None:
                    stop = True
                else:
                    prev_done = done
                acts.append(
                    dict(
                        id=f"A{k}",
                        title=title,
                        kind=kind,
                        due=due,
                        effort=int(efforts[j]),
                        done=done,
                    )
                )
            m["actions"] = acts

    def _goal_details(self) -> None:
        """Title, SMART fields and deadline of each goal; one goal may be weak on purpose."""
        rng = self.rng
        self.goals: list[dict] = []
        weak_goal = len(self.goal_kinds) - 1 if self.weak is not None else -1
        role = self.primary_title
        a_role = ("an " if role[0] in "AEIOU" else "a ") + role
        for g, kind in enumerate(self.goal_kinds):
            title, specific, metric, target_range = GOALS[kind]
            ms = [m for m in self.ms if m["goal"] == g]
            target = len(ms) if target_range is None else int(rng.integers(*target_range))
            deadline = max(m["target"] for m in ms) + int(rng.integers(0, 91))
            relevant = self.primary if kind in ("move", "skills") else "vision"
            if kind == "lead" and self.custom:
                relevant = self.custom[0]
            goal = dict(
                title=title.format(role=role, a_role=a_role),
                specific=specific.format(role=role, a_role=a_role),
                metric=metric,
                target=target,
                deadline=min(deadline, self.horizon),
                relevant=relevant,
            )
            # weak on S, M (no measure or target), T (past the vision horizon) or R
            weak = self.weak if g == weak_goal else None
            if weak == 0:
                goal["specific"] = None
            elif weak == 1:
                goal["metric"] = goal["target"] = None
            elif weak == 2:
                goal["deadline"] = self.horizon + int(rng.integers(100, 400))
            elif weak == 3:
                goal["relevant"] = None
            self.goals.append(goal)

    def _profile(self) -> None:
        """Who the person is now: current role, vision and self-assessment lists."""
        rng = self.rng
        self.current_role = CURRENT_ROLES[self.track][
            int(rng.integers(len(CURRENT_ROLES[self.track])))
        ]
        self.vision = VISIONS[self.track][int(rng.integers(len(VISIONS[self.track])))]
        self.values = self._pick(VALUES, 3)
        self.strengths = self._pick(STRENGTHS, 2)
        self.passions = self._pick(PASSIONS[self.track], 2)
        self.growth_areas = self._pick(GROWTH, 2)

    def _pick(self, pool: list[str], n: int) -> list[str]:
        return [pool[i] for i in sorted(self.rng.permutation(len(pool))[:n])]
