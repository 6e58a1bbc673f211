"""Editing roadmap.yaml in place with ruamel.yaml's round-trip mode, so an edit changes only
the lines it means to: comments, quotes, flow or block style, indentation, blank lines, a BOM
and CRLF line ends stay as the person wrote them."""

from __future__ import annotations

import codecs
import hashlib
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from careermap.errors import EntryRejectedError, Problem
from careermap.io import check_yaml
from careermap.store._files import ROADMAP

_INDENTS = ((2, 4, 2), (2, 2, 0), (4, 4, 2), (4, 6, 4), (4, 4, 0), (2, 2, 2), (3, 3, 0))


@dataclass
class ParsedRoadmap:
    """A parsed roadmap.yaml with how to write it back the way it was written."""

    doc: Any
    indent: tuple[int, int, int]
    bom: bool
    crlf: bool

    def dump(self) -> bytes:
        text = _dump_text(_yaml(self.indent), self.doc)
        if self.crlf:
            text = text.replace("\n", "\r\n")
        return (codecs.BOM_UTF8 if self.bom else b"") + text.encode("utf-8")


def _yaml(indent: tuple[int, int, int]) -> Any:
    from ruamel.yaml import YAML

    y = YAML(typ="rt")
    y.preserve_quotes = True
    y.width = 1_000_000  # never re-wrap a long line
    mapping, sequence, offset = indent
    y.indent(mapping=mapping, sequence=sequence, offset=offset)
    return y


def _dump_text(y: Any, doc: Any) -> str:
    buf = io.StringIO()
    y.dump(doc, buf)
    return buf.getvalue()


_INDENT_OF: dict[str, tuple[int, int, int]] = {}  # sha256 of a roadmap -> its indentation


def parse_roadmap(data: bytes) -> ParsedRoadmap:
    """Parse with ruamel's round-trip loader, finding the indentation that rewrites the
    file unchanged (so an edit changes only the lines it means to)."""
    from ruamel.yaml import YAMLError

    # what stops the loader reading it stops an edit, in the loader's words (encoding, syntax,
    # aliases that repeat too much, keys written twice)
    unreadable = check_yaml(data, ROADMAP)
    if unreadable:
        raise EntryRejectedError(unreadable, "roadmap.yaml cannot be edited")
    text = data.decode("utf-8-sig")
    crlf = "\r\n" in text
    text = text.replace("\r\n", "\n")
    try:
        doc = _yaml(_INDENTS[0]).load(text)
    except (YAMLError, ValueError, TypeError) as exc:
        raise EntryRejectedError(
            [Problem(ROADMAP, "", "", "", f"is not valid YAML: {exc}", "yaml")],
            "roadmap.yaml cannot be edited",
        ) from None
    key = hashlib.sha256(data).hexdigest()
    indent = _INDENT_OF.get(key)
    if indent is None:
        scores = []
        for candidate in _INDENTS:
            out = _dump_text(_yaml(candidate), doc).splitlines()
            lines = text.splitlines()
            changed = sum(a != b for a, b in zip(out, lines, strict=False))
            scores.append((changed + abs(len(out) - len(lines)), candidate))
            if scores[-1][0] == 0:
                break
        indent = min(scores, key=lambda sc: sc[0])[1]
    return ParsedRoadmap(doc, indent, data.startswith(codecs.BOM_UTF8), crlf)


def remember_indent(data: bytes, parsed: ParsedRoadmap) -> None:
    """Remember the indentation of a roadmap the store wrote (the next edit skips the search)."""
    if len(_INDENT_OF) >= 64:
        _INDENT_OF.pop(next(iter(_INDENT_OF)))
    _INDENT_OF[hashlib.sha256(data).hexdigest()] = parsed.indent


def cm(pairs: Iterable[tuple[str, Any]], *, flow: bool) -> Any:
    from ruamel.yaml.comments import CommentedMap

    out = CommentedMap(pairs)
    if flow:
        out.fa.set_flow_style()
    return out


def cs(items: Iterable[Any], *, flow: bool) -> Any:
    from ruamel.yaml.comments import CommentedSeq

    out = CommentedSeq(items)
    if flow:
        out.fa.set_flow_style()
    return out


def is_map(node: Any) -> bool:
    return isinstance(node, Mapping)


