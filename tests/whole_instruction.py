"""A whole four-grid instruction, played through the dialogue's API as a team would answer it:
red lines, skips, « je ne sais pas » with an open point, « non applicable » with its justification,
notes, participants of several roles, opinions and a decision. Shared by the tests that read
everything it shows to people (tests/test_no_internal_ids.py)."""

from __future__ import annotations

from dialogue_helpers import default_value

from dialogues.store import Store
from journal.log import Actor

GRIDS = ["nantes", "radar", "girouet", "tours"]
ALICE = Actor("Alice Martin", "metier")
KARIM = Actor("Karim Benali", "dpo_juriste")
NADIA = Actor("Nadia Ouali", "securite")
PATRICK = Actor("Patrick Lenoir", "fournisseur")
MARC = Actor("Marc Delorme", "direction")
PEOPLE = [KARIM, NADIA, PATRICK, MARC]

# Answers that raise red lines (biometric data, a practice the AI Act forbids, confidentiality not
# guaranteed) and skips (no personal data made irrelevant, a Nantes « non » that closes its follow-up).
VALUES = {
    "profil.type_ia": ["generative"],
    "profil.entrainement": "modele_preentraine",
    "profil.donnees_personnelles": "oui",
    "profil.base_juridique": "oui",
    "profil.donnees_sensibles": "non",
    "profil.donnees_biometriques": "oui",
    "profil.donnees_critiques": "non",
    "profil.utilisateurs": "agents",
    "profil.decisions_individuelles": "aide",
    "profil.information_personnes": "oui",
    "profil.pratiques_interdites": ["identification_temps_reel"],
    "profil.domaine_haut_risque": ["aucun"],
    "profil.hebergement": "hors_ue",
    "profil.garantie_confidentialite": "non",
    "profil.stade": "achat",
    "profil.fournisseur_connu": "oui",
    "profil.alternative_etudiee": "oui",
    "nantes.q01": "non",
    "nantes.q05": "non",
}
ANSWERED_BY = {"profil.donnees_biometriques": KARIM, "profil.hebergement": NADIA, "profil.entrainement": PATRICK}
DONT_KNOW = {"nantes.q20": ("Nadia Ouali", "15/01/2027"), "radar.utilite_agents": (None, None),
             "girouet.cooperation": ("Marc Delorme", None)}
NOT_APPLICABLE = {"nantes.q22": "Aucun matériel n'est acquis : les agents gardent leurs postes actuels.",
                  "tours.p02_acteurs_territoire": "Le projet ne concerne que les services internes."}
NOTES = {"profil.hebergement": "Le fournisseur propose un hébergement aux États-Unis.",
         "nantes.q03": "Vérifié avec le service juridique."}
RATIONALE = ("Les lignes rouges sont confirmées : l'identification en temps réel est exclue et la confidentialité "
             "doit être garantie par contrat avant toute reprise.")


def open_store(folder, catalog) -> Store:
    return Store.open(folder / "journal.sqlite", folder / "reprises.sqlite", catalog)


def start(store: Store):
    return store.start("Assistant courriers", ALICE, GRIDS, service="Relation usagers",
                       description="Un assistant qui prépare les réponses aux courriers des usagers.",
                       participants=PEOPLE)


def planned(entry, values: dict | None = None) -> tuple[str, object, str | None, str | None]:
    """How the team answers a question: (« nsp », « na » or « valeur », the value, the
    justification of a « non applicable », the note). `values`: answers that differ from VALUES."""
    qid = entry.id
    if qid in DONT_KNOW:
        return "nsp", "nsp", None, None
    if qid in NOT_APPLICABLE:
        return "na", "na", NOT_APPLICABLE[qid], None
    value = {**VALUES, **(values or {})}.get(qid, default_value(entry))
    note = NOTES.get(qid)
    option = entry.question.option(value) if isinstance(value, str) and entry.question.options else None
    if note is None and option is not None and option.asks_note:  # the choice asks for its note
        note = "Précision de l'équipe sur ce point."
    return "valeur", value, None, note


def answer_turn(session, turn, values: dict | None = None) -> None:
    """Answer the waiting question as the team of this instruction does."""
    entry = turn.question
    qid = entry.id
    actor = ANSWERED_BY.get(qid, ALICE)
    kind, value, justification, note = planned(entry, values)
    if kind == "nsp":
        owner, due = DONT_KNOW[qid]
        session.dont_know(qid, actor, owner, due)
    elif kind == "na":
        session.not_applicable(qid, justification, actor)
    else:
        session.answer(qid, value, actor, note=note)


def play_to_decision(session, on_turn=None, values: dict | None = None) -> list[str]:
    """Answer every question; `on_turn(turn)` sees each one as it is asked. Returns the ids asked."""
    asked = []
    while (turn := session.present()).kind == "question":
        if on_turn is not None:
            on_turn(turn)
        asked.append(turn.question.id)
        answer_turn(session, turn, values)
    return asked


def decide(session) -> None:
    session.decide("ajourne", MARC, RATIONALE, people=[MARC, KARIM],
                   opinions=[("nantes.c2", "Critère non rempli : confidentialité non garantie.")])
