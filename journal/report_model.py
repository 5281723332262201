"""The committee report ("fiche d'instruction") as plain data, built from the journal alone.

`build_report(view, bundle, verdict)` reads a `journal.view.View` (rebuilt from the events) and
the grid definitions (question texts, criteria, sources, scores); it returns dicts, lists,
strings and numbers only, in the order a committee reads them, so that every format (Markdown,
HTML, JSON, DOCX, ODT) shows the same content. Keys are French: the JSON export is read by
people, like the journal's event kinds.

Nothing here decides: the report repeats what the rules signalled and what people decided.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

from grilles import declared
from grilles.answers import Answer, display, french_number
from grilles.bundle import Bundle, Entry
from grilles.formats import flag_json, source_text, version_tag
from grilles.rules import ANSWERED, DECLARED_NA, SKIPPED, TO_ASK, UNKNOWN, WAITING, Evaluation, evaluate
from grilles.schema import ROLE_LABELS, Role
from grilles.scores import axis_scores
from journal import kinds
from journal.log import Actor
from journal.view import AnswerRecord, View

FORMAT_VERSION = 2  # 2: raw values beside display texts, the journal anchor, answers outside the grids
FORMATS = ("md", "html", "json", "docx", "odt", "pdf")

NO_DECISION = ("L'assistant n'a pris aucune décision : il a posé les questions, signalé les lignes rouges "
               "et listé les points ouverts. Les décisions ci-dessous sont celles des personnes nommées.")
MODE_LABELS = {"complete": "instruction complète", "pre_examen": "pré-examen"}
SEVERITY_LABELS = {"ligne_rouge": "ligne rouge", "alerte": "alerte"}
OPEN_POINT_LABELS = {"nsp": "je ne sais pas", "a_verifier": "ligne rouge ou alerte à vérifier"}
NO_ROLE = "sans_interlocuteur"
NO_ROLE_LABEL = "quelqu'un à désigner (la grille ne nomme personne)"


class ReportError(Exception):
    """An instruction that cannot be reported (unknown, or its grids are gone); French, shown as is."""


# --- small helpers -------------------------------------------------------------------------


def role_label(role: str) -> str:
    try:
        return ROLE_LABELS[Role(role)]
    except ValueError:
        return role


def person(actor: Actor | None) -> dict | None:
    if actor is None:
        return None
    return {"nom": actor.name, "role": actor.role, "role_libelle": role_label(actor.role) if actor.role else ""}


def number_label(entry: Entry, bundle: Bundle) -> str:
    """The question's number in its source (« 29 »), or what it supplements (« 3 (complément) »)."""
    q = entry.question
    if q.number:
        return str(q.number)
    if q.supplement_of:
        base = bundle.by_id.get(f"{entry.grid.id}.{q.supplement_of}")
        if base is not None and base.question.number:
            return f"{base.question.number} (complément)"
        return "complément"
    return ""


def question_ref(qid: str, bundle: Bundle) -> dict:
    entry = bundle.by_id.get(qid)
    if entry is None:
        return {"question": qid, "numero": "", "texte": qid, "grille": qid.split(".")[0], "grille_titre": ""}
    return {"question": qid, "numero": number_label(entry, bundle), "texte": entry.question.text,
            "grille": entry.grid.id, "grille_titre": entry.grid.title}


def _display(bundle: Bundle, qid: str, answer: Answer) -> str:
    entry = bundle.by_id.get(qid)
    if entry is None:
        return str(answer.value if answer.is_value else answer.kind)
    return display(entry.question, answer, entry.grid.scale)


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


# --- rounds --------------------------------------------------------------------------------


def round_numbers(view: View) -> list[int]:
    return list(range(1, view.round + 1))


def round_info(view: View, bundle: Bundle | None = None) -> dict[int, dict]:
    """Each round: when it opened, by whom, why, and at which stage."""
    out = {1: {"tour": 1, "ouvert_le": view.opened_at, "ouvert_par": person(view.opened_by),
               "motif": "ouverture de l'instruction", "stade": None}}
    for r in view.rounds:
        out[r["round"]] = {"tour": r["round"], "ouvert_le": r.get("at", ""), "ouvert_par": person(r.get("actor")),
                           "motif": _round_reason(r, bundle), "stade": r.get("stage")}
    return out


