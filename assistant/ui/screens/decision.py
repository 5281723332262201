"""The people record their opinions and their decision. The assistant offers none."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Header, Input, Label, Select, Static, TextArea

from assistant.ui.messages import ActDone, ActFailed
from assistant.ui.screens.new import parse_people
from assistant.ui.widgets.footer import KeysFooter
from grilles.formats import person


class DecisionScreen(Screen):
    BINDINGS = [Binding("escape", "cancel", "Annuler"), Binding("ctrl+s", "record", "Enregistrer")]

    def __init__(self, session, turn, actor, prefill=None):
        """`prefill`: a demonstration's case (dialogues.play.AnswersFile), whose decision, rationale,
        people and opinions are filled in for the trainer to confirm (or change)."""
        super().__init__()
        self.session, self.turn, self.actor = session, turn, actor
        self.prefill = prefill
        self.criteria = [(loaded.grid, section) for loaded in session.bundle.grids if loaded.grid.kind != "profil"
                         for section in loaded.grid.sections]

    def compose(self) -> ComposeResult:
        red = self.turn.evaluation.red_lines
        yield Header()
        with VerticalScroll(id="form"):
            yield Static("[b]Décision des personnes présentes.[/b] L'assistant n'en propose aucune : il a signalé "
                         "les lignes rouges et listé les points ouverts ; à vous de conclure.", classes="form-intro")
            if red:
                titles = ", ".join(f.rule.rule.title for f in red)  # a personal grid's title stays text
                yield Static(Text.assemble(f"⛔ Ligne(s) rouge(s) signalée(s) : {titles}. ",
                                           ("Le motif est obligatoire.", "bold")), id="red-notice")
            case = (self.prefill.decision or {}) if self.prefill is not None else {}
            opinions = self.prefill.opinions if self.prefill is not None else {}
            if case:
                yield Static("Démonstration : la décision du cas est préremplie ; vérifiez-la, puis Ctrl+S pour "
                             "l'enregistrer.", classes="form-intro")
            yield Label("Décision *")
            choices = [(label, code) for code, label in self.session.store.decisions.items()]
            chosen = {"value": case["decision"]} if case.get("decision") in self.session.store.decisions else {}
            yield Select(choices, id="decision", prompt="Choisir…", **chosen)
            yield Label("Décidée par (noms et rôles, séparés par « ; ») *")
            deciders = [(p.get("nom", ""), str(p.get("role", ""))) for p in case.get("par", []) if isinstance(p, dict)]
            yield Input(value=" ; ".join(person(n, r) for n, r in deciders or [(self.actor.name, self.actor.role)]),
                        id="people")
            yield Label("Motif" + (" *" if red else " (facultatif)"))
            yield TextArea(str(case.get("motif") or ""), id="rationale", tab_behavior="focus")
            yield Static("[b]Avis par critère[/b] (facultatifs)", classes="form-intro")
            for i, (grid, section) in enumerate(self.criteria):
                yield Label(f"{grid.title} — {section.title}", markup=False)
                # a text area: an opinion is a sentence or two, read whole (a one-line field showed its middle)
                yield TextArea(opinions.get(f"{grid.id}.{section.id}", ""), id=f"opinion-{i}", classes="opinion",
                               tab_behavior="focus", placeholder="avis du groupe sur ce critère")
            with Horizontal(classes="form-buttons"):
                yield Button("Enregistrer la décision (Ctrl+S)", id="record", variant="primary")
                yield Button("Annuler (Échap)", id="cancel")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.title = self.session.view.title
        self.sub_title = "décision"
        self.query_one("#decision", Select).focus()

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    busy = False

    @on(Button.Pressed, "#record")
    def action_record(self) -> None:
        if self.busy:  # Ctrl+S twice, or the button and the key: one decision
            return
        decision = self.query_one("#decision", Select).value
        if decision in (Select.BLANK, Select.NULL, None):
            self.app.notify("Choisissez la décision.", severity="warning")
            return
        people = parse_people(self.query_one("#people", Input).value)
        if not people:
            self.app.notify("Indiquez qui décide (nom et rôle).", severity="warning")
            return
        rationale = self.query_one("#rationale", TextArea).text.strip()
        if self.turn.evaluation.red_lines and not rationale:
            self.app.notify("Une ligne rouge a été signalée : motivez la décision.", severity="warning")
            self.query_one("#rationale", TextArea).focus()
            return
        opinions = []
        for i, (grid, section) in enumerate(self.criteria):
            text = self.query_one(f"#opinion-{i}", TextArea).text.strip()
            if text:
                opinions.append((f"{grid.id}.{section.id}", text))
        self.busy = True
        self.query_one("#record", Button).disabled = True
        self.record(str(decision), people, rationale, opinions)

    def record(self, decision, people, rationale, opinions) -> None:
        from assistant.ui.controller import run_step

        session = self.session
        self.app.acts.run(self, lambda: run_step(
            session, lambda: session.decide(decision, people[0], rationale, people, opinions)))

    def on_act_done(self, message: ActDone) -> None:
        self.dismiss(message.result.turn)

    def on_act_failed(self, message: ActFailed) -> None:
        self.busy = False
        self.query_one("#record", Button).disabled = False
        self.app.notify(message.message, title="Non enregistré", severity="error", timeout=12, markup=False)
