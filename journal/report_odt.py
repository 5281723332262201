"""The report as an OpenDocument text (odfpy): real headings (text:h with an outline level, styles
« Heading 1 » to « Heading 4 »), real tables (table:table), the charts as SVG images, an A4
portrait page whose footer carries the journal's anchor and the page number; for LibreOffice and
the administrations that require ODF (Référentiel général d'interopérabilité).

Column widths are the same as the Word document's (`report_layout.column_widths`), written as
explicit widths: LibreOffice ignores « optimal width » in a file it opens, and equal columns
made the document half as long again as the DOCX.
"""

from __future__ import annotations

import io

from odf.draw import Frame
from odf.draw import Image as DrawImage
from odf.opendocument import OpenDocumentText
from odf.style import (
    Footer,
    FooterStyle,
    GraphicProperties,
    HeaderFooterProperties,
    MasterPage,
    PageLayout,
    PageLayoutProperties,
    ParagraphProperties,
    Style,
    TableCellProperties,
    TableColumnProperties,
    TableProperties,
    TableRowProperties,
    TextProperties,
)
from odf.table import Table as OdfTable
from odf.table import TableCell, TableColumn, TableHeaderRows, TableRow
from odf.text import H, LineBreak, List, ListItem, P, PageCount, PageNumber, Span

from journal import report_charts
from journal.report_layout import (
    COLOURS,
    TINTS,
    Block,
    Bullets,
    Chart,
    Charts,
    Heading,
    PageFooter,
    Para,
    Table,
    clean,
    column_widths,
    layout_supplier,
)
from journal.report_sections import layout_report

TEXT_WIDTH_CM = 17.4  # A4 less 2 × 1.8 cm margins
CELL_CHAR_CM = 0.1764  # the Word document's 100 twips
CELL_PADDING_CM = 0.45
CHART_WIDTH_CM = 8.0
SIGN_FONT = "Segoe UI Symbol"


