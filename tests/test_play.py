"""Headless play: `instruire jouer` and its Python API, with the shipped example files."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from dialogue_helpers import new_store

from dialogues.play import AnswersFileError, play, read_answers_file
from journal import kinds
from journal.log import Journal

EXAMPLES = sorted((Path(__file__).resolve().parents[1] / "dialogues" / "exemples").glob("*.yaml"))

PARTIAL = """\
projet: {titre: Assistant courriers, service: Relation usagers}
participants:
  - {nom: Alice Martin, role: metier}
grilles: [nantes]
reponses:
  profil.type_ia: [generative]
  profil.entrainement: modele_preentraine
  profil.donnees_personnelles: oui
  profil.base_juridique: oui
  profil.donnees_sensibles: non
  profil.donnees_biometriques: non
  profil.donnees_critiques: non
  profil.utilisateurs: agents
  profil.decisions_individuelles: aide
  profil.information_personnes: oui
  profil.pratiques_interdites: [aucune]
  profil.domaine_haut_risque: [aucun]
  profil.hebergement: hors_ue
  profil.garantie_confidentialite: non
  profil.stade: nsp
  profil.fournisseur_connu: oui
  profil.alternative_etudiee: oui
  nantes.q01: oui
  nantes.q02: {valeur: oui, note: Vérifié avec le fournisseur}
  nantes.q03: nsp
points_ouverts:
  nantes.q03: {responsable: Karim Benali, echeance: 2027-01-15}
"""


def instruire(tmp_path, *args):
    env = {**os.environ, "INSTRUIRE_CONFIG": "/nonexistent"}
    return subprocess.run([sys.executable, "-m", "assistant.cli", "--journal", str(tmp_path / "j.sqlite"), *args],
                          capture_output=True, text=True, env=env, timeout=120)


def test_partial_file_pauses_and_shows_the_path_ahead(tmp_path):
    answers = tmp_path / "reponses.yaml"
    answers.write_text(PARTIAL, encoding="utf-8")
    out = tmp_path / "resultat.json"
    r = instruire(tmp_path, "jouer", "--reponses", str(answers), "--sortie", str(out))
    assert r.returncode == 0, r.stderr
    assert "« Assistant courriers »" in r.stdout and "en pause : une question attend sa réponse" in r.stdout
    assert "en_pause" not in r.stdout  # the code is for programs, in the JSON
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["statut"] == "en_pause"
    assert result["question_en_attente"]["id"] == "nantes.q03_niveau"
    assert [f["id"] for f in result["lignes_rouges"]] == ["confidentialite"]
    assert [f["id"] for f in result["alertes"]] == ["hors_ue"]
    assert result["lignes_rouges"][0]["source"]["document"].startswith("Cadre de confiance")
    point = next(p for p in result["points_ouverts"] if p["sujet"] == "nantes.q03")
    assert (point["responsable"], point["echeance"]) == ("Karim Benali", "2027-01-15")
    asked = {q["id"]: q for q in result["questions_posees"]}
    assert asked["nantes.q02"]["par"]["nom"] == "Alice Martin"
    assert result["notes"][0]["texte"] == "Vérifié avec le fournisseur"
    # stage unknown: the "after introduction" questions stay on the path ahead, never skipped
    ahead = {q["id"]: q for q in result["a_venir"]}
    assert "nantes.q16" in ahead and "nantes.q16" not in {q["id"] for q in result["questions_ecartees"]}
    assert ahead["nantes.q05_conclusions"]["etat"] == "en_attente_d_une_reponse"
    assert ahead["nantes.q05_conclusions"]["depend_de"] == ["nantes.q05"]


def test_bad_file_names_each_key_and_plays_nothing(tmp_path):
    bad = PARTIAL.replace("profil.stade: nsp", "profil.stade: demain\n  nantes.q999: oui") \
                 .replace("grilles: [nantes]", "grilles: [nantes, inexistante]")
    answers = tmp_path / "reponses.yaml"
    answers.write_text(bad, encoding="utf-8")
    r = instruire(tmp_path, "jouer", "--reponses", str(answers))
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert "[reponses.profil.stade]" in r.stderr and "demain" in r.stderr
    assert "question inconnue « nantes.q999 »" in r.stderr
    assert "grille inconnue « inexistante »" in r.stderr
    assert f"{answers}:20:3: erreur REPONSES [reponses.profil.stade]" in r.stderr  # the line of profil.stade
    assert "rien n'a été joué" in r.stderr
    r = instruire(tmp_path, "jouer", "--reponses", str(tmp_path / "absent.yaml"))
    assert r.returncode == 1 and "introuvable" in r.stderr


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_shipped_examples_play_to_their_end(tmp_path, catalog, path):
    store = new_store(tmp_path, catalog)
    plan = read_answers_file(path, store)
    session, result = play(store, plan)
    expected = "pre_examen_termine" if plan.mode == "pre_examen" else "decidee"
    assert result["statut"] == expected, result.get("question_en_attente")
    assert "reponses_inutilisees" not in result
    store.close()


def test_python_api_reports_file_problems(tmp_path, catalog):
    answers = tmp_path / "r.yaml"
    answers.write_text("projet: {}\nreponses: {profil.stade: 3}\n", encoding="utf-8")
    store = new_store(tmp_path, catalog)
    with pytest.raises(AnswersFileError) as info:
        read_answers_file(answers, store)
    fields = {p.field for p in info.value.problems}
    assert {"projet.titre", "reponses.profil.stade"} <= fields
    store.close()


def test_every_kind_of_bad_entry_is_reported_before_anything_is_played(tmp_path, catalog):
    answers = tmp_path / "r.yaml"
    answers.write_text(PARTIAL.replace("echeance: 2027-01-15", "echeance: demain")
                       + "avis: {nantes.c99: Avis}\ndecision: {decision: favorable}\n"
                       .replace("profil.donnees_biometriques: non", "profil.donnees_biometriques: oui"),
                       encoding="utf-8")
    store = new_store(tmp_path, catalog)
    with pytest.raises(AnswersFileError) as info:
        read_answers_file(answers, store)
    messages = " ".join(p.message for p in info.value.problems)
    assert "échéance : « demain » n'est pas une date" in messages
    assert "critère inconnu « nantes.c99 »" in messages
    assert store.journal.count() == 0
    bad_types = tmp_path / "t.yaml"
    bad_types.write_text("projet: {titre: X}\ngrilles: [[nantes]]\npoints_ouverts: [1]\navis: [1]\n", encoding="utf-8")
    with pytest.raises(AnswersFileError) as info:
        read_answers_file(bad_types, store)
    assert {p.field for p in info.value.problems} >= {"grilles[0]", "points_ouverts", "avis"}
    store.close()


def test_a_red_line_decision_without_rationale_is_refused_before_playing(tmp_path, catalog):
    answers = tmp_path / "r.yaml"
    answers.write_text(PARTIAL + "decision: {decision: favorable}\n", encoding="utf-8")  # confidentialite
    store = new_store(tmp_path, catalog)
    with pytest.raises(AnswersFileError, match="motif"):
        read_answers_file(answers, store)
    assert store.journal.count() == 0
    store.close()


EXPERT = """\
participants:
  - {nom: Karim Benali, role: dpo_juriste}
