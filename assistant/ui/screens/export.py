"""Export the committee documents: the report in each format, the open points, the supplier questionnaire."""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_documents_dir
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from assistant.ui.messages import ActDone, ActFailed
from assistant.ui.widgets.answer import numbered

CHOICES = [
    ("html", "Fiche d'instruction — HTML (imprimable)", "rapport"),
    ("docx", "Fiche d'instruction — Word (.docx)", "rapport"),
    ("odt", "Fiche d'instruction — LibreOffice (.odt)", "rapport"),
    ("md", "Fiche d'instruction — Markdown", "rapport"),
    ("json", "Fiche d'instruction — JSON", "rapport"),
    ("csv", "Points ouverts — liste d'actions (CSV)", "points"),
    ("excel", "Points ouverts — liste d'actions pour Excel (CSV)", "points"),
    ("html", "Questionnaire fournisseur — HTML", "fournisseur"),
    ("docx", "Questionnaire fournisseur — Word (.docx)", "fournisseur"),
    ("odt", "Questionnaire fournisseur — LibreOffice (.odt)", "fournisseur"),
]


def export_directory(app) -> Path:
    configured = app.settings.raw.get("rapports")
    return Path(configured).expanduser() if configured else Path(user_documents_dir()) / "instruire"


class ExportScreen(ModalScreen):
    """Every export in one list that scrolls: chosen by its number, the arrows and Entrée, or a click."""

    BINDINGS = [Binding("escape", "app.pop_screen", "Fermer"),
                *[Binding(str(d), f"pick({d})", show=False) for d in range(1, min(len(CHOICES), 9) + 1)]]

    def __init__(self, session):
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog export"):
            yield Static(Text.assemble(("Exporter", "bold"), f" — dans {export_directory(self.app)}"),
                         classes="prompt", markup=False)
            yield OptionList(*[Option(numbered(i, label), id=f"x{i - 1}") for i, (_, label, _) in
                               enumerate(CHOICES, 1)], id="exports", markup=False)
            yield Button("Fermer (Échap)", id="close")

    def on_mount(self) -> None:
        self.query_one("#exports", OptionList).focus()

    @on(Button.Pressed, "#close")
    def close(self) -> None:
        self.app.pop_screen()

    @on(OptionList.OptionSelected, "#exports")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.action_pick(int(event.option.id[1:]) + 1)

    def action_pick(self, number: int) -> None:
        fmt, _, what = CHOICES[number - 1]
        self.export(fmt, what)

    def export(self, fmt: str, what: str) -> None:
        from assistant import exports

        journal, catalog, instruction = self.session.store.journal, self.app.catalog, self.session.id
        directory = export_directory(self.app)

        def written():
            if what == "points":
                return exports.write_open_points(journal, instruction, catalog, None, directory=directory,
                                                 excel=fmt == "excel")
            if what == "fournisseur":
                return exports.write_supplier(journal, instruction, catalog, fmt, None, directory=directory)
            return exports.write_report(journal, instruction, catalog, fmt, None, directory=directory)

        # ReportError, OSError…: said in French, the app stays
        self.app.acts.run(self, written, failure="export impossible : {error}")

    def on_act_done(self, message: ActDone) -> None:
        path = message.result
        self.app.notify(f"Écrit : {path}", title="Export", timeout=15, markup=False)
        if self.app.is_web:  # in a browser: also hand the file to the browser
            self.app.deliver_binary(path)

    def on_act_failed(self, message: ActFailed) -> None:
        self.app.notify(message.message, severity="error", timeout=15, markup=False)
