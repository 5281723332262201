"""Home: start an instruction, resume an open one, open a finished one, or play a demonstration."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, Header, OptionList, Static
from textual.widgets.option_list import Option

from assistant.ui.messages import ActDone, ActFailed, ListingReady
from assistant.ui.widgets.footer import KeysFooter


def entry(row) -> Text:
    """One instruction on two lines, whatever the width: what it is, then where it stands."""
    text = Text(row.title, style="bold")
    if row.service:
        text.append(f" — {row.service}")
    red = (f"⛔ {len(row.red_lines)} ligne{'s' if len(row.red_lines) > 1 else ''} rouge"
           f"{'s' if len(row.red_lines) > 1 else ''}" if row.red_lines else "aucune ligne rouge")
    text.append(f"\n  {row.status} · {row.progress} réponses · {red} · stade : {row.stage} · ouverte le "
                f"{row.opened}", style="dim" if row.finished else "")
    return text


def chain_notice(journal_path) -> str:
    """The journal's chain walked (`journal.verify`): the French notice if it is broken, else ""."""
    from pathlib import Path

    from journal.log import Journal
    from journal.verify import verify

    if not Path(journal_path).exists():
        return ""
    with Journal(journal_path) as journal:
        verdict = verify(journal)
    if verdict.ok:
        return ""
    # the documents' notice (journal.verify.broken_notice) speaks of "ce document": here, the journal itself
    return (f"JOURNAL ALTÉRÉ — la chaîne d'empreintes est rompue ({verdict.message}). Vous pouvez continuer ; "
            "les documents le signaleront. À faire vérifier : « instruire journal verifier ».")


class HomeScreen(Screen):
    BINDINGS = [
        Binding("n", "new", "Nouvelle instruction"),
        Binding("p", "precheck", "Pré-examen"),
        Binding("d", "demo", "Démonstration"),
        Binding("enter", "open", "Ouvrir", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="home"):
            yield Static("Bienvenue. instruire pose les questions des grilles publiques une à une, signale les "
                         "lignes rouges et consigne chaque réponse. [b]Il ne décide jamais[/b] : la décision "
                         "revient aux personnes présentes. F5 : thème clair ou sombre ; F6 : mode projection.",
                         id="welcome")
            with Horizontal(id="home-actions"):
                yield Button("Nouvelle instruction (n)", id="new", variant="primary")
                yield Button("Pré-examen d'une idée (p)", id="precheck")
                yield Button("Démonstration (d)", id="demo")
            yield Static("Chargement du moteur de dialogue…", id="loading", markup=False)
            yield Static("", id="chain-notice", markup=False)  # said only when the journal's chain is broken
            yield Static("Lecture du journal…", id="list-title", markup=False)
            yield OptionList(id="instructions", markup=False)
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one("#chain-notice", Static).display = False
        if self.app.store is not None:
            self.store_ready()
            self.refresh_list()
        # otherwise the app's loader posts the list as soon as the grids are read

    chain_checked = False

    def check_chain(self) -> None:
        """A journal whose chain is broken is said at once; people can still work with it."""
        path = self.app.journal_path
        self.app.acts.run(self, lambda: chain_notice(path), "chain", failure="journal illisible : {error}")

    def show_chain_notice(self, notice: str) -> None:
        widget = self.query_one("#chain-notice", Static)
        widget.update(f"⚠ {notice}" if notice else "")
        widget.display = bool(notice)
        # at 80×24 the notice takes the welcome's place: the list of instructions stays in view
        self.query_one("#welcome", Static).display = not notice

    def refresh_list(self) -> None:
        from assistant.ui.listing import rows

        if self.app.catalog is not None:
            path, catalog = self.app.journal_path, self.app.catalog
            self.app.acts.run(self, lambda: rows(path, catalog), "listing", failure="journal illisible : {error}")

    def on_listing_ready(self, message: ListingReady) -> None:
        message.stop()
        self.show_rows(message.rows)

    def show_rows(self, found) -> None:
        if not self.chain_checked:  # walked once, after the list is first shown (0,5 s for 100 000 events)
            self.chain_checked = True
            self.check_chain()
        table = self.query_one("#instructions", OptionList)
        highlighted = table.highlighted
        table.clear_options()
        table.add_options([Option(entry(row), id=row.id) for row in found])
        if found:
            table.highlighted = min(highlighted or 0, len(found) - 1)
        self.query_one("#list-title", Static).update(
            "Instructions enregistrées (Entrée pour ouvrir) :" if found
            else "Aucune instruction enregistrée pour l'instant.")
        if found:
            table.focus()  # the list first: resuming is the most frequent act

    def store_ready(self) -> None:
        self.query_one("#loading", Static).update(f"Journal : {self.app.journal_path}")

    def on_screen_resume(self) -> None:
        if self.app.catalog is not None:
            self.refresh_list()

    def _need_store(self) -> bool:
        if self.app.store is None:
            self.app.notify("Le moteur de dialogue se charge encore, un instant…")
            return False
        return True

    @on(Button.Pressed, "#new")
    def action_new(self) -> None:
        from assistant.ui.screens.new import NewInstructionScreen

        if self._need_store():
            self.app.push_screen(NewInstructionScreen(mode="complete"))

    @on(Button.Pressed, "#precheck")
    def action_precheck(self) -> None:
        from assistant.ui.screens.new import NewInstructionScreen

        if self._need_store():
            self.app.push_screen(NewInstructionScreen(mode="pre_examen"))

    @on(Button.Pressed, "#demo")
    def action_demo(self) -> None:
        from assistant.ui.screens.demo import DemoPickScreen

        if self._need_store():
            self.app.push_screen(DemoPickScreen())

    @on(OptionList.OptionSelected, "#instructions")
    def action_open(self, event: OptionList.OptionSelected | None = None) -> None:
        table = self.query_one("#instructions", OptionList)
        if table.option_count == 0 or table.highlighted is None or not self._need_store():
            return
        key = event.option.id if event else table.get_option_at_index(table.highlighted).id
        if not self.opening:
            self.opening = True
            self.open_instruction(key)

    opening = False  # one instruction opens at a time: a double Enter does not open it twice

    def open_instruction(self, instruction: str) -> None:
        from assistant.ui.controller import run_step

        store = self.app.store

        def opened():
            session = store.resume(instruction)
            return session, run_step(session)

        self.app.acts.run(self, opened, "open", failure="ouverture impossible : {error}")

    def on_act_done(self, message: ActDone) -> None:
        from assistant.ui.screens.conversation import ConversationScreen

        if message.context == "listing":
            self.show_rows(message.result)
            return
        if message.context == "chain":
            self.show_chain_notice(message.result)
            return
        self.opening = False
        session, step = message.result
        self.app.push_screen(ConversationScreen(session, step))

    def on_act_failed(self, message: ActFailed) -> None:
        if message.context == "open":
            self.opening = False
        self.app.notify(message.message, severity="error", timeout=15, markup=False)
