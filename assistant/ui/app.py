"""The Textual application: a guided conversation a newcomer can follow, a trainer can project.

The first screen appears at once; the dialogue machinery (LangGraph, about a second to
import) loads in a worker thread and announces itself with a message. Workers only post
messages; handlers own the UI state; a failing worker shows a French error, never quits.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

from textual import work
from textual.app import App
from textual.binding import Binding

from assistant.config import Settings
from assistant.ui.acts import ActRunner
from assistant.ui.collector import Collector
from assistant.ui.messages import ActFailed, ActsIdle, CatalogReady, ListingReady, StoreFailed, StoreNotice, StoreReady

DARK, LIGHT = "textual-dark", "textual-light"


class InstruireApp(App):
    CSS_PATH = Path(__file__).parent / "app.tcss"  # absolute: subclasses (tests, probes) live elsewhere
    ENABLE_COMMAND_PALETTE = False  # an English palette; every act has its key, shown in the footer
    TITLE = "instruire"
    SUB_TITLE = "instruction des cas d'usage de l'IA"
    BINDINGS = [
        # from every screen and control (a text area would take F6: select the line)
        Binding("f5", "toggle_theme", "Thème clair/sombre", priority=True, show=False),
        Binding("f6", "toggle_projector", "Mode projection", priority=True, show=False),
        Binding("ctrl+q", "quit", "Quitter", priority=True),
    ]

    def __init__(self, settings: Settings, catalog: Any, journal_path: Path, checkpoints_path: Path,
                 decisions: dict[str, str] | None = None, llm: Any = None):
        super().__init__()
        self.settings = settings
        # A catalog, or a function that loads one: then it loads after the first screen.
        self.catalog = None if callable(catalog) else catalog
        self._catalog_loader = catalog if callable(catalog) else None
        self.journal_path = journal_path
        self.checkpoints_path = checkpoints_path
        self.decisions = decisions
        self.llm = llm  # LLMSettings, or None: no language model (the default)
        self.rephraser = None
        self.store = None  # set when StoreReady arrives
        self.projector = False
        # every act of every screen, in order, off the screen's thread; the checkpoints when it pauses
        self.acts = ActRunner(self, when_idle=self.when_idle)
        self.collector = Collector()

    def on_mount(self) -> None:
        from assistant.ui.screens.home import HomeScreen

        self.theme = DARK
        self.push_screen(HomeScreen())

    def on_ready(self) -> None:
        # Started once the first screen is painted, so that loading never competes with it.
        self.load_store()

    @work(thread=True, exit_on_error=False, group="store")
    def load_store(self) -> None:
        """Grids, the instruction list, then the dialogue engine: each announced when ready."""
        try:
            from dialogues.store import DEFAULT_DECISIONS, Store  # no LangGraph yet: see attach_graph
            from journal.log import JournalError

            if self.catalog is None and self._catalog_loader is not None:
                catalog = self._catalog_loader()
                self.post_message(CatalogReady(catalog, list(catalog.problems)))
            else:
                catalog = self.catalog
            from assistant.ui.listing import rows

            try:
                self.post_message(ListingReady(rows(self.journal_path, catalog)))
            except Exception as exc:  # an unreadable journal is said, not raised
                self.post_message(StoreFailed(f"journal illisible : {exc}"))

            try:
                store = Store.open(self.journal_path, self.checkpoints_path, catalog,
                                   decisions=self.decisions or dict(DEFAULT_DECISIONS), load_graph=False,
                                   level_each_turn=False)
            except JournalError as exc:
                self.post_message(StoreFailed(str(exc)))
                return
        except Exception as exc:  # shown in French; the app stays up and nothing recorded is touched
            self.post_message(StoreFailed(f"le moteur de dialogue n'a pas pu démarrer : {exc}"))
            return
        if self.llm is not None:
            from assistant.llm.rephraser import install

            self.rephraser = install(store, self.llm)
        # The team can start at once: the journal and the pure rules carry the first questions
        # while LangGraph loads; attaching it replays whatever was answered meanwhile.
        self.post_message(StoreReady(store))
        try:
            store.attach_graph()
        except Exception as exc:
            self.post_message(StoreFailed(f"le moteur de dialogue n'a pas pu démarrer : {exc} ; les réponses "
                                          "déjà données sont dans le journal"))
            return
        self.collector.settle()  # what is loaded now lives as long as the app
        for notice in store.take_notices():  # a damaged checkpoint file, set aside and rebuilt
            self.post_message(StoreNotice(notice))

    def when_idle(self) -> None:
        """The team paused (in the act runner's turn, off the screen's thread): the graph's checkpoints
        catch up with the journal, and the cycle collector runs if it is due. Answers never wait for
        either: the next question is the pure rules' own, which the graph's node calls too."""
        if self.store is not None:
            self.store.level_pending()
            for notice in self.store.take_notices():
                self.post_message(StoreNotice(notice))
        self.collector.when_idle(self.acts.count)

    def on_acts_idle(self, message: ActsIdle) -> None:
        self.acts.acts_idle(message)

    def on_act_failed(self, message: ActFailed) -> None:  # the idle work's (screens handle their own)
        self.notify(message.message, title="Points de reprise", severity="warning", timeout=20, markup=False)

    def on_catalog_ready(self, message: CatalogReady) -> None:
        self.catalog = message.catalog
        if message.problems:
            lines = "\n".join(p.render() for p in message.problems[:5])
            self.notify(f"Grilles personnelles écartées (les autres restent utilisables) :\n{lines}",
                        title="Grilles", severity="warning", timeout=30, markup=False)

    def on_listing_ready(self, message: ListingReady) -> None:
        for screen in self.screen_stack:
            if hasattr(screen, "show_rows"):
                screen.show_rows(message.rows)

    def on_store_ready(self, message: StoreReady) -> None:
        self.store = message.store
        for screen in self.screen_stack:
            if hasattr(screen, "store_ready"):
                screen.store_ready()

    def on_store_failed(self, message: StoreFailed) -> None:
        self.notify(message.message, title="Erreur", severity="error", timeout=30, markup=False)

    def on_store_notice(self, message: StoreNotice) -> None:
        self.notify(message.message, title="Points de reprise", severity="warning", timeout=30, markup=False)

    def action_toggle_theme(self) -> None:
        self.theme = LIGHT if self.theme == DARK else DARK

    def action_toggle_projector(self) -> None:
        self.projector = not self.projector
        self.screen.set_class(self.projector, "-projector")
        for screen in self.screen_stack:
            screen.set_class(self.projector, "-projector")
            if hasattr(screen, "fit_later"):  # the conversation gives its rows again
                screen.on_resize()
        self.notify("Mode projection " + ("activé : texte aéré, panneau masqué, contraste renforcé"
                                         if self.projector else "désactivé"))

    def on_unmount(self) -> None:
        if self.rephraser is not None:
            self.rephraser.close()
        if self.store is not None:
            # left level with the journal; if it cannot be, the next opening levels it from the journal
            with contextlib.suppress(Exception):
                self.store.level_pending()
            self.store.close()


def build_app(settings: Settings, catalog: Any, journal_path: Path, checkpoints_path: Path, **kwargs) -> InstruireApp:
    return InstruireApp(settings, catalog, journal_path, checkpoints_path, **kwargs)
