"""Hostile answers files: every field of `instruire jouer`'s file is type-checked, every problem is
said with its file, line and field, nothing is played when the file is wrong, and no value, however
odd, makes a traceback escape."""

from __future__ import annotations

import copy
import os
import subprocess
import sys

import pytest
import yaml
from dialogue_helpers import ALICE, new_store
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dialogues.errors import DialogueError
from dialogues.play import AnswersFileError, play, read_answers_file
from grilles.typed_text import text_problem
from journal import kinds
from journal.log import Actor

BASE = """\
projet: {titre: Tri des courriers, service: Relation usagers, description: "Classer les courriers reçus."}
participants:
  - {nom: Alice Martin, role: metier}
  - {nom: Karim Benali, role: dpo_juriste}
grilles: []
mode: complete
reponses:
  profil.type_ia: [predictive]
  profil.entrainement: collectivite
  profil.donnees_personnelles: non
  profil.donnees_biometriques: non
  profil.donnees_critiques: non
  profil.utilisateurs: agents
  profil.decisions_individuelles: aucun
  profil.pratiques_interdites: [aucune]
  profil.domaine_haut_risque: [aucun]
  profil.hebergement: {valeur: france, note: Vérifié avec la DSI, par: {nom: Karim Benali, role: dpo_juriste}}
  profil.garantie_confidentialite: oui
  profil.stade: idee
  profil.fournisseur_connu: nsp
  profil.alternative_etudiee: oui
points_ouverts:
  profil.fournisseur_connu: {responsable: Karim Benali, echeance: 2027-01-15}
avis:
  profil.donnees: Aucune donnée personnelle.
decision: {decision: favorable, motif: Projet simple, par: [{nom: Alice Martin, role: metier}]}
"""


@pytest.fixture
def store(tmp_path, catalog):
    s = new_store(tmp_path, catalog)
    yield s
    s.close()


def problems_of(tmp_path, store, text: str) -> list:
    path = tmp_path / "reponses.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(AnswersFileError) as info:
        read_answers_file(path, store)
    assert store.journal.count() == 0  # nothing played
    return info.value.problems


def test_the_base_file_plays_to_its_decision(tmp_path, store):
    path = tmp_path / "reponses.yaml"
    path.write_text(BASE, encoding="utf-8")
    _, result = play(store, read_answers_file(path, store))
    assert result["statut"] == "decidee"
    point = next(p for p in result["points_ouverts"] if p["sujet"] == "profil.fournisseur_connu")
    assert (point["responsable"], point["echeance"]) == ("Karim Benali", "2027-01-15")


