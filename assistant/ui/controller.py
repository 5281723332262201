"""Between the screens and the dialogue: runs one act, and says what the journal recorded.

No Textual here: the app calls these from a worker thread and renders what comes back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from dialogues.session import Session, Turn
from journal import kinds
from journal.log import Event

NEWS_KINDS = (kinds.SKIPPED, kinds.RESTORED, kinds.RED_LINE, kinds.WARNING, kinds.FLAG_CLEARED, kinds.ROUND,
              kinds.OPEN_POINT_RESOLVED)


@dataclass(frozen=True)
class Step:
    """The outcome of one act: the turn now waiting, and the events it caused worth telling."""

    turn: Turn
    news: list[Event] = field(default_factory=list)


def run_step(session: Session, act: Callable[[], object]) -> Step:
    before = session.view.last_seq
    act()
    turn = session.turn()
    news = [e for e in session.store.journal.events(session.id, NEWS_KINDS, after=before)]
    return Step(turn, news)


def describe(event: Event, session: Session) -> str:
    """One line, in French, for the conversation."""
    p = event.payload
    bundle = session.bundle
    if event.kind == kinds.SKIPPED:
        entry = bundle.by_id.get(p["question"])
        label = _label(entry) if entry else p["question"]
        because = ", ".join(f"{c['question']} = « {c['answer']} »" for c in p.get("causes", []))
        return f"↷ Sans objet : {label} (parce que {because})"
    if event.kind == kinds.RESTORED:
        entry = bundle.by_id.get(p["question"])
        return f"↺ De nouveau à poser : {_label(entry) if entry else p['question']}"
    if event.kind == kinds.RED_LINE:
        return f"⛔ LIGNE ROUGE — {p['title']} : {p['message']}"
    if event.kind == kinds.WARNING:
        return f"⚠ Alerte — {p['title']} : {p['message']}"
    if event.kind == kinds.FLAG_CLEARED:
        if p.get("reason") == "a_verifier":
            return (f"? {p['rule']} n'est plus levée mais reste à vérifier : elle dépend maintenant d'un « je ne sais "
                    "pas », d'un fait non établi ou d'une réponse à venir")
        return f"✓ Signalement retiré : {p['rule']} ne s'applique plus après la modification"
    if event.kind == kinds.ROUND:
        return f"⟳ Tour {p['round']} ouvert : {p.get('reason', '')}"
    if event.kind == kinds.OPEN_POINT_RESOLVED:
        return f"✓ Point ouvert résolu : {p['question']}"
    return event.kind


def _label(entry) -> str:
    number = f"n° {entry.question.number} " if entry.question.number else ""
    return f"{entry.grid.id} {number}« {_short(entry.question.text)} »"


def _short(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
