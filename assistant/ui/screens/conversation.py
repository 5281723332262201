"""The conversation: one question at a time, the right control for its type, and the team's answers.

The question waiting for its answer has its own card right above the control that answers it;
the history scrolls above and gives way first when the screen is short, then the banners shrink to
one line. So the question being asked is always in full view, at 80×24 and on a projector.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Header, Static, TextArea, Tree

from assistant.ui.controller import Step, describe, round_title, run_step, show
from assistant.ui.helptext import help_markdown, terms_in_text
from assistant.ui.messages import ActDone, ActFailed
from assistant.ui.widgets.answer import AnswerPanel
from assistant.ui.widgets.banner import FlagBanner
from assistant.ui.widgets.chat import ChatLog
from assistant.ui.widgets.footer import KeysFooter
from assistant.ui.widgets.progress import ProgressTree
from assistant.ui.widgets.question import QuestionCard
from dialogues.turns import TurnKind
from grilles.answers import display
from grilles.formats import of_name, person, question_ref, source_text, to_role
from grilles.prefill import DEFERRED
from grilles.rules import ANSWERED, DECLARED_NA, SKIPPED, UNKNOWN
from grilles.schema import AnswerType

TEXT_WIDGETS = ("Input", "TextArea", "NumberInput")
WIDE = 110  # from this width the progress panel stays beside the conversation
MIN_CHOICES = 3  # rows a choice list keeps, however short the screen
BANNER_SHARE, BANNER_MIN = 6, 3  # the banners' rows, one per flag: at most a sixth of the screen, 3 at least


# What an act in flight is about: carried in its messages (assistant.ui.acts), not in the screen.

@dataclass(frozen=True)
class Answering:
    question: str
    who: str  # as the chat names who answered
    revisit: bool  # an earlier answer being changed: the change ends the revisit
    text: str = ""  # the question's words as the team saw them (for the history)


@dataclass(frozen=True)
class Showing:
    question: str


@dataclass(frozen=True)
class Toggling:
    original: bool  # the original wording now on screen (else the rephrasing again)


@dataclass(frozen=True)
class Other:
    said: str | None = None  # what to add to the history once the journal holds it (a note, a newcomer)


@dataclass(frozen=True)
class Deferring(Other):
    """Questions put to their first role at once: the answer controls wait for it, like an answer."""

    counted: list = field(default_factory=list)  # how many the act recorded, once it has run


def who_answers(view):
    """On reopening, the one who gave the last answer still answers (the « Répond » line says who,
    F3 changes it): going back to the first participant would credit the next answers to someone
    who may not be there."""
    if view.history:
        return view.history[-1].actor
    return view.participants[0] if view.participants else view.opened_by


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
        # F7 and F8 answer from every control: priority, since a text area would take F7 (select all)
        Binding("question_mark", "dont_know", "Je ne sais pas", show=False),
        Binding("f7", "dont_know", "Je ne sais pas", show=False, priority=True),
        Binding("a", "not_applicable", "Non applicable", show=False),
        Binding("f8", "not_applicable", "Non applicable", show=False, priority=True),
        Binding("p,ctrl+p", "confirm_offer", "Confirmer la réponse proposée", show=False),
        Binding("ctrl+r", "defer_all", "Reporter au fournisseur", show=False),
        *[Binding(str(d), f"digit({d})", show=False) for d in range(1, 10)],
        # priority: the progress tree (or any focused list) would take Espace first and the demonstration
        # would not move; check_action lets Espace through to a text being typed, and outside a demonstration
        Binding("space", "demo_step", "Étape suivante", show=False, priority=True),
        Binding("r,R", "demo_run", "Lecture auto", show=False),
    ]

    def __init__(self, session, step: Step, actor=None, demo=None):
        super().__init__()
        self.session = session
        self.step = step
        self.actor = actor or who_answers(session.view)
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
                yield QuestionCard(id="card")
                yield Static(id="who", markup=False)
                yield AnswerPanel(id="answer")
        yield KeysFooter()

    def on_mount(self) -> None:
        view = self.session.view
        self.query_one("#progress").display = self.wide
        chat = self.query_one(ChatLog)
        chat.add_info(f"Instruction « {view.title} »{' — ' + view.service if view.service else ''}. "
                      "Je pose les questions une à une ; vous décidez. F1 : pourquoi cette question ? "
                      "F2 : avancement et retour sur une réponse. ? ou F7 : je ne sais pas ; a ou F8 : non "
                      "applicable (dans un champ de saisie : F7 et F8).")
        if self.demo is not None:
            chat.add_info("Démonstration : Espace pour l'étape suivante, R pour la lecture automatique.", "info")
        for flag in self.step.turn.evaluation.red_lines + self.step.turn.evaluation.warnings:
            rule = flag.rule.rule
            mark = "⛔ LIGNE ROUGE" if flag.is_red_line else "⚠ Alerte"
            source = source_text(rule.source)
            chat.add_info(f"{mark} (signalée plus tôt) — {rule.title} : {rule.message} Source : {source}.",
                          "news " + ("ligne_rouge_levee" if flag.is_red_line else "alerte_levee"))
        self.set_class(self.app.projector, "-projector")
        self.render_step(self.step)

    @property
    def wide(self) -> bool:
        return self.app.size.width >= WIDE and not self.app.projector

    # --- rendering ----------------------------------------------------------------------

    def render_step(self, step: Step) -> None:
        self.step = step
        chat = self.query_one(ChatLog)
        for notice in step.notices:
            self.app.notify(notice, title="Points de reprise", severity="warning", timeout=20, markup=False)
        for event in step.news:
            chat.add_info(describe(event, self.session), "news " + event.kind)
        self.show_title()
        evaluation = step.turn.evaluation
        self.query_one(FlagBanner).show_flags(evaluation)
        self.update_who()
        turn = step.turn
        current = turn.question.id if turn.question else None
        self.query_one(ProgressTree).refresh_from(evaluation, self.revisit or current)
        if self.revisit:
            self.fit_later()
            return
        if turn.kind is not TurnKind.QUESTION:
            self.call_later(self.query_one(AnswerPanel).clear)
            self.query_one(QuestionCard).clear()
            self.shown_question = None
            self.open_summary()
            return
        if self.shown_question != turn.question.id or not turn.shown:
            self.shown_question = turn.question.id
            self.original_shown = False
            if not turn.shown:  # on screen now: the journal records the exact wording people see
                session = self.session
                self.app.acts.run(self, lambda: show(session, turn), Showing(turn.question.id))
        self.show_card(turn.question, turn.text, turn.rephrased, lines=self.card_lines(step))
        self.show_control(turn.question, step)

    def show_title(self) -> None:
        self.title = self.session.view.title
        self.sub_title = round_title(self.session.view)

    def card_lines(self, step: Step) -> tuple[str, ...]:
        """What to know before answering: the answer offered, a branch kept open by a « je ne sais pas »."""
        turn, lines = step.turn, []
        if step.offer is not None:
            keys = "Ctrl+P" if turn.question.question.type is AnswerType.text else "p"
            if step.offer.kind == DEFERRED:  # the grid's full note is in F1
                role = to_role(turn.question.question.answered_by[0])
                lines.append(f"→ Réponse proposée : « {step.offered} », à poser {role}, premier à pouvoir y "
                             f"répondre (F1 : pourquoi). « {keys} » pour la confirmer, ou répondez autrement.")
                if len(step.deferrable) > 1:
                    lines.append(f"→ Ctrl+R reporte d'un coup les {len(step.deferrable)} questions proposées ainsi, "
                                 "chacune consignée comme votre « je ne sais pas ».")
            else:
                lines.append(f"→ Réponse proposée : « {step.offered} ». {step.offer.note} « {keys} » pour la "
                             "confirmer, ou répondez autrement.")
        uncertain = turn.evaluation.statuses[turn.question.id].uncertain
        if uncertain:
            bundle = self.session.bundle
            named = ", ".join(question_ref(bundle.by_id[q]) for q in uncertain if q in bundle.by_id)
            lines.append(f"(Posée parce que vous avez répondu « je ne sais pas » à {named} : la branche reste "
                         "ouverte.)")
        return tuple(lines)

    def show_card(self, entry, text, rephrased=False, changing=None, lines=()) -> None:
        terms = terms_in_text(entry, self.app.catalog.glossary)
        self.query_one(QuestionCard).show_question(entry, text or entry.question.text, terms, rephrased, changing,
                                                   lines)

    def show_control(self, entry, step: Step | None = None, current=None) -> None:
        offer = step.offered if step is not None and step.offer is not None else None
        deferrable = len(step.deferrable) if step is not None else 0

        async def rebuild() -> None:
            self.query_one(AnswerPanel).remove_class("-compact")  # the next fit decides again
            await self.query_one(AnswerPanel).show(entry, self.demo is None and not self.panel_open, offer,
                                                   deferrable, self.list_room, current)
            self.fit_later()

        self.call_later(rebuild)

    def update_who(self) -> None:
        who = f"Répond : {person(self.actor.name, self.actor.role)} — F3 pour changer"
        self.query_one("#who", Static).update(who)

    # --- keeping the question in view ---------------------------------------------------------

    def fit_later(self) -> None:
        self.fits_left = 3
        self.call_after_refresh(self.fit)

    fits_left = 0  # a fit measures the layout it changes: again, until nothing moves

    def on_resize(self) -> None:
        self.query_one("#progress").display = self.wide or self.panel_open
        self.fit_later()

    def fit(self) -> None:
        """Give the screen's rows to the question first, then its control, then the banners, and
        what remains to the history: nothing of the question waiting is ever out of view. What gives
        way, in order: the history, the banners (one line naming every flag), a list of choices
        (it scrolls), a projector's tall buttons (one line again), a text area (two lines)."""
        if not self.is_mounted or not self.query_one("#talk").display:
            return
        card, answer = self.query_one(QuestionCard), self.query_one(AnswerPanel)
        banner, who = self.query_one(FlagBanner), self.query_one("#who", Static)
        choices = answer.choice_list
        listed = choices.outer_size.height if choices is not None else 0
        fixed = answer.outer_size.height - listed  # the answer's rows besides its list of choices
        wanted = choices.virtual_size.height + 2 if choices is not None else 0  # every choice, and the border
        smallest = min(wanted, MIN_CHOICES + 2)
        # the header, the footer, and one row the history always keeps (Textual gives it one anyway)
        rest = self.size.height - 3 - card.outer_size.height - who.outer_size.height - fixed
        full = banner.full_height
        # one line per flag while they fit and keep to a sixth of the screen (ten « à vérifier » after a
        # pre-check of « je ne sais pas » left the history three rows); else one line names them all
        room = max(BANNER_MIN, self.size.height // BANNER_SHARE)
        shown = full if full <= 1 or (full <= room and rest - max(full, wanted) >= 0) else 1
        moved = banner.fit_to(shown)
        self.list_room = max(smallest, rest - shown)
        if choices is not None and getattr(choices.styles.max_height, "value", None) != self.list_room:
            choices.styles.max_height = self.list_room
            moved = True
        short = rest - shown - smallest  # < 0: the control itself does not fit yet
        if short < 0 and self.app.projector and not answer.has_class("-compact"):
            answer.add_class("-compact")
            moved = True
        elif short < 0:
            for area in answer.query(TextArea):
                height = max(2, area.outer_size.height + short)
                if area.outer_size.height > height:
                    area.styles.height = height
                    moved = True
        self.fits_left = self.fits_left - 1 if moved else 0  # 0: the layout is settled
        if self.fits_left > 0:
            self.call_after_refresh(self.fit)
        else:  # the history shrank to give the question its rows: its last message back in view
            self.query_one(ChatLog).scroll_end(animate=False)

    list_room: int | None = None  # the rows the last list of choices had: the next one starts there

    def open_summary(self) -> None:
        from assistant.ui.screens.summary import SummaryScreen

        if not isinstance(self.app.screen, SummaryScreen):
            self.app.push_screen(SummaryScreen(self.session, self.step.turn, self.actor))

    def on_screen_resume(self) -> None:
        # back from the summary (to change an answer) or a dialog: show the state as it is now
        self.set_class(self.app.projector, "-projector")
        self.show_title()  # a follow-up with nothing to ask again opened its round from the summary
        if self.step.turn.kind is not TurnKind.QUESTION:
            self.query_one(ChatLog).add_info("Retour aux questions : F2 pour rouvrir une réponse.", "info")
        self.fit_later()

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
        chat = self.query_one(ChatLog)
        if isinstance(context, (Answering, Deferring)):
            self.set_busy(False)
        if isinstance(context, Answering):
            entry = self.session.bundle.by_id.get(context.question)
            if entry is not None:
                chat.add_question(entry, context.text or entry.question.text)
            if step.said is not None:
                chat.add_answer(context.who, step.said)
            if context.revisit:
                self.revisit = None  # only an answer ends a revisit; a note or a new participant does not
        elif isinstance(context, Deferring):
            chat.add_info(context.said.format(sum(context.counted)), "note")
        elif isinstance(context, Other) and context.said:  # in the journal now: the history says it
            chat.add_info(context.said, "note")
        self.render_step(step)

    def on_act_failed(self, message: ActFailed) -> None:
        context = message.context
        if isinstance(context, (Answering, Deferring)):
            self.set_busy(False)
        if isinstance(context, Answering):
            self.query_one(AnswerPanel).show_error(message.message)
        text = message.message
        if isinstance(context, Other) and context.said and not isinstance(context, Deferring):
            text += f" — non enregistré : {context.said}"
        self.app.notify(text, title="Non enregistré", severity="error", timeout=12, markup=False)

    def set_busy(self, busy: bool) -> None:
        """An answer is being recorded (a few milliseconds): another answer meanwhile is refused and
        said (`still_recording`). The controls stay as they are, focus included, until the next
        question's replace them: disabling them would restyle the panel twice per answer."""
        self.busy = busy

    def target(self):
        if self.revisit:
            return self.session.bundle.by_id[self.revisit]
        return self.step.turn.question

    def still_recording(self) -> bool:
        """One answer at a time: the next question depends on it. Said, never dropped silently."""
        if self.busy:
            self.app.notify("La réponse précédente s'enregistre encore : celle-ci n'est pas prise en compte, "
                            "donnez-la de nouveau dans un instant.", title="Non enregistré", severity="warning")
        return self.busy

    def who_answers(self) -> str:
        return person(self.actor.name, self.actor.role)

    def answer(self, value, justification: str | None = None, note: str | None = None) -> None:
        entry = self.target()
        if entry is None or self.still_recording():
            return
        option = entry.question.option(value) if isinstance(value, str) and entry.question.options else None
        if option is not None and option.asks_note and note is None:
            return self.ask_note_then_answer(entry, value, option.label)
        self.set_busy(True)
        actor, session, seen = self.actor, self.session, self.step.turn.position
        self.act(lambda: session.answer(entry.id, value, actor, justification, note, seen=seen),
                 Answering(entry.id, self.who_answers(), self.revisit is not None, self.card_text(entry)),
                 answered=entry.id)

    def card_text(self, entry) -> str:
        card = self.query_one(QuestionCard)
        turn = self.step.turn
        if card.entry is entry and turn.question is entry and turn.text and not self.original_shown:
            return turn.text
        return entry.question.text

    def ask_note_then_answer(self, entry, value, label: str) -> None:
        """A choice that asks for a note (« En partie (préciser dans une note) ») opens it at once;
        the answer and its note are then recorded together. Échap: nothing recorded."""
        from assistant.ui.screens.modals import TextPrompt

        def done(text):
            if text is not None:
                self.answer(value, note=text)

        self.app.push_screen(TextPrompt(f"« {label} » : précisez", "Ce que le projet fait et ce qui manque "
                                        "encore ; la note accompagne la réponse au rapport. Laissez vide pour "
                                        "répondre sans note ; Échap pour revenir à la question.",
                                        required=False), done)

    def action_confirm_offer(self) -> None:
        """« p » (Ctrl+P from a text field): the answer the grids offer here, confirmed as the team's own."""
        entry = self.target()
        if entry is None or self.step.offer is None or self.revisit or self.still_recording():
            return
        self.set_busy(True)
        actor, session, seen = self.actor, self.session, self.step.turn.position
        self.act(lambda: session.confirm_offer(entry.id, actor, seen=seen),
                 Answering(entry.id, self.who_answers(), False, self.card_text(entry)), answered=entry.id)

    def action_defer_all(self) -> None:
        """Ctrl+R: every question the grids put to the same role as this one (no supplier chosen yet),
        deferred at once, each recorded as the team's « je ne sais pas » with the offer beside it."""
        entry = self.target()
        if entry is None or len(self.step.deferrable) < 2 or self.revisit or self.still_recording():
            return
        role = entry.question.answered_by[0]
        self.set_busy(True)
        actor, session, seen = self.actor, self.session, self.step.turn.position
        context = Deferring(f"{self.who_answers()} reporte {{}} questions {to_role(role)} : chacune est consignée "
                            "en « je ne sais pas », comme point ouvert à lui poser.")

        def defer() -> None:
            before = len(session.view.answers)
            session.confirm_deferred(actor, role, seen=seen)
            context.counted.append(len(session.view.answers) - before)

        self.act(defer, context)

    @on(AnswerPanel.Chosen)
    def chosen(self, message: AnswerPanel.Chosen) -> None:
        self.answer(message.value)

    @on(AnswerPanel.ConfirmOffer)
    def offer_button(self) -> None:
        self.action_confirm_offer()

    @on(AnswerPanel.DeferAll)
    def defer_button(self) -> None:
        self.action_defer_all()

    def action_dont_know(self) -> None:
        if self.target() is not None and not self.panel_open:
            self.answer("nsp")

    @on(AnswerPanel.NotApplicable)
    def action_not_applicable(self) -> None:
        from assistant.ui.screens.modals import TextPrompt

        entry = self.target()
        if entry is None or self.panel_open or self.still_recording():
            return

        def done(text):
            if text:
                self.answer("na", text)

        self.app.push_screen(TextPrompt("Non applicable", "Pourquoi cette question ne s'applique-t-elle pas à "
                                        "ce projet ? (enregistré à votre nom)"), done)

    def action_quick(self, value) -> None:
        entry = self.target()
        if entry is None or self.focused_is_text() or self.panel_open:
            return
        if entry.question.type is AnswerType.yes_no:
            self.answer(value)

    def action_digit(self, digit: int) -> None:
        """Choices are numbered: the digit chooses (a single choice, a scale) or ticks (a multiple one)."""
        if self.target() is None or self.focused_is_text() or self.panel_open or self.still_recording():
            return
        self.query_one(AnswerPanel).choose(digit)

    def focused_is_text(self) -> bool:
        return self.focused is not None and type(self.focused).__name__ in TEXT_WIDGETS

    def action_submit(self) -> None:
        self.query_one(AnswerPanel).submit()

    def action_note(self) -> None:
        from assistant.ui.screens.modals import TextPrompt

        entry = self.target()
        if entry is None:
            return
        actor, session = self.actor, self.session

        def done(text):
            if text:  # told in the history once the journal holds it
                self.act(lambda: session.add_note(entry.id, text, actor),
                         Other(f"✎ Note {of_name(actor.name)} : {text}"))

        number = f"n° {entry.question.number}" if entry.question.number else f"« {entry.question.text[:50]}… »"
        self.app.push_screen(TextPrompt(f"Note sur la question {number}",
                                        "Une remarque, une source, une réserve : elle figurera au rapport."), done)

    def action_who(self) -> None:
        from assistant.ui.screens.modals import WhoAnswers

        def done(result):
            if not result:
                return
            kind, newcomer = result
            if kind == "ajouter":
                by, session = self.actor, self.session
                self.act(lambda: session.join(newcomer, by),
                         Other(f"{person(newcomer.name, newcomer.role)} rejoint l'instruction."))
            self.actor = newcomer
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
        text = turn.question.question.text if self.original_shown else turn.text
        self.show_card(turn.question, text, not self.original_shown, lines=self.card_lines(self.step))
        # the journal records what people now see: the original, or the rephrasing again
        if self.original_shown:
            self.app.acts.run(self, lambda: session.show_original(qid), Toggling(True))
        else:
            self.app.acts.run(self, lambda: session.show(turn), Toggling(False))

    # --- the progress panel, and going back to an answer ---------------------------------------

    panel_open = False  # F2 put the keyboard in the progress panel

    def action_toggle_panel(self) -> None:
        """F2 shows the panel and puts the focus in it; F2 again (or Échap) goes back to the answer."""
        if self.panel_open:
            self.close_panel()
            return
        self.panel_open = True
        panel = self.query_one("#progress", ProgressTree)
        panel.display = True
        self.set_class(not self.wide, "-panel-over")  # a narrow screen: the panel takes the whole width
        self.query_one("#talk").display = self.wide
        panel.show_pending()
        panel.focus()

    def close_panel(self) -> None:
        self.panel_open = False
        panel = self.query_one("#progress")
        self.remove_class("-panel-over")
        self.query_one("#talk").display = True
        panel.display = self.wide
        self.query_one(AnswerPanel).focus_first()
        self.fit_later()

    @on(Tree.NodeSelected, "#progress")
    def reopen(self, event: Tree.NodeSelected) -> None:
        qid = event.node.data
        if not isinstance(qid, str) or ":" in qid:
            return
        status = self.step.turn.evaluation.statuses.get(qid)
        entry = self.session.bundle.by_id.get(qid)
        if status is None or entry is None:
            return
        named = question_ref(entry)
        if status.status == SKIPPED:
            self.app.notify(status.reason.message, title=f"{named[0].upper()}{named[1:]}", timeout=15, markup=False)
            return
        if status.status not in (ANSWERED, UNKNOWN, DECLARED_NA):
            self.app.notify("Cette question n'a pas encore de réponse.", markup=False)
            return
        if self.busy:
            self.still_recording()
            return
        self.revisit = qid
        session = self.session
        self.app.acts.run(self, lambda: session.show_original(qid), None)  # the wording seen for the change
        current = display(entry.question, status.answer, entry.grid.scale)
        self.close_panel()
        self.show_card(entry, entry.question.text, changing=current)
        self.show_control(entry, current=status.answer)  # the controls start on the answer being changed
        self.update_who()

    def action_back(self) -> None:
        if self.panel_open:
            self.close_panel()
            return
        if self.revisit:
            self.revisit = None
            self.query_one(ChatLog).add_info("Modification annulée.", "info")
            self.shown_question = None
            self.render_step(replace(self.step, news=[], notices=[], said=None))
            return
        self.stop_demo()
        self.app.pop_screen()

    def on_unmount(self) -> None:
        if self.demo is not None:  # a demonstration's journal is its own, in a temporary folder: gone with it
            from assistant.ui.screens.demo import discard

            discard(self.session)

    # --- demonstration ------------------------------------------------------------------

    def check_action(self, action: str, parameters) -> bool | None:
        if action == "demo_step":
            return self.demo is not None and not self.focused_is_text()
        return True

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
        point = self.demo.open_points.get(qid) if item.value == "nsp" else None

        def played() -> None:  # as `instruire jouer` plays it: an open point with its owner and date
            if point is not None:
                session.dont_know(qid, actor, point["owner"], point["due"], seen=turn.position)
                if item.note:
                    session.add_note(qid, item.note, actor)
            else:
                session.answer(qid, item.value, actor, item.justification, item.note, seen=turn.position)

        self.set_busy(True)
        self.act(played, Answering(qid, person(actor.name, actor.role), False, self.card_text(turn.question)),
                 answered=qid)

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

