"""The report as ONE self-contained HTML file: inline CSS, inline SVG charts, no script, no
external resource; printable (the synthesis on the first page, the detail and the annexes each from a new page).

Every piece of user text goes through `html.escape`: a title, an answer or a note is shown,
never interpreted.
"""

from __future__ import annotations

from html import escape

from journal.report_charts import bars_svg, caption, chart_svg, radar_svg  # noqa: F401  (radar_svg, bars_svg: API)
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
    layout_supplier,
)
from journal.report_sections import layout_report

CSS = """
:root { --ink: #1b1b1b; --muted: #555; --line: #b8b8b8; --accent: #000091; --alert: #b34000; }
* { box-sizing: border-box; }
body { font-family: "Marianne", Arial, Helvetica, sans-serif; color: var(--ink); margin: 0; background: #f6f6f6;
       line-height: 1.45; font-size: 15px; }
main { max-width: 1000px; margin: 0 auto; padding: 2rem 2.5rem; background: #fff; }
h1 { font-size: 1.8rem; color: var(--accent); margin: 0 0 1rem; }
h2 { font-size: 1.4rem; border-bottom: 2px solid var(--accent); padding-bottom: .2rem; margin-top: 2.2rem; }
h3 { font-size: 1.15rem; margin-top: 1.6rem; }
h4 { font-size: 1.02rem; margin-top: 1.3rem; }
h5 { font-size: .95rem; margin-top: 1rem; color: var(--muted); }
table { border-collapse: collapse; width: 100%; margin: .6rem 0 1rem; font-size: .9rem; }
th, td { border: 1px solid var(--line); padding: .3rem .45rem; text-align: left; vertical-align: top; }
th { background: #eeeef6; }
table.kv th { width: 14rem; background: #f3f3f3; }
p.statement { border-left: 4px solid var(--accent); padding: .6rem .9rem; background: #f0f0fa; font-weight: 600; }
p.small { color: var(--muted); font-size: .88rem; }
.charts { display: flex; flex-wrap: wrap; gap: 1rem; }
.charts figure { flex: 1 1 22rem; max-width: 34rem; }
footer { margin-top: 2.5rem; border-top: 1px solid var(--line); padding-top: .6rem; color: var(--muted);
         font-size: .85rem; }
figure { margin: 1rem 0; }
figure svg { max-width: 100%; height: auto; }
figcaption { font-size: .85rem; color: var(--muted); }
.label { font-weight: 700; }
ul { padding-left: 1.3rem; }
li { margin: .25rem 0; }
@media print {
  @page { size: A4; margin: 16mm 14mm; }
  body { background: none; font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  * { background: transparent !important; box-shadow: none !important; }
  section.break { break-before: page; page-break-before: always; }
  h2, h3, h4, h5 { break-after: avoid; page-break-after: avoid; }
  tr, figure, li { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  p.statement { border: 1px solid #000; border-left: 4px solid #000; }
  p.danger, p.warning, p.check, p.decision, p.pending { border: 1px solid #888; border-left-width: 5px; }
}
"""
# The signed paragraphs (red line, warning, to check, decision): a coloured bar and label, and
# the sign and words in the text itself, so that the colour is never the only cue.
CSS += "".join(f"p.{k} {{ border-left: 5px solid #{c}; padding: .35rem .7rem; background: #{TINTS[k]}; "
               f"margin: .35rem 0; }}\np.{k} .label {{ color: #{c}; }}\n"
               for k, c in COLOURS.items() if k in TINTS)

TAGS = {0: "h1", 1: "h2", 2: "h3", 3: "h4", 4: "h5"}


def e(text: object) -> str:
    return escape(clean(text), quote=True)


def _multiline(text: object) -> str:
    return "<br>".join(e(line) for line in clean(text).split("\n"))


def _para(p: Para, tag: str = "p") -> str:
    label = f'<span class="label">{e(p.label)} :</span> ' if p.label else ""
    cls = f' class="{p.style}"' if p.style and tag == "p" else ""
    return f"<{tag}{cls}>{label}{_multiline(p.text)}</{tag}>"


def _table(t: Table) -> str:
    if t.style == "kv":
        rows = "".join(f'<tr><th scope="row">{e(k)}</th><td>{_multiline(v)}</td></tr>' for k, v in t.rows)
        return f'<table class="kv"><tbody>{rows}</tbody></table>'
    head = "".join(f'<th scope="col">{e(h)}</th>' for h in t.headers)
    body = "".join("<tr>" + "".join(f"<td>{_multiline(c)}</td>" for c in row) + "</tr>" for row in t.rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def render_blocks(blocks: list[Block], title: str) -> str:
    parts: list[str] = []
    in_section = False
    footer = ""
    for b in blocks:
        if isinstance(b, Heading):
            if b.level == 1:
                if in_section:
                    parts.append("</section>")
                parts.append('<section class="main break">' if b.page_break else '<section class="main">')
                in_section = True
            parts.append(f"<{TAGS.get(b.level, 'h5')}>{e(b.text)}</{TAGS.get(b.level, 'h5')}>")
        elif isinstance(b, Para):
            if b.style == "footer":
                footer = f"<footer>{_multiline(b.text)}</footer>"
            else:
                parts.append(_para(b))
        elif isinstance(b, Bullets):
            parts.append("<ul>" + "".join(_para(i, "li") for i in b.items) + "</ul>")
        elif isinstance(b, Table):
            parts.append(_table(b))
        elif isinstance(b, Chart):
            parts.append(_figure(b))
        elif isinstance(b, Charts):
            parts.append('<div class="charts">' + "".join(_figure(c) for c in b.items) + "</div>")
        elif isinstance(b, PageFooter):
            continue  # no page footer in HTML: the document's own footer says it
    if in_section:
        parts.append("</section>")
    return ("<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>{e(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n"
            + "\n".join(parts) + "\n" + footer + "\n</main>\n</body>\n</html>\n")


def _figure(chart: Chart) -> str:
    return (f"<figure>{chart_svg(chart.kind, chart.data)}"
            f"<figcaption>{e(caption(chart.kind, chart.data))}</figcaption></figure>")


def render(report: dict) -> str:
    return render_blocks(layout_report(report), f"Fiche d'instruction : {report['instruction']['titre']}")


def render_supplier(questionnaire: dict) -> str:
    return render_blocks(layout_supplier(questionnaire), f"Questionnaire au fournisseur : {questionnaire['titre']}")
