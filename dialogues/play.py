"""Headless play: a whole instruction from an answers file, and the JSON result.

The file is keyed by question id (`profil.donnees_personnelles: oui`). A question the
file does not answer leaves the instruction paused there, and the result lists the
path ahead. Every problem in the file is reported at once, naming the key and line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from grilles.answers import AnswerError, display, parse_answer
from grilles.bundle import Bundle
from grilles.loader import read_yaml
from grilles.problems import GridFileError, Problem
from grilles.rules import WAITING, evaluate
from grilles.schema import DONT_KNOW, NOT_APPLICABLE
from grilles.scores import axis_scores
from dialogues.session import Session, Store
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


def read_answers_file(path: Path, store: Store, grids_override: list[str] | None = None) -> AnswersFile:
    """Parse and check an answers file against the catalog; every problem is reported at once."""
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
    if not isinstance(title, str) or not title.strip():
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
        item = PlanItem(raw)
        if isinstance(raw, dict):
            if NOT_APPLICABLE in raw:
                item = PlanItem(NOT_APPLICABLE, justification=str(raw[NOT_APPLICABLE] or ""))
            elif "valeur" in raw:
                item = PlanItem(raw["valeur"])
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
            if due is not None and not _is_date(due):
                problem(("points_ouverts", qid), f"échéance « {due} » invalide : format attendu AAAA-MM-JJ")
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
                given = {q: parse_answer(bundle.by_id[q].question, i.value, i.justification)
                         for q, i in plan.answers.items() if q in bundle.by_id}
                red = [f.id for f in evaluate(bundle, given).red_lines]
                if red:
                    problem(("decision",), f"ces réponses lèvent une ligne rouge ({', '.join(red)}) : "
                                           "« decision.motif » est obligatoire")
    if problems:
        raise AnswersFileError(problems)
    return plan


def _is_date(text: str) -> bool:
    from datetime import date

    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def play(store: Store, plan: AnswersFile, actor: Actor | None = None) -> tuple[Session, dict]:
    """Play the file through the dialogue; returns the session and the JSON-ready result."""
    people = plan.participants or [Actor("instruire jouer", "")]
    lead = actor or people[0]
    session = store.start(plan.title, lead, plan.grids, plan.service, plan.description, people[1:], plan.mode)
    unused: list[str] = []
    while True:
        turn = session.turn()
        if turn.kind != "question":
            break
        item = plan.answers.get(turn.question.id)
        if item is None:
            break
        session.answer(turn.question.id, item.value, item.by or lead, item.justification, item.note)
        if item.value == DONT_KNOW and turn.question.id in plan.open_points:
            point = plan.open_points[turn.question.id]
            session.assign_open_point(turn.question.id, lead, point["owner"], point["due"])
    turn = session.turn()
    if turn.kind == "decision":
        for criterion, text in plan.opinions.items():
            session.record_opinion(criterion, text, lead)
        if plan.decision:
            people = [a for a in (_actor(p) for p in plan.decision.get("par", [])) if a] or [lead]
            session.decide(plan.decision["decision"], people[0], str(plan.decision.get("motif", "")), people)
    evaluation = session.evaluation()
    unused = [q for q in plan.answers if q in session.bundle.by_id and q not in session.view.answers
              and evaluation.statuses[q].status != "a_poser"]
    return session, result(session, unused)


def result(session: Session, unused: list[str] | None = None) -> dict:
    """The instruction as JSON-ready data: what a test, a trainer or another tool reads."""
    turn = session.turn()
    ev = turn.evaluation
    bundle: Bundle = session.bundle
    view = session.view
    status = {"question": "en_pause", "decision": "decision_attendue", "decidee": "decidee",
              "pre_examen_termine": "pre_examen_termine"}[turn.kind]

    def qinfo(qid: str) -> dict:
        e = bundle.by_id[qid]
        return {"id": qid, "grille": e.grid.id, "critere": e.criterion.title, "numero": e.question.number,
                "texte": e.question.text}

    asked = []
    for e in ev.asked:
        st = ev.statuses[e.id]
        rec = view.answers.get(st.via or e.id)
        asked.append({**qinfo(e.id), "texte_affiche": view.shown.get(e.id, {}).get("text"),
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
    if turn.kind == "question":
        out["question_en_attente"] = {**qinfo(turn.question.id), "texte_affiche": turn.text}
        out["a_venir"] = [{**qinfo(e.id), "etat": "a_poser" if ev.statuses[e.id].status != WAITING
                           else "en_attente_d_une_reponse",
                           "depend_de": [q for c in e.conditions for q in c.resolved
                                         if ev.statuses.get(q) and ev.statuses[q].status in ("a_poser", WAITING)]}
                          for e in ev.ahead]
    if turn.kind == "pre_examen_termine":
        from dialogues.precheck import outlook

        out["instruction_complete"] = [o.to_json() for o in outlook(session)]
    if unused:
        out["reponses_inutilisees"] = unused
    return out


def _flag(flag) -> dict:
    rule = flag.rule.rule
    return {"id": flag.id, "titre": rule.title, "message": rule.message,
            "source": rule.source.model_dump(exclude_none=True),
            "causes": [{"question": c.question, "reponse": c.shown} for c in flag.causes]}
