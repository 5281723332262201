"""The supplier questionnaire: the open points a supplier can answer, ready to attach to a call
for tenders (Markdown, HTML, DOCX or ODT).

A question goes in when it is an open point (answered « je ne sais pas ») and its grid names the
supplier among those who can answer it (`answered_by: [fournisseur, …]`). The questions keep the
grid's own wording (not a rephrasing) and their reference, so the supplier answers the public
grid; internal matters (who in the team follows the point, red lines, notes) stay out.
"""

from __future__ import annotations

from grilles.answers import YES_NO
from grilles.bundle import Bundle
from grilles.formats import source_text
from grilles.rules import UNKNOWN, evaluate
from grilles.schema import AnswerType, Role
from journal.report_model import ReportError, now_iso, number_label
from journal.view import View

FORMATS = ("md", "html", "docx", "odt")


def questions(view: View, bundle: Bundle) -> list[dict]:
    evaluation = evaluate(bundle, view.answers_for_rules())
    out = []
    for entry in bundle.entries:
        status = evaluation.statuses[entry.id]
        if status.status != UNKNOWN or status.via:
            continue
        q = entry.question
        if Role.supplier not in q.answered_by:
            continue
        if q.type is AnswerType.yes_no:
            choices = list(YES_NO.values())
        elif q.type in (AnswerType.single, AnswerType.multiple):
            choices = [o.label for o in q.options]
        elif q.type is AnswerType.scale:
            labels = (q.scale or entry.grid.scale)
            choices = [f"{k} – {v}" for k, v in sorted(labels.labels.items())] if labels else ["1", "2", "3", "4"]
        else:
            choices = []
        number = number_label(entry, bundle)
        out.append({
            "question": entry.id, "numero": number, "grille": entry.grid.id, "grille_titre": entry.grid.title,
            "critere": entry.criterion.title, "texte": q.text, "aide": q.help or "", "choix": choices,
            "plusieurs_choix": q.type is AnswerType.multiple, "unite": q.unit or "",
            "reference": source_text(q.source, entry.grid.source.document)
                         + (f" (question n° {number} de la grille)" if number else ""),
            "echeance": view.open_points.get(entry.id, {}).get("due", ""),
        })
    for rank, item in enumerate(out, 1):
        item["rang"] = rank
        if item["plusieurs_choix"] and item["choix"]:
            item["choix"] = [*item["choix"][:-1], item["choix"][-1] + " (plusieurs choix possibles)"]
    return out


def build_questionnaire(view: View, bundle: Bundle, generated_at: str | None = None) -> dict:
    items = questions(view, bundle)
    dues = [i["echeance"] for i in items if i["echeance"]]
    return {"document": "questionnaire_fournisseur", "instruction": view.instruction, "titre": view.title,
            "service": view.service, "description": view.description, "echeance": min(dues) if dues else "",
            "genere_le": generated_at or now_iso(), "questions": items}


def export(questionnaire: dict, fmt: str) -> bytes:
    if fmt == "md":
        from journal import report_md
        from journal.report_layout import layout_supplier
        return report_md.render_blocks(layout_supplier(questionnaire)).encode("utf-8")
    if fmt == "html":
        from journal import report_html
        return report_html.render_supplier(questionnaire).encode("utf-8")
    if fmt == "docx":
        from journal import report_docx
        return report_docx.render_supplier(questionnaire)
    if fmt == "odt":
        from journal import report_odt
        return report_odt.render_supplier(questionnaire)
    raise ReportError(f"format « {fmt} » inconnu ; formats : {', '.join(FORMATS)}")
