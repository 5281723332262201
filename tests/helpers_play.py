"""Drive the real dialogue to produce realistic journals for the report, registry and comparison tests."""

from __future__ import annotations

from pathlib import Path

from dialogue_helpers import ALICE, KARIM, default_value

from dialogues.store import Store
from grilles.schema import AnswerType
from journal.log import Actor

SOPHIE = Actor("Sophie Durand", "direction")

XSS_TITLE = "Chatbot RH <script>alert(1)</script>"
XSS_ANSWER = "Réponse <script>alert(2)</script> de l'équipe"
XSS_NOTE = "Voir le contrat <script>alert(3)</script> & l'annexe"

# A profile with a red line (an automated individual decision), warnings (hosting outside the EU,
# high-risk domain), a red line « à vérifier » (critical data, confidentiality guarantee unknown), a
# skipped question (no personal data: sensitive data is not asked) and « je ne sais pas » for the supplier.
RISKY_PROFILE = {
    "profil.type_ia": ["generative"],
    "profil.entrainement": "modele_preentraine",
    "profil.donnees_personnelles": "non",
    "profil.donnees_biometriques": "non",
    "profil.donnees_critiques": "oui",
    "profil.utilisateurs": "agents",
    "profil.decisions_individuelles": "automatique",
    "profil.pratiques_interdites": ["aucune"],
    "profil.domaine_haut_risque": ["emploi"],
    "profil.hebergement": "hors_ue",
    "profil.garantie_confidentialite": "nsp",
    "profil.stade": "experimentation",
    "profil.fournisseur_connu": "oui",
    "profil.alternative_etudiee": "oui",
}


def open_store(directory: Path, catalog, **kwargs) -> Store:
    return Store.open(Path(directory) / "j.sqlite", Path(directory) / "c.sqlite", catalog, **kwargs)


def play(session, actor: Actor = ALICE, values: dict | None = None, level: int = 3, on_question=None):
    """Answer until the dialogue leaves the questions; `on_question(session, turn)` may answer itself
    (returning True) to insert a « je ne sais pas », a note, a non applicable…"""
    values = dict(values or {})
    while True:
        turn = session.present()  # shown to the team, as the screen would: recorded once
        if turn.kind != "question":
            return turn
        if on_question is not None and on_question(session, turn):
            continue
        qid = turn.question.id
        session.answer(qid, values.get(qid, default_value(turn.question, level)), actor)


def rephrase_one(question_id: str, text: str):
    """A stand-in for the optional language model: rephrases a single question."""

    def rephrase(request) -> tuple[str, bool]:  # dialogues.rephrasing.RephraseRequest
        return (text, True) if request.question == question_id else (request.text, False)

    return rephrase


REPHRASED_QUESTION = "profil.utilisateurs"
REPHRASED_TEXT = "Qui va se servir de l'outil, ou en recevoir les résultats ?"


def realistic(store: Store, title: str = XSS_TITLE):
    """One instruction with everything a committee report shows:

    a red line and warnings, a « je ne sais pas » with owner and due date (a supplier question),
    a note, a changed answer, a declared non applicable, skipped questions, a free-text answer,
    an opinion, a decision, then a follow-up round at the production stage that scores the
    girouet again, and a second decision.
    """
    s = store.start(title, ALICE, ["nantes", "radar", "girouet"], service="DRH",
                    description="Un agent conversationnel qui répond aux questions des agents sur leurs congés.",
                    participants=[KARIM])
    s.join(SOPHIE, ALICE)
    state = {"changed": False, "text": False, "na": False, "radar": 0, "supplier": False, "nsp": False}

    def special(session, turn):
        qid = turn.question.id
        q = turn.question.question
        if qid == "profil.entrainement":
            session.dont_know(qid, ALICE, owner="Fournisseur (M. Leroy)", due="2027-01-31")
            return True
        if qid == "profil.donnees_critiques":
            session.answer(qid, "oui", ALICE)
            session.add_note(qid, XSS_NOTE, KARIM)
            return True
        if qid == "profil.utilisateurs" and not state["changed"]:
            session.answer(qid, "les_deux", ALICE)
            session.answer(qid, "agents", KARIM)  # changed right after: a "reponse_modifiee"
            state["changed"] = True
            return True
        if qid == "girouet.autonomie" and session.view.round == 1:  # not a supplier question
            session.dont_know(qid, ALICE, owner="Service RH", due="2027-03-01")
            return True
        if qid.startswith("nantes.") and not state["supplier"] and q.answered_by \
                and q.answered_by[0].value == "fournisseur":
            session.dont_know(qid, KARIM)  # an open point without owner
            state["supplier"] = True
            return True
        if qid.startswith("nantes.") and state["na"] and not state["nsp"] and q.answered_by \
                and "fournisseur" not in [r.value for r in q.answered_by]:
            session.dont_know(qid, KARIM, owner="DPO", due="2027-02-15")  # not for the supplier
            state["nsp"] = True
            return True
        if qid.startswith("radar.") and q.options:  # varied scores on the radar
            state["radar"] += 1
            session.answer(qid, q.options[state["radar"] % len(q.options)].value, ALICE)
            return True
        if q.type is AnswerType.text and not state["text"] and qid.startswith("nantes."):
            session.answer(qid, XSS_ANSWER, KARIM)
            state["text"] = True
            return True
        if qid.startswith("nantes.") and q.type is AnswerType.yes_no and not state["na"] \
                and "fournisseur" not in [r.value for r in q.answered_by]:
            session.not_applicable(qid, "Le service n'a pas de prestataire pour cette partie.", KARIM)
            state["na"] = True
            return True
        return False

    turn = play(s, ALICE, RISKY_PROFILE, level=2, on_question=special)
    assert turn.kind == "decision", turn.kind
    s.record_opinion("nantes.c1", "Le critère 1 est respecté.", KARIM)
    s.decide("ajourne", SOPHIE, "Ligne rouge de confidentialité : revoir le contrat.", people=[SOPHIE, KARIM])
    # Round 2: production, the girouet is scored again (better levels).
    s.follow_up(ALICE, "production")
    turn = play(s, ALICE, {}, level=4)
    assert turn.kind == "decision", turn.kind
    s.decide("favorable_sous_conditions", SOPHIE, "Contrat revu ; suivi du girouet dans six mois.")
    return s


_SHARED: dict = {}


def shared_realistic(tmp_path_factory, catalog) -> tuple[Path, str]:
    """The realistic journal, built once per test session (a couple of seconds) and shared by the
    report, registry and comparison tests, which only read it (or copy it)."""
    if "journal" not in _SHARED:
        directory = tmp_path_factory.mktemp("realiste")
        store = open_store(directory, catalog, rephrase=rephrase_one(REPHRASED_QUESTION, REPHRASED_TEXT))
        session = realistic(store)
        store.close()
        _SHARED["journal"] = (directory / "j.sqlite", session.id)
    return _SHARED["journal"]


def copy_journal(source: Path, target_dir: Path) -> Path:
    """A private copy of a journal (SQLite backup: consistent even with a WAL)."""
    import sqlite3

    target = Path(target_dir) / "j.sqlite"
    src = sqlite3.connect(str(source))
    dst = sqlite3.connect(str(target))
    with dst:
        src.backup(dst)
    src.close()
    dst.close()
    return target
