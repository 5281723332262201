"""The answers file of `instruire jouer`: read, every field checked, every problem located.

The file is keyed by question id (`profil.donnees_personnelles: oui`). Every field has a type
(a text on one line, a text, a list of people, a date…) and is checked against it, then
against the catalog (questions, grids, criteria, decisions) and, to continue an instruction,
against that instruction. Every problem is reported at once, with the file, the line and the
field, before anything is played: a file is played whole or not at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from grilles.answers import AnswerError, parse_answer, parse_date
from grilles.formats import question_ref
from grilles.loader import Positions, field_path, read_yaml
from grilles.problems import GridFileError, Problem, close_to
from grilles.rules import evaluate
from grilles.schema import DONT_KNOW, NOT_APPLICABLE, AnswerType
from grilles.typed_text import text_problem
from journal.log import Actor

if TYPE_CHECKING:
    from dialogues.session import Session
    from dialogues.store import Store

TOP_KEYS = ("projet", "participants", "grilles", "mode", "reponses", "points_ouverts", "avis", "decision")
PROJECT_KEYS = ("titre", "service", "description")
PERSON_KEYS = ("nom", "role")
DETAILED_KEYS = ("valeur", NOT_APPLICABLE, "note", "par")
POINT_KEYS = ("responsable", "echeance")
DECISION_KEYS = ("decision", "motif", "par")
MODES = ("complete", "pre_examen")


@dataclass
class PlanItem:
    value: Any
    justification: str | None = None
    note: str | None = None
    by: Actor | None = None


@dataclass
class AnswersFile:
    path: Path
    title: str
    service: str = ""
    description: str = ""
    participants: list[Actor] = field(default_factory=list)
    grids: list[str] = field(default_factory=list)
    mode: str = "complete"
    answers: dict[str, PlanItem] = field(default_factory=dict)
    open_points: dict[str, dict] = field(default_factory=dict)
    opinions: dict[str, str] = field(default_factory=dict)
    decision: dict | None = None


class AnswersFileError(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(p.render() for p in problems))


def read_answers_file(path: Path, store: Store, grids_override: list[str] | None = None,
                      session: Session | None = None) -> AnswersFile:
    """Parse and check an answers file against the catalog (and, to continue an instruction, against
    that instruction: `session`); every problem is reported at once (AnswersFileError)."""
    try:
        data, positions, _ = read_yaml(Path(path))
    except GridFileError as exc:
        raise AnswersFileError(exc.problems) from None
    check = _Checker(str(path), positions)
    if not isinstance(data, dict):
        raise AnswersFileError([Problem(str(path), 1, 1, "REPONSES",
                                        "le fichier doit contenir des clés (projet, reponses…)")])
    check.unknown_keys((), data, TOP_KEYS)
    plan = _project(check, data, path, session)
    plan.participants = check.people(("participants",), data.get("participants"))
    grids_ok = _grids(check, plan, data, store, grids_override, session)
    bundle = store.bundle_for([store.catalog.profile.grid.id] + plan.grids)
    every = store.bundle_for(list(store.catalog.grids))  # to tell "unknown" from "not in the chosen grids"
    _answers(check, plan, data, bundle, every)
    _open_points(check, plan, data, every, session)
    _opinions(check, plan, data, bundle, every, grids_ok)
    _decision(check, plan, data, store, bundle, session)
    if check.problems:
        raise AnswersFileError(check.problems)
    return plan


# --- the file's parts, in its order -------------------------------------------------------


def _project(check: _Checker, data: dict, path: Path, session: Session | None) -> AnswersFile:
    project = check.mapping(("projet",), data.get("projet"), PROJECT_KEYS, "{titre: …, service: …, description: …}")
    if session is not None:  # continuing: the instruction has its title; a title in the file is not used
        title = session.view.title
        check.text(("projet", "titre"), project.get("titre"))
    else:
        title = check.text(("projet", "titre"), project.get("titre"), required=True) or ""
    return AnswersFile(Path(path), title,
                       check.text(("projet", "service"), project.get("service")) or "",
                       check.text(("projet", "description"), project.get("description"), multiline=True) or "")


def _grids(check: _Checker, plan: AnswersFile, data: dict, store: Store, grids_override: list[str] | None,
           session: Session | None) -> bool:
    """The grids and the mode; False when the file names a grid that does not exist (what depends on
    the choice of grids is then not checked: it would all seem wrong)."""
    mode = data.get("mode", "complete")
    if mode is None:
        mode = "complete"
    if mode not in MODES or not isinstance(mode, str):
        check.problem(("mode",), f"« mode » vaut « complete » ou « pre_examen »{_suggest(mode, MODES)}")
    else:
        plan.mode = mode
    grids = grids_override or data.get("grilles") or []
    if isinstance(grids, str):
        grids = [grids]
    ok = True
    if not isinstance(grids, list):
        check.problem(("grilles",), "« grilles » est une liste d'identifiants de grilles (ex. [nantes, radar])")
        grids, ok = [], False
    known = sorted(store.catalog.grids)
    for i, g in enumerate(grids):
        if not isinstance(g, str):
            check.problem(("grilles", i), f"« {g} » n'est pas un identifiant de grille ; grilles : {', '.join(known)}")
            ok = False
        elif g not in store.catalog.grids:
            check.problem(("grilles", i), f"grille inconnue « {g} »{_suggest(g, known)} ; grilles : {', '.join(known)}")
            ok = False
    plan.grids = list(dict.fromkeys(g for g in grids if isinstance(g, str) and g in store.catalog.grids))
    if session is not None:  # continuing: the instruction's grids and mode, whatever the file says
        others = [g for g in plan.grids if g not in session.view.grids]
        if others:
            check.problem(("grilles",), f"l'instruction « {session.view.title} » n'utilise pas la grille "
                                        f"{', '.join(others)} ; ses grilles : {', '.join(session.view.grids)}")
        plan.grids, plan.mode = list(session.view.grids), session.view.mode
        return True
    return ok


def _answers(check: _Checker, plan: AnswersFile, data: dict, bundle, every) -> None:
    answers = check.mapping(("reponses",), data.get("reponses"), None,
                            "{identifiant de question: réponse} (ex. profil.donnees_personnelles: oui)")
    for qid, raw in answers.items():
        qid = _key(qid)
        where = ("reponses", qid)
        entry = bundle.by_id.get(qid) or every.by_id.get(qid)
        if entry is None:
            check.problem(where, f"question inconnue « {qid} »{_suggest(qid, every.by_id)}")
            continue
        item = _answer_item(check, where, raw)
        if item is None:
            continue
        if entry.question.type is AnswerType.text and isinstance(item.value, str) \
                and item.value not in (DONT_KNOW, NOT_APPLICABLE) \
                and check.text(where, item.value, required=True, multiline=True) is None:
            continue
        try:
            parse_answer(entry.question, item.value, item.justification)
        except AnswerError as exc:
            check.problem(where, f"{question_ref(entry)} : {exc}")
            continue
        except (TypeError, ValueError, AttributeError):  # a value parse_answer has no words for
            check.problem(where, f"{question_ref(entry)} : réponse illisible ; une valeur, nsp, ou "
                                 "{na: justification}")
            continue
        plan.answers[qid] = item


def _answer_item(check: _Checker, where: tuple, raw: Any) -> PlanItem | None:
    if raw is None:
        check.problem(where, "réponse vide : une valeur, nsp (je ne sais pas) ou {na: justification}")
        return None
    if not isinstance(raw, dict):
        # a number as written (« 1_000 » is refused as people would not type it), else the value
        return PlanItem(check.positions.numbers.get(where, raw)) if _plain(check, where, raw) else None
    check.unknown_keys(where, raw, DETAILED_KEYS)
    if (NOT_APPLICABLE in raw) == ("valeur" in raw):
        check.problem(where, "réponse détaillée : {valeur: …, note: …, par: {nom, role}} ou {na: justification}")
        return None
    if NOT_APPLICABLE in raw:
        why = check.text(where + (NOT_APPLICABLE,), raw[NOT_APPLICABLE], required=True, multiline=True)
        if why is None:
            return None
        item = PlanItem(NOT_APPLICABLE, justification=why)
    else:
        if raw["valeur"] is None:
            check.problem(where + ("valeur",), "réponse vide : une valeur, nsp (je ne sais pas) ou {na: justification}")
            return None
        if not _plain(check, where + ("valeur",), raw["valeur"]):
            return None
        item = PlanItem(check.positions.numbers.get(where + ("valeur",), raw["valeur"]))
    item.note = check.text(where + ("note",), raw.get("note"), multiline=True)
    if "par" in raw:
        item.by = check.person(where + ("par",), raw["par"])
    return item


def _plain(check: _Checker, where: tuple, value: Any) -> bool:
    """An answer is a value (a word, a number) or a list of words; anything deeper is said here, in
    the file's terms."""
    nested = isinstance(value, dict) or isinstance(value, list) and any(isinstance(v, (dict, list)) for v in value)
    if nested:
        given = ("un ensemble de clés a été donné" if isinstance(value, dict)
                 else "la liste contient une liste ou un ensemble de clés")
        check.problem(where, f"« {field_path(where)} » : une valeur ou une liste de choix est attendue ({given})")
    return not nested


