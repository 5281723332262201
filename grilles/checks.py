"""Authoring checks: everything wrong with a set of grids, found in one pass.

Run by `instruire grilles verifier` and before any grid is used. Each problem names the
file, line and field in French. JSON Schema catches the shape; these checks catch what
it cannot: references, values, types, order, cycles, reachability, scoring, sources.
"""

from __future__ import annotations

import difflib
import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from grilles import conditions as cond
from grilles.answers import AnswerError, option_values, parse_answer
from grilles.bundle import PROFILE_KIND, Bundle, Condition, Entry, build, profile_ids
from grilles.conditions import Known, State, Truth
from grilles.loader import LoadedGrid, field_path, load_glossary, load_grid
from grilles.problems import ERROR, WARNING, GridFileError, Problem
from grilles.schema import NOT_APPLICABLE, RESERVED_VALUES, AnswerType, Glossary, Grid, Question

CHOICE_TYPES = (AnswerType.yes_no, AnswerType.single, AnswerType.multiple)
NUMERIC_TYPES = (AnswerType.number, AnswerType.scale)
ENUMERATION_CAP = 100_000


@dataclass
class Report:
    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def ok(self) -> bool:
        return not self.errors


class _Checker:
    def __init__(self, bundle: Bundle, glossary: Glossary | None, problems: list[Problem]):
        self.bundle = bundle
        self.glossary = glossary
        self.problems = problems
        self.profiles = profile_ids(bundle.grids)

    def add(self, loaded: LoadedGrid, path: tuple, code: str, message: str, element: str = "",
            severity: str = ERROR, value: bool = False) -> None:
        pos = loaded.positions.value(path) if value else loaded.positions.of(path)
        self.problems.append(Problem(str(loaded.path), pos.line, pos.column, code, message,
                                     field_path(path), element, severity))

    def loaded_of(self, grid: Grid) -> LoadedGrid:
        return next(g for g in self.bundle.grids if g.grid is grid)

    # --- identity ---------------------------------------------------------------------

    def check_ids(self, loaded: LoadedGrid) -> None:
        grid = loaded.grid
        seen: dict[str, tuple] = {}

        def claim(ident: str, path: tuple, what: str) -> None:
            if ident in seen:
                first = loaded.positions.of(seen[ident])
                self.add(loaded, path + ("id",), "ID001",
                         f"identifiant « {ident} » en double ({what}) ; déjà utilisé ligne {first.line}", ident)
            else:
                seen[ident] = path + ("id",)

        def visit(section, path):
            claim(section.id, path, "partie")
            for qi, q in enumerate(section.questions):
                claim(q.id, path + ("questions", qi), "question")
            for si, sub in enumerate(section.sections):
                visit(sub, path + ("sections", si))

        for si, s in enumerate(grid.sections):
            visit(s, ("sections", si))
        rule_ids: dict[str, int] = {}
        for ri, r in enumerate(grid.rules):
            if r.id in rule_ids:
                self.add(loaded, ("rules", ri, "id"), "ID001", f"règle « {r.id} » en double", r.id)
            rule_ids[r.id] = ri
        axis_ids: set[str] = set()
        for ai, a in enumerate(grid.axes):
            if a.id in axis_ids:
                self.add(loaded, ("axes", ai, "id"), "ID001", f"axe « {a.id} » en double", a.id)
            axis_ids.add(a.id)
        numbers: dict[int, str] = {}
        for entry in self._entries(grid):
            n = entry.question.number
            if n is not None:
                if n in numbers:
                    self.add(loaded, entry.yaml_path + ("number",), "ID002",
                             f"numéro {n} déjà porté par la question « {numbers[n]} »", entry.id)
                numbers[n] = entry.local_id

    def _entries(self, grid: Grid) -> list[Entry]:
        return [e for e in self.bundle.entries if e.grid is grid]

    # --- questions ----------------------------------------------------------------------

    def check_question(self, loaded: LoadedGrid, entry: Entry) -> None:
        q, path, grid = entry.question, entry.yaml_path, loaded.grid
        if q.type in (AnswerType.single, AnswerType.multiple) and len(q.options) < 2:
            self.add(loaded, path + ("options",), "QST001",
                     f"une question « {q.type.value} » demande au moins deux options", entry.id)
        if q.type not in (AnswerType.single, AnswerType.multiple) and q.options:
            self.add(loaded, path + ("options",), "QST002",
                     f"une question « {q.type.value} » ne prend pas d'options"
                     + (" (oui / non / je ne sais pas sont implicites)" if q.type is AnswerType.yes_no else ""),
                     entry.id)
        if q.unit and q.type is not AnswerType.number:
            self.add(loaded, path + ("unit",), "QST003", "seule une question « nombre » a une unité", entry.id)
        if q.scale and q.type is not AnswerType.scale:
            self.add(loaded, path + ("scale",), "QST003", "seule une question « echelle » a une échelle", entry.id)
        if q.type is AnswerType.scale:
            labels = (q.scale or grid.scale)
            if labels is None:
                self.add(loaded, path + ("type",), "QST004",
                         "question « echelle » sans libellés : donner « scale » à la question ou à la grille", entry.id)
            elif sorted(labels.labels) != [1, 2, 3, 4]:
                where = path + ("scale",) if q.scale else ("scale",)
                self.add(loaded, where, "QST004", "l'échelle doit donner les libellés des niveaux 1, 2, 3 et 4",
                         entry.id)
        values: dict[str, int] = {}
        for oi, o in enumerate(q.options):
            opath = path + ("options", oi)
            if o.value in RESERVED_VALUES:
                self.add(loaded, opath + ("value",), "QST005",
                         f"« {o.value} » est réservé (je ne sais pas / non applicable, offerts partout)", entry.id)
            if o.value in values:
                self.add(loaded, opath + ("value",), "QST006", f"option « {o.value} » en double", entry.id)
            values[o.value] = oi
            if o.exclusive and q.type is not AnswerType.multiple:
                self.add(loaded, opath + ("exclusive",), "QST007",
                         "« exclusive » n'a de sens que pour un choix multiple", entry.id)
            if o.score is not None and o.unscored:
                self.add(loaded, opath, "SCO003", "option à la fois notée et « unscored »", entry.id)
        if q.supplement_of and q.supplement_of not in {e.local_id for e in self._entries(grid)}:
            self.add(loaded, path + ("supplement_of",), "REF003",
                     f"« supplement_of » renvoie à une question inconnue : {q.supplement_of}", entry.id)
        self.check_scoring(loaded, entry)
        self.check_glossary_refs(loaded, entry)
        self.check_equivalents(loaded, entry)

    def check_scoring(self, loaded: LoadedGrid, entry: Entry) -> None:
        q, path = entry.question, entry.yaml_path
        axes = {a.id for a in loaded.grid.axes}
        scored_options = [o for o in q.options if o.score is not None]
        if q.axis is None:
            if scored_options:
                self.add(loaded, path + ("axis",), "SCO001",
                         "des options sont notées mais la question n'a pas d'axe (« axis »)", entry.id)
            return
        if q.axis not in axes:
            self.add(loaded, path + ("axis",), "SCO001", f"axe inconnu « {q.axis} »{_suggest(q.axis, axes)}", entry.id)
        if q.type in (AnswerType.text, AnswerType.number):
            self.add(loaded, path + ("axis",), "SCO002",
                     f"une question « {q.type.value} » ne peut pas être notée", entry.id)
        if q.type is AnswerType.yes_no:
            self.add(loaded, path + ("axis",), "SCO002",
                     "une question oui_non ne porte pas de notes : en faire un choix_unique noté", entry.id)
        for oi, o in enumerate(q.options):
            if o.score is None and not o.unscored:
                self.add(loaded, path + ("options", oi), "SCO003",
                         f"option « {o.value} » d'une question notée : donner « score » (1 à 4) "
                         "ou « unscored: true »", entry.id)

    def check_glossary_refs(self, loaded: LoadedGrid, entry: Entry) -> None:
        if self.glossary is None:
            return
        known = {e.id for e in self.glossary.entries}
        for gi, term in enumerate(entry.question.glossary):
            if term not in known:
                self.add(loaded, entry.yaml_path + ("glossary", gi), "GLO001",
                         f"terme absent du glossaire : « {term} »{_suggest(term, known)}", entry.id, value=True)

    def check_equivalents(self, loaded: LoadedGrid, entry: Entry) -> None:
        for i, other_id in enumerate(entry.question.same_as):
            path = entry.yaml_path + ("same_as", i)
            other = self.bundle.by_id.get(other_id)
            if other is None:
                if other_id.split(".")[0] in self.bundle.grid_ids or "." not in other_id:
                    self.add(loaded, path, "EQV001", f"question équivalente inconnue : « {other_id} »"
                             f"{_suggest(other_id, self.bundle.by_id)}", entry.id, value=True)
                else:
                    self.add(loaded, path, "EQV001",
                             f"la grille de « {other_id} » n'est pas chargée : équivalence non vérifiée",
                             entry.id, WARNING, value=True)
                continue
            if other.grid is entry.grid:
                self.add(loaded, path, "EQV002", "une équivalence relie deux grilles différentes", entry.id, value=True)
            a, b = entry.question, other.question
            if a.type is not b.type or option_values(a) != option_values(b):
                self.add(loaded, path, "EQV003",
                         f"« {other_id} » n'a pas le même type ni les mêmes options : une même réponse ne peut "
                         "pas servir aux deux", entry.id, value=True)

    # --- conditions ---------------------------------------------------------------------

    def check_condition(self, loaded: LoadedGrid, condition: Condition, position: int | None,
                        label: str, offer: bool = False) -> None:
        """`position`: the asking index of the question that owns it (None for rules).

        `offer`: the condition of a pre-filled answer. It may cite any grid (a grid absent from an
        instruction makes it false), and a reference it cannot resolve only loses the offer: the
        question is still asked, so that is a warning, not an error."""
        grid = loaded.grid
        near = (grid.id, *self.profiles)
        for ref in cond.refs(condition.node):
            qid = condition.resolve(ref.name)
            target = self.bundle.by_id.get(qid)
            owner_grid = grid.id
            target_grid = qid.split(".")[0]
            if target is None:
                if offer and target_grid not in near and target_grid not in self.bundle.grid_ids:
                    continue  # another grid, not loaded with this one: checked when it is
                candidates = [e.id for e in self.bundle.entries if e.grid.id in near]
                local = [c.split(".", 1)[1] for c in candidates if c.startswith(owner_grid + ".")]
                self._cond_problem(loaded, condition, ref.column, "REF001",
                                   f"{label} : question inconnue « {ref.name} »"
                                   f"{_suggest(ref.name, local + candidates)}"
                                   + (" ; la proposition ne sera jamais faite" if offer else ""),
                                   WARNING if offer else ERROR)
                continue
            if target_grid not in near:
                if offer:
                    continue  # asked before or not depending on the grids chosen: never decisive
                self._cond_problem(loaded, condition, ref.column, "REF002",
                                   f"{label} : « {ref.name} » appartient à une autre grille ; seules les questions "
                                   "de la même grille et du profil peuvent être citées")
                continue
            if position is not None and target.index >= position:
                what = "elle-même" if target.index == position else "une question posée après elle"
                self._cond_problem(loaded, condition, ref.column, "REF004",
                                   f"{label} : « {ref.name} » est {what} ; une condition ne peut citer que "
                                   "des questions posées avant")
        self._check_types(loaded, condition, condition.node, label)

    def _cond_problem(self, loaded, condition: Condition, column: int, code: str, message: str,
                      severity: str = ERROR) -> None:
        pos = loaded.positions.value(condition.yaml_path)
        col = pos.column + column - 1 + (1 if pos.quoted else 0)
        if condition.label:  # written by the tool (a supplement's, a copy's): point at the field itself
            col = pos.column
        line = pos.line + (1 if pos.block else 0)
        self.problems.append(Problem(str(loaded.path), line, col if not pos.block else pos.column, code, message,
                                     field_path(condition.yaml_path), condition.owner, severity))

    def _target(self, condition: Condition, node) -> Question | None:
        if isinstance(node, cond.Ref):
            entry = self.bundle.by_id.get(condition.resolve(node.name))
            return entry.question if entry else None
        return None

    def _check_value(self, loaded, condition, q: Question, lit: cond.Literal, label: str) -> None:
        if q.type in CHOICE_TYPES:
            allowed = option_values(q)
            if not isinstance(lit.value, str):
                self._cond_problem(loaded, condition, lit.column, "TYP001",
                                   f"{label} : « {q.id} » attend un choix entre guillemets ({', '.join(allowed)})")
            elif lit.value not in allowed:
                self._cond_problem(loaded, condition, lit.column, "VAL001",
                                   f"{label} : « {lit.value} » n'est pas un choix de « {q.id} »"
                                   f"{_suggest(lit.value, allowed)} ; choix : {', '.join(allowed)}")
        elif q.type in NUMERIC_TYPES and not isinstance(lit.value, float):
            self._cond_problem(loaded, condition, lit.column, "TYP001",
                               f"{label} : « {q.id} » est numérique ; comparer avec un nombre")
        elif q.type is AnswerType.text and not isinstance(lit.value, str):
            self._cond_problem(loaded, condition, lit.column, "TYP001",
                               f"{label} : « {q.id} » est un texte ; comparer avec un texte entre guillemets")

    def _check_types(self, loaded, condition: Condition, node, label: str) -> None:
        if isinstance(node, cond.BoolOp):
            for o in node.operands:
                self._check_types(loaded, condition, o, label)
        elif isinstance(node, cond.Not):
            self._check_types(loaded, condition, node.operand, label)
        elif isinstance(node, cond.Compare):
            for side, other in ((node.left, node.right), (node.right, node.left)):
                q = self._target(condition, side)
                if q is None:
                    if not isinstance(side, (cond.Ref, cond.Literal)):
                        self._check_types(loaded, condition, side, label)
                    continue
                if q.type is AnswerType.multiple:
                    self._cond_problem(loaded, condition, node.column, "TYP002",
                                       f"{label} : « {q.id} » est un choix multiple ; écrire "
                                       f"choisi({q.id}, '…') ou {q.id} dans ['…']")
                elif node.op in ("<", "<=", ">", ">=") and q.type not in NUMERIC_TYPES:
                    self._cond_problem(loaded, condition, node.column, "TYP003", f"{label} : « {node.op} » compare "
                                       f"des nombres, or « {q.id} » n'est pas numérique")
                elif isinstance(other, cond.Literal):
                    self._check_value(loaded, condition, q, other, label)
                elif isinstance(other, cond.Ref):
                    q2 = self._target(condition, other)
                    if q2 is not None and (q2.type in NUMERIC_TYPES) != (q.type in NUMERIC_TYPES):
                        self._cond_problem(loaded, condition, node.column, "TYP001",
                                           f"{label} : « {q.id} » et « {q2.id} » ne sont pas du même type")
        elif isinstance(node, cond.In):
            q = self._target(condition, node.ref)
            if q is not None:
                if q.type not in (AnswerType.single, AnswerType.multiple, AnswerType.yes_no, AnswerType.scale,
                                  AnswerType.number):
                    self._cond_problem(loaded, condition, node.column, "TYP004",
                                       f"{label} : « dans » s'applique à une question à choix")
                for lit in node.values:
                    self._check_value(loaded, condition, q, lit, label)
        elif isinstance(node, cond.Call):
            q = self._target(condition, node.ref)
            if q is not None and node.function == "choisi":
                if q.type is not AnswerType.multiple:
                    self._cond_problem(loaded, condition, node.column, "TYP002",
                                       f"{label} : choisi() s'applique à un choix multiple ; pour « {q.id} » écrire "
                                       f"{q.id} = '…'")
                elif node.value is not None:
                    self._check_value(loaded, condition, q, node.value, label)
        elif isinstance(node, cond.Ref):
            q = self._target(condition, node)
            if q is not None and q.type is not AnswerType.yes_no:
                self._cond_problem(loaded, condition, node.column, "TYP005",
                                   f"{label} : « {node.name} » seul n'est vrai que pour une question oui_non ; "
                                   f"écrire une comparaison")
        elif isinstance(node, cond.Literal) and not isinstance(node.value, bool):
            self._cond_problem(loaded, condition, node.column, "TYP005",
                               f"{label} : une valeur seule n'est pas une condition")

    # --- graph --------------------------------------------------------------------------

    def check_cycles(self) -> None:
        """Dependencies between questions (a section's condition counts for each of its questions)."""
        graph: dict[str, list[tuple[str, Condition]]] = {}
        for entry in self.bundle.entries:
            graph[entry.id] = [(condition.resolve(r.name), condition) for condition in entry.conditions
                               for r in cond.refs(condition.node)]
        colour: dict[str, int] = {}
        reported: set[frozenset] = set()

        def dfs(node: str, stack: list[str]) -> None:
            colour[node] = 1
            stack.append(node)
            for target, condition in graph.get(node, ()):
                if target not in graph:
                    continue
                if colour.get(target) == 1:
                    cycle = stack[stack.index(target):] + [target]
                    key = frozenset(cycle)
                    if key not in reported:
                        reported.add(key)
                        entry = self.bundle.by_id[node]
                        loaded = self.loaded_of(entry.grid)
                        self.add(loaded, condition.yaml_path, "CYC001",
                                 "dépendance circulaire : " + " → ".join(cycle), node)
                elif colour.get(target) is None:
                    dfs(target, stack)
            stack.pop()
            colour[node] = 2

        for entry in self.bundle.entries:
            if entry.id not in colour:
                dfs(entry.id, [])

    def check_reachability(self, valid_conditions: set[int]) -> None:
        """A question (or rule) that no answers can reach is an authoring error (or warning)."""
        reach = _Reachability(self.bundle)
        for entry in self.bundle.entries:
            if not entry.conditions or any(id(c) not in valid_conditions for c in entry.conditions):
                continue
            verdict = reach.can_be_true(list(entry.conditions))
            if verdict is False:
                loaded = self.loaded_of(entry.grid)
                texts = " ; ".join(f"« {c.text} »" for c in entry.conditions)
                self.add(loaded, entry.conditions[-1].yaml_path, "ATT001",
                         f"question jamais posée : aucune réponse ne remplit {texts}", entry.id)
        for rule in self.bundle.rules:
            for c in rule.conditions:
                if id(c) in valid_conditions and reach.can_be_true([c]) is False:
                    what = "se déclencher" if c is rule.condition else "rester à vérifier"
                    self.add(self.loaded_of(rule.grid), c.yaml_path, "ATT002",
                             f"la règle « {rule.id} » ne peut jamais {what}", rule.id, WARNING)

    def check_rules(self, loaded: LoadedGrid) -> None:
        for ri, rule in enumerate(loaded.grid.rules):
            src = rule.source
            if not any((src.document, src.section, src.note)):
                self.add(loaded, ("rules", ri, "source"), "RGL001",
                         f"la règle « {rule.id} » doit citer sa source (document, section)", rule.id)
            first = next((r for r in self.bundle.rules if r.id == rule.id), None)
            if first is not None and first.grid is not loaded.grid and first.rule.severity is not rule.severity:
                self.add(loaded, ("rules", ri, "severity"), "RGL002",
                         f"la règle « {rule.id} » est aussi tracée par la grille « {first.grid.id} », comme "
                         f"{_SEVERITY_WORDS[first.rule.severity.value]} : une même règle a une seule gravité",
                         rule.id)

    # --- pre-filled answers, deferrals ----------------------------------------------------

    def check_prefills(self, loaded: LoadedGrid, entry: Entry) -> None:
        q = entry.question
        for i, prefill in enumerate(q.prefill):
            path = entry.yaml_path + ("prefill", i)
            if prefill.value is not None:
                raw = prefill.value
                try:
                    if raw == NOT_APPLICABLE:
                        raise AnswerError("« non applicable » ne se propose pas : il se justifie à chaque fois")
                    parse_answer(q, raw)
                except AnswerError as exc:
                    self.add(loaded, path + ("value",), "PRE001", f"réponse proposée impossible : {exc}", entry.id,
                             value=True)
            if prefill.copy_of is not None:
                other_id = prefill.copy_of if "." in prefill.copy_of else f"{entry.grid.id}.{prefill.copy_of}"
                other = self.bundle.by_id.get(other_id)
                if other is None:
                    if other_id.split(".")[0] in (entry.grid.id, *self.profiles, *self.bundle.grid_ids):
                        self.add(loaded, path + ("copy_of",), "PRE002", f"question à reprendre inconnue : "
                                 f"« {prefill.copy_of} »{_suggest(other_id, self.bundle.by_id)}", entry.id,
                                 WARNING, value=True)
                    continue
                if other.question.type is not q.type or option_values(other.question) != option_values(q):
                    self.add(loaded, path + ("copy_of",), "PRE003",
                             f"« {prefill.copy_of} » n'a pas le même type ni les mêmes options : sa réponse ne peut "
                             "pas être reprise ici", entry.id, value=True)
                elif other.index >= entry.index and other.grid is entry.grid:
                    self.add(loaded, path + ("copy_of",), "PRE004",
                             f"« {prefill.copy_of} » est posée après : seule la réponse d'une question posée avant "
                             "peut être reprise", entry.id, value=True)

    def check_stage(self, loaded: LoadedGrid) -> None:
        grid = loaded.grid
        if grid.stage_question is None:
            return
        q = next((q for _, q in grid.walk() if q.id == grid.stage_question), None)
        if q is None:
            self.add(loaded, ("stage_question",), "STG001", f"question de stade inconnue « {grid.stage_question} »"
                     f"{_suggest(grid.stage_question, [x.id for _, x in grid.walk()])}", value=True)
        elif q.type is not AnswerType.single:
            self.add(loaded, ("stage_question",), "STG001",
                     f"la question de stade « {q.id} » doit être un choix unique (un stade parmi une liste)",
                     value=True)

    def check_follow_up(self) -> None:
        """Grids re-asked at a follow-up need a stage question in the profile: say what they would lose."""
        reasked = [(g, _reasked_words(g)) for g in self.bundle.grids]
        reasked = [(g, words) for g, words in reasked if words]
        if not reasked:
            return
        for loaded in self.bundle.grids:
            if loaded.grid.kind != PROFILE_KIND or loaded.grid.stage_question:
                continue
            what = " ; ".join(f"« {g.grid.title} » : {words}" for g, words in reasked)
            self.add(loaded, ("id",), "STG002",
                     "aucune question de stade déclarée (« stage_question ») : le suivi à un stade ultérieur ne "
                     f"pourra pas être proposé, alors que ces questions y sont posées à nouveau — {what}",
                     loaded.grid.id, WARNING)

    def check_axes(self, loaded: LoadedGrid) -> None:
        used = {e.question.axis for e in self._entries(loaded.grid)}
        for ai, axis in enumerate(loaded.grid.axes):
            if axis.id not in used:
                self.add(loaded, ("axes", ai, "id"), "SCO004", f"aucune question ne note l'axe « {axis.id} »",
                         axis.id, WARNING)

    def check_sections(self, loaded: LoadedGrid) -> None:
        def visit(section, path):
            if not section.questions and not section.sections:
                self.add(loaded, path + ("id",), "SEC001", f"partie « {section.id} » vide", section.id, WARNING)
            for si, sub in enumerate(section.sections):
                visit(sub, path + ("sections", si))

        for si, s in enumerate(loaded.grid.sections):
            visit(s, ("sections", si))


