"""One act of the participants, written whole and checked against the journal as it is when written.

An act (an answer, a decision, a note…) drafts its events against a copy of the session's
view, folding each one in as it goes, so that what the rules derive from an answer is drafted
against the answer itself. The journal then writes them all in one transaction, provided that
nothing was written to the instruction since the view the act was checked against
(`Journal.append_all(after=…)`). If something was (another person, another process), nothing
is written: the session folds in the news and checks the act again (`retried`), so an answer
to a question that has since become irrelevant is refused, and no answer is lost or doubled.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from dialogues.derived import derived
from dialogues.errors import DialogueError
from grilles.bundle import Bundle, Entry
from grilles.rules import Evaluation
from journal import view as views
from journal.log import Actor, Draft, Event, Moved

if TYPE_CHECKING:
    from dialogues.session import Session

ATTEMPTS = 8  # each retry is one more act by someone else in between: more would be a runaway


class Act:
    """The events of one act, drafted against (a copy of) the view they were checked on."""

    def __init__(self, session: Session):
        self.session = session
        self.base = session.view.last_seq  # the journal position the act is checked against
        self.view = session.view.copy()
        self.drafts: list[Draft] = []

    @property
    def bundle(self) -> Bundle:
        return self.session.store.bundle_for(self.view.grids)

    def evaluation(self) -> Evaluation:
        return self.session.evaluation_of(self.view)

    def add(self, kind: str, payload: dict, actor: Actor, entry: Entry | None = None, grid: str = "") -> None:
        grid_id = entry.grid.id if entry else grid
        self._add(Draft(kind, payload, actor, grid_id, self.view.grid_versions.get(grid_id, "") if grid_id else ""))

    def flow(self, kind: str, payload: dict, actor: Actor, entry: Entry | None = None) -> None:
        """An event that moves the dialogue (answer, round), then what the rules derive from it."""
        self.add(kind, payload, actor, entry)
        for draft in derived(self.view, self.evaluation(), self.bundle):
            self._add(draft)

    def _add(self, draft: Draft) -> None:
        self.drafts.append(draft)
        a = draft.actor
        views.apply(self.view, Event(self.base, "", self.session.id, draft.kind, a.name, a.role, draft.grid,
                                     draft.grid_version, draft.payload, "", ""))


def retried(method):
    """Run a Session act under the Store's lock, on a view brought up to date with the journal, and
    again on the journal's news each time someone else wrote to the instruction in between."""

    @functools.wraps(method)
    def run(self: Session, *args, **kwargs):
        with self.store.lock:
            for _ in range(ATTEMPTS):
                self.refresh()
                try:
                    return method(self, *args, **kwargs)
                except Moved:
                    continue
        raise DialogueError("l'instruction change sans cesse (d'autres personnes y répondent en même temps) : "
                            "rien n'a été enregistré, réessayez")

    return run


__all__ = ["ATTEMPTS", "Act", "retried"]
