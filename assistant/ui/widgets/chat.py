"""The conversation's history: the questions answered, the team's answers, the news.

The question waiting for its answer is not here: it has its own card above the answer control
(assistant.ui.widgets.question), so that the history can give way on a short screen. The history
keeps its last messages only: the journal holds everything, and a long instruction stays as
quick to draw at its 150th question as at its first.
"""

from __future__ import annotations

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from assistant.ui.widgets.question import question_header

KEPT = 40  # messages on screen (twenty questions and answers); older ones are in the journal and the summary


class ChatLog(VerticalScroll):
    can_focus = False  # the keyboard stays with the answer; the mouse wheel scrolls the history

    def add(self, widget: Static) -> None:
        self.mount(widget)
        extra = len(self.children) - KEPT
        if extra > 0:
            self.remove_children(list(self.children)[:extra])
        self.scroll_end(animate=False)

    def add_question(self, entry, text: str) -> None:
        """A question the team answered (or is changing), as the history remembers it."""
        body = Text.assemble(("◆ ", "bold"), (question_header(entry), "italic"), "\n", text)
        self.add(Static(body, classes="msg question", markup=False))

    def add_answer(self, who: str, shown: str) -> None:
        self.add(Static(Text.assemble((f"{who} : ", "bold"), shown), classes="msg answer", markup=False))

    def add_info(self, text: str, kind: str = "info") -> None:
        self.add(Static(Text(text), classes=f"msg {kind}", markup=False))
