"""The LangGraph state graph that walks an instruction.

    START → select ─→ rephrase → ask ─→ select …        (one question per visit)
               └──→ decide ─→ END                        (the human decision)
                       └──→ select                       (an answer changed before deciding)

Why three nodes for one question: on resume LangGraph re-runs the interrupted node from
its start. `select` is pure (the rules), `rephrase` may call the optional LLM once and
stores the exact text shown, and `ask` does nothing but `interrupt()` and apply the
resume value. Nothing here writes the journal: the session does, before resuming, so a
re-run can never duplicate an event.

A resume value is a journal event already written: {"seq", "kind", "payload"}. Applying
it is a pure state update; the graph's state is derived from the journal.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, TypedDict

from langgraph.graph import END, START, StateGraph
from langgraph.runtime import Runtime
from langgraph.types import interrupt

from grilles.bundle import Bundle
from grilles.rules import evaluate
from grilles.answers import Answer
from dialogues.rephrasing import Rephraser, RephraseRequest
from journal import kinds
from journal.view import asked_again

QUESTIONS = "questions"
DECISION = "decision"
DECIDED = "decidee"
PRECHECK_DONE = "pre_examen_termine"


class State(TypedDict, total=False):
    instruction: str
    grids: list[str]
    mode: str  # "complete" or "pre_examen"
    answers: dict[str, dict]  # qualified question id -> Answer.to_json()
    cursor: str | None  # the question being asked
    shown: str | None  # the exact text shown for it
    rephrased: bool
    phase: str
    round: int
    applied: int  # last journal seq applied to this state
    applied_hash: str | None  # and its hash: a checkpoint that the journal does not know is discarded


@dataclass
class Context:
    """What nodes need but the checkpoint must not store: passed on every invoke."""

    bundle_for: Callable[[list[str]], Bundle]
    rephrase: Rephraser | None = None
    project: dict = field(default_factory=dict)  # title, description, grid versions: the rephraser's only context


def apply_event(state: State, event: dict) -> State:
    """The state update an event makes (pure). Events that do not change the flow only move `applied`."""
    kind, payload = event["kind"], event["payload"]
    update: dict[str, Any] = {"applied": event["seq"], "applied_hash": event.get("hash")}
    if kind in (kinds.ANSWERED, kinds.CHANGED):
        answers = dict(state.get("answers", {}))
        answers[payload["question"]] = payload["answer"]
        update["answers"] = answers
        if state.get("phase") in (DECISION, PRECHECK_DONE):
            update["phase"] = QUESTIONS  # back to the questions that became relevant
    elif kind == kinds.DECISION:
        update["phase"] = DECIDED
    elif kind == kinds.ROUND:
        update["round"] = payload["round"]
        update["phase"] = QUESTIONS
        if payload.get("grids"):
            update["grids"] = payload["grids"]
            update["mode"] = payload.get("mode", state.get("mode", "complete"))
        if payload.get("reask"):
            update["answers"] = {q: a for q, a in state.get("answers", {}).items()
                                 if not asked_again(q, payload["reask"])}
    return update  # type: ignore[return-value]


def _answers(state: State) -> dict[str, Answer]:
    return {q: Answer.from_json(a) for q, a in state.get("answers", {}).items()}


def select(state: State, runtime: Runtime[Context]) -> dict:
    if state.get("phase") == DECIDED:
        return {"cursor": None}
    bundle = runtime.context.bundle_for(state["grids"])
    evaluation = evaluate(bundle, _answers(state))
    update: dict[str, Any] = {}
    skipped = {e.id for e in evaluation.skipped}
    if skipped & set(state.get("answers", {})):
        # An answer to a question that no longer applies leaves the state (the journal keeps it):
        # if the question applies again later, it is asked again.
        update["answers"] = {q: a for q, a in state["answers"].items() if q not in skipped}
    nxt = evaluation.next_question
    if nxt is not None:
        return {**update, "cursor": nxt.id, "phase": QUESTIONS}
    return {**update, "cursor": None, "phase": PRECHECK_DONE if state.get("mode") == "pre_examen" else DECISION}


def route_after_select(state: State) -> str:
    if state.get("cursor"):
        return "rephrase"
    return "decide"


def rephrase(state: State, runtime: Runtime[Context]) -> dict:
    ctx = runtime.context
    entry = ctx.bundle_for(state["grids"]).by_id[state["cursor"]]
    original = entry.question.text
    if ctx.rephrase is None:
        return {"shown": original, "rephrased": False}
    request = RephraseRequest(state["instruction"], entry.id, original,
                              ctx.project.get("grid_versions", {}).get(entry.grid.id, entry.grid.version),
                              ctx.project.get("title", ""), ctx.project.get("description", ""),
                              tuple(entry.question.glossary))
    shown, rephrased = ctx.rephrase(request)
    return {"shown": shown, "rephrased": rephrased}


def ask(state: State) -> dict:
    event = interrupt({"type": "question", "question": state["cursor"], "text": state.get("shown"),
                       "rephrased": state.get("rephrased", False)})
    return apply_event(state, event)


def decide(state: State) -> dict:
    event = interrupt({"type": state.get("phase", DECISION)})
    return apply_event(state, event)


def route_after_decide(state: State) -> str:
    return END if state.get("phase") == DECIDED else "select"


def build():
    graph = StateGraph(State, context_schema=Context)
    graph.add_node("select", select)
    graph.add_node("rephrase", rephrase)
    graph.add_node("ask", ask)
    graph.add_node("decide", decide)
    graph.add_edge(START, "select")
    graph.add_conditional_edges("select", route_after_select, ["rephrase", "decide"])
    graph.add_edge("rephrase", "ask")
    graph.add_edge("ask", "select")
    graph.add_conditional_edges("decide", route_after_decide, ["select", END])
    return graph
