"""What one YAML file may cost, checked while its nodes are composed, before anything is built.

Grid, glossary and answers files come from people and from elsewhere (an organisation's
shared folder, an attachment): a 17 KB file of nested aliases expands to millions of items
once validated, a thousand nested brackets exhaust Python's recursion (and libyaml's own
composer recurses in C). `compose` replaces PyYAML's composer: it builds the same nodes from
the parser's event stream, iteratively, counting depth, aliases and the expanded size, and
stops at the first excess with the line where it happened. One pass, no recursion.

The limits are far above any real grid (the bundled ones: at most 11 levels, 2 706 nodes,
no alias, 60 Ko) and far below what hurts.
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml
from yaml.composer import ComposerError
from yaml.events import (
    AliasEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

MAX_BYTES = 1_000_000  # 1 Mo: 16 times the largest bundled grid (nantes.yaml, 60 Ko)
MAX_DEPTH = 50  # nested lists and mappings: about 20 levels of sub-parts; the bundled grids use 11
MAX_ALIASES = 100  # « *nom » references; the bundled grids use none
MAX_NODES = 100_000  # keys, values and items once aliases are expanded: 37 times nantes.yaml


def french_count(n: int) -> str:
    """100000 → « 100 000 » (narrow no-break space, the French way)."""
    return f"{n:,}".replace(",", "\u202f")


class LimitExceeded(Exception):
    """The first limit a file goes beyond, and where (1-based line and column)."""

    def __init__(self, mark, code: str, message: str):
        self.line, self.column = mark.line + 1, mark.column + 1
        self.code, self.message = code, message
        super().__init__(message)


@dataclass
class _Open:
    """A list or mapping being composed: its node, its size with aliases expanded, the levels of
    lists and mappings inside it, and the key waiting for its value (mappings)."""

    node: Node
    anchor: str | None
    nodes: int = 1
    height: int = 0
    key: Node | None = None


def compose(loader) -> Node | None:
    """The single document of `loader`'s stream as a node graph, as `loader.get_single_node()`
    would give it (same nodes, tags, marks; PyYAML's errors for unknown or duplicate anchors and
    extra documents), or LimitExceeded. Path resolvers are not supported (SafeLoader has none)."""
    get, resolve = loader.get_event, loader.resolve
    get()  # stream start
    root = None
    if not loader.check_event(StreamEndEvent):
        get()  # document start
        root = _compose_document(get, resolve)
        get()  # document end
        if not loader.check_event(StreamEndEvent):
            event = get()
            raise ComposerError("expected a single document in the stream", root.start_mark,
                                "but found another document", event.start_mark)
    get()  # stream end
    return root


def _compose_document(get, resolve) -> Node:
    stack: list[_Open] = []
    anchors: dict[str, tuple[Node, int, int]] = {}  # anchor -> (node, expanded nodes, levels)
    total = aliases = 0

    def anchor(name: str | None, node: Node, event) -> None:
        if name is None:
            return
        if name in anchors:
            raise ComposerError(f"found duplicate anchor {name!r}; first occurrence", anchors[name][0].start_mark,
                                "second occurrence", event.start_mark)
        anchors[name] = (node, 1, 0)  # completed when the node closes

    while True:
        event = get()
        kind = type(event)
        if kind is ScalarEvent:
            tag = event.tag
            if tag is None or tag == "!":
                tag = resolve(ScalarNode, event.value, event.implicit)
            node: Node = ScalarNode(tag, event.value, event.start_mark, event.end_mark, style=event.style)
            anchor(event.anchor, node, event)
            nodes, height = 1, 0
            total += 1
        elif kind is AliasEvent:
            name = event.anchor
            aliases += 1
            if aliases > MAX_ALIASES:
                raise LimitExceeded(event.start_mark, "YAML006",
                                    f"trop d'alias (« *{name} ») : {MAX_ALIASES} au plus par fichier")
            if name not in anchors:
                raise ComposerError(None, None, f"found undefined alias {name!r}", event.start_mark)
            if any(o.anchor == name for o in stack):
                raise LimitExceeded(event.start_mark, "YAML006", f"l'alias « *{name} » est à l'intérieur de son "
                                                                 f"ancre « &{name} » : il la contiendrait sans fin")
            node, nodes, height = anchors[name]
            if len(stack) + height > MAX_DEPTH:
                raise LimitExceeded(event.start_mark, "YAML005", f"trop de niveaux imbriqués une fois l'alias "
                                                                 f"« *{name} » développé : plus de {MAX_DEPTH}")
            total += nodes
        elif kind is SequenceStartEvent or kind is MappingStartEvent:
            node_class = SequenceNode if kind is SequenceStartEvent else MappingNode
            tag = event.tag
            if tag is None or tag == "!":
                tag = resolve(node_class, None, event.implicit)
            node = node_class(tag, [], event.start_mark, None, flow_style=event.flow_style)
            anchor(event.anchor, node, event)
            stack.append(_Open(node, event.anchor))
            total += 1
            if len(stack) > MAX_DEPTH:
                raise LimitExceeded(event.start_mark, "YAML005", f"trop de niveaux imbriqués : plus de {MAX_DEPTH} "
                                                                 "listes ou clés les unes dans les autres")
            if total > MAX_NODES:
                raise _too_many(event)
            continue
        else:  # the end of a list or a mapping
            done = stack.pop()
            node, nodes, height = done.node, done.nodes, done.height + 1
            node.end_mark = event.end_mark
            if done.anchor is not None:
                anchors[done.anchor] = (node, nodes, height)
        if total > MAX_NODES:
            raise _too_many(event)
        if not stack:
            return node
        parent = stack[-1]
        parent.nodes += nodes
        parent.height = max(parent.height, height)
        if type(parent.node) is SequenceNode:
            parent.node.value.append(node)
        elif parent.key is None:
            parent.key = node
        else:
            parent.node.value.append((parent.key, node))
            parent.key = None


def _too_many(event) -> LimitExceeded:
    return LimitExceeded(event.start_mark, "YAML007", f"trop d'éléments : plus de {french_count(MAX_NODES)} clés, "
                                                      "valeurs et éléments de liste (alias développés)")


def first_excess(text: str, loader_class=yaml.SafeLoader) -> LimitExceeded | None:
    """The first limit `text` exceeds, or None (syntax errors are raised as PyYAML's own)."""
    loader = loader_class(text)
    try:
        compose(loader)
    except LimitExceeded as excess:
        return excess
    finally:
        loader.dispose()
    return None


__all__ = ["LimitExceeded", "MAX_ALIASES", "MAX_BYTES", "MAX_DEPTH", "MAX_NODES", "compose", "first_excess",
           "french_count"]
