"""The command line: French messages, located errors, exit codes, never a traceback."""

import os
import subprocess
import sys

from test_checks import HEAD, VALID_BODY

from grilles.catalog import BUNDLED


def instruire(*args, env=None, cwd=None):
    full_env = {**os.environ, "INSTRUIRE_CONFIG": "/nonexistent/config.toml", **(env or {})}
    return subprocess.run([sys.executable, "-m", "assistant.cli", *args], capture_output=True, text=True,
                          env=full_env, cwd=cwd, timeout=60)


def test_verifier_accepts_the_bundled_grids():
    r = instruire("grilles", "verifier")
    assert r.returncode == 0, r.stderr
    assert "aucune erreur" in r.stdout


def test_verifier_reports_every_problem_with_file_line_field(tmp_path):
    broken = tmp_path / "cassee.yaml"
    broken.write_text(HEAD + VALID_BODY.replace("when: a = 'oui'", "when: aa = 'oui'")
                      .replace("choisi(b, 'x')", "choisi(b, 'z')"), encoding="utf-8")
    r = instruire("grilles", "verifier", str(broken))
    assert r.returncode == 1
    assert "Traceback" not in r.stderr
    assert f"{broken}:17:15: erreur REF001 [sections[0].questions[1].when]" in r.stderr
    assert "VAL001" in r.stderr and "2 erreur(s)" in r.stderr


def test_verifier_on_malformed_yaml_and_missing_file(tmp_path):
    bad = tmp_path / "mal.yaml"
    bad.write_text("id: x\ntitle: [non fermé\n", encoding="utf-8")
    r = instruire("grilles", "verifier", str(bad), str(tmp_path / "absente.yaml"))
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert f"{bad}:" in r.stderr and "YAML001" in r.stderr
    assert "absente.yaml:1:1: erreur FICHIER" in r.stderr


def test_user_grid_directory_adds_a_grid(tmp_path):
    (tmp_path / "essai.yaml").write_text(HEAD + VALID_BODY, encoding="utf-8")
    r = instruire("--grilles", str(tmp_path), "grilles", "liste")
    assert r.returncode == 0, r.stderr
    assert "essai" in r.stdout and "utilisateur" in r.stdout
    r = instruire("grilles", "liste", env={"INSTRUIRE_GRILLES": str(tmp_path)})
    assert "essai" in r.stdout


def test_broken_user_grid_is_left_out_with_its_reason(tmp_path):
    (tmp_path / "essai.yaml").write_text(HEAD + VALID_BODY.replace("a = 'oui'", "zz = 'oui'"), encoding="utf-8")
    r = instruire("--grilles", str(tmp_path), "grilles", "liste")
    assert r.returncode == 1
    assert "nantes" in r.stdout and "essai " not in r.stdout  # the others stay usable
    assert "REF001" in r.stderr and "Traceback" not in r.stderr


def test_schema_export_writes_both_schemas(tmp_path):
    r = instruire("grilles", "schema", "--dossier", str(tmp_path))
    assert r.returncode == 0
    assert (tmp_path / "grille.schema.json").read_text() == (BUNDLED / "grille.schema.json").read_text()
    assert (tmp_path / "glossaire.schema.json").exists()


def test_logic_diagram_is_mermaid():
    r = instruire("grilles", "schema-logique", "nantes")
    assert r.returncode == 0
    assert r.stdout.startswith("flowchart TD")
    assert "profil__donnees_personnelles -->" in r.stdout and "nantes__q03" in r.stdout
    r = instruire("grilles", "schema-logique", "inconnue")
    assert r.returncode == 1 and "grille inconnue" in r.stderr and "Traceback" not in r.stderr


def test_usage_errors_are_in_french():
    r = instruire("grilles", "nimporte")
    assert r.returncode == 2 and "« nimporte » n'existe pas (choix : liste, verifier" in r.stderr
    r = instruire("--aide")
    assert r.returncode == 0 and "Utilisation" in r.stdout


def test_people_typed_oddly_never_crash():
    from assistant.ui.screens.new import parse_people

    assert [p.name for p in parse_people("Alice (DPO ; (RSSI) ; Jean (RSSI) x ; Bob (métier)")] == [
        "Alice (DPO", "(RSSI)", "Jean (RSSI) x", "Bob"]


