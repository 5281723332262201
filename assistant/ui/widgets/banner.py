"""Red lines stay in view until the end; warnings are shown, quieter. Neither blocks anything.

One line per flag (title and source) so that an 80×24 screen keeps room for the conversation;
the full message is in the conversation, where the flag was raised, and in F1 / the summary.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


def _source(flag) -> str:
    src = flag.rule.rule.source
    return ", ".join(x for x in (src.document, src.section) if x)


class FlagBanner(Static):
    def show_flags(self, evaluation) -> None:
        text = Text()
        for flag in evaluation.red_lines:
            text.append("⛔ LIGNE ROUGE ", style="bold reverse")
            text.append(f" {flag.rule.rule.title} ", style="bold")
            text.append(f"({_source(flag)})\n")
        for flag in evaluation.warnings:
            text.append("⚠ Alerte ", style="bold")
            text.append(f" {flag.rule.rule.title} ({_source(flag)})\n")
        for flag in evaluation.to_check:
            text.append("? À vérifier ", style="bold")
            text.append(f" {flag.rule.rule.title} : {flag.to_check_reason}\n")
        text.rstrip()
        text.no_wrap, text.overflow = True, "ellipsis"  # one line per flag, whatever the width
        self.update(text if text.plain else "")
        self.display = bool(text.plain)
        self.set_class(bool(evaluation.red_lines), "-red")
