"""The report as an OpenDocument text (odfpy): real headings (text:h with an outline level, styles
« Heading 1 » to « Heading 4 »), real tables (table:table), for LibreOffice and the administrations
that require ODF (Référentiel général d'interopérabilité)."""

from __future__ import annotations

import io

from odf.opendocument import OpenDocumentText
from odf.style import (ParagraphProperties, Style, TableCellProperties, TableColumnProperties,
                       TableProperties, TextProperties)
from odf.table import Table as OdfTable
from odf.table import TableCell, TableColumn, TableHeaderRows, TableRow
from odf.text import H, LineBreak, List, ListItem, P, Span

from journal.report_layout import Block, Bullets, Chart, Heading, Para, Table, clean, layout_report, layout_supplier

class _Styles:
    def __init__(self, doc: OpenDocumentText):
        s = doc.styles
        a = doc.automaticstyles
        base = Style(name="Standard", family="paragraph")
        base.addElement(TextProperties(fontsize="10pt", fontname="Arial", fontfamily="Arial"))
        s.addElement(base)
        heading = Style(name="Heading", family="paragraph", parentstylename="Standard", nextstylename="Text_20_body")
        heading.addElement(ParagraphProperties(margintop="0.35cm", marginbottom="0.15cm", keepwithnext="always"))
        heading.addElement(TextProperties(fontweight="bold", color="#000091"))
        s.addElement(heading)
        body = Style(name="Text_20_body", displayname="Text body", family="paragraph", parentstylename="Standard")
        body.addElement(ParagraphProperties(marginbottom="0.18cm"))
        s.addElement(body)
        self.body = body
        title = Style(name="Title", family="paragraph", parentstylename="Heading")
        title.addElement(TextProperties(fontsize="20pt", fontweight="bold", color="#000091"))
        s.addElement(title)
        self.title = title
        self.headings = {}
        for level, size in ((1, "16pt"), (2, "13.5pt"), (3, "12pt"), (4, "11pt"), (5, "10.5pt")):
            h = Style(name=f"Heading_20_{level}", displayname=f"Heading {level}", family="paragraph",
                      parentstylename="Heading", defaultoutlinelevel=str(level))
            props = {"breakbefore": "page"} if level == 1 else {}
            h.addElement(ParagraphProperties(**props))
            h.addElement(TextProperties(fontsize=size, fontweight="bold"))
            s.addElement(h)
            self.headings[level] = h
        small = Style(name="Petit", family="paragraph", parentstylename="Text_20_body")
        small.addElement(TextProperties(fontsize="9pt", fontstyle="italic", color="#555555"))
        s.addElement(small)
        self.small = small
        statement = Style(name="Avertissement", family="paragraph", parentstylename="Text_20_body")
        statement.addElement(ParagraphProperties(borderleft="0.1cm solid #000091", padding="0.2cm",
                                                 margintop="0.3cm", marginbottom="0.3cm"))
        statement.addElement(TextProperties(fontweight="bold"))
        s.addElement(statement)
        self.statement = statement
        cell_text = Style(name="Table_20_Contents", displayname="Table Contents", family="paragraph",
                          parentstylename="Standard")
        cell_text.addElement(TextProperties(fontsize="9pt"))
        s.addElement(cell_text)
        self.cell_text = cell_text
        head_text = Style(name="Table_20_Heading", displayname="Table Heading", family="paragraph",
                          parentstylename="Table_20_Contents")
        head_text.addElement(TextProperties(fontweight="bold", fontsize="9pt"))
        s.addElement(head_text)
        self.head_text = head_text
        bold = Style(name="Gras", family="text")
        bold.addElement(TextProperties(fontweight="bold"))
        s.addElement(bold)
        self.bold = bold
        self.table = Style(name="Tableau", family="table")
        self.table.addElement(TableProperties(width="17cm", align="margins"))
        a.addElement(self.table)
        self.cell = Style(name="Cellule", family="table-cell")
        self.cell.addElement(TableCellProperties(border="0.5pt solid #999999", padding="0.08cm"))
        a.addElement(self.cell)
        self.column = Style(name="Colonne", family="table-column")
        self.column.addElement(TableColumnProperties(useoptimalcolumnwidth="true"))
        a.addElement(self.column)


