"""Demonstration: the bundled fictional cases, played step by step or left to run.

Demonstrations are recorded in a journal of their own (in a temporary folder), so that
the organisation's journal and registry hold only real instructions.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

import dialogues
from assistant.ui.messages import ActDone, ActFailed
from assistant.ui.widgets.footer import KeysFooter

EXAMPLES = Path(dialogues.__file__).parent / "exemples"


def examples() -> list[Path]:
    return sorted(EXAMPLES.glob("*.yaml"))


def demonstration(path: Path, catalog, decisions):
    """A fictional case opened in a journal of its own: the session, its first step, the answers to play."""
    from assistant.ui.controller import run_step
    from dialogues.errors import DialogueError
    from dialogues.play import AnswersFileError, read_answers_file
    from dialogues.store import Store

    directory = Path(tempfile.mkdtemp(prefix=PREFIX))
    store = Store.open(directory / "journal.sqlite", directory / "reprises.sqlite", catalog, decisions=decisions)
    try:
        plan = read_answers_file(path, store)
        people = plan.participants
        session = store.start(plan.title, people[0], plan.grids, plan.service, plan.description, people[1:], plan.mode)
    except AnswersFileError as exc:
        discard_store(store)
        raise DialogueError(str(exc)) from None  # said as it is, file and line
    except BaseException:
        discard_store(store)
        raise
    return session, run_step(session), plan


PREFIX = "instruire-demo-"


def discard(session) -> None:
    """The demonstration is over (its screen closed, the app quit): its journal goes with it."""
    discard_store(session.store)


def discard_store(store) -> None:
    folder = Path(store.journal.path).parent
    store.close()
    if folder.name.startswith(PREFIX) and folder.parent == Path(tempfile.gettempdir()):
        shutil.rmtree(folder, ignore_errors=True)


class DemoPickScreen(Screen):
    BINDINGS = [Binding("escape", "app.pop_screen", "Retour")]

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="home"):
            yield Static("[b]Démonstration[/b] — cas fictifs. Espace : étape suivante ; R : lecture automatique. "
                         "Les démonstrations ne sont pas mêlées au journal de la collectivité.")
            yield OptionList(*[Option(self.describe(p), id=str(p)) for p in examples()], id="examples", markup=False)
        yield KeysFooter()

    @staticmethod
    def describe(path: Path) -> Text:
        """A case by its title and what it shows (the first line of its file), never its file name."""
        lines = path.read_text(encoding="utf-8").splitlines()
        shows = lines[0].lstrip("# ").strip()
        title = next((line.split(":", 1)[1].strip() for line in lines if line.strip().startswith("titre:")), "")
        return Text.assemble((title or "Cas fictif", "bold"), "\n", shows)

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def picked(self, event: OptionList.OptionSelected) -> None:
        self.start(Path(event.option.id))

    def start(self, path: Path) -> None:
        catalog, decisions = self.app.catalog, self.app.store.decisions
        self.app.acts.run(self, lambda: demonstration(path, catalog, decisions),
                          failure="démonstration impossible : {error}")

    def on_act_done(self, message: ActDone) -> None:
        from assistant.ui.screens.conversation import ConversationScreen

        session, step, plan = message.result
        self.app.push_screen(ConversationScreen(session, step, demo=plan))

    def on_act_failed(self, message: ActFailed) -> None:
        self.app.notify(message.message, severity="error")