reponses:
  nantes.q03_niveau: modere
  nantes.q40: "17 520"
  nantes.q06: {na: "Aucune donnée conservée"}
  profil.hebergement: france
"""


def test_jouer_continues_an_existing_instruction_with_an_experts_part(tmp_path):
    answers = tmp_path / "reponses.yaml"
    answers.write_text(PARTIAL, encoding="utf-8")
    first = instruire(tmp_path, "jouer", "--reponses", str(answers))
    assert first.returncode == 0, first.stderr
    instruction = json.loads(first.stdout)["instruction"]
    expert = tmp_path / "dpo.yaml"
    expert.write_text(EXPERT, encoding="utf-8")
    r = instruire(tmp_path, "jouer", "--instruction", instruction, "--reponses", str(expert))
    assert r.returncode == 0, r.stderr
    result = json.loads(r.stdout)
    assert result["instruction"] == instruction
    asked = {q["id"]: q for q in result["questions_posees"]}
    for qid in ("nantes.q03_niveau", "nantes.q40", "nantes.q06"):  # the waiting one, and two further on
        assert asked[qid]["par"]["nom"] == "Karim Benali", qid
    assert asked["nantes.q01"]["par"]["nom"] == "Alice Martin"  # the team's answers are kept
    assert asked["nantes.q40"]["affichage"].startswith("17\u202f520")  # as typed, the French way
    assert asked["profil.hebergement"]["affichage"] == "Chez un prestataire, en France"  # changed by the expert
    assert "hors_ue" not in [f["id"] for f in result["alertes"]]
    with Journal(tmp_path / "j.sqlite") as journal:
        events = journal.events(instruction)
    change = [e for e in events if e.kind == kinds.CHANGED]
    assert [(e.payload["question"], e.actor_name) for e in change] == [("profil.hebergement", "Karim Benali")]
    assert [e.payload["name"] for e in events if e.kind == kinds.PARTICIPANT] == ["Alice Martin", "Karim Benali"]


def test_jouer_on_an_instruction_reports_a_bad_file_and_plays_nothing(tmp_path):
    answers = tmp_path / "reponses.yaml"
    answers.write_text(PARTIAL, encoding="utf-8")
    instruction = json.loads(instruire(tmp_path, "jouer", "--reponses", str(answers)).stdout)["instruction"]
    with Journal(tmp_path / "j.sqlite") as journal:
        before = journal.count()
    bad = tmp_path / "mauvais.yaml"
    bad.write_text("grilles: [radar]\nreponses:\n  nantes.q03_niveau: 9\n  nantes.q999: oui\n", encoding="utf-8")
    r = instruire(tmp_path, "jouer", "--instruction", instruction, "--reponses", str(bad))
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert "n'utilise pas la grille radar" in r.stderr
    assert f"{bad}:3:3: erreur REPONSES [reponses.nantes.q03_niveau]" in r.stderr
    assert "question inconnue « nantes.q999 »" in r.stderr and "rien n'a été joué" in r.stderr
    r = instruire(tmp_path, "jouer", "--instruction", "2026-01-01-inconnue-0000", "--reponses", str(answers))
    assert r.returncode == 1 and "instruction inconnue" in r.stderr and "Traceback" not in r.stderr
    with Journal(tmp_path / "j.sqlite") as journal:
        assert journal.count() == before
