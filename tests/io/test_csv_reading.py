"""The loader reads plain log files (every field as written) for all people at once with
pandas' C reader; the rows, their files and line numbers, and the problems must be exactly
those of reading each file with the csv module (``parse_csv``, the reference), whatever the
files hold: quotes, spaces, blank and ragged rows, carriage returns, missing columns."""

from __future__ import annotations

import re
import sys
import tempfile
import unicodedata
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from careermap.io._files import _NOT_PLAIN_WIDE, parse_csv, plain_body, read_csv
from careermap.io._table import log_table
from careermap.schemas import LOG_COLUMNS, LOG_OPTIONAL_COLUMNS

TABLE = "reviews"  # note is optional: files with and without it share one table
FIELDS = st.sampled_from(
    [
        *["", "3", "2025-01-07", "x", " x", "x ", "a b", '"q"', '"a, b"', "é", "\t", "NaN", "#1"],
        # beyond ASCII: letters and signs of other scripts, and the whitespace strip() removes
        *["café", "日本語", "€5", "\u200bx", "\xa0x", "x\u3000", "a\u2028b", "\x85", "\u202fx"],
    ]
)


@st.composite
def csv_text(draw: st.DrawFn) -> str:
    header = list(LOG_COLUMNS[TABLE])
    if draw(st.booleans()):
        header.remove("note")
    if draw(st.integers(0, 9)) == 0:
        header = draw(st.permutations(header))
    lines = [",".join(header)]
    for _ in range(draw(st.integers(0, 6))):
        width = len(header) + draw(st.sampled_from([0, 0, 0, 0, 0, 0, -1, 1]))
        if draw(st.integers(0, 9)) == 0:
            lines.append(draw(st.sampled_from(["", ",,,,,", " "])))  # blank rows
        else:
            lines.append(",".join(draw(st.lists(FIELDS, min_size=width, max_size=width))))
    end = draw(st.sampled_from(["\n", "\n", "\r\n", ""]))
    return end.join(lines) + draw(st.sampled_from(["", end]))


def _read(texts: list[str], reader) -> tuple[list, list]:
    parts, problems = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for n, text in enumerate(texts):
            path = Path(tmp) / f"{n}.csv"
            path.write_bytes(text.encode())
            required, optional = LOG_COLUMNS[TABLE], LOG_OPTIONAL_COLUMNS[TABLE]
            if reader == "reference":
                read = parse_csv(text, f"p{n}/reviews.csv", required, optional)
            else:
                read = read_csv(path, f"p{n}/reviews.csv", required, optional, inside=[tmp])
            problems += read.problems
            if read.value is not None:
                parts.append((f"p{n}", f"p{n}/reviews.csv", read.value))
    return parts, problems


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(csv_text(), min_size=1, max_size=5))
def test_read_at_once_as_one_by_one(texts: list[str]) -> None:
    ours, our_problems = _read(texts, "loader")
    ref, ref_problems = _read(texts, "reference")
    assert our_problems == ref_problems
    assert all(t.body is None for _, _, t in ref)
    if not ours:
        return
    a, b = log_table(TABLE, ours), log_table(TABLE, ref)
    pd.testing.assert_frame_equal(a.frame, b.frame)
    # (None stays None: pandas' reader would give NaN or "")
    assert [type(v) for v in a.frame.to_numpy().ravel()] == [
        type(v) for v in b.frame.to_numpy().ravel()
    ]
    assert np.array_equal(a.files, b.files) and np.array_equal(a.wheres, b.wheres)


def test_plain_files_are_read_at_once() -> None:
    """(the property above must compare the loader's reading, not the reference twice)"""
    text = "date,satisfaction,motivation,confidence,alignment\n2025-01-07,4,3,3,4\n"
    parts, _ = _read([text, text], "loader")
    assert [t.body for _, _, t in parts] == ["2025-01-07,4,3,3,4\n"] * 2
    table = log_table(TABLE, parts)
    assert table.frame["satisfaction"].tolist() == ["4", "4"]
    assert table.frame["note"].tolist() == [None, None]
    assert table.wheres.tolist() == [2, 2] and table.files.tolist() == [
        "p0/reviews.csv",
        "p1/reviews.csv",
    ]
    assert plain_body('date\n"2025-01-07"\n') is None


def test_the_characters_a_plain_file_may_hold_beyond_ascii() -> None:
    """Every character past ASCII is plain unless str.strip removes it (the reference strips
    each field), it is a control, a line or paragraph separator, or a surrogate."""
    not_plain = {
        c
        for c in map(chr, range(0x80, sys.maxunicode + 1))
        if c.isspace() or unicodedata.category(c) in ("Cc", "Cs", "Zl", "Zp")
    }
    refused = set(re.findall(_NOT_PLAIN_WIDE, "".join(map(chr, range(0x80, sys.maxunicode + 1)))))
    assert refused == not_plain
    assert plain_body("date,note\n2025-01-07,Lebenslauf für München\n") is not None


EDGE_CHARACTERS = sorted(
    {c for c in map(chr, range(0x80, 0x3001)) if c.isspace() or unicodedata.category(c) == "Cc"}
    | set("é日€\u200b\u2060\ufeff")
)


@pytest.mark.parametrize("char", EDGE_CHARACTERS, ids=lambda c: f"U+{ord(c):04X}")
def test_a_character_beyond_ascii_reads_as_one_by_one(char: str) -> None:
    """Each Unicode space and control at a field's edge and inside it, and letters of other
    scripts, in a file that is plain otherwise: the loader's rows are the reference's."""
    header = "date,satisfaction,motivation,confidence,alignment,note"
    rows = [
        f"2025-01-07,4,3,3,4,{char}x",
        f"2025-01-08,4,3,3,4,x{char}",
        f"2025-01-09,4,3,3,4,a{char}b",
    ]
    text = "\n".join([header, *rows]) + "\n"
    ours, our_problems = _read([text, text], "loader")
    ref, ref_problems = _read([text, text], "reference")
    assert our_problems == ref_problems
    a, b = log_table(TABLE, ours), log_table(TABLE, ref)
    pd.testing.assert_frame_equal(a.frame, b.frame)
    assert np.array_equal(a.wheres, b.wheres)
