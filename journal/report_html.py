"""The report as ONE self-contained HTML file: inline CSS, inline SVG charts, no script, no
external resource; printable (each main section starts a page, no backgrounds).

Every piece of user text goes through `html.escape`: a title, an answer or a note is shown,
never interpreted.
"""

from __future__ import annotations

import math
from html import escape

from journal.report_layout import (INSUFFICIENT, Block, Bullets, Chart, Heading, Para, Table, clean, fr_number,
                                   layout_report, layout_supplier)

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
  section.main ~ section.main { break-before: page; page-break-before: always; }
  h2, h3, h4, h5 { break-after: avoid; page-break-after: avoid; }
  tr, figure, li { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  p.statement { border: 1px solid #000; border-left: 4px solid #000; }
}
"""

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
                parts.append('<section class="main">')
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
            parts.append(radar_svg(b.data) if b.kind == "radar" else bars_svg(b.data))
    if in_section:
        parts.append("</section>")
    return ("<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>{e(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n"
            + "\n".join(parts) + "\n" + footer + "\n</main>\n</body>\n</html>\n")


def render(report: dict) -> str:
    return render_blocks(layout_report(report), f"Fiche d'instruction : {report['instruction']['titre']}")


def render_supplier(questionnaire: dict) -> str:
    return render_blocks(layout_supplier(questionnaire), f"Questionnaire au fournisseur : {questionnaire['titre']}")


# --- charts --------------------------------------------------------------------------------


def _wrap(text: str, width: int = 22) -> list[str]:
    words, lines, line = text.split(), [], ""
    for w in words:
        if line and len(line) + 1 + len(w) > width:
            lines.append(line)
            line = w
        else:
            line = f"{line} {w}".strip()
    if line:
        lines.append(line)
    return lines or [""]


def _text(x: float, y: float, text: str, anchor: str = "middle", size: int = 12, weight: str = "normal",
          cls: str = "", width: int = 22) -> str:
    lines = _wrap(clean(text), width)
    y0 = y - (len(lines) - 1) * size * 0.55
    spans = "".join(f'<tspan x="{x:.1f}" y="{y0 + i * size * 1.1:.1f}">{e(line)}</tspan>' for i, line in enumerate(lines))
    c = f' class="{cls}"' if cls else ""
    return (f'<text{c} text-anchor="{anchor}" font-size="{size}" font-weight="{weight}" '
            f'font-family="Arial, Helvetica, sans-serif">{spans}</text>')


def radar_svg(grid: dict) -> str:
    """The radar on a polar chart: each quadrant (axis group) owns a quarter of the circle, its axes
    spread inside it; rings 1 to 4. An axis whose score is not shown is drawn dashed with
    « insuffisant », and the line breaks there."""
    groups = [g for g in grid["groupes"] if g["axes"]]
    axes = [a for g in groups for a in g["axes"]]
    n = len(axes)
    if n == 0:
        return ""
    w, h, cx, cy, radius = 820, 640, 410, 320, 185
    span = 2 * math.pi / len(groups)
    angle: list[float] = []
    for gi, g in enumerate(groups):
        k = len(g["axes"])
        angle += [-math.pi / 2 + gi * span + (j + 0.5) * span / k for j in range(k)]

    def at(i: int, value: float, r: float = radius) -> tuple[float, float]:
        return cx + r * value / 4 * math.cos(angle[i]), cy + r * value / 4 * math.sin(angle[i])

    out = [f'<figure><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" '
           f'role="img" aria-labelledby="radar-titre radar-desc">',
           f'<title id="radar-titre">{e(grid["titre"])}</title>',
           '<desc id="radar-desc">' + e(" ; ".join(
               f"{a['groupe']}, {a['titre']} : {INSUFFICIENT if a['insuffisant'] else fr_number(a['affichee'])}"
               for a in axes)) + "</desc>"]
    for level in range(1, 5):  # rings
        out.append(f'<circle cx="{cx}" cy="{cy}" r="{radius * level / 4:.1f}" fill="none" stroke="#c8c8c8"/>')
        out.append(f'<text x="{cx + 4}" y="{cy - radius * level / 4 - 3:.1f}" font-size="10" fill="#666" '
                   f'font-family="Arial, sans-serif">{level}</text>')
    for gi, g in enumerate(groups):  # quadrant boundaries (dashed) and names in the corners
        a0 = -math.pi / 2 + gi * span
        out.append(f'<line x1="{cx}" y1="{cy}" x2="{cx + (radius + 40) * math.cos(a0):.1f}" '
                   f'y2="{cy + (radius + 40) * math.sin(a0):.1f}" stroke="#888" stroke-dasharray="2 4"/>')
        mid = a0 + span / 2
        cos, sin = math.cos(mid), math.sin(mid)
        gx, anchor = (14, "start") if cos < -0.3 else ((w - 14, "end") if cos > 0.3 else (cx, "middle"))
        gy = 30 if sin < -0.3 else (h - 30 if sin > 0.3 else cy)
        mean = INSUFFICIENT if g["moyenne"] is None else f"moyenne {fr_number(g['moyenne'])}"
        out.append(_text(gx, gy, g["groupe"], anchor=anchor, size=14, weight="bold", width=40))
        out.append(_text(gx, gy + 17, mean, anchor=anchor, size=12, width=40))
    for i, a in enumerate(axes):  # spokes and axis labels
        x, y = at(i, 4)
        dashed = ' stroke-dasharray="5 4"' if a["insuffisant"] else ""
        out.append(f'<line x1="{cx}" y1="{cy}" x2="{x:.1f}" y2="{y:.1f}" stroke="#777"{dashed}/>')
        lx, ly = at(i, 4.45)
        cos = math.cos(angle[i])
        anchor = "middle" if abs(cos) < 0.25 else ("start" if cos > 0 else "end")
        value = INSUFFICIENT if a["insuffisant"] else fr_number(a["affichee"])
        out.append(_text(lx, ly + 4, f"{a['titre']} : {value}", anchor=anchor, size=12, width=24))
    # the scores: segments between neighbouring shown axes only (a gap where a score is missing)
    shown = [a["affichee"] for a in axes]
    if all(v is not None for v in shown) and n > 2:
        pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in (at(i, v) for i, v in enumerate(shown)))
        out.append(f'<polygon points="{pts}" fill="#000091" fill-opacity="0.12" stroke="#000091" stroke-width="2.5"/>')
    else:
        for i in range(n):
            j = (i + 1) % n
            if n > 1 and i != j and shown[i] is not None and shown[j] is not None:
                (x1, y1), (x2, y2) = at(i, shown[i]), at(j, shown[j])
                out.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="#000091" '
                           'stroke-width="2.5"/>')
    for i, v in enumerate(shown):
        if v is not None:
            x, y = at(i, v)
            out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="#000091"/>')
        else:
            x, y = at(i, 2.2)
            out.append(_text(x, y, "insuffisant", size=11, width=30).replace("<text ", '<text fill="#b34000" ', 1))
    out.append("</svg>")
    out.append(f"<figcaption>{e(grid['titre'])} : notes de 1 (le moins favorable, au centre) à 4 (le plus "
               "favorable) ; un axe en pointillés n'a pas assez de réponses pour être noté.</figcaption></figure>")
    return "".join(out)


PATTERNS = [
    ("plein", '<rect width="8" height="8" fill="#000091"/>', "aplat"),
    ("hachures", '<rect width="8" height="8" fill="#fff"/><path d="M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4" '
                 'stroke="#000091" stroke-width="2"/>', "hachures"),
    ("points", '<rect width="8" height="8" fill="#fff"/><circle cx="4" cy="4" r="1.8" fill="#000091"/>', "points"),
    ("quadrillage", '<rect width="8" height="8" fill="#fff"/><path d="M0,4 h8 M4,0 v8" stroke="#000091" '
                    'stroke-width="1.5"/>', "quadrillage"),
]


def bars_svg(grid: dict) -> str:
    """One horizontal bar per item and per round (1 to 4), each round with its own pattern and a
    label at the end of the bar, so that the legend never relies on colour alone."""
    series = grid["tours"] or [{"tour": None, "axes": [a for g in grid["groupes"] for a in g["axes"]]}]
    items = series[-1]["axes"]
    if not items:
        return ""
    label_w, unit, bar_h, gap = 300, 95, 14, 10
    left = label_w + 10
    groups = list(dict.fromkeys(a["groupe"] for a in items))
    row_h = len(series) * (bar_h + 3) + gap
    legend_h = 28 + 20 * len(series)
    height = legend_h + 30 + len(items) * row_h + len(groups) * 26 + 10
    width = left + 4 * unit + 140
    out = [f'<figure><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
           f'height="{height}" role="img" aria-labelledby="barres-{e(grid["grille"])}">',
           f'<title id="barres-{e(grid["grille"])}">{e(grid["titre"])}</title><defs>']
    for k, (name, body, _) in enumerate(PATTERNS):
        out.append(f'<pattern id="motif-{e(grid["grille"])}-{k}" width="8" height="8" patternUnits="userSpaceOnUse">'
                   f"{body}</pattern>")
    out.append("</defs>")
    # legend
    y = 18
    out.append(_text(10, y, "Légende :", anchor="start", size=12, weight="bold", width=60))
    for k, s in enumerate(series):
        y += 20
        fill = f"url(#motif-{e(grid['grille'])}-{k % len(PATTERNS)})"
        out.append(f'<rect x="10" y="{y - 11}" width="34" height="13" fill="{fill}" stroke="#000091"/>')
        if s["tour"] is None:
            legend = "Notes"
        else:
            stage = f", stade « {s['stade_libelle']} »" if s.get("stade_libelle") else ""
            legend = f"Tour {s['tour']}{stage} : {PATTERNS[k % len(PATTERNS)][2]}, marqué « T{s['tour']} » en bout de barre"
        out.append(_text(52, y, legend, anchor="start", size=12, width=110))
    top = legend_h + 22
    # level grid
    for level in range(0, 5):
        x = left + level * unit
        out.append(f'<line x1="{x}" y1="{top - 8}" x2="{x}" y2="{height - 6}" stroke="#ddd"/>')
        if level:
            out.append(_text(x, top - 12, str(level), size=11))
    y = top
    for g in groups:
        y += 20
        out.append(_text(10, y, g, anchor="start", size=13, weight="bold", width=60))
        y += 6
        for i, axis in enumerate(items):
            if axis["groupe"] != g:
                continue
            out.append(_text(label_w, y + row_h / 2, axis["titre"], anchor="end", size=12, width=40))
            for k, s in enumerate(series):
                a = s["axes"][i] if i < len(s["axes"]) else None
                by = y + k * (bar_h + 3) + 2
                tag = f"T{s['tour']} : " if s["tour"] is not None else ""
                if a is None or a["insuffisant"]:
                    out.append(f'<rect x="{left}" y="{by:.1f}" width="{4 * unit}" height="{bar_h}" fill="none" '
                               'stroke="#b34000" stroke-dasharray="4 3"/>')
                    out.append(_text(left + 6, by + bar_h - 3, f"{tag}{INSUFFICIENT}", anchor="start", size=11,
                                     width=60))
                    continue
                bw = a["affichee"] * unit
                fill = f"url(#motif-{e(grid['grille'])}-{k % len(PATTERNS)})"
                out.append(f'<rect x="{left}" y="{by:.1f}" width="{bw:.1f}" height="{bar_h}" fill="{fill}" '
                           'stroke="#000091"/>')
                out.append(_text(left + bw + 6, by + bar_h - 3, f"{tag}{fr_number(a['affichee'])}", anchor="start",
                                 size=11, width=60))
            y += row_h
    out.append("</svg>")
    labels = "; ".join(f"{k} : {v}" for k, v in grid.get("echelle", {}).items())
    out.append(f"<figcaption>{e(grid['titre'])}" + (f" (échelle : {e(labels)})" if labels else "")
               + "</figcaption></figure>")
    return "".join(out)
