"""Small things of the command line that users trip on: an output folder that does not exist yet,
an option that does nothing where it is given, a wrong grid said once."""

from __future__ import annotations

import os
import subprocess
import sys

from test_play import PARTIAL


def instruire(journal, *args):
    env = {**os.environ, "INSTRUIRE_CONFIG": "/nonexistent"}
    return subprocess.run([sys.executable, "-m", "assistant.cli", "--journal", str(journal), *args],
                          capture_output=True, text=True, env=env, timeout=180)


def test_an_output_into_a_new_folder_creates_it_and_says_so(journal_copy, tmp_path):
    path, instruction = journal_copy
    target = tmp_path / "comite" / "2027" / "fiche.html"
    done = instruire(path, "rapport", instruction, "--sortie", str(target))
    assert done.returncode == 0, done.stderr
    assert target.read_text(encoding="utf-8").startswith("<!")
    assert f"dossier créé : {target.parent}" in done.stderr
    again = instruire(path, "rapport", instruction, "--sortie", str(target))
    assert again.returncode == 0 and "dossier créé" not in again.stderr  # said only when made


def test_the_supplier_form_and_the_register_into_new_folders(journal_copy, tmp_path):
    path, instruction = journal_copy
    form = tmp_path / "envoi" / "questionnaire.xlsx"
    done = instruire(path, "fournisseur", "exporter", instruction, "--sortie", str(form))
    assert done.returncode == 0, done.stderr
    assert form.is_file() and "dossier créé" in done.stderr
    listing = tmp_path / "interne" / "instructions.csv"
    done = instruire(path, "instructions", "--sortie", str(listing))
    assert done.returncode == 0, done.stderr
    assert listing.is_file() and "dossier créé" in done.stderr


def test_an_output_under_a_file_is_a_french_error(journal_copy, tmp_path):
    path, instruction = journal_copy
    blocker = tmp_path / "pas-un-dossier"
    blocker.write_text("x", encoding="utf-8")
    done = instruire(path, "rapport", instruction, "--sortie", str(blocker / "fiche.html"))
    assert done.returncode != 0 and "Traceback" not in done.stderr
    assert "impossible d'écrire" in done.stderr and "n'est pas un dossier" in done.stderr


def test_excel_without_open_points_is_refused_not_ignored(journal_copy, tmp_path):
    path, instruction = journal_copy
    target = tmp_path / "fiche.html"
    done = instruire(path, "rapport", instruction, "--excel", "--sortie", str(target))
    assert done.returncode != 0
    assert "--excel ne vaut que pour la liste des points ouverts" in done.stderr and "--points-ouverts" in done.stderr
    assert not target.exists()
    done = instruire(path, "rapport", instruction, "--points-ouverts", "--excel", "--sortie", str(target))
    assert done.returncode == 0, done.stderr
    done = instruire(path, "instructions", "--format", "json", "--excel")
    assert done.returncode != 0 and "--excel ne vaut que pour le CSV" in done.stderr


def test_a_wrong_grid_is_one_clear_error_and_plays_nothing(tmp_path):
    answers = tmp_path / "reponses.yaml"
    answers.write_text(PARTIAL, encoding="utf-8")
    journal = tmp_path / "j.sqlite"
    done = instruire(journal, "jouer", "--reponses", str(answers), "--grille", "nantse")
    assert done.returncode != 0 and "Traceback" not in done.stderr
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, done.stderr
    assert "--grille" in lines[0] and "nantes" in lines[0] and "rien n'a été joué" in lines[0]


def test_a_played_result_into_a_new_folder(tmp_path):
    answers = tmp_path / "reponses.yaml"
    answers.write_text(PARTIAL, encoding="utf-8")
    out = tmp_path / "resultats" / "jeu.json"
    done = instruire(tmp_path / "j.sqlite", "jouer", "--reponses", str(answers), "--sortie", str(out))
    assert done.returncode == 0, done.stderr
    assert out.is_file() and "dossier créé" in done.stderr
