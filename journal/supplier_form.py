"""The supplier questionnaire as a form the supplier fills in and sends back: XLSX (openpyxl),
ODS (odfpy) or DOCX (content controls).

One row per question: its rank, its grid and number, its text, why it is asked, the answers
allowed, then the two cells the supplier writes in: « Réponse » (a drop-down list where the
answers are a list) and « Commentaire ». Everything else is protected (no password: the aim is
to keep the rows and their order intact for the import, not to hide anything). The company and
the name of the person who answers go in two cells above the table.

A hidden sheet « instruire » (in DOCX, the tags of the content controls) says which instruction
and which question each rank is, so that `instruire fournisseur importer` reads the file back
without any internal id on view.
"""

from __future__ import annotations

import io

FORM_VERSION = 1
SHEET = "Questionnaire"
LISTS = "Listes"
KEYS = "instruire"
NOT_APPLICABLE = "Non applicable (préciser en commentaire)"
HEADERS = ["N°", "Grille", "Question n°", "Question", "Pourquoi cette question", "Réponses possibles", "Réponse",
           "Commentaire"]
ANSWER_COL, COMMENT_COL = 7, 8  # 1-based: G, H
FIRST_ROW = 8  # the header row; questions from the next one
COMPANY_CELL, PERSON_CELL = (4, 3), (5, 3)  # C4, C5
WIDTHS = [6, 18, 10, 60, 45, 30, 30, 40]
FORMATS = ("xlsx", "ods", "docx")


def column_letter(col: int) -> str:
    out = ""
    while col:
        col, rem = divmod(col - 1, 26)
        out = chr(65 + rem) + out
    return out


def cell_name(row: int, col: int) -> str:
    return f"{column_letter(col)}{row}"


def choices(item: dict) -> list[str]:
    """The drop-down list of a question (empty: free answer)."""
    if item["type"] == "choix_multiple" or not item["options"]:
        return []
    return [o["libelle"] for o in item["options"]] + [NOT_APPLICABLE]


def expected(item: dict) -> str:
    """What the « Réponses possibles » column says."""
    t = item["type"]
    if t == "choix_multiple":
        return "Un ou plusieurs de : " + " ; ".join(o["libelle"] for o in item["options"]) + " (séparés par « ; »)"
    if item["options"]:
        return "Liste : " + " / ".join(o["libelle"] for o in item["options"])
    if t == "nombre":
        unit = f" (en {item['unite']})" if item["unite"] else ""
        return f"Un nombre{unit}, écrit à la française (3,5 ; 17 520)"
    return "Texte libre"


def intro(q: dict) -> list[str]:
    return [f"Questionnaire au fournisseur : {q['titre']}",
            f"Projet « {q['titre']} »" + (f" ({q['service']})" if q["service"] else "")
            + " : merci de répondre dans les colonnes « Réponse » et « Commentaire » (les autres sont protégées), "
              "d'indiquer votre société et votre nom ci-dessous, puis de renvoyer ce fichier tel quel."
            + (f" Réponse souhaitée avant le {q['echeance'][8:10]}/{q['echeance'][5:7]}/{q['echeance'][:4]}."
               if q["echeance"] else ""),
            q.get("journal_altere", "")]


def rows(q: dict) -> list[list[str]]:
    return [[str(i["rang"]), i["grille_titre"], i["numero"] or "—", i["texte"], i["aide"], expected(i), "", ""]
            for i in q["questions"]]


def keys(q: dict) -> list[list[str]]:
    """The hidden sheet: which instruction, which question each rank is."""
    return [["instruire", str(FORM_VERSION)], ["instruction", q["instruction"]],
            *[[str(i["rang"]), i["question"]] for i in q["questions"]]]


# --- XLSX --------------------------------------------------------------------------------------


def to_xlsx(q: dict) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    lists = wb.create_sheet(LISTS)
    hidden = wb.create_sheet(KEYS)
    lists.sheet_state = hidden.sheet_state = "hidden"
    title, text, warning = intro(q)
    ws["A1"] = title
    ws["A1"].font = Font(bold=True, size=14, color="000091")
    ws["A2"] = text
    ws["A2"].alignment = Alignment(wrap_text=True, vertical="top")
    ws.merge_cells("A2:H2")
    ws.row_dimensions[2].height = 45
    if warning:
        ws["A3"] = warning
        ws["A3"].font = Font(bold=True, color="C9191E")
    free = Protection(locked=False)
    fill = PatternFill("solid", fgColor="FFF8D6")
    for (row, col), label in ((COMPANY_CELL, "Société :"), (PERSON_CELL, "Nom de la personne qui répond :")):
        ws.cell(row, 1, label).font = Font(bold=True)
        target = ws.cell(row, col)
        target.protection, target.fill = free, fill
    for c, (header, width) in enumerate(zip(HEADERS, WIDTHS, strict=True), 1):
        cell = ws.cell(FIRST_ROW, c, header)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="EEEEF6")
        ws.column_dimensions[column_letter(c)].width = width
    wrap = Alignment(wrap_text=True, vertical="top")
    validations: dict[tuple, DataValidation] = {}
    for k, (item, values) in enumerate(zip(q["questions"], rows(q), strict=True)):  # one row per question
        r = FIRST_ROW + 1 + k
        for c, value in enumerate(values, 1):
            cell = ws.cell(r, c, value if value else None)
            cell.alignment = wrap
        for c in (ANSWER_COL, COMMENT_COL):
            ws.cell(r, c).protection, ws.cell(r, c).fill = free, fill
        allowed = tuple(choices(item))
        if allowed:
            if allowed not in validations:
                letter = column_letter(len(validations) + 1)
                for i, label in enumerate(allowed, 1):
                    lists[f"{letter}{i}"] = label
                dv = DataValidation(type="list", formula1=f"{LISTS}!${letter}$1:${letter}${len(allowed)}",
                                    allow_blank=True, showErrorMessage=True, errorTitle="Réponse",
                                    error="Choisissez une réponse de la liste.")
                ws.add_data_validation(dv)
                validations[allowed] = dv
            validations[allowed].add(ws.cell(r, ANSWER_COL))
    for key_row in keys(q):
        hidden.append(key_row)
    ws.freeze_panes = ws.cell(FIRST_ROW + 1, 1)
    ws.protection.sheet = True
    ws.protection.formatColumns = ws.protection.formatRows = False  # widths and heights stay free
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


