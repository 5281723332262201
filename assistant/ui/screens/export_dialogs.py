"""The export dialog's two acts: importing the form a supplier filled in, and publishing to the
public register. Both do what the command line does, through the same functions
(`assistant.cmd_fournisseur.import_form`, `assistant.publication`): one truth."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input

from assistant.ui.messages import ActDone, ActFailed
from assistant.ui.screens.modals import error_line, ok_cancel, refuse, said, title
from assistant.ui.screens.new import parse_people


class ImportForm(ModalScreen[list[str] | None]):
    """The path of the filled-in form; every cell is checked before anything is recorded, and a
    refused file is said beside the path (sheet and cell), the path kept as typed."""

    BINDINGS = [Binding("escape", "cancel", "Annuler"), Binding("ctrl+s", "ok", "Importer")]

    def __init__(self, session):
        super().__init__()
        self.session = session
        self.busy = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield title("Importer le questionnaire rempli par le fournisseur")
            yield said("Chemin du fichier rempli (.xlsx, .ods ou .docx exporté par instruire). Chaque cellule est "
                       "vérifiée d'abord : rien n'est enregistré si l'une est fausse. Une réponse qui contredit "
                       "celle de l'équipe est gardée en note, à trancher.", "hint")
            yield Input(id="path", placeholder="ex. ~/Téléchargements/questionnaire-rempli.xlsx")
            yield error_line()
            yield ok_cancel("Importer (Entrée)")

    def on_mount(self) -> None:
        self.query_one("#path", Input).focus()

    @on(Input.Submitted, "#path")
    @on(Button.Pressed, "#ok")
    def action_ok(self) -> None:
        typed = self.query_one("#path", Input).value.strip()
        if not typed:
            return refuse(self, "Indiquez le chemin du fichier rempli.")
        if self.busy:
            return None
        path = Path(typed).expanduser()
        if not path.is_file():
            return refuse(self, f"Fichier introuvable : {path}")
        from assistant.cmd_fournisseur import import_form

        self.busy = True
        store, instruction = self.session.store, self.session.id
        self.app.acts.run(self, lambda: import_form(store, instruction, path), failure="{error}")
        return None

    def on_act_done(self, message: ActDone) -> None:
        self.dismiss(message.result)

    def on_act_failed(self, message: ActFailed) -> None:
        self.busy = False
        refuse(self, message.message)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class Publish(ModalScreen[str | None]):
    """Who publishes, and what the answers do not say (asked once: kept in the journal's event)."""

    BINDINGS = [Binding("escape", "cancel", "Annuler"), Binding("ctrl+s", "ok", "Publier")]

    def __init__(self, pending, who: str, journal):
        super().__init__()
        self.pending, self.who, self.journal = pending, who, journal  # an assistant.publication.Publication
        self.todo = pending.todo({})
        self.busy = False

    def compose(self) -> ComposeResult:
        from journal.public_register import ASKED

        with Vertical(classes="dialog"):
            yield title(f"Publier « {self.pending.title} » au registre public")
            with VerticalScroll(classes="publish-fields"):
                yield said("La publication est un acte consigné au journal (qui, quand, ce qui est donné). Ce que "
                           "les réponses ne disent pas est demandé une fois." if self.todo else
                           "La publication est un acte consigné au journal. Tout ce que le registre demande est "
                           "déjà donné.", "hint")
                yield said("Publié par (nom et rôle, ex. « Sophie Durand (direction) ») *")
                yield Input(self.who, id="who")
                for attribute in self.todo:
                    yield said(f"{ASKED[attribute]} *")  # wrapped at 80 columns
                    yield Input(id=f"a-{attribute}")
            yield error_line()
            yield ok_cancel("Publier (Ctrl+S)")

    def on_mount(self) -> None:
        self.query_one("#who", Input).focus()

    @on(Button.Pressed, "#ok")
    def action_ok(self) -> None:
        if self.busy:
            return None
        people = parse_people(self.query_one("#who", Input).value)
        if not people:
            return refuse(self, "Indiquez qui publie (nom et rôle).")
        actor = people[0]
        if not actor.role:  # as `instruire publier`: the direction publishes by default
            from journal.log import Actor

            actor = Actor(actor.name, "direction")
        given = {a: self.query_one(f"#a-{a}", Input).value for a in self.todo}
        from assistant import publication

        self.busy = True
        journal, pending = self.journal, self.pending
        self.app.acts.run(self, lambda: publication.record(journal, pending, given, actor), failure="{error}")
        return None

    def on_act_done(self, message: ActDone) -> None:
        self.dismiss(self.pending.title)

    def on_act_failed(self, message: ActFailed) -> None:
        self.busy = False
        refuse(self, message.message)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