class _Styles:
    def __init__(self, doc: OpenDocumentText):
        s = doc.styles
        a = doc.automaticstyles
        self.doc = doc
        base = Style(name="Standard", family="paragraph")
        base.addElement(TextProperties(fontsize="10pt", fontname="Arial", fontfamily="Arial", language="fr",
                                       country="FR"))
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
        title.addElement(ParagraphProperties(borderbottom="0.5pt solid #000091", paddingbottom="0.1cm",
                                             marginbottom="0.3cm"))
        title.addElement(TextProperties(fontsize="20pt", fontweight="normal", color="#000091"))
        s.addElement(title)
        self.title = title
        self.headings: dict[int, Style] = {}
        for level, size in ((1, "16pt"), (2, "13pt"), (3, "11.5pt"), (4, "10.5pt"), (5, "10pt")):
            h = Style(name=f"Heading_20_{level}", displayname=f"Heading {level}", family="paragraph",
                      parentstylename="Heading", defaultoutlinelevel=str(level))
            h.addElement(TextProperties(fontsize=size, fontweight="bold"))
            s.addElement(h)
            self.headings[level] = h
        self.breaking: dict[int, Style] = {}  # the same headings starting a new page, made on demand
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
        self.signed = {}
        self.signed_label = {}
        for kind, colour in COLOURS.items():
            if kind not in TINTS:
                continue
            st = Style(name=f"Signale_{kind}", family="paragraph", parentstylename="Text_20_body")
            st.addElement(ParagraphProperties(borderleft=f"0.13cm solid #{colour}", padding="0.12cm",
                                              backgroundcolor=f"#{TINTS[kind]}", margintop="0.1cm",
                                              marginbottom="0.1cm"))
            s.addElement(st)
            self.signed[kind] = st
            label = Style(name=f"Libelle_{kind}", family="text")
            label.addElement(TextProperties(fontweight="bold", color=f"#{colour}"))
            s.addElement(label)
            self.signed_label[kind] = label
        self.sign = Style(name="Signe", family="text")
        self.sign.addElement(TextProperties(fontname=SIGN_FONT, fontfamily=SIGN_FONT))
        s.addElement(self.sign)
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
        footer_text = Style(name="Footer", family="paragraph", parentstylename="Standard")
        footer_text.addElement(TextProperties(fontsize="7.5pt", color="#555555"))
        s.addElement(footer_text)
        self.footer_text = footer_text
        bold = Style(name="Gras", family="text")
        bold.addElement(TextProperties(fontweight="bold"))
        s.addElement(bold)
        self.bold = bold
        self.table = Style(name="Tableau", family="table")
        self.table.addElement(TableProperties(width=f"{TEXT_WIDTH_CM}cm", align="left", marginbottom="0.2cm"))
        a.addElement(self.table)
        self.cell = Style(name="Cellule", family="table-cell")
        self.cell.addElement(TableCellProperties(border="0.5pt solid #999999", padding="0.06cm"))
        a.addElement(self.cell)
        self.head_cell = Style(name="CelluleEntete", family="table-cell")
        self.head_cell.addElement(TableCellProperties(border="0.5pt solid #999999", padding="0.06cm",
                                                      backgroundcolor="#EEEEF6"))
        a.addElement(self.head_cell)
        self.bare_cell = Style(name="CelluleNue", family="table-cell")
        self.bare_cell.addElement(TableCellProperties(border="none", padding="0.05cm"))
        a.addElement(self.bare_cell)
        self.row = Style(name="Ligne", family="table-row")
        self.row.addElement(TableRowProperties(keeptogether="always"))
        a.addElement(self.row)
        self.image = Style(name="Image", family="graphic")
        self.image.addElement(GraphicProperties(anchortype="as-char", verticalpos="top", verticalrel="baseline",
                                                wrap="none"))
        a.addElement(self.image)
        self.centred = Style(name="Centre", family="paragraph", parentstylename="Table_20_Contents")
        self.centred.addElement(ParagraphProperties(textalign="center"))
        a.addElement(self.centred)
        self._columns: dict[str, Style] = {}

    def heading(self, level: int, page_break: bool) -> Style:
        if not page_break:
            return self.headings[level]
        if level not in self.breaking:
            st = Style(name=f"Titre{level}Saut", family="paragraph", parentstylename=self.headings[level],
                       defaultoutlinelevel=str(level))
            st.addElement(ParagraphProperties(breakbefore="page"))
            self.doc.automaticstyles.addElement(st)
            self.breaking[level] = st
        return self.breaking[level]

    def column(self, width_cm: float) -> Style:
        key = f"{width_cm:.2f}"
        if key not in self._columns:
            st = Style(name=f"Colonne{len(self._columns) + 1}", family="table-column")
            st.addElement(TableColumnProperties(columnwidth=f"{key}cm"))
            self.doc.automaticstyles.addElement(st)
            self._columns[key] = st
        return self._columns[key]


def _add_lines(element, text: str) -> None:
    for i, line in enumerate(clean(text).split("\n")):
        if i:
            element.addElement(LineBreak())
        element.addText(line)


def _para(styles: _Styles, p: Para, style=None) -> P:
    if p.style in styles.signed and style is None:
        paragraph = P(stylename=styles.signed[p.style])
        if p.label:
            sign, _, words = p.label.partition(" ")
            label = Span(stylename=styles.signed_label[p.style])
            mark = Span(stylename=styles.sign)
            mark.addText(sign)
            label.addElement(mark)
            label.addText(f" {words} : ")
            paragraph.addElement(label)
        _add_lines(paragraph, p.text)
        return paragraph
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
    widths = column_widths(t, TEXT_WIDTH_CM, CELL_CHAR_CM, CELL_PADDING_CM, bold_first=t.style == "kv")
    table = OdfTable(name=f"Tableau{number}", stylename=styles.table)
    # The cell style is each column's default: no attribute on each cell (odfpy converts every
    # attribute through a slow generic path; this halves the rendering time).
    for w in widths:
        table.addElement(TableColumn(stylename=styles.column(w), defaultcellstylename=styles.cell))
    if t.style != "kv":
        head = TableHeaderRows()
        row = TableRow(stylename=styles.row)
        for text in t.headers:
            cell = TableCell(stylename=styles.head_cell)
            paragraph = P(stylename=styles.head_text)
            _add_lines(paragraph, text)
            cell.addElement(paragraph)
            row.addElement(cell)
        head.addElement(row)
        table.addElement(head)
    for values in t.rows:
        row = TableRow(stylename=styles.row)
        for c in range(ncols):
            cell = TableCell()
            paragraph = P(stylename=styles.head_text if t.style == "kv" and c == 0 else styles.cell_text)
            _add_lines(paragraph, values[c] if c < len(values) else "")
            cell.addElement(paragraph)
            row.addElement(cell)
        table.addElement(row)
    return table


