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
    level: int  # 0: document title; 1: main section (a new page when printed); 2, 3, 4: sub-headings
    text: str


@dataclass
class Para:
    text: str
    label: str = ""  # shown in bold before the text (« Source : … »)
    style: str = ""  # "", "statement", "small", "footer"


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


Block = Heading | Para | Bullets | Table | Chart


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


# --- the report ----------------------------------------------------------------------------


def layout_report(r: dict) -> list[Block]:
    ins = r["instruction"]
    out: list[Block] = [Heading(0, f"Fiche d'instruction : {ins['titre']}")]
    out += _project(r)
    out += _flags(r)
    out += _decisions(r)
    out += _open_points(r)
    out += _scores(r)
    out += _grids(r)
    out += _history(r)
    out += [Heading(1, "8. Reformulations automatiques"), Para(r["reformulations"]["texte"])]
    foot = r["pied"]
    out.append(Para(f"Fiche générée le {fr_datetime(foot['genere_le'])} par {foot['par']}. "
                    f"{foot['journal']['message'][:1].upper()}{foot['journal']['message'][1:]}.", style="footer"))
    return out


def _project(r: dict) -> list[Block]:
    ins = r["instruction"]
    rows = [["Projet", ins["titre"]], ["Service", ins["service"] or "—"],
            ["Description", ins["description"] or "—"], ["Identifiant de l'instruction", ins["id"]],
            ["Ouverte le", f"{fr_datetime(ins['ouverte_le'])} par {who(ins['ouverte_par'])}"],
            ["Dernier événement", fr_datetime(ins["dernier_evenement"])],
            ["Tour", str(ins["tour"])], ["Stade du projet", ins["stade_libelle"] or "non renseigné"],
            ["Nature", ins["mode_libelle"]]]
    out: list[Block] = [Heading(1, "1. Projet"), Table(["", ""], rows, style="kv"),
                        Heading(2, "Grilles utilisées (versions du journal)")]
    out.append(Table(["Grille", "Version utilisée", "Source", "Licence"],
                     [[g["titre"], g["version_utilisee"] or g["version"], f"{g['source']} ({g['auteur']})", g["licence"]]
                      for g in ins["grilles"]]))
    changed = [g for g in r["grilles"] if g["version_differente"]]
    if changed:
        out.append(Para("la grille a été modifiée depuis l'instruction ; les textes affichés sont ceux du journal : "
                        + ", ".join(f"{g['titre']} (aujourd'hui {g['version_actuelle']})" for g in changed),
                        label="Attention", style="statement"))
    out.append(Heading(2, "Participants"))
    out.append(Table(["Nom", "Rôle"], [[p["nom"], p["role_libelle"] or "—"] for p in ins["participants"]]))
    out.append(Para(r["avertissement"], style="statement"))
    return out


def _flag_blocks(flag: dict) -> list[Block]:
    out: list[Block] = [Heading(3, flag["titre"]), Para(flag["message"])]
    if flag["source_texte"]:
        out.append(Para(flag["source_texte"], label="Source"))
    if flag["causes"]:
        out.append(Para(causes_text(flag["causes"]),
                        label="Déclenchée par" if flag["leve_le"] else "Dépend de"))
    if flag["leve_le"]:
        out.append(Para(fr_datetime(flag["leve_le"]), label="Signalée le"))
    return out


def _flags(r: dict) -> list[Block]:
    f = r["signalements"]
    out: list[Block] = [Heading(1, "2. Lignes rouges et alertes"),
                        Para("Signalées par l'assistant d'après les grilles ; elles n'arrêtent pas l'instruction "
                             "et ne valent pas décision.", style="small")]
    for key, title, empty in (("lignes_rouges", "Lignes rouges en vigueur", "Aucune ligne rouge en vigueur."),
                              ("alertes", "Alertes en vigueur", "Aucune alerte en vigueur."),
                              ("a_verifier", "À vérifier (suspendues à un « je ne sais pas » ou à un fait non établi)",
                               "Aucune ligne rouge ni alerte à vérifier.")):
        out.append(Heading(2, title))
        if not f[key]:
            out.append(Para(empty))
        for flag in f[key]:
            out += _flag_blocks(flag)
    return out


