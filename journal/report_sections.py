"""The committee report laid out as blocks, in the order a committee reads it.

1. **Synthèse** (page 1): the project, the decision recorded or « décision à prendre », the red
   lines and warnings (each with its sign and its source), the open points by who can answer
   them, the radar and bar charts.
2. **Détail par grille et par critère**: the red lines and warnings with their message and what
   raised them, the decisions and opinions round by round, the open points with owner and due
   date, then per grid the scores and a line per criterion.
3. **Annexes**: every answer with who gave it and when, the skipped questions with their
   reasons, the changed answers, answers to questions no longer in the grids, the grids'
   versions and digests, the participants, the rephrasings, the journal's anchor.

Every format (Markdown, HTML, DOCX, ODT) renders these same blocks.
"""

from __future__ import annotations

from journal.report_layout import (
    INSUFFICIENT,
    SIGNS,
    Block,
    Bullets,
    Chart,
    Charts,
    Heading,
    PageFooter,
    Para,
    Table,
    causes_text,
    coverage_text,
    fr_date,
    fr_datetime,
    fr_moment,
    fr_number,
    qlabel,
    quoted,
    score_text,
    who,
)

SEVERITY_STYLE = {"ligne_rouge": "danger", "alerte": "warning"}
SYNTHESIS_POINTS = 8  # open points named per interlocutor on page 1; the others are counted
UTC_NOTE = "Dates et heures en temps universel (UTC), comme dans le journal."
PAGE_BODY_MM = 235  # an A4 page's text height (263 mm) less a margin for the estimate's errors
CHART_HEIGHT_MM = 80


