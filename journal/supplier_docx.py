"""The supplier questionnaire as a Word form: one table row per question, the answer and the
comment in content controls (a drop-down list where the answers are a list), the document
protected so that only the controls can be filled in (Word's « Remplissage de formulaires »).

The controls' tags say which instruction and which question each is (never shown), so that the
import reads the file back as it reads a spreadsheet.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

from journal.supplier_form import (
    ANSWER_COL,
    COMMENT_COL,
    COMPANY_CELL,
    FIRST_ROW,
    FORM_VERSION,
    PERSON_CELL,
    choices,
    expected,
    intro,
)

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_ids = iter(range(5000, 10**6))


def _t(text: str) -> str:
    return f'<w:t xml:space="preserve">{xml_escape(text)}</w:t>'


def _control(tag: str, allowed: list[str], prompt: str) -> str:
    """A content control: a drop-down list, or a plain text that may hold several lines."""
    if allowed:
        items = "".join(f'<w:listItem w:displayText="{xml_escape(a)}" w:value="{xml_escape(a)}"/>' for a in allowed)
        kind = f"<w:dropDownList>{items}</w:dropDownList>"
    else:
        kind = '<w:text w:multiLine="1"/>'
    return (f'<w:sdt><w:sdtPr><w:alias w:val="{xml_escape(prompt)}"/><w:tag w:val="{xml_escape(tag)}"/>'
            f'<w:id w:val="{next(_ids)}"/><w:showingPlcHdr/>{kind}</w:sdtPr>'
            f'<w:sdtContent><w:r><w:rPr><w:color w:val="808080"/></w:rPr>{_t(prompt)}</w:r></w:sdtContent></w:sdt>')


def _cell(content: str, width: int, fill: str = "") -> str:
    shade = f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>' if fill else ""
    return f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{shade}</w:tcPr><w:p>{content}</w:p></w:tc>'


def _run(text: str, bold: bool = False, small: bool = False) -> str:
    props = ("<w:b/>" if bold else "") + ('<w:sz w:val="17"/><w:color w:val="555555"/>' if small else "")
    lines = text.split("\n")
    body = "<w:br/>".join(_t(line) for line in lines)
    return f"<w:r>{'<w:rPr>' + props + '</w:rPr>' if props else ''}{body}</w:r>"


def form_docx(q: dict) -> bytes:
    from docx import Document
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls
    from docx.shared import Mm, Pt

    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(15)
    doc.styles["Normal"].font.name = "Arial"
    doc.styles["Normal"].font.size = Pt(10)
    doc.core_properties.title = f"Questionnaire au fournisseur : {q['titre']}"
    doc.core_properties.language = "fr-FR"
    title, text, warning = intro(q)
    parts = [f'<w:p><w:pPr><w:pStyle w:val="{doc.styles["Title"].style_id}"/></w:pPr>{_run(title)}</w:p>',
             f"<w:p>{_run(text)}</w:p>"]
    if warning:
        parts.append(f'<w:p>{_run(warning, bold=True)}</w:p>')
    key = f"instruire:{FORM_VERSION}:{q['instruction']}"
    parts.append(f"<w:p>{_run('Société : ', bold=True)}{_control(f'{key}:societe', [], 'Nom de la société')}</w:p>")
    parts.append(f"<w:p>{_run('Nom de la personne qui répond : ', bold=True)}"
                 f"{_control(f'{key}:nom', [], 'Prénom et nom')}</w:p>")
    widths = [600, 5000, 2300, 2300]
    head = "".join(_cell(_run(h, bold=True), w, "EEEEF6") for h, w in
                   zip(("N°", "Question", "Réponse", "Commentaire"), widths, strict=True))
    rows = [f'<w:tr><w:trPr><w:tblHeader/></w:trPr>{head}</w:tr>']
    for item in q["questions"]:
        about = f"{item['grille_titre']}" + (f", n° {item['numero']}" if item["numero"] else "")
        question = _run(about, small=True) + "<w:r><w:br/></w:r>" + _run(item["texte"], bold=True)
        if item["aide"]:
            question += "<w:r><w:br/></w:r>" + _run("Pourquoi cette question : " + item["aide"], small=True)
        question += "<w:r><w:br/></w:r>" + _run(expected(item), small=True)
        rank = item["rang"]
        answer = _control(f"{key}:reponse:{rank}:{item['question']}", choices(item), "Votre réponse")
        comment = _control(f"{key}:commentaire:{rank}", [], "Commentaire")
        rows.append("<w:tr><w:trPr><w:cantSplit/></w:trPr>" + _cell(_run(str(rank)), widths[0])
                    + _cell(question, widths[1]) + _cell(answer, widths[2], "FFF8D6")
                    + _cell(comment, widths[3], "FFF8D6") + "</w:tr>")
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    parts.append(f'<w:tbl><w:tblPr><w:tblStyle w:val="{doc.styles["Table Grid"].style_id}"/>'
                 f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:tblLayout w:type="fixed"/></w:tblPr>'
                 f'<w:tblGrid>{grid}</w:tblGrid>{"".join(rows)}</w:tbl><w:p/>')
    body = parse_xml(f"<w:body {nsdecls('w')}>{''.join(parts)}</w:body>")
    for child in list(body):
        doc.element.body.sectPr.addprevious(child)
    settings = doc.settings.element
    settings.append(parse_xml(f'<w:documentProtection {nsdecls("w")} w:edit="forms" w:enforcement="1"/>'))
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


_SDT = re.compile(r"<w:sdt>.*?</w:sdt>", re.S)
_TAG = re.compile(r'<w:tag w:val="([^"]*)"')
_CONTENT = re.compile(r"<w:sdtContent>(.*)</w:sdtContent>", re.S)


def _text_of(xml: str) -> str:
    from html import unescape

    xml = re.sub(r"<w:(br|cr)/>", "\n", xml)
    xml = re.sub(r"</w:p>", "\n", xml)
    return unescape(re.sub(r"<[^>]+>", "", xml)).strip()


def read_docx(path: Path):
    """The form's controls as the spreadsheet's cells (see `supplier_import.read_form`)."""
    with zipfile.ZipFile(path) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    cells: dict = {}
    keys: list[list[str]] = []
    ranks: dict[int, str] = {}
    for sdt in _SDT.findall(xml):
        tag = _TAG.search(sdt)
        if not tag or not tag.group(1).startswith("instruire:"):
            continue
        parts = tag.group(1).split(":")
        content = _CONTENT.search(sdt)
        value = "" if "<w:showingPlcHdr/>" in sdt or not content else _text_of(content.group(1))
        if not keys:
            keys = [["instruire", parts[1]], ["instruction", parts[2]]]
        what = parts[3] if len(parts) > 3 else ""
        if what == "societe":
            cells[COMPANY_CELL] = value
        elif what == "nom":
            cells[PERSON_CELL] = value
        elif what == "reponse":
            rank = int(parts[4])
            ranks[rank] = ":".join(parts[5:])
            cells[(rank, ANSWER_COL)] = value
        elif what == "commentaire":
            cells[(int(parts[4]), COMMENT_COL)] = value
    out = {k: v for k, v in cells.items() if k in (COMPANY_CELL, PERSON_CELL)}
    for offset, rank in enumerate(sorted(ranks)):
        row = FIRST_ROW + 1 + offset
        out[(row, 1)] = str(rank)
        for col in (ANSWER_COL, COMMENT_COL):
            if cells.get((rank, col)):
                out[(row, col)] = cells[(rank, col)]
    keys += [[str(rank), qid] for rank, qid in sorted(ranks.items())]
    by_row = {FIRST_ROW + 1 + i: rank for i, rank in enumerate(sorted(ranks))}

    def locate(row: int, col: int) -> str:
        if (row, col) == COMPANY_CELL:
            return "document, champ « Société »"
        if (row, col) == PERSON_CELL:
            return "document, champ « Nom de la personne qui répond »"
        name = {ANSWER_COL: "Réponse", COMMENT_COL: "Commentaire"}.get(col, "N°")
        return f"tableau, question n° {by_row.get(row, '?')}, champ « {name} »"

    return out, keys, locate
