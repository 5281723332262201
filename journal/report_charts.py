"""The radar and the bar charts of the scored grids, as self-contained SVG.

One drawing for every format: HTML inlines it, DOCX and ODT embed it as an image (Word 2016 and
later, and LibreOffice, draw SVG), so that the committee sees the same chart on screen and on
paper. Drawn small enough for two charts side by side on the synthesis page (about 85 mm each),
with text sizes that stay legible there; an SVG scales, so the HTML page shows them larger.

Nothing relies on colour alone: an axis without enough answers is dashed and says
« insuffisant », each round of the bars has its own pattern and its « T1 », « T2 » label.
"""

from __future__ import annotations

import math
from html import escape

from journal.report_layout import INSUFFICIENT, clean, fr_number

INK, MUTED, ACCENT, ALERT = "#1b1b1b", "#555555", "#000091", "#b34000"
FONT = "Arial, Helvetica, sans-serif"


def e(text: object) -> str:
    return escape(clean(text), quote=True)


def _wrap(text: str, width: int) -> list[str]:
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


def _text(x: float, y: float, text: str, anchor: str = "middle", size: float = 12, weight: str = "normal",
          width: int = 22, fill: str = INK, valign: str = "middle") -> str:
    lines = _wrap(clean(text), width)
    step = size * 1.15
    if valign == "middle":
        y0 = y - (len(lines) - 1) * step / 2
    elif valign == "bottom":
        y0 = y - (len(lines) - 1) * step
    else:
        y0 = y
    spans = "".join(f'<tspan x="{x:.1f}" y="{y0 + i * step:.1f}">{e(line)}</tspan>' for i, line in enumerate(lines))
    return (f'<text text-anchor="{anchor}" font-size="{size}" font-weight="{weight}" fill="{fill}" '
            f'font-family="{FONT}">{spans}</text>')


def _svg(width: float, height: float, label_id: str, title: str, desc: str, body: list[str]) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" viewBox="0 0 {width:.0f} {height:.0f}" '
            f'width="{width:.0f}" height="{height:.0f}" role="img" aria-labelledby="{label_id}-titre {label_id}-desc">'
            f'<title id="{label_id}-titre">{e(title)}</title><desc id="{label_id}-desc">{e(desc)}</desc>'
            f'<rect width="{width:.0f}" height="{height:.0f}" fill="#ffffff"/>'
            + "".join(body) + "</svg>")


def _value(axis: dict) -> str:
    return INSUFFICIENT if axis["insuffisant"] else fr_number(axis["affichee"])


def size(svg: str) -> tuple[float, float]:
    """The chart's width and height (its viewBox), for the formats that place it on a page."""
    start = svg.index('viewBox="') + len('viewBox="')
    _, _, w, h = svg[start:svg.index('"', start)].split()
    return float(w), float(h)


# --- the radar -----------------------------------------------------------------------------


