"""The home list: every instruction in the journal, folded by the journal's view, its state given by
the dialogue's one "what comes next" (`dialogues.turns.next_turn`), without LangGraph."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from dialogues.turns import TurnKind, next_turn
from grilles.bundle import build_or_raise
from grilles.formats import french_date
from grilles.rules import ANSWERED, DECLARED_NA, SKIPPED, UNKNOWN, evaluate
from journal.log import Journal
from journal.view import View, build_all

STAGES = {"idee": "idée", "experimentation": "expérimentation", "achat": "achat", "production": "production",
          "revue": "revue"}


@dataclass(frozen=True)
class Row:
    id: str
    title: str
    service: str
    stage: str
    opened: str  # the day it was opened, the French way (« 22/11/2026 »)
    progress: str
    red_lines: tuple[str, ...]  # the titles of the red lines raised
    status: str
    finished: bool


def status_of(view: View, kind: TurnKind) -> str:
    if kind is TurnKind.DECIDED:
        return f"décidée : {view.decision.label}"
    if kind is TurnKind.PRECHECK_DONE:
        return "pré-examen terminé"
    if kind is TurnKind.DECISION:
        return "décision attendue"
    return "pré-examen en cours" if view.mode == "pre_examen" else "en cours"


def rows(journal_path: Path, catalog) -> list[Row]:
    if not Path(journal_path).exists():
        return []
    with Journal(journal_path) as journal:
        views = build_all(journal.events())
    out = []
    for view in reversed(views):  # most recent first
        opened = french_date(view.opened_at[:10])
        try:
            bundle = build_or_raise(catalog.selection(view.grids))
        except (KeyError, Exception):  # a grid removed since: still listed, without progress
            out.append(Row(view.instruction, view.title, view.service, STAGES.get(view.stage or "", "—"), opened, "?",
                           (), "grille indisponible", False))
            continue
        ev = evaluate(bundle, view.answers_for_rules())
        done = sum(1 for s in ev.statuses.values() if s.status in (ANSWERED, UNKNOWN, DECLARED_NA))
        total = sum(1 for s in ev.statuses.values() if s.status != SKIPPED)
        red = tuple(f.rule.rule.title for f in ev.red_lines)
        out.append(Row(view.instruction, view.title, view.service, STAGES.get(view.stage or "", "—"), opened,
                       f"{done}/{total}", red, status_of(view, next_turn(view, ev).kind), view.decision is not None))
    return out