def _open_points(check: _Checker, plan: AnswersFile, data: dict, every, session: Session | None) -> None:
    points = check.mapping(("points_ouverts",), data.get("points_ouverts"), None,
                           "{question: {responsable: …, echeance: AAAA-MM-JJ}}")
    answered = {str(q) for q in data["reponses"]} if isinstance(data.get("reponses"), dict) else set()
    for qid, raw in points.items():
        qid = _key(qid)
        where = ("points_ouverts", qid)
        if qid not in every.by_id:
            check.problem(where, f"question inconnue « {qid} »{_suggest(qid, every.by_id)}")
            continue
        if not isinstance(raw, dict):
            check.problem(where, "un point ouvert s'écrit {responsable: …, echeance: AAAA-MM-JJ}")
            continue
        check.unknown_keys(where, raw, POINT_KEYS)
        owner = check.text(where + ("responsable",), raw.get("responsable"))
        due = check.due(where + ("echeance",), raw.get("echeance"))
        if not owner and not due and not [k for k in POINT_KEYS if raw.get(k) is not None]:
            check.problem(where, "un point ouvert donne un responsable, une échéance, ou les deux")
            continue
        given = plan.answers.get(qid)
        if given is None and qid in answered:
            continue  # its answer is refused: said on its own line
        if given is not None:
            unknown = given.value == DONT_KNOW
        else:  # continuing: a « je ne sais pas » already recorded in the instruction
            recorded = session.view.answers.get(qid) if session is not None else None
            unknown = recorded is not None and recorded.answer.kind == DONT_KNOW
        if not unknown:
            where_else = "dans ce fichier" if session is None else "ni dans ce fichier ni dans l'instruction"
            named = question_ref(every.by_id[qid])
            check.problem(where, f"{named[0].upper()}{named[1:]} n'est pas répondue « nsp » {where_else} : un "
                                 "point ouvert suit une réponse « je ne sais pas »")
            continue
        plan.open_points[qid] = {"owner": owner, "due": due}


