"""What the full instruction will involve, seen from a pre-check (the profile alone)."""

from __future__ import annotations

from dataclasses import dataclass

from dialogues.session import Session
from grilles.rules import SKIPPED, TO_ASK, WAITING, evaluate
from grilles.schema import ROLE_LABELS, Role


@dataclass(frozen=True)
class GridOutlook:
    grid: str
    title: str
    questions: int  # that will (or may) be asked
    skipped: int  # already known to be irrelevant, thanks to the profile
    criteria: list[str]  # criteria with something to ask
    experts: list[Role]  # who to bring

    def to_json(self) -> dict:
        return {"grille": self.grid, "titre": self.title, "questions": self.questions, "ecartees": self.skipped,
                "criteres": self.criteria, "experts": [ROLE_LABELS[r] for r in self.experts]}


def outlook(session: Session, grids: list[str] | None = None) -> list[GridOutlook]:
    """For each grid (default: every grid but the profile), what the profile's answers leave to ask."""
    catalog = session.store.catalog
    profile = catalog.profile.grid.id
    chosen = grids or [g for g in catalog.grids if g != profile]
    bundle = session.store.bundle_for([profile] + chosen)
    ev = evaluate(bundle, session.view.answers_for_rules())
    out = []
    for grid_id in chosen:
        entries = [e for e in bundle.entries if e.grid.id == grid_id]
        ahead = [e for e in entries if ev.statuses[e.id].status in (TO_ASK, WAITING)]
        criteria = list(dict.fromkeys(e.criterion.title for e in ahead))
        experts: list[Role] = []
        for e in ahead:
            for role in e.question.answered_by:
                if role not in experts:
                    experts.append(role)
        out.append(GridOutlook(grid_id, catalog.get(grid_id).grid.title, len(ahead),
                               sum(1 for e in entries if ev.statuses[e.id].status == SKIPPED), criteria,
                               sorted(experts, key=list(Role).index)))
    return out
