"""The supplier's questionnaire comes back: exported as XLSX, ODS or DOCX, filled in with the
spreadsheet libraries as a supplier would, imported; every cell is checked first, a wrong cell
records nothing, answers are recorded as the supplier's and resolve their open points, and an
answer that contradicts the team's is listed and never overwrites it."""

from __future__ import annotations

from pathlib import Path

import pytest
from document_helpers import instruire
from helpers_play import KARIM

from journal import kinds, report_model
from journal.log import Journal
from journal.supplier_form import ANSWER_COL, COMMENT_COL, FIRST_ROW, NOT_APPLICABLE


def export(journal: Path, instruction: str, fmt: str, tmp_path: Path) -> Path:
    target = tmp_path / f"questionnaire.{fmt}"
    done = instruire("fournisseur", "exporter", instruction, "--format", fmt, "--sortie", str(target), journal=journal)
    assert done.returncode == 0, done.stderr
    return target


def questions_of(journal: Path, instruction: str, catalog) -> list[dict]:
    from journal import supplier

    with Journal(journal) as j:
        view, bundle = report_model.load(j, instruction, catalog)
    return supplier.questions(view, bundle)


def answer_for(item: dict) -> str:
    """What a supplier types: a label of the list, a number the French way, or a text."""
    if item["type"] == "choix_multiple":
        return " ; ".join(o["libelle"] for o in item["options"][:1])
    if item["options"]:
        return item["options"][0]["libelle"]
    if item["type"] == "nombre":
        return "17 520,5"
    return "Réponse du fournisseur, détaillée."


# --- filling in, with the libraries ---------------------------------------------------------


def fill_xlsx(path: Path, values: dict[int, tuple[str, str]], company="Éditeur SA", person="Jean Dupont") -> None:
    from openpyxl import load_workbook

    wb = load_workbook(path)
    ws = wb["Questionnaire"]
    ws["C4"], ws["C5"] = company, person
    for rank, (answer, comment) in values.items():
        ws.cell(FIRST_ROW + rank, ANSWER_COL, answer or None)
        ws.cell(FIRST_ROW + rank, COMMENT_COL, comment or None)
    wb.save(path)


def fill_ods(path: Path, values: dict[int, tuple[str, str]], company="Éditeur SA", person="Jean Dupont") -> None:
    from odf.opendocument import load
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    doc = load(str(path))
    sheet = next(t for t in doc.spreadsheet.getElementsByType(Table) if t.getAttribute("name") == "Questionnaire")
    rows = sheet.getElementsByType(TableRow)

    def put(row: int, col: int, text: str) -> None:
        cell = rows[row - 1].getElementsByType(TableCell)[col - 1]
        for child in list(cell.childNodes):
            cell.removeChild(child)
        cell.setAttribute("valuetype", "string")
        cell.addElement(P(text=text))

    put(4, 3, company)
    put(5, 3, person)
    for rank, (answer, comment) in values.items():
        if answer:
            put(FIRST_ROW + rank, ANSWER_COL, answer)
        if comment:
            put(FIRST_ROW + rank, COMMENT_COL, comment)
    doc.save(str(path))


# --- the form --------------------------------------------------------------------------------


def test_the_xlsx_form_has_drop_downs_and_is_protected_except_answers_and_comments(journal_copy, catalog, tmp_path):
    from openpyxl import load_workbook

    path, instruction = journal_copy
    items = questions_of(path, instruction, catalog)
    assert items and any(i["options"] for i in items)
    wb = load_workbook(export(path, instruction, "xlsx", tmp_path))
    ws = wb["Questionnaire"]
    assert ws.protection.sheet
    assert wb["instruire"].sheet_state == "hidden" and wb["Listes"].sheet_state == "hidden"
    for k, item in enumerate(items):
        row = FIRST_ROW + 1 + k
        assert ws.cell(row, 1).value == str(item["rang"]) and ws.cell(row, 4).value == item["texte"]
        assert ws.cell(row, 4).protection.locked and ws.cell(row, 1).protection.locked
        assert not ws.cell(row, ANSWER_COL).protection.locked and not ws.cell(row, COMMENT_COL).protection.locked
    # a drop-down list of the answers (and « non applicable ») on each question that has a list
    validated = {str(c) for dv in ws.data_validations.dataValidation for rng in dv.sqref.ranges for c in [rng]}
    with_list = [FIRST_ROW + 1 + k for k, i in enumerate(items) if i["options"] and i["type"] != "choix_multiple"]
    assert {f"G{r}" for r in with_list} <= validated
    first = next(i for i in items if i["options"] and i["type"] != "choix_multiple")
    dv = next(dv for dv in ws.data_validations.dataValidation
              if f"G{FIRST_ROW + 1 + items.index(first)}" in {str(x) for x in dv.sqref.ranges})
    sheet, cells = dv.formula1.split("!")
    column = cells.split(":")[0].replace("$", "")[0]
    listed = [c.value for c in wb[sheet][column] if c.value]
    assert listed == [o["libelle"] for o in first["options"]] + [NOT_APPLICABLE]
    # no internal id on view
    shown = " ".join(str(c.value) for row in ws.iter_rows() for c in row if c.value)
    assert not any(i["question"] in shown for i in items)


