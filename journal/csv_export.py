"""The open points as an action list (CSV): one row per point, grouped by who can answer it,
with the owner and the due date given in the dialogue.

Comma-separated, UTF-8, CRLF (RFC 4180, as schema.data.gouv.fr recommends); `excel=True` adds the
byte-order mark and uses semicolons, which French spreadsheet settings expect.
"""

from __future__ import annotations

import csv
import io

from grilles.bundle import Bundle
from grilles.formats import question_ref
from grilles.schema import DONT_KNOW
from journal.report_model import open_points
from journal.view import View

OPEN_POINT_COLUMNS = ("groupe", "point", "question", "numero", "grille", "critere", "intitule", "nature",
                      "responsable", "echeance", "peut_aussi_repondre", "signale_par", "signale_le")


def write_csv(columns, rows, excel: bool = False, notice: str = "") -> str:
    """`notice` (a broken journal, `journal.verify.broken_notice`) comes first, on a row of its own,
    so that nobody reads the rows below as sound."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";" if excel else ",", lineterminator="\r\n")
    if notice:
        writer.writerow([_cell(notice)])
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in columns])
    return ("\ufeff" if excel else "") + buffer.getvalue()


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    """A cell as text; a text that a spreadsheet would run as a formula (« =… », « +… », « @… »)
    is prefixed with an apostrophe (OWASP « CSV injection »): titles and answers are user text."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        value = " ; ".join(str(v) for v in value)
    elif not isinstance(value, str):
        return str(value)
    return "'" + value if value.startswith(_FORMULA_START) else value


def open_point_rows(view: View, bundle: Bundle) -> list[dict]:
    """One row per point, in words: a person reads this list in a spreadsheet, so the point and its
    questions are named by their number and words (« La question n° 20 « … » »), a red line to
    check by its title, never by an id."""
    rows = []
    for group in open_points(view, bundle)["groupes"]:
        for p in group["points"]:
            questions = [question_ref(bundle.by_id[q]) for q in p["questions"] if q in bundle.by_id]
            if p["type"] == DONT_KNOW and questions:
                point = questions[0]
            else:  # a red line or a warning to check: its title
                point = next((r.rule.title for r in bundle.rules if r.id == p["sujet"]), p["texte"])
            rows.append({
                "groupe": group["libelle"], "point": point[:1].upper() + point[1:], "question": " ; ".join(questions),
                "numero": p["numero"], "grille": p["grille_titre"], "critere": p["critere"], "intitule": p["texte"],
                "nature": p["type_libelle"], "responsable": p["responsable"], "echeance": p["echeance"],
                "peut_aussi_repondre": p["aussi"],
                "signale_par": p["signale_par"]["nom"] if p["signale_par"] else "",
                "signale_le": (p["signale_le"] or "")[:10],
            })
    return rows


def open_points_csv(view: View, bundle: Bundle, excel: bool = False, verdict=None) -> str:
    from journal.verify import broken_notice

    return write_csv(OPEN_POINT_COLUMNS, open_point_rows(view, bundle), excel, broken_notice(verdict))