def _round_reason(r: dict, bundle: Bundle | None) -> str:
    """Why a round opened. Journals written before the reason named the stage by its words say
    « suivi au stade « experimentation » » (its code): read with the stage's label instead."""
    reason = r.get("reason", "")
    stage = r.get("stage")
    if bundle is not None and stage and reason == f"suivi au stade « {stage} »":
        return f"suivi au stade « {stage_label(bundle, stage)} »"
    return reason


def stage_label(bundle: Bundle, stage: str | None) -> str:
    if not stage:
        return ""
    entry = declared.stage_entry(bundle)
    opt = entry.question.option(stage) if entry else None
    return opt.label if opt else stage


# --- sections ------------------------------------------------------------------------------


def cause_ref(qid: str, shown: str, view: View | None, bundle: Bundle) -> dict:
    """A question a skip or a flag depends on, as the team answered it: a question answered through
    an equivalent one (Nantes' n° 82 through the profile's « Une solution sans IA a-t-elle été
    étudiée ? ») is cited as the one the team saw and answered."""
    if view is not None and qid not in view.answers:
        qid = next((q for q in bundle.equivalents.get(qid, ()) if q in view.answers), qid)
    return {**question_ref(qid, bundle), "reponse": shown}


def _flag(flag: dict, bundle: Bundle, raised_at: str | None, view: View | None = None) -> dict:
    """A red line or warning in the journal's form (`grilles.formats.flag_json`) as the report shows it."""
    source = dict(flag.get("source") or {})
    causes = [cause_ref(c.get("question", ""), c.get("answer", ""), view, bundle) for c in flag.get("causes", [])]
    return {"regle": flag["rule"], "titre": flag["title"], "gravite": flag["severity"],
            "gravite_libelle": SEVERITY_LABELS.get(flag["severity"], flag["severity"]), "message": flag["message"],
            "source": source, "source_texte": source_text(source), "causes": causes, "leve_le": raised_at}


def _flag_from_journal(flag, bundle: Bundle, view: View | None = None) -> dict:
    return _flag({"rule": flag.rule, "title": flag.title, "severity": flag.severity, "message": flag.message,
                  "source": flag.source, "causes": flag.causes}, bundle, flag.at, view)


def flags_section(view: View, evaluation: Evaluation, bundle: Bundle) -> dict:
    in_force = sorted(view.flags.values(), key=lambda f: f.seq)
    return {
        "lignes_rouges": [_flag_from_journal(f, bundle, view) for f in in_force if f.severity == "ligne_rouge"],
        "alertes": [_flag_from_journal(f, bundle, view) for f in in_force if f.severity != "ligne_rouge"],
        "a_verifier": [_flag(flag_json(f), bundle, None, view) for f in evaluation.to_check],
    }


def decisions_section(view: View, bundle: Bundle) -> dict:
    info = round_info(view, bundle)
    rounds = []
    for r in round_numbers(view):
        decisions = [{
            "decision": d.decision, "libelle": d.label, "motif": d.rationale, "le": d.at,
            "enregistree_par": person(d.actor), "personnes": [person(p) for p in d.people],
            "lignes_rouges": [_rule_title(bundle, rid) for rid in d.red_lines],
        } for d in view.decisions if d.round == r]
        opinions = [{
            "critere": o.get("criterion", ""), "critere_titre": _criterion_title(bundle, o.get("criterion", "")),
            "texte": o.get("text", ""), "par": person(o.get("actor")), "le": o.get("at", ""),
        } for o in view.opinions if o.get("round") == r]
        stage = info.get(r, {}).get("stade")
        rounds.append({**info.get(r, {"tour": r}), "stade_libelle": stage_label(bundle, stage),
                       "decisions": decisions, "avis": opinions})
    return {"ordre": "chronologique", "tours": rounds}


def _rule_title(bundle: Bundle, rule_id: str) -> str:
    return next((r.rule.title for r in bundle.rules if r.id == rule_id), rule_id)


def _criterion_title(bundle: Bundle, criterion: str) -> str:
    grid_id, _, section_id = criterion.partition(".")
    try:
        grid = bundle.grid(grid_id).grid
    except StopIteration:
        return criterion
    if not section_id:
        return grid.title
    section = next((s for s in grid.all_sections() if s.id == section_id), None)
    return f"{grid.title} — {section.title}" if section else criterion


