"""Small dialogs: a justification, a note, who answers, and the help for a question."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Markdown, OptionList, TextArea
from textual.widgets.option_list import Option


class TextPrompt(ModalScreen[str | None]):
    """Ask for one piece of text (justification, note). Escape cancels."""

    BINDINGS = [Binding("escape", "cancel", "Annuler"), Binding("ctrl+s", "ok", "Valider")]

    def __init__(self, title: str, hint: str, required: bool = True):
        super().__init__()
        self.title_text, self.hint, self.required = title, hint, required

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(f"[b]{self.title_text}[/b]")
            yield Label(self.hint, classes="hint")
            yield TextArea(id="text", tab_behavior="focus")
            with Horizontal(classes="form-buttons"):
                yield Button("Valider (Ctrl+S)", id="ok", variant="primary")
                yield Button("Annuler (Échap)", id="cancel")

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    @on(Button.Pressed, "#ok")
    def action_ok(self) -> None:
        text = self.query_one(TextArea).text.strip()
        if self.required and not text:
            self.app.notify("Ce texte est obligatoire.", severity="warning")
            return
        self.dismiss(text)

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
            yield Label("[b]Qui répond ?[/b] (chaque réponse porte son nom)")
            yield OptionList(*[Option(f"{'▶ ' if p == self.current else '  '}{p.name} ({p.role or 'sans rôle'})",
                                      id=str(i)) for i, p in enumerate(self.participants)], id="people")
            yield Label("Ou une nouvelle personne : « Nom (rôle) », puis Entrée")
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

    def __init__(self, title: str, items: list[tuple[str, str]]):
        super().__init__()
        self.title_text, self.items = title, items

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(f"[b]{self.title_text}[/b]")
            yield OptionList(*[Option(label, id=key) for key, label in self.items], id="items")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
