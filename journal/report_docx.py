"""The report as a Word document (python-docx): real headings (Title, Heading 1–5 styles), real
tables (w:tbl with a repeated header row), real bulleted lists (List Bullet), the charts as
images, and on every page a footer with the journal's anchor and the page number.

python-docx supplies the package, the default template and its styles; the body is written as
WordprocessingML in one go and parsed once. Building it element by element through python-docx's
API took about 0.5 s for a full report (its style look-up by name scans every style on each call);
this takes a few tens of milliseconds. Every piece of text is XML-escaped.

Tables are laid out for A4 portrait with fixed column widths (`report_layout.column_widths`):
Word and LibreOffice then agree on the layout, and a number or a date never breaks inside.
The charts are SVG images: the picture's main reference and Office's SVG extension both point
to the SVG, which Word (2016 and later) and LibreOffice draw.
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape as xml_escape

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Mm, Pt

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

TEXT_WIDTH_TWIPS = 9860  # A4 less 2 × 18 mm margins
CELL_CHAR_TWIPS = 100  # an average character of Arial 9 pt (digits are 100, capitals more)
CELL_PADDING_TWIPS = 2 * 108 + 40  # Word's default cell margins, and a little air
CHART_WIDTH_MM = 80  # two charts side by side in the text width (174 mm)
SIGN_FONT = "Segoe UI Symbol"  # has ⛔ and ⚠ on Windows; elsewhere the reader's fallback font draws them
EMU_PER_MM = 36000
STYLE_NAMES = ["Title", "List Bullet", "Table Grid"] + [f"Heading {n}" for n in range(1, 6)]
SVG_EXT = "{96DAC541-7B7A-43D3-8B79-37D633B846F1}"
NS_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
NS_PIC = "http://schemas.openxmlformats.org/drawingml/2006/picture"
NS_SVG = "http://schemas.microsoft.com/office/drawing/2016/SVG/main"


def _new_document(title: str):
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(18)
    section.top_margin = Mm(16)
    section.bottom_margin = Mm(18)
    section.footer_distance = Mm(8)
    normal = doc.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(10)
    doc.styles["Title"].font.size = Pt(20)
    doc.core_properties.title = clean(title)
    doc.core_properties.author = "instruire"
    doc.core_properties.language = "fr-FR"
    return doc


def _run(text: str, bold: bool = False, small: bool = False, colour: str | None = None, size: int | None = None) -> str:
    props = ("<w:b/>" if bold else "")
    if small:
        props += '<w:i/><w:color w:val="555555"/><w:sz w:val="18"/>'
    else:
        if colour:
            props += f'<w:color w:val="{colour}"/>'
        if size:
            props += f'<w:sz w:val="{size}"/>'
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    body = "<w:br/>".join(f'<w:t xml:space="preserve">{xml_escape(line)}</w:t>' for line in clean(text).split("\n"))
    return f"<w:r>{rpr}{body}</w:r>"


def _p(runs: str, style_id: str | None = None, extra_ppr: str = "") -> str:
    style = f'<w:pStyle w:val="{xml_escape(style_id)}"/>' if style_id else ""
    ppr = f"<w:pPr>{style}{extra_ppr}</w:pPr>" if style or extra_ppr else ""
    return f"<w:p>{ppr}{runs}</w:p>"


STATEMENT_PPR = ('<w:pBdr><w:left w:val="single" w:sz="24" w:space="8" w:color="000091"/></w:pBdr>'
                 '<w:spacing w:before="160" w:after="160"/>')


def _signed_ppr(style: str) -> str:
    """A red line, a warning, a decision…: a thick bar in its colour, a light tint, some air."""
    return (f'<w:pBdr><w:left w:val="single" w:sz="36" w:space="6" w:color="{COLOURS[style]}"/></w:pBdr>'
            f'<w:shd w:val="clear" w:color="auto" w:fill="{TINTS[style]}"/>'
            '<w:spacing w:before="60" w:after="60"/><w:ind w:left="140"/>')


def _signed_label(label: str, colour: str) -> str:
    """« ⛔ Ligne rouge : » in bold and in colour, the sign in a font that has it."""
    sign, _, words = label.partition(" ")
    font = f'<w:rFonts w:ascii="{SIGN_FONT}" w:hAnsi="{SIGN_FONT}" w:cs="{SIGN_FONT}"/>'
    return (f'<w:r><w:rPr>{font}<w:b/><w:color w:val="{colour}"/></w:rPr>'
            f'<w:t xml:space="preserve">{xml_escape(sign)} </w:t></w:r>'
            + _run(words + " : ", bold=True, colour=colour))


def _para(p: Para, style_id: str | None = None) -> str:
    small = p.style in ("small", "footer")
    if p.style in TINTS:
        runs = (_signed_label(p.label, COLOURS[p.style]) if p.label else "") + _run(p.text)
        return _p(runs, style_id, _signed_ppr(p.style))
    runs = (_run(p.label + " : ", bold=True, small=small) if p.label else "") \
        + _run(p.text, bold=p.style == "statement", small=small)
    return _p(runs, style_id, STATEMENT_PPR if p.style == "statement" else "")


def _widths(t: Table) -> list[int]:
    return [int(w) for w in column_widths(t, TEXT_WIDTH_TWIPS, CELL_CHAR_TWIPS, CELL_PADDING_TWIPS,
                                          bold_first=t.style == "kv")]


CELL_PPR = '<w:spacing w:before="0" w:after="0"/>'


def _table(t: Table, style_id: str) -> str:
    header = t.style != "kv"
    ncols = len(t.headers) if header else 2
    widths = _widths(t)
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)

    def row(values, head: bool = False) -> str:
        trpr = '<w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>' if head else "<w:trPr><w:cantSplit/></w:trPr>"
        shade = '<w:shd w:val="clear" w:color="auto" w:fill="EEEEF6"/>' if head else ""
        cells = "".join(
            f'<w:tc><w:tcPr><w:tcW w:w="{widths[c]}" w:type="dxa"/>{shade}</w:tcPr>'
            + _p(_run(values[c] if c < len(values) else "", head or (t.style == "kv" and c == 0), size=18), None,
                 CELL_PPR)
            + "</w:tc>"
            for c in range(ncols))
        return f"<w:tr>{trpr}{cells}</w:tr>"

    rows = [row(t.headers, head=True)] if header else []
    rows += [row(values) for values in t.rows]
    return (f'<w:tbl><w:tblPr><w:tblStyle w:val="{xml_escape(style_id)}"/>'
            f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:tblLayout w:type="fixed"/>'
            '<w:tblCellMar><w:top w:w="30" w:type="dxa"/><w:bottom w:w="30" w:type="dxa"/></w:tblCellMar>'
            '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" '
            f'w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>{"".join(rows)}</w:tbl>'
            + _p("", None, '<w:spacing w:before="0" w:after="60"/>'))


class _Images:
    """The charts, as SVG parts of the package, numbered in order."""

    def __init__(self, doc):
        self.doc = doc
        self.count = 0

    def inline(self, svg: str, width_mm: float) -> str:
        self.count += 1
        n = self.count
        part = Part(PackURI(f"/word/media/graphique{n}.svg"), "image/svg+xml", svg.encode("utf-8"),
                    self.doc.part.package)
        rid = self.doc.part.relate_to(part, RT.IMAGE)
        w, h = report_charts.size(svg)
        cx = int(width_mm * EMU_PER_MM)
        cy = int(cx * h / w)
        return (f'<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="{cx}" cy="{cy}"/>'
                f'<wp:docPr id="{1000 + n}" name="Graphique {n}"/>'
                f'<wp:cNvGraphicFramePr><a:graphicFrameLocks xmlns:a="{NS_A}" noChangeAspect="1"/>'
                '</wp:cNvGraphicFramePr>'
                f'<a:graphic xmlns:a="{NS_A}">'
                '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
                f'<pic:pic xmlns:pic="{NS_PIC}"><pic:nvPicPr><pic:cNvPr id="{1000 + n}" name="graphique{n}.svg"/>'
                '<pic:cNvPicPr/></pic:nvPicPr>'
                f'<pic:blipFill><a:blip r:embed="{rid}"><a:extLst><a:ext uri="{SVG_EXT}">'
                f'<asvg:svgBlip xmlns:asvg="{NS_SVG}" r:embed="{rid}"/></a:ext></a:extLst></a:blip>'
                '<a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
                f'<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
                '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic>'
                '</wp:inline></w:drawing></w:r>')


def _charts(images: _Images, charts: list[Chart]) -> str:
    """Charts side by side, two per line, each caption under its chart (a borderless table)."""
    out = []
    half = TEXT_WIDTH_TWIPS // 2
    for i in range(0, len(charts), 2):
        pair = charts[i:i + 2]
        cells = []
        for c in pair:
            svg = report_charts.chart_svg(c.kind, c.data)
            picture = _p(images.inline(svg, CHART_WIDTH_MM), None, '<w:jc w:val="center"/>' + CELL_PPR)
            caption = _p(_run(report_charts.caption(c.kind, c.data), small=True), None, CELL_PPR)
            cells.append(f'<w:tc><w:tcPr><w:tcW w:w="{half}" w:type="dxa"/></w:tcPr>{picture}{caption}</w:tc>')
        if len(pair) == 1:
            cells.append(f'<w:tc><w:tcPr><w:tcW w:w="{half}" w:type="dxa"/></w:tcPr><w:p/></w:tc>')
        out.append(f'<w:tbl><w:tblPr><w:tblW w:w="{2 * half}" w:type="dxa"/><w:tblLayout w:type="fixed"/>'
                   '<w:tblBorders><w:top w:val="nil"/><w:left w:val="nil"/><w:bottom w:val="nil"/>'
                   '<w:right w:val="nil"/>'
                   '<w:insideH w:val="nil"/><w:insideV w:val="nil"/></w:tblBorders></w:tblPr>'
                   f'<w:tblGrid><w:gridCol w:w="{half}"/><w:gridCol w:w="{half}"/></w:tblGrid>'
                   f'<w:tr><w:trPr><w:cantSplit/></w:trPr>{"".join(cells)}</w:tr></w:tbl>')
    return "".join(out) + _p("")


def _page_footer(doc, text: str) -> None:
    footer = doc.sections[0].footer
    paragraph = footer.paragraphs[0]._p
    runs = (_run(text + " — page ", size=15, colour="555555")
            + '<w:fldSimple w:instr="PAGE"><w:r><w:rPr><w:sz w:val="15"/></w:rPr><w:t>1</w:t></w:r></w:fldSimple>'
            + _run(" / ", size=15, colour="555555")
            + '<w:fldSimple w:instr="NUMPAGES"><w:r><w:rPr><w:sz w:val="15"/></w:rPr><w:t>1</w:t></w:r></w:fldSimple>')
    for child in parse_xml(f"<w:p {nsdecls('w')}>{runs}</w:p>"):
        paragraph.append(child)


def _replace_body(doc, body_xml: str) -> None:
    """The whole document part parsed once, the body written in: moving thousands of parsed
    elements into the template's tree cost more than parsing it all (lxml fixes each node up)."""
    from lxml import etree

    root = doc.part._element
    sect_pr = root.body.sectPr  # the page settings (and the footer's reference) stay last
    opening = etree.tostring(root, encoding="unicode").split("<w:body>", 1)[0]
    tail = etree.tostring(sect_pr, encoding="unicode") if sect_pr is not None else ""
    doc.part._element = parse_xml(f"{opening}<w:body>{body_xml}{tail}</w:body></w:document>")


