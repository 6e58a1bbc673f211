"""careermap's YAML reading builds the same values as PyYAML's own constructor (the reference),
and finds a key written twice however it is spelt, on documents chosen to reach every kind of
node: merge keys, aliases, tagged collections, numbers as keys, nulls, NaN, booleans."""

from __future__ import annotations

import math

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from careermap.io._yaml import _duplicate_keys, _has_duplicate, _Loader, parse_yaml

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


# Keys that YAML may read as the same key (1, 0x1, +1; true, True; null, ~) or not ('1').
_KEYS = ["a", "A", "1", "0x1", "+1", "'1'", "true", "True", "null", "~", "2.0", "'a'"]


def _document(draw: st.DrawFn, depth: int = 0, anchors: list[int] | None = None) -> str:
    """A YAML block mapping (indented by depth) with keys from a small pool, so that keys
    written twice are common, and nested mappings, lists, anchors, aliases and merge keys."""
    pad = "  " * depth
    anchors = [0] if anchors is None else anchors  # (anchors are numbered: each name once)
    lines = []
    for n in range(draw(st.integers(1, 4))):
        key = draw(st.sampled_from(_KEYS))
        kind = draw(st.sampled_from(["text", "number", "map", "list", "anchor", "merge"]))
        if kind == "map" and depth < 2:
            lines.append(f"{pad}{key}:\n{_document(draw, depth + 1, anchors)}")
        elif kind == "list":
            lines.append(
                f"{pad}{key}: [x, {{k{n}: 1, k{n}: 2}}]"
                if draw(st.booleans())
                else f"{pad}{key}: [x, y]"
            )
        elif kind == "anchor":
            anchors[0] += 1
            lines.append(f"{pad}{key}: &m{anchors[0]} {{b: 1, c: 2}}")
            lines.append(f"{pad}again{anchors[0]}: *m{anchors[0]}")
        elif kind == "merge" and depth == 0 and n > 0:
            lines.append(f"{pad}merged{n}:\n{pad}  <<: {{b: 1}}\n{pad}  b: 2")
        else:
            lines.append(f"{pad}{key}: {draw(st.sampled_from(['v', '3', '.nan', '']))}")
    return "\n".join(lines) + "\n"


def _reference_problems(text: str) -> list[tuple[str, str]]:
    """Keys written twice as the plain walk finds them (every node, before anything is
    built), else [] after PyYAML's own constructor builds the document."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if _has_duplicate(node, loader):
            return [(p.location, p.rule) for p in _duplicate_keys(node, loader, "f.yaml")]
    finally:
        loader.dispose()
    reference(text)
    return []


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_keys_written_twice_as_the_plain_walk_finds_them(data: st.DataObject) -> None:
    """Building and looking for keys written twice in one walk finds exactly the problems
    the separate walk over the nodes finds, and builds PyYAML's values otherwise."""
    text = data.draw(st.composite(_document)())
    value, problems = parse_yaml(text, "f.yaml")
    expected = _reference_problems(text)
    assert [(p.location, p.rule) for p in problems] == expected, text
    if not expected:
        assert same(value, reference(text)), text
