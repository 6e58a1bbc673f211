"""Hostile files: YAML alias bombs and keys written twice, pipes, devices and links out of the
map, UTF-16 files, spreadsheet blank rows, cohort folders without roadmap.yaml.

What every case must give: a problem naming the file (and the line, YAML path or key where
there is one), never a hang, a traceback or an internal error; ``careermap validate`` exits 1.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest
from _hostile import assert_cli_refuses, cli, one_problem, within
from _maps import FILES, ROADMAP, ROLE, TIME_LOG, write_map
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import careermap
from careermap import store
from careermap.errors import EntryRejectedError, MapValidationError

SETTINGS = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def problems_of(folder: Path) -> list:
    with pytest.raises(MapValidationError) as info:
        careermap.load(folder)
    return list(info.value.problems)


# -- 2. alias bombs ("billion laughs") ------------------------------------------------------


def bomb(width: int, depth: int) -> str:
    """Anchors &l0 .. &l<depth>, each a list of ``width`` aliases of the one before."""
    lines = ["l0: &l0 " + "[" + ", ".join(["lol"] * width) + "]"]
    for level in range(1, depth + 1):
        aliases = ", ".join([f"*l{level - 1}"] * width)
        lines.append(f"l{level}: &l{level} [{aliases}]")
    return "\n".join(lines) + "\n"


# where the bomb's last alias is used: (file, text to replace, replacement with {} for it)
BOMB_TARGETS = [
    ("roadmap.yaml", "  statement: Lead a BI team", "  statement: {}"),
    ("roadmap.yaml", "    title: SQL course", "    title: SQL course\n        note: {}"),
    ("roadmap.yaml", "  name: Sam Lee", "  name: {}"),
    ("roles/data-lead.yaml", "title: Data team lead", "title: {}"),
]


def with_bomb(file: str, old: str, new: str, width: int, depth: int) -> str:
    text = FILES[file].replace(old, new.format(f"*l{depth}"), 1)
    # the anchors go first, under a key the loader warns about and otherwise ignores
    return "bombs:\n" + textwrap.indent(bomb(width, depth), "  ") + text


@SETTINGS
@given(
    target=st.sampled_from(BOMB_TARGETS),
    width=st.integers(5, 12),
    depth=st.integers(5, 9),
)
def test_an_alias_bomb_is_refused_with_its_line(target, width, depth):
    file, old, new = target
    text = with_bomb(file, old, new, width, depth)
    folder = write_map(Path(tempfile.mkdtemp()) / "sam-lee", {**FILES, file: text})
    try:
        with within(20):
            p = one_problem(problems_of(folder), file=file, code="yaml_alias")
        # the first alias past the limit: where the aliases have repeated more than 10,000
        # values, counting (width ** level) values for an alias of level `level`
        repeated, line, name = 0, 0, ""
        for n, row in enumerate(text.splitlines(), start=1):
            for level in range(depth + 1):
                for _ in range(row.count(f"*l{level}")):
                    repeated += sum(width**k for k in range(level + 2))
                    if not name and repeated > 10_000:
                        line, name = n, f"*l{level}"
        assert (p.location, p.value) == (f"line {line}", name)
        assert "10,000 values" in p.rule
    finally:
        shutil.rmtree(folder.parent)


_PROBE = """
import json, sys, time, tracemalloc
import careermap
from careermap.errors import MapValidationError
careermap.load(careermap.sample_path())  # imports and reference data, not counted
tracemalloc.start()
t0 = time.perf_counter()
try:
    careermap.load(sys.argv[1], on_error="skip")
    codes = []
except MapValidationError as exc:
    codes = [p.code for p in exc.problems]
