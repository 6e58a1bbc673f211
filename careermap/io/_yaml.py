"""Reading YAML safely: no Python objects, YAML 1.2 booleans, dates as text, aliases bounded,
duplicate keys refused.

A YAML file can hold what a plain reading either cannot survive or would silently get wrong:

- aliases (``*name``) repeat what an anchor (``&name``) holds, and nested aliases multiply:
  a few lines (a "billion laughs") expand to billions of values, and anything that walks the
  result (even ``str()`` of it) runs out of memory. Aliases may repeat at most
  :data:`MAX_ALIAS_VALUES` values and :data:`MAX_ALIAS_CHARS` characters of text per file;
  an alias inside its own anchor (a loop) is refused too.
- a key written twice in one mapping keeps only its last value in YAML, so half of what was
  written would be lost without a word; it is a problem naming both lines.

Aliases are checked before the document is built into Python values; keys written twice while
it is built (a mapping with fewer keys than written), and nothing built is returned then.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml import events, nodes

from careermap.errors import Problem, format_value

try:  # libyaml is ~10x faster; the pure-Python loader is the same grammar
    _BaseLoader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - wheels ship libyaml
    _BaseLoader = yaml.SafeLoader

MAX_ALIAS_VALUES = 10_000
"""Values (scalars, lists and mappings) that aliases may repeat in one file, all aliases
together: far more than reusing a list of skills in every milestone needs."""
MAX_ALIAS_CHARS = 1_000_000
"""Characters of text that aliases may repeat in one file, all aliases together."""
MAX_DEPTH = 100
"""Levels of lists and mappings inside each other that a file may have (a roadmap has about
six): deeper nesting is refused before the document is built, which would otherwise run out
of stack (a crash at ~50,000 levels) or of Python's recursion limit."""


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """Safe loader (no Python objects) with YAML 1.2 booleans and dates left as text.

    YAML 1.1 reads ``on``, ``off``, ``yes``, ``no`` as booleans, which would turn the
    ``on:`` key of a reschedule into ``True``; only ``true``/``false`` are booleans here.
    Dates stay strings so that an impossible date (2025-02-30) is reported by the loader
    with its YAML path instead of failing the whole file. ``.nan`` stays the text written:
    a float NaN is what pandas takes for a missing value, and a number that is not a number
    must be reported, not dropped.
    """

    def construct_yaml_float(self, node: nodes.ScalarNode) -> Any:
        value = super().construct_yaml_float(node)
        return value if value == value else node.value


_DROPPED_TAGS = {"tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp"}
_NUMBER_TAGS = {"tag:yaml.org,2002:int", "tag:yaml.org,2002:float"}


def _no_digit_separators(tag: str, rx: re.Pattern[str]) -> tuple[str, re.Pattern[str]]:
    """YAML 1.1 reads ``1_000`` as 1000 and ``0_5`` as 5: a number has no ``_`` here (the
    one number rule, :func:`careermap._vocab.parse_number`), so such a value stays text and
    the loader reports it."""
    if tag not in _NUMBER_TAGS:
        return tag, rx
    return tag, re.compile(
        rx.pattern.replace("[0-9_]", "[0-9]")
        .replace("[0-7_]", "[0-7]")
        .replace("[0-9a-fA-F_]", "[0-9a-fA-F]")
        .replace("[0-1_]", "[0-1]"),
        rx.flags,
    )


