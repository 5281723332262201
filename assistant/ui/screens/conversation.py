"""The conversation: one question at a time, the right control for its type, and the team's answers."""

from __future__ import annotations

from dataclasses import dataclass, replace

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, Static, Tree

from grilles.answers import display
from grilles.formats import source_text
from grilles.rules import ANSWERED, DECLARED_NA, SKIPPED, UNKNOWN
from grilles.schema import AnswerType
from dialogues.turns import TurnKind
from assistant.ui.controller import Step, describe, run_step, show
from assistant.ui.helptext import help_markdown, terms_in_text
from assistant.ui.messages import ActDone, ActFailed
from assistant.ui.widgets.answer import AnswerPanel
from assistant.ui.widgets.banner import FlagBanner
from assistant.ui.widgets.chat import ChatLog
from assistant.ui.widgets.progress import ProgressTree

TEXT_WIDGETS = ("Input", "TextArea")


# What an act in flight is about: carried in its messages (assistant.ui.acts), not in the screen.

@dataclass(frozen=True)
class Answering:
    question: str
    who: str  # as the chat names who answered
    revisit: bool  # an earlier answer being changed: the change ends the revisit


@dataclass(frozen=True)
class Showing:
    question: str


@dataclass(frozen=True)
class Toggling:
    original: bool  # the original wording now on screen (else the rephrasing again)


@dataclass(frozen=True)
class Other:
    refreshes: bool = True  # a note, a new participant: the turn is read again after it