# The three the attack found, then the rest of the file, field by field: (replace, by, field, words).
CASES = [
    ("titre: Tri des courriers", 'titre: "\\u200B\\u200B\\u2060"', "projet.titre",
     "est vide : il n'a que des caractères invisibles (U+200B, U+2060)"),
    ("profil.donnees: Aucune donnée personnelle.", "profil.donnees: {texte: Aucune}", "avis.profil.donnees",
     "doit être un texte : un ensemble de clés a été donné"),
    ("echeance: 2027-01-15", "echeance: 20270115", "points_ouverts.profil.fournisseur_connu.echeance",
     "YAML y lit un nombre, pas une date"),
    ("echeance: 2027-01-15", "echeance: 2027-01-15 10:30:00", "points_ouverts.profil.fournisseur_connu.echeance",
     "une date sans heure est attendue"),
    ("echeance: 2027-01-15", "echeance: 2027-02-30", "points_ouverts.profil.fournisseur_connu.echeance",
     "YAML001"),  # a date that does not exist: the YAML reader says it, on its line
    ("echeance: 2027-01-15", "echeance: '20270115'", "points_ouverts.profil.fournisseur_connu.echeance",
     "n'est pas une date : écrivez-la JJ/MM/AAAA"),
    ("titre: Tri des courriers", "titre: 2049", "projet.titre", "YAML y a lu un nombre : mettez-le entre guillemets"),
    ("titre: Tri des courriers", "titre: [Tri, courriers]", "projet.titre", "une liste a été donnée"),
    ("titre: Tri des courriers", 'titre: "Tri\\x07des courriers"', "projet.titre",
     "caractère de contrôle invisible (U+0007)"),
    ("titre: Tri des courriers", 'titre: "Tri\\ndes courriers"', "projet.titre", "tient sur une ligne"),
    ("titre: Tri des courriers", 'titre: "Tri \\u202Esreirruoc"', "projet.titre", "change le sens d'écriture"),
    ("titre: Tri des courriers", "titre: " + "x" * 400, "projet.titre", "est trop long (400 caractères ; 300 au plus)"),
    ("service: Relation usagers", "service: yes", "projet.service", "YAML y a lu un booléen"),
    ("service: Relation usagers", "servise: Relation usagers", "projet.servise",
     "clé inconnue « servise » ; vouliez-vous dire « service » ?"),
    ('description: "Classer les courriers reçus."', 'description: "\\0"', "projet.description",
     "caractère de contrôle invisible (U+0000)"),
    ("  - {nom: Alice Martin, role: metier}", "  - {nom: null, role: metier}", "participants[0].nom",
     "est obligatoire"),
    ("  - {nom: Alice Martin, role: metier}", "  - Alice Martin", "participants[0]",
     "une personne s'écrit {nom: …, role: …}"),
    ("  - {nom: Alice Martin, role: metier}", "  - {nom: Alice Martin, role: [metier]}", "participants[0].role",
     "doit être un texte"),
    ("  - {nom: Alice Martin, role: metier}", "  - {nom: Alice Martin, rôle: metier}", "participants[0].rôle",
     "vouliez-vous dire « role » ?"),
    ("grilles: []", "grilles: [nante]", "grilles[0]", "grille inconnue « nante » ; vouliez-vous dire « nantes » ?"),
    ("grilles: []", "grilles: {nantes: oui}", "grilles", "est une liste d'identifiants"),
    ("mode: complete", "mode: [complete]", "mode", "« mode » vaut « complete » ou « pre_examen »"),
    ("mode: complete", "mode: complet", "mode", "vouliez-vous dire « complete » ?"),
    ("reponses:\n", "reponses: [oui]\nautres:\n", "reponses", "« reponses » s'écrit"),
    ("profil.stade: idee", "profil.stade: null", "reponses.profil.stade", "réponse vide"),
    ("profil.stade: idee", "profil.stade: {valeur: idee, na: sans objet}", "reponses.profil.stade",
     "réponse détaillée"),
    ("profil.stade: idee", "profil.stade: {na: {pourquoi: rien}}", "reponses.profil.stade.na", "doit être un texte"),
    ("profil.stade: idee", "profil.stade: {valeur: idee, notes: vu}", "reponses.profil.stade.notes",
     "vouliez-vous dire « note » ?"),
    ("profil.stade: idee", "profil.stade: {valeur: idee, note: [a, b]}", "reponses.profil.stade.note",
     "doit être un texte"),
    ("profil.stade: idee", "profil.stade: {valeur: idee, par: Karim}", "reponses.profil.stade.par",
     "une personne s'écrit"),
    ("profil.stade: idee", "profil.stade: {valeur: {a: 1}}", "reponses.profil.stade.valeur",
     "une valeur ou une liste de choix est attendue"),
    ("profil.type_ia: [predictive]", "profil.type_ia: [[predictive]]", "reponses.profil.type_ia",
     "la liste contient une liste"),
    ("profil.stade: idee", "profil.stade: idée", "reponses.profil.stade", "réponse « idée » impossible"),
    ("profil.stade: idee", "profil.stad: idee", "reponses.profil.stad", "vouliez-vous dire « profil.stade » ?"),
    ("profil.fournisseur_connu: {responsable: Karim Benali, echeance: 2027-01-15}",
     "profil.fournisseur_connu: {responsable: {nom: Karim}}", "points_ouverts.profil.fournisseur_connu.responsable",
     "doit être un texte"),
    ("profil.fournisseur_connu: {responsable: Karim Benali, echeance: 2027-01-15}",
     "profil.fournisseur_connu: {}", "points_ouverts.profil.fournisseur_connu",
     "un point ouvert donne un responsable, une échéance, ou les deux"),
    ("profil.fournisseur_connu: {responsable: Karim Benali, echeance: 2027-01-15}",
     "profil.stade: {responsable: Karim Benali}", "points_ouverts.profil.stade",
     "n'est pas répondue « nsp » dans ce fichier"),
    ("profil.donnees: Aucune donnée personnelle.", "profil.donnees: null", "avis.profil.donnees", "est obligatoire"),
    ("profil.donnees: Aucune donnée personnelle.", "nantes.c1: Avis", "avis.nantes.c1",
     "le critère « nantes.c1 » est celui de la grille « La boussole de l'IA », que cette instruction n'utilise pas"),
    ("decision: {decision: favorable,", "decision: {decision: [favorable],", "decision.decision",
     "« decision.decision » vaut l'une de"),
    ("decision: {decision: favorable,", "decision: {decision: favorabl,", "decision.decision",
     "vouliez-vous dire « favorable » ?"),
    ("motif: Projet simple", "motif: {pourquoi: simple}", "decision.motif", "doit être un texte"),
    ("par: [{nom: Alice Martin, role: metier}]}", "par: {nom: Alice Martin}}", "decision.par",
     "est une liste de personnes"),
    ("par: [{nom: Alice Martin, role: metier}]}", "par: [Alice]}", "decision.par[0]", "une personne s'écrit"),
    ("decision: {decision: favorable, motif: Projet simple, par: [{nom: Alice Martin, role: metier}]}",
     "decision: favorable", "decision", "« decision » s'écrit {decision: …"),
]