_Loader.yaml_implicit_resolvers = {
    key: [_no_digit_separators(tag, rx) for tag, rx in resolvers if tag not in _DROPPED_TAGS]
    for key, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_Loader.add_constructor("tag:yaml.org,2002:float", _Loader.construct_yaml_float)

_STR = "tag:yaml.org,2002:str"
# The implicit resolvers of a plain scalar by its first character ("" for an empty one), the
# wildcard ones after them, as BaseResolver.resolve tries them; built once, not per scalar.
_BY_FIRST: dict[str, list[tuple[str, re.Pattern[str]]]] = {
    key: [*resolvers, *_Loader.yaml_implicit_resolvers.get(None, [])]
    for key, resolvers in _Loader.yaml_implicit_resolvers.items()
    if key is not None
}
_WILDCARD = list(_Loader.yaml_implicit_resolvers.get(None, []))
assert not _Loader.yaml_path_resolvers  # (resolve below relies on there being none)


_TAGS: dict[str, str] = {}  # plain scalar -> its tag, for short ones (keys, ids, dates)
_TAGS_KEPT = 50_000  # (a bound on the memory it takes)


def _resolve(self: Any, kind: type, value: Any, implicit: Any) -> str:
    """``BaseResolver.resolve`` without path resolvers (there are none): the same tags, but
    a scalar's resolvers are looked up once, and a short plain scalar's tag is remembered
    (the composer calls this for every node; keys and dates repeat)."""
    if kind is nodes.ScalarNode:
        if implicit[0]:
            tag = _TAGS.get(value)
            if tag is not None:
                return tag
            tag = _STR
            for resolved, regexp in _BY_FIRST.get(value[:1], _WILDCARD):
                if regexp.match(value):
                    tag = resolved
                    break
            if len(value) <= 40 and len(_TAGS) < _TAGS_KEPT:
                _TAGS[value] = tag
            return tag
        return _STR
    if kind is nodes.SequenceNode:
        return "tag:yaml.org,2002:seq"
    return "tag:yaml.org,2002:map"


_Loader.resolve = _resolve


def parse_yaml(text: str, shown: str) -> tuple[Any, list[Problem]]:
    """The value of a YAML document, or None and the problems that stop it being read.

    Syntax errors name the line and column; aliases that repeat too much or loop, and keys
    written twice, name their lines.

    Examples
    --------
    >>> parse_yaml("a: 1\\nb: [x, y]\\n", "f.yaml")
    ({'a': 1, 'b': ['x', 'y']}, [])
    >>> _, (problem,) = parse_yaml("a: 1\\nb: 2\\na: 3\\n", "f.yaml")
    >>> print(problem)
    f.yaml, a: 3 -> the key a is written twice in this mapping, on line 1 (1) and line 3 (3); YAML keeps only the last value: remove one
    """  # noqa: E501
    try:
        problem = depth_problem(text, shown)
        if problem is not None:
            return None, [problem]
        if "*" in text:  # (no alias without a star: most files skip this pass)
            problem = _alias_problem(text, shown)
            if problem is not None:
                return None, [problem]
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            if node is None:
                return None, []
            try:  # (most files: built and checked for keys written twice in one walk)
                return _construct(node, loader, checking=True), []
            except _Duplicate:
                return None, _duplicate_keys(node, loader, shown)
            except Exception:  # (_Unchecked, or a bad value: keys written twice come first)
                if _has_duplicate(node, loader):
                    return None, _duplicate_keys(node, loader, shown)
            return _construct(node, loader, checking=False), []
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        what = " ".join(x for x in (exc.context, exc.problem) if x)
        return None, [Problem(shown, where, "", "", f"is not valid YAML: {what}", "yaml_syntax")]
    except (yaml.YAMLError, ValueError, RecursionError) as exc:
        return None, [Problem(shown, "", "", "", f"is not valid YAML: {exc}", "yaml")]


# What may open a block collection at the start of a line: indentation, "- " and "? ".
_BLOCK_PREFIX = re.compile(r"^[ \t]*(?:[-?](?:[ \t]+|$))*", re.MULTILINE)


def _depth_bound(text: str) -> int:
    """An upper bound on how deeply ``text`` can nest, from its characters alone (no parse).

    A list or mapping in flow style opens with ``[`` or ``{``; one in block style starts
    further right than its parent (a list may start at its mapping's column: two levels a
    column), and only after indentation, ``- `` or ``? ``. An empty ``[]`` or ``{}`` holds
    nothing deeper: all of them count as one level."""
    empty = text.count("[]") + text.count("{}")
    flow = text.count("[") + text.count("{") - empty + (empty > 0)
    if flow > MAX_DEPTH:
        return flow
    widest = max((len(m) for m in _BLOCK_PREFIX.findall(text)), default=0)
    return flow + 2 * (widest + 1)


def depth_problem(text: str, shown: str) -> Problem | None:
    """The problem of a YAML text nesting lists and mappings more than :data:`MAX_DEPTH`
    levels deep (naming the line where it passes the limit), else None.

    The parser's events are walked (a flat stream, no recursion) only when the text could
    be that deep, and only up to the level past the limit, before anything is built.

    Examples
    --------
    >>> print(depth_problem("a: " + "[" * 200 + "]" * 200, "rules.yaml"))
    rules.yaml, line 1 -> nests lists and mappings more than 100 levels deep, the most careermap reads; a map or rules file needs a few
    >>> depth_problem("a: [[1, 2], {b: [3]}]", "f.yaml") is None
    True
    """  # noqa: E501
    if _depth_bound(text) <= MAX_DEPTH:
        return None
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, events.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    rule = (
                        f"nests lists and mappings more than {MAX_DEPTH} levels deep, the most "
                        "careermap reads; a map or rules file needs a few"
                    )
                    where = f"line {event.start_mark.line + 1}"
                    return Problem(shown, where, "", "", rule, "too_deep")
            elif isinstance(event, events.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return None  # (the reading that follows names the syntax error)
    return None


def _alias_problem(text: str, shown: str) -> Problem | None:
    """Walk the parser's events, counting what each alias would repeat, before anything is
    built: the first alias past a limit, or inside its own anchor, is the problem."""
    sizes: dict[str, tuple[int, int]] = {}  # anchor -> (values, characters) it holds
    open_anchors: set[str] = set()
    stack: list[list[Any]] = []  # [values, characters, anchor] of each open list or mapping
    repeated = [0, 0]
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, events.DocumentStartEvent):
            sizes.clear()
        elif isinstance(event, events.CollectionStartEvent):
            stack.append([1, 0, event.anchor])
            if event.anchor:
                open_anchors.add(event.anchor)
        elif isinstance(event, events.ScalarEvent | events.CollectionEndEvent | events.AliasEvent):
            if isinstance(event, events.ScalarEvent):
                size, anchor = (1, len(event.value)), event.anchor
            elif isinstance(event, events.CollectionEndEvent):
                values, chars, anchor = stack.pop()
                size = (values, chars)
                open_anchors.discard(anchor)
            else:
                anchor = None
                name = event.anchor
                line = event.start_mark.line + 1
                if name in open_anchors:
                    return _alias(
                        shown, line, name, f"is inside the anchor &{name} it repeats (a loop)"
                    )
                if name not in sizes:
                    continue  # an undefined alias: the composer says so, with its line
                size = sizes[name]
                repeated[0] += size[0]
                repeated[1] += size[1]
                if repeated[0] > MAX_ALIAS_VALUES or repeated[1] > MAX_ALIAS_CHARS:
                    return _alias(
                        shown,
                        line,
                        name,
                        f"makes the aliases of this file repeat more than the "
                        f"{MAX_ALIAS_VALUES:,} values or {MAX_ALIAS_CHARS:,} characters "
                        "careermap reads (nested aliases multiply); write the values out",
                    )
            if anchor:
                sizes[anchor] = size
            if stack:
                stack[-1][0] += size[0]
                stack[-1][1] += size[1]
    return None


def _alias(shown: str, line: int, name: str, what: str) -> Problem:
    return Problem(shown, f"line {line}", "", f"*{name}", f"this alias {what}", "yaml_alias")


_SEQ, _MAP, _MERGE = "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map", "tag:yaml.org,2002:merge"


class _Duplicate(Exception):
    """A mapping built with fewer keys than written: a key is written twice."""


class _Unchecked(Exception):
    """A collection only the loader's constructors build (merge keys, tagged collections):
    they change the nodes, so keys written twice must be looked for before building."""


def _construct(root: nodes.Node, loader: Any, *, checking: bool) -> Any:
    """The Python value of a document, as ``loader.construct_document`` builds it: text as
    written, lists and mappings built here, every other node by the loader's constructors
    (numbers, null, booleans, merge keys and tagged collections). The constructor's
    machinery costs more than the reading itself for the plain text most nodes hold.

    ``checking``: keys written twice are looked for on the way, so that most files are
    walked once: :class:`_Duplicate` when a mapping has fewer keys than written (keys
    compared as :func:`_has_duplicate` compares them), :class:`_Unchecked` before a
    collection the loader would build."""
    try:
        return _build(root, loader, {}, checking)
    finally:  # (the loader keeps the nodes it built; no cycle may keep them alive)
        loader.constructed_objects = {}
        loader.recursive_objects = {}


def _build(node: nodes.Node, loader: Any, built: dict[int, Any], checking: bool) -> Any:
    """The value of a node; ``built`` maps id(node) to its value, so an alias gives the
    anchor's value."""
    if id(node) in built:
        return built[id(node)]
    if isinstance(node, nodes.ScalarNode):
        value = node.value if node.tag == _STR else loader.construct_object(node, deep=True)
    elif isinstance(node, nodes.SequenceNode) and node.tag == _SEQ:
        value = [
            item.value
            if item.tag == _STR and type(item) is nodes.ScalarNode
            else _build(item, loader, built, checking)
            for item in node.value
        ]
    elif (
        isinstance(node, nodes.MappingNode)
        and node.tag == _MAP
        and all(isinstance(k, nodes.ScalarNode) and k.tag != _MERGE for k, _ in node.value)
    ):
        # (text is built in place: the most common node, and the same value however reached)
        value = {
            (key.value if key.tag == _STR else _build(key, loader, built, checking)): (
                item.value
                if item.tag == _STR and type(item) is nodes.ScalarNode
                else _build(item, loader, built, checking)
            )
            for key, item in node.value
        }
        if checking and len(value) < len(node.value):
            raise _Duplicate
    elif checking:
        raise _Unchecked
    else:
        value = loader.construct_object(node, deep=True)
    built[id(node)] = value
    return value


def _has_duplicate(root: nodes.Node, loader: Any) -> bool:
    """Whether any mapping has a key written twice (keys compared as :func:`_duplicate_keys`
    compares them); a quick pass, so that only a file with one is walked for the messages."""
    seen: set[int] = set()
    todo = [root]
    while todo:
        node = todo.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, nodes.SequenceNode):
            todo.extend(node.value)
        elif isinstance(node, nodes.MappingNode):
            names: set[Any] = set()
            for key, value in node.value:
                todo.append(value)
                if key.tag == _MERGE or not isinstance(key, nodes.ScalarNode):
                    continue
                # (a text key reads as written: constructing it would give the same value)
                name = key.value if key.tag == _STR else _key(key, loader)
                if name in names:
                    return True
                names.add(name)
    return False


