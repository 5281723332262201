"""Grids ready for the rules: questions in asking order, conditions parsed, ids resolved.

A bundle is what an instruction is assessed against: the project profile first, then
the chosen grids in the order given. Question ids are qualified by their grid
(`nantes.q03`), so that equivalences and answers work across grids.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Sequence

from grilles import conditions as cond
from grilles.loader import LoadedGrid, field_path
from grilles.problems import GridFileError, Problem
from grilles.schema import Grid, Question, Rule, Section

PROFILE_KIND = "profil"


@dataclass(frozen=True)
class Condition:
    text: str
    node: cond.Node
    owner: str  # what the condition belongs to: a question, a section or a rule (qualified id)
    yaml_path: tuple
    resolved: tuple[str, ...]  # qualified ids of the questions it reads

    def resolve(self, name: str) -> str:
        return _qualify(name, self.owner.split(".", 1)[0])


@dataclass(frozen=True)
class Entry:
    """One question of the bundle, with everything needed to decide whether it applies."""

    id: str
    grid: Grid
    question: Question
    sections: tuple[Section, ...]
    conditions: tuple[Condition, ...]  # the sections' conditions, outermost first, then its own
    yaml_path: tuple
    index: int  # position in asking order

    @property
    def local_id(self) -> str:
        return self.question.id

    @property
    def criterion(self) -> Section:
        return self.sections[0]


@dataclass(frozen=True)
class RuleEntry:
    id: str  # the rule's own id (stable across grids: biometrie, hors_ue…)
    grid: Grid
    rule: Rule
    condition: Condition


@dataclass
class Bundle:
    grids: list[LoadedGrid]
    entries: list[Entry] = field(default_factory=list)
    by_id: dict[str, Entry] = field(default_factory=dict)
    rules: list[RuleEntry] = field(default_factory=list)
    equivalents: dict[str, tuple[str, ...]] = field(default_factory=dict)  # id -> its class, in asking order

    def grid(self, grid_id: str) -> LoadedGrid:
        return next(g for g in self.grids if g.grid.id == grid_id)

    @property
    def grid_ids(self) -> list[str]:
        return [g.grid.id for g in self.grids]


def qualified(grid: Grid, question: Question) -> str:
    return f"{grid.id}.{question.id}"


def _qualify(name: str, grid_id: str) -> str:
    return name if "." in name else f"{grid_id}.{name}"


def parse_condition(text: str, owner: str, grid_id: str, yaml_path: tuple, loaded: LoadedGrid,
                    problems: list[Problem]) -> Condition | None:
    try:
        node = cond.parse(text)
    except cond.ConditionSyntaxError as exc:
        pos = loaded.positions.value(yaml_path)
        column = pos.column + exc.column - 1 + (1 if pos.quoted else 0)
        line = pos.line
        if pos.block:  # block scalars start on the next line, indented; point at the line
            line, column = pos.line + 1, pos.column
        problems.append(Problem(str(loaded.path), line, column, "COND001",
                                f"condition illisible : {exc.message} (colonne {exc.column} de « {text} »)",
                                field_path(yaml_path), owner))
        return None
    resolved = tuple(dict.fromkeys(_qualify(r.name, grid_id) for r in cond.refs(node)))
    return Condition(text, node, owner, yaml_path, resolved)


def order_grids(grids: Iterable[LoadedGrid]) -> list[LoadedGrid]:
    """The profile first, then the others in the order given."""
    grids = list(grids)
    return [g for g in grids if g.grid.kind == PROFILE_KIND] + [g for g in grids if g.grid.kind != PROFILE_KIND]


def build(grids: Sequence[LoadedGrid]) -> tuple[Bundle, list[Problem]]:
    """Resolve and parse; syntax problems are returned, not raised (the checks report them all)."""
    bundle = Bundle(order_grids(grids))
    problems: list[Problem] = []
    for loaded in bundle.grids:
        grid = loaded.grid
        section_conditions: dict[int, Condition | None] = {}

        def visit(section: Section, path: tuple, chain: tuple[Section, ...], inherited: tuple[Condition, ...]) -> None:
            chain = chain + (section,)
            own = inherited
            if section.when:
                c = parse_condition(section.when, f"{grid.id}.{section.id}", grid.id, path + ("when",),
                                    loaded, problems)
                section_conditions[id(section)] = c
                if c is not None:
                    own = inherited + (c,)
            for qi, question in enumerate(section.questions):
                qpath = path + ("questions", qi)
                qid = qualified(grid, question)
                conds = own
                if question.when:
                    c = parse_condition(question.when, qid, grid.id, qpath + ("when",), loaded, problems)
                    if c is not None:
                        conds = own + (c,)
                entry = Entry(qid, grid, question, chain, conds, qpath, len(bundle.entries))
                bundle.entries.append(entry)
                bundle.by_id.setdefault(qid, entry)
            for si, sub in enumerate(section.sections):
                visit(sub, path + ("sections", si), chain, own)

        for si, section in enumerate(grid.sections):
            visit(section, ("sections", si), (), ())
        for ri, rule in enumerate(grid.rules):
            c = parse_condition(rule.when, f"{grid.id}.{rule.id}", grid.id, ("rules", ri, "when"), loaded, problems)
            if c is not None:
                bundle.rules.append(RuleEntry(rule.id, grid, rule, c))
    bundle.equivalents = _equivalence_classes(bundle)
    return bundle, problems


def _equivalence_classes(bundle: Bundle) -> dict[str, tuple[str, ...]]:
    """Union of `same_as` links among the questions present, each class in asking order."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.get(x, x) != x:
            x = parent[x]
        return x

    for entry in bundle.entries:
        for other in entry.question.same_as:
            if other in bundle.by_id:
                parent[find(other)] = find(entry.id)
    classes: dict[str, list[str]] = {}
    for entry in bundle.entries:
        classes.setdefault(find(entry.id), []).append(entry.id)
    return {member: tuple(members) for members in classes.values() if len(members) > 1 for member in members}


def build_or_raise(grids: Sequence[LoadedGrid]) -> Bundle:
    bundle, problems = build(grids)
    if problems:
        raise GridFileError(problems)
    return bundle