def open_points(view: View, bundle: Bundle, evaluation: Evaluation | None = None) -> dict:
    """The open points grouped by who can answer them: the first role the grid names (the one it
    thinks most likely), the others listed as « peut aussi répondre ». Each point appears once."""
    evaluation = evaluation or evaluate(bundle, view.answers_for_rules())
    groups: dict[str, list[dict]] = {}
    for point in evaluation.open_points:
        if point.kind == UNKNOWN and evaluation.statuses[point.subject].via:
            continue  # the point is the equivalent question's, already listed
        roles = [r.value for r in point.who]
        if point.kind == UNKNOWN:
            ref = question_ref(point.subject, bundle)
            entry = bundle.by_id[point.subject]
            criterion = entry.criterion.title
            assigned = view.open_points.get(point.subject, {})
            record = view.answers.get(point.subject)
            item = {**ref, "type": point.kind, "type_libelle": OPEN_POINT_LABELS[point.kind],
                    "sujet": point.subject, "critere": criterion,
                    "responsable": assigned.get("owner", ""), "echeance": assigned.get("due", ""),
                    "signale_par": person(record.actor) if record else None,
                    "signale_le": record.at if record else "", "questions": [point.subject]}
        else:
            rule = next(r for r in bundle.rules if r.id == point.subject)
            owners = [view.open_points[q] for q in point.questions if q in view.open_points]
            item = {"question": "", "numero": "", "texte": f"{rule.rule.title} : {rule.rule.message}",
                    "grille": rule.grid.id, "grille_titre": rule.grid.title, "type": point.kind,
                    "type_libelle": OPEN_POINT_LABELS[point.kind], "sujet": point.subject, "critere": "",
                    "responsable": " ; ".join(dict.fromkeys(o.get("owner", "") for o in owners if o.get("owner"))),
                    "echeance": min((o["due"] for o in owners if o.get("due")), default=""),
                    "signale_par": None, "signale_le": "", "questions": list(point.questions)}
        main = roles[0] if roles else NO_ROLE
        item["interlocuteurs"] = [role_label(r) for r in roles]
        item["aussi"] = [role_label(r) for r in roles[1:]]
        groups.setdefault(main, []).append(item)
    order = [r.value for r in Role] + [NO_ROLE]
    out = [{"role": r, "libelle": role_label(r) if r != NO_ROLE else NO_ROLE_LABEL, "points": groups[r]}
           for r in order if r in groups]
    return {"total": sum(len(g["points"]) for g in out), "groupes": out}


def _axis(score, labels: dict[int, str]) -> dict:
    shown = score.shown
    level = labels.get(int(shown)) if shown is not None and float(shown).is_integer() else None
    return {"axe": score.axis, "titre": score.title, "groupe": score.group or "",
            "moyenne": None if score.mean is None else round(score.mean, 2),
            "affichee": None if shown is None else round(shown, 2),
            "couverture": round(score.coverage, 2), "notees": score.scored, "applicables": score.applicable,
            "insuffisant": shown is None, "niveau_libelle": level or ""}


def scores_section(view: View, bundle: Bundle, evaluation: Evaluation) -> list[dict]:
    out = []
    per_round: dict[int, Evaluation] = {}
    for loaded in bundle.grids:
        grid = loaded.grid
        if not grid.axes:
            continue
        labels = dict(grid.scale.labels) if grid.scale else {}
        axes = [_axis(s, labels) for s in axis_scores(evaluation, grid)]
        groups = []
        for name in dict.fromkeys(a["groupe"] for a in axes):
            members = [a for a in axes if a["groupe"] == name]
            shown = [a["affichee"] for a in members if a["affichee"] is not None]
            groups.append({"groupe": name, "axes": members,
                           "moyenne": round(sum(shown) / len(shown), 2) if shown else None,
                           "insuffisant": not shown})
        series = []
        rounds_with_answers = sorted({h.round for h in view.history if h.question.startswith(grid.id + ".")})
        for r in rounds_with_answers:
            if r not in per_round:
                answers = {q: rec.answer for q, rec in view.answers_at_round(r).items()}
                per_round[r] = evaluation if r >= view.round else evaluate(bundle, answers)
            stage = view.answers_at_round(r).get(view.stage_question or "")
            value = stage.answer.value if stage is not None and stage.answer.is_value else None
            stage_value = value if isinstance(value, str) else None  # a single choice (check STG001)
            series.append({"tour": r, "stade": stage_value, "stade_libelle": stage_label(bundle, stage_value),
                           "axes": [_axis(s, labels) for s in axis_scores(per_round[r], grid)]})
        out.append({"grille": grid.id, "titre": grid.title, "graphique": declared.chart_kind(grid),
                    "echelle": {str(k): v for k, v in sorted(labels.items())}, "seuil": grid.min_coverage,
                    "groupes": groups, "tours": series})
    return out


