"""Small dialogs: a justification, a note, who answers, an open point's owner, the grids to use,
and the help for a question. What people typed is always shown as text, never as markup; a value
refused stays as typed, with the message beside it."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Markdown, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from assistant.ui.widgets.checklist import CheckList
from grilles.answers import AnswerError, parse_date
from grilles.formats import person


def said(text: str, classes: str = "") -> Static:
    """A line of a dialog: wrapped to the dialog's width, never read as markup."""
    return Static(Text(text), classes=f"prompt {classes}".strip(), markup=False)


def title(text: str) -> Static:
    return Static(Text(text, style="bold"), classes="prompt", markup=False)


def error_line() -> Static:
    line = Static("", classes="dialog-error", markup=False)
    line.display = False
    return line


def refuse(screen: ModalScreen, message: str) -> None:
    """A value refused: the message beside it, what was typed left as it is."""
    error = screen.query_one(".dialog-error", Static)
    error.update(Text(f"⚠ {message}"))
    error.display = True


def ok_cancel(ok: str = "Valider (Ctrl+S)") -> Horizontal:
    return Horizontal(Button(ok, id="ok", variant="primary"), Button("Annuler (Échap)", id="cancel"),
                      classes="form-buttons")


class TextPrompt(ModalScreen[str | None]):
    """Ask for one piece of text (justification, note). Escape cancels. `validate` returns a French
    sentence for a refused text (shown beside it, the text kept), or None."""

    BINDINGS = [Binding("escape", "cancel", "Annuler"), Binding("ctrl+s", "ok", "Valider")]

    def __init__(self, heading: str, hint: str, required: bool = True,
                 validate: Callable[[str], str | None] | None = None):
        super().__init__()
        self.heading, self.hint, self.required, self.validate = heading, hint, required, validate

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield title(self.heading)
            yield said(self.hint, "hint")
            yield TextArea(id="text", tab_behavior="focus")
            yield error_line()
            yield ok_cancel()

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    @on(Button.Pressed, "#ok")
    def action_ok(self) -> None:
        text = self.query_one(TextArea).text.strip()
        if self.required and not text:
            return refuse(self, "Ce texte est obligatoire.")
        problem = self.validate(text) if self.validate is not None else None
        if problem:
            return refuse(self, problem)
        self.dismiss(text)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class AssignPoint(ModalScreen[tuple[str, str] | None]):
    """An open point's owner and due date (« 15/01/2027 » or « 2027-01-15 », optional)."""

    BINDINGS = [Binding("escape", "cancel", "Annuler"), Binding("ctrl+s", "ok", "Valider")]

    def __init__(self, point: str):
        super().__init__()
        self.point = point

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield title("Qui s'en charge, et pour quand ?")
            yield said(self.point, "hint")
            yield Label("Responsable")
            yield Input(placeholder="ex. Karim Benali", id="owner")
            yield Label("Échéance (facultative)")
            yield Input(placeholder="JJ/MM/AAAA, ex. 15/01/2027", id="due")
            yield error_line()
            yield ok_cancel()

    def on_mount(self) -> None:
        self.query_one("#owner", Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#ok")
    def action_ok(self) -> None:
        owner = self.query_one("#owner", Input).value.strip()
        due = self.query_one("#due", Input).value.strip()
        if not owner and not due:
            return self.refuse("Indiquez un responsable, une échéance, ou les deux.", "#owner")
        if due:
            try:
                due = parse_date(due).isoformat()
            except AnswerError as exc:
                return self.refuse(str(exc)[0].upper() + str(exc)[1:] + ".", "#due")
        self.dismiss((owner, due))

    def refuse(self, message: str, field: str) -> None:
        refuse(self, message)
        self.query_one(field, Input).focus()

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class WhoAnswers(ModalScreen):
    """Switch who is answering, or add someone who just joined."""

    BINDINGS = [Binding("escape", "cancel", "Annuler")]

    def __init__(self, participants, current):
        super().__init__()
        self.participants, self.current = list(participants), current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield title("Qui répond ? (chaque réponse porte son nom)")
            yield OptionList(*[Option(Text(f"{'▶ ' if p == self.current else '  '}{person(p.name, p.role)}"),
                                      id=str(i)) for i, p in enumerate(self.participants)], id="people",
                             markup=False)
            yield said("Ou une nouvelle personne : « Nom (rôle) », puis Entrée")
            yield Input(placeholder="ex. Bob Leroy (RSSI)", id="new")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(("choisir", self.participants[int(event.option.id)]))

    @on(Input.Submitted)
    def added(self, event: Input.Submitted) -> None:
        from assistant.ui.screens.new import parse_people

        people = parse_people(event.value)
        if people:
            self.dismiss(("ajouter", people[0]))

    def action_cancel(self) -> None:
        self.dismiss(None)


class HelpScreen(ModalScreen):
    """« Pourquoi cette question ? »: the help text, the source, who can answer, the glossary terms."""

    BINDINGS = [Binding("escape,f1", "app.pop_screen", "Fermer")]

    def __init__(self, markdown: str):
        super().__init__()
        self.markdown = markdown

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog help"):
            yield Markdown(self.markdown)
            yield Button("Fermer (Échap)", id="close")

    @on(Button.Pressed, "#close")
    def close(self) -> None:
        self.app.pop_screen()


class Choose(ModalScreen):
    """Pick one item in a list (a stage, an open point). Escape cancels."""

    BINDINGS = [Binding("escape", "cancel", "Annuler")]

    def __init__(self, heading: str, items: list[tuple[str, str]]):
        super().__init__()
        self.heading, self.items = heading, items

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield title(self.heading)
            yield OptionList(*[Option(Text(label), id=key) for key, label in self.items], id="items", markup=False)

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class GridChoice(ModalScreen[list[str] | None]):
    """Which grids to instruct: the same choice as a new instruction (the grids ticked by default)."""

    BINDINGS = [Binding("escape", "cancel", "Annuler"), Binding("ctrl+s", "ok", "Valider")]

    def __init__(self, heading: str, grids):
        super().__init__()
        self.heading, self.grids = heading, list(grids)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield title(self.heading)
            yield said("Espace coche ou décoche ; le profil, déjà répondu, n'est pas reposé.", "hint")
            yield CheckList(*[(g.grid.title, g.grid.id, g.grid.default_selected) for g in self.grids], id="grids")
            yield error_line()
            yield ok_cancel("Continuer (Ctrl+S)")

    def on_mount(self) -> None:
        self.query_one(CheckList).focus()

    @on(Button.Pressed, "#ok")
    def action_ok(self) -> None:
        chosen = self.query_one(CheckList).selected
        if not chosen:
            return refuse(self, "Choisissez au moins une grille.")
        self.dismiss(chosen)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
