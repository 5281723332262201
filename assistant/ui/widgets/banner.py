"""Red lines stay in view until the end; warnings are shown, quieter. Neither blocks anything.

One line per flag (title and source) when the screen has room; on a short screen, one line that
names them all, so that the question waiting for its answer keeps its place. The full message is
in the conversation, where the flag was raised, and in the summary.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


def _source(flag) -> str:
    src = flag.rule.rule.source
    return ", ".join(x for x in (src.document, src.section) if x)


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


class FlagBanner(Static):
    def __init__(self, **kwargs):
        super().__init__("", markup=False, **kwargs)
        self.lines: list[Text] = []
        self.compact = Text()
        self.room = 5

    def show_flags(self, evaluation) -> None:
        lines = []
        for flag in evaluation.red_lines:
            lines.append(Text.assemble(("⛔ LIGNE ROUGE ", "bold reverse"), (f" {flag.rule.rule.title} ", "bold"),
                                       f"({_source(flag)})"))
        for flag in evaluation.warnings:
            lines.append(Text.assemble(("⚠ Alerte ", "bold"), f" {flag.rule.rule.title} ({_source(flag)})"))
        for flag in evaluation.to_check:
            lines.append(Text.assemble(("? À vérifier ", "bold"), f" {flag.rule.rule.title} : {flag.to_check_reason}"))
        self.lines = lines
        compact = Text()
        red, warnings, to_check = evaluation.red_lines, evaluation.warnings, evaluation.to_check
        if red:
            compact.append(f"⛔ {_count(len(red), 'LIGNE ROUGE', 'LIGNES ROUGES')} ", style="bold reverse")
        if warnings:
            compact.append(f" ⚠ {_count(len(warnings), 'alerte', 'alertes')}", style="bold")
        if to_check:
            compact.append(f" ? {len(to_check)} à vérifier", style="bold")
        if red:
            compact.append(" : " + " ; ".join(f.rule.rule.title for f in red))
        self.compact = compact
        self.set_class(bool(red), "-red")
        self._draw()

    @property
    def full_height(self) -> int:
        return len(self.lines)

    def fit_to(self, room: int) -> bool:
        """One line per flag within `room` lines, else the one line that names them all (True: changed)."""
        if room == self.room:
            return False
        self.room = room
        self._draw()
        return True

    def _draw(self) -> None:
        if not self.lines:
            self.update("")
            self.display = False
            return
        text = Text("\n").join(self.lines) if len(self.lines) <= self.room else self.compact.copy()
        text.no_wrap, text.overflow = True, "ellipsis"  # one line per flag, whatever the width
        self.update(text)
        self.display = True
