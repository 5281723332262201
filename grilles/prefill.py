"""Answers offered ready-made: where one answer implies another, ask it once.

Two questions that ask the same thing are answered once (`same_as`, in the rules). Where an
answer *implies* another without being the same question (the profile says the servers are the
collectivité's: Nantes' "infrastructure localisée en France ?" follows), the grids declare the
implied answer (`prefill`), and the question is shown with it, for the team to confirm or change.
A grid may also defer the questions one role answers first (`defer`: no supplier chosen yet, the
questions it is the first named to answer become open points to put to it, "je ne sais pas").

Pure, like the rules: from a bundle and an evaluation, what is offered for the questions still to
ask. Nothing here answers anything. An offer stays an offer (the question is still "à poser")
until a person confirms it; what is confirmed is then recorded as that person's answer, like any
other, and the rules treat it the same.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from grilles import conditions as cond
from grilles.answers import Answer, AnswerError, display, parse_answer
from grilles.bundle import Bundle, Entry, PrefillEntry
from grilles.conditions import Truth
from grilles.rules import ANSWERED, TO_ASK, Cause, Evaluation, cause_label, causes_of, lookup_in
from grilles.schema import DONT_KNOW, ROLE_LABELS, Role

IMPLIED = "deduite"  # implied by another answer
COPIED = "reprise"  # the same answer as another question, offered again
DEFERRED = "reportee"  # deferred to the only role that can answer (an open point)

SAME = "meme_question"  # one answer serves both questions (same_as)
OFFERED = "proposee"  # the answer is offered pre-filled there


@dataclass(frozen=True)
class Offer:
    """An answer offered for a question still to ask, and why."""

    question: str  # qualified id of the question offered pre-filled
    answer: Answer  # what is offered (a value, or "je ne sais pas" for a deferral)
    note: str  # why, in French, as the grid says it
    because: tuple[Cause, ...]  # the answers it follows from, as people read them
    kind: str  # IMPLIED, COPIED or DEFERRED

    @property
    def raw(self):
        """The offered answer as a person would give it (what `parse_answer` reads back)."""
        if self.answer.kind == DONT_KNOW:
            return DONT_KNOW
        value = self.answer.value
        return list(value) if isinstance(value, tuple) else value

    def to_json(self) -> dict:
        """What the journal keeps of an offer a person confirmed (next to the answer itself)."""
        return {"kind": self.kind, "note": self.note, "from": [c.question for c in self.because]}


def offers(bundle: Bundle, evaluation: Evaluation) -> dict[str, Offer]:
    """Every question to ask that the grids offer pre-filled, in asking order."""
    out: dict[str, Offer] = {}
    for entry in bundle.entries:
        offer = _offer(bundle, evaluation, entry)
        if offer is not None:
            out[entry.id] = offer
    return out


def offer_for(bundle: Bundle, evaluation: Evaluation, question_id: str) -> Offer | None:
    """The answer offered for this question now (None: nothing to offer, or not to ask)."""
    entry = bundle.by_id.get(question_id)
    return _offer(bundle, evaluation, entry) if entry is not None else None


def _offer(bundle: Bundle, evaluation: Evaluation, entry: Entry) -> Offer | None:
    status = evaluation.statuses[entry.id]
    if status.status != TO_ASK:
        return None
    statuses = evaluation.statuses
    for item in bundle.prefills.get(entry.id, ()):
        if cond.evaluate(item.condition.node, lookup_in(bundle, statuses, item.condition)) is not Truth.TRUE:
            continue
        offered = _offered_answer(bundle, statuses, entry, item)
        if offered is None:
            continue
        answer, because = offered
        return Offer(entry.id, answer, item.prefill.note, because, COPIED if item.copy_of else IMPLIED)
    roles = entry.question.answered_by
    for deferral in bundle.deferrals:
        if not roles or roles[0] is not deferral.deferral.role:  # the role the grid names first answers it
            continue
        condition = deferral.condition
        if cond.evaluate(condition.node, lookup_in(bundle, statuses, condition)) is Truth.TRUE:
            return Offer(entry.id, Answer.dont_know(), deferral.deferral.note,
                         causes_of(bundle, statuses, condition, Truth.TRUE), DEFERRED)
    return None


def _offered_answer(bundle: Bundle, statuses: Mapping, entry: Entry, item: PrefillEntry):
    if item.copy_of is None:
        try:
            answer = parse_answer(entry.question, item.prefill.value)
        except AnswerError:  # a broken grid (the checks say so): offer nothing rather than a wrong answer
            return None
        return answer, causes_of(bundle, statuses, item.condition, Truth.TRUE)
    source = statuses.get(item.copy_of)
    source_entry = bundle.by_id.get(item.copy_of)
    if source is None or source_entry is None or source.status != ANSWERED or source.answer is None:
        return None  # only a real answer is offered again, never a "je ne sais pas"
    shown = display(source_entry.question, source.answer, source_entry.grid.scale)
    return source.answer, (Cause(item.copy_of, shown, cause_label(bundle, item.copy_of, source)),)


# --- what an answer serves ---------------------------------------------------------------


@dataclass(frozen=True)
class Use:
    """Another question of the instruction that a question's answer also serves."""

    question: str  # qualified id of the other question
    how: str  # SAME (answered once for both) or OFFERED (its answer is offered pre-filled there)