def _duplicate_keys(root: nodes.Node, loader: Any, shown: str) -> list[Problem]:
    """Keys written twice in one mapping, each node visited once (aliases share nodes)."""
    found: list[tuple[int, Problem]] = []
    seen: set[int] = set()
    todo: list[tuple[nodes.Node, str, str]] = [(root, "", "")]  # node, plain path, shown path
    while todo:  # (depth first, in the order written; iterative: nesting may be deep)
        node, plain, path = todo.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        children: list[tuple[nodes.Node, str, str]] = []
        if isinstance(node, nodes.SequenceNode):
            for i, item in enumerate(node.value):
                # the innermost entry with an id names it: goals[0].milestones[1] (M2).title
                label = entry_label(_id_of(item))
                item_plain = f"{plain}[{i}]"
                children.append(
                    (item, item_plain, f"{item_plain} ({label})" if label else f"{path}[{i}]")
                )
        elif isinstance(node, nodes.MappingNode):
            first: dict[Any, tuple[nodes.Node, nodes.Node]] = {}
            for key, value in node.value:
                if key.tag == "tag:yaml.org,2002:merge" or not isinstance(key, nodes.ScalarNode):
                    continue
                name = _key(key, loader)
                where = f"{path}.{key.value}" if path else key.value
                if name in first:
                    k0, v0 = first[name]
                    line = key.start_mark.line + 1
                    rule = (
                        f"the key {key.value} is written twice in this mapping, on line "
                        f"{k0.start_mark.line + 1} ({_shown(v0, loader)}) and line {line} "
                        f"({_shown(value, loader)}); YAML keeps only the last value: remove one"
                    )
                    problem = Problem(
                        shown, where, key.value, _shown(value, loader), rule, "duplicate_key"
                    )
                    found.append((line, problem))
                else:
                    first[name] = (key, value)
                children.append((value, f"{plain}.{key.value}" if plain else key.value, where))
        todo.extend(reversed(children))
    return [p for _, p in sorted(found, key=lambda lp: lp[0])]


