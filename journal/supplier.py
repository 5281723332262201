"""The supplier questionnaire: the open points a supplier can answer, ready to attach to a call
for tenders (Markdown, HTML, DOCX or ODT).

A question goes in when it is an open point (answered « je ne sais pas ») and its grid names the
supplier among those who can answer it (`answered_by: [fournisseur, …]`). The questions keep the
grid's own wording (not a rephrasing) and their reference, so the supplier answers the public
grid; internal matters (who in the team follows the point, red lines, notes) stay out.
"""

from __future__ import annotations

from grilles.answers import YES_NO, scale_labels
from grilles.bundle import Bundle
from grilles.formats import source_text
from grilles.rules import TO_ASK, UNKNOWN, evaluate
from grilles.schema import AnswerType, Role
from journal.report_model import ReportError, now_iso, number_label
from journal.view import View

FORMATS = ("md", "html", "docx", "odt", "pdf")


def questions(view: View, bundle: Bundle) -> list[dict]:
    """The questions for the supplier, in the grids' order: the open points it can answer (a
    « je ne sais pas » whose grid names the supplier), and, while no supplier is chosen, the
    questions still to ask that the grids defer to it (`defer`: the supplier answers them first)."""
    from grilles.prefill import DEFERRED, offers

    evaluation = evaluate(bundle, view.answers_for_rules())
    deferred = {q for q, o in offers(bundle, evaluation).items() if o.kind == DEFERRED}
    out = []
    for entry in bundle.entries:
        status = evaluation.statuses[entry.id]
        if status.via or not (status.status == UNKNOWN or (status.status == TO_ASK and entry.id in deferred)):
            continue
        q = entry.question
        if Role.supplier not in q.answered_by:
            continue
        options = _options(entry)
        number = number_label(entry, bundle)
        out.append({
            "question": entry.id, "numero": number, "grille": entry.grid.id, "grille_titre": entry.grid.title,
            "critere": entry.criterion.title, "texte": q.text, "aide": q.help or "", "type": q.type.value,
            "options": options, "choix": [o["libelle"] for o in options],
            "plusieurs_choix": q.type is AnswerType.multiple, "unite": q.unit or "",
            "reference": source_text(q.source, entry.grid.source.document)
                         + (f" (question n° {number} de la grille)" if number else ""),
            "echeance": view.open_points.get(entry.id, {}).get("due", ""),
            "en_attente": status.status == UNKNOWN,  # already an open point (not only deferred)
        })
    for rank, item in enumerate(out, 1):
        item["rang"] = rank
        if item["plusieurs_choix"] and item["choix"]:
            item["choix"] = [*item["choix"][:-1], item["choix"][-1] + " (plusieurs choix possibles)"]
    return out


def _options(entry) -> list[dict]:
    """The answers a supplier may give: value as recorded, label as read."""
    q = entry.question
    if q.type is AnswerType.yes_no:
        return [{"valeur": v, "libelle": label} for v, label in YES_NO.items()]
    if q.type in (AnswerType.single, AnswerType.multiple):
        return [{"valeur": o.value, "libelle": o.label} for o in q.options]
    if q.type is AnswerType.scale:
        labels = scale_labels(q, entry.grid.scale)
        return [{"valeur": k, "libelle": f"{k} – {v}" if v != str(k) else str(k)} for k, v in sorted(labels.items())]
    return []


def build_questionnaire(view: View, bundle: Bundle, generated_at: str | None = None, verdict=None) -> dict:
    from journal.verify import broken_notice

    items = questions(view, bundle)
    dues = [i["echeance"] for i in items if i["echeance"]]
    return {"document": "questionnaire_fournisseur", "instruction": view.instruction, "titre": view.title,
            "service": view.service, "description": view.description, "echeance": min(dues) if dues else "",
            "genere_le": generated_at or now_iso(), "journal_altere": broken_notice(verdict), "questions": items}


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
    if fmt == "pdf":
        from journal import pdf, report_odt
        try:
            return pdf.convert(report_odt.render_supplier(questionnaire))
        except pdf.PdfUnavailable as exc:
            raise ReportError(str(exc)) from None
    raise ReportError(f"format « {fmt} » inconnu ; formats : {', '.join(FORMATS)}")
