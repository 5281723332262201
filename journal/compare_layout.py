"""The comparison (`journal.compare.diff`) laid out as blocks, so that it exports like the report:
Markdown, HTML, DOCX, ODT (and PDF through LibreOffice), JSON being the data itself."""

from __future__ import annotations

from journal.report_layout import (
    SIGNS,
    Block,
    Bullets,
    Heading,
    PageFooter,
    Para,
    Table,
    fr_datetime,
    fr_number,
    quoted,
    who,
)

INSUFFICIENT = "insuffisant"
FORMATS = ("md", "html", "json", "docx", "odt", "pdf")


def _severity(x: dict) -> str:
    return "ligne rouge" if x["gravite"] == "ligne_rouge" else "alerte"


def _score(value) -> str:
    return fr_number(value) if value is not None else INSUFFICIENT


def title(d: dict) -> str:
    a, b = d["avant"], d["apres"]
    if a["instruction"] == b["instruction"]:
        return f"Comparaison : {a['titre']}, {a['libelle']} et {b['libelle']}"
    return f"Comparaison : « {a['titre']} » et « {b['titre']} »"


def layout_compare(d: dict) -> list[Block]:
    a, b = d["avant"], d["apres"]
    out: list[Block] = [Heading(0, title(d))]
    if d.get("journal_altere"):
        out.append(Para(d["journal_altere"], label=f"{SIGNS['danger']} Journal altéré", style="danger"))
    out.append(Para(f"avant : {a['libelle']} (tour {a['tour']}) ; après : {b['libelle']} (tour {b['tour']}). "
                    "Cette comparaison décrit des différences ; elle ne vaut pas décision.", style="small"))
    out.append(Heading(1, "Stade du projet"))
    s = d["stade"]
    out.append(Para(f"Stade : « {s['avant'] or 'non renseigné'} » → « {s['apres'] or 'non renseigné'} »."
                    if s["change"] else f"Stade inchangé : « {s['apres'] or 'non renseigné'} »."))
    g = d["grilles"]
    names = {**a.get("grilles_titres", {}), **b.get("grilles_titres", {})}
    if g["ajoutees"] or g["retirees"] or g["versions_changees"]:
        out.append(Heading(1, "Grilles"))
        items = []
        if g["ajoutees"]:
            items.append(Para(", ".join(names.get(x, x) for x in g["ajoutees"]), label="Ajoutées"))
        if g["retirees"]:
            items.append(Para(", ".join(names.get(x, x) for x in g["retirees"]), label="Retirées"))
        items += [Para(f"version {v['avant']} → {v['apres']}", label=names.get(v["grille"], v["grille"]))
                  for v in g["versions_changees"]]
        out.append(Bullets(items))
    out += _flags(d["signalements"])
    out += _scores(d["notes_axes"])
    out += _answers(d["reponses"])
    out.append(Heading(1, "Décisions des personnes"))
    lines = []
    for key, name in (("avant", a["libelle"]), ("apres", b["libelle"])):
        ds = d["decisions"][key]
        if not ds:
            lines.append(Para("aucune décision enregistrée.", label=name))
        for x in ds:
            people = ", ".join(who(p) for p in x["personnes"])
            lines.append(Para(f"{x['libelle']}, le {fr_datetime(x['le'])} par {people}"
                              + (f" — motif : {x['motif']}" if x["motif"] else ""), label=name))
    out.append(Bullets(lines))
    out.append(PageFooter(title(d)))
    return out


def _flags(f: dict) -> list[Block]:
    out: list[Block] = [Heading(1, "Lignes rouges et alertes")]
    lines = []
    for key, word in (("leves", "Levée"), ("retires", "Retirée"), ("maintenus", "Toujours en vigueur"),
                      ("a_verifier", "À vérifier")):
        for x in f[key]:
            style = "check" if key == "a_verifier" else ("danger" if x["gravite"] == "ligne_rouge" else "warning")
            sign = SIGNS["check"] if key == "a_verifier" else SIGNS[style]
            lines.append(Para(f"{x['titre']} ({_severity(x)})", label=f"{sign} {word}", style=style))
    return out + (lines or [Para("Aucune ligne rouge ni alerte, avant comme après.")])


def _scores(grids: list[dict]) -> list[Block]:
    out: list[Block] = [Heading(1, "Notes de 1 à 4")]
    if not grids:
        return out + [Para("Aucune grille notée.")]
    for grid in grids:
        if not grid["change"]:
            out.append(Para(f"{grid['titre']} : notes inchangées."))
            continue
        out.append(Heading(2, grid["titre"]))
        out.append(Table(["Axe", "Avant", "Après", "Écart"],
                         [[x["titre"], _score(x["avant"]), _score(x["apres"]),
                           "" if x["ecart"] is None else ("+" if x["ecart"] > 0 else "") + fr_number(x["ecart"])]
                          for x in grid["axes"]]))
    return out


def _answers(r: dict) -> list[Block]:
    out: list[Block] = [Heading(1, "Réponses")]
    if not (r["ajoutees"] or r["modifiees"] or r["retirees"]):
        return out + [Para("Aucune réponse différente.")]
    if r["modifiees"]:
        out.append(Heading(2, f"Modifiées ({len(r['modifiees'])})"))
        out.append(Table(["Question", "Avant", "Après"], [[quoted(x), x["avant"], x["apres"]] for x in r["modifiees"]]))
    if r["ajoutees"]:
        out.append(Heading(2, f"Ajoutées ({len(r['ajoutees'])})"))
        out.append(Table(["Question", "Réponse"], [[quoted(x), x["apres"]] for x in r["ajoutees"]]))
    if r["retirees"]:
        out.append(Heading(2, f"Retirées ({len(r['retirees'])})"))
        out.append(Table(["Question", "Réponse avant", "Pourquoi"],
                         [[quoted(x), x["avant"], x["raison"]] for x in r["retirees"]]))
    return out


def export(d: dict, fmt: str) -> bytes:
    """The comparison in one format (see FORMATS)."""
    import json

    if fmt == "json":
        return (json.dumps(d, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    blocks = layout_compare(d)
    if fmt == "md":
        from journal import report_md
        return report_md.render_blocks(blocks).encode("utf-8")
    if fmt == "html":
        from journal import report_html
        return report_html.render_blocks(blocks, title(d)).encode("utf-8")
    if fmt == "docx":
        from journal import report_docx
        return report_docx.render_blocks(blocks, title(d))
    from journal import report_odt
    odt = report_odt.render_blocks(blocks, title(d))
    if fmt == "odt":
        return odt
    from journal import pdf
    from journal.report_model import ReportError
    try:
        return pdf.convert(odt)
    except pdf.PdfUnavailable as exc:
        raise ReportError(str(exc)) from None
