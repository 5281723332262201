"""What the dialogue waits for next: one pure function of the journal's view and the rules' verdict.

The LangGraph graph calls it in its `select` node; the dialogue calls it directly while
LangGraph is still loading (the app answers before it has loaded) and the tests compare the
two. Nothing here reads a file or writes anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from grilles.bundle import Entry
from grilles.rules import Evaluation
from journal.view import View


class TurnKind(StrEnum):
    """What the dialogue waits for. Values are the journal's and the JSON result's French words."""

    QUESTION = "question"  # a question, waiting for its answer
    DECISION = "decision"  # every question is asked: the people decide
    PRECHECK_DONE = "pre_examen_termine"  # a pre-check has asked the whole profile
    DECIDED = "decidee"  # the people decided this round


@dataclass(frozen=True)
class Next:
    """The next turn, as the rules and the journal give it: a kind and, for a question, its id."""

    kind: TurnKind
    question: str | None = None


def next_turn(view: View, evaluation: Evaluation) -> Next:
    """The one answer to "what comes next". Once the people have decided a round, nothing is asked
    behind their back (a grid updated since, say): a change opens a new round first."""
    if view.decision is not None:
        return Next(TurnKind.DECIDED)
    nxt = evaluation.next_question
    if nxt is not None:
        return Next(TurnKind.QUESTION, nxt.id)
    return Next(TurnKind.PRECHECK_DONE if view.mode == "pre_examen" else TurnKind.DECISION)


@dataclass(frozen=True)
class Turn:
    """What the dialogue waits for now, as the screens and headless play read it."""

    kind: TurnKind
    evaluation: Evaluation
    question: Entry | None = None
    text: str | None = None  # the wording to show: the one already shown, or (prepared) the one to show
    rephrased: bool = False
    shown: bool = False  # this wording is recorded as shown since the question was last answered
    position: int = 0  # the journal position (the instruction's last seq) this turn was read at

    @property
    def is_question(self) -> bool:
        return self.kind is TurnKind.QUESTION


__all__ = ["Next", "Turn", "TurnKind", "next_turn"]