def radar_svg(grid: dict) -> str:
    """The radar on a polar chart: each quadrant (axis group) owns an equal share of the circle, its
    axes spread inside it; rings 1 to 4. An axis whose score is not shown is dashed with
    « insuffisant », and the line breaks there."""
    groups = [g for g in grid["groupes"] if g["axes"]]
    axes = [a for g in groups for a in g["axes"]]
    n = len(axes)
    if n == 0:
        return ""
    w, h, cx, cy, radius = 460, 420, 230, 214, 108
    span = 2 * math.pi / len(groups)
    angle: list[float] = []
    for gi, g in enumerate(groups):
        k = len(g["axes"])
        angle += [-math.pi / 2 + gi * span + (j + 0.5) * span / k for j in range(k)]

    def at(i: int, value: float, r: float = radius) -> tuple[float, float]:
        return cx + r * value / 4 * math.cos(angle[i]), cy + r * value / 4 * math.sin(angle[i])

    out: list[str] = []
    for level in range(1, 5):  # rings, numbered
        out.append(f'<circle cx="{cx}" cy="{cy}" r="{radius * level / 4:.1f}" fill="none" stroke="#c8c8c8"/>')
        out.append(f'<text x="{cx + 3}" y="{cy - radius * level / 4 - 2:.1f}" font-size="9" fill="{MUTED}" '
                   f'font-family="{FONT}">{level}</text>')
    for gi, g in enumerate(groups):  # quadrant boundaries (dotted) and names in the corners
        a0 = -math.pi / 2 + gi * span
        out.append(f'<line x1="{cx}" y1="{cy}" x2="{cx + (radius + 22) * math.cos(a0):.1f}" '
                   f'y2="{cy + (radius + 22) * math.sin(a0):.1f}" stroke="#888888" stroke-dasharray="2 3"/>')
        mid = a0 + span / 2
        cos, sin = math.cos(mid), math.sin(mid)
        gx, anchor = (4, "start") if cos < -0.3 else ((w - 4, "end") if cos > 0.3 else (cx, "middle"))
        gy, valign = (14, "top") if sin < -0.3 else ((h - 20, "bottom") if sin > 0.3 else (cy, "middle"))
        mean = INSUFFICIENT if g["moyenne"] is None else f"moyenne {fr_number(g['moyenne'])}"
        out.append(_text(gx, gy, g["groupe"], anchor=anchor, size=13, weight="bold", width=30, valign=valign,
                         fill=ACCENT))
        out.append(_text(gx, gy + (15 if valign != "bottom" else 15), mean, anchor=anchor, size=11.5, width=30,
                         valign="top" if valign != "bottom" else "top", fill=MUTED))
    for i, a in enumerate(axes):  # spokes and axis labels with their value
        x, y = at(i, 4)
        dashed = ' stroke-dasharray="4 3"' if a["insuffisant"] else ""
        out.append(f'<line x1="{cx}" y1="{cy}" x2="{x:.1f}" y2="{y:.1f}" stroke="#777777"{dashed}/>')
        lx, ly = at(i, 4.5)
        cos = math.cos(angle[i])
        anchor = "middle" if abs(cos) < 0.3 else ("start" if cos > 0 else "end")
        value = _value(a)
        fill = ALERT if a["insuffisant"] else INK
        out.append(_text(lx, ly, f"{a['titre']} : {value}", anchor=anchor, size=12, width=17, fill=fill))
    shown = [a["affichee"] for a in axes]
    if all(v is not None for v in shown) and n > 2:
        pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in (at(i, v) for i, v in enumerate(shown)))
        out.append(f'<polygon points="{pts}" fill="{ACCENT}" fill-opacity="0.12" stroke="{ACCENT}" '
                   'stroke-width="2"/>')
    else:  # segments between neighbouring shown axes only: a gap where a score is missing
        for i in range(n):
            j = (i + 1) % n
            if n > 1 and i != j and shown[i] is not None and shown[j] is not None:
                (x1, y1), (x2, y2) = at(i, shown[i]), at(j, shown[j])
                out.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{ACCENT}" '
                           'stroke-width="2"/>')
    for i, v in enumerate(shown):
        if v is not None:
            x, y = at(i, v)
            out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{ACCENT}"/>')
    desc = (f"{grid['titre']} : notes de 1 (au centre, le moins favorable) à 4 (le plus favorable). "
            + " ; ".join(f"{a['groupe']}, {a['titre']} : {_value(a)}" for a in axes))
    return _svg(w, h, f"radar-{grid['grille']}", grid["titre"], desc, out)


# --- the bars ------------------------------------------------------------------------------

PATTERNS = [
    ("aplat", '<rect width="6" height="6" fill="#000091"/>'),
    ("hachures", '<rect width="6" height="6" fill="#ffffff"/><path d="M-1.5,1.5 l3,-3 M0,6 l6,-6 M4.5,7.5 l3,-3" '
                 'stroke="#000091" stroke-width="1.6"/>'),
    ("points", '<rect width="6" height="6" fill="#ffffff"/><circle cx="3" cy="3" r="1.4" fill="#000091"/>'),
    ("quadrillage", '<rect width="6" height="6" fill="#ffffff"/><path d="M0,3 h6 M3,0 v6" stroke="#000091" '
                    'stroke-width="1.2"/>'),
]


