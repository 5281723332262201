"""Between the screens and the dialogue: one act, and what the journal recorded because of it.

No Textual here: the app's act runner (`assistant.ui.acts`) calls these off the screen's
thread and the screens render what comes back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from dialogues.session import Session
from dialogues.turns import Turn
from grilles.answers import display
from grilles.formats import question_ref
from grilles.prefill import DEFERRED, Offer
from journal import kinds
from journal.log import Event

NEWS_KINDS = (kinds.SKIPPED, kinds.RESTORED, kinds.RED_LINE, kinds.WARNING, kinds.FLAG_CLEARED, kinds.ROUND,
              kinds.OPEN_POINT_RESOLVED)


@dataclass(frozen=True)
class Step:
    """The outcome of one act: the turn now waiting (its wording prepared, not yet recorded as shown:
    the screen does that when it shows it), the events worth telling, and what to tell once."""

    turn: Turn
    news: list[Event] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)  # French sentences (a damaged checkpoint file set aside)
    said: str | None = None  # the answer the act recorded, as the team reads it
    offer: Offer | None = None  # the answer the grids offer for the waiting question
    offered: str | None = None  # that answer, as the team reads it
    deferrable: tuple[str, ...] = ()  # the questions one act can put to the same role as the waiting one


def run_step(session: Session, act: Callable[[], object] | None = None, answered: str | None = None) -> Step:
    """Run the act (none: just read where the dialogue is), then prepare the turn that follows.
    `answered`: the question the act answers, whose recorded answer the step then reads out."""
    before = session.view.last_seq
    if act is not None:
        act()
    turn = session.prepare(session.turn())  # the optional model, only for a question not shown yet
    news = list(session.store.journal.events(session.id, NEWS_KINDS, after=before)) if act else []
    said = None
    if answered is not None:
        record = session.view.answers.get(answered)
        entry = session.bundle.by_id.get(answered)
        if record is not None and entry is not None:
            said = display(entry.question, record.answer, entry.grid.scale)
    offer, offered, deferrable = None, None, ()
    if turn.is_question:
        offer = session.offer(turn.question.id)
        if offer is not None:
            offered = display(turn.question.question, offer.answer, turn.question.grid.scale)
            if offer.kind == DEFERRED:
                deferrable = tuple(session.deferred(turn.question.question.answered_by[0]))
    return Step(turn, news, session.store.take_notices(), said, offer, offered, deferrable)


def round_title(view) -> str:
    """Where the instruction stands, for a screen's title: its round, and « pré-examen » for a pre-check.
    Derived from the journal's view each time it is drawn: a new round (« c », « s ») shows at once."""
    return f"tour {view.round}" + (" · pré-examen" if view.mode == "pre_examen" else "")


def show(session: Session, turn: Turn) -> Turn:
    """The screen shows the turn's question: record it, and, with a language model, start preparing
    the next question's rephrasing while the team answers."""
    shown = session.show(turn)
    rephrase = session.store.rephrase
    if rephrase is not None and hasattr(rephrase, "prefetch"):
        from assistant.llm.rephraser import upcoming_requests

        rephrase.prefetch(upcoming_requests(session, turn.question.id))
    return shown


def describe(event: Event, session: Session) -> str:
    """One line, in French, for the conversation: questions and rules by their words, never their ids."""
    p = event.payload
    bundle = session.bundle
    if event.kind == kinds.SKIPPED:
        entry = bundle.by_id.get(p["question"])
        status = session.evaluation().statuses.get(p["question"])
        reason = status.reason.message if status is not None and status.reason is not None else "sans objet"
        named = question_ref(entry) if entry else "une question"
        return f"↷ {named[0].upper()}{named[1:]} : {reason}"
    if event.kind == kinds.RESTORED:
        entry = bundle.by_id.get(p["question"])
        return f"↺ De nouveau à poser : {question_ref(entry) if entry else 'une question écartée plus tôt'}"
    if event.kind == kinds.RED_LINE:
        return f"⛔ LIGNE ROUGE — {p['title']} : {p['message']}"
    if event.kind == kinds.WARNING:
        return f"⚠ Alerte — {p['title']} : {p['message']}"
    if event.kind == kinds.FLAG_CLEARED:
        title = rule_title(bundle, p["rule"])
        if p.get("reason") == "a_verifier":
            return (f"? « {title} » n'est plus levée mais reste à vérifier : elle dépend maintenant d'un « je ne "
                    "sais pas », d'un fait non établi ou d'une réponse à venir")
        return f"✓ Signalement retiré : « {title} » ne s'applique plus après la modification"
    if event.kind == kinds.ROUND:
        return f"⟳ Tour {p['round']} ouvert : {p.get('reason', '')}"
    if event.kind == kinds.OPEN_POINT_RESOLVED:
        entry = bundle.by_id.get(p["question"])
        return f"✓ Point ouvert résolu : {question_ref(entry) if entry else 'une question'}"
    return "—"


def rule_title(bundle, rule_id: str) -> str:
    """A red line or a warning by its title (a rule no longer in the grids: « un signalement »)."""
    return next((r.rule.title for r in bundle.rules if r.id == rule_id), "un signalement")