def _charts(doc: OpenDocumentText, styles: _Styles, charts: list[Chart], number: int) -> list:
    """Charts two per line, each with its caption under it, in a borderless table."""
    out = []
    for i in range(0, len(charts), 2):
        pair = charts[i:i + 2]
        table = OdfTable(name=f"Graphiques{number}_{i}", stylename=styles.table)
        table.addElement(TableColumn(numbercolumnsrepeated=2, stylename=styles.column(TEXT_WIDTH_CM / 2),
                                     defaultcellstylename=styles.bare_cell))
        row = TableRow(stylename=styles.row)
        for c in pair:
            svg = report_charts.chart_svg(c.kind, c.data)
            w, h = report_charts.size(svg)
            href = doc.addPictureFromString(svg.encode("utf-8"), "image/svg+xml")
            frame = Frame(stylename=styles.image, anchortype="as-char", width=f"{CHART_WIDTH_CM}cm",
                          height=f"{CHART_WIDTH_CM * h / w:.2f}cm", name=f"Graphique {c.data.get('grille', '')}")
            frame.addElement(DrawImage(href=href))
            cell = TableCell()
            picture = P(stylename=styles.centred)
            picture.addElement(frame)
            cell.addElement(picture)
            caption = P(stylename=styles.small)
            caption.addText(clean(report_charts.caption(c.kind, c.data)))
            cell.addElement(caption)
            row.addElement(cell)
        if len(pair) == 1:
            cell = TableCell()
            cell.addElement(P())
            row.addElement(cell)
        table.addElement(row)
        out.append(table)
    return out


def _page(doc: OpenDocumentText, styles: _Styles, footer_text: str | None) -> None:
    layout = PageLayout(name="A4")
    layout.addElement(PageLayoutProperties(pagewidth="21cm", pageheight="29.7cm", printorientation="portrait",
                                           margintop="1.6cm", marginbottom="1.2cm", marginleft="1.8cm",
                                           marginright="1.8cm"))
    footer_style = FooterStyle()
    footer_style.addElement(HeaderFooterProperties(minheight="0.6cm", margintop="0.3cm"))
    layout.addElement(footer_style)
    doc.automaticstyles.addElement(layout)
    master = MasterPage(name="Standard", pagelayoutname=layout)
    if footer_text is not None:
        footer = Footer()
        p = P(stylename=styles.footer_text)
        p.addText(clean(footer_text) + " — page ")
        p.addElement(PageNumber(selectpage="current"))
        p.addText(" / ")
        p.addElement(PageCount())
        footer.addElement(p)
        master.addElement(footer)
    doc.masterstyles.addElement(master)


def render_blocks(blocks: list[Block], title: str) -> bytes:
    doc = OpenDocumentText()
    styles = _Styles(doc)
    from odf import dc, meta

    doc.meta.addElement(dc.Title(text=clean(title)))
    doc.meta.addElement(dc.Language(text="fr-FR"))
    doc.meta.addElement(meta.Generator(text="instruire"))
    text = doc.text
    tables = 0
    footer_text = None
    for b in blocks:
        if isinstance(b, Heading):
            if b.level == 0:
                paragraph = P(stylename=styles.title)
                _add_lines(paragraph, b.text)
                text.addElement(paragraph)
                continue
            level = min(b.level, 5)
            h = H(outlinelevel=level, stylename=styles.heading(level, b.page_break))
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
        elif isinstance(b, (Chart, Charts)):
            tables += 1
            for element in _charts(doc, styles, b.items if isinstance(b, Charts) else [b], tables):
                text.addElement(element)
        elif isinstance(b, PageFooter):
            footer_text = b.text
    _page(doc, styles, footer_text)
    buffer = io.BytesIO()
    doc.write(buffer)
    return buffer.getvalue()


def render(report: dict) -> bytes:
    return render_blocks(layout_report(report), f"Fiche d'instruction : {report['instruction']['titre']}")


def render_supplier(questionnaire: dict) -> bytes:
    return render_blocks(layout_supplier(questionnaire), f"Questionnaire au fournisseur : {questionnaire['titre']}")
