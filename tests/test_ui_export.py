"""The export dialog at 80×24: every export reachable by its number, the supplier's form out and back
in (a wrong cell said with its sheet and cell, nothing recorded), publishing to the register as
an act of the journal, through the same functions as the command line."""

from __future__ import annotations

import shutil

import pytest
from test_supplier_form import answer_for, fill_xlsx, questions_of
from textual.widgets import Input, OptionList, Static
from ui_helpers import settle, type_text

from assistant.config import Settings
from assistant.ui.app import build_app
from assistant.ui.screens.export import CHOICES, ExportScreen
from journal import kinds, public_register
from journal.log import Journal
from journal.supplier_form import FIRST_ROW

ORGANISATION = {"nom": "Métropole exemple", "contact": "ia@metropole.example"}


def app_on(tmp_path, path, catalog):
    app = build_app(Settings(tmp_path), catalog, path, tmp_path / "reprises.sqlite")
    app.settings.raw["rapports"] = str(tmp_path / "rapports")
    app.settings.raw["organisation"] = dict(ORGANISATION)
    return app


async def open_export(app, pilot, instruction):
    await settle(app, pilot)
    while app.store is None:
        await pilot.pause(0.05)
    app.push_screen(ExportScreen(app.store.resume(instruction)))
    await settle(app, pilot)
    assert type(app.screen).__name__ == "ExportScreen"


async def pick(app, pilot, number: int):
    await pilot.press(*str(number))
    await pilot.pause(1)  # a single digit waits for a second one
    await settle(app, pilot)


def number_of(what: str, fmt: str = "") -> int:
    return next(i for i, (f, _, w) in enumerate(CHOICES, 1) if w == what and (not fmt or f == fmt))


def error_text(app) -> str:
    error = app.screen.query_one(".dialog-error", Static)
    return " ".join(str(error.render()).split()) if error.display else ""


async def test_every_export_is_reachable_by_its_number_at_80_columns(journal_copy, catalog, tmp_path):
    path, instruction = journal_copy
    app = app_on(tmp_path, path, catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_export(app, pilot, instruction)
        exports = app.screen.query_one("#exports", OptionList)
        assert exports.option_count == len(CHOICES) > 9
        await pilot.press("1")  # a second digit may follow: highlighted, not yet chosen
        await pilot.press("5")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "ImportForm"
        await pilot.press("escape")
        await settle(app, pilot)
        await pilot.press("end")  # the last one scrolled into view
        await settle(app, pilot)
        assert exports.highlighted == len(CHOICES) - 1
        assert exports.scroll_offset.y > 0
        with Journal(path) as j:
            before = len(j.events(instruction, [kinds.REPORT]))
        await pilot.press("1", "enter")  # a digit then Entrée: chosen at once, and once
        await pilot.pause(1.2)
        await settle(app, pilot)
    with Journal(path) as j:
        assert [e.payload["format"] for e in j.events(instruction, [kinds.REPORT])][before:] == ["html"]


async def test_the_supplier_form_goes_out_and_comes_back_without_losing_anything(journal_copy, catalog, tmp_path):
    path, instruction = journal_copy
    items = questions_of(path, instruction, catalog)
    app = app_on(tmp_path, path, catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_export(app, pilot, instruction)
        await pick(app, pilot, number_of("formulaire", "xlsx"))
        forms = list((tmp_path / "rapports").glob("*-questionnaire-fournisseur.xlsx"))
        assert len(forms) == 1
        form = forms[0]
        listed = next(i for i in items if i["options"] and i["type"] != "choix_multiple")
        values = {i["rang"]: (answer_for(i), "") for i in items}
        values[listed["rang"]] = ("Peut-être", "")
        fill_xlsx(form, values)
        with Journal(path) as j:
            before = j.count()

        await pick(app, pilot, number_of("importer"))
        assert type(app.screen).__name__ == "ImportForm"
        await type_text(pilot, str(form))
        await pilot.press("enter")
        await settle(app, pilot)
        said = error_text(app)
        assert f"feuille « Questionnaire », cellule G{FIRST_ROW + listed['rang']}" in said
        assert "rien n'est enregistré" in said
        assert app.screen.query_one("#path", Input).value == str(form)  # kept as typed
        with Journal(path) as j:
            assert j.count() == before

        values[listed["rang"]] = (answer_for(listed), "")
        fill_xlsx(form, values)
        await pilot.press("enter")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "ExportScreen"
    with Journal(path) as j:
        events = j.events(instruction, after=before)
    answered = [e for e in events if e.kind in (kinds.ANSWERED, kinds.CHANGED)]
    assert answered and all(e.actor_role == "fournisseur" for e in answered)


async def test_a_missing_file_is_said_and_the_dialog_stays(journal_copy, catalog, tmp_path):
    path, instruction = journal_copy
    app = app_on(tmp_path, path, catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_export(app, pilot, instruction)
        await pick(app, pilot, number_of("importer"))
        await type_text(pilot, str(tmp_path / "absent.xlsx"))
        await pilot.press("enter")
        await settle(app, pilot)
        assert "Fichier introuvable" in error_text(app)
        assert type(app.screen).__name__ == "ImportForm"


async def test_publishing_from_the_app_is_the_act_the_command_line_records(journal_copy, catalog, tmp_path):
    path, instruction = journal_copy
    app = app_on(tmp_path, path, catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_export(app, pilot, instruction)
        await pick(app, pilot, number_of("publier"))
        assert type(app.screen).__name__ == "Publish"
        fields = [w for w in app.screen.query(Input) if w.id != "who"]
        assert fields  # what the answers do not give is asked
        app.screen.query_one("#who", Input).value = "Sophie Durand (direction)"
        await pilot.press("ctrl+s")  # refused: the fields are empty
        await settle(app, pilot)
        assert "à donner pour publier" in error_text(app)
        for field in fields:
            field.value = "15/01/2028" if field.id == "a-revision_date" else "Texte pour le public."
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "ExportScreen"
    with Journal(path) as j:
        published = j.events(instruction, [kinds.PUBLISHED])
        assert public_register.published_ids(j) == [instruction]
    assert len(published) == 1
    event = published[0]
    assert (event.actor_name, event.actor_role) == ("Sophie Durand", "direction")
    assert event.payload["attributes"].get("revision_date", "2028-01-15") == "2028-01-15"


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice absent: the PDF is made by it")
async def test_the_pdf_report_is_offered_and_written(journal_copy, catalog, tmp_path):
    path, instruction = journal_copy
    app = app_on(tmp_path, path, catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_export(app, pilot, instruction)
        await pick(app, pilot, number_of("rapport", "pdf"))
        for _ in range(120):  # LibreOffice takes a few seconds
            if list((tmp_path / "rapports").glob("*-rapport.pdf")):
                break
            await pilot.pause(0.5)
    written = list((tmp_path / "rapports").glob("*-rapport.pdf"))
    assert len(written) == 1 and written[0].read_bytes().startswith(b"%PDF")