def _decisions(r: dict) -> list[Block]:
    d = r["decisions"]
    out: list[Block] = [Heading(1, "3. Décisions des personnes"),
                        Para("Par tour, dans l'ordre chronologique.", style="small")]
    for rnd in d["tours"]:
        title = f"Tour {rnd['tour']}"
        if rnd.get("stade_libelle"):
            title += f" : stade « {rnd['stade_libelle']} »"
        out.append(Heading(2, title))
        opened = f"Ouvert le {fr_datetime(rnd.get('ouvert_le'))}"
        if rnd.get("ouvert_par"):
            opened += f" par {who(rnd['ouvert_par'])}"
        if rnd.get("motif"):
            opened += f" ({rnd['motif']})"
        out.append(Para(opened + ".", style="small"))
        if not rnd["decisions"]:
            out.append(Para("Aucune décision enregistrée pour ce tour."))
        else:
            out.append(Table(["Décision", "Par", "Le", "Motif", "Lignes rouges signalées"],
                             [[x["libelle"], ", ".join(who(p) for p in x["personnes"])
                               + (f"\n(enregistrée par {who(x['enregistree_par'])})"
                                  if x["enregistree_par"] not in x["personnes"] else ""),
                               fr_datetime(x["le"]), x["motif"] or "—", ", ".join(x["lignes_rouges"]) or "aucune"]
                              for x in rnd["decisions"]]))
        if rnd["avis"]:
            out.append(Heading(3, "Avis par critère"))
            out.append(Table(["Critère", "Avis", "Par", "Le"],
                             [[a["critere_titre"], a["texte"], who(a["par"]), fr_datetime(a["le"])]
                              for a in rnd["avis"]]))
    return out


def open_point_question(p: dict) -> str:
    if p["type"] == "a_verifier":
        return p["texte"]
    return quoted(p)


def _open_points(r: dict) -> list[Block]:
    op = r["points_ouverts"]
    out: list[Block] = [Heading(1, "4. Points ouverts")]
    if not op["total"]:
        return out + [Para("Aucun point ouvert.")]
    out.append(Para(f"{op['total']} point(s), chacun sous l'interlocuteur que la grille désigne en premier.",
                    style="small"))
    for g in op["groupes"]:
        out.append(Heading(2, f"À voir avec {g['libelle']}"))
        out.append(Table(["Point", "Nature", "Responsable", "Échéance", "Peut aussi répondre"],
                         [[open_point_question(p), p["type_libelle"], p["responsable"] or "—",
                           fr_date(p["echeance"]) or "—", ", ".join(p["aussi"]) or "—"] for p in g["points"]]))
    return out


def _scores(r: dict) -> list[Block]:
    out: list[Block] = [Heading(1, "5. Notes de 1 à 4")]
    if not r["notes_axes"]:
        return out + [Para("Aucune grille notée dans cette instruction.")]
    out.append(Para("Moyenne des questions applicables, répondues et notées ; un « je ne sais pas » ou une "
                    "question écartée ne compte pas pour 0. Sous le seuil de couverture, aucun chiffre n'est "
                    "donné : « insuffisant pour conclure ».", style="small"))
    for grid in r["notes_axes"]:
        out.append(Heading(2, grid["titre"]))
        out.append(Chart(grid["graphique"], grid))
        several = len(grid["tours"]) > 1
        if grid["graphique"] == "radar":
            out.append(Table(["Quadrant", "Moyenne des axes notés"],
                             [[g["groupe"], INSUFFICIENT if g["insuffisant"] else fr_number(g["moyenne"])]
                              for g in grid["groupes"]]))
        if several:
            out.append(Para(" ; ".join(f"tour {s['tour']} : stade « {s['stade_libelle'] or 'non renseigné'} »"
                                       for s in grid["tours"]) + ".", label="Notes par tour", style="small"))
            headers = ["Groupe", "Axe"] + [f"Tour {s['tour']}" for s in grid["tours"]]
            rows = []
            for i, axis in enumerate(grid["tours"][-1]["axes"]):
                rows.append([axis["groupe"], axis["titre"]] + [score_text(s["axes"][i]) for s in grid["tours"]])
            out.append(Table(headers, rows))
        else:
            rows = [[a["groupe"], a["titre"], score_text(a), coverage_text(a)]
                    for g in grid["groupes"] for a in g["axes"]]
            out.append(Table(["Groupe", "Axe", "Note", "Couverture"], rows))
    return out


