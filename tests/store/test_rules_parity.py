"""The store accepts a row exactly when the loader accepts it in the file, with the same words.

Each example appends rows with ``store.append`` to one copy of the small map and writes the
same rows into another copy with the csv module (independently of the store's writer), then
loads that copy with ``careermap.validate``. The problems of the new lines must be the same:
the same line, column, reason code and rule. A day's total is compared by its rule text (the
loader puts it on the day's first row, the store on the first new row of the day).

Skill names are also checked against an independent reading of the catalogue, written here
from the documented rule: an O*NET skill or knowledge name or id, ignoring case and
surrounding or repeated whitespace, a name shared by a skill and a knowledge area meaning the
skill; else a custom skill id, exactly as declared.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import tempfile
from pathlib import Path

from _maps import FILES, write_map
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import careermap
from careermap import reference, store
from careermap._vocab import ASSESSMENT_SOURCES, LOG_FILES, TIME_CATEGORIES
from careermap.schemas import LOG_COLUMNS

# An example loads a map (~0.2 s): shrinking a failure could take many minutes, and the
# examples are small enough to read unshrunk.
SETTINGS = settings(
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
CUSTOM = ("storytelling", "mlops")  # roadmap.yaml custom_skills, and a named role requirement


# -- an independent reference for skill names -------------------------------------------


def _key(text: str) -> str:
    return " ".join(text.split()).lower()


def _catalogue() -> dict[str, str]:
    sk = reference.skills()
    # the catalogue lists skills before knowledge areas: the first element keeps a name
    ordered = sk.sort_values("domain", key=lambda d: d.map({"skill": 0, "knowledge": 1}))
    by_key: dict[str, str] = {}
    for sid, name in zip(ordered["skill_id"], ordered["name"], strict=True):
        by_key.setdefault(_key(sid), sid)
        by_key.setdefault(_key(name), sid)
    return by_key


CATALOGUE = _catalogue()


def expected_skill_id(text: str) -> str | None:
    if not text.strip():
        return None
    return CATALOGUE.get(_key(text)) or (text.strip() if text.strip() in CUSTOM else None)


# -- writing the same rows without the store ----------------------------------------------


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    # Trimmed, as the loader trims what it reads (and the store what it writes), so that a
    # value starting with a line break puts the next row on the same line in both files.
    return str(value).strip()


def write_rows(folder: Path, table: str, rows: list[dict[str, object]]) -> None:
    """Append ``rows`` to the log with the csv module, in the file's column order (every value
    quoted, unlike the store, which quotes only where needed)."""
    path = folder / LOG_FILES[table]
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_ALL)
    for row in rows:
        writer.writerow([_text(row.get(col)) for col in LOG_COLUMNS[table]])
    with path.open("a", encoding="utf-8", newline="") as fh:
        fh.write(buf.getvalue())


def _normal(problems) -> set[tuple[str, ...]]:
    out: set[tuple[str, ...]] = set()
    for p in problems:
        if p.code == "day_over_24h":
            out.add(("a day", p.column, p.code, p.rule))
        elif not p.location.startswith("line"):
            out.add(("the file", p.code))  # nothing of the file can be read
        else:
            out.add((p.location, p.column, p.code, p.rule))
    return out


def outcomes(table: str, rows: list[dict[str, object]]):
    """(what the loader reports, what the store reports, the store's Change or None)."""
    # the roadmap, the role file and the one log: the other logs play no part
    files = {name: FILES[name] for name in ("roadmap.yaml", "roles/data-lead.yaml")}
    files[LOG_FILES[table]] = FILES[LOG_FILES[table]]
    with tempfile.TemporaryDirectory() as tmp:
        by_hand = write_map(Path(tmp) / "by-hand" / "sam-lee", files)
        write_rows(by_hand, table, rows)
        m, problems, _ = careermap.validate(by_hand)
        loader = _normal(p for p in problems if p.file.endswith(LOG_FILES[table]))
        through_store = write_map(Path(tmp) / "store" / "sam-lee", files)
        try:
            change = store.append(through_store, table, rows)
        except store.EntryRejectedError as exc:
            return loader, _normal(exc.problems), None, m
        return loader, set(), change, m


# -- strategies ---------------------------------------------------------------------------

SPACE = st.sampled_from([" ", "  ", "\t", "\xa0", "\u2003", " \n ", "\r\n"])


@st.composite
def mangled(draw, names: list[str]) -> str:
    """A name with random case, its spaces replaced by runs of whitespace, maybe padded."""
    name = draw(st.sampled_from(names))
    flips = draw(st.lists(st.booleans(), min_size=len(name), max_size=len(name)))
    name = "".join(c.swapcase() if f else c for c, f in zip(name, flips, strict=True))
    words = name.split(" ")
    text = words[0]
    for word in words[1:]:
        text += draw(SPACE) + word
    return draw(st.sampled_from(["", " ", "\t", "\xa0"])) + text + draw(st.sampled_from(["", " "]))


@st.composite
def near_miss(draw) -> str:
    name = draw(st.sampled_from(sorted(reference.skills()["name"])))
    i = draw(st.integers(0, len(name) - 1))
    return name[:i] + draw(st.sampled_from(["", "x", "-", "_"])) + name[i + 1 :]


SKILL_NAMES = st.one_of(
    mangled(sorted(reference.skills()["name"])),
    mangled(sorted(reference.skills()["skill_id"])),
    st.sampled_from(sorted(reference.skills()["name"])),
    mangled(list(CUSTOM)),
    st.sampled_from([*CUSTOM, "Mathematics", "2.C.4.a", "mathematics ", "", "   ", "ML Ops"]),
    near_miss(),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz .-\t", max_size=20),
)
DAYS = st.one_of(
    st.dates(min_value=dt.date(2024, 12, 25), max_value=dt.date(2025, 2, 5)),
    st.sampled_from(["2025-01-07", "2025-01-09", " 2025-01-12 ", "2025-01-07T09:30"]),
    st.sampled_from(["2025-02-30", "20/01/2025", "2025-1-20", "2025-01-20 x", "", "soon"]),
)
# Numbers are given as Python values whose text the store writes as str() does (the store
# writes 24.0 as "24"), and as text, which both sides read as it is ("24.0", "3.0").
HOURS = st.one_of(
    st.integers(-1, 26),
    st.sampled_from([0.25, 0.5, 1.5, 12.5, 22.5, 23.75, 24.25, -0.5]),
    st.sampled_from(["1e0", "2.5", " 3 ", "inf", "nan", "two", "", "1,5", "0x10", "+1"]),
    st.sampled_from(["24.0", "0.0", "24.000001", "-0"]),
)


class _Long(str):
    """A note too long for a CSV cell, shown short when Hypothesis prints an example."""

    def __repr__(self) -> str:
        return f"'x' * {len(self)}"


NOTE = st.one_of(
    st.none(),
    st.text(max_size=30),
    st.sampled_from(['say "hi", then', "line 1\nline 2", "cr\ralone", "nul\x00byte"]),
    st.just(_Long("x" * 131_073)),  # one more character than a CSV cell may hold
)


def maybe(values) -> st.SearchStrategy:
    return st.one_of(st.none(), st.sampled_from(values))


TIME_ROW = st.fixed_dictionaries(
    {
        "date": DAYS,
        "hours": HOURS,
        "category": st.sampled_from([*TIME_CATEGORIES, "Practice", "study", "", " learning "]),
        "goal": maybe(["G1", "G2", "G7", "g1", ""]),
        "milestone": maybe(["M1", "M2", "M3", "M9", "M1x"]),
        "action": maybe(["A1", "A9"]),
        "note": NOTE,
    }
)
LEVEL = st.one_of(
    st.integers(-1, 8),
    st.sampled_from([3.5, 6.99, 7.01, -0.01]),
    st.sampled_from(["4", " 4.5 ", "1e0", "high", "", "nan", "7.0", "0.0"]),
)
ASSESSMENT_ROW = st.fixed_dictionaries(
    {
        "date": DAYS,
        "skill": SKILL_NAMES,
        "level": LEVEL,
        "source": st.sampled_from([*ASSESSMENT_SOURCES, "boss", "Self", ""]),
        "note": NOTE,
    }
)
SCORE = st.one_of(st.integers(-1, 7), st.sampled_from([3.5, "4", " 5 ", "4.0", "five", ""]))
REVIEW_ROW = st.fixed_dictionaries(
    {
        "date": DAYS,
        "satisfaction": SCORE,
        "motivation": SCORE,
        "confidence": SCORE,
        "alignment": SCORE,
        "note": NOTE,
    }
)
PROGRESS_ROW = st.fixed_dictionaries(
    {
        "date": DAYS,
        "goal": st.sampled_from(["G1", "G2", "G3", "g2", "", " G1 "]),
        "value": st.one_of(
            st.integers(-5, 50), st.sampled_from([2.5, "3", "many", "", "1e3", "4.0"])
        ),
    }
)


# -- the properties -----------------------------------------------------------------------


@settings(SETTINGS, max_examples=60)
@given(name=SKILL_NAMES)
def test_a_skill_name_is_accepted_by_both_or_neither_and_means_the_same_skill(name):
    row = {"date": "2025-05-01", "skill": name, "level": 4, "source": "self"}
    loader, by_store, change, m = outcomes("assessments", [row])
    assert by_store == loader, name
    expected = expected_skill_id(name)
    assert (not loader) == (expected is not None), name
    if expected is not None:
        assert m.assessments["skill_id"].iloc[-1] == expected  # as the loader read it
        written = change.rows["skill"].iloc[0]  # as the store wrote it
        assert expected_skill_id(written) == expected


@settings(SETTINGS, max_examples=40)
@given(rows=st.lists(TIME_ROW, min_size=1, max_size=3))
def test_time_log_rows_get_the_same_verdict_from_the_store_and_the_loader(rows):
    loader, by_store, _, _ = outcomes("time_log", rows)
    assert by_store == loader


@settings(SETTINGS, max_examples=20)
@given(rows=st.lists(ASSESSMENT_ROW, min_size=1, max_size=2))
def test_assessment_rows_get_the_same_verdict(rows):
    loader, by_store, _, _ = outcomes("assessments", rows)
    assert by_store == loader


@settings(SETTINGS, max_examples=20)
@given(rows=st.lists(REVIEW_ROW, min_size=1, max_size=2))
def test_review_rows_get_the_same_verdict(rows):
    loader, by_store, _, _ = outcomes("reviews", rows)
    assert by_store == loader


@settings(SETTINGS, max_examples=15)
@given(rows=st.lists(PROGRESS_ROW, min_size=1, max_size=2))
def test_goal_progress_rows_get_the_same_verdict(rows):
    loader, by_store, _, _ = outcomes("goal_progress", rows)
    assert by_store == loader


def test_names_with_repeated_or_odd_whitespace_are_accepted_by_both():
    """The case the issue names: the loader read these, the old store refused them."""
    for name in ("Active  Listening", "active\tlistening", "Active\xa0Listening", " 2.b.1.E "):
        loader, by_store, change, _ = outcomes(
            "assessments", [{"date": "2025-05-01", "skill": name, "level": 4, "source": "self"}]
        )
        assert loader == by_store == set(), name
        assert change is not None
