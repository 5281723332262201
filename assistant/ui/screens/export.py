"""Export the committee documents: the report in each format, the open points, the supplier questionnaire."""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_documents_dir
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label

from assistant.ui.messages import ActDone, ActFailed

CHOICES = [
    ("html", "Fiche d'instruction — HTML (imprimable)", "rapport"),
    ("docx", "Fiche d'instruction — Word (.docx)", "rapport"),
    ("odt", "Fiche d'instruction — LibreOffice (.odt)", "rapport"),
    ("md", "Fiche d'instruction — Markdown", "rapport"),
    ("json", "Fiche d'instruction — JSON", "rapport"),
    ("csv", "Points ouverts — liste d'actions (CSV)", "points"),
    ("html", "Questionnaire fournisseur — HTML", "fournisseur"),
    ("docx", "Questionnaire fournisseur — Word (.docx)", "fournisseur"),
]


def export_directory(app) -> Path:
    configured = app.settings.raw.get("rapports")
    return Path(configured).expanduser() if configured else Path(user_documents_dir()) / "instruire"


class ExportScreen(ModalScreen):
    BINDINGS = [Binding("escape", "app.pop_screen", "Fermer")]

    def __init__(self, session):
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(f"[b]Exporter[/b] — dans {export_directory(self.app)}")
            for i, (_, label, _) in enumerate(CHOICES):
                yield Button(label, id=f"x{i}", classes="export-choice")
            yield Button("Fermer (Échap)", id="close")

    @on(Button.Pressed, "#close")
    def close(self) -> None:
        self.app.pop_screen()

    @on(Button.Pressed, ".export-choice")
    def chosen(self, event: Button.Pressed) -> None:
        fmt, _, what = CHOICES[int(event.button.id[1:])]
        self.export(fmt, what)

    def export(self, fmt: str, what: str) -> None:
        from assistant import exports

        journal, catalog, instruction = self.session.store.journal, self.app.catalog, self.session.id
        directory = export_directory(self.app)

        def written():
            if what == "points":
                return exports.write_open_points(journal, instruction, catalog, None, directory=directory)
            if what == "fournisseur":
                return exports.write_supplier(journal, instruction, catalog, fmt, None, directory=directory)
            return exports.write_report(journal, instruction, catalog, fmt, None, directory=directory)

        # ReportError, OSError…: said in French, the app stays
        self.app.acts.run(self, written, failure="export impossible : {error}")

    def on_act_done(self, message: ActDone) -> None:
        path = message.result
        self.app.notify(f"Écrit : {path}", title="Export", timeout=15)
        if self.app.is_web:  # in a browser: also hand the file to the browser
            self.app.deliver_binary(path)

    def on_act_failed(self, message: ActFailed) -> None:
        self.app.notify(message.message, severity="error", timeout=15)
