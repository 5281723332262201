"""The end of the questions: a summary a committee can read, then the people's decision."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, Header, Static

from assistant.ui.messages import ActDone, ActFailed
from assistant.ui.widgets.footer import KeysFooter
from dialogues.turns import TurnKind
from grilles import declared
from grilles.formats import question_ref

DRAWING = "summary"  # the context of the act that draws the summary off the screen's thread


@dataclass
class FirstLines(Message):
    """The summary's first screenful, laid out: shown while the rest is."""

    lines: Text


class SummaryScreen(Screen):
    BINDINGS = [
        Binding("d", "decide", "Décision"),
        Binding("e", "export", "Exporter"),
        Binding("c", "continue_full", "Instruction complète"),
        Binding("p", "assign", "Point ouvert"),
        Binding("s", "follow_up", "Suivi"),
        Binding("escape", "back", "Questions"),
        Binding("h", "home", "Accueil", show=False),
    ]

    def __init__(self, session, turn, actor):
        super().__init__()
        self.session, self.turn, self.actor = session, turn, actor

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="summary"):
            yield Static("Préparation de la synthèse…", id="summary-body", markup=False)
        with Horizontal(classes="form-buttons", id="summary-actions"):
            if self.turn.kind is TurnKind.DECISION:
                yield Button("Enregistrer la décision (d)", id="decide", variant="primary")
            if self.turn.kind is TurnKind.PRECHECK_DONE:
                yield Button("Continuer en instruction complète (c)", id="continue", variant="primary")
            yield Button("Exporter (e)", id="export")
            yield Button("Questions (Échap)", id="back")
        yield KeysFooter()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """A pre-check records no decision and has no follow-up: its footer offers neither, and offers
        to continue into a complete instruction instead."""
        if action in ("decide", "follow_up"):
            return self.session.view.mode == "complete"
        if action == "continue_full":
            return self.turn.kind is TurnKind.PRECHECK_DONE
        return True

    def on_mount(self) -> None:
        self.title = self.session.view.title
        self.show_title()
        self.set_class(self.app.projector, "-projector")
        self.query_one("#summary").focus()
        self.redraw()

    def show_title(self) -> None:
        from assistant.ui.controller import round_title

        self.sub_title = f"synthèse · {round_title(self.session.view)}"

    drawn_width = 0  # the width the summary's lines were laid out for

    def text_width(self) -> int:
        """The summary's columns: the screen's, less the padding and the scroll bar (its gutter is
        kept even when the text is short, so the width never changes under the text)."""
        scroll = self.query_one("#summary")
        width = scroll.scrollable_content_region.width
        if width <= 0:  # not laid out yet (just mounted): the same sum from the screen's size
            width = self.app.size.width - scroll.styles.gutter.width - scroll.styles.scrollbar_size_vertical
        return max(20, width)

    def redraw(self) -> None:
        """Built and laid out in lines off the screen's thread (a long instruction): the screen says so
        at once, then shows the lines."""
        from assistant.ui.summary_text import drawn, summary

        session, turn, width, rows = self.session, self.turn, self.text_width(), self.app.size.height
        self.drawn_width = width

        def draw():  # the first screenful goes to the screen at once, the whole summary when laid out
            return drawn(summary(session, turn), width, rows, lambda head: self.post_message(FirstLines(head)))

        self.app.acts.run(self, draw, DRAWING)

    def on_first_lines(self, message: FirstLines) -> None:  # posted before its act's whole summary
        self.query_one("#summary-body", Static).update(message.lines)

    def on_resize(self) -> None:
        if self.drawn_width and self.text_width() != self.drawn_width:
            self.redraw()

    @on(Button.Pressed, "#decide")
    def action_decide(self) -> None:
        from assistant.ui.screens.decision import DecisionScreen

        if self.turn.kind is TurnKind.DECIDED:
            self.app.notify("La décision de ce tour est enregistrée : un suivi (s) ou une réponse modifiée ouvre "
                            "un nouveau tour, où la décision se prend de nouveau.")
            return
        if self.turn.kind is not TurnKind.DECISION:
            self.app.notify("La décision s'enregistre une fois toutes les questions posées.")
            return
        demo = getattr(self.app.screen_stack[-2], "demo", None) if len(self.app.screen_stack) > 1 else None
        self.app.push_screen(DecisionScreen(self.session, self.turn, self.actor, prefill=demo), self.decided)

    def decided(self, turn) -> None:
        if turn is not None:
            self.turn = turn
            for button in self.query("#decide"):  # decided: no second decision offered for this round
                button.remove()
            self.redraw()
            self.app.notify("Décision enregistrée au journal. Vous pouvez exporter le rapport (e).")

    @on(Button.Pressed, "#export")
    def action_export(self) -> None:
        from assistant.ui.screens.export import ExportScreen

        self.app.push_screen(ExportScreen(self.session))

    continuing = False

    @on(Button.Pressed, "#continue")
    def action_continue_full(self) -> None:
        """After a pre-check: which grids to continue with, the same choice as a new instruction."""
        from assistant.ui.screens.modals import GridChoice

        if self.turn.kind is not TurnKind.PRECHECK_DONE or self.continuing:
            return
        grids = [self.app.catalog.get(g) for g in declared.choosable_grids(self.app.catalog.grids.values())]
        self.app.push_screen(GridChoice("Continuer en instruction complète : avec quelles grilles ?", grids),
                             lambda chosen: self.continue_full(chosen) if chosen else None)

    def continue_full(self, grids) -> None:
        from assistant.ui.controller import run_step

        self.continuing = True
        session, actor = self.session, self.actor
        self.app.acts.run(self, lambda: run_step(session, lambda: session.continue_full(actor, grids)), "continue")

    def action_assign(self) -> None:
        """Give an open point its owner and due date."""
        from assistant.ui.screens.modals import AssignPoint, Choose

        bundle = self.session.bundle
        points = [(p.subject, question_ref(bundle.by_id[p.subject], 70)[0].upper()
                   + question_ref(bundle.by_id[p.subject], 70)[1:])
                  for p in self.turn.evaluation.open_points if p.kind == "nsp"]
        if not points:
            self.app.notify("Aucun point ouvert à attribuer.")
            return

        def chosen(question):
            if question:
                label = dict(points)[question]
                self.app.push_screen(AssignPoint(label), lambda result: self.assign(question, *result)
                                     if result else None)

        self.app.push_screen(Choose("Point ouvert à attribuer", points), chosen)

    def assign(self, question: str, owner: str, due: str) -> None:
        from assistant.ui.controller import run_step

        session, actor = self.session, self.actor
        note = f"Point ouvert attribué : {owner or '?'}, {due or 'sans échéance'}."
        self.app.acts.run(self, lambda: run_step(
            session, lambda: session.assign_open_point(question, actor, owner or None, due or None)), note)

    def action_follow_up(self) -> None:
        """Reopen the instruction at a later stage: a new round, what the grids declare asked again."""
        from assistant.ui.screens.modals import Choose

        if self.session.view.mode != "complete":
            self.app.notify("Le suivi concerne une instruction complète.")
            return
        entry = declared.stage_entry(self.session.bundle)
        if entry is None:
            self.app.notify("Les grilles de cette instruction ne déclarent pas de question de stade : pas de suivi.")
            return
        stage = entry.question
        self.app.push_screen(Choose("Suivi : à quel stade en est le projet maintenant ?",
                                    [(o.value, o.label) for o in stage.options]),
                             lambda value: self.follow_up(value) if value else None)

    def follow_up(self, stage: str) -> None:
        from assistant.ui.controller import run_step

        session, actor = self.session, self.actor
        self.app.acts.run(self, lambda: run_step(session, lambda: session.follow_up(actor, stage)), "follow_up")

    def on_act_done(self, message: ActDone) -> None:
        if message.context == DRAWING:
            self.query_one("#summary-body", Static).update(message.result)
            return
        step = message.result
        self.turn = step.turn
        if message.context not in ("continue", "follow_up") or step.turn.kind is not TurnKind.QUESTION:
            # nothing to ask again (or an open point given an owner): stay on the summary, up to date
            self.continuing = False
            self.show_title()
            self.redraw()
            if message.context not in ("continue", "follow_up"):
                self.app.notify(message.context, markup=False)
            return
        self.app.pop_screen()
        conversation = self.app.screen
        if hasattr(conversation, "render_step"):
            conversation.render_step(step)

    def on_act_failed(self, message: ActFailed) -> None:
        self.continuing = False
        self.app.notify(message.message, severity="error", markup=False)

    @on(Button.Pressed, "#back")
    def action_back(self) -> None:
        self.app.pop_screen()

    def action_home(self) -> None:
        from assistant.ui.screens.home import HomeScreen

        while not isinstance(self.app.screen, HomeScreen) and len(self.app.screen_stack) > 1:
            self.app.pop_screen()