@pytest.mark.parametrize("old, new, field, words", CASES, ids=[c[2] + ":" + c[1][:24] for c in CASES])
def test_each_bad_field_is_said_with_its_line_and_nothing_is_played(tmp_path, store, old, new, field, words):
    assert old in BASE
    text = BASE.replace(old, new, 1)
    problems = problems_of(tmp_path, store, text)
    rendered = "\n".join(p.render() for p in problems)
    assert any(words in p.render() for p in problems), rendered
    found = next(p for p in problems if words in p.render())
    if found.code == "REPONSES":
        assert found.field == field, rendered
        line = text.splitlines()[found.line - 1]
        key = field.replace("[", ".").replace("]", "").split(".")[-1]
        assert key in line or new.splitlines()[0].strip() in line or key.isdigit(), (found.line, line)
    assert str(tmp_path / "reponses.yaml") in found.render()


def test_a_wrong_grid_in_the_file_is_one_problem_not_its_criteria_too(tmp_path, store):
    text = BASE.replace("grilles: []", "grilles: [nante]").replace("profil.donnees: Aucune donnée personnelle.",
                                                                 "nantes.c1: Avis\n  nantes.c2: Avis")
    problems = problems_of(tmp_path, store, text)
    assert [p.field for p in problems] == ["grilles[0]"], [p.render() for p in problems]


def test_names_with_markup_are_kept_as_typed(tmp_path, store):
    path = tmp_path / "reponses.yaml"
    path.write_text(BASE.replace("nom: Alice Martin, role: metier}\n", "nom: 'Léa [/]', role: metier}\n", 1)
                    .replace("titre: Tri des courriers", "titre: 'Tri [@click=app.quit]'"), encoding="utf-8")
    session, _ = play(store, read_answers_file(path, store))
    assert session.view.title == "Tri [@click=app.quit]"
    assert "Léa [/]" in [p.name for p in session.view.participants]


def test_an_open_point_on_an_unknown_the_instruction_already_holds(tmp_path, store):
    first = tmp_path / "equipe.yaml"
    first.write_text(BASE.replace("points_ouverts:\n  profil.fournisseur_connu: {responsable: Karim Benali, "
                                  "echeance: 2027-01-15}\n", "").split("avis:")[0], encoding="utf-8")
    session, _ = play(store, read_answers_file(first, store))
    expert = tmp_path / "expert.yaml"
    expert.write_text("points_ouverts:\n  profil.fournisseur_connu: {responsable: Karim Benali, "
                      "echeance: 2027-03-01}\n", encoding="utf-8")
    session, result = play(store, read_answers_file(expert, store, session=session), session=session)
    point = next(p for p in result["points_ouverts"] if p["sujet"] == "profil.fournisseur_connu")
    assert (point["responsable"], point["echeance"]) == ("Karim Benali", "2027-03-01")


# --- the dialogue refuses the same texts, whatever brings them ------------------------------


def test_the_dialogue_refuses_unreadable_texts_from_any_source(store):
    with pytest.raises(DialogueError, match="le projet doit avoir un titre|le titre du projet est vide"):
        store.start("\u200b\u200b", ALICE, ["nantes"])
    with pytest.raises(DialogueError, match="le nom d'un participant contient un caractère de contrôle"):
        store.start("Essai", Actor("Alice\x1b[31m", "metier"), ["nantes"])
    session = store.start("Essai", ALICE, ["nantes"])
    with pytest.raises(DialogueError, match="le nom d'un participant est vide"):
        session.join(Actor("\u3164", ""))
    with pytest.raises(DialogueError, match="la note contient un caractère invisible qui change le sens"):
        session.add_note(None, "voir \u202eannexe", ALICE)
    with pytest.raises(DialogueError, match="la note contient un caractère impossible à enregistrer"):
        session.add_note(None, "voir \ud800", ALICE)
    assert not store.journal.events(session.id, [kinds.NOTE])


# --- a little fuzzing: no value, anywhere, makes a traceback escape --------------------------

NASTY = [None, "", " ", "\u200b\u200b", "\x00", "a\x07b", "\u202eabc", "\ud800", "x" * 5000, "Léa [/]",
         "[@click=app.quit]", [], ["a"], [[1]], {}, {"a": 1}, {"nom": None}, 0, -1, 20270115, 1.5, float("nan"),
         float("inf"), True, False, "nsp", "na", "2027-13-45", "\n", "\t", "oui", {"valeur": None},
         {"na": ""}, {"valeur": "oui", "par": "x"}]


