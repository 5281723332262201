"""A new instruction: the project, the people present, and the grids to use."""

from __future__ import annotations

import re

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Header, Input, Label, Static, TextArea

from assistant.ui.messages import ActDone, ActFailed
from assistant.ui.widgets.checklist import CheckList
from assistant.ui.widgets.footer import KeysFooter
from grilles.formats import role_code

PERSON = re.compile(r"^\s*(?P<name>[^()\s][^()]*?)\s*(?:\((?P<role>[^)]*)\))?\s*$")


def parse_people(text: str):
    """« Alice Martin (équipe métier) ; Karim (DPO) » → actors; a name may hold brackets (« Karim [DPO] »)."""
    from journal.log import Actor

    people = []
    for chunk in re.split(r"[;\n]", text):
        if chunk.strip():
            m = PERSON.match(chunk)
            if m is None:  # « Alice (DPO », « (DPO) »…: keep what was typed as the name
                people.append(Actor(chunk.strip(), ""))
            else:  # a role typed as it reads (« équipe métier ») is the role itself
                people.append(Actor(m.group("name").strip(), role_code(m.group("role") or "")))
    return people


class NewInstructionScreen(Screen):
    BINDINGS = [Binding("escape", "app.pop_screen", "Retour"), Binding("ctrl+s", "start", "Commencer")]

    def __init__(self, mode: str = "complete"):
        super().__init__()
        self.mode = mode

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="form"):
            yield Static("[b]Pré-examen[/b] : le profil du projet seulement, pour repérer tôt les lignes rouges "
                         "et savoir ce que l'instruction complète demandera." if self.mode == "pre_examen"
                         else "[b]Nouvelle instruction[/b]", classes="form-intro")
            yield Label("Titre du projet *")
            yield Input(placeholder="ex. Assistant de réponse aux courriers", id="title")
            yield Label("Service porteur")
            yield Input(placeholder="ex. Relation usagers", id="service")
            yield Label("Description courte")
            yield TextArea(id="description", tab_behavior="focus")
            yield Label("Vous (nom et rôle) *")
            yield Input(placeholder="ex. Alice Martin (métier)", id="me")
            yield Label("Autres participants (séparés par « ; »)")
            yield Input(placeholder="ex. Karim Benali (DPO) ; Bob Leroy (RSSI)", id="others")
            if self.mode == "complete":
                yield Label("Grilles à instruire (le profil du projet est toujours posé en premier)")
                catalog = self.app.catalog
                choices = [(g.grid.title, gid, g.grid.default_selected)
                           for gid, g in catalog.grids.items() if g.grid.kind != "profil"]
                yield CheckList(*choices, id="grids")
            with Horizontal(classes="form-buttons"):
                yield Button("Commencer (Ctrl+S)", id="start", variant="primary")
                yield Button("Annuler (Échap)", id="cancel")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one("#title", Input).focus()

    @on(Button.Pressed, "#cancel")
    def cancel(self) -> None:
        self.app.pop_screen()

    busy = False

    @on(Button.Pressed, "#start")
    def action_start(self) -> None:
        if self.busy:
            return
        title = self.query_one("#title", Input).value.strip()
        me = parse_people(self.query_one("#me", Input).value)
        if not title:
            self.app.notify("Le titre du projet est obligatoire.", severity="warning")
            self.query_one("#title", Input).focus()
            return
        if not me:
            self.app.notify("Indiquez votre nom (et votre rôle) : chaque réponse porte le nom de qui la donne.",
                            severity="warning")
            self.query_one("#me", Input).focus()
            return
        grids = list(self.query_one("#grids", CheckList).selected) if self.mode == "complete" else []
        if self.mode == "complete" and not grids:
            self.app.notify("Choisissez au moins une grille.", severity="warning")
            return
        self.busy = True
        self.start(title, self.query_one("#service", Input).value, self.query_one("#description", TextArea).text,
                   me[0], parse_people(self.query_one("#others", Input).value), grids)

    def start(self, title, service, description, actor, others, grids) -> None:
        from assistant.ui.controller import run_step

        store, mode = self.app.store, self.mode

        def started():
            session = store.start(title, actor, grids, service, description, others, mode)
            return session, run_step(session)

        self.app.acts.run(self, started)

    def on_act_done(self, message: ActDone) -> None:
        from assistant.ui.screens.conversation import ConversationScreen

        session, step = message.result
        self.app.switch_screen(ConversationScreen(session, step, actor=session.view.opened_by))

    def on_act_failed(self, message: ActFailed) -> None:
        self.busy = False
        self.app.notify(message.message, severity="error", timeout=15, markup=False)
