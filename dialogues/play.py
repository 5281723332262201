"""Headless play: an instruction from an answers file, and the JSON result.

The file is keyed by question id (`profil.donnees_personnelles: oui`). It opens a new
instruction, or continues an existing one (`instruction=`: the part of one expert, say).
Every answer of the file that applies is given, in the grids' order; a question the file
does not answer leaves the instruction paused there, and the result lists the path ahead.
The file is read and checked by `dialogues.answers_file`: every problem at once, with its line
and field, before anything is played. While it plays, each answer is checked against the journal as it is when written:
one that someone else made irrelevant, or gave meanwhile, is refused and listed, never forced.
"""

from __future__ import annotations

from dialogues.answers_file import AnswersFile, AnswersFileError, PlanItem, read_answers_file  # noqa: F401
from dialogues.errors import DialogueError
from dialogues.session import Session
from dialogues.store import Store
from dialogues.turns import TurnKind
from grilles.answers import display
from grilles.bundle import Bundle
from grilles.formats import flag_json
from grilles.rules import ANSWERED, DECLARED_NA, TO_ASK, UNKNOWN, WAITING
from grilles.schema import DONT_KNOW
from grilles.scores import axis_scores
from journal.log import Actor

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
        for qid, point in plan.open_points.items():  # on a « je ne sais pas » the instruction already holds
            if qid not in plan.answers:
                session.assign_open_point(qid, lead, point["owner"], point["due"])
    seen = session.view.last_seq  # answers given by others from now on are never overwritten
    pending = dict(plan.answers)
    refused: dict[str, str] = {}
    while True:
        turn = session.present()  # the waiting question, recorded as shown
        if not turn.is_question:
            break
        assert turn.question is not None  # a question turn carries its entry (Session._turn)
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
            deciders = plan.decision["par"] or [lead]
            session.decide(plan.decision["decision"], deciders[0], plan.decision["motif"], deciders)
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
# The same, as people read it (the command line says it; `statut` stays the code programs test).
STATUS_LABELS = {"en_pause": "en pause : une question attend sa réponse",
                 "decision_attendue": "toutes les questions sont posées : la décision est attendue",
                 "decidee": "décidée", "pre_examen_termine": "pré-examen terminé"}


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
        assert st.answer is not None  # an asked question (answered, unknown or not applicable) holds its answer
        rec = view.answers.get(st.via or e.id)
        asked.append({**qinfo(e.id), "texte_affiche": rec.shown if rec is not None and not st.via else None,
                      "reponse": st.answer.to_json(), "affichage": display(e.question, st.answer, e.grid.scale),
                      "par": {"nom": rec.actor.name, "role": rec.actor.role} if rec else None,
                      "via": st.via})
    out = {
        "instruction": session.id,
        "titre": view.title,
        "statut": status,
        "statut_libelle": STATUS_LABELS[status],
        "tour": view.round,
        "grilles": {g: view.grid_versions.get(g) for g in view.grids},
        "questions_posees": asked,
        "questions_ecartees": [{**qinfo(e.id), "raison": ev.statuses[e.id].skip_reason.message,
                                "causes": [{"question": c.question, "reponse": c.shown}
                                           for c in ev.statuses[e.id].skip_reason.causes]} for e in ev.skipped],
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
        assert turn.question is not None  # a question turn carries its entry (Session._turn)
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