def _paths(data, prefix=()):
    if isinstance(data, dict):
        for key, value in data.items():
            yield prefix + (key,)
            yield from _paths(value, prefix + (key,))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield prefix + (i,)
            yield from _paths(value, prefix + (i,))


BASE_DATA = yaml.safe_load(BASE)
PATHS = [()] + list(_paths(BASE_DATA))
values = st.one_of(st.sampled_from(NASTY), st.text(max_size=30),
                   st.text(st.characters(categories=["Cc", "Cf", "Zs", "Zl", "Mn", "Co"]), max_size=8),
                   st.integers(), st.floats(), st.lists(st.text(max_size=5), max_size=3),
                   st.dictionaries(st.sampled_from(["valeur", "na", "note", "par", "nom", "x"]),
                                   st.sampled_from(NASTY[:12]), max_size=3))


def _mutated(changes):
    """The base file with each (path, value) change made where the path still leads."""
    data = copy.deepcopy(BASE_DATA)
    for path, value in changes:
        if not path:
            data = value
            continue
        node = data
        for part in path[:-1]:
            node = _child(node, part)
        if isinstance(node, dict) or _child(node, path[-1]) is not None:
            node[path[-1]] = value
    return data


def _child(node, part):
    if isinstance(node, dict):
        return node.get(part)
    if isinstance(node, list) and isinstance(part, int) and part < len(node):
        return node[part]
    return None


_shared: dict = {}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(changes=st.lists(st.tuples(st.sampled_from(PATHS), values), min_size=1, max_size=3))
def test_fuzzed_files_are_played_whole_or_refused_with_located_problems(tmp_path_factory, changes):
    if "store" not in _shared:
        from grilles.catalog import load_catalog

        _shared["dir"] = tmp_path_factory.mktemp("fuzz")
        _shared["store"] = new_store(_shared["dir"], load_catalog())
    store = _shared["store"]
    path = _shared["dir"] / "reponses.yaml"
    path.write_text(yaml.safe_dump(_mutated(changes), allow_unicode=True), encoding="utf-8")
    before = store.journal.count()
    try:
        plan = read_answers_file(path, store)
    except AnswersFileError as exc:
        assert store.journal.count() == before  # nothing played
        for p in exc.problems:
            assert p.file == str(path) and p.line >= 1 and p.message and p.render()
        return
    session, result = play(store, plan)
    texts = [session.view.title, session.view.service, session.view.description]
    texts += [p.name for p in session.view.participants] + [n["text"] for n in session.view.notes]
    texts += [o["text"] for o in session.view.opinions]
    assert all(text_problem(t, multiline=True) is None for t in texts if t), texts


def teardown_module():
    if "store" in _shared:
        _shared.pop("store").close()


# --- and through the command line ---------------------------------------------------------

HOSTILE = {
    "titre-invisible": BASE.replace("titre: Tri des courriers", 'titre: "\\u200B\\u200B"'),
    "avis-dict": BASE.replace("profil.donnees: Aucune donnée personnelle.", "profil.donnees: {a: [1, {b: 2}]}"),
    "echeance-entier": BASE.replace("echeance: 2027-01-15", "echeance: 20270115"),
    "participants-entier": BASE.replace("participants:\n  - {nom: Alice Martin, role: metier}\n  - {nom: Karim "
                                        "Benali, role: dpo_juriste}", "participants: 12"),
    "decision-liste": BASE.replace("decision: {decision: favorable,", "decision: {decision: [a, b],"),
    "note-liste": BASE.replace("note: Vérifié avec la DSI", "note: [Vérifié]"),
    "racine-liste": "- a\n- b\n",
}


def test_jouer_never_lets_a_traceback_out(tmp_path):
    env = {**os.environ, "INSTRUIRE_CONFIG": "/nonexistent"}
    journal = tmp_path / "j.sqlite"
    for name, text in HOSTILE.items():
        path = tmp_path / f"{name}.yaml"
        path.write_text(text, encoding="utf-8")
        r = subprocess.run([sys.executable, "-m", "assistant.cli", "--journal", str(journal), "jouer",
                            "--reponses", str(path)], capture_output=True, text=True, env=env, timeout=120)
        assert r.returncode == 1, (name, r.stdout, r.stderr)
        assert "Traceback" not in r.stderr and "inattendue" not in r.stderr, (name, r.stderr)
        assert f"{path}:" in r.stderr and "rien n'a été joué" in r.stderr, (name, r.stderr)
    from journal.log import Journal

    with Journal(journal) as j:
        assert j.count() == 0
