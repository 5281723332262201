"""What an instruction's events add up to: rebuilt from the journal and nothing else.

The report, the registry, the comparison and the dialogue's bookkeeping all read this
view, so that what the committee reads is exactly what was recorded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from grilles.answers import Answer
from journal import kinds
from journal.log import Actor, Event


@dataclass
class AnswerRecord:
    question: str
    answer: Answer
    actor: Actor
    at: str
    seq: int
    round: int
    kind: str  # reponse_donnee or reponse_modifiee
    shown: str | None = None  # the exact text displayed when it was answered
    rephrased: bool = False


@dataclass
class Flag:
    rule: str
    severity: str
    title: str
    message: str
    source: dict
    causes: list
    at: str
    seq: int


@dataclass
class Decision:
    decision: str
    label: str
    rationale: str
    actor: Actor
    people: list[Actor]
    at: str
    round: int
    red_lines: list[str]


# Journals opened before the grids declared their stage question (OPENED payload "stage_question").
LEGACY_STAGE_QUESTION = "profil.stade"


@dataclass
class View:
    instruction: str
    title: str = ""
    service: str = ""
    description: str = ""
    mode: str = "complete"
    grids: list[str] = field(default_factory=list)
    grid_versions: dict[str, str] = field(default_factory=dict)
    opened_at: str = ""
    opened_by: Actor | None = None
    participants: list[Actor] = field(default_factory=list)
    round: int = 1
    stage: str | None = None
    stage_question: str | None = None  # as the grids declared it when the instruction was opened
    answers: dict[str, AnswerRecord] = field(default_factory=dict)  # in force
    history: list[AnswerRecord] = field(default_factory=list)  # every answer ever given, in order
    skipped: dict[str, dict] = field(default_factory=dict)  # question -> reason payload, in force
    flags: dict[str, Flag] = field(default_factory=dict)  # raised and in force
    flag_history: list[Flag] = field(default_factory=list)
    notes: list[dict] = field(default_factory=list)
    open_points: dict[str, dict] = field(default_factory=dict)  # question -> owner, due date
    resolved: list[dict] = field(default_factory=list)
    opinions: list[dict] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    rounds: list[dict] = field(default_factory=list)
    shown: dict[str, dict] = field(default_factory=dict)  # question -> last text displayed
    reports: list[dict] = field(default_factory=list)
    llm: list[dict] = field(default_factory=list)
    last_seq: int = 0
    last_event: Event | None = None
    last_at: str = ""

    @property
    def decision(self) -> Decision | None:
        current = [d for d in self.decisions if d.round == self.round]
        return current[-1] if current else None

    def answers_for_rules(self) -> dict[str, Answer]:
        return {q: r.answer for q, r in self.answers.items()}


def asked_again(question: str, reask) -> bool:
    """Whether a round's `reask` (grid ids, or question ids) clears this question's answer."""
    return any(question == item or question.startswith(item + ".") for item in reask)


def apply(view: View, e: Event) -> None:
    """Fold one event into the view (events must come in seq order)."""
    p = e.payload
    view.last_seq, view.last_event, view.last_at = e.seq, e, e.at
    if e.kind == kinds.OPENED:
        view.title, view.service, view.description = p["title"], p.get("service", ""), p.get("description", "")
        view.stage_question = p.get("stage_question", LEGACY_STAGE_QUESTION)
        view.mode, view.grids = p.get("mode", "complete"), list(p["grids"])
        view.grid_versions = dict(p.get("grid_versions", {}))
        view.opened_at, view.opened_by = e.at, e.actor
    elif e.kind == kinds.PARTICIPANT:
        actor = Actor(p["name"], p.get("role", ""))
        if actor not in view.participants:
            view.participants.append(actor)
    elif e.kind == kinds.SHOWN:
        view.shown[p["question"]] = {"text": p["text"], "rephrased": p.get("rephrased", False),
                                     "original": p.get("original"), "seq": e.seq}
    elif e.kind in (kinds.ANSWERED, kinds.CHANGED):
        shown = view.shown.get(p["question"], {})
        record = AnswerRecord(p["question"], Answer.from_json(p["answer"]), e.actor, e.at, e.seq, view.round,
                              e.kind, shown.get("text"), shown.get("rephrased", False))
        view.answers[p["question"]] = record
        view.history.append(record)
        view.skipped.pop(p["question"], None)
    elif e.kind == kinds.SKIPPED:
        view.skipped[p["question"]] = p
        view.answers.pop(p["question"], None)  # kept in history, no longer in force
    elif e.kind == kinds.RESTORED:
        view.skipped.pop(p["question"], None)
    elif e.kind in (kinds.RED_LINE, kinds.WARNING):
        flag = Flag(p["rule"], p["severity"], p["title"], p["message"], p.get("source", {}), p.get("causes", []),
                    e.at, e.seq)
        view.flags[p["rule"]] = flag
        view.flag_history.append(flag)
    elif e.kind == kinds.FLAG_CLEARED:
        view.flags.pop(p["rule"], None)
    elif e.kind == kinds.NOTE:
        view.notes.append({**p, "actor": e.actor, "at": e.at, "round": view.round})
    elif e.kind == kinds.OPEN_POINT:
        view.open_points[p["question"]] = {**p, "actor": e.actor, "at": e.at}
    elif e.kind == kinds.OPEN_POINT_RESOLVED:
        view.resolved.append({**p, "actor": e.actor, "at": e.at})
        view.open_points.pop(p["question"], None)
    elif e.kind == kinds.OPINION:
        view.opinions.append({**p, "actor": e.actor, "at": e.at, "round": view.round})
    elif e.kind == kinds.DECISION:
        view.decisions.append(Decision(p["decision"], p.get("label", p["decision"]), p.get("rationale", ""),
                                       e.actor, [Actor(x["name"], x.get("role", "")) for x in p.get("people", [])],
                                       e.at, view.round, list(p.get("red_lines", []))))
    elif e.kind == kinds.ROUND:
        view.round = p["round"]
        view.rounds.append({**p, "actor": e.actor, "at": e.at})
        if p.get("stage"):
            view.stage = p["stage"]
        if p.get("grids"):
            view.grids = list(p["grids"])
            view.mode = p.get("mode", view.mode)
            view.grid_versions.update(p.get("grid_versions", {}))
        for q in [q for q in view.answers if asked_again(q, p.get("reask", []))]:
            del view.answers[q]
    elif e.kind == kinds.REPORT:
        view.reports.append({**p, "at": e.at, "actor": e.actor})
    elif e.kind == kinds.LLM:
        view.llm.append({**p, "at": e.at})
    if e.kind in (kinds.ANSWERED, kinds.CHANGED) and p["question"] == view.stage_question:
        view.stage = p["answer"].get("value")


def build(instruction: str, events: Iterable[Event]) -> View:
    view = View(instruction)
    for e in events:
        apply(view, e)
    return view


def build_all(events: Iterable[Event]) -> list[View]:
    """Every instruction's view from one pass over the journal (events in seq order)."""
    views: dict[str, View] = {}
    for e in events:
        if e.kind == kinds.OPENED:
            views[e.instruction] = View(e.instruction)
        view = views.get(e.instruction)
        if view is not None:
            apply(view, e)
    return list(views.values())
