"""From the report model to a short list of layout blocks, shared by every document format.

Markdown, HTML, DOCX and ODT all render the same blocks (headings, paragraphs, lists, tables,
charts), so the four documents say the same thing in the same order; only the drawing of the
charts is HTML's own (the other formats carry the same numbers in tables).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from grilles.formats import french_number

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def clean(text: object) -> str:
    """User text made safe for every format: no control characters (XML forbids them)."""
    if text is None:
        return ""
    return _CONTROL.sub("", str(text)).replace("\r\n", "\n").replace("\r", "\n")


# --- blocks --------------------------------------------------------------------------------


@dataclass
class Heading:
    level: int  # 0: document title; 1: main section; 2, 3, 4: sub-headings
    text: str
    page_break: bool = False  # starts a new page when printed (the report's main parts)


# Paragraph styles. The signs are part of the text (« ⛔ Ligne rouge »): a colour is never the
# only cue, and a black-and-white print or a screen reader says the same.
STYLES = ("", "statement", "small", "footer",
          "danger",    # a red line in force, or a broken journal
          "warning",   # a warning in force
          "check",     # a red line or warning « à vérifier »
          "decision",  # the decision recorded
          "pending")   # no decision yet
SIGNS = {"danger": "⛔", "warning": "⚠", "check": "?", "decision": "⚖", "pending": "…"}
# The decision in the neutral blue of the document, whatever it says: a colour never reads as a verdict.
COLOURS = {"danger": "C9191E", "warning": "B34000", "check": "6A6A6A", "decision": "000091", "pending": "555555",
           "statement": "000091"}
TINTS = {"danger": "FDECEC", "warning": "FFF1E6", "check": "F3F3F3", "decision": "EEEEF8", "pending": "F6F6F6"}


@dataclass
class Para:
    text: str
    label: str = ""  # shown in bold before the text (« Source : … »)
    style: str = ""  # one of STYLES


@dataclass
class Bullets:
    items: list[Para]


@dataclass
class Table:
    headers: list[str]
    rows: list[list[str]]  # a cell may hold several lines ("\n")
    style: str = ""  # "kv": label / value pairs, no header row


@dataclass
class Chart:
    kind: str  # "radar" or "barres"
    data: dict = field(default_factory=dict)  # the scored grid, as in the report model


@dataclass
class Charts:
    """Charts side by side (two per line on an A4 page), each with its caption under it."""
    items: list[Chart]


@dataclass
class PageFooter:
    """What every printed page carries at its foot (DOCX, ODT); the other formats end with a footer."""
    text: str


Block = Heading | Para | Bullets | Table | Chart | Charts | PageFooter


# --- table columns on an A4 page -----------------------------------------------------------

NBSP = "\u00a0"


def _longest(text: str) -> tuple[int, int]:
    """(longest word, longest line) of a cell: words split at plain spaces only (a no-break space joins)."""
    text = str(text)
    lines = text.split("\n")
    return max(map(len, text.replace("\n", " ").split(" "))), max(map(len, lines))


def column_widths(t: Table, total: float, char: float, padding: float, bold_first: bool = False) -> list[float]:
    """Column widths (in the unit of `total`) for a table laid out on paper, as a browser's
    automatic layout would: each column at least as wide as its longest word — a number, a date
    (whose parts are joined by no-break spaces) or a word never breaks inside —, and the rest
    of the width shared in proportion to what each column would need to hold its longest line.
    `char` is the width of an average character, `padding` a cell's left and right margins."""
    ncols = max([len(t.headers)] + [len(r) for r in t.rows]) if t.style != "kv" else 2
    minimum, desired = [], []
    for c in range(ncols):
        sizes = [_longest(row[c]) for row in t.rows if c < len(row)]
        factor = 1.08 if bold_first and c == 0 else 1.0
        heading = _longest(t.headers[c]) if t.style != "kv" and c < len(t.headers) else (0, 0)
        word = max([w for w, _ in sizes] + [heading[0] * 1.15, 2])  # a header is bold, often capitalised
        line = max([ln for _, ln in sizes] + [heading[1], 2])
        minimum.append(word * char * factor + padding)
        desired.append(max(line, word) * char * factor + padding)
    if sum(desired) <= total:  # everything fits on one line: widen in proportion
        return [d * total / sum(desired) for d in desired]
    if sum(minimum) >= total:  # not even the words fit: shrink in proportion (rare: a very long word)
        return [m * total / sum(minimum) for m in minimum]
    spare = total - sum(minimum)
    extra = [d - m for d, m in zip(desired, minimum, strict=True)]
    return [m + spare * x / sum(extra) for m, x in zip(minimum, extra, strict=True)]


# --- formatting ----------------------------------------------------------------------------


