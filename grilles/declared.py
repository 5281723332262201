"""What the grids declare about themselves, read for the dialogue, the journal and the face.

The engine never names a bundled grid or question: which question gives the project's stage,
which grids (or parts) are asked again at a follow-up, how a grid's scores are drawn, which
grids a new instruction ticks by default, all come from the grid files (see `grilles.schema`).
An organisation that replaces a bundled grid with its own keeps these working, or is told by
`instruire grilles verifier` what it loses.
"""

from __future__ import annotations

from collections.abc import Iterable

from grilles.bundle import PROFILE_KIND, Bundle, Entry, qualified
from grilles.loader import LoadedGrid
from grilles.schema import Chart, Grid, Question


def stage_question(grid: Grid) -> Question | None:
    """The question of this (profile) grid that gives the project's stage, if it declares one."""
    if grid.stage_question is None:
        return None
    return next((q for _, q in grid.walk() if q.id == grid.stage_question), None)


def stage_entry(bundle: Bundle) -> Entry | None:
    """The stage question of an instruction's grids (None: no follow-up at a later stage possible)."""
    for loaded in bundle.grids:
        if loaded.grid.kind == PROFILE_KIND:
            q = stage_question(loaded.grid)
            if q is not None:
                return bundle.by_id.get(qualified(loaded.grid, q))
    return None


def stage_question_id(grids: Iterable[LoadedGrid]) -> str | None:
    """The qualified id of the stage question among these grids (the catalog's, or a bundle's)."""
    for loaded in grids:
        if loaded.grid.kind == PROFILE_KIND:
            q = stage_question(loaded.grid)
            if q is not None:
                return qualified(loaded.grid, q)
    return None


def follow_up_questions(bundle: Bundle) -> tuple[str, ...]:
    """The questions asked again at a follow-up (qualified ids, in asking order): every question of
    a grid declared `reask_at_follow_up` (the girouet, the radar), and those of parts so declared
    (Nantes' effects observed after the AI is introduced)."""
    out = []
    for entry in bundle.entries:
        if entry.grid.reask_at_follow_up or any(s.reask_at_follow_up for s in entry.sections):
            out.append(entry.id)
    return tuple(out)


def follow_up_grids(bundle: Bundle) -> tuple[str, ...]:
    """The grids with something asked again at a follow-up (ids, in the bundle's order)."""
    asked = set(follow_up_questions(bundle))
    return tuple(g.grid.id for g in bundle.grids if any(q.startswith(g.grid.id + ".") for q in asked))


def chart_kind(grid: Grid) -> str | None:
    """How a grid's axis scores are drawn: "radar", "barres", or None for a grid without scores."""
    if grid.chart is not None:
        return grid.chart.value
    return Chart.bars.value if grid.axes else None


def default_grids(grids: Iterable[LoadedGrid]) -> list[str]:
    """The grids a new instruction ticks by default (the profile is always asked, never listed)."""
    return [g.grid.id for g in grids if g.grid.default_selected and g.grid.kind != PROFILE_KIND]


def choosable_grids(grids: Iterable[LoadedGrid]) -> list[str]:
    """The grids a team can choose for an instruction (all but the profile, which always comes first)."""
    return [g.grid.id for g in grids if g.grid.kind != PROFILE_KIND]


__all__ = ["chart_kind", "choosable_grids", "default_grids", "follow_up_grids", "follow_up_questions",
           "stage_entry", "stage_question", "stage_question_id"]
