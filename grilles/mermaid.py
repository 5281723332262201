"""A grid's branching drawn as a Mermaid flowchart, for reviewers.

Each condition becomes an arrow from the question it reads to the question or the
part it governs, labelled with the condition; rules are drawn as hexagons.
"""

from __future__ import annotations

from grilles.bundle import Bundle, Condition
from grilles.schema import Section, Severity

MAX_LABEL = 60


def _node_id(qualified_id: str) -> str:
    return qualified_id.replace(".", "__")


def _label(text: str) -> str:
    text = " ".join(text.split())
    if len(text) > MAX_LABEL:
        text = text[: MAX_LABEL - 1] + "…"
    return text.replace('"', "#quot;")


def diagram(bundle: Bundle, grid_id: str) -> str:
    grid = bundle.grid(grid_id).grid
    entries = [e for e in bundle.entries if e.grid.id == grid_id]
    lines = ["flowchart TD"]
    external: dict[str, str] = {}
    edges: list[str] = []

    def edge_from(condition: Condition, target: str) -> None:
        for qid in condition.resolved:
            if not qid.startswith(grid_id + "."):
                entry = bundle.by_id.get(qid)
                external[qid] = _label(entry.question.text) if entry else qid
            edges.append(f'  {_node_id(qid)} -->|"{_label(condition.text)}"| {target}')

    def section_block(section: Section, indent: str) -> None:
        sid = _node_id(f"{grid_id}.{section.id}")
        lines.append(f'{indent}subgraph {sid}["{_label(section.title)}"]')
        for entry in entries:
            if entry.sections[-1] is section:
                q = entry.question
                number = f"{q.number}. " if q.number else ""
                lines.append(f'{indent}  {_node_id(entry.id)}["{number}{_label(q.text)}"]')
                for condition in entry.conditions:
                    if condition.owner == entry.id:
                        edge_from(condition, _node_id(entry.id))
        for sub in section.sections:
            section_block(sub, indent + "  ")
        lines.append(f"{indent}end")

    for section in grid.sections:
        section_block(section, "  ")
    drawn: set[str] = set()  # a section's condition, once, to the section
    for entry in entries:
        for condition in entry.conditions:
            target = _node_id(condition.owner)
            if condition.owner != entry.id and target not in drawn:
                drawn.add(target)
                edge_from(condition, target)
    for rule in bundle.rules:
        if rule.grid.id != grid_id:
            continue
        shape = "{{" if rule.rule.severity is Severity.red_line else "[/"
        close = "}}" if rule.rule.severity is Severity.red_line else "/]"
        kind = "Ligne rouge" if rule.rule.severity is Severity.red_line else "Alerte"
        rid = f"regle__{rule.id}"
        lines.append(f'  {rid}{shape}"{kind} : {_label(rule.rule.title)}"{close}')
        for condition in rule.conditions:  # what raises it, and what leaves it « à vérifier »
            edge_from(condition, rid)
    if external:
        lines.append('  subgraph externes["Questions d\'autres grilles"]')
        for qid, label in external.items():
            lines.append(f'    {_node_id(qid)}["{qid} : {label}"]')
        lines.append("  end")
    return "\n".join(lines + edges) + "\n"