def test_the_ods_form_has_drop_downs_and_is_protected(journal_copy, tmp_path):
    from odf.opendocument import load
    from odf.table import ContentValidation, Table

    path, instruction = journal_copy
    doc = load(str(export(path, instruction, "ods", tmp_path)))
    tables = {t.getAttribute("name"): t for t in doc.spreadsheet.getElementsByType(Table)}
    assert tables["Questionnaire"].getAttribute("protected") == "true"
    conditions = [v.getAttribute("condition") for v in doc.getElementsByType(ContentValidation)]
    assert conditions and all(c.startswith("of:cell-content-is-in-list([$Listes.") for c in conditions)


# --- the round trip ----------------------------------------------------------------------------


@pytest.mark.parametrize("fmt,fill", [("xlsx", fill_xlsx), ("ods", fill_ods)])
def test_round_trip_records_the_supplier_s_answers_and_resolves_open_points(journal_copy, catalog, tmp_path,
                                                                            fmt, fill):
    path, instruction = journal_copy
    items = questions_of(path, instruction, catalog)
    form = export(path, instruction, fmt, tmp_path)
    values = {i["rang"]: (answer_for(i), f"Commentaire {i['rang']}") for i in items}
    fill(form, values)
    with Journal(path) as j:
        before = j.count()
    done = instruire("fournisseur", "importer", instruction, str(form), journal=path)
    assert done.returncode == 0, done.stderr
    assert f"{len(items)} réponse(s) enregistrée(s)" in done.stdout
    with Journal(path) as j:
        events = j.events(instruction, after=before)
        view, bundle = report_model.load(j, instruction, catalog)
    answered = {e.payload["question"]: e for e in events if e.kind in (kinds.ANSWERED, kinds.CHANGED)}
    resolved = {e.payload["question"] for e in events if e.kind == kinds.OPEN_POINT_RESOLVED}
    for item in items:
        qid = item["question"]
        event = answered[qid]
        assert (event.actor_name, event.actor_role) == ("Jean Dupont (Éditeur SA)", "fournisseur")
        assert view.answers[qid].answer.kind == "valeur"
        if item["en_attente"]:
            assert qid in resolved
    notes = [e.payload["text"] for e in events if e.kind == kinds.NOTE]
    assert f"Commentaire {items[0]['rang']}" in notes
    participants = [(p.name, p.role) for p in view.participants]
    assert ("Jean Dupont (Éditeur SA)", "fournisseur") in participants
    number = next((i for i in items if i["type"] == "nombre"), None)
    if number is not None:
        assert view.answers[number["question"]].answer.value == 17520.5


@pytest.mark.parametrize("fmt,fill", [("xlsx", fill_xlsx), ("ods", fill_ods)])
def test_one_wrong_cell_records_nothing_and_names_sheet_and_cell(journal_copy, catalog, tmp_path, fmt, fill):
    path, instruction = journal_copy
    items = questions_of(path, instruction, catalog)
    form = export(path, instruction, fmt, tmp_path)
    listed = next(i for i in items if i["options"] and i["type"] != "choix_multiple")
    values = {i["rang"]: (answer_for(i), "") for i in items}
    values[listed["rang"]] = ("Peut-être", "")
    fill(form, values)
    with Journal(path) as j:
        before = j.count()
    done = instruire("fournisseur", "importer", instruction, str(form), journal=path)
    assert done.returncode != 0 and "Traceback" not in done.stderr
    cell = f"G{FIRST_ROW + listed['rang']}"
    assert f"feuille « Questionnaire », cellule {cell}" in done.stderr
    assert "« Peut-être » n'est pas une réponse possible" in done.stderr and "rien n'est enregistré" in done.stderr
    with Journal(path) as j:
        assert j.count() == before


