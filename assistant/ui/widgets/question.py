"""The question waiting for its answer, in full, right above the control that answers it.

The conversation's history scrolls above it and gives way first when the screen is short, so that
what is asked (its criterion, its number, its words, its source) is always in view, at 80×24 and
on a projector, whatever the banners and the history hold.
"""

from __future__ import annotations

from rich.text import Text
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


def question_text(entry, text: str, terms: list[str], rephrased: bool = False, changing: str | None = None,
                  lines: tuple[str, ...] = ()) -> Text:
    """The question as a card shows it: where it sits, its words, its source, then what to know
    before answering (an offered answer, a branch kept open, the answer being changed)."""
    body = Text()
    if changing is not None:
        body.append("✎ Modification d'une réponse donnée", style="bold reverse")
        body.append(f" — réponse actuelle : {changing} · Échap pour annuler\n")
    body.append("◆ ", style="bold")
    body.append(question_header(entry), style="italic")
    body.append("\n")
    body.append_text(marked(text, terms))
    footer = source_line(entry)
    if rephrased:
        footer += " · reformulée (Ctrl+O : texte original)"
    body.append("\n" + footer, style="dim")
    for line in lines:
        body.append("\n" + line)
    return body


class QuestionCard(Static):
    def __init__(self, **kwargs):
        super().__init__("", markup=False, **kwargs)
        self.entry = None

    def show_question(self, entry, text: str, terms: list[str], rephrased: bool = False,
                      changing: str | None = None, lines: tuple[str, ...] = ()) -> None:
        self.entry = entry
        self.update(question_text(entry, text, terms, rephrased, changing, lines))
        self.set_class(changing is not None, "-changing")
        self.display = True

    def clear(self) -> None:
        self.entry = None
        self.update("")
        self.display = False