seconds = time.perf_counter() - t0
print(json.dumps({"seconds": seconds, "peak": tracemalloc.get_traced_memory()[1], "codes": codes}))
"""


def test_an_alias_bomb_costs_seconds_and_megabytes_not_minutes_and_gigabytes(tmp_path):
    """A billion laughs (10**9 values once expanded) in a cohort of two, loaded skipping the
    broken person, in a fresh process: fast, small, and the other person still loads."""
    cohort = tmp_path / "cohort"
    write_map(cohort / "sam-lee")
    kim = {**FILES, "roadmap.yaml": ROADMAP.replace("id: sam-lee", "id: kim-park")}
    kim["roadmap.yaml"] = (
        "lols:\n"
        + textwrap.indent(bomb(10, 9), "  ")
        + kim["roadmap.yaml"].replace("  statement: Lead a BI team", "  statement: *l9")
    )
    write_map(cohort / "kim-park", kim)
    out = subprocess.run(
        [sys.executable, "-c", _PROBE, str(cohort)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    result = json.loads(out.stdout)
    assert result["seconds"] < 5, result
    assert result["peak"] < 200 * 2**20, result
    m = careermap.load(cohort, on_error="skip")
    assert m.person_ids == ["sam-lee"]
    assert [p.code for p in m.skipped] == ["yaml_alias"]


def test_an_alias_inside_its_own_anchor_is_refused(make_map):
    text = ROADMAP + "loop: &x [1, *x]\n"
    p = one_problem(problems_of(make_map({"roadmap.yaml": text})), code="yaml_alias")
    assert p.location == f"line {text.count(chr(10))}" and "loop" in p.rule


@pytest.mark.parametrize("repeats", [1_000, 2_000])
def test_aliases_of_long_text_count_their_characters(make_map, repeats):
    text = "note: &long '" + "x" * 1000 + "'\nmany: [" + ", ".join(["*long"] * repeats) + "]\n"
    folder = make_map({"roadmap.yaml": ROADMAP + text})
    if repeats * 1000 <= 1_000_000:
        careermap.load(folder)  # at the limit: still read
    else:
        p = one_problem(problems_of(folder), code="yaml_alias")
        assert "1,000,000 characters" in p.rule


def test_aliases_within_the_limit_are_read(make_map):
    text = ROADMAP.replace("skills: [Programming, 2.C.3.a]", "skills: &core [Programming, 2.C.3.a]")
    text = text.replace("skills: [Critical Thinking, storytelling]", "skills: *core")
    m = careermap.load(make_map({"roadmap.yaml": text}))
    skills = m.milestone_skills.groupby("milestone_id")["skill"].agg(list)
    assert skills["M2"] == skills["M1"] == ["Programming", "2.C.3.a"]


def test_the_cli_names_an_alias_bomb(make_map):
    text = "b:\n" + textwrap.indent(bomb(9, 9), "  ") + ROADMAP
    assert_cli_refuses(make_map({"roadmap.yaml": text}), "roadmap.yaml", "*l", "10,000 values")


def test_a_store_edit_refuses_an_alias_bomb_in_the_loaders_words(small_map):
    text = "b:\n" + textwrap.indent(bomb(9, 9), "  ") + ROADMAP
    (small_map / "roadmap.yaml").write_text(text)
    loader = [(p.location, p.code, p.rule) for p in problems_of(small_map)]
    with within(20), pytest.raises(EntryRejectedError) as info:
        store.mark_done(small_map, "M2", on="2025-06-01")
    assert [(p.location, p.code, p.rule) for p in info.value.problems] == loader
    assert (small_map / "roadmap.yaml").read_text() == text


# -- 5. keys written twice --------------------------------------------------------------------

_KEY_LINE = r"^( *)([a-z_]+): (\S.*)$"


def key_lines(text: str) -> list[tuple[int, str, str, str]]:
    """(line number, indent, key, value) of every `key: value` line (list items left out)."""
    return [
        (n, *m.groups())
        for n, line in enumerate(text.splitlines(), start=1)
        if (m := re.match(_KEY_LINE, line))
    ]


@SETTINGS
@given(data=st.data(), file=st.sampled_from(["roadmap.yaml", "roles/data-lead.yaml"]))
def test_a_key_written_twice_names_both_lines(data, file):
    base = FILES[file]
    n, indent, key, value = data.draw(st.sampled_from(key_lines(base)))
    lines = base.splitlines(keepends=True)
    again = f"{indent}{key}: {value}\n" if value.startswith(("[", "{")) else f"{indent}{key}: x\n"
    lines.insert(n, again)  # right after the first one: line n + 1
    folder = write_map(Path(tempfile.mkdtemp()) / "sam-lee", {**FILES, file: "".join(lines)})
    try:
        p = one_problem(problems_of(folder), file=file, code="duplicate_key")
        assert p.column == key and p.location.endswith(key)
        assert f"line {n} " in p.rule and f"line {n + 1} " in p.rule
    finally:
        shutil.rmtree(folder.parent)


def test_a_key_written_twice_in_a_flow_mapping_and_in_cohort_yaml(tmp_path):
    cohort = tmp_path / "cohort"
    text = ROADMAP.replace(
        "{onet: 15-2051.01, priority: 1}", "{onet: 15-2051.01, priority: 1,\n      priority: 3}"
    )
    write_map(cohort / "sam-lee", {**FILES, "roadmap.yaml": text})
    (cohort / "cohort.yaml").write_text("name: Spring\ncoach: Ann\nname: Autumn\n")
    problems = problems_of(cohort)
    p = one_problem(problems, file="roadmap.yaml", code="duplicate_key")
    assert p.location == "vision.target_roles[0].priority" and "line 17" in p.rule
    p = one_problem(problems, file="cohort.yaml", code="duplicate_key")
    assert (p.location, p.value) == ("name", "'Autumn'") and "line 1 ('Spring')" in p.rule
    assert_cli_refuses(cohort, "cohort.yaml", "written twice", "line 3")


def test_the_store_refuses_a_key_written_twice_as_the_loader_does(small_map):
    text = ROADMAP.replace("    title: SQL course\n", "    title: SQL course\n        title: SQL\n")
    (small_map / "roadmap.yaml").write_text(text)
    loader = [(p.location, p.code, p.rule) for p in problems_of(small_map)]
    assert loader[0][:2] == ("goals[0].milestones[0] (M1).title", "duplicate_key")
    for write in (
        lambda: store.mark_done(small_map, "M2", on="2025-06-01"),
        lambda: store.append(small_map, "reviews", {"date": "2025-03-31", "satisfaction": 4,
                                                    "motivation": 4, "confidence": 4,
                                                    "alignment": 4}),
    ):  # fmt: skip
        with pytest.raises(EntryRejectedError) as info:
            write()
        assert [(p.location, p.code, p.rule) for p in info.value.problems] == loader


# -- 9. pipes, devices, links out of the map ---------------------------------------------------

SECRET = "s3cr3t-do-not-print"


@pytest.mark.parametrize(
    "name", ["roles/data-lead.yaml", "time_log.csv", "roadmap.yaml", "reviews.csv"]
)
def test_a_named_pipe_is_refused_without_waiting(small_map, name):
    (small_map / name).unlink()
    os.mkfifo(small_map / name)
    with within(20):
        p = one_problem(problems_of(small_map), file=name, code="not_a_file")
        assert "named pipe" in p.rule
        assert_cli_refuses(small_map, name, "named pipe")


def test_a_named_pipe_in_a_cohort_leaves_the_others_loading(tmp_path):
    write_map(tmp_path / "c" / "sam-lee")
    kim_files = {**FILES, "roadmap.yaml": ROADMAP.replace("id: sam-lee", "id: kim-park")}
    kim = write_map(tmp_path / "c" / "kim-park", kim_files)
    (kim / "time_log.csv").unlink()
    os.mkfifo(kim / "time_log.csv")
    os.mkfifo(tmp_path / "c" / "cohort.yaml")
    with within(20):
        problems = problems_of(tmp_path / "c")
    assert {(Path(p.file).name, p.code) for p in problems} == {
        ("time_log.csv", "not_a_file"),
        ("cohort.yaml", "not_a_file"),
    }


@pytest.mark.parametrize("name", ["roles/data-lead.yaml", "time_log.csv", "roadmap.yaml"])
def test_a_link_out_of_the_map_is_refused_without_reading_it(small_map, tmp_path, name):
    outside = tmp_path / "elsewhere.txt"
    outside.write_text(f"{SECRET}: [\n{SECRET},{SECRET}\n")  # bad YAML and bad CSV
    (small_map / name).unlink()
    (small_map / name).symlink_to(outside)
    problems = problems_of(small_map)
    p = one_problem(problems, file=name, code="outside_map")
    assert "outside the map folder" in p.rule
    said = assert_cli_refuses(small_map, name, "outside the map folder")
    assert SECRET not in said and all(SECRET not in str(q) for q in problems)


def test_links_inside_the_map_and_to_devices(small_map):
    (small_map / "shared").mkdir()
    (small_map / "roles/data-lead.yaml").rename(small_map / "shared/data-lead.yaml")
    (small_map / "roles/data-lead.yaml").symlink_to("../shared/data-lead.yaml")
    assert careermap.load(small_map).role_requirements["role_id"].eq("data-lead").all()
    (small_map / "reviews.csv").unlink()
    (small_map / "reviews.csv").symlink_to("/dev/zero")
    with within(20):
        one_problem(problems_of(small_map), file="reviews.csv", code="outside_map")


def test_a_device_file_in_the_map_is_refused(small_map):
    (small_map / "reviews.csv").unlink()
    try:
        os.mknod(small_map / "reviews.csv", stat.S_IFCHR | 0o600, os.makedev(1, 5))  # zero
    except PermissionError:
        pytest.skip("making a device file needs CAP_MKNOD")
    with within(20):
        p = one_problem(problems_of(small_map), file="reviews.csv", code="not_a_file")
    assert "a device" in p.rule


def contents(folder: Path) -> dict[str, bytes]:
    """The bytes of every regular file of a folder (the store's lock file left out)."""
    return {
        str(f.relative_to(folder)): f.read_bytes()
        for f in folder.rglob("*")
        if f.is_file() and f.name != ".careermap.lock"
    }


def test_the_store_refuses_a_pipe_without_waiting(small_map):
    before = contents(small_map)
    (small_map / "time_log.csv").unlink()
    os.mkfifo(small_map / "time_log.csv")
    row = {"date": "2025-03-01", "hours": 1, "category": "practice"}
    with within(20), pytest.raises(EntryRejectedError, match="named pipe"):
        store.append(small_map, "time_log", row)
    (small_map / "roles/data-lead.yaml").unlink()
    os.mkfifo(small_map / "roles/data-lead.yaml")
    with within(20), pytest.raises(EntryRejectedError, match="named pipe"):
        store.append(small_map, "reviews", {"date": "2025-03-31", "satisfaction": 4})
    assert contents(small_map).items() <= before.items()  # nothing written


# -- 10. what spreadsheets write ------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("name", ["time_log.csv", "roadmap.yaml"])
def test_a_utf16_file_says_how_to_save_it_as_utf8(small_map, encoding, name):
    text = FILES[name].replace(",", "\t") if name.endswith(".csv") else FILES[name]
    (small_map / name).write_bytes(text.encode(encoding))
    p = one_problem(problems_of(small_map), file=name, code="encoding")
    assert "UTF-16" in p.rule and "UTF-8" in p.rule
    if name.endswith(".csv"):
        assert "CSV UTF-8" in p.rule
    assert_cli_refuses(small_map, name, "UTF-16")


@SETTINGS
@given(
    log=st.sampled_from(["time_log.csv", "assessments.csv", "reviews.csv", "goal_progress.csv"]),
    blanks=st.lists(
        st.tuples(st.integers(1, 10), st.integers(1, 12), st.sampled_from(["", " ", "\r"])),
        min_size=1,
        max_size=4,
    ),
)
def test_rows_of_commas_are_blank_lines(log, blanks):
    lines = FILES[log].splitlines(keepends=True)
    for at, commas, space in blanks:
        lines.insert(min(max(at, 1), len(lines)), (space + ",") * commas + "\n")
    folder = write_map(Path(tempfile.mkdtemp()) / "sam-lee", {**FILES, log: "".join(lines)})
    try:
        m = careermap.load(folder)
        assert len(getattr(m, log.removesuffix(".csv"))) == FILES[log].count("\n") - 1
    finally:
        shutil.rmtree(folder.parent)


def test_quiet_validate_prints_only_the_summary_for_a_broken_map(make_map):
    folder = make_map({"time_log.csv": TIME_LOG.replace("2025-01-09,2,", "2025-01-09,-2,")})
    code, out, err = cli("validate", "-q", str(folder))
    assert code == 1 and out == ""
    assert err.splitlines() == [f"{folder}: INVALID - 1 problem in 1 file"]


# -- 8. cohort folders without roadmap.yaml ------------------------------------------------


def test_a_person_folder_without_roadmap_is_reported(tmp_path):
    cohort = tmp_path / "cohort"
    write_map(cohort / "sam-lee")
    write_map(cohort / "kim-park", {"time_log.csv": TIME_LOG, "roles/data-lead.yaml": ROLE})
    (cohort / "notes").mkdir()
    (cohort / ".git").mkdir()
    problems = problems_of(cohort)
    p = one_problem(problems, file="kim-park", code="missing_roadmap")
    assert p.person_id == "kim-park" and "roles, time_log.csv" in p.rule
    assert_cli_refuses(cohort, "kim-park", "no roadmap.yaml")
    m = careermap.load(cohort, on_error="skip")
    assert m.person_ids == ["sam-lee"] and [q.code for q in m.skipped] == ["missing_roadmap"]
    (w,) = [w for w in m.warnings if w.code == "not_a_map"]
    assert Path(w.file).name == "notes" and "left out" in w.rule


def test_a_cohort_of_only_broken_folders_is_reported(tmp_path):
    write_map(tmp_path / "c" / "kim-park", {"roadmap.yml": ROADMAP})
    p = one_problem(problems_of(tmp_path / "c"), file="kim-park", code="missing_roadmap")
    assert "roadmap.yml" in p.rule


def test_a_pipe_given_as_the_map_is_refused(tmp_path):
    os.mkfifo(tmp_path / "map")
    with within(20), pytest.raises(MapValidationError, match="not a folder"):
        careermap.load(tmp_path / "map")


# -- issue 26: nesting, Parquet that is not Parquet, sizes ---------------------------------

_DEEP_PROBE = """
import json, resource, sys, time
from careermap.cli import main
t0 = time.perf_counter()
code = main(["validate", sys.argv[1]])
print(json.dumps({"code": code, "seconds": time.perf_counter() - t0,
                  "peak_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


@pytest.mark.parametrize(
    "nesting",
    [
        "x: " + "[" * 50_000 + "]" * 50_000,  # segfaulted after 14 s
        "x: " + "{a: " * 16_000 + "1" + "}" * 16_000,  # an error without a line
        "x:\n" + "".join(" " * i + "- \n" for i in range(1, 400)),  # block style
        "x:\n" + "- " * 300 + "1",  # compact block lists on one line
    ],
    ids=["flow-lists", "flow-mappings", "block-indented", "block-one-line"],
)
def test_deep_nesting_is_refused_with_its_line_in_bounded_time(make_map, nesting):
    """A roadmap nesting lists and mappings past MAX_DEPTH is refused before it is built:
    exit 1 in a fresh process (no segfault, no RecursionError), with the line, fast."""
    folder = make_map({"roadmap.yaml": nesting + "\n" + ROADMAP})
    out = subprocess.run(
        [sys.executable, "-c", _DEEP_PROBE, str(folder)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr[-2000:]  # (the probe itself: no crash)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["code"] == 1, out.stdout
    said = out.stdout + out.stderr
    assert "nests lists and mappings more than 100 levels deep" in said, said
    assert re.search(r"roadmap\.yaml\n\s+line \d+: ->", said), said
    assert result["seconds"] < 10, result


def test_nesting_within_the_limit_still_reads():
    """100 levels is the limit, not a neighbour of it: 100 nested lists read, 101 do not."""
    from careermap.io import parse_yaml
    from careermap.io._yaml import MAX_DEPTH

    ok, problems = parse_yaml("[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1), "f.yaml")
    assert problems == [] and isinstance(ok, list)
    _, (problem,) = parse_yaml("a: " + "[" * MAX_DEPTH + "]" * MAX_DEPTH, "f.yaml")
    assert (problem.code, problem.location) == ("too_deep", "line 1")


@pytest.fixture(scope="module")
def parquet_cohort(tmp_path_factory) -> Path:
    return careermap.load(careermap.sample_path()).to_parquet(
        tmp_path_factory.mktemp("pq") / "cohort"
    )


@pytest.mark.parametrize(
    "damage",
    ["text", "truncated", "link-out", "dropped-column", "bad-values"],
)
def test_a_damaged_parquet_cohort_is_refused_by_validate_and_kpis(tmp_path, parquet_cohort, damage):
    """A text file named people.parquet (once in 21 runs it aborted the process), a file cut
    short, a link to a file outside the cohort, a frame without a column: ``validate`` and
    ``kpis`` name the file, exit 1, and no engine is handed the file."""
    folder = Path(shutil.copytree(parquet_cohort, tmp_path / "cohort"))
    if damage == "text":
        (folder / "people.parquet").write_text("person_id,name\nsam,Sam\n")
        shown, said = "people.parquet", "is not a Parquet file"
    elif damage == "truncated":
        data = (folder / "time_log.parquet").read_bytes()
        (folder / "time_log.parquet").write_bytes(data[: len(data) // 2])
        shown, said = "time_log.parquet", "is not a Parquet file"
    elif damage == "link-out":
        outside = tmp_path / "elsewhere.parquet"
        shutil.copy(folder / "goals.parquet", outside)
        (folder / "goals.parquet").unlink()
        (folder / "goals.parquet").symlink_to(outside)
        shown, said = "goals.parquet", "outside the"
    elif damage == "bad-values":
        import pandas as pd

        frame = pd.read_parquet(folder / "time_log.parquet")
        frame.loc[5, "hours"] = float("inf")
        frame.loc[7, "date"] = pd.Timestamp("1700-01-01")
        frame.to_parquet(folder / "time_log.parquet", index=False, coerce_timestamps="us")
        shown, said = "time_log.parquet", "row 7, date: -> a date from 1900-01-01 to 2199-12-31"
    else:
        import pyarrow.parquet as pq

        table = pq.read_table(folder / "milestones.parquet")
        pq.write_table(table.drop(["target"]), folder / "milestones.parquet")
        shown, said = "milestones.parquet", "target"
    for command in (["validate", str(folder)], ["kpis", str(folder), "--as-of", "2026-11-15"]):
        if command[0] == "validate" and damage in ("dropped-column", "bad-values"):
            continue  # (validate reads the frame: pandera names the missing column there)
        code, out, err = cli(*command)
        assert code == 1, (command, out, err)
        assert "internal error" not in out + err and "Traceback" not in out + err
        assert shown in out + err and said in out + err, out + err


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(make_map, monkeypatch):
    """The size is checked on the open descriptor, before a byte is read."""
    from careermap.io import _files

    rows = (
        "".join(f"2025-02-{d:02},1,learning,,,,a note of some length\n" for d in range(1, 29)) * 3
    )
    folder = make_map({"time_log.csv": TIME_LOG + rows})
    limit = max(
        p.stat().st_size for p in folder.rglob("*") if p.is_file() and p.name != "time_log.csv"
    )
    assert (folder / "time_log.csv").stat().st_size > limit
    monkeypatch.setattr(_files, "MAX_FILE_BYTES", limit)
    problem = one_problem(problems_of(folder), file="time_log.csv", code="too_large")
    assert f"careermap reads files of at most {limit:,} bytes" in problem.rule