def test_unwritable_output_is_a_french_error_and_plays_nothing(tmp_path):
    answers = tmp_path / "r.yaml"
    answers.write_text("projet: {titre: Essai}\ngrilles: [nantes]\nreponses: {}\n", encoding="utf-8")
    journal = tmp_path / "j.sqlite"
    blocker = tmp_path / "un-fichier"  # unwritable even as root (CI), where /nonexistent would be created
    blocker.write_text("x", encoding="utf-8")
    r = instruire("--journal", str(journal), "jouer", "--reponses", str(answers), "--sortie", str(blocker / "x.json"))
    assert r.returncode == 1 and "Traceback" not in r.stderr and "impossible d'écrire" in r.stderr
    assert not journal.exists()


def test_a_broken_edit_of_a_bundled_grid_keeps_the_bundled_one(tmp_path):
    broken = (BUNDLED / "tours.yaml").read_text(encoding="utf-8").replace(
        "profil.donnees_personnelles = 'oui'", "profil.donnees_perso = 'oui'", 1)
    (tmp_path / "tours.yaml").write_text(broken, encoding="utf-8")
    r = instruire("--grilles", str(tmp_path), "grilles", "liste")
    assert r.returncode == 1 and "REF001" in r.stderr
    assert "tours " in r.stdout and "(fournie)" in r.stdout.split("tours", 1)[1].splitlines()[0]


def _profile_without(*question_ids: str) -> str:
    """The bundled profile, edited by an organisation that dropped these questions."""
    text = (BUNDLED / "profil.yaml").read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    out, skipping = [], False
    for line in lines:
        stripped = line.strip()
        if stripped.startswith("- id: "):
            skipping = stripped[len("- id: "):] in question_ids and line.startswith("      - id:")
        elif skipping and (not line.startswith("        ") or line.startswith("  - id:")):
            skipping = False
        if not skipping:
            out.append(line)
    text = "".join(out)
    if "stade" in question_ids:
        text = text.replace("stage_question: stade\n", "")
    return text


def test_a_replacement_profile_without_the_stage_question_names_what_the_follow_up_loses(tmp_path):
    mine = tmp_path / "profil.yaml"
    mine.write_text(_profile_without("stade"), encoding="utf-8")
    r = instruire("grilles", "verifier", str(mine))
    assert r.returncode == 0, r.stderr  # usable: warned, not refused
    assert "STG002" in r.stderr and "suivi à un stade ultérieur ne pourra pas être proposé" in r.stderr
    assert "« La boussole de l'IA » : questions 16 à 20" in r.stderr
    assert "« Girouet des impacts de l'IA sur le travail » : toute la grille" in r.stderr
    # the Tours question whose answer the stage offered is named, on the replacement's own file
    assert f"{mine}:" in r.stderr and "remplace la grille fournie « profil »" in r.stderr
    assert "p08_experimentation" in r.stderr
    r = instruire("--grilles", str(tmp_path), "grilles", "liste")
    assert r.returncode == 0 and "(utilisateur)" in r.stdout.split("profil", 1)[1].splitlines()[0]
    assert "Avertissements" in r.stderr and "STG002" in r.stderr


def test_a_replacement_profile_that_breaks_bundled_grids_is_refused_and_blamed(tmp_path):
    mine = tmp_path / "profil.yaml"
    mine.write_text(_profile_without("donnees_critiques"), encoding="utf-8")
    r = instruire("grilles", "verifier", str(mine))
    assert r.returncode == 1 and "Traceback" not in r.stderr
    blamed = [line for line in r.stderr.splitlines() if line.startswith(f"{mine}:") and "erreur REF001" in line]
    assert any("casse la grille « Cadre de confiance" in line and "p05_confidentialite" in line for line in blamed)
    assert "profil.donnees_critiques" in r.stderr
    r = instruire("--grilles", str(tmp_path), "grilles", "liste")
    assert r.returncode == 1 and "Grilles écartées" in r.stderr
    assert "(fournie)" in r.stdout.split("profil", 1)[1].splitlines()[0]  # the bundled profile stays in use