def set_key(node: Any, key: str, value: Any, order: Sequence[str]) -> None:
    """Set ``node[key]``, inserting a new key where ``order`` puts it among the others."""
    if key in node:
        node[key] = value
        return
    later = set(order[order.index(key) + 1 :]) if key in order else set()
    keys = list(node)
    pos = next((i for i, k in enumerate(keys) if k in later), len(keys))
    if pos == len(keys) and keys and not is_flow(node):
        moved = _take_tail(_tail_slot(node), keep_blanks=False)
        node.insert(pos, key, value)
        _put_tail(_tail_slot(node), moved)
    else:
        node.insert(pos, key, value)


def is_flow(node: Any) -> bool:
    fa = getattr(node, "fa", None)
    return bool(fa is not None and fa.flow_style())


def _is_block(node: Any) -> bool:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    return isinstance(node, CommentedMap | CommentedSeq) and not is_flow(node)


# Comments after the last line of a block node (blank lines, then comment lines that
# introduce what comes next) are kept by ruamel on the node's deepest last item. Adding an
# item after it would put them above the new item; these helpers move them below it.


def _tail_slot(node: Any) -> tuple[Any, Any, str] | None:
    from ruamel.yaml.comments import CommentedSeq

    if not _is_block(node) or not node:
        return None
    if isinstance(node, CommentedSeq):
        if node.ca.end:
            return node, None, "end"
        key: Any = len(node) - 1
    else:
        key = list(node)[-1]
    child = node[key]
    if _is_block(child) and child:
        return _tail_slot(child)
    return node, key, "seq" if isinstance(node, CommentedSeq) else "map"


def _slot_text(slot: tuple[Any, Any, str]) -> str:
    node, key, kind = slot
    if kind == "end":
        return "".join(
            (" " * t.column if t.value.startswith("#") else "") + t.value for t in node.ca.end
        )
    entry = node.ca.items.get(key)
    token = entry[0 if kind == "seq" else 2] if entry else None
    return token.value if token is not None else "\n"


def _set_slot_text(slot: tuple[Any, Any, str], text: str) -> None:
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    node, key, kind = slot
    if kind == "end":
        node.ca.end = [CommentToken(text, CommentMark(0), None)] if text else []
        return
    entry = node.ca.items.setdefault(key, [None, None, None, None])
    i = 0 if kind == "seq" else 2
    if text in ("", "\n"):
        entry[i] = None
    elif entry[i] is not None:
        entry[i].value = text  # the same token keeps an end-of-line comment's column
    else:
        entry[i] = CommentToken(text, CommentMark(0), None)


def _split_tail(text: str, kind: str) -> tuple[str, str, str]:
    """(the node's own line end, blank lines after it, the rest)."""
    lines = text.splitlines(keepends=True)
    head = "" if kind == "end" else (lines.pop(0) if lines else "\n")
    i = 0
    while i < len(lines) and not lines[i].strip():
        i += 1
    return head, "".join(lines[:i]), "".join(lines[i:])


def _take_tail(slot: tuple[Any, Any, str] | None, *, keep_blanks: bool) -> str:
    """Cut the lines after a node's own line from ``slot``; return them."""
    if slot is None:
        return ""
    head, blanks, rest = _split_tail(_slot_text(slot), slot[2])
    _set_slot_text(slot, head + ((blanks or "\n") if keep_blanks else ""))
    return blanks + rest


def _put_tail(slot: tuple[Any, Any, str] | None, text: str) -> None:
    if slot is None or not text:
        return
    head = "" if slot[2] == "end" else _split_tail(_slot_text(slot), slot[2])[0]
    _set_slot_text(slot, head + text)


def _item_slot(seq: Any, index: int) -> tuple[Any, Any, str] | None:
    item = seq[index]
    if _is_block(item) and item:
        return _tail_slot(item)
    return seq, index, "seq"


def append_item(seq: Any, item: Any) -> None:
    """Append to a YAML list, keeping the comments that followed its last item after it."""
    if not _is_block(seq) or not seq:
        seq.append(item)
        return
    # items separated by blank lines (as milestones often are) get one before the new item
    sep = len(seq) >= 2 and _blank_after(_item_slot(seq, len(seq) - 2))
    moved = _take_tail(_item_slot(seq, len(seq) - 1), keep_blanks=sep)
    seq.append(item)
    _put_tail(_item_slot(seq, len(seq) - 1), moved)


def _blank_after(slot: tuple[Any, Any, str] | None) -> bool:
    return slot is not None and bool(_split_tail(_slot_text(slot), slot[2])[1])