def _grids(r: dict) -> list[Block]:
    out: list[Block] = [Heading(1, "6. Réponses, grille par grille")]
    if r["notes_generales"]:
        out.append(Heading(2, "Notes générales"))
        out.append(Bullets([Para(n["texte"], label=f"{who(n['par'])}, {fr_datetime(n['le'])}")
                            for n in r["notes_generales"]]))
    for grid in r["grilles"]:
        out.append(Heading(2, f"{grid['titre']} (version {grid['version_utilisee'] or grid['version']})"))
        out.append(Para(f"{grid['source']}, {grid['auteur']}. Licence : {grid['licence']}. {grid['attribution']}",
                        style="small"))
        for crit in grid["criteres"]:
            out.append(Heading(3, crit["titre"]))
            notes: list[Para] = []
            for part in crit["parties"]:
                if part["titres"]:
                    out.append(Heading(4, " › ".join(part["titres"])))
                rows = []
                for q in part["questions"]:
                    text = q["texte_affiche"]
                    if q["reformulee"]:
                        text += f"\n(Texte reformulé ; texte de la grille : « {q['texte_original']} »)"
                    answer = q["reponse"]
                    if q["equivalente"]:
                        answer += f"\n(Réponse donnée à la question équivalente {quoted(q['equivalente'])})"
                    rows.append([q["numero"] or "—", text, answer, who(q["par"]), fr_datetime(q["le"])])
                    for n in q["notes"]:
                        about = f"n° {q['numero']}" if q["numero"] else f"« {q['texte_affiche']} »"
                        notes.append(Para(n["texte"], label=f"Note sur {about} ({who(n['par'])}, "
                                                            f"{fr_datetime(n['le'])})"))
                out.append(Table(["N°", "Question posée", "Réponse", "Par", "Le"], rows))
            if notes:
                out.append(Bullets(notes))
            if crit["ecartees"]:
                out.append(Para(f"{len(crit['ecartees'])} question(s) écartée(s) :", style="small"))
                out.append(Bullets([Para(s["motif"], label=quoted(s, False)) for s in crit["ecartees"]]))
            if crit["non_applicables"]:
                out.append(Para("Déclarée(s) non applicable(s) :", style="small"))
                out.append(Bullets([Para(f"{x['justification']} ({who(x['par'])}, {fr_datetime(x['le'])})",
                                         label=quoted(x, False))
                                    for x in crit["non_applicables"]]))
            if crit["restantes"]:
                out.append(Para(f"{crit['restantes']} question(s) pas encore posée(s).", style="small"))
            if not crit["parties"] and not crit["ecartees"] and not crit["restantes"]:
                out.append(Para("Aucune question posée.", style="small"))
    return out


def _history(r: dict) -> list[Block]:
    out: list[Block] = [Heading(1, "7. Réponses modifiées")]
    if not r["historique"]:
        return out + [Para("Aucune réponse modifiée.")]
    out.append(Table(["Question", "Avant", "Après", "Par", "Le", "Tour"],
                     [[quoted(h), h["avant"], h["apres"], who(h["par"]), fr_datetime(h["le"]),
                       str(h["tour"])] for h in r["historique"]]))
    return out


# --- the supplier questionnaire ------------------------------------------------------------


def layout_supplier(q: dict) -> list[Block]:
    out: list[Block] = [Heading(0, f"Questionnaire au fournisseur : {q['titre']}")]
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
