"""Where am I: grids and criteria with answered / skipped / remaining counts; questions to reopen."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Tree

from grilles.formats import shortened
from grilles.rules import ANSWERED, DECLARED_NA, SKIPPED, TO_ASK, UNKNOWN, WAITING

ICONS = {ANSWERED: "✓", UNKNOWN: "?", DECLARED_NA: "∅", SKIPPED: "↷", TO_ASK: "·", WAITING: "·"}
HERE = "→"  # the question on screen (the tree's own ▶ marks a folded group)
LEGEND = ("✓ répondue   ? je ne sais pas", "∅ non applicable   ↷ écartée", f"· ou … à poser   {HERE} à l'écran",
          "Entrée : revenir sur une réponse", "F2 ou Échap : retour à la réponse")  # short lines: a tree cuts


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
            left = counts[TO_ASK] + counts[WAITING]
            gnode = self.root.add(Text(f"{grid.title} {_counts(counts)} …{left}"), data=f"grid:{grid.id}",
                                  expand=any(e.id == current for e in bundle.entries if e.grid.id == grid.id))
            for section in grid.sections:
                c = evaluation.progress(grid.id, section.id)
                key = f"crit:{grid.id}.{section.id}"
                entries = [e for e in bundle.entries if e.grid.id == grid.id and e.criterion.id == section.id]
                cleft = c[TO_ASK] + c[WAITING]
                cnode = gnode.add(Text(f"{shortened(section.title, 60)} {_counts(c)} …{cleft}"),
                                  data=key, expand=any(e.id == current for e in entries))
                for e in entries:
                    st = evaluation.statuses[e.id].status
                    number = f"{e.question.number} " if e.question.number else ""
                    marker = HERE if e.id == current else ICONS[st]
                    leaf = cnode.add_leaf(Text(f"{marker} {number}{shortened(e.question.text, 60)}"), data=e.id)
                    if e.id == current:
                        here = leaf
        legend = self.root.add(Text("Légende", style="dim"), expand=True)  # last: selecting it does nothing
        for line in LEGEND:
            legend.add_leaf(Text(line, style="dim"))
        if here is not None:  # the keyboard starts on the question on screen
            self.call_after_refresh(self.move_cursor, here)


def _counts(c) -> str:
    """« ✓12 ?2 ∅1 ↷3 »: answered, not known (open points), not applicable, skipped; zeros left out
    but the answered count."""
    parts = [f"✓{c[ANSWERED]}"] + [f"{sign}{c[status]}" for sign, status in
                                   (("?", UNKNOWN), ("∅", DECLARED_NA), ("↷", SKIPPED)) if c[status]]
    return " ".join(parts)
