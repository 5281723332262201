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
from grilles.formats import person

CHOICES = [  # (format, label, what): the most asked first; the list scrolls at 80×24
    ("html", "Fiche d'instruction — HTML (imprimable)", "rapport"),
    ("pdf", "Fiche d'instruction — PDF (par LibreOffice)", "rapport"),
    ("docx", "Fiche d'instruction — Word (.docx)", "rapport"),
    ("odt", "Fiche d'instruction — LibreOffice (.odt)", "rapport"),
    ("md", "Fiche d'instruction — Markdown", "rapport"),
    ("json", "Fiche d'instruction — JSON", "rapport"),
    ("csv", "Points ouverts — liste d'actions (CSV)", "points"),
    ("excel", "Points ouverts — liste d'actions pour Excel (CSV)", "points"),
    ("html", "Questionnaire fournisseur — HTML", "fournisseur"),
    ("docx", "Questionnaire fournisseur — Word (.docx)", "fournisseur"),
    ("odt", "Questionnaire fournisseur — LibreOffice (.odt)", "fournisseur"),
    ("xlsx", "Questionnaire à remplir par le fournisseur — Excel (.xlsx)", "formulaire"),
    ("ods", "Questionnaire à remplir par le fournisseur — LibreOffice (.ods)", "formulaire"),
    ("docx", "Questionnaire à remplir par le fournisseur — Word (.docx)", "formulaire"),
    ("", "Importer le questionnaire rempli par le fournisseur…", "importer"),
    ("", "Publier au registre public… (acte consigné au journal)", "publier"),
]

DIGIT_WAIT = 0.8  # seconds: « 1 » then « 4 » picks the 14th; « 1 » alone, the first


def export_directory(app) -> Path:
    configured = app.settings.raw.get("rapports")
    return Path(configured).expanduser() if configured else Path(user_documents_dir()) / "instruire"


class ExportScreen(ModalScreen):
    """Every export in one list that scrolls: chosen by its number, the arrows and Entrée, or a click."""

    BINDINGS = [Binding("escape", "app.pop_screen", "Fermer"),
                *[Binding(str(d), f"digit({d})", show=False) for d in range(10)]]

    def __init__(self, session):
        super().__init__()
        self.session = session
        self.typed = ""  # the digits of a number being typed
        self.typing = None  # the timer that picks it

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog export"):
            yield Static(Text.assemble(("Exporter", "bold"), f" — dans {export_directory(self.app)}"),
                         classes="prompt", markup=False)
            yield OptionList(*[Option(two_digits(i, label), id=f"x{i - 1}") for i, (_, label, _) in
                               enumerate(CHOICES, 1)], id="exports", markup=False)
            yield Button("Fermer (Échap)", id="close")

    def on_mount(self) -> None:
        self.query_one("#exports", OptionList).focus()

    @on(Button.Pressed, "#close")
    def close(self) -> None:
        self.app.pop_screen()

    @on(OptionList.OptionSelected, "#exports")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        if self.typing is not None:  # « 1 » then Entrée: chosen now, not again by the timer
            self.typing.stop()
            self.typing, self.typed = None, ""
        self.action_pick(int(event.option.id[1:]) + 1)

    def action_digit(self, digit: int) -> None:
        """A number typed digit by digit: picked at once when no longer one could follow, else
        highlighted and picked after a short wait."""
        if self.typing is not None:
            self.typing.stop()
            self.typing = None
        typed = f"{self.typed}{digit}".lstrip("0")
        if not typed or int(typed) > len(CHOICES):
            self.typed = ""
            return
        self.query_one("#exports", OptionList).highlighted = int(typed) - 1
        if int(typed) * 10 > len(CHOICES):
            self.typed = ""
            self.action_pick(int(typed))
        else:
            self.typed = typed
            self.typing = self.set_timer(DIGIT_WAIT, self.picked_typed)

    def picked_typed(self) -> None:
        number, self.typed, self.typing = int(self.typed), "", None
        self.action_pick(number)

    def action_pick(self, number: int) -> None:
        fmt, _, what = CHOICES[number - 1]
        if what == "importer":
            from assistant.ui.screens.export_dialogs import ImportForm

            self.app.push_screen(ImportForm(self.session), self.imported)
        elif what == "publier":
            self.publish()
        else:
            self.export(fmt, what)

    def imported(self, lines: list[str] | None) -> None:
        if lines:
            self.app.notify("\n".join(lines), title="Questionnaire fournisseur importé", timeout=20, markup=False)

    def publish(self) -> None:
        from assistant import publication
        from journal.public_register import Organisation

        journal, catalog, instruction = self.session.store.journal, self.app.catalog, self.session.id
        settings = self.app.settings

        def prepared():
            return publication.prepare(journal, instruction, catalog, Organisation(*settings.organisation()))

        self.app.acts.run(self, prepared, "publier", failure="{error}")

    def published(self, title: str | None) -> None:
        if title:
            self.app.notify(f"« {title} » est publiée au registre public (consigné au journal).",
                            title="Registre public", timeout=15, markup=False)

    def export(self, fmt: str, what: str) -> None:
        from assistant import exports

        journal, catalog, instruction = self.session.store.journal, self.app.catalog, self.session.id
        directory = export_directory(self.app)

        def written():
            if what == "points":
                return exports.write_open_points(journal, instruction, catalog, None, directory=directory,
                                                 excel=fmt == "excel")
            if what in ("fournisseur", "formulaire"):
                return exports.write_supplier(journal, instruction, catalog, fmt, None, directory=directory,
                                              form=what == "formulaire")
            return exports.write_report(journal, instruction, catalog, fmt, None, directory=directory)

        # ReportError, OSError…: said in French, the app stays
        self.app.acts.run(self, written, failure="export impossible : {error}")

    def on_act_done(self, message: ActDone) -> None:
        if message.context == "publier":
            from assistant.ui.screens.export_dialogs import Publish

            # the direction publishes, as `instruire publier` assumes: offered if one took part
            who = next((p for p in self.session.view.participants if p.role == "direction"), None)
            self.app.push_screen(Publish(message.result, person(who.name, who.role) if who else "",
                                         self.session.store.journal), self.published)
            return
        path = message.result
        self.app.notify(f"Écrit : {path}", title="Export", timeout=15, markup=False)
        if self.app.is_web:  # in a browser: also hand the file to the browser
            self.app.deliver_binary(path)

    def on_act_failed(self, message: ActFailed) -> None:
        self.app.notify(message.message, severity="error", timeout=15, markup=False)


def two_digits(index: int, label: str) -> Text:
    """« 1 », … « 16 », right-aligned: the dialog takes two digits (« 1 » then « 5 » for the 15th),
    so every entry shows its number, not only the first nine."""
    return Text.assemble((f"{index:>2} ", "bold"), label)
