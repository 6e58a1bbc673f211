"""An action's resource (url, provider) and cost (amount, currency): read, typed, checked."""

from __future__ import annotations

import pandas as pd
import pytest
from _maps import ROADMAP

import careermap
from careermap.errors import MapValidationError

A1 = (
    "{id: A1, title: Modules 1-3, due: 2025-02-15, effort_hours: 8, kind: course, done: 2025-02-10}"
)


def _with(extra: str) -> str:
    assert A1 in ROADMAP
    return ROADMAP.replace(A1, A1[:-1] + ", " + extra + "}", 1)


def _problems(make_map, extra: str) -> list[str]:
    with pytest.raises(MapValidationError) as err:
        careermap.load(make_map({"roadmap.yaml": _with(extra)}))
    return [str(p) for p in err.value.problems]


def test_resource_and_cost_become_columns(make_map):
    m = careermap.load(
        make_map(
            {
                "roadmap.yaml": _with(
                    "resource: {url: 'https://sql.example.org/course', provider: SQL School}, "
                    "cost: {amount: 49.5, currency: eur}"
                )
            }
        )
    )
    a = m.actions.set_index("action_id").loc["A1"]
    assert a["resource_url"] == "https://sql.example.org/course"
    assert a["resource_provider"] == "SQL School"
    assert a["cost"] == 49.5 and a["currency"] == "EUR"  # eur is EUR
    assert m.actions["cost"].dtype == "float64"
    assert not [w for w in m.warnings if w.code == "unknown_key"]


def test_an_action_without_resource_has_missing_values(small_map):
    m = careermap.load(small_map)
    assert m.actions[["resource_url", "resource_provider", "cost", "currency"]].isna().all().all()


@pytest.mark.parametrize(
    ("extra", "fragments"),
    [
        ("cost: 49", ["(A1).cost", "'49'", "must be a mapping", "{amount: 49, currency: USD}"]),
        ("cost: {amount: 49}", ["(A1).cost.currency", "needs both an amount and a currency"]),
        ("cost: {currency: USD}", ["(A1).cost.amount", "needs both an amount and a currency"]),
        ("cost: {amount: -3, currency: USD}", ["(A1).cost.amount", "-3", ">= 0"]),
        ("cost: {amount: .inf, currency: USD}", ["(A1).cost.amount", "inf", "not numbers"]),
        ("cost: {amount: 5, currency: dollars}", ["(A1).cost.currency", "'dollars'", "ISO 4217"]),
        ("resource: {url: 'www.x.org'}", ["(A1).resource.url", "'www.x.org'", "https://"]),
        ("resource: coursera", ["(A1).resource", "'coursera'", "must be a mapping"]),
    ],
)
def test_bad_resource_or_cost_is_a_clear_error(make_map, extra, fragments):
    problems = _problems(make_map, extra)
    assert any(all(f in p for f in fragments) for p in problems), problems


def test_every_resource_problem_at_once(make_map):
    problems = _problems(make_map, "resource: {url: 'ftp://x'}, cost: {amount: -1, currency: usd1}")
    assert len([p for p in problems if "(A1)" in p]) == 3, problems


def test_an_unknown_key_in_a_resource_warns_with_its_value(make_map):
    m = careermap.load(make_map({"roadmap.yaml": _with("resource: {provider: X, mentr: Jo}")}))
    (w,) = [w for w in m.warnings if w.code == "unknown_key"]
    assert "(A1).resource.mentr" in str(w) and "'Jo'" in str(w)
    assert "known keys: provider, url" in w.rule


def test_sample_resources_round_trip():
    m = careermap.load(careermap.sample_path())
    costed = m.actions.dropna(subset=["cost"]).set_index("action_id")
    assert costed.loc["A4", "cost"] == 165 and costed.loc["A4", "currency"] == "USD"
    assert pd.isna(costed.loc["A4", "resource_url"])