def _key(node: nodes.ScalarNode, loader: Any) -> Any:
    """A scalar as YAML reads it (``1`` and ``0x1`` are the same key), or as written."""
    try:
        value = loader.construct_object(node)
        hash(value)
    except (yaml.YAMLError, TypeError, ValueError):
        return (node.tag, node.value)
    return value


def _id_of(node: nodes.Node) -> Any:
    if isinstance(node, nodes.MappingNode):
        for key, value in node.value:
            if isinstance(key, nodes.ScalarNode) and key.value == "id":
                return value.value if isinstance(value, nodes.ScalarNode) else None
    return None


def entry_label(entry_id: Any) -> str:
    """How an entry's id is shown after its YAML path: ``goals[0] (G1)``; "" without one.

    Examples
    --------
    >>> entry_label("M1"), entry_label(None), entry_label(["not", "an id"])
    ('M1', '', '')
    """
    if entry_id is None or isinstance(entry_id, dict | list) or entry_id == "":
        return ""
    text = " ".join(str(entry_id).split())
    return text if len(text) <= 40 else text[:39] + "…"


def _shown(node: nodes.Node, loader: Any) -> str:
    """A value as problems show values: as YAML reads it (3, 'Spring'), shortened."""
    if isinstance(node, nodes.ScalarNode):
        value = _key(node, loader) if node.value else None
        return format_value(node.value if isinstance(value, tuple) else value, limit=40)
    return "a list" if isinstance(node, nodes.SequenceNode) else "a mapping"