def estimated_height_mm(blocks: list[Block]) -> float:
    """A rough height of these blocks on A4 paper (174 mm wide, 10 pt text, 9 pt tables)."""
    def lines(text: str, chars: int) -> int:
        return sum(max(1, -(-len(line) // chars)) for line in str(text).split("\n"))

    total = 0.0
    for b in blocks:
        if isinstance(b, Heading):
            total += {0: 10.0 * lines(b.text, 48), 1: 12.0, 2: 10.0}.get(b.level, 8.0)
        elif isinstance(b, Para):
            total += 4.6 * lines((b.label + " : " if b.label else "") + b.text, 92) + 3.5
        elif isinstance(b, Table):
            share = 1 / max(1, len(b.headers))
            for row in ([b.headers] if b.style != "kv" else []) + b.rows:
                width = [0.17, 0.83] if b.style == "kv" else [share] * len(row)
                total += 4.0 * max(lines(c, max(8, int(100 * w))) for c, w in zip(row, width, strict=True)) + 1.2
            total += 3
        elif isinstance(b, Charts):
            total += CHART_HEIGHT_MM * -(-len(b.items) // 2)
    return total


def layout_report(r: dict) -> list[Block]:
    ins = r["instruction"]
    out: list[Block] = [Heading(0, f"Fiche d'instruction : {ins['titre']}")]
    out += _chain_warning(r)
    out += _synthesis(r)
    # The detail starts a new page only when the synthesis surely fits on the first one:
    # otherwise the break would leave a near-empty second page.
    out += _detail(r, page_break=estimated_height_mm(out) <= PAGE_BODY_MM)
    out += _annexes(r)
    foot = r["pied"]
    journal = foot["journal"]["message"]
    out.append(Para(f"Fiche générée le {fr_datetime(foot['genere_le'])} par {foot['par']}. "
                    f"{journal[:1].upper()}{journal[1:]}. {anchor_text(foot.get('ancre'))}", style="footer"))
    out.append(PageFooter(page_footer_text(r)))
    return out


# --- the anchor ----------------------------------------------------------------------------


def anchor_text(a: dict | None) -> str:
    """The sentence `instruire journal verifier --rapport` reads back (keep its words)."""
    if not a:
        return ""
    return (f"Ancre dans le journal : instruction {a['instruction']}, position {a['position']}, "
            f"empreinte {a['empreinte']}.")


def page_footer_text(r: dict) -> str:
    a = r["pied"].get("ancre")
    where = f" — journal : position {a['position']}, empreinte {a['empreinte'][:12]}…" if a else ""
    return f"Fiche d'instruction « {r['instruction']['titre']} »{where}"


def _chain_warning(r: dict) -> list[Block]:
    j = r["pied"]["journal"]
    if j.get("integre") is False:
        return [Para(f"le journal a été modifié depuis qu'il a été écrit ({j['message'].split('— ', 1)[-1]}). "
                     "Cette fiche est construite à partir d'un journal altéré : ne vous y fiez pas avant "
                     "vérification (« instruire journal verifier »).", label=f"{SIGNS['danger']} Journal altéré",
                     style="danger")]
    return []


# --- 1. the synthesis ----------------------------------------------------------------------


def _current_decision(r: dict) -> dict | None:
    rounds = r["decisions"]["tours"]
    current = next((t for t in rounds if t["tour"] == r["instruction"]["tour"]), None)
    return current["decisions"][-1] if current and current["decisions"] else None


def _synthesis(r: dict) -> list[Block]:
    ins = r["instruction"]
    out: list[Block] = [Heading(1, "Synthèse")]
    facts = [["Service", ins["service"] or "—"]]
    if ins["description"]:
        facts.append(["Projet", ins["description"]])
    facts.append(["Stade", ins["stade_libelle"] or "non renseigné"])
    facts.append(["Instruction", f"{ins['mode_libelle']}, tour {ins['tour']}, ouverte le "
                                 f"{fr_date(ins['ouverte_le'])} par {who(ins['ouverte_par'])} ; dernier "
                                 f"événement le {fr_date(ins['dernier_evenement'])}"])
    grids = [g["titre"] for g in ins["grilles"]]
    facts.append(["Grilles", " ; ".join(grids)])
    out.append(Table(["", ""], facts, style="kv"))
    for part in (_decision_block, _flags_summary, _open_points_summary, _charts):
        out += part(r)
    return out


def _decision_block(r: dict) -> list[Block]:
    d = _current_decision(r)
    if d is None:
        earlier = [x for t in r["decisions"]["tours"] for x in t["decisions"]]
        text = f"aucune décision enregistrée pour le tour {r['instruction']['tour']}."
        if earlier:
            last = earlier[-1]
            text += f" Décision précédente : {last['libelle']}, le {fr_date(last['le'])}."
        return [Para(text, label=f"{SIGNS['pending']} Décision à prendre", style="pending"),
                Para(r["avertissement"], style="small")]
    people = ", ".join(who(p) for p in d["personnes"]) or who(d["enregistree_par"])
    text = f"{d['libelle']}, le {fr_datetime(d['le'])}, par {people}."
    if d["motif"]:
        text += f" Motif : {d['motif']}"
    return [Para(text, label=f"{SIGNS['decision']} Décision", style="decision"),
            Para(r["avertissement"], style="small")]


def flag_line(flag: dict, kind: str) -> Para:
    if kind == "check":
        severity = "ligne rouge" if flag["gravite"] == "ligne_rouge" else "alerte"
        label = f"{SIGNS['check']} À vérifier ({severity})"
    else:  # "danger" or "warning": the three kinds the report lists
        label = {"danger": f"{SIGNS['danger']} Ligne rouge", "warning": f"{SIGNS['warning']} Alerte"}[kind]
    text = flag["titre"] + (f". Source : {flag['source_texte']}" if flag["source_texte"] else "")
    return Para(text, label=label, style=kind)


def _flags_summary(r: dict) -> list[Block]:
    f = r["signalements"]
    out: list[Block] = [Heading(2, "Lignes rouges et alertes")]
    lines = [flag_line(x, "danger") for x in f["lignes_rouges"]] + [flag_line(x, "warning") for x in f["alertes"]] \
        + [flag_line(x, "check") for x in f["a_verifier"]]
    if not lines:
        return out + [Para("Aucune ligne rouge ni alerte en vigueur, aucune à vérifier.")]
    counts = (f"{len(f['lignes_rouges'])} ligne(s) rouge(s), {len(f['alertes'])} alerte(s), "
              f"{len(f['a_verifier'])} à vérifier. Signalées par l'assistant d'après les grilles ; elles "
              "n'arrêtent pas l'instruction et ne valent pas décision.")
    return out + lines + [Para(counts, style="small")]


def short_ref(p: dict) -> str:
    """A point in a few words: « La boussole de l'IA, n° 29 », or the start of its text."""
    if p.get("numero"):
        return qlabel(p)
    text = p["texte"] if p["type"] != "a_verifier" else p["texte"].split(" : ", 1)[0]
    return f"« {text if len(text) <= 70 else text[:67].rstrip() + '…'} »"


def _open_points_summary(r: dict) -> list[Block]:
    op = r["points_ouverts"]
    out: list[Block] = [Heading(2, "Points ouverts, par interlocuteur")]
    if not op["total"]:
        return out + [Para("Aucun point ouvert.")]
    rows = []
    for g in op["groupes"]:
        points = g["points"]
        named = " ; ".join(short_ref(p) for p in points[:SYNTHESIS_POINTS])
        if len(points) > SYNTHESIS_POINTS:
            named += f" ; et {len(points) - SYNTHESIS_POINTS} autre(s)"
        dues = [p["echeance"] for p in points if p["echeance"]]
        rows.append([g["libelle"], str(len(points)), named, fr_date(min(dues)) if dues else "—"])
    out.append(Table(["Qui peut répondre", "Nombre", "Points", "Échéance"], rows))
    out.append(Para(f"{op['total']} point(s) en tout ; chacun sous l'interlocuteur que la grille désigne en premier "
                    "(détail : responsable, échéance, autres interlocuteurs, plus loin).", style="small"))
    return out


def _charts(r: dict) -> list[Block]:
    grids = r["notes_axes"]
    if not grids:
        return []
    return [Heading(2, "Notes de 1 à 4"), Charts([Chart(g["graphique"], g) for g in grids])]


# --- 2. the detail -------------------------------------------------------------------------


def _detail(r: dict, page_break: bool) -> list[Block]:
    out: list[Block] = [Heading(1, "Détail par grille et par critère", page_break=page_break)]
    out += _flags_detail(r)
    out += _decisions(r)
    out += _open_points(r)
    for grid in r["grilles"]:
        out += _grid_detail(r, grid)
    return out


def _flag_blocks(flag: dict, kind: str) -> list[Block]:
    out: list[Block] = [flag_line(flag, kind), Para(flag["message"])]
    if flag["causes"]:
        out.append(Para(causes_text(flag["causes"]), label="Déclenchée par" if flag["leve_le"] else "Dépend de",
                        style="small"))
    if flag["leve_le"]:
        out.append(Para(fr_datetime(flag["leve_le"]), label="Signalée le", style="small"))
    return out


def _flags_detail(r: dict) -> list[Block]:
    f = r["signalements"]
    out: list[Block] = [Heading(2, "Lignes rouges et alertes : le détail")]
    if not (f["lignes_rouges"] or f["alertes"] or f["a_verifier"]):
        return out + [Para("Aucune ligne rouge ni alerte en vigueur, aucune à vérifier.")]
    for key, kind in (("lignes_rouges", "danger"), ("alertes", "warning"), ("a_verifier", "check")):
        for flag in f[key]:
            out += _flag_blocks(flag, kind)
    return out


def _decisions(r: dict) -> list[Block]:
    out: list[Block] = [Heading(2, "Décisions et avis, tour par tour")]
    for rnd in r["decisions"]["tours"]:
        title = f"Tour {rnd['tour']}"
        if rnd.get("stade_libelle"):
            title += f" : stade « {rnd['stade_libelle']} »"
        out.append(Heading(3, title))
        opened = f"Ouvert le {fr_datetime(rnd.get('ouvert_le'))}"
        if rnd.get("ouvert_par"):
            opened += f" par {who(rnd['ouvert_par'])}"
        if rnd.get("motif"):
            opened += f" ({rnd['motif']})"
        out.append(Para(opened + ".", style="small"))
        if not rnd["decisions"]:
            out.append(Para("Aucune décision enregistrée pour ce tour."))
        else:
            out.append(Table(["Décision", "Par", "Le (UTC)", "Motif", "Lignes rouges signalées"],
                             [[x["libelle"], ", ".join(who(p) for p in x["personnes"])
                               + (f"\n(enregistrée par {who(x['enregistree_par'])})"
                                  if x["enregistree_par"] not in x["personnes"] else ""),
                               fr_moment(x["le"]), x["motif"] or "—", ", ".join(x["lignes_rouges"]) or "aucune"]
                              for x in rnd["decisions"]]))
        if rnd["avis"]:
            out.append(Table(["Avis sur le critère", "Avis", "Par", "Le (UTC)"],
                             [[a["critere_titre"], a["texte"], who(a["par"]), fr_moment(a["le"])]
                              for a in rnd["avis"]]))
    return out


def open_point_question(p: dict) -> str:
    if p["type"] == "a_verifier":
        return p["texte"]
    return quoted(p)


def _open_points(r: dict) -> list[Block]:
    op = r["points_ouverts"]
    out: list[Block] = [Heading(2, "Points ouverts")]
    if not op["total"]:
        return out + [Para("Aucun point ouvert.")]
    for g in op["groupes"]:
        out.append(Heading(3, f"À voir avec {g['libelle']}"))
        out.append(Table(["Point", "Nature", "Responsable", "Échéance", "Peut aussi répondre"],
                         [[open_point_question(p), p["type_libelle"], p["responsable"] or "—",
                           fr_date(p["echeance"]) or "—", ", ".join(p["aussi"]) or "—"] for p in g["points"]]))
    return out


def _criterion_row(crit: dict) -> list[str]:
    questions = [q for part in crit["parties"] for q in part["questions"]]
    answered = sum(1 for q in questions if q["statut"] == "repondue")
    unknown = sum(1 for q in questions if q["statut"] == "nsp")
    return [crit["titre"], str(answered), str(unknown), str(len(crit["non_applicables"])), str(len(crit["ecartees"])),
            str(crit["restantes"])]


def _grid_detail(r: dict, grid: dict) -> list[Block]:
    out: list[Block] = [Heading(2, grid["titre"])]
    scores = next((s for s in r["notes_axes"] if s["grille"] == grid["grille"]), None)
    if scores is not None:
        out += _scores(scores)
    rows = [_criterion_row(c) for c in grid["criteres"]]
    if rows:
        out.append(Table(["Critère", "Répondues", "Je ne sais pas", "Non applicables", "Écartées", "À poser"], rows))
    opinions = [(a, rnd["tour"]) for rnd in r["decisions"]["tours"] for a in rnd["avis"]
                if a["critere"].split(".")[0] == grid["grille"]]
    if opinions:
        out.append(Bullets([Para(a["texte"], label=f"Avis sur « {a['critere_titre']} » (tour {t}, {who(a['par'])})")
                            for a, t in opinions]))
    return out


def _scores(grid: dict) -> list[Block]:
    out: list[Block] = [Para("Moyenne des questions applicables, répondues et notées ; un « je ne sais pas » ou une "
                             "question écartée ne compte pas pour 0. Sous le seuil de couverture, aucun chiffre "
                             "n'est donné : « insuffisant pour conclure ».", style="small")]
    if grid["graphique"] == "radar":
        out.append(Table(["Quadrant", "Moyenne des axes notés"],
                         [[g["groupe"], INSUFFICIENT if g["insuffisant"] else fr_number(g["moyenne"])]
                          for g in grid["groupes"]]))
    if len(grid["tours"]) > 1:
        out.append(Para(" ; ".join(f"tour {s['tour']} : stade « {s['stade_libelle'] or 'non renseigné'} »"
                                   for s in grid["tours"]) + ".", label="Notes par tour", style="small"))
        headers = ["Groupe", "Axe"] + [f"Tour {s['tour']}" for s in grid["tours"]]
        rows = [[axis["groupe"], axis["titre"]] + [score_text(s["axes"][i]) for s in grid["tours"]]
                for i, axis in enumerate(grid["tours"][-1]["axes"])]
        out.append(Table(headers, rows))
    else:
        out.append(Table(["Groupe", "Axe", "Note", "Couverture"],
                         [[a["groupe"], a["titre"], score_text(a), coverage_text(a)]
                          for g in grid["groupes"] for a in g["axes"]]))
    return out


# --- 3. the annexes ------------------------------------------------------------------------


def _annexes(r: dict) -> list[Block]:
    # No forced page here: the detail's end would often leave a near-empty page.
    out: list[Block] = [Heading(1, "Annexes"), Para(UTC_NOTE, style="small")]
    for part in (_answers, _skipped, _history, _outside, _record):
        out += part(r)
    return out


def _answers(r: dict) -> list[Block]:
    out: list[Block] = [Heading(2, "A. Toutes les réponses, qui et quand")]
    if r["notes_generales"]:
        out.append(Heading(3, "Notes générales"))
        out.append(Bullets([Para(n["texte"], label=f"{who(n['par'])}, {fr_datetime(n['le'])}")
                            for n in r["notes_generales"]]))
    for grid in r["grilles"]:
        criteria = [c for c in grid["criteres"] if c["parties"]]
        if not criteria:
            continue
        out.append(Heading(3, f"{grid['titre']} (version {grid['version_utilisee'] or grid['version']})"))
        for crit in criteria:
            out.append(Heading(4, crit["titre"]))
            notes: list[Para] = []
            rows = []
            for part in crit["parties"]:
                if part["titres"] and len(crit["parties"]) > 1:
                    rows.append(["", " › ".join(part["titres"]), "", "", ""])
                for q in part["questions"]:
                    text = q["texte_affiche"]
                    if q["reformulee"]:
                        text += f"\n(Texte reformulé ; texte de la grille : « {q['texte_original']} »)"
                    answer = q["reponse"]
                    if q["equivalente"]:
                        answer += f"\n(Réponse donnée à la question équivalente {quoted(q['equivalente'])})"
                    # the name only: the participants' table gives each one's role
                    rows.append([q["numero"] or "—", text, answer, q["par"]["nom"] if q["par"] else "",
                                 fr_moment(q["le"])])
                    for n in q["notes"]:
                        about = f"n° {q['numero']}" if q["numero"] else f"« {q['texte_affiche']} »"
                        notes.append(Para(n["texte"], label=f"Note sur {about} ({who(n['par'])}, "
                                                            f"{fr_datetime(n['le'])})"))
            out.append(Table(["N°", "Question posée", "Réponse", "Par", "Le"], rows))
            if notes:
                out.append(Bullets(notes))
    return out


def _skipped(r: dict) -> list[Block]:
    out: list[Block] = [Heading(2, "B. Questions écartées et pourquoi")]
    any_ = False
    for grid in r["grilles"]:
        rows = [[s["numero"] or "—", s["texte"], s["motif"]] for c in grid["criteres"] for s in c["ecartees"]]
        if rows:
            any_ = True
            out.append(Heading(3, grid["titre"]))
            out.append(Table(["N°", "Question", "Pourquoi elle n'a pas été posée"], rows))
    if not any_:
        out.append(Para("Aucune question écartée."))
    return out


def _history(r: dict) -> list[Block]:
    out: list[Block] = [Heading(2, "C. Réponses modifiées")]
    if not r["historique"]:
        return out + [Para("Aucune réponse modifiée.")]
    out.append(Table(["Question", "Avant", "Après", "Par", "Le", "Tour"],
                     [[quoted(h), h["avant"], h["apres"], who(h["par"]), fr_moment(h["le"]), str(h["tour"])]
                      for h in r["historique"]]))
    return out


def _outside(r: dict) -> list[Block]:
    items = r.get("hors_grilles") or []
    if not items:
        return []
    return [Heading(2, "D. Réponses à des questions qui ne sont plus dans les grilles"),
            Para("La grille a été modifiée depuis ces réponses : la question n'y figure plus. Les réponses restent "
                 "au journal et sont données ici telles qu'elles ont été enregistrées.", style="small"),
            Table(["Grille", "Question telle qu'affichée", "Réponse enregistrée", "Par", "Le"],
                  [[x["grille_titre"], x["texte_affiche"] or "(texte non conservé)", x["reponse"], who(x["par"]),
                    fr_moment(x["le"])] for x in items])]


def _record(r: dict) -> list[Block]:
    ins = r["instruction"]
    letter = "E" if r.get("hors_grilles") else "D"
    out: list[Block] = [Heading(2, f"{letter}. Grilles, participants et journal")]
    out.append(Table(["Grille", "Version et empreinte utilisées", "Source", "Licence"],
                     [[g["titre"], g["version_utilisee"] or g["version"], f"{g['source']} ({g['auteur']})",
                       g["licence"]] for g in ins["grilles"]]))
    changed = [g for g in r["grilles"] if g["version_differente"]]
    if changed:
        out.append(Para("la grille a été modifiée depuis l'instruction ; les textes affichés sont ceux du journal : "
                        + ", ".join(f"{g['titre']} (aujourd'hui {g['version_actuelle']})" for g in changed),
                        label="Attention", style="statement"))
    out.append(Table(["Participant", "Rôle"], [[p["nom"], p["role_libelle"] or "—"] for p in ins["participants"]]))
    out.append(Para(r["reformulations"]["texte"], label="Reformulations automatiques"))
    out.append(Para(f"{ins['id']} (pour les commandes « instruire rapport », « instruire journal verifier »…)",
                    label="Identifiant de l'instruction", style="small"))
    return out
