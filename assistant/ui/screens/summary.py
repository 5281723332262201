"""The end of the questions: a summary a committee can read, then the people's decision."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Markdown

from grilles import declared
from grilles.answers import display
from grilles.formats import source_text
from grilles.rules import DECLARED_NA
from grilles.schema import ROLE_LABELS
from grilles.scores import axis_scores
from dialogues.turns import TurnKind
from assistant.ui.charts import score_lines
from assistant.ui.messages import ActDone, ActFailed


def summary_markdown(session, turn) -> str:
    ev = turn.evaluation
    view = session.view
    bundle = session.bundle
    md = [f"# {view.title}", ""]
    state = {TurnKind.DECISION: "Toutes les questions sont posées : **la décision revient aux personnes présentes.**",
             TurnKind.DECIDED: f"Décision enregistrée : **{view.decision.label if view.decision else ''}**.",
             TurnKind.PRECHECK_DONE: "Pré-examen terminé : voici ce que le profil révèle et ce que l'instruction "
                                   "complète demandera."}.get(turn.kind, "")
    md += [state, "", "L'assistant n'a rien décidé : il signale et liste ; il ne recommande pas.", ""]
    md.append("## Lignes rouges")
    md += [f"- ⛔ **{f.rule.rule.title}** — {f.rule.rule.message} *(source : {source_text(f.rule.rule.source)})*"
           for f in ev.red_lines] or ["Aucune ligne rouge signalée."]
    md += ["", "## Alertes"]
    md += [f"- ⚠ **{f.rule.rule.title}** — {f.rule.rule.message}" for f in ev.warnings] or ["Aucune alerte."]
    if ev.to_check:
        md += ["", "## À vérifier"]
        md += [f"- ? **{f.rule.rule.title}** : dépend de {', '.join(c.question for c in f.causes)} "
               f"({f.to_check_reason})" for f in ev.to_check]
    md += ["", "## Points ouverts"]
    points = ev.open_points
    if not points:
        md.append("Aucun point ouvert.")
    for p in points:
        who = ", ".join(ROLE_LABELS[r] for r in p.who) or "à déterminer"
        assigned = view.open_points.get(p.subject, {})
        extra = ""
        if assigned.get("owner") or assigned.get("due"):
            extra = f" — responsable : {assigned.get('owner') or '?'}, échéance : {assigned.get('due') or '?'}"
        label = bundle.by_id[p.subject].question.text if p.subject in bundle.by_id else p.subject
        md.append(f"- {p.subject} : {label[:90]} *(qui peut répondre : {who})*{extra}")
    charts = []
    for loaded in bundle.grids:
        scores = axis_scores(ev, loaded.grid)
        if scores:
            charts += [f"{loaded.grid.title}", *score_lines(scores), ""]
    if charts:
        md += ["", "## Notes par axe", "```", *charts, "```"]
    if turn.kind is TurnKind.PRECHECK_DONE:
        from dialogues.precheck import outlook

        md += ["", "## Ce que demandera l'instruction complète"]
        for o in outlook(session):
            md.append(f"- **{o.title}** : {o.questions} question(s) à poser ({o.skipped} déjà écartée(s)) ; "
                      f"experts à réunir : {', '.join(ROLE_LABELS[r] for r in o.experts) or '—'}")
    md += ["", "## Réponses par critère"]
    for loaded in bundle.grids:
        md += ["", f"### {loaded.grid.title}"]
        for section in loaded.grid.sections:
            rows = []
            for e in bundle.entries:
                if e.grid.id == loaded.grid.id and e.criterion.id == section.id:
                    st = ev.statuses[e.id]
                    if st.answer is not None and st.status != "ecartee":
                        shown = display(e.question, st.answer, e.grid.scale).replace("|", "/").replace("\n", " ")
                        rows.append(f"| {e.question.number or e.local_id} | {e.question.text[:70].replace('|', '/')} "
                                    f"| {shown[:60]} |")
            if rows:
                md += ["", f"**{section.title}**", "", "| n° | question | réponse |", "|---|---|---|", *rows]
    md += ["", "## Questions écartées (sans objet)"]
    md += [f"- {e.id} : {ev.statuses[e.id].reason.message}" for e in ev.skipped] or ["Aucune."]
    declared_na = [e for e in bundle.entries if ev.statuses[e.id].status == DECLARED_NA]
    if declared_na:
        md += ["", "## Déclarées non applicables"]
        md += [f"- {e.id} : {ev.statuses[e.id].answer.justification}" for e in declared_na]
    return "\n".join(md)


class SummaryScreen(Screen):
    BINDINGS = [
        Binding("d", "decide", "Décision"),
        Binding("e", "export", "Exporter"),
        Binding("c", "continue_full", "Instruction complète", show=False),
        Binding("p", "assign", "Point ouvert"),
        Binding("s", "follow_up", "Suivi"),
        Binding("escape", "back", "Retour aux questions"),
        Binding("h", "home", "Accueil"),
    ]

    def __init__(self, session, turn, actor):
        super().__init__()
        self.session, self.turn, self.actor = session, turn, actor

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="summary"):
            yield Markdown(summary_markdown(self.session, self.turn), id="summary-md")
        with Horizontal(classes="form-buttons", id="summary-actions"):
            if self.turn.kind is TurnKind.DECISION:
                yield Button("Enregistrer la décision (d)", id="decide", variant="primary")
            if self.turn.kind is TurnKind.PRECHECK_DONE:
                yield Button("Continuer en instruction complète (c)", id="continue", variant="primary")
            yield Button("Exporter (e)", id="export")
            yield Button("Questions (Échap)", id="back")
        yield Footer()

    def on_mount(self) -> None:
        self.title = self.session.view.title
        self.sub_title = "synthèse"
        self.set_class(self.app.projector, "-projector")

    @on(Button.Pressed, "#decide")
    def action_decide(self) -> None:
        from assistant.ui.screens.decision import DecisionScreen

        if self.turn.kind is not TurnKind.DECISION:
            self.app.notify("La décision s'enregistre une fois toutes les questions posées.")
            return
        self.app.push_screen(DecisionScreen(self.session, self.turn, self.actor), self.decided)

    def decided(self, turn) -> None:
        if turn is not None:
            self.turn = turn
            self.query_one("#summary-md", Markdown).update(summary_markdown(self.session, turn))
            self.app.notify("Décision enregistrée au journal. Vous pouvez exporter le rapport (e).")

    @on(Button.Pressed, "#export")
    def action_export(self) -> None:
        from assistant.ui.screens.export import ExportScreen

        self.app.push_screen(ExportScreen(self.session))

    continuing = False

    @on(Button.Pressed, "#continue")
    def action_continue_full(self) -> None:
        if self.turn.kind is not TurnKind.PRECHECK_DONE or self.continuing:
            return
        self.continuing = True
        grids = declared.choosable_grids(self.app.catalog.grids.values())
        self.continue_full(grids)

    def continue_full(self, grids) -> None:
        from assistant.ui.controller import run_step

        session, actor = self.session, self.actor
        self.app.acts.run(self, lambda: run_step(session, lambda: session.continue_full(actor, grids)), "continue")

    def action_assign(self) -> None:
        """Give an open point its owner and due date (« Nom ; AAAA-MM-JJ »)."""
        from assistant.ui.screens.modals import Choose, TextPrompt

        points = [(p.subject, f"{p.subject} — {self.session.bundle.by_id[p.subject].question.text[:60]}")
                  for p in self.turn.evaluation.open_points if p.kind == "nsp"]
        if not points:
            self.app.notify("Aucun point ouvert à attribuer.")
            return

        def chosen(question):
            if question:
                self.app.push_screen(TextPrompt("Qui s'en charge, et pour quand ?",
                                                "« Nom ; AAAA-MM-JJ » (l'échéance est facultative)"),
                                     lambda text: self.assign(question, text) if text else None)

        self.app.push_screen(Choose("Point ouvert à attribuer", points), chosen)

    def assign(self, question: str, text: str) -> None:
        from assistant.ui.controller import run_step

        owner, _, due = (part.strip() for part in text.partition(";"))
        session, actor = self.session, self.actor
        note = f"Point ouvert {question} : {owner or '?'}, {due or 'sans échéance'}."
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
        step = message.result
        self.turn = step.turn
        if message.context not in ("continue", "follow_up") or step.turn.kind is not TurnKind.QUESTION:
            # nothing to ask again (or an open point given an owner): stay on the summary, up to date
            self.query_one("#summary-md", Markdown).update(summary_markdown(self.session, self.turn))
            if message.context not in ("continue", "follow_up"):
                self.app.notify(message.context)
            return
        self.app.pop_screen()
        conversation = self.app.screen
        if hasattr(conversation, "render_step"):
            conversation.render_step(step)

    def on_act_failed(self, message: ActFailed) -> None:
        self.continuing = False
        self.app.notify(message.message, severity="error")

    @on(Button.Pressed, "#back")
    def action_back(self) -> None:
        self.app.pop_screen()

    def action_home(self) -> None:
        from assistant.ui.screens.home import HomeScreen

        while not isinstance(self.app.screen, HomeScreen) and len(self.app.screen_stack) > 1:
            self.app.pop_screen()
