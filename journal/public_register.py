"""The public register of the organisation's AI uses (Tours, principle 5: « répertoriés et
consultables »), following the Algorithmic Transparency Standard 0.3.1 that Amsterdam, Helsinki
and the Eurocities cities publish with.

Only the instructions the organisation chose to publish appear: publishing is an act, recorded
in the journal (`publication_registre`, by whom, when, with what the answers did not give), and
it is refused for a pre-check or an instruction without a decision; a demonstration lives in
its own temporary journal and never reaches the organisation's. Withdrawing is an act too.

Each registration is derived from the journal: the name, department and description from the
opening, the status from the project's stage, the risks from the red lines and warnings in
force, the risk category from what the grids declare (`risk_category` on a rule or a choice:
the AI Act's tiers) — never from a decision of the assistant —, the human intervention from the
answer on individual decisions. What no answer gives (goal, impact, proportionality, lawful
basis, domain, next revision…) is asked once at publication and kept in that event.

JSON and CSV use the standard's attribute names; the HTML page, French labels. The page is one
static file: no script, no external resource, readable by screen readers (lang, headings,
definition lists), ready to put on the organisation's site.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from html import escape

from grilles.answers import display
from grilles.schema import RiskCategory
from journal import kinds
from journal.view import View, build

STANDARD = "Algorithmic Transparency Standard"
STANDARD_VERSION = "0.3.1"
SHORT_MAX = 150

ATTRIBUTES = ("name", "organization", "department", "description_short", "status", "domain", "goal", "impact",
              "risks", "risk_category", "proportionality", "lawful_basis", "human_intervention", "contact_email",
              "publication_date", "last_change_date", "revision_date", "lang", "standard_version")

LABELS = {
    "name": "Nom", "organization": "Organisation", "department": "Service", "description_short": "En bref",
    "status": "État", "domain": "Domaine", "goal": "Objectif", "impact": "Effets attendus pour les personnes",
    "risks": "Risques relevés", "risk_category": "Catégorie de risque (règlement européen sur l'IA)",
    "proportionality": "Proportionnalité", "lawful_basis": "Base légale", "human_intervention": "Intervention humaine",
    "contact_email": "Contact", "publication_date": "Publié le", "last_change_date": "Dernière modification",
    "revision_date": "Prochaine revue", "lang": "Langue", "standard_version": "Version du standard",
}

# What no answer gives, asked once at publication: the attribute, then the question put (French).
ASKED = {
    "goal": "Objectif poursuivi (en une ou deux phrases, pour le public)",
    "impact": "Effets attendus pour les habitants, les usagers ou les agents",
    "proportionality": "En quoi l'usage de l'IA est proportionné à cet objectif "
                       "(alternatives étudiées, données limitées…)",
    "lawful_basis": "Base légale du traitement (texte, mission de service public…)",
    "domain": "Domaine de l'action publique (ex. eau, ressources humaines, voirie)",
    "revision_date": "Date de la prochaine revue (AAAA-MM-JJ)",
    "description_short": f"Description pour le public, en {SHORT_MAX} caractères au plus",
    "human_intervention": "Intervention humaine : qui vérifie ou décide, et comment",
}

STATUS = {"idee": "planned", "achat": "design", "experimentation": "pilot", "production": "operational",
          "revue": "evaluation"}
STATUS_LABELS = {"planned": "prévu", "design": "en conception", "development": "en développement",
                 "pilot": "en expérimentation", "evaluation": "en évaluation", "operational": "en service",
                 "retired": "arrêté"}
RISK_LABELS = {"minimal": "risque minimal", "limited": "risque limité (obligations de transparence)",
               "high risk": "haut risque", "unacceptable": "risque inacceptable (pratique interdite)"}
RISK_ORDER = [c.value for c in RiskCategory]
HUMAN_QUESTION = "profil.decisions_individuelles"


class PublishError(Exception):
    """An instruction that cannot be published (yet); the message is French."""


@dataclass
class Organisation:
    name: str = ""
    contact: str = ""


# --- what the journal gives ------------------------------------------------------------------


def published_ids(journal) -> list[str]:
    """The instructions whose last publication act is a publication (not a withdrawal), in the
    order they were first published."""
    with journal.lock:
        rows = journal.conn.execute(
            "SELECT instruction, kind FROM events WHERE kind IN (?, ?) ORDER BY seq",
            (kinds.PUBLISHED, kinds.UNPUBLISHED)).fetchall()
    state: dict[str, bool] = {}
    for instruction, kind in rows:
        state.setdefault(instruction, False)
        state[instruction] = kind == kinds.PUBLISHED
    return [i for i, on in state.items() if on]


def refusal(view: View) -> str:
    """Why this instruction cannot be published now ("" if it can)."""
    if view.mode == "pre_examen":
        return "un pré-examen ne se publie pas : poursuivez-le en instruction complète, puis faites décider"
    if not view.decisions:
        return ("aucune décision n'est enregistrée : une idée non décidée ne se publie pas ; le registre ne liste "
                "que les usages sur lesquels l'organisation s'est prononcée")
    return ""


def risk_category(view: View, bundle) -> tuple[str, str]:
    """The AI Act tier (the standard's value) and why, from what the grids declare on the rules
    raised and on the choices made; « minimal » when nothing declared applies."""
    found: list[tuple[str, str]] = []
    rules = {r.id: r.rule for r in bundle.rules}
    for flag in view.flags.values():
        rule = rules.get(flag.rule)
        if rule is not None and rule.risk_category is not None:
            found.append((rule.risk_category.value, f"signalement « {flag.title} »"))
    for qid, record in view.answers.items():
        entry = bundle.by_id.get(qid)
        if entry is None or not record.answer.is_value:
            continue
        values = record.answer.value if isinstance(record.answer.value, tuple) else (record.answer.value,)
        for value in values:
            option = entry.question.option(str(value)) if entry.question.options else None
            if option is not None and option.risk_category is not None:
                found.append((option.risk_category.value, f"réponse « {option.label} »"))
    if not found:
        return RiskCategory.minimal.value, "aucune réponse ni signalement ne relève d'une catégorie supérieure"
    worst = max(found, key=lambda f: RISK_ORDER.index(f[0]))
    return worst[0], "d'après " + " ; ".join(why for cat, why in found if cat == worst[0])


def _human(view: View, bundle) -> str:
    record = view.answers.get(HUMAN_QUESTION)
    entry = bundle.by_id.get(HUMAN_QUESTION)
    if record is None or entry is None or not record.answer.is_value:
        return ""
    return display(entry.question, record.answer, entry.grid.scale)


def derived(view: View, bundle, org: Organisation) -> dict:
    """What the journal gives of a registration, before anything is asked."""
    stage = STATUS.get(view.stage or "", "")
    category, why = risk_category(view, bundle)
    risks = [f"{'ligne rouge' if f.severity == 'ligne_rouge' else 'alerte'} : {f.title}"
             for f in sorted(view.flags.values(), key=lambda f: f.seq)]
    short = view.description if 0 < len(view.description) <= SHORT_MAX else ""
    return {"name": view.title, "organization": org.name, "department": view.service, "description_short": short,
            "status": stage, "risks": risks, "risk_category": category, "risk_category_basis": why,
            "human_intervention": _human(view, bundle), "contact_email": org.contact, "lang": "fr",
            "standard_version": STANDARD_VERSION}


def missing(view: View, bundle, org: Organisation, given: dict) -> list[str]:
    """The attributes still to ask at publication (neither derived nor given before)."""
    base = derived(view, bundle, org)
    return [a for a in ASKED if not (given.get(a) or base.get(a))]


def given_at_publication(view: View) -> dict:
    """What was asked at the publications so far (the latest answer to each)."""
    given: dict = {}
    for p in view.publications:
        if p["published"]:
            given.update({k: v for k, v in p["attributes"].items() if v})
    return given


def registration(view: View, bundle, org: Organisation) -> dict:
    """One registration, the standard's attributes in its order."""
    given = given_at_publication(view)
    first = next(p for p in view.publications if p["published"])
    changes = [r.at for r in view.history] + [d.at for d in view.decisions]  # in substance, not the exports
    base = derived(view, bundle, org)
    out = {a: given.get(a) or base.get(a, "") for a in ATTRIBUTES}
    out["risks"] = base["risks"]  # always the journal's, as it stands
    out["risk_category"] = base["risk_category"]
    out["publication_date"] = first["at"][:10]
    out["last_change_date"] = (max(changes) if changes else view.last_at)[:10]
    out["organization"] = org.name or given.get("organization", "")
    out["contact_email"] = org.contact or given.get("contact_email", "")
    return out


# --- the register --------------------------------------------------------------------------


def build_register(journal, catalog, org: Organisation, generated_at: str, notice: str = "") -> dict:
    from grilles.bundle import build_or_raise

    registrations = []
    for instruction in published_ids(journal):
        events = journal.events(instruction)
        view = build(instruction, events)
        bundle = build_or_raise(catalog.selection(view.grids))
        registrations.append(registration(view, bundle, org))
    return {"standard": STANDARD, "standard_version": STANDARD_VERSION, "organization": org.name,
            "contact_email": org.contact, "generated": generated_at, "warning": notice,
            "registrations": registrations}


def to_json(register: dict) -> str:
    return json.dumps(register, ensure_ascii=False, indent=2) + "\n"


def to_csv(register: dict) -> str:
    from journal.csv_export import write_csv

    rows = [{**r, "risks": " ; ".join(r["risks"])} for r in register["registrations"]]
    return write_csv(ATTRIBUTES, rows, notice=register.get("warning", ""))


def _value(attr: str, value) -> str:
    if attr == "status":
        return STATUS_LABELS.get(value, value) or "non renseigné"
    if attr == "risk_category":
        return RISK_LABELS.get(value, value)
    if attr in ("publication_date", "last_change_date", "revision_date") and value and len(value) >= 10:
        return f"{value[8:10]}/{value[5:7]}/{value[:4]}"
    if attr == "lang":
        return "français" if value == "fr" else value
    return value or "non renseigné"


CSS = """
body { font-family: Arial, Helvetica, sans-serif; color: #1b1b1b; margin: 0; line-height: 1.5; background: #fff; }
main { max-width: 60rem; margin: 0 auto; padding: 1.5rem; }
h1 { color: #000091; font-size: 1.8rem; }
h2 { font-size: 1.3rem; border-bottom: 2px solid #000091; padding-bottom: .2rem; margin-top: 2rem; }
dl { display: grid; grid-template-columns: minmax(10rem, 16rem) 1fr; gap: .3rem 1rem; }
dt { font-weight: bold; }
dd { margin: 0; }
.alerte { border-left: 5px solid #c9191e; padding: .5rem .8rem; background: #fdecec; font-weight: bold; }
footer { margin-top: 2rem; color: #555; font-size: .9rem; }
@media (max-width: 40rem) { dl { grid-template-columns: 1fr; } dd { margin-bottom: .5rem; } }
"""


def to_html(register: dict) -> str:
    """One static page: no script, no external resource."""
    org = register["organization"] or "l'organisation"
    parts = [f"<h1>Registre des usages de l'intelligence artificielle — {escape(org)}</h1>"]
    if register.get("warning"):
        parts.append(f'<p class="alerte" role="alert">⛔ {escape(register["warning"])}</p>')
    count = len(register["registrations"])
    parts.append(f"<p>{count} usage(s) publié(s). Chaque fiche suit le standard de transparence algorithmique "
                 f"(« {STANDARD} », version {STANDARD_VERSION}). Les catégories de risque sont déduites des "
                 "réponses enregistrées ; elles ne valent pas décision.</p>")
    if not count:
        parts.append("<p>Aucun usage n'a encore été publié.</p>")
    for r in register["registrations"]:
        items = []
        for attr in ATTRIBUTES:
            if attr in ("name", "standard_version", "lang"):
                continue
            value = r.get(attr)
            if attr == "risks":
                shown = ("<ul>" + "".join(f"<li>{escape(x)}</li>" for x in value) + "</ul>") if value \
                    else "aucun relevé par les grilles"
            elif attr == "contact_email" and value:
                shown = escape(value)
            else:
                shown = escape(_value(attr, value))
            items.append(f"<dt>{escape(LABELS[attr])}</dt><dd>{shown}</dd>")
        parts.append(f'<article lang="fr"><h2>{escape(r["name"])}</h2><dl>{"".join(items)}</dl></article>')
    generated = register["generated"]
    parts.append(f"<footer>Registre établi le {generated[8:10]}/{generated[5:7]}/{generated[:4]} avec instruire"
                 + (f" ; contact : {escape(register['contact_email'])}" if register.get("contact_email") else "")
                 + ".</footer>")
    return ("<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>Registre des usages de l'IA — {escape(org)}</title>\n<style>{CSS}</style>\n</head>\n"
            "<body>\n<main>\n" + "\n".join(parts) + "\n</main>\n</body>\n</html>\n")