def render_blocks(blocks: list[Block], title: str) -> bytes:
    doc = _new_document(title)
    ids = {name: doc.styles[name].style_id for name in STYLE_NAMES}
    images = _Images(doc)
    parts: list[str] = []
    for b in blocks:
        if isinstance(b, Heading):
            style = ids["Title"] if b.level == 0 else ids[f"Heading {min(max(b.level, 1), 5)}"]
            parts.append(_p(_run(b.text), style, "<w:pageBreakBefore/>" if b.page_break else ""))
        elif isinstance(b, Para):
            parts.append(_para(b))
        elif isinstance(b, Bullets):
            parts.extend(_para(item, ids["List Bullet"]) for item in b.items)
        elif isinstance(b, Table):
            parts.append(_table(b, ids["Table Grid"]))
        elif isinstance(b, Chart):
            parts.append(_charts(images, [b]))
        elif isinstance(b, Charts):
            parts.append(_charts(images, b.items))
        elif isinstance(b, PageFooter):
            _page_footer(doc, b.text)
    _replace_body(doc, "".join(parts))
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def render(report: dict) -> bytes:
    return render_blocks(layout_report(report), f"Fiche d'instruction : {report['instruction']['titre']}")


def render_supplier(questionnaire: dict) -> bytes:
    return render_blocks(layout_supplier(questionnaire), f"Questionnaire au fournisseur : {questionnaire['titre']}")