def _notes_for(view: View, qid: str) -> list[dict]:
    return [{"texte": n.get("text", ""), "par": person(n.get("actor")), "le": n.get("at", ""), "tour": n.get("round")}
            for n in view.notes if n.get("question") == qid]


def grids_section(view: View, bundle: Bundle, evaluation: Evaluation) -> list[dict]:
    out = []
    for loaded in bundle.grids:
        grid = loaded.grid
        criteria: dict[str, dict] = {}
        for entry in (e for e in bundle.entries if e.grid.id == grid.id):
            crit = criteria.get(entry.criterion.id)
            if crit is None:
                crit = criteria[entry.criterion.id] = {
                    "id": entry.criterion.id, "titre": entry.criterion.title,
                    "source_texte": source_text(entry.criterion.source, None),
                    "parties": [], "ecartees": [], "non_applicables": [], "restantes": 0}
            status = evaluation.statuses[entry.id]
            if status.status in (ANSWERED, UNKNOWN, DECLARED_NA):
                chain = [s.title for s in entry.sections[1:]]
                if not crit["parties"] or crit["parties"][-1]["titres"] != chain:
                    crit["parties"].append({"titres": chain, "questions": []})
                crit["parties"][-1]["questions"].append(_asked(view, bundle, entry, status))
                if status.status == DECLARED_NA:
                    assert status.answer is not None  # a question declared not applicable holds that answer
                    record = view.answers.get(entry.id)
                    crit["non_applicables"].append({
                        **question_ref(entry.id, bundle), "justification": status.answer.justification or "",
                        "par": person(record.actor) if record else None, "le": record.at if record else ""})
            elif status.status == SKIPPED:
                reason = view.skipped.get(entry.id)
                if reason is not None:
                    causes = [cause_ref(c.get("question", ""), c.get("answer", ""), view, bundle)
                              for c in reason.get("causes", [])]
                    message, condition = reason.get("message", ""), reason.get("condition", "")
                else:  # not written yet (an instruction opened under another version of the rules)
                    why = status.skip_reason
                    causes = [cause_ref(c.question, c.shown, view, bundle) for c in why.causes]
                    message, condition = why.message, why.condition
                crit["ecartees"].append({**question_ref(entry.id, bundle), "motif": message,
                                         "condition": condition, "causes": causes})
            elif status.status in (TO_ASK, WAITING):
                crit["restantes"] += 1
        recorded = view.grid_versions.get(grid.id, "")
        current = version_tag(loaded)
        out.append({"grille": grid.id, "titre": grid.title, "version": grid.version,
                    "version_utilisee": recorded, "version_actuelle": current,
                    "version_differente": bool(recorded) and recorded != current,
                    "source": grid.source.document, "auteur": grid.source.author,
                    "licence": grid.licence, "attribution": grid.attribution,
                    "criteres": list(criteria.values())})
    return out


def _asked(view: View, bundle: Bundle, entry: Entry, status) -> dict:
    record = view.answers.get(status.via or entry.id)
    shown = record.shown if record and record.shown else entry.question.text
    rephrased = bool(record and record.rephrased and not status.via)
    via = None
    if status.via:
        via = question_ref(status.via, bundle)
    return {
        "question": entry.id, "numero": number_label(entry, bundle),
        "texte_affiche": shown if not status.via else entry.question.text,
        "reformulee": rephrased, "texte_original": entry.question.text if rephrased else "",
        "reponse": display(entry.question, status.answer, entry.grid.scale),
        "valeur_brute": status.answer.to_json(), "unite": entry.question.unit or "",
        "statut": status.status, "par": person(record.actor) if record else None, "le": record.at if record else "",
        "tour": record.round if record else None, "equivalente": via,
        "notes": _notes_for(view, entry.id) + (_notes_for(view, status.via) if status.via else []),
        "source_texte": source_text(entry.question.source, entry.grid.source.document),
    }


