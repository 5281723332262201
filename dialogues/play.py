"""Headless play: an instruction from an answers file, and the JSON result.

The file is keyed by question id (`profil.donnees_personnelles: oui`). It opens a new
instruction, or continues an existing one (`instruction=`: the part of one expert, say).
Every answer of the file that applies is given, in the grids' order; a question the file
does not answer leaves the instruction paused there, and the result lists the path ahead.
Every problem in the file is reported at once, naming the key and line, before anything is
played. While it plays, each answer is checked against the journal as it is when written:
one that someone else made irrelevant, or gave meanwhile, is refused and listed, never forced.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from grilles.answers import AnswerError, display, parse_answer, parse_date
from grilles.bundle import Bundle
from grilles.formats import flag_json
from grilles.loader import read_yaml
from grilles.problems import GridFileError, Problem
from grilles.rules import ANSWERED, DECLARED_NA, TO_ASK, UNKNOWN, WAITING, evaluate
from grilles.schema import DONT_KNOW, NOT_APPLICABLE
from grilles.scores import axis_scores
from dialogues.errors import DialogueError
from dialogues.session import Session
from dialogues.store import Store
from dialogues.turns import TurnKind
from journal.log import Actor

TOP_KEYS = {"projet", "participants", "grilles", "mode", "reponses", "points_ouverts", "avis", "decision"}


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


def _actor(raw: Any) -> Actor | None:
    if isinstance(raw, dict) and isinstance(raw.get("nom"), str):
        return Actor(raw["nom"], str(raw.get("role", "")))
    return None


def read_answers_file(path: Path, store: Store, grids_override: list[str] | None = None,
                      session: Session | None = None) -> AnswersFile:
    """Parse and check an answers file against the catalog (and, to continue an instruction, against
    that instruction: `session`); every problem is reported at once."""
    try:
        data, positions, _ = read_yaml(Path(path))
    except GridFileError as exc:
        raise AnswersFileError(exc.problems) from None
    file = str(path)
    problems: list[Problem] = []

    def problem(where: tuple, message: str) -> None:
        pos = positions.of(where)
        problems.append(Problem(file, pos.line, pos.column, "REPONSES", message, ".".join(map(str, where))))

    if not isinstance(data, dict):
        raise AnswersFileError([Problem(file, 1, 1, "REPONSES", "le fichier doit contenir des clés (projet, reponses…)")])
    for key in data:
        if key not in TOP_KEYS:
            problem((key,), f"clé inconnue « {key} » ; clés permises : {', '.join(sorted(TOP_KEYS))}")
    project = data.get("projet") or {}
    title = project.get("titre") if isinstance(project, dict) else None
    if session is not None:  # continuing: the instruction has its title
        title = session.view.title
    elif not isinstance(title, str) or not title.strip():
        problem(("projet",), "« projet.titre » est obligatoire")
        title = ""
    plan = AnswersFile(Path(path), title or "", str(project.get("service", "")) if isinstance(project, dict) else "",
                       str(project.get("description", "")) if isinstance(project, dict) else "")
    for i, raw in enumerate(data.get("participants") or []):
        actor = _actor(raw)
        if actor is None:
            problem(("participants", i), "un participant s'écrit {nom: …, role: …}")
        else:
            plan.participants.append(actor)
    plan.mode = str(data.get("mode", "complete"))
    if plan.mode not in ("complete", "pre_examen"):
        problem(("mode",), "« mode » vaut « complete » ou « pre_examen »")
    grids = grids_override or data.get("grilles") or []
    if isinstance(grids, str):
        grids = [grids]
    if not isinstance(grids, list):
        problem(("grilles",), "« grilles » est une liste d'identifiants (ex. [nantes, radar])")
        grids = []
    for g in grids:
        if not isinstance(g, str):
            problem(("grilles",), f"« {g} » n'est pas un identifiant de grille")
        elif g not in store.catalog.grids:
            problem(("grilles",), f"grille inconnue « {g} » ; grilles : {', '.join(sorted(store.catalog.grids))}")
    plan.grids = [g for g in grids if isinstance(g, str) and g in store.catalog.grids]
    if session is not None:  # continuing: the instruction's grids and mode, whatever the file says
        others = [g for g in plan.grids if g not in session.view.grids]
        if others:
            problem(("grilles",), f"l'instruction « {session.view.title} » n'utilise pas la grille "
                                  f"{', '.join(others)} ; ses grilles : {', '.join(session.view.grids)}")
        plan.grids, plan.mode = list(session.view.grids), session.view.mode
    bundle = store.bundle_for([store.catalog.profile.grid.id] + [g for g in plan.grids])
    every = store.bundle_for(list(store.catalog.grids))  # to tell "unknown" from "not in the chosen grids"
    answers = data.get("reponses") or {}
    if not isinstance(answers, dict):
        problem(("reponses",), "« reponses » associe un identifiant de question à une réponse")
        answers = {}
    for qid, raw in answers.items():
        where = ("reponses", qid)
        entry = bundle.by_id.get(qid) or every.by_id.get(qid)
        if entry is None:
            problem(where, f"question inconnue « {qid} »")
            continue
        item = PlanItem(positions.numbers.get(where, raw))  # a number as written: « 1_000 » is refused
        if isinstance(raw, dict):
            if NOT_APPLICABLE in raw:
                item = PlanItem(NOT_APPLICABLE, justification=str(raw[NOT_APPLICABLE] or ""))
            elif "valeur" in raw:
                item = PlanItem(positions.numbers.get(where + ("valeur",), raw["valeur"]))
            else:
                problem(where, "réponse détaillée : {valeur: …, note: …, par: {nom, role}} ou {na: justification}")
                continue
            item.note = raw.get("note")
            item.by = _actor(raw.get("par"))
        try:
            parse_answer(entry.question, item.value, item.justification)
        except AnswerError as exc:
            problem(where, f"{qid} : {exc}")
            continue
        plan.answers[qid] = item
    points = data.get("points_ouverts") or {}
    if not isinstance(points, dict):
        problem(("points_ouverts",), "« points_ouverts » associe une question à {responsable: …, echeance: …}")
        points = {}
    for qid, raw in points.items():
        if qid not in every.by_id:
            problem(("points_ouverts", qid), f"question inconnue « {qid} »")
        elif not isinstance(raw, dict):
            problem(("points_ouverts", qid), "un point ouvert s'écrit {responsable: …, echeance: AAAA-MM-JJ}")
        else:
            due = str(raw["echeance"]) if raw.get("echeance") else None
            if due is not None:
                try:
                    due = parse_date(due).isoformat()  # « 15/01/2027 » as well as « 2027-01-15 »
                except AnswerError as exc:
                    problem(("points_ouverts", qid), f"échéance : {exc}")
            plan.open_points[qid] = {"owner": raw.get("responsable"), "due": due}
    opinions = data.get("avis") or {}
    if not isinstance(opinions, dict):
        problem(("avis",), "« avis » associe un critère (ex. nantes.c1) à un texte")
        opinions = {}
    criteria = {f"{g.grid.id}.{sec.id}" for g in bundle.grids for sec in g.grid.sections}
    for criterion, text in opinions.items():
        if str(criterion) not in criteria:
            problem(("avis", criterion), f"critère inconnu « {criterion} » ; ex. : {', '.join(sorted(criteria)[:4])}…")
        plan.opinions[str(criterion)] = str(text)
    decision = data.get("decision")
    if decision is not None:
        if not isinstance(decision, dict) or decision.get("decision") not in store.decisions:
            problem(("decision",), f"« decision.decision » vaut l'une de : {', '.join(store.decisions)}")
        else:
            plan.decision = decision
            if not str(decision.get("motif") or "").strip() and not problems:
                given = session.view.answers_for_rules() if session is not None else {}
                given.update({q: parse_answer(bundle.by_id[q].question, i.value, i.justification)
                              for q, i in plan.answers.items() if q in bundle.by_id})
                red = [f.id for f in evaluate(bundle, given).red_lines]
                if red:
                    problem(("decision",), f"ces réponses lèvent une ligne rouge ({', '.join(red)}) : "
                                           "« decision.motif » est obligatoire")
    if problems:
        raise AnswersFileError(problems)
    return plan


ANSWERABLE = (TO_ASK, ANSWERED, UNKNOWN, DECLARED_NA)


def play(store: Store, plan: AnswersFile, actor: Actor | None = None,
         session: Session | None = None) -> tuple[Session, dict]:
    """Play the file through the dialogue (a new instruction, or `session` continued); returns the
    session and the JSON-ready result."""
    people = plan.participants or ([] if session is not None else [Actor("instruire jouer", "")])
    if session is None:
        lead = actor or people[0]
        session = store.start(plan.title, lead, plan.grids, plan.service, plan.description, people[1:], plan.mode)
    else:
        lead = actor or (people[0] if people else session.view.opened_by or Actor("instruire jouer", ""))
        for person in people:
            session.join(person, lead)
    seen = session.view.last_seq  # answers given by others from now on are never overwritten
    pending = dict(plan.answers)
    refused: dict[str, str] = {}
    while True:
        turn = session.present()  # the waiting question, recorded as shown
        if not turn.is_question:
            break
        target = turn.question.id if turn.question.id in pending else _answerable(session, pending)
        if target is None:
            break  # paused: the file does not answer what is waiting
        item = pending.pop(target)
        try:
            if item.value == DONT_KNOW and target in plan.open_points:
                point = plan.open_points[target]
                session.dont_know(target, item.by or lead, point["owner"], point["due"], seen=seen)
                if item.note:
                    session.add_note(target, item.note, item.by or lead)
            else:
                session.answer(target, item.value, item.by or lead, item.justification, item.note, seen=seen)
        except DialogueError as exc:  # made irrelevant, or answered by someone else, since: said, not forced
            refused[target] = str(exc)
    turn = session.turn()
    if turn.kind is TurnKind.DECISION:
        for criterion, text in plan.opinions.items():
            session.record_opinion(criterion, text, lead)
        if plan.decision:
            deciders = [a for a in (_actor(p) for p in plan.decision.get("par", [])) if a] or [lead]
            session.decide(plan.decision["decision"], deciders[0], str(plan.decision.get("motif", "")), deciders)
    evaluation = session.evaluation()
    unused = [q for q in plan.answers if q in session.bundle.by_id and q not in session.view.answers
              and q not in refused and evaluation.statuses[q].status != TO_ASK]
    return session, result(session, unused, refused)


def _answerable(session: Session, pending: dict) -> str | None:
    """The first question of the file, in the grids' order, that can be answered now."""
    statuses = session.evaluation().statuses
    return next((e.id for e in session.bundle.entries if e.id in pending and statuses[e.id].status in ANSWERABLE),
                None)


