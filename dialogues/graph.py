"""The LangGraph state graph that walks an instruction: where the dialogue is, kept in a checkpoint.

    START → select ─→ wait ─→ select …          (a question, the decision, the pre-check's end)
               └──→ END                          (the people decided this round)

`select` asks the one pure "what comes next" (`dialogues.turns.next_turn`) of the journal's
view, which the context hands it; `wait` does nothing but `interrupt()`, and is resumed with
the journal position the dialogue has reached (`{"seq", "hash"}` of its last flow event).

The state holds no answer: only where the dialogue is (the phase, the waiting question) and
which journal position it reflects. The journal is the one truth and the checkpoint a cache
of it, checked against the journal at every use (`dialogues.checkpoints`). Nothing here has
a side effect: no model is called and nothing is written, so replaying or rebuilding a
checkpoint changes nothing people can see. Rephrasing a question happens when it is first
shown (`Session.prepare`), outside the graph.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypedDict

from langgraph.graph import END, START, StateGraph
from langgraph.runtime import Runtime
from langgraph.types import interrupt

from dialogues.turns import Next, TurnKind


class State(TypedDict, total=False):
    phase: str  # a TurnKind value
    question: str | None  # the waiting question (phase "question")
    applied: int  # the seq of the journal's last flow event this state reflects (0: none yet)
    applied_hash: str | None  # and its hash: a checkpoint the journal does not know is discarded


@dataclass
class Context:
    """What the nodes need but the checkpoint must not store: passed on every invoke."""

    next_turn: Callable[[int], Next]  # the pure function, on the journal's view at least at this position


def select(state: State, runtime: Runtime[Context]) -> dict:
    nxt = runtime.context.next_turn(state.get("applied", 0))
    return {"phase": nxt.kind.value, "question": nxt.question}


def route_after_select(state: State) -> str:
    return END if state.get("phase") == TurnKind.DECIDED else "wait"


def wait(state: State) -> dict:
    position = interrupt({"type": state.get("phase"), "question": state.get("question"),
                          "applied": state.get("applied", 0)})
    return {"applied": position["seq"], "applied_hash": position["hash"]}


def turn_of(values: dict, interrupts) -> Next | None:
    """The turn a checkpoint holds: its pending interrupt, or the end (decided); None when empty."""
    if interrupts:
        value = interrupts[0].value
        return Next(TurnKind(value["type"]), value.get("question"))
    if values.get("phase") == TurnKind.DECIDED:
        return Next(TurnKind.DECIDED)
    return None


def build() -> StateGraph[State, Context]:
    graph = StateGraph(State, context_schema=Context)
    graph.add_node("select", select)
    graph.add_node("wait", wait)
    graph.add_edge(START, "select")
    graph.add_conditional_edges("select", route_after_select, ["wait", END])
    graph.add_edge("wait", "select")
    return graph


__all__ = ["Context", "State", "build", "turn_of"]
