"""Demonstration: the bundled fictional cases, played step by step or left to run.

Demonstrations are recorded in a journal of their own (in a temporary folder), so that
the organisation's journal and registry hold only real instructions.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from assistant.ui.messages import ActDone, ActFailed

import dialogues

EXAMPLES = Path(dialogues.__file__).parent / "exemples"


def examples() -> list[Path]:
    return sorted(EXAMPLES.glob("*.yaml"))


def demonstration(path: Path, catalog, decisions):
    """A fictional case opened in a journal of its own: the session, its first step, the answers to play."""
    from dialogues.errors import DialogueError
    from dialogues.play import AnswersFileError, read_answers_file
    from dialogues.store import Store

    from assistant.ui.controller import run_step

    directory = Path(tempfile.mkdtemp(prefix="instruire-demo-"))
    store = Store.open(directory / "journal.sqlite", directory / "reprises.sqlite", catalog, decisions=decisions)
    try:
        plan = read_answers_file(path, store)
        people = plan.participants
        session = store.start(plan.title, people[0], plan.grids, plan.service, plan.description, people[1:], plan.mode)
    except AnswersFileError as exc:
        store.close()
        raise DialogueError(str(exc)) from None  # said as it is, file and line
    except BaseException:
        store.close()
        raise
    return session, run_step(session), plan


class DemoPickScreen(Screen):
    BINDINGS = [Binding("escape", "app.pop_screen", "Retour")]

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="home"):
            yield Static("[b]Démonstration[/b] — cas fictifs. Espace : étape suivante ; R : lecture automatique. "
                         "Les démonstrations ne sont pas mêlées au journal de la collectivité.")
            yield OptionList(*[Option(self.describe(p), id=str(p)) for p in examples()], id="examples")
        yield Footer()

    @staticmethod
    def describe(path: Path) -> str:
        first = path.read_text(encoding="utf-8").splitlines()[0].lstrip("# ").strip()
        return f"{path.stem} — {first}"

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
