"""What an instruction's events add up to: rebuilt from the journal and nothing else.

This is the one fold of the journal: the dialogue (and its graph), the report, the registry,
the comparison and the home list all read this view, so that what the committee reads is
exactly what was recorded, and what a grid re-asked in a new round means is written once.
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, fields

from grilles.answers import Answer
from journal import kinds
from journal.log import Actor, Event


@dataclass(slots=True)
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
    shown: dict[str, dict] = field(default_factory=dict)  # question -> last text displayed, "answered" since?
    round_answers: dict[int, dict[str, AnswerRecord]] = field(default_factory=dict)  # in force at each round's end
    reports: list[dict] = field(default_factory=list)
    llm: list[dict] = field(default_factory=list)
    publications: list[dict] = field(default_factory=list)  # register acts: published or withdrawn, in order
    last_seq: int = 0
    last_event: Event | None = None
    last_at: str = ""

    @property
    def decision(self) -> Decision | None:
        current = [d for d in self.decisions if d.round == self.round]
        return current[-1] if current else None

    def answers_for_rules(self) -> dict[str, Answer]:
        return {q: r.answer for q, r in self.answers.items()}

    def wording_waiting(self, question: str) -> dict | None:
        """The wording shown for a question not answered since (None: not on screen yet)."""
        shown = self.shown.get(question)
        return shown if shown is not None and not shown.get("answered") else None

    def answers_at_round(self, round_: int) -> dict[str, AnswerRecord]:
        """The answers in force at the end of a round (the current round: as they stand)."""
        if round_ >= self.round:
            return dict(self.answers)
        return dict(self.round_answers.get(round_, {}))

    def copy(self) -> View:
        """A copy that an act can fold its draft events into without touching this view."""
        out = View.__new__(View)
        for f in fields(self):
            value = getattr(self, f.name)
            setattr(out, f.name, type(value)(value) if isinstance(value, (dict, list)) else value)
        return out


def asked_again(question: str, reask) -> bool:
    """Whether a round's `reask` (grid ids, or question ids) clears this question's answer."""
    return any(question == item or question.startswith(item + ".") for item in reask)


def apply(view: View, e: Event) -> None:
    """Fold one event into the view (events must come in seq order)."""
    view.last_seq, view.last_event, view.last_at = e.seq, e, e.at
    fold = _FOLDS.get(e.kind)
    if fold is not None:
        fold(view, e, e.payload)


# One function per kind of event: a table, so that folding a whole journal (the registry) stays cheap.

def _opened(view: View, e: Event, p: dict) -> None:
    view.title, view.service, view.description = p["title"], p.get("service", ""), p.get("description", "")
    view.stage_question = p.get("stage_question", LEGACY_STAGE_QUESTION)
    view.mode, view.grids = p.get("mode", "complete"), list(p["grids"])
    view.grid_versions = dict(p.get("grid_versions", {}))
    view.opened_at, view.opened_by = e.at, e.actor


def _participant(view: View, e: Event, p: dict) -> None:
    actor = Actor(p["name"], p.get("role", ""))
    if actor not in view.participants:
        view.participants.append(actor)


def _shown(view: View, e: Event, p: dict) -> None:
    view.shown[p["question"]] = {"text": p["text"], "rephrased": p.get("rephrased", False),
                                 "original": p.get("original"), "seq": e.seq, "answered": False}


def _answered(view: View, e: Event, p: dict) -> None:
    question, answer = p["question"], p["answer"]
    shown = view.shown.get(question)
    if shown:  # still the last wording people saw, no longer one waiting for its answer
        view.shown[question] = {**shown, "answered": True}
        record = AnswerRecord(question, _answer(answer), e.actor, e.at, e.seq, view.round, e.kind,
                              shown.get("text"), shown.get("rephrased", False))
    else:
        record = AnswerRecord(question, _answer(answer), e.actor, e.at, e.seq, view.round, e.kind)
    view.answers[question] = record
    view.history.append(record)
    if view.skipped:
        view.skipped.pop(question, None)
    if question == view.stage_question:
        view.stage = answer.get("value")


def _answer(data: dict) -> Answer:
    value = data.get("value")
    if isinstance(value, list):
        value = tuple(value)
    # annotated `type`: mypy checks type[X] against Hashable as if it were an X instance
    value_type: type = type(value)
    return _shared_answer(data["kind"], value, data.get("justification"), value_type)


@functools.lru_cache(maxsize=8192)
def _shared_answer(kind: str, value, justification: str | None, _type: type) -> Answer:
    """Answers are values, and a journal repeats few of them (« oui », a level…): share them.
    The type is part of the key: 1 and 1.0 are equal, but not written alike."""
    return Answer.from_json({"kind": kind, "value": value, "justification": justification})


def _skipped(view: View, e: Event, p: dict) -> None:
    view.skipped[p["question"]] = p
    view.answers.pop(p["question"], None)  # kept in history, no longer in force


def _restored(view: View, e: Event, p: dict) -> None:
    view.skipped.pop(p["question"], None)


def _flag(view: View, e: Event, p: dict) -> None:
    flag = Flag(p["rule"], p["severity"], p.get("title", ""), p.get("message", ""), p.get("source", {}),
                p.get("causes", []), e.at, e.seq)
    view.flags[p["rule"]] = flag
    view.flag_history.append(flag)


def _flag_cleared(view: View, e: Event, p: dict) -> None:
    view.flags.pop(p["rule"], None)


def _note(view: View, e: Event, p: dict) -> None:
    view.notes.append({**p, "actor": e.actor, "at": e.at, "round": view.round})


def _open_point(view: View, e: Event, p: dict) -> None:
    view.open_points[p["question"]] = {**p, "actor": e.actor, "at": e.at}


def _open_point_resolved(view: View, e: Event, p: dict) -> None:
    view.resolved.append({**p, "actor": e.actor, "at": e.at})
    view.open_points.pop(p["question"], None)


def _opinion(view: View, e: Event, p: dict) -> None:
    view.opinions.append({**p, "actor": e.actor, "at": e.at, "round": view.round})


def _decision(view: View, e: Event, p: dict) -> None:
    view.decisions.append(Decision(p["decision"], p.get("label", p["decision"]), p.get("rationale", ""),
                                   e.actor, [Actor(x["name"], x.get("role", "")) for x in p.get("people", [])],
                                   e.at, view.round, list(p.get("red_lines", []))))


def _round(view: View, e: Event, p: dict) -> None:
    view.round_answers[view.round] = dict(view.answers)
    view.round = p["round"]
    view.rounds.append({**p, "actor": e.actor, "at": e.at})
    if p.get("stage"):
        view.stage = p["stage"]
    if p.get("grids"):
        view.grids = list(p["grids"])
        view.mode = p.get("mode", view.mode)
        view.grid_versions.update(p.get("grid_versions", {}))
    # What the grids declare scored again at a follow-up (girouet, radar…): its answers leave the round.
    reask = p.get("reask", ())
    if reask:
        for q in [q for q in view.answers if asked_again(q, reask)]:
            del view.answers[q]


def _report(view: View, e: Event, p: dict) -> None:
    view.reports.append({**p, "at": e.at, "actor": e.actor})


def _llm(view: View, e: Event, p: dict) -> None:
    view.llm.append({**p, "at": e.at})


def _publication(view: View, e: Event, p: dict) -> None:
    view.publications.append({"published": e.kind == kinds.PUBLISHED, "attributes": dict(p.get("attributes", {})),
                              "actor": e.actor, "at": e.at})


_FOLDS = {
    kinds.OPENED: _opened, kinds.PARTICIPANT: _participant, kinds.SHOWN: _shown, kinds.ANSWERED: _answered,
    kinds.CHANGED: _answered, kinds.SKIPPED: _skipped, kinds.RESTORED: _restored, kinds.RED_LINE: _flag,
    kinds.WARNING: _flag, kinds.FLAG_CLEARED: _flag_cleared, kinds.NOTE: _note, kinds.OPEN_POINT: _open_point,
    kinds.OPEN_POINT_RESOLVED: _open_point_resolved, kinds.OPINION: _opinion, kinds.DECISION: _decision,
    kinds.ROUND: _round, kinds.REPORT: _report, kinds.LLM: _llm, kinds.PUBLISHED: _publication,
    kinds.UNPUBLISHED: _publication,
}
assert set(_FOLDS) == kinds.ALL


def build(instruction: str, events: Iterable[Event]) -> View:
    view = View(instruction)
    for e in events:
        apply(view, e)
    return view


def build_all(events: Iterable[Event]) -> list[View]:
    """Every instruction's view from one pass over the journal (events in seq order)."""
    views: dict[str, View] = {}
    folds = _FOLDS
    with _no_cycle_collection():
        for e in events:  # `apply`, inlined: this loop folds whole journals
            if e.kind == kinds.OPENED:
                views[e.instruction] = View(e.instruction)
            view = views.get(e.instruction)
            if view is not None:
                view.last_seq, view.last_event, view.last_at = e.seq, e, e.at
                fold = folds.get(e.kind)
                if fold is not None:
                    fold(view, e, e.payload)
    return list(views.values())


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Folding a whole journal makes a few objects per event and no reference cycle: the cyclic
    collector would only walk them over and over (a third of the registry's time)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
