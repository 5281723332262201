"""Grids ready for the rules: questions in asking order, conditions parsed, ids resolved.

A bundle is what an instruction is assessed against: the project profile first, then
the chosen grids in the order given. Question ids are qualified by their grid
(`nantes.q03`), so that equivalences and answers work across grids.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from grilles import conditions as cond
from grilles.loader import LoadedGrid, field_path
from grilles.problems import GridFileError, Problem
from grilles.schema import Deferral, Grid, Prefill, Question, Rule, Section

PROFILE_KIND = "profil"


@dataclass(frozen=True)
class Condition:
    text: str
    node: cond.Node
    owner: str  # what the condition belongs to: a question, a section or a rule (qualified id)
    yaml_path: tuple
    resolved: tuple[str, ...]  # qualified ids of the questions it reads
    label: str | None = None  # said instead of the condition when it was not written (a supplement's)

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
    id: str  # the rule's own id (stable across grids: biometrie, hors_ue…); grids may share one
    grid: Grid
    rule: Rule
    condition: Condition | None  # raises it
    verify: Condition | None = None  # leaves it « à vérifier »

    @property
    def conditions(self) -> tuple[Condition, ...]:
        return tuple(c for c in (self.condition, self.verify) if c is not None)


@dataclass(frozen=True)
class PrefillEntry:
    """A question's offered answer, with the condition that makes the offer hold."""

    question: str  # qualified id of the question offered pre-filled
    prefill: Prefill
    condition: Condition
    copy_of: str | None  # qualified id whose answer is offered, for a copy


@dataclass(frozen=True)
class DeferralEntry:
    grid: Grid
    deferral: Deferral
    condition: Condition


@dataclass
class Bundle:
    grids: list[LoadedGrid]
    entries: list[Entry] = field(default_factory=list)
    by_id: dict[str, Entry] = field(default_factory=dict)
    rules: list[RuleEntry] = field(default_factory=list)
    equivalents: dict[str, tuple[str, ...]] = field(default_factory=dict)  # id -> its class, in asking order
    prefills: dict[str, tuple[PrefillEntry, ...]] = field(default_factory=dict)  # question id -> its offers
    deferrals: list[DeferralEntry] = field(default_factory=list)

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
                    problems: list[Problem], label: str | None = None) -> Condition | None:
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
    return Condition(text, node, owner, yaml_path, resolved, label)


SUPPLEMENT_LABEL = "elle précise une question écartée ou déclarée non applicable"
COPY_LABEL = "la question dont la réponse est reprise a une réponse"


def profile_ids(grids: Iterable[LoadedGrid]) -> set[str]:
    return {g.grid.id for g in grids if g.grid.kind == PROFILE_KIND}


def order_grids(grids: Iterable[LoadedGrid]) -> list[LoadedGrid]:
    """The profile first, then the others in the order given."""
    grids = list(grids)
    return [g for g in grids if g.grid.kind == PROFILE_KIND] + [g for g in grids if g.grid.kind != PROFILE_KIND]


def build(grids: Sequence[LoadedGrid]) -> tuple[Bundle, list[Problem]]:
    """Resolve and parse; syntax problems are returned, not raised (the checks report them all)."""
    bundle = Bundle(order_grids(grids))
    problems: list[Problem] = []
    for loaded in bundle.grids:
        _add_grid(bundle, loaded, problems)
    bundle.equivalents = _equivalence_classes(bundle)
    return bundle, problems


def _add_grid(bundle: Bundle, loaded: LoadedGrid, problems: list[Problem]) -> None:
    """One grid's entries (in asking order), prefills, rules and deferrals, added to the bundle."""
    grid = loaded.grid
    local_ids = {q.id for _, q in grid.walk()}

    def visit(section: Section, path: tuple, chain: tuple[Section, ...], inherited: tuple[Condition, ...]) -> None:
        chain = chain + (section,)
        own = inherited
        if section.when:
            c = parse_condition(section.when, f"{grid.id}.{section.id}", grid.id, path + ("when",),
                                loaded, problems)
            if c is not None:
                own = inherited + (c,)
        for qi, question in enumerate(section.questions):
            qpath = path + ("questions", qi)
            qid = qualified(grid, question)
            conds = own
            written = None
            if question.when:
                written = parse_condition(question.when, qid, grid.id, qpath + ("when",), loaded, problems)
            if question.supplement_of in local_ids and (
                    written is None or _qualify(question.supplement_of, grid.id) not in written.resolved):
                # A supplement only details its parent: it goes when the parent is skipped or
                # declared not applicable. (A condition of its own that reads the parent already
                # does: a skipped or not applicable answer makes every comparison false.)
                c = parse_condition(f"repondu({question.supplement_of})", qid, grid.id,
                                    qpath + ("supplement_of",), loaded, problems, SUPPLEMENT_LABEL)
                if c is not None:
                    conds = conds + (c,)
            if written is not None:
                conds = conds + (written,)
            offers = []
            for pi, prefill in enumerate(question.prefill):
                ppath = qpath + ("prefill", pi)
                copied = _qualify(prefill.copy_of, grid.id) if prefill.copy_of else None
                if prefill.when:
                    c = parse_condition(prefill.when, qid, grid.id, ppath + ("when",), loaded, problems)
                else:
                    c = parse_condition(f"repondu({prefill.copy_of})", qid, grid.id, ppath + ("copy_of",),
                                        loaded, problems, COPY_LABEL)
                if c is not None:
                    offers.append(PrefillEntry(qid, prefill, c, copied))
            if offers:
                bundle.prefills.setdefault(qid, tuple(offers))
            entry = Entry(qid, grid, question, chain, conds, qpath, len(bundle.entries))
            bundle.entries.append(entry)
            bundle.by_id.setdefault(qid, entry)
        for si, sub in enumerate(section.sections):
            visit(sub, path + ("sections", si), chain, own)

    for si, section in enumerate(grid.sections):
        visit(section, ("sections", si), (), ())
    for ri, rule in enumerate(grid.rules):
        owner = f"{grid.id}.{rule.id}"
        raise_c = verify_c = None
        if rule.when:
            raise_c = parse_condition(rule.when, owner, grid.id, ("rules", ri, "when"), loaded, problems)
        if rule.verify_when:
            verify_c = parse_condition(rule.verify_when, owner, grid.id, ("rules", ri, "verify_when"), loaded,
                                       problems)
        if raise_c is not None or verify_c is not None:
            bundle.rules.append(RuleEntry(rule.id, grid, rule, raise_c, verify_c))
    for di, deferral in enumerate(grid.defer):
        c = parse_condition(deferral.when, f"{grid.id}.defer", grid.id, ("defer", di, "when"), loaded, problems)
        if c is not None:
            bundle.deferrals.append(DeferralEntry(grid, deferral, c))


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
