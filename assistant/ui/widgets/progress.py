"""Where am I: grids and criteria with answered / skipped / remaining counts; questions to reopen."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Tree

from grilles.formats import shortened
from grilles.rules import ANSWERED, DECLARED_NA, SKIPPED, TO_ASK, UNKNOWN, WAITING

ICONS = {ANSWERED: "✓", UNKNOWN: "?", DECLARED_NA: "∅", SKIPPED: "↷", TO_ASK: "·", WAITING: "·"}


class ProgressTree(Tree):
    def __init__(self, **kwargs):
        super().__init__("Avancement", **kwargs)
        self.show_root = False
        self._pending = None

    def show_pending(self) -> None:
        if self._pending is not None:
            self.refresh_from(*self._pending)

    def refresh_from(self, evaluation, current: str | None) -> None:
        """Rebuilt at each step: the grid and criterion of the current question open, the rest folded.

        Hidden (a narrow terminal, projection), it only remembers what to show when it appears.
        """
        self._pending = (evaluation, current)
        if not self.display:
            return
        self.clear()
        here = None
        bundle = evaluation.bundle
        for loaded in bundle.grids:
            grid = loaded.grid
            counts = evaluation.progress(grid.id)
            done = counts[ANSWERED] + counts[UNKNOWN] + counts[DECLARED_NA]
            left = counts[TO_ASK] + counts[WAITING]
            gnode = self.root.add(Text(f"{grid.title} ✓{done} ↷{counts[SKIPPED]} …{left}"), data=f"grid:{grid.id}",
                                  expand=any(e.id == current for e in bundle.entries if e.grid.id == grid.id))
            for section in grid.sections:
                c = evaluation.progress(grid.id, section.id)
                cdone = c[ANSWERED] + c[UNKNOWN] + c[DECLARED_NA]
                key = f"crit:{grid.id}.{section.id}"
                entries = [e for e in bundle.entries if e.grid.id == grid.id and e.criterion.id == section.id]
                cleft = c[TO_ASK] + c[WAITING]
                cnode = gnode.add(Text(f"{shortened(section.title, 60)} ✓{cdone} ↷{c[SKIPPED]} …{cleft}"),
                                  data=key, expand=any(e.id == current for e in entries))
                for e in entries:
                    st = evaluation.statuses[e.id].status
                    number = f"{e.question.number} " if e.question.number else ""
                    marker = "▶" if e.id == current else ICONS[st]
                    leaf = cnode.add_leaf(Text(f"{marker} {number}{shortened(e.question.text, 60)}"), data=e.id)
                    if e.id == current:
                        here = leaf
        if here is not None:  # the keyboard starts on the question on screen
            self.call_after_refresh(self.move_cursor, here)