def test_missing_company_and_non_applicable_without_comment_are_refused(journal_copy, catalog, tmp_path):
    path, instruction = journal_copy
    items = questions_of(path, instruction, catalog)
    form = export(path, instruction, "xlsx", tmp_path)
    listed = next(i for i in items if i["options"] and i["type"] != "choix_multiple")
    fill_xlsx(form, {listed["rang"]: (NOT_APPLICABLE, "")}, company="")
    done = instruire("fournisseur", "importer", instruction, str(form), journal=path)
    assert done.returncode != 0
    assert "cellule C4 : le nom de la société qui répond est attendu" in done.stderr
    assert "« non applicable » demande une justification" in done.stderr


def test_a_contradiction_with_the_team_is_listed_never_overwritten(journal_copy, catalog, tmp_path):
    path, instruction = journal_copy
    items = questions_of(path, instruction, catalog)
    listed = next(i for i in items if i["type"] == "oui_non" or (i["options"] and i["type"] == "choix_unique"))
    form = export(path, instruction, "xlsx", tmp_path)
    # after the export, the team answers that question itself
    from dialogues.store import Store

    store = Store.open(path, tmp_path / "reprises.sqlite", catalog)
    session = store.resume(instruction)
    team_value = listed["options"][0]["valeur"]
    session.answer(listed["question"], team_value, KARIM)
    store.close()
    other = listed["options"][1]["libelle"]
    fill_xlsx(form, {listed["rang"]: (other, "Selon notre contrat type")})
    done = instruire("fournisseur", "importer", instruction, str(form), journal=path)
    assert done.returncode == 0, done.stderr
    assert "1 réponse(s) différente(s) de celle de l'équipe, à trancher" in done.stdout
    assert f"fournisseur « {other} »" in done.stdout
    with Journal(path) as j:
        view, _ = report_model.load(j, instruction, catalog)
    record = view.answers[listed["question"]]
    assert record.answer.value == team_value and record.actor.name == KARIM.name  # the team's answer stands
    assert any("À trancher par l'équipe" in n["text"] and other in n["text"] for n in view.notes
               if n.get("question") == listed["question"])


def test_a_form_for_another_instruction_is_refused(journal_copy, tmp_path):
    path, instruction = journal_copy
    form = export(path, instruction, "xlsx", tmp_path)
    with Journal(path) as j:
        j.append("autre-instruction", kinds.OPENED, {"title": "Autre", "grids": ["profil"], "mode": "pre_examen"})
    done = instruire("fournisseur", "importer", "autre-instruction", str(form), journal=path)
    assert done.returncode != 0 and "établi pour une autre instruction" in done.stderr


def test_the_docx_form_reads_back(journal_copy, catalog, tmp_path):
    import re
    import zipfile

    path, instruction = journal_copy
    items = questions_of(path, instruction, catalog)
    form = export(path, instruction, "docx", tmp_path)
    with zipfile.ZipFile(form) as z:
        xml = z.read("word/document.xml").decode("utf-8")
        settings = z.read("word/settings.xml").decode("utf-8")
    assert 'w:edit="forms"' in settings and "<w:dropDownList>" in xml
    # fill the controls as Word does: the placeholder mark goes, the text is the answer
    def filled(match):
        sdt = match.group(0)
        tag = re.search(r'<w:tag w:val="([^"]*)"', sdt).group(1)
        value = {"societe": "Éditeur SA", "nom": "Jean Dupont"}.get(tag.split(":")[3])
        if tag.split(":")[3] == "reponse":
            rank = int(tag.split(":")[4])
            value = answer_for(next(i for i in items if i["rang"] == rank))
        if value is None:
            return sdt
        sdt = sdt.replace("<w:showingPlcHdr/>", "")
        return re.sub(r"<w:sdtContent>.*</w:sdtContent>",
                      f'<w:sdtContent><w:r><w:t xml:space="preserve">{value}</w:t></w:r></w:sdtContent>', sdt)
    xml = re.sub(r"<w:sdt>.*?</w:sdt>", filled, xml, flags=re.S)
    out = tmp_path / "rempli.docx"
    with zipfile.ZipFile(form) as src, zipfile.ZipFile(out, "w") as dst:
        for name in src.namelist():
            dst.writestr(name, xml if name == "word/document.xml" else src.read(name))
    done = instruire("fournisseur", "importer", instruction, str(out), journal=path)
    assert done.returncode == 0, done.stderr
    assert f"{len(items)} réponse(s) enregistrée(s)" in done.stdout