def bars_svg(grid: dict) -> str:
    """One horizontal bar per item and per round (1 to 4), each round with its own pattern and its
    label at the end of the bar (« T1 : 3 »), so that the legend never relies on colour alone."""
    series = grid["tours"] or [{"tour": None, "axes": [a for g in grid["groupes"] for a in g["axes"]]}]
    items = series[-1]["axes"]
    if not items:
        return ""
    gid = e(grid["grille"])
    w, label_w, unit, bar_h = 460, 176, 52, 9
    left = label_w + 8
    groups = list(dict.fromkeys(a["groupe"] for a in items))
    row_h = max(len(series) * (bar_h + 2) + 7, 25)
    several = len(series) > 1 or series[0]["tour"] is not None
    legend_h = (16 + 15 * len(series)) if several else 0
    top = legend_h + 22
    height = top + len(items) * row_h + len(groups) * (18 if any(groups) else 0) + 6
    out = ["<defs>"]
    for k, (_, body) in enumerate(PATTERNS):
        out.append(f'<pattern id="motif-{gid}-{k}" width="6" height="6" patternUnits="userSpaceOnUse">{body}</pattern>')
    out.append("</defs>")
    if several:
        y = 12
        out.append(_text(4, y, "Légende :", anchor="start", size=11.5, weight="bold", width=60))
        for k, s in enumerate(series):
            y += 15
            fill = f"url(#motif-{gid}-{k % len(PATTERNS)})"
            out.append(f'<rect x="4" y="{y - 8}" width="26" height="10" fill="{fill}" stroke="{ACCENT}"/>')
            stage = f", stade « {s['stade_libelle']} »" if s.get("stade_libelle") else ""
            legend = f"T{s['tour']} : tour {s['tour']}{stage} ({PATTERNS[k % len(PATTERNS)][0]})"
            out.append(_text(36, y, legend, anchor="start", size=11, width=80))
    for level in range(5):  # the scale
        x = left + level * unit
        out.append(f'<line x1="{x}" y1="{top - 6}" x2="{x}" y2="{height - 4}" stroke="#dddddd"/>')
        if level:
            out.append(_text(x, top - 10, str(level), size=10, fill=MUTED))
    y = top
    for g in groups:
        if g:
            y += 14
            out.append(_text(4, y, g, anchor="start", size=11.5, weight="bold", width=70, fill=ACCENT))
            y += 4
        for i, axis in enumerate(items):
            if axis["groupe"] != g:
                continue
            out.append(_text(label_w, y + row_h / 2, axis["titre"], anchor="end", size=11, width=30))
            inner = len(series) * (bar_h + 2) - 2
            for k, s in enumerate(series):
                a = s["axes"][i] if i < len(s["axes"]) else None
                by = y + (row_h - inner) / 2 + k * (bar_h + 2)
                tag = f"T{s['tour']} : " if several else ""
                if a is None or a["insuffisant"]:
                    out.append(f'<rect x="{left}" y="{by:.1f}" width="{4 * unit}" height="{bar_h}" fill="none" '
                               f'stroke="{ALERT}" stroke-dasharray="3 2"/>')
                    out.append(_text(left + 4, by + bar_h / 2 + 1, f"{tag}insuffisant", anchor="start", size=9,
                                     width=60, fill=ALERT))
                    continue
                bw = a["affichee"] * unit
                fill = f"url(#motif-{gid}-{k % len(PATTERNS)})"
                out.append(f'<rect x="{left}" y="{by:.1f}" width="{bw:.1f}" height="{bar_h}" fill="{fill}" '
                           f'stroke="{ACCENT}" stroke-width="0.8"/>')
                out.append(_text(left + bw + 4, by + bar_h / 2 + 1, f"{tag}{fr_number(a['affichee'])}",
                                 anchor="start", size=9.5, width=60))
            y += row_h
    labels = " ; ".join(f"{k} : {v}" for k, v in grid.get("echelle", {}).items())
    desc = (f"{grid['titre']}" + (f" (échelle : {labels})" if labels else "") + ". "
            + " ; ".join(f"{s['axes'][i]['titre'] if i < len(s['axes']) else ''}"
                         + (f", tour {s['tour']}" if s["tour"] is not None else "")
                         + f" : {_value(s['axes'][i]) if i < len(s['axes']) else INSUFFICIENT}"
                         for s in series for i in range(len(items))))
    return _svg(w, height, f"barres-{grid['grille']}", grid["titre"], desc, out)


def chart_svg(kind: str, grid: dict) -> str:
    return radar_svg(grid) if kind == "radar" else bars_svg(grid)


def caption(kind: str, grid: dict) -> str:
    if kind == "radar":
        return (f"{grid['titre']} : notes de 1 (au centre, le moins favorable) à 4 (le plus favorable) ; "
                "un axe en pointillés n'a pas assez de réponses pour être noté.")
    labels = " ; ".join(f"{k} : {v}" for k, v in grid.get("echelle", {}).items())
    return f"{grid['titre']}" + (f" (échelle : {labels})." if labels else ".")