# --- ODS ---------------------------------------------------------------------------------------


def to_ods(q: dict) -> bytes:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.style import Style, TableCellProperties, TableColumnProperties, TableProperties, TextProperties
    from odf.table import ContentValidation, ContentValidations, ErrorMessage, Table, TableCell, TableColumn, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    a = doc.automaticstyles
    free = Style(name="Libre", family="table-cell")
    free.addElement(TableCellProperties(cellprotect="none", backgroundcolor="#FFF8D6", wrapoption="wrap"))
    a.addElement(free)
    wrap = Style(name="Texte", family="table-cell")
    wrap.addElement(TableCellProperties(wrapoption="wrap", verticalalign="top"))
    a.addElement(wrap)
    head = Style(name="Entete", family="table-cell")
    head.addElement(TableCellProperties(backgroundcolor="#EEEEF6"))
    head.addElement(TextProperties(fontweight="bold"))
    a.addElement(head)
    hidden_table = Style(name="Cachee", family="table")
    hidden_table.addElement(TableProperties(display="false"))
    a.addElement(hidden_table)
    columns = []
    for i, w in enumerate(WIDTHS):
        st = Style(name=f"Col{i}", family="table-column")
        st.addElement(TableColumnProperties(columnwidth=f"{w * 0.21:.2f}cm"))
        a.addElement(st)
        columns.append(st)

    def cell(text: str = "", style=None, validation: str | None = None) -> TableCell:
        attrs = {"valuetype": "string"} if text else {}
        if style is not None:
            attrs["stylename"] = style
        if validation:
            attrs["contentvalidationname"] = validation
        c = TableCell(**attrs)
        if text:
            c.addElement(P(text=text))
        return c

    lists_table = Table(name=LISTS, stylename=hidden_table)
    validations = ContentValidations()
    names: dict[tuple, str] = {}
    list_columns: list[tuple] = []
    for item in q["questions"]:
        allowed = tuple(choices(item))
        if allowed and allowed not in names:
            col = column_letter(len(list_columns) + 1)
            names[allowed] = f"liste{len(list_columns) + 1}"
            list_columns.append(allowed)
            v = ContentValidation(name=names[allowed], allowemptycell="true", displaylist="unsorted",
                                  condition=f"of:cell-content-is-in-list([${LISTS}.${col}$1:.${col}${len(allowed)}])")
            v.addElement(ErrorMessage(display="true", messagetype="stop", title="Réponse"))
            validations.addElement(v)
    if list_columns:
        doc.spreadsheet.addElement(validations)
    sheet = Table(name=SHEET, protected="true")
    for st in columns:
        sheet.addElement(TableColumn(stylename=st))
    title, text, warning = intro(q)
    for values in ([title], [text], [warning]):
        row = TableRow()
        row.addElement(cell(values[0]))
        sheet.addElement(row)
    for _, label in ((COMPANY_CELL, "Société :"), (PERSON_CELL, "Nom de la personne qui répond :")):
        row = TableRow()
        row.addElement(cell(label, head))
        row.addElement(cell())
        row.addElement(cell(style=free))
        sheet.addElement(row)
    for _ in range(FIRST_ROW - 1 - PERSON_CELL[0]):
        sheet.addElement(TableRow())
    row = TableRow()
    for h in HEADERS:
        row.addElement(cell(h, head))
    sheet.addElement(row)
    for item, values in zip(q["questions"], rows(q), strict=True):  # one row per question
        row = TableRow()
        for c, value in enumerate(values, 1):
            if c == ANSWER_COL:
                allowed = tuple(choices(item))
                row.addElement(cell(style=free, validation=names.get(allowed)))
            elif c == COMMENT_COL:
                row.addElement(cell(style=free))
            else:
                row.addElement(cell(value, wrap))
        sheet.addElement(row)
    doc.spreadsheet.addElement(sheet)
    longest = max((len(x) for x in list_columns), default=0)
    for i in range(longest):
        row = TableRow()
        for allowed in list_columns:
            row.addElement(cell(allowed[i] if i < len(allowed) else ""))
        lists_table.addElement(row)
    if not list_columns:
        lists_table.addElement(TableRow())
    doc.spreadsheet.addElement(lists_table)
    keys_table = Table(name=KEYS, stylename=hidden_table)
    for values in keys(q):
        row = TableRow()
        for v in values:
            row.addElement(cell(v))
        keys_table.addElement(row)
    doc.spreadsheet.addElement(keys_table)
    buffer = io.BytesIO()
    doc.write(buffer)
    return buffer.getvalue()


# --- DOCX --------------------------------------------------------------------------------------


def to_docx(q: dict) -> bytes:
    from journal.supplier_docx import form_docx

    return form_docx(q)


def export(q: dict, fmt: str) -> bytes:
    return {"xlsx": to_xlsx, "ods": to_ods, "docx": to_docx}[fmt](q)