_SEVERITY_WORDS = {"ligne_rouge": "ligne rouge", "alerte": "alerte"}


def _reasked_words(loaded: LoadedGrid) -> str:
    """What of a grid is asked again at a follow-up, in words ("" when nothing)."""
    grid = loaded.grid
    if grid.reask_at_follow_up:
        return "toute la grille"
    parts = []
    for section in grid.all_sections():
        if section.reask_at_follow_up:
            numbers = [q.number for q in _section_questions(section) if q.number]
            span = f"questions {numbers[0]} à {numbers[-1]}" if len(numbers) > 1 else \
                (f"question {numbers[0]}" if numbers else "ses questions")
            parts.append(f"{span} (« {section.title} »)")
    return ", ".join(parts)


def _section_questions(section):
    yield from section.questions
    for sub in section.sections:
        yield from _section_questions(sub)


class _Reachability:
    """Brute force over the finite answer domains of the questions a condition depends on."""

    def __init__(self, bundle: Bundle):
        self.bundle = bundle

    def domain(self, entry: Entry, literals: dict[str, set]) -> list[object]:
        q = entry.question
        out: list[object] = []
        if q.type is AnswerType.multiple:
            values = option_values(q)
            if len(values) > 8:  # keep subsets small: singletons, pairs with exclusives, all non-exclusive
                out += [(v,) for v in values]
                out.append(tuple(o.value for o in q.options if not o.exclusive))
            else:
                out += [tuple(c) for r in range(1, len(values) + 1) for c in itertools.combinations(values, r)]
        elif q.type in (AnswerType.yes_no, AnswerType.single):
            out += option_values(q)
        elif q.type is AnswerType.scale:
            out += [1.0, 2.0, 3.0, 4.0]
        else:
            found = sorted(literals.get(entry.id, set()), key=repr)
            if q.type is AnswerType.number:
                nums = [v for v in found if isinstance(v, float)]
                out += sorted({n + d for n in nums for d in (-1.0, 0.0, 1.0)}) or [0.0]
            else:
                out += [*found, "\x00autre"]
        return out

    def closure(self, conditions: list[Condition]) -> list[Entry]:
        seen: dict[str, Entry] = {}
        todo = [q for c in conditions for q in c.resolved]
        while todo:
            qid = todo.pop()
            entry = self.bundle.by_id.get(qid)
            if entry is None or qid in seen:
                continue
            seen[qid] = entry
            todo.extend(q for c in entry.conditions for q in c.resolved)
        return sorted(seen.values(), key=lambda e: e.index)

    def can_be_true(self, conditions: list[Condition]) -> bool | None:
        deps = self.closure(conditions)
        literals: dict[str, set] = {}
        for c in conditions + [c for e in deps for c in e.conditions]:
            _collect_literals(c, c.node, literals)
        domains = [self.domain(e, literals) + [None] for e in deps]  # None: absent (skipped)
        size = 1
        for d in domains:
            size *= len(d)
        if size > ENUMERATION_CAP:
            return None  # not verified

        def lookup_for(condition: Condition, values: dict[str, object]):
            def lookup(name: str) -> Known:
                qid = condition.resolve(name)
                if qid not in values:
                    return Known(State.ABSENT)
                v = values[qid]
                return Known(State.ABSENT) if v is None else Known(State.VALUE, v)
            return lookup

        for combo in itertools.product(*domains):  # one value per dependency
            values = {e.id: v for e, v in zip(deps, combo, strict=True)}
            consistent = True
            for e in deps:  # each dependency is answered exactly when it applies
                applies = all(cond.evaluate(c.node, lookup_for(c, values)) is Truth.TRUE for c in e.conditions)
                if applies != (values[e.id] is not None):
                    consistent = False
                    break
            if consistent and all(cond.evaluate(c.node, lookup_for(c, values)) is Truth.TRUE for c in conditions):
                return True
        return False