def uses(bundle: Bundle, question_id: str) -> list[Use]:
    """The other questions this question's answer serves, in asking order (for the help)."""
    out: dict[str, Use] = {}
    for other in bundle.equivalents.get(question_id, ()):
        if other != question_id:
            out[other] = Use(other, SAME)
    for target, items in bundle.prefills.items():
        if target in out or target == question_id:
            continue
        if any(question_id in item.condition.resolved or item.copy_of == question_id for item in items):
            out[target] = Use(target, OFFERED)
    order = {e.id: e.index for e in bundle.entries}
    return sorted(out.values(), key=lambda u: order.get(u.question, 0))


def deferred_by(bundle: Bundle, question_id: str) -> dict[Role, list[str]]:
    """The questions that a deferral reading this question can put to another role, by role."""
    out: dict[Role, list[str]] = {}
    for deferral in bundle.deferrals:
        if question_id not in deferral.condition.resolved:
            continue
        role = deferral.deferral.role
        ids = out.setdefault(role, [])
        ids += [e.id for e in bundle.entries if e.question.answered_by[:1] == [role] and e.id not in ids]
    return out


def question_label(entry: Entry) -> str:
    """A question as people name it: its grid's title, and its number or its words."""
    q = entry.question
    if q.number is not None:
        return f"« {entry.grid.title} », question {q.number}"
    text = " ".join(q.text.split())
    short = text if len(text) <= 80 else text[:79] + "…"
    return f"« {entry.grid.title} » : « {short} »"


def uses_text(bundle: Bundle, question_id: str) -> list[str]:
    """What this answer also serves, one French line each (the help's "sert aussi à")."""
    lines = []
    for use in uses(bundle, question_id):
        entry = bundle.by_id[use.question]
        how = ("même question, répondue une seule fois" if use.how == SAME
               else "réponse proposée à partir de celle-ci, à confirmer")
        lines.append(f"{question_label(entry)} ({how})")
    for role, ids in deferred_by(bundle, question_id).items():
        if ids:
            lines.append(f"{len(ids)} questions dont le premier interlocuteur est {ROLE_LABELS[role]} : "
                         "proposées en « je ne sais pas », comme points ouverts à lui poser")
    return lines


__all__ = ["COPIED", "DEFERRED", "IMPLIED", "OFFERED", "SAME", "Offer", "Use", "deferred_by", "offer_for",
           "offers", "question_label", "uses", "uses_text"]
