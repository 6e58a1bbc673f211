"""careermap's YAML reading builds the same values as PyYAML's own constructor (the reference),
and finds a key written twice however it is spelt, on documents chosen to reach every kind of
node: merge keys, aliases, tagged collections, numbers as keys, nulls, NaN, booleans."""

from __future__ import annotations

import math

import pytest
import yaml

from careermap.io._yaml import _Loader, parse_yaml

DOCUMENTS = [
    "a: 1\nb: [x, 'y', \"z\"]\nc:\nd: ~\n",
    "base: &b {x: 1, y: two}\none:\n  <<: *b\n  y: 3\ntwo: *b\n",
    "list: &l [a, b]\nagain: *l\nnested: [[1, 2.5], {k: -3}]\n",
    "3: one\n0x2: two\n2.5: half\ntrue: yes\nnull: nothing\n",
    "on: 2025-01-07\noff: no\nwhen: 2025-02-30T10:00\nflag: True\n",
    "set: !!set {a, b}\nomap: !!omap [{a: 1}, {b: 2}]\npairs: !!pairs [{a: 1}, {a: 2}]\n",
    "text: !!str 12\nnum: !!float 3\nbin: !!binary aGVsbG8=\nq: '1'\n",
    "- [a, {b: [c, {d: e}]}]\n- ''\n- \"\"\n- 007\n- 1_000\n- +.inf\n",
    "x: .nan\ny: -.NaN\nz: .inf\n",
]


def reference(text: str) -> object:
    loader = _Loader(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def same(a: object, b: object) -> bool:
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    if isinstance(a, dict) and isinstance(b, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list | tuple) and isinstance(b, list | tuple):
        return type(a) is type(b) and len(a) == len(b) and all(map(same, a, b))
    return type(a) is type(b) and a == b


@pytest.mark.parametrize("text", DOCUMENTS)
def test_values_are_pyyamls(text: str) -> None:
    value, problems = parse_yaml(text, "f.yaml")
    assert problems == []
    assert same(value, reference(text)), (value, reference(text))


def test_types_as_written() -> None:
    value, _ = parse_yaml(DOCUMENTS[4], "f.yaml")
    # YAML 1.2 booleans only, and dates kept as the text written
    assert value == {"on": "2025-01-07", "off": "no", "when": "2025-02-30T10:00", "flag": True}
    value, _ = parse_yaml(DOCUMENTS[8], "f.yaml")
    assert value["x"] == ".nan" and value["y"] == "-.NaN" and value["z"] == math.inf


@pytest.mark.parametrize(
    ("text", "key", "lines"),
    [
        ("a: 1\nb: 2\na: 3\n", "a", (1, 3)),
        ("1: x\n0x1: y\n", "0x1", (1, 2)),  # the same number
        ("g:\n  - id: G1\n    t: a\n    t: b\n", "t", (3, 4)),
        ("'k': 1\nk: 2\n", "k", (1, 2)),  # quoted or not, the same text
    ],
)
def test_duplicate_keys_found(text: str, key: str, lines: tuple[int, int]) -> None:
    value, (problem,) = parse_yaml(text, "f.yaml")
    assert value is None and problem.code == "duplicate_key" and problem.column == key
    assert f"on line {lines[0]} " in problem.rule and f"and line {lines[1]} " in problem.rule


@pytest.mark.parametrize("text", ["'1': x\n1: y\n", "a: 1\nA: 2\n", "k: 1\nk : [2]\nj: 3\n"])
def test_distinct_keys_kept(text: str) -> None:
    value, problems = parse_yaml(text, "f.yaml")
    expected = yaml.load(text, Loader=_Loader) if "k :" not in text else None
    if expected is None:  # the last one repeats k: refused
        assert value is None and [p.code for p in problems] == ["duplicate_key"]
    else:
        assert problems == [] and value == expected