def _collect_literals(condition: Condition, node, out: dict[str, set]) -> None:
    if isinstance(node, cond.BoolOp):
        for o in node.operands:
            _collect_literals(condition, o, out)
    elif isinstance(node, cond.Not):
        _collect_literals(condition, node.operand, out)
    elif isinstance(node, cond.Compare):
        for side, other in ((node.left, node.right), (node.right, node.left)):
            if isinstance(side, cond.Ref) and isinstance(other, cond.Literal):
                out.setdefault(condition.resolve(side.name), set()).add(other.value)
    elif isinstance(node, cond.In) and isinstance(node.ref, cond.Ref):
        out.setdefault(condition.resolve(node.ref.name), set()).update(v.value for v in node.values)


def _suggest(name: str, candidates: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, list(candidates), n=1, cutoff=0.6)
    return f" ; vouliez-vous dire « {close[0]} » ?" if close else ""


def check_bundle(grids: Sequence[LoadedGrid], glossary: Glossary | None = None) -> Report:
    """Every problem of these grids checked together (references across grids included)."""
    bundle, problems = build(grids)
    checker = _Checker(bundle, glossary, problems)
    for loaded in bundle.grids:
        checker.check_ids(loaded)
        checker.check_rules(loaded)
        checker.check_axes(loaded)
        checker.check_sections(loaded)
        checker.check_stage(loaded)
        for entry in checker._entries(loaded.grid):
            checker.check_question(loaded, entry)
            checker.check_prefills(loaded, entry)
    checker.check_follow_up()
    before = len(problems)
    for entry in bundle.entries:
        for c in entry.conditions:
            if c.owner == entry.id:
                checker.check_condition(checker.loaded_of(entry.grid), c, entry.index, "condition")
    # A section's condition is checked once, against its first question's position.
    seen_sections: set[int] = set()
    for entry in bundle.entries:
        loaded = checker.loaded_of(entry.grid)
        for c in entry.conditions:
            if c.owner != entry.id and id(c) not in seen_sections:
                seen_sections.add(id(c))
                checker.check_condition(loaded, c, entry.index, "condition de partie")
    for rule in bundle.rules:
        for c in rule.conditions:
            checker.check_condition(checker.loaded_of(rule.grid), c, None, f"règle « {rule.id} »")
    for qid, offers in bundle.prefills.items():
        entry = bundle.by_id[qid]
        for offer in offers:
            checker.check_condition(checker.loaded_of(entry.grid), offer.condition, entry.index,
                                    "réponse proposée", offer=True)
    for deferral in bundle.deferrals:
        checker.check_condition(checker.loaded_of(deferral.grid), deferral.condition, None, "questions reportées")
    bad_conditions = {p.element for p in problems[before:] if p.severity == ERROR}
    checker.check_cycles()
    valid = {id(c) for e in bundle.entries for c in e.conditions if c.owner not in bad_conditions}
    valid |= {id(c) for r in bundle.rules for c in r.conditions if c.owner not in bad_conditions}
    checker.check_reachability(valid)
    return Report(sorted(set(problems)))