def _add_lines(element, text: str) -> None:
    for i, line in enumerate(clean(text).split("\n")):
        if i:
            element.addElement(LineBreak())
        element.addText(line)


def _para(styles: _Styles, p: Para, style=None) -> P:
    style = style or {"small": styles.small, "footer": styles.small, "statement": styles.statement}.get(
        p.style, styles.body)
    paragraph = P(stylename=style)
    if p.label:
        span = Span(stylename=styles.bold)
        span.addText(clean(p.label) + " : ")
        paragraph.addElement(span)
    _add_lines(paragraph, p.text)
    return paragraph


def _table(styles: _Styles, t: Table, number: int) -> OdfTable:
    ncols = len(t.headers) if t.style != "kv" else 2
    table = OdfTable(name=f"Tableau{number}", stylename=styles.table)
    # The cell style is the columns' default: no attribute on each cell (odfpy converts every
    # attribute through a slow generic path; this halves the rendering time).
    table.addElement(TableColumn(numbercolumnsrepeated=ncols, stylename=styles.column,
                                 defaultcellstylename=styles.cell))
    if t.style != "kv":
        head = TableHeaderRows()
        row = TableRow()
        for text in t.headers:
            cell = TableCell()
            paragraph = P(stylename=styles.head_text)
            _add_lines(paragraph, text)
            cell.addElement(paragraph)
            row.addElement(cell)
        head.addElement(row)
        table.addElement(head)
    for values in t.rows:
        row = TableRow()
        for c, text in enumerate(values):
            cell = TableCell()
            paragraph = P(stylename=styles.head_text if t.style == "kv" and c == 0 else styles.cell_text)
            _add_lines(paragraph, text)
            cell.addElement(paragraph)
            row.addElement(cell)
        table.addElement(row)
    return table


def render_blocks(blocks: list[Block], title: str) -> bytes:
    doc = OpenDocumentText()
    styles = _Styles(doc)
    from odf import dc, meta

    doc.meta.addElement(dc.Title(text=clean(title)))
    doc.meta.addElement(dc.Language(text="fr-FR"))
    doc.meta.addElement(meta.Generator(text="instruire"))
    text = doc.text
    tables = 0
    first_h1 = True
    for b in blocks:
        if isinstance(b, Heading):
            if b.level == 0:
                paragraph = P(stylename=styles.title)
                _add_lines(paragraph, b.text)
                text.addElement(paragraph)
                continue
            level = min(b.level, 5)
            style = styles.headings[level]
            if level == 1 and first_h1:  # no page break before the first section
                first_h1 = False
                h = H(outlinelevel=1, stylename=_first_heading(doc, styles))
            else:
                h = H(outlinelevel=level, stylename=style)
            _add_lines(h, b.text)
            text.addElement(h)
        elif isinstance(b, Para):
            text.addElement(_para(styles, b))
        elif isinstance(b, Bullets):
            lst = List()
            for item in b.items:
                li = ListItem()
                li.addElement(_para(styles, item))
                lst.addElement(li)
            text.addElement(lst)
        elif isinstance(b, Table):
            tables += 1
            text.addElement(_table(styles, b, tables))
        elif isinstance(b, Chart):
            continue  # the numbers are in the table that follows
    buffer = io.BytesIO()
    doc.write(buffer)
    return buffer.getvalue()


def _first_heading(doc: OpenDocumentText, styles: _Styles) -> Style:
    """Heading 1 without the page break, for the first section (an automatic style)."""
    style = Style(name="Titre1SansSaut", family="paragraph", parentstylename=styles.headings[1],
                  defaultoutlinelevel="1")
    style.addElement(ParagraphProperties(breakbefore="auto"))
    doc.automaticstyles.addElement(style)
    return style


def render(report: dict) -> bytes:
    return render_blocks(layout_report(report), f"Fiche d'instruction : {report['instruction']['titre']}")


def render_supplier(questionnaire: dict) -> bytes:
    return render_blocks(layout_supplier(questionnaire), f"Questionnaire au fournisseur : {questionnaire['titre']}")