def history_section(view: View, bundle: Bundle) -> list[dict]:
    last: dict[str, AnswerRecord] = {}
    out = []
    for record in view.history:
        previous = last.get(record.question)
        if record.kind == kinds.CHANGED:
            out.append({**question_ref(record.question, bundle),
                        "avant": _display(bundle, record.question, previous.answer) if previous else "",
                        "apres": _display(bundle, record.question, record.answer),
                        "avant_brute": previous.answer.to_json() if previous else None,
                        "apres_brute": record.answer.to_json(),
                        "par": person(record.actor), "le": record.at, "tour": record.round})
        last[record.question] = record
    return out


def llm_section(view: View) -> dict:
    calls = [p for p in view.llm if not p.get("cache")]  # a cache hit is not a call to the model
    tokens = 0
    seconds = 0.0
    for p in calls:
        tokens += int(p.get("tokens") or (p.get("tokens_in", 0) or 0) + (p.get("tokens_out", 0) or 0))
        if p.get("duration_ms") is not None:
            seconds += float(p["duration_ms"]) / 1000
        else:
            seconds += float(p.get("seconds", 0) or 0)
    rephrased = sorted({h.question for h in view.history if h.rephrased})
    models = sorted({str(p["model"]) for p in calls if p.get("model")})
    if not calls and not rephrased:
        text = "Aucune reformulation automatique."
    else:
        text = (f"{len(calls)} appel(s) à un modèle de langue, {tokens} jeton(s), {seconds:.1f} s ; "
                f"{len(rephrased)} question(s) affichée(s) sous une forme reformulée (texte d'origine donné "
                "avec chaque réponse).")
    return {"appels": len(calls), "jetons": tokens, "duree_s": round(seconds, 3), "modeles": models,
            "questions_reformulees": rephrased, "texte": text}


def outside_section(view: View, bundle: Bundle) -> list[dict]:
    """Answers in force for questions that the grids no longer hold (a grid edited since, that
    dropped or renamed a question): listed as such, with the text that was shown, never hidden."""
    out = []
    for qid, record in view.answers.items():
        if qid in bundle.by_id:
            continue
        grid_id = qid.split(".", 1)[0]
        grid = next((g.grid for g in bundle.grids if g.grid.id == grid_id), None)
        answer = record.answer
        if answer.kind == "valeur":
            value = answer.value
            text = " ; ".join(str(v) for v in value) if isinstance(value, tuple) else (
                french_number(value) if isinstance(value, float) else str(value))
        else:
            text = _display_kind(answer)
        out.append({"question": qid, "grille": grid_id, "grille_titre": grid.title if grid else grid_id,
                    "texte_affiche": record.shown or "", "reponse": text, "valeur_brute": answer.to_json(),
                    "par": person(record.actor), "le": record.at, "tour": record.round})
    return out


def _display_kind(answer: Answer) -> str:
    from grilles.answers import DONT_KNOW_LABEL, NOT_APPLICABLE_LABEL

    if answer.kind == "nsp":
        return DONT_KNOW_LABEL
    return f"{NOT_APPLICABLE_LABEL} ({answer.justification or ''})"


def anchor(view: View) -> dict | None:
    """Where the journal stood for this instruction when the report was built: its last event's
    position and hash. `instruire journal verifier --rapport` checks the journal still holds it."""
    last = view.last_event
    if last is None:
        return None
    return {"instruction": view.instruction, "position": last.seq, "empreinte": last.hash, "le": last.at}


def footer(verdict, generated_at: str, anchor_: dict | None = None) -> dict:
    if verdict is None:
        journal = {"verifie": False, "integre": None, "evenements": None, "message": "journal non vérifié"}
    elif verdict.ok:
        journal = {"verifie": True, "integre": True, "evenements": verdict.count,
                   "message": f"journal vérifié : chaîne intacte ({verdict.count} événements)"}
    else:
        journal = {"verifie": True, "integre": False, "evenements": verdict.count,
                   "message": f"journal vérifié : CHAÎNE ROMPUE — {verdict.message}"}
    return {"genere_le": generated_at, "par": "instruire", "journal": journal, "ancre": anchor_}