def _where(p: Problem) -> tuple:
    return (str(Path(p.file).resolve()), p.line, p.column, p.code, p.field, p.element)


def check_replacements(grids: Sequence[LoadedGrid], originals: Mapping[str, LoadedGrid],
                       glossary: Glossary | None = None) -> list[Problem]:
    """What grids replacing bundled ones break in the grids that depend on them.

    `grids`: the grids in use, replacements included; `originals`: for each replacement's id, the
    bundled grid it stands for. A problem found in another grid with the replacement, and not with
    the original, is the replacement's doing: it is told on the replacement's file, in French, naming
    the grid, the line and the question it breaks there."""
    return sorted({told for _, told in _replacement_problems(grids, originals, glossary)})


def _replacement_problems(grids, originals, glossary) -> list[tuple[Problem, Problem]]:
    """(the problem as found in the other grid, the same told as the replacement's doing)."""
    out = []
    for g in grids:
        original = originals.get(g.grid.id)
        if original is None or original is g:
            continue
        others = [x for x in grids if x is not g]
        before = {_where(p) for p in check_bundle([original, *others], glossary).problems}
        for p in check_bundle([g, *others], glossary).problems:
            if Path(p.file).resolve() == Path(g.path).resolve() or _where(p) in before:
                continue
            out.append((p, _caused_by(g, p, others)))
    return out


