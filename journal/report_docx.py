"""The report as a Word document (python-docx): real headings (Title, Heading 1–5 styles), real
tables (w:tbl with a repeated header row), real bulleted lists (List Bullet).

python-docx supplies the package, the default template and its styles; the body is written as
WordprocessingML in one go and parsed once. Building it element by element through python-docx's
API took about 0.5 s for a full report (its style look-up by name scans every style on each call);
this takes a few tens of milliseconds. Every piece of text is XML-escaped.
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape as xml_escape

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Mm, Pt

from journal.report_layout import Block, Bullets, Chart, Heading, Para, Table, clean, layout_report, layout_supplier

TEXT_WIDTH_TWIPS = 9860  # A4 less 2 × 18 mm margins
STYLE_NAMES = ["Title", "List Bullet", "Table Grid"] + [f"Heading {n}" for n in range(1, 6)]


def _new_document(title: str):
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(18)
    section.top_margin = section.bottom_margin = Mm(16)
    normal = doc.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(10)
    doc.core_properties.title = clean(title)
    doc.core_properties.author = "instruire"
    doc.core_properties.language = "fr-FR"
    return doc


def _run(text: str, bold: bool = False, small: bool = False) -> str:
    props = ("<w:b/>" if bold else "") + ('<w:i/><w:color w:val="555555"/><w:sz w:val="18"/>' if small else "")
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    body = "<w:br/>".join(f'<w:t xml:space="preserve">{xml_escape(line)}</w:t>' for line in clean(text).split("\n"))
    return f"<w:r>{rpr}{body}</w:r>"


def _p(runs: str, style_id: str | None = None, extra_ppr: str = "") -> str:
    style = f'<w:pStyle w:val="{xml_escape(style_id)}"/>' if style_id else ""
    ppr = f"<w:pPr>{style}{extra_ppr}</w:pPr>" if style or extra_ppr else ""
    return f"<w:p>{ppr}{runs}</w:p>"


STATEMENT_PPR = ('<w:pBdr><w:left w:val="single" w:sz="24" w:space="8" w:color="000091"/></w:pBdr>'
                 '<w:spacing w:before="160" w:after="160"/>')


def _para(p: Para, style_id: str | None = None) -> str:
    small = p.style in ("small", "footer")
    runs = (_run(p.label + " : ", bold=True, small=small) if p.label else "") \
        + _run(p.text, bold=p.style == "statement", small=small)
    return _p(runs, style_id, STATEMENT_PPR if p.style == "statement" else "")


def _widths(t: Table, ncols: int) -> list[int]:
    """Column widths in proportion to their longest line (bounded), so a text column gets room."""
    weights = []
    for c in range(ncols):
        cells = ([t.headers[c]] if t.style != "kv" else []) + [row[c] for row in t.rows if c < len(row)]
        longest = max((len(line) for cell in cells for line in clean(cell).split("\n")), default=4)
        weights.append(min(max(longest, 4), 60))
    total = sum(weights)
    return [int(TEXT_WIDTH_TWIPS * w / total) for w in weights]


def _table(t: Table, style_id: str) -> str:
    header = t.style != "kv"
    ncols = len(t.headers) if header else 2
    widths = _widths(t, ncols)
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)

    def row(values, bold_all: bool = False, repeat: bool = False) -> str:
        trpr = '<w:trPr><w:tblHeader w:val="true"/></w:trPr>' if repeat else ""
        cells = "".join(
            f'<w:tc><w:tcPr><w:tcW w:w="{widths[c]}" w:type="dxa"/></w:tcPr>'
            + _p(_run(values[c] if c < len(values) else "", bold_all or (t.style == "kv" and c == 0)))
            + "</w:tc>"
            for c in range(ncols))
        return f"<w:tr>{trpr}{cells}</w:tr>"

    rows = [row(t.headers, bold_all=True, repeat=True)] if header else []
    rows += [row(values) for values in t.rows]
    return (f'<w:tbl><w:tblPr><w:tblStyle w:val="{xml_escape(style_id)}"/>'
            '<w:tblW w:w="0" w:type="auto"/><w:jc w:val="center"/>'
            '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" '
            f'w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>{"".join(rows)}</w:tbl>'
            + _p(""))


def render_blocks(blocks: list[Block], title: str) -> bytes:
    doc = _new_document(title)
    ids = {name: doc.styles[name].style_id for name in STYLE_NAMES}
    parts: list[str] = []
    for b in blocks:
        if isinstance(b, Heading):
            style = ids["Title"] if b.level == 0 else ids[f"Heading {min(max(b.level, 1), 5)}"]
            parts.append(_p(_run(b.text), style))
        elif isinstance(b, Para):
            parts.append(_para(b))
        elif isinstance(b, Bullets):
            parts.extend(_para(item, ids["List Bullet"]) for item in b.items)
        elif isinstance(b, Table):
            parts.append(_table(b, ids["Table Grid"]))
        elif isinstance(b, Chart):
            continue  # the numbers are in the table that follows
    container = parse_xml(f"<w:body {nsdecls('w')}>{''.join(parts)}</w:body>")
    body = doc.element.body
    sect_pr = body.sectPr
    for child in list(container):
        if sect_pr is not None:
            sect_pr.addprevious(child)
        else:
            body.append(child)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def render(report: dict) -> bytes:
    return render_blocks(layout_report(report), f"Fiche d'instruction : {report['instruction']['titre']}")


def render_supplier(questionnaire: dict) -> bytes:
    return render_blocks(layout_supplier(questionnaire), f"Questionnaire au fournisseur : {questionnaire['titre']}")
