"""Helpers to drive the real dialogue in tests: a store on tmp files, and a default answerer."""

from __future__ import annotations

from conftest import CALM_PROFILE

from dialogues.store import Store
from grilles.schema import AnswerType
from journal.log import Actor

ALICE = Actor("Alice Martin", "metier")
KARIM = Actor("Karim Benali", "dpo_juriste")


def new_store(tmp_path, catalog, **kwargs) -> Store:
    return Store.open(tmp_path / "journal.sqlite", tmp_path / "reprises.sqlite", catalog, **kwargs)


def default_value(entry, level: int = 3):
    """A plausible answer for any question (first option, a level, a text)."""
    q = entry.question
    if q.type is AnswerType.yes_no:
        return "oui"
    if q.type is AnswerType.single:
        return q.options[0].value
    if q.type is AnswerType.multiple:
        return [next(o.value for o in q.options if not o.exclusive)]
    if q.type is AnswerType.scale:
        return level
    if q.type is AnswerType.number:
        return 12
    return "Réponse de l'équipe."


def play_until(session, stop=lambda turn: False, values=None, actor=ALICE):
    """Answer each question with `values[id]` (or a default) until the dialogue leaves the questions."""
    values = {**CALM_PROFILE, **(values or {})}
    asked = []
    while True:
        turn = session.present()  # shown to the team, as the screen would: recorded once
        if turn.kind != "question" or stop(turn):
            return turn, asked
        asked.append(turn.question.id)
        session.answer(turn.question.id, values.get(turn.question.id, default_value(turn.question)), actor)