def _opinions(check: _Checker, plan: AnswersFile, data: dict, bundle, every, grids_ok: bool) -> None:
    opinions = check.mapping(("avis",), data.get("avis"), None, "{critère: texte} (ex. nantes.c1: …)")
    chosen = {f"{g.grid.id}.{sec.id}" for g in bundle.grids for sec in g.grid.sections}
    known = {f"{g.grid.id}.{sec.id}": g.grid.id for g in every.grids for sec in g.grid.sections}
    for criterion, text in opinions.items():
        criterion = _key(criterion)
        where = ("avis", criterion)
        if criterion not in known:
            check.problem(where, f"critère inconnu « {criterion} »{_suggest(criterion, known)} ; "
                                 f"ex. : {', '.join(sorted(chosen)[:4])}…")
            continue
        if criterion not in chosen:
            if grids_ok:  # a grid the file does not choose; a wrong grid is said once, on its line
                check.problem(where, f"le critère « {criterion} » est celui de la grille « "
                                     f"{every.grid(known[criterion]).grid.title} », que cette instruction n'utilise "
                                     "pas")
            continue
        opinion = check.text(where, text, required=True, multiline=True)
        if opinion is not None:
            plan.opinions[criterion] = opinion


def _decision(check: _Checker, plan: AnswersFile, data: dict, store: Store, bundle,
              session: Session | None) -> None:
    if data.get("decision") is None:
        return
    if not isinstance(data["decision"], dict):
        check.problem(("decision",), "« decision » s'écrit {decision: …, motif: …, par: [{nom: …, role: …}]}")
        return
    decision = check.mapping(("decision",), data["decision"], DECISION_KEYS, "")
    chosen = decision.get("decision")
    if not isinstance(chosen, str) or chosen not in store.decisions:
        check.problem(("decision", "decision"), f"« decision.decision » vaut l'une de : {', '.join(store.decisions)}"
                                                f"{_suggest(chosen, store.decisions)}")
        return
    rationale = check.text(("decision", "motif"), decision.get("motif"), multiline=True) or ""
    people = check.people(("decision", "par"), decision.get("par"))
    plan.decision = {"decision": chosen, "motif": rationale, "par": people}
    if not rationale and not check.problems:
        given = session.view.answers_for_rules() if session is not None else {}
        given.update({q: parse_answer(bundle.by_id[q].question, i.value, i.justification)
                      for q, i in plan.answers.items() if q in bundle.by_id})
        red = [f.id for f in evaluate(bundle, given).red_lines]
        if red:
            check.problem(("decision",), f"ces réponses lèvent une ligne rouge ({', '.join(red)}) : "
                                         "« decision.motif » est obligatoire")


# --- the types ------------------------------------------------------------------------------


def _key(key: Any) -> str:
    """A key as the file writes it (YAML reads `null:` as None, `yes:` as True)."""
    if key is None:
        return "null"
    if isinstance(key, bool):
        return "true" if key else "false"
    return str(key)