STATUS = {TurnKind.QUESTION: "en_pause", TurnKind.DECISION: "decision_attendue", TurnKind.DECIDED: "decidee",
          TurnKind.PRECHECK_DONE: "pre_examen_termine"}


def result(session: Session, unused: list[str] | None = None, refused: dict[str, str] | None = None) -> dict:
    """The instruction as JSON-ready data: what a test, a trainer or another tool reads."""
    turn = session.turn()
    ev = turn.evaluation
    bundle: Bundle = session.bundle
    view = session.view
    status = STATUS[turn.kind]

    def qinfo(qid: str) -> dict:
        e = bundle.by_id[qid]
        return {"id": qid, "grille": e.grid.id, "critere": e.criterion.title, "numero": e.question.number,
                "texte": e.question.text}

    asked = []
    for e in ev.asked:
        st = ev.statuses[e.id]
        rec = view.answers.get(st.via or e.id)
        asked.append({**qinfo(e.id), "texte_affiche": rec.shown if rec is not None and not st.via else None,
                      "reponse": st.answer.to_json(), "affichage": display(e.question, st.answer, e.grid.scale),
                      "par": {"nom": rec.actor.name, "role": rec.actor.role} if rec else None,
                      "via": st.via})
    out = {
        "instruction": session.id,
        "statut": status,
        "tour": view.round,
        "grilles": {g: view.grid_versions.get(g) for g in view.grids},
        "questions_posees": asked,
        "questions_ecartees": [{**qinfo(e.id), "raison": ev.statuses[e.id].reason.message,
                                "causes": [{"question": c.question, "reponse": c.shown}
                                           for c in ev.statuses[e.id].reason.causes]} for e in ev.skipped],
        "lignes_rouges": [_flag(f) for f in ev.red_lines],
        "alertes": [_flag(f) for f in ev.warnings],
        "a_verifier": [_flag(f) for f in ev.to_check],
        "points_ouverts": [{"type": p.kind, "sujet": p.subject, "questions": list(p.questions),
                            "qui_peut_repondre": [r.value for r in p.who],
                            "responsable": view.open_points.get(p.subject, {}).get("owner") or None,
                            "echeance": view.open_points.get(p.subject, {}).get("due") or None}
                           for p in ev.open_points],
        "notes": [{"question": n.get("question"), "texte": n["text"], "par": n["actor"].name} for n in view.notes],
        "scores": [{"grille": s.grid, "axe": s.axis, "titre": s.title, "groupe": s.group, "moyenne": s.mean,
                    "affiche": s.shown, "couverture": round(s.coverage, 3), "notees": s.scored,
                    "applicables": s.applicable}
                   for g in bundle.grids for s in axis_scores(ev, g.grid)],
        "decisions": [{"decision": d.decision, "libelle": d.label, "motif": d.rationale, "tour": d.round,
                       "par": [{"nom": p.name, "role": p.role} for p in d.people], "le": d.at}
                      for d in view.decisions],
        "avis": [{"critere": o["criterion"], "texte": o["text"], "par": o["actor"].name} for o in view.opinions],
    }
    if turn.kind is TurnKind.QUESTION:
        out["question_en_attente"] = {**qinfo(turn.question.id), "texte_affiche": turn.text}
        out["a_venir"] = [{**qinfo(e.id), "etat": "a_poser" if ev.statuses[e.id].status != WAITING
                           else "en_attente_d_une_reponse",
                           "depend_de": [q for c in e.conditions for q in c.resolved
                                         if ev.statuses.get(q) and ev.statuses[q].status in ("a_poser", WAITING)]}
                          for e in ev.ahead]
    if turn.kind is TurnKind.PRECHECK_DONE:
        from dialogues.precheck import outlook

        out["instruction_complete"] = [o.to_json() for o in outlook(session)]
    if unused:
        out["reponses_inutilisees"] = unused
    if refused:
        out["reponses_refusees"] = [{"question": q, "raison": why} for q, why in refused.items()]
    return out


def _flag(flag) -> dict:
    plain = flag_json(flag)
    return {"id": plain["rule"], "titre": plain["title"], "message": plain["message"], "source": plain["source"],
            "causes": [{"question": c["question"], "reponse": c["answer"]} for c in plain["causes"]]}