def _caused_by(replacement: LoadedGrid, p: Problem, others: Sequence[LoadedGrid]) -> Problem:
    broken = next((x for x in others if Path(x.path).resolve() == Path(p.file).resolve()), None)
    title = f"« {broken.grid.title} »" if broken else Path(p.file).name
    where = f"{Path(p.file).name}, ligne {p.line}"
    question = None
    if broken is not None and p.element.startswith(broken.grid.id + "."):
        local = p.element.split(".", 1)[1]
        question = next((q for _, q in broken.grid.walk() if q.id == local), None)
    if question is not None:
        where += f", question {question.number}" if question.number else f", question « {question.id} »"
    pos = replacement.positions.of(("id",))
    return Problem(str(replacement.path), pos.line, pos.column, p.code,
                   f"cette grille remplace la grille fournie « {replacement.grid.id} » et casse la grille {title} "
                   f"({where}) : {p.message}", "", p.element, p.severity)


def check_files(paths: Sequence[Path], glossary_path: Path | None = None,
                companions: Sequence[Path] = ()) -> Report:
    """Load and check grid files; `companions` are loaded for cross-references but not reported on
    unless broken (e.g. the bundled profile when checking a user grid)."""
    problems: list[Problem] = []
    loaded: list[LoadedGrid] = []
    glossary = None
    if glossary_path is not None:
        try:
            glossary, _ = load_glossary(glossary_path)
        except GridFileError as exc:
            problems.extend(exc.problems)
    checked = {Path(p).resolve() for p in paths}
    for path in list(paths) + [c for c in companions if Path(c).resolve() not in checked]:
        try:
            loaded.append(load_grid(Path(path)))
        except GridFileError as exc:
            problems.extend(exc.problems)
    ids: dict[str, LoadedGrid] = {}
    unique = []
    originals: dict[str, LoadedGrid] = {}  # a companion replaced by a checked grid of the same id
    for g in loaded:
        if g.grid.id in ids:
            if g.path.resolve() in checked:
                pos = g.positions.of(("id",))
                problems.append(Problem(str(g.path), pos.line, pos.column, "ID003",
                                        f"une autre grille porte déjà l'identifiant « {g.grid.id} » "
                                        f"({ids[g.grid.id].path})", "id", g.grid.id))
            elif ids[g.grid.id].path.resolve() in checked:
                originals[g.grid.id] = g
            continue
        ids[g.grid.id] = g
        unique.append(g)
    report = check_bundle(unique, glossary)
    pairs = _replacement_problems(unique, originals, glossary) if originals else []
    blamed = {_where(raw) for raw, _ in pairs}
    own = [p for p in report.problems if Path(p.file).resolve() in checked
           or (p.severity == ERROR and _where(p) not in blamed)]
    return Report(sorted(set(problems + own + [told for _, told in pairs])))