class ConversationScreen(Screen):
    AUTO_FOCUS = None  # focus is placed by hand: the answer control, or the chat in a demonstration
    BINDINGS = [
        Binding("f1", "why", "Pourquoi ?"),
        Binding("f2", "toggle_panel", "Avancement"),
        Binding("f3", "who", "Qui répond"),
        Binding("f4", "note", "Note"),
        Binding("ctrl+o", "original", "Texte original", show=False),
        Binding("ctrl+s", "submit", "Valider", show=False),
        Binding("escape", "back", "Accueil"),
        Binding("o", "quick('oui')", "Oui", show=False),
        Binding("n", "quick('non')", "Non", show=False),
        Binding("question_mark", "quick('nsp')", "Je ne sais pas", show=False),
        Binding("a", "not_applicable", "Non applicable", show=False),
        Binding("p", "confirm_offer", "Confirmer la réponse proposée", show=False),
        Binding("1", "quick(1)", show=False), Binding("2", "quick(2)", show=False),
        Binding("3", "quick(3)", show=False), Binding("4", "quick(4)", show=False),
        Binding("space", "demo_step", "Étape suivante", show=False),
        Binding("r,R", "demo_run", "Lecture auto", show=False),
    ]

    def __init__(self, session, step: Step, actor=None, demo=None):
        super().__init__()
        self.session = session
        self.step = step
        self.actor = actor or (session.view.participants[0] if session.view.participants else session.view.opened_by)
        self.revisit = None  # the earlier question being changed, if any
        self.shown_question = None
        self.original_shown = False
        self.busy = False  # an answer is being recorded: the answer controls wait for it
        self.demo = demo  # a dialogues.play.AnswersFile played step by step
        self.demo_timer = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield FlagBanner(id="banner")
        with Horizontal(id="main"):
            yield ProgressTree(id="progress")
            with Vertical(id="talk"):
                yield ChatLog(id="chat")
                yield Static(id="who")
                yield AnswerPanel(id="answer")
        yield Footer()

    def on_mount(self) -> None:
        view = self.session.view
        self.title = view.title
        self.sub_title = f"tour {view.round}" + (" · pré-examen" if view.mode == "pre_examen" else "")
        self.query_one("#progress").display = self.app.size.width >= 110 and not self.app.projector
        chat = self.query_one(ChatLog)
        chat.add_info(f"Instruction « {view.title} »{' — ' + view.service if view.service else ''}. "
                      "Je pose les questions une à une ; vous décidez. F1 : pourquoi cette question ? "
                      "F2 : avancement et retour sur une réponse.")
        if self.demo is not None:
            chat.add_info("Démonstration : Espace pour l'étape suivante, R pour la lecture automatique.", "info")
            chat.focus()
        for flag in self.step.turn.evaluation.red_lines + self.step.turn.evaluation.warnings:
            rule = flag.rule.rule
            mark = "⛔ LIGNE ROUGE" if flag.is_red_line else "⚠ Alerte"
            source = source_text(rule.source)
            chat.add_info(f"{mark} (signalée plus tôt) — {rule.title} : {rule.message} Source : {source}.",
                          "news " + ("ligne_rouge_levee" if flag.is_red_line else "alerte_levee"))
        self.set_class(self.app.projector, "-projector")
        self.render_step(self.step)

    # --- rendering ----------------------------------------------------------------------

    def render_step(self, step: Step) -> None:
        self.step = step
        chat = self.query_one(ChatLog)
        for notice in step.notices:
            self.app.notify(notice, title="Points de reprise", severity="warning", timeout=20)
        for event in step.news:
            chat.add_info(describe(event, self.session), "news " + event.kind)
        evaluation = step.turn.evaluation
        self.query_one(FlagBanner).show_flags(evaluation)
        self.update_who()
        turn = step.turn
        current = turn.question.id if turn.question else None
        self.query_one(ProgressTree).refresh_from(evaluation, self.revisit or current)
        if self.revisit:
            return
        if turn.kind is not TurnKind.QUESTION:
            self.call_later(self.query_one(AnswerPanel).clear)
            self.shown_question = None
            self.open_summary()
            return
        if self.shown_question != turn.question.id or not turn.shown:
            self.shown_question = turn.question.id
            self.original_shown = False
            chat.add_question(turn.question, turn.text, terms_in_text(turn.question, self.app.catalog.glossary),
                              turn.rephrased)
            if not turn.shown:  # on screen now: the journal records the exact wording people see
                session = self.session
                self.app.acts.run(self, lambda: show(session, turn), Showing(turn.question.id))
            offer = self.session.offer(turn.question.id)
            if offer is not None:
                offered = display(turn.question.question, offer.answer, turn.question.grid.scale)
                chat.add_info(f"Réponse proposée : «\u00a0{offered}\u00a0». {offer.note} «\u00a0p\u00a0» pour la "
                              "confirmer, ou répondez autrement.", "info")
            uncertain = evaluation.statuses[turn.question.id].uncertain
            if uncertain:
                chat.add_info(f"(Posée parce que {', '.join(uncertain)} est « je ne sais pas » : la branche reste "
                              "ouverte.)", "info")
        self.call_later(self.query_one(AnswerPanel).show, turn.question, self.demo is None)

    def update_who(self) -> None:
        who = f"Répond : [b]{self.actor.name}[/b] ({self.actor.role or 'sans rôle'}) — F3 pour changer"
        if self.revisit:
            who = f"[b]Modification[/b] de la réponse à {self.revisit} — Échap pour annuler · " + who
        self.query_one("#who", Static).update(who)

    def open_summary(self) -> None:
        from assistant.ui.screens.summary import SummaryScreen

        if not isinstance(self.app.screen, SummaryScreen):
            self.app.push_screen(SummaryScreen(self.session, self.step.turn, self.actor))

    def on_screen_resume(self) -> None:
        # back from the summary (to change an answer) or a dialog: show the state as it is now
        if self.step.turn.kind is not TurnKind.QUESTION:
            self.query_one(ChatLog).add_info("Retour aux questions : F2 pour rouvrir une réponse.", "info")

    # --- acting -------------------------------------------------------------------------

    def act(self, fn, context=None, answered: str | None = None) -> None:
        """Run an act of the team (in turn with the others); its step comes back in on_act_done."""
        session = self.session
        self.app.acts.run(self, lambda: run_step(session, fn, answered), context or Other())

    def on_act_done(self, message: ActDone) -> None:
        context = message.context
        if isinstance(context, Showing):  # the wording is recorded: the turn on screen says so
            turn = self.step.turn
            if turn.question is not None and turn.question.id == context.question:
                self.step = replace(self.step, turn=message.result)
            return
        if isinstance(context, Toggling):
            text = message.result if context.original else message.result.text
            self.query_one(ChatLog).add_info(("Texte original : " if context.original else "Reformulation : ")
                                             + text, "info")
            return
        if not isinstance(message.result, Step):
            return
        step = message.result
        if isinstance(context, Answering):
            self.busy = False
            self.query_one(AnswerPanel).set_busy(False)
            if step.said is not None:
                self.query_one(ChatLog).add_answer(context.who, step.said)
            if context.revisit:
                self.revisit = None  # only an answer ends a revisit; a note or a new participant does not
        self.render_step(step)

    def on_act_failed(self, message: ActFailed) -> None:
        if isinstance(message.context, Answering):
            self.busy = False
            self.query_one(AnswerPanel).set_busy(False)
        self.app.notify(message.message, title="Non enregistré", severity="error", timeout=12)

    def target(self):
        if self.revisit:
            return self.session.bundle.by_id[self.revisit]
        return self.step.turn.question

    def answer(self, value, justification: str | None = None) -> None:
        entry = self.target()
        if entry is None:
            return
        if self.busy:  # one answer at a time: the next question depends on it. Said, never dropped silently
            self.app.notify("La réponse précédente s'enregistre encore : celle-ci n'est pas prise en compte, "
                            "donnez-la de nouveau dans un instant.", title="Non enregistré", severity="warning")
            return
        self.busy = True
        self.query_one(AnswerPanel).set_busy(True)
        actor, session, seen = self.actor, self.session, self.step.turn.position
        who = f"{actor.name} ({actor.role})" if actor.role else actor.name
        self.act(lambda: session.answer(entry.id, value, actor, justification, seen=seen),
                 Answering(entry.id, who, self.revisit is not None), answered=entry.id)

    def action_confirm_offer(self) -> None:
        """« p » : the answer the grids offer here, confirmed as the team's own."""
        entry = self.target()
        if entry is None or self.busy or self.focused_is_text() or self.session.offer(entry.id) is None:
            return
        self.busy = True
        self.query_one(AnswerPanel).set_busy(True)
        actor, session, seen = self.actor, self.session, self.step.turn.position
        who = f"{actor.name} ({actor.role})" if actor.role else actor.name
        self.act(lambda: session.confirm_offer(entry.id, actor, seen=seen),
                 Answering(entry.id, who, self.revisit is not None), answered=entry.id)

    @on(AnswerPanel.Chosen)
    def chosen(self, message: AnswerPanel.Chosen) -> None:
        self.answer(message.value)

    @on(AnswerPanel.NotApplicable)
    def action_not_applicable(self) -> None:
        from assistant.ui.screens.modals import TextPrompt

        if self.target() is None:
            return

        def done(text):
            if text:
                self.answer("na", text)

        self.app.push_screen(TextPrompt("Non applicable", "Pourquoi cette question ne s'applique-t-elle pas à "
                                        "ce projet ? (enregistré à votre nom)"), done)

    def action_quick(self, value) -> None:
        entry = self.target()
        if entry is None or self.focused_is_text():
            return
        t = entry.question.type
        if value == "nsp" or (t is AnswerType.yes_no and value in ("oui", "non")) or \
                (t is AnswerType.scale and isinstance(value, int)):
            self.answer(value)

    def focused_is_text(self) -> bool:
        return self.focused is not None and type(self.focused).__name__ in TEXT_WIDGETS

    def action_submit(self) -> None:
        self.query_one(AnswerPanel).submit()

    def action_note(self) -> None:
        from assistant.ui.screens.modals import TextPrompt

        entry = self.target()
        if entry is None:
            return
        actor = self.actor

        session = self.session

        def done(text):
            if text:
                self.query_one(ChatLog).add_info(f"✎ Note de {actor.name} : {text}", "note")
                self.act(lambda: session.add_note(entry.id, text, actor))

        self.app.push_screen(TextPrompt(f"Note sur la question {entry.question.number or entry.local_id}",
                                        "Une remarque, une source, une réserve : elle figurera au rapport."), done)

    def action_who(self) -> None:
        from assistant.ui.screens.modals import WhoAnswers

        def done(result):
            if not result:
                return
            kind, person = result
            if kind == "ajouter":
                by, session = self.actor, self.session
                self.act(lambda: session.join(person, by))
                self.query_one(ChatLog).add_info(f"{person.name} ({person.role}) rejoint l'instruction.", "info")
            self.actor = person
            self.update_who()

        self.app.push_screen(WhoAnswers(self.session.view.participants, self.actor), done)

    def action_why(self) -> None:
        from assistant.ui.screens.modals import HelpScreen

        entry = self.target()
        if entry is not None:
            self.app.push_screen(HelpScreen(help_markdown(self.session, entry, self.app.catalog.glossary)))

    def action_original(self) -> None:
        turn = self.step.turn
        if turn.question is None or not turn.rephrased:
            self.app.notify("Cette question est affichée dans sa formulation originale.")
            return
        self.original_shown = not self.original_shown
        session, qid = self.session, turn.question.id
        # the journal records what people now see: the original, or the rephrasing again
        if self.original_shown:
            self.app.acts.run(self, lambda: session.show_original(qid), Toggling(True))
        else:
            self.app.acts.run(self, lambda: session.show(turn), Toggling(False))

    def action_toggle_panel(self) -> None:
        """Show and enter the panel; from inside it, hide it and go back to the answer."""
        panel = self.query_one("#progress")
        if panel.display and panel.has_focus:
            panel.display = self.app.size.width >= 110 and not self.app.projector
            self.query_one(AnswerPanel).focus_first()
        else:
            panel.display = True
            panel.show_pending()
            panel.focus()

    @on(Tree.NodeSelected, "#progress")
    def reopen(self, event: Tree.NodeSelected) -> None:
        qid = event.node.data
        if not isinstance(qid, str) or ":" in qid:
            return
        status = self.step.turn.evaluation.statuses.get(qid)
        if status is None:
            return
        if status.status == SKIPPED:
            self.app.notify(status.reason.message, title=f"{qid} : sans objet", timeout=15)
            return
        if status.status not in (ANSWERED, UNKNOWN, DECLARED_NA):
            self.app.notify("Cette question n'a pas encore de réponse.", title=qid)
            return
        entry = self.session.bundle.by_id[qid]
        self.revisit = qid
        session = self.session
        self.app.acts.run(self, lambda: session.show_original(qid), None)  # the wording seen for the change
        current = display(entry.question, status.answer, entry.grid.scale)
        self.query_one(ChatLog).add_question(entry, entry.question.text,
                                             terms_in_text(entry, self.app.catalog.glossary), False)
        self.query_one(ChatLog).add_info(f"Réponse actuelle : {current}. Choisissez la nouvelle réponse "
                                         "(Échap pour annuler).", "info")
        self.update_who()
        self.call_later(self.query_one(AnswerPanel).show, entry)

    def action_back(self) -> None:
        if self.revisit:
            self.revisit = None
            self.query_one(ChatLog).add_info("Modification annulée.", "info")
            self.update_who()
            self.render_step(Step(self.step.turn))
            return
        self.stop_demo()
        self.app.pop_screen()

    # --- demonstration ------------------------------------------------------------------

    def action_demo_step(self) -> None:
        if self.demo is None or self.busy or self.focused_is_text():
            return
        turn = self.step.turn
        if turn.kind is not TurnKind.QUESTION:
            self.stop_demo()
            return
        item = self.demo.answers.get(turn.question.id)
        if item is None:
            self.app.notify("Le cas de démonstration s'arrête ici.")
            self.stop_demo()
            return
        actor, session, qid = item.by or self.actor, self.session, turn.question.id
        self.busy = True
        self.query_one(AnswerPanel).set_busy(True)
        self.act(lambda: session.answer(qid, item.value, actor, item.justification, item.note, seen=turn.position),
                 Answering(qid, f"{actor.name} ({actor.role})", False), answered=qid)

    def action_demo_run(self) -> None:
        if self.demo is None:
            return
        if self.demo_timer is None:
            self.demo_timer = self.set_interval(1.5, self.action_demo_step)
            self.app.notify("Lecture automatique (R pour arrêter).")
        else:
            self.stop_demo()

    def stop_demo(self) -> None:
        if self.demo_timer is not None:
            self.demo_timer.stop()
            self.demo_timer = None