def fr_datetime(iso: str | None) -> str:
    """« 22/11/2026 14:05 UTC » (the journal keeps UTC; so does the report, to avoid any doubt)."""
    if not iso:
        return ""
    try:
        dt = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return iso
    return dt.strftime("%d/%m/%Y %H:%M UTC")


def fr_moment(iso: str | None) -> str:
    """« 22/11/2026 14:05 » for a table cell, never broken across lines (the header says UTC)."""
    return fr_datetime(iso).replace(" UTC", "").replace(" ", NBSP)


def fr_date(iso: str | None) -> str:
    if not iso:
        return ""
    try:
        return datetime.fromisoformat(iso[:10]).strftime("%d/%m/%Y")
    except ValueError:
        return iso


def fr_number(x: float | None) -> str:
    """A score, a mean or a gap as the report writes it (at most the two decimals the model keeps)."""
    return "" if x is None else french_number(x, SCORE_DECIMALS)


def percent(x: float) -> str:
    return f"{round(x * 100)} %"


def who(p: dict | None) -> str:
    if not p:
        return ""
    return f"{p['nom']} ({p['role_libelle']})" if p.get("role_libelle") else p["nom"]


def qlabel(ref: dict, with_grid: bool = True) -> str:
    """« La boussole de l'IA, n° 29 », « n° 29 », or only the grid when the question has no number."""
    number = f"n° {ref['numero']}" if ref.get("numero") else ""
    if with_grid and ref.get("grille_titre"):
        return f"{ref['grille_titre']}, {number}" if number else ref["grille_titre"]
    return number


def quoted(ref: dict, with_grid: bool = True) -> str:
    """« La boussole de l'IA, n° 29 : « texte » »."""
    label = qlabel(ref, with_grid)
    return f"{label} : « {ref['texte']} »" if label else f"« {ref['texte']} »"


def causes_text(causes: list[dict]) -> str:
    return " ; ".join(f"{quoted(c)}, réponse : {c['reponse']}" for c in causes)


INSUFFICIENT = "insuffisant pour conclure"
SCORE_DECIMALS = 2  # the report model rounds scores to two decimals: show what it kept


def score_text(axis: dict, labels: bool = True) -> str:
    if axis["insuffisant"]:
        return INSUFFICIENT
    text = fr_number(axis["affichee"])
    if labels and axis.get("niveau_libelle"):
        text += f" – {axis['niveau_libelle']}"
    return text


def coverage_text(axis: dict) -> str:
    if not axis["applicables"]:
        return "aucune question applicable"
    return f"{axis['notees']}/{axis['applicables']} ({percent(axis['couverture'])})"


# --- the supplier questionnaire ------------------------------------------------------------


def layout_supplier(q: dict) -> list[Block]:
    out: list[Block] = [Heading(0, f"Questionnaire au fournisseur : {q['titre']}")]
    if q.get("journal_altere"):
        out.append(Para(q["journal_altere"], style="danger"))
    intro = (f"Dans le cadre de l'examen du projet « {q['titre']} »"
             + (f" ({q['service']})" if q["service"] else "")
             + ", la collectivité vous remercie de répondre aux questions ci-dessous. Elles sont tirées "
               "des grilles publiques d'évaluation des usages de l'intelligence artificielle citées en référence.")
    out.append(Para(intro))
    if q["description"]:
        out.append(Para(q["description"], label="Le projet"))
    if q["echeance"]:
        out.append(Para(fr_date(q["echeance"]), label="Réponse souhaitée avant le"))
    if not q["questions"]:
        return out + [Para("Aucune question ouverte pour le fournisseur.")]
    grid = criterion = None
    rows: list[list[str]] = []
    for item in q["questions"]:
        if (item["grille_titre"], item["critere"]) != (grid, criterion):
            if rows:
                out.append(Table(["N°", "Question", "Réponse du fournisseur"], rows))
                rows = []
            if item["grille_titre"] != grid:
                out.append(Heading(1, item["grille_titre"]))
            out.append(Heading(2, item["critere"]))
            grid, criterion = item["grille_titre"], item["critere"]
        text = item["texte"]
        if item["choix"]:
            text += "\nRéponses possibles : " + " / ".join(item["choix"])
        if item["unite"]:
            text += f"\nUnité : {item['unite']}"
        if item["aide"]:
            text += f"\nPourquoi cette question : {item['aide']}"
        text += f"\nRéférence : {item['reference']}"
        rows.append([str(item["rang"]), text, ""])
    if rows:
        out.append(Table(["N°", "Question", "Réponse du fournisseur"], rows))
    out.append(Para(f"Questionnaire établi le {fr_datetime(q['genere_le'])} par instruire, d'après l'instruction "
                    f"{q['instruction']}.", style="footer"))
    return out
