"""The dialogue's databases and its open instructions: the journal, the graph's checkpoints, the grids.

The UI, the `jouer` command and the tests open a Store, then start or resume instructions
(`Session`). It never imports a screen, and LangGraph loads only in `attach_graph`: the
app opens a Store on the journal alone, so that the team can answer while LangGraph loads.
"""

from __future__ import annotations

import re
import secrets
import threading
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from dialogues.errors import DialogueError, checked_text
from dialogues.rephrasing import Rephraser
from grilles import declared
from grilles.bundle import Bundle, build_or_raise
from grilles.catalog import Catalog
from grilles.formats import version_tag
from journal import kinds
from journal import view as views
from journal.log import Actor, Draft, Journal

if TYPE_CHECKING:
    from dialogues.checkpoints import Checkpoints  # loads LangGraph: imported in attach_graph only

DEFAULT_DECISIONS = {
    "favorable": "Avis favorable",
    "favorable_sous_conditions": "Avis favorable sous conditions",
    "defavorable": "Avis défavorable",
    "ajourne": "Décision ajournée",
}


@dataclass
class Store:
    """The two embedded databases, the grids, and the sessions open on them."""

    journal: Journal
    checkpoints_path: Path
    catalog: Catalog
    decisions: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_DECISIONS))
    rephrase: Rephraser | None = None  # optional; the assistant's local LLM, off by default
    load_graph: bool = True  # False: open on the journal alone, call attach_graph() later (the app does)
    # False: the checkpoints are levelled when `level_pending()` is called (the app calls it when the
    # team pauses) rather than at each turn, so that no answer waits for LangGraph before the next
    # question is shown; the next question is the pure `next_turn` the graph's node calls anyway.
    level_each_turn: bool = True

    def __post_init__(self) -> None:
        self._bundles: dict[tuple[str, ...], Bundle] = {}
        self._sessions: dict = {}
        # Sessions of one Store may be driven from several threads (the app's workers): one at a time.
        self.lock = threading.RLock()
        self.checkpoints: Checkpoints | None = None  # once LangGraph is attached
        if self.load_graph:
            self.attach_graph()

    @classmethod
    def open(cls, journal_path: Path, checkpoints_path: Path, catalog: Catalog, **kwargs) -> Store:
        return cls(Journal(journal_path), Path(checkpoints_path), catalog, **kwargs)

    def attach_graph(self) -> None:
        """Load LangGraph (about a second) and open the checkpoints. Until then sessions run on the
        journal and the pure rules alone; the checkpoints catch up with the journal when next used."""
        from dialogues.checkpoints import Checkpoints  # the heavy import, outside the lock

        checkpoints = Checkpoints(self.checkpoints_path)
        with self.lock:
            self.checkpoints = checkpoints
            for session in self._sessions.values():
                session.level()

    def level_pending(self) -> None:
        """Bring every open instruction's checkpoint level with the journal (those already level cost
        nothing: a comparison of journal positions). One resume catches up any number of answers."""
        with self.lock:
            for session in list(self._sessions.values()):
                session.level()

    @property
    def graph(self):
        """The compiled LangGraph graph (None until attached)."""
        return self.checkpoints.graph if self.checkpoints is not None else None

    def take_notices(self) -> list[str]:
        """What the person should be told once (a damaged checkpoint file set aside), in French."""
        return self.checkpoints.take_notices() if self.checkpoints is not None else []

    def close(self) -> None:
        if self.checkpoints is not None:
            self.checkpoints.close()
        self.journal.close()

    def forget(self, instruction: str) -> None:
        """Drop an instruction's checkpoints (never its journal): the next use rebuilds them."""
        if self.checkpoints is not None:
            self.checkpoints.forget(instruction)

    def bundle_for(self, grids: Sequence[str]) -> Bundle:
        key = tuple(grids)
        if key not in self._bundles:
            self._bundles[key] = build_or_raise(self.catalog.selection(list(grids)))
        return self._bundles[key]

    def grid_choice(self, grids: Sequence[str], full: bool = True) -> tuple[list[str], dict[str, str]]:
        """The grids an instruction uses (the profile first, always) and their versions, checked."""
        profile = self.catalog.profile.grid.id
        chosen = [profile] + ([g for g in dict.fromkeys(grids) if g != profile] if full else [])
        try:
            selection = self.catalog.selection(chosen)
        except KeyError as exc:
            raise DialogueError(str(exc.args[0])) from None
        return chosen, {g.grid.id: version_tag(g) for g in selection}

    # --- instructions -------------------------------------------------------------------

    def start(self, title: str, actor: Actor, grids: Sequence[str], service: str = "", description: str = "",
              participants: Sequence[Actor] = (), mode: str = "complete"):
        if not title.strip():
            raise DialogueError("le projet doit avoir un titre")
        title = checked_text(title, "le titre du projet")
        service = checked_text(service, "le service", required=False)
        description = checked_text(description, "la description", multiline=True, required=False)
        for person in [actor, *participants]:
            checked_text(person.name, "le nom d'un participant")
            checked_text(person.role, "le rôle d'un participant", required=False)
        chosen, versions = self.grid_choice(grids, full=mode == "complete")
        instruction = _new_id(title)
        stage_question = declared.stage_question_id(self.catalog.selection(chosen))
        opened = Draft(kinds.OPENED, {"title": title, "service": service,
                                      "description": description, "mode": mode, "grids": chosen,
                                      "grid_versions": versions, "stage_question": stage_question}, actor)
        people = [Draft(kinds.PARTICIPANT, {"name": p.name, "role": p.role}, actor) for p in [actor, *participants]]
        self.journal.append_all(instruction, [opened, *people], after=0)
        return self.resume(instruction)

    def resume(self, instruction: str):
        """The instruction's session (one per Store: two screens on one instruction share it)."""
        from dialogues.session import Session

        with self.lock:
            if instruction in self._sessions:
                session = self._sessions[instruction]
                session.refresh()
                return session
            events = self.journal.events(instruction)
            if not events or events[0].kind != kinds.OPENED:
                raise DialogueError(f"instruction inconnue : « {instruction} »")
            view = views.build(instruction, events)
            missing = [g for g in view.grids if g not in self.catalog.grids]
            if missing:
                raise DialogueError(f"instruction « {view.title} » : grille(s) introuvable(s) : {', '.join(missing)} "
                                    "(ajoutez le dossier de grilles qui les contient)")
            session = Session(self, instruction, view, events)
            self._sessions[instruction] = session
            session.level()
            return session


def _new_id(title: str) -> str:
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title).strip("-")[:32].strip("-") or "projet"
    return f"{date.today().isoformat()}-{slug}-{secrets.token_hex(2)}"


__all__ = ["DEFAULT_DECISIONS", "Store"]
