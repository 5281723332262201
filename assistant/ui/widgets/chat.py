"""The conversation as a scrolling chat: the assistant's questions, the team's answers, the news."""

from __future__ import annotations

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from grilles.formats import source_text


def question_header(entry) -> str:
    q = entry.question
    number = f" · question {q.number}" if q.number else (" · question ajoutée" if q.supplement_of else "")
    chain = " › ".join(s.title for s in entry.sections)
    return f"{entry.grid.title} › {chain}{number}"


def source_line(entry) -> str:
    return "Source : " + source_text(entry.question.source, entry.grid.source.document)


def marked(text: str, terms: list[str]) -> Text:
    """The question with glossary terms underlined (explained by F1): no colour needed to see them."""
    rich = Text(text)
    lowered = text.lower()
    for term in sorted(terms, key=len, reverse=True):
        start = lowered.find(term.lower())
        while start != -1:
            rich.stylize("bold underline", start, start + len(term))
            start = lowered.find(term.lower(), start + len(term))
    return rich


class ChatLog(VerticalScroll):
    def add(self, widget: Static) -> None:
        self.mount(widget)
        self.scroll_end(animate=False)

    def add_question(self, entry, text: str, terms: list[str], rephrased: bool) -> None:
        body = Text.assemble(("◆ ", "bold"), (question_header(entry), "italic"), "\n")
        body.append_text(marked(text, terms))
        footer = source_line(entry)
        if rephrased:
            footer += " · reformulée (Ctrl+O : texte original)"
        body.append("\n" + footer, style="dim")
        self.add(Static(body, classes="msg question"))

    def add_answer(self, who: str, shown: str) -> None:
        self.add(Static(Text.assemble((f"{who} : ", "bold"), shown), classes="msg answer"))

    def add_info(self, text: str, kind: str = "info") -> None:
        self.add(Static(Text(text), classes=f"msg {kind}"))