def _suggest(word: Any, known) -> str:
    meant = close_to(str(word), known) if isinstance(word, str) else None
    return f" ; vouliez-vous dire « {meant} » ?" if meant else ""


def _what_yaml_read(value: Any) -> str:
    """What the file holds instead of a text, said so that its author can fix it."""
    if isinstance(value, bool):
        return "YAML y a lu un booléen (yes, no, on, off…) : mettez la valeur entre guillemets"
    if isinstance(value, (int, float)):
        return f"YAML y a lu un nombre : mettez-le entre guillemets (\"{value}\")"
    if isinstance(value, (date, datetime)):
        return "YAML y a lu une date : mettez-la entre guillemets"
    if isinstance(value, list):
        return "une liste a été donnée"
    if isinstance(value, dict):
        return "un ensemble de clés a été donné"
    return "valeur d'un autre type"


class _Checker:
    """The problems of one file, each with the line and field of what it is about, and the typed
    reading of its fields."""

    def __init__(self, file: str, positions: Positions):
        self.file, self.positions = file, positions
        self.problems: list[Problem] = []

    def problem(self, where: tuple, message: str) -> None:
        pos = self.positions.of(where)
        self.problems.append(Problem(self.file, pos.line, pos.column, "REPONSES", message, field_path(where)))

    def unknown_keys(self, where: tuple, value: dict, keys: tuple[str, ...]) -> None:
        inside = f" dans « {field_path(where)} »" if where else ""
        for key in value:
            if key not in keys:
                self.problem(where + (_key(key),), f"clé inconnue « {_key(key)} »{_suggest(_key(key), keys)} ; clés "
                                                  f"permises{inside} : {', '.join(keys)}")

    def mapping(self, where: tuple, value: Any, keys: tuple[str, ...] | None, shape: str) -> dict:
        """A set of keys (absent or empty: none); its unknown keys said with the closest known one."""
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.problem(where, f"« {field_path(where)} » s'écrit {shape}")
            return {}
        if keys is not None:
            self.unknown_keys(where, value, keys)
        return value

    def text(self, where: tuple, value: Any, required: bool = False, multiline: bool = False) -> str | None:
        """A text the journal can keep (grilles.typed_text); None when absent or refused (then said)."""
        name = field_path(where)
        if value is None or (not required and isinstance(value, str) and not value.strip()):
            if required:
                self.problem(where, f"« {name} » est obligatoire")
            return None
        if not isinstance(value, str):
            self.problem(where, f"« {name} » doit être un texte : {_what_yaml_read(value)}")
            return None
        why = text_problem(value, multiline=multiline)
        if why is not None:
            self.problem(where, f"« {name} » {why}")
            return None
        return value.strip()

    def person(self, where: tuple, value: Any) -> Actor | None:
        if not isinstance(value, dict):
            self.problem(where, f"« {field_path(where)} » : une personne s'écrit {{nom: …, role: …}}")
            return None
        self.unknown_keys(where, value, PERSON_KEYS)
        name = self.text(where + ("nom",), value.get("nom"), required=True)
        role = self.text(where + ("role",), value.get("role"))
        return Actor(name, role or "") if name else None

    def people(self, where: tuple, value: Any) -> list[Actor]:
        if value is None:
            return []
        if not isinstance(value, list):
            self.problem(where, f"« {field_path(where)} » est une liste de personnes : - {{nom: …, role: …}}")
            return []
        return [a for a in (self.person(where + (i,), raw) for i, raw in enumerate(value)) if a is not None]

    def due(self, where: tuple, value: Any) -> str | None:
        """A deadline: a date, as YAML reads 2027-01-15, or that text between quotes."""
        if value is None:
            return None
        if isinstance(value, datetime):
            self.problem(where, "échéance : une date sans heure est attendue (AAAA-MM-JJ, ex. 2027-01-15)")
            return None
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, int) and not isinstance(value, bool):
            self.problem(where, f"échéance « {value} » : YAML y lit un nombre, pas une date ; écrivez-la "
                                "JJ/MM/AAAA (ex. 15/01/2027) ou AAAA-MM-JJ (ex. 2027-01-15)")
            return None
        if not isinstance(value, str):
            self.problem(where, f"échéance : une date est attendue (AAAA-MM-JJ, ex. 2027-01-15) ; "
                                f"{_what_yaml_read(value)}")
            return None
        text = value.strip()
        try:
            return parse_date(text).isoformat()  # « 15/01/2027 » as well as « 2027-01-15 »
        except AnswerError as exc:
            self.problem(where, f"échéance : {exc}")
        return None


__all__ = ["AnswersFile", "AnswersFileError", "PlanItem", "TOP_KEYS", "read_answers_file"]