# --- the report ----------------------------------------------------------------------------


def build_report(view: View, bundle: Bundle, verdict=None, generated_at: str | None = None) -> dict:
    """The whole report, in reading order. `verdict` is `journal.verify.verify(journal)` (or None)."""
    evaluation = evaluate(bundle, view.answers_for_rules())
    grids = []
    for loaded in bundle.grids:
        g = loaded.grid
        grids.append({"id": g.id, "titre": g.title, "version": g.version,
                      "version_utilisee": view.grid_versions.get(g.id, ""), "source": g.source.document,
                      "auteur": g.source.author, "licence": g.licence})
    return {
        "document": "fiche_instruction",
        "version_format": FORMAT_VERSION,
        "instruction": {
            "id": view.instruction, "titre": view.title, "service": view.service, "description": view.description,
            "mode": view.mode, "mode_libelle": MODE_LABELS.get(view.mode, view.mode),
            "ouverte_le": view.opened_at, "ouverte_par": person(view.opened_by), "dernier_evenement": view.last_at,
            "tour": view.round, "stade": view.stage, "stade_libelle": stage_label(bundle, view.stage),
            "grilles": grids, "participants": [person(p) for p in view.participants],
            "decidee": view.decision is not None,
        },
        "avertissement": NO_DECISION,
        "signalements": flags_section(view, evaluation, bundle),
        "decisions": decisions_section(view, bundle),
        "points_ouverts": open_points(view, bundle, evaluation),
        "notes_axes": scores_section(view, bundle, evaluation),
        "grilles": grids_section(view, bundle, evaluation),
        "notes_generales": [{"texte": n.get("text", ""), "par": person(n.get("actor")), "le": n.get("at", "")}
                            for n in view.notes if not n.get("question")],
        "historique": history_section(view, bundle),
        "hors_grilles": outside_section(view, bundle),
        "reformulations": llm_section(view),
        "pied": footer(verdict, generated_at or now_iso(), anchor(view)),
    }


def load(journal, instruction: str, catalog) -> tuple[View, Bundle]:
    """The view rebuilt from the journal, and the bundle of its grids."""
    from grilles.bundle import build_or_raise
    from grilles.problems import GridFileError
    from journal.view import build

    events = journal.events(instruction)
    if not events or events[0].kind != kinds.OPENED:
        raise ReportError(f"instruction inconnue : « {instruction} »")
    view = build(instruction, events)
    try:
        bundle = build_or_raise(catalog.selection(view.grids))
    except KeyError as exc:
        raise ReportError(f"instruction « {instruction} » : {exc.args[0]}") from None
    except GridFileError as exc:
        raise ReportError(f"instruction « {instruction} » : grilles invalides ({exc})") from None
    return view, bundle


def report_for(journal, instruction: str, catalog, verify_chain: bool = True, generated_at: str | None = None) -> dict:
    """Convenience for the command line: load, verify the chain, build."""
    from journal.verify import verify

    view, bundle = load(journal, instruction, catalog)
    return build_report(view, bundle, verify(journal) if verify_chain else None, generated_at)


def to_json(report: dict) -> str:
    return json.dumps(report, ensure_ascii=False, indent=2, sort_keys=False, default=str) + "\n"


def export(report: dict, fmt: str) -> bytes:
    """The report in one format: md, html, json (UTF-8 text as bytes), docx, odt or pdf."""
    if fmt == "md":
        from journal import report_md
        return report_md.render(report).encode("utf-8")
    if fmt == "html":
        from journal import report_html
        return report_html.render(report).encode("utf-8")
    if fmt == "json":
        return to_json(report).encode("utf-8")
    if fmt == "docx":
        from journal import report_docx
        return report_docx.render(report)
    if fmt == "odt":
        from journal import report_odt
        return report_odt.render(report)
    if fmt == "pdf":  # the ODT, converted by LibreOffice when it is installed
        from journal import pdf, report_odt
        try:
            return pdf.convert(report_odt.render(report))
        except pdf.PdfUnavailable as exc:
            raise ReportError(str(exc)) from None
    raise ReportError(f"format « {fmt} » inconnu ; formats : {', '.join(FORMATS)}")


__all__ = ["FORMATS", "NO_DECISION", "ReportError", "build_report", "export", "load",
           "open_points", "report_for", "to_json"]
